"""``kiosk status``, ``kiosk doctor`` and the notify protocol, without a running kiosk."""

import json
import os
import re
import socket
import time

import numpy as np
import pytest

from kiosk.app.notify import Notifier
from kiosk.commands import doctor, doctor_versions

from ..conftest import ROOT, error_lines


def test_status_without_a_kiosk_says_so_and_exits_3(tmp_path, cli):
    result = cli("status", env={"KIOSK_STATE": str(tmp_path / "state.json")})
    assert result.returncode == 3 and "not running: no state file" in result.stdout


def test_status_of_a_stale_state_is_not_running(tmp_path, cli):
    state = tmp_path / "state.json"
    state.write_text(
        json.dumps({"pid": os.getpid(), "updated": time.time() - 600, "started": time.time() - 900})
    )
    result = cli("status", env={"KIOSK_STATE": str(state)})
    assert result.returncode == 3 and "not running (last seen 10m00s ago" in result.stdout


def test_status_json(tmp_path, cli):
    state = tmp_path / "state.json"
    fields = {
        "pid": os.getpid(),
        "updated": time.time(),
        "started": time.time() - 60,
        "screen": "menu",
        "fps": 30.0,
    }
    state.write_text(json.dumps(fields))
    result = cli("status", "--json", env={"KIOSK_STATE": str(state)})
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report.items() >= {"running": True, **fields}.items()
    assert {"last_frame_age_s", "warnings", "warnings_unavailable"} <= report.keys()
    # what the fleet's status table shows per mirror: the installed version and how long it has run
    from importlib.metadata import version

    assert report["version"] == version("warmup-mirror")
    assert 59 <= report["uptime_s"] < 120


def test_doctor_checks_model_and_configuration(tmp_path, cli):
    good = cli("doctor", "--as-service", env={"KIOSK_STATE": str(tmp_path / "s.json")})
    assert good.returncode == 0, good.stdout
    if not os.path.isdir("/run/systemd/system"):  # no systemd to start the sandbox: said, then checked here
        assert good.stdout.startswith("[warn] as the service: systemd is not running here")
    assert "[ok  ] model and interpreter: sha256 matches" in good.stdout
    assert "[ok  ] display driver: SDL 2." in good.stdout and "has kmsdrm" in good.stdout
    assert f"[ok  ] versions: ai-edge-litert {version('ai-edge-litert')}, " in good.stdout
    broken = tmp_path / "config.toml"
    broken.write_text("[model]\nnum_threads = 0\n")
    bad = cli("doctor", env={"KIOSK_CONFIG": str(broken), "KIOSK_STATE": str(tmp_path / "s.json")})
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


def fake_journalctl(folder, lines, code=0, stderr=""):
    """A ``journalctl`` on PATH that prints ``lines`` and records how it was called."""
    folder.mkdir(exist_ok=True)
    output = folder / "journal.jsonl"
    output.write_text("".join(line + "\n" for line in lines))
    script = folder / "journalctl"
    script.write_text(
        f'#!/bin/sh\necho "$@" > {folder / "args"}\ncat {output}\necho "{stderr}" >&2\nexit {code}\n'
    )
    script.chmod(0o755)
    return folder


def status_here(monkeypatch, capsys, state, path):
    from kiosk.cli import main

    state_file = path.parent / "state.json"
    state_file.write_text(json.dumps(state))
    monkeypatch.setenv("KIOSK_STATE", str(state_file))
    code = main(["status"])
    return code, capsys.readouterr().out


def test_status_shows_the_last_five_warnings_and_when_a_frame_last_reached_the_display(
    tmp_path, monkeypatch, capsys
):
    now = time.time()
    entries = [
        json.dumps({"__REALTIME_TIMESTAMP": str(int((now - 60 + i) * 1e6)), "MESSAGE": f"kiosk: warning {i}"})
        for i in range(5)
    ]
    folder = fake_journalctl(tmp_path / "bin", entries)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    state = {
        "pid": os.getpid(),
        "updated": now,
        "started": now - 60,
        "screen": "attract",
        "last_frame_at": now - 2.5,
    }
    code, out = status_here(monkeypatch, capsys, state, tmp_path / "x")
    age = re.search(r"  last frame     ([\d.]+) s ago \(the watchdog's measure\)", out)
    assert code == 0 and age is not None and 2.5 <= float(age.group(1)) < 3.5, out
    assert "last 5 warnings (journalctl -u kiosk -p warning):" in out
    shown = [line for line in out.splitlines() if "kiosk: warning" in line]
    assert [line.rsplit(" ", 1)[1] for line in shown] == ["0", "1", "2", "3", "4"]
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(now - 60)))
    assert shown[0].strip().startswith(when[:16])
    assert (folder / "args").read_text().split() == [
        "--unit", "kiosk.service", "--priority", "warning", "--lines", "5", "--output", "json", "--no-pager",
    ]  # fmt: skip
    # A kiosk whose stages hang draws on, but the watchdog's measure stops: so does this.
    state["last_frame_at"] = None
    assert "  last frame     none since start" in status_here(monkeypatch, capsys, state, tmp_path / "x")[1]
    # Stopped: the warnings say why.
    code, out = status_here(monkeypatch, capsys, {**state, "updated": now - 600}, tmp_path / "x")
    assert code == 3 and "kiosk: warning 4" in out


