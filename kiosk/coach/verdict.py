"""Judging one rep: which faults it had, at its deepest frame (or at landing).

A fault counts only when it persists: it must hold in most of the frames
around the judged moment, and in at least ``persist_frames`` of them, so a
single bad keypoint never flags a rep. Knees are judged against the person's
standing baseline and in absolute terms.

Fault vocabulary: ``left_knee_in``, ``right_knee_in``, ``shallow``,
``trunk_lean``, ``hip_drop``. Sides are the person's anatomical sides.

Budget: runs once per rep, ≈ 0.2 ms.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from kiosk.coach.baseline import Baseline
from kiosk.coach.exercises import Exercise
from kiosk.coach.reps import Rep, RepFrame
from kiosk.pose.facing import Facing

FAULTS = ("left_knee_in", "right_knee_in", "shallow", "trunk_lean", "hip_drop")
# Seen from the front, a lunge's front thigh points at the camera and is foreshortened: a full-depth
# lunge reads about half a squat to parallel on the depth measure (0.51 for the synthetic athlete).
FRONT_LEG_DEPTH = 0.5


@dataclass(frozen=True)
class Thresholds:
    """When a measure is a fault. Defaults and their sources: docs/coach-thresholds.md."""

    knee_in_offset: float = 0.06
    knee_in_change: float = 0.05
    knee_in_rep_change: float = 0.1
    knee_in_asymmetry: float = 0.12
    shallow_depth: float = 0.6
    trunk_lean_deg: float = 10.0
    hip_drop_deg: float = 8.0
    persist_frames: int = 3
    window_seconds: float = 0.2


@dataclass(frozen=True)
class RepResult:
    """One rep's verdict: when it happened, its faults and its measures at the judged moment."""

    index: int
    start: float
    bottom: float
    end: float
    faults: tuple[str, ...]
    metrics: dict[str, float | None] = field(default_factory=dict)
    side: str | None = None
    judged: bool = True

    @property
    def good(self) -> bool:
        """Whether the rep had no fault."""
        return not self.faults

    def to_json(self) -> dict:
        """The rep as the analyze report writes it."""
        return {
            "index": self.index,
            "start": round(self.start, 3),
            "bottom": round(self.bottom, 3),
            "end": round(self.end, 3),
            "faults": list(self.faults),
            "judged": self.judged,
            "metrics": {k: (None if v is None else round(v, 4)) for k, v in self.metrics.items()},
            **({"side": self.side} if self.side else {}),
        }


def judge(
    rep: Rep,
    exercise: Exercise,
    baseline: Baseline | None,
    thresholds: Thresholds,
    history: dict[str, list[float]] | None = None,
) -> RepResult:
    """The verdict on one rep; a rep seen side-on is counted but not judged (``judged=False``).

    ``history`` holds each knee's offset at the bottom of the person's earlier
    judged reps: a knee that comes in well past where it usually tracks is
    caving even when feet turned out keep it outside the hip–ankle line.
    """
    bottom = rep.bottom
    moment = _landing_contact(rep) if exercise.judged == "landing" else bottom
    window = [f for f in rep.frames if abs(f.t - moment.t) <= thresholds.window_seconds]
    if sum(map(_judgeable, window)) * 2 <= len(window):
        return RepResult(
            rep.index, rep.start, bottom.t, rep.end, (), _metrics(moment, bottom.depth), None, False
        )
    sides = _judged_sides(exercise, moment)
    bilateral = exercise.judged in ("bilateral", "landing")
    faults = []
    for side in sides:
        usual = _usual(history, side)

        def caving(frame, side=side, usual=usual):
            return _knee_in(frame, side, baseline, thresholds, usual, bilateral)

        if _persists(window, thresholds, caving):
            faults.append(f"{side}_knee_in")
    depth = bottom.depth
    shallow = thresholds.shallow_depth * (FRONT_LEG_DEPTH if exercise.judged == "front_leg" else 1.0)
    if exercise.judged in ("bilateral", "front_leg") and depth is not None and depth < shallow:
        faults.append("shallow")
    if _persists(window, thresholds, lambda f: _over(f.metrics.trunk_lean, baseline and baseline.trunk_lean,
                                                      thresholds.trunk_lean_deg)):  # fmt: skip
        faults.append("trunk_lean")
    if _persists(window, thresholds, lambda f: _over(f.metrics.pelvic_tilt, baseline and baseline.pelvic_tilt,
                                                      thresholds.hip_drop_deg)):  # fmt: skip
        faults.append("hip_drop")
    metrics = _metrics(moment, depth)
    side = sides[0] if len(sides) == 1 else None
    return RepResult(rep.index, rep.start, bottom.t, rep.end, tuple(faults), metrics, side)


def _judgeable(frame: RepFrame) -> bool:
    pose = frame.pose
    return pose is None or (pose.legs_in_view and pose.facing in (Facing.FRONT, Facing.BACK))


def _metrics(frame: RepFrame, depth: float) -> dict[str, float | None]:
    m = frame.metrics
    return {
        "depth": depth,
        "fppa_left": m.left.fppa,
        "fppa_right": m.right.fppa,
        "knee_offset_left": m.left.knee_offset,
        "knee_offset_right": m.right.knee_offset,
        "kasr": m.kasr,
        "pelvic_tilt": m.pelvic_tilt,
        "trunk_lean": m.trunk_lean,
    }


def _judged_sides(exercise: Exercise, moment: RepFrame) -> tuple[str, ...]:
    if exercise.judged in ("front_leg", "stance_leg"):
        side = _working_leg(moment)
        return (side,) if side else ()
    return ("left", "right")


def _working_leg(frame: RepFrame) -> str | None:
    """The leg carrying the weight: the lunge's front leg, the step-down's stance leg.

    Its thigh comes towards horizontal, so its hip sinks towards its knee; the
    other leg's knee hangs (or kneels) far below its hip.
    """
    left, right = frame.metrics.left.depth, frame.metrics.right.depth
    if left is None or right is None:
        return None
    return "left" if left > right else "right"


def _landing_contact(rep: Rep) -> RepFrame:
    """Initial contact: the first frame of the landing's absorption."""
    return rep.frames[1] if len(rep.frames) > 1 else rep.frames[0]


def _knee_in(
    frame: RepFrame,
    side: str,
    baseline: Baseline | None,
    thresholds: Thresholds,
    usual: float | None,
    bilateral: bool,
) -> bool | None:
    offset = frame.metrics.leg(side).knee_offset
    if offset is None:
        return None
    if offset > thresholds.knee_in_offset:
        return True
    if baseline is not None and offset - baseline.knee_offset[side] > thresholds.knee_in_change:
        return True
    if usual is not None and offset - usual > thresholds.knee_in_rep_change:
        return True
    other = frame.metrics.leg("right" if side == "left" else "left").knee_offset
    return bilateral and other is not None and offset - other > thresholds.knee_in_asymmetry


def _usual(history: dict[str, list[float]] | None, side: str) -> float | None:
    """The knee's usual offset at the bottom: the median of at least two earlier reps."""
    values = (history or {}).get(side, [])
    return statistics.median(values) if len(values) >= 2 else None


def _over(value: float | None, baseline_value: float | None, limit: float) -> bool | None:
    if value is None:
        return None
    return abs(value - (baseline_value or 0.0)) > limit


def _persists(window: list[RepFrame], thresholds: Thresholds, test) -> bool:
    results = [r for r in (test(f) for f in window) if r is not None]
    hits = sum(results)
    return hits >= min(thresholds.persist_frames, len(window)) and hits * 2 > len(results) > 0
