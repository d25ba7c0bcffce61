"""``kiosk doctor``: check what the kiosk needs, and say how to fix what fails."""

from __future__ import annotations

import grp
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hardware import probe as hardware_probe
from kiosk.config import Config, config_path, load_config
from kiosk.errors import KioskError
from kiosk.system.state import state_path

GROUPS = ("video", "render", "input", "gpio", "audio")
MIN_FREE_MB = 200


@dataclass(frozen=True)
class Check:
    """One check's outcome: ``ok``, ``warn`` (fine off a Pi) or ``fail``, with the fix."""

    name: str
    outcome: str
    detail: str
    fix: str = ""


def check_camera() -> Check:
    return _as_check(hardware_probe.camera())


def check_display() -> Check:
    return _as_check(hardware_probe.display())


def check_display_driver() -> Check:
    """The SDL under pygame has the video driver the service draws through (kmsdrm on the mirror)."""
    from kiosk.system.service import service_video_driver
    from kiosk.ui.sdl import driver_problem, sdl_version

    driver, where = service_video_driver()
    problem = driver_problem(driver)
    if problem is not None:
        return Check("display driver", "fail", problem, "sudo ./systemd/install.sh (it installs pygame-ce)")
    version = ".".join(map(str, sdl_version()))
    return Check("display driver", "ok", f"SDL {version} has {driver} ({where})")


def check_versions() -> Check:
    """The model runtime, OpenCV, numpy and SDL as installed, against the lock the venv came from."""
    from kiosk.commands.doctor_versions import venv_lock, version_drift
    from kiosk.ui.sdl import sdl_version

    sdl = "SDL " + ".".join(map(str, sdl_version()))
    lock = venv_lock()
    if not lock.is_file():
        return Check(
            "versions", "warn", f"no lock at {lock}: this venv was not made by make or install.sh",
            "sudo ./systemd/install.sh (on a dev machine: rm -r .venv && make)",
        )  # fmt: skip
    found, drifted = version_drift(lock)
    line = ", ".join([*found, sdl])
    if drifted:
        return Check(
            "versions", "fail", f"{line}; differs from {lock}: " + "; ".join(drifted),
            "the lock's versions: sudo ./systemd/install.sh (on a dev machine: rm -r .venv && make)",
        )  # fmt: skip
    return Check("versions", "ok", f"{line}, as in {lock}")


def check_gpio() -> Check:
    return _as_check(hardware_probe.gpio())


def _as_check(found: hardware_probe.Probe) -> Check:
    """A device as hardware/probe.py found it: absent is a warning (fine off a Pi), not a failure."""
    return Check(found.device, "warn" if found.state == "absent" else found.state, found.detail, found.fix)


def check_user() -> Check:
    if os.geteuid() == 0:
        return Check(
            "user",
            "warn",
            "running as root",
            "the service runs as the unprivileged kiosk user; so should you",
        )
    return Check("user", "ok", f"uid {os.geteuid()} (not root)")


def check_groups() -> Check:
    present = [name for name in GROUPS if _group_exists(name)]
    mine = {grp.getgrgid(gid).gr_name for gid in os.getgroups()} | {grp.getgrgid(os.getgid()).gr_name}
    missing = [name for name in present if name not in mine]
    if os.geteuid() == 0 or not missing:
        return Check(
            "groups", "ok", "root" if os.geteuid() == 0 else ", ".join(present) or "none needed here"
        )
    return Check(
        "groups", "fail", f"not in {', '.join(missing)}", f"sudo usermod -aG {','.join(missing)} $USER"
    )


def check_model(path: Path | None = None) -> Check:
    from kiosk.pose.model import load_interpreter

    try:
        config = load_config(path)
    except KioskError:
        config = Config()  # the configuration's own check reports it
    try:
        interpreter = load_interpreter(config.model)
    except KioskError as error:
        return Check(
            "model", "fail", str(error), "sudo ./systemd/install.sh (it installs the kiosk with its model)"
        )
    import numpy as np

    from kiosk.pose.model import uses_xnnpack

    if uses_xnnpack(interpreter) is False:
        return Check(
            "model and interpreter", "fail", "XNNPACK is off: one invoke is about 100 times slower",
            "/proc/cpuinfo must be readable: no ProcSubset=pid in the unit (kiosk doctor --as-service)",
        )  # fmt: skip

    details = interpreter.get_input_details()[0]
    interpreter.set_tensor(details["index"], np.zeros(details["shape"], np.uint8))
    interpreter.invoke()
    return Check(
        "model and interpreter",
        "ok",
        f"sha256 matches; XNNPACK on; one invoke ran with numpy {np.__version__}",
    )


