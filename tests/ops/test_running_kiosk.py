"""A running kiosk, as systemd and the staff see it: notify, state, status, reload on SIGHUP, stop."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

from kiosk.ui.palette import ACCENT

from ..conftest import ROOT, run_cli


def wait_for(condition, seconds=40.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def running(tmp_path):
    """``kiosk run --source demo`` under a fake systemd: a notify socket the test reads."""
    config = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.example.toml", config)
    notify = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify))
    listener.settimeout(0.2)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG",)},
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "KIOSK_STATE": str(tmp_path / "state.json"),
        "STATE_DIRECTORY": str(tmp_path / "state"),
        "KIOSK_CONFIG": str(config),
        "NOTIFY_SOCKET": str(notify),
        "HOME": str(tmp_path / "home"),
        "KIOSK_POSE__MIN_SCORE": "0.3",  # as an Environment= line in a drop-in would
    }
    log = (tmp_path / "kiosk.log").open("w")
    # As under systemd: stderr is the journal's stream, and $JOURNAL_STREAM says so.
    stat = os.fstat(log.fileno())
    env["JOURNAL_STREAM"] = f"{stat.st_dev}:{stat.st_ino}"
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--source", "demo", "--start", "squat"],
        env=env,
        stderr=log,
        cwd=ROOT,
    )
    messages = []

    def receive():
        try:
            while True:
                messages.append(listener.recv(4096).decode())
        except (TimeoutError, BlockingIOError):
            pass
        return messages

    yield {
        "process": process,
        "config": config,
        "env": env,
        "log": tmp_path / "kiosk.log",
        "receive": receive,
        "folder": tmp_path,
    }
    if process.poll() is None:
        process.kill()
    process.wait()
    log.close()
    listener.close()


def test_ready_watchdog_status_reload_and_a_clean_stop(running, cli):
    process, receive, log = running["process"], running["receive"], running["log"]
    assert wait_for(lambda: "READY=1" in receive()), log.read_text()
    assert wait_for(lambda: receive().count("WATCHDOG=1") >= 2)
    env = {"KIOSK_STATE": running["env"]["KIOSK_STATE"], "KIOSK_CONFIG": str(running["config"])}
    assert wait_for(lambda: cli("status", env=env).returncode == 0)
    status = cli("status", env=env).stdout
    assert f"running, pid {process.pid}" in status and "session: squat" in status.replace(
        "screen         ", ""
    )
    age = re.search(r"last frame     ([\d.]+) s ago", status)
    assert age is not None and float(age.group(1)) < 5, status

    changed = cli("config", "set", "coach.knee_in_offset", "0.08", env=env)
    assert f"asked the running kiosk (pid {process.pid}) to reload" in changed.stdout
    assert wait_for(lambda: "<6>kiosk: configuration reloaded" in log.read_text())
    # systemd sees the reload begin (with the time it began) and end.
    reloading = next(i for i, message in enumerate(receive()) if message.startswith("RELOADING=1\n"))
    assert receive()[reloading].split("\n")[1].startswith("MONOTONIC_USEC=")
    assert wait_for(lambda: "READY=1" in receive()[reloading + 1 :])

    # A restart-only key: said so, and the running kiosk keeps its value; diff shows both, and why.
    changed = cli("config", "set", "display.mode", "glass", env=env)
    assert (
        "takes effect when the kiosk restarts: display.mode (sudo systemctl restart kiosk" in changed.stdout
    )

    def diff():
        return cli("config", "diff", env=env).stdout

    assert wait_for(lambda: 'display.mode: running "video", file "glass": applies at restart' in diff()), (
        diff()
    )
    shown = diff()
    assert "  coach.knee_in_offset = 0.08" in shown and "(default 0.15)" in shown
    assert "coach.knee_in_offset: running" not in shown  # reloaded: in force
    assert (
        "pose.min_score: running 0.3, file 0.29: set by KIOSK_POSE__MIN_SCORE in the kiosk's environment"
        in shown
    )

    for broken in ("[coach]\nknee_in_offset = 'a lot'\n", "[a]\nb = " + "[" * 2000 + "]" * 2000 + "\n"):
        running["config"].write_text(broken)  # broken behind the CLI's back: a bad value, then a deep nesting
        refusals = log.read_text().count("configuration not reloaded, keeping the running one")
        os.kill(process.pid, signal.SIGHUP)
        assert wait_for(lambda n=refusals: log.read_text().count("configuration not reloaded") > n), (
            log.read_text()
        )
        before = receive().count("WATCHDOG=1")
        assert wait_for(lambda n=before: receive().count("WATCHDOG=1") > n + 1), (
            "the loop stopped after a bad reload"
        )
        assert process.poll() is None
    # Each line reaches the journal at its own priority: journalctl -p warning shows these.
    assert "<3>kiosk: configuration not reloaded, keeping the running one" in log.read_text()
    assert "<4>kiosk: GPIO buttons unavailable" in log.read_text()

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    assert "STOPPING=1" in receive()


# Every system call that could put a picture on disk or on a network, traced for the whole run.
TRACED = "open,openat,openat2,creat,rename,renameat,renameat2,link,linkat,socket,connect,bind,sendto,sendmsg"
WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")
# The same, seen from inside Python where strace is missing (it cannot see a write made in C, like OpenCV's).
AUDIT_HOOK = """
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
def hook(event, args):
    writing = False
    if event == "open" and isinstance(args[0], (str, bytes)) and isinstance(args[2], int):
        writing = args[2] & WRITE or any(c in str(args[1] or "") for c in "wax+")
    if event == "open" and isinstance(args[0], (str, bytes)) and writing:
        os.write(log, f"write {os.fsdecode(args[0])}\\n".encode())
    elif event in ("os.rename", "os.replace", "os.link"):
        os.write(log, f"write {os.fsdecode(args[1])}\\n".encode())
    elif event == "socket.__new__":
        os.write(log, f"socket {int(args[1])}\\n".encode())
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
        os.write(log, f"address {args[1]!r}\\n".encode())
