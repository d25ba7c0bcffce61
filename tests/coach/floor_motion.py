"""Hand-made keypoint sequences for the exercises done side-on or on the floor.

Pictures are 1280×720 camera pixels; ``scale`` pixels per centimetre is 5 (a
torso of 50 cm is 250 px). Side-on, the far side's points sit 4 px behind the
near side's, as the model reports them. Each function returns ``(t, pose)``
frames at 30 fps like :mod:`tests.coach.motion`.
"""

from __future__ import annotations

import math

import numpy as np

from kiosk.pose import Keypoint, Pose

from .motion import FPS

K = Keypoint
NEAR = {"shoulder": K.LEFT_SHOULDER, "hip": K.LEFT_HIP, "knee": K.LEFT_KNEE, "ankle": K.LEFT_ANKLE}
FAR = {"shoulder": K.RIGHT_SHOULDER, "hip": K.RIGHT_HIP, "knee": K.RIGHT_KNEE, "ankle": K.RIGHT_ANKLE}


def build(t: float, points: dict, unseen=()) -> Pose:
    """A pose with these points seen (score 0.9) and every other one unseen."""
    kp = np.zeros((17, 3), np.float32)
    kp[:, 2] = 0.05
    for keypoint, (x, y) in points.items():
        kp[keypoint] = (x, y, 0.9)
    for keypoint in unseen:
        kp[keypoint, 2] = 0.05
    return Pose(kp, t, (1280, 720))


def side_on(t: float, near: dict, far: dict | None = None, head=None, ear=None) -> Pose:
    """Side-on: ``near`` limbs by name, ``far`` the other leg (default: behind the near one)."""
    points = {}
    for name, xy in near.items():
        points[NEAR[name]] = xy
        if far is None or name not in far:
            points[FAR[name]] = (xy[0] + 4, xy[1] + 2)
    for name, xy in (far or {}).items():
        points[FAR[name]] = xy
    if head is not None:
        points[K.NOSE] = head
        points[K.LEFT_EYE] = (head[0] - 8, head[1] - 10)
    if ear is not None:
        points[K.LEFT_EAR] = ear
    return build(t, points)


def frames(seconds: float, start: float, pose_at):
    """``pose_at(t, s)`` sampled at 30 fps, ``s`` going 0 → 1 over ``seconds``."""
    n = round(seconds * FPS)
    return [(start + i / FPS, pose_at(start + i / FPS, i / max(n - 1, 1))) for i in range(n)]


def up_and_down(s: float, hold_share: float = 0.0) -> float:
    """0 → 1 → 0 over ``s`` in 0..1, staying at 1 for ``hold_share`` of the time in the middle."""
    rise = (1 - hold_share) / 2
    if s < rise:
        return (1 - math.cos(math.pi * s / rise)) / 2
    if s > 1 - rise:
        return (1 - math.cos(math.pi * (1 - s) / rise)) / 2
    return 1.0


# --- Glute bridge: lying on the back, side-on, knees bent; the hips lift towards the shoulder–knee line.


def bridge(t: float, lift: float) -> Pose:
    """``lift`` 0 lying, 1 hips on the shoulder–knee line (180°)."""
    shoulder, knee, ankle = (300.0, 600.0), (640.0, 430.0), (760.0, 600.0)
    floor_hip, line_hip = (480.0, 600.0), (300 + 0.55 * 340, 600 - 0.55 * 170)
    hip = tuple(f + lift * (line - f) for f, line in zip(floor_hip, line_hip, strict=True))
    return side_on(t, {"shoulder": shoulder, "hip": hip, "knee": knee, "ankle": ankle}, head=(230, 590))


def bridges(reps: list[tuple[float, float]], start: float, seconds: float = 3.0, rest: float = 1.0):
    """Bridges of (peak lift, share of the rep held at the top), with rests lying down between."""
    out, t = [], start
    for peak, hold in reps:
        out += frames(seconds, t, lambda tt, s, peak=peak, hold=hold: bridge(tt, peak * up_and_down(s, hold)))
        t += seconds
        out += frames(rest, t, lambda tt, s: bridge(tt, 0.0))
        t += rest
    return out


# --- Clamshell: lying on the left side facing the camera; the right (top) knee opens.


