"""``kiosk status``: what the running kiosk is doing, from its state file, and its last warnings.

The state file says what the kiosk does, and when a frame last reached the
display with every stage alive (what the watchdog is fed on); the journal
holds its last warnings and errors, shown whether or not it runs (kiosk/system/journal.py).
"""

from __future__ import annotations

import json
import time

from kiosk.system.journal import recent_warnings
from kiosk.system.state import read_state, running_pid, state_path, state_problem

WARNINGS = 5

NOT_RUNNING = 3  # as systemctl status says of a stopped unit


def status_command(as_json: bool) -> int:
    """Print the state; exit 0 if the kiosk runs, 3 if not."""
    path = state_path()
    state = read_state(path)
    pid = running_pid(state)
    warnings, unread = recent_warnings(WARNINGS)
    if as_json:
        report = {"running": pid is not None, "version": installed_version(), **(state or {})}
        report["uptime_s"] = _uptime(state) if pid is not None else None
        report["last_frame_age_s"] = _frame_age(state)
        report["warnings"] = [{"at": at, "message": message} for at, message in warnings]
        report["warnings_unavailable"] = unread
        print(json.dumps(report))
        return 0 if pid else NOT_RUNNING
    if state is None:
        print(f"not running: no state file at {path}")
        _print_warnings(warnings, unread)
        return NOT_RUNNING
    problem = state_problem(state)
    if problem is not None:
        print(f"unknown: the state file {path} is not valid ({problem})")
        _print_warnings(warnings, unread)
        return NOT_RUNNING
    now = time.time()
    if pid is None:
        print(f"not running (last seen {_ago(now - state.get('updated', 0))} ago, pid {state.get('pid')})")
    else:
        print(f"running, pid {pid}, up {_ago(now - state.get('started', now))}")
    temperature = _number(state.get("cpu_temperature_c"))
    flags = state.get("throttled")
    flags = flags if isinstance(flags, int) and not isinstance(flags, bool) and flags >= 0 else None
    lines = [
        (
            "screen",
            f"{state.get('screen')}: {state['exercise']}" if state.get("exercise") else state.get("screen"),
        ),
        ("source", state.get("source")),
        ("fps", state.get("fps")),
        ("last frame", _frame_age_text(state)),
        ("pose age", f"{state.get('pose_age_ms')} ms"),
        ("CPU", "unknown (not a Pi)" if temperature is None else f"{temperature:.1f} °C"),
        (
            "throttling",
            "unknown (not a Pi)" if flags is None else ("never" if flags == 0 else f"0x{flags:x}"),
        ),
        ("sessions today", state.get("sessions_today")),
        ("last error", state.get("last_error") or "none"),
        ("configuration", state.get("config_file") or "defaults"),
    ]
    for name, value in lines:
        print(f"  {name:<15}{escaped(value)}")
    _print_warnings(warnings, unread)
    return 0 if pid else NOT_RUNNING


def escaped(value: object) -> str:
    r"""``value`` as text, control characters (escape sequences aimed at root's terminal) shown escaped.

    >>> print(escaped("attract" + chr(27) + "[31m"))
    attract\x1b[31m
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _frame_age(state: dict | None) -> float | None:
    """Seconds since a frame last reached the display with every stage alive; ``None``: never, or unknown."""
    at = (state or {}).get("last_frame_at")
    if isinstance(at, bool) or not isinstance(at, int | float) or not 0 < at < 1e11:
        return None
    return round(max(0.0, time.time() - at), 1)


def installed_version() -> str | None:
    """The installed kiosk's version (the wheel's), or ``None`` if it is not installed as a package."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("warmup-mirror")
    except PackageNotFoundError:
        return None


def _uptime(state: dict | None) -> float | None:
    """Seconds since the running kiosk started; ``None``: unknown."""
    started = (state or {}).get("started")
    if isinstance(started, bool) or not isinstance(started, int | float) or not 0 < started < 1e11:
        return None
    return round(max(0.0, time.time() - started), 1)


def _frame_age_text(state: dict) -> str:
    age = _frame_age(state)
    if age is None:
        return "none since start (a stage hangs, or an older kiosk)"
    return f"{age:.1f} s ago (the watchdog's measure)"


def _print_warnings(warnings: list[tuple[float, str]], unread: str | None) -> None:
    if unread is not None:
        print(f"  {'warnings':<15}{unread}")
        return
    if not warnings:
        print(f"  {'warnings':<15}none in the journal")
        return
    print(f"  last {len(warnings)} warnings (journalctl -u kiosk -p warning):")
    for at, message in warnings:
        print(f"    {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(at))}  {escaped(message)}")


def _ago(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"
