"""Per-frame measures of knee tracking, from the image plane of a front view.

Every measure is ``None`` when a keypoint it needs was not seen: the coach
never fills in a guess. Sides are the person's own; "medial" means towards
the body's midline, whichever way the person faces.

- ``fppa``: frontal plane projection angle, the angle between thigh
  (hip→knee) and shank (knee→ankle) in degrees, + when the knee is medial.
- ``knee_offset``: the knee's signed distance from the hip–ankle line ÷ this
  frame's leg length, + medial (:func:`kiosk.coach.knee.medial_knee_offset`).
- ``kasr``: knee-to-ankle separation ratio, knee gap ÷ ankle gap (< 1: knees
  narrower than ankles).
- ``pelvic_tilt``: the hip–hip line against horizontal, degrees, + when the
  left hip is lower.
- ``trunk_lean``: hip midpoint → shoulder midpoint against vertical, degrees,
  + leaning to the person's left.
- ``depth``: how far the hips have sunk towards the knees, 0 standing, 1 hips
  level with the knees (hip height relative to knee height, against half the
  standing leg length).

Budget: ≈ 20 µs per frame; plain Python on 17 points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.coach.knee import medial_knee_offset
from kiosk.pose.keypoints import Keypoint, Pose

Point = tuple[float, float]

LEGS = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_HIP),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE, Keypoint.LEFT_HIP),
}


@dataclass(frozen=True)
class LegMetrics:
    """One leg's measures in one frame."""

    fppa: float | None
    knee_offset: float | None
    depth: float | None


@dataclass(frozen=True)
class FrameMetrics:
    """Both legs' and the trunk's measures in one frame.

    >>> FrameMetrics.empty().left.fppa is None
    True
    """

    left: LegMetrics
    right: LegMetrics
    kasr: float | None
    pelvic_tilt: float | None
    trunk_lean: float | None

    @classmethod
    def empty(cls) -> FrameMetrics:
        """No measure at all: nobody there."""
        nothing = LegMetrics(None, None, None)
        return cls(nothing, nothing, None, None, None)

    def leg(self, side: str) -> LegMetrics:
        """The ``"left"`` or ``"right"`` leg."""
        return self.left if side == "left" else self.right

    @property
    def depth(self) -> float | None:
        """Both legs' mean depth, or the one leg's where only one is measured."""
        depths = [d for d in (self.left.depth, self.right.depth) if d is not None]
        return sum(depths) / len(depths) if depths else None


def measure(pose: Pose, standing_leg_length: float | None = None) -> FrameMetrics:
    """All measures for one pose.

    ``standing_leg_length`` (hip to ankle, pixels, from the person's standing
    baseline) scales the depth; without it each shank's length stands in.
    """
    if not pose.present:
        return FrameMetrics.empty()
    legs = {side: _leg(pose, side, standing_leg_length) for side in LEGS}
    return FrameMetrics(legs["left"], legs["right"], _kasr(pose), _pelvic_tilt(pose), _trunk_lean(pose))


def frontal_plane_projection_angle(pose: Pose, side: str) -> float | None:
    """The FPPA in degrees: 0 for a straight leg, + when the knee caves medially.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[[11, 12, 13, 15], :2] = [(700, 400), (580, 400), (680, 600), (700, 800)]
    >>> round(frontal_plane_projection_angle(Pose(kp, 0.0, (1280, 900)), "left"), 1)
    11.4
    """
    points = _leg_points(pose, side)
    if points is None:
        return None
    hip, knee, ankle, _ = points
    thigh = (knee[0] - hip[0], knee[1] - hip[1])
    shank = (ankle[0] - knee[0], ankle[1] - knee[1])
    if math.hypot(*thigh) < 1.0 or math.hypot(*shank) < 1.0:
        return None
    cross = thigh[0] * shank[1] - thigh[1] * shank[0]
    bend = math.degrees(math.atan2(cross, thigh[0] * shank[0] + thigh[1] * shank[1]))
    offset = medial_knee_offset(pose, side)
    if offset is None:
        return None
    return math.copysign(abs(bend), offset)


def _leg(pose: Pose, side: str, standing_leg_length: float | None) -> LegMetrics:
    return LegMetrics(
        frontal_plane_projection_angle(pose, side),
        medial_knee_offset(pose, side),
        _depth(pose, side, standing_leg_length),
    )


def _depth(pose: Pose, side: str, standing_leg_length: float | None) -> float | None:
    hip_kp, knee_kp, ankle_kp, _ = LEGS[side]
    hip, knee = pose.point(hip_kp), pose.point(knee_kp)
    if hip is None or knee is None:
        return None
    if standing_leg_length:
        half_leg = standing_leg_length / 2
    else:
        ankle = pose.point(ankle_kp)
        if ankle is None:
            return None
        half_leg = math.dist(knee, ankle)
    if half_leg < 1.0:
        return None
    return 1.0 - (knee[1] - hip[1]) / half_leg


def _kasr(pose: Pose) -> float | None:
    knees = pose.points(Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE)
    ankles = pose.points(Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
    if knees is None or ankles is None:
        return None
    ankle_gap = math.dist(*ankles)
    return math.dist(*knees) / ankle_gap if ankle_gap >= 1.0 else None


def _pelvic_tilt(pose: Pose) -> float | None:
    left, right = pose.point(Keypoint.LEFT_HIP), pose.point(Keypoint.RIGHT_HIP)
    if left is None or right is None:
        return None
    # Image y grows downwards: + when the left hip is lower than the right.
    return math.degrees(math.atan2(left[1] - right[1], abs(left[0] - right[0])))


def _trunk_lean(pose: Pose) -> float | None:
    trunk = (Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER)
    points = pose.points(*trunk)
    if points is None:
        return None
    left_hip, right_hip, left_shoulder, right_shoulder = points
    hip_mid = ((left_hip[0] + right_hip[0]) / 2, (left_hip[1] + right_hip[1]) / 2)
    shoulder_mid = ((left_shoulder[0] + right_shoulder[0]) / 2, (left_shoulder[1] + right_shoulder[1]) / 2)
    up = (shoulder_mid[0] - hip_mid[0], hip_mid[1] - shoulder_mid[1])
    if up[1] <= 0:
        return None
    # The person's left lies towards the left hip, whichever way they face.
    towards_left = 1.0 if left_hip[0] >= right_hip[0] else -1.0
    return math.degrees(math.atan2(towards_left * up[0], up[1]))


def _leg_points(pose: Pose, side: str) -> list[Point] | None:
    return pose.points(*LEGS[side])
