"""Small stick figures of each movement, drawn with pygame lines and circles for the menu tiles.

One pose per movement, in a unit box (x right, y down): thick limbs, a round
head, and the prop that explains the movement (a step, a wall, the floor, a band).

>>> import pygame
>>> surface = pygame.Surface((200, 200))
>>> draw_figure(surface, "squat", pygame.Rect(0, 0, 200, 200), (255, 255, 255))
>>> surface.get_at((100, 100))[:3] != (0, 0, 0) or surface.get_bounding_rect().width > 50
True
"""

from __future__ import annotations

import pygame

Point = tuple[float, float]

# Each figure: head centre, limbs (polylines), and props: ("line", points) or ("rect", x, y, w, h).
FIGURES: dict[str, dict] = {
    "stand": {
        "head": (0.5, 0.1),
        "limbs": [
            [(0.5, 0.2), (0.5, 0.52)],
            [(0.5, 0.52), (0.42, 0.93)],
            [(0.5, 0.52), (0.58, 0.93)],
            [(0.5, 0.26), (0.36, 0.5)],
            [(0.5, 0.26), (0.64, 0.5)],
        ],
        "props": [],
    },
    "squat": {
        "head": (0.58, 0.14),
        "limbs": [
            [(0.52, 0.25), (0.34, 0.58), (0.64, 0.66), (0.52, 0.93), (0.66, 0.93)],
            [(0.5, 0.3), (0.86, 0.36)],
        ],
        "props": [("line", [(0.05, 0.96), (0.95, 0.96)])],
    },
    "lunge": {
        "head": (0.5, 0.1),
        "limbs": [
            [(0.5, 0.2), (0.5, 0.52)],
            [(0.5, 0.52), (0.72, 0.68), (0.72, 0.93), (0.84, 0.93)],
            [(0.5, 0.52), (0.34, 0.9), (0.12, 0.93)],
            [(0.5, 0.26), (0.4, 0.42), (0.46, 0.52)],
        ],
        "props": [("line", [(0.05, 0.96), (0.95, 0.96)])],
    },
    "step_down": {
        "head": (0.48, 0.08),
        "limbs": [
            [(0.48, 0.18), (0.5, 0.42)],
            [(0.5, 0.42), (0.66, 0.56), (0.6, 0.7)],
            [(0.5, 0.42), (0.44, 0.64), (0.3, 0.9)],
            [(0.48, 0.24), (0.24, 0.34)],
            [(0.48, 0.24), (0.72, 0.34)],
        ],
        "props": [("rect", 0.46, 0.72, 0.44, 0.24), ("line", [(0.05, 0.96), (0.95, 0.96)])],
    },
    "landing": {
        "head": (0.5, 0.12),
        "limbs": [
            [(0.5, 0.22), (0.5, 0.5)],
            [(0.5, 0.5), (0.34, 0.68), (0.34, 0.93)],
            [(0.5, 0.5), (0.66, 0.68), (0.66, 0.93)],
            [(0.5, 0.28), (0.22, 0.4)],
            [(0.5, 0.28), (0.78, 0.4)],
        ],
        "props": [
            ("line", [(0.05, 0.96), (0.95, 0.96)]),
            ("line", [(0.12, 0.05), (0.12, 0.22)]),
            ("line", [(0.88, 0.05), (0.88, 0.22)]),
        ],
    },
    "band_walk": {
        "head": (0.5, 0.12),
        "limbs": [
            [(0.5, 0.22), (0.5, 0.5)],
            [(0.5, 0.5), (0.26, 0.7), (0.2, 0.93)],
            [(0.5, 0.5), (0.74, 0.7), (0.8, 0.93)],
            [(0.5, 0.28), (0.34, 0.46)],
            [(0.5, 0.28), (0.66, 0.46)],
        ],
        "props": [
            ("band", [(0.24, 0.76), (0.76, 0.76)]),
            ("line", [(0.05, 0.96), (0.95, 0.96)]),
            ("line", [(0.78, 0.14), (0.96, 0.14), (0.9, 0.08)]),
        ],
    },
    "bridge": {
        "head": (0.1, 0.8),
        "limbs": [
            [(0.18, 0.84), (0.52, 0.56)],
            [(0.52, 0.56), (0.72, 0.52), (0.82, 0.9)],
            [(0.22, 0.88), (0.44, 0.9)],
        ],
        "props": [("line", [(0.02, 0.93), (0.98, 0.93)])],
    },
    "clamshell": {
        "head": (0.1, 0.6),
        "limbs": [
            [(0.2, 0.66), (0.55, 0.72)],
            [(0.55, 0.72), (0.78, 0.84), (0.56, 0.9)],
            [(0.55, 0.72), (0.74, 0.46), (0.56, 0.88)],
            [(0.2, 0.7), (0.1, 0.9)],
        ],
        "props": [("line", [(0.02, 0.94), (0.98, 0.94)])],
    },
    "stretch": {
        "head": (0.42, 0.1),
        "limbs": [
            [(0.42, 0.2), (0.42, 0.54)],
            [(0.42, 0.54), (0.7, 0.58), (0.72, 0.93)],
            [(0.42, 0.54), (0.3, 0.92), (0.06, 0.92)],
            [(0.42, 0.26), (0.3, 0.42), (0.42, 0.52)],
        ],
        "props": [("line", [(0.02, 0.96), (0.98, 0.96)])],
    },
    "knee_to_wall": {
        "head": (0.48, 0.1),
        "limbs": [
            [(0.48, 0.2), (0.46, 0.5)],
            [(0.46, 0.5), (0.8, 0.64), (0.62, 0.93)],
            [(0.46, 0.5), (0.34, 0.72), (0.18, 0.93)],
            [(0.48, 0.26), (0.82, 0.34)],
        ],
        "props": [("line", [(0.86, 0.02), (0.86, 0.96)]), ("line", [(0.02, 0.96), (0.86, 0.96)])],
    },
    "hinge": {
        "head": (0.84, 0.3),
        "limbs": [
            [(0.74, 0.34), (0.38, 0.5)],
            [(0.38, 0.5), (0.46, 0.72), (0.4, 0.93), (0.52, 0.93)],
            [(0.68, 0.37), (0.7, 0.64)],
        ],
        "props": [("line", [(0.05, 0.96), (0.95, 0.96)])],
    },
}
ROUTINE = "routine"


