"""The camera picture shown as a mirror: flipped left-right and fitted to the screen.

Budget (per frame, 1920×1080 screen): ≤ 1 ms. Only the part shown (zoomed
to the person) is converted BGR→BGRA, at the camera's size; then one OpenCV
affine warp mirrors and scales it straight into the screen's pixels (2.4×
faster here than a flip, a whole-frame conversion and a resize). Buffers
are allocated once per source size. No numpy work on full frames, no
smoothscale, no allocation per frame. A frame the camera already scaled and
mirrored (the Pi's ``main`` stream, ``frame.preview``) is only wrapped when
the whole frame is shown (no zoom).
"""

from __future__ import annotations

from collections import deque

import cv2
import numpy as np
import pygame

# The exercise screen keeps the bottom of the screen for the message band (kiosk.ui.screens.exercise).
PICTURE_SHARE = 0.81


def picture_size(camera: tuple[int, int], screen: tuple[int, int]) -> tuple[int, int]:
    """The size a camera picture is shown at on the exercise screen (fitted above the cue band).

    >>> picture_size((1280, 720), (1920, 1080))
    (1556, 875)
    """
    area = (screen[0], screen[1] - round(screen[1] * (1 - PICTURE_SHARE)))
    scale = min(area[0] / camera[0], area[1] / camera[1])
    return max(1, round(camera[0] * scale)), max(1, round(camera[1] * scale))


# Zoomed to the person, the picture shows this much of the person's height, feet at the bottom edge.
ZOOM_ROOM = 1.35
# ... with this share of it below the ankles (the shoes, and the lanes running on over the feet).
FEET_ROOM = 0.13
# ... and never less than this share of the camera's height (a 2x zoom at most on a full-height crop).
MIN_CROP_SHARE = 0.5
# Per frame, the crop follows the person this far towards where it should be; it grows faster than it shrinks.
FOLLOW, GROW, SHRINK = 0.12, 0.35, 0.05
# The person's height is the tallest over this many frames (3 s): a squat does not zoom in and out each rep.
TALLEST_OF = 90
# Nobody for this many frames (1 s) and the picture widens back: a frame the model missed changes nothing.
GONE_AFTER = 30


