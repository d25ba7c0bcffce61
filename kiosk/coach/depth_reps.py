"""The knee coach's own tracker: depth reps (squat, lunge, step-down, landing), judged for knee tracking.

Fed the coach's measures frame by frame, it counts reps on depth
(:mod:`kiosk.coach.reps`), judges each one (:mod:`kiosk.coach.verdict`),
learns the person's usual knee track from their good reps, and keeps the
live knee markers (:class:`~kiosk.coach.knee.KneeWatch`).

Budget: ≈ 30 µs per frame, plus ≈ 0.3 ms at the end of each rep.
"""

from __future__ import annotations

import statistics
from collections import deque

from kiosk.coach.baseline import Baseline
from kiosk.coach.depth import DepthGauge
from kiosk.coach.exercise_library import Exercise
from kiosk.coach.knee import (
    MAX_TURN_DEG,
    AbsoluteLine,
    KneeCheck,
    KneeWatch,
    UsualTrack,
    knee_inside_ankle,
    square_to_mirror,
    turn_degrees,
)
from kiosk.coach.observation import Observation
from kiosk.coach.reps import Rep, RepCounter, RepFrame, RepSettings, rep_key
from kiosk.coach.verdict import RepResult, Thresholds, judge
from kiosk.coach.view import FACE_THE_MIRROR
from kiosk.pose.keypoints import Keypoint, Pose


def rep_settings_for(exercise: Exercise) -> RepSettings:
    """The rep counter's thresholds for an exercise, from its ``[exercise.depth]`` (assets/exercises.toml).

    >>> from kiosk.coach.built_in_exercises import exercise_by_id
    >>> [rep_settings_for(exercise_by_id(i)).min_seconds for i in ("drop_landing", "squat")]
    [0.2, 0.5]
    """
    depth = exercise.depth
    return RepSettings(
        count_depth=depth.count, min_seconds=depth.min_seconds, max_seconds=depth.max_seconds,
        feet_stay=exercise.judged == "bilateral",
    )  # fmt: skip


# A squat leans the trunk 30–55° forward at the bottom (the synthetic athlete's: 46°); bending down to pick
# something up folds it past 65°. With the camera's mounting unknown the lean is read less surely.
MAX_SQUAT_LEAN_DEG = 65.0
UNKNOWN_MOUNT_MARGIN_DEG = 12.0
BEND_LOOKBACK_SECONDS = 1.0
BENT_SECONDS = 0.25
# Hands within this share of the shin above the ankles are at the floor.
FLOOR_SHARE = 0.25
# The rep counter reads depth through a median of this many frames: a model that loses the ankles for a
# frame (a folded body, a hand across the shin) makes a deep "bottom" of one frame.
DEPTH_MEDIAN_FRAMES = 5


