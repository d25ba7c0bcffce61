"""The service unit and the installer."""

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.system.service import Unit

from ..conftest import ROOT

UNIT = ROOT / "systemd" / "kiosk.service"
INSTALL = ROOT / "systemd" / "install.sh"
UNINSTALL = ROOT / "systemd" / "uninstall.sh"
needs_systemd = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed"
)


@needs_systemd
def test_the_unit_passes_systemd_analyze_verify(tmp_path):
    # ExecStart must exist to verify: point it at this checkout's kiosk instead of /opt/kiosk.
    unit = tmp_path / "kiosk.service"
    unit.write_text(
        UNIT.read_text().replace("/opt/kiosk/.venv/bin/kiosk", str(ROOT / ".venv" / "bin" / "kiosk"))
    )
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


@needs_systemd
def test_the_unit_exposure_is_2_or_lower():
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(UNIT)], capture_output=True, text=True
    )
    score = float(re.search(r"Overall exposure level for kiosk.service: ([0-9.]+)", result.stdout).group(1))
    print(f"\nexposure {score}")
    assert score <= 2.0


def test_the_unit_keeps_devices_and_denies_the_network():
    text = UNIT.read_text()
    for line in ("Type=notify", "WatchdogSec=", "Restart=always", "StartLimitBurst=", "User=kiosk",
                 "SupplementaryGroups=video render input gpio", "ExecReload=/bin/kill -HUP $MAINPID",
                 "PrivateNetwork=yes", "IPAddressDeny=any", "RestrictAddressFamilies=AF_UNIX",
                 "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes"):  # fmt: skip
        assert line in text, line
    assert "PrivateDevices=yes" not in text


def test_the_unit_lets_udev_announce_devices_but_opens_no_network():
    unit = Unit.read(UNIT)
    families = set(unit.service("RestrictAddressFamilies")[-1].split())
    assert families == {"AF_UNIX", "AF_NETLINK"}  # SDL's input and libcamera hear udev on AF_NETLINK
    assert not any("udev-settle" in after for section, key, after in unit.settings if key == "After")


def dry_run(tmp_path, codename, *options):
    os_release = tmp_path / "os-release"
    os_release.write_text(f"ID=debian\nVERSION_CODENAME={codename}\n")
    env = {**os.environ, "KIOSK_OS_RELEASE": str(os_release), "KIOSK_ETC": str(tmp_path / "etc"),
           "KIOSK_PREFIX": str(tmp_path / "opt"), "KIOSK_UNIT_DIR": str(tmp_path / "units")}  # fmt: skip
    return subprocess.run(
        ["bash", str(INSTALL), "--dry-run", *options], capture_output=True, text=True, env=env
    )


def test_the_installer_dry_run_prints_every_step_and_does_nothing(tmp_path):
    result = dry_run(tmp_path, "bookworm")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for step in ("apt-get install -y python3-venv python3-numpy python3-picamera2 python3-lgpio",
                 "usermod -aG video,render,input,gpio,audio kiosk", "-m venv --system-site-packages",
                 "constraints.txt: numpy==", "config.example.toml",
                 "systemctl enable kiosk.service"):  # fmt: skip
        assert step in out, step
    assert all(
        line.startswith(("== ", "would run: ", "would write ", "user ", "venv ", "keeping", "done"))
        for line in out.splitlines()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["os-release"]


def test_a_machine_without_a_pi_camera_or_buttons_leaves_out_only_those_and_says_so(tmp_path):
    # The Pi in a box (tests/pivm): Debian's archive has no python3-picamera2 or python3-lgpio.
    result = dry_run(tmp_path, "trixie", "--source", "/opt/pivm/empty-room.mp4", "--no-buttons")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    apt = [line for line in out.splitlines() if "apt-get install" in line]
    assert apt == ["would run: apt-get install -y python3-venv python3-numpy python3-gpiozero "
                   "libegl1 libgles2 libgbm1 libdrm2 rsync"]  # fmt: skip
    assert "no Pi camera (--source): frames come from /opt/pivm/empty-room.mp4" in out
    assert "no GPIO buttons (--no-buttons)" in out
    assert "set camera.source /opt/pivm/empty-room.mp4" in out and "set buttons.enabled false" in out
    camera_only = dry_run(tmp_path, "trixie", "--source", "demo").stdout
    apt = next(line for line in camera_only.splitlines() if "apt-get install" in line)
    assert "python3-picamera2" not in apt and "python3-lgpio" in apt


def test_an_unknown_installer_option_is_refused_in_one_line(tmp_path):
    result = dry_run(tmp_path, "trixie", "--camera")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "install.sh: unknown option '--camera' (use --dry-run, --source FILE, --no-buttons or nothing)"
    )


