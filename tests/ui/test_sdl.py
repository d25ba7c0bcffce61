"""The SDL under pygame can draw where the service draws."""

from kiosk.system.service import Unit
from kiosk.ui.sdl import driver_problem

from ..conftest import ROOT


def test_the_installed_sdl_has_the_video_driver_the_service_uses():
    driver = Unit.read(ROOT / "systemd" / "kiosk.service").environment["SDL_VIDEODRIVER"]
    assert driver == "kmsdrm"
    assert driver_problem(driver) is None, driver_problem(driver)


def test_display_vsync_makes_each_flip_wait_for_the_refresh():
    import pygame

    from kiosk.config import DisplayConfig
    from kiosk.ui.display import open_display

    for vsync in (True, False):
        screen = open_display(DisplayConfig(vsync=vsync))
        screen.fill((40, 40, 40))
        pygame.display.flip()
        assert screen.get_size() == (1920, 1080) and pygame.display.is_vsync() is vsync
        pygame.quit()
