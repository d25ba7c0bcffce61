"""Frames from the source to the screen: capture, inference and display as stages.

Budget (per frame, 30 fps): capture ≤ 2 ms of its own thread (a camera read
or a file decode, plus a shape check); inference as in
:mod:`kiosk.app.inference`; the display's thread is never made to wait for
either beyond the next frame's arrival. Nothing here touches pixels.

Two ways to run the same stages:

- :class:`ThreadedPipeline`, the product: capture and inference each on their
  own thread, handing over through newest-wins mailboxes, so the display keeps
  the camera's rate even when the model is slower, and draws the newest pose;
- :class:`InlinePipeline`: one frame at a time on the caller's thread, for
  tests and replays that must be deterministic.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from hardware import FrameSource
from kiosk.app.faults import FaultLog
from kiosk.app.inference import Captured, InferenceStage, PoseResult
from kiosk.app.latest import Latest

log = logging.getLogger(__name__)
# Poses not yet read by the display; more than this means the display stalled.
MAX_PENDING_POSES = 64
# A live source that hands out nothing is polled this often.
IDLE_POLL_SECONDS = 0.02
# A camera read (or reopen) still running after this, plus three frames, has hung: picamera2's own
# capture timeout (hardware/picamera.py) is shorter, so this is a read that no timeout could end.
READ_DEADLINE_SECONDS = 3.0
# One frame through the model takes milliseconds (a rebuild of the interpreter well under a second).
INFERENCE_DEADLINE_SECONDS = 2.0


class FrameGate:
    """Admits frames a kiosk can show and a model can read; drops and counts the rest.

    >>> import numpy as np
    >>> gate = FrameGate(FaultLog())
    >>> gate.admit(np.zeros((720, 1280, 3), np.uint8)), gate.admit(np.zeros((8, 8, 3), np.uint8))
    (True, False)
    >>> gate.dropped
    1
    """

    def __init__(self, faults: FaultLog):
        self.faults = faults
        self.dropped = 0

    def admit(self, image) -> bool:
        """Whether ``image`` is an H×W×3 uint8 picture of a sane size."""
        if _usable(image):
            return True
        self.dropped += 1
        self.faults.once("frame", f"dropped a frame that is not H×W×3 uint8 ({_describe(image)})")
        return False


class InlinePipeline:
    """Capture and inference on the caller's thread: each ``next()`` reads one frame and infers on it.

    >>> pipeline = InlinePipeline(source, stage)  # doctest: +SKIP
    >>> captured = pipeline.next(timeout=0.1)  # doctest: +SKIP
    >>> [result.pose.present for result in pipeline.results()]  # doctest: +SKIP
    [True]
    """

    threaded = False

    def __init__(
        self, source: FrameSource, stage: InferenceStage, clock: Callable[[], float] = time.monotonic
    ):
        self.source = source
        self.stage = stage
        self.clock = clock
        self.gate = FrameGate(stage.faults)
        self._results: list[PoseResult] = []
        self._seq = 0
        self.ended = False

    def next(self, timeout: float) -> Captured | None:
        """Read one frame and infer on it; ``None`` when there was no usable frame."""
        frame = self.source.read()
        if frame is None:
            # A plain source returns None only at its end; a resilient one says whether it ended.
            self.ended = bool(getattr(self.source, "ended", True))
            return None
        if not self.gate.admit(frame.image):
            return None
        captured = Captured(frame, self._seq, self.clock())
        self._seq += 1
        result = self.stage.process(captured)
        if result is not None:
            self._results.append(result)
        return captured

    def results(self) -> list[PoseResult]:
        """Poses found since the last call, oldest first."""
        results, self._results = self._results, []
        return results

    def stalled(self) -> str | None:
        """Never: a read or an inference that hangs here hangs the caller's own loop."""
        return None

    def close(self) -> None:
        """Nothing to stop: there are no threads."""


