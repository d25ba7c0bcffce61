"""What the schema cannot see: settings that are valid values but would fail when the kiosk starts.

``kiosk config set`` and ``validate`` run these after the schema, so that a
source that means nothing, a file the service cannot read or a pin another
driver holds is refused over SSH, not found at the next boot as a black
mirror:

- the camera source parses (a video file exists and the service can read it);
- the model file and the exercise file exist and the service's user can
  read them, from inside its sandbox (``ProtectHome=``, ``PrivateTmp=`` hide
  whole folders from it), and the model is the one ``model.sha256`` names;
- the buttons' pins are free (no driver or other program holds them);
- the exercise file is a valid library and holds the routine (the schema,
  which never reads it, cannot tell).

>>> reader = Reader("kiosk", 999, frozenset({999}), (("/tmp", "PrivateTmp=yes"),))
>>> reader.cannot_read(Path("/tmp/movenet.tflite"))
'the service cannot see /tmp (PrivateTmp=yes in its unit): put the file in /etc/kiosk or /opt/kiosk'
"""

from __future__ import annotations

import contextlib
import grp
import hashlib
import os
import pwd
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Config, shorten

# Folders each sandbox setting hides from the service (systemd.exec(5)).
HIDDEN_BY = {
    ("ProtectHome", "yes"): ("/home", "/root", "/run/user"),
    ("ProtectHome", "tmpfs"): ("/home", "/root", "/run/user"),
    ("PrivateTmp", "yes"): ("/tmp", "/var/tmp"),
}
# The model is read whole at start; larger is not a model (kiosk/pose/model.py refuses it too).
MAX_MODEL_BYTES = 64 << 20


@dataclass(frozen=True)
class Reader:
    """Whoever reads the kiosk's files: the service's user, its groups, and the folders its sandbox hides."""

    name: str
    uid: int
    gids: frozenset[int]
    hidden: tuple[tuple[str, str], ...] = ()  # (folder, the unit setting that hides it)
    workdir: Path = Path("/")  # where a relative path is taken from (the unit's WorkingDirectory=)

    @classmethod
    def of_service(cls) -> Reader:
        """The installed service's user and sandbox; this user, unsandboxed, where no service is installed."""
        from kiosk.system.service import installed_unit

        unit = installed_unit()
        if unit is None:
            name = _user_name(os.geteuid())
            return cls(name, os.geteuid(), frozenset({os.getegid(), *os.getgroups()}), workdir=Path.cwd())
        return cls.of_unit(unit)

    @classmethod
    def of_unit(cls, unit) -> Reader:
        """The user and sandbox a unit (:class:`kiosk.system.service.Unit`) gives its service."""
        name = (unit.service("User") or ["root"])[-1]
        try:
            account = pwd.getpwnam(name)
            uid, gids = account.pw_uid, set(os.getgrouplist(name, account.pw_gid))
        except KeyError:
            uid, gids = -1, set()  # not created yet: it can read only what everyone can
        for group in [*unit.service("Group")[-1:], *" ".join(unit.service("SupplementaryGroups")).split()]:
            with contextlib.suppress(KeyError):
                gids.add(grp.getgrnam(group).gr_gid)
        hidden = []
        for (setting, value), folders in HIDDEN_BY.items():
            if (unit.service(setting) or [""])[-1] == value:
                hidden += [(folder, f"{setting}={value}") for folder in folders]
        for line in unit.service("InaccessiblePaths"):
            hidden += [(folder.lstrip("-"), "InaccessiblePaths=") for folder in line.split()]
        workdir = Path((unit.service("WorkingDirectory") or ["/"])[-1].lstrip("-"))
        return cls(name, uid, frozenset(gids), tuple(hidden), workdir)

    def cannot_read(self, path: Path) -> str | None:
        """Why this reader cannot read the file at ``path`` (absolute), or ``None`` if it can."""
        for folder, setting in self.hidden:
            if path == Path(folder) or path.is_relative_to(folder):
                return (
                    f"the service cannot see {folder} ({setting} in its unit): "
                    "put the file in /etc/kiosk or /opt/kiosk"
                )
        name = _named(path)
        try:
            status = path.stat()
        except FileNotFoundError:
            return f"{name} does not exist"
        except (OSError, ValueError) as error:  # a name too long, a NUL in it
            return f"{name} cannot be read ({getattr(error, 'strerror', None) or error})"
        if not stat.S_ISREG(status.st_mode):
            return f"{name} is not a regular file"
        for parent in reversed(path.parents):
            try:
                entered = self._may(parent.stat(), 0o1)
            except OSError:
                entered = False
            if not entered:
                folder_name = _named(parent)
                return f"{self.name} (the kiosk's user) cannot enter {folder_name}: chmod o+x {folder_name}"
        if not self._may(status, 0o4):
            return f"{self.name} (the kiosk's user) cannot read {name}: chmod o+r {name}"
        return None

    def _may(self, status: os.stat_result, bit: int) -> bool:
        if self.uid == 0:
            return True
        if status.st_uid == self.uid:
            return bool(status.st_mode & (bit << 6))
        if status.st_gid in self.gids:
            return bool(status.st_mode & (bit << 3))
        return bool(status.st_mode & bit)


