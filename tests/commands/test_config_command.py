"""``kiosk config`` over SSH: every refusal leaves the file byte-for-byte unchanged."""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT, error_lines, run_cli

EXAMPLE = ROOT / "config.example.toml"


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.toml"
    shutil.copy(EXAMPLE, path)
    return path


def kiosk(cli, config_file, *args, **env):
    return cli(
        *args,
        env={"KIOSK_CONFIG": str(config_file), "KIOSK_STATE": str(config_file.parent / "state.json"), **env},
    )


def test_set_changes_one_value_and_keeps_every_comment(config_file, cli):
    before = config_file.read_text().splitlines()
    result = kiosk(cli, config_file, "config", "set", "coach.knee_in_offset", "0.07")
    assert result.returncode == 0, result.stderr
    assert "no kiosk is running with" in result.stdout
    after = config_file.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("knee_in_offset = 0.07")
    assert "# knee this far inside" in changed[0][1]
    assert kiosk(cli, config_file, "config", "get", "coach.knee_in_offset").stdout.strip() == "0.07"


def test_set_creates_a_missing_file(tmp_path, cli):
    path = tmp_path / "new" / "config.toml"
    assert kiosk(cli, path, "config", "set", "camera.source", "picamera").returncode == 0
    assert path.read_text() == '[camera]\nsource = "picamera"\n'


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    [
        (
            "coach.knee_in_offset",
            "0.9",
            "coach.knee_in_offset: Input should be less than or equal to 0.5 (got 0.9)",
        ),
        ("model.num_threads", "many", "model.num_threads: Input should be a valid integer"),
        ("buttons.select", "17", "previous, next and select must be on three different pins"),
        ("coach.knee_in", "0.1", "unknown key 'coach.knee_in': [coach] has knee_in_offset"),
        ("couch.knee_in_offset", "0.1", "unknown section 'couch': choose one of camera"),
        ("coach", "0.1", "is not SECTION.NAME"),
        ("logging.level", "loud", "logging.level: Input should be 'debug', 'info', 'warning' or 'error'"),
    ],
)
def test_refusals_name_the_problem_exit_1_and_leave_the_file_alone(config_file, key, value, phrase, cli):
    before = config_file.read_bytes()
    result = kiosk(cli, config_file, "config", "set", key, value)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1 and phrase in error_lines(result)[0], error_lines(result)
    assert config_file.read_bytes() == before


def test_a_broken_file_is_refused_and_left_alone(config_file, cli):
    config_file.write_text("[coach\nknee_in_offset = 0.06\n")
    before = config_file.read_bytes()
    result = kiosk(cli, config_file, "config", "set", "coach.knee_in_offset", "0.07")
    assert result.returncode == 1 and "is not valid TOML" in error_lines(result)[0]
    assert config_file.read_bytes() == before
    assert kiosk(cli, config_file, "config", "validate").returncode == 1


def test_validate_show_and_get(config_file, tmp_path, cli):
    assert kiosk(cli, config_file, "config", "validate").stdout.strip() == f"{config_file} is valid"
    effective = kiosk(cli, config_file, "config", "show", "--effective").stdout
    assert all(f"[{section}]" in effective for section in ("camera", "model", "pose", "buttons", "coach"))
    assert kiosk(cli, config_file, "config", "show").stdout == config_file.read_text()
    other = tmp_path / "other.toml"
    other.write_text("[pose]\nmin_score = 2\n")
    result = kiosk(cli, config_file, "config", "validate", other)
    assert result.returncode == 1 and "pose.min_score" in error_lines(result)[0]
    assert kiosk(cli, config_file, "config", "get", "pose.nope").returncode == 1


