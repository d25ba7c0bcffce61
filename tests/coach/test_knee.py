"""The live knee check on hand-made poses: a caving knee is caught, on the right side."""

import numpy as np
import pytest

from kiosk.coach import KneeVerdict, check_knees, medial_knee_offset
from kiosk.pose import Keypoint, Pose


def standing_pose(left_knee_in=0.0, right_knee_in=0.0, facing="front", image_size=(1280, 720), scale=1.0):
    """A person 2.5 m from the camera in a quarter squat, as (x, y) pixels.

    ``*_knee_in`` moves that knee towards the midline by that many pixels.
    Facing the camera, the person's left is on the picture's right.
    """
    kp = np.zeros((17, 3), np.float32)
    kp[:, 2] = 0.9
    mid = 640
    side = 1 if facing == "front" else -1
    points = {
        Keypoint.NOSE: (mid, 140),
        Keypoint.LEFT_SHOULDER: (mid + side * 70, 220),
        Keypoint.RIGHT_SHOULDER: (mid - side * 70, 220),
        Keypoint.LEFT_HIP: (mid + side * 45, 400),
        Keypoint.RIGHT_HIP: (mid - side * 45, 400),
        Keypoint.LEFT_KNEE: (mid + side * (60 - left_knee_in), 530),
        Keypoint.RIGHT_KNEE: (mid - side * (60 - right_knee_in), 530),
        Keypoint.LEFT_ANKLE: (mid + side * 60, 660),
        Keypoint.RIGHT_ANKLE: (mid - side * 60, 660),
    }
    for keypoint, (x, y) in points.items():
        kp[keypoint, :2] = (mid + (x - mid) * scale, 400 + (y - 400) * scale)
    if facing == "back":
        kp[:5, 2] = 0.05  # no face from behind
    return Pose(kp, timestamp=0.0, image_size=image_size)


def test_knees_over_the_feet_are_tracking():
    check = check_knees(standing_pose())
    assert check.left.verdict is KneeVerdict.TRACKING
    assert check.right.verdict is KneeVerdict.TRACKING
    assert check.cue == "Good — knees over toes"


@pytest.mark.parametrize("facing", ["front", "back"])
def test_a_caving_left_knee_is_caught_on_the_left(facing):
    check = check_knees(standing_pose(left_knee_in=40, facing=facing))
    assert check.left.verdict is KneeVerdict.CAVING
    assert check.right.verdict is KneeVerdict.TRACKING
    assert check.cue == "Push your left knee out over your toes"


def test_both_knees_caving():
    check = check_knees(standing_pose(left_knee_in=40, right_knee_in=40))
    assert (check.left.verdict, check.right.verdict) == (KneeVerdict.CAVING, KneeVerdict.CAVING)
    assert check.cue == "Push both knees out over your toes"


def test_knees_pushed_out_past_the_feet_are_not_a_fault():
    check = check_knees(standing_pose(left_knee_in=-30, right_knee_in=-30))
    assert check.left.verdict is KneeVerdict.TRACKING
    assert check.left.offset < 0


def test_the_offset_does_not_depend_on_distance_from_the_mirror():
    near = medial_knee_offset(standing_pose(left_knee_in=30), "left")
    far = medial_knee_offset(standing_pose(left_knee_in=30, scale=0.5), "left")
    assert near == pytest.approx(far, rel=1e-6)
    # At knee height the hip–ankle line is 52.5 px from the midline; the knee is at 30 px.
    assert near == pytest.approx((52.5 - 30) / 260, rel=1e-2)


def test_a_few_pixels_of_noise_do_not_turn_a_good_knee_red():
    rng = np.random.default_rng(7)
    for _ in range(200):
        pose = standing_pose()
        pose.keypoints[:, :2] += rng.normal(0, 3, (17, 2))
        check = check_knees(pose)
        assert KneeVerdict.CAVING not in (check.left.verdict, check.right.verdict)


def test_an_unseen_knee_gives_no_reading_rather_than_a_guess():
    pose = standing_pose(left_knee_in=40)
    pose.keypoints[Keypoint.LEFT_KNEE, 2] = 0.1
    check = check_knees(pose)
    assert check.left.offset is None
    assert check.left.verdict is KneeVerdict.UNKNOWN


