"""Front-view patterns on the athlete's exact keypoints: each rep counted once, faults on their rep."""

import pytest

from kiosk.athlete.motion import Motion
from kiosk.athlete.scene import Scene
from kiosk.athlete.script import parse_fault
from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.session import Coach
from kiosk.commands.analyze import analyze_poses
from kiosk.config import Config
from kiosk.pose import Pose

from .motion import FPS


def coach_on_truth(exercise, reps=5, faults=()):
    scene = Scene(motion=Motion(exercise, reps=reps, faults=tuple(map(parse_fault, faults))))
    coach = Coach(exercise_by_id(exercise))
    for i in range(round(scene.motion.duration * FPS)):
        t = i / FPS
        coach.update(Pose(scene.truth(t).keypoints, t, scene.camera.size), t)
    return coach


@pytest.mark.parametrize("exercise", ["squat", "reverse_lunge", "step_down", "drop_landing"])
def test_every_rep_is_counted_once_and_clean_reps_stay_clean(exercise):
    coach = coach_on_truth(exercise)
    assert [r.index for r in coach.results] == [1, 2, 3, 4, 5]
    assert all(not r.faults for r in coach.results if r.judged)


@pytest.mark.parametrize("exercise", ["drop_landing", "step_down", "reverse_lunge"])
def test_a_knee_caving_on_one_landing_or_step_down_is_flagged_on_that_rep(exercise):
    coach = coach_on_truth(exercise, faults=["left_knee_in:20@3"])
    flagged = [r.index for r in coach.results if "left_knee_in" in r.faults]
    assert flagged == [3]


@pytest.mark.parametrize("exercise", ["step_down", "reverse_lunge"])
def test_a_stance_knee_caving_hard_on_the_first_rep_is_caught(exercise):
    """On one leg the stance knee stands over its foot: a hard cave is caught before any rep is known."""
    coach = coach_on_truth(exercise, reps=3, faults=["left_knee_in:25@1"])  # the first rep works the left leg
    assert [r.index for r in coach.results if "left_knee_in" in r.faults] == [1]


def analyse_truth(exercise, reps, faults=()):
    scene = Scene(motion=Motion(exercise, reps=reps, faults=tuple(map(parse_fault, faults))))
    times = [i / FPS for i in range(round(scene.motion.duration * FPS))]
    poses = [(t, Pose(scene.truth(t).keypoints, t, scene.camera.size)) for t in times]
    return analyze_poses(poses, exercise_by_id(exercise), Config()).results


@pytest.mark.parametrize(("faults", "flagged"), [(["left_knee_in:20@1"], [1]), ([], [])])
def test_a_one_rep_clip_is_judged_against_more_than_itself(faults, flagged):
    """An overhead-squat assessment is one rep: offline, a rep is never its own usual track."""
    results = analyse_truth("squat", reps=1, faults=faults)
    assert [r.index for r in results] == [1]
    assert [r.index for r in results if "left_knee_in" in r.faults] == flagged
