"""Mobility, seen from the side: the half-kneeling hip flexor stretch and the knee-to-wall ankle reading.

Hip flexor stretch: the person is in position when both legs are seen, the
front knee is bent 60–130° and lies at least a quarter thigh above the back
knee, which rests near the floor (within a quarter thigh of the front ankle's
height). The stretched side is the back leg's. The timer runs only while in
position with the trunk within 20° of vertical; leaning further pauses it and
says so (``trunk_forward``). Each stretch ends when the person leaves the
position or switches sides, and is recorded with its seconds.

Knee to wall: a push is the working shin tilting past 15° from vertical and
back under 8°; the working leg is the bent one (knee angle under 165°), so a
straight back leg's slanted shin never counts. The reading is the push's peak
shin tilt in degrees, with the knee's travel forward of the ankle as a share
of shin length (sin of the tilt). No cut-off is judged: the reading is
compared left with right, and before with after.

Budget: ≈ 10 µs per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.coach.baseline import Baseline
from kiosk.coach.cycles import CycleCounter, Tracker
from kiosk.coach.holds import HoldTimer
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.side_view import SIDES, knee_angle, shin_tilt, trunk_angle
from kiosk.coach.verdict import RepResult
from kiosk.pose.keypoints import Pose

UPRIGHT_DEG = 20.0
MIN_STRETCH_SECONDS = 2.0
TRUNK_CUE = "Stay tall — lift your chest"


class KneelingHoldTracker(Tracker):
    """Seconds held in a half-kneeling hip flexor stretch, per side."""

    def __init__(self) -> None:
        super().__init__(good_cue="Good — hold it", hold={"left": 0.0, "right": 0.0})
        self.timer = HoldTimer()
        self.hold = self.timer.seconds
        self._bout: _Bout | None = None

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        side = half_kneeling_side(pose) if pose is not None else None
        lean = trunk_angle(pose, side) if pose is not None and side else None
        upright = side is not None and lean is not None and lean <= UPRIGHT_DEG
        self.timer.update(t, side if upright else None)
        self.in_position = side is not None
        self.live_cue = TRUNK_CUE if side is not None and not upright else None
        result = None
        if self._bout is not None and side != self._bout.side:
            result = self._close(self._bout)
        if side is not None:
            self.side = side
            if self._bout is None:
                self._bout = _Bout(side, start=t, end=t, held=self.timer.seconds[side])
            self._bout.leaning += not upright
            self._bout.end = t
        return result

    def _close(self, bout: _Bout) -> RepResult | None:
        self._bout = None
        held = self.timer.seconds[bout.side] - bout.held
        if bout.end - bout.start < MIN_STRETCH_SECONDS:
            return None
        faults = ["trunk_forward"] if bout.leaning >= 30 else []  # leaning a second or more at 30 fps
        metrics = {"held_seconds": held}
        return self._counted(bout.start, bout.start, bout.end, faults, metrics, bout.side)


@dataclass
class _Bout:
    """One spell in the half-kneel on one side: when it began and ended, the hold time it began at."""

    side: str
    start: float
    end: float
    held: float
    leaning: int = 0  # frames leaning forward


def half_kneeling_side(pose: Pose) -> str | None:
    """The back (kneeling) leg's side when the pose is a half-kneel, else ``None``."""
    angles, hips, knees, ankles = {}, {}, {}, {}
    for side, (_, hip, knee, ankle) in SIDES.items():
        angle, points = knee_angle(pose, side), pose.points(hip, knee, ankle)
        if angle is None or points is None:
            return None
        angles[side] = angle
        hips[side], knees[side], ankles[side] = points
    front = "left" if knees["left"][1] < knees["right"][1] else "right"
    back = "right" if front == "left" else "left"
    thigh = math.dist(hips[front], knees[front])
    if thigh < 1.0 or not 60.0 <= angles[front] <= 130.0:
        return None
    if knees[back][1] - knees[front][1] < 0.25 * thigh:
        return None
    if abs(knees[back][1] - ankles[front][1]) > 0.25 * thigh:
        return None
    return back


class KneeToWallTracker(Tracker):
    """Knee-to-wall pushes per side; the reading is each push's peak shin tilt."""

    def __init__(self) -> None:
        super().__init__(good_cue="Good — knee over your toes")
        self.cycles = CycleCounter(enter=15.0, leave=8.0, min_seconds=0.4, max_seconds=10.0)
        self.best: dict[str, float] = {}

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        reading = working_shin(pose) if pose is not None else None
        if reading is not None and reading[0] >= self.cycles.enter:
            self.side = reading[1]
        frames = self.cycles.update(t, reading[0] if reading else None, reading)
        if frames is None:
            return None
        peak = max(frames, key=lambda f: f.value)
        side = peak.data[1]
        self.best[side] = max(self.best.get(side, 0.0), peak.value)
        measures = {"shin_tilt": peak.value, "knee_forward": math.sin(math.radians(peak.value))}
        return self._counted(frames[0].t, peak.t, frames[-1].t, [], measures, side)


def working_shin(pose: Pose) -> tuple[float, str] | None:
    """(shin tilt in degrees, side) of the bent leg, or ``None`` when no leg is bent or seen."""
    bent = []
    for side in SIDES:
        angle, tilt = knee_angle(pose, side), shin_tilt(pose, side)
        if angle is not None and tilt is not None:
            bent.append((angle, tilt, side))
    if not bent:
        return None
    angle, tilt, side = min(bent)
    return (tilt, side) if angle < 165.0 else (0.0, side)
