"""The menu: routines first as full-width tiles, then exercises two to a row, one tile highlighted."""

from __future__ import annotations

import pygame

from kiosk.ui.figures import ROUTINE, draw_figure
from kiosk.ui.palette import ACCENT, INK, TILE, WARN, WHITE
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
    width, height = kit.size
    surface.fill(INK)
    margin = kit.margin
    title = kit.text.fit("Choose your warm-up", kit.type(1 / 14), WHITE, width - 2 * margin)
    surface.blit(title, (margin, margin))
    hint = kit.hint(surface, HINT)
    tiles = view.shown
    columns = 1 if kit.portrait else 2
    rows = rows_of(tiles, columns)
    top = margin * 2 + title.get_height()
    tile_height = round(height * (0.17 if not kit.portrait else 0.12))
    gap = margin // 2
    fit = max(1, (hint.top - margin // 2 - top + gap) // (tile_height + gap))
    chosen_row = next((r for r, row in enumerate(rows) if view.highlighted in row), 0)
    first = min(max(0, chosen_row - fit // 2), max(0, len(rows) - fit))
    for slot, row in enumerate(rows[first : first + fit]):
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


def _tile(surface: pygame.Surface, kit: Kit, tile: MenuTile, rect: pygame.Rect, chosen: bool) -> None:
    pygame.draw.rect(surface, ACCENT if chosen else TILE, rect, border_radius=rect.height // 6)
    ink = INK if chosen else WHITE
    pad = rect.height // 10
    figure = pygame.Rect(rect.x + pad, rect.y + pad, rect.height - 2 * pad, rect.height - 2 * pad)
    draw_figure(surface, ROUTINE if tile.is_routine else tile.figure_id, figure, ink, INK if chosen else WARN)
    text_x = figure.right + pad * 2
    room = rect.right - pad - text_x
    name = kit.text.fit(tile.title, kit.type(1 / 16), ink, room)
    target = kit.text.fit(tile.target, kit.min_type, ink, room) if tile.target else None
    if kit.portrait:  # the same physical size as 1/20 of a landscape panel's height
        name = kit.text.fit(tile.title, kit.detail_type, ink, room)
        target = kit.text.fit(tile.target, kit.detail_type, ink, room) if tile.target else None
    block = name.get_height() + (target.get_height() if target else 0)
    y = rect.centery - block // 2
    surface.blit(name, (text_x, y))
    if target:
        surface.blit(target, (text_x, y + name.get_height()))
