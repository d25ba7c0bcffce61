"""Portrait mirrors: screens drawn upright on a canvas, turned once onto the panel."""

import pygame
import pytest

from kiosk.ui.rotation import Canvas

from .conftest import pixels


@pytest.mark.parametrize(
    "rotation, size", [(0, (1920, 1080)), (90, (1080, 1920)), (180, (1920, 1080)), (270, (1080, 1920))]
)
def test_the_canvas_turns_the_picture_onto_the_panel(display, rotation, size):
    canvas = Canvas(display, rotation)
    assert canvas.size == size
    canvas.surface.fill((0, 0, 0))
    canvas.surface.fill((255, 0, 0), pygame.Rect(0, 0, 40, 20))  # a mark at the picture's top-left
    canvas.present(display)
    x, y = canvas.to_display(5, 5)
    assert tuple(pixels(display)[y, x]) == (255, 0, 0)
    if rotation == 0:
        assert canvas.surface is display, "upright costs nothing: screens draw on the display itself"


def test_other_rotations_are_refused(display):
    with pytest.raises(ValueError, match="0, 90, 180, 270"):
        Canvas(display, 45)
