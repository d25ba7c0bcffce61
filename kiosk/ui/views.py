"""What each screen shows: small frozen dataclasses of plain values, built by the app each frame.

Screens never compute form or keep the session: they draw one of these.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from kiosk.coach.built_in_exercises import Exercise
from kiosk.coach.faults import BOTH_KNEES_CUE, FAULTS, Tone
from kiosk.coach.knee import KneeCheck, KneeVerdict
from kiosk.coach.safety import SAFETY_TEXT
from kiosk.pose.keypoints import Pose

PRODUCT = "Warm-up Mirror"
# The coach's corrections, from its one table of faults: what a knee marker's cue may say instead of praise.
CORRECTIONS = frozenset({fault.cue for fault in FAULTS.values()} | {BOTH_KNEES_CUE})
DRIFTING, CAVING = KneeVerdict.DRIFTING, KneeVerdict.CAVING
INVITATION = "Step in front of the mirror to warm up your knees"
# Exercise ids (kiosk/coach/built_in_exercises.py) → the figure drawn for them (kiosk/ui/figures.py).
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
    """The menu: routines first, then single exercises; one highlighted."""

    tiles: tuple[MenuTile, ...]
    highlighted: int


@dataclass(frozen=True)
class SideCount:
    """One side's count on a per-side exercise: "Left 3/5", or "Left 12/30 s" for a hold.

    >>> SideCount("Left", 3, 5).text, SideCount("Right", 12.4, 30, "s").text
    ('Left 3/5', 'Right 12/30 s')
    >>> SideCount("Left", 31.5, 30, "s").text  # done: the target, not more
    'Left 30/30 s'

    """

    side: str
    done: float
    target: float
    unit: str = "reps"
    worked: bool = False

    @property
    def text(self) -> str:
        """The count in words."""
        suffix = " s" if self.unit == "s" else ""
        return f"{self.side} {math.floor(min(self.done, self.target))}/{round(self.target)}{suffix}"

    @property
    def progress(self) -> float:
        """How far along, 0 to 1."""
        return min(1.0, self.done / self.target) if self.target > 0 else 0.0


@dataclass(frozen=True)
class ExerciseView:
    """The exercise screen: this frame's pose and knee check, the count, one message and the setup.

    The first five fields are what the foundation's loop passes; the rest
    default to "not shown". ``exercise`` may be a name. A counter shows
    ``hold_seconds`` / ``hold_target`` when ``hold_target`` is set, else
    ``reps`` / ``target_reps``; per-side work shows ``sides`` instead
    ("Left 3/5 · Right 2/5", the side being worked highlighted). Until
    ``ready``, a setup panel shows ``setup`` and ``skip_hint``. ``flash`` is
    the last rep's verdict, labelled with its rep, shown while the app passes
    it, in the praise colour when ``flash_good``. ``step`` is (this step, of
    steps) within a routine; ``legend`` what the buttons do here.
    One message shows at a time (:attr:`message`).
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
    sides: tuple[SideCount, ...] = ()
    legend: str = ""
    skip_hint: str = ""

    @property
    def name(self) -> str:
        """The exercise's name."""
        return self.exercise if isinstance(self.exercise, str) else self.exercise.name

    @property
    def caving(self) -> bool:
        """Whether either knee caves in this frame's check."""
        return KneeVerdict.CAVING in (self.check.left.verdict, self.check.right.verdict)

    @property
    def counter_text(self) -> str | None:
        """The count as it reads: "3 / 8", "12 / 30 s", "Left 3/5 · Right 2/5"; ``None``: no count.

        >>> from kiosk.coach.knee import KneeCheck
        >>> ExerciseView("Step-down", None, KneeCheck.unknown(), sides=(
        ...     SideCount("Left", 3, 5, worked=True), SideCount("Right", 2, 5))).counter_text
        'Left 3/5 · Right 2/5'
        """
        if self.sides:
            return " · ".join(count.text for count in self.sides)
        if self.hold_target is not None:
            return f"{math.floor(self.hold_seconds or 0.0)} / {round(self.hold_target)} s"
        if self.reps is not None:
            return f"{self.reps} / {self.target_reps}" if self.target_reps else f"{self.reps}"
        return None

    @property
    def message(self) -> tuple[str, Tone | None]:
        """The one message to show, and its tone (``None``: a setup instruction, in the warning colour).

        Until ready, what to do first; then a rep's verdict while it lasts;
        then the coach's cue, except that praise gives way while a knee
        marker says the knee drifts or caves (that knee's correction, in the
        coach's words, shows instead), so the screen never says two things at once.

        >>> from kiosk.coach.knee import KneeCheck, KneeReading
        >>> right_in = "Push your right knee out over your toes"
        >>> caving = KneeCheck(KneeReading("left", 0.0, KneeVerdict.TRACKING),
        ...                    KneeReading("right", 0.2, KneeVerdict.CAVING), right_in)
        >>> ExerciseView("Squat", None, caving, "Good — knees over toes", cue_tone=Tone.GOOD).message
        ('Push your right knee out over your toes', <Tone.FAULT: 'fault'>)
        """
        if not self.ready and self.position_hint:
            return self.position_hint, None
        if self.flash:
            return self.flash, Tone.GOOD if self.flash_good else Tone.FAULT
        verdicts = (self.check.left.verdict, self.check.right.verdict)
        if self.cue is None:
            if KneeVerdict.CAVING in verdicts:
                return self.check.cue, Tone.FAULT
            return self.check.cue, Tone.GOOD if KneeVerdict.TRACKING in verdicts else Tone.SETUP
        off = [r.side for r in (self.check.left, self.check.right) if r.verdict in (DRIFTING, CAVING)]
        if (
            self.cue_tone is Tone.GOOD and off
        ):  # praise gives way to what the markers show, in the coach's words
            if self.check.cue in CORRECTIONS:
                return self.check.cue, Tone.FAULT
            return (BOTH_KNEES_CUE if len(off) == 2 else FAULTS[f"{off[0]}_knee_in"].cue), Tone.FAULT
        return self.cue, self.cue_tone


