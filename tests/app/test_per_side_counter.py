"""Per-side exercises, through the app's presenter and the real screen: the counter read at every rep.

"Left 3/5 · Right 2/5", the side just worked highlighted, from the first rep
to the last, for each per-side exercise (the athlete does the standing ones,
hand-made keypoints the floor ones and the stretch).
"""

import math

import pygame
import pytest

from kiosk.app import Navigation
from kiosk.app.presenter import Presenter
from kiosk.coach.routine import ACTIVE, SUMMARY
from kiosk.ui.screens import Screens

from .test_routine_run import athlete, hand_made, with_time

PER_SIDE = [
    "reverse_lunge",
    "step_down",
    "lateral_band_walk",
    "clamshell",
    "knee_to_wall",
    "hip_flexor_stretch",
]


@pytest.fixture(scope="module")
def screen():
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def counter_of(view):
    """What the counter says, as the screen was asked to show it (before issue 16: "reps / target")."""
    text = getattr(view, "counter_text", None)
    if text is not None:
        return text
    if view.hold_target is not None:
        return f"{math.floor(view.hold_seconds or 0)} / {round(view.hold_target)} s"
    return f"{view.reps} / {view.target_reps}"


@pytest.mark.parametrize("exercise", PER_SIDE)
def test_the_counter_says_both_sides_at_every_rep_and_lights_the_side_worked(screen, exercise):
    nav = Navigation()
    nav.start(exercise, 0.0)
    screens = Screens(screen.get_size())
    views = []
    draw = screens.draw_exercise
    screens.draw_exercise = lambda surface, view: (views.append(view), draw(surface, view))
    presenter = Presenter(screens)
    performer = athlete(exercise) if exercise in ("reverse_lunge", "step_down", "lateral_band_walk") else (
        hand_made(exercise)
    )  # fmt: skip
    holds = nav.run.step.exercise.hold_seconds is not None
    read, seconds = 0, {"left": 0, "right": 0}
    for frame in range(30 * 240):
        t = frame / 30
        pose = next(performer)
        nav.tick(t)
        state = nav.observe(with_time(pose, t), t)
        if state.screen == SUMMARY:
            break
        if state.screen != ACTIVE:
            continue
        rep = state.update.rep
        side = rep.side if rep is not None else None
        if holds and state.side is not None and math.floor(state.done[state.side]) > seconds[state.side]:
            side = state.side  # a hold: read at every whole second held
            seconds[side] = math.floor(state.done[side])
        if side is None:
            continue
        presenter.draw(screen, nav, pose, t)
        target = round(state.target)
        unit = " s" if holds else ""
        left, right = (math.floor(min(state.done[s], state.target)) for s in ("left", "right"))
        expected = f"Left {left}/{target}{unit} · Right {right}/{target}{unit}"
        assert counter_of(views[-1]) == expected, (t, side)
        shown = screens._exercise.shown
        worked = (state.side or side).capitalize()  # the side being worked now (a hold may have moved on)
        assert shown["counter"] == expected and shown["worked"] == worked, (t, shown)
        read += 1
    assert nav.state.screen == SUMMARY, "the set ended"
    done = nav.run.records[-1].done
    assert done["left"] >= nav.run.step.target and done["right"] >= nav.run.step.target
    # Every rep but the last, which ends the set and shows the summary (a hold: every second but its last).
    assert read >= 2 * (nav.run.step.target - 1), read
