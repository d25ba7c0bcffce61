"""Following one person through video: crop around them, smooth, gate.

Budget (per frame, on top of the model's invoke): ≤ 1.5 ms at 1920×1080 for
crop, warp, map back, smoothing and gating. Measured by
``python -m kiosk.commands.bench_pose``.
"""

from __future__ import annotations

import numpy as np

from kiosk.pose.crop import CropRegion, next_crop_region
from kiosk.pose.estimator import PoseEstimator
from kiosk.pose.keypoints import Pose
from kiosk.pose.smoothing import PoseSmoother

# Tuned on the still test photo with sensor noise and on a 0.7–1.0 s squat
# (tests/pose/test_smoothing.py): knee jitter 3.8 → 1.1 px at 720p, the
# bottom of the squat reached at most one frame late.
D_CUTOFF = 0.3


class PoseTracker:
    """The pose engine for a stream of frames from one camera.

    Each frame is looked at in the crop chosen from the previous frame's pose
    (MoveNet's cropping algorithm), or the whole frame when the person was
    lost. Keypoints are smoothed with a One Euro filter on the frames'
    timestamps; a keypoint under the score gate for up to 0.3 s keeps its last
    position, and after that is reported as missing and its smoothing
    history dropped. With ``mirrored=True`` the frames arrive
    flipped (a camera's hflip) and the poses still come out un-mirrored, with
    anatomical sides.

    >>> from kiosk.pose import PoseEstimator, load_interpreter
    >>> from kiosk.config import ModelConfig
    >>> import cv2
    >>> tracker = PoseTracker(PoseEstimator(load_interpreter(ModelConfig())))
    >>> image = cv2.imread("tests/fixtures/tree_pose.jpeg")
    >>> [tracker.track(image, t / 30).present for t in range(3)]
    [True, True, True]
    """

    def __init__(
        self,
        estimator: PoseEstimator,
        crop: bool = True,
        smoothing: bool = True,
        min_cutoff: float = 0.3,
        beta: float = 20.0,
        mirrored: bool = False,
    ):
        self.estimator = estimator
        self.crop = crop
        self.mirrored = mirrored
        self.region: CropRegion | None = None
        self._frame_size: tuple[int, int] | None = None
        self._smoother = PoseSmoother(estimator.min_score, min_cutoff, beta, D_CUTOFF) if smoothing else None

    def track(self, image: np.ndarray, timestamp: float) -> Pose:
        """The smoothed pose in this frame; the crop for the next one is chosen here."""
        size = (image.shape[1], image.shape[0])
        if size != self._frame_size:
            self.reset()
            self._frame_size = size
            if self._smoother is not None:
                self._smoother.filter.scale = float(size[1])
        pose = self.estimator.estimate(image, timestamp, self.region, self.mirrored)
        self.region = next_crop_region(pose) if self.crop else None
        if self._smoother is None:
            return pose
        self._smoother.bridge.min_score = self.estimator.min_score
        return self._smoother(pose)

    def reset(self) -> None:
        """Forget the person: the next frame is looked at whole, with no smoothing history."""
        self.region = None
        if self._smoother is not None:
            self._smoother.reset()


def estimate_still(estimator: PoseEstimator, image: np.ndarray) -> Pose:
    """The pose in a single picture: the whole picture, then a second look cropped to the person.

    The second look is kept only if it still finds the person.
    """
    whole = estimator.estimate(image, 0.0)
    region = next_crop_region(whole)
    if region is None:
        return whole
    cropped = estimator.estimate(image, 0.0, region)
    return cropped if cropped.present else whole
