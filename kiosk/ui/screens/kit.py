"""What every screen draws with: sizes from the screen, boxed text, wrapped lines, rings, tiles, legends.

Sizes come from the panel's short side (its height in landscape), so text has
the same physical size in both orientations; none is smaller than
:data:`kiosk.ui.palette.MIN_TYPE` of it. In glass mode (``glass=True``) every
fill is black and tiles and highlights are outlines (:data:`kiosk.ui.palette.GLASS`).
"""

from __future__ import annotations

import math

import pygame

from kiosk.ui.palette import ACCENT, GLASS, INK, SOFT, VIDEO, WHITE, min_type
from kiosk.ui.text import TextRenderer


class Kit:
    """The drawing tools shared by the screens, sized for one canvas (landscape or portrait).

    >>> import pygame; _ = pygame.font.init()
    >>> kit = Kit((1080, 1920), TextRenderer())
    >>> kit.portrait, kit.min_type, kit.type(1 / 12)
    (True, 77, 90)
    """

    def __init__(self, size: tuple[int, int], text: TextRenderer, glass: bool = False):
        self.size = size
        self.width, self.height = size
        self.text = text
        self.portrait = self.height > self.width
        self.glass = glass
        self.theme = GLASS if glass else VIDEO
        self.short = min(size)
        self.margin = self.short // 28
        self.min_type = min_type(self.short)
        self._blocks: dict[tuple, list[pygame.Surface]] = {}

    def type(self, share: float) -> int:
        """A type size as a share of the panel's short side, never under the 1/14 floor."""
        return max(self.min_type, round(self.short * share))

    def fit(self, text: str, size: int, colour, max_width: int) -> pygame.Surface:
        """One line at ``size``, shrunk to fit ``max_width`` but never under the floor."""
        return self.text.fit(text, size, colour, max_width, self.min_type)

    def boxed(
        self, surface: pygame.Surface, text: pygame.Surface, place: pygame.Rect, colour=None
    ) -> pygame.Rect:
        """Blit ``text`` on a rounded dark box around ``place`` (black on glass); return the box."""
        box = place.inflate(self.margin, self.margin // 2)
        pygame.draw.rect(surface, colour or self.theme.panel, box, border_radius=self.margin // 2)
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
        """Centred wrapped lines from ``top``, never under the floor; returns the y below them."""
        for row in self.text.lines(text, size, colour, max_width, max_lines, max(floor or 0, self.min_type)):
            surface.blit(row, row.get_rect(midtop=(centre_x, top)))
            top += round(row.get_height() * 1.02)
        return top

    def left_lines(
        self, surface: pygame.Surface, text: str, size: int, colour, x: int, y: int, width: int
    ) -> int:
        """Wrapped lines from (x, y), left-aligned; returns the y below them."""
        for row in self.text.lines(text, size, colour, width, 4, self.min_type):
            surface.blit(row, (x, y))
            y += row.get_height()
        return y

    def block(self, text: str, size: int, colour, max_width: int, max_height: int) -> list[pygame.Surface]:
        """``text`` at the largest size from ``size`` down to the floor whose wrapped lines fit the box.

        One line at a slightly smaller size wins over two larger lines, because
        sizes are tried from the largest down and each is wrapped greedily; at
        the floor the lines are returned even if they overflow ``max_height``.
        """
        key = (text, size, colour, max_width, max_height)
        if key in self._blocks:
            return self._blocks[key]
        rows = self._block(text, size, colour, max_width, max_height)
        if len(self._blocks) >= 32:
            self._blocks.pop(next(iter(self._blocks)))
        self._blocks[key] = rows
        return rows

    def _block(self, text: str, size: int, colour, max_width: int, max_height: int) -> list[pygame.Surface]:
        size = max(size, self.min_type)
        while size > self.min_type:  # sizes are measured, not rendered: only the one chosen is drawn
            font = self.text.font(size)
            rows = self.text.wrap(text, size, max_width)
            fits = all(font.size(row)[0] <= max_width for row in rows)  # no word had to shrink
            if fits and len(rows) * font.get_height() <= max_height:
                break
            size = max(self.min_type, int(size * 0.92))
        return self.text.lines(text, size, colour, max_width, 9, size)

    def lines_height(
        self, text: str, size: int, max_width: int, max_lines: int = 3, floor: int | None = None
    ) -> int:
        """How tall :meth:`lines` would draw ``text``."""
        rows = self.text.lines(text, size, WHITE, max_width, max_lines, max(floor or 0, self.min_type))
        return sum(round(row.get_height() * 1.02) for row in rows)

    def legend_rows(self, text: str, width: int | None = None) -> list[pygame.Surface]:
        """A legend's items ("● menu · hold ● done") in rows no wider than ``width``; an item never breaks."""
        width = width or self.width - 2 * self.margin
        key = ("legend", text, width)
        if key not in self._blocks:
            items = [self.fit(item.strip(), self.min_type, SOFT, width) for item in text.split("·")]
            self._blocks[key] = _pack(items, width, self.margin * 2)
        return self._blocks[key]

    def legend(self, surface: pygame.Surface, text: str, bottom: int | None = None) -> pygame.Rect:
        """The buttons' legend ("● menu · hold ● done"), centred along the bottom; returns where it went."""
        rows = self.legend_rows(text)
        y = (self.height - self.margin if bottom is None else bottom) - sum(r.get_height() for r in rows)
        place = pygame.Rect(self.margin, y, 0, 0)
        for row in rows:
            rect = surface.blit(row, row.get_rect(midtop=(self.width // 2, y)))
            place = rect if place.width == 0 else place.union(rect)
            y += row.get_height()
        return place

    hint = legend

    def tile(self, surface: pygame.Surface, rect: pygame.Rect, chosen: bool) -> tuple[int, int, int]:
        """A tile: filled (the highlight in the accent colour), outlined on glass; returns its ink."""
        radius = rect.height // 6
        if self.theme.tile is None:
            width = max(6, self.margin // 3) if chosen else 3
            pygame.draw.rect(
                surface, ACCENT if chosen else self.theme.outline, rect, width, border_radius=radius
            )
            return ACCENT if chosen else WHITE
        pygame.draw.rect(surface, ACCENT if chosen else self.theme.tile, rect, border_radius=radius)
        return INK if chosen else WHITE

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
        """A progress ring, full = 1, filled clockwise from 12 o'clock, as a solid polygon (no moiré).

        On glass the empty part is a thin outline, not a grey band.
        """
        if self.glass:
            pygame.draw.circle(surface, back, centre, radius, 3)
            pygame.draw.circle(surface, back, centre, radius - thickness, 3)
        else:
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


def _pack(items: list[pygame.Surface], width: int, gap: int) -> list[pygame.Surface]:
    """The items packed into rows no wider than ``width`` (or one item), each row one surface."""
    rows: list[list[pygame.Surface]] = [[]]
    for item in items:
        used = sum(i.get_width() + gap for i in rows[-1])
        if rows[-1] and used + item.get_width() > width:
            rows.append([])
        rows[-1].append(item)
    surfaces = []
    for row in rows:
        surface = pygame.Surface(
            (sum(i.get_width() for i in row) + gap * (len(row) - 1), max(i.get_height() for i in row)),
            pygame.SRCALPHA,
        )
        x = 0
        for item in row:
            surface.blit(item, (x, 0))
            x += item.get_width() + gap
        surfaces.append(surface)
    return surfaces
