"""The configuration file's one writer: validated whole, written atomically, comments kept.

``kiosk config set``, ``reset`` and ``edit`` and the glass calibration screen
all change the file through here. Each value is first made its key's own type
(``"1280"`` is written as 1280, ``2.0`` as 2 for an integer, ``yes`` as true),
or refused with the type it needs; then the whole resulting file is validated
(and, given ``check``, checked for what the schema cannot see) before anything
is written. It is written to a temporary file, fsynced and renamed, so a crash
leaves the old file or the new one, never half of one; tomlkit keeps the
operator's comments and order. A refusal is a :class:`KioskError` with exit
code 1 and leaves the file byte-for-byte unchanged.

>>> set_values(Path("config.toml"), {"coach.knee_in_offset": "0.07"})  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from kiosk.config.model import MAX_CONFIG_BYTES, Config, load_config_text, shorten
from kiosk.config.schema import find_key, is_section
from kiosk.errors import KioskError
from kiosk.files import read_limited, write_file

# A writer holds the lock for milliseconds; one still waiting after this long is refused.
LOCK_WAIT_SECONDS = 10.0
# What ``check`` is given (the new configuration, the file's before the change or None) and returns:
# (key, problem) for each setting that would fail.
Check = Callable[[Config, "Config | None"], list[tuple[str, str]]]


def set_values(
    path: Path,
    changes: dict[str, str],
    check: Check | None = None,
    before: dict[str, object] | None = None,
    dry_run: bool = False,
):
    """Set several keys in one atomic write (all or none), keeping comments; returns the new document.

    The kiosk itself saves the glass calibration this way. The file's lock is
    held from the read to the rename, so two writers never lose each other's change.
    A key that already holds the value (same type) is left as it is. ``before``,
    if given, receives each key's value in the file before the change (``None``:
    not in the file); ``dry_run`` validates and checks everything but writes nothing.
    """
    typed = {}
    for key, text in changes.items():
        found = find_key(key)
        try:
            typed[found.key] = found.typed(text)
        except KioskError as error:
            raise refuse(f"refused {key} = {_shown(text)}: {error}; {path} is unchanged") from None

    def change(document) -> None:
        for key, value in typed.items():
            section, name = key.split(".")
            table = document.get(section)
            item: Any = table.get(name) if table is not None else None
            old = item.unwrap() if hasattr(item, "unwrap") else item
            if before is not None:
                before[key] = old
            if old is not None and type(old) is type(value) and old == value:
                continue  # unchanged: the file keeps its own text for it
            if table is None:
                table = tomlkit.table()
                document[section] = table
            table[name] = value

    return _rewrite(path, change, {key: _shown(text) for key, text in changes.items()}, check, dry_run)


def remove_values(path: Path, keys: Iterable[str], check: Check | None = None):
    """Remove keys (or whole ``[sections]``) from the file in one atomic write, so that their defaults apply.

    Returns the keys that were in the file (the others already had their defaults).
    """
    wanted = [key if is_section(key) else find_key(key).key for key in keys]
    removed = []

    def change(document) -> None:
        for key in wanted:
            section, _, name = key.partition(".")
            table = document.get(section)
            if table is not None and not name:
                del document[section]
                removed.append(key)
            elif table is not None and name in table:
                del table[name]
                removed.append(key)

    if path.exists() or path.is_symlink():
        _rewrite(path, change, {key: "its default" for key in wanted}, check)
    return removed


def _rewrite(path: Path, change, described: dict[str, str], check: Check | None, dry_run: bool = False):
    """Read, ``change``, validate and check the document, then write it atomically; all under the lock."""
    if path.is_symlink():
        raise refuse(f"cannot write {path}: it is a symbolic link; replace it with a regular file")
    with locked(path):
        original = read_text(path) if path.exists() else ""
        document = parse_document(original, path)
        change(document)
        text = tomlkit.dumps(document)
        if text == original:
            return document
        config = validate_text(text, path, described)
        if check is not None:
            found = check(config, _valid_or_none(original, path))
            if found:
                key, problem = found[0]
                raise refuse(
                    f"refused {_change(described, key)}: {path}: {key}: {problem}; {path} is unchanged"
                )
        if not dry_run:
            write_atomically(path, text)
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


def parse_document(text: str, path: Path):
    """The file as a tomlkit document (comments kept); a refusal if it is not TOML."""
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise refuse(f"{path} is not valid TOML ({error}): fix it with kiosk config edit") from None


def validate_text(text: str, path: Path, described: dict[str, str]) -> Config:
    """The configuration the whole resulting file gives; if none, a refusal that names the change."""
    try:
        return load_config_text(text, str(path), path.resolve().parent)
    except KioskError as error:
        named = str(error).removeprefix(f"{path}: ").split(":")[0]
        raise refuse(f"refused {_change(described, named)}: {error}; {path} is unchanged") from None


def _change(described: dict[str, str], key: str) -> str:
    """The change a refusal is about: the one ``key`` names, else all of them."""
    if key in described:
        return f"{key} = {described[key]}"
    return ", ".join(f"{k} = {v}" for k, v in described.items())


def _shown(text: str) -> str:
    return text if text.isprintable() and len(text) <= 60 else shorten(text)


def _valid_or_none(text: str, path: Path) -> Config | None:
    try:
        return load_config_text(text, str(path), path.resolve().parent)
    except KioskError:
        return None


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
