"""How deep a squat is: how far the hips have sunk towards the feet, whatever the camera's height.

The measure is the hip's *lift* above its own ankle in the picture against
its standing lift (:mod:`kiosk.coach.standing`): ``drop = 1 − lift / standing
lift``. It needs no keypoint above the hips, so arms overhead, a bar on the
back or a head out of the picture change nothing, and it is the same for a
person near or far.

The picture distorts it by the camera's height: a squatting person's hips
also travel backwards, which a camera above the hips sees as the hips rising
(a full squat filmed from 2.1 m reads as a third of one filmed from the
floor). :class:`DepthGauge` undoes that from the camera's mounting: the
ankle's row gives the person's distance (feet are on the floor), the hip's
row then gives its height, with the hips assumed to travel back 0.6 times as
far as they sink (as in a bodyweight squat; the synthetic athlete's is 0.61).
The mounting comes from ``[camera]`` live; when it is unknown (offline
footage) the camera is taken as level, at the height where the picture's
centre row crosses the standing person.

``depth`` is the drop as a share of a squat to parallel (thighs level,
hips at knee height), for which the drop is about 0.56 of the standing
hip-over-ankle height with Winter's segment lengths; so depth ≈ 1 at
parallel, ≈ 0.2 for a quarter squat.

Budget: ≈ 10 µs per frame; a few trigonometric functions per leg (the trunk's lean, once per
rep: ≈ 0.1 ms).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.coach.standing import LEG, SIDES, Standing, leg_lift, torso_lift
from kiosk.pose.keypoints import Pose

# How the camera sees the floor: (camera height, feet distance, row → ray slope, (height, distance) → row).
_Geometry = tuple[float, float, Callable[[float], float], Callable[[float, float], float]]

PARALLEL_DROP = 0.56
HIPS_BACK_PER_DROP = 0.6
ANKLE_HEIGHT_M = 0.07
# Winter's tables: the hip joint stands 0.53 of body height above the floor; for 1.75 m, 0.93 m.
HIP_HEIGHT_M = 0.93
DEFAULT_HFOV_DEG = 66.0
# Rays closer to level than this (a camera at ankle height) cannot place the feet on the floor.
MIN_RAY_SLOPE = 0.03


@dataclass(frozen=True)
class CameraMount:
    """Where the camera is: its height above the floor, its tilt down and its horizontal field of view.

    >>> CameraMount(2.0, 15.0).tilt_deg
    15.0
    """

    height_m: float
    tilt_deg: float = 0.0
    hfov_deg: float = DEFAULT_HFOV_DEG


class DepthGauge:
    """Per-leg and two-legged depth of a pose against the person's standing posture.

    >>> import numpy as np
    >>> from kiosk.coach.standing import Standing
    >>> kp = np.zeros((17, 3), np.float32); kp[:, 2] = 0.9
    >>> kp[[11, 12, 15, 16], :2] = [(700, 500), (600, 500), (710, 700), (590, 700)]
    >>> gauge = DepthGauge(CameraMount(0.93, 0.0))   # a level camera at hip height
    >>> depths = gauge.depths(Pose(kp, 0.0, (1280, 720)), Standing({"left": 400.0, "right": 400.0}, 0.0))
    >>> round(depths["left"], 2)
    0.98
    """

    def __init__(self, mount: CameraMount | None = None, hfov_deg: float = DEFAULT_HFOV_DEG):
        self.mount = mount
        self.hfov_deg = mount.hfov_deg if mount is not None else hfov_deg

    def depths(self, pose: Pose, standing: Standing | None) -> dict[str, float]:
        """Depth per leg seen (0 standing, 1 thighs parallel); empty without a standing posture."""
        if standing is None:
            return {}
        out = {}
        for side in SIDES:
            reference = standing.lift.get(side)
            lift = leg_lift(pose, side)
            ankle = pose.point(LEG[side][2])
            if reference is None or lift is None or ankle is None or reference < 1.0:
                continue
            out[side] = self._drop(ankle[1], lift, reference, pose.image_size) / PARALLEL_DROP
        return out

    def depth(self, pose: Pose, standing: Standing | None) -> float | None:
        """Both legs' mean depth (or the one leg's), ``None`` if neither can be measured."""
        values = list(self.depths(pose, standing).values())
        return sum(values) / len(values) if values else None

    def trunk_lean(self, pose: Pose, standing: Standing | None) -> float | None:
        """The trunk's forward lean from vertical in degrees, undoing the camera's view as for depth.

        A squat leans the trunk 30–55° forward; bending down to pick something
        up folds it past 65°. Read from the picture alone, a leaning trunk seen
        from above looks far more folded than it is (a fifth of its standing
        height from 2.1 m), so the lean is the one whose projection, with the
        hips where the depth puts them and the trunk as long as it stood,
        lands on the shoulders' row. ``None`` without shoulders, hips and ankles.
        """
        if standing is None or standing.torso is None or standing.torso < 1.0:
            return None
        ankles = pose.points(*(LEG[side][2] for side in SIDES))
        left_lift, right_lift = (leg_lift(pose, side) for side in SIDES)
        torso = torso_lift(pose)
        if ankles is None or left_lift is None or right_lift is None or torso is None:
            return None
        ankle_row = (ankles[0][1] + ankles[1][1]) / 2
        lift = (left_lift + right_lift) / 2
        reference = standing.leg_length
        geometry = self._geometry(ankle_row, reference, pose.image_size)
        if geometry is None:
            return math.degrees(math.acos(max(-1.0, min(1.0, torso / standing.torso))))
        camera, distance, slope, row_of = geometry
        standing_hip = camera + distance * slope(ankle_row - reference)
        standing_shoulder = camera + distance * slope(ankle_row - reference - standing.torso)
        trunk = standing_shoulder - standing_hip
        hip = self._hip_height(camera, distance, standing_hip, slope(ankle_row - lift))
        if hip is None or trunk <= 0:
            return None
        hip_distance = distance + HIPS_BACK_PER_DROP * (standing_hip - hip)
        shoulder_row = ankle_row - lift - torso

        def miss(degrees: float) -> float:
            lean = math.radians(degrees)
            height, away = hip + trunk * math.cos(lean), hip_distance - trunk * math.sin(lean)
            return abs(row_of(height, away) - shoulder_row) if away > 0.1 else math.inf

        return float(min(range(0, 112, 2), key=miss))

    def _geometry(self, ankle_row: float, standing_lift: float, size: tuple[int, int]) -> _Geometry | None:
        """(camera height, the feet's distance, row → ray slope, (height, distance) → row), or ``None``."""
        width, height = size
        focal = (width / 2) / math.tan(math.radians(self.hfov_deg) / 2)
        centre = height / 2
        if self.mount is not None:
            camera, tilt = self.mount.height_m, math.radians(self.mount.tilt_deg)
        else:
            # A level camera at the height where the picture's centre row crosses the standing person.
            share = (ankle_row - centre) / standing_lift
            camera, tilt = ANKLE_HEIGHT_M + share * (HIP_HEIGHT_M - ANKLE_HEIGHT_M), 0.0

        def slope(row: float) -> float:
            """The tangent of a picture row's ray elevation (up is positive)."""
            return math.tan(-tilt - math.atan((row - centre) / focal))

        def row_of(point_height: float, distance: float) -> float:
            """The picture row of a point at this height and distance."""
            return centre + focal * math.tan(-tilt - math.atan2(point_height - camera, distance))

        ankle_slope = slope(ankle_row)
        if abs(ankle_slope) < MIN_RAY_SLOPE or ankle_slope * (ANKLE_HEIGHT_M - camera) <= 0:
            return None  # the feet cannot be placed on the floor from here
        return camera, (ANKLE_HEIGHT_M - camera) / ankle_slope, slope, row_of

    @staticmethod
    def _hip_height(camera: float, distance: float, standing_hip: float, hip_slope: float) -> float | None:
        """The hip's height, its ray crossed with a path that goes back as the hips sink."""
        denominator = 1.0 + HIPS_BACK_PER_DROP * hip_slope
        if denominator <= 0.1 or standing_hip <= ANKLE_HEIGHT_M:
            return None
        return (camera + (distance + HIPS_BACK_PER_DROP * standing_hip) * hip_slope) / denominator

    def _drop(self, ankle_row: float, lift: float, standing_lift: float, size: tuple[int, int]) -> float:
        raw = 1.0 - lift / standing_lift
        geometry = self._geometry(ankle_row, standing_lift, size)
        if geometry is None:
            return raw  # keep the picture's own measure
        camera, distance, slope, _ = geometry
        standing_hip = camera + distance * slope(ankle_row - standing_lift)
        hip = self._hip_height(camera, distance, standing_hip, slope(ankle_row - lift))
        if hip is None:
            return raw
        return (standing_hip - hip) / (standing_hip - ANKLE_HEIGHT_M)
