"""Judging one depth rep: which faults it had, at its deepest moment (at first contact for landings).

Every measure is the median over the frames within ``window_seconds`` of that
moment, so a single bad keypoint never flags a rep.

A rep is not judged for knee tracking, and says why, when most of those
frames are not a front view (``side-on``), the person is turned more than
25° (``turned``), or the legs are not all in view (``legs out of view``).

A knee caves (``left_knee_in``, ``right_knee_in``) when, after correcting
for a slight turn (:mod:`kiosk.coach.knee`):

- it lies more than ``knee_in_offset`` leg lengths inside its hip–ankle line
  (absolute: at the default 0.15, more than any good knee of the synthetic
  athlete reached across stances, feet turned out 0–25°, turns of ±25° and
  camera heights of 0.3–2.1 m); on one leg, more than
  ``single_leg_knee_in_offset`` (0.06, an FPPA of 2·atan(2·0.06) ≈ 14°: above
  the 8.4 ± 5.1° of healthy single-leg squats, near the 16.8° seen with
  patellofemoral pain; the stance knee stands over its foot, with no turned-out
  stance to carry it outside its line); or
- from the first rep (:class:`~kiosk.coach.knee.AbsoluteLine`), it has swung
  more than ``knee_in_swing_deg`` inside its hip–ankle line (from the
  person's standing offset), or, on two legs, it lies inside its own ankle
  with the knees' gap under ``knee_in_kasr`` of the ankles'; or
- it lies more than ``knee_in_change`` inside where the person's own reps
  put it at this depth (:class:`~kiosk.coach.knee.UsualTrack`), or more
  than three times the scatter of those reps if that is larger, and is not
  pushed wide (``WIDE`` outside its line); or
- before the person's usual track is known, on two-legged work, it lies
  more than ``knee_in_asymmetry`` further in than the other knee and not
  outside its own line (``OUTSIDE``).

Squatting with the knees wide is not a fault, however the knees compare.

``shallow``: the rep's depth stayed under ``shallow_depth`` of the exercise's
full depth. ``trunk_lean``: the trunk leans ``trunk_lean_deg`` further
sideways than at the bottom of the person's usual reps (a turned body's
forward lean looks like a sideways one, the same every rep); before three
reps, twice that from the standing baseline, within 10° of facing the
mirror. ``hip_drop`` is judged against the standing baseline within 10° of
facing the mirror; with no still standing seen, at twice the threshold.

The faults' words and ranks are in :mod:`kiosk.coach.faults`.

Budget: runs once per rep, ≈ 0.3 ms.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk.coach.baseline import Baseline
from kiosk.coach.exercise_library import Exercise
from kiosk.coach.knee import (
    MAX_TURN_DEG,
    WIDE,
    AbsoluteLine,
    UsualTrack,
    knee_inside_ankle,
    knee_separation,
    square_to_mirror,
    turn_degrees,
)
from kiosk.coach.reps import Rep, RepFrame
from kiosk.config import CoachConfig


def coach_default(key: str) -> Any:
    """The default of the ``[coach]`` setting ``key``: where each threshold's default is written."""
    return CoachConfig.model_fields[key].default


COOLDOWN_SECONDS = coach_default("cooldown_seconds")

# Before the person's usual track is known, a knee this far outside its hip–ankle line is not caving
# whatever the other knee does; after, a knee this far outside is pushed wide, not caving.
OUTSIDE = -0.05
# Knees are compared with each other only from this depth: in a shallow rep a slight turn's effect on the two
# knees is no longer the hips' sideways shift scaled (the knees travel forward first).
ASYMMETRY_DEPTH = 0.5
# Trunk and pelvis are judged only this close to facing the mirror.
SQUARE_TURN_DEG = 10.0
# Before the person's usual lean is known (three reps), only a lean this many times the threshold is one.
FIRST_REPS_LEAN = 2.0


