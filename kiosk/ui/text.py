"""Rendered text, cached: rendering large type every frame costs milliseconds."""

from __future__ import annotations

from collections import OrderedDict

import pygame

from kiosk.paths import FONT

# Large type is big: a full-width cue is ~0.8 MB. Counters are not cached here (see Screens).
CACHE_SIZE = 40


class TextRenderer:
    """Renders strings in the product's bold font and remembers the results.

    >>> import pygame; _ = pygame.font.init()
    >>> text = TextRenderer()
    >>> text.render("Squat", 54, (255, 255, 255)).get_height() > 54
    True
    """

    def __init__(self):
        self._fonts: dict[int, pygame.font.Font] = {}
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def font(self, size: int) -> pygame.font.Font:
        """The product's font at ``size`` pixels."""
        if size not in self._fonts:
            self._fonts[size] = pygame.font.Font(FONT, size)
        return self._fonts[size]

    def render(self, text: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
        """``text`` as an anti-aliased surface, from the cache when it was drawn before."""
        key = (text, size, colour)
        surface = self._surfaces.get(key)
        if surface is None:
            surface = self.font(size).render(text, True, colour)
            self._surfaces[key] = surface
            if len(self._surfaces) > CACHE_SIZE:
                self._surfaces.popitem(last=False)
        else:
            self._surfaces.move_to_end(key)
        return surface

    def fit(self, text: str, size: int, colour: tuple[int, int, int], max_width: int) -> pygame.Surface:
        """Like :meth:`render`, shrinking the size until the text fits ``max_width``."""
        surface = self.render(text, size, colour)
        while surface.get_width() > max_width and size > 12:
            size = int(size * 0.9)
            surface = self.render(text, size, colour)
        return surface
