"""Opening the screen: full screen on the mirror, a window on a desk, or headless."""

from __future__ import annotations

import pygame

from kiosk.config import DisplayConfig
from kiosk.errors import KioskError

HEADLESS_DRIVERS = ("dummy", "offscreen")


def open_display(config: DisplayConfig, windowed: bool = False) -> pygame.Surface:
    """Initialise pygame's display and return the surface to draw on.

    Full screen uses the screen's own resolution. A window, or the headless
    ``SDL_VIDEODRIVER=dummy`` driver, uses the configured size; a window
    shrinks to fit the desktop.
    """
    try:
        pygame.display.init()
        pygame.font.init()
    except pygame.error as error:
        raise KioskError(
            f"no display available ({error}): run on the mirror's screen or a desktop, "
            "or set SDL_VIDEODRIVER=dummy and use --screenshot to run headless"
        ) from None
    size = (config.width, config.height)
    try:
        if pygame.display.get_driver() in HEADLESS_DRIVERS:
            surface = pygame.display.set_mode(size)
        elif windowed or not config.fullscreen:
            surface = pygame.display.set_mode(_fit_desktop(size))
        else:
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
    except pygame.error as error:
        raise KioskError(f"the display could not be opened ({error})") from None
    pygame.display.set_caption("Warm-up Mirror")
    return surface


def _fit_desktop(size: tuple[int, int]) -> tuple[int, int]:
    desktops = pygame.display.get_desktop_sizes()
    if not desktops:
        return size
    desk_w, desk_h = desktops[0]
    shrink = min(1.0, 0.9 * desk_w / size[0], 0.9 * desk_h / size[1])
    return round(size[0] * shrink), round(size[1] * shrink)
