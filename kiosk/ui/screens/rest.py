"""Rest between exercises: a big countdown ring, what comes next, and what the buttons do."""

from __future__ import annotations

import math

import pygame

from kiosk.ui.figures import draw_figure
from kiosk.ui.palette import DIM, GOOD, SOFT, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import RestView


def draw_rest(surface: pygame.Surface, kit: Kit, view: RestView) -> None:
    """The word Rest, the seconds left inside a ring that empties, the next exercise with its figure."""
    surface.fill(kit.theme.background)
    width, height = kit.size
    margin = kit.margin
    legend = kit.legend(surface, view.legend) if view.legend else pygame.Rect(0, height - margin, width, 0)
    heading = kit.text.render("Rest", kit.type(1 / 12), SOFT)
    surface.blit(heading, heading.get_rect(midtop=(width // 2, margin)))
    label = kit.text.render("Next", kit.min_type, DIM)
    name = kit.fit(view.next_name, kit.type(1 / 12), WHITE, width - 2 * margin - kit.short // 6)
    target = kit.fit(view.next_target, kit.min_type, SOFT, width - 2 * margin) if view.next_target else None
    below = label.get_height() + name.get_height() + (target.get_height() + margin // 2 if target else 0)
    room = legend.top - margin - (margin * 2 + heading.get_height()) - below - margin
    radius = max(kit.short // 10, min(round(kit.short * (0.24 if not kit.portrait else 0.36)), room // 2))
    centre = (width // 2, round(margin * 2 + heading.get_height() + radius))
    fraction = view.seconds_left / view.total if view.total > 0 else 0.0
    kit.ring(surface, centre, round(radius), max(8, round(radius / 7)), fraction, GOOD, kit.theme.track)
    digits = max(kit.min_type, min(kit.type(1 / 4), round(radius * 1.1)))
    seconds = kit.text.render(str(max(0, math.ceil(view.seconds_left))), digits, WHITE)
    surface.blit(seconds, seconds.get_rect(center=centre))
    top = round(centre[1] + radius + margin)
    figure_side = name.get_height() + (label.get_height() if view.next_figure else 0)
    block = name.get_width() + (figure_side + margin if view.next_figure else 0)
    x = width // 2 - block // 2
    if view.next_figure:
        draw_figure(surface, view.next_figure, pygame.Rect(x, top, figure_side, figure_side), WHITE)
        x += figure_side + margin
    surface.blit(label, (x, top))
    surface.blit(name, (x, top + label.get_height()))
    if target:
        surface.blit(
            target,
            target.get_rect(midtop=(width // 2, top + label.get_height() + name.get_height() + margin // 2)),
        )
