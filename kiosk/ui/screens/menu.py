"""The menu: routines first as full-width tiles, then exercises two to a row, one tile highlighted.

Tiles that do not fit are scrolled to; "▲ 2 more" and "▼ 5 more" say that
there are more above and below.
"""

from __future__ import annotations

import pygame

from kiosk.ui.figures import ROUTINE, draw_figure
from kiosk.ui.palette import INK, SOFT, WARN, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import MenuTile, MenuView

HINT = "◀ ▶ choose · ● start"


def rows_of(tiles: tuple[MenuTile, ...], columns: int) -> list[list[int]]:
    """Tile indexes by row: each routine alone, exercises ``columns`` to a row.

    >>> rows_of((MenuTile("Warm-up", is_routine=True), MenuTile("a"), MenuTile("b"), MenuTile("c")), 2)
    [[0], [1, 2], [3]]
    """
    rows: list[list[int]] = []
    for index, tile in enumerate(tiles):
        if tile.is_routine or not rows or len(rows[-1]) >= columns or tiles[rows[-1][0]].is_routine:
            rows.append([index])
        else:
            rows[-1].append(index)
    return rows


def draw_menu(surface: pygame.Surface, kit: Kit, view: MenuView) -> None:
    """Tiles with a figure, the name and the target; scrolled so the highlighted one shows."""
    width = kit.width
    surface.fill(kit.theme.background)
    margin = kit.margin
    title = kit.fit("Choose your warm-up", kit.type(1 / 12), WHITE, width - 2 * margin)
    surface.blit(title, (margin, margin))
    hint = kit.legend(surface, HINT)
    tiles = view.tiles
    columns = 1 if kit.portrait else 2
    rows = rows_of(tiles, columns)
    line = kit.text.font(kit.min_type).get_linesize()
    gap = margin // 2
    pad = margin // 2
    figure_side = line * 2
    narrow = (width - 2 * margin - gap * (columns - 1)) // columns
    # "▲ 2 more" beside the title (under it in portrait), "▼ 5 more" beside the legend (over it in portrait).
    top = margin * 2 + title.get_height() + (line if kit.portrait else 0)
    bottom = hint.top - margin // 2 - (line if kit.portrait else 0)

    def room(index: int) -> int:
        tile_width = width - 2 * margin if tiles[index].is_routine else narrow
        return tile_width - figure_side - 4 * pad

    def height(row: list[int]) -> int:  # measured, not rendered: the tiles scrolled away are never drawn
        def count(text: str, index: int) -> int:
            return kit.text.count_lines(text, kit.min_type, room(index))

        lines = max(count(tiles[i].title, i) + count(tiles[i].target, i) for i in row)
        return max(2, lines) * line + 2 * pad

    heights = [height(row) for row in rows]
    chosen = next((r for r, row in enumerate(rows) if view.highlighted in row), 0)
    first = last = max(0, chosen - 1)  # the highlighted row, with the row before it for context
    used = heights[first]
    while last + 1 < len(rows) and used + gap + heights[last + 1] <= bottom - top:
        last += 1
        used += gap + heights[last]
    while first > 0 and used + gap + heights[first - 1] <= bottom - top:
        first -= 1
        used += gap + heights[first]
    y = top
    for r in range(first, last + 1):
        for column, index in enumerate(rows[r]):
            wide = tiles[index].is_routine
            rect = pygame.Rect(
                margin + column * (narrow + gap), y, width - 2 * margin if wide else narrow, heights[r]
            )
            _tile(surface, kit, tiles[index], rect, index == view.highlighted, figure_side, room(index))
        y += heights[r] + gap
    above = sum(len(row) for row in rows[:first])
    below = sum(len(row) for row in rows[last + 1 :])
    if above:
        mark = kit.text.render(f"▲ {above} more", kit.min_type, WHITE)
        y = (
            margin + title.get_height()
            if kit.portrait
            else margin + (title.get_height() - mark.get_height()) // 2
        )
        surface.blit(mark, mark.get_rect(topright=(width - margin, y)))
    if below:
        mark = kit.text.render(f"▼ {below} more", kit.min_type, WHITE)
        corner = (width - margin, hint.top - margin // 4) if kit.portrait else (width - margin, hint.bottom)
        surface.blit(mark, mark.get_rect(bottomright=corner))


def _words(kit: Kit, tile: MenuTile, room: int, ink=WHITE, soft=SOFT):
    """The tile's name and target, each wrapped to at most two lines of ``room``."""
    names = kit.text.lines(tile.title, kit.min_type, ink, room, 2, kit.min_type)
    target = kit.text.lines(tile.target, kit.min_type, soft, room, 2, kit.min_type) if tile.target else []
    return names, target


def _tile(surface, kit: Kit, tile: MenuTile, rect: pygame.Rect, chosen: bool, side: int, room: int) -> None:
    ink = kit.tile(surface, rect, chosen)
    pad = kit.margin // 2
    figure = pygame.Rect(rect.x + pad * 2, rect.centery - side // 2, side, side)
    accent = INK if chosen and not kit.glass else WARN
    draw_figure(surface, ROUTINE if tile.is_routine else tile.figure_id, figure, ink, accent)
    names, target = _words(kit, tile, room, ink, SOFT if ink == WHITE else ink)
    rows = [*names, *target]
    y = rect.centery - sum(r.get_height() for r in rows) // 2
    for row in rows:
        surface.blit(row, (figure.right + pad * 2, y))
        y += row.get_height()
