"""Helpers for the screen tests: pixels as (H, W, RGB), colour masks, a synthetic person."""

import numpy as np
import pygame

from kiosk.coach import KneeCheck, KneeReading, KneeVerdict
from kiosk.ui.glass import GlassGeometry
from kiosk.ui.samples import standing_person

LANDSCAPE = (1920, 1080)
# The camera of the landscape tests: a 1280×720 picture from 5 cm above a 1.45 m high screen.
CAMERA_GEOMETRY = GlassGeometry(LANDSCAPE, screen_width_m=0.95)


def pixels(surface):
    return pygame.surfarray.array3d(surface).transpose(1, 0, 2)


def mask(image, colour):
    return np.all(image == colour, axis=2)


def marker_colour(image, knee, size=LANDSCAPE):
    """The colour of the ring around a knee (the marker is hollow: the knee itself shows through)."""
    from kiosk.ui.overlay import marker_radius

    return tuple(image[knee[1] + marker_radius(size) - 4, knee[0]])


def person(left_in=0.0, right_in=0.0, distance=2.5):
    return standing_person(CAMERA_GEOMETRY, distance, 1.45, left_in, right_in)


def check(left=(0.0, KneeVerdict.TRACKING), right=(0.0, KneeVerdict.TRACKING), cue="Good — knees over toes"):
    return KneeCheck(KneeReading("left", *left), KneeReading("right", *right), cue)


CAVING_LEFT = check(left=(0.12, KneeVerdict.CAVING), cue="Push your left knee out over your toes")
GOOD_KNEES = check()
