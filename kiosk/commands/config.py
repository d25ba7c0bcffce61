"""``kiosk config``: read, check and change the configuration over SSH.

Modelled on Pi-hole and OctoPrint. ``set`` and ``edit`` validate the whole
resulting file before anything is written, write it atomically (temporary
file, fsync, rename), keep the operator's comments and order (tomlkit), then
ask the running kiosk to reload. A refusal names the key, the value and what
is allowed, exits with 1 and leaves the file byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import tomlkit

from kiosk.config import (
    CALIBRATION_KEYS,
    Config,
    calibration_path,
    config_path,
    load_config_text,
    with_calibration,
)
from kiosk.config_file import (
    locked,
    read_text,
    refuse,
    set_values,
    split_key,
    write_atomically,
)
from kiosk.errors import KioskError
from kiosk.running import reload_kiosks
from kiosk.state import read_state, state_path, state_problem


def show(path: Path, effective: bool) -> int:
    """Print the file as written, or every setting in force (``--effective``)."""
    if effective:
        sys.stdout.write(tomlkit.dumps(_plain(_load(path).model_dump(mode="json"))))
        return 0
    if not path.exists():
        print(f"# {path} does not exist: every setting has its default (kiosk config show --effective)")
        return 0
    sys.stdout.write(read_text(path))
    return 0


def get(path: Path, key: str) -> int:
    """Print one setting's value in force."""
    value = _load(path).model_dump(mode="json")
    for part in split_key(key):
        if not isinstance(value, dict) or part not in value:
            raise refuse(f"unknown key {key!r}: see kiosk config show --effective for the keys")
        value = value[part]
    print(tomlkit.item(value).as_string() if not isinstance(value, dict) else tomlkit.dumps(value), end="\n")
    return 0


def set_value(path: Path, key: str, text: str) -> int:
    """Set one key, keeping the rest of the file and its comments."""
    document = set_values(path, {key: text})
    value = document[split_key(key)[0]][split_key(key)[1]]
    print(f"{key} = {tomlkit.item(value).as_string()} in {path}")
    section, name = split_key(key)
    if section == "display" and name in CALIBRATION_KEYS:
        in_force = getattr(_load(path).display, name)
        if in_force != value:
            print(
                f"note: the calibration saved from the screen ({calibration_path()}) sets {key} = {in_force}"
            )
    _reload(path)
    return 0


def validate(path: Path) -> int:
    """Check a file; print why it is refused, or that it is valid."""
    if not path.exists():
        raise refuse(f"{path} not found")
    try:
        load_config_text(read_text(path), str(path), path.resolve().parent)
    except KioskError as error:
        raise refuse(str(error)) from None
    print(f"{path} is valid")
    return 0


def edit(path: Path) -> int:
    """Open ``$EDITOR`` on a copy; apply it only if it is valid."""
    original = read_text(path) if path.exists() else ""
    handle, copy = tempfile.mkstemp(prefix="kiosk-config-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(original)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "nano"
    try:
        subprocess.run([*shlex.split(editor), copy], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise refuse(
            f"the editor {editor!r} failed ({error}); {path} is unchanged; your copy is {copy}"
        ) from None
    edited = Path(copy).read_text(encoding="utf-8")
    if edited == original:
        Path(copy).unlink()
        print(f"no change to {path}")
        return 0
    try:
        load_config_text(edited, str(path), path.resolve().parent)
    except KioskError as error:
        raise refuse(f"{error}; {path} is unchanged; your edited copy is {copy}") from None
    with locked(path):  # the editor may have been open for minutes: apply only over what was edited
        current = read_text(path) if path.exists() else ""
        if current != original:
            raise refuse(
                f"{path} was changed while you edited it; it is unchanged; your edited copy is {copy}"
            )
        write_atomically(path, edited)
    Path(copy).unlink()
    print(f"{path} updated")
    _reload(path)
    return 0


def config_command(args) -> int:
    """Dispatch ``kiosk config ACTION``."""
    path = config_path(args.config)
    if args.action == "show":
        return show(path, args.effective)
    if args.action == "get":
        return get(path, args.key)
    if args.action == "set":
        return set_value(path, args.key, args.value)
    if args.action == "validate":
        return validate(Path(args.file) if args.file else path)
    if args.action == "keys":
        from kiosk.commands.config_keys import keys_command

        return keys_command(args.which, args.json)
    return edit(path)


def _load(path: Path) -> Config:
    """The settings in force: the file, with the calibration saved from the screen laid over it."""
    try:
        config = (
            load_config_text(read_text(path), str(path), path.resolve().parent) if path.exists() else Config()
        )
    except KioskError as error:
        raise refuse(str(error)) from None
    return with_calibration(config, calibration_path())


def _reload(path: Path) -> None:
    """Ask the kiosk that reads ``path`` to reload; the state file's pid is only a hint, and checked."""
    state = read_state()
    problem = state_problem(state) if state is not None else None
    if problem is not None:
        print(f"kiosk: note: ignoring the state file {state_path()}: {problem}", file=sys.stderr)
    print(reload_kiosks(path, state.get("pid") if state is not None and problem is None else None))


def _plain(data):
    """The effective settings as plain TOML types (no None)."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None}
    return data
