"""The kiosk's log lines, and the priority the journal files each one at.

Under systemd, stderr is a stream into the journal, and a line that begins
``<N>`` is filed at syslog priority N (sd-daemon(3)), so that ``journalctl -u
kiosk -p warning`` shows the kiosk's warnings and errors. systemd says so
with ``$JOURNAL_STREAM``, the device and inode of that stream.

>>> record = logging.LogRecord("kiosk", logging.WARNING, __file__, 1, "the camera is gone", None, None)
>>> JournalFormatter().format(record)
'<4>kiosk: the camera is gone'
"""

from __future__ import annotations

import logging
import os

FORMAT = "kiosk: %(message)s"
# syslog priorities: err, warning, info, debug (sd-daemon(3)).
PRIORITIES = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


class JournalFormatter(logging.Formatter):
    """Prefixes every line of a record (a traceback's too) with its syslog priority."""

    def __init__(self):
        super().__init__(FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        """The record as the journal reads it: ``<N>`` before each line."""
        return journal_lines(super().format(record), PRIORITIES.get(record.levelno, 6))


def journal_lines(text: str, priority: int) -> str:
    r"""``text`` with ``<priority>`` before each of its lines.

    >>> journal_lines("one\ntwo", 3)
    '<3>one\n<3>two'
    """
    return "\n".join(f"<{priority}>{line}" for line in text.split("\n"))


def stderr_is_the_journal() -> bool:
    """Whether stderr is systemd's stream into the journal (``$JOURNAL_STREAM`` names it)."""
    device, _, inode = os.environ.get("JOURNAL_STREAM", "").partition(":")
    if not (device.isdigit() and inode.isdigit()):
        return False
    try:
        stat = os.fstat(2)
    except OSError:
        return False
    return (stat.st_dev, stat.st_ino) == (int(device), int(inode))


def configure_logging(level: int) -> None:
    """Log to stderr at ``level``; with priorities when stderr is the journal."""
    handler = logging.StreamHandler()
    handler.setFormatter(JournalFormatter() if stderr_is_the_journal() else logging.Formatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])


def error_line(text: str) -> str:
    """A command's one-line error as stderr should carry it: filed as an error in the journal.

    >>> error_line("kiosk: error: no camera")
    'kiosk: error: no camera'
    """
    return journal_lines(text, 3) if stderr_is_the_journal() else text
