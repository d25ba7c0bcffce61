"""From an image to a :class:`Pose`: 17 keypoints in source pixels, anatomical sides.

>>> from kiosk.pose import PoseEstimator, load_interpreter
>>> from kiosk.config import ModelConfig
>>> import cv2
>>> estimator = PoseEstimator(load_interpreter(ModelConfig()))
>>> pose = estimator.estimate(cv2.imread("tests/fixtures/tree_pose.jpeg"), timestamp=0.0)
>>> pose.present
True
"""

from kiosk.pose.crop import CropRegion
from kiosk.pose.estimator import PoseEstimator
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import KEYPOINT_NAMES, Keypoint, Pose
from kiosk.pose.model import load_interpreter
from kiosk.pose.tracker import PoseTracker, estimate_still

__all__ = [
    "KEYPOINT_NAMES",
    "CropRegion",
    "Facing",
    "Keypoint",
    "Pose",
    "PoseEstimator",
    "PoseTracker",
    "estimate_still",
    "load_interpreter",
]