def check_config(path: Path | None = None) -> Check:
    """The configuration loads, and nothing in it would fail at start (``kiosk config validate``)."""
    from kiosk.app.config_checks import problems
    from kiosk.commands.config_read import running_pins

    try:
        config = load_config(path)
    except KioskError as error:
        return Check("configuration", "fail", str(error), "kiosk config edit")
    found = problems(config, held_by_the_kiosk=running_pins())
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        key, problem = found[0]
        return Check(
            "configuration", "fail", f"{key}: {problem}{more}", "kiosk config validate lists them all"
        )
    resolved = config_path(path)
    return Check("configuration", "ok", f"{resolved} valid" if resolved.exists() else "no file: defaults")


def check_glass(path: Path | None = None) -> Check:
    """In glass mode: whether hips to ankles of people 1.5–2.0 m tall, 1.5–3.5 m away, show on the picture."""
    try:
        config = load_config(path)
    except KioskError:
        return Check("glass", "ok", "not checked: the configuration's own check reports it")
    display = config.display
    if display.mode != "glass":
        return Check("glass", "ok", "video mode: no mirror glass to fit")
    from kiosk.ui.glass import GlassGeometry
    from kiosk.ui.glass_reach import glass_reach

    size = (display.width, display.height) if display.turned in (0, 180) else (display.height, display.width)
    reach = glass_reach(GlassGeometry.from_config(display, size, config.camera))
    if reach.ok:
        return Check("glass", "ok", reach.line)
    return Check("glass", "fail", "the legs do not all show on the picture", reach.line)


def check_proc() -> Check:
    """/proc as the kiosk needs it: cpuinfo, for XNNPACK and for gpiozero's board detection."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return Check(
            "/proc", "fail", f"/proc/cpuinfo is hidden ({error.strerror}): XNNPACK and gpiozero need it",
            "no ProcSubset=pid in the unit or a drop-in (sudo systemctl cat kiosk)",
        )  # fmt: skip
    board = Path("/proc/device-tree/model")
    if board.exists() or "Revision" in cpuinfo:
        return Check("/proc", "ok", "cpuinfo and the board's revision are readable")
    return Check("/proc", "ok", "cpuinfo is readable (no board revision: not a Pi)")


def check_disk() -> Check:
    folder = state_path().parent
    while not folder.exists():
        folder = folder.parent
    free_mb = shutil.disk_usage(folder).free / 1e6
    if free_mb < MIN_FREE_MB:
        return Check(
            "disk",
            "fail",
            f"{free_mb:.0f} MB free at {folder}",
            "free space: sudo journalctl --vacuum-size=100M",
        )
    return Check("disk", "ok", f"{free_mb:.0f} MB free at {folder}")


CHECKS: tuple[Callable[[], Check], ...] = (
    check_user, check_proc, check_versions, check_camera, check_display, check_display_driver, check_gpio,
    check_groups, check_model, check_config, check_glass, check_disk,
)  # fmt: skip


def doctor_command(path: Path | None = None, as_service: bool = False) -> int:
    """Run every check (``as_service``: inside the service's sandbox, as its user); exit 1 if any failed."""
    if as_service:
        from kiosk.commands.doctor_service import doctor_as_service

        return doctor_as_service(lambda: doctor_command(path))
    failed = False
    for run in CHECKS:
        try:
            check = run(path) if run in (check_model, check_config, check_glass) else run()
        except Exception as error:  # noqa: BLE001 - a broken check is itself a failure to report
            check = Check(run.__name__.removeprefix("check_"), "fail", f"the check itself failed: {error}")
        mark = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}[check.outcome]
        print(f"[{mark}] {check.name}: {check.detail}" + (f"\n       fix: {check.fix}" if check.fix else ""))
        failed |= check.outcome == "fail"
    return 1 if failed else 0


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False
