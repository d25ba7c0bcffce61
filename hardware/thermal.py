"""The Pi's temperature and throttling flags, read from sysfs (``None`` where there are none)."""

from __future__ import annotations

from pathlib import Path

THERMAL_ZONE = Path("/sys/class/thermal/thermal_zone0/temp")
# The firmware's get_throttled flags, as `vcgencmd get_throttled` prints them.
THROTTLED = Path("/sys/devices/platform/soc/soc:firmware/get_throttled")


def cpu_temperature(path: Path = THERMAL_ZONE) -> float | None:
    """The CPU temperature in °C.

    >>> cpu_temperature(Path("/nonexistent")) is None
    True
    """
    try:
        return int(path.read_text().strip()) / 1000
    except (OSError, ValueError):
        return None


def throttled(path: Path = THROTTLED) -> int | None:
    """The throttling bit field (0: never throttled), or ``None`` off a Pi."""
    try:
        return int(path.read_text().strip(), 16)
    except (OSError, ValueError):
        return None
