r"""The kiosk's last warnings and errors, read back from systemd's journal.

The kiosk files each log line at its own priority (kiosk/system/logs.py), so
``journalctl -u kiosk.service -p warning`` holds exactly its warnings and
errors. ``kiosk status`` shows the last few; where there is no journal (no
systemd, no unit, a user who may not read it) it says why in a few words
instead.

>>> parse_entry('{"__REALTIME_TIMESTAMP": "1764250000000000", "MESSAGE": "kiosk: the camera is gone"}')
(1764250000.0, 'kiosk: the camera is gone')
>>> parse_entry('{"__REALTIME_TIMESTAMP": "1", "MESSAGE": [107, 27, 91, 50, 74]}')  # bytes, escapes and all
(1e-06, 'k\\x1b[2J')
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

UNIT = "kiosk.service"
# journalctl answers in milliseconds; a journal on a slow SD card is given a few seconds.
TIMEOUT_SECONDS = 5.0
MAX_MESSAGE = 200


def recent_warnings(count: int = 5) -> tuple[list[tuple[float, str]], str | None]:
    """The last ``count`` warnings or errors (oldest first) as (time, message), and why none could be read."""
    journalctl = shutil.which("journalctl")
    if journalctl is None:
        return [], "no journal here (journalctl is not installed)"
    command = [journalctl, "--unit", UNIT, "--priority", "warning", "--lines", str(count), "--output", "json"]
    try:
        result = subprocess.run(
            [*command, "--no-pager"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except (OSError, subprocess.SubprocessError) as error:
        return [], f"journalctl failed ({type(error).__name__})"
    entries = [entry for line in result.stdout.splitlines() if (entry := parse_entry(line)) is not None]
    if result.returncode != 0 and not entries:
        reason = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
        return [], f"journalctl failed: {_printable(reason)}"
    if not entries and "not seeing messages from other users" in result.stderr:
        return [], "none you may see: sudo kiosk status, or join the adm group"
    if not entries and not Path("/run/systemd/system").is_dir():  # sd_booted(3)
        return [], "no journal here (systemd is not running)"
    return entries[-count:], None


def parse_entry(line: str) -> tuple[float, str] | None:
    """One ``journalctl -o json`` line as (time, message); ``None`` for anything else."""
    try:
        entry = json.loads(line)
        message = entry["MESSAGE"]
        if isinstance(message, list):  # not UTF-8 (or with control characters): journalctl gives the bytes
            message = bytes(message).decode("utf-8", "replace")
        at = int(entry["__REALTIME_TIMESTAMP"]) / 1e6
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(message, str):
        return None
    return at, _printable(message)


def _printable(text: str) -> str:
    """The text as one line a terminal shows as it is: control characters escaped, at most MAX_MESSAGE."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown if len(shown) <= MAX_MESSAGE else shown[: MAX_MESSAGE - 3] + "..."
