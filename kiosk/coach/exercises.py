"""The exercises a person can choose with the buttons.

The program issue turns this into a TOML library in assets/; until then every
exercise here is judged by the same live knee check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    """An exercise's id and the name shown on screen.

    >>> EXERCISES[0]
    Exercise(id='squat', name='Squat')
    """

    id: str
    name: str


EXERCISES = (
    Exercise("squat", "Squat"),
    Exercise("reverse_lunge", "Reverse lunge"),
    Exercise("step_down", "Step-down"),
    Exercise("lateral_band_walk", "Lateral band walk"),
)
