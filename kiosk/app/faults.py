"""Faults that recur every frame are logged once, with context, and then only counted."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("kiosk.app")


class FaultLog:
    """Logs each kind of fault once, however often it recurs; any thread may report.

    >>> faults = FaultLog()
    >>> for _ in range(3):
    ...     faults.once("frame", "dropped a frame that is not H×W×3 uint8")
    >>> faults.counts
    {'frame': 3}
    """

    def __init__(self):
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def once(self, kind: str, message: str, exc_info: BaseException | None = None) -> None:
        """Count a fault; log it the first time it is seen."""
        with self._lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            first = self.counts[kind] == 1
        if first:
            log.error("%s (logged once; later ones are counted)", message, exc_info=exc_info)