@dataclass(frozen=True)
class Thresholds:
    """When a measure is a fault. Their sources: docs/coach-thresholds.md.

    The defaults are written once, as the ``[coach]`` settings' own
    (kiosk/config/model.py), so staff see and change the very values the coach uses:

    >>> Thresholds().knee_in_offset == CoachConfig().knee_in_offset == 0.15
    True
    """

    knee_in_offset: float = coach_default("knee_in_offset")
    single_leg_knee_in_offset: float = coach_default("single_leg_knee_in_offset")
    knee_in_swing_deg: float = coach_default("knee_in_swing_deg")
    knee_in_kasr: float = coach_default("knee_in_kasr")
    knee_in_change: float = coach_default("knee_in_change")
    knee_in_asymmetry: float = coach_default("knee_in_asymmetry")
    shallow_depth: float = coach_default("shallow_depth")
    trunk_lean_deg: float = coach_default("trunk_lean_deg")
    hip_drop_deg: float = coach_default("hip_drop_deg")
    persist_frames: int = coach_default("persist_frames")
    window_seconds: float = 0.2  # not a setting: the frames a measure is a median over


@dataclass(frozen=True)
class RepResult:
    """One rep's verdict: when it happened, its faults and its measures at the judged moment.

    ``judged`` is false for a rep counted but not judged for knee tracking,
    and ``reason`` then says why ("side-on", "turned", "legs out of view").
    """

    index: int
    start: float
    bottom: float
    end: float
    faults: tuple[str, ...]
    metrics: dict[str, float | None] = field(default_factory=dict)
    side: str | None = None
    judged: bool = True
    reason: str | None = None

    @property
    def good(self) -> bool:
        """Whether the rep had no fault."""
        return not self.faults

    def to_json(self) -> dict[str, Any]:
        """The rep as the analyze report writes it."""
        return {
            "index": self.index,
            "start": round(self.start, 3),
            "bottom": round(self.bottom, 3),
            "end": round(self.end, 3),
            "faults": list(self.faults),
            "judged": self.judged,
            **({"not_judged": self.reason} if self.reason else {}),
            "metrics": {k: (None if v is None else round(v, 4)) for k, v in self.metrics.items()},
            **({"side": self.side} if self.side else {}),
        }


def judge(
    rep: Rep,
    exercise: Exercise,
    baseline: Baseline | None,
    thresholds: Thresholds,
    reference: UsualTrack,
    full_depth: float = 1.0,
) -> RepResult:
    """The verdict on one rep, judged against the person's own ``reference`` (not changed here)."""
    sides = _judged_sides(exercise, rep)
    single_leg = exercise.judged in ("front_leg", "stance_leg")
    bottom = rep.deepest(sides[0]) if single_leg and sides else rep.bottom
    moment = _landing_contact(rep) if exercise.judged == "landing" else bottom
    window = [f for f in rep.frames if abs(f.t - moment.t) <= thresholds.window_seconds] or [moment]
    depth = bottom.depths.get(sides[0], bottom.depth) if single_leg and sides else bottom.depth
    side = sides[0] if len(sides) == 1 else None
    # On one leg the hips shift over the stance foot on purpose: that shift says nothing of a turn.
    shift = None if single_leg else _median(f.shift for f in window)
    turn = turn_degrees(shift, depth)
    offsets = {s: _median(f.knees.get(s) for f in window) for s in ("left", "right")}
    metrics = _metrics(window, depth, square_to_mirror(offsets, shift), turn)
    metrics.update({f"measured_offset_{s}": offsets[s] for s in ("left", "right")})
    metrics.update(
        {f"inside_ankle_{s}": _median(_inside_ankle(f, s) for f in window) for s in ("left", "right")}
    )
    metrics["shift"] = shift
    metrics["knee_separation"] = _median(knee_separation(f.pose) for f in window if f.pose is not None)
    faults: list[str] = []
    if exercise.judged in ("bilateral", "front_leg") and depth < thresholds.shallow_depth * full_depth:
        faults.append("shallow")
    reason = _unjudgeable(window, turn)
    if reason is not None:
        return RepResult(rep.index, rep.start, bottom.t, rep.end, tuple(faults), metrics, side, False, reason)
    bilateral = exercise.judged in ("bilateral", "landing")
    for knee in sides:
        inside = metrics[f"inside_ankle_{knee}"]
        if _caving(
            knee, offsets, shift, depth, reference, thresholds, bilateral, baseline, metrics["kasr"], inside
        ):
            faults.insert(0, f"{knee}_knee_in")
    lean = metrics["trunk_lean"]
    usual = reference.usual_lean()
    if usual is not None:
        if _beyond(lean, usual, thresholds.trunk_lean_deg):
            faults.append("trunk_lean")
    elif (
        turn is not None
        and turn <= SQUARE_TURN_DEG
        and _beyond(
            lean, baseline.trunk_lean if baseline else None, FIRST_REPS_LEAN * thresholds.trunk_lean_deg
        )
    ):
        faults.append("trunk_lean")
    if turn is None or turn <= SQUARE_TURN_DEG:
        tilt = _median(f.metrics.pelvic_tilt for f in window)
        # Seen a little from the side, a level pelvis looks tilted; standing, it looked tilted just as much.
        limit = thresholds.hip_drop_deg * (1.0 if baseline is not None else FIRST_REPS_LEAN)
        if _beyond(tilt, baseline.pelvic_tilt if baseline else None, limit):
            faults.append("hip_drop")
    return RepResult(rep.index, rep.start, bottom.t, rep.end, tuple(sorted(set(faults), key=faults.index)),
                     metrics, side)  # fmt: skip


