"""The synthetic athlete: true to its script, and lifelike enough for the real MoveNet model."""

import numpy as np
import pytest

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene, parse_fault
from kiosk.athlete.script import FaultSpec
from kiosk.athlete.truth import true_fppa
from kiosk.pose import PoseEstimator, PoseTracker

FPS = 30


@pytest.mark.parametrize(
    "exercise", ["squat", "reverse_lunge", "step_down", "drop_landing", "lateral_band_walk"]
)
def test_the_real_model_finds_the_athletes_legs(interpreter, exercise):
    """All six leg points seen on ≥ 95% of frames, median error ≤ 3% of body height."""
    scene = Scene(Athlete(), Camera(), Motion(exercise, reps=2, faults=(parse_fault("left_knee_in:15@2"),)))
    tracker = PoseTracker(PoseEstimator(interpreter))
    seen, errors, buffer = [], [], None
    for index in range(round(scene.motion.duration * FPS)):
        buffer, truth = scene.render(index / FPS, buffer)
        pose = tracker.track(buffer, index / FPS)
        legs = pose.keypoints[11:17]
        seen.append(bool(np.all(legs[:, 2] >= pose.min_score)))
        height = (truth.keypoints[[15, 16], 1].max() - truth.keypoints[[1, 2], 1].mean()) * 1.12
        errors.append(np.linalg.norm(legs[:, :2] - truth.keypoints[11:17, :2], axis=1) / height)
    print(
        f"\n{exercise}: all six seen on {np.mean(seen):.1%} of frames, median error {np.median(errors):.2%}"
    )
    assert np.mean(seen) >= 0.95
    assert np.median(errors) <= 0.03


def test_facing_the_camera_the_left_side_is_on_the_pictures_right():
    truth = Scene(Athlete(), Camera(), Motion(reps=1)).truth(0.5)
    for left, right in ((5, 6), (11, 12), (13, 14), (15, 16)):
        assert truth.keypoints[left, 0] > truth.keypoints[right, 0]


def test_a_knee_in_fault_moves_only_that_knee_inwards_and_more_with_magnitude():
    fppas = []
    for degrees in (0, 10, 20):
        faults = (FaultSpec("left_knee_in", degrees, (1,)),) if degrees else ()
        motion = Motion(reps=1, faults=faults)
        scene = Scene(Athlete(), Camera(), motion)
        keypoints = scene.truth(motion.rep_window(1)[1]).keypoints
        fppas.append((true_fppa(keypoints, "left"), true_fppa(keypoints, "right")))
    (left0, right0), (left10, right10), (left20, right20) = fppas
    assert left0 < left10 < left20
    assert right0 == pytest.approx(right10, abs=1) == pytest.approx(right20, abs=1)


def test_the_legs_keep_their_length_through_the_squat_and_the_fault():
    body = BodyShape(height=1.8)
    motion = Motion(reps=1, faults=(FaultSpec("right_knee_in", 25, (1,)),))
    for t in np.linspace(0, motion.duration, 25):
        posture = motion.posture(float(t), body)
        for side in ("left", "right"):
            assert np.linalg.norm(posture[f"knee_{side}"] - posture[f"hip_{side}"]) == pytest.approx(
                body.thigh
            )
            assert np.linalg.norm(posture[f"ankle_{side}"] - posture[f"knee_{side}"]) == pytest.approx(
                body.shank
            )


def test_a_farther_camera_sees_a_smaller_athlete():
    def height_px(distance):
        truth = Scene(Athlete(), Camera(distance=distance), Motion(reps=1)).truth(0.5)
        return truth.keypoints[15, 1] - truth.keypoints[0, 1]

    assert height_px(3.0) < height_px(2.5) * 0.9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("left_knee:15@2", "not one of"),
        ("left_knee_in:15", "is not KIND:MAGNITUDE@REP"),
        ("left_knee_in:55@2", "more than 40 degrees"),
        ("shallow:2@1", "between 0 and 1"),
        ("hip_drop:8@0", "numbered from 1"),
    ],
)
def test_bad_fault_specs_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_fault(text)
