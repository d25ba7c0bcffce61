"""The service's sandbox, reproduced with ``unshare``: what the kiosk meets when systemd starts it.

/proc is mounted as the unit mounts it (``ProcSubset=``, ``ProtectProc=``), the
working directory is read-only (``ProtectSystem=strict``), the runtime directory
exists, and the environment is the unit's. Off a Pi the board is a Pi 5 by its
revision in /proc/cpuinfo (where the mount shows cpuinfo at all), and there is
no GPIO chip to open: the pins must get as far as the chip.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.system.service import Unit

from ..conftest import ROOT

UNIT = Unit.read(ROOT / "systemd" / "kiosk.service")
PI5_REVISION = "d04170"
PROBE = """
import json
from hardware.buttons import pin_factory_problem
from kiosk.config import ModelConfig
from kiosk.pose.model import load_interpreter, uses_xnnpack

print(json.dumps({
    "xnnpack": uses_xnnpack(load_interpreter(ModelConfig(num_threads=1))),
    "gpio": pin_factory_problem(),
}))
"""


def _namespace_problem() -> str | None:
    if os.geteuid() != 0:
        return "needs root, for a mount namespace (unshare -m)"
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    tried = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    if tried.returncode != 0:
        return f"this machine refuses a mount namespace: {tried.stderr.strip()}"
    return None


def proc_options(unit: Unit) -> str:
    """The mount options systemd gives /proc for this unit."""
    options = ["nosuid", "nodev", "noexec"]
    hidepid = {"invisible": "invisible", "noaccess": "noaccess", "ptraceable": "ptraceable"}
    if unit.service("ProtectProc") and unit.service("ProtectProc")[-1] in hidepid:
        options.append(f"hidepid={hidepid[unit.service('ProtectProc')[-1]]}")
    if unit.service("ProcSubset") and unit.service("ProcSubset")[-1] == "pid":
        options.append("subset=pid")
    return ",".join(options)


def run_in_sandbox(
    unit: Unit, workdir: Path, scratch: Path, probe: str = PROBE
) -> subprocess.CompletedProcess:
    runtime = Path("/run") / unit.service("RuntimeDirectory")[-1]
    device_libs = Path(sys.prefix) / "device-libs"  # lgpio, as apt's python3-lgpio is on a Pi (make test)
    env = {"PATH": os.environ["PATH"], **unit.environment, "PYTHONPATH": str(device_libs)}
    fake_cpuinfo = scratch / "cpuinfo"
    variables = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    script = f"""
set -e
mount -t proc -o {proc_options(unit)} proc /proc
if [ -e /proc/cpuinfo ] && ! grep -q '^Revision' /proc/cpuinfo; then
  cat /proc/cpuinfo > {fake_cpuinfo}; printf 'Revision\\t: {PI5_REVISION}\\n' >> {fake_cpuinfo}
  mount --bind {fake_cpuinfo} /proc/cpuinfo
fi
mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p {runtime}
mount --bind -o ro {workdir} {workdir}
cd {workdir}
exec env -i {variables} {sys.executable} -c {shlex.quote(probe)}
"""
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_under_the_units_sandbox_xnnpack_is_on_and_the_buttons_open(tmp_path):
    problem = _namespace_problem()
    if problem is not None:
        pytest.skip(problem)
    workdir = tmp_path / "opt-kiosk"
    workdir.mkdir()
    result = run_in_sandbox(UNIT, workdir, tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    # Off a Pi the pins get as far as the chip; on a Pi they open.
    pins_open = report["gpio"] is None or report["gpio"].startswith("no GPIO chip could be opened")
    assert (report["xnnpack"], pins_open) == (True, True), f"{report}\n{result.stderr}"


DOCTOR_PROBE = """
from kiosk.commands.doctor import check_proc
check = check_proc()
print(check.outcome, check.detail, check.fix, sep="|")
"""


@pytest.mark.parametrize("subset", ["", "ProcSubset=pid"])
def test_the_doctor_names_a_hidden_proc_as_the_service_meets_it(tmp_path, subset):
    problem = _namespace_problem()
    if problem is not None:
        pytest.skip(problem)
    workdir = tmp_path / "opt-kiosk"
    workdir.mkdir()
    unit = Unit.parse((ROOT / "systemd" / "kiosk.service").read_text() + f"\n[Service]\n{subset}\n")
    result = run_in_sandbox(unit, workdir, tmp_path, DOCTOR_PROBE)
    assert result.returncode == 0, result.stderr
    outcome, detail, fix = result.stdout.splitlines()[-1].split("|")
    if subset:
        assert outcome == "fail" and detail.startswith("/proc/cpuinfo is hidden") and "ProcSubset=pid" in fix
    else:
        assert outcome == "ok" and detail.startswith("cpuinfo and the board's revision are readable")
