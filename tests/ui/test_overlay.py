"""The knee marker's colour: smoothed, with hysteresis, agreeing with the coach's threshold."""

import numpy as np
import pygame

from kiosk.coach import KneeReading, KneeVerdict
from kiosk.coach.verdict import Thresholds
from kiosk.pose import Keypoint
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import KneeColour, KneeLevel, LegOverlay
from kiosk.ui.palette import BAD, GOOD, LANE_EDGE, WARN

from .conftest import CAVING_LEFT, GOOD_KNEES, mask, person, pixels


def reading(offset, verdict=KneeVerdict.TRACKING):
    return KneeReading("left", offset, verdict)


def settled(colour, offset, frames=10):
    for _ in range(frames):
        level = colour.update(reading(offset))
    return level


def test_one_wild_frame_does_not_turn_the_marker_red():
    colour = KneeColour()
    settled(colour, 0.0)
    assert colour.update(reading(0.5, KneeVerdict.CAVING)) is KneeLevel.GOOD
    assert settled(colour, 0.0, 3) is KneeLevel.GOOD


def test_a_sustained_cave_turns_red_within_three_frames():
    colour = KneeColour()
    settled(colour, 0.0)
    levels = [colour.update(reading(0.12, KneeVerdict.CAVING)) for _ in range(3)]
    assert levels[-1] is KneeLevel.BAD


def test_the_colours_agree_with_the_coachs_threshold():
    threshold = Thresholds().knee_in_offset
    assert settled(KneeColour(threshold), 0.0) is KneeLevel.GOOD
    assert settled(KneeColour(threshold), 0.75 * threshold) is KneeLevel.WARN
    assert settled(KneeColour(threshold), 1.2 * threshold) is KneeLevel.BAD
    assert settled(KneeColour(threshold), -0.2) is KneeLevel.GOOD, "a knee pushed out is never a fault"
    assert settled(KneeColour(0.1), 0.08) is KneeLevel.WARN, "a stricter coach, a stricter marker"


def test_hysteresis_holds_a_level_near_its_boundary():
    colour = KneeColour(0.06)
    assert settled(colour, 0.07) is KneeLevel.BAD
    assert settled(colour, 0.056) is KneeLevel.BAD, "just under the threshold: still red"
    assert settled(colour, 0.045) is KneeLevel.WARN
    fresh = KneeColour(0.06)
    settled(fresh, 0.0)
    assert settled(fresh, 0.056) is KneeLevel.WARN, "from below, the same offset is only amber"


def test_a_knee_not_seen_for_a_while_is_forgotten():
    colour = KneeColour()
    settled(colour, 0.12)
    for _ in range(5):
        assert colour.update(reading(None, KneeVerdict.UNKNOWN)) is KneeLevel.UNKNOWN
    assert colour.update(reading(0.0)) is KneeLevel.GOOD


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
    assert tuple(pixels(display)[knee[1], knee[0]]) == BAD
    assert GOOD != WARN != BAD
