"""The operators' heads-up display: fps, stage times and pose age in a corner (``kiosk run --hud``).

Budget: ≤ 0.2 ms a frame; the text is rendered again twice a second, not every frame.
"""

from __future__ import annotations

import numpy as np
import pygame

from kiosk.ui.gpu import GpuScreen
from kiosk.ui.palette import type_size
from kiosk.ui.text import TextRenderer

REFRESH_FRAMES = 15


class Hud:
    """Draws the newest timing figures small, for staff, at the left edge above the cue band.

    >>> import pygame; _ = pygame.font.init()
    >>> from kiosk.app.stats import FrameStats
    >>> Hud((1920, 1080)).draw(pygame.Surface((1920, 1080)), FrameStats(), stride=1)
    """

    def __init__(self, size: tuple[int, int]):
        self.text = TextRenderer()
        self.size = size
        self._surface: pygame.Surface | None = None
        self._frames = 0

    def draw(self, surface: pygame.Surface | GpuScreen, stats, stride: int) -> None:
        """Draw the HUD; the figures are refreshed every ``REFRESH_FRAMES`` frames.

        On a GPU screen drawing layers it is one more layer (a texture made at each refresh).
        """
        if self._surface is None or self._frames % REFRESH_FRAMES == 0:
            self._surface = self._render(stats, stride)
        self._frames += 1
        # Above the message band (the bottom 19 %), clear of the exercise's name at the top.
        panel = self._surface
        place = panel.get_rect(bottomleft=(8, round(self.size[1] * 0.81) - 8))
        if isinstance(surface, GpuScreen):
            surface.block(("hud", id(panel)), place.size, place, lambda s, r: s.blit(panel, r), panel)
        else:
            surface.blit(panel, place)

    def _render(self, stats, stride: int) -> pygame.Surface:
        lines = [
            f"{stats.fps(30):5.1f} fps shown",
            f"model {_p50(stats.recent('invoke', 30)):5.1f} ms  every {stride} frame(s)",
            f"core  {_p50(stats.recent('core', 30)):5.1f} ms",
            f"latency {_p50(stats.recent('latency', 30)):5.1f} ms",
            f"pose age {_p50(stats.recent('pose_age', 30)):5.1f} ms",
        ]
        font = self.text.font(type_size(self.size[1], 1 / 40))
        rendered = [font.render(line, True, (255, 255, 255)) for line in lines]
        width = max(line.get_width() for line in rendered) + 16
        height = sum(line.get_height() for line in rendered) + 16
        panel = pygame.Surface((width, height))
        panel.fill((0, 0, 0))
        y = 8
        for line in rendered:
            panel.blit(line, (8, y))
            y += line.get_height()
        return panel


def _p50(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(np.median(values)) * 1000 if len(values) else float("nan")
