"""The knee's verdict is not carried by colour alone: colours that survive colour blindness, and shapes."""

import itertools

import numpy as np
import pygame
import pytest

from kiosk.coach import KneeVerdict
from kiosk.pose import Keypoint
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.overlay import LEVEL_COLOURS, LegOverlay

from .conftest import check, person, pixels

# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB.
SIMULATIONS = {
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.01182, 0.04294, 0.968881],
    ],
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
}


def linear(rgb):
    c = np.asarray(rgb, float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(lin):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    f = np.cbrt(np.maximum(xyz / [0.95047, 1.0, 1.08883], 0.008856))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b, simulation=None):
    matrix = np.array(SIMULATIONS[simulation]) if simulation else np.eye(3)
    return float(
        np.linalg.norm(lab(np.clip(matrix @ linear(a), 0, 1)) - lab(np.clip(matrix @ linear(b), 0, 1)))
    )


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_the_verdict_colours_stay_apart_for_red_green_colour_blindness(simulation):
    for (one, a), (other, b) in itertools.combinations(LEVEL_COLOURS.items(), 2):
        assert delta_e(a, b, simulation) >= 25, (
            simulation,
            one.name,
            other.name,
            round(delta_e(a, b, simulation)),
        )


def markers(display, verdict):
    """Both knees with one verdict, on a grey picture; returns the picture and where her left knee is."""
    view = MirrorView(pygame.Rect(0, 0, 1920, 1080))
    view.show(np.full((720, 1280, 3), 90, np.uint8))
    pose = person()
    overlay = LegOverlay()
    overlay.update(check(left=(0.0, verdict), right=(0.0, verdict)))
    display.fill((90, 90, 90))
    overlay.draw(display, view, pose)
    return pixels(display), view.to_screen(*pose.point(Keypoint.LEFT_KNEE))


def test_each_verdict_has_its_own_shape_and_the_knee_shows_through(display, screenshots):
    shapes = {}
    for verdict in KneeVerdict:
        image, knee = markers(display, verdict)
        pygame.image.save(display, str(screenshots / f"marker-{verdict.value}.png"))
        centre = image[knee[1], knee[0]].astype(int)
        assert np.abs(centre - 90).max() <= 30, f"{verdict.name}: the knee shows through the ring and lane"
        x, y = knee
        near = image[y - 120 : y + 120, x - 160 : x + 160]
        # The shape without its colour: what is drawn, and what is drawn in black ink.
        shapes[verdict] = np.stack([np.any(near != 90, axis=2), near.max(axis=2) < 50])
    for one, other in itertools.combinations(KneeVerdict, 2):
        differ = (shapes[one] ^ shapes[other]).sum()
        assert differ > 400, f"{one.name} and {other.name} differ by colour alone ({differ} pixels of shape)"
