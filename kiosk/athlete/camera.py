"""A pinhole camera looking at the athlete from the mirror (or from a phone on the floor).

World coordinates are metres: x to the camera's right (the athlete's left when
facing the mirror), y up from the floor, z from the athlete towards the
camera. The athlete stands at the origin. A negative pitch looks up, as a
phone propped low must to see a whole person. ``principal_y`` moves the
picture's centre of projection off its middle row: a picture cut from a
lower part of the sensor, which is how the top of the picture can cut the
head off while the feet stay in view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Camera:
    """A mirror-mounted camera: height, distance to the athlete, pitch down, field of view, resolution.

    >>> camera = Camera(height=1.2, distance=2.5)
    >>> x, y = camera.project(np.array([[0.0, 1.2, 0.0]]))[0][0]
    >>> # Tilted down, the camera sees its own height above the middle of the picture.
    >>> round(float(x)), round(float(y)) == round(360 - camera.focal * math.tan(math.radians(camera.pitch)))
    (640, True)
    """

    height: float = 1.2
    distance: float = 2.5
    pitch: float = 8.0  # degrees, looking down (negative: up)
    fov: float = 90.0  # horizontal field of view, degrees (Camera Module 3 Wide: ≈ 90°)
    width: int = 1280
    height_px: int = 720
    principal_y: float | None = None  # row of the centre of projection; None: the middle row

    @property
    def focal(self) -> float:
        """Focal length in pixels."""
        return (self.width / 2) / math.tan(math.radians(self.fov) / 2)

    @property
    def centre_y(self) -> float:
        """The row the optical axis passes through."""
        return self.height_px / 2 if self.principal_y is None else self.principal_y

    @property
    def size(self) -> tuple[int, int]:
        """The picture's (width, height)."""
        return self.width, self.height_px

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        """World points (N, 3) in camera coordinates: x right, y down, z forward (depth)."""
        pitch = math.radians(self.pitch)
        relative = points - np.array([0.0, self.height, self.distance])
        x = relative[:, 0]
        # The camera looks along -z, tilted down by ``pitch``.
        forward = np.array([0.0, -math.sin(pitch), -math.cos(pitch)])
        down = np.array([0.0, -math.cos(pitch), math.sin(pitch)])
        return np.stack([x, relative @ down, relative @ forward], axis=1)

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel positions (N, 2) and depths (N,) of world points (N, 3)."""
        cam = self.to_camera(points)
        depth = np.maximum(cam[:, 2], 1e-6)
        pixels = np.stack(
            [
                self.width / 2 + self.focal * cam[:, 0] / depth,
                self.centre_y + self.focal * cam[:, 1] / depth,
            ],
            axis=1,
        )
        return pixels, depth

    def inside(self, pixels: np.ndarray) -> np.ndarray:
        """Which of the pixel positions (N, 2) fall inside the picture."""
        x, y = pixels[:, 0], pixels[:, 1]
        return (x >= 0) & (x < self.width) & (y >= 0) & (y < self.height_px)
