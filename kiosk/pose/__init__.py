"""From an image to a :class:`Pose`: 17 keypoints in source pixels, anatomical sides.

>>> from kiosk.pose import PoseEstimator, load_interpreter
>>> from kiosk.config import ModelConfig
>>> import cv2
>>> estimator = PoseEstimator(load_interpreter(ModelConfig()))
>>> pose = estimator.estimate(cv2.imread("tests/fixtures/tree_pose.jpeg"), timestamp=0.0)
>>> pose.present
True
"""

from kiosk.pose.estimator import PoseEstimator
from kiosk.pose.keypoints import KEYPOINT_NAMES, Keypoint, Pose
from kiosk.pose.model import load_interpreter

__all__ = ["KEYPOINT_NAMES", "Keypoint", "Pose", "PoseEstimator", "load_interpreter"]
