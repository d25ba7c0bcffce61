"""The knee-tracking overlay: per leg a tracking lane, the thigh and shin, and a knee marker.

Budget (per frame, 1920×1080): ≤ 0.5 ms, measured by ``python -m kiosk.ui.bench``
("overlay"). About thirty pygame draw calls; the lanes are two small
polygons blended by gfxdraw straight onto the screen (no alpha surface of
any size is made per frame).

The lane is the band around the hip–ankle line, carried on past the ankle to
the foot: a guide for the eye. The marker is a ring around the knee, hollow
so that the knee shows through, in the colour of the coach's live knee
verdict (:class:`kiosk.coach.knee.KneeWatch`), with a badge beside it that
says the same by its shape: a ✓ tracking, "!" drifting in, a filled ✗
caving, none when the knee cannot be judged. Drifting and caving add an
arrow pointing the way the knee should go (out, over the little toes).
"""

from __future__ import annotations

import math
from typing import Protocol

import pygame
import pygame.gfxdraw

from kiosk.coach.knee import KneeCheck, KneeVerdict
from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.palette import BAD, BLACK, GOOD, LANE_EDGE, LANE_FILL, NEUTRAL, WARN, WHITE

LEG_POINTS = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
}
OTHER = {"left": "right", "right": "left"}
# The lane runs on past the ankle by this share of the leg, to cover the foot.
FOOT_SHARE = 0.12
# The lane's half-width, in leg lengths: a guide for the eye, not the coach's threshold.
LANE_SHARE = 0.06


