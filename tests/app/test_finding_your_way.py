"""Finding your way: what the buttons do on every screen, "Step 1 of 12", more tiles below, ▶ skips."""

import re

import pygame
import pytest

from kiosk.app import Navigation
from kiosk.app.navigation import Command
from kiosk.app.presenter import Presenter
from kiosk.coach.routine import REST, SETUP, SUMMARY
from kiosk.coach.summary import exercise_summary, routine_summary
from kiosk.ui.screens import Screens


class Said(list):
    """The strings rendered, in order; ``phrase in said`` also finds one wrapped over several rows."""

    def __contains__(self, phrase):
        return any(phrase == text for text in self) or phrase in " ".join(self)


@pytest.fixture
def drawn():
    """draw(nav, t) -> every string the screen rendered for that frame."""
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1920, 1080))

    def draw(nav, t):
        screens = Screens(surface.get_size())  # fresh: nothing comes from an earlier frame's cache
        said = Said()
        render = screens.text.render
        screens.text.render = lambda text, *args, **kwargs: (
            said.append(text),
            render(text, *args, **kwargs),
        )[1]
        Presenter(screens).draw(surface, nav, None, t)
        return said

    yield draw
    pygame.quit()


def test_the_routine_says_its_step_and_what_the_buttons_do_on_every_screen(drawn):
    nav = Navigation()
    nav.start("routine", 0.0)
    nav.handle(Command.SELECT, 0.1)  # the safety note read
    nav.observe(None, 0.2)
    assert nav.state.screen == SETUP and nav.state.exercise.id == "squat"
    said = drawn(nav, 0.2)
    assert "Step 1 of 12" in said and "1 / 12" not in said
    assert "▶ skips this exercise" in said, "in setup the panel says how to skip"
    nav.handle(Command.NEXT, 1.0)  # skip the check: a rest, then the glute bridge
    nav.observe(None, 1.1)
    assert nav.state.screen == REST
    said = drawn(nav, 1.1)
    assert "▶ skip the rest" in said and "◀ back" in said and "hold ● menu" in said
    nav.handle(Command.NEXT, 2.0)
    nav.observe(None, 2.1)
    assert nav.state.screen == SETUP and nav.state.exercise.id == "glute_bridge"
    said = drawn(nav, 2.1)
    assert "Step 2 of 12" in said and "▶ skips this exercise" in said, "a bridge waiting for a side view"
    for t in range(3, 15):  # skip every step to the end
        nav.handle(Command.NEXT, t)
        nav.observe(None, t + 0.1)
        nav.handle(Command.NEXT, t + 0.5)
        nav.observe(None, t + 0.6)
    assert nav.state.screen == SUMMARY
    said = drawn(nav, 16.0)
    assert "● menu" in said and "hold ● done" in said


def test_a_single_exercise_says_the_buttons_change_it(drawn):
    nav = Navigation()
    nav.start("squat", 0.0)
    nav.observe(None, 0.1)
    said = drawn(nav, 0.1)
    assert "◀ ▶ choose another exercise" in said and not re.search(r"Step \d", " ".join(said))


def test_the_menu_says_how_many_tiles_are_above_and_below(drawn):
    nav = Navigation()
    nav.handle(Command.SELECT, 0.0)
    said = drawn(nav, 0.1)
    shown = sum(1 for entry in nav.entries if entry.title in said)
    below = next(text for text in said if text.startswith("▼ "))
    assert shown + int(below.split()[1]) == len(nav.entries) == 11
    for t in range(1, len(nav.entries)):
        nav.handle(Command.NEXT, t)
    said = drawn(nav, 12.0)
    above = next(text for text in said if text.startswith("▲ "))
    shown = sum(1 for entry in nav.entries if entry.title in said)
    assert shown + int(above.split()[1]) == 11 and not any(text.startswith("▼ ") for text in said)


def test_the_safety_screen_and_every_summary_give_the_same_advice(drawn):
    nav = Navigation()
    nav.handle(Command.HELP, 0.0)  # held next on the attract screen: the safety advice
    shown = " ".join(drawn(nav, 0.1))
    nav.start("routine", 1.0)  # a routine opens on it too
    nav.observe(None, 1.05)
    opening = " ".join(drawn(nav, 1.1))
    squat = nav.library.exercise("squat")
    part = exercise_summary(squat, [], {})
    whole = routine_summary([part], [], ())
    advice = nav.state.safety
    seed = "Sharp or sudden pain, swelling, instability, or pain that does not improve"
    assert seed in advice and "not diagnose" in advice
    assert advice in shown and advice in opening, "the whole advice on the screen, word for word"
    assert part.note == whole.note == part.to_json()["note"] == advice
