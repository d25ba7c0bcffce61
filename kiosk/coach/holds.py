"""A hold timer that runs only while the person is in position, per side.

Time counts between two frames both in position on the same side; a frame out
of position (or with nobody seen) pauses it, so stepping out to rest, or a
lost keypoint, never adds seconds. A gap longer than ``max_gap`` between two
frames adds nothing either (a stalled camera is not a hold).

Budget: a few microseconds per frame.
"""

from __future__ import annotations


class HoldTimer:
    """Seconds held in position, per side.

    >>> timer = HoldTimer()
    >>> for i in range(31):
    ...     timer.update(i / 10, "left" if i < 21 else None)
    >>> round(timer.seconds["left"], 1), timer.seconds["right"]
    (2.0, 0.0)
    """

    def __init__(self, max_gap: float = 0.5):
        self.max_gap = max_gap
        self.seconds = {"left": 0.0, "right": 0.0}
        self._last: tuple[float, str] | None = None

    def update(self, t: float, side: str | None) -> None:
        """This frame: in position on ``side`` (``"left"``/``"right"``), or not (``None``)."""
        if side is not None and self._last is not None:
            last_t, last_side = self._last
            if last_side == side and 0 < t - last_t <= self.max_gap:
                self.seconds[side] += t - last_t
        self._last = (t, side) if side is not None else None
