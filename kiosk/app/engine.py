"""The pose engine the configuration asks for: the model loaded and checked, cropping and smoothing set.

>>> from kiosk.config import Config
>>> build_tracker(Config()).crop
True
"""

from __future__ import annotations

from kiosk.config import Config
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter


def build_tracker(config: Config) -> PoseTracker:
    """The pose engine the configuration asks for, with the model loaded and checked."""
    pose = config.pose
    estimator = PoseEstimator(load_interpreter(config.model), pose.min_score)
    return PoseTracker(estimator, pose.crop, pose.smoothing, pose.min_cutoff, pose.beta)
