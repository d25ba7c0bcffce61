"""Backing off under heat: infer on fewer frames, keep drawing every frame.

Budget: two small sysfs reads every ``CHECK_SECONDS``; nothing per frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from hardware.thermal import cpu_temperature, throttled

log = logging.getLogger(__name__)
CHECK_SECONDS = 2.0
HOT_C = 80.0  # the Pi 5 firmware starts throttling at 80 °C ...
COOL_C = 75.0  # ... and inference goes back to every frame below this
# get_throttled bits that mean "slowed down now": under-voltage, frequency capped, throttled, soft limit.
THROTTLED_NOW = 0x1 | 0x2 | 0x4 | 0x8
HOT_STRIDE = 2


class ThermalGovernor:
    """Sets the inference stage's ``stride`` from the CPU's temperature and throttling flags.

    Hot or throttled: infer on every second frame (the screen still shows
    every frame, with the newest pose). Cool again: every frame. Each change
    is logged once.

    >>> class Stage: stride = 1
    >>> governor = ThermalGovernor(Stage(), temperature=lambda: 83.0, flags=lambda: 0)
    >>> governor.check(now=10.0); governor.stage.stride
    2
    """

    def __init__(
        self,
        stage,
        temperature: Callable[[], float | None] = cpu_temperature,
        flags: Callable[[], int | None] = throttled,
    ):
        self.stage = stage
        self.temperature = temperature
        self.flags = flags
        self._next_check = 0.0

    def check(self, now: float) -> None:
        """Look at the temperature if it is time to; cheap to call every frame."""
        if now < self._next_check:
            return
        self._next_check = now + CHECK_SECONDS
        celsius, bits = self.temperature(), self.flags() or 0
        hot = (celsius is not None and celsius >= HOT_C) or bool(bits & THROTTLED_NOW)
        cool = (celsius is None or celsius < COOL_C) and not bits & THROTTLED_NOW
        if hot and self.stage.stride == 1:
            self.stage.stride = HOT_STRIDE
            log.warning(
                "CPU hot or throttled (%s °C, flags 0x%x): inferring on every %d frames, drawing every frame",
                celsius, bits, HOT_STRIDE,
            )  # fmt: skip
        elif cool and self.stage.stride != 1:
            self.stage.stride = 1
            log.warning("CPU cool again (%s °C): inferring on every frame", celsius)
