"""The knee-tracking overlay: per leg a tracking lane, the thigh and shin, and a coloured knee marker.

Budget (per frame, 1920×1080): ≤ 0.5 ms, measured by ``python -m kiosk.ui.bench``
("overlay"). About twenty pygame draw calls; the lanes are two small
polygons blended by gfxdraw straight onto the screen (no alpha surface of
any size is made per frame).

The lane is the band around the hip–ankle line, carried on past the ankle to
the foot, whose half-width is the coach's caving threshold
(``knee_in_offset`` × leg length): a knee inside it tracks over the foot. The
marker is green near the line, amber as it drifts towards the lane's inner
edge, red beyond it, where the coach's verdict is "caving" too; amber and red
add an arrow pointing the way the knee should go (out, over the little toes).
"""

from __future__ import annotations

import enum
import math
from collections import deque
from typing import Protocol

import pygame
import pygame.gfxdraw

from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict
from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.palette import BAD, BLACK, GOOD, LANE_EDGE, LANE_FILL, NEUTRAL, WARN, WHITE

LEG_POINTS = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
}
OTHER = {"left": "right", "right": "left"}
# The lane runs on past the ankle by this share of the leg, to cover the foot.
FOOT_SHARE = 0.12
# Amber from this share of the caving threshold: drifting towards the lane's inner edge.
AMBER_SHARE = 0.5


class ScreenMapping(Protocol):
    """Anything that places a camera-frame point on the screen: a MirrorView, a glass projection."""

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Screen position of the camera-frame point (x, y)."""
        ...


class KneeLevel(enum.IntEnum):
    """How far a knee has caved, as the marker shows it."""

    GOOD = 0
    WARN = 1
    BAD = 2
    UNKNOWN = 3


LEVEL_COLOURS = {KneeLevel.GOOD: GOOD, KneeLevel.WARN: WARN, KneeLevel.BAD: BAD, KneeLevel.UNKNOWN: NEUTRAL}


class KneeColour:
    """One knee marker's colour, from the per-frame medial offset, smoothed so it does not flicker.

    Each frame's offset passes a median of the last three (one wild frame is
    ignored outright), then exponential smoothing, then thresholds with
    hysteresis: amber from half the caving threshold, red beyond the
    threshold itself (the coach's ``knee_in_offset``, so the marker agrees
    with the verdicts), and a level is only left once the smoothed offset is
    ``hysteresis`` × threshold back below it. A reading the coach calls
    caving (e.g. by asymmetry) counts as at least just over the threshold.
    The first reading after a gap is shown as it is.

    >>> colour = KneeColour(knee_in_offset=0.06)
    >>> levels = [colour.update(KneeReading("left", x, KneeVerdict.TRACKING)) for x in (0.0, 0.0, 0.3, 0.0)]
    >>> [level.name for level in levels]  # a one-frame spike changes nothing
    ['GOOD', 'GOOD', 'GOOD', 'GOOD']
    >>> steady = KneeColour(knee_in_offset=0.06)
    >>> _ = [steady.update(KneeReading("left", 0.0, KneeVerdict.TRACKING)) for _ in range(3)]
    >>> caving = KneeReading("left", 0.12, KneeVerdict.CAVING)
    >>> [steady.update(caving).name for _ in range(4)]  # a sustained cave is red on the third frame
    ['GOOD', 'WARN', 'BAD', 'BAD']
    """

    def __init__(
        self,
        knee_in_offset: float = 0.06,
        smoothing: float = 0.5,
        hysteresis: float = 0.15,
        forget_after: int = 5,
    ):
        self.threshold = knee_in_offset
        self.smoothing = smoothing
        self.margin = hysteresis * knee_in_offset
        self.forget_after = forget_after
        self.bounds = (AMBER_SHARE * knee_in_offset, knee_in_offset)
        self.smoothed: float | None = None
        self.level = KneeLevel.UNKNOWN
        self._recent: deque[float] = deque(maxlen=3)
        self._missing = 0

    def update(self, reading: KneeReading) -> KneeLevel:
        """Take this frame's reading and return the level to show."""
        if reading.offset is None or reading.verdict is KneeVerdict.UNKNOWN:
            self._missing += 1
            if self._missing >= self.forget_after:
                self.reset()
            return KneeLevel.UNKNOWN
        self._missing = 0
        offset = reading.offset
        if reading.verdict is KneeVerdict.CAVING:
            offset = max(offset, self.threshold + self.margin)
        self._recent.append(offset)
        ordered = sorted(self._recent)
        # Median of three; with fewer, the smaller, so that a wild second frame is not believed either.
        measure = ordered[1] if len(ordered) == 3 else ordered[0]
        if self.smoothed is None:
            self.smoothed = measure
        else:
            self.smoothed += self.smoothing * (measure - self.smoothed)
        self.level = self._level(self.smoothed)
        return self.level

    @property
    def colour(self) -> tuple[int, int, int]:
        """The colour of the level last returned."""
        return LEVEL_COLOURS[self.level]

    def reset(self) -> None:
        """Forget the history: the knee was not seen for a while (or a new person stepped in)."""
        self.smoothed = None
        self.level = KneeLevel.UNKNOWN
        self._recent.clear()
        self._missing = 0

    def _level(self, value: float) -> KneeLevel:
        current = self.level if self.level is not KneeLevel.UNKNOWN else KneeLevel.GOOD
        level = KneeLevel.GOOD
        for index, bound in enumerate(self.bounds, start=1):
            # Rising needs the bound itself; staying needs only the bound minus the margin.
            if value > bound or (current >= index and value > bound - self.margin):
                level = KneeLevel(index)
        return level