class ScreenMapping(Protocol):
    """Anything that places a camera-frame point on the screen: a MirrorView, a glass projection."""

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Screen position of the camera-frame point (x, y)."""
        ...


LEVEL_COLOURS = {
    KneeVerdict.TRACKING: GOOD,
    KneeVerdict.DRIFTING: WARN,
    KneeVerdict.CAVING: BAD,
    KneeVerdict.UNKNOWN: NEUTRAL,
}


class LegOverlay:
    """Draws both legs' lanes, lines and knee markers in the colours of the coach's knee verdicts.

    The coach smooths the verdicts (:class:`kiosk.coach.knee.KneeMarker`); the
    overlay only maps each to a colour.

    >>> overlay = LegOverlay()
    >>> overlay.verdicts["left"].name
    'UNKNOWN'
    """

    def __init__(self, glass: bool = False):
        self.verdicts = {side: KneeVerdict.UNKNOWN for side in LEG_POINTS}
        # Behind mirror glass the lane's translucent fill would be a grey slab: its edges only.
        self.fill = not glass

    def update(self, check: KneeCheck) -> None:
        """Take this frame's knee check."""
        self.verdicts = {"left": check.left.verdict, "right": check.right.verdict}

    def reset(self) -> None:
        """Forget both knees' verdicts."""
        self.verdicts = {side: KneeVerdict.UNKNOWN for side in LEG_POINTS}

    def draw(self, surface: pygame.Surface, mapping: ScreenMapping, pose: Pose) -> pygame.Rect | None:
        """Draw the lanes, legs and markers of ``pose`` with the current colours; return what they cover.

        A point the model did not see is left out rather than guessed. The
        rectangle returned holds everything drawn (``None``: nothing was),
        so that text can keep clear of the legs.
        """
        height = surface.get_height()
        line_width = max(3, height // 180)
        radius = marker_radius(surface.get_size())
        shown = {}
        for side, keypoints in LEG_POINTS.items():
            shown[side] = [_place(mapping, pose.point(k)) for k in keypoints]
        covered: list[pygame.Rect] = []
        for hip, _, ankle in shown.values():
            if hip and ankle:
                covered.append(_lane(surface, hip, ankle, LANE_SHARE, line_width, self.fill))
        for side, (hip, knee, ankle) in shown.items():
            for start, end in ((hip, knee), (ankle, knee)):
                if start and end:
                    stop = _short_of(start, end, radius)  # the lines stop at the ring: the knee shows through
                    pygame.draw.line(surface, BLACK, start, stop, line_width + 4)
                    pygame.draw.line(surface, WHITE, start, stop, line_width)
            for joint in (hip, ankle):
                if joint:
                    covered.append(pygame.draw.circle(surface, WHITE, joint, line_width + 2))
            if not knee:
                continue
            verdict = self.verdicts[side]
            outward = _outward(side, hip, ankle, knee, shown[OTHER[side]])
            covered.append(draw_marker(surface, knee, verdict, outward, radius))
        return covered[0].unionall(covered[1:]) if covered else None


def marker_radius(size: tuple[int, int]) -> int:
    """The knee ring's radius on a screen of ``size``: 1/36 of its short side.

    >>> marker_radius((1920, 1080))
    30
    """
    return max(8, min(size) // 36)


def draw_marker(surface: pygame.Surface, knee, verdict: KneeVerdict, outward, radius: int) -> pygame.Rect:
    """One knee's marker: a hollow ring, the badge that names the verdict by shape, and the arrow.

    ``outward`` is the unit screen direction away from the body's midline.
    Returns the rectangle drawn over.
    """
    colour = LEVEL_COLOURS[verdict]
    ring = max(4, radius // 3)
    drawn = pygame.draw.circle(surface, BLACK, knee, radius + 3, ring + 5)
    pygame.draw.circle(surface, colour, knee, radius, ring)
    if verdict in (KneeVerdict.DRIFTING, KneeVerdict.CAVING):
        drawn.union_ip(_arrow(surface, knee, outward, radius, colour))
    if verdict is KneeVerdict.UNKNOWN:
        return drawn
    # The badge sits above the knee, on the outer side: clear of the arrow and of the other leg.
    side = 1.0 if outward[0] >= 0 else -1.0
    badge = round(radius * 0.8)
    centre = (round(knee[0] + side * radius * 1.45), round(knee[1] - radius * 1.45))
    filled = verdict is KneeVerdict.CAVING
    drawn.union_ip(pygame.draw.circle(surface, BLACK, centre, badge + 3))
    pygame.draw.circle(surface, colour, centre, badge, 0 if filled else max(3, badge // 4))
    mark = BLACK if filled else colour
    width = max(3, badge // 3)
    x, y, b = centre[0], centre[1], badge * 0.5
    if verdict is KneeVerdict.TRACKING:
        pygame.draw.lines(
            surface, mark, False, [(x - b, y), (x - b * 0.25, y + b * 0.75), (x + b, y - b * 0.8)], width
        )
    elif verdict is KneeVerdict.DRIFTING:
        pygame.draw.line(surface, mark, (x, y - b * 1.05), (x, y + b * 0.3), width)
        pygame.draw.circle(surface, mark, (x, round(y + b * 0.85)), max(2, width // 2 + 1))
    else:
        pygame.draw.line(surface, mark, (x - b * 0.8, y - b * 0.8), (x + b * 0.8, y + b * 0.8), width)
        pygame.draw.line(surface, mark, (x - b * 0.8, y + b * 0.8), (x + b * 0.8, y - b * 0.8), width)
    return drawn


def _place(mapping: ScreenMapping, point: tuple[float, float] | None) -> tuple[int, int] | None:
    return mapping.to_screen(*point) if point is not None else None


def _short_of(start, end, gap: float) -> tuple[float, float]:
    """The point ``gap`` pixels before ``end`` on the way from ``start`` (``start`` itself if closer)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    if length <= gap:
        return start
    return end[0] - dx * gap / length, end[1] - dy * gap / length


def _lane(
    surface: pygame.Surface, hip, ankle, share: float, line_width: int, fill: bool = True
) -> pygame.Rect:
    dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
    length = math.hypot(dx, dy)
    if length < 1:
        return pygame.Rect(hip, (1, 1))
    half = share * length
    nx, ny = -dy / length * half, dx / length * half
    foot = (ankle[0] + dx * FOOT_SHARE, ankle[1] + dy * FOOT_SHARE)
    corners = [
        (round(hip[0] + nx), round(hip[1] + ny)),
        (round(foot[0] + nx), round(foot[1] + ny)),
        (round(foot[0] - nx), round(foot[1] - ny)),
        (round(hip[0] - nx), round(hip[1] - ny)),
    ]
    if fill:
        pygame.gfxdraw.filled_polygon(surface, corners, LANE_FILL)
    edge = max(2, line_width // 2)
    drawn = pygame.draw.line(surface, LANE_EDGE, corners[0], corners[1], edge)
    return drawn.union(pygame.draw.line(surface, LANE_EDGE, corners[2], corners[3], edge))


def _outward(side: str, hip, ankle, knee, other_leg) -> tuple[float, float]:
    """The screen direction away from the body's midline at this knee, across the leg."""
    other = next((p for p in (other_leg[0], other_leg[1], other_leg[2]) if p), None)
    if hip and ankle:
        dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
        length = math.hypot(dx, dy) or 1.0
        normal = (-dy / length, dx / length)
    else:
        normal = (1.0, 0.0)
    if other is not None:
        away = (knee[0] - other[0], knee[1] - other[1])
    else:
        away = (-1.0 if side == "left" else 1.0, 0.0)  # the mirror shows the left knee on the left
    if normal[0] * away[0] + normal[1] * away[1] < 0:
        normal = (-normal[0], -normal[1])
    return normal


def _arrow(surface: pygame.Surface, knee, direction, radius: int, colour) -> pygame.Rect:
    ux, uy = direction
    start = (knee[0] + ux * radius * 1.2, knee[1] + uy * radius * 1.2)
    tip = (knee[0] + ux * radius * 3.4, knee[1] + uy * radius * 3.4)
    neck = (tip[0] - ux * radius * 1.1, tip[1] - uy * radius * 1.1)
    px, py = -uy * radius * 0.9, ux * radius * 0.9
    head = [tip, (neck[0] + px, neck[1] + py), (neck[0] - px, neck[1] - py)]
    shaft = max(5, radius // 2)
    drawn = pygame.draw.line(surface, BLACK, start, neck, shaft + 6)
    pygame.draw.line(surface, colour, start, neck, shaft)
    drawn.union_ip(pygame.draw.polygon(surface, colour, head))
    pygame.draw.polygon(surface, BLACK, head, 3)  # a dark edge reads on any picture
    return drawn
