"""Calibrating glass mode: staff line the drawn legs up with their reflection using the three buttons.

The screen also says whether the mounting shows the legs of everyone the
mirror is for (:func:`kiosk.ui.glass_reach.glass_reach`), and what to change if not.
"""

from __future__ import annotations

import pygame

from kiosk.ui.glass import GlassGeometry, GlassMapper
from kiosk.ui.glass_reach import glass_reach
from kiosk.ui.overlay import LegOverlay
from kiosk.ui.palette import ACCENT, BAD, BLACK, DIM, GOOD, INK, LANE_EDGE, WHITE
from kiosk.ui.screens.kit import Kit
from kiosk.ui.views import CALIBRATION_FIELDS, CalibrationView

LABELS = {"scale": "Size", "offset_x": "Left / right", "offset_y": "Up / down"}
HINT = "◀ ▶ change · ● next value · hold ● save"


def draw_calibration(
    surface: pygame.Surface, kit: Kit, view: CalibrationView, geometry: GlassGeometry, overlay: LegOverlay
) -> None:
    """A black screen (the glass shows the room), the legs as the values place them, and the values.

    The crosshair is drawn on the eye: a person sees their own eye's reflection
    exactly where their eye is, so it should sit on the reflection of the eye.
    """
    surface.fill(BLACK)
    width, height = kit.size
    geometry = geometry.calibrated(view.scale, view.offset_x, view.offset_y)
    inner = width - 2 * kit.margin
    y = kit.margin
    for row in kit.text.lines("Line the legs up with your reflection", kit.type(1 / 12), WHITE, inner, 2):
        surface.blit(row, row.get_rect(midtop=(width // 2, y)))
        y += row.get_height()
    values = {
        "scale": f"{view.scale:.3f}×",
        "offset_x": f"{view.offset_x * 100:+.1f} cm",
        "offset_y": f"{view.offset_y * 100:+.1f} cm",
    }
    y += kit.margin // 2
    for field in CALIBRATION_FIELDS:
        chosen = field == view.field
        text = kit.fit(
            f"{LABELS[field]}: {values[field]}", kit.min_type, INK if chosen else DIM, inner - kit.margin * 2
        )
        place = text.get_rect(topleft=(kit.margin * 2, y))
        kit.boxed(surface, text, place, ACCENT if chosen else BLACK)
        y += text.get_height() + kit.margin // 2
    hint = kit.legend(surface, HINT)
    reach = glass_reach(geometry)
    words = "Fits: " + reach.line if reach.ok else reach.problems[0]
    rows = kit.text.lines(words, kit.min_type, GOOD if reach.ok else BAD, inner, 4, kit.min_type)
    bottom = hint.top - kit.margin // 2
    for row in reversed(rows):
        bottom -= row.get_height()
        surface.blit(row, row.get_rect(midtop=(width // 2, bottom)))
    # The legs and the crosshair go over the text: they are what staff line up.
    projection = GlassMapper(geometry).project(view.pose) if view.pose is not None else None
    if projection is not None and view.pose is not None:
        overlay.draw(surface, projection, view.pose)
        centre = geometry.to_pixels(*projection.eye_m)
    else:
        centre = (width // 2, height // 2)
    arm = min(width, height) // 10
    line = max(4, arm // 20)
    for dx, dy in ((1, 0), (0, 1)):
        start = (centre[0] - dx * arm, centre[1] - dy * arm)
        pygame.draw.line(surface, LANE_EDGE, start, (centre[0] + dx * arm, centre[1] + dy * arm), line)
    pygame.draw.circle(surface, LANE_EDGE, centre, arm // 2, line)
