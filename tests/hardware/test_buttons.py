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
    assert events.get(timeout=1) == ButtonEvent("previous")
    press(pins.pin(27))
    assert drain(events) == [ButtonEvent("next")]


def test_holding_a_button_is_reported_once_as_a_hold(buttons):
    _, events, pins = buttons
    press(pins.pin(27), seconds=0.8)
    assert drain(events) == [ButtonEvent("next", "hold")]
    press(pins.pin(17), seconds=0.8)
    assert drain(events) == [ButtonEvent("previous", "hold")]


def test_hold_time_is_documented_as_what_it_is_the_long_press_of_all_three_buttons():
    """The tests above hold each of the three for hold_time; its help (config keys, the example) says so."""
    from kiosk.config.schema import find_key

    help_text = find_key("buttons.hold_time").help
    assert all(f"{button}: {long_press}" in help_text for button, long_press in (
        ("select", "back"), ("next", "help"), ("previous", "calibration")
    )), help_text  # fmt: skip


def test_a_bouncing_contact_is_one_press(mock_pins):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, bounce_time=0.05)
    try:
        for _ in range(3):  # a worn switch: three closings within a few milliseconds
            press(mock_pins.pin(27), seconds=0.002)
        assert drain(events) == [ButtonEvent("next")]
        time.sleep(0.05)
        press(mock_pins.pin(27))  # a press after the bounce time is a second press
        assert drain(events) == [ButtonEvent("next")]
    finally:
        buttons.close()


def test_a_short_press_of_select_is_reported(buttons):
    _, events, pins = buttons
    press(pins.pin(22))
    assert drain(events) == [ButtonEvent("select")]


def test_a_long_press_is_a_hold_and_not_also_a_press(buttons):
    _, events, pins = buttons
    press(pins.pin(22), seconds=0.8)
    assert drain(events) == [ButtonEvent("select", "hold")]
    press(pins.pin(22))
    assert drain(events) == [ButtonEvent("select")]


def test_a_stuck_button_is_logged_and_ignored_and_the_others_keep_working(mock_pins, caplog):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, bounce_time=None, hold_time=0.1, stuck_seconds=0.5)
    try:
        mock_pins.pin(22).drive_low()  # select jams down
        time.sleep(0.8)
        assert buttons.stuck == {"select"}
        assert "select button has been held" in caplog.text
        # One long press, before it was known to be stuck.
        assert drain(events) == [ButtonEvent("select", "hold")]
        press(mock_pins.pin(27))  # next still works while select is stuck
        press(mock_pins.pin(17))
        assert drain(events) == [ButtonEvent("next"), ButtonEvent("previous")]
        mock_pins.pin(22).drive_high()  # freed: its release is not a press
        assert drain(events) == [] and buttons.stuck == set()
        press(mock_pins.pin(22))
        assert drain(events) == [ButtonEvent("select")]
    finally:
        buttons.close()


def test_the_pins_come_from_the_configuration(mock_pins):
    events = queue.SimpleQueue()
    buttons = GpioButtons(events, previous=5, next=6, select=13, bounce_time=None)
    try:
        press(mock_pins.pin(6))
        assert drain(events) == [ButtonEvent("next")]
        press(mock_pins.pin(27))  # the default pin for next is not wired now
        assert drain(events) == []
    finally:
        buttons.close()


def test_closing_releases_the_pins(mock_pins):
    events = queue.SimpleQueue()
    GpioButtons(events, bounce_time=None).close()
    again = GpioButtons(events, bounce_time=None)  # would fail with "pin already in use"
    again.close()
