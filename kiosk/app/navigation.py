"""Where the person is in the kiosk, and how presses and presence move them.

Pure logic: no pygame, no threads, no files, so every press sequence is easy
to test. Screens and what each button does there:

======================  =================  =================  ===============  ===============
screen                  previous           next               select           held
======================  =================  =================  ===============  ===============
attract                 menu               menu               menu             next: safety
menu                    move up            move down          start the tile   select: attract,
                                                                               previous: calibrate
session: safety         —                  —                  carry on         select: menu
session: setup/active   back (routine) or  skip (routine) or  —                select: menu (one
                        previous exercise  next exercise                       exercise with reps
                                                                               done: its summary),
                                                                               next: safety
session: rest           back               skip               —                select: menu
session: summary        —                  —                  menu             select: attract
safety                  —                  —                  back to where    —
                                                              it was
calibrate               less               more               next value       select: save
======================  =================  =================  ===============  ===============

The attract screen wakes by itself when a person has stood in view for
``[presence] wake_seconds``; any screen but calibration returns to it
``idle_seconds`` after the last person left, and the session is dropped with it.

The buttons report facts (:class:`hardware.ButtonEvent`: which button,
pressed or held); what each asks for is said once, in ``COMMANDS``:

>>> command_for(ButtonEvent("next", "hold"))
<Command.HELP: 'help'>
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace

from hardware.buttons import ButtonEvent
from kiosk.coach.exercise_library import Exercise, Library, Routine, built_in
from kiosk.coach.routine import ACTIVE, SAFETY, SUMMARY, RoutineRun, RoutineState
from kiosk.coach.session import Coach
from kiosk.config import PresenceConfig
from kiosk.pose.keypoints import Pose


class Command(enum.Enum):
    """What a person asked for by pressing or holding a button (or a key)."""

    PREVIOUS = "previous"
    NEXT = "next"
    SELECT = "select"
    BACK = "back"  # select, held
    HELP = "help"  # next, held: the safety advice
    STAFF = "staff"  # previous, held: the glass calibration (from the menu)


COMMANDS = {
    ButtonEvent("previous"): Command.PREVIOUS,
    ButtonEvent("next"): Command.NEXT,
    ButtonEvent("select"): Command.SELECT,
    ButtonEvent("select", "hold"): Command.BACK,
    ButtonEvent("next", "hold"): Command.HELP,
    ButtonEvent("previous", "hold"): Command.STAFF,
}


def command_for(event: ButtonEvent) -> Command:
    """What pressing or holding a button asks for."""
    return COMMANDS[event]


# The safety screen asked for from the attract screen or the menu goes back by itself after this.
SAFETY_SECONDS = 20.0
CALIBRATION_STEPS = {"scale": 0.02, "offset_x": 0.01, "offset_y": 0.01}
# What the buttons do, as each screen's legend says it (the table above, in a person's words).
LEGEND_ROUTINE = "◀ back · ▶ skip · hold ● menu"
LEGEND_SINGLE = "◀ ▶ other exercise · hold ● finish"
LEGEND_REST = "▶ skip the rest · ◀ back · hold ● menu"
LEGEND_SUMMARY = "● menu · hold ● done"
SKIP_ROUTINE = "▶ skips this exercise"
SKIP_SINGLE = "◀ ▶ choose another exercise"
CALIBRATION_LIMITS = {"scale": (0.5, 2.0), "offset_x": (-1.0, 1.0), "offset_y": (-1.0, 1.0)}


class Screen(enum.Enum):
    """The kiosk's screens; a session (a routine, or one exercise) has its own inner screens."""

    ATTRACT = "attract"
    MENU = "menu"
    SESSION = "session"
    SAFETY = "safety"
    CALIBRATION = "calibration"


@dataclass(frozen=True)
class MenuEntry:
    """One tile of the menu: a routine or a single exercise.

    >>> MenuEntry.of_exercise(built_in().exercise("squat")).target
    '8 reps'
    """

    title: str
    target: str
    figure_id: str
    routine: Routine | None = None
    exercise: Exercise | None = None

    @classmethod
    def of_routine(cls, routine: Routine, library: Library) -> MenuEntry:
        """A routine's tile: its number of steps and rough length."""
        steps = len(routine.exercises) + 2  # with the opening check and the retest
        return cls(
            routine.name, f"{steps} steps · about {_minutes(routine, library)} min", "routine", routine
        )

    @classmethod
    def of_exercise(cls, exercise: Exercise) -> MenuEntry:
        """An exercise's tile: its target."""
        return cls(exercise.name, target_text(exercise), exercise.id, exercise=exercise)


