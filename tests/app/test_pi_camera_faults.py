"""The Pi camera failing as picamera2 fails: busy at boot, then unplugged. The mirror waits; no demo."""

import logging
import signal
import sys
import threading
import time
import types

import numpy as np
import pygame
import pytest

from hardware import parse_source
from kiosk.config import Config


class FakePicamera2:
    """picamera2's ``Picamera2`` at the hardware boundary, scripted by the class attributes below.

    The first opening fails as a camera still held by another process does
    (picamera2 raises RuntimeError); later ones work until ``frames`` requests
    have been captured; then the ribbon cable is out: no camera is listed, and
    a capture waits out its ``wait`` and raises TimeoutError, as picamera2's job does.
    """

    busy_opens, frames, opened = 1, 20, 0

    @staticmethod
    def global_camera_info():
        return [{"Model": "imx708", "Num": 0}] if FakePicamera2.frames > 0 else []

    def __init__(self):
        FakePicamera2.opened += 1
        if FakePicamera2.opened <= FakePicamera2.busy_opens:
            raise RuntimeError("Camera __init__ sequence did not complete.")
        self.config = None

    def create_video_configuration(self, **settings):
        return settings

    def configure(self, config):
        self.config = config

    def start(self):
        pass

    def capture_request(self, wait=None):
        if FakePicamera2.frames <= 0:
            time.sleep(wait or 0)
            raise TimeoutError
        time.sleep(1 / 30)
        FakePicamera2.frames -= 1
        return FakeRequest(self.config)

    def stop(self):
        pass

    def close(self):
        pass


class FakeRequest:
    """A completed request: the ISP's two streams, a grey gym."""

    def __init__(self, config):
        self.config = config

    def make_array(self, stream):
        width, height = self.config[stream]["size"]
        return np.full((height, width, 4 if stream == "main" else 3), 90, np.uint8)

    def release(self):
        pass


@pytest.fixture
def pi_camera(monkeypatch):
    """This machine as a Pi: picamera2 and libcamera import, and drive the fake camera."""
    monkeypatch.setitem(sys.modules, "picamera2", types.SimpleNamespace(Picamera2=FakePicamera2))
    monkeypatch.setitem(sys.modules, "libcamera", types.SimpleNamespace(Transform=lambda **flip: flip))
    monkeypatch.setattr(FakePicamera2, "opened", 0)
    monkeypatch.setattr(FakePicamera2, "frames", 20)
    # run_kiosk sets these for the process; give them back to pytest.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGHUP, signal.SIGTERM)}
    switch = sys.getswitchinterval()
    yield FakePicamera2
    for number, handler in handlers.items():
        signal.signal(number, handler)
    sys.setswitchinterval(switch)


def test_auto_on_a_pi_waits_for_a_busy_camera_and_shows_trouble_when_unplugged_never_the_demo(
    pi_camera, tmp_path, caplog
):
    from kiosk.app import wiring

    caplog.set_level(logging.INFO)  # whatever an earlier test left the loggers at
    shot = tmp_path / "last.png"
    config = Config(display=Config().display.model_copy(update={"width": 640, "height": 360}))
    wiring.run_kiosk(config, parse_source("auto"), frames=40, screenshot=shot, windowed=True)
    assert pi_camera.opened >= 2 and pi_camera.frames == 0  # busy at first, then opened and read to the end
    assert not [t for t in threading.enumerate() if t.name.startswith("kiosk-")]
    logged = [record.getMessage() for record in caplog.records]
    assert any("picamera is not delivering frames" in message for message in logged), logged
    # The camera itself comes back once it is free; nothing else ever takes its place.
    assert all(message.startswith("picamera ") for message in logged if " is back after" in message), logged
    assert not any("demo" in message or "athlete" in message for message in logged), logged
    assert np.array_equal(screen_of(shot), camera_trouble_screen(config))  # the last screen, not the athlete


def screen_of(path):
    return pygame.surfarray.array3d(pygame.image.load(str(path)))


def camera_trouble_screen(config):
    from kiosk.ui.screens import Screens, TroubleKind, TroubleView

    pygame.init()
    try:
        surface = pygame.Surface((640, 360))
        Screens.from_config(config.display, (640, 360)).draw_trouble(surface, TroubleView(TroubleKind.CAMERA))
        return pygame.surfarray.array3d(surface)
    finally:
        pygame.quit()
