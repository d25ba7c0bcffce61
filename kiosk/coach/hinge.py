"""The hip hinge, seen from the side: hips back, knees soft and still, back neutral.

A rep is the trunk (hip→shoulder line) tilting past 25° from vertical and
back under 12°. At its deepest frame, against the rep's first frame:

- ``hips_not_back``: the hips moved back less than 0.08 leg lengths (back is
  away from where the shoulders lean);
- ``knees_bend``: the knee angle closed by more than 30°: a squat, not a hinge;
- ``back_rounds``: the ear lies more than 40° off the hip→shoulder line's
  continuation, a rough sign of the upper back and head curling down
  (keypoints cannot see the spine itself; only judged when an ear is seen).

Budget: a few microseconds per frame.
"""

from __future__ import annotations

import math

from kiosk.coach.baseline import Baseline
from kiosk.coach.cycles import CycleCounter, Tracker
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.side_view import SIDES, angle_at, knee_angle, near_side, trunk_angle
from kiosk.coach.verdict import RepResult
from kiosk.pose.keypoints import Keypoint, Pose

HIPS_BACK_SHARE = 0.08
KNEE_BEND_DEG = 30.0
BACK_ROUND_DEG = 40.0
EARS = {"left": Keypoint.LEFT_EAR, "right": Keypoint.RIGHT_EAR}


class HingeTracker(Tracker):
    """Hip hinges, from the side."""

    def __init__(self) -> None:
        super().__init__(good_cue="Good — hips back, back flat")
        self.cycles = CycleCounter(enter=25.0, leave=12.0, min_seconds=0.6, max_seconds=10.0)

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        side = near_side(pose) if pose is not None else None
        angle = trunk_angle(pose, side) if pose is not None and side else None
        frames = self.cycles.update(t, angle, pose)
        if frames is None:
            return None
        bottom = max(frames, key=lambda f: f.value)
        start = frames[0]
        measures = hinge_measures(start.data, bottom.data)
        faults = []
        if measures["hips_back"] is not None and measures["hips_back"] < HIPS_BACK_SHARE:
            faults.append("hips_not_back")
        if measures["knee_bend"] is not None and measures["knee_bend"] > KNEE_BEND_DEG:
            faults.append("knees_bend")
        if measures["back_curl"] is not None and measures["back_curl"] > BACK_ROUND_DEG:
            faults.append("back_rounds")
        measures["trunk_angle"] = bottom.value
        return self._counted(start.t, bottom.t, frames[-1].t, faults, measures)


def hinge_measures(start: Pose, bottom: Pose) -> dict[str, float | None]:
    """Hips back (leg lengths), knee bend (degrees) and back curl (degrees) from start to bottom."""
    side = near_side(bottom)
    result: dict[str, float | None] = {"hips_back": None, "knee_bend": None, "back_curl": None}
    if side is None:
        return result
    shoulder_kp, hip_kp, _, ankle_kp = SIDES[side]
    shoulder, hip, ankle = bottom.point(shoulder_kp), bottom.point(hip_kp), bottom.point(ankle_kp)
    hip_start = start.point(hip_kp)
    if shoulder is not None and hip is not None and ankle is not None and hip_start is not None:
        forward = math.copysign(1.0, shoulder[0] - hip[0])
        leg = math.dist(hip, ankle)
        if leg >= 1.0:
            result["hips_back"] = (hip_start[0] - hip[0]) * forward / leg
    knee_start, knee_bottom = knee_angle(start, side), knee_angle(bottom, side)
    if knee_start is not None and knee_bottom is not None:
        result["knee_bend"] = knee_start - knee_bottom
    ear = bottom.point(EARS[side])
    if ear is not None and shoulder is not None and hip is not None:
        straight = angle_at(hip, shoulder, ear)
        result["back_curl"] = None if straight is None else 180.0 - straight
    return result