sys.addaudithook(hook)
from kiosk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def trace_kiosk(folder, tracer):
    """Run a squat session through the model under ``tracer``; what it wrote, its sockets and their peers."""
    config, state, notify = folder / "config.toml", folder / "state", folder / "notify.sock"
    shutil.copy(ROOT / "config.example.toml", config)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "PYTHONDONTWRITEBYTECODE": "1", "KIOSK_CONFIG": str(config), "STATE_DIRECTORY": str(state),
           "KIOSK_STATE": str(state / "state.json"), "NOTIFY_SOCKET": str(notify),
           "HOME": str(folder / "home")}  # fmt: skip
    log = folder / "trace.txt"
    kiosk = ["run", "--source", "demo", "--start", "squat", "--frames", "90"]
    if tracer == "strace":
        command = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", f"trace={TRACED}", "-o", str(log),
                   sys.executable, "-m", "kiosk", *kiosk]  # fmt: skip
    else:
        command = [sys.executable, "-c", AUDIT_HOOK, str(log), *kiosk]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(notify))
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    written, families, peers = set(), set(), set()
    for line in log.read_text().splitlines():
        if tracer == "audit":
            kind, _, detail = line.partition(" ")
            {"write": written, "socket": families, "address": peers}[kind].add(detail)
            continue
        call = re.search(r"^\d+\s+(\w+)\((.*)\)\s+=", line)
        if call is None:
            continue
        name, arguments = call.groups()
        paths = re.findall(r'"([^"]*)"', arguments)
        if name in ("open", "openat", "openat2", "creat") and (
            name == "creat" or any(f in arguments for f in WRITE_FLAGS)
        ):
            written.add(str(ROOT / paths[0]) if not paths[0].startswith("/") else paths[0])
        elif name.startswith(("rename", "link")):
            written.add(paths[-1])
        elif name == "socket":
            families.add(arguments.split(",")[0])
        elif "sa_family=" in arguments:
            peers.add(re.search(r"sa_family=(\w+)(?:, sun_path=\"([^\"]*)\")?", arguments).groups())
    return written, families, peers, state, notify


def strace_works() -> bool:
    """strace is installed and may trace here (a container may forbid ptrace)."""
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-qq", "-o", "/dev/null", "true"], capture_output=True).returncode == 0


def test_a_session_writes_no_picture_anywhere_and_opens_no_network_socket(tmp_path):
    """Traced for a whole session (every file it opens for writing, every socket, every peer), not sampled.

    With strace, every system call (OpenCV's writes in C too); without it, Python's audit hook.
    """
    tracer = "strace" if strace_works() else "audit"
    written, families, peers, state, notify = trace_kiosk(tmp_path, tracer)
    assert written, "the tracer saw nothing: it did not trace the kiosk"
    outside = sorted(path for path in written if not path.startswith(f"{state}/") and path != "/dev/null")
    assert outside == [], f"written outside the kiosk's own state folder: {outside}"
    assert {Path(path).name for path in written} >= {"state.json", "last-good.toml"}
    if tracer == "strace":
        assert families <= {"AF_UNIX", "AF_NETLINK"}, families
        # Only systemd's notify socket, and the kernel's netlink (SDL asks it about input devices).
        assert peers and peers <= {("AF_UNIX", str(notify)), ("AF_NETLINK", None)}, peers
    else:
        assert families <= {str(int(socket.AF_UNIX)), str(int(socket.AF_NETLINK))}, families
        assert peers and peers <= {repr(str(notify))}, peers


