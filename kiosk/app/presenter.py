"""From the navigation's state to the view each screen draws, once a frame.

Budget (per frame): ≤ 0.1 ms: a few small dataclasses; the summary's counts
are worked out once, when the summary first shows.
"""

from __future__ import annotations

from typing import TypeVar

from kiosk.app.navigation import (
    LEGEND_REST,
    LEGEND_ROUTINE,
    LEGEND_SINGLE,
    LEGEND_SUMMARY,
    SKIP_ROUTINE,
    SKIP_SINGLE,
    Calibration,
    MenuEntry,
    Navigation,
    Screen,
    target_text,
)
from kiosk.coach.faults import next_step, rep_words, summary_words
from kiosk.coach.knee import KneeCheck
from kiosk.coach.routine import ACTIVE, REST, SAFETY, SETUP, SUMMARY, RoutineState
from kiosk.coach.summary import Summary
from kiosk.pose.keypoints import Pose
from kiosk.ui.screens import (
    AttractView,
    CalibrationView,
    ExerciseView,
    MenuTile,
    MenuView,
    RestView,
    SafetyView,
    Screens,
    SideChange,
    SummaryView,
    TroubleView,
)
from kiosk.ui.views import FIGURES, SideCount

# A rep's verdict holds the message band this long after the rep ends: long enough to read at 3 m.
FLASH_SECONDS = 1.5
NO_CHECK = KneeCheck.unknown()
SIDES = ("left", "right")
_T = TypeVar("_T")


class Presenter:
    """Draws whatever screen the navigation is on, with this frame's pose and the session's state.

    >>> presenter = Presenter(Screens((1920, 1080)))  # doctest: +SKIP
    >>> presenter.draw(display, navigation, pose, t=12.0)  # doctest: +SKIP
    """

    def __init__(self, screens: Screens):
        self.screens = screens
        self.safety = SafetyView()
        self._flash: tuple[str, bool, float] | None = None
        self._summary: tuple[Summary, SummaryView] | None = None
        self._menu: tuple[tuple[MenuEntry, ...], tuple[MenuTile, ...]] | None = None
        # The step being shown, and each side's last judged faults in it (for "fixed ✓").
        self._step: tuple[int, int] | None = None
        self._last_faults: dict[str, tuple[str, ...]] = {}

    def draw(
        self, surface, nav: Navigation, pose: Pose | None, t: float, trouble: TroubleView | None = None
    ) -> None:
        """Draw the current screen; ``trouble`` replaces the session's screens while it lasts."""
        screens = self.screens
        if nav.screen is Screen.ATTRACT:
            screens.draw_attract(surface, AttractView(t))
        elif nav.screen is Screen.MENU:
            screens.draw_menu(surface, MenuView(self._tiles(nav.entries), nav.index))
        elif nav.screen is Screen.SAFETY:
            screens.draw_safety(surface, self.safety)
        elif nav.screen is Screen.CALIBRATION:
            c = nav.calibration or Calibration()
            screens.draw_calibration(surface, CalibrationView(c.scale, c.offset_x, c.offset_y, c.field, pose))
        elif trouble is not None:
            screens.draw_trouble(surface, trouble)
        else:
            self._session(surface, nav, nav.state, pose, t)

    def _session(self, surface, nav: Navigation, state: RoutineState | None, pose, t: float) -> None:
        screens = self.screens
        if state is None or state.screen == SAFETY:
            screens.draw_safety(surface, self.safety)
        elif state.screen == REST:
            upcoming = _given(state.next_exercise, "next exercise")
            view = RestView(
                upcoming.name, state.countdown or 0.0, _given(nav.run, "run").routine.rest_seconds,
                target_text(upcoming), FIGURES.get(upcoming.id, upcoming.id), LEGEND_REST,
            )  # fmt: skip
            screens.draw_rest(surface, view)
        elif state.screen == SUMMARY:
            screens.draw_summary(surface, self._summary_view(nav, _given(state.summary, "summary")))
        else:
            screens.draw_exercise(surface, self._exercise_view(nav, state, pose, t))

    def _exercise_view(self, nav: Navigation, state: RoutineState, pose, t: float) -> ExerciseView:
        exercise = _given(state.exercise, "exercise")
        update = state.update
        step = (id(nav.run), state.step)
        if step != self._step:  # a new exercise: no verdict and no rep before it
            self._step, self._flash, self._last_faults = step, None, {}
        if update is not None and update.rep is not None and update.rep.judged:
            self._flash = (*self._verdict(update), t + FLASH_SECONDS)
        flash = self._flash if self._flash is not None and t < self._flash[2] else None
        holds = exercise.hold_seconds is not None
        sides: tuple[SideCount, ...] = ()
        if exercise.per_side:
            sides = tuple(
                SideCount(s.capitalize(), state.done.get(s, 0.0), state.target, "s" if holds else "reps",
                          worked=s == state.side)
                for s in SIDES
            )  # fmt: skip
        done = state.done.get("both", 0.0) if state.done else 0.0
        return ExerciseView(
            exercise, pose, update.knees if update is not None and update.knees else NO_CHECK,
            state.cue or None, None if holds else int(done), None if holds else int(state.target),
            None, done if holds else None, state.target if holds else None,
            ready=state.screen == ACTIVE, setup=exercise.setup,
            position_hint=state.cue if state.screen == SETUP else None,
            flash=flash[0] if flash else None, flash_good=flash[1] if flash else True,
            step=None if nav.single else (state.step + 1, state.steps), cue_tone=state.cue_tone,
            sides=sides, legend=LEGEND_SINGLE if nav.single else LEGEND_ROUTINE,
            skip_hint=SKIP_SINGLE if nav.single else SKIP_ROUTINE,
        )  # fmt: skip

    def _verdict(self, update) -> tuple[str, bool]:
        """The rep's verdict in words, labelled with its rep (per side: that side's count)."""
        rep = update.rep
        key = rep.side or "both"
        number = update.per_side.get(rep.side, rep.index) if rep.side else rep.index
        fixed = bool(self._last_faults.get(key)) and rep.good
        self._last_faults[key] = rep.faults
        return rep_words(number, rep.faults, fixed, rep.side), rep.good

    def _summary_view(self, nav: Navigation, summary: Summary) -> SummaryView:
        if self._summary is not None and self._summary[0] is summary:
            return self._summary[1]
        run = _given(nav.run, "run")
        results = [r for record in run.records for r in record.results if r.judged]
        knees = {side: [r for r in results if r.side is None or r.side == side] for side in SIDES}
        caved = {side: sum(f"{side}_knee_in" in r.faults for r in knees[side]) for side in SIDES}
        fault = summary.most_common_fault
        view = SummaryView(
            run.routine.name, sum(r.good for r in results), len(results),
            caved["left"], len(knees["left"]), caved["right"], len(knees["right"]),
            summary_words(fault) if fault else None, retest_words(summary.retest), next_step(fault),
            LEGEND_SUMMARY,
        )  # fmt: skip
        self._summary = (summary, view)
        return view

    def _tiles(self, entries: tuple[MenuEntry, ...]) -> tuple[MenuTile, ...]:
        if self._menu is None or self._menu[0] is not entries:
            tiles = tuple(
                MenuTile(e.title, e.target, FIGURES.get(e.figure_id, e.figure_id), e.routine is not None)
                for e in entries
            )
            self._menu = (entries, tiles)
        return self._menu[1]


