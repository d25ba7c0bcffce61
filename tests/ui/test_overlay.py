"""The overlay: lanes from hip over the foot, knee markers in the colour of the coach's verdict."""

import numpy as np
import pygame

from kiosk.pose import Keypoint
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import LegOverlay
from kiosk.ui.palette import BAD, GOOD, LANE_EDGE, WARN

from .conftest import CAVING_LEFT, GOOD_KNEES, marker_colour, mask, person, pixels


def test_lanes_run_from_hip_over_the_foot(display):
    overlay = LegOverlay()

    view = MirrorView(pygame.Rect(0, 0, 1920, 1080))
    view.show(np.zeros((720, 1280, 3), np.uint8))
    pose = person()
    overlay.update(GOOD_KNEES)
    display.fill((0, 0, 0))
    overlay.draw(display, view, pose)
    image = pixels(display)
    edges = np.flatnonzero(mask(image, LANE_EDGE).any(axis=1))
    hip = view.to_screen(*pose.point(Keypoint.LEFT_HIP))
    ankle = view.to_screen(*pose.point(Keypoint.LEFT_ANKLE))
    assert edges.min() <= hip[1] + 2 and edges.max() > ankle[1] + 10, "from the hip to past the ankle"
    assert tuple(image[ankle[1] + 8, ankle[0]]) != (0, 0, 0), "the lane's translucent fill over the foot"
    for _ in range(3):
        overlay.update(CAVING_LEFT)
    overlay.draw(display, view, pose)
    knee = view.to_screen(*pose.point(Keypoint.LEFT_KNEE))
    assert marker_colour(pixels(display), knee) == BAD
    assert GOOD != WARN != BAD
