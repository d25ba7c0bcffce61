r"""The exercise library: exercises and routines as data, read from TOML and validated.

The product's own library is ``assets/exercises.toml``. Gym staff can name a
second file of the same shape (``[program] exercises_file``): its entries
replace the built-in ones with the same id, or add new ones. A bad entry is
refused with one line that names it and says what to do::

    >>> try:
    ...     parse_library('[[exercise]]\nid = "plank"\n', "gym.toml")
    ... except KioskError as error:
    ...     print(error)
    gym.toml: exercise[0].name: Field required (in 'plank')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from kiosk.errors import KioskError
from kiosk.files import read_limited
from kiosk.resources import EXERCISES as BUILT_IN
from kiosk.strict import numbers_are_not_booleans
from kiosk.toml_text import parse_toml

# The built-in library is about 10 KB; anything larger (or /dev/zero) is not a library.
MAX_LIBRARY_BYTES = 1 << 20
TRACKERS = ("reps", "bridge", "clamshell", "band_walk", "kneeling_hold", "knee_to_wall", "hinge")
CHECKS = (
    "knee_tracking", "depth", "trunk_lean", "hip_drop", "knee_at_contact", "knee_at_peak_flexion",
    "knee_ankle_separation", "landing_symmetry", "steps", "hip_extension", "top_hold", "knee_opening",
    "pelvis_still", "half_kneeling", "trunk_upright", "knee_forward_travel", "hips_back", "knees_still",
    "back_neutral",
)  # fmt: skip
# The opening check and retest compare knee tracking, so they need a judged rep exercise.
CHECK_EXERCISES = ("squat", "step_down")


@dataclass(frozen=True)
class DepthTargets:
    """How a depth rep is counted: the depth it must reach, the exercise's full depth, how long it takes.

    Depth is :mod:`kiosk.coach.depth`'s: 0 standing, 1 thighs parallel.

    >>> DepthTargets().count, DepthTargets().full
    (0.13, 1.0)
    """

    count: float = 0.13
    full: float = 1.0
    min_seconds: float = 0.5
    max_seconds: float = 6.0


@dataclass(frozen=True)
class Exercise:
    """An exercise: its id, the name shown on screen, how it is judged, and what the routine needs.

    ``judged`` (bilateral, front_leg, stance_leg, landing) says how the knee
    coach reads a depth rep; ``tracker`` which of the coach's trackers follows
    the exercise; the target is ``reps`` or ``hold_seconds``, each side when
    ``per_side``.

    >>> Exercise("squat", "Squat", "bilateral")
    Exercise(id='squat', name='Squat', judged='bilateral')
    >>> Exercise("plank", "Plank", hold_seconds=30).target, Exercise("plank", "Plank", hold_seconds=30).unit
    (30, 'seconds')
    """

    id: str
    name: str
    judged: str | None = None
    kind: str = field(default="pattern", repr=False)
    facing: str = field(default="front", repr=False)
    tracker: str = field(default="reps", repr=False)
    setup: str = field(default="", repr=False)
    points: tuple[str, ...] = field(default=(), repr=False)
    reps: int | None = field(default=None, repr=False)
    hold_seconds: float | None = field(default=None, repr=False)
    per_side: bool = field(default=False, repr=False)
    checks: tuple[str, ...] = field(default=(), repr=False)
    depth: DepthTargets = field(default_factory=DepthTargets, repr=False)

    @property
    def target(self) -> float:
        """Reps (or steps) or seconds to do, each side when ``per_side``."""
        return self.hold_seconds if self.hold_seconds is not None else (self.reps or 0)

    @property
    def unit(self) -> str:
        """``"reps"``, ``"steps"`` or ``"seconds"``."""
        if self.hold_seconds is not None:
            return "seconds"
        return "steps" if self.tracker == "band_walk" else "reps"


@dataclass(frozen=True)
class Routine:
    """A routine: the check (and retest), the exercises in order and the rest between them.

    >>> Routine("short", "Short", ("glute_bridge",)).check
    'squat'
    """

    id: str
    name: str
    exercises: tuple[str, ...]
    check: str = "squat"
    check_reps: int = 5
    rest_seconds: float = 15.0


@dataclass(frozen=True)
class Library:
    """Every exercise and routine, in file order (built-in first, then the staff's additions)."""

    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; ``KeyError`` names the known ones."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises)
        raise KeyError(f"unknown exercise {exercise_id!r}: choose one of {known}")

    def routine(self, routine_id: str | None = None) -> Routine:
        """The routine with this id, or the first one; ``KeyError`` names the known ones."""
        for routine in self.routines:
            if routine_id is None or routine.id == routine_id:
                return routine
        known = ", ".join(r.id for r in self.routines)
        raise KeyError(f"unknown routine {routine_id!r}: choose one of {known}")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_not_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        # A field validator is always given its field's name.
        return numbers_are_not_booleans(cls.model_fields[cast(str, info.field_name)].annotation, value)


class _DepthEntry(_Entry):
    count: float = Field(0.13, ge=0.05, le=1.5)
    full: float = Field(1.0, ge=0.2, le=2.0)
    min_seconds: float = Field(0.5, ge=0.05, le=10.0)
    max_seconds: float = Field(6.0, ge=0.5, le=30.0)


class _ExerciseEntry(_Entry):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=30)
    kind: Literal["activation", "mobility", "pattern"]
    facing: Literal["front", "side"]
    tracker: Literal[TRACKERS]  # type: ignore[valid-type]
    judged: Literal["bilateral", "front_leg", "stance_leg", "landing"] | None = None
    setup: str = Field(min_length=1, max_length=70)
    points: list[str] = Field(min_length=2, max_length=3)
    reps: int | None = Field(None, ge=1, le=50)
    hold_seconds: float | None = Field(None, ge=5, le=300)
    per_side: bool = False
    checks: list[Literal[CHECKS]] = Field(min_length=1)  # type: ignore[valid-type]
    depth: _DepthEntry | None = None

    @model_validator(mode="after")
    def _consistent(self) -> _ExerciseEntry:
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("give either reps or hold_seconds as the target")
        if (self.tracker == "kneeling_hold") != (self.hold_seconds is not None):
            raise ValueError("hold_seconds goes with tracker = 'kneeling_hold', reps with the others")
        if (self.tracker == "reps") != (self.judged is not None):
            raise ValueError("tracker = 'reps' needs judged (bilateral, front_leg, stance_leg or landing)")
        if self.depth is not None and self.tracker != "reps":
            raise ValueError("[exercise.depth] goes with tracker = 'reps' only")
        if self.depth is not None and self.depth.min_seconds >= self.depth.max_seconds:
            raise ValueError("depth.min_seconds must be less than depth.max_seconds")
        return self

    def build(self) -> Exercise:
        return Exercise(
            self.id, self.name, self.judged, self.kind, self.facing, self.tracker, self.setup,
            tuple(self.points), self.reps, self.hold_seconds, self.per_side, tuple(self.checks),
            DepthTargets(**self.depth.model_dump()) if self.depth is not None else DepthTargets(),
        )  # fmt: skip


