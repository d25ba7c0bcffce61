"""The camera picture shown as a mirror: flipped left-right and fitted to the screen.

Budget (per frame, 1920×1080 screen): ≤ 2 ms. The flip and BGR→BGRA run on
the camera-sized frame, then one OpenCV resize writes straight into the
buffer a display-format surface shares, and one blit shows it. Buffers are
allocated once per source size. No numpy work on full frames, no
smoothscale, no allocation per frame. A frame the camera already scaled and
mirrored (the Pi's ``main`` stream, ``frame.preview``) is only wrapped.
"""

from __future__ import annotations

import cv2
import numpy as np
import pygame

# The exercise screen keeps the bottom of the screen for the cue band (kiosk.ui.screens).
PICTURE_SHARE = 0.84


def picture_size(camera: tuple[int, int], screen: tuple[int, int]) -> tuple[int, int]:
    """The size a camera picture is shown at on the exercise screen (fitted above the cue band).

    >>> picture_size((1280, 720), (1920, 1080))
    (1612, 907)
    """
    area = (screen[0], screen[1] - round(screen[1] * (1 - PICTURE_SHARE)))
    scale = min(area[0] / camera[0], area[1] / camera[1])
    return max(1, round(camera[0] * scale)), max(1, round(camera[1] * scale))


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
        self._mirrored = self._converted = self._pixels = None
        self.surface: pygame.Surface | None = None
        self._own_surface: pygame.Surface | None = None
        self._pending = False  # a converted picture waits to be scaled on to the screen
        self._direct = True  # scale straight into the screen's pixels while that works

    def show(self, image: np.ndarray, preview: np.ndarray | None = None, mirrored: bool = False) -> None:
        """Make ``image`` (BGR, as the camera saw it) the picture to draw next.

        ``mirrored``: the camera already flipped it. ``preview``: the camera
        also delivered the picture to show, mirrored and in the display's
        4-byte format; at the right size it is shown as it is, without a copy.
        Points given to :meth:`to_screen` are always in ``image``'s pixels.
        """
        height, width = image.shape[:2]
        if self._source_size != (width, height):
            self._fit(width, height)
        shown = self._pixels.shape[1::-1]
        first, kept = self._crop
        cropped = kept != width
        if preview is not None and not cropped:
            if preview.shape[1::-1] == shown and preview.shape[2] == 4 and preview.flags.c_contiguous:
                self.surface = pygame.image.frombuffer(preview, shown, "BGRA")
                self.surface.set_alpha(None)
                self._pending = False
                return
            self._use_own_pixels()
            cv2.resize(preview, shown, dst=self._pixels, interpolation=cv2.INTER_LINEAR)
            self._pending = False
            return
        self._use_own_pixels()
        if cropped:  # a centred crop is the same columns mirrored or not; a view, read in place
            image = image[:, first : first + kept]
        # Flip and convert while the picture is small; the resize, at draw time, writes the screen's pixels.
        if mirrored:
            cv2.cvtColor(image, cv2.COLOR_BGR2BGRA, dst=self._converted)
        else:
            cv2.flip(image, 1, dst=self._mirrored)
            cv2.cvtColor(self._mirrored, cv2.COLOR_BGR2BGRA, dst=self._converted)
        self._pending = True

    def _use_own_pixels(self) -> None:
        if self.surface is not self._own_surface:
            self.surface = self._own_surface

    def draw(self, surface: pygame.Surface) -> None:
        """Put the current picture on ``surface``; the rest of the area is left as it is.

        A 32-bit surface in the display's usual byte order gets the resize
        written straight into its pixels (no intermediate picture, no blit);
        any other surface gets the picture blitted.
        """
        if self.surface is None:
            return
        if self._pending and self.surface is self._own_surface and self._direct and _writable(surface):
            try:
                pixels = surface.get_buffer()  # locks the surface until released below
            except pygame.error:  # a surface that cannot lend its pixels: blit from now on
                self._direct = False
                self.draw(surface)
                return
            try:
                rows = np.frombuffer(pixels, np.uint8).reshape(surface.get_height(), surface.get_pitch())
                x, y = self._origin
                width, height = self._own_surface.get_size()
                area = rows[y : y + height, 4 * x : 4 * (x + width)].reshape(height, width, 4)
                cv2.resize(self._converted, (width, height), dst=area, interpolation=cv2.INTER_LINEAR)
            finally:
                del rows, area
                del pixels
            return
        if self._pending:
            cv2.resize(self._converted, self._own_surface.get_size(), dst=self._pixels)
            self._pending = False
        surface.blit(self.surface, self._origin)

    @property
    def picture_rect(self) -> pygame.Rect | None:
        """Where the picture lands on the screen, or ``None`` before the first frame."""
        if self.surface is None:
            return None
        return pygame.Rect(self._origin, self.surface.get_size())

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
        self._mirrored = np.empty((height, width, 3), np.uint8)
        self._converted = np.empty((height, width, 4), np.uint8)
        self._pixels = np.zeros((shown[1], shown[0], 4), np.uint8)
        self._own_surface = pygame.image.frombuffer(self._pixels, shown, "BGRA")
        self._own_surface.set_alpha(None)  # the alpha bytes are padding, not transparency
        self.surface = self._own_surface


def _writable(surface: pygame.Surface) -> bool:
    """Whether OpenCV can write BGRA pixels straight into ``surface`` (32-bit, XRGB in memory)."""
    return surface.get_bitsize() == 32 and surface.get_masks()[:3] == (0xFF0000, 0xFF00, 0xFF)
