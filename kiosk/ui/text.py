"""Rendered text, cached: rendering large type every frame costs milliseconds."""

from __future__ import annotations

import io
from collections import OrderedDict

import pygame

from kiosk.resources import FONT

# Large type is big: a full-width cue is ~0.8 MB. Counters are not cached here (see Screens).
CACHE_SIZE = 40
# Wrapped blocks are looked up whole, so that trying sizes and wrapping happens once per text, not per frame.
BLOCK_CACHE_SIZE = 16


class TextRenderer:
    """Renders strings in the product's bold font and remembers the results.

    >>> import pygame; _ = pygame.font.init()
    >>> text = TextRenderer()
    >>> text.render("Squat", 54, (255, 255, 255)).get_height() > 54
    True
    """

    def __init__(self):
        # The smallest size drawn since the last look (tests hold every screen to the 1/14 floor by it).
        self.smallest: int | None = None
        self._fonts: dict[int, pygame.font.Font] = {}
        self._font_data: bytes | None = None
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._blocks: OrderedDict[tuple, list[pygame.Surface]] = OrderedDict()

    def font(self, size: int) -> pygame.font.Font:
        """The product's font at ``size`` pixels."""
        if size not in self._fonts:
            if self._font_data is None:
                self._font_data = FONT.read_bytes()  # once, at the first text drawn; never at import
            self._fonts[size] = pygame.font.Font(io.BytesIO(self._font_data), size)
        return self._fonts[size]

    def render(self, text: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
        """``text`` as an anti-aliased surface, from the cache when it was drawn before."""
        key = (text, size, colour)
        surface = self._surfaces.get(key)
        if text.strip() and (self.smallest is None or size < self.smallest):
            self.smallest = size
        if surface is None:
            surface = self.font(size).render(text, True, colour)
            self._surfaces[key] = surface
            if len(self._surfaces) > CACHE_SIZE:
                self._surfaces.popitem(last=False)
        else:
            self._surfaces.move_to_end(key)
        return surface

    def fit(
        self, text: str, size: int, colour: tuple[int, int, int], max_width: int, floor: int = 12
    ) -> pygame.Surface:
        """Like :meth:`render`, shrinking the size (never under ``floor``) until it fits ``max_width``."""
        while self.font(size).size(text)[0] > max_width and size > floor:
            size = max(floor, int(size * 0.9))
        return self.render(text, size, colour)

    def fresh(self, text: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
        """``text`` rendered without the cache: for values that change (counters), kept by the caller."""
        if text.strip() and (self.smallest is None or size < self.smallest):
            self.smallest = size
        return self.font(size).render(text, True, colour)

    def lines(
        self,
        text: str,
        size: int,
        colour: tuple[int, int, int],
        max_width: int,
        max_lines: int = 2,
        min_size: int | None = None,
    ) -> list[pygame.Surface]:
        """``text`` word-wrapped to ``max_width`` in at most ``max_lines`` lines.

        Wrapping comes before shrinking: the size only drops (never below
        ``min_size``, e.g. 1/20 of the screen height) when the lines would not
        fit. A word longer than the width is shrunk to fit on its own.

        >>> import pygame; _ = pygame.font.init()
        >>> text = TextRenderer()
        >>> rows = text.lines("Push your left knee out over your toes", 54, (255, 255, 255), 700)
        >>> len(rows), all(row.get_width() <= 700 for row in rows)
        (2, True)
        """
        key = (text, size, colour, max_width, max_lines, min_size)
        rows = self._blocks.get(key)
        if rows is not None:
            self._blocks.move_to_end(key)
            return rows
        rows = self._lines(text, size, colour, max_width, max_lines, min_size)
        self._blocks[key] = rows
        if len(self._blocks) > BLOCK_CACHE_SIZE:
            self._blocks.popitem(last=False)
        return rows

    def wrap(self, text: str, size: int, max_width: int) -> list[str]:
        """The lines ``text`` wraps to at ``size`` within ``max_width``: measured, nothing is rendered.

        >>> import pygame; _ = pygame.font.init()
        >>> TextRenderer().wrap("Push your left knee out over your toes", 54, 700)
        ['Push your left knee', 'out over your toes']
        """
        return _wrap(text, self.font(size), max_width) if text else []

    def count_lines(self, text: str, size: int, max_width: int) -> int:
        """How many lines ``text`` wraps to at ``size`` within ``max_width`` (nothing is rendered)."""
        return len(self.wrap(text, size, max_width))

    def _lines(self, text, size, colour, max_width, max_lines, min_size) -> list[pygame.Surface]:
        floor = min(size, min_size if min_size is not None else 12)
        while True:
            rows = _wrap(text, self.font(size), max_width)
            if len(rows) <= max_lines or size <= floor:
                break
            size = max(floor, int(size * 0.9))
        return [self.fit(row, size, colour, max_width, floor) for row in rows]


def _wrap(text: str, font: pygame.font.Font, max_width: int) -> list[str]:
    """Greedy word wrap by rendered width (font.size renders nothing)."""
    rows: list[str] = []
    for paragraph in text.split("\n"):
        row = ""
        for word in paragraph.split():
            trial = f"{row} {word}" if row else word
            if row and font.size(trial)[0] > max_width:
                rows.append(row)
                row = word
            else:
                row = trial
        rows.append(row)
    return rows
