"""``kiosk bench --peer``: the kiosk against the TF Lite Pi pose example's loop, side by side in one run.

    kiosk bench --peer [--frames N] [--rounds R] [--peer-threads T] [--json] [--config PATH]

Both get the same frames: the demo athlete's 1280×720 squat, held in memory.
The peer (:mod:`kiosk.commands.peer`) flips each frame, runs MoveNet with its
cropping, and draws the skeleton onto the frame; the kiosk runs its real
loop on the exercise screen at 1920×1080, every frame through the model and
onto the screen (lockstep, as plain ``kiosk bench``): the mirror picture
scaled to the screen, the coach, the full UI, the flip. The peer runs twice
over: with T interpreter threads (the example's own 4 by default) and with
the kiosk's own thread count, so the loops are also compared on equal
threads. They take turns, R rounds of N frames each, so that a machine
shared with other work slows all of them alike; ``ratio_to_peer`` is the
kiosk's frames per second over the peer's, over all rounds, and
``ratio_to_peer_same_threads_median`` the median of the rounds' own ratios
at equal threads (steadier when the machine's load comes and goes). Each round
also times the model alone at the kiosk's thread count (the same input invoked
again, nothing else): a pipeline runs at most at the model's own rate, so
``ceiling_ratio_same_threads`` (the model alone over the peer) is the most any
kiosk could reach against the peer here, and ``ratio_to_model_median`` how near
the kiosk comes to it. Speed is only ever measured here, never asserted in a test.
"""

from __future__ import annotations

import os
import queue
import statistics
import sys
import time
from typing import Any

from kiosk.config import Config
from kiosk.errors import KioskError

WARM_UP_FRAMES = 30


def run_peer_comparison(config: Config, frames: int, rounds: int, peer_threads: int) -> dict[str, Any]:
    """The side-by-side figures, as ``kiosk bench --peer --json`` prints them."""
    import pygame

    from hardware.probe import machine
    from kiosk.app.engine import build_tracker
    from kiosk.app.wiring import SWITCH_INTERVAL_SECONDS
    from kiosk.commands.bench import SCREEN, _open_source, _sdl
    from kiosk.commands.peer import PeerLoop
    from kiosk.resources import MODEL
    from kiosk.ui.display import open_display

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    source = _open_source(config, None)
    images = source.images
    if images is None:  # never: with no source named, the demo athlete is rendered in memory
        raise KioskError("the peer bench needs the demo athlete's pictures")
    threads = config.model.num_threads
    peers = {count: PeerLoop(MODEL.read_bytes(), count) for count in dict.fromkeys((peer_threads, threads))}
    tracker = build_tracker(config)
    display = open_display(config.display.model_copy(update={"width": SCREEN[0], "height": SCREEN[1]}))
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    peer_seconds = dict.fromkeys(peers, 0.0)
    peer_rounds: dict[int, list[float]] = {count: [] for count in peers}
    kiosk_seconds, kiosk_rounds, model_rounds = 0.0, [], []
    try:
        for peer in peers.values():
            for index in range(WARM_UP_FRAMES):
                peer.step(images[index % len(images)])
        for _ in range(rounds):
            for count, peer in peers.items():
                started = time.perf_counter()
                for index in range(frames):
                    peer.step(images[index % len(images)])
                elapsed = time.perf_counter() - started
                peer_seconds[count] += elapsed
                peer_rounds[count].append(round(frames / elapsed, 1))
            model_rounds.append(round(_model_round(peers[threads], frames), 1))
            elapsed = _kiosk_round(config, source, tracker, display, frames)
            kiosk_seconds += elapsed
            kiosk_rounds.append(round(frames / elapsed, 1))
        width, height = SCREEN
        screen = f"{width}x{height} ({pygame.display.get_driver()}, SDL {_sdl()})"
    finally:
        pygame.quit()
    kiosk_fps = rounds * frames / kiosk_seconds
    peer_fps = {count: rounds * frames / seconds for count, seconds in peer_seconds.items()}
    return {
        "frames": frames,
        "rounds": rounds,
        "fps": round(kiosk_fps, 1),
        "peer_fps": round(peer_fps[peer_threads], 1),
        "ratio_to_peer": round(kiosk_fps / peer_fps[peer_threads], 3),
        "peer_same_threads_fps": round(peer_fps[threads], 1),
        "ratio_to_peer_same_threads": round(kiosk_fps / peer_fps[threads], 3),
        "fps_by_round": kiosk_rounds,
        "peer_fps_by_round": peer_rounds[peer_threads],
        "peer_same_threads_fps_by_round": peer_rounds[threads],
        # Each round's kiosk over the peer that ran just before it: on a shared machine, load that comes
        # and goes hits a round of both alike, so the median of these is steadier than the totals.
        "ratio_to_peer_same_threads_by_round": [
            round(mine / theirs, 3) for mine, theirs in zip(kiosk_rounds, peer_rounds[threads], strict=True)
        ],
        "ratio_to_peer_same_threads_median": round(
            statistics.median(
                mine / theirs for mine, theirs in zip(kiosk_rounds, peer_rounds[threads], strict=True)
            ),
            3,
        ),
        "model_only_fps_by_round": model_rounds,
        "ceiling_ratio_same_threads": round(
            statistics.median(
                model / theirs for model, theirs in zip(model_rounds, peer_rounds[threads], strict=True)
            ),
            3,
        ),
        "ratio_to_model_median": round(
            statistics.median(mine / model for mine, model in zip(kiosk_rounds, model_rounds, strict=True)),
            3,
        ),
        "model_threads": threads,
        "peer_threads": peer_threads,
        "source": f"{source.name}, {images[0].shape[1]}x{images[0].shape[0]}",
        "screen": screen,
        "device": machine(),
    }


def _model_round(peer, frames: int) -> float:
    """Frames per second of the model alone, invoked ``frames`` times on the peer's last input."""
    started = time.perf_counter()
    for _ in range(frames):
        peer.model_only()
    return frames / (time.perf_counter() - started)


def _kiosk_round(config: Config, source, tracker, display, frames: int) -> float:
    """Seconds the kiosk's loop takes to show ``frames`` frames, each one through the model."""
    from kiosk.app.loop import Kiosk
    from kiosk.commands.bench import _exercise

    kiosk = Kiosk(
        config, source.replay(), tracker, display, queue.SimpleQueue(),
        paced=False, threaded=True, lockstep=True, start="squat",
    )  # fmt: skip
    try:
        _exercise(kiosk, WARM_UP_FRAMES)
        first = kiosk.frames_drawn
        _exercise(kiosk, first + frames)
    finally:
        kiosk.close()
    shown_at = kiosk.stats.recent("shown_at", kiosk.frames_drawn - first)
    return float(shown_at[-1] - shown_at[0]) * len(shown_at) / max(1, len(shown_at) - 1)
