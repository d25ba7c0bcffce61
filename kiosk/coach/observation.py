"""What the coach measured in one frame: what every tracker is fed.

>>> from kiosk.coach.metrics import FrameMetrics
>>> from kiosk.coach.view import View
>>> from kiosk.pose.facing import Facing
>>> Observation(0.0, None, FrameMetrics.empty(), None, {}, {}, None, None, View(Facing.UNKNOWN, None)).t
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.coach.baseline import Baseline
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.standing import Standing
from kiosk.coach.view import View
from kiosk.pose.keypoints import Pose


@dataclass(frozen=True)
class Observation:
    """One frame's pose (``None``: nobody) and the coach's measures of it.

    ``depths`` per leg (:mod:`kiosk.coach.depth`), ``knees`` the measured
    medial knee offsets and ``shift`` the hips' sideways shift
    (:mod:`kiosk.coach.knee`), ``standing`` how the person stands, ``view``
    the voted view.
    """

    t: float
    pose: Pose | None
    metrics: FrameMetrics
    baseline: Baseline | None
    depths: dict[str, float]
    knees: dict[str, float | None]
    shift: float | None
    standing: Standing | None
    view: View
