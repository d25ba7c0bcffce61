"""Scripted motion: where every joint is at time t, for each warm-up exercise and a few non-reps.

A set is a still lead-in (the coach takes its baseline there), then ``reps``
reps of ``rep_seconds`` with a pause between. Within a rep the phase ``p``
goes 0 → 1 → 0 (1 at the bottom). A negative lead-in starts the clip that
many seconds into the first rep, as a clip cut from a longer recording does.
Legs, trunk, arms and the turn towards the camera are posed by
:mod:`kiosk.athlete.skeleton`. The non-reps (``shuffle``, ``pick_up``;
:mod:`kiosk.athlete.everyday`) move in the same windows but are no reps:
their truth is zero reps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kiosk.athlete import everyday
from kiosk.athlete.body import BodyShape, Posture
from kiosk.athlete.script import Script
from kiosk.athlete.skeleton import assemble, bottom_hip_height, box_corners, feet, turned


@dataclass(frozen=True)
class Motion(Script):
    """One scripted set (:class:`~kiosk.athlete.script.Script`), posed: where every joint is at each moment.

    >>> motion = Motion("squat", reps=2, rep_seconds=2.0, pause=1.0, lead_in=2.0)
    >>> motion.duration, motion.rep_at(3.0)
    (8.0, (1, 0.5))
    >>> posture = motion.posture(3.0, BodyShape())  # the bottom of the first rep
    """

    def posture(self, t: float, body: BodyShape) -> Posture:
        """Every joint's position at time ``t``."""
        rep, s = self.rep_at(t)
        phase = (1 - math.cos(2 * math.pi * s)) / 2 if rep else 0.0
        builder = _POSTURES[self.exercise]
        return builder(self, body, t, rep, s, phase)


def _squat(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    depth = motion.rep_depth(rep) * p
    placed = feet(body, motion.stance * body.height, motion.turn_out)
    pelvis = np.array(
        [
            0.0,
            body.hip_height - depth * (body.hip_height - bottom_hip_height(body)),
            -0.17 * body.height * depth,
        ]
    )
    return assemble(motion, body, t, rep, p, pelvis, placed, forward_lean=8 + 38 * depth)


def _reverse_lunge(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    placed = feet(body, 0.09 * body.height, motion.turn_out)
    stepping = "right" if (rep or 1) % 2 else "left"
    leg = body.thigh + body.shank
    ankle, direction = placed[stepping]
    back = np.array([0.0, 0.09 * body.height * p + 0.05 * math.sin(math.pi * s), -0.75 * leg * p])
    placed[stepping] = (ankle + back, direction)
    sink = motion.rep_depth(rep) * p
    pelvis = np.array([0.0, body.hip_height - 0.42 * leg * sink, -0.28 * leg * p])
    return assemble(motion, body, t, rep, p, pelvis, placed, forward_lean=4 + 6 * p)


def _step_down(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    box = 0.2
    placed = feet(body, 0.08 * body.height, motion.turn_out, lift=box)
    free = "right" if (rep or 1) % 2 else "left"
    ankle, direction = placed[free]
    placed[free] = (ankle + np.array([0.0, -box * p, 0.28 * p]), direction)
    sink = motion.rep_depth(rep) * p
    pelvis = np.array(
        [0.0, box + body.hip_height - (box + 0.05) * sink - 0.08 * sink, -0.1 * body.height * p]
    )
    posture = assemble(motion, body, t, rep, p, pelvis, placed, forward_lean=6 + 18 * p, turn=0.0)
    posture.props.append(box_corners(np.array([-0.35, 0.0, -0.2]), np.array([0.35, box, 0.16])))
    return turned(posture, motion.turn)


def _drop_landing(motion: Motion, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    box, behind = 0.3, -0.55
    placed = feet(body, motion.stance * body.height, motion.turn_out)
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
    placed = {side: (ankle + lift, direction) for side, (ankle, direction) in placed.items()}
    shallow = motion.fault("shallow", rep)
    depth *= shallow if shallow else 1.0
    pelvis = np.array(
        [
            0.0,
            body.hip_height - depth * (body.hip_height - bottom_hip_height(body)),
            -0.17 * body.height * depth,
        ]
    )
    p = depth / max(motion.depth * 0.75, 1e-6) if rep else 0.0
    return assemble(motion, body, t, rep, p, pelvis + lift, placed, forward_lean=8 + 30 * depth)


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
    placed = feet(body, 0.11 * body.height, motion.turn_out)
    lead, trail = ("left", "right") if direction > 0 else ("right", "left")
    lead_move = min(1.0, s * 2) if rep else 0.0
    trail_move = max(0.0, s * 2 - 1) if rep else 0.0
    offsets = {lead: start + direction * lead_move, trail: start + direction * trail_move}
    for side, (ankle, foot_dir) in placed.items():
        lifted = 0.05 * math.sin(math.pi * (lead_move if side == lead else trail_move))
        placed[side] = (ankle + np.array([step * offsets[side], lifted, 0.0]), foot_dir)
    centre = (placed["left"][0][0] + placed["right"][0][0]) / 2
    depth = 0.4 if t >= motion.lead_in - 0.5 else 0.0
    pelvis = np.array(
        [
            centre,
            body.hip_height - depth * (body.hip_height - bottom_hip_height(body)),
            -0.17 * body.height * depth,
        ]
    )
    return assemble(motion, body, t, rep, depth, pelvis, placed, forward_lean=8 + 20 * depth)


_POSTURES = {
    "squat": _squat,
    "reverse_lunge": _reverse_lunge,
    "step_down": _step_down,
    "drop_landing": _drop_landing,
    "lateral_band_walk": _lateral_band_walk,
    "shuffle": everyday.shuffle,
    "pick_up": everyday.pick_up,
    "walk_out": everyday.walk_out,
}