def test_status_without_a_journal_says_so_in_a_line(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out = status_here(monkeypatch, capsys, {"pid": 4242, "updated": 1.0}, tmp_path / "x")
    assert code == 3 and "  warnings       no journal here (journalctl is not installed)" in out
    failing = fake_journalctl(
        tmp_path / "bin", [], code=1, stderr="Failed to open journal: Permission denied"
    )
    monkeypatch.setenv("PATH", str(failing))
    out = status_here(monkeypatch, capsys, {"pid": 4242, "updated": 1.0}, tmp_path / "x")[1]
    assert "  warnings       journalctl failed: Failed to open journal: Permission denied" in out


def test_the_doctors_configuration_check_finds_what_would_fail_at_start(tmp_path, monkeypatch):
    from kiosk.commands.doctor import check_config

    config = tmp_path / "config.toml"
    config.write_text(f'[camera]\nsource = "{tmp_path}/gone.mp4"\n[model]\npath = "/nonexistent.tflite"\n')
    check = check_config(config)
    assert check.outcome == "fail" and check.fix == "kiosk config validate lists them all"
    assert check.detail == f"camera.source: video file: {tmp_path}/gone.mp4 does not exist (and 1 more)"
    config.write_text('[camera]\nsource = "demo"\n')
    assert check_config(config).outcome == "ok"


def version(name):
    from importlib import metadata

    return metadata.version(name)


@pytest.fixture
def venv_files(tmp_path, monkeypatch):
    """A copy of this checkout's lock as the venv's, and where install.sh records apt's numpy."""
    lock, apt_pin = tmp_path / "venv" / "kiosk.lock", tmp_path / "constraints.txt"
    lock.parent.mkdir()
    lock.write_text((ROOT / "requirements" / "dev.lock").read_text())
    monkeypatch.setattr(doctor_versions, "venv_lock", lambda: lock)
    monkeypatch.setattr(doctor_versions, "apt_numpy_pin", lambda: apt_pin)
    return lock, apt_pin


def test_the_doctor_shows_the_versions_that_decide_the_numbers_as_the_lock_has_them(venv_files):
    check = doctor.check_versions()
    assert check.outcome == "ok", check
    for name in ("ai-edge-litert", "opencv-python-headless", "pygame-ce"):
        assert f"{name} {version(name)}" in check.detail
    assert f"numpy {np.__version__}" in check.detail and "SDL 2." in check.detail


def test_the_doctor_fails_on_a_version_that_drifted_from_the_lock(venv_files):
    lock, _ = venv_files
    lock.write_text(re.sub(r"(?m)^numpy==\S+", "numpy==1.26.0", lock.read_text()))
    check = doctor.check_versions()
    assert check.outcome == "fail"
    assert f"numpy {np.__version__}, lock 1.26.0" in check.detail
    assert "install.sh" in check.fix


def test_on_a_pi_numpy_is_apts_and_compared_with_the_one_the_installer_found(venv_files):
    lock, apt_pin = venv_files
    # The Pi's lock leaves numpy to apt.
    lock.write_text(re.sub(r"(?m)^numpy==.*\n(    .*\n)*", "", lock.read_text()))
    apt_pin.write_text(f"numpy=={np.__version__}\n")
    check = doctor.check_versions()
    assert check.outcome == "ok" and f"numpy {np.__version__} (apt's)" in check.detail
    apt_pin.write_text("numpy==1.24.2\n")  # apt upgraded numpy after the install
    check = doctor.check_versions()
    assert check.outcome == "fail" and f"numpy {np.__version__}, installed with 1.24.2" in check.detail


def test_a_venv_without_a_lock_is_a_warning_that_says_how_to_reinstall(venv_files):
    venv_files[0].unlink()
    check = doctor.check_versions()
    assert check.outcome == "warn" and "not made by make or install.sh" in check.detail
