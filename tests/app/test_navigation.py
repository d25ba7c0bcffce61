"""Button presses and presence moving a person through the screens (pure logic, hand-made poses)."""

import pygame
import pytest

from hardware import ButtonEvent
from kiosk.app import Navigation, Screen
from kiosk.app.keys import button_for_key
from kiosk.app.navigation import SAFETY_SECONDS, Command, command_for
from kiosk.coach.routine import ACTIVE, SAFETY, SETUP, SUMMARY
from kiosk.config import PresenceConfig

from ..coach.motion import Person, Rep, nobody, squats, stand

IDLE_SECONDS, WAKE_SECONDS = PresenceConfig().idle_seconds, PresenceConfig().wake_seconds
PREVIOUS, NEXT, SELECT, BACK = Command.PREVIOUS, Command.NEXT, Command.SELECT, Command.BACK
HELP, STAFF = Command.HELP, Command.STAFF


def press(nav, *events, t=0.0):
    for step, event in enumerate(events):
        nav.handle(event, t + step)
    return nav


def feed(nav, frames):
    for t, pose in frames:
        nav.tick(t)
        nav.observe(pose, t)
    return nav


def test_it_opens_on_the_attract_screen_with_routines_first_on_the_menu():
    nav = Navigation()
    assert nav.screen is Screen.ATTRACT
    press(nav, SELECT)
    assert nav.screen is Screen.MENU
    assert nav.entries[0].routine is not None and nav.entries[0].title == "Knee-friendly warm-up"
    assert [e.exercise.id for e in nav.entries[1:4]] == ["squat", "reverse_lunge", "step_down"]
    assert {e.exercise.id for e in nav.entries if e.exercise} >= {"glute_bridge", "hip_hinge", "clamshell"}


def test_the_site_sets_how_long_a_person_stands_before_it_wakes_and_how_long_it_waits_for_them():
    presence = PresenceConfig(wake_seconds=3.0, idle_seconds=60.0)
    nav = feed(Navigation(presence=presence), stand(Person(), 2.0, 0.0))
    assert nav.screen is Screen.ATTRACT  # 2 s in view: not yet, at this site
    feed(nav, stand(Person(), 1.5, 2.0))
    assert nav.screen is Screen.MENU
    feed(nav, nobody(45.0, 4.0))
    assert nav.screen is Screen.MENU  # 45 s gone: still waiting
    feed(nav, nobody(20.0, 49.0))
    assert nav.screen is Screen.ATTRACT


def test_a_person_stepping_in_wakes_it_and_leaving_for_30_s_puts_it_back_to_sleep():
    nav = feed(Navigation(), stand(Person(), WAKE_SECONDS / 2, 0.0))
    assert nav.screen is Screen.ATTRACT  # a passer-by does not wake it
    feed(nav, nobody(1.0, 1.0))
    feed(nav, stand(Person(), WAKE_SECONDS + 0.2, 2.0))
    assert nav.screen is Screen.MENU
    press(nav, NEXT, SELECT, t=4.0)  # the last press, at 5 s, is the last sign of anyone
    assert nav.screen is Screen.SESSION
    feed(nav, nobody(IDLE_SECONDS - 1, 5.0))
    assert nav.screen is Screen.SESSION
    feed(nav, nobody(2.0, 4.0 + IDLE_SECONDS))
    assert nav.screen is Screen.ATTRACT and nav.run is None and nav.state is None  # nothing kept


def test_menu_moves_wrap_around_and_select_starts_the_highlighted_tile():
    nav = press(Navigation(), SELECT, PREVIOUS)
    assert nav.entry.exercise.id == nav.library.exercises[-1].id
    press(nav, NEXT, NEXT, SELECT, t=10.0)  # wrapped to the routine, then the first exercise
    assert nav.screen is Screen.SESSION and nav.exercise.id == "squat" and nav.single


def test_one_exercise_waits_for_the_person_then_counts_and_ends_in_its_summary():
    nav = press(Navigation(), SELECT, NEXT, SELECT)
    person = Person()
    feed(nav, stand(person, 0.5, 5.0))
    assert nav.state.screen == SETUP  # in view, but not yet for a second
    frames = stand(person, 2.0, 5.5)
    frames += squats(person, [Rep()] * 8, 7.5)
    feed(nav, frames)
    assert nav.state.screen == SUMMARY
    assert nav.run.records[0].done == {"both": 8}
    press(nav, BACK, t=60.0)
    assert nav.screen is Screen.ATTRACT and nav.run is None


