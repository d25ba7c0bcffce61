"""The summary, as a picture readable at 3 m: a good-rep dial, each knee's caves, the retest, what next.

The dial and each knee's caves side by side (stacked in portrait); below
them the retest, one plain line per knee, and at the bottom the one next
action and the buttons' legend.
"""

from __future__ import annotations

import pygame

from kiosk.ui.palette import BAD, GOOD, SOFT, WARN, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import SummaryView


def draw_summary(surface: pygame.Surface, kit: Kit, view: SummaryView) -> None:
    """The dial, each knee's caves as bars, the most common fault, the retest, the next action, the legend."""
    surface.fill(kit.theme.background)
    width, height = kit.size
    margin = kit.margin
    inner = width - 2 * margin
    title = kit.fit(view.title, kit.type(1 / 12), WHITE, inner)
    surface.blit(title, title.get_rect(midtop=(width // 2, margin)))
    # From the bottom up: the legend, the next action, the retest.
    bottom = kit.legend(surface, view.legend).top - margin // 2 if view.legend else height - margin
    lines = [(view.next_action, WHITE)] if view.next_action else []
    lines = [
        (c.change, GOOD if c.beyond_noise and "better" in c.change else SOFT) for c in view.retest
    ] + lines
    blocks = [kit.text.lines(text, kit.min_type, colour, inner, 2, kit.min_type) for text, colour in lines]
    for rows in reversed(blocks):
        bottom -= sum(r.get_height() for r in rows) + margin // 4
        y = bottom
        for row in rows:
            surface.blit(row, row.get_rect(midtop=(width // 2, y)))
            y += row.get_height()
    top = margin * 2 + title.get_height()
    room = bottom - margin - top
    if kit.portrait:  # the dial above the details: as large as what is left of the height allows
        details_height = 5 * kit.text.font(kit.min_type).get_linesize()
        radius = max(kit.short // 8, min(width // 4, (room - details_height) // 2))
        dial_centre = (width // 2, top + radius)
        details = pygame.Rect(margin, top + 2 * radius + margin, inner, 0)
    else:
        radius = max(kit.short // 8, min(width // 6, room // 2))
        dial_centre = (margin + radius, top + radius)
        details = pygame.Rect(dial_centre[0] + radius + margin * 2, top, 0, 0)
        details.width = width - details.x - margin
    _dial(surface, kit, view, dial_centre, radius)
    good = kit.fit(f"{view.good_reps} of {view.total_reps} reps good", kit.min_type, SOFT, details.width)
    surface.blit(good, details.topleft)
    y = _knees(surface, kit, view, details.move(0, good.get_height() + margin // 2))
    knee_fault = view.common_fault is not None and "knee" in view.common_fault
    if view.common_fault and not knee_fault:  # a knee's caves are in the bars already
        kit.left_lines(
            surface, f"Most often: {view.common_fault}", kit.min_type, WARN, details.x, y, details.width
        )


def _dial(surface, kit: Kit, view: SummaryView, centre, radius: int) -> None:
    """Good reps as a share of a ring, with the share in words inside it."""
    share = view.good_reps / view.total_reps if view.total_reps else 0.0
    thickness = max(10, radius // 5)
    kit.ring(surface, centre, radius, thickness, share, GOOD, kit.theme.track if not view.total_reps else BAD)
    inside = 2 * (radius - thickness) * 0.85  # the percentage fits inside the ring, whatever the orientation
    percent = kit.fit(f"{round(100 * share)}%", max(kit.min_type, round(radius * 0.6)), WHITE, round(inside))
    surface.blit(percent, percent.get_rect(center=centre))


def _knees(surface, kit: Kit, view: SummaryView, area: pygame.Rect) -> int:
    """Each knee's caves: "Left knee caved 2/8" over a bar of that share; returns the y below them."""
    y = area.y
    bar_height = kit.margin // 2
    for side, caved, judged in (
        ("Left", view.left_caved, view.left_judged),
        ("Right", view.right_caved, view.right_judged),
    ):
        words = f"{side} knee caved {caved}/{judged}" if judged else f"{side} knee: no reps judged"
        y = kit.left_lines(surface, words, kit.min_type, WHITE, area.x, y, area.width)
        bar = pygame.Rect(area.x, y + bar_height // 2, area.width, bar_height)
        if kit.glass:
            pygame.draw.rect(surface, kit.theme.outline, bar, 2, border_radius=bar_height // 2)
        else:
            pygame.draw.rect(surface, kit.theme.track, bar, border_radius=bar_height // 2)
        if judged and caved:
            bar.width = max(bar_height, round(bar.width * caved / judged))
            pygame.draw.rect(surface, BAD, bar, border_radius=bar_height // 2)
        y += bar_height * 2 + kit.margin // 2
    return y
