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
from dataclasses import dataclass

from kiosk.coach.metrics import LEGS, medial_knee_offset
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import LEG_KEYPOINTS, Keypoint, Pose


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


def check_knees(
    pose: Pose, knee_in_offset: float = 0.06, knee_in_asymmetry: float | None = None
) -> KneeCheck:
    """Judge both knees and pick the cue.

    A knee caves when it lies more than ``knee_in_offset`` inside its
    hip–ankle line or, given ``knee_in_asymmetry`` (two-legged exercises),
    that much further in than the other knee: with the feet turned out a
    caving knee can stay outside the line, but not level with its partner.

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
    offsets = {side: medial_knee_offset(pose, side) for side in LEGS}
    readings = {}
    for side, offset in offsets.items():
        other = offsets["right" if side == "left" else "left"]
        if offset is None:
            verdict = KneeVerdict.UNKNOWN
        elif offset > knee_in_offset or (
            knee_in_asymmetry is not None and other is not None and offset - other > knee_in_asymmetry
        ):
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
