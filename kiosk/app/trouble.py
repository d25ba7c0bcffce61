"""Conditions that stop the coaching, noticed from the frames and poses: too dark, too close, too far.

What counts as each is the site's (``[presence]`` in the configuration).

Budget: ≤ 0.02 ms a pose (a few keypoint distances); the brightness is
measured on the inference thread from 144 sampled pixels.
"""

from __future__ import annotations

import math

from kiosk.config import PresenceConfig
from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.views import TroubleKind, TroubleView

# A condition must last this long to show, and be gone this long to clear: no flicker.
SETTLE_SECONDS = 1.0


class TroubleWatch:
    """Decides, frame by frame, whether a trouble screen should replace the exercise.

    >>> watch = TroubleWatch()
    >>> watch.update(None, brightness=5.0, now=0.0), watch.update(None, brightness=5.0, now=1.5)
    (None, TroubleView(kind=<TroubleKind.DARK: 'dark'>, detail=None))
    """

    def __init__(self, presence: PresenceConfig | None = None):
        self.presence = presence or PresenceConfig()  # dark_level, too_far_torso, too_close_torso
        self.shown: TroubleKind | None = None
        self._candidate: tuple[TroubleKind | None, float] | None = None

    def update(self, pose: Pose | None, brightness: float | None, now: float) -> TroubleView | None:
        """The trouble to show now, if any (``pose`` ``None``: nobody found in this frame)."""
        kind = _condition(pose, brightness, self.presence)
        if self._candidate is None or self._candidate[0] is not kind:
            self._candidate = (kind, now)
        if now - self._candidate[1] >= SETTLE_SECONDS:
            self.shown = kind
        return TroubleView(self.shown) if self.shown is not None else None

    def reset(self) -> None:
        """Forget what was seen (a new session)."""
        self.shown = None
        self._candidate = None


def _condition(pose: Pose | None, brightness: float | None, presence: PresenceConfig) -> TroubleKind | None:
    if brightness is not None and brightness < presence.dark_level and (pose is None or not pose.present):
        return TroubleKind.DARK
    if pose is None or not pose.present:
        return None
    torso = torso_share(pose)
    if torso is None:
        return None
    if torso < presence.too_far_torso:
        return TroubleKind.TOO_FAR
    if torso > presence.too_close_torso and not pose.legs_in_view:
        return TroubleKind.TOO_CLOSE
    return None


def torso_share(pose: Pose) -> float | None:
    """The torso's length as a share of the frame's height, or ``None`` without shoulders and hips."""
    shoulders = [
        p for k in (Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER) if (p := pose.point(k)) is not None
    ]
    hips = [p for k in (Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP) if (p := pose.point(k)) is not None]
    if not shoulders or not hips:
        return None
    sx = sum(p[0] for p in shoulders) / len(shoulders)
    sy = sum(p[1] for p in shoulders) / len(shoulders)
    hx = sum(p[0] for p in hips) / len(hips)
    hy = sum(p[1] for p in hips) / len(hips)
    return math.hypot(sx - hx, sy - hy) / pose.image_size[1]
