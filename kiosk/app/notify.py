"""systemd's notify protocol: READY=1 when the kiosk is up, WATCHDOG=1 from the render loop.

A reload (SIGHUP, from ``systemctl reload kiosk``) is announced with
RELOADING=1 and closed with READY=1, so systemd shows the service reloading
while it happens.

A few lines over a Unix datagram socket (``$NOTIFY_SOCKET``), as sd_notify(3)
describes; nothing is sent when the kiosk does not run under systemd.
"""

from __future__ import annotations

import os
import socket
import time
from types import EllipsisType


class Notifier:
    """Sends notify messages to systemd, at most one WATCHDOG=1 per ``watchdog_interval``.

    >>> Notifier(socket_path=None).ready()
    False
    """

    def __init__(self, socket_path: str | EllipsisType | None = ..., watchdog_interval: float = 1.0):
        self.address = os.environ.get("NOTIFY_SOCKET") if socket_path is ... else socket_path
        if self.address and self.address.startswith("@"):
            self.address = "\0" + self.address[1:]  # an abstract socket
        self.watchdog_interval = watchdog_interval
        self._last_watchdog = -1e9

    def send(self, message: str) -> bool:
        """Send one message; ``False`` if there is no socket or it failed."""
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(message.encode(), self.address)
            return True
        except OSError:
            return False

    def ready(self) -> bool:
        """The camera, model and display are up."""
        return self.send("READY=1")

    def watchdog(self) -> bool:
        """The render loop is alive (throttled)."""
        now = time.monotonic()
        if now - self._last_watchdog < self.watchdog_interval:
            return False
        self._last_watchdog = now
        return self.send("WATCHDOG=1")

    def reloading(self) -> bool:
        """The kiosk starts reading its configuration again; :meth:`ready` says when it is done."""
        microseconds = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.send(f"RELOADING=1\nMONOTONIC_USEC={microseconds}")

    def status(self, text: str) -> bool:
        """A one-line status for ``systemctl status``."""
        return self.send(f"STATUS={text}")

    def stopping(self) -> bool:
        """The kiosk is shutting down."""
        return self.send("STOPPING=1")
