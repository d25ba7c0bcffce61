"""Lateral band walk: steps per direction and knee caving, on the synthetic athlete and hand-made steps."""

import math

import numpy as np
import pytest

from kiosk.athlete.motion import Motion
from kiosk.athlete.scene import Scene
from kiosk.athlete.script import parse_fault
from kiosk.coach.built_in_exercises import exercise_by_id
from kiosk.coach.session import Coach
from kiosk.pose import Keypoint, Pose

from .motion import FPS, end_time, run

K = Keypoint


def athlete_walk(steps=8, faults=()):
    scene = Scene(motion=Motion("lateral_band_walk", reps=steps, faults=tuple(map(parse_fault, faults))))
    return [
        (i / FPS, Pose(scene.truth(i / FPS).keypoints, i / FPS, (1280, 720)))
        for i in range(round(scene.motion.duration * FPS))
    ]


def test_the_athletes_walk_is_counted_step_by_step_in_each_direction_without_false_faults():
    coach = Coach(exercise_by_id("lateral_band_walk"))
    updates = run(coach, athlete_walk(8))
    assert updates[-1].per_side == {"left": 4, "right": 4}
    assert [r.side for r in coach.results] == ["left"] * 4 + ["right"] * 4
    assert all(r.faults == () for r in coach.results)


def walker(t, x, gap, left_in=0.0, right_in=0.0, drop=0.0):
    """Facing the camera in a half squat: ankles ``gap`` px apart around ``x``; knees pulled in by a share."""
    leg, hip_y, ankle_y = 300.0, 380.0, 680.0
    kp = np.zeros((17, 3), np.float32)
    kp[:, 2] = 0.9
    drop_px = math.tan(math.radians(drop)) * 45
    hips = {"left": (x + 45, hip_y + drop_px), "right": (x - 45, hip_y - drop_px)}
    ankles = {"left": (x + gap / 2, ankle_y), "right": (x - gap / 2, ankle_y)}
    knees = {}
    for side, sign, inward in (("left", 1, left_in), ("right", -1, right_in)):
        mid_x = (hips[side][0] + ankles[side][0]) / 2 + sign * 12  # knees a little out over the feet
        knees[side] = (mid_x - sign * inward * leg, (hip_y + ankle_y) / 2)
    points = {
        K.LEFT_HIP: hips["left"], K.RIGHT_HIP: hips["right"], K.LEFT_KNEE: knees["left"],
        K.RIGHT_KNEE: knees["right"], K.LEFT_ANKLE: ankles["left"], K.RIGHT_ANKLE: ankles["right"],
        K.LEFT_SHOULDER: (x + 75, 150), K.RIGHT_SHOULDER: (x - 75, 150), K.NOSE: (x, 90),
        K.LEFT_EYE: (x + 12, 80), K.RIGHT_EYE: (x - 12, 80),
    }  # fmt: skip
    for keypoint, xy in points.items():
        kp[keypoint, :2] = xy
    for keypoint in (K.LEFT_EAR, K.RIGHT_EAR, K.LEFT_ELBOW, K.RIGHT_ELBOW, K.LEFT_WRIST, K.RIGHT_WRIST):
        kp[keypoint, 2] = 0.1
    return Pose(kp, t, (1280, 720))


def hand_made_walk(steps):
    """Each step: the lead foot out 120 px over 0.6 s, the trail foot after it, then 0.5 s still.

    A step's fault (knee in, hip drop) grows and fades with the step, at its most mid-step.
    """
    frames, x, t = [], 640.0, 0.0
    for _ in range(30):
        frames.append((t, walker(t, x, 200)))
        t += 1 / FPS
    for direction, caving in steps:  # direction +1: towards the person's left (+x in the picture)
        for i in range(36):
            s = i / 35
            lead = min(1.0, 2 * s) * 120
            trail = max(0.0, 2 * s - 1) * 120
            gap = 200 + lead - trail
            centre = x + direction * (lead + trail) / 2
            load = math.sin(math.pi * s)  # the knee caves under load, widest mid-step
            frames.append((t, walker(t, centre, gap, **{k: v * load for k, v in caving.items()})))
            t += 1 / FPS
        x += direction * 120
        for _ in range(15):
            frames.append((t, walker(t, x, 200)))
            t += 1 / FPS
    return frames


def test_hand_made_steps_knees_caving_and_pelvis_dropping_are_flagged_on_their_step():
    coach = Coach(exercise_by_id("lateral_band_walk"))
    steps = [(1, {}), (1, {"left_in": 0.2}), (1, {}), (-1, {"right_in": 0.2}), (-1, {"drop": 12}), (-1, {})]
    updates = run(coach, hand_made_walk(steps))
    assert [(r.side, r.faults) for r in coach.results] == [
        ("left", ()), ("left", ("left_knee_in",)), ("left", ()),
        ("right", ("right_knee_in",)), ("right", ("hip_drop",)), ("right", ()),
    ]  # fmt: skip
    assert updates[-1].per_side == {"left": 3, "right": 3}
    assert end_time(hand_made_walk(steps)) > 10


@pytest.mark.parametrize("missing", [K.LEFT_ANKLE, K.RIGHT_HIP])
def test_no_step_is_invented_when_a_leg_point_is_lost(missing):
    coach = Coach(exercise_by_id("lateral_band_walk"))
    frames = hand_made_walk([(1, {})] * 3)
    for _, pose in frames:
        pose.keypoints[missing, 2] = 0.05
    run(coach, frames)
    assert not coach.results