def test_under_systemd_a_bad_file_at_start_runs_on_the_last_good_one_and_says_so(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[display]\nwidth = 640\nheight = 360\n")
    env = {"KIOSK_CONFIG": str(config), "STATE_DIRECTORY": str(tmp_path / "state"),
           "NOTIFY_SOCKET": str(tmp_path / "no-systemd-here.sock")}  # fmt: skip
    good = run_cli("run", "--source", "demo", "--frames", "3", env=env)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "state" / "last-good.toml").read_text() == config.read_text()
    config.write_text("[display]\nwidth = " + "[" * 2000 + "]" * 2000 + "\n")  # a bad edit, then a reboot
    shot = tmp_path / "shot.png"
    result = run_cli("run", "--source", "demo", "--frames", "5", "--screenshot", shot, env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "nested too deeply" in line]
    assert len(errors) == 1 and "running on" in errors[0] and "last-good.toml" in errors[0]
    picture = pygame.image.load(str(shot))
    assert picture.get_size() == (640, 360)  # the last good configuration's screen
    pixels = pygame.surfarray.array3d(picture)
    assert (
        np.all(pixels == ACCENT, axis=2).mean() > 0.003
    )  # the trouble screen's heading, "Configuration error"
    assert (
        run_cli("run", "--source", "demo", "--frames", "1", env={**env, "NOTIFY_SOCKET": ""}).returncode == 2
    )


def test_a_file_that_fails_the_start_checks_falls_back_and_never_becomes_the_last_good_one(tmp_path):
    config = tmp_path / "config.toml"
    good_text = "[display]\nwidth = 640\nheight = 360\n"
    config.write_text(good_text)
    env = {"KIOSK_CONFIG": str(config), "STATE_DIRECTORY": str(tmp_path / "state"),
           "NOTIFY_SOCKET": str(tmp_path / "no-systemd-here.sock")}  # fmt: skip
    assert run_cli("run", "--source", "demo", "--frames", "3", env=env).returncode == 0
    kept = tmp_path / "state" / "last-good.toml"
    # Valid to the schema, but the model file is gone: the start fails, then a reboot.
    config.write_text(good_text + f'[model]\npath = "{tmp_path / "gone.tflite"}"\nsha256 = "{"0" * 64}"\n')
    for _ in range(2):
        result = run_cli("run", "--source", "demo", "--frames", "3", env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        errors = [line for line in result.stderr.splitlines() if "gone.tflite" in line]
        assert len(errors) == 1 and "running on" in errors[0] and "last-good.toml" in errors[0], errors
        assert kept.read_text() == good_text


def test_a_reload_that_would_fail_at_the_next_start_is_not_kept_as_the_last_good_one(tmp_path):
    from kiosk.app.last_good import LastGood
    from kiosk.app.notify import Notifier
    from kiosk.app.supervisor import Supervisor

    kept = tmp_path / "last-good.toml"
    kept.write_text("[display]\nwidth = 640\n")
    config = tmp_path / "config.toml"
    config.write_text(f'[model]\npath = "{tmp_path / "gone.tflite"}"\nsha256 = "{"0" * 64}"\n')
    supervisor = Supervisor(config, Notifier(socket_path=None), last_good=LastGood(kept))
    try:
        supervisor.load()
    finally:
        supervisor.stopping()
    assert kept.read_text() == "[display]\nwidth = 640\n"


def test_under_systemd_any_exception_loading_the_file_at_start_falls_back(tmp_path, monkeypatch):
    import kiosk.config.sources
    from kiosk.app.last_good import LastGood, start_config

    kept = tmp_path / "last-good.toml"
    kept.write_text("[display]\nwidth = 640\nheight = 360\n")

    def home_unknown(*args):  # as Path.expanduser raised for ~unknownuser, before it was caught
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(kiosk.config.sources, "load_config_and_text", home_unknown)
    config, _, error = start_config(tmp_path / "config.toml", None, LastGood(kept))
    assert config.display.width == 640 and "Could not determine home directory" in error
