"""The inference stage: a frame in, a pose out, with the model's failures contained.

Budget (per frame): the model's invoke (≈ 3–5 ms here, ≈ 10–20 ms expected
on a Pi 5) plus ≤ 0.5 ms of the engine's own work (one warp into a reused
buffer, mapping back, smoothing). The interpreter releases the GIL while it
runs, so the display thread keeps drawing meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from hardware import Frame
from kiosk.app.faults import FaultLog
from kiosk.pose import PoseTracker
from kiosk.pose.keypoints import Pose

log = logging.getLogger(__name__)
MODEL_FAILURES_FOR_TROUBLE = 15
MODEL_RETRY_SECONDS = 5.0
SAMPLE_SIZE = (16, 9)


@dataclass(frozen=True, slots=True)
class Captured:
    """A frame as it entered the kiosk: ``seq`` counts from 0, ``at`` is ``time.monotonic()`` on arrival."""

    frame: Frame
    seq: int
    at: float


@dataclass(frozen=True, slots=True)
class PoseResult:
    """The pose found in one captured frame, and what finding it cost.

    ``pose`` is ``None`` when the model failed on that frame. ``invoke_s`` is
    the interpreter's own time; ``engine_s`` the rest of the engine's work.
    """

    seq: int
    captured_at: float
    timestamp: float
    pose: Pose | None
    invoke_s: float
    engine_s: float
    done_at: float
    brightness: float | None = None


class InferenceStage:
    """Runs the pose engine on frames; a failing model costs frames, never the kiosk.

    Failures are counted and logged once. After ``MODEL_FAILURES_FOR_TROUBLE``
    in a row, ``trouble`` is set and the model is rebuilt from its file at
    most every ``MODEL_RETRY_SECONDS``. ``stride`` > 1 infers on every
    stride-th frame only (under thermal pressure).

    >>> stage = InferenceStage(tracker, rebuild=lambda: build_tracker(config))  # doctest: +SKIP
    >>> stage.process(captured).pose.present  # doctest: +SKIP
    True
    """

    def __init__(
        self,
        tracker: PoseTracker,
        rebuild: Callable[[], PoseTracker],
        faults: FaultLog | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.tracker = tracker
        self.rebuild = rebuild
        self.faults = faults or FaultLog()
        self.clock = clock
        self.stride = 1
        self.failures = 0
        self.consecutive_failures = 0
        self.trouble = False
        self.next_retry = 0.0
        self._replacement: PoseTracker | None = None
        self._sample = np.empty((SAMPLE_SIZE[1], SAMPLE_SIZE[0], 3), np.uint8)

    def replace(self, tracker: PoseTracker) -> None:
        """Use ``tracker`` from the next frame on (safe to call from another thread)."""
        self._replacement = tracker

    def process(self, captured: Captured) -> PoseResult | None:
        """The pose in this frame; ``None`` when it was skipped or the model is down."""
        if self._replacement is not None:
            self.tracker, self._replacement = self._replacement, None
        if self.trouble and not self._recover():
            return None
        if captured.seq % self.stride:
            return None
        frame = captured.frame
        self.tracker.mirrored = frame.mirrored  # the Pi's ISP mirrors the model's stream too
        estimator = self.tracker.estimator
        started = time.perf_counter()
        try:
            pose = self.tracker.track(frame.image, frame.timestamp)
        except Exception as error:  # noqa: BLE001 - any interpreter failure costs this frame only
            self._failed(error)
            pose = None
        else:
            self.consecutive_failures = 0
        # 16×9 sampled pixels say whether the room is too dark to see anyone (no full-frame pass).
        cv2.resize(frame.image, SAMPLE_SIZE, dst=self._sample, interpolation=cv2.INTER_NEAREST)
        brightness = float(self._sample.mean())
        total = time.perf_counter() - started
        invoke = estimator.last_invoke_seconds if pose is not None else 0.0
        return PoseResult(
            captured.seq, captured.at, frame.timestamp, pose, invoke, max(0.0, total - invoke), self.clock(),
            brightness,
        )  # fmt: skip

    def _failed(self, error: Exception) -> None:
        self.failures += 1
        self.consecutive_failures += 1
        self.faults.once("model", f"the pose model failed on a frame: {type(error).__name__}: {error}")
        if self.consecutive_failures >= MODEL_FAILURES_FOR_TROUBLE and not self.trouble:
            log.error("the pose model failed %d frames in a row; restarting it", self.consecutive_failures)
            self.trouble = True

    def _recover(self) -> bool:
        """Rebuild the interpreter from the model file, at most every few seconds."""
        now = self.clock()
        if now < self.next_retry:
            return False
        self.next_retry = now + MODEL_RETRY_SECONDS
        try:
            self.tracker = self.rebuild()
        except Exception as error:  # noqa: BLE001 - a missing or corrupt model keeps the trouble screen up
            self.faults.once("model-reload", f"the pose model cannot be reloaded: {error}")
            return False
        log.info("the pose model was reloaded")
        self.trouble = False
        self.consecutive_failures = 0
        return True
