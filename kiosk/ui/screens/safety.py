"""The safety screen: when to stop and see a professional; the mirror coaches, it does not diagnose."""

from __future__ import annotations

import pygame

from kiosk.ui.palette import ACCENT, INK, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import SafetyView


def draw_safety(surface: pygame.Surface, kit: Kit, view: SafetyView) -> None:
    """A heading, the message in large type, and how to go on."""
    surface.fill(kit.theme.background)
    width, height = kit.size
    margin = kit.margin
    inner = width - 4 * margin
    heading = kit.fit("Before you start", kit.type(1 / 11), ACCENT, inner)
    surface.blit(heading, heading.get_rect(midtop=(width // 2, margin * 2)))
    size = kit.min_type
    lines = 14 if kit.portrait else 7
    body = kit.lines_height(view.message, size, inner, lines)
    room_top = margin * 3 + heading.get_height()
    hint = kit.fit(view.hint, kit.type(1 / 14), ACCENT if kit.glass else INK, inner)
    pill = hint.get_rect(midbottom=(width // 2, height - margin * 2)).inflate(margin * 2, margin)
    top = room_top + max(0, (pill.top - margin - room_top - body) // 2)
    kit.lines(surface, view.message, size, WHITE, width // 2, top, inner, lines)
    # On glass the pill is an outline: a filled one would be a slab over the reflection.
    pygame.draw.rect(surface, ACCENT, pill, 0 if not kit.glass else 5, border_radius=pill.height // 2)
    surface.blit(hint, hint.get_rect(center=pill.center))