def test_edit_applies_a_valid_edit_and_refuses_an_invalid_one(config_file, temporary_folder, cli):
    good = kiosk(
        cli, config_file, "config", "edit", EDITOR="sed -i s/^hold_time\\ =\\ 1.0/hold_time\\ =\\ 1.5/"
    )
    assert good.returncode == 0, good.stderr
    assert "hold_time = 1.5" in config_file.read_text()
    before = config_file.read_bytes()
    bad = kiosk(
        cli, config_file, "config", "edit", EDITOR="sed -i s/^hold_time\\ =\\ 1.5/hold_time\\ =\\ 99/"
    )
    assert bad.returncode == 1 and "buttons.hold_time" in error_lines(bad)[0]
    assert "your edited copy is" in error_lines(bad)[0]
    assert config_file.read_bytes() == before
    # The copy is kept for the staff, in $TMPDIR: under pytest's own folder here, never in /tmp.
    copy = Path(error_lines(bad)[0].rpartition("your edited copy is ")[2])
    assert copy.is_relative_to(temporary_folder) and "hold_time = 99" in copy.read_text()


def test_a_crash_between_write_and_rename_leaves_the_old_file_whole(config_file, monkeypatch):
    """The process dies after writing the new file, before renaming it over the old one."""
    from kiosk.commands import config as command

    before = config_file.read_bytes()

    def crash(*args):
        raise SystemExit("power cut")

    monkeypatch.setattr(command.os, "replace", crash)
    with pytest.raises(SystemExit):
        command.set_value(config_file, "coach.knee_in_offset", "0.07")
    assert config_file.read_bytes() == before
    monkeypatch.undo()
    command.set_value(
        config_file, "coach.knee_in_offset", "0.07"
    )  # the leftover temporary file is no obstacle
    assert "knee_in_offset = 0.07" in config_file.read_text()


@pytest.fixture
def lookalike(tmp_path):
    """Start processes whose command line says ``kiosk run --config FILE``: stand-ins for kiosks."""
    started = []

    def start(config):
        process = subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(60)", "kiosk", "run", "--config", str(config)]
        )
        started.append(process)
        deadline = time.monotonic() + 5
        while b"kiosk" not in Path(f"/proc/{process.pid}/cmdline").read_bytes():  # exec'd yet?
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def set_in_process(monkeypatch, capsys, config_file, state, forward=()):
    """``kiosk config set`` here, with each signal it sends recorded (and only those to ``forward`` sent)."""
    from kiosk.cli import main

    state_file = config_file.parent / "state.json"
    if state is not None:
        state_file.write_text(json.dumps(state))
    monkeypatch.setenv("KIOSK_STATE", str(state_file))
    sent, real_kill = [], os.kill

    def kill(pid, number):
        sent.append((pid, number))
        if pid in forward:
            real_kill(pid, number)

    with monkeypatch.context() as patched:
        patched.setattr(os, "kill", kill)
        code = main(["config", "--config", str(config_file), "set", "coach.knee_in_offset", "0.07"])
    out, err = capsys.readouterr()
    return code, out, err, [(pid, number) for pid, number in sent if number != 0]


@pytest.mark.parametrize("named", ["-1", "0", "1", "a stranger", "a kiosk with another file"])
def test_set_signals_no_process_the_state_file_names_unless_it_is_this_files_kiosk(
    config_file, tmp_path, monkeypatch, capsys, lookalike, named
):
    other = tmp_path / "other.toml"
    other.write_text("")
    stranger = lookalike(other) if named == "a kiosk with another file" else None
    if named == "a stranger":
        stranger = subprocess.Popen(["sleep", "60"])
    pid = stranger.pid if stranger is not None else int(named)
    try:
        code, out, _, signals = set_in_process(
            monkeypatch, capsys, config_file, {"pid": pid, "updated": time.time(), "started": time.time()}
        )
        assert code == 0 and "knee_in_offset = 0.07" in config_file.read_text()
        assert signals == [] and "no kiosk is running with" in out, (signals, out)
        assert stranger is None or stranger.poll() is None
    finally:
        if named == "a stranger":
            stranger.kill()
            stranger.wait()


def test_set_reloads_the_kiosk_reading_this_file_whatever_the_state_file_says(
    config_file, monkeypatch, capsys, lookalike
):
    kiosk = lookalike(config_file)
    code, out, _, signals = set_in_process(monkeypatch, capsys, config_file, None, forward=(kiosk.pid,))
    assert code == 0 and signals == [(kiosk.pid, signal.SIGHUP)]
    assert f"asked the running kiosk (pid {kiosk.pid}) to reload" in out
    assert kiosk.wait(timeout=5) == -signal.SIGHUP  # the stand-in has no handler: SIGHUP ends it


