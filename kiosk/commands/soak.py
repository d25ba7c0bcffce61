"""Soak test: the real kiosk loop on the synthetic athlete, as fast as it goes, for a long time.

    python -m kiosk.commands.soak [--frames 54000]

The product's threaded loop (capture and inference threads), every frame
through the model, sets of squats one after another. 54,000 frames is 30
minutes of camera time at 30 fps. Reports the resident memory at the start
(after warm-up) and end, the thread count at both and after closing, the
frame rate achieved, and every fault the loop caught (it catches them all,
so an "unhandled" one would have ended the run with a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import threading
import time
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from kiosk.app.engine import build_tracker
from kiosk.app.loop import Kiosk
from kiosk.app.resilient import ResilientSource
from kiosk.athlete.source import AthleteSource
from kiosk.coach.routine import SUMMARY
from kiosk.config import Config

WARM_UP = 300


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class Sets:
    """Runs the kiosk set after set: each time a squat set reaches its summary, the next one starts."""

    def __init__(self, kiosk: Kiosk):
        self.kiosk = kiosk
        self.finished = 0
        self.reps = 0.0

    def run(self, until: int) -> None:
        """Run until ``until`` frames have been drawn in all."""
        kiosk = self.kiosk
        while kiosk.frames_drawn < until and kiosk.step():
            state = kiosk.navigation.state
            run = kiosk.navigation.run
            if state is not None and state.screen == SUMMARY and run is not None:
                self.finished += 1
                self.reps += sum(r.done.get("both", 0) for r in run.records)
                kiosk.navigation.start("squat", kiosk.clock())


def soak(frames: int) -> dict:
    """Run the loop for ``frames`` frames after a warm-up and return the figures."""
    pygame.display.init()
    pygame.font.init()
    display = pygame.display.set_mode((1920, 1080))
    config = Config()
    source = ResilientSource(lambda: AthleteSource("squat"))
    kiosk = Kiosk(
        config, source, build_tracker(config), display, queue.SimpleQueue(),
        paced=False, threaded=True, lockstep=True, start="squat",
    )  # fmt: skip
    sets = Sets(kiosk)
    sets.run(WARM_UP)
    start_rss, start_threads, started = rss_mb(), threading.active_count(), time.perf_counter()
    checkpoints = []  # the memory at each tenth of the run: a leak climbs, a warm allocator levels off
    for tenth in range(1, 11):
        sets.run(WARM_UP + frames * tenth // 10)
        checkpoints.append(round(rss_mb(), 1))
    seconds = time.perf_counter() - started
    end_rss, end_threads = rss_mb(), threading.active_count()
    kiosk.close()
    figures: dict[str, Any] = {
        "frames": kiosk.frames_drawn - WARM_UP,
        "simulated_minutes": round((kiosk.frames_drawn - WARM_UP) / 30 / 60, 1),
        "wall_seconds": round(seconds, 1),
        "fps": round((kiosk.frames_drawn - WARM_UP) / seconds, 1),
        "rss_mb_start": round(start_rss, 1),
        "rss_mb_end": round(end_rss, 1),
        "rss_mb_each_tenth": checkpoints,
        "threads_start": start_threads,
        "threads_end": end_threads,
        "faults_caught": dict(kiosk.faults.counts),
        "sets_finished": sets.finished,
        "reps_counted": sets.reps,
        "threads_after_close": threading.active_count(),
    }
    figures["rss_growth_mb"] = round(figures["rss_mb_end"] - figures["rss_mb_start"], 1)
    pygame.quit()
    return figures


def main() -> None:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.commands.soak", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--frames", type=int, default=54000)
    args = parser.parse_args()
    if args.frames < 1:
        parser.error("--frames must be 1 or more")
    print(json.dumps(soak(args.frames)))


if __name__ == "__main__":
    main()
