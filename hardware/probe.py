"""What devices this machine has, asked without opening them for use: ``kiosk doctor`` reads it here.

Each probe reports one device as ``ok``, ``absent`` (fine off a Pi: the demo
and the keyboard stand in) or ``fail`` (there, but the kiosk could not use
it), with what it saw and how to fix a failure. :func:`machine` names the
board and processor for benchmark reports.

>>> found = display(Path("/nonexistent"))
>>> found.state, found.detail
('absent', 'no /nonexistent (no GPU display here)')
"""

from __future__ import annotations

import importlib
import os
import platform
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DRI = Path("/dev/dri")
DEVICES = Path("/dev")
BOARD = Path("/proc/device-tree/model")


@dataclass(frozen=True)
class Probe:
    """One device as found: ``state`` is ``ok``, ``absent`` or ``fail``; ``fix`` says what to do."""

    device: str
    state: Literal["ok", "absent", "fail"]
    detail: str
    fix: str = ""


def camera() -> Probe:
    """The Pi camera, as picamera2 lists it (without opening it: the running kiosk may hold it)."""
    try:
        picamera2 = importlib.import_module("picamera2")
        cameras = picamera2.Picamera2.global_camera_info()
    except Exception as error:  # noqa: BLE001 - any failure means no Pi camera here
        fix = "on a Pi: sudo apt install python3-picamera2; elsewhere use --source demo or webcam"
        return Probe("camera", "absent", f"no Pi camera stack ({type(error).__name__})", fix)
    if not cameras:
        return Probe(
            "camera",
            "fail",
            "picamera2 sees no camera",
            "check the ribbon cable; rpicam-hello --list-cameras",
        )
    return Probe("camera", "ok", f"{len(cameras)} camera(s): {cameras[0].get('Model', '?')}")


def display(dri: Path = DRI) -> Probe:
    """The GPU's display cards (/dev/dri/card*), and whether this user may open one."""
    cards = sorted(dri.glob("card*")) if dri.is_dir() else []
    if not cards:
        return Probe(
            "display",
            "absent",
            f"no {dri} (no GPU display here)",
            "on a Pi: enable KMS (dtoverlay=vc4-kms-v3d)",
        )
    usable = [card for card in cards if os.access(card, os.R_OK | os.W_OK)]
    if not usable:
        return Probe(
            "display", "fail", f"{cards[0]} is not accessible", "add the user to the video and render groups"
        )
    return Probe("display", "ok", ", ".join(card.name for card in usable))


def gpio(devices: Path = DEVICES) -> Probe:
    """The GPIO chips (/dev/gpiochip*), and whether the buttons' pins open through lgpio here."""
    from hardware.buttons import pin_factory_problem

    chips = sorted(devices.glob("gpiochip*"))
    if not chips:
        return Probe("GPIO", "absent", "no /dev/gpiochip* (not a Pi): the keyboard stands in")
    if not any(os.access(chip, os.R_OK | os.W_OK) for chip in chips):
        return Probe("GPIO", "fail", "GPIO chips not accessible", "add the user to the gpio group")
    # lgpio leaves a pipe in its working folder and moves there: a private one, unless the service names one.
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as scratch:
        os.environ.setdefault("LG_WD", scratch)
        try:
            problem = pin_factory_problem()
        finally:
            os.chdir(here)
    if problem is not None:
        return Probe("GPIO", "fail", problem, "kiosk doctor --as-service shows what the service meets")
    return Probe("GPIO", "ok", f"the buttons' pins open through lgpio ({', '.join(c.name for c in chips)})")


def probe() -> list[Probe]:
    """The camera, the display and the GPIO, in that order."""
    return [camera(), display(), gpio()]


def processor() -> str:
    """The processor's model and the machine's architecture, e.g. ``"Cortex-A76, aarch64"``."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith(("model name", "Model")):
                    return f"{line.split(':', 1)[1].strip()}, {platform.machine()}"
    except OSError:
        pass
    return platform.machine()


def board() -> str | None:
    """The board as its device tree names it ("Raspberry Pi 5 Model B Rev 1.0"); ``None`` elsewhere."""
    try:
        return BOARD.read_text().strip("\0\n")
    except OSError:
        return None


def machine() -> str:
    """The board and the processor, for a benchmark's report."""
    named = board()
    return (
        f"{named}; {processor()}"
        if named is not None
        else f"{processor()}; {os.cpu_count()} cores, {platform.system()}"
    )
