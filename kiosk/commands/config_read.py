"""``kiosk config show``, ``get``, ``validate`` and ``diff``: reading the configuration over SSH.

Each prints for a person by default, ``--json`` for a program, and ``--raw``
for a shell: the bare value (``get``), the file's bytes or plain TOML
(``show``), ``KEY: MESSAGE`` lines (``validate``).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError

from kiosk.config import Config, calibration_path, config_problems, shorten
from kiosk.config.file import read_text, refuse
from kiosk.config.schema import all_keys, find_key, is_section, section_keys
from kiosk.config.sources import Effective, effective
from kiosk.errors import KioskError
from kiosk.system.state import running_settings


def in_force(path: Path) -> Effective:
    """The settings in force for commands run here: the file, the calibration and this shell's environment."""
    try:
        return effective(path, calibration_path())
    except KioskError as error:
        raise refuse(str(error)) from None


def show(path: Path, is_effective: bool, as_json: bool, raw: bool) -> int:
    """Print the file as written, or (``is_effective``) every setting in force with where it came from."""
    if is_effective:
        settings = in_force(path)
        values = settings.config.model_dump(mode="json")
        if as_json:
            print(
                json.dumps({"settings": values, "sources": settings.sources, "variables": settings.variables})
            )
        elif raw:
            sys.stdout.write(tomlkit.dumps(_plain(values)))
        else:
            sys.stdout.write(_annotated(settings))
        return 0
    text = read_text(path) if path.exists() else None
    if as_json:
        print(json.dumps(tomllib.loads(text) if text else {}))
    elif text is not None:
        sys.stdout.write(text)
    elif not raw:
        print(f"# {path} does not exist: every setting has its default (kiosk config show --effective)")
    return 0


def get(path: Path, which: str, as_json: bool, raw: bool) -> int:
    """Print one setting in force, or a whole section (``get camera``)."""
    values = in_force(path).config.model_dump(mode="json")
    if is_section(which):
        table = values[which]
        if as_json:
            print(json.dumps(table))
        elif raw:
            for name, value in table.items():
                print(f"{which}.{name}={_bare(value)}")
        else:
            sys.stdout.write(tomlkit.dumps({which: _plain(table)}))
        return 0
    key = find_key(which)
    value = values[key.section][key.name]
    print(json.dumps(value) if as_json else _bare(value) if raw else _toml(value))
    return 0


def validate(path: Path, as_json: bool, raw: bool) -> int:
    """Check a file: every problem, each on one line with its key; exit 1 if there is any."""
    if not path.exists():
        raise refuse(f"{path} not found")
    found = problems_of(path)
    if as_json:
        errors = [{"key": key, "message": message} for key, message in found]
        print(json.dumps({"file": str(path), "valid": not found, "errors": errors}))
    elif raw:
        for key, message in found:
            print(f"{key}: {message}")
    elif found:
        for key, message in found:
            where = "" if str(path) in message else f"{path}: "
            print(
                f"kiosk: {where}{message}" if key == "(file)" else f"kiosk: {where}{key}: {message}",
                file=sys.stderr,
            )
    else:
        print(f"{path} is valid")
    return 1 if found else 0


def problems_of(path: Path) -> list[tuple[str, str]]:
    """Everything wrong with the file: the schema's errors, then what would fail at start.

    What would fail at start is checked on the rest of the file too: the keys
    the schema refused are left out for that.
    """
    from kiosk.app.config_checks import problems

    try:
        text = read_text(path)
    except KioskError as error:
        return [("(file)", str(error))]
    found = config_problems(text, path.resolve().parent)
    if found and found[0][0] == "(file)":
        return found  # not TOML
    data = tomllib.loads(text)
    for key, _ in found:
        section, _, name = key.partition(".")
        (data.get(section, {}) if name else data).pop(name or section, None)
    try:
        config = Config.model_validate(data, context={"folder": path.resolve().parent})
    except ValidationError:
        return found
    return found + problems(config, held_by_the_kiosk=running_pins())


