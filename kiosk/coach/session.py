"""The coach: fed one pose per frame, it measures, counts reps, judges them and picks the cue.

Pure Python and numpy: no pygame, no threads, no I/O. The same object serves
the live mirror and ``kiosk analyze``.

Budget: ≈ 0.1 ms per frame (measures twice, a few state machines).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from kiosk.coach.baseline import BaselineTracker, torso_height
from kiosk.coach.cues import HOLD_STILL, CueBoard
from kiosk.coach.exercises import Exercise
from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict, check_knees
from kiosk.coach.metrics import FrameMetrics, measure
from kiosk.coach.reps import RepCounter, RepSettings
from kiosk.coach.trackers import tracker_for
from kiosk.coach.verdict import RepResult, Thresholds, judge
from kiosk.pose.facing import Facing
from kiosk.pose.keypoints import Pose

MAX_RESULTS = 2000
# Knees are judged once the person has faced the mirror this long.
FACING_SETTLE_SECONDS = 0.3
SAFETY_NOTE = (
    "Coaching, not diagnosis: sharp or sudden pain, swelling, instability, or pain that does "
    "not improve means see a physiotherapist or doctor."
)


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

    def done(self, exercise: Exercise) -> dict[str, float]:
        """Progress towards the exercise's target: per side, or ``{"both": n}``.

        >>> from kiosk.coach.exercises import exercise_by_id
        >>> update = CoachUpdate(FrameMetrics.empty(), None, None, "", 3, "left", {"left": 3, "right": 0})
        >>> update.done(exercise_by_id("reverse_lunge")), update.done(exercise_by_id("squat"))
        ({'left': 3, 'right': 0}, {'both': 3})
        """
        if exercise.hold_seconds is not None:
            return dict(self.hold_seconds) if exercise.per_side else {"both": sum(self.hold_seconds.values())}
        if exercise.per_side:
            return {"left": self.per_side.get("left", 0), "right": self.per_side.get("right", 0)}
        return {"both": self.reps}


# Landings and single-leg step-downs bend the knee less than a squat: a landing absorbs to about
# 60–90° of knee flexion, a step-down to about 60°, where a squat to parallel passes 100°.
# A landing is also quick: contact to standing in a few tenths of a second.
STEP_DOWN_REPS = RepSettings(enter_depth=0.2, exit_depth=0.1, count_depth=0.3)
LANDING_REPS = RepSettings(enter_depth=0.2, exit_depth=0.1, count_depth=0.3, min_seconds=0.2)


def rep_settings_for(exercise: Exercise) -> RepSettings:
    """The rep counter's thresholds for an exercise's movement.

    >>> from kiosk.coach.exercises import exercise_by_id
    >>> [rep_settings_for(exercise_by_id(i)).count_depth for i in ("drop_landing", "step_down", "squat")]
    [0.3, 0.3, 0.45]
    """
    return {"landing": LANDING_REPS, "stance_leg": STEP_DOWN_REPS}.get(exercise.judged, RepSettings())


class Coach:
    """Coaches one exercise from a stream of poses.

    >>> from kiosk.coach.exercises import exercise_by_id
    >>> coach = Coach(exercise_by_id("squat"))
    >>> coach.update(None, 0.0).cue
    'Step in front of the mirror'
    """

    def __init__(
        self,
        exercise: Exercise,
        thresholds: Thresholds | None = None,
        reps: RepSettings | None = None,
        cooldown_seconds: float = 3.0,
    ):
        self.exercise = exercise
        self.thresholds = thresholds or Thresholds()
        self.counter = RepCounter(reps or rep_settings_for(exercise))
        self.baselines = BaselineTracker()
        # Bounded: a mirror that runs for months must not grow (the summary covers these reps).
        self.results: deque[RepResult] = deque(maxlen=MAX_RESULTS)
        self.cues = CueBoard(f"{exercise.name}: start when you are ready", cooldown_seconds)
        self.frames = 0
        self.facings: Counter[Facing] = Counter()
        self._facing_since: float | None = None
        self._history: dict[str, list[float]] = {"left": [], "right": []}
        self.tracker = tracker_for(exercise, self.thresholds)
        self.per_side = {"left": 0, "right": 0}
        if self.tracker is not None and self.tracker.hold is not None:
            self.cues.ready = "Good — hold it"

    def update(self, pose: Pose | None, t: float) -> CoachUpdate:
        """Feed one frame's pose (``None`` or not present: nobody there)."""
        self.frames += 1
        if pose is not None and not pose.present:
            pose = None
        raw = measure(pose) if pose is not None else FrameMetrics.empty()
        baseline = self.baselines.update(pose, raw, t)
        if self.baselines.new_person:
            self.counter.reset()
            self._history = {"left": [], "right": []}
        metrics = measure(pose, baseline.leg_length) if pose is not None and baseline else raw
        if pose is not None:
            self.facings[pose.facing] += 1
        asymmetry = (
            self.thresholds.knee_in_asymmetry if self.exercise.judged in ("bilateral", "landing") else None
        )
        knees = (
            check_knees(pose, self.thresholds.knee_in_offset, asymmetry) if pose is not None else _nobody()
        )
        if pose is None or pose.facing not in (Facing.FRONT, Facing.BACK):
            self._facing_since = None
        elif self._facing_since is None:
            self._facing_since = t
        judging = (
            knees.left.verdict is not KneeVerdict.UNKNOWN or knees.right.verdict is not KneeVerdict.UNKNOWN
        )
        if judging and (self._facing_since is None or t - self._facing_since < FACING_SETTLE_SECONDS):
            # Turning through a front-looking angle for a frame or two is not facing the mirror.
            knees, judging = _unknown_knees("Turn to face the mirror"), False
        if self.tracker is not None:
            return self._track(pose, metrics, knees, baseline, t)
        setup_cue = None if judging else knees.cue
        if setup_cue is None and baseline is None:
            setup_cue = HOLD_STILL
        self.cues.setup(t, setup_cue)
        trunk = torso_height(pose) if pose is not None else None
        trunk_share = trunk / baseline.torso_length if trunk is not None and baseline else None
        rep = self.counter.update(t, self._depth(metrics), metrics, trunk_share, pose)
        result = None
        if rep is not None:
            result = judge(rep, self.exercise, baseline, self.thresholds, self._history)
            self.results.append(result)
            if result.side is not None:
                self.per_side[result.side] += 1
            if result.judged:
                self.cues.after_rep(t, result)
                # A one-leg rep says how that leg usually tracks; the other leg was behind or lifted.
                for side in (result.side,) if result.side is not None else ("left", "right"):
                    offset = result.metrics.get(f"knee_offset_{side}")
                    if offset is not None:
                        self._history[side].append(offset)
        side = result.side if result is not None else None
        return CoachUpdate(
            metrics, knees, result, self.cues.current, self.counter.count, side, dict(self.per_side)
        )

    def _track(self, pose, metrics, knees, baseline, t) -> CoachUpdate:
        """Exercises followed by a tracker: bridge, clamshell, band walk, holds, knee to wall, hinge."""
        tracker = self.tracker
        facing_cue = _facing_cue(pose, self.exercise.facing)
        result = tracker.update(pose if facing_cue is None else None, metrics, t, baseline)
        if facing_cue is None and tracker.in_position is False:
            facing_cue = self.exercise.setup
        self.cues.setup(t, facing_cue or tracker.live_cue)
        if result is not None:
            self.results.append(result)
            self.cues.after_rep(t, result, tracker.good_cue)
        hold = dict(tracker.hold) if tracker.hold is not None else {}
        return CoachUpdate(
            metrics,
            knees,
            result,
            self.cues.current,
            tracker.count,
            tracker.side,
            dict(tracker.per_side),
            hold,
        )

    def summary(self) -> dict:
        """Rep count, share of good reps, fault counts and left/right asymmetry."""
        judged = [r for r in self.results if r.judged]
        good = [r for r in judged if r.good]
        faults = Counter(f for r in judged for f in r.faults)
        offsets = {
            side: [
                r.metrics[f"knee_offset_{side}"]
                for r in judged
                if r.metrics.get(f"knee_offset_{side}") is not None
            ]
            for side in ("left", "right")
        }
        means = {side: (sum(v) / len(v) if v else None) for side, v in offsets.items()}
        seen = sum(self.facings.values())
        side_on = (self.facings[Facing.SIDE] + self.facings[Facing.UNKNOWN]) / seen if seen else 0.0
        tracker = self.tracker
        summary = {
            "reps": self.counter.count if tracker is None else tracker.count,
            "per_side": dict(self.per_side if tracker is None else tracker.per_side),
            "judged_reps": len(judged),
            "good_reps": len(good),
            "good_share": round(len(good) / len(judged), 3) if judged else None,
            "faults": dict(faults),
            "asymmetry": {
                "left_knee_in": faults["left_knee_in"],
                "right_knee_in": faults["right_knee_in"],
                "mean_knee_offset_left": _round(means["left"]),
                "mean_knee_offset_right": _round(means["right"]),
                "difference": _round(means["left"] - means["right"]) if None not in means.values() else None,
            },
            "note": SAFETY_NOTE,
        }
        if tracker is not None and tracker.hold is not None:
            summary["hold_seconds"] = {side: round(s, 1) for side, s in tracker.hold.items()}
        if tracker is not None and getattr(tracker, "best", None) is not None:
            summary["best_shin_tilt"] = {side: round(v, 1) for side, v in tracker.best.items()}
        if self.exercise.facing == "side" and seen and side_on < 0.5:
            summary["message"] = (
                f"Filmed from the front: the {self.exercise.name.lower()} needs a side view. "
                "Film side-on to the camera."
            )
        elif self.exercise.facing == "front" and seen and side_on > 0.5:
            summary["message"] = (
                "Filmed from the side: knee tracking needs a front view, so no rep was judged for "
                "knee tracking. Film facing the camera."
            )
        return summary

    def _depth(self, metrics: FrameMetrics) -> float | None:
        if self.exercise.judged in ("front_leg", "stance_leg"):
            depths = [d for d in (metrics.left.depth, metrics.right.depth) if d is not None]
            return max(depths) if depths else None
        return metrics.depth


def _facing_cue(pose: Pose | None, facing: str) -> str | None:
    """What the person must do first for a tracked exercise, or ``None``."""
    if pose is None:
        return "Step in front of the mirror"
    if facing == "side" and pose.facing is not Facing.SIDE:
        return "Turn side-on to the mirror"
    if facing == "front" and pose.facing not in (Facing.FRONT, Facing.BACK):
        return "Turn to face the mirror"
    return None


def _nobody() -> KneeCheck:
    return _unknown_knees("Step in front of the mirror")


def _unknown_knees(cue: str) -> KneeCheck:
    unknown = KneeVerdict.UNKNOWN
    return KneeCheck(KneeReading("left", None, unknown), KneeReading("right", None, unknown), cue)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
