"""The person's usual knee track: where their own knees go at the bottom of their reps.

What a good knee reads depends on things the camera cannot see: with the
feet turned out, a knee that tracks over the toes lies *outside* the line at
the bottom of a squat, by more the deeper the squat (for the synthetic
athlete, −0.03 with the feet turned out 5°, −0.15 at 20°). So a knee is
judged against the person's own usual track (:class:`UsualTrack`, from
their own good reps), and in absolute terms only when it is well inside the
line (:mod:`kiosk.coach.knee.judge`).
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Callable
from typing import cast

from kiosk.coach.knee.measure import knee_reach
from kiosk.coach.knee.thresholds import FEW_REPS_MARGIN, NEAR_DEPTH
from kiosk.coach.standing import SIDES


class UsualTrack:
    """A person's usual track at the bottom of their reps: each knee's swing, the trunk's lean.

    A knee's sideways place at the bottom is, for a person who tracks the
    same way every rep, its offset per unit of :func:`knee_reach` (the knee
    swings about its hip–ankle line, and the swing shows more the deeper the
    knee bends: the athlete's knees sit 0.09 leg lengths outside their line in
    a quarter squat and 0.14 at parallel). Caving only ever moves a knee
    inwards, so the usual track is the median of the reps left once those
    more than ``trim`` (leg lengths) inside it are set aside, twice over: a
    few caving reps among the good ones do not drag it in. Reps shallower
    than ``min_depth`` say too little to learn from.

    ``near``: only reps within this factor of the judged depth are compared
    (live, while few reps are known; ``None`` offline, where the whole clip
    is). A rep is never its own reference: ``without(key)`` sets one aside.

    >>> reference = UsualTrack()
    >>> for left in (-0.1, -0.08, -0.11, 0.05):   # the last rep caved
    ...     reference.add({"left": left}, depth=1.0)
    >>> round(reference.expected("left", 0.8), 3)
    -0.093
    >>> reference.expected("left", 0.5) is None   # no rep of about that depth yet
    True
    """

    def __init__(
        self, keep: int = 9, trim: float = 0.05, min_depth: float = 0.3, near: float | None = NEAR_DEPTH
    ):
        self.trim = trim
        self.min_depth = min_depth
        self.near = near
        # Per knee: (offset, depth, the rep's name) of each rep learnt from.
        self._reps: dict[str, deque[tuple[float, float, object]]] = {s: deque(maxlen=keep) for s in SIDES}
        self._leans: deque[float] = deque(maxlen=keep)
        self._without: object = None
        # Offline (``near`` None) what a knee's reps give does not depend on the depth asked about:
        # worked out once per change, not every frame over every rep (analyze was quadratic in reps).
        self._changes = [0]  # shared with without()'s views: bumped by add() and clear()
        self._memo: dict[tuple[str, str], tuple[int, float | None]] = {}

    def add(self, offsets: dict[str, float | None], depth: float, key: object = None) -> None:
        """Record a rep's offsets at its bottom (``key``: what names the rep, for :meth:`without`)."""
        if depth < self.min_depth:
            return
        for side, offset in offsets.items():
            if offset is not None:
                self._reps[side].append((offset, depth, key))
                self._changes[0] += 1

    def without(self, key: object) -> UsualTrack:
        """The same track with the rep named ``key`` set aside: a rep is judged against the others."""
        other = UsualTrack(trim=self.trim, min_depth=self.min_depth, near=self.near)
        other._reps, other._leans, other._without = self._reps, self._leans, key
        other._changes = self._changes
        return other

    def add_lean(self, degrees: float | None) -> None:
        """Record a rep's sideways trunk lean at its bottom."""
        if degrees is not None:
            self._leans.append(degrees)

    def usual_lean(self) -> float | None:
        """The trunk's usual sideways lean at the bottom, from three reps or more.

        A turned person's forward lean shows as a sideways one, the same every rep.
        """
        return statistics.median(self._leans) if len(self._leans) >= 3 else None

    def count(self, side: str, depth: float) -> int:
        """How many reps the knee's reference holds to compare with this depth."""
        return int(cast(float, self._remembered("count", side, depth, lambda s, d: len(self._near(s, d)))))

    def usual(self, side: str, depth: float) -> float | None:
        """The knee's usual offset per unit of reach, or ``None`` before a rep to compare with."""
        return self._remembered("usual", side, depth, self._usual)

    def _remembered(
        self, name: str, side: str, depth: float, work: Callable[[str, float], float | None]
    ) -> float | None:
        if self.near is not None:
            return work(side, depth)
        found = self._memo.get((name, side))
        if found is None or found[0] != self._changes[0]:
            found = (self._changes[0], work(side, depth))
            self._memo[(name, side)] = found
        return found[1]

    def _usual(self, side: str, depth: float) -> float | None:
        reps = self._near(side, depth)
        if not reps:
            return None
        if len(reps) == 2:  # too few for a median to set one aside: the knee's more outward rep
            return min(offset / knee_reach(d) for offset, d in reps)
        usual = statistics.median(offset / knee_reach(d) for offset, d in reps)
        for _ in range(2):
            kept = [(o, d) for o, d in reps if o <= usual * knee_reach(d) + self.trim] or reps
            usual = statistics.median(offset / knee_reach(d) for offset, d in kept)
        return usual

    def margin(self, side: str, depth: float, least: float) -> float:
        """How far in past its usual track a knee must be to cave: ``least``, or more while unsure.

        Three times the scatter of the person's own reps about their usual
        track (MoveNet scatters more on some people than others), and with
        fewer than three reps to go by, ``FEW_REPS_MARGIN`` more per rep
        missing.
        """
        missing = max(0, 3 - self.count(side, depth))
        return max(least, 3.0 * self.spread(side, depth) * knee_reach(depth)) + FEW_REPS_MARGIN * missing

    def spread(self, side: str, depth: float) -> float:
        """The scatter of the knee's usual reps about its usual track, per unit of reach (robust)."""
        return cast(float, self._remembered("spread", side, depth, self._spread))

    def _spread(self, side: str, depth: float) -> float:
        usual = self.usual(side, depth)
        reps = self._near(side, depth)
        if usual is None or len(reps) < 3:
            return 0.0
        kept = [o / knee_reach(d) for o, d in reps if o <= usual * knee_reach(d) + self.trim]
        return 1.48 * statistics.median(abs(v - usual) for v in kept)

    def expected(self, side: str, depth: float) -> float | None:
        """Where the knee usually is at this depth, or ``None`` before a rep to compare with."""
        usual = self.usual(side, depth)
        return None if usual is None else usual * knee_reach(depth)

    def _near(self, side: str, depth: float) -> list[tuple[float, float]]:
        near, aside = self.near, self._without
        return [
            (o, d)
            for o, d, key in self._reps[side]
            if (aside is None or key != aside) and (near is None or d / near <= depth <= d * near)
        ]

    def clear(self) -> None:
        """A new person."""
        for reps in self._reps.values():
            reps.clear()
        self._leans.clear()
        self._changes[0] += 1
