"""``kiosk status``: what the running kiosk is doing, from its state file."""

from __future__ import annotations

import json
import time

from kiosk.state import read_state, running_pid, state_path, state_problem

NOT_RUNNING = 3  # as systemctl status says of a stopped unit


def status_command(as_json: bool) -> int:
    """Print the state; exit 0 if the kiosk runs, 3 if not."""
    path = state_path()
    state = read_state(path)
    pid = running_pid(state)
    if as_json:
        print(json.dumps({"running": pid is not None, **(state or {})}))
        return 0 if pid else NOT_RUNNING
    if state is None:
        print(f"not running: no state file at {path}")
        return NOT_RUNNING
    problem = state_problem(state)
    if problem is not None:
        print(f"unknown: the state file {path} is not valid ({problem})")
        return NOT_RUNNING
    now = time.time()
    if pid is None:
        print(f"not running (last seen {_ago(now - state.get('updated', 0))} ago, pid {state.get('pid')})")
    else:
        print(f"running, pid {pid}, up {_ago(now - state.get('started', now))}")
    temperature = state.get("cpu_temperature_c")
    flags = state.get("throttled")
    lines = [
        (
            "screen",
            f"{state.get('screen')}: {state['exercise']}" if state.get("exercise") else state.get("screen"),
        ),
        ("source", state.get("source")),
        ("fps", state.get("fps")),
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
        print(f"  {name:<15}{value}")
    return 0 if pid else NOT_RUNNING


def _ago(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"
