"""The end-of-routine summary: plain numbers and short strings the summary screen draws.

Per exercise: reps, steps or seconds done, the share of good reps overall and
per side, the most common fault. Over the routine: left/right asymmetry, the
retest's change in knee tracking per side with an honest noise verdict (the
smallest detectable change in FPPA between sessions is about 8°), and one
piece of advice, drawn from the reference (../shared/reference/knee-tracking.md)
for the faults seen most.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kiosk.coach.exercise_library import Exercise
from kiosk.coach.faults import ADVICE, CLEAN_ADVICE, FAULTS
from kiosk.coach.safety import SAFETY_TEXT
from kiosk.coach.verdict import RepResult

NOISE_FPPA_DEG = 8.0
SIDES = ("left", "right")


@dataclass(frozen=True)
class ExerciseSummary:
    """One exercise, in a routine or on its own: what was done and how well.

    The summary screen and ``kiosk analyze`` both read this (``to_json`` is
    the report's form).
    """

    exercise_id: str
    name: str
    unit: str
    target: float
    done: dict[str, float]
    good_share: float | None
    good_share_by_side: dict[str, float | None]
    most_common_fault: str | None
    faults: dict[str, int]
    skipped: bool = False
    reps: int = 0
    per_side: dict[str, int] = field(default_factory=lambda: {"left": 0, "right": 0})
    judged_reps: int = 0
    good_reps: int = 0
    knee_in: dict[str, int] = field(default_factory=lambda: {"left": 0, "right": 0})
    mean_knee_offset: dict[str, float | None] = field(default_factory=lambda: {"left": None, "right": None})
    hold_seconds: dict[str, float] | None = None
    best_shin_tilt: dict[str, float] | None = None
    message: str | None = None
    note: str = SAFETY_TEXT

    def to_json(self) -> dict[str, Any]:
        """The summary as ``kiosk analyze`` reports it."""
        left, right = self.mean_knee_offset["left"], self.mean_knee_offset["right"]
        report = {
            "reps": self.reps,
            "per_side": dict(self.per_side),
            "judged_reps": self.judged_reps,
            "good_reps": self.good_reps,
            "good_share": self.good_share,
            "faults": dict(self.faults),
            "asymmetry": {
                "left_knee_in": self.knee_in["left"],
                "right_knee_in": self.knee_in["right"],
                "mean_knee_offset_left": left,
                "mean_knee_offset_right": right,
                "difference": round(left - right, 4) if left is not None and right is not None else None,
            },
            "note": self.note,
        }
        if self.hold_seconds is not None:
            report["hold_seconds"] = dict(self.hold_seconds)
        if self.best_shin_tilt is not None:
            report["best_shin_tilt"] = dict(self.best_shin_tilt)
        if self.message is not None:
            report["message"] = self.message
        return report


@dataclass(frozen=True)
class RetestChange:
    """One knee's tracking at the opening check and at the retest, as a knee-in angle in degrees.

    The angle is the FPPA that the knee's medial offset at the bottom of each
    rep makes for a leg of equal thigh and shank, 2·atan(2·offset), averaged
    over the reps: deep in a squat the thigh is foreshortened and the raw FPPA
    becomes unstable (../shared/reference/knee-tracking.md), the offset does not.
    """

    side: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """After minus before: negative is less inward (better)."""
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def beyond_noise(self) -> bool:
        """Whether the change is larger than measurement noise (8° of FPPA)."""
        return self.change is not None and abs(self.change) > NOISE_FPPA_DEG

    @property
    def text(self) -> str:
        """One honest line for the screen.

        >>> RetestChange("left", 14.0, 9.0).text
        'Left knee: 5° less inward — within measurement noise (8°)'
        >>> RetestChange("right", 18.0, 7.0).text
        'Right knee: 11° less inward — more than measurement noise (8°)'
        """
        name = f"{self.side.capitalize()} knee"
        if self.change is None:
            return f"{name}: no reading to compare"
        way = "less" if self.change < 0 else "more"
        amount = f"{abs(self.change):.0f}° {way} inward" if round(abs(self.change)) else "no change"
        verdict = "more than" if self.beyond_noise else "within"
        return f"{name}: {amount} — {verdict} measurement noise ({NOISE_FPPA_DEG:.0f}°)"


@dataclass(frozen=True)
class Summary:
    """The whole routine's summary."""

    exercises: tuple[ExerciseSummary, ...]
    good_share: float | None
    good_share_by_side: dict[str, float | None]
    most_common_fault: str | None
    asymmetry: dict[str, int]
    asymmetry_text: str
    retest: tuple[RetestChange, ...]
    advice: str
    note: str = SAFETY_TEXT


def exercise_summary(
    exercise: Exercise,
    results: list[RepResult],
    done: dict[str, float],
    skipped: bool = False,
    **counted: Any,
) -> ExerciseSummary:
    """One exercise's summary from its rep results, and whether it was skipped.

    ``counted`` is what its coach counted beyond the results: reps, reps per
    side, seconds held, shin tilts, a message about the view.
    """
    judged = [r for r in results if r.judged]
    faults = Counter(f for r in judged for f in r.faults)
    by_side = {side: _share([r for r in judged if _touches(r, side)]) for side in SIDES}
    offsets = {
        side: [offset for r in judged if (offset := r.metrics.get(f"knee_offset_{side}")) is not None]
        for side in SIDES
    }
    counted.setdefault("reps", len(results))
    return ExerciseSummary(
        exercise.id, exercise.name, exercise.unit, exercise.target, done, _share(judged), by_side,
        faults.most_common(1)[0][0] if faults else None, dict(faults), skipped,
        judged_reps=len(judged), good_reps=sum(r.good for r in judged),
        knee_in={side: faults[f"{side}_knee_in"] for side in SIDES},
        mean_knee_offset={side: round(sum(v) / len(v), 4) if v else None for side, v in offsets.items()},
        **counted,
    )  # fmt: skip


def retest_changes(before: list[RepResult], after: list[RepResult]) -> tuple[RetestChange, ...]:
    """Each knee's mean knee-in angle at the bottom of the check's reps against the retest's.

    >>> def rep(left, right):
    ...     return RepResult(1, 0, 1, 2, (), {"knee_offset_left": left, "knee_offset_right": right})
    >>> [c.beyond_noise for c in retest_changes([rep(0.12, 0.03)] * 3, [rep(0.05, 0.01)] * 3)]
    [True, False]
    """
    return tuple(RetestChange(side, _mean_angle(before, side), _mean_angle(after, side)) for side in SIDES)


def knee_in_angle(offset: float) -> float:
    """The FPPA, degrees, that a medial knee offset (share of leg length) makes with equal thigh and shank.

    >>> round(knee_in_angle(0.06), 1)
    13.7
    """
    return math.degrees(2 * math.atan(2 * offset))


def routine_summary(
    parts: list[ExerciseSummary], all_results: list[RepResult], retest: tuple[RetestChange, ...]
) -> Summary:
    """The routine's summary from its exercises' summaries and every judged rep."""
    judged = [r for r in all_results if r.judged]
    faults = Counter(f for r in judged for f in r.faults)
    asymmetry = {side: faults[f"{side}_knee_in"] for side in SIDES}
    by_side = {side: _share([r for r in judged if _touches(r, side)]) for side in SIDES}
    return Summary(
        tuple(parts), _share(judged), by_side,
        faults.most_common(1)[0][0] if faults else None, asymmetry, asymmetry_text(asymmetry), retest,
        advice_for(faults),
    )  # fmt: skip


def asymmetry_text(knee_in: dict[str, int]) -> str:
    """Which knee caved more often, in words.

    >>> asymmetry_text({"left": 4, "right": 1}), asymmetry_text({"left": 0, "right": 0})
    ('Left knee caved in 4 times, right 1', 'Neither knee caved in')
    """
    left, right = knee_in["left"], knee_in["right"]
    if not left and not right:
        return "Neither knee caved in"
    if left == right:
        return f"Both knees caved in equally often ({left} times each)"
    more, fewer = ("left", "right") if left > right else ("right", "left")
    return f"{more.capitalize()} knee caved in {knee_in[more]} times, {fewer} {knee_in[fewer]}"


def advice_for(faults: Counter[str]) -> str:
    """One piece of advice for the most frequent fault family seen, or for clean work.

    >>> advice_for(Counter({"right_knee_in": 3, "trunk_lean": 1})).startswith("Knees caving in")
    True
    """
    groups = list(ADVICE)
    scored: Counter[str] = Counter()
    for fault_id, count in faults.items():
        if fault_id in FAULTS:
            scored[FAULTS[fault_id].advice] += count
    if not scored:
        return CLEAN_ADVICE
    group = max(scored, key=lambda g: (scored[g], -groups.index(g)))
    return ADVICE[group]


def _touches(result: RepResult, side: str) -> bool:
    return result.side is None or result.side == side


def _share(results: list[RepResult]) -> float | None:
    return round(sum(r.good for r in results) / len(results), 3) if results else None


def _mean_angle(results: list[RepResult], side: str) -> float | None:
    values = [
        knee_in_angle(offset)
        for r in results
        if r.judged
        and (r.side is None or r.side == side)
        and (offset := r.metrics.get(f"knee_offset_{side}")) is not None
    ]
    return sum(values) / len(values) if values else None
