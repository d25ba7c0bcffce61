"""The attract screen: the product's name, an invitation, and the three buttons gently pulsing."""

from __future__ import annotations

import math

import pygame

from kiosk.ui.palette import ACCENT, INK, SOFT, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import AttractView

BUTTONS = (("◀", "previous"), ("▶", "next"), ("●", "select"))
PULSE_SECONDS = 2.4


def draw_attract(surface: pygame.Surface, kit: Kit, view: AttractView) -> None:
    """Name, invitation and the buttons; ``view.t`` moves a pulse across the three buttons."""
    surface.fill(kit.theme.background)
    width, height = kit.size
    inner = width - 4 * kit.margin
    top = height // 5 if not kit.portrait else height // 6
    size = kit.type(1 / 7)
    for row in kit.block(view.product, size, WHITE, inner, round(size * 1.2) * (2 if kit.portrait else 1)):
        surface.blit(row, row.get_rect(midtop=(width // 2, top)))
        top += row.get_height()
    size = kit.type(1 / 14)
    y = top + kit.margin
    for row in kit.block(
        view.invitation, size, ACCENT, inner, round(size * 1.3) * (3 if kit.portrait else 1)
    ):
        surface.blit(row, row.get_rect(midtop=(width // 2, y)))
        y += row.get_height()
    # Each label centred under its button, the outer two kept inside the screen's margins.
    labels = [kit.fit(label, kit.min_type, SOFT, width // 3) for _, label in BUTTONS]
    spread = min(kit.short // 3, width // 2 - kit.margin - labels[0].get_width() // 2)
    spread = min(spread, width // 2 - kit.margin - labels[2].get_width() // 2)
    radius = min(kit.short // 9, round(spread / 2.6))
    centre_y = height - kit.margin * 2 - labels[0].get_height() - radius - radius // 4
    for index, ((glyph, _), name) in enumerate(zip(BUTTONS, labels, strict=True)):
        x = width // 2 + (index - 1) * spread
        phase = (view.t / PULSE_SECONDS - index / 3) % 1.0
        pulse = max(0.0, math.sin(phase * 2 * math.pi))
        grow = round(radius * 0.18 * pulse)
        lit = pulse > 0.5
        if kit.glass:  # outlines only: behind the glass a filled disc is a slab
            pygame.draw.circle(
                surface, ACCENT if lit else WHITE, (x, centre_y), radius + grow, max(4, radius // 8)
            )
        elif kit.theme.tile is not None:
            pygame.draw.circle(surface, ACCENT if lit else kit.theme.tile, (x, centre_y), radius + grow)
            pygame.draw.circle(surface, WHITE, (x, centre_y), radius + grow, max(3, radius // 14))
        ink = (ACCENT if lit else WHITE) if kit.glass else (INK if lit else WHITE)
        mark = kit.text.render(glyph, kit.type(1 / 12), ink)
        surface.blit(mark, mark.get_rect(center=(x, centre_y)))
        surface.blit(name, name.get_rect(midtop=(x, centre_y + radius + radius // 4 + kit.margin // 2)))
