"""Glass mode: where on a display behind two-way mirror glass a person sees each body point's reflection.

The geometry, seen from the side. The glass is the plane z = 0; the person
stands at distance d in front of it, eye E and body point P both (nearly) in
the plane z = d. The mirror shows P's image P′ at z = −d. The person sees P
where the line from E to P′ crosses the glass, at z = 0: halfway along the
line, because E is at +d and P′ at −d. So on the glass, in both directions,

    reflection = (eye + point) / 2

whatever the distance: a mirror shows a body at half its size, centred on
the eye (:func:`reflection_on_glass`). A point at eye height appears at eye
height; the feet appear halfway between the eye and the floor.

The distance matters only to turn camera pixels into metres. The camera sits
in the glass plane (``camera_above_m`` above the picture's top edge,
``camera_x_m`` right of its centre), tilted down by ``camera_tilt_deg`` so
that the feet are in view, with horizontal field of view ``camera_hfov_deg``
(a pinhole: a pixel's ray meets the plane of the person at distance d); all
of it comes from ``[camera]`` and the picture's place, ``[display]``. The
person's distance comes from their apparent size: shoulder-to-ankle length
against an assumed ``body_length_m``, or shoulder width against the same
body's, whichever says nearer.
The camera faces the person, so its image is not mirrored: a point to the
camera's right is to the viewer's left. Finally metres on the glass become
screen pixels through the picture's physical width, and the calibration
(``scale`` about the screen centre, ``offset_x``/``offset_y`` in metres) absorbs
what the model leaves out: camera tilt, lens distortion, a person of
another size.

Budget: a few microseconds per frame (the projection is a per-frame affine map).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace

from kiosk.pose.keypoints import Keypoint, Pose

# Shares of standing height (anthropometric tables, e.g. Drillis & Contini): shoulder 0.818,
# hip 0.530, ankle 0.039, eye 0.936. Hip-to-ankle is 0.491 H against shoulder-to-ankle 0.779 H.
HIP_TO_SHOULDER_LENGTH = 0.779 / 0.491
# Shoulder width, keypoint to keypoint, as a share of shoulder-to-ankle length: 0.39 m for 1.3 m, on
# the broad side, so that the width wins only when the length is foreshortened (a squat, a lunge).
SHOULDER_WIDTH_SHARE = 0.3
# The eyes lie this share of the shoulder-to-ankle length above the shoulders: (0.936 − 0.818) / 0.779.
EYE_ABOVE_SHOULDERS = 0.15
# The distance estimate follows the person with this much smoothing per frame.
DISTANCE_SMOOTHING = 0.2
# ... towards the nearest it measured over this many frames (3 s): bent into a squat, arms forward, a
# person looks smaller (farther) to both estimates, never larger, so the nearest recent reading is the truest.
NEAREST_OF = 90


def reflection_on_glass(eye: tuple[float, float], point: tuple[float, float]) -> tuple[float, float]:
    """Where on the glass a person sees the reflection of their own body point: halfway to the eye.

    Positions are (across, down) in the glass plane, in any one unit; eye and
    point are at the same distance from the glass.

    >>> reflection_on_glass(eye=(0.0, 0.4), point=(0.0, 0.4))  # at eye height: at eye height
    (0.0, 0.4)
    >>> reflection_on_glass(eye=(0.0, 0.4), point=(0.2, 1.9))  # a foot 1.5 m below the eye
    (0.1, 1.15)
    """
    return ((eye[0] + point[0]) / 2, (eye[1] + point[1]) / 2)


# With the camera's height unknown ([camera] mount_height_m unset), the lens sits this far above the picture.
CAMERA_GAP_M = 0.05


@dataclass(frozen=True)
class GlassGeometry:
    """The mounting of a glass-mode mirror: the screen, the camera and the calibration.

    ``screen_px`` is the picture's size in pixels as drawn (after rotation);
    lengths are metres; positions on the glass are measured from the
    picture's top-left corner as seen from the front, x right, y down.
    ``screen_top_m`` (the picture's top edge above the floor) matters only to
    :mod:`kiosk.ui.glass_reach`: reflections are placed from the camera. The
    defaults are the configuration's (a 50" portrait panel, the camera
    Module 3 Wide 5 cm above it, 20° down).

    >>> geometry = GlassGeometry((1920, 1080), screen_width_m=0.96)
    >>> geometry.pixels_per_metre
    2000.0
    >>> geometry.to_pixels(0.48, 0.27)  # the picture's centre
    (960, 540)
    >>> round(GlassGeometry((1080, 1920)).screen_height_m, 3), GlassGeometry((1080, 1920)).camera_height_m
    (1.102, 1.6)
    """

    screen_px: tuple[int, int]
    screen_width_m: float = 0.62
    camera_above_m: float = CAMERA_GAP_M
    camera_x_m: float = 0.0
    camera_hfov_deg: float = 102.0
    camera_tilt_deg: float = 20.0
    body_length_m: float = 1.3
    scale: float = 1.0
    offset_x: float = 0.0
    offset_y: float = 0.0
    screen_top_m: float = 1.55
    camera_px: tuple[int, int] = (1280, 720)

    @classmethod
    def from_config(cls, display, screen_px: tuple[int, int], camera=None) -> GlassGeometry:
        """The geometry a ``DisplayConfig`` and a ``CameraConfig`` describe, for a picture of ``screen_px``.

        The camera (height, tilt, field of view) is ``[camera]``'s: one
        description of it, for the coach and for glass mode alike.
        """
        known = camera is not None and camera.mount_height_m is not None
        above = camera.mount_height_m - display.glass_screen_top_m if known else CAMERA_GAP_M
        lens = {"camera_above_m": above, "camera_x_m": -display.glass_screen_x_m}
        if camera is not None:
            lens.update(camera_hfov_deg=camera.hfov_deg, camera_tilt_deg=camera.tilt_deg)
            lens.update(camera_px=(camera.width, camera.height))
        return cls(
            screen_px,
            screen_width_m=display.glass_screen_width_m,
            body_length_m=display.glass_body_length_m,
            scale=display.glass_scale,
            offset_x=display.glass_offset_x,
            offset_y=display.glass_offset_y,
            screen_top_m=display.glass_screen_top_m,
            **lens,
        )

    @property
    def screen_height_m(self) -> float:
        """The picture's height as mounted, metres."""
        return self.screen_width_m * self.screen_px[1] / self.screen_px[0]

    @property
    def camera_height_m(self) -> float:
        """The lens above the floor, metres."""
        return round(self.screen_top_m + self.camera_above_m, 6)

    def calibrated(self, scale: float, offset_x: float, offset_y: float) -> GlassGeometry:
        """The same mounting with other calibration values (the calibration screen's preview)."""
        return replace(self, scale=scale, offset_x=offset_x, offset_y=offset_y)

    @property
    def pixels_per_metre(self) -> float:
        """Screen pixels per metre of glass."""
        return self.screen_px[0] / self.screen_width_m

    @property
    def camera_m(self) -> tuple[float, float]:
        """The camera lens on the glass, metres from the picture's top-left corner."""
        return (self.screen_width_m / 2 + self.camera_x_m, -self.camera_above_m)

    def focal_px(self, image_width: int) -> float:
        """The camera's focal length in its own pixels."""
        return image_width / 2 / math.tan(math.radians(self.camera_hfov_deg) / 2)

    def to_pixels(self, x_m: float, y_m: float) -> tuple[int, int]:
        """Screen pixel of a glass position in metres, calibration applied."""
        ppm = self.pixels_per_metre
        cx, cy = self.screen_px[0] / 2, self.screen_px[1] / 2
        x = cx + self.scale * (x_m * ppm - cx) + self.offset_x * ppm
        y = cy + self.scale * (y_m * ppm - cy) + self.offset_y * ppm
        return round(x), round(y)

    def rays(self, image_size: tuple[int, int]) -> _Rays:
        """The camera's pixel rays, for pictures of ``image_size``."""
        return _Rays(self.focal_px(image_size[0]), image_size[0] / 2, image_size[1] / 2, self.camera_tilt_deg)

    def to_camera(
        self, x_m: float, y_m: float, distance: float, image_size: tuple[int, int]
    ) -> tuple[float, float]:
        """The camera pixel of a body point at glass position (x_m, y_m) and ``distance`` from the glass.

        The inverse of the camera model; tests and the benchmark place synthetic people with it.

        >>> geometry = GlassGeometry((1920, 1080), camera_above_m=0.05, camera_tilt_deg=0.0)
        >>> geometry.to_camera(0.31, -0.05, 2.5, (1280, 720))  # straight ahead of a level lens: the centre
        (640.0, 360.0)
        """
        camera_x, camera_y = self.camera_m
        # The camera faces the person: its x grows towards the viewer's left.
        return self.rays(image_size).pixel(camera_x - x_m, y_m - camera_y, distance)

    def distance(self, pose: Pose) -> float | None:
        """The person's distance from the glass in metres, from their size in the picture.

        Two estimates, the nearer one wins: shoulder-to-ankle length (shorter in
        a squat) and shoulder width (narrower side-on). Foreshortening only ever
        makes a person look smaller, so the larger apparent size is the truer.

        >>> import numpy as np
        >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
        >>> kp[[5, 6], 1], kp[[15, 16], 1] = 100.0, 400.0   # shoulders 300 px above the ankles
        >>> geometry = GlassGeometry((1920, 1080), camera_hfov_deg=90.0, camera_tilt_deg=0, body_length_m=1.2)
        >>> round(geometry.distance(Pose(kp, 0.0, (1200, 720))), 3)  # f = 600 px: 1.2 m × 600 / 300
        2.4
        """
        rays = self.rays(pose.image_size)
        estimates = []
        shoulders = _mid(pose, Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER)
        hips = _mid(pose, Keypoint.LEFT_HIP, Keypoint.RIGHT_HIP)
        ankles = _mid(pose, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
        top = shoulders or hips
        if ankles is not None and top is not None:
            share = 1.0 if shoulders else 1 / HIP_TO_SHOULDER_LENGTH
            span = rays.drop(ankles[1]) - rays.drop(top[1])
            if span > 1e-6:
                estimates.append(self.body_length_m * share / span)
        left, right = pose.point(Keypoint.LEFT_SHOULDER), pose.point(Keypoint.RIGHT_SHOULDER)
        if left and right:
            span = abs(rays.across(*left) - rays.across(*right))
            if span > 1e-6:
                estimates.append(self.body_length_m * SHOULDER_WIDTH_SHARE / span)
        return min(estimates) if estimates else None

    def projection(self, pose: Pose, distance: float | None = None) -> GlassProjection | None:
        """The map from this pose's camera pixels to the screen, or ``None`` without eyes or a size.

        ``distance`` overrides the estimate from the pose (e.g. a smoothed one).
        """
        distance = distance if distance is not None else self.distance(pose)
        eye = _eye_px(pose)
        if distance is None or eye is None:
            return None
        projection = GlassProjection(self, self.rays(pose.image_size), distance, (0.0, 0.0))
        return replace(projection, eye_m=projection.body_m(*eye))


@dataclass(frozen=True)
class _Rays:
    """A pinhole camera in the glass plane, tilted down by ``tilt_deg``: pixels to points at a distance."""

    focal: float
    u0: float
    v0: float
    tilt_deg: float

    def _normalised(self, u: float, v: float) -> tuple[float, float, float]:
        xc, yc = (u - self.u0) / self.focal, (v - self.v0) / self.focal
        tilt = math.radians(self.tilt_deg)
        forward = math.cos(tilt) - yc * math.sin(tilt)
        return xc / forward, (yc * math.cos(tilt) + math.sin(tilt)) / forward, forward

    def across(self, u: float, v: float) -> float:
        """Camera-right offset per metre of distance of pixel (u, v)'s point."""
        return self._normalised(u, v)[0]

    def drop(self, v: float) -> float:
        """Downward offset per metre of distance of row v's points."""
        return self._normalised(self.u0, v)[1]

    def point(self, u: float, v: float, distance: float) -> tuple[float, float]:
        """(camera-right, down) metres from the lens of pixel (u, v)'s point at ``distance``."""
        across, down, _ = self._normalised(u, v)
        return across * distance, down * distance

    def pixel(self, right: float, down: float, distance: float) -> tuple[float, float]:
        """The pixel of the point (camera-right, down) metres from the lens at ``distance``."""
        tilt = math.radians(self.tilt_deg)
        forward = down * math.sin(tilt) + distance * math.cos(tilt)
        below = down * math.cos(tilt) - distance * math.sin(tilt)
        return self.u0 + self.focal * right / forward, self.v0 + self.focal * below / forward


@dataclass(frozen=True)
class GlassProjection:
    """One frame's map from camera pixels to where the person sees that point on the glass.

    >>> from kiosk.ui.samples import standing_person, EYE_HEIGHT
    >>> geometry = GlassGeometry((1080, 1920), screen_width_m=0.53)
    >>> pose = standing_person(geometry, distance=2.5, screen_top_m=1.75)
    >>> glass = geometry.projection(pose)
    >>> round(glass.distance, 2)
    2.5
    >>> eye_x, eye_y = glass.eye_m
    >>> round(1.75 - eye_y, 3) == EYE_HEIGHT  # the eye, found in the picture
    True
    >>> x, y = glass.to_glass(*pose.point(Keypoint.LEFT_ANKLE))  # the ankle, 7 cm up, seen halfway down
    >>> round(1.75 - y, 3) == round((EYE_HEIGHT + 0.07) / 2, 3)
    True
    """

    geometry: GlassGeometry
    rays: _Rays
    distance: float
    eye_m: tuple[float, float]

    def body_m(self, x: float, y: float) -> tuple[float, float]:
        """Where on the glass plane (metres) the body point at camera pixel (x, y) stands, face-on."""
        right, down = self.rays.point(x, y, self.distance)
        camera_x, camera_y = self.geometry.camera_m
        # The camera faces the person: its x grows towards the viewer's left.
        return camera_x - right, camera_y + down

    def to_glass(self, x: float, y: float) -> tuple[float, float]:
        """Where the reflection of camera pixel (x, y) appears on the glass, in metres."""
        return reflection_on_glass(self.eye_m, self.body_m(x, y))

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        """Screen pixel where the reflection of camera pixel (x, y) appears."""
        return self.geometry.to_pixels(*self.to_glass(x, y))


class GlassMapper:
    """Follows one person's distance from frame to frame and gives each frame's projection.

    The distance follows the nearest reading of the last ``NEAREST_OF`` frames:
    a squat does not push the reflection down the glass.

    >>> mapper = GlassMapper(GlassGeometry((1920, 1080)))
    >>> mapper.distance is None
    True
    """

    def __init__(self, geometry: GlassGeometry):
        self.geometry = geometry
        self.distance: float | None = None
        self._readings: deque[float] = deque(maxlen=NEAREST_OF)

    def reset(self) -> None:
        """A new person: forget the last one's distance."""
        self.distance = None
        self._readings.clear()

    def project(self, pose: Pose | None) -> GlassProjection | None:
        """This frame's projection, with the distance smoothed; ``None`` when it cannot be placed."""
        if pose is None or not pose.present:
            return None
        measured = self.geometry.distance(pose)
        if measured is not None:
            self._readings.append(measured)
            nearest = min(self._readings)
            if self.distance is None:
                self.distance = nearest
            else:
                self.distance += DISTANCE_SMOOTHING * (nearest - self.distance)
        if self.distance is None:
            return None
        return self.geometry.projection(pose, self.distance)


def _mid(pose: Pose, a: Keypoint, b: Keypoint) -> tuple[float, float] | None:
    points = [p for p in (pose.point(a), pose.point(b)) if p is not None]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _shoulder_to_ankle_px(pose: Pose) -> float | None:
    ankles = _mid(pose, Keypoint.LEFT_ANKLE, Keypoint.RIGHT_ANKLE)
    shoulders = _mid(pose, Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER)
    return math.dist(shoulders, ankles) if ankles and shoulders else None


def _eye_px(pose: Pose) -> tuple[float, float] | None:
    eyes = _mid(pose, Keypoint.LEFT_EYE, Keypoint.RIGHT_EYE)
    if eyes is not None:
        return eyes
    nose = pose.point(Keypoint.NOSE)
    if nose is not None:
        return nose
    shoulders = _mid(pose, Keypoint.LEFT_SHOULDER, Keypoint.RIGHT_SHOULDER)
    length = _shoulder_to_ankle_px(pose)
    if shoulders is None or length is None:
        return None
    return (shoulders[0], shoulders[1] - EYE_ABOVE_SHOULDERS * length)