class MirrorView:
    """Places camera frames on the screen as a mirror would show them.

    The frame is scaled to fit ``area`` (keeping its shape) and flipped, so a
    person's left side appears on the left of the screen, as in a mirror.
    :meth:`to_screen` maps a point of the camera frame to where it is shown.
    With ``fill`` the frame's sides are cropped to fill the area (portrait
    mirrors); with ``zoom`` the part shown follows the person (:meth:`follow`),
    keeping hips to feet large, and fills the area whenever the frame allows.

    >>> import numpy as np, pygame
    >>> view = MirrorView(pygame.Rect(0, 0, 1920, 1080))
    >>> view.show(np.zeros((720, 1280, 3), np.uint8))
    >>> view.to_screen(0.0, 0.0)
    (1920, 0)
    """

    def __init__(self, area: pygame.Rect, fill: bool = False, zoom: bool = False):
        self.area = pygame.Rect(area)
        self.fill = fill
        self.zoom = zoom
        self._crop = (0.0, 0.0, 1.0, 1.0)  # x, y, width, height of the frame shown, source pixels
        self._source_size: tuple[int, int] | None = None
        self._scale = 1.0
        self._origin = (0, 0)
        self._shown = (1, 1)
        # Empty until the first frame, when _fit sizes them to it.
        self._converted = np.empty((0, 0, 4), np.uint8)  # the part shown, in BGRA
        self._pixels = np.empty((0, 0, 4), np.uint8)
        self.surface: pygame.Surface | None = None
        self._own_surface = pygame.Surface((0, 0))
        self._pending = False  # a converted picture waits to be scaled on to the screen
        self._direct = True  # scale straight into the screen's pixels while that works
        self._tallest: deque[float] = deque(maxlen=TALLEST_OF)
        self._missing = 0
        # With a GPU to draw it (kiosk.ui.gpu), show() keeps the frame as it came: no flip, no resize here.
        self.deferred = False
        self._source: tuple[np.ndarray, bool] | None = None

    def show(self, image: np.ndarray, preview: np.ndarray | None = None, mirrored: bool = False) -> None:
        """Make ``image`` (BGR, as the camera saw it) the picture to draw next.

        ``mirrored``: the camera already flipped it. ``preview``: the camera
        also delivered the picture to show, mirrored and in the display's
        4-byte format; at the size shown, with the whole frame shown, it is
        shown as it is, without a copy; otherwise it is only cropped and
        scaled. Points given to :meth:`to_screen` are always in ``image``'s pixels.
        Nothing is converted here: :meth:`draw` converts only the part shown.
        """
        height, width = image.shape[:2]
        if self._source_size != (width, height):
            self._fit(width, height)
        four = preview is not None and preview.ndim == 3 and preview.shape[2] == 4
        self._source = (preview, True) if four and preview is not None else (image, mirrored)
        self.surface = self._own_surface
        self._pending = True
        if self.deferred or not four or preview is None:
            return
        whole = self._crop == (0.0, 0.0, float(width), float(height))
        if whole and preview.shape[1::-1] == self._shown and preview.flags.c_contiguous:
            # numpy's stubs do not declare the buffer protocol that ndarray implements.
            self.surface = pygame.image.frombuffer(preview, self._shown, "BGRA")  # type: ignore[arg-type]
            self.surface.set_alpha(None)
            self._pending = False

    def follow(self, box: tuple[float, float, float, float] | None) -> None:
        """Zoom towards a person whose keypoints span ``box`` (x0, y0, x1, y1, source pixels; None: nobody).

        The crop keeps the feet near the bottom edge and ``ZOOM_ROOM`` of the
        person's height in view; without a person it widens back slowly.
        """
        if not self.zoom or self._source_size is None:
            return
        width, height = self._source_size
        x, y, w, h = self._crop
        if box is None:
            self._missing += 1
            if self._missing < GONE_AFTER:
                return
            self._tallest.clear()
            target_h, centre_x, bottom = float(height), x + w / 2, y + h
        else:
            self._missing = 0
            x0, y0, x1, y1 = box
            self._tallest.append(max(1.0, y1 - y0))
            tall = max(self._tallest)
            target_h = min(float(height), max(MIN_CROP_SHARE * height, tall * ZOOM_ROOM))
            centre_x = (x0 + x1) / 2
            bottom = y1 + tall * FEET_ROOM
        centre, foot = x + w / 2, y + h
        h += (GROW if target_h > h else SHRINK) * (target_h - h)
        w = min(float(width), h * self.area.width / self.area.height)
        centre += FOLLOW * (centre_x - centre)
        foot += FOLLOW * (bottom - foot)
        x = min(max(0.0, centre - w / 2), width - w)
        y = min(max(0.0, foot - h), height - h)
        self._set_crop((x, y, w, h))

    def draw(self, surface: pygame.Surface) -> None:
        """Put the current picture on ``surface``; the rest of the area is left as it is.

        Only the part shown is converted to BGRA (at the camera's size), then
        one affine warp mirrors and scales it: straight into a 32-bit
        surface's pixels in the display's usual byte order (no intermediate
        picture, no blit); any other surface gets the picture blitted.
        """
        source_size = self._source_size
        if self.surface is None or source_size is None:
            return
        if not self._pending:  # the camera's own picture, shown as it came
            surface.blit(self.surface, self._origin)
            return
        shown = self._shown
        if self._direct and _writable(surface):
            try:
                pixels = surface.get_buffer()  # locks the surface until released below
            except pygame.error:  # a surface that cannot lend its pixels: blit from now on
                self._direct = False
                self.draw(surface)
                return
            try:
                # pygame's stubs do not declare the buffer protocol that BufferProxy implements.
                rows = np.frombuffer(pixels, np.uint8).reshape(surface.get_height(), surface.get_pitch())  # type: ignore[call-overload]
                x, y = self._origin
                area = rows[y : y + shown[1], 4 * x : 4 * (x + shown[0])].reshape(shown[1], shown[0], 4)
                self._warp(area)
            finally:
                del rows, area
                del pixels
            return
        self._warp(self._pixels[: shown[1], : shown[0]])
        own = self._own_surface
        surface.blit(own if own.get_size() == shown else own.subsurface((0, 0, *shown)), self._origin)

    def _warp(self, target: np.ndarray) -> None:
        """The part shown, converted at camera size, then mirrored and scaled into ``target`` in one warp."""
        if self._source is None:
            return
        pixels, mirrored, crop, _ = self._crop_in_source()
        left, top, width, height = crop
        part = pixels[top : top + height, left : left + width]
        if part.shape[2] == 3:
            converted = self._converted.reshape(-1)[: width * height * 4].reshape(height, width, 4)
            cv2.cvtColor(part, cv2.COLOR_BGR2BGRA, dst=converted)
            part = converted
        sx, sy = target.shape[1] / width, target.shape[0] / height
        # Pixel centres map as in cv2.resize; unless the camera did, the warp mirrors it too.
        if mirrored:
            matrix = np.array([[sx, 0.0, 0.5 * sx - 0.5], [0.0, sy, 0.5 * sy - 0.5]])
        else:
            matrix = np.array([[-sx, 0.0, target.shape[1] - 0.5 - 0.5 * sx], [0.0, sy, 0.5 * sy - 0.5]])
        size = (target.shape[1], target.shape[0])
        cv2.warpAffine(
            part, matrix, size, dst=target, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )

    def shown_part(self) -> tuple[np.ndarray, bool, tuple[int, int, int, int], pygame.Rect] | None:
        """The frame :meth:`show` kept, whether it is mirrored, the crop in its pixels, and where it goes.

        ``None`` before the first frame. The crop is (x, y, w, h) of the part
        shown, in the kept frame's own pixels (the Pi's preview is smaller than the frame).
        """
        if self._source is None or self._source_size is None:
            return None
        return self._crop_in_source()

    def _crop_in_source(self) -> tuple[np.ndarray, bool, tuple[int, int, int, int], pygame.Rect]:
        assert self._source is not None and self._source_size is not None  # after a show()
        pixels, mirrored = self._source
        fx = pixels.shape[1] / self._source_size[0]
        fy = pixels.shape[0] / self._source_size[1]
        x, y, w, h = self._crop
        if mirrored:
            x = self._source_size[0] - x - w
        left, top = round(x * fx), round(y * fy)
        width = max(1, min(round(w * fx), pixels.shape[1] - left))
        height = max(1, min(round(h * fy), pixels.shape[0] - top))
        return pixels, mirrored, (left, top, width, height), pygame.Rect(self._origin, self._shown)

    @property
    def picture_rect(self) -> pygame.Rect | None:
        """Where the picture lands on the screen, or ``None`` before the first frame."""
        if self.surface is None:
            return None
        return pygame.Rect(self._origin, self._shown)

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Screen position of the camera-frame point (x, y), mirrored."""
        left, top, shown, _ = self._crop
        return (
            round(self._origin[0] + (left + shown - x) * self._scale),
            round(self._origin[1] + (y - top) * self._scale),
        )

    @property
    def scale(self) -> float:
        """Screen pixels per camera pixel."""
        return self._scale

    def _fit(self, width: int, height: int) -> None:
        self._source_size = (width, height)
        crop = (0.0, 0.0, float(width), float(height))
        aspect = self.area.width / self.area.height
        if self.fill and width / height > aspect:  # wider than the area: cut the sides
            kept = height * aspect
            crop = ((width - kept) / 2, 0.0, kept, float(height))
        elif self.zoom:  # the whole height, as wide as the area lets it be
            kept = min(float(width), height * aspect)
            crop = ((width - kept) / 2, 0.0, kept, float(height))
        if self.fill or self.zoom:
            size = self.area.size
        else:
            scale = min(self.area.width / width, self.area.height / height)
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
        self._converted = np.empty((height, width, 4), np.uint8)
        self._pixels = np.zeros((size[1], size[0], 4), np.uint8)
        self._own_surface = pygame.image.frombuffer(self._pixels, size, "BGRA")  # type: ignore[arg-type]
        self._own_surface.set_alpha(None)  # the alpha bytes are padding, not transparency
        self.surface = self._own_surface
        self._set_crop(crop)

    def _set_crop(self, crop: tuple[float, float, float, float]) -> None:
        """Show ``crop`` of the frame, as large as the area allows, centred in it."""
        self._crop = crop
        scale = min(self.area.width / crop[2], self.area.height / crop[3])
        shown = (min(self.area.width, round(crop[2] * scale)), min(self.area.height, round(crop[3] * scale)))
        self._scale = scale
        self._shown = shown
        self._origin = (
            self.area.x + (self.area.width - shown[0]) // 2,
            self.area.y + (self.area.height - shown[1]) // 2,
        )


def _writable(surface: pygame.Surface) -> bool:
    """Whether OpenCV can write BGRA pixels straight into ``surface`` (32-bit, XRGB in memory)."""
    return surface.get_bitsize() == 32 and surface.get_masks()[:3] == (0xFF0000, 0xFF00, 0xFF)
