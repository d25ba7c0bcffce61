"""The knee-tracking overlay: each leg's thigh and shin, and a knee marker coloured by verdict.

Budget (per frame): ≤ 0.3 ms. A dozen pygame draw calls; nothing allocated
beyond the points themselves.
"""

from __future__ import annotations

import pygame

from kiosk.coach.knee import KneeCheck
from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.mirror_view import MirrorView
from kiosk.ui.palette import BLACK, KNEE_COLOURS, WHITE

LEG_POINTS = {
    "left": (Keypoint.LEFT_HIP, Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
    "right": (Keypoint.RIGHT_HIP, Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
}


def draw_legs(surface: pygame.Surface, view: MirrorView, pose: Pose, check: KneeCheck) -> None:
    """Draw both legs on the mirrored picture, each knee in its verdict's colour.

    Only what helps is drawn: hip–knee–ankle lines and the knees. A point the
    model did not see is left out rather than guessed.
    """
    height = surface.get_height()
    line_width = max(3, height // 150)
    knee_radius = max(8, height // 40)
    for side, (hip_kp, knee_kp, ankle_kp) in LEG_POINTS.items():
        hip, knee, ankle = (pose.point(k) for k in (hip_kp, knee_kp, ankle_kp))
        hip, knee, ankle = (view.to_screen(*p) if p else None for p in (hip, knee, ankle))
        for start, end in ((hip, knee), (knee, ankle)):
            if start and end:
                pygame.draw.line(surface, BLACK, start, end, line_width + 4)
                pygame.draw.line(surface, WHITE, start, end, line_width)
        for joint in (hip, ankle):
            if joint:
                pygame.draw.circle(surface, WHITE, joint, line_width + 2)
        if knee:
            colour = KNEE_COLOURS[getattr(check, side).verdict]
            pygame.draw.circle(surface, BLACK, knee, knee_radius + 3)
            pygame.draw.circle(surface, colour, knee, knee_radius)
            pygame.draw.circle(surface, WHITE, knee, knee_radius, max(2, knee_radius // 6))
