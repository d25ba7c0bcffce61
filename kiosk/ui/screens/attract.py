"""The attract screen: the product's name, an invitation, and the three buttons gently pulsing."""

from __future__ import annotations

import math

import pygame

from kiosk.ui.palette import ACCENT, INK, SOFT, TILE, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import AttractView

BUTTONS = (("◀", "previous"), ("▶", "next"), ("●", "select"))
PULSE_SECONDS = 2.4


def draw_attract(surface: pygame.Surface, kit: Kit, view: AttractView) -> None:
    """Name, invitation and the buttons; ``view.t`` moves a pulse across the three buttons."""
    surface.fill(INK)
    width, height = kit.size
    inner = width - 4 * kit.margin
    top = height // 5 if not kit.portrait else height // 6
    size = kit.type(1 / 7)
    for row in kit.block(view.product, size, WHITE, inner, round(size * 1.2) * (2 if kit.portrait else 1)):
        surface.blit(row, row.get_rect(midtop=(width // 2, top)))
        top += row.get_height()
    size = kit.type(1 / 16)
    # One line if it fits at no less than 1/20 of the height; wrapped otherwise (portrait).
    y = top + kit.margin
    for row in kit.block(view.invitation, size, ACCENT, inner, round(size * 1.3)):
        surface.blit(row, row.get_rect(midtop=(width // 2, y)))
        y += row.get_height()
    radius = min(width // 10, height // 9)
    gap = min(radius * 3, width // 3)
    centre_y = height - height // 4
    # One size for the three labels: the largest at which "previous" fits between the buttons.
    label_size = kit.text.fit("previous", kit.min_type, SOFT, gap - kit.margin).get_height() * kit.min_type
    label_size = min(kit.min_type, round(label_size / kit.text.font(kit.min_type).get_height()))
    for index, (glyph, label) in enumerate(BUTTONS):
        x = width // 2 + (index - 1) * gap
        phase = (view.t / PULSE_SECONDS - index / 3) % 1.0
        pulse = max(0.0, math.sin(phase * 2 * math.pi))
        grow = round(radius * 0.18 * pulse)
        pygame.draw.circle(surface, ACCENT if pulse > 0.5 else TILE, (x, centre_y), radius + grow)
        pygame.draw.circle(surface, WHITE, (x, centre_y), radius + grow, max(3, radius // 14))
        mark = kit.text.render(glyph, kit.type(1 / 12), INK if pulse > 0.5 else WHITE)
        surface.blit(mark, mark.get_rect(center=(x, centre_y)))
        name = kit.text.fit(label, label_size, SOFT, gap - kit.margin)
        surface.blit(name, name.get_rect(midtop=(x, centre_y + radius + radius // 4 + kit.margin // 2)))
