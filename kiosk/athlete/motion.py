"""Scripted motion: where every joint is at time t, for each warm-up exercise.

A set is a still lead-in (the coach takes its baseline there), then ``reps``
reps of ``rep_seconds`` with a pause between. Within a rep the phase ``p``
goes 0 → 1 → 0 (1 at the bottom). Legs are placed by two-bone inverse
kinematics from hip and ankle, with the knee aimed along the foot ("knees
over toes"); a knee-in fault of φ degrees swings the knee medially about the
hip–ankle axis by φ at the bottom, which keeps thigh and shank lengths, as
hip adduction and internal rotation do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from kiosk.athlete.body import BodyShape, Posture

EXERCISES = ("squat", "reverse_lunge", "step_down", "drop_landing", "lateral_band_walk")
FAULT_KINDS = ("left_knee_in", "right_knee_in", "hip_drop", "trunk_lean", "shallow")
UP = np.array([0.0, 1.0, 0.0])
FORWARD = np.array([0.0, 0.0, 1.0])  # towards the camera


@dataclass(frozen=True)
class FaultSpec:
    """A fault on some reps: knee-in and hip drop and trunk lean in degrees, shallow as a depth share.

    >>> parse_fault("left_knee_in:15@2,4")
    FaultSpec(kind='left_knee_in', magnitude=15.0, reps=(2, 4))
    """

    kind: str
    magnitude: float
    reps: tuple[int, ...]


def parse_fault(text: str) -> FaultSpec:
    """Parse ``KIND:MAGNITUDE@REP[,REP...]``; a ``ValueError`` says what is wrong."""
    match = re.fullmatch(r"([a-z_]+):([0-9]+(?:\.[0-9]+)?)@([0-9]+(?:,[0-9]+)*)", text.strip())
    if not match:
        raise ValueError(f"fault {text!r} is not KIND:MAGNITUDE@REP[,REP...], e.g. left_knee_in:15@2,4")
    kind, magnitude, reps = (
        match.group(1),
        float(match.group(2)),
        tuple(int(r) for r in match.group(3).split(",")),
    )
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault kind {kind!r} is not one of {', '.join(FAULT_KINDS)}")
    if kind == "shallow" and not 0 < magnitude < 1:
        raise ValueError(
            f"shallow:{match.group(2)} must be a depth share between 0 and 1, e.g. shallow:0.5@3"
        )
    if kind != "shallow" and magnitude > 40:
        raise ValueError(f"{kind}:{match.group(2)} is more than 40 degrees")
    if 0 in reps:
        raise ValueError(f"fault {text!r}: reps are numbered from 1")
    return FaultSpec(kind, magnitude, reps)


@dataclass(frozen=True)
class Motion:
    """One scripted set of an exercise.

    >>> motion = Motion("squat", reps=2, rep_seconds=2.0, pause=1.0, lead_in=2.0)
    >>> motion.duration, motion.rep_at(3.0)
    (8.0, (1, 0.5))
    """

    exercise: str = "squat"
    reps: int = 6
    rep_seconds: float = 2.2
    pause: float = 0.8
    lead_in: float = 2.0
    depth: float = 1.0
    stance: float = 0.13  # half the distance between the ankles, share of height
    turn_out: float = 12.0  # degrees, each foot
    faults: tuple[FaultSpec, ...] = ()
    sway: float = 0.008  # metres
    arms_overhead_every: int = 3  # every n-th rep the arms go overhead (0: never)
    tail: float = 1.0

    @property
    def duration(self) -> float:
        """Seconds from the first frame to the last."""
        return self.lead_in + self.reps * self.rep_seconds + (self.reps - 1) * self.pause + self.tail

    def rep_window(self, index: int) -> tuple[float, float, float]:
        """(start, bottom, end) of rep ``index`` (from 1), in seconds."""
        start = self.lead_in + (index - 1) * (self.rep_seconds + self.pause)
        return start, start + self.rep_seconds / 2, start + self.rep_seconds

    def rep_at(self, t: float) -> tuple[int | None, float]:
        """The rep under way at ``t`` and how far through it (0–1), or (None, 0)."""
        if t < self.lead_in:
            return None, 0.0
        index, into = divmod(t - self.lead_in, self.rep_seconds + self.pause)
        if index >= self.reps or into >= self.rep_seconds:
            return None, 0.0
        return int(index) + 1, into / self.rep_seconds

    def fault(self, kind: str, rep: int | None) -> float:
        """The magnitude of a fault on this rep (0: none)."""
        if rep is None:
            return 0.0
        return sum(f.magnitude for f in self.faults if f.kind == kind and rep in f.reps)

    def posture(self, t: float, body: BodyShape) -> Posture:
        """Every joint's position at time ``t``."""
        rep, s = self.rep_at(t)
        phase = (1 - math.cos(2 * math.pi * s)) / 2 if rep else 0.0
        builder = _POSTURES[self.exercise]
        return builder(self, body, t, rep, s, phase)


