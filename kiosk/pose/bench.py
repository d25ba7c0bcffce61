"""Benchmark of the pose engine: model invoke time and the engine's own overhead.

    python -m kiosk.pose.bench [--frames N] [--threads N]

Runs the real tracker (crop, warp, map back, smoothing, gating) on frames of
the demo clip placed in a 1920×1080 frame, and prints one JSON object with
p50/p95 of the interpreter's ``invoke`` and of everything else the engine
does per frame. The engine's budget is ≤ 1.5 ms over the invoke.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from typing import Any

import cv2
import numpy as np

from hardware.video import VideoFileSource
from kiosk.config import ModelConfig
from kiosk.paths import ASSETS
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
    """Frames of the demo clip, each fitted into a 1920×1080 frame as a camera would deliver it."""
    source = VideoFileSource(ASSETS / "demo" / "oblique_bodyweight_squats.mp4")
    frames = []
    for _ in range(count):
        frame = source.read()
        canvas = np.full((FRAME_SIZE[1], FRAME_SIZE[0], 3), 30, np.uint8)
        height, width = frame.image.shape[:2]
        shown = cv2.resize(frame.image, (round(width * FRAME_SIZE[1] / height), FRAME_SIZE[1]))
        left = (FRAME_SIZE[0] - shown.shape[1]) // 2
        canvas[:, left : left + shown.shape[1]] = shown
        frames.append(canvas)
    source.close()
    return frames


def run(frames: int, threads: int) -> dict[str, Any]:
    """Track ``frames`` frames and return the figures."""
    interpreter = _TimedInterpreter(load_interpreter(ModelConfig(num_threads=threads)))
    tracker = PoseTracker(PoseEstimator(interpreter))
    images = bench_frames()
    for index in range(10):  # warm up caches and the interpreter
        tracker.track(images[index], index / 30)
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
        "device": _device(),
    }


def _device() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith(("model name", "Model")):
                    return f"{line.split(':', 1)[1].strip()}, {platform.machine()}"
    except OSError:
        pass
    return platform.machine()


def main() -> None:
    """Parse the arguments, run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.pose.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300, help="frames to time (default 300)")
    parser.add_argument("--threads", type=int, default=ModelConfig().num_threads, help="interpreter threads")
    args = parser.parse_args()
    if args.frames < 1 or not 1 <= args.threads <= 8:
        parser.error("--frames must be 1 or more and --threads 1 to 8")
    print(json.dumps(run(args.frames, args.threads)))


if __name__ == "__main__":
    main()
