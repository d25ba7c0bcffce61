"""Form analysis: pure Python and numpy, fed poses, returning what it concluded.

>>> from kiosk.coach import Coach, KneeVerdict
"""

from kiosk.coach.exercises import EXERCISES, Exercise
from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict, medial_knee_offset
from kiosk.coach.metrics import FrameMetrics, LegMetrics, measure
from kiosk.coach.session import Coach

__all__ = [
    "EXERCISES",
    "Coach",
    "Exercise",
    "FrameMetrics",
    "KneeCheck",
    "KneeReading",
    "KneeVerdict",
    "LegMetrics",
    "measure",
    "medial_knee_offset",
]
