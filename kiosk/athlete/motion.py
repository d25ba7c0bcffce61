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
import re
from dataclasses import dataclass

import numpy as np

from kiosk.athlete import everyday
from kiosk.athlete.body import BodyShape, Posture
from kiosk.athlete.skeleton import ARMS, assemble, bottom_hip_height, box_corners, feet, turned
from kiosk.coach.faults import FAULTS

EXERCISES = ("squat", "reverse_lunge", "step_down", "drop_landing", "lateral_band_walk")
NON_REPS = ("shuffle", "pick_up", "walk_out")
MOTIONS = EXERCISES + NON_REPS
# The coach's faults (kiosk/coach/faults.py) that the athlete's motion can act out.
ACTED_OUT = ("left_knee_in", "right_knee_in", "hip_drop", "trunk_lean", "shallow")
FAULT_KINDS = tuple(fault for fault in FAULTS if fault in ACTED_OUT)


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
    """One scripted set of an exercise (or of a non-rep: shuffling, picking something up).

    >>> motion = Motion("squat", reps=2, rep_seconds=2.0, pause=1.0, lead_in=2.0)
    >>> motion.duration, motion.rep_at(3.0)
    (8.0, (1, 0.5))
    >>> # Starting 0.5 s into the first rep: a quarter of the way through it.
    >>> Motion("squat", reps=2, rep_seconds=2.0, lead_in=-0.5).rep_at(0.0)
    (1, 0.25)
    """

    exercise: str = "squat"
    reps: int = 6
    rep_seconds: float = 2.2
    pause: float = 0.8
    lead_in: float = 2.0  # seconds standing before the first rep; negative: the clip starts mid-rep
    depth: float = 1.0  # share of the way to the athlete's parallel squat (hips at knee height)
    stance: float = 0.13  # half the distance between the ankles, share of height
    turn_out: float = 12.0  # degrees, each foot
    faults: tuple[FaultSpec, ...] = ()
    sway: float = 0.008  # metres
    arms_overhead_every: int = 3  # with arms "forward": every n-th rep the arms go overhead (0: never)
    tail: float = 1.0
    turn: float = 0.0  # degrees about the vertical, + to the person's own left (right shoulder nearer)
    arms: str = "forward"  # forward, overhead (the whole set) or bar (a barbell on the back)
    knees_out: float = 0.0  # degrees each knee swings out past the foot at the bottom (good form)
    seed: int = 0  # the non-reps' irregular timing

    def __post_init__(self):
        if self.exercise not in MOTIONS:
            raise ValueError(f"the athlete cannot do {self.exercise!r}: choose one of {', '.join(MOTIONS)}")
        if self.arms not in ARMS:
            raise ValueError(f"arms {self.arms!r} is not one of {', '.join(ARMS)}")
        if self.lead_in <= -self.rep_seconds / 2:
            raise ValueError(
                f"a lead-in of {self.lead_in} s starts after the bottom of the first rep: "
                f"give more than {-self.rep_seconds / 2:g} s"
            )

    @property
    def duration(self) -> float:
        """Seconds from the first frame to the last."""
        return self.lead_in + self.reps * self.rep_seconds + (self.reps - 1) * self.pause + self.tail

    @property
    def counts_reps(self) -> bool:
        """Whether the set is made of reps (``False`` for shuffling or picking something up)."""
        return self.exercise not in NON_REPS

    def rep_window(self, index: int) -> tuple[float, float, float]:
        """(start, bottom, end) of rep ``index`` (from 1), in seconds of the clip (start < 0: before it)."""
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

    def rep_depth(self, rep: int | None) -> float:
        """How deep this rep goes, as a share of the athlete's parallel squat (``shallow`` scales it)."""
        shallow = self.fault("shallow", rep)
        return self.depth * (shallow if shallow else 1.0)

    def working_side(self, rep: int) -> str | None:
        """The leg that does the work on a single-leg rep: the step-down's stance leg, the lunge's front leg.

        >>> Motion("step_down").working_side(1), Motion("squat").working_side(1)
        ('left', None)
        """
        if self.exercise in ("step_down", "reverse_lunge"):
            return "left" if rep % 2 else "right"  # the right foot steps down or back on odd reps
        return None

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
