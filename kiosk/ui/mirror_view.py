"""The camera picture shown as a mirror: flipped left-right and fitted to the screen.

Budget (per frame, 1920×1080 screen): ≤ 3 ms. Three OpenCV passes into
buffers allocated once per source size (resize, flip, BGR→BGRA), then one
blit of a surface that shares the last buffer. No numpy work on full frames,
no smoothscale, no allocation per frame.
"""

from __future__ import annotations

import cv2
import numpy as np
import pygame


class MirrorView:
    """Places camera frames on the screen as a mirror would show them.

    The frame is scaled to fit ``area`` (keeping its shape) and flipped, so a
    person's left side appears on the left of the screen, as in a mirror.
    :meth:`to_screen` maps a point of the camera frame to where it is shown.

    >>> import numpy as np, pygame
    >>> view = MirrorView(pygame.Rect(0, 0, 1920, 1080))
    >>> view.show(np.zeros((720, 1280, 3), np.uint8))
    >>> view.to_screen(0.0, 0.0)
    (1920, 0)
    """

    def __init__(self, area: pygame.Rect, fill: bool = False):
        self.area = pygame.Rect(area)
        # fill: crop the frame's sides to fill a tall area (portrait mirrors) instead of letterboxing it.
        self.fill = fill
        self._crop = (0, 0)  # first column and width of the frame shown
        self._source_size: tuple[int, int] | None = None
        self._scale = 1.0
        self._origin = (0, 0)
        self._scaled = self._mirrored = self._pixels = None
        self.surface: pygame.Surface | None = None

    def show(self, image: np.ndarray) -> None:
        """Make ``image`` (BGR, as the camera saw it) the picture to draw next."""
        height, width = image.shape[:2]
        if self._source_size != (width, height):
            self._fit(width, height)
        first, shown = self._crop
        if shown != width:
            image = image[:, first : first + shown]  # a view: OpenCV reads the columns in place
        cv2.resize(image, self._scaled.shape[1::-1], dst=self._scaled, interpolation=cv2.INTER_LINEAR)
        cv2.flip(self._scaled, 1, dst=self._mirrored)
        cv2.cvtColor(self._mirrored, cv2.COLOR_BGR2BGRA, dst=self._pixels)

    def draw(self, surface: pygame.Surface) -> None:
        """Blit the current picture; the rest of the area is left black."""
        if self.surface is not None:
            surface.blit(self.surface, self._origin)

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Screen position of the camera-frame point (x, y), mirrored."""
        first, shown = self._crop
        return (
            round(self._origin[0] + (first + shown - x) * self._scale),
            round(self._origin[1] + y * self._scale),
        )

    @property
    def scale(self) -> float:
        """Screen pixels per camera pixel."""
        return self._scale

    def _fit(self, width: int, height: int) -> None:
        self._source_size = (width, height)
        self._crop = (0, width)
        if self.fill and width / height > self.area.width / self.area.height:
            shown = max(1, round(height * self.area.width / self.area.height))
            self._crop = ((width - shown) // 2, shown)
            width = shown
        scale = min(self.area.width / width, self.area.height / height)
        shown = (max(1, round(width * scale)), max(1, round(height * scale)))
        self._scale = scale
        self._origin = (
            self.area.x + (self.area.width - shown[0]) // 2,
            self.area.y + (self.area.height - shown[1]) // 2,
        )
        self._scaled = np.empty((shown[1], shown[0], 3), np.uint8)
        self._mirrored = np.empty_like(self._scaled)
        self._pixels = np.zeros((shown[1], shown[0], 4), np.uint8)
        self.surface = pygame.image.frombuffer(self._pixels, shown, "BGRA")
        self.surface.set_alpha(None)  # the alpha bytes are padding, not transparency
