"""The knee's measure from the front: how far each knee lies inside its hip–ankle line, and the turn.

The measure is the medial knee offset: the knee's distance from the line
through its hip and ankle, towards the body's midline, in standing leg
lengths (:mod:`kiosk.coach.standing`). It uses the legs and pelvis only, so
arms overhead or a bar on the back change nothing.

A person turned a little from the mirror makes one knee look further in and
the other further out (the knees travel forward, the hips back); the hips'
sideways shift from where they stood (``turn_shift``) measures the turn, and
each knee's offset is corrected by ``TURN_SHARE`` of it, the ratio fitted on
the synthetic athlete (r = −0.98 between turn and shift). Beyond about 25°
knees are not judged at all (:func:`turn_degrees`, ``MAX_TURN_DEG``).

Budget: ≈ 20 µs per frame; no arrays are allocated.
"""

from __future__ import annotations

import math

from kiosk.coach.depth import PARALLEL_DROP
from kiosk.coach.standing import LEG, SIDES, Standing, hip_offset
from kiosk.pose.keypoints import Keypoint, Pose

# Per side, the knee's offset moves by this many leg lengths per leg length the hips shift sideways.
TURN_SHARE = 1.09
# The hips travel back 0.35 standing leg lengths in a squat to parallel (the athlete's: 0.17 of body
# height over a 0.49 leg): a person turned by ψ shows sin ψ of that as a sideways shift.
HIPS_BACK_AT_PARALLEL = 0.35


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
    points = _leg_points(pose, side)
    if points is None:
        return None
    hip, knee, ankle, other = points
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
    points = _leg_points(pose, side)
    if points is None or points[3][0] == points[0][0]:
        return None
    hip, knee, ankle, other = points
    scale = leg_length or math.dist(hip, ankle)
    if scale < 1.0:
        return None
    return math.copysign(1.0, other[0] - hip[0]) * (knee[0] - ankle[0]) / scale


Point = tuple[float, float]


def _leg_points(pose: Pose, side: str) -> tuple[Point, Point, Point, Point] | None:
    """The side's hip, knee and ankle and the other hip, or ``None`` when any of them is not seen."""
    hip_kp, knee_kp, ankle_kp = LEG[side]
    other_hip_kp = Keypoint.RIGHT_HIP if side == "left" else Keypoint.LEFT_HIP
    hip, knee, ankle = pose.point(hip_kp), pose.point(knee_kp), pose.point(ankle_kp)
    other = pose.point(other_hip_kp)
    if hip is None or knee is None or ankle is None or other is None:
        return None
    return hip, knee, ankle, other


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
