"""``kiosk bench``: the real app loop on the exercise screen at 1920×1080, measured.

    kiosk bench [--source SRC] [--frames N] [--realtime] [--vsync on|off] [--renderer R[,R]] [--json]

The default source is the synthetic athlete squatting, rendered once into
memory before timing starts, so the figures are the kiosk's and not the
renderer's (a camera hands frames over just as cheaply). Without
``--realtime`` every frame goes through the model as fast as the pipeline
allows (capture waits until inference has taken each frame); with it, frames
arrive at the source's own rate, as from a camera. Before that, the model is
invoked alone on the same frames with the same threads: ``ratio`` is the
kiosk's displayed fps over that. Speed is only ever measured here, never
asserted in a test.

It runs on whatever video driver SDL opens: the dummy one headless (whose
flip does nothing), x11 under a desktop or Xvfb, kmsdrm on the mirror. The
flip (``present_ms``: the whole screen copied to the driver) is its own
figure, apart from ``core_ms``; ``picture_ms`` is the camera picture
converted and scaled into the screen's pixels (on the GPU path: converted and
uploaded), timed alone after the run. ``cpu_ms_per_frame`` is the process's
CPU time (every thread, the model's included) over the frames shown, and
``display_cpu_ms_per_frame`` the display thread's own. ``--renderer
surface,gpu`` runs the loop once per renderer (``display.renderer``), one
after the other in the same process, and prints the figures of each.
"""

from __future__ import annotations

import json
import math
import os
import queue
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from hardware.probe import machine
from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.ui.gpu import GpuScreen

SCREEN = (1920, 1080)
DEMO_FRAMES = 32  # one squat, every third frame (≈ 90 MB held in memory), replayed in a loop
STANDING_FRAMES = 36  # then 1.2 s standing still (one picture, shown again): a rep every 2.3 s
WARM_UP_FRAMES = 30


def bench_command(
    config: Config,
    source: str | None,
    frames: int,
    realtime: bool,
    as_json: bool,
    vsync: bool | None = None,
    renderers: tuple[str, ...] = (),
) -> int:
    """Run the benchmark (once per renderer named) and print its figures; returns the exit code."""
    if vsync is not None:
        config = config.model_copy(update={"display": config.display.model_copy(update={"vsync": vsync})})
    if len(renderers) <= 1:
        if renderers:
            config = _with_renderer(config, renderers[0])
        print_figures(run_bench(config, source, frames, realtime), as_json)
        return 0
    figures = {name: run_bench(_with_renderer(config, name), source, frames, realtime) for name in renderers}
    if as_json:
        print(json.dumps(figures))
    else:
        for name, each in figures.items():
            print(f"[{name}]")
            print_figures(each, as_json=False)
    return 0


def _with_renderer(config: Config, renderer: str) -> Config:
    return config.model_copy(update={"display": config.display.model_copy(update={"renderer": renderer})})


def print_figures(figures: dict[str, Any], as_json: bool) -> None:
    """One JSON object, or one figure a line."""
    if as_json:
        print(json.dumps(figures))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")


def run_bench(config: Config, source: str | None, frames: int, realtime: bool) -> dict[str, Any]:
    """The benchmark's figures, as ``kiosk bench --json`` prints them."""
    import pygame

    from kiosk.app.engine import build_tracker
    from kiosk.app.loop import Kiosk
    from kiosk.app.pipeline import ThreadedPipeline
    from kiosk.app.wiring import SWITCH_INTERVAL_SECONDS
    from kiosk.ui.display import open_display

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or _on_console()):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    frame_source = _open_source(config, source)
    tracker = build_tracker(config)
    inference_only = _inference_only_fps(config, frame_source, frames)
    display_config = config.display.model_copy(update={"width": SCREEN[0], "height": SCREEN[1]})
    display = open_display(display_config)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    kiosk = Kiosk(
        config, frame_source.replay(), tracker, display, queue.SimpleQueue(),
        paced=realtime, threaded=True, lockstep=not realtime, start="squat",
    )  # fmt: skip
    pipeline = kiosk.pipeline
    assert isinstance(pipeline, ThreadedPipeline)  # threaded=True
    try:
        _exercise(kiosk, WARM_UP_FRAMES)
        rss_start = _rss_mb()
        first = kiosk.frames_drawn
        replaced_before = pipeline.to_display.replaced
        cpu_started, display_cpu_started = time.process_time(), time.thread_time()
        _exercise(kiosk, first + frames)
        cpu, display_cpu = time.process_time() - cpu_started, time.thread_time() - display_cpu_started
        rss_end = _rss_mb()
        dropped = pipeline.to_display.replaced - replaced_before
        kiosk.close()
        picture_ms = _picture_ms(kiosk, display, frame_source)
        width, height = kiosk.canvas.size
        screen = f"{width}x{height} ({pygame.display.get_driver()}, SDL {_sdl()})"
        renderer = f"gpu ({display.name})" if isinstance(display, GpuScreen) else "surface"
    finally:
        kiosk.close()
        if isinstance(display, GpuScreen):
            display.close()
        pygame.quit()
    stats = kiosk.stats
    shown = kiosk.frames_drawn - first
    shown_at = stats.recent("shown_at", shown)
    intervals = np.diff(shown_at)
    fps = (len(shown_at) - 1) / (shown_at[-1] - shown_at[0]) if len(shown_at) > 1 else 0.0
    return {
        "frames": int(shown),
        "fps": round(fps, 1),
        "inference_only_fps": round(inference_only, 1),
        "ratio": round(fps / inference_only, 3) if inference_only else None,
        "renderer": renderer,
        "cpu_ms_per_frame": round(cpu * 1000 / max(1, shown), 2),
        "display_cpu_ms_per_frame": round(display_cpu * 1000 / max(1, shown), 2),
        "core_ms_p50": _ms(stats.recent("core", shown), 50),
        "core_ms_p95": _ms(stats.recent("core", shown), 95),
        "present_ms_p50": _ms(stats.recent("present", shown), 50),
        "present_ms_p95": _ms(stats.recent("present", shown), 95),
        "picture_ms_p50": picture_ms,
        "inference_ms_p50": _ms(stats.recent("invoke", min(shown, stats.poses)), 50),
        "frame_interval_ms_p50": _ms(intervals, 50),
        "frame_interval_ms_p99": _ms(intervals, 99),
        "latency_ms_p50": _ms(stats.recent("latency", shown), 50),
        "latency_ms_p95": _ms(stats.recent("latency", shown), 95),
        "pose_age_ms_p95": _ms(stats.recent("pose_age", shown), 95),
        "dropped_display_frames": int(dropped),
        "rss_mb_start": round(rss_start, 1),
        "rss_mb_end": round(rss_end, 1),
        "device": machine(),
        "source": frame_source.name,
        "realtime": realtime,
        "model_threads": config.model.num_threads,
        "screen": screen,
        "vsync": config.display.vsync,
    }


