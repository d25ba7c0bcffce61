"""Test mirrors for fleet/: one ``sshd`` each on 127.0.0.1, in a mount namespace and chroot of its own.

Each mirror is a folder (``build/fleet-test/NAME/root``) laid out as a Pi's
root: a copy of this machine's /etc with the mirror's own /etc/kiosk, its own
/run, /tmp, /var and /usr/local/bin (``kiosk`` there is this checkout's
venv, through /opt/kiosk/.venv), and /usr, /dev, /proc, this checkout and
the Python the venv was made with bound read-only from this machine. ``unshare
--mount`` keeps every bind mount inside the mirror's namespace: nothing of
it is seen outside, and it goes when the mirror's sshd stops. Ansible logs
in as root with a key made here; only 127.0.0.1 is listened on or reached.
There is no systemd in a mirror: the inventory says so (``kiosk_systemd:
false``).

    python fleet/tests/mirrors.py start    # the mirrors of fleet/tests/inventory, and a key
    python fleet/tests/mirrors.py stop
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "fleet-test"
KEY = WORK / "id_ed25519"
# Name and port of each test mirror, as fleet/tests/inventory/hosts.yml lists them (2229 is never started).
MIRRORS = {"north-1": 2221, "north-2": 2222, "south-1": 2223}
UNREACHABLE = {"south-2": 2229}
SSHD = "/usr/sbin/sshd"
# Bound read-only from this machine: the system, and the checkout and the Python that the venv points into.
SHARED = list(dict.fromkeys(["/usr", "/dev", str(ROOT), str(Path(sys.base_prefix).resolve())]))


def start(names=None) -> dict[str, int]:
    """Start the mirrors (all by default); each one's sshd pid. A fresh key and fresh roots each time."""
    if not Path(SSHD).exists():
        sys.exit(f"mirrors: {SSHD} is missing: apt-get install openssh-server")
    stop()
    WORK.mkdir(parents=True, exist_ok=True)
    if not KEY.exists():
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(KEY)], check=True)
    pids = {}
    for name, port in MIRRORS.items():
        if names is None or name in names:
            pids[name] = _start_one(name, port)
    for name, port in MIRRORS.items():
        if name in pids:
            _wait_for(port, name)
    return pids


def stop() -> None:
    """Stop every mirror this folder started, and remove their roots.

    Its sshd by the pid it wrote, then every process whose root is the
    mirror's: the SSH sessions the sshd left (an Ansible connection kept open).
    """
    for pidfile in WORK.glob("*/sshd.pid"):
        _end(pidfile.read_text())
        pidfile.unlink()
    roots = [str(root_of(name)) for name in MIRRORS]
    for proc in Path("/proc").iterdir():
        try:
            inside = os.readlink(proc / "root").removesuffix(" (deleted)")
        except OSError:
            continue
        if any(inside == root or inside.startswith(f"{root}/") for root in roots):
            _end(proc.name)
    for name in MIRRORS:
        if (WORK / name).exists():
            shutil.rmtree(WORK / name, ignore_errors=True)


