"""The exercise screen, rendered for real with pygame's dummy driver and saved as PNG."""

from dataclasses import replace

import cv2
import numpy as np
import pygame
import pytest

from kiosk.coach import EXERCISES, KneeCheck, KneeReading, KneeVerdict
from kiosk.coach.faults import Tone
from kiosk.pose import Keypoint, PoseEstimator
from kiosk.ui.glass import GlassMapper
from kiosk.ui.overlay import marker_radius
from kiosk.ui.palette import BAD, GOOD, WARN, WHITE
from kiosk.ui.rotation import Canvas
from kiosk.ui.screens import ExerciseView, Screens

from .conftest import CAMERA_GEOMETRY, CAVING_LEFT, GOOD_KNEES, check, marker_colour, mask, person, pixels

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
    assert marker_colour(pixels, left) == BAD
    assert marker_colour(pixels, right) == GOOD


def test_the_picture_is_shown_as_a_mirror_shows_it(display, tree_pose_image, tree_pose):
    screens, pixels = draw(display, tree_pose_image, None, GOOD_KNEES)
    left, top, width, height = (round(v) for v in screens.mirror._crop)  # the part of the frame shown
    x0, y0 = screens.mirror.to_screen(left + width, top)
    x1, y1 = screens.mirror.to_screen(left, top + height)
    shown = cv2.resize(pixels[y0:y1, x0:x1], (213, 320), interpolation=cv2.INTER_AREA).astype(float)
    part = tree_pose_image[top : top + height, left : left + width]
    source = cv2.cvtColor(cv2.resize(part, (213, 320), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
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
    screens, pixels = draw(display, tree_pose_image, hidden, KneeCheck.unknown())
    knee = screens.mirror.to_screen(*tree_pose.keypoints[Keypoint.LEFT_KNEE, :2])
    marker = pixels[knee[1] - 5 : knee[1] + 5, knee[0] - 5 : knee[0] + 5].reshape(-1, 3)
    assert not any(tuple(p) in (BAD, GOOD) for p in marker)


# ---- The exercise screen: counters, setup, the verdict flash, smoothing, glass, portrait. ----


FRAME = np.full((720, 1280, 3), 90, np.uint8)


def exercise_screen(size=SIZE, **kwargs):
    screens = Screens(size, **kwargs)
    screens.mirror.show(FRAME)
    return screens


def knee_on_screen(screens, pose, keypoint):
    return screens.mirror.to_screen(*pose.point(keypoint))


def test_the_rep_counter_is_top_right_and_large(display, screenshots):
    screens = exercise_screen()
    view = ExerciseView(EXERCISES[0], person(), GOOD_KNEES, None, 3, target_reps=8, side="Left", step=(3, 12))
    screens.draw_exercise(display, view)
    pygame.image.save(display, str(screenshots / "exercise-counter.png"))
    image = pixels(display)
    top_right = mask(image[: SIZE[1] // 3, SIZE[0] * 3 // 4 :], WHITE)
    rows = np.flatnonzero(top_right.any(axis=1))
    assert top_right.sum() > 3000, "no counter drawn top right"
    assert rows.max() - rows.min() >= SIZE[1] / 14
    assert mask(image[: SIZE[1] // 3, SIZE[0] * 3 // 4 :], GOOD).sum() > 200  # the progress bar: 3 of 8
    title = mask(image[: SIZE[1] // 8, : SIZE[0] // 4], WHITE)
    assert title.sum() > 1000, "no exercise name top left"


def test_a_hold_timer_shows_seconds_held_of_the_target(display, screenshots):
    screens = exercise_screen()
    short = ExerciseView(
        "Knee to wall", person(), GOOD_KNEES, None, hold_seconds=5, hold_target=30, side="Right"
    )
    screens.draw_exercise(display, short)
    bar_short = mask(pixels(display)[: SIZE[1] // 3, SIZE[0] * 3 // 4 :], GOOD).sum()
    longer = ExerciseView(
        "Knee to wall", person(), GOOD_KNEES, None, hold_seconds=25, hold_target=30, side="Right"
    )
    screens.draw_exercise(display, longer)
    pygame.image.save(display, str(screenshots / "exercise-hold.png"))
    bar_long = mask(pixels(display)[: SIZE[1] // 3, SIZE[0] * 3 // 4 :], GOOD).sum()
    assert bar_long > 3 * bar_short > 0


def test_the_setup_panel_shows_until_ready(display, screenshots):
    screens = exercise_screen()
    setup = "Feet hip-width apart, toes slightly out, arms forward"
    waiting = ExerciseView(
        EXERCISES[0],
        person(),
        GOOD_KNEES,
        None,
        0,
        8,
        ready=False,
        setup=setup,
        position_hint="Face the mirror",
    )
    screens.draw_exercise(display, waiting)
    pygame.image.save(display, str(screenshots / "exercise-setup.png"))
    image = pixels(display)
    panel = screens._exercise.boxes["setup"]
    inside = image[panel.top : panel.bottom, panel.left : panel.right]
    assert mask(inside, WARN).sum() > 1000, "the setup panel's frame"
    assert mask(inside, WHITE).sum() > 5000, "the setup line"
    band = image[SIZE[1] * 5 // 6 :]
    rows = np.flatnonzero(mask(band, WARN).any(axis=1))
    assert rows.size and rows.max() - rows.min() >= SIZE[1] / 20, "the position hint in the cue band"
    screens.draw_exercise(display, replace(waiting, ready=True))
    assert mask(pixels(display)[: SIZE[1] * 5 // 6], WARN).sum() == 0


def test_the_reps_verdict_takes_the_message_band_in_its_colour_never_over_the_person(display, screenshots):
    screens = exercise_screen()
    bad = ExerciseView(
        EXERCISES[0], person(), CAVING_LEFT, "Good — knees over toes", 4, 8,
        flash="Rep 4: left knee caved", flash_good=False, cue_tone=Tone.GOOD,
    )  # fmt: skip
    screens.draw_exercise(display, bad)
    pygame.image.save(display, str(screenshots / "exercise-flash-fault.png"))
    image = pixels(display)
    assert screens._exercise.shown["message"] == "Rep 4: left knee caved", (
        "one message: the verdict, not the cue"
    )
    band = image[SIZE[1] * 4 // 5 :]
    assert mask(band, BAD).sum() > 5_000 and mask(band, GOOD).sum() == 0
    picture = screens.mirror.picture_rect
    assert mask(image[picture.top : picture.centery], BAD).sum() < 3_000, "no slab of colour over the chest"
    good = ExerciseView(
        EXERCISES[0], person(), GOOD_KNEES, None, 5, 8, flash="Rep 5: fixed ✓", flash_good=True
    )
    screens.draw_exercise(display, good)
    pygame.image.save(display, str(screenshots / "exercise-flash-good.png"))
    assert mask(pixels(display)[SIZE[1] * 4 // 5 :], GOOD).sum() > 5_000


def test_a_caving_knee_is_red_with_an_arrow_outwards_and_a_good_knee_green(display, screenshots):
    screens = exercise_screen()
    pose = person(left_in=0.08)
    screens.draw_exercise(display, ExerciseView(EXERCISES[0], pose, CAVING_LEFT))
    pygame.image.save(display, str(screenshots / "exercise-overlay-caving.png"))
    image = pixels(display)
    left, right = (
        knee_on_screen(screens, pose, Keypoint.LEFT_KNEE),
        knee_on_screen(screens, pose, Keypoint.RIGHT_KNEE),
    )
    assert left[0] < right[0], "her left knee is on the left of the mirror"
    assert marker_colour(image, left) == BAD
    assert marker_colour(image, right) == GOOD
    radius = marker_radius(SIZE)
    row = mask(image[left[1] - 3 : left[1] + 4], BAD).any(axis=0)
    outward = np.flatnonzero(row[: left[0] - radius - 4])
    inward = np.flatnonzero(row[left[0] + radius + 4 : right[0] - radius])
    assert outward.size > radius and inward.size == 0, "the arrow points out, away from the other knee"


def test_the_knee_marker_shows_the_coachs_verdict(display):
    """The coach smooths the verdict (tests/coach/test_knee.py); the screen shows it as it comes."""
    screens = exercise_screen()
    pose = person()

    def colour_after(knees):
        screens.draw_exercise(display, ExerciseView(EXERCISES[0], pose, knees))
        return marker_colour(pixels(display), knee_on_screen(screens, pose, Keypoint.LEFT_KNEE))

    assert colour_after(GOOD_KNEES) == GOOD
    assert colour_after(CAVING_LEFT) == BAD
    assert colour_after(check(left=(0.04, KneeVerdict.DRIFTING))) == WARN
    assert colour_after(check(left=(None, KneeVerdict.UNKNOWN))) not in (GOOD, WARN, BAD)


def test_glass_mode_draws_only_overlay_and_text_on_black_where_the_reflection_is(display, screenshots):
    screens = Screens(SIZE, mode="glass", glass=CAMERA_GEOMETRY)
    pose = person(left_in=0.08)
    screens.draw_exercise(display, ExerciseView(EXERCISES[0], pose, CAVING_LEFT, None, 2, 8))
    pygame.image.save(display, str(screenshots / "exercise-glass.png"))
    image = pixels(display)
    assert mask(image, (0, 0, 0)).mean() > 0.7, "the background is black: the glass shows the room"
    glass = GlassMapper(CAMERA_GEOMETRY).project(pose)
    left, right = (
        glass.to_screen(*pose.point(Keypoint.LEFT_KNEE)),
        glass.to_screen(*pose.point(Keypoint.RIGHT_KNEE)),
    )
    assert left[0] < right[0]
    assert marker_colour(image, left) == BAD
    assert marker_colour(image, right) == GOOD


def test_portrait_through_a_rotated_canvas(display, screenshots):
    canvas = Canvas(display, rotation=90)
    screens = exercise_screen(canvas.size)
    pose = person(left_in=0.08)
    view = ExerciseView(EXERCISES[0], pose, CAVING_LEFT, None, 3, 8, side="Left", step=(3, 12))
    screens.draw_exercise(canvas.surface, view)
    pygame.image.save(canvas.surface, str(screenshots / "exercise-portrait.png"))
    canvas.present(display)
    pygame.image.save(display, str(screenshots / "exercise-portrait-on-panel.png"))
    upright, panel = pixels(canvas.surface), pixels(display)
    left, right = (
        knee_on_screen(screens, pose, Keypoint.LEFT_KNEE),
        knee_on_screen(screens, pose, Keypoint.RIGHT_KNEE),
    )
    ring = marker_radius(canvas.size) - 4
    assert left[0] < right[0] and marker_colour(upright, left) == BAD
    for knee, colour in ((left, BAD), (right, GOOD)):
        x, y = canvas.to_display(knee[0], knee[1] + ring)
        assert tuple(panel[y, x]) == colour
    width, height = canvas.size
    band = upright[height * 4 // 5 :]
    rows = np.flatnonzero(mask(band, BAD).any(axis=1))
    assert rows.max() - rows.min() >= width / 14, "the cue at least 1/14 of the panel's short side"
    assert mask(upright[: height // 3, width // 2 :], WHITE).sum() > 3000, "the counter, top right"


def test_the_picture_looks_the_same_scaled_into_the_screen_or_blitted(tree_pose_image):
    from kiosk.ui.mirror_view import MirrorView, _writable

    direct, blitted = pygame.Surface((960, 540)), pygame.Surface((960, 540))
    assert _writable(direct)  # else both would be blitted and the test would prove nothing
    for surface, lend_pixels in ((direct, True), (blitted, False)):
        view = MirrorView(pygame.Rect(0, 0, 960, 540))
        view._direct = lend_pixels
        view.show(tree_pose_image)
        view.draw(surface)
    a, b = pygame.surfarray.array3d(direct), pygame.surfarray.array3d(blitted)
    assert a.std() > 20 and np.array_equal(a, b)