def test_holding_select_in_an_exercise_ends_it_with_a_summary_once_reps_are_done():
    nav = press(Navigation(), SELECT, NEXT, SELECT)
    person = Person()
    feed(nav, stand(person, 2.0, 5.0) + squats(person, [Rep()] * 2, 7.0))
    assert nav.state.screen == ACTIVE and nav.state.done == {"both": 2}
    press(nav, BACK, t=30.0)
    feed(nav, stand(person, 0.1, 31.0))
    assert nav.state.screen == SUMMARY
    press(nav, SELECT, t=40.0)
    assert nav.screen is Screen.MENU


def test_with_nothing_done_holding_select_goes_back_to_the_menu():
    nav = press(Navigation(), SELECT, NEXT, SELECT)
    press(nav, BACK, t=10.0)
    assert nav.screen is Screen.MENU


def test_in_one_exercise_previous_and_next_switch_exercise():
    nav = press(Navigation(), SELECT, NEXT, SELECT, NEXT, NEXT)
    assert nav.exercise.id == "step_down" and nav.single
    press(nav, PREVIOUS, t=20.0)
    assert nav.exercise.id == "reverse_lunge"


def test_the_routine_opens_with_the_safety_note_and_next_skips_through_it():
    nav = press(Navigation(), SELECT, SELECT)
    feed(nav, stand(Person(), 0.1, 3.0))
    assert nav.state.screen == SAFETY and not nav.single
    assert "medical professional" in nav.state.safety
    press(nav, SELECT, t=4.0)  # read it
    feed(nav, stand(Person(), 0.1, 5.0))
    assert nav.state.screen == SETUP and nav.state.role == "check"
    press(nav, NEXT, t=6.0)  # skip the check
    feed(nav, stand(Person(), 0.1, 7.0))
    assert nav.state.screen == "rest" and nav.state.next_exercise.id == "glute_bridge"


def test_help_is_one_long_press_away_on_every_screen_and_comes_back():
    nav = press(Navigation(), HELP)
    assert nav.screen is Screen.SAFETY
    press(nav, SELECT, t=5.0)
    assert nav.screen is Screen.ATTRACT
    press(nav, SELECT, HELP, t=10.0)
    assert nav.screen is Screen.SAFETY
    nav.tick(11.0 + SAFETY_SECONDS + 1)
    assert nav.screen is Screen.MENU  # by itself, after a while
    press(nav, NEXT, SELECT, HELP, t=50.0)
    feed(nav, stand(Person(), 0.1, 53.0))
    assert nav.state.screen == SAFETY  # in a session, the routine shows it and pauses


def test_staff_calibrate_the_glass_from_the_menu_and_the_values_are_handed_over_to_save():
    nav = press(Navigation(), SELECT, STAFF)
    assert nav.screen is Screen.CALIBRATION
    press(nav, NEXT, NEXT, NEXT, SELECT, PREVIOUS, SELECT, SELECT, t=5.0)
    assert nav.calibration.scale == pytest.approx(1.06) and nav.calibration.offset_x == pytest.approx(-0.01)
    press(nav, BACK, t=20.0)
    assert nav.screen is Screen.MENU
    assert nav.pending_save.scale == pytest.approx(1.06)
    nav.tick(20.0 + IDLE_SECONDS + 5)
    assert nav.screen is Screen.ATTRACT


def test_calibration_values_stay_within_their_limits():
    nav = press(Navigation(), SELECT, STAFF)
    press(nav, *[PREVIOUS] * 40, t=5.0)
    assert nav.calibration.scale == pytest.approx(0.5)


def test_holding_next_asks_for_help_holding_previous_is_for_staff_and_holding_select_goes_back():
    buttons = ("previous", "next", "select")
    assert [command_for(ButtonEvent(button, "hold")) for button in buttons] == [STAFF, HELP, BACK]
    assert [command_for(ButtonEvent(button)) for button in buttons] == [PREVIOUS, NEXT, SELECT]
    assert command_for(button_for_key(pygame.K_h)) is HELP
    assert command_for(button_for_key(pygame.K_ESCAPE)) is BACK


def test_stray_presses_do_no_harm():
    nav = Navigation()
    nav.handle(SELECT, 0.0)
    nav.handle(NEXT, 1.0)
    assert nav.index == 1
    for t, event in enumerate((SELECT, SELECT, BACK, BACK, BACK, SELECT, HELP, SELECT, STAFF, BACK), start=2):
        nav.handle(event, t)
    assert nav.screen in set(Screen)


def test_start_opens_a_session_at_once_and_unknown_ids_are_named():
    nav = Navigation()
    nav.start("hip_hinge", 0.0)
    assert nav.screen is Screen.SESSION and nav.exercise.id == "hip_hinge"
    nav.start("routine", 1.0)
    assert not nav.single
    with pytest.raises(KeyError, match=r"unknown start 'plank'.*routine.*squat"):
        nav.start("plank", 2.0)
