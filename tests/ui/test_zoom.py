"""Landscape video zooms to the person: hips to feet large on the screen, steady through a set."""

import pygame

from kiosk.athlete.scene import Scene
from kiosk.athlete.source import DEMO_MOTION
from kiosk.coach import EXERCISES
from kiosk.pose import Keypoint, Pose
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.screens import ExerciseView, Screens

from .conftest import GOOD_KNEES, LANDSCAPE


def hip_to_ankle(mapping, pose):
    return (
        mapping.to_screen(*pose.point(Keypoint.LEFT_ANKLE))[1]
        - mapping.to_screen(*pose.point(Keypoint.LEFT_HIP))[1]
    )


def test_the_person_fills_the_picture_and_the_zoom_holds_still_through_the_reps(display, screenshots):
    scene = Scene(motion=DEMO_MOTION)
    frame, _ = scene.render(0.0)
    screens = Screens(LANDSCAPE)
    letterboxed = MirrorView(screens.mirror.area)  # the picture as it was: the whole frame, fitted
    letterboxed.show(frame)
    scales = []
    for index in range(round(scene.motion.duration * 30)):
        t = index / 30
        pose = Pose(scene.truth(t).keypoints, t, scene.camera.size)
        screens.mirror.show(frame)
        screens.draw_exercise(display, ExerciseView(EXERCISES[0], pose, GOOD_KNEES))
        if index == 60:
            pygame.image.save(display, str(screenshots / "exercise-zoomed.png"))
            standing = pose
            zoomed = hip_to_ankle(screens.mirror, pose)
            picture = screens.mirror.picture_rect
            feet = [
                screens.mirror.to_screen(*pose.point(k)) for k in (Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
            ]
        if index >= 60:
            scales.append(screens.mirror.scale)
    before = hip_to_ankle(letterboxed, standing)
    assert zoomed >= 1.3 * before, f"hips to ankles {zoomed} px, unzoomed {before} px"
    assert all(picture.collidepoint(foot) for foot in feet), "the feet stay in the picture"
    assert max(scales) / min(scales) < 1.05, "no zooming in and out with each squat"
