"""The keyboard as the three buttons, for development machines."""

from __future__ import annotations

import pygame

from hardware.buttons import ButtonEvent

KEY_EVENTS = {
    pygame.K_LEFT: ButtonEvent.PREVIOUS,
    pygame.K_UP: ButtonEvent.PREVIOUS,
    pygame.K_RIGHT: ButtonEvent.NEXT,
    pygame.K_DOWN: ButtonEvent.NEXT,
    pygame.K_RETURN: ButtonEvent.SELECT,
    pygame.K_KP_ENTER: ButtonEvent.SELECT,
    pygame.K_SPACE: ButtonEvent.SELECT,
    pygame.K_ESCAPE: ButtonEvent.BACK,
    pygame.K_BACKSPACE: ButtonEvent.BACK,
    pygame.K_h: ButtonEvent.HELP,
    pygame.K_c: ButtonEvent.STAFF,
}
QUIT_KEYS = (pygame.K_q,)


def button_for_key(key: int) -> ButtonEvent | None:
    """The button a key stands for: arrows move, Enter selects, Escape goes back, H helps, C calibrates.

    >>> button_for_key(pygame.K_RETURN)
    <ButtonEvent.SELECT: 'select'>
    """
    return KEY_EVENTS.get(key)
