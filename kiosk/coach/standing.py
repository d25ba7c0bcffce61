"""How the person stands, as the picture shows it: the yardstick every depth and knee measure is read against.

Reps are counted by how far the hips sink towards the feet, and knee and hip
movements are measured in leg lengths, so the coach needs the person's
standing posture in pixels: per leg, how high the hip stands above its
ankle (the *lift*), the standing leg length, and where the hips sit
sideways over the feet.

Live, nobody is asked to stand still first. Each measure is a decaying
maximum of its recent values (after a median of nine frames, so a few wild
keypoints count for nothing): between reps people stand up, and the maximum
follows them within a frame when they step closer. When the feet move (by
``FEET_MOVED`` leg lengths) the person has stepped somewhere else, nearer or
further, and the posture is measured afresh. Offline (``kiosk analyze``) the
whole clip is known, so :func:`clip_standing` takes each frame's standing
posture from the frames around it (``CLIP_WINDOW``), before or after: a clip
that starts mid-rep or has half a second of standing still has one, and a
person who walks closer between sets is followed. A reference made with
``clip=True`` then holds whatever the clip's reader gives it.

Budget: ≈ 15 µs per frame; a few floats and two five-item windows.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kiosk.pose.keypoints import Keypoint, Pose

Point = tuple[float, float]
# One frame as clip_standing keeps it: (t, each leg's lift, hip offset, torso lift).
_Measured = tuple[float, dict[str, float], float | None, float | None]

SIDES = ("left", "right")
LEG = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
}
# Each live measure is the median of this many frames (0.3 s at 30 fps): a keypoint wrong for a few
# frames, as the smoothing settles on a new person, counts for nothing.
MEDIAN_FRAMES = 9
# The live maximum forgets this share of itself per second: people stand up between reps,
# and a person who steps back from the mirror is followed within a few seconds.
DECAY_PER_SECOND = 0.01
# Offline, the standing lift is this percentile of the lifts within this many seconds either side:
# the top, but not one wild frame.
CLIP_PERCENTILE = 0.9
CLIP_WINDOW = 4.0
CLIP_STEP = 0.25
# The most frames clip_standing holds (8 s of window at 500 fps): a stalled clock, every t the same,
# would otherwise hold the whole clip.
CLIP_HELD = 4096
# Feet that move this many leg lengths for half a second mean the person stepped elsewhere: measure
# them afresh. (A folded body makes the model's ankles jump for a few frames.)
FEET_MOVED = 0.2
MOVED_FRAMES = 15
# Live, the posture is trusted once the person has stood upright for this many frames (a third of a
# second at 30 fps): a person who arrives mid-squat is not measured from their bottom position.
UPRIGHT_FRAMES = 10
# A standing leg shorter than this share of the picture's height is too small to measure.
MIN_LEG_SHARE = 0.08


@dataclass(frozen=True)
class Standing:
    """The person's standing posture in pixels: per leg the hip's lift above the ankle, and the hips' centre.

    ``hip_offset`` is where the midpoint of the hips stands sideways from the
    midpoint of the ankles (image x, pixels).
    """

    lift: dict[str, float]
    hip_offset: float | None
    # The shoulders' midpoint above the hips' (pixels), when both were seen.
    torso: float | None = None

    @property
    def leg_length(self) -> float:
        """The standing leg length in pixels (the mean lift of the legs seen)."""
        return sum(self.lift.values()) / len(self.lift)


def leg_lift(pose: Pose, side: str) -> float | None:
    """How far the hip stands above its ankle in the picture (pixels; ``None`` if either is unseen).

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[Keypoint.LEFT_HIP, :2] = (700, 400); kp[Keypoint.LEFT_ANKLE, :2] = (720, 800)
    >>> leg_lift(Pose(kp, 0.0, (1280, 900)), "left")
    400.0
    """
    hip_kp, _, ankle_kp = LEG[side]
    hip, ankle = pose.point(hip_kp), pose.point(ankle_kp)
    if hip is None or ankle is None:
        return None
    return ankle[1] - hip[1]


def torso_lift(pose: Pose) -> float | None:
    """How far the shoulders' midpoint stands above the hips' in the picture (pixels), or ``None``."""
    points = pose.points(
        Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER, Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP
    )
    if points is None:
        return None
    return (points[2][1] + points[3][1]) / 2 - (points[0][1] + points[1][1]) / 2


def hip_offset(pose: Pose) -> float | None:
    """Image x of the hips' midpoint minus that of the ankles' (pixels), or ``None``."""
    points = pose.points(Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP)
    ankles = pose.points(Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
    if points is None or ankles is None:
        return None
    return (points[0][0] + points[1][0]) / 2 - (ankles[0][0] + ankles[1][0]) / 2


class StandingReference:
    """Follows the person's standing posture from a stream of poses.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[[11, 12, 15, 16], :2] = [(700, 300), (600, 300), (710, 700), (590, 700)]
    >>> reference = StandingReference()
    >>> for i in range(20):
    ...     standing = reference.update(Pose(kp, i / 30, (1280, 720)), i / 30)
    >>> standing.lift, standing.hip_offset
    ({'left': 400.0, 'right': 400.0}, 0.0)
    """

    def __init__(self, follow_feet: bool = True, clip: bool = False):
        self.follow_feet = follow_feet
        self.clip = clip
        self._recent: dict[str, deque[float]] = {side: deque(maxlen=MEDIAN_FRAMES) for side in SIDES}
        self._lift: dict[str, float] = {}
        self._offsets: deque[float] = deque(maxlen=5)
        self._hip_offset: float | None = None
        self._torsos: deque[float] = deque(maxlen=5)
        self._torso: float | None = None
        self._upright = 0
        self._last_t: float | None = None
        self._feet: deque[tuple[Point, Point]] = deque(maxlen=MEDIAN_FRAMES)
        self._feet_at: tuple[Point, ...] | None = None
        self._moved_frames = 0
        self._held: Standing | None = None

    @property
    def standing(self) -> Standing | None:
        """The standing posture in force, or ``None`` before one could be measured."""
        if self.clip:
            return self._held
        if not self._lift or self._upright < UPRIGHT_FRAMES:
            return None
        return Standing(dict(self._lift), self._hip_offset, self._torso)

    def reset(self) -> None:
        """A new person, or the same one standing elsewhere: forget the posture (offline, it stays)."""
        for recent in self._recent.values():
            recent.clear()
        self._lift.clear()
        self._offsets.clear()
        self._hip_offset = None
        self._torsos.clear()
        self._torso = None
        self._upright = 0
        self._last_t = None
        self._feet.clear()
        self._feet_at = None
        self._moved_frames = 0

    def update(self, pose: Pose | None, t: float) -> Standing | None:
        """Take one frame; returns the standing posture in force after it."""
        if self.clip:
            return self._held
        if pose is None or not pose.present:
            return self.standing
        if self.follow_feet:
            self._follow_feet(pose)
        keep = 1.0 if self._last_t is None else max(0.0, 1.0 - DECAY_PER_SECOND * (t - self._last_t))
        self._last_t = t
        shortest = MIN_LEG_SHARE * pose.image_size[1]
        for side in SIDES:
            lift = leg_lift(pose, side)
            if lift is None or lift < shortest:
                continue
            recent = self._recent[side]
            recent.append(lift)
            if len(recent) < MEDIAN_FRAMES:
                continue
            measure = statistics.median(recent)
            self._lift[side] = max(measure, self._lift.get(side, 0.0) * keep)
        offset = hip_offset(pose)
        lifts = {side: statistics.median(r) for side, r in self._recent.items() if len(r) == MEDIAN_FRAMES}
        if self._lift and _upright(lifts, self._lift):
            self._upright += 1
        if self._lift and _upright(lifts, self._lift, every_leg=True):
            if offset is not None:
                self._offsets.append(offset)
                self._hip_offset = statistics.median(self._offsets)
            torso = torso_lift(pose)
            if torso is not None:
                self._torsos.append(torso)
                # Like the legs' lift, the trunk's standing height is the top of its recent values.
                self._torso = max(statistics.median(self._torsos), (self._torso or 0.0) * keep)
        return self.standing

    def hold(self, standing: Standing | None) -> None:
        """Offline (``clip=True``): the posture in force from now on, as :func:`clip_standing` found it."""
        self._held = standing

    def _follow_feet(self, pose: Pose) -> None:
        """Measure afresh once both feet have moved: a step nearer, further or aside (a lunge moves one)."""
        ankles = pose.points(*(LEG[side][2] for side in SIDES))
        if ankles is None or not self._lift:
            return
        self._feet.append((ankles[0], ankles[1]))
        if len(self._feet) < MEDIAN_FRAMES:
            return
        feet = tuple(
            (statistics.median(f[i][0] for f in self._feet), statistics.median(f[i][1] for f in self._feet))
            for i in (0, 1)
        )
        if self._feet_at is None:
            self._feet_at = feet
            return
        moved = min(_distance(now, then) for now, then in zip(feet, self._feet_at, strict=True))
        self._moved_frames = self._moved_frames + 1 if moved > FEET_MOVED * min(self._lift.values()) else 0
        if self._moved_frames >= MOVED_FRAMES:
            self.reset()


def clip_standing(
    poses: Iterable[tuple[float, Pose | None]],
) -> Iterator[tuple[float, Pose | None, Standing | None]]:
    """Each frame of a clip with the standing posture in force at it, read once in bounded memory.

    Every ``CLIP_STEP`` seconds: from the frames within ``CLIP_WINDOW``
    seconds either side, the top of each leg's lift, and where the hips and
    shoulders stood while upright. A frame is given out once the frames
    after it that decide its posture have been read, so only those few
    seconds are ever held.

    >>> list(clip_standing([(0.0, None)]))
    [(0.0, None, None)]
    """
    window: deque[_Measured] = deque(maxlen=CLIP_HELD)
    waiting: deque[tuple[float, Pose | None]] = deque()
    first: float | None = None
    last = 0.0
    made = 0  # grid points measured so far
    standing: Standing | None = None
    for t, pose in poses:
        if pose is not None and pose.present:
            shortest = MIN_LEG_SHARE * pose.image_size[1]
            lift = {s: v for s in SIDES if (v := leg_lift(pose, s)) is not None and v >= shortest}
            window.append((t, lift, hip_offset(pose), torso_lift(pose)))
            first = t if first is None else first
            last = t
        if first is None:  # nobody seen yet: nothing to stand by
            yield t, pose, None
            continue
        waiting.append((t, pose))
        while (point := first + made * CLIP_STEP) + CLIP_WINDOW < t:
            leap = _leap(point, made, first, t, window)
            if leap is not None:  # no grid point until there has a posture
                made, standing = leap, None
            else:
                standing = _standing_around(point, window)
                made += 1
            yield from _given_out(waiting, first + (made - 0.5) * CLIP_STEP, standing)
        if len(waiting) > CLIP_HELD:  # a stalled clock (every t the same): never hold the whole clip
            while len(waiting) > CLIP_HELD:
                yield (*waiting.popleft(), standing)
    if first is None:
        return
    while (point := first + made * CLIP_STEP) <= last + CLIP_STEP:
        standing = _standing_around(point, window)
        made += 1
        yield from _given_out(waiting, first + (made - 0.5) * CLIP_STEP, standing)
    yield from _given_out(waiting, float("inf"), standing)


def _leap(point: float, made: int, first: float, t: float, window: deque[_Measured]) -> int | None:
    """Across a gap with nothing measured near (a year-long one, t in microseconds): the next grid point.

    The grid points before it have no frame within ``CLIP_WINDOW`` and so no
    posture; ``None`` when the grid point at ``point`` has one to measure.
    """
    while window and window[0][0] < point - CLIP_WINDOW:  # as _standing_around drops them
        window.popleft()
    if window and window[0][0] <= point + CLIP_WINDOW:
        return None
    reach = window[0][0] if window else t  # the first frame that may be measured again
    leap = math.ceil((reach - CLIP_WINDOW - first) / CLIP_STEP) - 1  # one short: never past a point
    return leap if leap > made else None


def _given_out(
    waiting: deque[tuple[float, Pose | None]], until: float, standing: Standing | None
) -> Iterator[tuple[float, Pose | None, Standing | None]]:
    """The waiting frames before ``until``, with ``standing``."""
    while waiting and waiting[0][0] < until:
        t, pose = waiting.popleft()
        yield t, pose, standing


def _standing_around(point: float, window: deque[_Measured]) -> Standing | None:
    """The standing posture from the frames within ``CLIP_WINDOW`` of ``point`` (older ones are dropped)."""
    while window and window[0][0] < point - CLIP_WINDOW:
        window.popleft()
    near = [frame for frame in window if frame[0] <= point + CLIP_WINDOW]
    standing_lift = {}
    for side in SIDES:
        values = [lift[side] for _, lift, _, _ in near if side in lift]
        if len(values) >= 3:
            standing_lift[side] = _percentile(values, CLIP_PERCENTILE)
    if not standing_lift:
        return None
    upright = [(o, torso) for _, lift, o, torso in near if _upright(lift, standing_lift, True)]
    hips = [o for o, _ in upright if o is not None]
    torsos = [torso for _, torso in upright if torso is not None]
    standing = Standing(
        standing_lift,
        statistics.median(hips) if hips else None,
        statistics.median(torsos) if torsos else None,
    )
    return standing


def _upright(lifts: dict[str, float], standing_lift: dict[str, float], every_leg: bool = False) -> bool:
    """Whether the hips stand within 8% of their standing lift over a leg (or ``every_leg`` seen).

    On one leg, the stance leg is enough for the person to be standing.
    """
    seen = [lifts[side] >= 0.92 * standing_lift[side] for side in standing_lift if side in lifts]
    return bool(seen) and (all(seen) if every_leg else any(seen))


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.dist(a, b)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