class _RoutineEntry(_Entry):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=40)
    exercises: list[str] = Field(min_length=1, max_length=30)
    check: Literal[CHECK_EXERCISES] = "squat"  # type: ignore[valid-type]
    check_reps: int = Field(5, ge=1, le=10)
    rest_seconds: float = Field(15.0, ge=0, le=300)

    def build(self) -> Routine:
        return Routine(
            self.id, self.name, tuple(self.exercises), self.check, self.check_reps, self.rest_seconds
        )


class _File(_Entry):
    exercise: list[_ExerciseEntry] = []
    routine: list[_RoutineEntry] = []


def parse_library(text: str, name: str, base: Library | None = None) -> Library:
    """The library in ``text``, laid over ``base`` by id; ``name`` starts every error message."""
    data = parse_toml(text, name)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as error:
        raise KioskError(f"{name}: {_describe(error.errors()[0], data)}") from None
    exercises = _merge(base.exercises if base else (), [e.build() for e in parsed.exercise])
    routines = _merge(base.routines if base else (), [r.build() for r in parsed.routine])
    library = Library(exercises, routines)
    _check_references(library, name)
    return library


def load_library(override: Path | None = None) -> Library:
    """The built-in library, with the staff's file (if any) laid over it."""
    if override is None:
        return parse_library(_read(BUILT_IN), str(BUILT_IN))
    return parse_library(_read(override), str(override), built_in())


def built_in() -> Library:
    """The product's own library (read once)."""
    global _BUILT_IN
    if _BUILT_IN is None:
        _BUILT_IN = load_library()
    return _BUILT_IN


_BUILT_IN: Library | None = None
_Item = TypeVar("_Item", "Exercise", "Routine")


def _read(path: Path | Traversable) -> str:
    # A path with a line break in it would break the one-line error: show such a path quoted.
    shown = str(path) if str(path).isprintable() else repr(str(path))
    try:
        return read_limited(path, MAX_LIBRARY_BYTES, "exercise file").decode("utf-8")
    except FileNotFoundError:
        raise KioskError(f"exercise file {shown} not found: check the path") from None
    except OSError as error:
        raise KioskError(f"exercise file {shown} cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise KioskError(f"exercise file {shown} is not UTF-8 text: is it the right file?") from None


def _merge(base: Iterable[_Item], entries: Iterable[_Item]) -> tuple[_Item, ...]:
    merged = {item.id: item for item in base}
    for item in entries:
        merged[item.id] = item
    return tuple(merged.values())


def _check_references(library: Library, name: str) -> None:
    ids = {e.id for e in library.exercises}
    if not library.routines:
        raise KioskError(f"{name}: no [[routine]]: add one that lists exercise ids")
    for routine in library.routines:
        for exercise_id in (*routine.exercises, routine.check):
            if exercise_id not in ids:
                raise KioskError(
                    f"{name}: routine {routine.id!r}: unknown exercise {exercise_id!r}: "
                    f"choose from {', '.join(sorted(ids))}"
                )


def _describe(error: ErrorDetails, data: dict[str, Any]) -> str:
    location = list(error["loc"])
    key = ".".join(f"{p}" if isinstance(p, str) else f"[{p}]" for p in location).replace(".[", "[")
    message = error["msg"].removeprefix("Value error, ")
    where = ""
    if len(location) >= 2 and isinstance(location[1], int):
        entries = data.get(str(location[0]))
        if (
            isinstance(entries, list)
            and location[1] < len(entries)
            and isinstance(entries[location[1]], dict)
        ):
            entry_id = entries[location[1]].get("id")
            where = f" (in {entry_id!r})" if isinstance(entry_id, str) else ""
    got = "" if error["type"] in ("value_error", "missing") else f" (got {error['input']!r})"
    return f"{key}: {message}{got}{where}".replace("\n", " ")