@dataclass(frozen=True)
class Calibration:
    """The glass calibration being edited: three values and which one the buttons change."""

    scale: float = 1.0
    offset_x: float = 0.0
    offset_y: float = 0.0
    field: str = "scale"

    def nudged(self, direction: int) -> Calibration:
        """One step up (+1) or down (-1) of the current value, kept within its limits."""
        low, high = CALIBRATION_LIMITS[self.field]
        value = getattr(self, self.field) + direction * CALIBRATION_STEPS[self.field]
        return replace(self, **{self.field: round(min(high, max(low, value)), 3)})

    def next_field(self) -> Calibration:
        """The next value to change."""
        fields = list(CALIBRATION_STEPS)
        return replace(self, field=fields[(fields.index(self.field) + 1) % len(fields)])


class Navigation:
    """The current screen and session, moved by button events and by who is in view.

    >>> nav = Navigation()
    >>> nav.screen
    <Screen.ATTRACT: 'attract'>
    >>> nav.handle(Command.SELECT, 0.0); nav.screen, nav.entries[0].title
    (<Screen.MENU: 'menu'>, 'Knee-friendly warm-up')
    >>> nav.handle(Command.NEXT, 1.0); nav.handle(Command.SELECT, 2.0)
    >>> nav.screen, nav.run.step.exercise.id
    (<Screen.SESSION: 'session'>, 'squat')
    """

    def __init__(
        self,
        library: Library | None = None,
        coach_for: Callable[[Exercise], Coach] = Coach,
        routine_id: str | None = None,
        presence: PresenceConfig | None = None,
    ):
        self.library = library or built_in()
        self.presence = presence or PresenceConfig()  # the app sets a reloaded one here
        self.coach_for = coach_for
        routines = [self.library.routine(routine_id)] if routine_id else list(self.library.routines)
        routines += [r for r in self.library.routines if r not in routines]
        self.entries: tuple[MenuEntry, ...] = (
            *(MenuEntry.of_routine(r, self.library) for r in routines),
            *(MenuEntry.of_exercise(e) for e in self.library.exercises),
        )
        self.screen = Screen.ATTRACT
        self.index = 0
        self.run: RoutineRun | None = None
        self.state: RoutineState | None = None
        self.calibration: Calibration | None = None
        self.saved_calibration: Calibration | None = None
        self.pending_save: Calibration | None = None  # staff saved it: the app writes it to the file
        self._helping_from: tuple[Screen, float] | None = None
        self._last_person: float | None = None
        self._present_since: float | None = None

    @property
    def entry(self) -> MenuEntry:
        """The highlighted menu entry."""
        return self.entries[self.index]

    @property
    def exercise(self) -> Exercise | None:
        """The exercise being done now, if any."""
        return self.run.step.exercise if self.run is not None and self.screen is Screen.SESSION else None

    @property
    def single(self) -> bool:
        """Whether the session is one exercise chosen from the menu (not a routine)."""
        return self.run is not None and self.run.routine.id.startswith("exercise:")

    def start(self, entry_id: str, t: float) -> None:
        """Open a session straight away: ``"routine"``, a routine's id, or an exercise's id."""
        for index, entry in enumerate(self.entries):
            chosen = entry.routine or entry.exercise
            if (chosen is not None and entry_id == chosen.id) or (
                entry_id == "routine" and entry.routine is not None
            ):
                self.index = index
                self._begin(t)
                self._last_person = t
                return
        known = ", ".join(["routine", *(r.id for r in self.library.routines), *self._exercise_ids()])
        raise KeyError(f"unknown start {entry_id!r}: choose one of {known}")

    def handle(self, event: Command, t: float) -> None:
        """Apply what a person asked for at time ``t`` (seconds); the buttons were debounced when read."""
        self._last_person = t  # someone is pressing buttons: they are here
        handler = {
            Screen.ATTRACT: self._on_attract,
            Screen.MENU: self._on_menu,
            Screen.SESSION: self._on_session,
            Screen.SAFETY: self._on_safety,
            Screen.CALIBRATION: self._on_calibration,
        }[self.screen]
        handler(event, t)

    def observe(self, pose: Pose | None, t: float, now: float | None = None) -> RoutineState | None:
        """Feed one frame's pose: wakes the attract screen, drives the session.

        ``t`` is the frame's own time (the session's clock); ``now`` the
        kiosk's, for presence (the same as ``t`` by default).
        """
        now = t if now is None else now
        present = pose is not None and pose.present
        if present:
            self._last_person = now
            self._present_since = now if self._present_since is None else self._present_since
        else:
            self._present_since = None
        since = self._present_since
        if self.screen is Screen.ATTRACT and since is not None and now - since >= self.presence.wake_seconds:
            self.screen = Screen.MENU
        if self.screen is Screen.SESSION and self.run is not None:
            self.state = self.run.update(pose, t)
        return self.state

    def tick(self, t: float) -> None:
        """Time-outs that need no pose: the idle return to the attract screen, the safety screen's."""
        if self._last_person is None:
            self._last_person = t
        helping = self._helping_from
        if self.screen is Screen.SAFETY and helping is not None and t - helping[1] > SAFETY_SECONDS:
            self._end_help()
        if (
            self.screen not in (Screen.ATTRACT, Screen.CALIBRATION)
            and t - self._last_person > self.presence.idle_seconds
        ):
            self.to_attract()

    def to_attract(self) -> None:
        """Back to the attract screen, with nothing of the last person's session kept."""
        self.screen = Screen.ATTRACT
        self.run = self.state = None
        self.index = 0
        self._helping_from = None
        self._present_since = None  # waking again takes a fresh moment in view

    def _on_attract(self, event: Command, t: float) -> None:
        if event is Command.HELP:
            self._help(t)
        else:
            self.screen = Screen.MENU

    def _on_menu(self, event: Command, t: float) -> None:
        if event is Command.PREVIOUS:
            self.index = (self.index - 1) % len(self.entries)
        elif event is Command.NEXT:
            self.index = (self.index + 1) % len(self.entries)
        elif event is Command.SELECT:
            self._begin(t)
        elif event is Command.BACK:
            self.to_attract()
        elif event is Command.HELP:
            self._help(t)
        elif event is Command.STAFF:
            self.calibration = self.saved_calibration or self.calibration or Calibration()
            self.screen = Screen.CALIBRATION

    def _on_session(self, event: Command, t: float) -> None:
        run, inner = self.run, self.state.screen if self.state is not None else SAFETY
        if run is None:  # never: a session begins with its run
            return
        if inner == SUMMARY and event is Command.BACK:
            self.to_attract()  # done: the mirror is ready for the next person
        elif inner == SUMMARY and event is Command.SELECT:
            self.screen, self.run, self.state = Screen.MENU, None, None
        elif event is Command.BACK and self.single and inner == ACTIVE and self._work_done():
            run.skip()  # ending one exercise early still gives its summary
        elif event is Command.BACK:
            self.screen, self.run, self.state = Screen.MENU, None, None
        elif event is Command.HELP:
            run.help()
        elif event is Command.SELECT:
            run.acknowledge()
        elif self.single and event in (Command.PREVIOUS, Command.NEXT) and inner != SUMMARY:
            self._switch_exercise(1 if event is Command.NEXT else -1, t)
        elif event is Command.NEXT:
            run.skip()
        elif event is Command.PREVIOUS:
            run.back()

    def _on_safety(self, event: Command, t: float) -> None:
        if event in (Command.SELECT, Command.BACK):
            self._end_help()

    def _on_calibration(self, event: Command, t: float) -> None:
        calibration = self.calibration or Calibration()
        if event in (Command.PREVIOUS, Command.NEXT):
            self.calibration = calibration.nudged(1 if event is Command.NEXT else -1)
        elif event is Command.SELECT:
            self.calibration = calibration.next_field()
        elif event is Command.BACK:
            self.saved_calibration = self.pending_save = calibration
            self.screen = Screen.MENU

    def _begin(self, t: float) -> None:
        entry = self.entry
        if entry.routine is not None:
            self.run = RoutineRun(entry.routine, self.library, self.coach_for)
        elif entry.exercise is not None:
            single = Routine(f"exercise:{entry.exercise.id}", entry.exercise.name, (entry.exercise.id,))
            self.run = RoutineRun(single, self.library, self.coach_for, safety_seconds=0.0, check=False)
        self.state = None
        self.screen = Screen.SESSION

    def _switch_exercise(self, direction: int, t: float) -> None:
        first = len(self.entries) - len(self.library.exercises)
        count = len(self.library.exercises)
        self.index = first + (self.index - first + direction) % count
        self._begin(t)

    def _work_done(self) -> bool:
        return self.state is not None and any(value > 0 for value in self.state.done.values())

    def _help(self, t: float) -> None:
        self._helping_from = (self.screen, t)
        self.screen = Screen.SAFETY

    def _end_help(self) -> None:
        self.screen = self._helping_from[0] if self._helping_from is not None else Screen.MENU
        self._helping_from = None

    def _exercise_ids(self) -> list[str]:
        return [e.id for e in self.library.exercises]


def target_text(exercise: Exercise) -> str:
    """The target in words, e.g. "8 reps", "30 s a side" (short: it fits a menu tile at 3 m's type size).

    >>> target_text(built_in().exercise("hip_flexor_stretch"))
    '30 s a side'
    """
    each = " a side" if exercise.per_side else ""
    if exercise.hold_seconds is not None:
        return f"{exercise.hold_seconds:g} s{each}"
    return f"{exercise.target:g} {exercise.unit}{each}"


def _minutes(routine: Routine, library: Library) -> int:
    seconds = 0.0
    for exercise in (library.exercise(i) for i in routine.exercises):
        sides = 2 if exercise.per_side else 1
        seconds += sides * (exercise.hold_seconds or 3.0 * exercise.target) + routine.rest_seconds
    seconds += 2 * routine.check_reps * 3.0 + 15.0  # the check, the retest and the safety note
    return max(1, round(seconds / 60))
