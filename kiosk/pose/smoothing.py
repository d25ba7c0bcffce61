"""The One Euro filter: smoothing that is strong when a point is still and quick when it moves.

Casiez, Roussel and Vogel, "1€ Filter", CHI 2012. Each point is low-passed
with a cutoff that rises with its (smoothed) speed: at rest the cutoff is
``min_cutoff`` Hz and jitter is filtered away; moving, the cutoff rises by
``beta`` Hz per frame-height per second, so a fast squat is not delayed.
Speeds are measured in frame heights per second, so the same settings work
at any camera resolution.

Short gaps in a keypoint's detection are bridged first (:class:`KeypointBridge`);
:class:`PoseSmoother` does both, for live frames and raw tracks alike.

Budget: ≈ 40 µs per frame for 17 points; small arrays only.
"""

from __future__ import annotations

import math

import numpy as np

from kiosk.pose.keypoints import Pose


class OneEuroFilter:
    """Smooths N moving 2-D points, sampled at irregular timestamps.

    A point reported as not valid is left as it is and its history dropped,
    so it comes back without dragging a stale position along.

    >>> import numpy as np
    >>> smooth = OneEuroFilter(min_cutoff=1.0, beta=0.0, scale=720)
    >>> valid = np.ones(1, bool)
    >>> smooth(np.array([[100.0, 100.0]]), valid, 0.0).tolist()
    [[100.0, 100.0]]
    >>> smooth(np.array([[110.0, 100.0]]), valid, 1 / 30).round(1).tolist()
    [[101.7, 100.0]]
    """

    def __init__(
        self, min_cutoff: float = 0.3, beta: float = 20.0, d_cutoff: float = 0.3, scale: float = 1.0
    ):
        self.min_cutoff = min_cutoff
        self.beta = beta
        self.d_cutoff = d_cutoff
        self.scale = scale
        self._time: float | None = None
        # Meaningful only while _time is set; empty until the first frame.
        self._value = np.empty((0, 2))
        self._speed = np.empty((0, 2))
        self._ready = np.empty(0, bool)

    def reset(self) -> None:
        """Forget every point's history."""
        self._time = None

    def __call__(self, points: np.ndarray, valid: np.ndarray, timestamp: float) -> np.ndarray:
        """Return the smoothed (N, 2) points for this timestamp; ``points`` is not changed."""
        out = points.astype(np.float64)
        if self._time is None or self._value.shape != out.shape or timestamp <= self._time:
            self._value = out.copy()
            self._speed = np.zeros_like(out)
            self._ready = valid.copy()
            self._time = timestamp
            return out
        dt = timestamp - self._time
        self._time = timestamp
        raw_speed = (out - self._value) / dt
        speed = self._speed + _alpha(self.d_cutoff, dt) * (raw_speed - self._speed)
        cutoff = self.min_cutoff + self.beta * np.hypot(speed[:, 0], speed[:, 1]) / self.scale
        tau = 1.0 / (2 * math.pi * cutoff)
        alpha = (1.0 / (1.0 + tau / dt))[:, None]
        smoothed = self._value + alpha * (out - self._value)
        follow = valid & self._ready
        out[follow] = smoothed[follow]
        self._speed[follow] = speed[follow]
        fresh = valid & ~self._ready
        self._speed[fresh] = 0.0
        self._value[valid] = out[valid]
        self._ready = valid.copy()
        return out


def _alpha(cutoff: float, dt: float) -> float:
    tau = 1.0 / (2 * math.pi * cutoff)
    return 1.0 / (1.0 + tau / dt)


# Keypoints lost for up to this long keep their last position: MoveNet drops a point for a
# frame or two (a hand across the knee, motion blur) far more often than a person moves far.
BRIDGE_SECONDS = 0.3


class KeypointBridge:
    """Holds each keypoint's last seen position across a short gap in its detection.

    A keypoint under the score gate within ``max_gap`` seconds of its last
    sighting is reported at that position with a score just at the gate, so
    it counts as seen; after a longer gap it stays missing. One missing
    shoulder for two frames then neither turns a person side-on nor restarts
    the coach's set-up.

    >>> import numpy as np
    >>> bridge = KeypointBridge(min_score=0.3, max_gap=0.3)
    >>> seen = np.array([[10.0, 20.0, 0.9]]); lost = np.array([[0.0, 0.0, 0.1]])
    >>> bridge(seen, 0.0).tolist(), bridge(lost, 0.1).tolist(), bridge(lost, 0.5).tolist()
    ([[10.0, 20.0, 0.9]], [[10.0, 20.0, 0.3]], [[0.0, 0.0, 0.1]])
    """

    def __init__(self, min_score: float, max_gap: float = BRIDGE_SECONDS):
        self.min_score = min_score
        self.max_gap = max_gap
        self._last: np.ndarray | None = None
        self._seen_at = np.empty(0)

    def reset(self) -> None:
        """Forget every keypoint."""
        self._last = None

    def __call__(self, keypoints: np.ndarray, timestamp: float) -> np.ndarray:
        """(N, 3) ``[x, y, score]`` with short gaps filled; ``keypoints`` is not changed."""
        seen = keypoints[:, 2] >= self.min_score
        last = self._last
        if last is None or last.shape != keypoints.shape:
            self._last = keypoints.copy()
            self._seen_at = np.where(seen, timestamp, -np.inf)
            return keypoints
        age = timestamp - self._seen_at
        fill = ~seen & (age <= self.max_gap) & (age >= 0)
        out = keypoints.copy()
        out[fill, :2] = last[fill, :2]
        out[fill, 2] = self.min_score
        last[seen] = keypoints[seen]
        self._seen_at[seen] = timestamp
        return out


class PoseSmoother:
    """The pose engine's smoothing, for live frames and for raw keypoint tracks alike.

    Short gaps in a keypoint are bridged (:class:`KeypointBridge`), then every
    seen keypoint is smoothed by a One Euro filter on the poses' timestamps.
    ``scale`` is the picture's height in pixels, so the settings mean the same
    at any resolution.

    >>> import numpy as np
    >>> from kiosk.pose.keypoints import Pose
    >>> smoother = PoseSmoother(min_score=0.29, scale=720)
    >>> kp = np.full((17, 3), 0.9, np.float32); kp[:, :2] = 100.0
    >>> smoother(Pose(kp, 0.0, (1280, 720))).present
    True
    """

    def __init__(
        self,
        min_score: float,
        min_cutoff: float = 0.3,
        beta: float = 20.0,
        d_cutoff: float = 0.3,
        scale: float = 1.0,
        max_gap: float = BRIDGE_SECONDS,
    ):
        self.bridge = KeypointBridge(min_score, max_gap)
        self.filter = OneEuroFilter(min_cutoff, beta, d_cutoff, scale)

    def reset(self) -> None:
        """Forget the person."""
        self.bridge.reset()
        self.filter.reset()

    def __call__(self, pose: Pose) -> Pose:
        """The smoothed pose; a person lost for longer than a short gap resets the history."""
        keypoints = self.bridge(pose.keypoints, pose.timestamp)
        bridged = Pose(keypoints, pose.timestamp, pose.image_size, pose.min_score)
        if not bridged.present:
            self.filter.reset()
            return bridged
        valid = keypoints[:, 2] >= pose.min_score
        smoothed = keypoints.copy()
        smoothed[:, :2] = self.filter(keypoints[:, :2], valid, pose.timestamp)
        return Pose(smoothed, pose.timestamp, pose.image_size, pose.min_score)
