"""Which way a person faces the camera, from the widths of their shoulders and hips.

Facing the camera, MoveNet's shoulder points are about 0.85 torso lengths
apart (0.86 on the test photo); side-on they overlap (at most 0.48 in the side
and oblique test clips). The face points tell front from back.

Budget: a few microseconds per frame.
"""

from __future__ import annotations

import enum
import math
from typing import Protocol

from kiosk.pose.coco import Keypoint

# Shoulders narrower than this share of the torso: turned side-on (about 50° or more).
SIDE_SHOULDER_WIDTH = 0.55
# With the shoulders out of the picture: hips narrower than this share of leg length.
SIDE_HIP_WIDTH = 0.12
FACE = (Keypoint.NOSE, Keypoint.LEFT_EYE, Keypoint.RIGHT_EYE)


class Points(Protocol):
    """What facing is judged from: a :class:`kiosk.pose.keypoints.Pose`."""

    def seen(self, keypoint: Keypoint) -> bool: ...

    def point(self, keypoint: Keypoint) -> tuple[float, float] | None: ...


class Facing(enum.Enum):
    """Which way the person faces the camera (and so the mirror)."""

    FRONT = "front"
    SIDE = "side"
    BACK = "back"
    UNKNOWN = "unknown"


def estimate_facing(pose: Points, side_shoulder_width: float = SIDE_SHOULDER_WIDTH) -> Facing:
    """Front, side or back, from shoulder and hip width against torso or leg length.

    With half of a pair unseen (one shoulder hidden behind the body, or a
    keypoint dropped for a frame) this frame alone cannot tell: ``UNKNOWN``.

    >>> import numpy as np
    >>> from kiosk.pose.keypoints import Pose
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[[5, 6, 11, 12], :2] = [(700, 200), (580, 200), (680, 400), (600, 400)]
    >>> estimate_facing(Pose(kp, 0.0, (1280, 720))).value
    'front'
    """
    left_hip, right_hip = pose.point(Keypoint.LEFT_HIP), pose.point(Keypoint.RIGHT_HIP)
    left_shoulder, right_shoulder = pose.point(Keypoint.LEFT_SHOULDER), pose.point(Keypoint.RIGHT_SHOULDER)
    hips = [p for p in (left_hip, right_hip) if p is not None]
    shoulders_seen = left_shoulder is not None and right_shoulder is not None
    if left_shoulder is not None and right_shoulder is not None and hips:
        hip_mid = _midpoint(*hips) if len(hips) == 2 else hips[0]
        torso = math.dist(_midpoint(left_shoulder, right_shoulder), hip_mid)
        if math.dist(left_shoulder, right_shoulder) < side_shoulder_width * torso:
            return Facing.SIDE
    elif len(hips) == 2 and left_shoulder is None and right_shoulder is None:
        leg = _leg_length(pose)
        if leg is None:
            return Facing.UNKNOWN
        if math.dist(hips[0], hips[1]) < SIDE_HIP_WIDTH * leg:
            return Facing.SIDE
    else:
        # Half a pair missing (one shoulder behind the body, or a dropout for a frame): no verdict here;
        # the coach votes over a window of frames.
        return Facing.UNKNOWN
    face_seen = sum(pose.seen(k) for k in FACE)
    if face_seen >= 2:
        return Facing.FRONT
    # Shoulders and head out of the picture: front and back look alike.
    return Facing.BACK if shoulders_seen else Facing.FRONT


def _midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def _leg_length(pose: Points) -> float | None:
    """Mean hip–ankle length, or twice the thigh where no ankle is seen."""
    lengths = []
    for hip_kp, knee_kp, ankle_kp in (
        (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
        (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
    ):
        hip, knee, ankle = pose.point(hip_kp), pose.point(knee_kp), pose.point(ankle_kp)
        if hip is not None and ankle is not None:
            lengths.append(math.dist(hip, ankle))
        elif hip is not None and knee is not None:
            lengths.append(2 * math.dist(hip, knee))
    return sum(lengths) / len(lengths) if lengths else None