class LegOverlay:
    """Draws both legs' lanes, lines and knee markers, keeping each knee's colour smoothing.

    >>> import numpy as np, pygame
    >>> from kiosk.ui.mirror_view import MirrorView
    >>> overlay = LegOverlay()
    >>> overlay.colours["left"].level.name
    'UNKNOWN'
    """

    def __init__(self, knee_in_offset: float = 0.06):
        self.knee_in_offset = knee_in_offset
        self.colours = {side: KneeColour(knee_in_offset) for side in LEG_POINTS}

    def update(self, check: KneeCheck) -> None:
        """Take this frame's knee check (once per frame, also when nothing is drawn)."""
        self.colours["left"].update(check.left)
        self.colours["right"].update(check.right)

    def reset(self) -> None:
        """Forget both knees' history."""
        for colour in self.colours.values():
            colour.reset()

    def draw(self, surface: pygame.Surface, mapping: ScreenMapping, pose: Pose) -> None:
        """Draw the lanes, legs and markers of ``pose`` with the current colours.

        A point the model did not see is left out rather than guessed.
        """
        height = surface.get_height()
        line_width = max(3, height // 180)
        radius = max(8, height // 40)
        shown = {}
        for side, keypoints in LEG_POINTS.items():
            shown[side] = [_place(mapping, pose.point(k)) for k in keypoints]
        for hip, _, ankle in shown.values():
            if hip and ankle:
                _lane(surface, hip, ankle, self.knee_in_offset, line_width)
        for side, (hip, knee, ankle) in shown.items():
            for start, end in ((hip, knee), (knee, ankle)):
                if start and end:
                    pygame.draw.line(surface, BLACK, start, end, line_width + 4)
                    pygame.draw.line(surface, WHITE, start, end, line_width)
            for joint in (hip, ankle):
                if joint:
                    pygame.draw.circle(surface, WHITE, joint, line_width + 2)
            if not knee:
                continue
            level = self.colours[side].level
            colour = LEVEL_COLOURS[level]
            if level in (KneeLevel.WARN, KneeLevel.BAD):
                outward = _outward(side, hip, ankle, knee, shown[OTHER[side]])
                _arrow(surface, knee, outward, radius, colour)
            pygame.draw.circle(surface, BLACK, knee, radius + 3)
            pygame.draw.circle(surface, colour, knee, radius)
            pygame.draw.circle(surface, WHITE, knee, radius, max(2, radius // 6))


def draw_legs(surface: pygame.Surface, view: ScreenMapping, pose: Pose, check: KneeCheck) -> None:
    """Draw both legs with this frame's verdicts alone, unsmoothed (one-off pictures, old callers)."""
    overlay = LegOverlay()
    overlay.update(check)
    overlay.draw(surface, view, pose)


def _place(mapping: ScreenMapping, point: tuple[float, float] | None) -> tuple[int, int] | None:
    return mapping.to_screen(*point) if point is not None else None


def _lane(surface: pygame.Surface, hip, ankle, share: float, line_width: int) -> None:
    dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
    length = math.hypot(dx, dy)
    if length < 1:
        return
    half = share * length
    nx, ny = -dy / length * half, dx / length * half
    foot = (ankle[0] + dx * FOOT_SHARE, ankle[1] + dy * FOOT_SHARE)
    corners = [
        (round(hip[0] + nx), round(hip[1] + ny)),
        (round(foot[0] + nx), round(foot[1] + ny)),
        (round(foot[0] - nx), round(foot[1] - ny)),
        (round(hip[0] - nx), round(hip[1] - ny)),
    ]
    pygame.gfxdraw.filled_polygon(surface, corners, LANE_FILL)
    edge = max(2, line_width // 2)
    pygame.draw.line(surface, LANE_EDGE, corners[0], corners[1], edge)
    pygame.draw.line(surface, LANE_EDGE, corners[2], corners[3], edge)


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


def _arrow(surface: pygame.Surface, knee, direction, radius: int, colour) -> None:
    ux, uy = direction
    start = (knee[0] + ux * radius * 1.2, knee[1] + uy * radius * 1.2)
    tip = (knee[0] + ux * radius * 3.4, knee[1] + uy * radius * 3.4)
    neck = (tip[0] - ux * radius * 1.1, tip[1] - uy * radius * 1.1)
    px, py = -uy * radius * 0.9, ux * radius * 0.9
    head = [tip, (neck[0] + px, neck[1] + py), (neck[0] - px, neck[1] - py)]
    shaft = max(5, radius // 2)
    pygame.draw.line(surface, BLACK, start, neck, shaft + 6)
    pygame.draw.line(surface, colour, start, neck, shaft)
    pygame.draw.polygon(surface, colour, head)
    pygame.draw.polygon(surface, BLACK, head, 3)  # a dark edge reads on any picture
