"""The :class:`Pose` that carries one person's 17 COCO keypoints between layers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.pose.coco import KEYPOINT_NAMES, Keypoint
from kiosk.pose.facing import Facing, estimate_facing

__all__ = [
    "DEFAULT_MIN_SCORE", "KEYPOINT_NAMES", "LEG_KEYPOINTS", "MIN_KEYPOINTS_PRESENT", "Keypoint", "Pose",
]  # fmt: skip

# MoveNet int8 reports scores on fixed levels (… 0.246, 0.299, 0.365 …): the gate
# sits just under 0.299 so that the model's own "0.3" counts as seen.
DEFAULT_MIN_SCORE = 0.29

# A person is there when at least this many keypoints clear the score gate:
# the six leg points alone are enough, empty scenes reach at most one or two.
MIN_KEYPOINTS_PRESENT = 5


LEG_KEYPOINTS = (
    Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP, Keypoint.LEFT_KNEE,
    Keypoint.RIGHT_KNEE, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE,
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Pose:
    """One person's keypoints in one frame.

    ``keypoints`` is a (17, 3) float array of ``[x, y, score]`` in the source
    image's pixels (x right, y down, as the camera saw it, not mirrored), in
    COCO order with the person's anatomical sides: index 13 is always the
    person's left knee. A keypoint scored below ``min_score`` counts as not
    seen: :meth:`point` returns ``None`` for it rather than a guess.

    >>> import numpy as np
    >>> kp = np.zeros((17, 3), np.float32)
    >>> kp[Keypoint.LEFT_KNEE] = (410.0, 620.0, 0.8)
    >>> pose = Pose(kp, timestamp=0.0, image_size=(1280, 720))
    >>> pose.point(Keypoint.LEFT_KNEE), pose.point(Keypoint.RIGHT_KNEE)
    ((410.0, 620.0), None)
    """

    keypoints: np.ndarray
    timestamp: float
    image_size: tuple[int, int]
    min_score: float = DEFAULT_MIN_SCORE

    def seen(self, keypoint: Keypoint) -> bool:
        """Whether the keypoint's score clears the gate."""
        return bool(self.keypoints[keypoint, 2] >= self.min_score)

    def point(self, keypoint: Keypoint) -> tuple[float, float] | None:
        """The keypoint's (x, y) in source pixels, or ``None`` if it was not seen."""
        if not self.seen(keypoint):
            return None
        x, y, _ = self.keypoints[keypoint]
        return float(x), float(y)

    def points(self, *keypoints: Keypoint) -> list[tuple[float, float]] | None:
        """The (x, y) of each keypoint asked for, in that order, or ``None`` unless all were seen.

        >>> kp = np.zeros((17, 3), np.float32)
        >>> kp[Keypoint.LEFT_KNEE] = (410.0, 620.0, 0.8)
        >>> pose = Pose(kp, timestamp=0.0, image_size=(1280, 720))
        >>> pose.points(Keypoint.LEFT_KNEE), pose.points(Keypoint.LEFT_KNEE, Keypoint.RIGHT_KNEE)
        ([(410.0, 620.0)], None)
        """
        found = []
        for keypoint in keypoints:
            point = self.point(keypoint)
            if point is None:
                return None
            found.append(point)
        return found

    @property
    def present(self) -> bool:
        """Whether a person is in the picture at all."""
        return int(np.count_nonzero(self.keypoints[:, 2] >= self.min_score)) >= MIN_KEYPOINTS_PRESENT

    @property
    def legs_in_view(self) -> bool:
        """Whether both hips, knees and ankles are seen and inside the picture."""
        width, height = self.image_size
        legs = self.keypoints[list(LEG_KEYPOINTS)]
        inside = (legs[:, 0] >= 0) & (legs[:, 0] < width) & (legs[:, 1] >= 0) & (legs[:, 1] < height)
        return bool(np.all(legs[:, 2] >= self.min_score) and np.all(inside))

    @property
    def facing(self) -> Facing:
        """Which way the person faces the camera."""
        return estimate_facing(self)

    def to_json(self, decimals: int = 1) -> dict[str, list[list[float]]]:
        """``{"keypoints": [[x, y, score] × 17]}``, rounded for printing."""
        return {
            "keypoints": [
                [round(float(x), decimals), round(float(y), decimals), round(float(s), 3)]
                for x, y, s in self.keypoints
            ]
        }
