"""The summary, as a picture readable at 3 m: a good-rep dial, left against right, the fault, the retest."""

from __future__ import annotations

import pygame

from kiosk.ui.palette import BAD, DIM, GOOD, INK, SOFT, TILE, WARN, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import SummaryView


def draw_summary(surface: pygame.Surface, kit: Kit, view: SummaryView) -> None:
    """The dial on the left (top, in portrait), the details beside (below) it, the advice at the bottom."""
    surface.fill(INK)
    width, height = kit.size
    margin = kit.margin
    title = kit.text.fit(view.title, kit.type(1 / 14), WHITE, width - 2 * margin)
    surface.blit(title, title.get_rect(midtop=(width // 2, margin)))
    top = margin * 2 + title.get_height()
    if kit.portrait:
        radius = width // 4
        dial_centre = (width // 2, top + radius)
        details = pygame.Rect(margin, top + 2 * radius + margin * 2, width - 2 * margin, 0)
    else:
        radius = min(width // 6, (height - top) // 3)
        dial_centre = (margin + radius + margin, top + radius + margin)
        details = pygame.Rect(dial_centre[0] + radius + margin * 3, top, 0, 0)
        details.width = width - details.x - margin
    _dial(surface, kit, view, dial_centre, radius)
    y = _sides(surface, kit, view, details)
    if view.common_fault:
        label = kit.text.fit(f"Most often: {view.common_fault}", kit.detail_type, WARN, details.width)
        surface.blit(label, (details.x, y))
        y += label.get_height() + margin // 2
    for change in view.retest:
        colour = GOOD if change.beyond_noise else SOFT
        words = "larger than measurement noise" if change.beyond_noise else "within measurement noise"
        y = _left_lines(
            surface, kit, f"{change.side}: {change.change} ({words})", colour, details.x, y, details.width
        )
    if view.advice:
        bottom_top = max(y, dial_centre[1] + radius) + margin
        rows = kit.text.lines(view.advice, kit.type(1 / 18), WHITE, width - 2 * margin, 3, kit.detail_type)
        for row in rows:
            surface.blit(row, row.get_rect(midtop=(width // 2, bottom_top)))
            bottom_top += row.get_height()


def _dial(surface, kit: Kit, view: SummaryView, centre, radius: int) -> None:
    share = view.good_reps / view.total_reps if view.total_reps else 0.0
    kit.ring(surface, centre, radius, max(10, radius // 5), share, GOOD, TILE if not view.total_reps else BAD)
    percent = kit.text.render(f"{round(100 * share)}%", min(kit.type(1 / 7), round(radius * 0.75)), WHITE)
    surface.blit(percent, percent.get_rect(center=(centre[0], centre[1] - percent.get_height() // 6)))
    caption = kit.text.fit(
        f"{view.good_reps} of {view.total_reps} good", kit.detail_type, SOFT, round(radius * 1.5)
    )
    surface.blit(caption, caption.get_rect(midtop=(centre[0], centre[1] + percent.get_height() // 3)))


def _sides(surface, kit: Kit, view: SummaryView, area: pygame.Rect) -> int:
    """Left and right good-rep bars; returns the y below them."""
    y = area.y
    label_width = kit.text.font(kit.detail_type).size("Right ")[0]
    bar_height = round(kit.detail_type * 1.1)
    for side, good, total in (
        ("Left", view.left_good, view.left_total),
        ("Right", view.right_good, view.right_total),
    ):
        label = kit.text.render(side, kit.detail_type, WHITE)
        surface.blit(label, (area.x, y + (bar_height - label.get_height()) // 2))
        bar = pygame.Rect(area.x + label_width, y, area.width - label_width, bar_height)
        pygame.draw.rect(surface, TILE, bar, border_radius=bar_height // 4)
        if total:
            filled = bar.copy()
            filled.width = round(bar.width * good / total)
            if filled.width:
                pygame.draw.rect(surface, GOOD, filled, border_radius=bar_height // 4)
        count = kit.text.render(
            f"{good}/{total}" if total else "–", kit.detail_type, INK if total and good else DIM
        )
        surface.blit(count, count.get_rect(midleft=(bar.x + kit.margin // 2, bar.centery)))
        y += bar_height + kit.margin // 2
    return y + kit.margin // 2


def _left_lines(surface, kit: Kit, text: str, colour, x: int, y: int, width: int) -> int:
    for row in kit.text.lines(text, kit.detail_type, colour, width, 3, kit.detail_type):
        surface.blit(row, (x, y))
        y += row.get_height()
    return y + kit.margin // 2
