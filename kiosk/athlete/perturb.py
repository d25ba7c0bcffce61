"""Keypoint noise and dropouts: what a weaker model, a worse picture or a raw track does to keypoints.

Two ways in, as the coach meets them:

- live: :class:`NoisyEstimator` wraps the real :class:`~kiosk.pose.PoseEstimator`
  and perturbs the model's raw output, before :class:`~kiosk.pose.PoseTracker`
  crops and smooths it (kiosk/pose is unchanged);
- raw tracks: :func:`perturbed_track` turns the athlete's exact truth into the
  poses of a ``kiosk-track/1`` file, as a track recorded by another tool would
  hold them.

Each keypoint, independently in each frame, drops to a low score (0.02–0.2,
under any sensible gate) with probability ``dropout``, and every coordinate
gets Gaussian noise of ``sigma_px``. A truth keypoint outside the picture is
never seen: its score stays 0.

>>> import numpy as np
>>> noise = KeypointNoise(sigma_px=6.0, dropout=0.04)
>>> keypoints = np.tile(np.array([[640.0, 360.0, 1.0]], np.float32), (17, 1))
>>> rng = np.random.default_rng(0)
>>> out = np.concatenate([noise.apply(keypoints, rng) for _ in range(2000)])
>>> round(float((out[:, 2] < 0.29).mean()), 2), round(float(out[:, 0].std()))
(0.04, 6)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.athlete.scene import Scene
from kiosk.pose.keypoints import DEFAULT_MIN_SCORE, Pose

DROPPED_SCORE = (0.02, 0.2)


@dataclass(frozen=True)
class KeypointNoise:
    """Gaussian jitter of ``sigma_px`` on x and y, and a share ``dropout`` of keypoints scored low."""

    sigma_px: float = 6.0
    dropout: float = 0.04

    def apply(self, keypoints: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A perturbed copy of (17, 3) ``[x, y, score]`` keypoints."""
        out = keypoints.astype(np.float32, copy=True)
        out[:, :2] += rng.normal(0.0, self.sigma_px, size=(len(out), 2)).astype(np.float32)
        dropped = rng.random(len(out)) < self.dropout
        out[dropped, 2] = rng.uniform(*DROPPED_SCORE, size=int(dropped.sum())).astype(np.float32)
        return out


class NoisyEstimator:
    """A pose estimator whose every output is perturbed: give it to ``PoseTracker`` in place of the real one.

    It runs the real model and then adds the noise and dropouts to the raw
    keypoints, so the tracker's cropping and smoothing see them as they
    would see a worse model's output.
    """

    def __init__(self, estimator: Any, noise: KeypointNoise, seed: int = 0):
        self.estimator = estimator
        self.noise = noise
        self._rng = np.random.default_rng(seed)

    def estimate(self, image: np.ndarray, timestamp: float, region=None, mirrored: bool = False) -> Pose:
        """The real estimate, perturbed."""
        pose = self.estimator.estimate(image, timestamp, region, mirrored)
        keypoints = self.noise.apply(pose.keypoints, self._rng)
        return Pose(keypoints, pose.timestamp, pose.image_size, pose.min_score)

    def __getattr__(self, name: str):
        # min_score, last_invoke_seconds, ...: the real estimator's own.
        return getattr(self.estimator, name)


def perturbed_track(
    scene: Scene,
    fps: float,
    noise: KeypointNoise | None,
    seed: int = 0,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Iterator[tuple[float, Pose]]:
    """(t, pose) for every frame of the scene, from its exact truth with ``noise`` applied (if any)."""
    rng = np.random.default_rng(seed)
    size = scene.camera.size
    for index in range(round(scene.motion.duration * fps)):
        t = index / fps
        keypoints = scene.truth(t).keypoints
        if noise is not None:
            outside = keypoints[:, 2] == 0
            keypoints = noise.apply(keypoints, rng)
            keypoints[outside, 2] = 0.0
        yield t, Pose(keypoints, t, size, min_score)
