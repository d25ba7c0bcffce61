"""Opening the screen: full screen on the mirror, a window on a desk, or headless."""

from __future__ import annotations

import logging
import warnings

import pygame

from kiosk.config import DisplayConfig
from kiosk.errors import KioskError
from kiosk.ui.gpu import RENDER_ERRORS, GpuScreen

log = logging.getLogger(__name__)
HEADLESS_DRIVERS = ("dummy", "offscreen")


def open_display(config: DisplayConfig, windowed: bool = False) -> pygame.Surface | GpuScreen:
    """Initialise pygame's display and return the surface to draw on, or the GPU screen.

    ``config.renderer``: ``"surface"`` composes each frame in a software
    surface and flips it; ``"gpu"`` draws through SDL's renderer
    (:class:`kiosk.ui.gpu.GpuScreen`, SDL's software renderer where it has no
    other); ``"auto"`` takes the GPU where SDL offers an accelerated renderer
    that does not rasterise on the CPU (Mesa's llvmpipe under Xvfb does) and
    the picture is upright, else the surface.

    Full screen uses the screen's own resolution. A window, or the headless
    ``SDL_VIDEODRIVER=dummy`` driver, uses the configured size; a window
    shrinks to fit the desktop. With ``vsync`` each flip waits for the
    screen's refresh: SDL then shows the surface through a renderer
    (``pygame.SCALED``); a driver that cannot is logged and flips unsynchronised.
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
    flags = 0
    if pygame.display.get_driver() not in HEADLESS_DRIVERS:
        if windowed or not config.fullscreen:
            size = _fit_desktop(size)
        else:
            desktops = pygame.display.get_desktop_sizes()
            size, flags = (desktops[0] if desktops else (0, 0)), pygame.FULLSCREEN
    if config.renderer != "surface" and config.turned == 0:
        gpu = _open_gpu(size, bool(flags & pygame.FULLSCREEN), config.vsync, config.renderer == "auto")
        if gpu is not None:
            return gpu
    try:
        surface = _set_mode(size, flags, config.vsync)
    except pygame.error as error:
        raise KioskError(f"the display could not be opened ({error})") from None
    if flags & pygame.FULLSCREEN:
        pygame.mouse.set_visible(False)
    pygame.display.set_caption("Warm-up Mirror")
    return surface


def _open_gpu(size: tuple[int, int], fullscreen: bool, vsync: bool, auto: bool) -> GpuScreen | None:
    """The GPU screen; ``None`` when ``auto`` and SDL has no accelerated renderer here."""
    try:
        gpu = GpuScreen(size, fullscreen, vsync, accelerated=1 if auto else -1)
    except RENDER_ERRORS as error:
        if auto:
            log.info("display.renderer auto: no accelerated renderer here (%s); drawing on a surface", error)
            return None
        raise KioskError(
            f'display.renderer = "gpu": SDL could not make a renderer ({error}); use "surface"'
        ) from None
    if auto and gpu.on_cpu:  # e.g. Mesa's llvmpipe under Xvfb: the "GPU" would be more CPU work
        log.info(
            "display.renderer auto: SDL's %s renderer draws on the CPU here; drawing on a surface", gpu.name
        )
        gpu.close()
        return None
    if fullscreen:
        pygame.mouse.set_visible(False)
    log.info("display.renderer: drawing through SDL's %s renderer", gpu.name)
    return gpu


def _set_mode(size: tuple[int, int], flags: int, vsync: bool) -> pygame.Surface:
    if vsync:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "no fast renderer available": the software one still syncs
                return pygame.display.set_mode(size, flags | pygame.SCALED, vsync=1)
        except pygame.error as error:
            log.warning("display.vsync: not available here (%s); flipping without it", error)
    return pygame.display.set_mode(size, flags)


def _fit_desktop(size: tuple[int, int]) -> tuple[int, int]:
    desktops = pygame.display.get_desktop_sizes()
    if not desktops:
        return size
    desk_w, desk_h = desktops[0]
    shrink = min(1.0, 0.9 * desk_w / size[0], 0.9 * desk_h / size[1])
    return round(size[0] * shrink), round(size[1] * shrink)