def diff(path: Path, as_json: bool) -> int:
    """The file against the defaults, and the running kiosk against the file."""
    try:
        file_config = effective(path, None, environ={}).config
    except KioskError as error:
        file_config, broken = None, str(error)
    defaults = Config().model_dump(mode="json")
    changed = []
    if file_config is not None:
        values = file_config.model_dump(mode="json")
        for key in all_keys():
            value, default = values[key.section][key.name], defaults[key.section][key.name]
            if value != default:
                changed.append({"key": key.key, "file": value, "default": default})
    pid, running = running_settings()
    apart = _running_apart(path, running) if running is not None else []
    if as_json:
        print(
            json.dumps(
                {"file": str(path), "against_defaults": changed, "running": pid, "running_apart": apart}
            )
        )
        return 0
    if file_config is None:
        print(f"{path} cannot be loaded: {broken}")
    else:
        print(f"{path} against the defaults:" if changed else f"{path} sets every key to its default")
        assignments = [f"{c['key']} = {_toml(c['file'])}" for c in changed]
        width = max(map(len, assignments), default=0)
        for assignment, c in zip(assignments, changed, strict=True):
            print(f"  {assignment.ljust(width)}  (default {_toml(c['default'])})")
    if pid is None:
        print("no kiosk is running (kiosk status)")
    elif running is None:
        print(
            f"the running kiosk (pid {pid}) has not said which settings it uses: restart it to see them here"
        )
    elif not apart:
        print(f"the running kiosk (pid {pid}) uses what the file says")
    else:
        print(f"the running kiosk (pid {pid}) against the file:")
        for entry in apart:
            running_value, file_value = _toml(entry["running"]), _toml(entry["file"])
            print(f"  {entry['key']}: running {running_value}, file {file_value}: {entry['why']}")
    return 0


def _running_apart(path: Path, running: dict[str, Any]) -> list[dict[str, Any]]:
    """Each key where the running kiosk's value is not what the file (with the calibration) gives, and why."""
    try:
        wanted = effective(path, calibration_path(), environ={}).config.model_dump(mode="json")
        broken = None
    except KioskError as error:
        wanted, broken = None, str(error)
    start_error = running.get("config_error")
    apart = []
    for key in all_keys():
        value = running["settings"].get(key.section, {}).get(key.name)
        if wanted is None:
            continue
        file_value = wanted[key.section][key.name]
        if value == file_value:
            continue
        source = running["sources"].get(key.key)
        if source == "environment":
            variable = str(running["variables"].get(key.key))
            variable = variable if re.fullmatch(r"KIOSK_\w{1,80}", variable, re.ASCII) else "a variable"
            why = f"set by {variable} in the kiosk's environment"
        elif start_error:
            why = f"the kiosk could not load the file at start ({shorten(start_error, 100)})"
        elif key.applies == "restart":
            why = "applies at restart: sudo systemctl restart kiosk"
        else:
            why = "not reloaded yet: sudo systemctl reload kiosk"
        apart.append({"key": key.key, "running": value, "file": file_value, "why": why})
    if broken is not None:
        apart.append({"key": "(file)", "running": None, "file": None, "why": broken})
    return apart


def running_pins() -> list[int]:
    """The pins the running kiosk holds (in use, by it), if it says."""
    _, running = running_settings()
    buttons = (running or {}).get("settings", {}).get("buttons", {})
    return [pin for name in ("previous", "next", "select") if isinstance(pin := buttons.get(name), int)]


def _annotated(settings: Effective) -> str:
    """Every setting as TOML, each with where it came from after it."""
    values = settings.config.model_dump(mode="json")
    lines: list[str] = []
    for section in values:
        lines.append(f"{'' if not lines else chr(10)}[{section}]")
        keys = section_keys(section)
        width = min(30, max(len(f"{k.name} = {_toml(values[section][k.name], 1000)}") for k in keys))
        for key in keys:
            value = values[section][key.name]
            text = f"# {key.name} is unset" if value is None else f"{key.name} = {_toml(value, 1000)}"
            lines.append(f"{text.ljust(width)}  # {settings.source_text(key.key, calibration_path())}")
    return "\n".join(lines) + "\n"


def _toml(value: Any, width: int = 60) -> str:
    """A value as TOML writes it (control characters escaped), at most ``width`` characters."""
    if value is None:
        return "unset"
    try:
        text = tomlkit.item(value).as_string()
    except (TypeError, ValueError):
        return shorten(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _bare(value: Any) -> str:
    """A value as a shell wants it: text unquoted, true/false, numbers as TOML writes them."""
    if value is None:
        return ""
    return value if isinstance(value, str) else tomlkit.item(value).as_string()


def _plain(data):
    """Settings as plain TOML types (no None)."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None}
    return data