def problems(
    config: Config,
    keys: Iterable[str] | None = None,
    reader: Reader | None = None,
    held_by_the_kiosk: Iterable[int] = (),
) -> list[tuple[str, str]]:
    """``(key, message)`` for each setting (of ``keys``, else all) that is valid but would fail at start.

    ``held_by_the_kiosk`` are the pins the running kiosk itself holds (in use, by it).
    """
    wanted = set(keys) if keys is not None else None
    reader = reader or Reader.of_service()
    found = []

    def check(key: str, run) -> None:
        if wanted is None or key in wanted:
            message = run()
            if message:
                found.append((key, message))

    check("camera.source", lambda: source_problem(config.camera.source, reader))
    check("model.path", lambda: model_problem(config, reader))
    if wanted is not None and "model.path" not in wanted:  # a new checksum for the file already named
        check("model.sha256", lambda: model_problem(config, reader))
    # Whatever key changed: a configuration whose exercise file or routine is broken does not start.
    found.extend(program_problems(config))
    if not found or found[-1][0] != "program.exercises_file":
        check("program.exercises_file", lambda: _file_problem(config.program.exercises_file, reader))
    pins = {name: getattr(config.buttons, name) for name in ("previous", "next", "select")}
    if config.buttons.enabled:
        held = set(held_by_the_kiosk)
        asked = [pin for name, pin in pins.items() if wanted is None or f"buttons.{name}" in wanted]
        in_use = _pins_in_use([pin for pin in asked if pin not in held])
        for name, pin in pins.items():
            if pin in in_use:
                check(f"buttons.{name}", lambda pin=pin: pin_problem(pin, in_use[pin]))
    return found


def source_problem(text: str, reader: Reader) -> str | None:
    """Why the camera source would fail at start, or ``None``.

    >>> source_problem("bogus", Reader("kiosk", 999, frozenset()))
    "unknown source 'bogus': use picamera, webcam[:N], demo, athlete[:EXERCISE], auto or a video file path"
    """
    from hardware import DeviceError, parse_source
    from hardware.source_spec import SOURCE_HELP
    from kiosk.athlete.script import EXERCISES

    text = text.strip()
    try:
        spec = parse_source(text)
    except DeviceError as error:
        return str(error).replace(repr(text), shorten(text))
    except (OSError, ValueError):  # a name too long to be a file's
        return f"unknown source {shorten(text)}: use {SOURCE_HELP}"
    if spec.kind == "athlete" and spec.exercise is not None and spec.exercise not in EXERCISES:
        return f"the athlete cannot do {shorten(spec.exercise)}: {', '.join(EXERCISES)}"
    if spec.kind != "file" or spec.path is None:
        return None
    problem = reader.cannot_read(reader.workdir / spec.path)
    return f"video file: {problem}" if problem else None


def model_problem(config: Config, reader: Reader) -> str | None:
    """Why the model file would be refused at start (missing, unreadable, another checksum), or ``None``."""
    if not config.model.path:
        return None  # the package's own, checked when the kiosk is installed
    path = Path(config.model.path)
    problem = _file_problem(config.model.path, reader)
    if problem is not None:
        return problem
    try:
        with open(path, "rb") as stream:
            digest = hashlib.sha256(stream.read(MAX_MODEL_BYTES + 1)).hexdigest()
    except OSError as error:
        return f"{_named(path)} cannot be read ({error.strerror})"
    if digest != config.model.sha256:
        return (
            f"{_named(path)} has SHA-256 {digest}, not model.sha256 {config.model.sha256[:12]}...: "
            "set both in one kiosk config set, or give the right file"
        )
    return None


def pin_problem(pin: int, consumer: str) -> str:
    """The refusal for a pin in use."""
    return f"GPIO {pin} is in use by {consumer!r}: choose a free pin (gpioinfo lists them)"


def program_problems(config: Config) -> list[tuple[str, str]]:
    """``[(key, message)]`` if the exercise file cannot be used or lacks the routine, else ``[]``."""
    from kiosk.app.coaching import load_program
    from kiosk.errors import KioskError

    try:
        load_program(config.program)
    except KioskError as error:
        key, _, message = str(error).partition(": ")
        return [(key, message)]
    return []


def _file_problem(value: str, reader: Reader) -> str | None:
    if not value:
        return None
    return reader.cannot_read(reader.workdir / value)


def _pins_in_use(pins: list[int]) -> dict[int, str]:
    from hardware.gpio_lines import pins_in_use

    return (pins_in_use(pins) or {}) if pins else {}


def _named(path: Path) -> str:
    """A path as a message shows it: whole, unless it is too long to be one."""
    return str(path) if len(str(path)) <= 120 and str(path).isprintable() else shorten(str(path))


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)
