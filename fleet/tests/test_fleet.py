"""fleet/ for real: ansible-playbook against test mirrors, each an sshd on 127.0.0.1 in its own namespace.

``make fleet-test`` runs it (it is not part of ``make test``). The mirrors
have no systemd, so the inventory says ``kiosk_systemd: false``: the role's
service steps are skipped, each one said, and the test prints which.
"""

import json
import os
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from . import mirrors

FLEET = Path(__file__).resolve().parents[1]
INVENTORY = FLEET / "tests" / "inventory"
REACHABLE = list(mirrors.MIRRORS)
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path(mirrors.SSHD).exists() or not shutil.which("unshare"),
    reason="the test mirrors need root, unshare and openssh-server",
)


@pytest.fixture(scope="module", autouse=True)
def test_mirrors():
    mirrors.start()
    yield
    mirrors.stop()


def playbook(name, *args, inventory=INVENTORY):
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(FLEET / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCAL_TEMP": str(mirrors.WORK / "ansible-tmp"),
        "ANSIBLE_HOME": str(mirrors.WORK / "ansible-home"),
        "ANSIBLE_SSH_CONTROL_PATH_DIR": str(mirrors.WORK / "ansible-home" / "cp"),
        "PATH": f"{mirrors.ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    command = ["ansible-playbook", "-i", str(inventory), str(FLEET / name), *args]
    result = subprocess.run(command, cwd=FLEET, env=env, capture_output=True, text=True, timeout=300)
    skipped = sorted(set(re.findall(r"skipped without systemd: [^']*", " ".join(result.stdout.split()))))
    if skipped:
        print(f"{name}: the service steps skipped here (no systemd in a test mirror):", *skipped, sep="\n  ")
    return result


def recap(result) -> dict[str, dict[str, int]]:
    """PLAY RECAP's counts per host."""
    found = {}
    for host, counts in re.findall(r"^(\S+)\s+: (ok=.*)$", result.stdout, re.MULTILINE):
        found[host] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", counts)}
    return found


def config_bytes(name):
    return (mirrors.root_of(name) / "etc/kiosk/config.toml").read_bytes()


def config(name):
    return tomllib.loads(config_bytes(name).decode())


def test_check_mode_shows_the_change_and_changes_nothing():
    before = {name: config_bytes(name) for name in REACHABLE}
    result = playbook("configure.yml", "--check", "--diff", "--limit", ",".join(REACHABLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(recap(result)[name]["changed"] >= 1 for name in REACHABLE)
    assert '-display.mode = "video"' in result.stdout and '+display.mode = "glass"' in result.stdout
    assert {name: config_bytes(name) for name in REACHABLE} == before


def test_configure_sets_each_gym_and_mirror_and_a_second_run_changes_nothing():
    first = playbook("configure.yml", "--limit", ",".join(REACHABLE))
    assert first.returncode == 0, first.stdout + first.stderr
    assert all(recap(first)[name]["changed"] >= 1 for name in REACHABLE)
    for name in ("north-1", "north-2"):
        assert (config(name)["display"]["mode"], config(name)["coach"]["knee_in_offset"]) == ("glass", 0.12)
    assert config("south-1")["presence"] == {
        **config("south-1")["presence"],
        "wake_seconds": 1.5,
        "idle_seconds": 45,
    }
    assert "skipped without systemd: restart kiosk.service (display.mode changed)" in first.stdout
    written = {name: config_bytes(name) for name in REACHABLE}
    second = playbook("configure.yml", "--limit", ",".join(REACHABLE))
    assert second.returncode == 0, second.stdout + second.stderr
    assert {name: recap(second)[name]["changed"] for name in REACHABLE} == dict.fromkeys(REACHABLE, 0)
    assert {name: config_bytes(name) for name in REACHABLE} == written


def test_a_refused_value_fails_its_mirror_untouched_and_the_others_are_configured(tmp_path):
    inventory = tmp_path / "inventory"
    shutil.copytree(INVENTORY, inventory)
    (inventory / "host_vars/south-1.yml").write_text("kiosk_config_host: {coach: {knee_in_offset: 0.9}}\n")
    (inventory / "group_vars/north.yml").write_text("kiosk_config: {coach: {knee_in_offset: 0.1}}\n")
    south = config_bytes("south-1")
    result = playbook("configure.yml", "--limit", ",".join(REACHABLE), inventory=inventory)
    assert result.returncode != 0
    assert recap(result)["south-1"]["failed"] == 1
    assert (
        "refused coach.knee_in_offset = 0.9: /etc/kiosk/config.toml: coach.knee_in_offset: "
        "Input should be less than or equal to 0.5 (got 0.9); /etc/kiosk/config.toml is unchanged"
    ) in " ".join(result.stdout.split())
    assert config_bytes("south-1") == south
    assert [config(name)["coach"]["knee_in_offset"] for name in ("north-1", "north-2")] == [0.1, 0.1]


def test_a_failure_in_one_batch_stops_the_rollout_before_the_next():
    before = {name: config_bytes(name) for name in REACHABLE}
    settings = {
        "kiosk_batch": 1,  # north-1, then north-2, then south-1
        "kiosk_config": {"presence": {"idle_seconds": 60}},
        "kiosk_config_by_host": {"north-1": {"coach": {"knee_in_offset": 0.9}}},
    }
    result = playbook("configure.yml", "--limit", ",".join(REACHABLE), "-e", json.dumps(settings))
    assert result.returncode != 0
    assert list(recap(result)) == ["north-1"]  # the later batches never started
    assert {name: config_bytes(name) for name in REACHABLE} == before


def test_a_bad_exercise_file_is_refused_on_the_controller_and_copied_nowhere(tmp_path):
    bad = tmp_path / "gym.toml"
    bad.write_text('[[routine]]\nid = "legs"\nname = "Legs"\nexercises = ["squat", "pistol"]\n')
    limit = ",".join(REACHABLE)
    result = playbook(
        "exercises.yml", "--limit", limit, "-e", f"kiosk_exercises_file={bad}", "-e", "kiosk_routine=legs"
    )
    assert result.returncode != 0
    assert "unknown exercise 'pistol'" in " ".join(result.stdout.split())
    for name in REACHABLE:
        assert not (mirrors.root_of(name) / "var/tmp/kiosk-fleet").exists()
        assert not (mirrors.root_of(name) / "etc/kiosk/exercises.toml").exists()


def test_an_exercise_file_reaches_every_mirror_and_runs_its_routine():
    staff_file = FLEET / "files" / "short-warm-up.toml"
    args = [
        "--limit",
        ",".join(REACHABLE),
        "-e",
        f"kiosk_exercises_file={staff_file}",
        "-e",
        "kiosk_routine=short_warm_up",
    ]
    configured = {name: config_bytes(name) for name in REACHABLE}
    check = playbook("exercises.yml", "--check", *args)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "would name /etc/kiosk/exercises.toml and routine short_warm_up" in check.stdout
    assert {name: config_bytes(name) for name in REACHABLE} == configured
    assert not any((mirrors.root_of(name) / "etc/kiosk/exercises.toml").exists() for name in REACHABLE)
    result = playbook("exercises.yml", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in REACHABLE:
        assert (mirrors.root_of(name) / "etc/kiosk/exercises.toml").read_bytes() == staff_file.read_bytes()
        program = config(name)["program"]
        assert (program["exercises_file"], program["routine"]) == (
            "/etc/kiosk/exercises.toml",
            "short_warm_up",
        )
    again = playbook("exercises.yml", *args)
    assert {name: recap(again)[name]["changed"] for name in REACHABLE} == dict.fromkeys(REACHABLE, 0)


def test_status_lists_every_mirror_and_the_unreachable_one_as_such():
    kiosk = mirrors.run_kiosk("north-1")  # one mirror runs its kiosk (the demo athlete), the others do not
    try:
        time.sleep(3)  # a few frames more, for its fps
        result = playbook("status.yml")
    finally:
        kiosk.terminate()
        kiosk.wait(timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {row["mirror"]: row for row in json.loads((mirrors.WORK / "status.json").read_text())}
    assert rows["south-2"]["state"] == "unreachable" and "port 2229" in rows["south-2"]["reason"]
    assert [rows[name]["version"] for name in REACHABLE] == ["0.1.0"] * 3
    running = rows["north-1"]
    assert running["state"] == "running" and running["source"] == "athlete:squat"
    assert running["fps"] > 0 and running["last_frame_age_s"] < 5 and running["uptime_s"] >= 3
    table = (mirrors.WORK / "status.txt").read_text()
    assert re.search(r"^south-2\s+unreachable\s", table, re.MULTILINE)
    assert re.search(
        r"^north-1\s+running\s+0\.1\.0\s+\dm\d\ds\s+[\d.]+\s+[\d.]+ s\s+athlete:squat", table, re.MULTILINE
    )
    assert re.search(r"^north-2\s+stopped\s+0\.1\.0\s", table, re.MULTILINE)
    print(table)


def test_installing_the_version_running_changes_nothing():
    result = playbook("install.yml", "--limit", ",".join(REACHABLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert {name: recap(result)[name]["changed"] for name in REACHABLE} == dict.fromkeys(REACHABLE, 0)


def test_a_failed_upgrade_puts_the_previous_version_back():
    venv = mirrors.root_of("north-1") / "opt/kiosk/.venv"
    broken = [
        "sh",
        "-c",
        "rm /opt/kiosk/.venv && echo 'install.sh: pip could not install the kiosk' >&2 && exit 1",
    ]
    result = playbook(
        "install.yml", "--limit", "north-1", "-e", "kiosk_release_version=0.1.1",
        "-e", json.dumps({"kiosk_install_command": broken}),
    )  # fmt: skip
    assert result.returncode != 0
    assert "the upgrade to 0.1.1 failed (install.sh: pip could not install the kiosk)" in " ".join(
        result.stdout.split()
    )
    assert venv.is_symlink() and os.readlink(venv) == str(mirrors.ROOT / ".venv")
    assert (mirrors.root_of("north-1") / "opt/kiosk.failed").is_dir()
    status = playbook("status.yml", "--limit", "north-1")
    rows = json.loads((mirrors.WORK / "status.json").read_text())
    assert status.returncode == 0 and [row["version"] for row in rows] == ["0.1.0"]