@pytest.mark.parametrize("state", [{"pid": 4242, "updated": "x"}, {"pid": 2**80, "updated": 1e9}])
def test_a_malformed_state_file_is_one_line_and_the_change_is_kept(config_file, monkeypatch, capsys, state):
    code, _, err, signals = set_in_process(monkeypatch, capsys, config_file, state)
    assert code == 0 and signals == [] and "knee_in_offset = 0.07" in config_file.read_text()
    assert err.count("\n") == 1 and "ignoring the state file" in err and "Traceback" not in err, err
    result = run_cli("status", env={"KIOSK_STATE": str(config_file.parent / "state.json")})
    assert result.returncode == 3 and error_lines(result) == [] and "is not valid" in result.stdout


def test_set_never_writes_through_a_symbolic_link(tmp_path, cli):
    secret = tmp_path / "shadow"
    secret.write_text("# root:$6$secret\n")
    secret.chmod(0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(secret)
    result = kiosk(cli, link, "config", "set", "coach.knee_in_offset", "0.07")
    assert result.returncode == 1 and len(error_lines(result)) == 1
    assert "is a symbolic link" in error_lines(result)[0]
    assert link.is_symlink() and secret.read_text() == "# root:$6$secret\n"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


ROUNDS = 50


def test_two_writers_changing_different_keys_at_once_lose_no_update(config_file):
    """50 rounds of two processes each setting its own key at the same moment: every change is kept."""
    import multiprocessing

    from kiosk.config import load_config
    from kiosk.config.file import set_values

    context = multiprocessing.get_context("fork")
    together, lost = context.Barrier(2, timeout=30), context.Value("i", 0)

    def expected(round_):
        return {"coach.knee_in_offset": 0.05 + round_ / 10_000, "coach.cooldown_seconds": round_ / 10}

    def writer(key, checks):
        for round_ in range(ROUNDS):
            together.wait()
            set_values(config_file, {key: str(expected(round_)[key])})
            together.wait()
            if checks:  # both are done: is each one's change there?
                coach = load_config(config_file).coach
                lost.value += coach.knee_in_offset != expected(round_)["coach.knee_in_offset"]
                lost.value += coach.cooldown_seconds != expected(round_)["coach.cooldown_seconds"]
            together.wait()

    writers = [
        context.Process(target=writer, args=("coach.knee_in_offset", True)),
        context.Process(target=writer, args=("coach.cooldown_seconds", False)),
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
    assert [process.exitcode for process in writers] == [0, 0]
    print(f"\n{lost.value} of {2 * ROUNDS} updates lost")
    assert lost.value == 0, f"{lost.value} of {2 * ROUNDS} updates lost"
    assert "# knee this far inside" in config_file.read_text()  # comments kept through it all


def test_restart_restarts_the_service_only_when_a_change_needs_it(
    config_file, tmp_path, monkeypatch, capsys, lookalike
):
    from kiosk.cli import main

    service = lookalike(config_file)  # systemd's MainPID, reading this very file
    calls = tmp_path / "systemctl.log"
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "systemctl").write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\ncase "$*" in *MainPID*) echo {service.pid};; esac\n'
    )
    (folder / "systemctl").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setenv("KIOSK_STATE", str(tmp_path / "state.json"))
    sent = []

    def kiosk_config(*argv):
        with monkeypatch.context() as patched:  # signals recorded, not sent
            patched.setattr(os, "kill", lambda pid, number: sent.append((pid, number)))
            code = main(["config", "--config", str(config_file), *argv])
        return code, capsys.readouterr().out

    code, out = kiosk_config("set", "display.mode", "glass")
    assert code == 0 and (service.pid, signal.SIGHUP) in sent
    assert (
        "takes effect when the kiosk restarts: display.mode (sudo systemctl restart kiosk, or again with "
        "--restart)" in out
    )
    assert "restart kiosk.service" not in calls.read_text()
    code, out = kiosk_config("set", "coach.knee_in_offset", "0.07", "--restart")  # a reload is enough
    assert code == 0 and "in force from the next exercise started: coach.knee_in_offset" in out
    assert "restart kiosk.service" not in calls.read_text()
    code, out = kiosk_config("set", "display.rotation", "90", "--restart")
    assert code == 0 and f"restarted the kiosk service (it was pid {service.pid})" in out
    assert "restart kiosk.service" in calls.read_text().splitlines()


