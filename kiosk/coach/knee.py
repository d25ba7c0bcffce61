"""The live knee check: does each knee track over the foot, or cave inward?

The measure is the medial knee offset: the knee's signed distance from the
line through its hip and ankle, divided by that line's length (leg length).
Positive means the knee lies on the body's midline side of the line (valgus).
It stays meaningful deep in a squat, where the thigh is foreshortened and the
frontal-plane angle becomes unstable (../shared/reference/knee-tracking.md).

Default threshold 0.06: for a leg with equal thigh and shank, an offset of
0.06 leg lengths is a frontal-plane projection angle of about 14°, between
the 8° seen in healthy single-leg squats and the 17° seen with
patellofemoral pain. The coach issue replaces this with per-rep verdicts.

Budget: a few microseconds per frame; no arrays are allocated.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import LEG_KEYPOINTS, Keypoint, Pose

LEGS = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_HIP),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE, Keypoint.LEFT_HIP),
}


class KneeVerdict(enum.Enum):
    """How one knee is tracking in this frame."""

    TRACKING = "tracking"
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


def medial_knee_offset(pose: Pose, side: str) -> float | None:
    """The knee's distance inside the hip–ankle line, as a share of leg length.

    ``None`` when the hip, knee, ankle or the other hip was not seen, or the
    leg has no length in the picture.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[Keypoint.LEFT_HIP, :2] = (700, 400); kp[Keypoint.RIGHT_HIP, :2] = (580, 400)
    >>> kp[Keypoint.LEFT_ANKLE, :2] = (700, 800); kp[Keypoint.LEFT_KNEE, :2] = (660, 600)
    >>> round(medial_knee_offset(Pose(kp, 0.0, (1280, 900)), "left"), 3)
    0.1
    """
    hip_kp, knee_kp, ankle_kp, other_hip_kp = LEGS[side]
    hip, knee, ankle, other_hip = (pose.point(k) for k in (hip_kp, knee_kp, ankle_kp, other_hip_kp))
    if hip is None or knee is None or ankle is None or other_hip is None:
        return None
    leg_x, leg_y = ankle[0] - hip[0], ankle[1] - hip[1]
    leg_length = math.hypot(leg_x, leg_y)
    if leg_length < 1.0:
        return None
    # Cross products give signed distances from the hip–ankle line; the other
    # hip fixes which side is medial, so facing the camera or away both work.
    knee_side = leg_x * (knee[1] - hip[1]) - leg_y * (knee[0] - hip[0])
    medial_side = leg_x * (other_hip[1] - hip[1]) - leg_y * (other_hip[0] - hip[0])
    if medial_side == 0:
        return None
    return knee_side * math.copysign(1.0, medial_side) / leg_length**2


def check_knees(pose: Pose, knee_in_offset: float = 0.06) -> KneeCheck:
    """Judge both knees and pick the cue.

    Knees are only judged when the person faces the mirror (or away from it):
    side-on, the knee's inward drift is invisible, so the check says so
    instead of guessing.
    """
    if not pose.present:
        return _unknown("Step in front of the mirror")
    if _legs_cut_off(pose):
        return _unknown("Step back so your feet are in view")
    if pose.facing in (Facing.SIDE, Facing.UNKNOWN):
        return _unknown("Turn to face the mirror")
    if not pose.legs_in_view:
        return _unknown("Keep your legs in clear view")
    readings = {}
    for side in LEGS:
        offset = medial_knee_offset(pose, side)
        if offset is None:
            verdict = KneeVerdict.UNKNOWN
        elif offset > knee_in_offset:
            verdict = KneeVerdict.CAVING
        else:
            verdict = KneeVerdict.TRACKING
        readings[side] = KneeReading(side, offset, verdict)
    caving = [side for side, r in readings.items() if r.verdict is KneeVerdict.CAVING]
    if len(caving) == 2:
        cue = "Push both knees out over your toes"
    elif caving:
        cue = f"Push your {caving[0]} knee out over your toes"
    else:
        cue = "Good — knees over toes"
    return KneeCheck(readings["left"], readings["right"], cue)


def _legs_cut_off(pose: Pose) -> bool:
    """Whether the picture's edges cut off the legs: a point outside, or ankles below the frame.

    With no ankle seen, the ankle is expected about one thigh length below
    the knee; deep in a squat the thigh is short in the picture, so a
    squatting person is not sent back for ankles the model merely lost.
    """
    width, height = pose.image_size
    bottom = 0.98 * height
    for keypoint in LEG_KEYPOINTS:
        point = pose.point(keypoint)
        if point is not None and not (0 <= point[0] < width and 0 <= point[1] < bottom):
            return True
    if pose.seen(Keypoint.LEFT_ANKLE) or pose.seen(Keypoint.RIGHT_ANKLE):
        return False
    for hip_kp, knee_kp, _, _ in LEGS.values():
        hip, knee = pose.point(hip_kp), pose.point(knee_kp)
        if knee is not None and knee[1] + (knee[1] - hip[1] if hip else 0) >= bottom:
            return True
    return not (pose.seen(Keypoint.LEFT_KNEE) or pose.seen(Keypoint.RIGHT_KNEE))


def _unknown(cue: str) -> KneeCheck:
    return KneeCheck(
        KneeReading("left", None, KneeVerdict.UNKNOWN),
        KneeReading("right", None, KneeVerdict.UNKNOWN),
        cue,
    )
