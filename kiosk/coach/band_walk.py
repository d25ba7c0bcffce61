"""Lateral band walk, seen from the front: steps per direction, knees over the feet, pelvis level.

A step is one swing of the ankle gap (as a share of leg length): it opens
when the gap grows 0.2 leg lengths past the narrowest gap since the last step
(the lead foot steps out) and closes when it has come 70% of the way back
(the trail foot follows). Its direction is where the hips went, in the
person's own left and right.

Each step is judged against the person's own stance just before it (its
last 0.3 s with the feet within 0.05 leg lengths of their narrowest), at
the same spot in the picture: walking sideways carries the person across
the camera's view, and perspective alone shifts each knee's offset by a
few hundredths of leg length from one end of the walk to the other, as
much as a mild cave. A knee caves when its medial offset rises
0.08 leg lengths past that stance's (the wide stance alone moves a knee that
tracks well by up to 0.06 on the synthetic athlete); the pelvis drops when its tilt moves
``hip_drop_deg`` past it. A fault must hold in at least ``persist_frames``
frames and a third of the step.

Budget: ≈ 10 µs per frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from kiosk.coach.baseline import Baseline
from kiosk.coach.cycles import Tracker
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.verdict import RepResult, Thresholds
from kiosk.pose.keypoints import Keypoint, Pose

OPEN_SHARE = 0.2
CLOSE_SHARE = 0.3  # of the swing, left to come back
STANCE_SECONDS = 0.3
STANCE_SHARE = 0.05
KNEE_IN_STEP = 0.08
MAX_STEP_SECONDS = 6.0
FAULT_SHARE = 1 / 3

# One frame of a step: (t, hip midpoint x, the frame's metrics, ankle gap ÷ leg length).
_Frame = tuple[float, float, FrameMetrics, float]


class BandWalkTracker(Tracker):
    """Counts band-walk steps per direction and judges each one.

    >>> BandWalkTracker().per_side
    {'left': 0, 'right': 0}
    """

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        super().__init__(good_cue="Good — knees over your feet")
        self.thresholds = thresholds or Thresholds()
        self._narrowest = math.inf  # the narrowest ankle gap since the last step
        self._step: list[_Frame] | None = None
        self._stance: list[_Frame] = []
        self._before: list[_Frame] = []

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        reading = _gap_and_hips(pose) if pose is not None else None
        if reading is None:
            return None
        gap, hips, towards_left = reading
        frame = (t, hips, metrics, gap)
        if self._step is None:
            self._narrowest = min(self._narrowest, gap)
            if gap <= self._narrowest + STANCE_SHARE:  # feet still together: the stance to judge against
                self._stance = [f for f in self._stance if t - f[0] <= STANCE_SECONDS] + [frame]
            if gap > self._narrowest + OPEN_SHARE:
                self._step, self._before = [frame], self._stance
            return None
        self._step.append(frame)
        if t - self._step[0][0] > MAX_STEP_SECONDS:
            self._step, self._narrowest, self._stance = None, gap, []
            return None
        widest = max(f[3] for f in self._step)
        if gap > self._narrowest + CLOSE_SHARE * (widest - self._narrowest):
            return None
        step, self._step, self._narrowest, self._stance = self._step, None, gap, [frame]
        moved = (step[-1][1] - step[0][1]) * towards_left
        direction = "left" if moved > 0 else "right"
        self.side = direction
        step_metrics = [m for _, _, m, _ in step]
        stance = [m for _, _, m, _ in self._before]
        faults = self._faults(step_metrics, stance)
        wide = max(step, key=lambda f: f[3])
        measures: dict[str, float | None] = {}
        for side in ("left", "right"):
            usual = _median(m.leg(side).knee_offset for m in stance)
            peak = _peak(m.leg(side).knee_offset for m in step_metrics)
            measures[f"knee_in_{side}"] = None if usual is None or peak is None else peak - usual
        level = _median(m.pelvic_tilt for m in stance)
        tilt = _peak(
            abs(m.pelvic_tilt - level)
            for m in step_metrics
            if m.pelvic_tilt is not None and level is not None
        )
        measures["pelvic_tilt_change"] = tilt
        return self._counted(step[0][0], wide[0], t, faults, measures, direction)

    def _faults(self, metrics: list[FrameMetrics], stance: list[FrameMetrics]) -> list[str]:
        limits = self.thresholds
        faults = []
        for side in ("left", "right"):
            usual = _median(m.leg(side).knee_offset for m in stance)

            def caving(m: FrameMetrics, side: str = side, usual: float | None = usual) -> bool | None:
                offset = m.leg(side).knee_offset
                if offset is None or usual is None:
                    return None
                return offset - usual > KNEE_IN_STEP

            if self._persists(metrics, caving):
                faults.append(f"{side}_knee_in")
        level = _median(m.pelvic_tilt for m in stance)

        def dropping(m: FrameMetrics) -> bool | None:
            if m.pelvic_tilt is None or level is None:
                return None
            return abs(m.pelvic_tilt - level) > limits.hip_drop_deg

        if self._persists(metrics, dropping):
            faults.append("hip_drop")
        return faults

    def _persists(self, metrics: list[FrameMetrics], test: Callable[[FrameMetrics], bool | None]) -> bool:
        results = [r for r in map(test, metrics) if r is not None]
        hits = sum(results)
        return hits >= self.thresholds.persist_frames and hits >= FAULT_SHARE * len(results)


def _gap_and_hips(pose: Pose) -> tuple[float, float, float] | None:
    """(ankle gap ÷ leg length, hip midpoint x, +1 if the person's left is +x) or ``None``."""
    points = pose.points(Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
    if points is None:
        return None
    left_hip, right_hip, left_ankle, right_ankle = points
    leg = (math.dist(left_hip, left_ankle) + math.dist(right_hip, right_ankle)) / 2
    if leg < 1.0:
        return None
    towards_left = 1.0 if left_hip[0] >= right_hip[0] else -1.0
    return math.dist(left_ankle, right_ankle) / leg, (left_hip[0] + right_hip[0]) / 2, towards_left


def _median(values: Iterable[float | None]) -> float | None:
    known = sorted(v for v in values if v is not None)
    return known[len(known) // 2] if known else None


def _peak(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
