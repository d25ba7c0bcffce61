"""Knee tracking from the front: how far each knee lies inside its hip–ankle line, and the live marker.

The measure is the medial knee offset: the knee's distance from the line
through its hip and ankle, towards the body's midline, in standing leg
lengths (:mod:`kiosk.coach.standing`). It uses the legs and pelvis only, so
arms overhead or a bar on the back change nothing.

What a good knee reads depends on things the camera cannot see: with the
feet turned out, a knee that tracks over the toes lies *outside* the line at
the bottom of a squat, by more the deeper the squat (for the synthetic
athlete, −0.03 with the feet turned out 5°, −0.15 at 20°). So a knee is
judged against the person's own usual track (:class:`UsualTrack`, from
their own good reps), and in absolute terms only when it is well inside the
line.

A person turned a little from the mirror makes one knee look further in and
the other further out (the knees travel forward, the hips back); the hips'
sideways shift from where they stood (``turn_shift``) measures the turn, and
each knee's offset is corrected by ``TURN_SHARE`` of it, the ratio fitted on
the synthetic athlete (r = −0.98 between turn and shift). Beyond about 25°
knees are not judged at all (:func:`turn_degrees`).

Budget: ≈ 20 µs per frame; no arrays are allocated.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from kiosk.coach.depth import PARALLEL_DROP
from kiosk.coach.standing import LEG, SIDES, Standing, hip_offset
from kiosk.pose.keypoints import Keypoint, Pose

OTHER = {"left": "right", "right": "left"}
# Per side, the knee's offset moves by this many leg lengths per leg length the hips shift sideways.
TURN_SHARE = 1.09
# The hips travel back 0.35 standing leg lengths in a squat to parallel (the athlete's: 0.17 of body
# height over a 0.49 leg): a person turned by ψ shows sin ψ of that as a sideways shift.
HIPS_BACK_AT_PARALLEL = 0.35
MAX_TURN_DEG = 25.0
# Once the person's usual track is known, a knee this far outside its line is pushed wide: never caving.
WIDE = -0.12
FEW_REPS_MARGIN = 0.03
# Live, reps within this factor of each other's depth are compared (UsualTrack).
NEAR_DEPTH = 1.5


def knee_reach(depth: float) -> float:
    """How far a knee bent to this depth stands off its hip–ankle line, in leg lengths.

    With thigh and shank of equal length, hips that have sunk by ``drop`` leg
    lengths put the knee ``½·√(1 − (1 − drop)²)`` off the line through hip and
    ankle; a knee swung about that line (caving, or tracking over turned-out
    toes) moves sideways in proportion to it.

    >>> round(knee_reach(1.0), 2), round(knee_reach(0.25), 2)
    (0.45, 0.26)
    """
    drop = PARALLEL_DROP * min(max(depth, 0.05), 1.0 / PARALLEL_DROP)
    return 0.5 * math.sqrt(max(0.0, 1.0 - (1.0 - drop) ** 2))


# The knee's swing is read only from this depth: shallower, the knee stands too little off its line to tell.
SWING_DEPTH = 0.4


def knee_swing(offset: float, depth: float, standing: float = 0.0) -> float:
    """The knee's swing about its hip–ankle line, in degrees (+ inwards), from its offset at a depth.

    The offset per unit of :func:`knee_reach` is the sine of the angle the
    knee has turned about the line through hip and ankle: 0 for a knee that
    bends straight forward, negative for one that follows turned-out toes,
    positive for one that caves. A knee that already stands inside its line
    (``standing``, the person's standing offset: a knock-kneed stance) is
    judged from there.

    >>> round(knee_swing(0.0, 1.0)), round(knee_swing(0.1, 1.0)), round(knee_swing(-0.1, 1.0))
    (0, 13, -13)
    """
    ratio = (offset - max(0.0, standing)) / knee_reach(depth)
    return math.degrees(math.asin(max(-1.0, min(1.0, ratio))))


# A knee counts as inside its ankle, for the knees' separation ratio, from this far in (leg lengths).
INSIDE_ANKLE = 0.03


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


def medial_knee_offset(pose: Pose, side: str, leg_length: float | None = None) -> float | None:
    """The knee's distance inside its hip–ankle line, in leg lengths (+ towards the midline).

    ``leg_length`` is the standing leg length in pixels; without it, this
    frame's hip–ankle length stands in.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[Keypoint.LEFT_HIP, :2] = (700, 400); kp[Keypoint.RIGHT_HIP, :2] = (580, 400)
    >>> kp[Keypoint.LEFT_ANKLE, :2] = (700, 800); kp[Keypoint.LEFT_KNEE, :2] = (660, 600)
    >>> round(medial_knee_offset(Pose(kp, 0.0, (1280, 900)), "left"), 3)
    0.1
    """
    hip_kp, knee_kp, ankle_kp = LEG[side]
    other_hip_kp = Keypoint.RIGHT_HIP if side == "left" else Keypoint.LEFT_HIP
    hip, knee, ankle = pose.point(hip_kp), pose.point(knee_kp), pose.point(ankle_kp)
    other = pose.point(other_hip_kp)
    if hip is None or knee is None or ankle is None or other is None:
        return None
    leg_x, leg_y = ankle[0] - hip[0], ankle[1] - hip[1]
    line = math.hypot(leg_x, leg_y)
    towards = leg_x * (other[1] - hip[1]) - leg_y * (other[0] - hip[0])
    scale = leg_length or line
    if line < 1.0 or scale < 1.0 or towards == 0:
        return None
    # The cross product is the knee's signed distance from the hip–ankle line × the line's length.
    distance = (leg_x * (knee[1] - hip[1]) - leg_y * (knee[0] - hip[0])) / line
    return math.copysign(1.0, towards) * distance / scale


def knee_inside_ankle(pose: Pose, side: str, leg_length: float | None = None) -> float | None:
    """How far the knee lies inside its own ankle, across the picture, in leg lengths (+ towards the midline).

    The per-knee form of the knee-to-ankle separation ratio: a knee that
    tracks over the toes stands over or outside its ankle at the bottom of a
    squat, whatever the stance; a caving knee comes inside it. Unlike the
    offset from the hip–ankle line it does not depend on how wide the feet
    are. ``leg_length`` as for :func:`medial_knee_offset`.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[Keypoint.LEFT_HIP, :2] = (700, 400); kp[Keypoint.RIGHT_HIP, :2] = (580, 400)
    >>> kp[Keypoint.LEFT_ANKLE, :2] = (720, 800); kp[Keypoint.LEFT_KNEE, :2] = (680, 600)
    >>> round(knee_inside_ankle(Pose(kp, 0.0, (1280, 900)), "left"), 3)
    0.1
    """
    hip_kp, knee_kp, ankle_kp = LEG[side]
    other_hip_kp = Keypoint.RIGHT_HIP if side == "left" else Keypoint.LEFT_HIP
    hip, knee, ankle = pose.point(hip_kp), pose.point(knee_kp), pose.point(ankle_kp)
    other = pose.point(other_hip_kp)
    if hip is None or knee is None or ankle is None or other is None or other[0] == hip[0]:
        return None
    scale = leg_length or math.dist(hip, ankle)
    if scale < 1.0:
        return None
    return math.copysign(1.0, other[0] - hip[0]) * (knee[0] - ankle[0]) / scale


def knee_separation(pose: Pose) -> float | None:
    """The knees' gap across the picture as a share of the hips' gap: the normalised knee separation.

    Knees that track over the toes stay at least as far apart as the hips at
    the bottom of a squat; knees that cave come closer together than the
    hips. A slight turn moves both knees the same way, so it leaves their gap.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[11:17, :2] = [(700, 400), (580, 400), (680, 420), (620, 420), (720, 800), (560, 800)]
    >>> round(knee_separation(Pose(kp, 0.0, (1280, 900))), 2)
    0.5
    """
    points = pose.points(Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE)
    if points is None:
        return None
    (left_hip, right_hip, left_knee, right_knee) = points
    hips = left_hip[0] - right_hip[0]
    if abs(hips) < 1.0:
        return None
    return (left_knee[0] - right_knee[0]) / hips


def turn_shift(pose: Pose, standing: Standing | None) -> float | None:
    """How far the hips have shifted sideways from where they stood, in leg lengths (+: to the left hip)."""
    if standing is None or standing.hip_offset is None:
        return None
    offset = hip_offset(pose)
    left, right = pose.point(Keypoint.LEFT_HIP), pose.point(Keypoint.RIGHT_HIP)
    if offset is None or left is None or right is None or left[0] == right[0]:
        return None
    towards_left = 1.0 if left[0] > right[0] else -1.0
    return towards_left * (offset - standing.hip_offset) / standing.leg_length


def knee_offsets(pose: Pose, standing: Standing | None) -> dict[str, float | None]:
    """Both knees' medial offsets in standing leg lengths (this frame's leg length before one is known).

    >>> import numpy as np
    >>> from kiosk.coach.standing import Standing
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[11:17, :2] = [(690, 300), (590, 300), (700, 500), (580, 500), (700, 700), (580, 700)]
    >>> offsets = knee_offsets(Pose(kp, 0, (1280, 720)), Standing({"left": 400, "right": 400}, 0))
    >>> {side: round(offset, 3) for side, offset in offsets.items()}
    {'left': -0.012, 'right': -0.012}
    """
    leg = standing.leg_length if standing is not None else None
    return {side: medial_knee_offset(pose, side, leg) for side in SIDES}


def square_to_mirror(offsets: dict[str, float | None], shift: float | None) -> dict[str, float | None]:
    """The offsets a person turned a little would show facing the mirror squarely.

    The turn's sideways shift of the hips (``shift``, leg lengths) moves one
    knee's offset in and the other's out by ``TURN_SHARE`` of it.

    >>> square_to_mirror({"left": 0.1, "right": -0.1}, 0.1)
    {'left': -0.009000000000000008, 'right': 0.009000000000000008}
    """
    if shift is None:
        return dict(offsets)
    signs = {"left": -1.0, "right": 1.0}
    return {side: None if v is None else v + signs[side] * TURN_SHARE * shift for side, v in offsets.items()}


def turn_degrees(shift: float | None, depth: float | None) -> float | None:
    """How far the person is turned from the mirror, from the hips' sideways shift at a depth.

    >>> round(turn_degrees(0.15, 1.0))
    25
    """
    if shift is None or depth is None or depth < 0.3:
        return None
    ratio = min(1.0, abs(shift) / (HIPS_BACK_AT_PARALLEL * depth))
    return math.degrees(math.asin(ratio))


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


# A smoothed reading this far past the caving threshold is red at once: the wait is for borderline moments.
SURE = 1.25


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