def _squat(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    shallow = motion.fault("shallow", rep)
    depth = motion.depth * (shallow if shallow else 1.0) * p
    feet = _feet(motion, body, motion.stance * body.height)
    bottom_hip = body.ankle_height + body.shank * math.cos(math.radians(38)) + 0.02 * body.height
    pelvis = np.array(
        [0.0, body.hip_height - depth * (body.hip_height - bottom_hip), -0.17 * body.height * depth]
    )
    return _assemble(motion, body, t, rep, p, pelvis, feet, forward_lean=8 + 38 * depth)


def _reverse_lunge(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    feet = _feet(motion, body, 0.09 * body.height)
    stepping = "right" if (rep or 1) % 2 else "left"
    leg = body.thigh + body.shank
    ankle, direction = feet[stepping]
    back = np.array([0.0, 0.09 * body.height * p + 0.05 * math.sin(math.pi * s), -0.75 * leg * p])
    feet[stepping] = (ankle + back, direction)
    pelvis = np.array([0.0, body.hip_height - 0.42 * leg * p, -0.28 * leg * p])
    return _assemble(motion, body, t, rep, p, pelvis, feet, forward_lean=4 + 6 * p)


def _step_down(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    box = 0.2
    feet = _feet(motion, body, 0.08 * body.height, lift=box)
    free = "right" if (rep or 1) % 2 else "left"
    ankle, direction = feet[free]
    feet[free] = (ankle + np.array([0.0, -box * p, 0.28 * p]), direction)
    pelvis = np.array([0.0, box + body.hip_height - (box + 0.05) * p - 0.08 * p, -0.1 * body.height * p])
    posture = _assemble(motion, body, t, rep, p, pelvis, feet, forward_lean=6 + 18 * p)
    posture.props.append((np.array([-0.35, 0.0, -0.2]), np.array([0.35, box, 0.16])))
    return posture


def _drop_landing(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    box, behind = 0.3, -0.55
    feet = _feet(motion, body, motion.stance * body.height)
    if rep is None:  # waiting on the box: before, between and after the landings
        height, back, depth = box, behind, 0.0
    elif s < 0.25:  # stepping off and falling
        fall = s / 0.25
        height, back, depth = box * (1 - fall**2), behind * (1 - fall), 0.0
    elif s < 0.75:  # contact at s = 0.25, absorbing to the bottom at 0.4, standing by 0.75
        absorb = math.sin(math.pi * min(1.0, (s - 0.25) / 0.3))
        height, back, depth = 0.0, 0.0, absorb * motion.depth * 0.75
    else:  # walking back up on to the box
        climb = (s - 0.75) / 0.25
        height, back, depth = box * climb, behind * climb, 0.0
    lift = np.array([0.0, height, back])
    feet = {side: (ankle + lift, direction) for side, (ankle, direction) in feet.items()}
    shallow = motion.fault("shallow", rep)
    depth *= shallow if shallow else 1.0
    bottom_hip = body.ankle_height + body.shank * math.cos(math.radians(38)) + 0.02 * body.height
    pelvis = np.array(
        [0.0, body.hip_height - depth * (body.hip_height - bottom_hip), -0.17 * body.height * depth]
    )
    p = depth / max(motion.depth * 0.75, 1e-6) if rep else 0.0
    return _assemble(motion, body, t, rep, p, pelvis + lift, feet, forward_lean=8 + 30 * depth)


def _lateral_band_walk(
    motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float
) -> Posture:
    half = motion.reps // 2
    step = 0.28

    def position(done: int) -> int:
        """Where both feet stand, in steps towards the left, after ``done`` steps: out, then back."""
        return done if done <= half else 2 * half - done

    if rep is None:
        done = sum(1 for index in range(1, motion.reps + 1) if motion.rep_window(index)[2] <= t)
        start, direction = position(done), 1.0
    else:
        start, direction = position(rep - 1), 1.0 if rep <= half else -1.0
    feet = _feet(motion, body, 0.11 * body.height)
    lead, trail = ("left", "right") if direction > 0 else ("right", "left")
    lead_move = min(1.0, s * 2) if rep else 0.0
    trail_move = max(0.0, s * 2 - 1) if rep else 0.0
    offsets = {lead: start + direction * lead_move, trail: start + direction * trail_move}
    for side, (ankle, foot_dir) in feet.items():
        lifted = 0.05 * math.sin(math.pi * (lead_move if side == lead else trail_move))
        feet[side] = (ankle + np.array([step * offsets[side], lifted, 0.0]), foot_dir)
    centre = (feet["left"][0][0] + feet["right"][0][0]) / 2
    depth = 0.4 if t >= motion.lead_in - 0.5 else 0.0
    bottom_hip = body.ankle_height + body.shank * math.cos(math.radians(38)) + 0.02 * body.height
    pelvis = np.array(
        [centre, body.hip_height - depth * (body.hip_height - bottom_hip), -0.17 * body.height * depth]
    )
    return _assemble(motion, body, t, rep, depth, pelvis, feet, forward_lean=8 + 20 * depth)


def _feet(motion: Motion, body: BodyShape, half_stance: float, lift: float = 0.0):
    turn = math.radians(motion.turn_out)
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


def _assemble(motion, body: BodyShape, t: float, rep, p: float, pelvis, feet, forward_lean: float) -> Posture:
    sway = motion.sway * np.array(
        [math.sin(2 * math.pi * t / 3.1), 0.0, 0.5 * math.sin(2 * math.pi * t / 4.3)]
    )
    pelvis = pelvis + sway
    drop = math.radians(motion.fault("hip_drop", rep) * p)
    across = np.array([math.cos(drop), -math.sin(drop), 0.0])  # towards the left hip; left side lower
    # Lower the pelvis where a leg could not reach its ankle (standing straight, swaying).
    reach = (body.thigh + body.shank) * 0.998
    for sign, side in ((1.0, "left"), (-1.0, "right")):
        hip, ankle = pelvis + sign * body.hip_half_width * across, feet[side][0]
        flat = (hip[0] - ankle[0]) ** 2 + (hip[2] - ankle[2]) ** 2
        highest = ankle[1] + math.sqrt(max(reach**2 - flat, 0.0))
        if hip[1] > highest:
            pelvis = pelvis - np.array([0.0, hip[1] - highest, 0.0])
    joints = {"pelvis": pelvis}
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hip = pelvis + sign * body.hip_half_width * across
        ankle, foot_dir = feet[side]
        valgus = math.radians(motion.fault(f"{side}_knee_in", rep) * p)
        knee = _knee(hip, ankle, body.thigh, body.shank, foot_dir + 0.2 * UP, valgus, medial=-sign)
        joints[f"hip_{side}"], joints[f"knee_{side}"], joints[f"ankle_{side}"] = hip, knee, ankle
        ground = ankle[1] - body.ankle_height
        toe = ankle + foot_dir * body.foot
        toe[1] = ground + 0.025
        heel = ankle - foot_dir * 0.035 * body.height
        heel[1] = ground + 0.02
        joints[f"toe_{side}"], joints[f"heel_{side}"] = toe, heel
    lean = math.radians(motion.fault("trunk_lean", rep) * p)
    forward = math.radians(forward_lean)
    trunk = _unit(np.array([math.tan(lean), 1.0, math.tan(forward)]))
    neck = pelvis + trunk * body.torso
    across_shoulders = _unit(np.array([math.cos(lean), -math.sin(lean), 0.0]))
    joints["neck"] = neck
    joints["head"] = neck + trunk * (0.045 * body.height + body.head_radius)
    overhead = bool(rep and motion.arms_overhead_every and rep % motion.arms_overhead_every == 0)
    raise_angle = math.radians((165 if overhead else 85) * p + 8)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = neck - trunk * 0.03 * body.height + sign * body.shoulder_half_width * across_shoulders
        arm = _unit(np.array([sign * (0.18 - 0.12 * p), -math.cos(raise_angle), math.sin(raise_angle)]))
        elbow = shoulder + arm * body.upper_arm
        fore = _unit(arm + np.array([-sign * 0.25 * p, 0.3 * p if not overhead else 0.0, 0.0]))
        joints[f"shoulder_{side}"], joints[f"elbow_{side}"] = shoulder, elbow
        joints[f"wrist_{side}"] = elbow + fore * body.forearm
    return Posture(joints, FORWARD.copy())


def _knee(hip, ankle, thigh: float, shank: float, pole, valgus: float, medial: float) -> np.ndarray:
    """Two-bone inverse kinematics: the knee on its circle, aimed at ``pole``, swung in by ``valgus``."""
    axis = ankle - hip
    reach = min(float(np.linalg.norm(axis)), thigh + shank - 1e-4)
    axis = _unit(axis)
    along = (thigh**2 - shank**2 + reach**2) / (2 * reach)
    radius = math.sqrt(max(thigh**2 - along**2, 0.0))
    aim = _unit(pole - axis * float(pole @ axis))
    side = np.cross(axis, aim)
    if side[0] * medial < 0:
        side = -side  # swing towards the body's midline
    aim = aim * math.cos(valgus) + side * math.sin(valgus)
    return hip + axis * along + aim * radius


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


_POSTURES = {
    "squat": _squat,
    "reverse_lunge": _reverse_lunge,
    "step_down": _step_down,
    "drop_landing": _drop_landing,
    "lateral_band_walk": _lateral_band_walk,
}
