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

HINT = "◀ ▶ choose      ● start"


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
    tiles = view.shown
    columns = 1 if kit.portrait else 2
    rows = rows_of(tiles, columns)
    line = kit.text.font(kit.min_type).get_linesize()
    tile_height = round(line * 3.1) + margin  # a name on two lines and the target
    top = margin * 2 + title.get_height() + (line if kit.portrait else 0)  # portrait: "▲ 2 more" below it
    gap = margin // 2
    # "▼ 5 more" goes beside the legend in landscape, on a line of its own above it in portrait.
    more = line if kit.portrait else 0
    fit = max(1, (hint.top - margin // 2 - more - top + gap) // (tile_height + gap))
    chosen_row = next((r for r, row in enumerate(rows) if view.highlighted in row), 0)
    first = min(max(0, chosen_row - fit // 2), max(0, len(rows) - fit))
    shown = rows[first : first + fit]
    for slot, row in enumerate(shown):
        y = top + slot * (tile_height + gap)
        tile_width = (width - 2 * margin - gap * (columns - 1)) // columns
        for column, index in enumerate(row):
            wide = tiles[index].is_routine
            rect = pygame.Rect(
                margin + column * (tile_width + gap),
                y,
                width - 2 * margin if wide else tile_width,
                tile_height,
            )
            _tile(surface, kit, tiles[index], rect, index == view.highlighted)
    above = sum(len(row) for row in rows[:first])
    below = sum(len(row) for row in rows[first + fit :])
    if above:  # beside the title (under it, in portrait): there is more up there
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


def _tile(surface: pygame.Surface, kit: Kit, tile: MenuTile, rect: pygame.Rect, chosen: bool) -> None:
    ink = kit.tile(surface, rect, chosen)
    pad = rect.height // 10
    side = min(rect.height - 2 * pad, rect.width // 4)
    figure = pygame.Rect(rect.x + pad, rect.centery - side // 2, side, side)
    accent = INK if chosen and not kit.glass else WARN
    draw_figure(surface, ROUTINE if tile.is_routine else tile.figure_id, figure, ink, accent)
    text_x = figure.right + pad * 2
    room = rect.right - pad - text_x
    names = kit.text.lines(tile.title, kit.min_type, ink, room, 2, kit.min_type)
    target = kit.fit(tile.target, kit.min_type, SOFT if ink == WHITE else ink, room) if tile.target else None
    block = sum(r.get_height() for r in names) + (target.get_height() if target else 0)
    y = rect.centery - block // 2
    for name in names:
        surface.blit(name, (text_x, y))
        y += name.get_height()
    if target:
        surface.blit(target, (text_x, y))
