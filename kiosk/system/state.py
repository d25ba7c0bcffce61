"""The running kiosk's state file: what ``kiosk status`` shows.

The kiosk rewrites a small JSON file every few seconds (atomically; a full
disk only costs the update, never the kiosk). Its place: ``$KIOSK_STATE``,
else /run/kiosk/state.json (systemd's RuntimeDirectory) when that folder is
writable, else ~/.cache/kiosk/state.json.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.files import read_limited, write_file
from kiosk.system.running import usable_pid

RUN_DIR = Path("/run/kiosk")
# A state older than this means the kiosk is not running (it writes every 2 s).
STALE_SECONDS = 15.0
# The state is about 500 bytes.
MAX_STATE_BYTES = 1 << 16


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
        # 0644: staff read it over SSH; it holds nothing private. Never through a link: the folder
        # is the service user's, and root runs the kiosk too (a planted link would aim root's write).
        write_file(
            path, lambda stream: json.dump(state, stream), mode=0o644, follow_links=False, devices=False
        )
        return True
    except (OSError, KioskError):
        return False


def read_state(path: Path | None = None) -> dict[str, Any] | None:
    """The last state written, or ``None`` if there is none or it cannot be read.

    The kiosk's user owns the file, and root reads it (``sudo kiosk config set``):
    it is read with a size limit, so a link to /dev/zero costs nothing.

    >>> read_state(Path("/dev/zero")) is None
    True
    """
    try:
        data = json.loads(read_limited(path or state_path(), MAX_STATE_BYTES, "state file"))
    except (OSError, ValueError, KioskError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def settings_path(state_file: Path | None = None) -> Path:
    """Where the running kiosk writes the settings it uses and where each came from (beside its state)."""
    return (state_file or state_path()).with_name("settings.json")


def running_settings() -> tuple[int | None, dict[str, Any] | None]:
    """The running kiosk's pid (``None``: none runs), and the settings it says it uses (``None``: unknown).

    The settings file is the kiosk's own, read only when its pid is the one
    :func:`running_pid` finds, and with a size limit.
    """
    pid = running_pid(read_state())
    if pid is None:
        return None, None
    settings = read_state(settings_path())
    if settings is None or settings.get("pid") != pid or not _well_formed(settings):
        return pid, None
    return pid, settings


def _well_formed(settings: dict[str, Any]) -> bool:
    """Whether ``settings.json`` has the shape the kiosk writes (the service user's file: trust nothing).

    That is ``{"settings": {section: {name: value}}, "sources": {key: text}, "variables": {key: text}}``.

    >>> _well_formed({"settings": {"buttons": [17]}, "sources": {}, "variables": {}})
    False
    """
    sections, sources, variables = (settings.get(name) for name in ("settings", "sources", "variables"))
    if not isinstance(sections, dict) or not all(isinstance(table, dict) for table in sections.values()):
        return False
    return all(
        isinstance(found, dict) and all(isinstance(value, str) for value in found.values())
        for found in (sources, variables)
    )


def state_problem(state: dict[str, Any]) -> str | None:
    """What is wrong with a state file's content, in a few words; ``None`` if nothing.

    >>> state_problem({"pid": 2**80, "updated": 1.0}), state_problem({"pid": 42, "updated": "x"})
    ('pid is not a process id', 'updated is not a time')
    """
    if usable_pid(state.get("pid")) is None:
        return "pid is not a process id"
    for key in ("updated", "started"):
        value = state.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e11:
            return f"{key} is not a time"
    return None


def running_pid(state: dict[str, Any] | None) -> int | None:
    """The pid of the kiosk that wrote ``state``, if it is still running and up to date.

    For ``kiosk status`` only: nothing is ever signalled on the strength of it
    (:mod:`kiosk.system.running` checks a process before asking it to reload).
    """
    if not state or state_problem(state) is not None:
        return None
    if time.time() - float(state.get("updated", 0)) > STALE_SECONDS:
        return None
    pid = state["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # running as another user (the service): it exists
    return pid
