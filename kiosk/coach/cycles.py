"""A rep as a rise and fall of one measure, with hysteresis, and the shared shape of a tracker.

Bridges (hip extension), clamshells (knee opening), knee-to-wall pushes (shin
tilt) and hinges (trunk angle) are all counted the same way: a rep starts
when the measure rises past ``enter``, and ends when it falls back under
``leave``; it counts if it took a rep's time. Frames with no reading for
longer than ``max_gap`` abandon the rep in progress: never a guess.

Budget: a few microseconds per frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.coach.baseline import Baseline
from kiosk.coach.knee import KneeCheck
from kiosk.coach.metrics import FrameMetrics
from kiosk.coach.observation import Observation
from kiosk.coach.verdict import RepResult
from kiosk.coach.view import FACE_THE_MIRROR, NOBODY, TURN_SIDE_ON, ViewVote
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import Pose


@dataclass
class CycleFrame:
    """One frame of a cycle: its time, the measure, and whatever the tracker keeps with it."""

    t: float
    value: float
    data: Any = None


class CycleCounter:
    """Cycles of a measure rising past ``enter`` and falling back under ``leave``.

    >>> counter = CycleCounter(enter=150, leave=140, min_seconds=0.3)
    >>> angles = [135, 145, 155, 170, 170, 170, 150, 135] * 2
    >>> done = [counter.update(i / 5, a) for i, a in enumerate(angles)]
    >>> [round(max(f.value for f in c), 1) for c in done if c]
    [170, 170]
    """

    def __init__(
        self,
        enter: float,
        leave: float,
        min_seconds: float = 0.5,
        max_seconds: float = 10.0,
        max_gap: float = 0.5,
    ) -> None:
        self.enter, self.leave = enter, leave
        self.min_seconds, self.max_seconds, self.max_gap = min_seconds, max_seconds, max_gap
        self._current: list[CycleFrame] | None = None
        self._last_reading: float | None = None
        self._rest: CycleFrame | None = None

    @property
    def active(self) -> bool:
        """Whether a cycle is under way."""
        return self._current is not None

    def update(self, t: float, value: float | None, data: Any = None) -> list[CycleFrame] | None:
        """Feed one frame (``value`` ``None``: not measured); returns a completed cycle's frames."""
        if value is None:
            if self._last_reading is not None and t - self._last_reading > self.max_gap:
                self._current = None
            return None
        self._last_reading = t
        frame = CycleFrame(t, value, data)
        if self._current is None:
            if value >= self.enter:
                self._current = [self._rest, frame] if self._rest else [frame]
            elif value <= self.leave:
                self._rest = frame
            return None
        self._current.append(frame)
        if value > self.leave:
            if t - self._current[0].t > self.max_seconds:
                self._current = None
            return None
        frames, self._current, self._rest = self._current, None, frame
        return frames if self.min_seconds <= frames[-1].t - frames[0].t <= self.max_seconds else None


@dataclass
class Tracker:
    """What every tracker offers the coach: counts per side, holds, the live cue and readings."""

    count: int = 0
    per_side: dict[str, int] = field(default_factory=lambda: {"left": 0, "right": 0})
    hold: dict[str, float] | None = None
    side: str | None = None
    live_cue: str | None = None
    # For holds: whether the person is in position this frame (``None``: not a hold).
    in_position: bool | None = None
    good_cue: str = "Good rep"
    # Which way the exercise is done: "front" or "side" (set from the exercise by the registry).
    facing: str = "front"
    knees: KneeCheck = field(default_factory=KneeCheck.unknown)

    def __post_init__(self) -> None:
        self._views = ViewVote()

    def setup_cue(self, obs: Observation) -> str | None:
        """What the person must do first: face the right way (voted over a window over the frames fed)."""
        return self._views.view.problem

    def update(self, obs: Observation) -> RepResult | None:
        """Feed one frame; returns the rep (step, hold) it completed, if any."""
        facing = obs.pose.facing if obs.pose is not None else Facing.UNKNOWN
        cue = self._views.vote(facing, facing_cue(obs.pose, self.facing), obs.t).problem
        self.knees = KneeCheck.unknown(cue or "")
        return self.step(obs.pose if cue is None else None, obs.metrics, obs.t, obs.baseline)

    def reset(self) -> None:
        """A new person: nothing to forget but the vote."""
        self._views.reset()

    def finish(self, baseline: Baseline | None) -> RepResult | None:
        """The end of a clip: nothing is left half done."""
        return None

    def step(
        self, pose: Pose | None, metrics: FrameMetrics, t: float, baseline: Baseline | None
    ) -> RepResult | None:
        """One frame's pose (``None``: nobody, or facing the wrong way); the rep it completed, if any."""
        raise NotImplementedError

    def _counted(
        self,
        start: float,
        bottom: float,
        end: float,
        faults: Iterable[str],
        metrics: Mapping[str, float | None],
        side: str | None = None,
    ) -> RepResult:
        """Count a rep (step, push, hold) and return its result."""
        self.count += 1
        if side is not None:
            self.per_side[side] += 1
        return RepResult(self.count, start, bottom, end, tuple(faults), dict(metrics), side)


def facing_cue(pose: Pose | None, facing: str) -> str | None:
    """What the person must do first for an exercise done facing ``facing``, or ``None``.

    >>> facing_cue(None, "side")
    'Step in front of the mirror'
    """
    if pose is None:
        return NOBODY
    if facing == "side" and pose.facing is not Facing.SIDE:
        return TURN_SIDE_ON
    if facing == "front" and pose.facing not in (Facing.FRONT, Facing.BACK):
        return FACE_THE_MIRROR
    return None
