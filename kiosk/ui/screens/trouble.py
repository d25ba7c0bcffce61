"""Trouble screens: what is wrong, in large type, what to do about it, and a picture of it."""

from __future__ import annotations

import pygame

from kiosk.ui.figures import draw_figure
from kiosk.ui.palette import ACCENT, INK, SOFT, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import TroubleKind, TroubleView


def draw_trouble(surface: pygame.Surface, kit: Kit, view: TroubleView) -> None:
    """One :class:`TroubleKind`'s screen: its icon, the heading in the accent colour, the advice below."""
    title, detail = view.texts
    surface.fill(kit.theme.background)
    width, height = kit.size
    inner = width - 2 * kit.margin
    size = kit.type(1 / 12)
    icon = pygame.Rect(0, 0, kit.short // 4, kit.short // 4)
    icon.midbottom = (width // 2, height // 2 - kit.margin)
    _icon(surface, view.kind, icon, kit.theme.background)
    top = kit.lines(surface, title, size, ACCENT, width // 2, height // 2, inner, 2)
    kit.lines(surface, detail, kit.min_type, WHITE, width // 2, top + kit.margin // 2, inner, 4)


def _icon(surface: pygame.Surface, kind: TroubleKind, box: pygame.Rect, background=INK) -> None:
    width = max(4, box.width // 16)
    if kind is TroubleKind.CAMERA:
        body = box.inflate(-box.width // 8, -box.height // 3)
        pygame.draw.rect(surface, SOFT, body, width, border_radius=width * 2)
        pygame.draw.circle(surface, SOFT, body.center, body.height // 3, width)
        pygame.draw.line(surface, ACCENT, box.topleft, box.bottomright, width + 2)
    elif kind is TroubleKind.CONFIG:
        # A sheet of settings with a mark on it.
        sheet = box.inflate(-box.width // 3, -box.height // 8)
        pygame.draw.rect(surface, SOFT, sheet, width, border_radius=width)
        for row in range(3):
            y = sheet.top + sheet.height * (row + 1) // 5
            pygame.draw.line(surface, SOFT, (sheet.left + 2 * width, y), (sheet.right - 2 * width, y), width)
        pygame.draw.line(surface, ACCENT, box.topleft, box.bottomright, width + 2)
    elif kind is TroubleKind.DARK:
        pygame.draw.circle(surface, SOFT, box.center, box.width // 3, width)
        pygame.draw.circle(
            surface, background, (box.centerx + box.width // 6, box.centery - box.width // 8), box.width // 3
        )
    elif kind is TroubleKind.MODEL:
        # Restarting: a circular arrow.
        ring = box.inflate(-box.width // 4, -box.height // 4)
        pygame.draw.arc(surface, SOFT, ring, 0.6, 5.9, width)
        tip = (ring.right - width // 2, ring.centery - ring.height // 6)
        pygame.draw.polygon(
            surface,
            ACCENT,
            [tip, (tip[0] - 3 * width, tip[1] + 3 * width), (tip[0] + 3 * width, tip[1] + 3 * width)],
        )
    else:
        # The camera's frame with a person in it: cut off when too close, tiny when too far.
        pygame.draw.rect(surface, SOFT, box, width, border_radius=width)
        if kind is TroubleKind.TOO_CLOSE:
            person = box.inflate(box.width * 0.6, box.height * 0.6).move(0, box.height * 0.3)
        else:
            person = box.inflate(-box.width * 0.7, -box.height * 0.7).move(0, box.height * 0.25)
        clip = surface.get_clip()
        surface.set_clip(box.inflate(-2 * width, -2 * width))
        draw_figure(surface, "stand", person, ACCENT)
        surface.set_clip(clip)
