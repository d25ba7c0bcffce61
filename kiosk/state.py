"""The running kiosk's state file: what ``kiosk status`` shows, and whom ``kiosk config`` reloads.

The kiosk rewrites a small JSON file every few seconds (atomically; a full
disk only costs the update, never the kiosk). Its place: ``$KIOSK_STATE``,
else /run/kiosk/state.json (systemd's RuntimeDirectory) when that folder is
writable, else ~/.cache/kiosk/state.json.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.files import write_file

RUN_DIR = Path("/run/kiosk")
# A state older than this means the kiosk is not running (it writes every 2 s).
STALE_SECONDS = 15.0


def state_path() -> Path:
    """Where the state file lives on this machine."""
    if os.environ.get("KIOSK_STATE"):
        return Path(os.environ["KIOSK_STATE"])
    # The service's file, for the service itself and for staff reading it over SSH.
    if (RUN_DIR / "state.json").exists() or (RUN_DIR.is_dir() and os.access(RUN_DIR, os.W_OK)):
        return RUN_DIR / "state.json"
    return Path.home() / ".cache" / "kiosk" / "state.json"


def write_state(state: dict[str, Any], path: Path | None = None) -> bool:
    """Replace the state file; ``False`` (and nothing else) if it could not be written."""
    path = path or state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # 0644: staff read it over SSH; it holds nothing private.
        write_file(path, lambda stream: json.dump(state, stream), mode=0o644, devices=False)
        return True
    except (OSError, KioskError):
        return False


def read_state(path: Path | None = None) -> dict[str, Any] | None:
    """The last state written, or ``None`` if there is none or it cannot be read."""
    try:
        data = json.loads((path or state_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def running_pid(state: dict[str, Any] | None) -> int | None:
    """The pid of the kiosk that wrote ``state``, if it is still running and up to date."""
    if not state or not isinstance(state.get("pid"), int):
        return None
    if time.time() - float(state.get("updated", 0)) > STALE_SECONDS:
        return None
    try:
        os.kill(state["pid"], 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # running as another user (the service): it exists
    return state["pid"]


def signal_running_kiosk() -> tuple[int | None, str]:
    """Send SIGHUP to the running kiosk so it reloads; its pid (or ``None``) and what happened."""
    pid = running_pid(read_state())
    if pid is None:
        return None, "no kiosk is running here: the change applies when it starts"
    try:
        os.kill(pid, signal.SIGHUP)
    except PermissionError:
        return None, f"not allowed to signal the kiosk (pid {pid}): run 'sudo systemctl reload kiosk'"
    except OSError as error:
        return None, f"could not signal the kiosk (pid {pid}): {error.strerror}"
    return pid, f"asked the running kiosk (pid {pid}) to reload"