class ThreadedPipeline:
    """Capture and inference on their own threads; the display takes the newest frame.

    ``lockstep=True`` makes capture wait until inference and the display have
    each taken a frame before it reads the next, so every frame is inferred
    and shown however slow either is, and no work goes into frames nobody
    sees (the benchmark and the soak use it). ``realtime=True`` paces frames
    by their timestamps, as a camera would deliver them. Otherwise a file is
    read as fast as possible.

    >>> pipeline = ThreadedPipeline(source, stage, realtime=True)  # doctest: +SKIP
    >>> with pipeline:  # doctest: +SKIP
    ...     captured = pipeline.next(timeout=0.1)
    """

    threaded = True

    def __init__(
        self,
        source: FrameSource,
        stage: InferenceStage,
        realtime: bool = True,
        lockstep: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.source = source
        self.stage = stage
        self.realtime = realtime
        self.lockstep = lockstep
        self.clock = clock
        self.gate = FrameGate(stage.faults)
        self.to_model: Latest[Captured] = Latest()
        self.to_display: Latest[Captured] = Latest()
        self._results: deque[PoseResult] = deque(maxlen=MAX_PENDING_POSES)
        self._stop = threading.Event()
        self._capture_done = threading.Event()
        # When the read (or the inference) in progress began, by time.monotonic(); None between them.
        self._reading_since: float | None = None
        self._inferring_since: float | None = None
        self._threads = [
            threading.Thread(target=self._capture, name="kiosk-capture", daemon=True),
            threading.Thread(target=self._infer, name="kiosk-inference", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> ThreadedPipeline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def ended(self) -> bool:
        """A finite source has delivered its last frame and the display has it."""
        return self._capture_done.is_set() and not self.to_display.fresh

    @property
    def running_threads(self) -> list[str]:
        """Names of this pipeline's threads still alive (none after :meth:`close`)."""
        return [thread.name for thread in self._threads if thread.is_alive()]

    def next(self, timeout: float) -> Captured | None:
        """The newest frame not yet shown, waiting up to ``timeout`` s for one."""
        return self.to_display.take(timeout)

    def stalled(self) -> str | None:
        """``"camera"`` or ``"model"`` when that stage has hung (past its deadline, or its thread died).

        A camera that fails and is being reopened is not stalled: its reads
        return. A read that never returns (picamera2 waits for ever by
        default) or an invoke that never ends is: Python cannot interrupt
        either, so the kiosk stops pinging systemd's watchdog and is restarted.
        """
        now = time.monotonic()
        reading, inferring = self._reading_since, self._inferring_since
        read_deadline = READ_DEADLINE_SECONDS + 3 / max(1.0, float(getattr(self.source, "fps", 30.0)))
        if reading is not None and now - reading > read_deadline:
            return "camera"
        if inferring is not None and now - inferring > INFERENCE_DEADLINE_SECONDS:
            return "model"
        if not self._stop.is_set():
            capture, inference = self._threads
            if not capture.is_alive() and not self._capture_done.is_set():
                return "camera"
            if not inference.is_alive():
                return "model"
        return None

    def results(self) -> list[PoseResult]:
        """Poses found since the last call, oldest first."""
        results = []
        while self._results:
            results.append(self._results.popleft())
        return results

    def close(self, timeout: float = 2.0) -> None:
        """Stop both threads and wait for them; they finish their current frame first."""
        self._stop.set()
        self.to_model.close()
        self.to_display.close()
        for thread in self._threads:
            thread.join(timeout)
        if self.running_threads:
            log.error("pipeline threads still running after %.1f s: %s", timeout, self.running_threads)

    def _capture(self) -> None:
        seq = 0
        anchor: tuple[float, float] | None = None  # (media time, monotonic time) of the pacing origin
        while not self._stop.is_set():
            if self.lockstep and not (self.to_model.wait_taken(0.1) and self.to_display.wait_taken(0.1)):
                continue
            self._reading_since = time.monotonic()
            try:
                frame = self.source.read()
            except Exception as error:  # noqa: BLE001 - a source that breaks oddly is a camera fault
                self.stage.faults.once("capture", f"the frame source failed: {type(error).__name__}: {error}")
                frame = None
            finally:
                self._reading_since = None
            if frame is None:
                if getattr(self.source, "ended", True):
                    break
                self._stop.wait(IDLE_POLL_SECONDS)
                continue
            if not self.gate.admit(frame.image):
                continue
            if self.realtime:
                anchor = self._pace(frame.timestamp, anchor)
            captured = Captured(frame, seq, self.clock())
            seq += 1
            self.to_model.put(captured)
            self.to_display.put(captured)
        self._capture_done.set()

    def _pace(self, media_time: float, anchor: tuple[float, float] | None) -> tuple[float, float]:
        """Sleep until this frame is due; start again after a jump (a loop, a reconnect, a stall)."""
        now = time.monotonic()
        if anchor is not None:
            due = anchor[1] + (media_time - anchor[0])
            if -0.1 < due - now < 0.5:
                self._stop.wait(max(0.0, due - now))
                return anchor
        return media_time, now

    def _infer(self) -> None:
        while not self._stop.is_set():
            captured = self.to_model.take(timeout=0.1)
            if captured is None:
                continue
            self._inferring_since = time.monotonic()
            try:
                result = self.stage.process(captured)
            finally:
                self._inferring_since = None
            if result is not None:
                self._results.append(result)


def _usable(image) -> bool:
    return (
        isinstance(image, np.ndarray)
        and image.dtype == np.uint8
        and image.ndim == 3
        and image.shape[2] == 3
        and 32 <= image.shape[0] <= 4320
        and 32 <= image.shape[1] <= 7680
    )


def _describe(image) -> str:
    if not isinstance(image, np.ndarray):
        return type(image).__name__
    return f"{image.dtype} {'×'.join(map(str, image.shape))}"