class DepthRepTracker:
    """Counts and judges depth reps, and watches the knees live.

    >>> from kiosk.coach.built_in_exercises import exercise_by_id
    >>> DepthRepTracker(exercise_by_id("squat")).count
    0
    """

    def __init__(
        self,
        exercise: Exercise,
        thresholds: Thresholds | None = None,
        reference: UsualTrack | None = None,
        allow_mid_rep: bool = False,
        gauge: DepthGauge | None = None,
    ):
        self.exercise = exercise
        self.thresholds = thresholds or Thresholds()
        self.gauge = gauge or DepthGauge()
        self.counter = RepCounter(rep_settings_for(exercise), allow_mid_rep, self._bent_over)
        # Offline, the reference comes from the whole clip and is kept as it is.
        self.facing = exercise.facing
        self.learning = reference is None
        self.reference = reference or UsualTrack()
        t = self.thresholds
        single_leg = exercise.judged in ("front_leg", "stance_leg")
        absolute = t.single_leg_knee_in_offset if single_leg else t.knee_in_offset
        line = AbsoluteLine(t.knee_in_swing_deg, t.knee_in_kasr, bilateral=not single_leg)
        self.watch = KneeWatch(absolute, t.knee_in_change, line=line)
        self.per_side = {"left": 0, "right": 0}
        self.side: str | None = None
        self._recent_depths: deque[float] = deque(maxlen=DEPTH_MEDIAN_FRAMES)
        # The last second or so of frames, for what came just before a rep (60 frames at 60 fps).
        self._recent_frames: deque[RepFrame] = deque(maxlen=60)
        self.turned = False
        self.knees = KneeCheck.unknown()

    @property
    def count(self) -> int:
        """Reps counted so far."""
        return self.counter.count

    def reset(self) -> None:
        """A new person: drop the rep in progress and what was learnt of the last person's knees."""
        self.counter.reset()
        self.watch.reset()
        self._recent_depths.clear()
        if self.learning:
            self.reference.clear()

    good_cue = "Good — knees over toes"
    hold = None
    live_cue = None
    in_position = None

    def setup_cue(self, obs: Observation) -> str | None:
        """What the person must do first: the voted view's need, or to face the mirror when turned."""
        return obs.view.problem or (FACE_THE_MIRROR if self.turned else None)

    def update(self, obs: Observation) -> RepResult | None:
        """Feed one frame; returns the rep it completed, if any (``knees``: the live knee check)."""
        depth = self._depth(obs.depths)
        if depth is not None:
            self._recent_depths.append(depth)
            depth = statistics.median(self._recent_depths)
        frame = None
        if depth is not None:
            frame = RepFrame(obs.t, depth, obs.metrics, obs.standing, obs.pose, obs.knees, obs.shift,
                             obs.view, obs.depths)  # fmt: skip
        rep = self.counter.update(frame, obs.t)
        if frame is not None:
            self._recent_frames.append(frame)
        result = self._judge(rep, obs.baseline) if rep is not None else None
        self.knees = self._live_check(obs, depth)
        return result

    def finish(self, baseline: Baseline | None) -> RepResult | None:
        """The end of a clip (offline): judge a last rep the clip stops in the middle of, if it counts."""
        rep = self.counter.finish() if self.counter.allow_mid_rep else None
        return self._judge(rep, baseline) if rep is not None else None

    def _bent_over(self, rep: Rep) -> bool:
        """Whether the person bent down to pick something up rather than squatting.

        From ``BEND_LOOKBACK_SECONDS`` before the rep to its end, the trunk
        stays folded past a squat's lean, or the hands below the knees,
        reaching for the floor by the feet, for ``BENT_SECONDS``: a squat never does
        either. Folded over, the model loses points and reads the hips low,
        so the fold may come before what looks like the rep's start.
        """
        limit = MAX_SQUAT_LEAN_DEG + (0.0 if self.gauge.mount is not None else UNKNOWN_MOUNT_MARGIN_DEG)
        before = rep.start - BEND_LOOKBACK_SECONDS
        frames = [f for f in self._recent_frames if before <= f.t < rep.start]
        since = None
        for frame in [*frames, *rep.frames]:
            if frame.pose is None:
                continue
            lean = self.gauge.trunk_lean(frame.pose, frame.standing)
            folded = (lean is not None and lean > limit) or _hands_at_the_floor(frame.pose) is True
            if not folded:
                since = None
            elif since is None:
                since = frame.t
            elif frame.t - since >= BENT_SECONDS:
                return True
        return False

    def _judge(self, rep: Rep, baseline: Baseline | None) -> RepResult:
        # Offline the reference holds every rep of the clip, this one too: it is judged against the others.
        reference = self.reference if self.learning else self.reference.without(rep_key(rep.start))
        result = judge(rep, self.exercise, baseline, self.thresholds, reference, self.exercise.depth.full)
        if result.side is not None:
            self.per_side[result.side] += 1
            self.side = result.side
        if self.learning and result.judged:
            # Each knee learns from the reps it did not cave on; the trunk from those it did not lean on.
            sides = (result.side,) if result.side is not None else ("left", "right")
            offsets = {
                s: result.metrics.get(f"measured_offset_{s}")
                for s in sides
                if f"{s}_knee_in" not in result.faults
            }
            self.reference.add(offsets, result.metrics["depth"] or 0.0)
            if "trunk_lean" not in result.faults:
                self.reference.add_lean(result.metrics.get("trunk_lean"))
        return result

    def _live_check(self, obs: Observation, depth: float | None) -> KneeCheck:
        if obs.pose is None:
            self.watch.update({}, None, self.reference)
            return KneeCheck.unknown(obs.view.problem or "")
        single_leg = self.exercise.judged in ("front_leg", "stance_leg")
        turn = None if single_leg else turn_degrees(obs.shift, depth)
        self.turned = turn is not None and turn > MAX_TURN_DEG
        if obs.standing is None:  # no reading before the coach knows how the person stands
            self.watch.update({}, None, self.reference)
            return KneeCheck.unknown(obs.view.problem or "")
        if not obs.view.frontal or obs.view.problem is not None or self.turned:
            self.watch.update({}, None, self.reference)
            return KneeCheck.unknown(obs.view.problem or FACE_THE_MIRROR)
        sides: tuple[str, ...] = ("left", "right")
        current = self.counter.current
        if self.exercise.judged in ("front_leg", "stance_leg") and current is not None:
            stance = current.stance_leg()
            sides = (stance,) if stance else ()
            self.side = stance or self.side
        self.watch.sides = sides
        square = obs.knees if single_leg else square_to_mirror(obs.knees, obs.shift)
        leg = obs.standing.leg_length
        inside = {side: knee_inside_ankle(obs.pose, side, leg) for side in sides}
        standing = obs.baseline.knee_offset if obs.baseline is not None else None
        return self.watch.update(
            obs.knees, depth, self.reference, square, obs.t, obs.metrics.kasr, inside, standing
        )

    def _depth(self, depths: dict[str, float]) -> float | None:
        """The rep's depth signal: the working leg's on single-leg work, else the shallower leg's.

        A squat bends both legs; a shift of weight onto one soft knee while
        getting ready is not a rep.
        """
        if not depths:
            return None
        if self.exercise.judged in ("front_leg", "stance_leg"):
            return max(depths.values())
        return min(depths.values())


def _hands_at_the_floor(pose: Pose) -> bool | None:
    """Whether a hand is down by the feet, reaching for the floor (``None``: no wrist, knee or ankle seen).

    By the feet, not merely below the knees: from a camera above the mirror, hands held out in front at
    the bottom of a squat come closer to the camera and show below the knees.
    """
    wrists = [w for k in (Keypoint.LEFT_WRIST, Keypoint.RIGHT_WRIST) if (w := pose.point(k)) is not None]
    legs = []
    for knee_kp, ankle_kp in (
        (Keypoint.LEFT_KNEE, Keypoint.LEFT_ANKLE),
        (Keypoint.RIGHT_KNEE, Keypoint.RIGHT_ANKLE),
    ):
        knee, ankle = pose.point(knee_kp), pose.point(ankle_kp)
        if knee is not None and ankle is not None:
            legs.append((knee[1], ankle[1]))
    if not wrists or not legs:
        return None
    floor = max(ankle - FLOOR_SHARE * (ankle - knee) for knee, ankle in legs)
    return max(w[1] for w in wrists) > floor
