"""The systemd unit the kiosk runs under, read from its file: its settings and its environment.

``kiosk doctor`` checks the display driver with the service's own
environment, and ``kiosk doctor --as-service`` re-runs itself under the
unit's own sandbox, so that what it finds is what the service meets.

>>> unit = Unit.parse('''
... [Service]
... Environment=SDL_VIDEODRIVER=kmsdrm PYTHONUNBUFFERED=1
... Environment="LG_WD=/run/kiosk"
... ProtectSystem=strict
... ''')
>>> unit.environment
{'SDL_VIDEODRIVER': 'kmsdrm', 'PYTHONUNBUFFERED': '1', 'LG_WD': '/run/kiosk'}
>>> unit.service("ProtectSystem")
['strict']
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

NAME = "kiosk.service"
INSTALLED = Path("/etc/systemd/system") / NAME
# The shipped unit sets this; it is what the kiosk draws through on the mirror's console.
SERVICE_VIDEO_DRIVER = "kmsdrm"


@dataclass(frozen=True)
class Unit:
    """A unit file's settings: ``(section, key, value)`` in file order, as systemd reads them."""

    settings: tuple[tuple[str, str, str], ...]
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def parse(cls, text: str, path: Path | None = None) -> Unit:
        """Read a unit file's text (comments, blank lines and line continuations as systemd has them)."""
        settings, section = [], ""
        for raw in text.replace("\\\n", " ").splitlines():
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            key, _, value = line.partition("=")
            settings.append((section, key.strip(), value.strip()))
        return cls(tuple(settings), path)

    @classmethod
    def read(cls, path: Path) -> Unit:
        """Read a unit file."""
        return cls.parse(path.read_text(encoding="utf-8"), path)

    def service(self, key: str) -> list[str]:
        """Every value ``key`` has in [Service], in order."""
        return [value for section, name, value in self.settings if section == "Service" and name == key]

    @property
    def environment(self) -> dict[str, str]:
        """The variables the unit's ``Environment=`` lines set."""
        variables = {}
        for line in self.service("Environment"):
            for assignment in shlex.split(line):
                name, _, value = assignment.partition("=")
                variables[name] = value
        return variables


def installed_unit() -> Unit | None:
    """The kiosk's unit as systemd has it on this machine, or ``None`` where it is not installed."""
    path = INSTALLED
    if shutil.which("systemctl"):
        try:
            shown = subprocess.run(
                ["systemctl", "show", "--property=FragmentPath", "--value", NAME],
                capture_output=True, text=True, timeout=10,
            )  # fmt: skip
            if shown.returncode == 0 and shown.stdout.strip():
                path = Path(shown.stdout.strip())
        except (OSError, subprocess.TimeoutExpired):
            pass
    try:
        return Unit.read(path)
    except OSError:
        return None


def service_video_driver() -> tuple[str, str]:
    """The SDL video driver the service draws through, and where that was read."""
    unit = installed_unit()
    if unit is not None and "SDL_VIDEODRIVER" in unit.environment:
        return unit.environment["SDL_VIDEODRIVER"], f"SDL_VIDEODRIVER in {unit.path}"
    return SERVICE_VIDEO_DRIVER, "the shipped unit's SDL_VIDEODRIVER; it is not installed here"
