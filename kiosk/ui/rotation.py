"""Portrait (and upside-down) mirrors: draw upright on a canvas, turn it once onto the display.

Budget: nothing at rotation 0 (the canvas is the display itself); otherwise
one C-level ``pygame.transform.rotate`` and one blit per frame, measured by
``python -m kiosk.ui.bench`` ("present-90").
"""

from __future__ import annotations

import pygame

ROTATIONS = (0, 90, 180, 270)


class Canvas:
    """The surface screens draw on, upright as the person sees it, and how it reaches the display.

    ``rotation`` is how far the picture is turned clockwise on the panel: a
    landscape panel mounted turned a quarter anticlockwise shows a portrait
    picture with ``rotation=90``.

    >>> import pygame
    >>> display = pygame.Surface((1920, 1080))
    >>> canvas = Canvas(display, rotation=90)
    >>> canvas.size
    (1080, 1920)
    >>> _ = canvas.surface.fill((255, 0, 0), pygame.Rect(0, 0, 10, 10))  # the canvas's top-left ...
    >>> canvas.present(display)
    >>> display.get_at((1919, 0))[:3]  # ... is the panel's top-right, turned a quarter clockwise
    (255, 0, 0)
    >>> Canvas(display).surface is display  # upright: drawn straight on the display, no extra work
    True
    """

    def __init__(self, display: pygame.Surface, rotation: int = 0):
        if rotation not in ROTATIONS:
            raise ValueError(f"rotation must be one of {ROTATIONS}, not {rotation!r}")
        self.rotation = rotation
        width, height = display.get_size()
        if rotation == 0:
            self.surface = display
        else:
            size = (height, width) if rotation in (90, 270) else (width, height)
            self.surface = pygame.Surface(size, 0, display)

    @property
    def size(self) -> tuple[int, int]:
        """The upright picture's size: what the screens lay themselves out for."""
        return self.surface.get_size()

    def present(self, display: pygame.Surface) -> None:
        """Put the picture on the display, turned; call before ``pygame.display.flip()``."""
        if self.rotation == 0:
            if self.surface is not display:
                display.blit(self.surface, (0, 0))
            return
        display.blit(pygame.transform.rotate(self.surface, -self.rotation), (0, 0))

    def to_display(self, x: int, y: int) -> tuple[int, int]:
        """Where the canvas pixel (x, y) lands on the display (for tests and touch-ups).

        >>> Canvas(pygame.Surface((1920, 1080)), rotation=270).to_display(0, 0)
        (0, 1079)
        """
        width, height = self.size
        if self.rotation == 90:
            return height - 1 - y, x
        if self.rotation == 180:
            return width - 1 - x, height - 1 - y
        if self.rotation == 270:
            return y, width - 1 - x
        return x, y
