"""Three buttons on gpiozero's mock pins, no Pi needed: next pressed, then select held down."""

import queue
import time

from gpiozero import Device
from gpiozero.pins.mock import MockFactory

from hardware.buttons import ButtonEvent, GpioButtons

Device.pin_factory = pins = MockFactory()
events: queue.SimpleQueue[ButtonEvent] = queue.SimpleQueue()
buttons = GpioButtons(events, previous=17, next=27, select=22, bounce_time=None, hold_time=0.3)
for pin, seconds in ((27, 0.05), (22, 0.5)):  # next, pressed; select, held longer than hold_time
    pins.pin(pin).drive_low()
    time.sleep(seconds)
    pins.pin(pin).drive_high()
    print(f"GPIO{pin} down for {seconds} s: {events.get(timeout=2)}")
buttons.close()
