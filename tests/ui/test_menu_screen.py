"""The menu screen: tiles, one highlighted, rendered headless."""

import numpy as np
import pygame

from kiosk.coach import EXERCISES
from kiosk.ui.palette import ACCENT
from kiosk.ui.screens import MenuView, Screens


def highlighted_rows(display):
    pixels = pygame.surfarray.array3d(display).transpose(1, 0, 2)
    accent = np.all(pixels == ACCENT, axis=2)
    return np.flatnonzero(accent.sum(axis=1) > display.get_width() // 2)


def test_the_highlight_follows_the_choice(screenshots):
    pygame.display.init()
    pygame.font.init()
    try:
        display = pygame.display.set_mode((1920, 1080))
        screens = Screens(display.get_size())
        screens.draw_menu(display, MenuView(EXERCISES, highlighted=0))
        pygame.image.save(display, str(screenshots / "menu.png"))
        first = highlighted_rows(display)
        screens.draw_menu(display, MenuView(EXERCISES, highlighted=2))
        third = highlighted_rows(display)
        assert first.size > 1080 // 12 and third.size > 1080 // 12
        assert third.min() > first.max()
    finally:
        pygame.quit()
