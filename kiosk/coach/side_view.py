"""Angles seen from the side (and of a body lying down): hips, knees, trunk, shin.

Side-on, one leg hides the other, so each measure reads the near leg: the
one whose hip, knee and ankle the model saw most surely, unless a side is
named. Every measure is ``None`` when a keypoint it needs was not seen.

- ``hip_extension``: the shoulder–hip–knee angle at the hip, 180° when the
  three lie on one line (the top of a glute bridge).
- ``knee_angle``: the hip–knee–ankle angle at the knee, 180° for a straight leg.
- ``trunk_angle``: the hip→shoulder line against vertical, 0° upright, 90° flat.
- ``shin_tilt``: the ankle→knee line against vertical, the knee-to-wall reading
  of ankle mobility (no toe keypoint exists; the ankle stands for the foot).

Budget: a few microseconds per frame; plain Python on a few points.
"""

from __future__ import annotations

import math

from kiosk.pose.keypoints import Keypoint, Pose

SIDES = {
    "left": (Keypoint.LEFT_SHOULDER, Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
    "right": (Keypoint.RIGHT_SHOULDER, Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
}
Point = tuple[float, float]


def near_side(pose: Pose) -> str | None:
    """The side whose hip, knee and ankle are all seen, the surer one if both are.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[[12, 14, 16], 2] = 0.8
    >>> near_side(Pose(kp, 0.0, (640, 480)))
    'right'
    """
    best, best_score = None, -1.0
    for side, (_, hip, knee, ankle) in SIDES.items():
        if all(pose.seen(k) for k in (hip, knee, ankle)):
            score = float(pose.keypoints[[hip, knee, ankle], 2].sum())
            if score > best_score:
                best, best_score = side, score
    return best


def angle_at(a: Point, b: Point, c: Point) -> float | None:
    """The angle a–b–c at ``b`` in degrees (0–180), ``None`` for a zero-length limb.

    >>> angle_at((0, 0), (1, 0), (2, 0)), angle_at((0, 0), (1, 0), (1, 1))
    (180.0, 90.0)
    """
    ab, cb = (a[0] - b[0], a[1] - b[1]), (c[0] - b[0], c[1] - b[1])
    if math.hypot(*ab) < 1.0 or math.hypot(*cb) < 1.0:
        return None
    cross = ab[0] * cb[1] - ab[1] * cb[0]
    return abs(math.degrees(math.atan2(cross, ab[0] * cb[0] + ab[1] * cb[1])))


def hip_extension(pose: Pose, side: str | None = None) -> float | None:
    """The shoulder–hip–knee angle of ``side`` (or the near side), degrees."""
    points = _points(pose, side, (0, 1, 2))
    return angle_at(*points) if points else None


def knee_angle(pose: Pose, side: str | None = None) -> float | None:
    """The hip–knee–ankle angle, degrees: 180 straight, about 90 in a half-kneel's front leg."""
    points = _points(pose, side, (1, 2, 3))
    return angle_at(*points) if points else None


def trunk_angle(pose: Pose, side: str | None = None) -> float | None:
    """The hip→shoulder line against vertical, degrees: 0 upright, 90 bent flat forward."""
    points = _points(pose, side, (0, 1))
    if points is None:
        return None
    shoulder, hip = points
    return _from_vertical(shoulder, hip)


def shin_tilt(pose: Pose, side: str | None = None) -> float | None:
    """How far the shin leans from vertical, degrees: the knee travelling forward over the foot.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[[11, 13, 15], :2] = [(300, 200), (350, 300), (300, 386.6)]
    >>> round(shin_tilt(Pose(kp, 0.0, (640, 480)), "left"), 1)
    30.0
    """
    points = _points(pose, side, (2, 3))
    if points is None:
        return None
    knee, ankle = points
    return _from_vertical(knee, ankle)


def _points(pose: Pose, side: str | None, which: tuple[int, ...]) -> list[Point] | None:
    side = side or near_side(pose)
    if side is None:
        return None
    return pose.points(*(SIDES[side][i] for i in which))


def _from_vertical(top: Point, bottom: Point) -> float | None:
    """The bottom→top line against vertical, degrees; ``None`` for two points in one place."""
    dx, up = top[0] - bottom[0], bottom[1] - top[1]
    if math.hypot(dx, up) < 1.0:
        return None
    return math.degrees(math.atan2(abs(dx), up))
