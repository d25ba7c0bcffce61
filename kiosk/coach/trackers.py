"""The trackers, one per kind of exercise, keyed by the exercise's ``tracker`` (assets/exercises.toml).

Every tracker is fed one :class:`~kiosk.coach.observation.Observation` per
frame (``update``), says what the person must do first (``setup_cue``), and
keeps its counts per side, any hold, its live cue and its knee check.

>>> from kiosk.coach.built_in_exercises import exercise_by_id
>>> [type(tracker_for(exercise_by_id(i))).__name__ for i in ("glute_bridge", "squat")]
['BridgeTracker', 'DepthRepTracker']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.coach.activation import BridgeTracker, ClamshellTracker
from kiosk.coach.band_walk import BandWalkTracker
from kiosk.coach.cycles import Tracker
from kiosk.coach.depth_reps import DepthRepTracker
from kiosk.coach.exercise_library import Exercise
from kiosk.coach.hinge import HingeTracker
from kiosk.coach.mobility import KneelingHoldTracker, KneeToWallTracker
from kiosk.coach.verdict import Thresholds

TRACKERS: dict[str, Callable[..., Tracker | DepthRepTracker]] = {
    "reps": lambda exercise, thresholds, **options: DepthRepTracker(exercise, thresholds, **options),
    "bridge": lambda exercise, thresholds, **_: BridgeTracker(),
    "clamshell": lambda exercise, thresholds, **_: ClamshellTracker(),
    "band_walk": lambda exercise, thresholds, **_: BandWalkTracker(thresholds),
    "kneeling_hold": lambda exercise, thresholds, **_: KneelingHoldTracker(),
    "knee_to_wall": lambda exercise, thresholds, **_: KneeToWallTracker(),
    "hinge": lambda exercise, thresholds, **_: HingeTracker(),
}


def tracker_for(
    exercise: Exercise, thresholds: Thresholds | None = None, **options: Any
) -> Tracker | DepthRepTracker:
    """A new tracker for the exercise; ``options`` go to the depth-rep tracker (its prior, its gauge)."""
    tracker = TRACKERS[exercise.tracker](exercise, thresholds or Thresholds(), **options)
    tracker.facing = exercise.facing
    return tracker
