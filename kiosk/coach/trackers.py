"""Which tracker follows an exercise that is not a depth rep judged for knee tracking.

>>> from kiosk.coach.exercises import exercise_by_id
>>> type(tracker_for(exercise_by_id("glute_bridge"))).__name__, tracker_for(exercise_by_id("squat"))
('BridgeTracker', None)
"""

from __future__ import annotations

from kiosk.coach.activation import BridgeTracker, ClamshellTracker
from kiosk.coach.band_walk import BandWalkTracker
from kiosk.coach.cycles import Tracker
from kiosk.coach.hinge import HingeTracker
from kiosk.coach.library import Exercise
from kiosk.coach.mobility import KneelingHoldTracker, KneeToWallTracker
from kiosk.coach.verdict import Thresholds


def tracker_for(exercise: Exercise, thresholds: Thresholds | None = None) -> Tracker | None:
    """A new tracker for the exercise, or ``None`` for depth reps (the knee coach judges those)."""
    if exercise.tracker == "reps":
        return None
    if exercise.tracker == "band_walk":
        return BandWalkTracker(thresholds)
    trackers = {
        "bridge": BridgeTracker,
        "clamshell": ClamshellTracker,
        "kneeling_hold": KneelingHoldTracker,
        "knee_to_wall": KneeToWallTracker,
        "hinge": HingeTracker,
    }
    return trackers[exercise.tracker]()
