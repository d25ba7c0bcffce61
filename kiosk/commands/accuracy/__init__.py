"""The coach's accuracy against the synthetic athlete's exact truth, class by class.

    python -m kiosk.commands.accuracy [--classes A,B] [--sets-per-class N] [--seed S]
                                      [--path live|offline|both] [--workers N] [--config PATH] [--json]
    (make accuracy)

Generates sets in each class of :mod:`~kiosk.commands.accuracy.classes` (camera
placement, turn, head out of frame, arms, short standing, partial squats,
keypoint dropouts and noise live and in raw tracks, wide-knee good squats,
non-reps, single-leg step-downs starting mid-rep), runs each set's poses —
rendered through the real MoveNet model and pose engine, or read back from a
perturbed kiosk-track/1 file — through the coach under test
(:mod:`~kiosk.commands.accuracy.judges`: ``live`` and ``offline``), and scores
every rep against its truth (:mod:`~kiosk.commands.accuracy.score`). Prints a
per-class table (or ``--json``), which classes meet issue 13's
done-criteria, and overall the caves and false alarms by the feet's turn-out.

A default run (14 classes × 8 sets, 29 minutes of video; both judges, 2 worker
processes) took 336 s and 373 s on this project's 2-core x86 machine, shared
with other work (2026-11-27): about 6 minutes. ``--classes`` and
``--sets-per-class`` make it shorter; every set is rendered and run through the
model afresh.

>>> sorted(CLASSES)[:3]
['arms_overhead', 'bar_on_back', 'baseline']
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kiosk.commands.accuracy.classes import CLASSES, plan_class
from kiosk.commands.accuracy.judges import FROM_FIRST_FRAME, JUDGES, JudgeSet
from kiosk.commands.accuracy.runner import SetOutcome, run_sets
from kiosk.commands.accuracy.score import Tally
from kiosk.config import Config

__all__ = ["CLASSES", "JUDGES", "evaluate"]


def evaluate(
    classes: list[str] | tuple[str, ...] | None = None,
    sets_per_class: int = 8,
    seed: int = 7,
    paths: tuple[str, ...] = ("live", "offline"),
    workers: int = 2,
    config: Config | None = None,
    judges: dict[str, JudgeSet] | None = None,
    scratch: Path | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Plan, run and score the sets; the figures per class and judge, and overall.

    ``judges`` replaces the built-in ones (name → ``judge_set``); ``scratch``
    is where raw tracks are written for a moment (default: the system's
    temporary folder).
    """
    started = time.perf_counter()
    names = list(classes or CLASSES)
    judges = judges or {path: JUDGES[path] for path in paths}
    config = config or Config()
    plans = [plan for name in names for plan in plan_class(name, sets_per_class, seed)]
    outcomes = run_sets(plans, judges, config, workers, scratch, progress)
    tallies = {name: {judge: Tally(judge in FROM_FIRST_FRAME) for judge in judges} for name in names}
    overall = {judge: Tally(judge in FROM_FIRST_FRAME) for judge in judges}
    for outcome in outcomes:
        motion = outcome.plan.motion
        for judge, found in outcome.found.items():
            for tally in (tallies[outcome.plan.cls][judge], overall[judge]):
                tally.add(
                    outcome.truth,
                    found,
                    outcome.plan.exercise,
                    motion.rep_seconds + motion.pause,
                    motion.turn_out,
                )
                tally.legs_seen.append(outcome.legs_seen)
                tally.leg_errors.extend(outcome.leg_errors)
    return {
        "sets_per_class": sets_per_class,
        "seed": seed,
        "paths": list(judges),
        "classes": {
            name: {
                "description": CLASSES[name].description,
                "paths": {judge: tally.figures() for judge, tally in tallies[name].items()},
                "sets": [_set_details(o) for o in outcomes if o.plan.cls == name],
            }
            for name in names
        },
        "overall": {judge: tally.figures() for judge, tally in overall.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }


def _set_details(outcome: SetOutcome) -> dict[str, Any]:
    """What one set was, and how many reps each judge counted: for digging into a class."""
    plan, camera, motion = outcome.plan, outcome.plan.camera, outcome.plan.motion
    return {
        "index": plan.index,
        "exercise": motion.exercise,
        "camera": {
            "height_m": round(camera.height, 2),
            "pitch_deg": round(camera.pitch, 1),
            "distance_m": round(camera.distance, 2),
            "principal_y_px": None if camera.principal_y is None else round(camera.principal_y),
        },
        "body_height_m": round(plan.body_height, 2),
        "turn_deg": round(motion.turn, 1),
        "arms": motion.arms,
        "lead_in_s": round(motion.lead_in, 2),
        "knees_out_deg": round(motion.knees_out, 1),
        "turn_out_deg": round(motion.turn_out, 1),
        "noise": None
        if plan.noise is None
        else {"sigma_px": plan.noise.sigma_px, "dropout": round(plan.noise.dropout, 3)},
        "truth": [
            {"bottom": rep["bottom"], "faults": rep["faults"], "depth": rep["depth"]}
            for rep in outcome.truth
            if rep["in_clip"]
        ],
        "found": {
            judge: [
                {"bottom": round(r.bottom, 2), "faults": list(r.faults), "judged": r.judged} for r in results
            ]
            for judge, results in outcome.found.items()
        },
        "legs_seen_share": round(outcome.legs_seen, 3),
    }
