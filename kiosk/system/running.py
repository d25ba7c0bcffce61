"""Finding the running kiosk that uses a configuration file, and asking it (and only it) to reload.

``sudo kiosk config set`` runs as root, and the state file it could read a
pid from belongs to the kiosk's own user: a pid from there is never trusted.
A process is asked to reload only when it proves to be a kiosk using this
very file:

- its ``/proc/PID/exe`` is a Python interpreter and its command line is
  ``kiosk run`` (the console script or ``python -m kiosk``);
- the configuration file it reads (``--config``, else ``$KIOSK_CONFIG`` from
  its environment, else /etc/kiosk/config.toml, relative paths from its
  working directory), looked up in its own mount namespace, is the same inode
  as the file just changed;
- its pid is above 1 and it is not this process.

The candidates are systemd's ``MainPID`` of kiosk.service, the pid in the
state file, and every process in /proc whose command line says ``kiosk
run``. A process this user may not inspect is not signalled; the message then
says to use sudo.

>>> KioskProcess.parse_command_line(["/opt/kiosk/.venv/bin/python", "/opt/kiosk/.venv/bin/kiosk", "run",
...                                  "--config", "/etc/kiosk/config.toml"])
'/etc/kiosk/config.toml'
>>> KioskProcess.parse_command_line(["python3", "-m", "kiosk", "status"]) is None
True
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import SYSTEM_CONFIG

UNIT = "kiosk.service"
# The kernel's largest pid (pid_max can be at most 2^22).
MAX_PID = 1 << 22


@dataclass(frozen=True)
class KioskProcess:
    """A process that proved to be a kiosk, with the configuration file it reads."""

    pid: int
    config: Path

    @staticmethod
    def parse_command_line(argv: list[str]) -> str | None:
        """For ``kiosk run`` (either way it is started): its ``--config`` (``""`` for none); else ``None``."""
        for index, word in enumerate(argv):
            if Path(word).name == "kiosk" and index + 1 < len(argv) and argv[index + 1] == "run":
                options = argv[index + 2 :]
                for position, option in enumerate(options):
                    if option == "--config" and position + 1 < len(options):
                        return options[position + 1]
                    if option.startswith("--config="):
                        return option.partition("=")[2]
                return ""
        return None


def find_kiosks(config_file: Path, state_pid: object = None) -> tuple[list[int], list[int]]:
    """The kiosks reading ``config_file``, and the candidates this user was not allowed to inspect."""
    try:
        wanted = os.stat(config_file)
    except OSError:
        return [], []
    found, hidden = [], []
    for pid in _candidates(state_pid):
        try:
            process = _inspect(pid)
        except PermissionError:
            hidden.append(pid)
            continue
        if process is None:
            continue
        try:
            seen = os.stat(f"/proc/{pid}/root{process.config}")  # the file as that process sees it
        except PermissionError:
            hidden.append(pid)
            continue
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (wanted.st_dev, wanted.st_ino):
            found.append(pid)
    return found, hidden


def reload_kiosks(config_file: Path, state_pid: object = None) -> str:
    """Send SIGHUP to every kiosk reading ``config_file``; one line that says what happened."""
    found, hidden = find_kiosks(config_file, state_pid)
    asked = []
    for pid in found:
        try:
            os.kill(pid, signal.SIGHUP)
            asked.append(pid)
        except ProcessLookupError:
            pass
        except PermissionError:
            hidden.append(pid)
    if asked:
        return f"asked the running kiosk (pid {', '.join(map(str, asked))}) to reload"
    if hidden:
        return "could not check whether the kiosk runs with this file: run 'sudo systemctl reload kiosk'"
    return f"no kiosk is running with {config_file}: the change applies when it starts"


def usable_pid(value: object) -> int | None:
    """``value`` if it could be another process's pid (an int from 2 to 2^22), else ``None``.

    >>> usable_pid(-1), usable_pid(True), usable_pid(2**80), usable_pid(1234)
    (None, None, None, 1234)
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 < value <= MAX_PID:
        return None
    return value


def _candidates(state_pid: object) -> list[int]:
    pids = [systemd_main_pid(), usable_pid(state_pid)]
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and b"kiosk" in _read(f"/proc/{entry.name}/cmdline"):
                pids.append(int(entry.name))
    me = os.getpid()
    return list(dict.fromkeys(pid for pid in pids if pid is not None and pid > 1 and pid != me))


def systemd_main_pid() -> int | None:
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return None
    try:
        result = subprocess.run(
            [systemctl, "show", "--property=MainPID", "--value", UNIT],
            capture_output=True, text=True, timeout=5,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return usable_pid(int(text)) if result.returncode == 0 and text.isdigit() and len(text) < 9 else None


def _inspect(pid: int) -> KioskProcess | None:
    """The process as a kiosk, or ``None`` if it is not one (or is gone); ``PermissionError`` if hidden."""
    argv = [word.decode("utf-8", "replace") for word in _read(f"/proc/{pid}/cmdline").split(b"\0")]
    config = KioskProcess.parse_command_line(argv)
    if config is None:
        return None
    try:
        exe = os.readlink(f"/proc/{pid}/exe")  # PermissionError: another user's kiosk
    except (FileNotFoundError, ProcessLookupError):
        return None
    if not Path(exe.removesuffix(" (deleted)")).name.startswith("python"):
        return None
    if not config:
        environment = _read(f"/proc/{pid}/environ", strict=True).split(b"\0")
        named = [item[len(b"KIOSK_CONFIG=") :] for item in environment if item.startswith(b"KIOSK_CONFIG=")]
        config = named[-1].decode("utf-8", "replace") if named and named[-1] else str(SYSTEM_CONFIG)
    path = Path(config)
    if not path.is_absolute():
        path = Path(os.readlink(f"/proc/{pid}/cwd")) / path
    return KioskProcess(pid, Path(os.path.normpath(path)))


def _read(path: str, strict: bool = False) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(1 << 16)
    except PermissionError:
        if strict:
            raise
        return b""
    except OSError:
        return b""
