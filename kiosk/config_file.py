"""The configuration file's one writer: validated whole, written atomically, comments kept.

``kiosk config set`` and ``edit`` and the glass calibration screen all change
the file through here. The whole resulting file is validated before anything
is written; it is written to a temporary file, fsynced and renamed, so a
crash leaves the old file or the new one, never half of one; tomlkit keeps
the operator's comments and order. A refusal is a :class:`KioskError` with
exit code 1 and leaves the file byte-for-byte unchanged.

>>> set_values(Path("config.toml"), {"coach.knee_in_offset": "0.07"})  # doctest: +SKIP
>>> parse_value("0.07"), parse_value("picamera")
(0.07, 'picamera')
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from kiosk.config import MAX_CONFIG_BYTES, Config, load_config_text, shorten
from kiosk.errors import KioskError
from kiosk.files import read_limited, write_file

# A writer holds the lock for milliseconds; one still waiting after this long is refused.
LOCK_WAIT_SECONDS = 10.0


def set_values(path: Path, changes: dict[str, str]):
    """Set several keys in one atomic write (all or none), keeping comments; returns the new document.

    The kiosk itself saves the glass calibration this way. The file's lock is
    held from the read to the rename, so two writers never lose each other's change.
    """
    if path.is_symlink():
        raise refuse(f"cannot write {path}: it is a symbolic link; replace it with a regular file")
    with locked(path):
        original = read_text(path) if path.exists() else ""
        document = parse_document(original, path)
        for key, text in changes.items():
            section, name = split_key(key)
            table = document.get(section)
            if table is None:
                table = tomlkit.table()
                document[section] = table
            table[name] = parse_value(text)
        key, text = next(iter(changes.items()))  # the whole document is checked once; named by its first key
        validate_text(tomlkit.dumps(document), path, key, text)
        write_atomically(path, tomlkit.dumps(document))
    return document


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the advisory lock (``flock``) on ``path``'s lock file, ``.NAME.lock`` beside it.

    Every writer here takes it for its whole read, change and rename; a writer
    still waiting after ``wait`` seconds is refused (the file is unchanged).
    The lock file stays: removing it would let two writers lock two files.
    """
    lock = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise refuse(f"cannot write {path} ({error.strerror}); it is unchanged") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise refuse(
                        f"{path} is being changed by someone else; try again; it is unchanged"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(handle)  # releases the lock


def read_text(path: Path) -> str:
    """The file's text; a refusal in one line if it cannot be read (or is far too large to be one)."""
    try:
        return read_limited(path, MAX_CONFIG_BYTES, "config file").decode("utf-8")
    except KioskError as error:
        raise refuse(str(error)) from None
    except OSError as error:
        raise refuse(f"{path} cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise refuse(f"{path} is not UTF-8 text: is it the right file?") from None


def split_key(key: str) -> tuple[str, str]:
    """``SECTION.NAME`` split and checked against the schema; a refusal names the known keys."""
    parts = key.split(".")
    if len(parts) != 2 or not all(parts):
        raise refuse(f"key {key!r} is not SECTION.NAME, e.g. coach.knee_in_offset")
    if parts[0] not in Config.model_fields:
        raise refuse(f"unknown section {parts[0]!r}: choose one of {', '.join(Config.model_fields)}")
    section = Config.model_fields[parts[0]].annotation
    if parts[1] not in section.model_fields:
        raise refuse(f"unknown key {key!r}: [{parts[0]}] has {', '.join(section.model_fields)}")
    return parts[0], parts[1]


def parse_document(text: str, path: Path):
    """The file as a tomlkit document (comments kept); a refusal if it is not TOML."""
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise refuse(f"{path} is not valid TOML ({error}): fix it with kiosk config edit") from None


def parse_value(text: str):
    """A TOML value (4, 0.07, true, "picamera"); bare words are strings."""
    try:
        return tomlkit.parse(f"v = {text}")["v"]
    except TOMLKitError:
        return tomlkit.string(text)


def validate_text(text: str, path: Path, key: str, value: str) -> None:
    """Refuse ``key = value`` (in one line) if the whole resulting file is not a valid configuration."""
    try:
        load_config_text(text, str(path), path.resolve().parent)
    except KioskError as error:
        shown = value if value.isprintable() and len(value) <= 60 else shorten(value)
        raise refuse(f"refused {key} = {shown}: {error}; {path} is unchanged") from None


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half of one.

    Never through a symbolic link, never into anything but a regular file; an
    existing file keeps its mode and owner, a new one is 0644 (the kiosk's user
    reads it). A missing folder is created.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise refuse(f"cannot write {path} ({error.strerror}); it is unchanged") from None
    write_file(
        path, lambda stream: stream.write(text), mode=0o644, durable=True, follow_links=False,
        devices=False, exit_code=1,
    )  # fmt: skip


def refuse(message: str) -> KioskError:
    """A refusal: one line, exit code 1."""
    return KioskError(message, exit_code=1)