def clamshell(t: float, opening: float, roll: float = 0.0, top: str = "right") -> Pose:
    """``opening`` in thigh lengths added to the closed knees' gap; ``roll`` the top hip sinking (share)."""
    upper, lower = (K.RIGHT_HIP, K.RIGHT_KNEE, K.RIGHT_ANKLE, K.RIGHT_SHOULDER), (
        K.LEFT_HIP, K.LEFT_KNEE, K.LEFT_ANKLE, K.LEFT_SHOULDER,
    )  # fmt: skip
    if top == "left":
        upper, lower = lower, upper
    thigh = 225.0
    points = {
        lower[3]: (350, 660), upper[3]: (350, 460),
        lower[0]: (600, 650), upper[0]: (600, 500 + roll * 150),
        lower[1]: (800, 660), upper[1]: (800, 610 - opening * thigh),
        lower[2]: (640, 690), upper[2]: (640, 665),
        K.NOSE: (250, 545), K.LEFT_EYE: (240, 530), K.RIGHT_EYE: (240, 560),
    }  # fmt: skip
    return build(t, points)


# --- Half-kneeling hip flexor stretch, side-on facing the picture's right; the left knee is down.


def half_kneel(t: float, lean: float = 0.0, back: str = "left") -> Pose:
    """Kneeling on the ``back`` knee; ``lean`` degrees of the trunk forward."""
    hip = (545.0, 500.0)
    shoulder = (hip[0] + 250 * math.sin(math.radians(lean)), hip[1] - 250 * math.cos(math.radians(lean)))
    kneeling = {"hip": hip, "knee": (500.0, 680.0), "ankle": (370.0, 690.0), "shoulder": shoulder}
    front = {"hip": (549.0, 502.0), "knee": (720.0, 510.0), "ankle": (720.0, 690.0), "shoulder": shoulder}
    near, far = (kneeling, front) if back == "left" else (front, kneeling)
    return side_on(t, near, far, head=(shoulder[0] + 40, shoulder[1] - 60))


def standing_side(t: float) -> Pose:
    """Standing side-on, legs straight."""
    return side_on(
        t,
        {"shoulder": (600, 150), "hip": (600, 400), "knee": (605, 545), "ankle": (600, 690)},
        head=(640, 90),
    )


# --- Knee to wall: side-on facing right, ``front`` foot forward; its knee drives forward over the toes.


def knee_to_wall(t: float, tilt: float, front: str = "left") -> Pose:
    """The front shin tilted ``tilt`` degrees forward; the back leg straight."""
    shin, thigh = 180.0, 190.0
    ankle = (700.0, 690.0)
    knee = (ankle[0] + shin * math.sin(math.radians(tilt)), ankle[1] - shin * math.cos(math.radians(tilt)))
    hip_x = 600.0
    hip = (hip_x, knee[1] - math.sqrt(max(thigh**2 - (knee[0] - hip_x) ** 2, 1.0)))
    front_leg = {"hip": hip, "knee": knee, "ankle": ankle, "shoulder": (hip[0] + 10, hip[1] - 250)}
    back_hip = (hip[0] - 4, hip[1] + 2)
    back_ankle = (430.0, 690.0)
    back_knee = ((back_hip[0] + back_ankle[0]) / 2, (back_hip[1] + back_ankle[1]) / 2)
    back_leg = {
        "hip": back_hip,
        "knee": back_knee,
        "ankle": back_ankle,
        "shoulder": (hip[0] + 14, hip[1] - 248),
    }
    near, far = (front_leg, back_leg) if front == "left" else (back_leg, front_leg)
    return side_on(t, near, far, head=(hip[0] + 60, hip[1] - 310))


# --- Hip hinge: side-on facing right; the trunk tips forward about the hip.


def hinge(t: float, bend: float, hips_back: float = 0.15, knee_bend: float = 0.0, curl: float = 0.0) -> Pose:
    """``bend`` 0..1 of a 70° trunk tilt; hips move back ``hips_back`` leg lengths at the bottom;
    ``knee_bend`` degrees the knee angle closes at the bottom; ``curl`` degrees the head curls down."""
    leg = 290.0
    ankle = (600.0, 690.0)
    knee_angle = math.radians(175 - knee_bend * bend)
    shank = 145.0
    knee = (ankle[0] + 10 + shank * math.sin(math.radians(knee_bend * bend / 2)), ankle[1] - shank)
    hip = (600 - hips_back * leg * bend, knee[1] - 145 * math.sin(knee_angle / 2 + math.radians(5)))
    angle = math.radians(70 * bend)
    shoulder = (hip[0] + 250 * math.sin(angle), hip[1] - 250 * math.cos(angle))
    head_angle = angle + math.radians(curl * bend)
    ear = (shoulder[0] + 60 * math.sin(head_angle), shoulder[1] - 60 * math.cos(head_angle))
    return side_on(t, {"shoulder": shoulder, "hip": hip, "knee": knee, "ankle": ankle}, head=ear, ear=ear)
