"""Rest between exercises: a big countdown ring, and what comes next."""

from __future__ import annotations

import math

import pygame

from kiosk.ui.figures import draw_figure
from kiosk.ui.palette import DIM, GOOD, INK, SOFT, TILE, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import RestView


def draw_rest(surface: pygame.Surface, kit: Kit, view: RestView) -> None:
    """The word Rest, the seconds left inside a ring that empties, and the next exercise with its figure."""
    surface.fill(INK)
    width, height = kit.size
    margin = kit.margin
    heading = kit.text.render("Rest", kit.type(1 / 12), SOFT)
    surface.blit(heading, heading.get_rect(midtop=(width // 2, margin)))
    radius = min(width, height) * (0.24 if not kit.portrait else 0.36)
    centre = (width // 2, round(margin * 2 + heading.get_height() + radius))
    fraction = view.seconds_left / view.total if view.total > 0 else 0.0
    kit.ring(surface, centre, round(radius), max(8, round(radius / 7)), fraction, GOOD, TILE)
    seconds = kit.text.render(str(max(0, math.ceil(view.seconds_left))), kit.type(1 / 4), WHITE)
    surface.blit(seconds, seconds.get_rect(center=centre))
    top = round(centre[1] + radius + margin)
    label = kit.text.render("Next", kit.min_type, DIM)
    name = kit.text.fit(view.next_name, kit.type(1 / 12), WHITE, width - 2 * margin - height // 6)
    figure_side = name.get_height() + (label.get_height() if view.next_figure else 0)
    block = name.get_width() + (figure_side + margin if view.next_figure else 0)
    x = width // 2 - block // 2
    if view.next_figure:
        draw_figure(surface, view.next_figure, pygame.Rect(x, top, figure_side, figure_side), WHITE)
        x += figure_side + margin
    surface.blit(label, (x, top))
    surface.blit(name, (x, top + label.get_height()))
    if view.next_target:
        target = kit.text.fit(view.next_target, kit.min_type, SOFT, width - 2 * margin)
        surface.blit(
            target,
            target.get_rect(midtop=(width // 2, top + label.get_height() + name.get_height() + margin // 2)),
        )
