"""Posing the skeleton: legs by inverse kinematics, trunk, head and arms, and the turn towards the camera.

Every motion places the pelvis and the feet; :func:`assemble` does the rest.
Legs are two-bone inverse kinematics from hip to ankle with the knee aimed
along the foot ("knees over toes"). A knee-in fault of φ degrees swings the
knee medially about the hip–ankle axis by φ at the bottom (as hip adduction
and internal rotation do); ``knees_out`` swings it laterally the same way
(knees pushed out past the feet), keeping thigh and shank lengths.

The body is built facing the camera (+z) and then turned about the vertical
axis through the origin by ``turn`` degrees, feet and head included:
positive turns the person to their own left, so their right shoulder comes
nearer the camera.

>>> from kiosk.athlete.motion import Motion
>>> posture = Motion(turn=90.0, sway=0.0).posture(0.0, BodyShape())
>>> # Turned a quarter to their left, they face the camera's right (+x).
>>> [round(float(v), 3) for v in posture.facing]
[1.0, 0.0, 0.0]
"""

from __future__ import annotations

import math

import numpy as np

from kiosk.athlete.body import BodyShape, Posture
from kiosk.athlete.script import Script

UP = np.array([0.0, 1.0, 0.0])
FORWARD = np.array([0.0, 0.0, 1.0])  # towards the camera
# An Olympic bar (2.2 m; sleeves from 0.655 m out) with a 20 kg bumper plate (0.45 m across) each side.
BAR_HALF_LENGTH, BAR_RADIUS = 1.1, 0.014
PLATE_INNER, PLATE_OUTER, PLATE_RADIUS = 0.665, 0.725, 0.225


def feet(body: BodyShape, half_stance: float, turn_out: float, lift: float = 0.0) -> dict:
    """Each ankle's position and its foot's direction, standing ``half_stance`` metres either side."""
    turn = math.radians(turn_out)
    return {
        "left": (
            np.array([half_stance, body.ankle_height + lift, 0.0]),
            np.array([math.sin(turn), 0.0, math.cos(turn)]),
        ),
        "right": (
            np.array([-half_stance, body.ankle_height + lift, 0.0]),
            np.array([-math.sin(turn), 0.0, math.cos(turn)]),
        ),
    }


def assemble(
    motion: Script,
    body: BodyShape,
    t: float,
    rep: int | None,
    p: float,
    pelvis: np.ndarray,
    placed: dict,
    forward_lean: float,
    arms: str | None = None,
    turn: float | None = None,
) -> Posture:
    """The whole posture from the pelvis, the feet and the trunk's forward lean (degrees).

    ``p`` is how far into the rep (0 standing, 1 at the bottom); ``arms`` and
    ``turn`` override the motion's own (``"reach"``: hands towards the floor,
    as in picking something up).
    """
    sway = motion.sway * np.array(
        [math.sin(2 * math.pi * t / 3.1), 0.0, 0.5 * math.sin(2 * math.pi * t / 4.3)]
    )
    pelvis = pelvis + sway
    drop = math.radians(motion.fault("hip_drop", rep) * p)
    across = np.array([math.cos(drop), -math.sin(drop), 0.0])  # towards the left hip; left side lower
    # Lower the pelvis where a leg could not reach its ankle (standing straight, swaying).
    reach = (body.thigh + body.shank) * 0.998
    for sign, side in ((1.0, "left"), (-1.0, "right")):
        hip, ankle = pelvis + sign * body.hip_half_width * across, placed[side][0]
        flat = (hip[0] - ankle[0]) ** 2 + (hip[2] - ankle[2]) ** 2
        highest = ankle[1] + math.sqrt(max(reach**2 - flat, 0.0))
        if hip[1] > highest:
            pelvis = pelvis - np.array([0.0, hip[1] - highest, 0.0])
    joints = {"pelvis": pelvis}
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hip = pelvis + sign * body.hip_half_width * across
        ankle, foot_dir = placed[side]
        swing = motion.fault(f"{side}_knee_in", rep) - (motion.knees_out if rep else 0.0)
        valgus = math.radians(swing * p)
        knee = two_bone(hip, ankle, body.thigh, body.shank, foot_dir + 0.2 * UP, valgus, medial=-sign)
        joints[f"hip_{side}"], joints[f"knee_{side}"], joints[f"ankle_{side}"] = hip, knee, ankle
        ground = ankle[1] - body.ankle_height
        toe = ankle + foot_dir * body.foot
        toe[1] = ground + 0.025
        heel = ankle - foot_dir * 0.035 * body.height
        heel[1] = ground + 0.02
        joints[f"toe_{side}"], joints[f"heel_{side}"] = toe, heel
    lean = math.radians(motion.fault("trunk_lean", rep) * p)
    forward = math.radians(forward_lean)
    trunk = unit(np.array([math.tan(lean), 1.0, math.tan(forward)]))
    neck = pelvis + trunk * body.torso
    across_shoulders = unit(np.array([math.cos(lean), -math.sin(lean), 0.0]))
    joints["neck"] = neck
    joints["head"] = neck + trunk * (0.045 * body.height + body.head_radius)
    posture = Posture(joints, FORWARD.copy())
    _arms(posture, motion, body, rep, p, trunk, across_shoulders, arms or motion.arms)
    return turned(posture, motion.turn if turn is None else turn)


