"""Rep segmentation: a state machine on depth with hysteresis.

A rep starts when the hips sink past ``enter_depth`` and ends when they come
back above ``exit_depth``; it counts if it reached ``count_depth``, took a
rep's time, and the trunk stayed upright enough to be a squat. Depth is
:mod:`kiosk.coach.depth`'s: 0 standing, 1 thighs parallel, whatever the
camera's height.

What separates a rep from shuffling into position and chatting is depth on
the shallower leg, and, for the shallowest reps, feet that stay put:

- stepping from foot to foot sinks one hip and not the other, and soft knees
  while talking or getting ready sink both by under 0.08 of a squat to
  parallel (0.07 at most for the synthetic athlete stepping in place). A
  deliberate quarter squat, 45–60° of knee flexion, sinks them by 0.14–0.26
  (Winter's segment lengths; 0.14–0.24 for the synthetic athlete's from any
  camera), hence ``count_depth`` 0.13 between them;
- walking, a walk-out from a rack or a step back bends both knees a little
  too (0.15 in the real side-view gym clip's walk-out), but moves both feet:
  a rep shallower than ``SHALLOW_REP_DEPTH`` counts only if the stiller foot
  stays within ``FEET_STILL`` leg lengths (the walk-out's moved 0.08, the
  athlete's straightening up from picking something up 0.054; its quarter
  squats' at most 0.03, with 6 px of keypoint noise); and one shallower than
  ``WALK_DEPTH`` only if it stays within ``FEET_WALKED``: walking away from
  the camera makes a person look shorter, so a walk-out reads deeper than it is;
- bending down to pick something up sinks the hips further, but folds the
  trunk past a squat's lean (``bent_over``, from
  :meth:`kiosk.coach.depth.DepthGauge.trunk_lean`); half-squatting for a long
  chat takes longer than ``max_seconds``.

A clip that starts mid-rep (``allow_mid_rep``, offline only) counts its
first rep from its first frame, and one that ends as the person comes up
counts its last (:meth:`RepCounter.finish`).

Budget: ≈ 5 µs per frame.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.coach.metrics import FrameMetrics
from kiosk.pose.keypoints import Keypoint, Pose

# A gap with no depth reading longer than this abandons the rep in progress.
MAX_GAP_SECONDS = 0.5
# A clip that starts mid-rep shows its first rep deeper and longer than the model's first frames can fake
# (the crop and the smoothing settle on the person within a few frames).
MID_REP_DEPTH = 0.3
MID_REP_SECONDS = 0.4
# A rep shallower than this (a quarter squat) must keep the feet still to count (see above).
SHALLOW_REP_DEPTH = 0.3
FEET_STILL = 0.05
# A rep short of this depth whose stiller foot moved this far is walking (a walk-out under a bar going away
# from the camera reads 0.37–0.40 deep offline as the person shrinks, with both feet moving 0.13; the
# athlete's squats and step-downs move the stiller foot 0.045 at most with keypoint noise). Not for landings.
WALK_DEPTH = 0.6
FEET_WALKED = 0.08
# Ankle positions are read through a median of this many frames, so one jittery keypoint moves no foot.
FEET_MEDIAN_FRAMES = 5
ANKLES = {"left": Keypoint.LEFT_ANKLE, "right": Keypoint.RIGHT_ANKLE}


def rep_key(start: float) -> float:
    """What names a rep across replays of the same clip: its start, to the millisecond.

    >>> rep_key(1.23456)
    1.235
    """
    return round(start, 3)


@dataclass(frozen=True)
class RepSettings:
    """Thresholds of the rep state machine (depth: 0 standing, 1 thighs parallel)."""

    count_depth: float = 0.13
    enter_depth: float = 0.10
    exit_depth: float = 0.05
    min_seconds: float = 0.5
    max_seconds: float = 6.0
    feet_stay: bool = True  # both feet stay put through a rep: two-legged work, not a landing or a step-down


@dataclass
class RepFrame:
    """One frame inside a rep: its time and depth, and what the coach measured then."""

    t: float
    depth: float
    metrics: FrameMetrics = field(default_factory=FrameMetrics.empty)
    standing: Any = None
    pose: Pose | None = None
    knees: dict[str, float | None] = field(default_factory=dict)
    shift: float | None = None
    view: Any = None
    depths: dict[str, float] = field(default_factory=dict)


@dataclass
class Rep:
    """A counted rep: its frames from start to end, and the deepest one."""

    index: int
    frames: list[RepFrame] = field(default_factory=list)

    @property
    def start(self) -> float:
        """Time the rep started, in seconds."""
        return self.frames[0].t

    @property
    def end(self) -> float:
        """Time the rep ended."""
        return self.frames[-1].t

    @property
    def bottom(self) -> RepFrame:
        """The deepest frame."""
        return max(self.frames, key=lambda f: f.depth)

    def deepest(self, side: str) -> RepFrame:
        """The frame where one leg bent most: a single-leg rep's bottom is its stance leg's."""
        bent = [f for f in self.frames if side in f.depths]
        return max(bent, key=lambda f: f.depths[side]) if bent else self.bottom

    def feet_moved(self) -> float | None:
        """How far the stiller foot strayed from where it stood at the rep's start, in standing leg lengths.

        Each ankle is read through a median of ``FEET_MEDIAN_FRAMES`` frames;
        ``None`` when neither ankle was seen long enough.
        """
        standing = self.frames[0].standing
        if standing is None:
            return None
        strayed = []
        for keypoint in ANKLES.values():
            points = [
                p for f in self.frames if f.pose is not None and (p := f.pose.point(keypoint)) is not None
            ]
            if len(points) < FEET_MEDIAN_FRAMES:
                continue
            n = FEET_MEDIAN_FRAMES
            medians = [
                (
                    statistics.median(p[0] for p in points[i : i + n]),
                    statistics.median(p[1] for p in points[i : i + n]),
                )
                for i in range(len(points) - n + 1)
            ]
            strayed.append(max(math.dist(medians[0], m) for m in medians))
        return min(strayed) / standing.leg_length if strayed else None

    def stance_leg(self) -> str | None:
        """The leg that carried the weight: the one whose ankle moved least over the rep.

        The lunge's back foot steps away, the step-down's free foot reaches
        down, a single-leg reach swings the free foot out; the stance foot
        stays put.
        """
        moved = {}
        for side, keypoint in ANKLES.items():
            points = [
                point
                for f in self.frames
                if f.pose is not None and (point := f.pose.point(keypoint)) is not None
            ]
            if len(points) < 2:
                continue
            moved[side] = max(math.dist(points[0], p) for p in points)
        if len(moved) < 2:
            return next(iter(moved), None)
        return min(moved, key=moved.__getitem__)


class RepCounter:
    """Counts reps from a stream of depths, each exactly once.

    >>> counter = RepCounter()
    >>> depths = [0.0] * 5 + [0.2, 0.4, 0.6, 0.8, 0.9, 0.8, 0.6, 0.4, 0.2, 0.0] * 2
    >>> reps = [counter.update(RepFrame(i / 10, d)) for i, d in enumerate(depths)]
    >>> [rep.index for rep in reps if rep]
    [1, 2]
    """

    def __init__(
        self,
        settings: RepSettings | None = None,
        allow_mid_rep: bool = False,
        bent_over: Callable[[Rep], bool] | None = None,
    ):
        self.settings = settings or RepSettings()
        self.bent_over = bent_over
        self.count = 0
        self.allow_mid_rep = allow_mid_rep
        self._current: list[RepFrame] | None = None
        self._standing: RepFrame | None = None
        self._last_reading: float | None = None
        self._mid_rep = False

    @property
    def current(self) -> Rep | None:
        """The rep under way so far (not yet counted), or ``None``."""
        return Rep(self.count + 1, self._current) if self._current else None

    def reset(self) -> None:
        """Drop any rep in progress (the count stays)."""
        self._current = None

    def update(self, frame: RepFrame | None, t: float | None = None) -> Rep | None:
        """Feed one frame (``None``: no depth reading at ``t``); returns the rep it completed, if any."""
        settings = self.settings
        if frame is None:
            stale = (
                self._last_reading is not None and t is not None and t - self._last_reading > MAX_GAP_SECONDS
            )
            if self._current is not None and stale:
                self._current = None
            return None
        first = self._last_reading is None
        self._last_reading = frame.t
        depth = frame.depth
        if self._current is None:
            if depth >= settings.enter_depth:
                self._current = [self._standing, frame] if self._standing else [frame]
                self._mid_rep = first and self.allow_mid_rep
            elif depth <= settings.exit_depth:
                self._standing = frame  # the rep will be timed from the last standing frame
            return None
        self._current.append(frame)
        if depth > settings.exit_depth:
            if frame.t - self._current[0].t > settings.max_seconds:
                self._current = None  # held low: chatting, stretching, not a rep
            return None
        frames, self._current = self._current, None
        self._standing = frame
        rep = Rep(self.count + 1, frames)
        if not self._is_rep(rep, self._mid_rep):
            return None
        self.count += 1
        return rep

    def finish(self) -> Rep | None:
        """The end of a clip: a rep still under way counts if it has come back up past half its depth.

        Offline only: a clip that stops as the person straightens up still shows the whole rep's
        bottom.
        """
        frames, self._current = self._current, None
        if not frames or frames[-1].depth > 0.5 * max(f.depth for f in frames):
            return None
        rep = Rep(self.count + 1, frames)
        if not self._is_rep(rep, mid_rep=True):
            return None
        self.count += 1
        return rep

    def _is_rep(self, rep: Rep, mid_rep: bool) -> bool:
        settings = self.settings
        bottom = rep.bottom
        if bottom.depth < settings.count_depth:
            return False
        seconds = rep.end - rep.start
        # A rep the clip starts in the middle of has lost its first half: only its end is timed, and
        # it must go deeper than the first frames' settling can fake.
        if mid_rep and (bottom.depth < MID_REP_DEPTH or seconds < MID_REP_SECONDS):
            return False
        if not (0 if mid_rep else settings.min_seconds) <= seconds <= settings.max_seconds:
            return False
        if bottom.depth < SHALLOW_REP_DEPTH or (settings.feet_stay and bottom.depth < WALK_DEPTH):
            moved = rep.feet_moved()
            limit = FEET_STILL if bottom.depth < SHALLOW_REP_DEPTH else FEET_WALKED
            if moved is not None and moved > limit:
                return False
        return self.bent_over is None or not self.bent_over(rep)
