"""The knee judgement from the front, one file per idea; this is its one face.

- :mod:`~kiosk.coach.knee.measure`: how far each knee lies inside its hip–ankle line, and the turn;
- :mod:`~kiosk.coach.knee.baseline`: the person's usual track, from their own reps;
- :mod:`~kiosk.coach.knee.judge`: the absolute line, the live markers and the check they make;
- :mod:`~kiosk.coach.knee.thresholds`: the judge's fixed limits, in one place (the ones staff may
  change are ``[coach]`` settings, ``CoachConfig`` in kiosk/config/model.py).

>>> from kiosk.coach.knee import KneeCheck
>>> KneeCheck.unknown("Step into view").left.verdict.value
'unknown'
"""

from kiosk.coach.knee.baseline import UsualTrack
from kiosk.coach.knee.judge import AbsoluteLine, KneeCheck, KneeMarker, KneeReading, KneeVerdict, KneeWatch
from kiosk.coach.knee.measure import (
    knee_inside_ankle,
    knee_offsets,
    knee_separation,
    medial_knee_offset,
    square_to_mirror,
    turn_degrees,
    turn_shift,
)
from kiosk.coach.knee.thresholds import MAX_TURN_DEG, WIDE

__all__ = [
    "MAX_TURN_DEG",
    "WIDE",
    "AbsoluteLine",
    "KneeCheck",
    "KneeMarker",
    "KneeReading",
    "KneeVerdict",
    "KneeWatch",
    "UsualTrack",
    "knee_inside_ankle",
    "knee_offsets",
    "knee_separation",
    "medial_knee_offset",
    "square_to_mirror",
    "turn_degrees",
    "turn_shift",
]
