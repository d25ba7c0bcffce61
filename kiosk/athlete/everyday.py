"""Movements that are not reps: shuffling and chatting, and bending down to pick something up.

Each uses the set's rep windows as the moments something happens, but the
truth for all of them is zero reps: a coach that counts one is wrong.

- ``shuffle``: stepping from foot to foot in place (each foot lifts 3–6 cm
  in turn, the feet drift a few centimetres, the body turns ±8°) with a small
  knee bend in each window: hips 0.04–0.10 of the way to a parallel squat
  (25–40° of knee flexion; a quarter squat is 0.2 or more, 55°).
- ``walk_out``: walking backwards out of a rack with a bar on the back, one
  step per window, knees bent: hips 0.15–0.3 of the way to parallel (a
  quarter squat's depth), the stepping foot lifted 4 cm and set down 25–35 cm
  further back, the body following.
- ``pick_up``: a stoop to the floor: the trunk folds 65–82° forward, the hips
  go back and sink 0.3–0.55 of the way to parallel, the hands reach for the
  floor in front of the feet.

The irregular sizes and timings come from ``Script.seed``.

>>> from kiosk.athlete.motion import Motion
>>> from kiosk.athlete.body import BodyShape
>>> motion = Motion("pick_up", reps=1, lead_in=1.0, seed=3)
>>> bottom = motion.rep_window(1)[1]
>>> posture = motion.posture(bottom, BodyShape())
>>> bool(posture["wrist_left"][1] < 0.35)  # hands near the floor
True
"""

from __future__ import annotations

import math
import random

import numpy as np

from kiosk.athlete.body import BodyShape, Posture
from kiosk.athlete.script import Script
from kiosk.athlete.skeleton import assemble, bottom_hip_height, feet

# Shuffling: the knee bend in each window, as a share of the way to a parallel squat.
SHUFFLE_DIP = (0.04, 0.10)
# Walking out: how far the hips sink (share of parallel) and each step's length (metres).
WALK_OUT_DIP = (0.15, 0.30)
WALK_OUT_STEP = (0.25, 0.35)
# Picking something up: how far the hips sink (share of parallel) and the trunk folds (degrees).
PICK_UP_SINK = (0.30, 0.55)
PICK_UP_FOLD = (65.0, 82.0)


def shuffle(motion: Script, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    """Stepping from foot to foot in place and chatting, with a small knee bend now and then."""
    period = 1.1 + 0.5 * _draw(motion.seed, 0, 0)
    step = math.sin(2 * math.pi * t / period)
    lift = 0.03 + 0.03 * _draw(motion.seed, 0, 1)
    placed = feet(body, motion.stance * body.height, motion.turn_out)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        ankle, direction = placed[side]
        drift = np.array(
            [
                0.03 * math.sin(2 * math.pi * t / 5.3 + sign),
                lift * max(0.0, sign * step),
                0.04 * math.sin(2 * math.pi * t / 4.1 + 2 * sign + motion.seed),
            ]
        )
        placed[side] = (ankle + drift, direction)
    dip = _between(SHUFFLE_DIP, _draw(motion.seed, rep or 0, 2)) * p
    # The weight goes over the foot that stays down.
    shift = -0.025 * step
    pelvis = np.array(
        [
            shift,
            body.hip_height - dip * (body.hip_height - bottom_hip_height(body)),
            -0.17 * body.height * dip,
        ]
    )
    turn = motion.turn + 8.0 * math.sin(2 * math.pi * t / 7.7 + motion.seed)
    return assemble(motion, body, t, None, 0.3 * p, pelvis, placed, forward_lean=6 + 20 * dip, turn=turn)


def walk_out(motion: Script, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    """Stepping backwards with bent knees under a bar, one foot per window, the body following."""
    step = _between(WALK_OUT_STEP, _draw(motion.seed, 0, 5))
    done = [index for index in range(1, motion.reps + 1) if motion.rep_window(index)[2] <= t]
    placed = feet(body, motion.stance * body.height, motion.turn_out)
    moved = {}
    for side, parity in (("left", 1), ("right", 0)):  # the left foot steps in odd windows, the right in even
        moving = rep is not None and rep % 2 == parity
        moved[side] = step * (sum(1 for index in done if index % 2 == parity) + (s if moving else 0.0))
        ankle, direction = placed[side]
        lift = 0.04 * math.sin(math.pi * s) if moving else 0.0
        placed[side] = (ankle + np.array([0.0, lift, -moved[side]]), direction)
    back = (moved["left"] + moved["right"]) / 2
    dip = _between(WALK_OUT_DIP, _draw(motion.seed, rep or 0, 6)) * math.sin(math.pi * s) if rep else 0.0
    pelvis = np.array(
        [
            0.0,
            body.hip_height - dip * (body.hip_height - bottom_hip_height(body)),
            -back - 0.1 * body.height * dip,
        ]
    )
    return assemble(motion, body, t, None, 0.0, pelvis, placed, forward_lean=8 + 20 * dip, arms="bar")


def pick_up(motion: Script, body: BodyShape, t: float, rep: int | None, s: float, p: float) -> Posture:
    """Bending down to pick something up from the floor in front of the feet, and standing up again."""
    placed = feet(body, motion.stance * body.height, motion.turn_out)
    sink = _between(PICK_UP_SINK, _draw(motion.seed, rep or 0, 3)) * p
    fold = _between(PICK_UP_FOLD, _draw(motion.seed, rep or 0, 4)) * p
    pelvis = np.array(
        [
            0.0,
            body.hip_height - sink * (body.hip_height - bottom_hip_height(body)),
            -0.17 * body.height * sink - 0.1 * body.height * p,
        ]
    )
    return assemble(motion, body, t, None, p, pelvis, placed, forward_lean=8 + fold, arms="reach")


def _draw(seed: int, rep: int, what: int) -> float:
    """A repeatable number in [0, 1) for this seed, rep and quantity."""
    return random.Random(seed * 1_000_003 + rep * 101 + what).random()


def _between(bounds: tuple[float, float], share: float) -> float:
    return bounds[0] + (bounds[1] - bounds[0]) * share