@pytest.mark.parametrize("codename", ["bookworm", "trixie"])
def test_the_kiosk_is_installed_from_its_os_lock_with_the_systems_numpy(tmp_path, codename):
    result = dry_run(tmp_path, codename)
    assert result.returncode == 0, result.stderr
    install = [line for line in result.stdout.splitlines() if "pip install" in line]
    assert install == [
        f"would run: {tmp_path}/opt/.venv/bin/pip install --require-hashes --no-deps "
        f"-r {tmp_path}/opt/requirements/pi-{codename}.lock",
        f"would run: {tmp_path}/opt/.venv/bin/pip install --no-deps --no-build-isolation {tmp_path}/opt",
    ]
    assert (ROOT / "requirements" / f"pi-{codename}.lock").is_file()
    assert f"would run: install -m 0644 {tmp_path}/opt/requirements/pi-{codename}.lock" in result.stdout


def test_an_existing_configuration_is_never_overwritten(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "config.toml").write_text("[coach]\nknee_in_offset = 0.07\n")
    result = dry_run(tmp_path, "bookworm")
    assert f"keeping the existing {tmp_path / 'etc' / 'config.toml'}" in result.stdout
    assert "config.example.toml" not in result.stdout


def test_other_systems_are_refused_in_one_line(tmp_path):
    result = dry_run(tmp_path, "jammy")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "install.sh: this is 'jammy'; the installer supports Raspberry Pi OS Bookworm and Trixie"
    )


def test_the_uninstaller_gives_the_console_back_and_keeps_the_configuration_unless_purged(tmp_path):
    env = {**os.environ, "KIOSK_PREFIX": str(tmp_path / "opt"), "KIOSK_ETC": str(tmp_path / "etc"),
           "KIOSK_UNIT_DIR": str(tmp_path / "units"), "KIOSK_STATE_DIR": str(tmp_path / "state")}  # fmt: skip
    kept = subprocess.run(["bash", str(UNINSTALL), "--dry-run"], capture_output=True, text=True, env=env)
    purged = subprocess.run(
        ["bash", str(UNINSTALL), "--dry-run", "--purge"], capture_output=True, text=True, env=env
    )
    assert kept.returncode == purged.returncode == 0, kept.stderr + purged.stderr
    for step in ("systemctl disable --now kiosk.service", f"rm -f {tmp_path}/units/kiosk.service",
                 "systemctl start getty@tty1.service",
                 f"rm -rf --one-file-system {tmp_path}/opt"):  # fmt: skip
        assert f"would run: {step}" in kept.stdout, step
    assert f"keeping {tmp_path}/etc and the kiosk user" in kept.stdout
    assert f"rm -rf --one-file-system {tmp_path}/etc" not in kept.stdout and "userdel" not in kept.stdout
    assert f"rm -rf --one-file-system {tmp_path}/etc {tmp_path}/state" in purged.stdout
    assert sorted(tmp_path.iterdir()) == []


def setting(name):
    return float(re.search(rf"^{name}=(\d+)$", UNIT.read_text(), re.MULTILINE).group(1))


def test_any_exit_is_restarted_and_only_a_broken_installation_hits_the_start_limit():
    text = UNIT.read_text()
    assert "Restart=always" in text  # the q key or the end of a video is restarted too
    # A watchdog restart takes WatchdogSec + RestartSec at least: a loop of them must never reach the limit.
    watchdog_cycle = setting("WatchdogSec") + setting("RestartSec")
    assert (setting("StartLimitBurst") - 1) * watchdog_cycle > setting("StartLimitIntervalSec")
    # /etc/kiosk is root's: the kiosk writes only its own state folder.
    writable = [line for line in text.splitlines() if line.startswith("ReadWritePaths=")]
    assert "StateDirectory=kiosk" in text and not [line for line in writable if "/etc" in line]


def install_config(etc, example=ROOT / "config.example.toml"):
    owner = f"{os.getuid()}:{os.getgid()}"  # root:root on a Pi; whoever runs the tests here
    return subprocess.run(
        ["bash", str(ROOT / "systemd" / "install-config.sh"), str(etc), str(example),
         str(Path(sys.executable).parent / "kiosk")],
        capture_output=True, text=True, env={**os.environ, "KIOSK_ETC_OWNER": owner}, timeout=60,
    )  # fmt: skip


