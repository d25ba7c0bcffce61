"""The mirror's three physical buttons, through gpiozero.

gpiozero runs its callbacks on its own threads, so they only put a
:class:`ButtonEvent` on a queue; the render loop takes events from there.
An event is a fact (which button, pressed or held); what it means on each
screen is the app's to say (kiosk/app/keys.py).
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import time
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)
# A button held this long is stuck (a jammed cap, a shorted cable): it is ignored until released.
STUCK_SECONDS = 10.0


def pin_factory_problem() -> str | None:
    """Why the buttons' pins cannot open here, in one line; ``None`` when they open.

    On a Pi 5 gpiozero drives the pins through lgpio, and each step can fail
    under a service's sandbox: ``import lgpio`` makes a pipe in its working
    folder (``$LG_WD``, else the current one), gpiozero reads the board's
    revision from /proc/cpuinfo or /proc/device-tree, then lgpio opens
    /dev/gpiochip*. This goes through all three and closes what it opened.
    """
    try:
        import lgpio  # noqa: F401 - importing it is the first step that can fail
    except ImportError as error:
        return f"lgpio is not installed ({error}): sudo apt install python3-lgpio"
    except OSError as error:
        folder = os.environ.get("LG_WD") or os.getcwd()
        return f"lgpio cannot make its pipe in {folder} ({error.strerror}): set LG_WD to a writable folder"
    from gpiozero.exc import PinUnknownPi
    from gpiozero.pins.lgpio import LGPIOFactory
    from gpiozero.pins.local import get_pi_revision

    try:
        get_pi_revision()
    except (OSError, PinUnknownPi) as error:
        return (
            f"gpiozero cannot tell which board this is ({error}): /proc/cpuinfo must be readable "
            "(no ProcSubset=pid)"
        )
    try:
        factory = LGPIOFactory()
    except Exception as error:  # noqa: BLE001 - lgpio raises its own lgpio.error
        return f"no GPIO chip could be opened ({error}): not a Pi, or not in the gpio group"
    factory.close()
    return None


ButtonName = Literal["previous", "next", "select"]


@dataclass(frozen=True)
class ButtonEvent:
    """One button pressed (let go before the hold time) or held (for the hold time): a fact, not a meaning.

    >>> ButtonEvent("next", "hold")
    ButtonEvent(button='next', action='hold')
    """

    button: ButtonName
    action: Literal["press", "hold"] = "press"


class GpioButtons:
    """Previous, next and select buttons on BCM pins, each reported as pressed or held.

    Each button is wired from its pin to ground (the internal pull-up keeps it
    high). A short press is reported when the button is released; holding it
    for ``hold_time`` seconds is reported at once as a hold, and the release
    then reports nothing. The same press again within ``bounce_time`` seconds
    is a contact bouncing, not a second press: it is reported once (the one
    debounce; gpiozero's own is not used, so every pin factory behaves the
    same). A button held for ``stuck_seconds`` is logged as stuck and ignored
    until it is released, so it cannot lock the screens; the other two keep working.

    >>> import time
    >>> from gpiozero import Device
    >>> from gpiozero.pins.mock import MockFactory
    >>> Device.pin_factory = MockFactory()
    >>> events = queue.SimpleQueue()
    >>> buttons = GpioButtons(events, previous=17, next=27, select=22, bounce_time=None)
    >>> Device.pin_factory.pin(27).drive_low(); Device.pin_factory.pin(27).drive_high()
    >>> events.get(timeout=1)
    ButtonEvent(button='next', action='press')
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
        stuck_seconds: float = STUCK_SECONDS,
    ):
        from gpiozero import Button

        self._events = events
        self._bounce_time = bounce_time or 0.0
        self._last_press: dict[str, float] = {}
        self._stuck_seconds = stuck_seconds
        self._buttons = []
        self.stuck: set[str] = set()
        self._held: dict[str, bool] = {}
        self._lock = threading.Lock()
        try:
            names: tuple[tuple[ButtonName, int], ...] = (
                ("previous", previous),
                ("next", next),
                ("select", select),
            )
            for name, pin in names:
                # Repeated "held" callbacks let a stuck button be noticed while it is still down.
                button = Button(pin, pull_up=True, bounce_time=None, hold_time=hold_time, hold_repeat=True)
                self._buttons.append(button)
                button.when_pressed = lambda name=name: self._pressed(name)
                button.when_held = lambda button, name=name: self._on_held(name, button)
                button.when_released = lambda name=name: self._released(name)
        except BaseException:
            self.close()
            raise

    def _pressed(self, name: ButtonName) -> None:
        with self._lock:
            self._held[name] = False

    def _on_held(self, name: ButtonName, button) -> None:
        with self._lock:
            if not button.is_pressed:
                return  # a late repeat racing the release
            first = not self._held.get(name, False)
            self._held[name] = True
            if name in self.stuck:
                return
            held_for = button.held_time or 0.0
            if held_for >= self._stuck_seconds:
                self.stuck.add(name)
                log.error(
                    "the %s button has been held for %.0f s: ignoring it until it is released", name, held_for
                )
                return
        if first:
            self._events.put(ButtonEvent(name, "hold"))

    def _released(self, name: ButtonName) -> None:
        with self._lock:
            was_held = self._held.pop(name, False)
            if name in self.stuck:
                self.stuck.discard(name)
                log.warning("the %s button was released and works again", name)
                return
        if was_held:
            return
        now = time.monotonic()
        with self._lock:
            bounced = now - self._last_press.get(name, -math.inf) < self._bounce_time
            self._last_press[name] = now
        if not bounced:
            self._events.put(ButtonEvent(name))

    def close(self) -> None:
        """Release the pins."""
        for button in self._buttons:
            button.close()
        self._buttons.clear()