def _picture_ms(kiosk, display, source: _BenchSource) -> float | None:
    """The median time to convert and scale one camera picture into the screen's pixels, alone.

    On the GPU path: to convert it and upload it at its own size (the GPU scales it in the copy).
    """
    images = source.sample(8)
    if not images:
        return None
    mirror, times = kiosk.screens.mirror, []
    for index in range(60):
        started = time.perf_counter()
        mirror.show(images[index % len(images)])
        if isinstance(display, GpuScreen):
            shown = mirror.shown_part()
            if shown is not None:
                display.picture(*shown)
        else:
            mirror.draw(display)
        times.append(time.perf_counter() - started)
    return _ms(np.array(times), 50)


def _sdl() -> str:
    import pygame

    return ".".join(map(str, pygame.get_sdl_version()))


def _exercise(kiosk, until: int) -> None:
    """Run the loop on the squat's exercise screen: a set that reaches its summary starts again."""
    from kiosk.coach.routine import SUMMARY

    while kiosk.frames_drawn < until and kiosk.step():
        state = kiosk.navigation.state
        if state is not None and state.screen == SUMMARY:
            kiosk.navigation.start("squat", kiosk.clock())


class _BenchSource:
    """Frames for the benchmark: the demo athlete held in memory, or a real source read live."""

    def __init__(self, name: str, images: list[np.ndarray] | None, opener, fps: float):
        self.name, self.images, self.opener, self.fps = name, images, opener, fps

    def replay(self):
        """A fresh, endless source of these frames."""
        from hardware import FakeFrameSource
        from kiosk.app.resilient import ResilientSource

        if self.images is not None:
            source = FakeFrameSource(self.images, fps=self.fps, loop=True)
            source.name = self.name
            return source
        return ResilientSource(self.opener)

    def sample(self, count: int) -> list[np.ndarray]:
        """Up to ``count`` frames to time the model alone on."""
        if self.images is not None:
            return self.images[:count]
        source = self.opener()
        try:
            images: list[np.ndarray] = []
            while len(images) < count and (frame := source.read()) is not None:
                images.append(frame.image)
            return images
        finally:
            source.close()


def _open_source(config: Config, source: str | None) -> _BenchSource:
    from hardware import parse_source
    from kiosk.app.source_opener import open_frame_source

    spec = parse_source(source) if source is not None else None  # once: each reopen opens this spec
    if spec is None or spec.kind == "demo":
        from kiosk.athlete import Athlete, Camera, Scene
        from kiosk.athlete.source import DEMO_MOTION

        scene = Scene(
            Athlete(), Camera(width=config.camera.width, height_px=config.camera.height), DEMO_MOTION
        )
        squat = [scene.render(DEMO_MOTION.lead_in + index / 10)[0] for index in range(DEMO_FRAMES)]
        images = [scene.render(0.0)[0]] * STANDING_FRAMES + squat
        return _BenchSource("demo athlete (in memory)", images, None, 30.0)
    from kiosk.ui.mirror_view import picture_size

    camera = config.camera
    # As in the kiosk: the Pi camera scales the display's picture itself, to the size it is shown at.
    preview = picture_size((camera.width, camera.height), SCREEN)
    opened = open_frame_source(spec, camera, preview)  # fails now, with one line, if SRC is bad
    fps, name = opened.fps, opened.name
    opened.close()
    return _BenchSource(name, None, lambda: open_frame_source(spec, camera, preview), fps)


def _inference_only_fps(config: Config, source: _BenchSource, frames: int) -> float:
    """Frames per second of the model's invoke alone, on the same frames, with the same threads."""
    from kiosk.app.engine import build_tracker

    images = source.sample(min(frames, 300))
    if not images:
        raise KioskError(f"{source.name} gave no frames to measure")
    estimator = build_tracker(config).estimator
    for image in images[:10]:
        estimator.estimate(image, 0.0)
    invokes = []
    for index in range(max(len(images), 200)):
        estimator.estimate(images[index % len(images)], 0.0)
        invokes.append(estimator.last_invoke_seconds)
    return 1.0 / float(np.mean(invokes))


def _ms(values: np.ndarray, percentile: float) -> float | None:
    values = np.asarray(values, float)
    values = values[~np.isnan(values)]
    if not len(values):
        return None
    result = float(np.percentile(values, percentile)) * 1000
    return round(result, 2) if math.isfinite(result) else None


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _on_console() -> bool:
    return os.environ.get("SDL_VIDEODRIVER") == "kmsdrm"
