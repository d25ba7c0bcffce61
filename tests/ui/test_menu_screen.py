"""The menu screen: routines first, then exercises, as tiles with a figure and the target; one highlighted."""

import numpy as np
import pygame

from kiosk.coach import EXERCISES
from kiosk.ui.palette import ACCENT, INK, TILE, WHITE
from kiosk.ui.rotation import Canvas
from kiosk.ui.screens import MenuTile, MenuView, Screens

from .conftest import mask, pixels

ROUTINE = MenuTile("Knee-friendly warm-up", "12 steps · 15 min", "routine", is_routine=True)
TILES = (ROUTINE, *(MenuTile.for_exercise(e, "8 reps") for e in EXERCISES))


def highlighted_box(surface):
    accent = mask(pixels(surface), ACCENT)
    rows, columns = np.flatnonzero(accent.any(axis=1)), np.flatnonzero(accent.any(axis=0))
    return columns.min(), rows.min(), columns.max(), rows.max()


def test_the_highlight_follows_the_choice(display, screenshots):
    screens = Screens(display.get_size())
    tiles = tuple(MenuTile.for_exercise(e) for e in EXERCISES)
    screens.draw_menu(display, MenuView(tiles, highlighted=0))
    pygame.image.save(display, str(screenshots / "menu.png"))
    first = highlighted_box(display)
    screens.draw_menu(display, MenuView(tiles, highlighted=2))
    third = highlighted_box(display)
    assert first[3] - first[1] > 1080 // 8 and third[3] - third[1] > 1080 // 8
    assert third[1] > first[3], "the third exercise is on the next row"


def test_routines_come_first_as_wide_tiles_and_exercises_two_to_a_row(display, screenshots):
    screens = Screens(display.get_size())
    screens.draw_menu(display, MenuView(TILES, highlighted=0))
    pygame.image.save(display, str(screenshots / "menu-routine.png"))
    left, _, right, bottom = highlighted_box(display)
    assert right - left > 1920 * 0.9, "the routine's tile spans the screen"
    screens.draw_menu(display, MenuView(TILES, highlighted=2))
    pygame.image.save(display, str(screenshots / "menu-exercise.png"))
    second = highlighted_box(display)
    assert second[1] > bottom and second[0] > 1920 // 2, "Reverse lunge: right column, below the routine"
    image = pixels(display)
    chosen = image[second[1] : second[3], second[0] : second[2]]
    figure = chosen[:, : second[3] - second[1]]  # the figure fills the tile's left square
    assert mask(figure, INK).sum() > 1500, "the movement's figure is drawn on the tile"
    assert mask(chosen[:, second[3] - second[1] :], INK).sum() > 3000, "the name and the target"
    assert mask(image, TILE).sum() > 100_000 and mask(image, WHITE).sum() > 10_000


def test_every_movement_has_its_own_figure():
    from kiosk.ui.figures import FIGURES, draw_figure

    drawn = set()
    for figure_id in [*FIGURES, "routine"]:
        surface = pygame.Surface((120, 120))
        draw_figure(surface, figure_id, surface.get_rect(), WHITE)
        picture = pygame.surfarray.array2d(surface) != 0
        assert picture.mean() > 0.04, figure_id
        drawn.add(picture.tobytes())
    assert len(drawn) == len(FIGURES) + 1


def test_the_menu_in_portrait(display, screenshots):
    canvas = Canvas(display, rotation=90)
    Screens(canvas.size).draw_menu(canvas.surface, MenuView(TILES, highlighted=3))
    pygame.image.save(canvas.surface, str(screenshots / "menu-portrait.png"))
    left, _, right, bottom = highlighted_box(canvas.surface)
    assert right - left > canvas.size[0] * 0.8, "one column of tiles"
    assert bottom < canvas.size[1] * 0.9, "the highlighted tile is shown, above the hint"
