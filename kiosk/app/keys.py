"""The keyboard as the three buttons, for development machines: each key is a button pressed or held."""

from __future__ import annotations

import pygame

from hardware.buttons import ButtonEvent

KEY_EVENTS = {
    pygame.K_LEFT: ButtonEvent("previous"),
    pygame.K_UP: ButtonEvent("previous"),
    pygame.K_RIGHT: ButtonEvent("next"),
    pygame.K_DOWN: ButtonEvent("next"),
    pygame.K_RETURN: ButtonEvent("select"),
    pygame.K_KP_ENTER: ButtonEvent("select"),
    pygame.K_SPACE: ButtonEvent("select"),
    pygame.K_ESCAPE: ButtonEvent("select", "hold"),
    pygame.K_BACKSPACE: ButtonEvent("select", "hold"),
    pygame.K_h: ButtonEvent("next", "hold"),
    pygame.K_c: ButtonEvent("previous", "hold"),
}
QUIT_KEYS = (pygame.K_q,)


def button_for_key(key: int) -> ButtonEvent | None:
    """The button a key stands for: arrows move, Enter selects, Escape holds select, H holds next, C previous.

    >>> button_for_key(pygame.K_RETURN)
    ButtonEvent(button='select', action='press')
    """
    return KEY_EVENTS.get(key)
