"""The mirror's three physical buttons, through gpiozero.

gpiozero runs its callbacks on its own threads, so they only put a
:class:`ButtonEvent` on a queue; the render loop takes events from there.
"""

from __future__ import annotations

import enum
import queue
import threading


class ButtonEvent(enum.Enum):
    """What a person asked for by pressing a button (or a key on a dev machine)."""

    PREVIOUS = "previous"
    NEXT = "next"
    SELECT = "select"
    BACK = "back"


class GpioButtons:
    """Previous, next and select buttons on BCM pins; holding select means back.

    Each button is wired from its pin to ground (the internal pull-up keeps it
    high). Previous and next act when pressed; select acts when released, or
    as back once held for ``hold_time`` seconds.

    >>> from gpiozero import Device
    >>> from gpiozero.pins.mock import MockFactory
    >>> Device.pin_factory = MockFactory()
    >>> events = queue.SimpleQueue()
    >>> buttons = GpioButtons(events, previous=17, next=27, select=22)
    >>> Device.pin_factory.pin(27).drive_low()
    >>> events.get(timeout=1)
    <ButtonEvent.NEXT: 'next'>
    >>> buttons.close()
    """

    def __init__(
        self,
        events: queue.SimpleQueue[ButtonEvent],
        previous: int = 17,
        next: int = 27,  # noqa: A002 - the button's name on the case
        select: int = 22,
        bounce_time: float | None = 0.05,
        hold_time: float = 1.0,
    ):
        from gpiozero import Button

        self._events = events
        self._select_held = threading.Event()
        self._buttons = []
        try:
            previous_button = self._add(Button(previous, pull_up=True, bounce_time=bounce_time))
            next_button = self._add(Button(next, pull_up=True, bounce_time=bounce_time))
            select_button = self._add(
                Button(select, pull_up=True, bounce_time=bounce_time, hold_time=hold_time)
            )
        except BaseException:
            self.close()
            raise
        previous_button.when_pressed = lambda: events.put(ButtonEvent.PREVIOUS)
        next_button.when_pressed = lambda: events.put(ButtonEvent.NEXT)
        select_button.when_pressed = self._select_held.clear
        select_button.when_held = self._on_select_held
        select_button.when_released = self._on_select_released

    def _add(self, button):
        self._buttons.append(button)
        return button

    def _on_select_held(self) -> None:
        self._select_held.set()
        self._events.put(ButtonEvent.BACK)

    def _on_select_released(self) -> None:
        if not self._select_held.is_set():
            self._events.put(ButtonEvent.SELECT)
        self._select_held.clear()

    def close(self) -> None:
        """Release the pins."""
        for button in self._buttons:
            button.close()
        self._buttons.clear()
