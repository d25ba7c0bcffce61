"""The person's standing baseline: taken from the first still, upright second, retaken for a new person.

Faults are judged against the person's own standing posture as well as in
absolute terms: some people stand with their knees slightly in or a hip
higher, and that is not a fault of the squat.

Budget: ≈ 50 µs per frame; a one-second window of a few numbers per frame.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from kiosk.coach.metrics import FrameMetrics
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import Keypoint, Pose

STILL_SECONDS = 1.0
# Leg points whose standard deviation over the window stays under this share of leg
# length count as still (keypoint jitter after smoothing is ≈ 0.4%).
STILL_SHARE = 0.015
STILL_KEYPOINTS = [Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE, Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP]
UPRIGHT_DEPTH = 0.2
ABSENT_SECONDS = 1.5
# A hip midpoint that jumps this many leg lengths in one frame is another person.
JUMP_LEG_LENGTHS = 0.6
# A still, standing leg length this far from the baseline's is another person (or moved far).
SIZE_CHANGE = 0.3


@dataclass(frozen=True)
class Baseline:
    """How the person stands: leg and torso length in pixels, and the measures at rest."""

    leg_length: float
    torso_length: float
    knee_offset: dict[str, float]
    fppa: dict[str, float]
    pelvic_tilt: float
    trunk_lean: float


class BaselineTracker:
    """Watches poses and holds the current person's baseline (``None`` until taken).

    >>> tracker = BaselineTracker()
    >>> tracker.baseline is None
    True
    """

    def __init__(self) -> None:
        self.baseline: Baseline | None = None
        self._window: deque[_Moment] = deque()
        self._last_seen: float | None = None
        self._last_hips: tuple[float, float] | None = None
        self.new_person = False

    def update(self, pose: Pose | None, metrics: FrameMetrics, t: float) -> Baseline | None:
        """Feed one frame; returns the baseline in force after it.

        ``new_person`` is set for the frame where a new person was detected.
        """
        self.new_person = False
        if pose is None or not pose.present:
            if self._last_seen is not None and t - self._last_seen > ABSENT_SECONDS:
                self._forget()
            self._window.clear()
            return self.baseline
        hips = _hip_mid(pose)
        if self._is_someone_else(pose, metrics, hips):
            self._forget()
            self.new_person = True
        self._last_seen, self._last_hips = t, hips
        if not _standing_upright(pose, metrics):
            self._window.clear()
            return self.baseline
        still = pose.keypoints[STILL_KEYPOINTS, :2]
        self._window.append(_Moment(t, pose, metrics, _leg_length(pose), _torso_length(pose), still))
        while self._window and t - self._window[0][0] > STILL_SECONDS:
            self._window.popleft()
        if t - self._window[0][0] >= STILL_SECONDS * 0.95 and self._still():
            standing = _take(list(self._window))
            if self.baseline is None:
                self.baseline = standing
            elif abs(standing.leg_length / self.baseline.leg_length - 1) > SIZE_CHANGE:
                # Standing still, but a different size: someone else stepped in (or moved far).
                self.baseline, self.new_person = standing, True
        return self.baseline

    def _is_someone_else(self, pose: Pose, metrics: FrameMetrics, hips: tuple[float, float] | None) -> bool:
        if self.baseline is None or hips is None or self._last_hips is None:
            return False
        return math.dist(hips, self._last_hips) > JUMP_LEG_LENGTHS * self.baseline.leg_length

    def _still(self) -> bool:
        """Whether knees and hips stayed put over the window: each one's spread in x and in y is small."""
        leg = statistics.median(moment.leg for moment in self._window if moment.leg is not None)
        points = np.stack([moment.still for moment in self._window])
        return float(points.std(axis=0).max()) <= STILL_SHARE * leg

    def _forget(self) -> None:
        self.baseline = None
        self._window.clear()
        self._last_hips = None


class _Moment(NamedTuple):
    """One frame in the stillness window, with what the window needs of it worked out once."""

    t: float
    pose: Pose
    metrics: FrameMetrics
    leg: float | None
    torso: float | None
    still: np.ndarray  # the knees' and hips' (x, y)


def _take(window: list[_Moment]) -> Baseline:
    def median(values: Iterable[float | None]) -> float:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else 0.0

    metrics = [moment.metrics for moment in window]
    return Baseline(
        leg_length=median(moment.leg for moment in window),
        torso_length=median(moment.torso for moment in window),
        knee_offset={side: median(m.leg(side).knee_offset for m in metrics) for side in ("left", "right")},
        fppa={side: median(m.leg(side).fppa for m in metrics) for side in ("left", "right")},
        pelvic_tilt=median(m.pelvic_tilt for m in metrics),
        trunk_lean=median(m.trunk_lean for m in metrics),
    )


def _standing_upright(pose: Pose, metrics: FrameMetrics) -> bool:
    if not pose.legs_in_view or pose.facing not in (Facing.FRONT, Facing.BACK):
        return False
    depth = metrics.depth
    return depth is not None and depth < UPRIGHT_DEPTH and _upright(pose)


def _upright(pose: Pose) -> bool:
    torso = _torso_length(pose)
    leg = _leg_length(pose)
    return torso is not None and leg is not None and torso > 0.4 * leg


def _hip_mid(pose: Pose) -> tuple[float, float] | None:
    left, right = pose.point(Keypoint.LEFT_HIP), pose.point(Keypoint.RIGHT_HIP)
    if left is None or right is None:
        return None
    return (left[0] + right[0]) / 2, (left[1] + right[1]) / 2


def _leg_length(pose: Pose) -> float | None:
    lengths = []
    for hip, ankle in ((Keypoint.LEFT_HIP, Keypoint.LEFT_ANKLE), (Keypoint.RIGHT_HIP, Keypoint.RIGHT_ANKLE)):
        a, b = pose.point(hip), pose.point(ankle)
        if a is not None and b is not None:
            lengths.append(math.dist(a, b))
    return sum(lengths) / len(lengths) if lengths else None


def _torso_length(pose: Pose) -> float | None:
    """Vertical extent of the trunk: it shrinks when the person bends forward."""
    hips = _hip_mid(pose)
    left, right = pose.point(Keypoint.LEFT_SHOULDER), pose.point(Keypoint.RIGHT_SHOULDER)
    if hips is None or left is None or right is None:
        return None
    return hips[1] - (left[1] + right[1]) / 2
