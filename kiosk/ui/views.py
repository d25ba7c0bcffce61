"""What each screen shows: small frozen dataclasses of plain values, built by the app each frame.

Screens never compute form or keep the session: they draw one of these.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.coach.exercises import Exercise
from kiosk.coach.faults import Tone
from kiosk.coach.knee import KneeCheck, KneeVerdict
from kiosk.pose.keypoints import Pose

PRODUCT = "Warm-up Mirror"
INVITATION = "Step in front of the mirror to warm up your knees"
SAFETY_MESSAGE = (
    "Sharp or sudden pain, swelling, a knee that gives way, or pain that does not ease with rest "
    "and corrective work needs a doctor or physiotherapist. This mirror coaches movement; "
    "it does not diagnose."
)
# Exercise ids (kiosk/coach/exercises.py) → the figure drawn for them (kiosk/ui/figures.py).
FIGURES = {
    "squat": "squat",
    "reverse_lunge": "lunge",
    "step_down": "step_down",
    "drop_landing": "landing",
    "lateral_band_walk": "band_walk",
    "glute_bridge": "bridge",
    "clamshell": "clamshell",
    "hip_flexor_stretch": "stretch",
    "knee_to_wall": "knee_to_wall",
    "hip_hinge": "hinge",
}


@dataclass(frozen=True)
class AttractView:
    """The attract screen, shown while nobody is there; ``t`` (seconds) drives the animation."""

    t: float = 0.0
    product: str = PRODUCT
    invitation: str = INVITATION


@dataclass(frozen=True)
class MenuTile:
    """One menu tile: a routine or an exercise, its small figure and its target.

    >>> MenuTile("Squat", "8 reps", "squat").figure_id
    'squat'
    >>> MenuTile.for_exercise(Exercise("reverse_lunge", "Reverse lunge")).figure_id
    'lunge'
    """

    title: str
    target: str = ""
    figure_id: str = ""
    is_routine: bool = False

    @classmethod
    def for_exercise(cls, exercise: Exercise, target: str = "") -> MenuTile:
        """A tile for an exercise of the coach's list."""
        return cls(exercise.name, target, FIGURES.get(exercise.id, exercise.id))


@dataclass(frozen=True)
class MenuView:
    """The menu: routines first, then single exercises; one highlighted.

    ``tiles`` may hold :class:`MenuTile` or, as before, plain exercises.
    """

    tiles: tuple[MenuTile | Exercise, ...]
    highlighted: int

    @property
    def shown(self) -> tuple[MenuTile, ...]:
        """The tiles, exercises turned into tiles."""
        return tuple(t if isinstance(t, MenuTile) else MenuTile.for_exercise(t) for t in self.tiles)


@dataclass(frozen=True)
class ExerciseView:
    """The exercise screen: this frame's pose and knee check, the cue, the count and the setup.

    The first five fields are what the foundation's loop passes; the rest
    default to "not shown". ``exercise`` may be a name. A counter shows
    ``hold_seconds`` / ``hold_target`` when ``hold_target`` is set, else
    ``reps`` / ``target_reps``; ``side`` ("Left", "Right") labels it. Until
    ``ready``, a setup panel shows ``setup`` and ``position_hint``.
    ``flash`` is the last rep's verdict, shown while the app passes it
    (~0.8 s), green when ``flash_good``. ``step`` is (this step, of steps)
    within a routine.
    """

    exercise: Exercise | str
    pose: Pose | None
    check: KneeCheck
    cue: str | None = None
    reps: int | None = None
    target_reps: int | None = None
    side: str | None = None
    hold_seconds: float | None = None
    hold_target: float | None = None
    ready: bool = True
    setup: str = ""
    position_hint: str | None = None
    flash: str | None = None
    flash_good: bool = True
    step: tuple[int, int] | None = None
    # Whether ``cue`` praises (green), corrects (red) or instructs (white).
    cue_tone: Tone = Tone.SETUP

    @property
    def name(self) -> str:
        """The exercise's name."""
        return self.exercise if isinstance(self.exercise, str) else self.exercise.name

    @property
    def shown_cue(self) -> str:
        """The coach's cue, or the live knee check's where there is no coach."""
        return self.cue if self.cue is not None else self.check.cue

    @property
    def caving(self) -> bool:
        """Whether either knee caves in this frame's check."""
        return KneeVerdict.CAVING in (self.check.left.verdict, self.check.right.verdict)


@dataclass(frozen=True)
class RestView:
    """Rest between exercises: the countdown and what comes next."""

    next_name: str
    seconds_left: float
    total: float
    next_target: str = ""
    next_figure: str = ""


@dataclass(frozen=True)
class SideChange:
    """One side's retest result: the change in words (e.g. "knee-in 4° less") and whether it is real."""

    side: str
    change: str
    beyond_noise: bool


@dataclass(frozen=True)
class SummaryView:
    """The end of an exercise or routine, as a picture: good reps, sides, the fault, the retest."""

    title: str
    good_reps: int
    total_reps: int
    left_good: int = 0
    left_total: int = 0
    right_good: int = 0
    right_total: int = 0
    common_fault: str | None = None
    retest: tuple[SideChange, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class SafetyView:
    """The safety screen: when to see a professional, and that the mirror does not diagnose."""

    message: str = SAFETY_MESSAGE
    hint: str = "Press ● to continue"


class TroubleKind(enum.Enum):
    """What stops the mirror coaching, each with its own screen saying what to do."""

    CAMERA = "camera"
    DARK = "dark"
    TOO_CLOSE = "too_close"
    TOO_FAR = "too_far"
    CONFIG = "config"


TROUBLE_TEXT = {
    TroubleKind.CAMERA: (
        "The camera is not responding",
        "Trying again by itself. Staff: check the camera cable.",
    ),
    TroubleKind.DARK: ("It is too dark to see you", "Turn the lights up, or step into the light."),
    TroubleKind.TOO_CLOSE: ("You are too close", "Step back until your feet are in view."),
    TroubleKind.TOO_FAR: ("You are too far away", "Step closer: 2 to 3 metres from the mirror."),
    TroubleKind.CONFIG: (
        "Configuration error",
        "Staff: see kiosk config validate. The mirror runs on its last good settings meanwhile.",
    ),
}


@dataclass(frozen=True)
class TroubleView:
    """A trouble screen: what is wrong and what to do; ``detail`` replaces the standard advice."""

    kind: TroubleKind
    detail: str | None = None

    @property
    def texts(self) -> tuple[str, str]:
        """The heading and the advice."""
        title, detail = TROUBLE_TEXT[self.kind]
        return title, self.detail if self.detail is not None else detail


CALIBRATION_FIELDS = ("scale", "offset_x", "offset_y")


@dataclass(frozen=True)
class CalibrationView:
    """The glass calibration screen: the three values, which one the buttons change, the live legs."""

    scale: float
    offset_x: float
    offset_y: float
    field: str = "scale"
    pose: Pose | None = None