def test_set_json_says_per_key_what_changed_and_a_second_run_changes_nothing(config_file, cli):
    first = kiosk(
        cli, config_file, "config", "set", "--json", "display.mode", "glass", "coach.knee_in_offset", "0.15"
    )
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["changed"] is True and report["restart"] == ["display.mode"]
    assert report["keys"]["display.mode"] == {
        "before": "video", "after": "glass", "changed": True, "applies": "restart"
    }  # fmt: skip
    assert report["keys"]["coach.knee_in_offset"]["changed"] is False  # already 0.15 in the file
    written = config_file.read_bytes()
    again = json.loads(kiosk(cli, config_file, "config", "set", "--json", "display.mode", "glass").stdout)
    assert again["changed"] is False and again["restart"] == [] and again["messages"] == []
    assert config_file.read_bytes() == written


def test_set_dry_run_reports_the_change_and_writes_nothing(config_file, cli):
    before = config_file.read_bytes()
    result = kiosk(cli, config_file, "config", "set", "--dry-run", "--json", "presence.wake_seconds", "1.5")
    assert result.returncode == 0, result.stderr
    key = json.loads(result.stdout)["keys"]["presence.wake_seconds"]
    assert (key["before"], key["after"], key["changed"]) == (0.7, 1.5, True)
    assert config_file.read_bytes() == before
    refused = kiosk(cli, config_file, "config", "set", "--dry-run", "--json", "presence.wake_seconds", "99")
    assert refused.returncode == 1 and refused.stdout == ""
    assert len(error_lines(refused)) == 1 and "presence.wake_seconds" in refused.stderr


def test_set_the_value_a_key_already_has_leaves_the_file_alone(config_file, cli):
    config_file.write_text("[buttons]\nenabled = true  # the gym's buttons\n")
    before = config_file.read_bytes()
    result = kiosk(cli, config_file, "config", "set", "buttons.enabled", "yes")
    assert result.returncode == 0, result.stderr
    assert "(unchanged)" in result.stdout and f"no change to {config_file}" in result.stdout
    assert "no kiosk is running" not in result.stdout  # nothing to reload
    assert config_file.read_bytes() == before


def test_under_sudo_set_writes_only_the_system_file(tmp_path, cli, monkeypatch):
    # staff's sudo rule allows `kiosk config set`: --config must not turn it into "write any file as root"
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    target = tmp_path / "profile.sh"
    result = cli(
        "config", "set", "--config", str(target), "camera.source", "demo", env={"SUDO_USER": "staff"}
    )
    assert result.returncode == 1 and not target.exists()
    assert error_lines(result) == [
        f"kiosk: error: under sudo, kiosk config writes only /etc/kiosk/config.toml, not {target}; "
        f"{target} is unchanged"
    ]
    assert cli("config", "set", "--config", str(target), "camera.source", "demo").returncode == 0


@pytest.mark.parametrize(
    ("editor", "phrase"),
    [
        ('"x', "cannot be run (No closing quotation): fix $VISUAL or $EDITOR"),
        ("rm", "the editor removed the copy"),
        ('sh -c \'printf "# caf\\351\\n" >> "$0"\'', "is not UTF-8 text (save it as UTF-8)"),
        # A comment 2 MB long: valid TOML, but every other command refuses a file over 1 MB.
        ('sh -c \'head -c 2000000 /dev/zero | tr "\\0" "#" >> "$0"\'', "is larger than 1 MB"),
    ],
)
def test_an_edit_that_cannot_be_used_is_one_line_and_the_file_is_unchanged(
    config_file, temporary_folder, cli, editor, phrase
):
    before = config_file.read_bytes()
    result = kiosk(cli, config_file, "config", "edit", EDITOR=editor)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(error_lines(result)) == 1 and phrase in error_lines(result)[0], result.stderr
    assert f"{config_file} is unchanged" in error_lines(result)[0]
    assert config_file.read_bytes() == before
    assert cli("config", "validate", config_file).returncode == 0
