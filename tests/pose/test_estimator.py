"""The real MoveNet model on a real photo: right places, right sides."""

import math

import cv2
import numpy as np
import pytest

from kiosk.pose import Keypoint, PoseEstimator

# Marked by hand on tests/fixtures/tree_pose.jpeg (426×640) from 4× zoomed crops:
# joint centres, not the outline. She stands on her left leg, facing the camera,
# so her left leg is on the right of the picture. Her right foot is tucked
# against her left thigh, hidden under the knee: MoveNet misplaces that ankle
# on the railing behind her, so it is not scored here (pose-engine issue).
HAND_MARKED = {
    Keypoint.LEFT_HIP: (260, 350),
    Keypoint.RIGHT_HIP: (210, 350),
    Keypoint.LEFT_KNEE: (238, 478),
    Keypoint.RIGHT_KNEE: (104, 415),
    Keypoint.LEFT_ANKLE: (231, 580),
}
PERSON_HEIGHT = 615 - 128  # sole of the standing foot to the top of the scalp, in pixels


@pytest.fixture(scope="module")
def estimator(interpreter):
    return PoseEstimator(interpreter, min_score=0.3)


def test_leg_keypoints_are_seen_within_three_percent_of_height(estimator, tree_pose_image):
    pose = estimator.estimate(tree_pose_image, timestamp=0.0)
    assert pose.present
    for keypoint, marked in HAND_MARKED.items():
        found = pose.point(keypoint)
        assert found is not None, f"{keypoint.name} not seen"
        error = math.dist(found, marked) / PERSON_HEIGHT
        assert error <= 0.03, f"{keypoint.name} at {found}, marked {marked}: {error:.1%} of height"


def test_sides_are_the_persons_own(estimator, tree_pose_image):
    pose = estimator.estimate(tree_pose_image, timestamp=0.0)
    standing_knee, bent_knee = pose.point(Keypoint.LEFT_KNEE), pose.point(Keypoint.RIGHT_KNEE)
    # Facing the camera, her left (standing) leg is on the picture's right.
    assert standing_knee[0] > bent_knee[0] + 100


def test_a_mirrored_picture_swaps_the_labels(estimator, tree_pose_image):
    """Why the model must never see the mirrored display image."""
    width = tree_pose_image.shape[1]
    pose = estimator.estimate(tree_pose_image, 0.0)
    mirrored = estimator.estimate(cv2.flip(tree_pose_image, 1), 0.0)
    for left, right in ((Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE), (Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP)):
        x, y = mirrored.point(left)
        expected_x, expected_y = pose.point(right)
        assert abs((width - x) - expected_x) < 0.03 * PERSON_HEIGHT
        assert abs(y - expected_y) < 0.03 * PERSON_HEIGHT


def test_coordinates_are_in_the_pictures_own_pixels(estimator, tree_pose_image):
    """The same view of the person at another size or shape maps back to matching pixels."""
    pose = estimator.estimate(tree_pose_image, 0.0)
    twice = estimator.estimate(
        cv2.resize(tree_pose_image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 0.0
    )
    assert twice.image_size == (852, 1280)
    # The photo pasted into the middle of a black square, so the model sees the same
    # letterboxed picture. The int8 model is sensitive: the grey level or two that OpenCV's
    # fixed-point warp changes moves a knee by ~8 px, so this is checked to the accuracy
    # target, not to the pixel. A mapping error would be off by the whole offset.
    offset = (640 - 426) // 2
    canvas = np.zeros((640, 640, 3), np.uint8)
    canvas[:, offset : offset + 426] = tree_pose_image
    pasted = estimator.estimate(canvas, 0.0)
    for keypoint in HAND_MARKED:
        x, y = pose.point(keypoint)
        assert math.dist(pasted.point(keypoint), (x + offset, y)) < 0.03 * PERSON_HEIGHT
        assert math.dist(twice.point(keypoint), (2 * x, 2 * y)) < 0.03 * 2 * PERSON_HEIGHT


def test_a_picture_with_nobody_in_it_has_no_person(estimator, tree_pose_image):
    background = np.ascontiguousarray(tree_pose_image[:200, :120])
    assert not estimator.estimate(background, 0.0).present
    assert not estimator.estimate(np.full((720, 1280, 3), 128, np.uint8), 0.0).present


def test_low_scores_are_reported_as_not_seen(interpreter, tree_pose_image):
    strict = PoseEstimator(interpreter, min_score=0.99)
    pose = strict.estimate(tree_pose_image, 0.0)
    assert pose.point(Keypoint.LEFT_KNEE) is None
    assert not pose.present
    assert not pose.legs_in_view


def test_told_the_picture_is_mirrored_the_engine_still_gives_anatomical_sides(interpreter, tree_pose_image):
    """A camera that flips in hardware: the engine maps labels and x back to the camera's view."""
    from kiosk.pose import PoseTracker

    plain = PoseTracker(PoseEstimator(interpreter), smoothing=False)
    flipped = PoseTracker(PoseEstimator(interpreter), smoothing=False, mirrored=True)
    mirror_image = cv2.flip(tree_pose_image, 1)
    for i in range(3):  # the second and third frames use the crop, in mirrored coordinates too
        pose = plain.track(tree_pose_image, i / 30)
        unmirrored = flipped.track(mirror_image, i / 30)
    for keypoint in HAND_MARKED:
        assert math.dist(unmirrored.point(keypoint), pose.point(keypoint)) < 0.03 * PERSON_HEIGHT
    # Her left knee is still the standing one, on the camera picture's right.
    assert unmirrored.point(Keypoint.LEFT_KNEE)[0] > unmirrored.point(Keypoint.RIGHT_KNEE)[0] + 100
