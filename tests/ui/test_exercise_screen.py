"""The exercise screen, rendered for real with pygame's dummy driver and saved as PNG."""

import cv2
import numpy as np
import pygame
import pytest

from kiosk.coach import EXERCISES, KneeCheck, KneeReading, KneeVerdict, check_knees
from kiosk.pose import Keypoint, PoseEstimator
from kiosk.ui.palette import BAD, GOOD
from kiosk.ui.screens import ExerciseView, Screens

SIZE = (1920, 1080)


@pytest.fixture(scope="module")
def display():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(SIZE)
    pygame.quit()


@pytest.fixture(scope="module")
def tree_pose(interpreter, tree_pose_image):
    return PoseEstimator(interpreter).estimate(tree_pose_image, 0.0)


def left_caving_right_tracking(cue="Push your left knee out over your toes"):
    return KneeCheck(
        KneeReading("left", 0.12, KneeVerdict.CAVING), KneeReading("right", 0.0, KneeVerdict.TRACKING), cue
    )


def draw(display, image, pose, check):
    screens = Screens(display.get_size())
    screens.mirror.show(image)
    screens.draw_exercise(display, ExerciseView(EXERCISES[0], pose, check))
    return screens, pygame.surfarray.array3d(display).transpose(1, 0, 2)  # (H, W, RGB)


def test_knee_markers_take_the_verdicts_colours_on_the_mirrored_sides(
    display, tree_pose_image, tree_pose, screenshots
):
    screens, pixels = draw(display, tree_pose_image, tree_pose, left_caving_right_tracking())
    pygame.image.save(display, str(screenshots / "exercise-left-knee-caving.png"))
    left = screens.mirror.to_screen(*tree_pose.point(Keypoint.LEFT_KNEE))
    right = screens.mirror.to_screen(*tree_pose.point(Keypoint.RIGHT_KNEE))
    # In the camera her left knee is on the right; in the mirror it is on her left, as she sees it.
    assert left[0] < right[0]
    assert tuple(pixels[left[1], left[0]]) == BAD
    assert tuple(pixels[right[1], right[0]]) == GOOD


def test_the_picture_is_shown_as_a_mirror_shows_it(display, tree_pose_image, tree_pose):
    screens, pixels = draw(display, tree_pose_image, None, check_knees(tree_pose))
    x0, y0 = screens.mirror.to_screen(tree_pose_image.shape[1], 0)
    x1, y1 = screens.mirror.to_screen(0, tree_pose_image.shape[0])
    shown = cv2.resize(pixels[y0:y1, x0:x1], (213, 320), interpolation=cv2.INTER_AREA).astype(float)
    source = cv2.cvtColor(
        cv2.resize(tree_pose_image, (213, 320), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB
    )
    mirrored_error = np.abs(shown - source[:, ::-1]).mean()
    unmirrored_error = np.abs(shown - source).mean()
    assert mirrored_error < 3
    assert unmirrored_error > 5 * mirrored_error


def test_the_cue_is_large_enough_to_read_from_three_metres(display, tree_pose_image, tree_pose, screenshots):
    _, pixels = draw(display, tree_pose_image, tree_pose, left_caving_right_tracking())
    band = pixels[SIZE[1] * 4 // 5 :]
    red_rows = np.flatnonzero(np.all(band == BAD, axis=2).any(axis=1))
    assert red_rows.size, "the cue is not drawn in the warning colour"
    assert red_rows.max() - red_rows.min() >= SIZE[1] / 20


def test_good_form_shows_the_cue_in_green(display, tree_pose_image, tree_pose, screenshots):
    check = KneeCheck(
        KneeReading("left", 0.0, KneeVerdict.TRACKING),
        KneeReading("right", 0.0, KneeVerdict.TRACKING),
        "Good — knees over toes",
    )
    _, pixels = draw(display, tree_pose_image, tree_pose, check)
    pygame.image.save(display, str(screenshots / "exercise-good.png"))
    band = pixels[SIZE[1] * 4 // 5 :]
    assert np.all(band == GOOD, axis=2).sum() > 2000
    assert not np.all(band == BAD, axis=2).any()


def test_unseen_legs_are_not_drawn(display, tree_pose_image, tree_pose):
    hidden = type(tree_pose)(tree_pose.keypoints.copy(), 0.0, tree_pose.image_size)
    hidden.keypoints[11:, 2] = 0.0
    screens, pixels = draw(display, tree_pose_image, hidden, check_knees(hidden))
    knee = screens.mirror.to_screen(*tree_pose.keypoints[Keypoint.LEFT_KNEE, :2])
    marker = pixels[knee[1] - 5 : knee[1] + 5, knee[0] - 5 : knee[0] + 5].reshape(-1, 3)
    assert not any(tuple(p) in (BAD, GOOD) for p in marker)