def _arms(posture: Posture, motion: Script, body: BodyShape, rep, p: float, trunk, across, arms: str) -> None:
    joints, neck = posture.joints, posture["neck"]
    overhead = bool(rep and motion.arms_overhead_every and rep % motion.arms_overhead_every == 0)
    raise_angle = math.radians((165 if overhead else 85) * p + 8)
    bar_centre = neck - trunk * 0.02 * body.height - FORWARD * 0.07  # on the upper back, behind the neck
    for side, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = neck - trunk * 0.03 * body.height + sign * body.shoulder_half_width * across
        if arms == "forward":
            arm = unit(np.array([sign * (0.18 - 0.12 * p), -math.cos(raise_angle), math.sin(raise_angle)]))
            elbow = shoulder + arm * body.upper_arm
            fore = unit(arm + np.array([-sign * 0.25 * p, 0.3 * p if not overhead else 0.0, 0.0]))
            wrist = elbow + fore * body.forearm
        elif arms == "overhead":  # straight arms held up in a wide Y over the feet, the whole set
            arm = unit(np.array([sign * 0.32, 1.0, -0.04]))
            elbow = shoulder + arm * body.upper_arm
            wrist = elbow + arm * body.forearm
        elif arms == "bar":  # hands on the bar a hand's width outside the shoulders, elbows back and down
            grip = bar_centre + sign * 1.5 * body.shoulder_half_width * across
            wrist = grip - trunk * 0.04 * body.height
            pole = -FORWARD - 0.6 * trunk + sign * 0.3 * across
            elbow = two_bone(shoulder, wrist, body.upper_arm, body.forearm, pole, 0.0, medial=-sign)
        else:  # "reach": hanging straight towards the floor in front of the feet
            arm = unit(np.array([sign * 0.04, -1.0, 0.35 * p]))
            elbow = shoulder + arm * body.upper_arm
            wrist = elbow + arm * body.forearm
        joints[f"shoulder_{side}"], joints[f"elbow_{side}"], joints[f"wrist_{side}"] = shoulder, elbow, wrist
    if arms == "bar":
        posture.bar = (bar_centre + across * BAR_HALF_LENGTH, bar_centre - across * BAR_HALF_LENGTH)


def turned(posture: Posture, degrees: float) -> Posture:
    """The posture turned about the vertical axis through the origin (+: to the person's own left)."""
    if not degrees:
        return posture
    angle = math.radians(degrees)
    c, s = math.cos(angle), math.sin(angle)
    rotation = np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    posture.joints = {name: rotation @ point for name, point in posture.joints.items()}
    posture.facing = rotation @ posture.facing
    posture.props = [corners @ rotation.T for corners in posture.props]
    if posture.bar is not None:
        posture.bar = (rotation @ posture.bar[0], rotation @ posture.bar[1])
    return posture


def box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The eight corners of an upright box, in the order the renderer expects (x, then y, then z)."""
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])


def two_bone(a, c, first: float, second: float, pole, swing: float, medial: float) -> np.ndarray:
    """Two-bone inverse kinematics: the middle joint on its circle, aimed at ``pole``, swung by ``swing``.

    A positive ``swing`` (radians) turns the joint towards ``medial`` (the
    sign of x that is the body's midline side), a negative one away from it.
    """
    axis = c - a
    reach = min(float(np.linalg.norm(axis)), first + second - 1e-4)
    axis = unit(axis)
    along = (first**2 - second**2 + reach**2) / (2 * reach)
    radius = math.sqrt(max(first**2 - along**2, 0.0))
    aim = unit(pole - axis * float(pole @ axis))
    side = np.cross(axis, aim)
    if side[0] * medial < 0:
        side = -side  # swing towards the body's midline
    aim = aim * math.cos(swing) + side * math.sin(swing)
    return a + axis * along + aim * radius


def unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1."""
    return v / np.linalg.norm(v)


def bottom_hip_height(body: BodyShape) -> float:
    """The hip joint's height at the bottom of the athlete's parallel squat."""
    return body.ankle_height + body.shank * math.cos(math.radians(38)) + 0.02 * body.height
