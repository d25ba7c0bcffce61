"""The GPU present path: the screen drawn through SDL's renderer (``pygame._sdl2.video``), not a surface.

Budget (per frame, 1920×1080, exercise screen): ≤ 1 ms of CPU here — one
BGR→BGRA conversion at the camera's own size (none for the Pi's 4-byte
preview), one upload of that picture into a streaming texture, the overlay's
box uploaded from a transparent layer, and a dozen texture copies. The GPU
does the zoom's crop, the scale and the mirror in the copy; text blocks are
textures made once per content and reused while it stays the same. Other
screens are drawn on a software surface and uploaded whole (as the surface
path does). Measured by ``kiosk bench --renderers surface,gpu``.

Draw calls are recorded during the frame and issued at :meth:`GpuScreen.present`,
so the last frame can be drawn again for a screenshot (:meth:`GpuScreen.read_back`).
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from collections.abc import Callable

import cv2
import numpy as np
import pygame
from pygame._sdl2 import sdl2, video

from kiosk.ui.sdl import loaded_sdl

# What SDL's renderer raises when it cannot do something (pygame's own error, or pygame._sdl2's).
RENDER_ERRORS = (pygame.error, sdl2.error)
# Text blocks kept as textures: every block of a screen, a few counters and messages.
TEXTURE_CACHE = 64
BLACK = (0, 0, 0, 255)
# OpenGL drivers that rasterise on the CPU: SDL calls their renderer accelerated, but nothing is offloaded.
SOFTWARE_GL = ("llvmpipe", "softpipe", "swiftshader", "software rasterizer")
# pygame.draw's strokes reach slightly past the rectangles it returns.
OVERLAY_MARGIN = 6


class GpuScreen:
    """A window drawn by SDL's renderer: camera picture, overlay and text as textures.

    ``surface`` is a software surface of the screen's size for the screens
    drawn the ordinary way; the exercise screen instead calls :meth:`clear`,
    :meth:`picture`, :meth:`overlay` and :meth:`block`.

    >>> screen = GpuScreen((1920, 1080))  # doctest: +SKIP
    >>> screen.surface.fill((0, 0, 0)); screen.present()  # doctest: +SKIP
    """

    def __init__(
        self, size: tuple[int, int], fullscreen: bool = False, vsync: bool = False, accelerated: int = -1
    ):
        self.window = video.Window("Warm-up Mirror", size, fullscreen_desktop=fullscreen)
        try:
            self.renderer = video.Renderer(self.window, accelerated=accelerated, vsync=vsync)
        except RENDER_ERRORS:
            self.window.destroy()
            raise
        self.size = size
        self.renderer.logical_size = size  # a full-screen window of another size is scaled by the GPU
        self.surface = pygame.Surface(size)
        self._whole: video.Texture | None = None  # the software surface, uploaded for the other screens
        self._picture: video.Texture | None = None
        self._bgra = np.empty((0, 0, 4), np.uint8)
        self._layer = pygame.Surface(size, pygame.SRCALPHA)  # the overlay, drawn on transparency
        self._layer_texture: video.Texture | None = None
        self._layer_drawn: pygame.Rect | None = None
        self._cache: OrderedDict[tuple, tuple[video.Texture, object]] = OrderedDict()
        self._ops: list[tuple] = []
        self._layered = False

    @property
    def name(self) -> str:
        """The SDL render driver in use: ``opengl``, ``opengles2``, ``software``, …"""
        return renderer_name(self.window)

    @property
    def layered(self) -> bool:
        """Whether this frame is being drawn as layers (since :meth:`clear`), not on :attr:`surface`."""
        return self._layered

    @property
    def on_cpu(self) -> bool:
        """Whether this renderer draws on the CPU: SDL's software one, or OpenGL by Mesa's llvmpipe (Xvfb)."""
        name = self.name
        if name == "software":
            return True
        if not name.startswith("opengl"):
            return False
        return any(word in gl_renderer().lower() for word in SOFTWARE_GL)

    def clear(self) -> None:
        """Start a layered frame: black, then the layers drawn after this call."""
        self._ops = [("clear",)]
        self._layered = True

    def picture(self, pixels: np.ndarray, mirrored: bool, crop: tuple[int, int, int, int], rect: pygame.Rect):
        """Show ``crop`` (x, y, w, h in ``pixels``) of a camera picture in ``rect``, mirrored by the GPU.

        ``pixels`` is BGR (converted here, at its own size) or BGRA (uploaded as it is).
        """
        height, width = pixels.shape[:2]
        texture = self._picture
        if texture is None or (texture.width, texture.height) != (width, height):
            texture = self._picture = video.Texture(
                self.renderer, (width, height), streaming=True, scale_quality=video.SCALEQUALITY_LINEAR
            )
        if pixels.shape[2] == 3:
            if self._bgra.shape[:2] != (height, width):
                self._bgra = np.empty((height, width, 4), np.uint8)
            cv2.cvtColor(pixels, cv2.COLOR_BGR2BGRA, dst=self._bgra)
            pixels = self._bgra
        elif not pixels.flags.c_contiguous:
            pixels = np.ascontiguousarray(pixels)
        # numpy's stubs do not declare the buffer protocol that ndarray implements.
        texture.update(pygame.image.frombuffer(pixels, (width, height), "BGRA"))  # type: ignore[arg-type]
        self._ops.append(("copy", texture, crop, tuple(rect), not mirrored))

    def overlay(self, draw: Callable[[pygame.Surface], pygame.Rect | None]) -> pygame.Rect | None:
        """Let ``draw`` paint on a transparent layer; only the box it reports is uploaded and shown."""
        layer = self._layer
        if self._layer_drawn is not None:
            layer.fill((0, 0, 0, 0), self._layer_drawn)
        covered = draw(layer)
        self._layer_drawn = None
        if covered is None:
            return None
        box = covered.inflate(2 * OVERLAY_MARGIN, 2 * OVERLAY_MARGIN).clip(layer.get_rect())
        if box.width and box.height:
            texture = self._layer_texture
            if texture is None:
                texture = self._layer_texture = video.Texture(self.renderer, self.size, streaming=True)
                texture.blend_mode = pygame.BLENDMODE_BLEND
            # A tuple, not a Rect: pygame-ce 2.5's update() reads a Rect's size but not its place.
            texture.update(layer.subsurface(box), tuple(box))
            self._ops.append(("copy", texture, tuple(box), tuple(box), False))
            self._layer_drawn = box
        return covered

    def block(
        self, key: tuple, size: tuple[int, int], place: pygame.Rect, paint, keep: object = None
    ) -> None:
        """Show at ``place`` a block of ``size`` painted once by ``paint(surface, rect)`` for each ``key``.

        ``keep`` is held as long as the texture is (the surfaces ``key`` names by id).
        """
        found = self._cache.get(key)
        if found is None:
            surface = pygame.Surface(size, pygame.SRCALPHA)
            paint(surface, surface.get_rect())
            texture = video.Texture.from_surface(self.renderer, surface)
            texture.blend_mode = pygame.BLENDMODE_BLEND
            found = self._cache[key] = (texture, keep)
            if len(self._cache) > TEXTURE_CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        texture = found[0]
        self._ops.append(("copy", texture, None, tuple(place), False))

    def present(self) -> None:
        """Show the frame: the layers recorded since :meth:`clear`, or else the whole surface."""
        if not self._layered:
            self._upload_surface()
        self._issue()
        self.renderer.present()
        self._layered = False

    def read_back(self) -> pygame.Surface:
        """The last frame presented, drawn again and read back from the renderer (for screenshots)."""
        self._issue()
        return self.renderer.to_surface()

    def close(self) -> None:
        """Destroy the window (and with it the renderer and its textures)."""
        self._cache.clear()
        self._ops = []
        self._picture = self._layer_texture = self._whole = None
        self.window.destroy()

    def _upload_surface(self) -> None:
        texture = self._whole
        if texture is None:  # in the surface's own format: each upload is then a copy, not a conversion
            texture = self._whole = video.Texture.from_surface(self.renderer, self.surface)
        else:
            texture.update(self.surface)
        self._ops = [("copy", texture, None, None, False)]

    def _issue(self) -> None:
        renderer = self.renderer
        for op in self._ops:
            if op[0] == "clear":
                renderer.draw_color = BLACK
                renderer.clear()
            else:
                _, texture, source, target, flip = op
                texture.draw(source, target, flip_x=flip)


def gl_renderer() -> str:
    """The current OpenGL context's renderer (``llvmpipe (LLVM 15.0.6, 256 bits)``, ``V3D 7.1``), or ""."""
    library = ctypes.CDLL(loaded_sdl())
    library.SDL_GL_GetCurrentContext.restype = ctypes.c_void_p
    library.SDL_GL_GetProcAddress.restype = ctypes.c_void_p
    library.SDL_GL_GetProcAddress.argtypes = [ctypes.c_char_p]
    address = library.SDL_GL_GetProcAddress(b"glGetString") if library.SDL_GL_GetCurrentContext() else None
    if not address:
        return ""
    value = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_uint)(address)(0x1F01)  # GL_RENDERER
    return value.decode(errors="replace") if value else ""


class _RendererInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("flags", ctypes.c_uint32),
        ("num_texture_formats", ctypes.c_uint32),
        ("texture_formats", ctypes.c_uint32 * 16),
        ("max_texture_width", ctypes.c_int),
        ("max_texture_height", ctypes.c_int),
    ]


def renderer_name(window: video.Window) -> str:
    """The name of the SDL render driver drawing ``window`` (pygame does not say it)."""
    library = ctypes.CDLL(loaded_sdl())
    library.SDL_GetWindowFromID.restype = ctypes.c_void_p
    library.SDL_GetWindowFromID.argtypes = [ctypes.c_uint32]
    library.SDL_GetRenderer.restype = ctypes.c_void_p
    library.SDL_GetRenderer.argtypes = [ctypes.c_void_p]
    library.SDL_GetRendererInfo.argtypes = [ctypes.c_void_p, ctypes.POINTER(_RendererInfo)]
    renderer = library.SDL_GetRenderer(library.SDL_GetWindowFromID(window.id))
    info = _RendererInfo()
    if not renderer or library.SDL_GetRendererInfo(renderer, ctypes.byref(info)) != 0:
        return "unknown"
    return info.name.decode()
