r"""``kiosk doctor``'s versions check: what decides the mirror's numbers, against the venv's lock.

MoveNet's keypoints depend on the model runtime's kernels, and what the mirror draws on numpy, OpenCV
and pygame-ce's SDL, so a support call starts from their versions. ``make`` and ``systemd/install.sh``
install exactly a lock's versions (requirements/README.md) and leave that lock beside the venv as
``kiosk.lock``; a version that differs from it has drifted, by a hand-run ``pip install`` or an apt
upgrade of the Pi's numpy (kept by apt, so it is compared with the numpy the installer found).

>>> locked_versions("numpy==2.4.6 --hash=sha256:00\nPyGame_CE==2.5.8  # via x\n")
{'numpy': '2.4.6', 'pygame-ce': '2.5.8'}
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

# The model runtime (either one), then what shapes the picture and the numbers.
WATCHED = ("ai-edge-litert", "tflite-runtime", "opencv-python-headless", "numpy", "pygame-ce")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def locked_versions(text: str) -> dict[str, str]:
    """Each ``name==version`` pin of a pip requirements lock, by normalised name."""
    return {_normalise(name): version for name, version in _PIN.findall(text)}


def venv_lock() -> Path:
    """The lock this venv was installed from (``make`` and install.sh copy it there)."""
    return Path(sys.prefix) / "kiosk.lock"


def apt_numpy_pin() -> Path:
    """install.sh's record of apt's numpy when it installed the Pi's venv (beside the venv)."""
    return Path(sys.prefix).parent / "constraints.txt"


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def version_drift(lock: Path | None = None, apt_pin: Path | None = None) -> tuple[list[str], list[str]]:
    """``(found, drifted)``: each watched package as installed, and those that differ from the lock.

    A package the lock leaves out (numpy on a Pi) is compared with install.sh's record of apt's numpy.
    """
    lock = lock or venv_lock()
    apt_pin = apt_pin or apt_numpy_pin()
    pins = locked_versions(lock.read_text(encoding="utf-8"))
    apt = locked_versions(apt_pin.read_text(encoding="utf-8")) if apt_pin.is_file() else {}
    found: list[str] = []
    drifted: list[str] = []
    for name in WATCHED:
        installed = installed_version(name)
        locked = pins.get(name)
        if installed is None:
            if locked is not None:
                drifted.append(f"{name} missing (lock {locked})")
            continue
        if locked is None and name in apt:
            found.append(f"{name} {installed} (apt's)")
            if installed != apt[name]:
                drifted.append(f"{name} {installed}, installed with {apt[name]}")
        elif locked is None:
            found.append(f"{name} {installed} (not in the lock)")
        else:
            found.append(f"{name} {installed}")
            if installed != locked:
                drifted.append(f"{name} {installed}, lock {locked}")
    return found, drifted


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
