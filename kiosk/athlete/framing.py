"""Placing the camera so that the picture is a sensible one for where it stands.

A mirror's camera sits at its mounting height with its own tilt; a phone on
the floor is pitched up until the person fits. :func:`frame_person` finds the
pitch that centres the whole set's movement in the picture (or checks a
given pitch) and moves the camera back until everything fits, with a margin
at top and bottom. :func:`cut_head` then shifts the picture so its top edge
crosses the standing person between the shoulders and the nose.

>>> from kiosk.athlete.body import BodyShape
>>> from kiosk.athlete.motion import Motion
>>> camera = frame_person(Motion(reps=1), BodyShape(1.8), height=0.3, distance=2.0)
>>> camera.pitch < 0, camera.distance >= 2.0  # a phone on the floor looks up
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from kiosk.athlete.body import BodyShape, Posture
from kiosk.athlete.camera import Camera
from kiosk.athlete.motion import Motion

MARGIN = 0.03  # of the picture's height, kept clear above the highest point and below the soles
MAX_DISTANCE = 6.0


def frame_person(
    motion: Motion,
    body: BodyShape,
    height: float,
    distance: float,
    pitch: float | None = None,
    camera: Camera | None = None,
) -> Camera:
    """A camera ``height`` m up that sees the whole set: ``pitch`` as given, or chosen to centre it.

    Starting at ``distance``, the camera steps back 5 cm at a time until the
    person fits; a ``ValueError`` says when nothing up to 6 m does.
    """
    points = extent_points(motion, body)
    base = camera or Camera()
    for step in range(int((MAX_DISTANCE - distance) / 0.05) + 1):
        at = distance + 0.05 * step
        chosen = pitch if pitch is not None else _centring_pitch(points, height, at)
        candidate = replace(base, height=height, distance=at, pitch=chosen)
        if fits(candidate, points):
            return candidate
    raise ValueError(f"no distance up to {MAX_DISTANCE} m fits the person for a camera {height} m high")


def cut_head(camera: Camera, motion: Motion, body: BodyShape, share: float) -> Camera:
    """The same camera with the picture's top edge ``share`` of the way from the shoulders to the nose.

    Measured standing at the start of the set; ``share`` 0 cuts at the
    shoulders, 1 at the nose, so the nose and eyes are out of the picture for
    any share above about 0.1.
    """
    from kiosk.athlete.body import Athlete
    from kiosk.athlete.scene import Scene

    keypoints = Scene(Athlete(body), camera, motion).truth(standing_time(motion)).keypoints
    shoulders, nose = float(keypoints[[5, 6], 1].mean()), float(keypoints[0, 1])
    edge = shoulders + share * (nose - shoulders)
    return replace(camera, principal_y=camera.centre_y - edge)


def standing_time(motion: Motion) -> float:
    """A moment the person stands between reps: the lead-in, else a pause, else the clip's end."""
    if motion.lead_in > 0 or not motion.counts_reps:
        return 0.0
    if motion.reps > 1:
        return motion.rep_window(1)[2] + motion.pause / 2
    return motion.duration


def extent_points(motion: Motion, body: BodyShape, samples: int = 48) -> np.ndarray:
    """World points that bound the person over the whole set: joints, head top, hands, soles, props."""
    times = list(np.linspace(0.0, motion.duration, samples))
    if motion.counts_reps:
        times += [motion.rep_window(index)[1] for index in range(1, motion.reps + 1)]
    points = []
    for t in times:
        points.extend(_bounds(motion.posture(float(t), body), body))
    return np.array(points)


def fits(camera: Camera, points: np.ndarray) -> bool:
    """Whether every point projects inside the picture, clear of the top and bottom margins."""
    pixels, depths = camera.project(points)
    rows = pixels[:, 1]
    margin = MARGIN * camera.height_px
    return bool(
        np.all(depths > 0.2)
        and np.all(rows >= margin)
        and np.all(rows <= camera.height_px - margin)
        and np.all((pixels[:, 0] >= 0) & (pixels[:, 0] < camera.width))
    )


def _bounds(posture: Posture, body: BodyShape) -> list[np.ndarray]:
    up = np.array([0.0, 1.0, 0.0])
    joints = posture.joints
    points = [joints[name] for name in joints if name != "pelvis"]
    points.append(joints["head"] + up * body.head_radius * 1.1)
    for side in ("left", "right"):
        wrist, elbow = joints[f"wrist_{side}"], joints[f"elbow_{side}"]
        points.append(wrist + (wrist - elbow) * 0.45)
        for name in (f"heel_{side}", f"toe_{side}"):
            points.append(joints[name] - up * 0.03)
    for corners in posture.props:
        points.extend(corners)
    return points


def _centring_pitch(points: np.ndarray, height: float, distance: float) -> float:
    """The pitch (degrees, + down) that puts the highest and lowest points symmetrically about the middle."""
    elevation = np.arctan2(points[:, 1] - height, distance - points[:, 2])
    return -math.degrees(float(elevation.max() + elevation.min()) / 2)
