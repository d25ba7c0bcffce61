"""The 17 COCO keypoints MoveNet reports, by name and index: the vocabulary every layer shares.

>>> Keypoint.LEFT_KNEE, KEYPOINT_NAMES[Keypoint.LEFT_KNEE]
(<Keypoint.LEFT_KNEE: 13>, 'left_knee')
"""

from __future__ import annotations

import enum

KEYPOINT_NAMES = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip


class Keypoint(enum.IntEnum):
    """Index of each keypoint in COCO order; sides are the person's own."""

    NOSE = 0
    LEFT_EYE = 1
    RIGHT_EYE = 2
    LEFT_EAR = 3
    RIGHT_EAR = 4
    LEFT_SHOULDER = 5
    RIGHT_SHOULDER = 6
    LEFT_ELBOW = 7
    RIGHT_ELBOW = 8
    LEFT_WRIST = 9
    RIGHT_WRIST = 10
    LEFT_HIP = 11
    RIGHT_HIP = 12
    LEFT_KNEE = 13
    RIGHT_KNEE = 14
    LEFT_ANKLE = 15
    RIGHT_ANKLE = 16
