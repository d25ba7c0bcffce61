"""People to draw without a camera: a standing person seen through the camera model (bench, tests).

The person is described in metres, as they stand in front of the glass, and
projected into camera pixels with :meth:`kiosk.ui.glass.GlassGeometry.to_camera`,
so the same person can be placed at any distance.
"""

from __future__ import annotations

import numpy as np

from kiosk.pose.keypoints import Keypoint, Pose
from kiosk.ui.glass import GlassGeometry

# (keypoint, metres to the person's own left of their midline, height above the floor): a 1.70 m adult
# whose shoulder-to-ankle length is the glass model's default 1.3 m.
STANDING = (
    (Keypoint.NOSE, 0.0, 1.56),
    (Keypoint.LEFT_EYE, 0.032, 1.59),
    (Keypoint.RIGHT_EYE, -0.032, 1.59),
    (Keypoint.LEFT_EAR, 0.075, 1.56),
    (Keypoint.RIGHT_EAR, -0.075, 1.56),
    (Keypoint.LEFT_SHOULDER, 0.19, 1.37),
    (Keypoint.RIGHT_SHOULDER, -0.19, 1.37),
    (Keypoint.LEFT_ELBOW, 0.23, 1.08),
    (Keypoint.RIGHT_ELBOW, -0.23, 1.08),
    (Keypoint.LEFT_WRIST, 0.24, 0.83),
    (Keypoint.RIGHT_WRIST, -0.24, 0.83),
    (Keypoint.LEFT_HIP, 0.1, 0.93),
    (Keypoint.RIGHT_HIP, -0.1, 0.93),
    (Keypoint.LEFT_KNEE, 0.11, 0.5),
    (Keypoint.RIGHT_KNEE, -0.11, 0.5),
    (Keypoint.LEFT_ANKLE, 0.12, 0.07),
    (Keypoint.RIGHT_ANKLE, -0.12, 0.07),
)
EYE_HEIGHT = 1.59
# A 43-inch screen in portrait behind the glass, its top 1.75 m up, the camera 5 cm above it looking 15° down.
PORTRAIT_GLASS = GlassGeometry((1080, 1920), screen_width_m=0.53)


def standing_person(
    geometry: GlassGeometry | None = None,
    distance: float = 2.5,
    screen_top_m: float = 1.75,
    left_knee_in: float = 0.0,
    right_knee_in: float = 0.0,
    image_size: tuple[int, int] = (1280, 720),
) -> Pose:
    """A person standing ``distance`` metres in front of the glass, centred, as the camera sees them.

    ``screen_top_m`` is the height of the picture's top edge above the floor;
    ``left_knee_in``/``right_knee_in`` move a knee towards the midline, in metres.
    Facing the glass, the person's own left is on the viewer's left.

    >>> pose = standing_person()
    >>> pose.present and pose.legs_in_view
    True
    >>> pose.point(Keypoint.LEFT_KNEE)[0] > pose.point(Keypoint.RIGHT_KNEE)[0]  # the camera: unmirrored
    True
    """
    geometry = geometry or PORTRAIT_GLASS
    centre_x = geometry.screen_width_m / 2
    keypoints = np.zeros((17, 3), np.float32)
    for keypoint, left, height in STANDING:
        if keypoint is Keypoint.LEFT_KNEE:
            left -= left_knee_in
        if keypoint is Keypoint.RIGHT_KNEE:
            left += right_knee_in
        # Facing the glass, the person's left is the viewer's left: smaller x on the glass.
        x, y = geometry.to_camera(centre_x - left, screen_top_m - height, distance, image_size)
        keypoints[keypoint] = (x, y, 0.9)
    return Pose(keypoints, 0.0, image_size)
