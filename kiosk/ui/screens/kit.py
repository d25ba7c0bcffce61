"""What every screen draws with: sizes from the screen height, boxed text, wrapped lines, rings, hints."""

from __future__ import annotations

import math

import pygame

from kiosk.ui.palette import INK, SOFT, min_type, type_size
from kiosk.ui.text import TextRenderer


class Kit:
    """The drawing tools shared by the screens, sized for one canvas (landscape or portrait).

    >>> import pygame; _ = pygame.font.init()
    >>> kit = Kit((1080, 1920), TextRenderer())
    >>> kit.portrait, kit.min_type
    (True, 96)
    """

    def __init__(self, size: tuple[int, int], text: TextRenderer):
        self.size = size
        self.width, self.height = size
        self.text = text
        self.portrait = self.height > self.width
        self.margin = min(size) // 28
        self.min_type = min_type(self.height)
        # Secondary text (tiles, summary details): 1/20 of the height; in portrait 1/20 of the width,
        # the same physical size as on the panel mounted landscape.
        self.detail_type = min_type(self.width) if self.portrait else self.min_type
        self._blocks: dict[tuple, list[pygame.Surface]] = {}

    def type(self, share: float) -> int:
        """A type size as a share of the screen height, never under the 1/20 floor for cues."""
        return max(self.min_type, type_size(self.height, share))

    def boxed(
        self, surface: pygame.Surface, text: pygame.Surface, place: pygame.Rect, colour=INK
    ) -> pygame.Rect:
        """Blit ``text`` on a rounded dark box around ``place``; return the box."""
        box = place.inflate(self.margin, self.margin // 2)
        pygame.draw.rect(surface, colour, box, border_radius=self.margin // 2)
        surface.blit(text, text.get_rect(center=box.center))
        return box

    def lines(
        self,
        surface: pygame.Surface,
        text: str,
        size: int,
        colour,
        centre_x: int,
        top: int,
        max_width: int,
        max_lines: int = 3,
        floor: int | None = None,
    ) -> int:
        """Centred wrapped lines from ``top``, at least ``floor`` (or 1/20 of the height) high."""
        for row in self.text.lines(text, size, colour, max_width, max_lines, floor or self.min_type):
            surface.blit(row, row.get_rect(midtop=(centre_x, top)))
            top += round(row.get_height() * 1.02)
        return top

    def block(self, text: str, size: int, colour, max_width: int, max_height: int) -> list[pygame.Surface]:
        """``text`` at the largest size from ``size`` down to the 1/20 floor whose wrapped lines fit the box.

        One line at a slightly smaller size wins over two larger lines, because
        sizes are tried from the largest down and each is wrapped greedily; at
        the floor the lines are returned even if they overflow ``max_height``.
        """
        key = (text, size, colour, max_width, max_height)
        if key in self._blocks:
            return self._blocks[key]
        rows = self._block(text, size, colour, max_width, max_height)
        if len(self._blocks) >= 16:
            self._blocks.pop(next(iter(self._blocks)))
        self._blocks[key] = rows
        return rows

    def _block(self, text: str, size: int, colour, max_width: int, max_height: int) -> list[pygame.Surface]:
        while True:
            rows = self.text.lines(text, size, colour, max_width, 9, size)
            even = len({row.get_height() for row in rows}) == 1  # no word had to shrink to fit the width
            if (even and sum(row.get_height() for row in rows) <= max_height) or size <= self.min_type:
                return rows
            size = max(self.min_type, int(size * 0.92))

    def lines_height(
        self, text: str, size: int, max_width: int, max_lines: int = 3, floor: int | None = None
    ) -> int:
        """How tall :meth:`lines` would draw ``text``."""
        rows = self.text.lines(text, size, (255, 255, 255), max_width, max_lines, floor or self.min_type)
        return sum(round(row.get_height() * 1.02) for row in rows)

    def hint(self, surface: pygame.Surface, text: str) -> pygame.Rect:
        """The buttons' hint along the bottom edge."""
        hint = self.text.fit(text, self.min_type, SOFT, self.width - 2 * self.margin)
        place = hint.get_rect(midbottom=(self.width // 2, self.height - self.margin))
        surface.blit(hint, place)
        return place

    def ring(
        self,
        surface: pygame.Surface,
        centre: tuple[int, int],
        radius: int,
        thickness: int,
        fraction: float,
        colour,
        back,
    ) -> None:
        """A progress ring, full = 1, filled clockwise from 12 o'clock, as a solid polygon (no moiré)."""
        pygame.draw.circle(surface, back, centre, radius, thickness)
        fraction = min(1.0, max(0.0, fraction))
        if fraction <= 0:
            return
        steps = max(2, round(72 * fraction))
        outer, inner = [], []
        for i in range(steps + 1):
            angle = -math.pi / 2 + 2 * math.pi * fraction * i / steps
            cos, sin = math.cos(angle), math.sin(angle)
            outer.append((centre[0] + radius * cos, centre[1] + radius * sin))
            inner.append((centre[0] + (radius - thickness) * cos, centre[1] + (radius - thickness) * sin))
        pygame.draw.polygon(surface, colour, outer + inner[::-1])