def _caving(
    knee: str,
    offsets: dict[str, float | None],
    shift: float | None,
    depth: float,
    reference: UsualTrack,
    thresholds: Thresholds,
    bilateral: bool,
    baseline: Baseline | None = None,
    kasr: float | None = None,
    inside: float | None = None,
) -> bool:
    """Whether one knee caved; ``offsets`` as measured, as the person's reference holds them."""
    raw = offsets[knee]
    square = square_to_mirror(offsets, shift)
    offset = square[knee]
    if raw is None or offset is None:
        return False
    if offset > (thresholds.knee_in_offset if bilateral else thresholds.single_leg_knee_in_offset):
        return True
    standing = baseline.knee_offset.get(knee, 0.0) if baseline is not None else 0.0
    line = AbsoluteLine(thresholds.knee_in_swing_deg, thresholds.knee_in_kasr, bilateral)
    if line.share(offset, depth, standing, kasr, inside) > 1.0:
        return True
    expected = reference.expected(knee, depth)
    if expected is not None:
        return offset > WIDE and raw - expected > reference.margin(knee, depth, thresholds.knee_in_change)
    other = square["right" if knee == "left" else "left"]
    if not bilateral or other is None or depth < ASYMMETRY_DEPTH:
        return False
    return offset > OUTSIDE and offset - other > thresholds.knee_in_asymmetry


def _unjudgeable(window: list[RepFrame], turn: float | None) -> str | None:
    views = [f.view for f in window]
    if sum(v is not None and v.frontal for v in views) * 2 <= len(views):
        return "side-on"
    if turn is not None and turn > MAX_TURN_DEG:
        return "turned"
    in_view = [f.pose is not None and f.pose.legs_in_view for f in window]
    if sum(in_view) * 2 <= len(in_view):
        return "legs out of view"
    return None


def _judged_sides(exercise: Exercise, rep: Rep) -> tuple[str, ...]:
    if exercise.judged in ("front_leg", "stance_leg"):
        stance = rep.stance_leg()
        return (stance,) if stance else ()
    return ("left", "right")


def _landing_contact(rep: Rep) -> RepFrame:
    """Initial contact: the first frame of the landing's absorption."""
    return rep.frames[1] if len(rep.frames) > 1 else rep.frames[0]


def _metrics(
    window: list[RepFrame], depth: float, offsets: dict[str, float | None], turn: float | None
) -> dict[str, float | None]:
    return {
        "depth": depth,
        "knee_offset_left": offsets["left"],
        "knee_offset_right": offsets["right"],
        "turn_deg": turn,
        "fppa_left": _median(f.metrics.left.fppa for f in window),
        "fppa_right": _median(f.metrics.right.fppa for f in window),
        "kasr": _median(f.metrics.kasr for f in window),
        "pelvic_tilt": _median(f.metrics.pelvic_tilt for f in window),
        "trunk_lean": _median(f.metrics.trunk_lean for f in window),
    }


def _inside_ankle(frame: RepFrame, side: str) -> float | None:
    if frame.pose is None:
        return None
    return knee_inside_ankle(frame.pose, side, frame.standing.leg_length if frame.standing else None)


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _beyond(value: float | None, baseline_value: float | None, limit: float) -> bool:
    return value is not None and abs(value - (baseline_value or 0.0)) > limit
