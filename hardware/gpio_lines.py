"""Which of the Pi's header pins the kernel says are in use, and by whom.

A pin claimed by a driver (a fan, an audio board, a device-tree overlay) or by
another program cannot be a button: gpiozero would fail to open it and the
kiosk would run on the keyboard alone. ``kiosk config set`` asks here before
it writes a pin. The answer comes from the GPIO character device's line
information (``GPIO_V2_GET_LINEINFO_IOCTL``, linux/gpio.h), the same that
``gpioinfo`` prints; reading it claims nothing.

>>> def ioctl(fd, request, buffer, mutate):  # a line in use by the fan driver
...     buffer[32:39] = b"pwm-fan"
...     struct.pack_into("=Q", buffer, FLAGS_AT, LINE_USED)
>>> line_consumer(-1, 18, ioctl)
'pwm-fan'
"""

from __future__ import annotations

import fcntl
import os
import struct
from collections.abc import Iterable
from pathlib import Path

# The chips whose lines 0-27 are the header's BCM pins: Pi 5 (RP1), Pi 4, earlier Pis.
HEADER_CHIPS = ("pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835")
# struct gpiochip_info: name[32], label[32], lines (u32); GPIO_GET_CHIPINFO_IOCTL = _IOR(0xB4, 0x01, ...).
CHIP_INFO_SIZE = 68
GET_CHIP_INFO = (2 << 30) | (CHIP_INFO_SIZE << 16) | (0xB4 << 8) | 0x01
# struct gpio_v2_line_info: name[32], consumer[32], offset u32, num_attrs u32, flags u64, attrs[10] (16 bytes
# each), padding u32[4]; GPIO_V2_GET_LINEINFO_IOCTL = _IOWR(0xB4, 0x05, ...).
LINE_INFO_SIZE = 256
GET_LINE_INFO = (3 << 30) | (LINE_INFO_SIZE << 16) | (0xB4 << 8) | 0x05
OFFSET_AT, FLAGS_AT = 64, 72
LINE_USED = 1 << 0  # GPIO_V2_LINE_FLAG_USED


def pins_in_use(pins: Iterable[int]) -> dict[int, str] | None:
    """Each of ``pins`` (BCM numbers) that is in use, with who uses it; ``None`` where there is no Pi header.

    A chip this user may not open is skipped (``None`` if it was the header's).
    """
    for chip in sorted(Path("/dev").glob("gpiochip*")):
        try:
            fd = os.open(chip, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if not chip_label(fd).startswith(HEADER_CHIPS):
                continue
            used = {pin: line_consumer(fd, pin) for pin in pins}
            return {pin: consumer for pin, consumer in used.items() if consumer is not None}
        except OSError:
            continue
        finally:
            os.close(fd)
    return None


def chip_label(fd: int, ioctl=fcntl.ioctl) -> str:
    """The chip's label (``pinctrl-rp1`` on a Pi 5)."""
    buffer = bytearray(CHIP_INFO_SIZE)
    ioctl(fd, GET_CHIP_INFO, buffer, True)
    return buffer[32:64].split(b"\0")[0].decode("ascii", "replace")


def line_consumer(fd: int, offset: int, ioctl=fcntl.ioctl) -> str | None:
    """Who holds line ``offset`` of the chip open on ``fd`` (its consumer's label); ``None``: it is free."""
    buffer = bytearray(LINE_INFO_SIZE)
    struct.pack_into("=I", buffer, OFFSET_AT, offset)
    ioctl(fd, GET_LINE_INFO, buffer, True)
    if not struct.unpack_from("=Q", buffer, FLAGS_AT)[0] & LINE_USED:
        return None
    return buffer[32:64].split(b"\0")[0].decode("ascii", "replace") or "the kernel"