def test_feet_out_of_the_picture_asks_the_person_to_step_back():
    pose = standing_pose(image_size=(1280, 600))
    check = check_knees(pose)
    assert check.cue == "Step back so your feet are in view"
    assert check.left.verdict is KneeVerdict.UNKNOWN


def test_side_on_the_knees_are_not_judged():
    pose = standing_pose(left_knee_in=40)
    # Turned side-on: shoulders and hips overlap in the picture.
    pose.keypoints[[Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER], 0] = (655, 625)
    pose.keypoints[[Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP], 0] = (645, 635)
    check = check_knees(pose)
    assert check.cue == "Turn to face the mirror"
    assert check.left.verdict is KneeVerdict.UNKNOWN


def test_nobody_there():
    pose = standing_pose()
    pose.keypoints[:, 2] = 0.05
    assert check_knees(pose).cue == "Step in front of the mirror"


def test_the_threshold_comes_from_the_caller():
    pose = standing_pose(left_knee_in=20)  # 12.5 px inside the line, of a 260 px leg: 0.048
    assert check_knees(pose, knee_in_offset=0.06).left.verdict is KneeVerdict.TRACKING
    assert check_knees(pose, knee_in_offset=0.03).left.verdict is KneeVerdict.CAVING


def test_knees_near_the_bottom_edge_with_no_ankles_means_the_feet_are_cut_off():
    pose = standing_pose(image_size=(1280, 620))
    pose.keypoints[[Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE], 2] = 0.1
    assert check_knees(pose).cue == "Step back so your feet are in view"


def test_ankles_lost_side_on_in_a_squat_asks_to_face_the_mirror_not_to_step_back():
    pose = standing_pose()
    # Side-on at the bottom of a squat: thighs level, hips overlapping, ankles lost by the model.
    pose.keypoints[[Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER], :2] = ((700, 260), (720, 262))
    pose.keypoints[[Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP], :2] = ((640, 500), (650, 500))
    pose.keypoints[[Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE], :2] = ((540, 510), (550, 510))
    pose.keypoints[[Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE], 2] = 0.1
    assert check_knees(pose).cue == "Turn to face the mirror"


def test_one_hip_hidden_is_side_on():
    pose = standing_pose()
    pose.keypoints[Keypoint.RIGHT_HIP, 2] = 0.1
    assert check_knees(pose).cue == "Turn to face the mirror"


def test_facing_the_mirror_with_an_ankle_hidden_asks_for_a_clear_view():
    pose = standing_pose()
    pose.keypoints[Keypoint.RIGHT_ANKLE, 2] = 0.1
    check = check_knees(pose)
    assert check.cue == "Keep your legs in clear view"
    assert check.left.verdict is KneeVerdict.UNKNOWN


def test_turned_halfway_the_knees_are_not_judged():
    pose = standing_pose(left_knee_in=40)
    # Turned about 60°: the shoulders are half as wide as facing the mirror.
    pose.keypoints[[Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER], 0] = (675, 605)
    assert check_knees(pose).cue == "Turn to face the mirror"


def test_with_the_shoulders_out_of_the_picture_the_hips_decide():
    pose = standing_pose(left_knee_in=40)
    pose.keypoints[:7, 2] = 0.1  # close to the mirror: head and shoulders above the picture
    assert check_knees(pose).left.verdict is KneeVerdict.CAVING
    pose.keypoints[[Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP], 0] = (645, 635)
    assert check_knees(pose).cue == "Turn to face the mirror"


def test_with_feet_turned_out_a_knee_well_inside_its_partner_is_caving():
    # Both knees out past the hip–ankle lines (toes turned out), the left one much less so.
    pose = standing_pose(left_knee_in=-30, right_knee_in=-75)
    assert check_knees(pose).left.verdict is KneeVerdict.TRACKING  # inside neither line
    check = check_knees(pose, knee_in_asymmetry=0.12)
    assert (check.left.verdict, check.right.verdict) == (KneeVerdict.CAVING, KneeVerdict.TRACKING)
