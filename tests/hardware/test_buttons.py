"""The three buttons through gpiozero's own MockFactory."""

import queue
import time

import pytest

from hardware import ButtonEvent, GpioButtons


@pytest.fixture
def buttons(mock_pins):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, previous=17, next=27, select=22, bounce_time=None, hold_time=0.3)
    yield buttons, events, mock_pins
    buttons.close()


def press(pin, seconds=0.02):
    pin.drive_low()
    time.sleep(seconds)
    pin.drive_high()


def drain(events, wait=0.1):
    time.sleep(wait)
    out = []
    while True:
        try:
            out.append(events.get_nowait())
        except queue.Empty:
            return out


def test_previous_and_next_act_on_a_short_press(buttons):
    _, events, pins = buttons
    press(pins.pin(17))
    assert events.get(timeout=1) is ButtonEvent.PREVIOUS
    press(pins.pin(27))
    assert drain(events) == [ButtonEvent.NEXT]


def test_holding_next_asks_for_help_and_holding_previous_is_for_staff(buttons):
    _, events, pins = buttons
    press(pins.pin(27), seconds=0.8)
    assert drain(events) == [ButtonEvent.HELP]
    press(pins.pin(17), seconds=0.8)
    assert drain(events) == [ButtonEvent.STAFF]


def test_hold_time_is_documented_as_what_it_is_the_long_press_of_all_three_buttons():
    """The tests above hold each of the three for hold_time; its help (config keys, the example) says so."""
    from kiosk.config_schema import find_key

    help_text = find_key("buttons.hold_time").help
    assert all(f"{button}: {long_press}" in help_text for button, long_press in (
        ("select", "back"), ("next", "help"), ("previous", "calibration")
    )), help_text  # fmt: skip


def test_a_short_press_of_select_selects(buttons):
    _, events, pins = buttons
    press(pins.pin(22))
    assert drain(events) == [ButtonEvent.SELECT]


def test_a_long_press_of_select_means_back_and_not_select(buttons):
    _, events, pins = buttons
    press(pins.pin(22), seconds=0.8)
    assert drain(events) == [ButtonEvent.BACK]
    press(pins.pin(22))
    assert drain(events) == [ButtonEvent.SELECT]


def test_a_stuck_button_is_logged_and_ignored_and_the_others_keep_working(mock_pins, caplog):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, bounce_time=None, hold_time=0.1, stuck_seconds=0.5)
    try:
        mock_pins.pin(22).drive_low()  # select jams down
        time.sleep(0.8)
        assert buttons.stuck == {"select"}
        assert "select button has been held" in caplog.text
        assert drain(events) == [ButtonEvent.BACK]  # one long press, before it was known to be stuck
        press(mock_pins.pin(27))  # next still works while select is stuck
        press(mock_pins.pin(17))
        assert drain(events) == [ButtonEvent.NEXT, ButtonEvent.PREVIOUS]
        mock_pins.pin(22).drive_high()  # freed: its release is not a press
        assert drain(events) == [] and buttons.stuck == set()
        press(mock_pins.pin(22))
        assert drain(events) == [ButtonEvent.SELECT]
    finally:
        buttons.close()


def test_the_pins_come_from_the_configuration(mock_pins):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, previous=5, next=6, select=13, bounce_time=None)
    try:
        press(mock_pins.pin(6))
        assert drain(events) == [ButtonEvent.NEXT]
        press(mock_pins.pin(27))  # the default pin for next is not wired now
        assert drain(events) == []
    finally:
        buttons.close()


def test_closing_releases_the_pins(mock_pins):
    events = queue.SimpleQueue()
    GpioButtons(events, bounce_time=None).close()
    again = GpioButtons(events, bounce_time=None)  # would fail with "pin already in use"
    again.close()
