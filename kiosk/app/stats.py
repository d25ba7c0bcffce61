"""What each displayed frame cost and how fresh it was: for the benchmark, the HUD and the state file.

Budget: a handful of stores into arrays allocated once; nothing grows.
"""

from __future__ import annotations

import numpy as np

CAPACITY = 1 << 14


class FrameStats:
    """A ring of per-frame timings (seconds), newest last.

    For each displayed frame: when it was shown, its latency (capture to
    flip), the age of the pose drawn on it (capture of the pose's frame to
    flip; NaN when no pose was drawn), the core's work (display thread up to
    the flip, plus the pose engine's non-model work) and the present (the
    flip: on a real display driver, copying the whole screen to it). For each
    pose: the model's invoke.

    >>> stats = FrameStats()
    >>> stats.frame(shown_at=1.0, latency=0.02, pose_age=0.03, core=0.004)
    >>> stats.frame(shown_at=1.033, latency=0.02, pose_age=float("nan"), core=0.004)
    >>> stats.count, round(float(np.nanmax(stats.recent("pose_age"))), 3)
    (2, 0.03)
    """

    FIELDS = ("shown_at", "latency", "pose_age", "core", "present")

    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self.count = 0
        self.poses = 0
        self._frames = {name: np.full(capacity, np.nan) for name in self.FIELDS}
        self._invoke = np.full(capacity, np.nan)

    def frame(
        self, shown_at: float, latency: float, pose_age: float, core: float, present: float = 0.0
    ) -> None:
        """Record one displayed frame."""
        slot = self.count % self.capacity
        frames = self._frames
        frames["shown_at"][slot] = shown_at
        frames["latency"][slot] = latency
        frames["pose_age"][slot] = pose_age
        frames["core"][slot] = core
        frames["present"][slot] = present
        self.count += 1

    def pose(self, invoke: float) -> None:
        """Record one model invoke."""
        self._invoke[self.poses % self.capacity] = invoke
        self.poses += 1

    def recent(self, field: str, last: int | None = None) -> np.ndarray:
        """The last ``last`` values of a field (all that are kept by default), oldest first."""
        values, count = (self._invoke, self.poses) if field == "invoke" else (self._frames[field], self.count)
        kept = min(count, self.capacity)
        last = kept if last is None else min(last, kept)
        end = count % self.capacity
        indices = (np.arange(end - last, end)) % self.capacity
        return values[indices]

    def fps(self, last: int = 30) -> float:
        """Displayed frames per second over the last ``last`` frames."""
        shown = self.recent("shown_at", last)
        if len(shown) < 2 or shown[-1] <= shown[0]:
            return 0.0
        return (len(shown) - 1) / (shown[-1] - shown[0])