def draw_figure(
    surface: pygame.Surface, figure_id: str, box: pygame.Rect, colour, accent=(255, 140, 0)
) -> None:
    """Draw the figure for ``figure_id`` inside ``box``; a routine is a checklist, an unknown id a squat."""
    side = min(box.width, box.height)
    square = pygame.Rect(0, 0, side, side)
    square.center = box.center
    width = max(3, side // 16)
    if figure_id == ROUTINE:
        _checklist(surface, square, colour, accent, width)
        return
    figure = FIGURES.get(figure_id, FIGURES["squat"])

    def at(point: Point) -> tuple[int, int]:
        return round(square.x + point[0] * side), round(square.y + point[1] * side)

    for prop in figure["props"]:
        if prop[0] == "rect":
            _, x, y, w, h = prop
            pygame.draw.rect(
                surface, colour, pygame.Rect(*at((x, y)), round(w * side), round(h * side)), width // 2
            )
        else:
            points = [at(p) for p in prop[1]]
            pygame.draw.lines(
                surface, accent if prop[0] == "band" else colour, False, points, max(2, width // 2)
            )
    for limb in figure["limbs"]:
        points = [at(p) for p in limb]
        pygame.draw.lines(surface, colour, False, points, width)
        for point in points:
            pygame.draw.circle(surface, colour, point, width // 2)
    pygame.draw.circle(surface, colour, at(figure["head"]), round(side * 0.085))


def _checklist(surface: pygame.Surface, square: pygame.Rect, colour, accent, width: int) -> None:
    """A routine: three steps in a list, each with its tick."""
    side = square.width
    for row in range(3):
        y = square.y + round(side * (0.2 + row * 0.3))
        x = square.x + round(side * 0.08)
        tick = [(x, y), (x + side * 0.08, y + side * 0.08), (x + side * 0.22, y - side * 0.1)]
        pygame.draw.lines(surface, accent, False, tick, width)
        pygame.draw.line(surface, colour, (x + side * 0.34, y), (square.right - side * 0.06, y), width)
