"""``kiosk config``: read, check and change the configuration over SSH.

Modelled on Pi-hole (``pihole-FTL --config``), OctoPrint (``octoprint
config``) and MagicMirror² (``config:check``). ``set``, ``reset`` and ``edit``
make each value its key's type, validate the whole resulting file and check
what would fail at start (a source that means nothing, a file the service
cannot read, a pin in use) before anything is written; they write atomically
(temporary file, fsync, rename), keep the operator's comments and order
(tomlkit), then ask the running kiosk to reload and say, per key, whether the
change is in force now, from the next exercise, or at the next restart
(``--restart`` restarts the service when a change needs it). A refusal names
the key, the value and what is allowed, exits with 1 and leaves the file
byte-for-byte unchanged. Reading: :mod:`kiosk.commands.config_read`.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tomlkit

from kiosk.commands.config_read import running_pins
from kiosk.config import (
    CALIBRATION_KEYS,
    MAX_CONFIG_BYTES,
    SYSTEM_CONFIG,
    Config,
    calibration_path,
    config_path,
    load_config_text,
)
from kiosk.config.file import locked, read_text, refuse, remove_values, set_values, write_atomically
from kiosk.config.schema import find_key, section_keys
from kiosk.config.sources import environment_overrides
from kiosk.errors import KioskError
from kiosk.files import read_limited
from kiosk.system.running import UNIT, find_kiosks, reload_kiosks
from kiosk.system.state import read_state, running_settings, state_path, state_problem

RESTART_HINT = "sudo systemctl restart kiosk"


def set_value(path: Path, key: str, text: str) -> int:
    """Set one key, keeping the rest of the file and its comments."""
    return set_many(path, [key, text])


def set_many(
    path: Path, pairs: list[str], restart: bool = False, as_json: bool = False, dry_run: bool = False
) -> int:
    """Set ``KEY VALUE [KEY VALUE ...]`` in one atomic write: all of them, or none.

    A key that already holds the value is left alone; only the keys that change
    are reloaded (or restarted for). ``as_json`` prints one object for programs
    (Ansible): per key its value before (``null``: not in the file) and after,
    whether it changed and when it applies, and which changed keys wait for a
    restart. ``dry_run`` checks everything and writes nothing.
    """
    if len(pairs) % 2:
        raise refuse(f"{pairs[-1]!r} has no value: give KEY VALUE pairs; {path} is unchanged")
    changes: dict[str, str] = {}
    for key, text in zip(pairs[::2], pairs[1::2], strict=True):
        name = find_key(key).key
        if name in changes:
            raise refuse(f"{name} is given twice; {path} is unchanged")
        changes[name] = text
    before: dict[str, object] = {}
    document = set_values(path, changes, check=_check_changes, before=before, dry_run=dry_run)
    after = {key: document[key.split(".")[0]][key.split(".")[1]] for key in changes}
    changed = [key for key in changes if _toml(before[key]) != _toml(after[key])]
    lines = []
    if not dry_run and changed:
        lines = _notes(path, changed) + _apply(path, changed, restart)
    restart_keys = [key for key in changed if find_key(key).applies == "restart"]
    if as_json:
        keys = {
            key: {
                "before": _plain(before[key]),
                "after": _plain(after[key]),
                "changed": key in changed,
                "applies": find_key(key).applies,
            }
            for key in changes
        }
        report = {"file": str(path), "dry_run": dry_run, "changed": bool(changed), "keys": keys}
        print(json.dumps({**report, "restart": restart_keys, "messages": lines}))
        return 0
    for key in changes:
        shown = tomlkit.item(after[key]).as_string()
        print(f"{key} = {shown} in {path}" + ("" if key in changed else " (unchanged)"))
    if dry_run:
        print(f"dry run: {path} is unchanged" if changed else f"no change to {path}")
    elif not changed:
        print(f"no change to {path}")
    for line in lines:
        print(line)
    return 0


def reset(path: Path, keys: list[str], restart: bool = False) -> int:
    """Remove keys (or sections) from the file, so their defaults apply again (OctoPrint's ``remove``)."""
    removed = remove_values(path, keys, check=_check_changes)
    for key in keys:
        if key in removed:
            print(f"{key} removed from {path}: back to its default")
        else:
            print(f"{key} is not set in {path}: it already has its default")
    if removed:
        changed = [
            k for key in removed for k in ([key] if "." in key else [x.key for x in section_keys(key)])
        ]
        for line in _notes(path, changed) + _apply(path, changed, restart):
            print(line)
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
    except ValueError as error:  # shlex: EDITOR='"x' has no closing quote
        Path(copy).unlink(missing_ok=True)
        raise refuse(
            f"the editor {editor!r} cannot be run ({error}): fix $VISUAL or $EDITOR; {path} is unchanged"
        ) from None
    except (OSError, subprocess.CalledProcessError) as error:
        raise refuse(
            f"the editor {editor!r} failed ({error}); {path} is unchanged; your copy is {copy}"
        ) from None
    edited = _edited(Path(copy), path)
    if edited == original:
        Path(copy).unlink()
        print(f"no change to {path}")
        return 0
    try:
        config = load_config_text(edited, str(path), path.resolve().parent)
    except KioskError as error:
        raise refuse(f"{error}; {path} is unchanged; your edited copy is {copy}") from None
    before = _valid_or_none(original, path)
    changed = _changed_keys(before or Config(), config)
    found = _check_changes(config, before, changed)
    if found:
        key, problem = found[0]
        raise refuse(f"{path}: {key}: {problem}; {path} is unchanged; your edited copy is {copy}")
    with locked(path):  # the editor may have been open for minutes: apply only over what was edited
        current = read_text(path) if path.exists() else ""
        if current != original:
            raise refuse(
                f"{path} was changed while you edited it; it is unchanged; your edited copy is {copy}"
            )
        write_atomically(path, edited)
    Path(copy).unlink()
    print(f"{path} updated")
    for line in _apply(path, changed, False):
        print(line)
    return 0


def _edited(copy: Path, path: Path) -> str:
    """The edited copy's text, refused in one line if it is gone, too large or not UTF-8 (it is kept)."""
    try:
        data = read_limited(copy, MAX_CONFIG_BYTES, "the edited copy")
    except FileNotFoundError:
        raise refuse(f"the editor removed the copy {copy}; {path} is unchanged") from None
    except OSError as error:
        raise refuse(
            f"the edited copy {copy} cannot be read ({error.strerror}); {path} is unchanged"
        ) from None
    except KioskError as error:
        raise refuse(f"{error}; {path} is unchanged") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(
            f"the edited copy {copy} is not UTF-8 text (save it as UTF-8); {path} is unchanged"
        ) from None


def config_command(args) -> int:
    """Dispatch ``kiosk config ACTION``."""
    from kiosk.commands import config_read

    path = config_path(args.config)
    if args.action in ("set", "reset", "edit"):
        _refuse_another_file_under_sudo(path)
    if args.action == "show":
        return config_read.show(path, args.effective, args.json, args.raw)
    if args.action == "get":
        return config_read.get(path, args.key, args.json, args.raw)
    if args.action == "set":
        return set_many(path, args.pairs, args.restart, args.json, args.dry_run)
    if args.action == "reset":
        return reset(path, args.keys, args.restart)
    if args.action == "validate":
        return config_read.validate(Path(args.file) if args.file else path, args.json, args.raw)
    if args.action == "diff":
        return config_read.diff(path, args.json)
    if args.action == "keys":
        from kiosk.commands.config_keys import keys_command

        return keys_command(args.which, args.json)
    return edit(path)


def _refuse_another_file_under_sudo(path: Path) -> None:
    """Under sudo, a writer changes only the system's file (/etc/kiosk/config.toml).

    Staff's sudo rule for ``kiosk config set`` must not let ``--config`` write
    a file of their choosing as root (README, "Many mirrors").
    """
    if os.environ.get("SUDO_USER") and os.geteuid() == 0 and path != Path(SYSTEM_CONFIG):
        raise refuse(f"under sudo, kiosk config writes only {SYSTEM_CONFIG}, not {path}; {path} is unchanged")


def _check_changes(config: Config, before: Config | None, keys=None) -> list[tuple[str, str]]:
    """What would fail at start among the keys this change touches (all when the file was not valid)."""
    from kiosk.app.config_checks import problems

    keys = keys if keys is not None else _changed_keys(before or Config(), config)
    held = list(running_pins())
    if before is not None:  # the running kiosk may hold the pins the file named until now
        held += [getattr(before.buttons, name) for name in ("previous", "next", "select")]
    return problems(config, keys, held_by_the_kiosk=held)


def _changed_keys(before: Config, after: Config) -> list[str]:
    old, new = before.model_dump(), after.model_dump()
    return [f"{s}.{n}" for s in new for n in new[s] if new[s][n] != old[s][n]]


def _valid_or_none(text: str, path: Path) -> Config | None:
    try:
        return load_config_text(text, str(path), path.resolve().parent)
    except KioskError:
        return None


def _notes(path: Path, keys: list[str]) -> list[str]:
    """What else decides these keys: the calibration saved from the screen, and the environment."""
    calibration = calibration_path()
    ours = environment_overrides()
    _, running = running_settings()
    lines = []
    for key in keys:
        section, name = key.split(".")
        if section == "display" and name in CALIBRATION_KEYS and calibration.exists():
            lines.append(
                f"note: the calibration saved from the screen ({calibration}) may set {key} over the file"
            )
        if key in ours:
            lines.append(
                f"note: {ours[key][0]} in this shell's environment overrides {key} for commands run here"
            )
        if running is not None and running["sources"].get(key) == "environment":
            lines.append(
                f"note: the running kiosk's environment sets {key}: the file's value is unused while it does"
            )
    return lines


def _apply(path: Path, keys: list[str], restart: bool) -> list[str]:
    """Ask the running kiosk to reload; the lines that say per key when the change is in force.

    With ``restart``, the service restarts if a change needs it.
    """
    by_when: dict[str, list[str]] = {}
    for key in keys:
        by_when.setdefault(find_key(key).applies, []).append(key)
    restart_keys = by_when.get("restart", [])
    lines = []
    if restart and restart_keys:
        lines.append(_restart(path))
    else:
        state = read_state()
        problem = state_problem(state) if state is not None else None
        if problem is not None:
            print(f"kiosk: note: ignoring the state file {state_path()}: {problem}", file=sys.stderr)
        lines.append(reload_kiosks(path, state.get("pid") if state is not None and problem is None else None))
    if by_when.get("now"):
        lines.append(f"in force at once: {', '.join(by_when['now'])}")
    if by_when.get("next exercise"):
        lines.append(f"in force from the next exercise started: {', '.join(by_when['next exercise'])}")
    if restart_keys and not restart:
        lines.append(
            f"takes effect when the kiosk restarts: {', '.join(restart_keys)} "
            f"({RESTART_HINT}, or again with --restart)"
        )
    return lines


def _toml(value: object) -> str | None:
    """A value as the file writes it (``None``: not in the file), to tell whether a key changed."""
    return None if value is None else tomlkit.item(value).as_string()


def _plain(value: object) -> object:
    """A file's value as plain JSON data (tomlkit's own types unwrapped)."""
    return value.unwrap() if hasattr(value, "unwrap") else value


def _restart(path: Path) -> str:
    """Restart the kiosk service if it is the kiosk reading ``path``; one line that says what happened."""
    from kiosk.system.running import systemd_main_pid

    found, hidden = find_kiosks(path)
    service = systemd_main_pid()
    if service is None or (service not in found and not hidden):
        if found:
            pids = ", ".join(map(str, found))
            return f"the kiosk reading {path} (pid {pids}) is not the service: stop it and start it again"
        return f"no kiosk service is running with {path}: the change applies when it starts"
    systemctl = shutil.which("systemctl")
    try:
        result = subprocess.run(
            [systemctl or "systemctl", "restart", UNIT], capture_output=True, text=True, timeout=90
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"could not restart the kiosk ({error}): {RESTART_HINT}"
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no reason given"])[-1]
        return f"could not restart the kiosk ({reason}): {RESTART_HINT}"
    return f"restarted the kiosk service (it was pid {service})"