def run_kiosk(name: str, seconds: float = 60.0) -> subprocess.Popen:
    """Start ``kiosk run --source demo`` in a mirror (headless, niced); return once it has written its state.

    The caller ends it (``terminate()``); :func:`stop` ends it too.
    """
    root = root_of(name)
    sshd = (WORK / name / "sshd.pid").read_text().strip()
    environment = [
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "HOME=/root",
        "SDL_VIDEODRIVER=dummy",
        "SDL_AUDIODRIVER=dummy",
    ]
    command = [
        "nsenter",
        "--mount",
        "--target",
        sshd,
        "chroot",
        str(root),
        "/usr/bin/env",
        "-i",
        *environment,
    ]
    log = open(WORK / name / "kiosk.log", "w")  # noqa: SIM115 - the kiosk writes to it after this returns
    kiosk = subprocess.Popen(
        [*command, "nice", "-n", "10", "/usr/local/bin/kiosk", "run", "--source", "demo"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    state = root / "run/kiosk/state.json"
    deadline = time.monotonic() + seconds
    while not state.exists() and kiosk.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    if not state.exists():
        kiosk.kill()
        sys.exit(f"mirrors: the kiosk in {name} wrote no state: {WORK / name / 'kiosk.log'}")
    return kiosk


def root_of(name: str) -> Path:
    """The mirror's root folder, as this machine sees it (``root_of(m) / "etc/kiosk/config.toml"``)."""
    return WORK / name / "root"


def _start_one(name: str, port: int) -> int:
    root = root_of(name)
    for folder in (
        "run",
        "tmp",
        "var/tmp",
        "var/lib/kiosk",
        "var/log",
        "opt/kiosk",
        "proc",
        "local-bin",
        "root",
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "tmp").chmod(0o1777)
    (root / "var/tmp").chmod(0o1777)
    for link in ("bin", "sbin", "lib", "lib64"):
        if os.path.islink(f"/{link}"):
            (root / link).symlink_to(os.readlink(f"/{link}"))
    shutil.copytree("/etc", root / "etc", symlinks=True, ignore=shutil.ignore_patterns("kiosk", "ssh"))
    (root / "etc/kiosk").mkdir()
    shutil.copy(ROOT / "config.example.toml", root / "etc/kiosk/config.toml")
    (root / "opt/kiosk/.venv").symlink_to(ROOT / ".venv")
    (root / "local-bin/kiosk").symlink_to("/opt/kiosk/.venv/bin/kiosk")
    ssh = root / "etc/ssh"
    ssh.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(ssh / "host_key")], check=True)
    shutil.copy(KEY.with_suffix(".pub"), ssh / "authorized_keys")
    (ssh / "sshd_config").write_text(
        f"ListenAddress 127.0.0.1:{port}\nHostKey /etc/ssh/host_key\nPidFile /run/sshd.pid\n"
        "PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "AuthorizedKeysFile /etc/ssh/authorized_keys\nUsePAM no\nStrictModes no\nLogLevel ERROR\n"
        "Subsystem sftp internal-sftp\nSetEnv KIOSK_STATE=/run/kiosk/state.json\n"
    )
    (root / "run/sshd").mkdir()
    (root / "run/kiosk").mkdir()
    binds = [*SHARED]
    script = ["set -e"]
    for source in binds:
        (root / source.lstrip("/")).mkdir(parents=True, exist_ok=True)
        script.append(f"mount --bind {source} {root}{source}")
        if source != "/dev":
            script.append(f"mount -o remount,bind,ro {root}{source}")
    script += [
        f"mount --bind {root}/local-bin {root}/usr/local/bin",
        f"mount -t proc proc {root}/proc",
        f"exec chroot {root} {SSHD} -D -e -f /etc/ssh/sshd_config",
    ]
    log = open(WORK / name / "sshd.log", "w")  # noqa: SIM115 - the sshd writes to it after this returns
    process = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", "\n".join(script)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    (WORK / name / "sshd.pid").write_text(str(process.pid))
    return process.pid


def _end(pid: str) -> None:
    try:
        os.kill(int(pid), signal.SIGTERM)
    except (ValueError, ProcessLookupError):
        return
    with contextlib.suppress(ChildProcessError):  # reaped here when this process started it
        os.waitpid(int(pid), 0)


def _wait_for(port: int, name: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"mirrors: {name}'s sshd did not listen on 127.0.0.1:{port}: {WORK / name / 'sshd.log'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["start"]:
        for mirror, pid in start().items():
            print(f"{mirror}: sshd pid {pid} on 127.0.0.1:{MIRRORS[mirror]}, root {root_of(mirror)}")
    elif sys.argv[1:] == ["stop"]:
        stop()
    else:
        sys.exit("usage: python fleet/tests/mirrors.py start|stop")
