"""A set's script: the exercise, its reps and their timing, the faults acted out: when, not where.

The athlete's joints are posed from it by :mod:`kiosk.athlete.motion` (through
:mod:`kiosk.athlete.skeleton` and :mod:`kiosk.athlete.everyday`), which all read
this one description of the set, so none of them needs another.

>>> script = Script("step_down", reps=4, faults=(parse_fault("left_knee_in:15@2"),))
>>> script.fault("left_knee_in", 2), script.fault("left_knee_in", 3)
(15.0, 0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.coach.faults import FAULTS

EXERCISES = ("squat", "reverse_lunge", "step_down", "drop_landing", "lateral_band_walk")
NON_REPS = ("shuffle", "pick_up", "walk_out")
MOTIONS = EXERCISES + NON_REPS
# The coach's faults (kiosk/coach/faults.py) that the athlete's motion can act out.
ACTED_OUT = ("left_knee_in", "right_knee_in", "hip_drop", "trunk_lean", "shallow")
FAULT_KINDS = tuple(fault for fault in FAULTS if fault in ACTED_OUT)
# What the arms do: forward at the bottom of each rep (overhead every few reps) as the athlete
# always did; overhead the whole set (an overhead squat); holding a bar on the back (a back squat).
ARMS = ("forward", "overhead", "bar")


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
class Script:
    """One scripted set of an exercise (or of a non-rep: shuffling, picking something up): its timing.

    >>> script = Script("squat", reps=2, rep_seconds=2.0, pause=1.0, lead_in=2.0)
    >>> script.duration, script.rep_at(3.0)
    (8.0, (1, 0.5))
    >>> # Starting 0.5 s into the first rep: a quarter of the way through it.
    >>> Script("squat", reps=2, rep_seconds=2.0, lead_in=-0.5).rep_at(0.0)
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

        >>> Script("step_down").working_side(1), Script("squat").working_side(1)
        ('left', None)
        """
        if self.exercise in ("step_down", "reverse_lunge"):
            return "left" if rep % 2 else "right"  # the right foot steps down or back on odd reps
        return None
