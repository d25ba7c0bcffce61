"""A routine as a pure state machine: safety, then each exercise's setup, work and rest, then the summary.

The app feeds one pose per frame with :meth:`RoutineRun.update` and draws the
:class:`RoutineState` it returns; the buttons call :meth:`~RoutineRun.skip`,
:meth:`~RoutineRun.back`, :meth:`~RoutineRun.acknowledge` and
:meth:`~RoutineRun.help`. No button is needed to start an exercise: the setup
step waits until the person is in view, facing the right way, for a second.

The routine opens with a short check (5 squats, or 3 step-downs per side) and
ends by repeating it; the summary compares the two honestly.

Budget: ≈ the coach's own per frame (one more small check on the pose).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.coach.exercise_library import Exercise, Library, Routine
from kiosk.coach.faults import Tone
from kiosk.coach.safety import SAFETY_TEXT
from kiosk.coach.session import Coach, CoachUpdate
from kiosk.coach.summary import Summary, exercise_summary, retest_changes, routine_summary
from kiosk.coach.verdict import RepResult
from kiosk.pose.keypoints import Pose

SAFETY, SETUP, ACTIVE, REST, SUMMARY = "safety", "setup", "active", "rest", "summary"
READY_CUE = "Ready — starting"
# Asked for help, the safety note stays this long unless it is acknowledged sooner.
HELP_SECONDS = 20.0


@dataclass(frozen=True)
class Step:
    """One exercise in the run: the check, an exercise, or the retest, with its own target."""

    exercise: Exercise
    role: str  # "check", "exercise" or "retest"
    target: float

    @property
    def time_limit(self) -> float:
        """A generous limit, seconds: 12 s a rep, or three times the hold, each side, plus 30 s."""
        sides = 2 if self.exercise.per_side else 1
        each = 3 * self.target if self.exercise.hold_seconds is not None else 12 * self.target
        return sides * each + 30.0


@dataclass(frozen=True)
class StepRecord:
    """What one step produced: its rep results and what was done, per side or ``"both"``."""

    step: Step
    results: tuple[RepResult, ...]
    done: dict[str, float]
    skipped: bool = False


@dataclass(frozen=True)
class RoutineState:
    """What the screen shows this frame."""

    screen: str
    step: int
    steps: int
    exercise: Exercise | None = None
    role: str | None = None
    cue: str = ""
    cue_tone: Tone = Tone.SETUP
    countdown: float | None = None
    done: dict[str, float] = field(default_factory=dict)
    target: float = 0.0
    unit: str = "reps"
    side: str | None = None
    update: CoachUpdate | None = None
    next_exercise: Exercise | None = None
    summary: Summary | None = None
    safety: str = SAFETY_TEXT


def steps_for(routine: Routine, library: Library, check: bool = True) -> tuple[Step, ...]:
    """The check, the exercises with their targets, and the retest (without ``check``: the exercises).

    >>> from kiosk.coach.exercise_library import built_in
    >>> steps = steps_for(built_in().routine(), built_in())
    >>> [(s.exercise.id, s.role, s.target) for s in (steps[0], steps[1], steps[-1])]
    [('squat', 'check', 5), ('glute_bridge', 'exercise', 10), ('squat', 'retest', 5)]
    """
    main = tuple(Step(library.exercise(i), "exercise", library.exercise(i).target) for i in routine.exercises)
    if not check:
        return main
    opening = library.exercise(routine.check)
    return (Step(opening, "check", routine.check_reps), *main, Step(opening, "retest", routine.check_reps))


class RoutineRun:
    """One person's run through a routine.

    >>> from kiosk.coach.exercise_library import built_in
    >>> run = RoutineRun(built_in().routine(), built_in())
    >>> state = run.update(None, 0.0)
    >>> state.screen, state.steps
    ('safety', 12)
    >>> run.acknowledge(); run.update(None, 0.1).screen
    'setup'
    """

    def __init__(
        self,
        routine: Routine,
        library: Library,
        coach_for: Callable[[Exercise], Coach] = Coach,
        safety_seconds: float = 15.0,
        ready_seconds: float = 1.0,
        check: bool = True,
    ):
        self.routine = routine
        self.steps = steps_for(routine, library, check)
        self.coach_for = coach_for
        self.safety_seconds = safety_seconds
        self.ready_seconds = ready_seconds
        self.records: list[StepRecord] = []
        self.screen = SAFETY  # with safety_seconds=0 it passes straight to the first setup
        self.index = 0
        self.coach: Coach | None = None
        self.summary: Summary | None = None
        self._since: float | None = None
        self._ready_since: float | None = None
        self._last_update: CoachUpdate | None = None
        self._pending: str | None = None
        self._helping_since: float | None = None

    def acknowledge(self) -> None:
        """The safety note was read: carry on."""
        self._pending = "acknowledge"

    def help(self) -> None:
        """Someone asked for help: show the safety note, pausing the routine until acknowledged."""
        self._pending = "help"

    def skip(self) -> None:
        """Skip the safety note, the current exercise or the rest."""
        self._pending = "skip"

    def back(self) -> None:
        """Go back to the previous exercise's setup (or redo the one just finished)."""
        self._pending = "back"

    def update(self, pose: Pose | None, t: float) -> RoutineState:
        """Feed one frame; returns what to show."""
        if self._since is None:
            self._since = t
        self._apply(self._pending, t)
        self._pending = None
        if self._helping_since is not None:
            if t - self._helping_since < HELP_SECONDS:
                return self._state(SAFETY, countdown=HELP_SECONDS - (t - self._helping_since))
            self._resume(t)
        if self.screen == SAFETY:
            left = self.safety_seconds - (t - self._since)
            if left > 0:
                return self._state(SAFETY, countdown=left)
            self._enter_setup(0, t)
        if self.screen == REST:
            left = self.routine.rest_seconds - (t - self._since)
            if left > 0:
                return self._state(REST, countdown=math.ceil(left), next_exercise=self.step.exercise)
            self._enter_setup(self.index, t)
        if self.screen == SETUP:
            return self._setup(pose, t)
        if self.screen == ACTIVE:
            return self._active(pose, t)
        return self._state(SUMMARY, summary=self.summary)

    @property
    def step(self) -> Step:
        """The current step (the last one once the summary shows)."""
        return self.steps[min(self.index, len(self.steps) - 1)]

    def _setup(self, pose: Pose | None, t: float) -> RoutineState:
        update = self._coach().update(pose, t)  # the coach learns how the person stands meanwhile
        problem = update.problem
        if problem is not None:
            self._ready_since = None
            return self._state(SETUP, cue=problem, update=update)
        if self._ready_since is None:
            self._ready_since = t
        if t - self._ready_since < self.ready_seconds:
            return self._state(SETUP, cue=READY_CUE, update=update)
        self.screen, self._since = ACTIVE, t
        return self._progress(update, t)

    def _active(self, pose: Pose | None, t: float) -> RoutineState:
        return self._progress(self._coach().update(pose, t), t)

    def _progress(self, update: CoachUpdate, t: float) -> RoutineState:
        self._last_update = update
        step = self.step
        done = _done(update, step)
        finished = all(value >= step.target for value in done.values())
        since = self._since if self._since is not None else t  # set by the first update
        if finished or t - since > step.time_limit:
            self._finish(t, skipped=False)
            return (
                self.update(None, t) if self.screen != SUMMARY else self._state(SUMMARY, summary=self.summary)
            )
        return self._state(
            ACTIVE, cue=update.cue, cue_tone=update.cue_tone, done=done, side=update.side, update=update,
            countdown=step.time_limit - (t - since),
        )  # fmt: skip

    def _finish(self, t: float, skipped: bool) -> None:
        update = self._last_update
        step = self.step
        done = _done(update, step) if update is not None else {}
        results = tuple(self.coach.results) if self.coach is not None else ()
        self.records.append(StepRecord(step, results, done, skipped))
        self.index += 1
        self._last_update = None
        if self.index >= len(self.steps):
            self.screen, self.summary = SUMMARY, self._summary()
        else:
            self.screen, self._since = REST, t

    def _enter_setup(self, index: int, t: float) -> None:
        self.index, self.screen, self._since, self._ready_since = index, SETUP, t, None
        self.coach = self.coach_for(self.step.exercise)
        self._last_update = None

    def _apply(self, action: str | None, t: float) -> None:
        if action is None:
            return
        if action == "help":
            if self._helping_since is None and self.screen != SUMMARY:
                self._helping_since = t
        elif self._helping_since is not None:
            if action in ("acknowledge", "skip"):
                self._resume(t)
        elif self.screen == SAFETY and action in ("acknowledge", "skip"):
            self._since = t - self.safety_seconds
        elif action == "skip" and self.screen in (SETUP, ACTIVE):
            self._finish(t, skipped=True)
        elif action == "skip" and self.screen == REST:
            self._enter_setup(self.index, t)
        elif action == "back" and self.screen in (SETUP, ACTIVE, REST):
            target = self.index - 1  # in a rest, the index already points at the next step
            if target < 0:
                self.screen, self._since = SAFETY, t
                return
            self.records = self.records[:target]
            self._enter_setup(target, t)

    def _resume(self, t: float) -> None:
        # Time spent reading the note neither counts down the rest nor the exercise's limit.
        helping, self._helping_since = self._helping_since, None
        if self._since is not None and helping is not None and self.screen != SAFETY:
            self._since += t - helping

    def _coach(self) -> Coach:
        """The coach of the exercise under way (made on entering its setup)."""
        if self.coach is None:
            raise RuntimeError("no exercise under way")
        return self.coach

    def _summary(self) -> Summary:
        parts = []
        for record in self.records:
            summary = exercise_summary(
                record.step.exercise, list(record.results), record.done, record.skipped
            )
            summary = replace(summary, target=record.step.target)
            if record.step.role != "exercise":
                summary = replace(summary, name=f"{record.step.role.capitalize()}: {summary.name}")
            parts.append(summary)
        check = next((r for r in self.records if r.step.role == "check" and not r.skipped), None)
        retest = next((r for r in self.records if r.step.role == "retest" and not r.skipped), None)
        changes = retest_changes(list(check.results), list(retest.results)) if check and retest else ()
        results = [result for record in self.records for result in record.results]
        return routine_summary(parts, results, changes)

    def _state(self, screen: str, **fields: Any) -> RoutineState:
        step = self.step
        fields.setdefault("target", step.target)
        fields.setdefault("unit", step.exercise.unit)
        show_step = screen not in (SAFETY, SUMMARY) or self._helping_since is not None
        return RoutineState(
            screen, self.index, len(self.steps), step.exercise if show_step else None,
            step.role if show_step else None, **fields,
        )  # fmt: skip


def _done(update: CoachUpdate, step: Step) -> dict[str, float]:
    done = update.done(step.exercise)
    return {side: round(value, 1) for side, value in done.items()}
