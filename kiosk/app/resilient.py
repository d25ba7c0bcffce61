"""Frames from a camera that may fail: reopened with backoff, never a crash.

Budget: nothing per frame beyond the source's own read; reopening happens
only while the camera is away, at most every 0.25–2 s.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from hardware import Frame, FrameSource
from hardware.errors import DriverMissing

log = logging.getLogger(__name__)
# Seconds between attempts to reopen: soon at first, then every 2 s, so a camera
# that comes back is found within 2 s plus the time it takes to open.
BACKOFF = (0.25, 0.5, 1.0, 2.0)


class ResilientSource:
    """Wraps a frame source; when it fails, reports it unavailable and reopens it with backoff.

    Any exception from the source is a camera fault (picamera2 raises
    RuntimeError and TimeoutError, OpenCV and the kernel OSError): the device
    is closed and reopened after 0.25, 0.5, 1, then every 2 s, however the
    reopening fails. ``read()`` returns a frame, or ``None``; then ``ended``
    says whether the source finished (a video file) or is only unavailable for
    now.

    A camera (``wait_for_device=True``) that cannot be opened at start is
    unavailable from the first frame, and retried the same way: a camera
    missing at boot is the camera trouble screen, never an exit. Only a
    missing driver (:class:`~hardware.errors.DriverMissing`) still fails at
    once. Anything else (a video file) is opened now, and a bad one fails now.

    >>> from hardware import FakeFrameSource
    >>> import numpy as np
    >>> source = ResilientSource(lambda: FakeFrameSource([np.zeros((4, 4, 3), np.uint8)]))
    >>> source.read().index, source.read(), source.ended
    (0, None, True)
    >>> def unplugged():
    ...     raise RuntimeError("Camera __init__ sequence did not complete.")
    >>> camera = ResilientSource(unplugged, name="picamera", fps=30.0, wait_for_device=True)
    >>> camera.read(), camera.available, camera.ended
    (None, False, False)
    """

    def __init__(
        self,
        open_source: Callable[[], FrameSource],
        clock: Callable[[], float] = time.monotonic,
        *,
        name: str | None = None,
        fps: float = 30.0,
        wait_for_device: bool = False,
    ):
        self._open = open_source
        self._clock = clock
        self.ended = False
        self.failures = 0
        self.unavailable_since: float | None = None
        self._attempt = 0
        self._next_try = 0.0
        self.source: FrameSource | None = None
        self.name, self.fps = name or "camera", fps
        if not wait_for_device:
            self.source = open_source()
        else:
            try:
                self.source = open_source()
            except DriverMissing:
                raise
            except Exception as error:  # noqa: BLE001 - any failure to open a camera is waited out
                self._lost(error)
        if self.source is not None:
            self.name, self.fps = name or self.source.name, self.source.fps

    @property
    def available(self) -> bool:
        """Whether frames are coming."""
        return self.unavailable_since is None

    def read(self) -> Frame | None:
        """The next frame, or ``None`` (see ``ended``)."""
        source = self.source if self.source is not None else self._reopen()
        if source is None:
            return None
        try:
            frame = source.read()
        except Exception as error:  # noqa: BLE001 - any exception from a source is a camera fault
            self._lost(error)
            return None
        if frame is None:
            self.ended = True
            return None
        if self.unavailable_since is not None:
            log.info("%s is back after %.1f s", self.name, self._clock() - self.unavailable_since)
            self.unavailable_since = None
        self._attempt = 0
        return frame

    def close(self) -> None:
        """Release the device."""
        if self.source is not None:
            self.source.close()
            self.source = None

    def _lost(self, error: Exception) -> None:
        self.failures += 1
        if self.unavailable_since is None:
            self.unavailable_since = self._clock()
            log.error(
                "%s is not delivering frames (%s: %s); showing the camera trouble screen and retrying",
                self.name, type(error).__name__, error,
            )  # fmt: skip
        if self.source is not None:
            with contextlib.suppress(Exception):  # a broken device may fail to close too
                self.source.close()
        self.source = None
        self._schedule()

    def _reopen(self) -> FrameSource | None:
        """The source opened afresh, or ``None`` (not yet time to try, or it failed)."""
        if self._clock() < self._next_try:
            return None
        try:
            self.source = self._open()
            return self.source
        except Exception as error:  # noqa: BLE001 - a camera that fails to open in any way is retried later
            log.debug("reopening %s failed: %s: %s", self.name, type(error).__name__, error)
            self._schedule()
            return None

    def _schedule(self) -> None:
        self._next_try = self._clock() + BACKOFF[min(self._attempt, len(BACKOFF) - 1)]
        self._attempt += 1
