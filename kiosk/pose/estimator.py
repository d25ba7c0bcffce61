"""Running MoveNet on one frame and mapping its keypoints back to source pixels.

Budget (per frame, on top of the model's own invoke, 9 ms on 2 x86 cores):
≤ 0.5 ms. One OpenCV warp of the frame straight into the model's 192×192
input (letterboxed, BGR→RGB in a reused buffer), no full-frame copy, no
Python loop over pixels. Measured by ``kiosk bench`` (frame-core issue).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from kiosk.pose.keypoints import Pose

INPUT_SIZE = 192


class PoseEstimator:
    """Finds one person's 17 keypoints in a BGR image with MoveNet Lightning.

    The whole image is letterboxed to the model's square input, so a person
    anywhere in a picture of any shape is seen undistorted. Keypoints come
    back in the image's own pixels with the model's anatomical sides.

    >>> from kiosk.pose import load_interpreter
    >>> from kiosk.config import ModelConfig
    >>> import cv2
    >>> estimator = PoseEstimator(load_interpreter(ModelConfig()), min_score=0.3)
    >>> pose = estimator.estimate(cv2.imread("tests/fixtures/tree_pose.jpeg"), 0.0)
    >>> pose.keypoints.shape
    (17, 3)
    """

    def __init__(self, interpreter: Any, min_score: float = 0.3):
        self._interpreter = interpreter
        self._input_index = interpreter.get_input_details()[0]["index"]
        self._output_index = interpreter.get_output_details()[0]["index"]
        self.min_score = min_score
        self._square = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
        self._input = np.zeros((1, INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
        self._letterbox_size: tuple[int, int] | None = None
        self._warp = np.zeros((2, 3), np.float64)
        self._scale = 1.0
        self._offset = np.zeros(2, np.float32)

    def estimate(self, image: np.ndarray, timestamp: float) -> Pose:
        """Return the pose of the person in ``image`` (H×W×3 uint8, BGR, not mirrored)."""
        height, width = image.shape[:2]
        if self._letterbox_size != (width, height):
            self._fit_letterbox(width, height)
        cv2.warpAffine(
            image, self._warp, (INPUT_SIZE, INPUT_SIZE), dst=self._square,
            flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0,
        )  # fmt: skip
        cv2.cvtColor(self._square, cv2.COLOR_BGR2RGB, dst=self._input[0])
        self._interpreter.set_tensor(self._input_index, self._input)
        self._interpreter.invoke()
        yx_score = self._interpreter.get_tensor(self._output_index)[0, 0]
        keypoints = np.empty((17, 3), np.float32)
        keypoints[:, 0] = (yx_score[:, 1] * INPUT_SIZE - self._offset[0]) / self._scale
        keypoints[:, 1] = (yx_score[:, 0] * INPUT_SIZE - self._offset[1]) / self._scale
        keypoints[:, 2] = yx_score[:, 2]
        return Pose(keypoints, timestamp, (width, height), self.min_score)

    def _fit_letterbox(self, width: int, height: int) -> None:
        scale = INPUT_SIZE / max(width, height)
        offset_x = (INPUT_SIZE - width * scale) / 2
        offset_y = (INPUT_SIZE - height * scale) / 2
        # OpenCV puts pixel centres at integers; the model's coordinates are
        # continuous (pixel i spans i..i+1), so shift by half a pixel each side.
        half = 0.5 * (scale - 1.0)
        self._warp[:] = ((scale, 0.0, offset_x + half), (0.0, scale, offset_y + half))
        self._scale = scale
        self._offset[:] = (offset_x, offset_y)
        self._letterbox_size = (width, height)
