"""Button presses moving a person through the screens."""

from hardware import ButtonEvent
from kiosk.app import Navigation, Screen

PREVIOUS, NEXT, SELECT, BACK = ButtonEvent.PREVIOUS, ButtonEvent.NEXT, ButtonEvent.SELECT, ButtonEvent.BACK


def press(nav, *events):
    for event in events:
        nav.handle(event)
    return nav


def test_the_kiosk_opens_on_the_squat():
    nav = Navigation()
    assert (nav.screen, nav.exercise.id) == (Screen.EXERCISE, "squat")


def test_next_and_previous_switch_exercise_and_wrap_around():
    nav = press(Navigation(), NEXT, NEXT)
    assert nav.exercise.id == "step_down"
    press(nav, PREVIOUS, PREVIOUS, PREVIOUS)
    assert nav.exercise.id == nav.exercises[-1].id


def test_back_opens_the_menu_and_select_starts_the_highlighted_exercise():
    nav = press(Navigation(), BACK)
    assert nav.screen is Screen.MENU
    press(nav, NEXT, NEXT, NEXT, SELECT)
    assert (nav.screen, nav.exercise) == (Screen.EXERCISE, nav.exercises[3])


def test_doubled_or_stray_presses_do_no_harm():
    nav = press(Navigation(), SELECT, SELECT)
    assert nav.screen is Screen.EXERCISE
    press(nav, BACK, BACK)
    assert nav.screen is Screen.MENU