@dataclass(frozen=True)
class RestView:
    """Rest between exercises: the countdown and what comes next."""

    next_name: str
    seconds_left: float
    total: float
    next_target: str = ""
    next_figure: str = ""
    legend: str = ""


@dataclass(frozen=True)
class SideChange:
    """One knee's retest in plain words ("tracked better than at the start"); beyond noise or not."""

    side: str
    change: str
    beyond_noise: bool


@dataclass(frozen=True)
class SummaryView:
    """The end of an exercise or routine, as a picture: good reps, each knee's caves, the retest, what next.

    ``left_caved`` of ``left_judged`` reps the left knee caved on (and the
    right's). ``retest`` holds the check against the retest, one line per
    knee, or one for both when they say the same; ``next_action`` is the one
    thing to do next, ``legend`` what the buttons do.
    """

    title: str
    good_reps: int
    total_reps: int
    left_caved: int = 0
    left_judged: int = 0
    right_caved: int = 0
    right_judged: int = 0
    common_fault: str | None = None
    retest: tuple[SideChange, ...] = ()
    next_action: str = ""
    legend: str = ""


@dataclass(frozen=True)
class SafetyView:
    """The safety screen: when to see a professional, and that the mirror does not diagnose."""

    message: str = SAFETY_TEXT
    hint: str = "Press ● to continue"


class TroubleKind(enum.Enum):
    """What stops the mirror coaching, each with its own screen saying what to do."""

    CAMERA = "camera"
    DARK = "dark"
    TOO_CLOSE = "too_close"
    TOO_FAR = "too_far"
    MODEL = "model"
    CONFIG = "config"


TROUBLE_TEXT = {
    TroubleKind.CAMERA: (
        "The camera is not responding",
        "Trying again by itself. Staff: check the camera cable.",
    ),
    TroubleKind.DARK: ("It is too dark to see you", "Turn the lights up, or step into the light."),
    TroubleKind.TOO_CLOSE: ("You are too close", "Step back until your feet are in view."),
    TroubleKind.TOO_FAR: ("You are too far away", "Step closer: 2 to 3 metres from the mirror."),
    TroubleKind.MODEL: ("The pose model stopped working", "Restarting it. Staff: run kiosk doctor."),
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
