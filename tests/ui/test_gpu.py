"""The GPU present path draws what the surface path draws: real pygame, the real model, the athlete.

The GPU path's screen is read back from SDL's renderer; the surface path's is the
display surface. Both run the same frames through the same kiosk loop. On the dummy
driver SDL's renderer is its software one, which still goes through the Renderer API
(textures, the mirrored copy, blending); under Xvfb the x11 driver gives an OpenGL one.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys

import numpy as np
import pygame
import pytest

from kiosk.config import Config, DisplayConfig
from kiosk.ui.display import open_display
from kiosk.ui.gpu import GpuScreen

from ..conftest import ROOT

SIZE = (1280, 720)
# Linear filtering in the GPU and OpenCV's resize differ by a grey level here and there, no more.
MEAN_DIFFERENCE = 1.0
FAR_OFF = 40  # grey levels: a pixel this far off is a different thing drawn, not a rounding
FAR_OFF_SHARE = 0.001


def screen_through(renderer: str, start: str | None, frames: int = 45) -> tuple[np.ndarray, str]:
    """The last screen the kiosk drew through ``renderer``, as RGB pixels, and what drew it."""
    from kiosk.app.engine import build_tracker
    from kiosk.app.loop import Kiosk
    from kiosk.athlete.source import AthleteSource

    base = Config()
    display_config = base.display.model_copy(
        update={"renderer": renderer, "fullscreen": False, "width": SIZE[0], "height": SIZE[1]}
    )
    config = base.model_copy(update={"display": display_config})
    pygame.display.init()
    pygame.font.init()
    display = open_display(config.display)
    now = [1000.0]
    kiosk = Kiosk(
        config, AthleteSource("squat"), build_tracker(config), display, queue.SimpleQueue(),
        paced=False, clock=lambda: now[0], start=start,
    )  # fmt: skip
    try:
        for _ in range(frames):
            now[0] += 1 / 30
            assert kiosk.step()
        pixels = pygame.surfarray.array3d(kiosk.screenshot()).astype(np.int16)
        drew = f"gpu ({display.name})" if isinstance(display, GpuScreen) else "surface"
    finally:
        kiosk.close()
        if isinstance(display, GpuScreen):
            display.close()
        pygame.quit()
    return pixels, drew


def difference(start: str | None, renderer: str = "gpu") -> dict[str, object]:
    """How far the screen drawn through ``renderer`` is from the surface path's."""
    surface, _ = screen_through("surface", start)
    other, drew = screen_through(renderer, start)
    apart = np.abs(surface - other)
    return {"mean": float(apart.mean()), "far": float((apart.max(axis=2) > FAR_OFF).mean()), "drew": drew}


@pytest.mark.parametrize("start", ["squat", None], ids=["exercise", "attract"])
def test_the_gpu_path_draws_the_screen_the_surface_path_draws(start):
    found = difference(start)
    assert found["drew"] == "gpu (software)"
    assert found["mean"] < MEAN_DIFFERENCE and found["far"] < FAR_OFF_SHARE, found


def test_the_exercise_screen_through_the_gpu_shows_the_mirrored_picture_and_the_overlay(screenshots):
    """The knee rings and the mirrored picture are where the surface path puts them."""
    surface, _ = screen_through("surface", "squat")
    gpu, _ = screen_through("gpu", "squat")
    pygame.image.save(
        pygame.surfarray.make_surface(gpu.astype(np.uint8)), str(screenshots / "gpu-exercise.png")
    )
    moving = np.abs(surface - surface[::-1]).max(axis=2) > FAR_OFF  # differs from its own mirror image
    assert moving.mean() > 0.05
    assert (np.abs(surface - gpu).max(axis=2)[moving] > FAR_OFF).mean() < FAR_OFF_SHARE


def under_xvfb(code: str) -> str:
    """The last line ``code`` prints, run under Xvfb with SDL's x11 driver (this module imported)."""
    script = (  # the tests' conftest, imported with this module, sets the dummy driver: x11 after it
        "import json, os; from tests.ui.test_gpu import *; os.environ['SDL_VIDEODRIVER'] = 'x11'; " + code
    )
    env = {**os.environ, "SDL_VIDEODRIVER": "x11"}
    for _ in range(2):  # xvfb-run -a can pick a display another Xvfb is just taking: once more
        # -noreset: the server would otherwise reset when the first screen closes, and refuse the second.
        result = subprocess.run(
            ["xvfb-run", "-a", "-s", "-noreset -screen 0 1920x1080x24", sys.executable, "-c", script],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if result.returncode == 0:
            break
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


XVFB = pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="no Xvfb here (apt install xvfb)")


@XVFB
@pytest.mark.parametrize("start", ["squat", None], ids=["exercise", "attract"])
def test_under_x11_the_opengl_renderer_draws_the_same_screen(start):
    found = json.loads(under_xvfb(f"print(json.dumps(difference({start!r}, 'gpu')))"))
    assert found["drew"].startswith("gpu (opengl"), found
    assert found["mean"] < MEAN_DIFFERENCE and found["far"] < FAR_OFF_SHARE, found


@XVFB
def test_under_xvfb_auto_keeps_the_surface_since_its_opengl_draws_on_the_cpu():
    code = (
        "from kiosk.ui.gpu import gl_renderer; import pygame; pygame.display.init(); "
        "gpu = open_display(DisplayConfig(fullscreen=False, renderer='gpu')); "
        "software = gpu.on_cpu and 'llvmpipe' in gl_renderer(); gpu.close(); pygame.quit(); "
        "pygame.display.init(); "
        "print(software, type(open_display(DisplayConfig(fullscreen=False))).__name__)"
    )
    assert under_xvfb(code) == "True Surface"


def test_auto_draws_on_a_surface_where_sdl_has_only_its_software_renderer():
    try:
        assert isinstance(open_display(DisplayConfig()), pygame.Surface)
        pygame.quit()
        gpu = open_display(DisplayConfig(renderer="gpu"))
        assert isinstance(gpu, GpuScreen) and gpu.name == "software"
        gpu.close()
    finally:
        pygame.quit()
