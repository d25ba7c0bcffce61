"""From the navigation's state to the view each screen draws, once a frame.

Budget (per frame): ≤ 0.1 ms: a few small dataclasses; the summary's counts
are worked out once, when the summary first shows.
"""

from __future__ import annotations

from kiosk.app.navigation import MenuEntry, Navigation, Screen, target_text
from kiosk.coach.faults import flash_words, summary_words
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
from kiosk.ui.views import FIGURES

# A rep's verdict stays on screen this long after the rep ends.
FLASH_SECONDS = 0.8
NO_CHECK = KneeCheck.unknown()


class Presenter:
    """Draws whatever screen the navigation is on, with this frame's pose and the session's state.

    >>> presenter = Presenter(Screens((1920, 1080)))  # doctest: +SKIP
    >>> presenter.draw(display, navigation, pose, t=12.0)  # doctest: +SKIP
    """

    def __init__(self, screens: Screens, safety_message: str | None = None):
        self.screens = screens
        self.safety = SafetyView(safety_message) if safety_message else SafetyView()
        self._flash: tuple[str, bool, float] | None = None
        self._summary: tuple[Summary, SummaryView] | None = None
        self._menu: tuple[tuple[MenuEntry, ...], tuple[MenuTile, ...]] | None = None

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
            c = nav.calibration
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
            upcoming = state.next_exercise
            view = RestView(
                upcoming.name, state.countdown or 0.0, nav.run.routine.rest_seconds,
                target_text(upcoming), FIGURES.get(upcoming.id, upcoming.id),
            )  # fmt: skip
            screens.draw_rest(surface, view)
        elif state.screen == SUMMARY:
            screens.draw_summary(surface, self._summary_view(nav, state.summary))
        else:
            screens.draw_exercise(surface, self._exercise_view(nav, state, pose, t))

    def _exercise_view(self, nav: Navigation, state: RoutineState, pose, t: float) -> ExerciseView:
        exercise = state.exercise
        update = state.update
        if update is not None and update.rep is not None and update.rep.judged:
            good = update.rep.good
            self._flash = (verdict_words(update.rep.faults), good, t + FLASH_SECONDS)
        flash = self._flash if self._flash is not None and t < self._flash[2] else None
        side = state.side if exercise.per_side else None
        done = state.done.get(side or "both", 0.0) if state.done else 0.0
        holds = exercise.hold_seconds is not None
        return ExerciseView(
            exercise, pose, update.knees if update is not None and update.knees else NO_CHECK,
            state.cue or None, None if holds else int(done), None if holds else int(state.target),
            side.capitalize() if side else None, done if holds else None, state.target if holds else None,
            ready=state.screen == ACTIVE, setup=exercise.setup,
            position_hint=state.cue if state.screen == SETUP else None,
            flash=flash[0] if flash else None, flash_good=flash[1] if flash else True,
            step=None if nav.single else (state.step + 1, state.steps), cue_tone=state.cue_tone,
        )  # fmt: skip

    def _summary_view(self, nav: Navigation, summary: Summary) -> SummaryView:
        if self._summary is not None and self._summary[0] is summary:
            return self._summary[1]
        results = [r for record in nav.run.records for r in record.results if r.judged]
        sides = {side: [r for r in results if r.side is None or r.side == side] for side in ("left", "right")}
        fault = summary.most_common_fault
        view = SummaryView(
            nav.run.routine.name, sum(r.good for r in results), len(results),
            sum(r.good for r in sides["left"]), len(sides["left"]),
            sum(r.good for r in sides["right"]), len(sides["right"]),
            summary_words(fault) if fault else None,
            tuple(_side_change(c) for c in summary.retest), summary.advice,
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


def verdict_words(faults: tuple[str, ...]) -> str:
    """A rep's verdict in two or three words, for the flash at the end of the rep.

    >>> verdict_words(()), verdict_words(("shallow", "left_knee_in"))
    ('Good rep', 'Left knee caved')
    """
    return flash_words(faults)


def _side_change(change) -> SideChange:
    if change.change is None:
        words = "no reading to compare"
    elif round(abs(change.change)) == 0:
        words = "no change"
    else:
        words = f"knee-in {abs(change.change):.0f}° {'less' if change.change < 0 else 'more'}"
    return SideChange(change.side.capitalize(), words, change.beyond_noise)
