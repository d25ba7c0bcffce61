"""The SDL under pygame can draw where the service draws."""

from kiosk.service import Unit
from kiosk.ui.sdl import driver_problem

from ..conftest import ROOT


def test_the_installed_sdl_has_the_video_driver_the_service_uses():
    driver = Unit.read(ROOT / "systemd" / "kiosk.service").environment["SDL_VIDEODRIVER"]
    assert driver == "kmsdrm"
    assert driver_problem(driver) is None, driver_problem(driver)
