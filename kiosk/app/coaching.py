"""The coach's own objects, built from the configuration's values: the exercise library, thresholds, mount.

The configuration (kiosk/config/model.py) only describes and validates values; it
knows nothing of the coach. What the staff's exercise file holds, and whether
the routine named is in it, is checked here, when the file is read: once at
start-up, and again on a reload.

>>> from kiosk.config import Config
>>> load_program(Config().program).routine().id
'knee_friendly_warm_up'
>>> thresholds(Config().coach).knee_in_offset, camera_mount(Config().camera)
(0.15, None)
"""

from __future__ import annotations

from pathlib import Path

from kiosk.coach.depth import CameraMount
from kiosk.coach.exercise_library import Library, built_in, load_library
from kiosk.coach.verdict import Thresholds
from kiosk.config import CameraConfig, CoachConfig, ProgramConfig
from kiosk.errors import KioskError


def load_program(program: ProgramConfig, name: str = "") -> Library:
    """The exercise library in force (the staff's file laid over the built-in one), with the routine checked.

    A file that cannot be used, or a routine it does not hold, is refused in
    one line that names the key (after ``name``, the configuration file's):

    >>> try:
    ...     load_program(ProgramConfig(routine="leg_day"), "config.toml")
    ... except KioskError as error:
    ...     print(error)
    config.toml: program.routine: unknown routine 'leg_day': choose one of knee_friendly_warm_up
    """
    prefix = f"{name}: " if name else ""
    try:
        library = load_library(Path(program.exercises_file)) if program.exercises_file else built_in()
    except KioskError as error:
        raise KioskError(
            f'{prefix}program.exercises_file: {error}; fix the file, or set "" for the built-in exercises'
        ) from None
    known = [routine.id for routine in library.routines]
    if program.routine not in known:
        raise KioskError(
            f"{prefix}program.routine: unknown routine {program.routine!r}: choose one of {', '.join(known)}"
        )
    return library


def thresholds(coach: CoachConfig) -> Thresholds:
    """The ``[coach]`` settings as the coach's :class:`~kiosk.coach.verdict.Thresholds`."""
    return Thresholds(**coach.model_dump(exclude={"cooldown_seconds"}))


def camera_mount(camera: CameraConfig) -> CameraMount | None:
    """The ``[camera]`` mounting as the coach's :class:`~kiosk.coach.depth.CameraMount`, or ``None``."""
    if camera.mount_height_m is None:
        return None
    return CameraMount(camera.mount_height_m, camera.tilt_deg, camera.hfov_deg)
