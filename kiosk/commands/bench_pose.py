"""Benchmark of the pose engine: model invoke time and the engine's own overhead.

    python -m kiosk.commands.bench_pose [--frames N] [--threads N]

Runs the real tracker (crop, warp, map back, smoothing, gating) on 1920×1080
frames of the synthetic athlete squatting, and prints one JSON object with
p50/p95 of the interpreter's ``invoke`` and of everything else the engine
does per frame. The engine's budget is ≤ 1.5 ms over the invoke.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from hardware.probe import processor
from kiosk.config import ModelConfig
from kiosk.pose.estimator import PoseEstimator
from kiosk.pose.model import load_interpreter
from kiosk.pose.tracker import PoseTracker

FRAME_SIZE = (1920, 1080)
DISTINCT_FRAMES = 60


class _TimedInterpreter:
    """The real interpreter, with the time of each ``invoke`` recorded."""

    def __init__(self, interpreter: Any):
        self._interpreter = interpreter
        self.invoke_seconds: list[float] = []

    def invoke(self) -> None:
        start = time.perf_counter()
        self._interpreter.invoke()
        self.invoke_seconds.append(time.perf_counter() - start)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._interpreter, name)


def bench_frames(count: int = DISTINCT_FRAMES) -> list[np.ndarray]:
    """Frames of the synthetic athlete squatting, filmed at 1920×1080 as the mirror's camera would."""
    from kiosk.athlete import Athlete, Camera, Scene
    from kiosk.athlete.source import DEMO_MOTION

    scene = Scene(Athlete(), Camera(width=FRAME_SIZE[0], height_px=FRAME_SIZE[1]), DEMO_MOTION)
    start = DEMO_MOTION.lead_in
    return [scene.render(start + index / 30)[0] for index in range(count)]


def run(frames: int, threads: int, images: list[np.ndarray] | None = None) -> dict[str, Any]:
    """Track ``frames`` frames (of ``images``, else the athlete rendered anew) and return the figures."""
    interpreter = _TimedInterpreter(load_interpreter(ModelConfig(num_threads=threads)))
    tracker = PoseTracker(PoseEstimator(interpreter))
    images = images if images is not None else bench_frames()
    for index in range(10):  # warm up caches and the interpreter
        tracker.track(images[index % len(images)], index / 30)
    interpreter.invoke_seconds.clear()
    totals = []
    for index in range(frames):
        start = time.perf_counter()
        tracker.track(images[index % len(images)], (10 + index) / 30)
        totals.append(time.perf_counter() - start)
    invoke_ms = np.array(interpreter.invoke_seconds) * 1000
    overhead_ms = np.array(totals) * 1000 - invoke_ms
    return {
        "frames": frames,
        "frame_size": list(FRAME_SIZE),
        "threads": threads,
        "invoke_ms_p50": round(float(np.percentile(invoke_ms, 50)), 2),
        "invoke_ms_p95": round(float(np.percentile(invoke_ms, 95)), 2),
        "engine_overhead_ms_p50": round(float(np.percentile(overhead_ms, 50)), 3),
        "engine_overhead_ms_p95": round(float(np.percentile(overhead_ms, 95)), 3),
        "device": processor(),
    }


def main() -> None:
    """Parse the arguments, run the benchmark and print its JSON."""
    prog, about = "python -m kiosk.commands.bench_pose", __doc__.splitlines()[0]
    parser = argparse.ArgumentParser(prog=prog, description=about)
    parser.add_argument("--frames", type=int, default=300, help="frames to time (default 300)")
    parser.add_argument("--threads", type=int, default=ModelConfig().num_threads, help="interpreter threads")
    args = parser.parse_args()
    if args.frames < 1 or not 1 <= args.threads <= 8:
        parser.error("--frames must be 1 or more and --threads 1 to 8")
    print(json.dumps(run(args.frames, args.threads)))


if __name__ == "__main__":
    main()
