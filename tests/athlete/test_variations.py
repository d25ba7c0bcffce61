"""The athlete's new variations, each with exact truth: camera, turn, head out, arms, timing, depth,
wide knees, non-reps and the single-leg step-down."""

import math

import numpy as np
import pytest

from kiosk.athlete import Athlete, BodyShape, Camera, Motion, Scene
from kiosk.athlete.framing import cut_head, extent_points, fits, frame_person, standing_time
from kiosk.athlete.script import FaultSpec
from kiosk.athlete.truth import rep_truth

SHOULDERS, FACE = [5, 6], [0, 1, 2, 3, 4]


def _truth(motion, camera=None, body=None):
    return Scene(Athlete(body or BodyShape()), camera or Camera(), motion)


@pytest.mark.parametrize("turn", [-40, 25, 40])
def test_a_turned_athlete_is_narrower_by_the_cosine_and_turns_feet_and_face_too(turn):
    def at(degrees):
        return _truth(Motion(reps=1, turn=degrees, sway=0.0)).truth(0.3).keypoints

    straight, turned = at(0), at(turn)
    width = abs(turned[5, 0] - turned[6, 0]) / abs(straight[5, 0] - straight[6, 0])
    assert width == pytest.approx(math.cos(math.radians(turn)), abs=0.03)
    hips = abs(turned[11, 0] - turned[12, 0]) / abs(straight[11, 0] - straight[12, 0])
    assert hips == pytest.approx(math.cos(math.radians(turn)), abs=0.03)
    # The face turns with the body: the nose moves off the middle of the head, towards the person's
    # own left (the picture's right) when they turn left.
    camera, radius = Camera(), BodyShape().head_radius
    expected = camera.focal * radius * math.sin(math.radians(turn)) / camera.distance
    assert turned[0, 0] - turned[[3, 4], 0].mean() == pytest.approx(expected, rel=0.25)
    posture = Motion(reps=1, turn=turn, turn_out=12.0, sway=0.0).posture(0.3, BodyShape())
    for side, out in (("left", 12.0), ("right", -12.0)):
        foot = posture[f"toe_{side}"] - posture[f"heel_{side}"]
        assert math.degrees(math.atan2(foot[0], foot[2])) == pytest.approx(out + turn)


def test_the_rendered_face_turns_with_the_body():
    def eyes_x(turn):
        frame, truth = Scene(Athlete(), Camera(distance=1.8), Motion(reps=1, turn=turn, sway=0.0)).render(0.3)
        head = truth.keypoints[[3, 4], 0].mean(), truth.keypoints[0, 1]
        top, left = int(head[1]) - 40, int(head[0]) - 40
        patch = frame[top : top + 80, left : left + 80].astype(int)
        white = np.argwhere(patch.min(axis=2) > 240)  # the whites of the eyes
        return white[:, 1].mean() - 40

    assert eyes_x(35) > eyes_x(0) + 4 > eyes_x(-35) + 8


def test_low_and_mirror_cameras_are_framed_so_the_whole_set_is_in_the_picture():
    motion, body = Motion(reps=2), BodyShape(2.0)
    low = frame_person(motion, body, height=0.3, distance=1.5)
    mirror = frame_person(motion, body, height=2.1, distance=1.5, pitch=25)
    assert low.pitch < 0 and mirror.pitch == 25  # the phone looks up; the mirror keeps its tilt
    for camera in (low, mirror):
        assert fits(camera, extent_points(motion, body))
        scene = _truth(motion, camera, body)
        for t in np.linspace(0, motion.duration, 20):
            assert scene.truth(float(t)).outside == ()


def test_head_out_truth_puts_the_head_above_the_picture_and_the_legs_in_it():
    motion = Motion(reps=2)
    camera = cut_head(frame_person(motion, BodyShape(), 1.2, 2.5), motion, BodyShape(), share=0.5)
    standing = _truth(motion, camera).truth(standing_time(motion))
    assert standing.outside == ("nose", "left_eye", "right_eye", "left_ear", "right_ear")
    assert (standing.keypoints[FACE, 1] < 0).all() and (standing.keypoints[FACE, 2] == 0).all()
    assert (standing.keypoints[5:, 2] == 1).all()
    # At the bottom of the squat the head comes back into the picture.
    assert _truth(motion, camera).truth(motion.rep_window(1)[1]).outside == ()


def test_overhead_arms_stay_up_the_whole_set():
    motion, body = Motion(reps=2, arms="overhead"), BodyShape()
    for t in np.linspace(0, motion.duration, 15):
        posture = motion.posture(float(t), body)
        for side in ("left", "right"):
            assert posture[f"wrist_{side}"][1] > posture["head"][1] + body.head_radius