def mode(path):
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("trap", ["symbolic link", "hard link"])
def test_the_installer_never_changes_a_file_through_a_link_in_etc_kiosk(tmp_path, trap):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret\n")
    secret.chmod(0o600)
    etc = tmp_path / "etc"
    etc.mkdir()
    etc.chmod(0o2775)  # as older installs left it: the kiosk's group could replace config.toml
    if trap == "symbolic link":
        (etc / "config.toml").symlink_to(secret)
    else:
        os.link(secret, etc / "config.toml")
    result = install_config(etc)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "config.toml" in result.stderr and "run the installer again" in result.stderr
    assert mode(secret) == 0o600 and secret.read_text() == "root:$6$secret\n"
    assert mode(etc) == 0o755  # no longer writable by the kiosk's group


def test_the_installer_makes_etc_kiosk_roots_and_a_new_configuration_uses_the_pi_camera(tmp_path):
    etc = tmp_path / "etc"
    result = install_config(etc)
    assert result.returncode == 0, result.stderr
    config = etc / "config.toml"
    assert (mode(etc), mode(config)) == (0o755, 0o644)
    assert (
        'source = "picamera"' in config.read_text() and "# Warm-up Mirror configuration" in config.read_text()
    )
    config.chmod(0o664)
    config.write_text("# ours\n[coach]\nknee_in_offset = 0.07\n")
    etc.chmod(0o2775)
    assert install_config(etc).returncode == 0
    assert (mode(etc), mode(config)) == (0o755, 0o644)
    assert config.read_text() == "# ours\n[coach]\nknee_in_offset = 0.07\n"  # an existing one is kept


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making files another user's needs root")


@needs_root
def test_the_installed_product_and_its_venv_are_roots_whoever_cloned_the_source(tmp_path):
    nobody = 65534
    source = tmp_path / "clone"  # as `pi` cloned it: pi's, group-writable
    (source / "systemd").mkdir(parents=True)
    (source / "pyproject.toml").write_text("[project]\n")
    (source / "pyproject.toml").chmod(0o664)
    prefix = tmp_path / "opt"
    (prefix / ".venv" / "bin").mkdir(parents=True)  # a venv an older install left pi's
    (prefix / ".venv" / "bin" / "kiosk").write_text("#!/bin/sh\n")
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret\n")
    (prefix / ".venv" / "bin" / "planted").symlink_to(secret)
    for path in [source, *source.rglob("*"), prefix, *prefix.rglob("*")]:
        os.chown(path, nobody, nobody, follow_symlinks=False)
    result = subprocess.run(
        ["bash", str(ROOT / "systemd" / "install-product.sh"), str(source), str(prefix)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for path in [prefix, *prefix.rglob("*")]:
        status = path.lstat()
        assert (status.st_uid, status.st_gid) == (0, 0), path
        assert path.is_symlink() or not status.st_mode & 0o022, path
    assert secret.stat().st_uid == 0 and (prefix / "pyproject.toml").exists()


def test_the_installer_writes_constraints_without_following_a_planted_link(tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret\n")
    constraints = tmp_path / "constraints.txt"
    constraints.symlink_to(secret)
    write = re.search(r"^write\(\) \{.*?^\}$", INSTALL.read_text(), re.MULTILINE | re.DOTALL).group(0)
    script = f'set -euo pipefail\nDRY_RUN=0\n{write}\nwrite "$1" "numpy==1.24.2"\n'
    result = subprocess.run(["bash", "-c", script, "bash", str(constraints)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert secret.read_text() == "root:$6$secret\n"
    assert not constraints.is_symlink() and constraints.read_text() == "numpy==1.24.2\n"


@needs_root
def test_the_migration_makes_what_the_kiosk_user_left_in_etc_kiosk_roots(tmp_path):
    nobody = 65534
    etc = tmp_path / "etc"
    (etc / "gym").mkdir(parents=True)
    etc.chmod(0o2775)  # as older installs left it
    made = [etc / "exercises.toml", etc / "gym" / "routine.toml"]
    for path in made:
        path.write_text("# the kiosk user's\n")
        path.chmod(0o664)
    for path in [etc / "gym", *made]:
        os.chown(path, nobody, nobody)
    (etc / "gym").chmod(0o2775)
    result = install_config(etc)
    assert result.returncode == 0, result.stderr
    for path in [etc / "gym", *made]:
        status = path.lstat()
        assert (status.st_uid, status.st_gid) == (os.getuid(), os.getgid()), path
        assert not status.st_mode & 0o022, path
