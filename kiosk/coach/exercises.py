"""The exercises the coach knows, and how each one is judged.

The program issue turns this into a TOML library in assets/; until then the
list lives here. ``judged`` says how the coach reads a rep:

- ``bilateral``: both knees, at the bottom of the rep (squat);
- ``front_leg``: the leg in front, the one carrying the weight (reverse lunge);
- ``stance_leg``: the standing leg, on a single-leg task (step-down);
- ``landing``: both knees at initial contact and at the bottom (drop landing);
- ``None``: not judged yet; the coach says so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    """An exercise's id, the name shown on screen and how the coach judges it.

    >>> EXERCISES[0]
    Exercise(id='squat', name='Squat', judged='bilateral')
    """

    id: str
    name: str
    judged: str | None = None


EXERCISES = (
    Exercise("squat", "Squat", "bilateral"),
    Exercise("reverse_lunge", "Reverse lunge", "front_leg"),
    Exercise("step_down", "Step-down", "stance_leg"),
    Exercise("drop_landing", "Drop landing", "landing"),
    Exercise("lateral_band_walk", "Lateral band walk"),
    Exercise("glute_bridge", "Glute bridge"),
    Exercise("clamshell", "Clamshell"),
    Exercise("hip_flexor_stretch", "Hip flexor stretch"),
    Exercise("knee_to_wall", "Knee to wall"),
    Exercise("hip_hinge", "Hip hinge"),
)
EXERCISE_IDS = tuple(exercise.id for exercise in EXERCISES)


def exercise_by_id(exercise_id: str) -> Exercise:
    """The exercise with this id; ``KeyError`` names the known ones.

    >>> exercise_by_id("squat").name
    'Squat'
    """
    for exercise in EXERCISES:
        if exercise.id == exercise_id:
            return exercise
    raise KeyError(f"unknown exercise {exercise_id!r}: choose one of {', '.join(EXERCISE_IDS)}")
