"""The coach's accuracy against the synthetic athlete's exact truth.

    python -m kiosk.commands.accuracy [--sets N] [--seed S] [--json]   (make accuracy)

Generates squat sets across camera heights, distances, body sizes, stance
widths and foot turn-out, with knee-in faults of 0–25° on random reps, runs
each through the real renderer, the real pose engine and the coach, and
compares every rep with its truth. Reports the rep count error, the share of
knee-in reps flagged on the right side by magnitude, false alarms per 100
good reps, and the pose engine's leg keypoint error with and without cropping.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene
from kiosk.athlete.motion import FaultSpec
from kiosk.coach.exercises import exercise_by_id
from kiosk.coach.session import Coach
from kiosk.config import Config, ModelConfig
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter

MAGNITUDES = (5, 10, 15, 20, 25)
FPS = 30


@dataclass(frozen=True)
class SetPlan:
    """One generated set: where the camera is, who squats, and which reps cave by how much."""

    camera_height: float
    distance: float
    body_height: float
    stance: float
    turn_out: float
    faults: tuple[FaultSpec, ...]
    reps: int = 6

    def scene(self) -> Scene:
        """The scene that renders this set."""
        motion = Motion(
            "squat", reps=self.reps, stance=self.stance, turn_out=self.turn_out, faults=self.faults
        )
        camera = Camera(height=self.camera_height, distance=self.distance)
        return Scene(Athlete(BodyShape(height=self.body_height)), camera, motion)


def plan_sets(count: int, seed: int = 7, magnitudes: tuple[int, ...] = MAGNITUDES) -> list[SetPlan]:
    """``count`` varied sets; in each, two or three reps cave on a random side."""
    rng = random.Random(seed)
    plans = []
    for index in range(count):
        reps = list(range(1, 7))
        rng.shuffle(reps)
        faults = []
        for rep in reps[: rng.choice((2, 3))]:
            side = rng.choice(("left", "right"))
            faults.append(
                FaultSpec(f"{side}_knee_in", float(magnitudes[(index + rep) % len(magnitudes)]), (rep,))
            )
        plans.append(
            SetPlan(
                camera_height=rng.uniform(0.9, 1.5),
                distance=rng.uniform(2.0, 3.2),
                body_height=rng.uniform(1.55, 1.95),
                stance=rng.uniform(0.10, 0.16),
                turn_out=rng.uniform(5, 20),
                faults=tuple(faults),
            )
        )
    return plans


def run_set(plan: SetPlan, tracker: PoseTracker, raw: PoseTracker | None = None) -> dict[str, Any]:
    """Run one set through engine and coach; return its reps' truth and verdicts and keypoint errors."""
    scene = plan.scene()
    coach = Coach(exercise_by_id("squat"), Config().coach.thresholds())
    tracker.reset()
    if raw is not None:
        raw.reset()
    errors: dict[str, list[float]] = {"cropped": [], "whole_frame": []}
    buffer = None
    for index in range(round(scene.motion.duration * FPS)):
        t = index / FPS
        buffer, truth = scene.render(t, buffer)
        pose = tracker.track(buffer, t)
        coach.update(pose, t)
        height = float(truth.keypoints[[15, 16], 1].max() - truth.keypoints[[1, 2], 1].mean()) * 1.12
        for name, found in (("cropped", pose), ("whole_frame", raw.track(buffer, t) if raw else None)):
            if found is not None:
                gap = np.linalg.norm(found.keypoints[11:17, :2] - truth.keypoints[11:17, :2], axis=1)
                errors[name].extend((gap / height).tolist())
    truth_reps = []
    for index in range(1, plan.reps + 1):
        _, bottom, _ = scene.motion.rep_window(index)
        faults = {f.kind: f.magnitude for f in plan.faults if index in f.reps}
        truth_reps.append({"index": index, "bottom": bottom, "faults": faults})
    return {"truth": truth_reps, "found": coach.results, "errors": errors}


def score(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures over all sets."""
    count_errors, hits, false_alarms, good_reps = [], defaultdict(lambda: [0, 0]), 0, 0
    errors = defaultdict(list)
    for result in results:
        count_errors.append(len(result["found"]) - len(result["truth"]))
        for name, values in result["errors"].items():
            errors[name].extend(values)
        for truth in result["truth"]:
            match = min(result["found"], key=lambda r: abs(r.bottom - truth["bottom"]), default=None)
            found = (
                set(match.faults) if match is not None and abs(match.bottom - truth["bottom"]) < 1.0 else None
            )
            knee_faults = {k: v for k, v in truth["faults"].items() if k.endswith("_knee_in")}
            if not knee_faults:
                good_reps += 1
                false_alarms += found is None or bool({"left_knee_in", "right_knee_in"} & found)
            for kind, magnitude in knee_faults.items():
                hits[magnitude][1] += 1
                hits[magnitude][0] += found is not None and kind in found
    return {
        "sets": len(results),
        "reps": sum(len(r["truth"]) for r in results),
        "rep_count_error_mean_abs": round(float(np.mean(np.abs(count_errors))), 3),
        "sets_with_exact_rep_count": sum(e == 0 for e in count_errors),
        "knee_in_hit_rate_by_degrees": {
            str(int(m)): {"flagged": h, "reps": n, "rate": round(h / n, 3)}
            for m, (h, n) in sorted(hits.items())
        },
        "false_alarms_per_100_good_reps": round(100 * false_alarms / good_reps, 2) if good_reps else None,
        "good_reps": good_reps,
        "leg_keypoint_error_median_share_of_height": {
            name: round(float(np.median(values)), 4) for name, values in errors.items() if values
        },
    }


def evaluate(sets: int, seed: int = 7, compare_whole_frame: bool = True) -> dict[str, Any]:
    """Plan, run and score ``sets`` sets."""
    interpreter = load_interpreter(ModelConfig())
    tracker = PoseTracker(PoseEstimator(interpreter))
    raw = PoseTracker(PoseEstimator(interpreter), crop=False) if compare_whole_frame else None
    return score([run_set(plan, tracker, raw) for plan in plan_sets(sets, seed)])


def main() -> None:
    """Run the evaluation and print its figures."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.commands.accuracy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sets", type=int, default=20, help="sets of six squats (default 20)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    if args.sets < 1:
        parser.error("--sets must be 1 or more")
    figures = evaluate(args.sets, args.seed)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{figures['sets']} sets, {figures['reps']} reps")
    exact = figures["sets_with_exact_rep_count"]
    print(f"rep count: mean abs error {figures['rep_count_error_mean_abs']}, exact in {exact} sets")
    for degrees, hit in figures["knee_in_hit_rate_by_degrees"].items():
        rate = f"{hit['flagged']}/{hit['reps']} ({hit['rate']:.0%})"
        print(f"knee in {degrees:>2}°: flagged on the right side {rate}")
    alarms, good = figures["false_alarms_per_100_good_reps"], figures["good_reps"]
    print(f"false alarms: {alarms} per 100 good reps ({good} good reps)")
    errors = figures["leg_keypoint_error_median_share_of_height"]
    print(f"leg keypoint error (median, share of height): {errors}")


if __name__ == "__main__":
    main()
