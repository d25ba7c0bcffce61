"""Frames from a camera that may fail: reopened with backoff, never a crash.

Budget: nothing per frame beyond the source's own read; reopening happens
only while the camera is away, at most every 0.25–2 s.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from hardware import DeviceError, Frame, FrameSource

log = logging.getLogger(__name__)
# Seconds between attempts to reopen: soon at first, then every 2 s, so a camera
# that comes back is found within 2 s plus the time it takes to open.
BACKOFF = (0.25, 0.5, 1.0, 2.0)


class ResilientSource:
    """Wraps a frame source; when it fails, reports it unavailable and reopens it with backoff.

    ``read()`` returns a frame, or ``None``; then ``ended`` says whether the
    source finished (a video file) or is only unavailable for now.

    >>> from hardware import FakeFrameSource
    >>> import numpy as np
    >>> source = ResilientSource(lambda: FakeFrameSource([np.zeros((4, 4, 3), np.uint8)]))
    >>> source.read().index, source.read(), source.ended
    (0, None, True)
    """

    def __init__(self, open_source: Callable[[], FrameSource], clock: Callable[[], float] = time.monotonic):
        self._open = open_source
        self._clock = clock
        self.source: FrameSource | None = open_source()
        self.name = self.source.name
        self.fps = self.source.fps
        self.ended = False
        self.failures = 0
        self.unavailable_since: float | None = None
        self._attempt = 0
        self._next_try = 0.0

    @property
    def available(self) -> bool:
        """Whether frames are coming."""
        return self.unavailable_since is None

    def read(self) -> Frame | None:
        """The next frame, or ``None`` (see ``ended``)."""
        if self.source is None and not self._reopen():
            return None
        try:
            frame = self.source.read()
        except (DeviceError, TimeoutError, OSError) as error:
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
            log.error("%s stopped delivering frames (%s); retrying", self.name, error)
        with contextlib.suppress(Exception):  # a broken device may fail to close too
            self.source.close()
        self.source = None
        self._schedule()

    def _reopen(self) -> bool:
        if self._clock() < self._next_try:
            return False
        try:
            self.source = self._open()
            return True
        except (DeviceError, TimeoutError, OSError) as error:
            log.debug("reopening %s failed: %s", self.name, error)
            self._schedule()
            return False

    def _schedule(self) -> None:
        self._next_try = self._clock() + BACKOFF[min(self._attempt, len(BACKOFF) - 1)]
        self._attempt += 1