def retest_words(changes) -> tuple[SideChange, ...]:
    """Each knee's retest in plain words; one line for both knees when they say the same.

    Better or worse only beyond the measurement noise (8°, kiosk/coach/summary.py).

    >>> from kiosk.coach.summary import RetestChange
    >>> changes = (RetestChange("left", 12.0, 10.0), RetestChange("right", 14.0, 3.0))
    >>> [c.change for c in retest_words(changes)]
    ['Left knee: as at the start', 'Right knee: better than at the start']
    >>> [c.change for c in retest_words((RetestChange("left", 9.0, 10.0), RetestChange("right", 9.0, 6.0)))]
    ['Both knees: as at the start']
    """
    lines = []
    for change in changes:
        if change.change is None:
            how = "no reading to compare"
        elif not change.beyond_noise:
            how = "as at the start"
        elif change.change < 0:
            how = "better than at the start"
        else:
            how = "worse than at the start"
        lines.append(SideChange(change.side.capitalize(), how, change.beyond_noise))
    if len(lines) == 2 and lines[0].change == lines[1].change:
        return (SideChange("Both", f"Both knees: {lines[0].change}", lines[0].beyond_noise),)
    return tuple(SideChange(c.side, f"{c.side} knee: {c.change}", c.beyond_noise) for c in lines)


def _given(value: _T | None, what: str) -> _T:
    """``value``, which the routine always gives for the screen being drawn."""
    if value is None:
        raise RuntimeError(f"the routine gave no {what} for its screen")
    return value
