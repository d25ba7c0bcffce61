"""``kiosk doctor --as-service``: the same checks, run as the service runs, inside its own sandbox.

The checks run in a transient unit (``systemd-run``) with the installed
unit's user, groups, environment, working directory, device rules and
hardening, so that a hidden /proc, a read-only folder or a missing group shows
up here and not only as a black mirror. What the transient unit must not
share with the running kiosk is changed: its runtime directory (systemd
removes it when the unit stops) and so lgpio's ``LG_WD``.

>>> from kiosk.system.service import Unit
>>> unit = Unit.parse('''
... [Service]
... ExecStart=/opt/kiosk/.venv/bin/kiosk run --config /etc/kiosk/config.toml
... User=kiosk
... Environment=SDL_VIDEODRIVER=kmsdrm LG_WD=/run/kiosk
... RuntimeDirectory=kiosk
... ProtectSystem=strict
... WatchdogSec=10
... ''')
>>> print(shlex.join(systemd_run_command(unit)))  # doctest: +NORMALIZE_WHITESPACE
systemd-run --quiet --wait --pipe --collect --service-type=exec --unit=kiosk-doctor
 -p User=kiosk -p 'Environment=SDL_VIDEODRIVER=kmsdrm LG_WD=/run/kiosk-doctor'
 -p ProtectSystem=strict -p RuntimeDirectory=kiosk-doctor
 /opt/kiosk/.venv/bin/kiosk doctor --config /etc/kiosk/config.toml
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from kiosk.system.service import Unit, installed_unit

TRANSIENT = "kiosk-doctor"
# How the service is started, watched and restarted, and where its output goes: not the sandbox.
NOT_SANDBOX = {
    "Type", "NotifyAccess", "ExecStart", "ExecReload", "ExecStop", "Restart", "RestartSec", "WatchdogSec",
    "TimeoutStartSec", "TimeoutStopSec", "TTYPath", "StandardInput", "StandardOutput", "StandardError",
    "RuntimeDirectory",
}  # fmt: skip


def systemd_run_command(unit: Unit) -> list[str]:
    """The ``systemd-run`` command that runs ``kiosk doctor`` with the unit's own settings."""
    runtime = unit.service("RuntimeDirectory")
    properties = []
    for key, value in ((k, v) for s, k, v in unit.settings if s == "Service" and k not in NOT_SANDBOX):
        if key == "Environment" and runtime:
            value = value.replace(f"/run/{runtime[-1]}", f"/run/{TRANSIENT}")
        properties += ["-p", f"{key}={value}"]
    if runtime:
        properties += ["-p", f"RuntimeDirectory={TRANSIENT}"]
    started = shlex.split(unit.service("ExecStart")[-1])
    config = (
        started[started.index("--config") : started.index("--config") + 2] if "--config" in started else []
    )
    run = ["systemd-run", "--quiet", "--wait", "--pipe", "--collect", "--service-type=exec"]
    return [*run, f"--unit={TRANSIENT}", *properties, started[0], "doctor", *config]


def systemd_problem() -> str | None:
    """Why ``systemd-run`` cannot be used here, or ``None``."""
    if shutil.which("systemd-run") is None:
        return "systemd-run is not installed here"
    if not Path("/run/systemd/system").is_dir():  # sd_booted(3)
        return "systemd is not running here (not the init system)"
    return None


def doctor_as_service(run_here: Callable[[], int]) -> int:
    """Run the checks inside the service's sandbox; where that cannot be done, say why and run them here."""
    problem = systemd_problem()
    unit = installed_unit() if problem is None else None
    if problem is None and unit is None:
        problem = "the kiosk service is not installed (sudo ./systemd/install.sh)"
    if problem is not None or unit is None:
        print(f"[warn] as the service: {problem}; these checks ran as {_me()}, outside its sandbox")
        return run_here()
    if os.geteuid() != 0:
        print("[FAIL] as the service: starting a unit needs root\n       fix: sudo kiosk doctor --as-service")
        return 1
    command = systemd_run_command(unit)
    print(f"as the service, in a transient unit with the settings of {unit.path}:")
    try:
        return subprocess.run(command).returncode
    except OSError as error:
        print(f"[FAIL] as the service: systemd-run failed ({error})")
        return 1


def _me() -> str:
    import getpass

    return getpass.getuser()
