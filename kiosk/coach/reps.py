"""Rep segmentation: a state machine on depth with hysteresis.

A rep starts when the hips sink past ``enter_depth`` and ends when they come
back above ``exit_depth``. It counts only if it went deep enough, took a
squat's time, and the trunk stayed upright enough to be a squat: shuffling
into position, bending down to pick up a band or half-squatting to chat are
not reps.

Budget: ≈ 5 µs per frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.coach.metrics import FrameMetrics
from kiosk.pose.keypoints import Pose

# A gap with no depth reading longer than this abandons the rep in progress.
MAX_GAP_SECONDS = 0.5


@dataclass(frozen=True)
class RepSettings:
    """Thresholds of the rep state machine (depth: 0 standing, 1 hips at knee height)."""

    enter_depth: float = 0.3
    exit_depth: float = 0.15
    count_depth: float = 0.45
    min_seconds: float = 0.5
    max_seconds: float = 6.0
    # Trunk height at the bottom, as a share of standing: below it the person bent over.
    min_trunk_height: float = 0.35


@dataclass
class RepFrame:
    """One frame inside a rep: its time, depth, measures and the trunk's height share."""

    t: float
    depth: float
    metrics: FrameMetrics
    trunk_height: float | None
    pose: Pose | None = None


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


class RepCounter:
    """Counts reps from a stream of depths, each exactly once.

    >>> from kiosk.coach.metrics import FrameMetrics
    >>> counter = RepCounter()
    >>> depths = [0.0] * 5 + [0.2, 0.4, 0.6, 0.8, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1] * 2
    >>> reps = [counter.update(i / 10, d, FrameMetrics.empty(), 1.0) for i, d in enumerate(depths)]
    >>> [rep.index for rep in reps if rep]
    [1, 2]
    """

    def __init__(self, settings: RepSettings | None = None):
        self.settings = settings or RepSettings()
        self.count = 0
        self._current: list[RepFrame] | None = None
        self._standing: RepFrame | None = None
        self._last_reading: float | None = None

    @property
    def in_rep(self) -> bool:
        """Whether a rep is under way."""
        return self._current is not None

    def reset(self) -> None:
        """Drop any rep in progress (the count stays)."""
        self._current = None

    def update(
        self,
        t: float,
        depth: float | None,
        metrics: FrameMetrics,
        trunk_height: float | None,
        pose: Pose | None = None,
    ) -> Rep | None:
        """Feed one frame's depth (``None``: not measured); returns the rep it completed, if any."""
        settings = self.settings
        if depth is None:
            stale = self._last_reading is not None and t - self._last_reading > MAX_GAP_SECONDS
            if self._current is not None and stale:
                self._current = None
            return None
        self._last_reading = t
        frame = RepFrame(t, depth, metrics, trunk_height, pose)
        if self._current is None:
            if depth >= settings.enter_depth:
                self._current = [self._standing, frame] if self._standing else [frame]
            elif depth <= settings.exit_depth:
                self._standing = frame  # the rep will be timed from the last standing frame
            return None
        self._current.append(frame)
        if depth > settings.exit_depth:
            if t - self._current[0].t > settings.max_seconds:
                self._current = None  # held low: chatting, stretching, not a rep
            return None
        frames, self._current = self._current, None
        self._standing = frame
        rep = Rep(self.count + 1, frames)
        if not self._is_rep(rep):
            return None
        self.count += 1
        return rep

    def _is_rep(self, rep: Rep) -> bool:
        settings = self.settings
        bottom = rep.bottom
        if bottom.depth < settings.count_depth:
            return False
        if not settings.min_seconds <= rep.end - rep.start <= settings.max_seconds:
            return False
        return bottom.trunk_height is None or bottom.trunk_height >= settings.min_trunk_height
