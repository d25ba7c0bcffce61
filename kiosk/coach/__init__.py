"""Form analysis: pure Python and numpy, fed poses, returning what it concluded.

>>> from kiosk.coach import Coach, KneeVerdict
"""

from typing import Any

from kiosk.coach.built_in_exercises import Exercise
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


def __getattr__(name: str) -> Any:
    # The built-in exercises are read when first asked for, never at import.
    if name == "EXERCISES":
        from kiosk.coach import built_in_exercises

        return built_in_exercises.EXERCISES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
