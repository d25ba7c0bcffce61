"""The built-in library's exercises by id, and how each one is judged: for code that needs no staff overrides.

The library is data (``assets/exercises.toml``), read and merged with the
staff's own exercise file by :mod:`kiosk.coach.exercise_library`.
``judged`` says how the coach reads a depth rep:

- ``bilateral``: both knees, at the bottom of the rep (squat);
- ``front_leg``: the leg in front, the one carrying the weight (reverse lunge);
- ``stance_leg``: the standing leg, on a single-leg task (step-down);
- ``landing``: both knees at initial contact and at the bottom (drop landing);
- ``None``: followed by another tracker (``Exercise.tracker``): bridge, clamshell, band walk, …
"""

from __future__ import annotations

from typing import Any

from kiosk.coach.exercise_library import Exercise, built_in

__all__ = ["EXERCISES", "EXERCISE_IDS", "Exercise", "exercise_by_id"]  # noqa: F822 - from __getattr__


def __getattr__(name: str) -> Any:
    # EXERCISES and EXERCISE_IDS are read from the library when first asked for, never at import.
    if name == "EXERCISES":
        return built_in().exercises
    if name == "EXERCISE_IDS":
        return tuple(exercise.id for exercise in built_in().exercises)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def exercise_by_id(exercise_id: str) -> Exercise:
    """The built-in exercise with this id; ``KeyError`` names the known ones.

    >>> exercise_by_id("squat").name
    'Squat'
    >>> from kiosk.coach.built_in_exercises import EXERCISES
    >>> EXERCISES[0]
    Exercise(id='squat', name='Squat', judged='bilateral')
    """
    return built_in().exercise(exercise_id)
