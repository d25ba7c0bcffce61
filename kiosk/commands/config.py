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
from tomlkit.exceptions import TOMLKitError

from kiosk.config import Config, config_path, load_config_text
from kiosk.errors import KioskError
from kiosk.state import signal_running_kiosk


def show(path: Path, effective: bool) -> int:
    """Print the file as written, or every setting in force (``--effective``)."""
    if effective:
        sys.stdout.write(tomlkit.dumps(_plain(_load(path).model_dump(mode="json"))))
        return 0
    if not path.exists():
        print(f"# {path} does not exist: every setting has its default (kiosk config show --effective)")
        return 0
    sys.stdout.write(_read(path))
    return 0


def get(path: Path, key: str) -> int:
    """Print one setting's value in force."""
    value = _load(path).model_dump(mode="json")
    for part in _split(key):
        if not isinstance(value, dict) or part not in value:
            raise _refuse(f"unknown key {key!r}: see kiosk config show --effective for the keys")
        value = value[part]
    print(tomlkit.item(value).as_string() if not isinstance(value, dict) else tomlkit.dumps(value), end="\n")
    return 0


def set_value(path: Path, key: str, text: str) -> int:
    """Set one key, keeping the rest of the file and its comments."""
    document = set_values(path, {key: text})
    value = document[_split(key)[0]][_split(key)[1]]
    print(f"{key} = {tomlkit.item(value).as_string()} in {path}")
    _reload()
    return 0


def set_values(path: Path, changes: dict[str, str]):
    """Set several keys in one atomic write (all or none), keeping comments; returns the new document.

    The kiosk itself saves the glass calibration this way.
    """
    original = _read(path) if path.exists() else ""
    document = _parse_document(original, path)
    for key, text in changes.items():
        section, name = _split(key)
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document[section] = table
        table[name] = _parse_value(text)
    key, text = next(iter(changes.items()))  # the whole document is checked once; named by its first key
    _validate(tomlkit.dumps(document), path, key, text)
    _write_atomically(path, tomlkit.dumps(document))
    return document


def validate(path: Path) -> int:
    """Check a file; print why it is refused, or that it is valid."""
    if not path.exists():
        raise _refuse(f"{path} not found")
    try:
        load_config_text(_read(path), str(path))
    except KioskError as error:
        raise _refuse(str(error)) from None
    print(f"{path} is valid")
    return 0


def edit(path: Path) -> int:
    """Open ``$EDITOR`` on a copy; apply it only if it is valid."""
    original = _read(path) if path.exists() else ""
    handle, copy = tempfile.mkstemp(prefix="kiosk-config-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(original)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "nano"
    try:
        subprocess.run([*shlex.split(editor), copy], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise _refuse(
            f"the editor {editor!r} failed ({error}); {path} is unchanged; your copy is {copy}"
        ) from None
    edited = Path(copy).read_text(encoding="utf-8")
    if edited == original:
        Path(copy).unlink()
        print(f"no change to {path}")
        return 0
    try:
        load_config_text(edited, str(path))
    except KioskError as error:
        raise _refuse(f"{error}; {path} is unchanged; your edited copy is {copy}") from None
    _write_atomically(path, edited)
    Path(copy).unlink()
    print(f"{path} updated")
    _reload()
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
    return edit(path)


def _load(path: Path) -> Config:
    try:
        return load_config_text(_read(path), str(path)) if path.exists() else Config()
    except KioskError as error:
        raise _refuse(str(error)) from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _refuse(f"{path} cannot be read ({error})") from None


def _split(key: str) -> tuple[str, str]:
    parts = key.split(".")
    if len(parts) != 2 or not all(parts):
        raise _refuse(f"key {key!r} is not SECTION.NAME, e.g. coach.knee_in_offset")
    if parts[0] not in Config.model_fields:
        raise _refuse(f"unknown section {parts[0]!r}: choose one of {', '.join(Config.model_fields)}")
    section = Config.model_fields[parts[0]].annotation
    if parts[1] not in section.model_fields:
        raise _refuse(f"unknown key {key!r}: [{parts[0]}] has {', '.join(section.model_fields)}")
    return parts[0], parts[1]


def _parse_document(text: str, path: Path):
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise _refuse(f"{path} is not valid TOML ({error}): fix it with kiosk config edit") from None


def _parse_value(text: str):
    """A TOML value (4, 0.07, true, "picamera"); bare words are strings."""
    try:
        return tomlkit.parse(f"v = {text}")["v"]
    except TOMLKitError:
        return tomlkit.string(text)


def _validate(text: str, path: Path, key: str, value: str) -> None:
    try:
        load_config_text(text, str(path))
    except KioskError as error:
        shown = value if value.isprintable() else repr(value)
        raise _refuse(f"refused {key} = {shown}: {error}; {path} is unchanged") from None


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half of one."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _refuse(f"cannot write {path} ({error.strerror}); it is unchanged") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # Keep an existing file's mode; a new one is readable by the kiosk's own user.
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temporary, path)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _refuse(f"cannot write {path} ({error.strerror}); it is unchanged") from None


def _reload() -> None:
    _, message = signal_running_kiosk()
    print(message)


def _plain(data):
    """The effective settings as plain TOML types (no None)."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None}
    return data


def _refuse(message: str) -> KioskError:
    return KioskError(message, exit_code=1)
