"""``kiosk status``, ``kiosk doctor`` and the notify protocol, without a running kiosk."""

import json
import os
import socket
import time

from kiosk.app.notify import Notifier

from ..conftest import error_lines, run_cli


def test_status_without_a_kiosk_says_so_and_exits_3(tmp_path):
    result = run_cli("status", env={"KIOSK_STATE": str(tmp_path / "state.json")})
    assert result.returncode == 3 and "not running: no state file" in result.stdout


def test_status_of_a_stale_state_is_not_running(tmp_path):
    state = tmp_path / "state.json"
    state.write_text(
        json.dumps({"pid": os.getpid(), "updated": time.time() - 600, "started": time.time() - 900})
    )
    result = run_cli("status", env={"KIOSK_STATE": str(state)})
    assert result.returncode == 3 and "not running (last seen 10m00s ago" in result.stdout


def test_status_json(tmp_path):
    state = tmp_path / "state.json"
    fields = {
        "pid": os.getpid(),
        "updated": time.time(),
        "started": time.time() - 60,
        "screen": "menu",
        "fps": 30.0,
    }
    state.write_text(json.dumps(fields))
    result = run_cli("status", "--json", env={"KIOSK_STATE": str(state)})
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"running": True, **fields}


def test_doctor_checks_model_and_configuration(tmp_path):
    good = run_cli("doctor", "--as-service", env={"KIOSK_STATE": str(tmp_path / "s.json")})
    assert good.returncode == 0, good.stdout
    if not os.path.isdir("/run/systemd/system"):  # no systemd to start the sandbox: said, then checked here
        assert good.stdout.startswith("[warn] as the service: systemd is not running here")
    assert "[ok  ] model and interpreter: sha256 matches" in good.stdout
    assert "[ok  ] display driver: SDL 2." in good.stdout and "has kmsdrm" in good.stdout
    broken = tmp_path / "config.toml"
    broken.write_text("[model]\nnum_threads = 0\n")
    bad = run_cli("doctor", env={"KIOSK_CONFIG": str(broken), "KIOSK_STATE": str(tmp_path / "s.json")})
    assert bad.returncode == 1
    assert "[FAIL] configuration:" in bad.stdout and "fix: kiosk config edit" in bad.stdout
    assert error_lines(bad) == []


def test_notifier_sends_ready_and_throttles_the_watchdog(tmp_path):
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(path))
        listener.settimeout(1)
        notifier = Notifier(socket_path=str(path), watchdog_interval=60)
        assert notifier.ready() and notifier.watchdog()
        assert not notifier.watchdog()  # within the interval: not sent again
        assert [listener.recv(100) for _ in range(2)] == [b"READY=1", b"WATCHDOG=1"]
    assert not Notifier(socket_path=None).ready()
