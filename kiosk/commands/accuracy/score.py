"""Scoring a judge's verdicts against the athlete's truth, per class.

Found reps are matched to true reps by the time of their bottom (nearest
first, within half a rep-and-pause and never more than 1 s). Then, per set:

- **count**: exact when the judge counted as many reps as the truth has (zero
  for the non-reps). A judge that sees the set as the mirror does, from its
  first frame on (``from_first_frame``: the live coach), may count a rep the
  recording starts in the middle of or not: at the mirror people step in
  standing, and only a judge with the whole recording can tell such a rep
  from someone arriving bent over. Counted, it is scored like any other;
- **knee-in caught**: a true knee-in rep whose judged rep names that knee;
  an uncounted caving rep is a miss;
- **false alarm**: a knee-in flag on a rep with no true knee-in, or on a rep
  that matches no true rep; counted per 100 good reps (the good reps the
  judge counted). A flag on the other knee of a caving rep is tallied apart;
- **turned** beyond ±25°: such reps are expected "not judged"; a flag on a
  good one is a false alarm, a caving one is neither hit nor miss, and the
  share left unjudged is reported;
- **shallow** (squats): a rep shallower than the squat asks for
  (``SQUAT_DEPTH_ASKED``) should be flagged ``shallow``, a full one should
  not.

Given each set's foot turn-out, the same hits and alarms are also split by
it (``by_turn_out``), and caves of 10° or more by how far they cave past it
(``by_cave_past_turn_out``): MoveNet has no toe points, so a knee caving
``c``° over feet turned out ``t``° shows only ``c − t``° of it
(docs/coach-thresholds.md, "What 17 keypoints cannot see").

The done-criteria (issue 13): exact counts on ≥ 95% of sets, ≥ 95% of caving
knees of 15° or more caught, ≤ 1 false alarm per 100 good reps.

>>> from kiosk.coach.verdict import RepResult
>>> truth = [{"bottom": 1.0, "faults": {"left_knee_in": 20.0}, "turn": 0.0, "depth": 1.0, "in_clip": True}]
>>> tally = Tally()
>>> tally.add(truth, [RepResult(1, 0.5, 1.1, 1.6, ("left_knee_in",))], "squat", 2.0)
>>> tally.figures()["caught_15_plus"], tally.figures()["exact_sets"]
('1/1', '1/1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.coach.verdict import RepResult
from kiosk.commands.accuracy.classes import MAGNITUDES, SQUAT_DEPTH_ASKED, TURN_JUDGED

KNEES = ("left_knee_in", "right_knee_in")
# Bands (from each lower bound) of the feet's turn-out, each foot, and of a cave's degrees less the turn-out.
TURN_OUT_BANDS = ((0.0, "0–10°"), (10.0, "10–20°"), (20.0, "20°+"))
PAST_TURN_OUT_BANDS = ((float("-inf"), "< 5°"), (5.0, "5–10°"), (10.0, "≥ 10°"))
EXACT_SHARE, CAUGHT_SHARE, FALSE_ALARMS_PER_100 = 0.95, 0.95, 1.0


@dataclass
class Tally:
    """Counts over sets, for one judge (``from_first_frame``: one that sees a set as the mirror does)."""

    from_first_frame: bool = False
    sets: int = 0
    exact_sets: int = 0
    reps_true: int = 0
    reps_found: int = 0
    hits: dict[int, list[int]] = field(default_factory=lambda: {m: [0, 0] for m in MAGNITUDES})
    good_reps: int = 0
    flagged_good: int = 0
    flagged_extra: int = 0
    other_knee: int = 0
    beyond_turn: int = 0
    beyond_turn_unjudged: int = 0
    shallow_expected: int = 0
    shallow_flagged: int = 0
    full_reps: int = 0
    full_flagged_shallow: int = 0
    legs_seen: list[float] = field(default_factory=list)
    leg_errors: list[float] = field(default_factory=list)
    # Per band of turn-out: ≥ 15° caves [caught, all], 10–14° caves [caught, all], [false alarms, good reps].
    turn_out_bands: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    past_turn_out: dict[str, list[int]] = field(default_factory=dict)  # caves ≥ 10°: [caught, all]

    def add(
        self,
        truth: list[dict[str, Any]],
        found: list[RepResult],
        exercise: str,
        period: float,
        turn_out: float | None = None,
    ) -> None:
        """Score one set: its true reps against the judge's reps (``turn_out``: the set's feet, degrees)."""
        truth = [rep for rep in truth if rep["in_clip"]]
        pairs, extras = match(truth, found, min(1.0, period / 2))
        if self.from_first_frame:  # a rep begun before the first frame need not be counted
            pairs = [(rep, verdict) for rep, verdict in pairs if verdict is not None or rep["start"] >= 0]
        self.sets += 1
        self.exact_sets += not extras and all(verdict is not None for _, verdict in pairs)
        self.reps_true += len(pairs)
        self.reps_found += len(found)
        self.flagged_extra += sum(bool(set(KNEES) & set(rep.faults)) for rep in extras)
        if turn_out is not None:
            self._by_turn_out(pairs, extras, turn_out)
        for rep, verdict in pairs:
            flags = set(verdict.faults) if verdict is not None else set()
            caving = {kind: m for kind, m in rep["faults"].items() if kind in KNEES}
            judged_view = abs(rep["turn"]) <= TURN_JUDGED
            if not judged_view:
                self.beyond_turn += 1
                self.beyond_turn_unjudged += verdict is not None and not verdict.judged
            if not caving:
                if verdict is not None:
                    self.good_reps += 1
                    self.flagged_good += bool(set(KNEES) & flags)
            elif judged_view:
                for kind, magnitude in caving.items():
                    tally = self.hits.setdefault(int(magnitude), [0, 0])
                    tally[0] += kind in flags
                    tally[1] += 1
                self.other_knee += bool((set(KNEES) - set(caving)) & flags)
            if exercise == "squat":
                if rep["depth"] < SQUAT_DEPTH_ASKED:
                    self.shallow_expected += 1
                    self.shallow_flagged += "shallow" in flags
                else:
                    self.full_reps += 1
                    self.full_flagged_shallow += "shallow" in flags

    def _by_turn_out(
        self, pairs: list[tuple[dict[str, Any], RepResult | None]], extras: list[RepResult], turn_out: float
    ) -> None:
        band = self.turn_out_bands.setdefault(
            _band(turn_out, TURN_OUT_BANDS), {"15": [0, 0], "10": [0, 0], "alarms": [0, 0]}
        )
        band["alarms"][0] += sum(bool(set(KNEES) & set(rep.faults)) for rep in extras)
        for rep, verdict in pairs:
            flags = set(verdict.faults) if verdict is not None else set()
            caving = {kind: m for kind, m in rep["faults"].items() if kind in KNEES}
            if not caving:
                if verdict is not None:
                    band["alarms"][0] += bool(set(KNEES) & flags)
                    band["alarms"][1] += 1
                continue
            if abs(rep["turn"]) > TURN_JUDGED:
                continue
            for kind, magnitude in caving.items():
                if magnitude < 10:
                    continue
                hit = kind in flags
                tally = band["15" if magnitude >= 15 else "10"]
                tally[0] += hit
                tally[1] += 1
                past = self.past_turn_out.setdefault(_band(magnitude - turn_out, PAST_TURN_OUT_BANDS), [0, 0])
                past[0] += hit
                past[1] += 1

    @property
    def false_alarms(self) -> int:
        """Knee-in flags on good reps and on reps that are not there."""
        return self.flagged_good + self.flagged_extra

    def figures(self) -> dict[str, Any]:
        """The figures, as the table and ``--json`` give them."""
        caught = [sum(self.hits[m][i] for m in self.hits if m >= 15) for i in (0, 1)]
        per_100 = 100 * self.false_alarms / self.good_reps if self.good_reps else None
        return {
            "sets": self.sets,
            "exact_sets": f"{self.exact_sets}/{self.sets}",
            "exact_share": _share(self.exact_sets, self.sets),
            "reps_true": self.reps_true,
            "reps_found": self.reps_found,
            "knee_in_caught_by_degrees": {str(m): f"{h}/{n}" for m, (h, n) in sorted(self.hits.items())},
            "caught_15_plus": f"{caught[0]}/{caught[1]}",
            "caught_15_plus_share": _share(*caught),
            "caught_10_to_14": "{}/{}".format(
                *[sum(self.hits[m][i] for m in self.hits if 10 <= m < 15) for i in (0, 1)]
            ),
            "good_reps": self.good_reps,
            "false_alarms": self.false_alarms,
            "false_alarms_on_reps_not_there": self.flagged_extra,
            "false_alarms_per_100_good_reps": None if per_100 is None else round(per_100, 2),
            "other_knee_flagged_on_caving_reps": self.other_knee,
            "beyond_25_deg_reps": self.beyond_turn,
            "beyond_25_deg_unjudged_share": _share(self.beyond_turn_unjudged, self.beyond_turn),
            "shallow_flagged": f"{self.shallow_flagged}/{self.shallow_expected}",
            "full_reps_flagged_shallow": f"{self.full_flagged_shallow}/{self.full_reps}",
            "legs_seen_share": round(float(np.mean(self.legs_seen)), 3) if self.legs_seen else None,
            "leg_error_median": round(float(np.median(self.leg_errors)), 4) if self.leg_errors else None,
            "meets": self.meets(),
            "by_turn_out": {
                label: {
                    "caught_15_plus": "{}/{}".format(*band["15"]),
                    "caught_15_plus_share": _share(*band["15"]),
                    "caught_10_to_14": "{}/{}".format(*band["10"]),
                    "false_alarms": band["alarms"][0],
                    "good_reps": band["alarms"][1],
                }
                for _, label in TURN_OUT_BANDS
                if (band := self.turn_out_bands.get(label))
            },
            "by_cave_past_turn_out": {
                label: {"caught": "{}/{}".format(*past), "share": _share(*past)}
                for _, label in PAST_TURN_OUT_BANDS
                if (past := self.past_turn_out.get(label))
            },
        }

    def meets(self) -> dict[str, bool]:
        """Which done-criteria hold (a criterion with nothing to judge holds)."""
        caught = [sum(self.hits[m][i] for m in self.hits if m >= 15) for i in (0, 1)]
        alarms_ok = (
            self.false_alarms * 100 <= FALSE_ALARMS_PER_100 * self.good_reps
            if self.good_reps
            else self.false_alarms == 0
        )
        return {
            "exact_counts": self.sets > 0 and self.exact_sets >= EXACT_SHARE * self.sets,
            "caught_15_plus": caught[1] == 0 or caught[0] >= CAUGHT_SHARE * caught[1],
            "false_alarms": alarms_ok,
        }


def match(
    truth: list[dict[str, Any]], found: list[RepResult], tolerance: float
) -> tuple[list[tuple[dict[str, Any], RepResult | None]], list[RepResult]]:
    """Pair true reps with found reps by bottom time, nearest first; the found reps left over.

    >>> reps = [RepResult(1, 0, 1.2, 2, ()), RepResult(2, 5, 9.0, 10, ())]
    >>> pairs, extras = match([{"bottom": 1.0}, {"bottom": 4.0}], reps, 1.0)
    >>> [None if f is None else f.index for _, f in pairs], [r.index for r in extras]
    ([1, None], [2])
    """
    candidates = sorted(
        (abs(rep.bottom - true["bottom"]), i, j)
        for i, true in enumerate(truth)
        for j, rep in enumerate(found)
    )
    paired: dict[int, int] = {}
    used: set[int] = set()
    for gap, i, j in candidates:
        if gap < tolerance and i not in paired and j not in used:
            paired[i] = j
            used.add(j)
    pairs = [(true, found[paired[i]] if i in paired else None) for i, true in enumerate(truth)]
    return pairs, [rep for j, rep in enumerate(found) if j not in used]


def _band(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    """The label of the last band whose lower bound ``value`` reaches (the first band's below them all)."""
    return [label for bound, label in bands if value >= bound][-1] if value >= bands[0][0] else bands[0][1]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
