"""The knee judge: the absolute line, each knee's live marker, and the check both make per frame.

A knee is judged against the absolute line (:class:`AbsoluteLine`) from the
first rep, and against the person's usual track (:mod:`kiosk.coach.knee.baseline`)
once their reps give one; its measure is :mod:`kiosk.coach.knee.measure`'s and
the fixed limits are :mod:`kiosk.coach.knee.thresholds`'.

Budget: ≈ 20 µs per frame with the measure; no arrays are allocated.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from kiosk.coach.knee.baseline import UsualTrack
from kiosk.coach.knee.measure import knee_swing
from kiosk.coach.knee.thresholds import INSIDE_ANKLE, SURE, SWING_DEPTH, WIDE
from kiosk.coach.standing import SIDES


@dataclass(frozen=True)
class AbsoluteLine:
    """The absolute knee check, from the first rep: no reps of the person are needed.

    A knee caves when, at a depth of at least ``SWING_DEPTH``,

    - it has swung more than ``swing_deg`` inside its hip–ankle line (from
      the person's standing offset, :func:`knee_swing`); or
    - on two-legged work, the knees' gap is under ``kasr`` of the ankles'
      (the knee-to-ankle separation ratio) and this knee lies inside its own
      ankle (:func:`knee_inside_ankle`).

    :meth:`share` is how far a knee has gone towards the line: over 1 it caves.

    >>> line = AbsoluteLine(swing_deg=5.0, kasr=0.45)
    >>> round(line.share(0.05, 1.0, kasr=0.9, inside=0.0), 2)   # swung 6.4° in
    1.28
    >>> round(line.share(-0.1, 1.0, kasr=0.3, inside=0.1), 2)   # knees together, inside the ankles
    1.5
    >>> line.share(0.05, 0.2, kasr=0.3, inside=0.1)   # too shallow to tell
    0.0
    """

    swing_deg: float
    kasr: float
    bilateral: bool = True

    def share(
        self,
        offset: float | None,
        depth: float | None,
        standing: float = 0.0,
        kasr: float | None = None,
        inside: float | None = None,
    ) -> float:
        """How far towards caving one knee is, 1 at the line (``offset``: squared to the mirror)."""
        if depth is None or depth < SWING_DEPTH:
            return 0.0
        share = 0.0
        if offset is not None:
            share = knee_swing(offset, depth, standing) / self.swing_deg
        if self.bilateral and kasr is not None and kasr > 0 and inside is not None and inside > INSIDE_ANKLE:
            share = max(share, self.kasr / kasr)
        return share


class KneeVerdict(enum.Enum):
    """How one knee is tracking now, as the marker shows it."""

    TRACKING = "tracking"
    DRIFTING = "drifting"
    CAVING = "caving"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class KneeReading:
    """One knee in one frame: its medial offset (``None`` if not measurable) and verdict."""

    side: str
    offset: float | None
    verdict: KneeVerdict


@dataclass(frozen=True)
class KneeCheck:
    """Both knees in one frame, and the one cue to show for it.

    >>> check = KneeCheck(
    ...     KneeReading("left", 0.1, KneeVerdict.CAVING),
    ...     KneeReading("right", 0.0, KneeVerdict.TRACKING),
    ...     "Push your left knee out over your toes",
    ... )
    >>> check.left.verdict.value
    'caving'
    """

    left: KneeReading
    right: KneeReading
    cue: str

    def reading(self, side: str) -> KneeReading:
        """The ``"left"`` or ``"right"`` knee's reading."""
        return self.left if side == "left" else self.right

    @classmethod
    def unknown(cls, cue: str = "") -> KneeCheck:
        """No knee can be judged now; ``cue`` says why."""
        return cls(
            KneeReading("left", None, KneeVerdict.UNKNOWN),
            KneeReading("right", None, KneeVerdict.UNKNOWN),
            cue,
        )


class KneeMarker:
    """One knee marker's verdict, from the per-frame excess offset, smoothed so it does not flicker.

    Each frame's excess (how far the knee is inside where it should be) passes
    a median of the last three (one wild frame is ignored outright), then
    exponential smoothing, then thresholds with hysteresis: drifting from half
    the caving threshold, caving beyond it, and a level is only left once the
    smoothed value is ``hysteresis`` × threshold back below it. Given the
    frames' times, caving also has to last ``confirm_seconds`` (amber until
    then) unless it is well past the line (``SURE`` × threshold): a knee that
    passes the line for a moment while the free leg swings is not a cave.
    The first reading after a gap is shown as it is.

    >>> marker = KneeMarker(threshold=0.06)
    >>> [marker.update(x).value for x in (0.0, 0.0, 0.3, 0.0)]  # a one-frame spike changes nothing
    ['tracking', 'tracking', 'tracking', 'tracking']
    >>> steady = KneeMarker(threshold=0.06)
    >>> _ = [steady.update(0.0) for _ in range(3)]
    >>> [steady.update(0.12).value for _ in range(4)]  # a sustained cave is red on the third frame
    ['tracking', 'drifting', 'caving', 'caving']
    >>> timed = KneeMarker(threshold=0.06)
    >>> [timed.update(0.07, t / 30).value for t in range(12)][-1]  # just past the line for 0.2 s: red
    'caving'

    """

    def __init__(
        self,
        threshold: float,
        smoothing: float = 0.5,
        hysteresis: float = 0.15,
        forget_after: int = 5,
        confirm_seconds: float = 0.2,
    ):
        self.threshold = threshold
        self.confirm_seconds = confirm_seconds
        self._caving_since: float | None = None
        self.smoothing = smoothing
        self.margin = hysteresis * threshold
        self.forget_after = forget_after
        self.smoothed: float | None = None
        self.verdict = KneeVerdict.UNKNOWN
        self._recent: deque[float] = deque(maxlen=3)
        self._missing = 0

    def update(self, excess: float | None, t: float | None = None) -> KneeVerdict:
        """Take this frame's excess offset (``None``: no reading) at time ``t``; the verdict to show."""
        if excess is None:
            self._missing += 1
            if self._missing >= self.forget_after:
                self.reset()
            return KneeVerdict.UNKNOWN
        self._missing = 0
        self._recent.append(excess)
        ordered = sorted(self._recent)
        # Median of three; with fewer, the smaller, so that a wild second frame is not believed either.
        measure = ordered[1] if len(ordered) == 3 else ordered[0]
        self.smoothed = (
            measure if self.smoothed is None else self.smoothed + self.smoothing * (measure - self.smoothed)
        )
        level = self._level(self.smoothed)
        if level is not KneeVerdict.CAVING:
            self._caving_since = None
        elif (
            t is not None and self.verdict is not KneeVerdict.CAVING and self.smoothed < SURE * self.threshold
        ):
            if self._caving_since is None:
                self._caving_since = t
            if t - self._caving_since < self.confirm_seconds:
                level = KneeVerdict.DRIFTING  # not yet long enough: amber, still counting
        self.verdict = level
        return self.verdict

    def reset(self) -> None:
        """Forget the knee: the next reading starts afresh."""
        self._caving_since = None
        self.smoothed = None
        self.verdict = KneeVerdict.UNKNOWN
        self._recent.clear()
        self._missing = 0

    def _level(self, value: float) -> KneeVerdict:
        order = (KneeVerdict.TRACKING, KneeVerdict.DRIFTING, KneeVerdict.CAVING)
        current = order.index(self.verdict) if self.verdict in order else 0
        bounds = (0.5 * self.threshold, self.threshold)
        level = 0
        for index, bound in enumerate(bounds, start=1):
            # Staying at or above a level needs less than reaching it: hysteresis.
            if value > (bound - self.margin if current >= index else bound):
                level = index
        return order[level]


class KneeWatch:
    """The live knee check: both markers, against the absolute line and the person's usual track.

    From the first frame a knee is judged against ``line`` (:class:`AbsoluteLine`,
    the same line a rep is judged by); before the person's first good rep
    also against ``absolute`` inside its line; after, against ``relative``
    inside where it usually is at that depth. Whichever it is nearest to
    crossing sets the marker: drifting from half way, caving past it.
    """

    def __init__(
        self,
        absolute: float,
        relative: float,
        sides: tuple[str, ...] = SIDES,
        line: AbsoluteLine | None = None,
    ):
        self.absolute = absolute
        self.relative = relative
        self.sides = sides
        self.line = line
        self.markers = {side: KneeMarker(1.0) for side in SIDES}

    def reset(self) -> None:
        """A new person or a new set: the markers start afresh."""
        for marker in self.markers.values():
            marker.reset()

    def update(
        self,
        offsets: dict[str, float | None],
        depth: float | None,
        reference: UsualTrack,
        square: dict[str, float | None] | None = None,
        t: float | None = None,
        kasr: float | None = None,
        inside: dict[str, float | None] | None = None,
        standing: dict[str, float] | None = None,
    ) -> KneeCheck:
        """This frame's check from its measured offsets and depth.

        ``square`` are the offsets corrected for a slight turn, for the
        absolute checks (the usual track holds measured offsets, turn and
        all); ``kasr``, ``inside`` (:func:`knee_inside_ankle`) and
        ``standing`` (the person's standing offsets) feed the absolute line.
        """
        readings = {}
        square = square if square is not None else offsets
        for side in SIDES:
            offset = offsets.get(side)
            marker = self.markers[side]
            if side not in self.sides or offset is None:
                readings[side] = KneeReading(side, offset, marker.update(None))
                continue
            at = depth or 0.0
            expected = reference.expected(side, at)
            share = 0.0
            squared = square.get(side)
            if expected is not None:
                # A knee pushed wide is tracking, whatever its usual track says.
                excess = offset - expected if offset > WIDE else min(offset - expected, 0.0)
                share = excess / reference.margin(side, at, self.relative)
            elif (
                squared is not None and at >= SWING_DEPTH
            ):  # shallower, a knee stands too little off its line
                share = squared / self.absolute
            if self.line is not None:
                along = (standing or {}).get(side, 0.0)
                line = self.line.share(squared, depth, along, kasr, (inside or {}).get(side))
                # Short of the line a good knee may come near it (feet straight ahead): no amber for that.
                share = max(share, line if line > 1.0 else 0.5 * line)
            readings[side] = KneeReading(side, square.get(side, offset), marker.update(share, t))
        caving = [side for side, r in readings.items() if r.verdict is KneeVerdict.CAVING]
        if len(caving) == 2:
            cue = "Push both knees out over your toes"
        elif caving:
            cue = f"Push your {caving[0]} knee out over your toes"
        else:
            cue = "Good — knees over toes"
        return KneeCheck(readings["left"], readings["right"], cue)
