"""MoveNet's cropping algorithm: where to look for the person in the next frame.

A person 2–3 m from the mirror fills a fraction of the frame; letterboxing the
whole frame into the model's 192×192 input leaves them a few dozen pixels
tall. Following the person with a square crop keeps them large. This is the
algorithm of the MoveNet model card and tutorial: the crop is centred on the
hips and reaches 1.9× the torso's extent and 1.2× the spread of the confident
keypoints; when the torso is lost, or the crop would be larger than the
frame, it falls back to the whole frame.

Budget: a few microseconds per frame, on 17 keypoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.pose.keypoints import Keypoint, Pose

# The tutorial's threshold for keypoints that steer the crop (lower than the
# coach's gate: a rough position is enough to place the crop).
MIN_CROP_KEYPOINT_SCORE = 0.2
TORSO = (Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER, Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP)


@dataclass(frozen=True)
class CropRegion:
    """A square of the source frame, in its pixels: top-left corner and side.

    It may reach past the frame's edges; the model then sees black there.

    >>> CropRegion.whole_frame(1280, 720)
    CropRegion(x=0.0, y=-280.0, size=1280.0)
    """

    x: float
    y: float
    size: float

    @classmethod
    def whole_frame(cls, width: int, height: int) -> CropRegion:
        """The whole frame, letterboxed to a square."""
        size = float(max(width, height))
        return cls((width - size) / 2, (height - size) / 2, size)


def next_crop_region(pose: Pose) -> CropRegion | None:
    """The crop for the next frame from this frame's pose, or ``None`` for the whole frame.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[:, :2] = (640, 360)
    >>> kp[[5, 6, 11, 12], :2] = [(680, 250), (600, 250), (670, 400), (610, 400)]
    >>> kp[[15, 16], :2] = [(670, 650), (610, 650)]
    >>> next_crop_region(Pose(kp, 0.0, (1280, 720)))
    CropRegion(x=340.0, y=100.0, size=600.0)
    """
    width, height = pose.image_size
    scores = pose.keypoints[:, 2]
    hips_seen = (
        scores[Keypoint.LEFT_HIP] > MIN_CROP_KEYPOINT_SCORE
        or scores[Keypoint.RIGHT_HIP] > MIN_CROP_KEYPOINT_SCORE
    )
    shoulders_seen = (
        scores[Keypoint.LEFT_SHOULDER] > MIN_CROP_KEYPOINT_SCORE
        or scores[Keypoint.RIGHT_SHOULDER] > MIN_CROP_KEYPOINT_SCORE
    )
    if not (hips_seen and shoulders_seen):
        return None
    xy = pose.keypoints[:, :2]
    center = (xy[Keypoint.LEFT_HIP] + xy[Keypoint.RIGHT_HIP]) / 2
    torso_range = np.abs(xy[list(TORSO)] - center).max(axis=0)
    confident = xy[scores > MIN_CROP_KEYPOINT_SCORE]
    body_range = np.abs(confident - center).max(axis=0)
    half = max(torso_range.max() * 1.9, body_range.max() * 1.2)
    half = min(half, max(center[0], width - center[0], center[1], height - center[1]))
    if half > max(width, height) / 2:
        return None
    return CropRegion(float(center[0] - half), float(center[1] - half), float(2 * half))
