"""The coach: fed one pose per frame, it measures, counts reps, judges them and picks the cue.

Pure Python and numpy: no pygame, no threads, no I/O. The same object serves
the live mirror and ``kiosk analyze``.

Budget: ≈ 0.1 ms per frame (measures twice, a few state machines).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from kiosk.coach.baseline import ABSENT_SECONDS, BaselineTracker
from kiosk.coach.built_in_exercises import Exercise
from kiosk.coach.cues import CueBoard
from kiosk.coach.depth import CameraMount, DepthGauge
from kiosk.coach.depth_reps import DepthRepTracker
from kiosk.coach.faults import Tone
from kiosk.coach.knee import KneeCheck, UsualTrack, knee_offsets, turn_shift
from kiosk.coach.metrics import FrameMetrics, measure
from kiosk.coach.observation import Observation
from kiosk.coach.standing import StandingReference
from kiosk.coach.summary import ExerciseSummary, exercise_summary
from kiosk.coach.trackers import tracker_for
from kiosk.coach.verdict import COOLDOWN_SECONDS, RepResult, Thresholds
from kiosk.coach.view import ViewVote
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import Pose

MAX_RESULTS = 2000


@dataclass(frozen=True)
class CoachUpdate:
    """What the coach concluded from one frame."""

    metrics: FrameMetrics
    knees: KneeCheck
    rep: RepResult | None
    cue: str
    reps: int
    # The side being worked now (the lunge's front leg, the band walk's direction, …), if any.
    side: str | None = None
    # Reps or steps done per side ("left", "right"): filled for per-side work.
    per_side: dict[str, int] = field(default_factory=dict)
    # Seconds held in position per side, for holds; empty otherwise.
    hold_seconds: dict[str, float] = field(default_factory=dict)
    # What the person must do before they can be coached (voted over a window), or ``None``: ready.
    problem: str | None = None
    # Whether the cue praises, corrects or instructs: the screen colours it by this.
    cue_tone: Tone = Tone.SETUP

    def done(self, exercise: Exercise) -> dict[str, float]:
        """Progress towards the exercise's target: per side, or ``{"both": n}``.

        >>> from kiosk.coach.built_in_exercises import exercise_by_id
        >>> update = CoachUpdate(FrameMetrics.empty(), None, None, "", 3, "left", {"left": 3, "right": 0})
        >>> update.done(exercise_by_id("reverse_lunge")), update.done(exercise_by_id("squat"))
        ({'left': 3, 'right': 0}, {'both': 3})
        """
        if exercise.hold_seconds is not None:
            return dict(self.hold_seconds) if exercise.per_side else {"both": sum(self.hold_seconds.values())}
        if exercise.per_side:
            return {"left": self.per_side.get("left", 0), "right": self.per_side.get("right", 0)}
        return {"both": self.reps}


@dataclass(frozen=True)
class ClipPrior:
    """What ``kiosk analyze`` learnt from the whole clip before replaying it through the coach.

    How the person stands (taken from any standing frame, before or after the
    reps) and how their knees usually track; the replay also lets the clip
    start mid-rep.
    """

    standing: StandingReference
    knees: UsualTrack | None = None


class Coach:
    """Coaches one exercise from a stream of poses.

    ``mount`` is the camera's mounting (``[camera]``), for depth; ``prior``
    is what an offline analysis learnt from the whole clip.

    >>> from kiosk.coach.built_in_exercises import exercise_by_id
    >>> coach = Coach(exercise_by_id("squat"))
    >>> coach.update(None, 0.0).cue
    'Step in front of the mirror'
    """

    def __init__(
        self,
        exercise: Exercise,
        thresholds: Thresholds | None = None,
        cooldown_seconds: float = COOLDOWN_SECONDS,
        mount: CameraMount | None = None,
        prior: ClipPrior | None = None,
    ):
        self.exercise = exercise
        self.thresholds = thresholds or Thresholds()
        self.baselines = BaselineTracker()
        # Only two-legged work stands still between reps: a landing starts on a box, a lunge steps back and
        # a step-down reaches a foot down, and the model can mistake one ankle for the other as the feet pass.
        follow_feet = exercise.judged == "bilateral"
        self.standing = prior.standing if prior is not None else StandingReference(follow_feet=follow_feet)
        self.gauge = DepthGauge(mount)
        self.views = ViewVote()
        # Bounded: a mirror that runs for months must not grow (the summary covers these reps).
        self.results: deque[RepResult] = deque(maxlen=MAX_RESULTS)
        self.cues = CueBoard(f"{exercise.name}: start when you are ready", cooldown_seconds)
        self.frames = 0
        self._last_seen: float | None = None
        self.facings: Counter[Facing] = Counter()
        options = {"reference": prior.knees if prior else None, "allow_mid_rep": prior is not None,
                   "gauge": self.gauge} if exercise.tracker == "reps" else {}  # fmt: skip
        self.tracker = tracker_for(exercise, self.thresholds, **options)
        # The depth-rep tracker, for what only it has (its counter, its gauge); ``None`` otherwise.
        self.reps_tracker = self.tracker if isinstance(self.tracker, DepthRepTracker) else None
        if self.tracker.hold is not None:
            self.cues.ready, self.cues.ready_tone = "Good — hold it", Tone.GOOD

    def finish(self) -> RepResult | None:
        """The clip has ended (offline): a last rep it stops in the middle of is judged, if it counts."""
        result = self.tracker.finish(self.baselines.baseline)
        if result is not None:
            self.results.append(result)
        return result

    @property
    def count(self) -> int:
        """Reps (or steps) counted so far."""
        return self.tracker.count

    @property
    def per_side(self) -> dict[str, int]:
        """Reps (or steps) per side so far."""
        return dict(self.tracker.per_side)

    def update(self, pose: Pose | None, t: float) -> CoachUpdate:
        """Feed one frame's pose (``None`` or not present: nobody there)."""
        self.frames += 1
        if pose is not None and not pose.present:
            pose = None
        raw = measure(pose) if pose is not None else FrameMetrics.empty()
        baseline = self.baselines.update(pose, raw, t)
        if pose is not None:
            absent = self._last_seen is not None and t - self._last_seen > ABSENT_SECONDS
            self._last_seen = t
        else:
            absent = False
        if self.baselines.new_person or absent:
            self.standing.reset()
            self.views.reset()
            self.tracker.reset()
        standing = self.standing.update(pose, t)
        view = self.views.update(pose, t, self.exercise.facing)
        metrics = measure(pose, baseline.leg_length) if pose is not None and baseline else raw
        if pose is not None:
            self.facings[pose.facing] += 1
        depths: dict[str, float] = {}
        offsets: dict[str, float | None] = {}
        shift = None
        if pose is not None and self.reps_tracker is not None:
            depths, offsets = self.gauge.depths(pose, standing), knee_offsets(pose, standing)
            shift = turn_shift(pose, standing)
        obs = Observation(t, pose, metrics, baseline, depths, offsets, shift, standing, view)
        tracker = self.tracker
        result = tracker.update(obs)
        problem = tracker.setup_cue(obs)
        if problem is None and tracker.in_position is False:
            problem = self.exercise.setup
        self.cues.setup(t, problem or tracker.live_cue)
        if result is not None:
            self.results.append(result)
            if result.judged:
                self.cues.after_rep(t, result, tracker.good_cue)
        return CoachUpdate(
            metrics, tracker.knees, result, self.cues.current, tracker.count, tracker.side,
            dict(tracker.per_side), dict(tracker.hold) if tracker.hold is not None else {},
            problem=view.problem, cue_tone=self.cues.tone,
        )  # fmt: skip

    def summary(self) -> ExerciseSummary:
        """What was done and how well: the one summary model (the summary screen's and the report's)."""
        tracker = self.tracker
        seen = sum(self.facings.values())
        side_on = (self.facings[Facing.SIDE] + self.facings[Facing.UNKNOWN]) / seen if seen else 0.0
        message = None
        if self.exercise.facing == "side" and seen and side_on < 0.5:
            message = (
                f"Filmed from the front: the {self.exercise.name.lower()} needs a side view. "
                "Film side-on to the camera."
            )
        elif self.exercise.facing == "front" and seen and side_on > 0.5:
            message = (
                "Filmed from the side: knee tracking needs a front view, so no rep was judged for "
                "knee tracking. Film facing the camera."
            )
        hold = {side: round(s, 1) for side, s in tracker.hold.items()} if tracker.hold is not None else None
        best = getattr(tracker, "best", None)
        done = {side: float(n) for side, n in tracker.per_side.items()} if self.exercise.per_side else {
            "both": float(tracker.count)
        }  # fmt: skip
        return exercise_summary(
            self.exercise, list(self.results), hold if hold is not None else done,
            reps=tracker.count, per_side=dict(tracker.per_side), hold_seconds=hold,
            best_shin_tilt={side: round(v, 1) for side, v in best.items()} if best is not None else None,
            message=message,
        )  # fmt: skip
