"""Running MoveNet on one square region of a frame and mapping its keypoints back.

Budget (per frame, on top of the model's own invoke): ≤ 0.5 ms. One OpenCV
warp of the region straight into the model's 192×192 input (crop, scale and
letterbox in one pass), BGR→RGB in a reused buffer, keypoints mapped back
with 17 multiply-adds. No full-frame copy, no Python loop over pixels.
Measured by ``python -m kiosk.commands.bench_pose``.
"""

from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np

from kiosk.pose.crop import CropRegion
from kiosk.pose.keypoints import DEFAULT_MIN_SCORE, Pose

INPUT_SIZE = 192
# In a mirrored picture the model calls the left side right: the index each label swaps with.
MIRRORED_LABELS = [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]


class PoseEstimator:
    """Finds one person's 17 keypoints in a BGR image with MoveNet Lightning.

    By default the whole image is letterboxed into the model's square input;
    given a :class:`~kiosk.pose.crop.CropRegion`, only that square is looked
    at. Either way the keypoints come back in the image's own pixels with the
    model's anatomical sides. For video, :class:`~kiosk.pose.tracker.PoseTracker`
    chooses the region and smooths.

    >>> from kiosk.pose import load_interpreter
    >>> from kiosk.config import ModelConfig
    >>> import cv2
    >>> estimator = PoseEstimator(load_interpreter(ModelConfig()), min_score=0.29)
    >>> pose = estimator.estimate(cv2.imread("tests/fixtures/tree_pose.jpeg"), 0.0)
    >>> pose.keypoints.shape
    (17, 3)
    """

    def __init__(self, interpreter: Any, min_score: float = DEFAULT_MIN_SCORE):
        self._interpreter = interpreter
        self._input_index = interpreter.get_input_details()[0]["index"]
        self._output_index = interpreter.get_output_details()[0]["index"]
        self.min_score = min_score
        self.last_invoke_seconds = 0.0
        self._square = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
        self._input = np.zeros((1, INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
        self._warp = np.zeros((2, 3), np.float64)

    def estimate(
        self, image: np.ndarray, timestamp: float, region: CropRegion | None = None, mirrored: bool = False
    ) -> Pose:
        """The pose of the person in ``image`` (H×W×3 uint8, BGR).

        ``mirrored=True`` says the image was flipped left to right before it got
        here (a camera's hflip): the model's labels are then swapped back and x
        mapped back, so the pose is still in un-mirrored camera coordinates
        with anatomical sides. ``region`` is always in un-mirrored coordinates.
        """
        height, width = image.shape[:2]
        if region is None:
            region = CropRegion.whole_frame(width, height)
        elif mirrored:
            region = CropRegion(width - region.x - region.size, region.y, region.size)
        scale = INPUT_SIZE / region.size
        # OpenCV puts pixel centres at integers; the model's coordinates are
        # continuous (pixel i spans i..i+1), hence the half-pixel terms.
        half = 0.5 * (scale - 1.0)
        self._warp[0, 0] = self._warp[1, 1] = scale
        self._warp[0, 2] = half - region.x * scale
        self._warp[1, 2] = half - region.y * scale
        cv2.warpAffine(
            image, self._warp, (INPUT_SIZE, INPUT_SIZE), dst=self._square,
            flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0,
        )  # fmt: skip
        cv2.cvtColor(self._square, cv2.COLOR_BGR2RGB, dst=self._input[0])
        self._interpreter.set_tensor(self._input_index, self._input)
        started = time.perf_counter()
        self._interpreter.invoke()
        self.last_invoke_seconds = time.perf_counter() - started
        yx_score = self._interpreter.get_tensor(self._output_index)[0, 0]
        if not np.all(np.isfinite(yx_score)):
            raise ValueError("the pose model returned NaN or inf")
        keypoints = np.empty((17, 3), np.float32)
        keypoints[:, 0] = region.x + yx_score[:, 1] * region.size
        keypoints[:, 1] = region.y + yx_score[:, 0] * region.size
        keypoints[:, 2] = yx_score[:, 2]
        if mirrored:
            keypoints[:, 0] = width - keypoints[:, 0]
            keypoints = keypoints[MIRRORED_LABELS]
        return Pose(keypoints, timestamp, (width, height), self.min_score)
