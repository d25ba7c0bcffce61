"""Glute activation on the floor: the glute bridge (side view) and the clamshell (front, lying on a side).

Bridge: a rep is the shoulder–hip–knee angle rising past 150° and back under
140° (lying with knees bent it is about 135°), read only while the trunk lies
at least 50° from vertical (at the top of a bridge, shoulders below hips, over 90°), so
standing up from a squat is never a bridge. Full extension is a peak of at
least 165° (``hips_low`` below); the top is held when the angle stays within
5° of its peak for at least 1 s (``short_hold`` when not).

Clamshell: a rep is the knee gap rising past 0.45 thigh lengths and back
under 0.3 (closed, the stacked knees are about 0.2 apart). The side is the
top leg's (its hip is higher in the picture). The pelvis stays still when
the hip–hip line turns less than 15° and the hip gap changes less than 30%
from the start of the rep to the widest opening (``pelvis_rolls`` otherwise).

Budget: a few microseconds per frame.
"""

from __future__ import annotations

import math

from kiosk.coach.baseline import Baseline
from kiosk.coach.cycles import CycleCounter, Tracker
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.side_view import hip_extension, trunk_angle
from kiosk.coach.verdict import RepResult
from kiosk.pose.keypoints import Keypoint, Pose

FULL_EXTENSION_DEG = 165.0
TOP_BAND_DEG = 5.0
TOP_HOLD_SECONDS = 1.0
LYING_TRUNK_DEG = 50.0
PELVIS_TURN_DEG = 15.0
PELVIS_GAP_CHANGE = 0.3


class BridgeTracker(Tracker):
    """Glute bridges, from the side.

    >>> BridgeTracker().step(None, None, 0.0, None) is None
    True
    """

    def __init__(self) -> None:
        super().__init__(good_cue="Good — hips fully up")
        self.cycles = CycleCounter(enter=150.0, leave=140.0, min_seconds=0.6, max_seconds=12.0)

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        angle = hip_extension(pose) if pose is not None and _lying(pose) else None
        frames = self.cycles.update(t, angle)
        if frames is None:
            return None
        peak = max(frames, key=lambda f: f.value)
        held = [f.t for f in frames if f.value >= peak.value - TOP_BAND_DEG]
        hold = max(held) - min(held)
        faults = []
        if peak.value < FULL_EXTENSION_DEG:
            faults.append("hips_low")
        if hold < TOP_HOLD_SECONDS:
            faults.append("short_hold")
        measures = {"hip_extension": peak.value, "top_hold_seconds": hold}
        return self._counted(frames[0].t, peak.t, frames[-1].t, faults, measures)


class ClamshellTracker(Tracker):
    """Clamshells, lying on a side facing the mirror; counted per side (the top leg)."""

    def __init__(self) -> None:
        super().__init__(good_cue="Good — hips still")
        self.cycles = CycleCounter(enter=0.45, leave=0.3, min_seconds=0.5, max_seconds=10.0)

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        reading = _clamshell(pose) if pose is not None else None
        if reading is not None:
            self.side = reading[1]
        frames = self.cycles.update(t, reading[0] if reading else None, reading)
        if frames is None:
            return None
        widest = max(frames, key=lambda f: f.value)
        _, side, hip_angle, hip_gap = widest.data
        _, _, start_angle, start_gap = next((f.data for f in frames if f.data), widest.data)
        turn = abs(hip_angle - start_angle)
        gap_change = abs(hip_gap / start_gap - 1) if start_gap > 0 else 0.0
        faults = ["pelvis_rolls"] if turn > PELVIS_TURN_DEG or gap_change > PELVIS_GAP_CHANGE else []
        measures = {"knee_opening": widest.value, "pelvis_turn": turn, "hip_gap_change": gap_change}
        return self._counted(frames[0].t, widest.t, frames[-1].t, faults, measures, side)


def _lying(pose: Pose) -> bool:
    """Whether the trunk lies closer to flat than upright: standing up straight is no bridge."""
    angle = trunk_angle(pose)
    return angle is not None and angle >= LYING_TRUNK_DEG


def _clamshell(pose: Pose) -> tuple[float, str, float, float] | None:
    """(knee gap ÷ thigh length, top side, hip line angle in degrees, hip gap ÷ thigh) or ``None``."""
    points = pose.points(Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE)
    if points is None:
        return None
    left_hip, right_hip, left_knee, right_knee = points
    thigh = (math.dist(left_hip, left_knee) + math.dist(right_hip, right_knee)) / 2
    if thigh < 1.0:
        return None
    top = "left" if left_hip[1] < right_hip[1] else "right"
    upper, lower = (left_hip, right_hip) if top == "left" else (right_hip, left_hip)
    # Top hip to bottom hip points down the picture, so the angle never wraps around ±180°.
    hip_angle = math.degrees(math.atan2(lower[0] - upper[0], lower[1] - upper[1]))
    return (
        math.dist(left_knee, right_knee) / thigh,
        top,
        hip_angle,
        math.dist(left_hip, right_hip) / thigh,
    )