def test_a_back_squat_holds_the_bar_with_hands_by_the_shoulders_and_elbows_back_and_down():
    motion, body = Motion(reps=1, arms="bar"), BodyShape()
    for t in (0.3, motion.rep_window(1)[1]):
        posture = motion.posture(t, body)
        left_end, right_end = posture.bar
        assert np.linalg.norm(left_end - right_end) == pytest.approx(2.2)
        assert posture.bar is not None and (left_end + right_end)[2] / 2 < posture["neck"][2]  # behind
        for side in ("left", "right"):
            shoulder, elbow, wrist = (posture[f"{joint}_{side}"] for joint in ("shoulder", "elbow", "wrist"))
            assert np.linalg.norm(wrist - shoulder) < 0.25
            assert elbow[1] < shoulder[1] and elbow[2] < shoulder[2]
    # The bar shows across the picture half a metre out from the neck, outside the hands: grey steel.
    frame, _ = Scene(Athlete(body), Camera(), motion).render(0.3)
    left_end, right_end = motion.posture(0.3, body).bar
    for point in ((left_end + right_end) / 2 + (left_end - right_end) / 2.2 * sign * 0.5 for sign in (1, -1)):
        ((x, y),) = Camera().project(point[None])[0]
        b, g, r = frame[round(y), round(x)].astype(int)
        assert abs(b - g) < 12 and abs(g - r) < 12 and g > 90


def test_a_clip_can_start_mid_rep_with_no_standing_before_it():
    motion = Motion(reps=2, rep_seconds=2.0, lead_in=-0.6, tail=0.3)
    assert motion.rep_at(0.0) == (1, pytest.approx(0.3))
    reps = rep_truth(Scene(Athlete(), Camera(), motion))
    assert reps[0]["start"] < 0 < reps[0]["bottom"] and all(rep["in_clip"] for rep in reps)
    standing_hips = Motion(reps=1).posture(0.0, BodyShape())["pelvis"][1]
    assert motion.posture(0.0, BodyShape())["pelvis"][1] < standing_hips - 0.1
    with pytest.raises(ValueError, match="after the bottom of the first rep"):
        Motion(rep_seconds=2.0, lead_in=-1.2)


def test_partial_squats_say_their_depth():
    faults = (FaultSpec("shallow", 0.25, (1,)), FaultSpec("shallow", 0.55, (2,)))
    quarter, half, full = rep_truth(Scene(Athlete(), Camera(), Motion(reps=3, faults=faults)))
    assert (quarter["depth"], half["depth"], full["depth"]) == (0.25, 0.55, 1.0)
    assert (
        50
        < quarter["knee_flexion_left"]
        < 62
        < 80
        < half["knee_flexion_left"]
        < 92
        < 100
        < full["knee_flexion_left"]
    )


def test_wide_knees_swing_out_past_the_feet_and_that_is_a_good_rep():
    body = BodyShape()
    wide = Motion(reps=1, knees_out=15, stance=0.2, turn_out=30)
    same_feet = Motion(reps=1, stance=0.2, turn_out=30)
    bottom = wide.rep_window(1)[1]
    (rep,) = rep_truth(Scene(Athlete(body), Camera(), wide))
    (plain,) = rep_truth(Scene(Athlete(body), Camera(), same_feet))
    assert rep["faults"] == {}
    for side, sign in (("left", 1), ("right", -1)):
        assert rep[f"knee_offset_{side}"] < plain[f"knee_offset_{side}"] - 0.05 < 0  # lateral
        out, straight = wide.posture(bottom, body), same_feet.posture(bottom, body)
        assert sign * (out[f"knee_{side}"][0] - straight[f"knee_{side}"][0]) > 0.05
        assert np.linalg.norm(out[f"knee_{side}"] - out[f"hip_{side}"]) == pytest.approx(body.thigh)


def test_non_reps_have_no_reps_in_their_truth():
    body = BodyShape()
    shuffle = Motion("shuffle", reps=3, seed=2)
    assert rep_truth(Scene(Athlete(body), Camera(), shuffle)) == []
    lifts = {"left": 0.0, "right": 0.0}
    for t in np.linspace(0, shuffle.duration, 120):
        posture = shuffle.posture(float(t), body)
        for side in lifts:
            lifts[side] = max(lifts[side], posture[f"ankle_{side}"][1] - body.ankle_height)
        assert posture["pelvis"][1] > body.hip_height - 0.06  # small bends only
    assert min(lifts.values()) > 0.025  # each foot steps
    pick_up = Motion("pick_up", reps=2, seed=2)
    assert rep_truth(Scene(Athlete(body), Camera(), pick_up)) == []
    bottom = pick_up.posture(pick_up.rep_window(1)[1], body)
    standing = pick_up.posture(0.0, body)
    assert bottom["neck"][1] - bottom["pelvis"][1] < 0.4 * (standing["neck"][1] - standing["pelvis"][1])


def test_a_step_down_starting_mid_rep_caves_on_its_stance_knee():
    motion = Motion("step_down", reps=2, lead_in=-0.5, faults=(FaultSpec("left_knee_in", 20, (1,)),))
    caving, good = rep_truth(Scene(Athlete(), Camera(), motion))
    assert (caving["side"], good["side"]) == ("left", "right")
    plain = rep_truth(Scene(Athlete(), Camera(), Motion("step_down", reps=1, lead_in=-0.5)))[0]
    assert caving["knee_offset_left"] > plain["knee_offset_left"] + 0.05
