"""Files in folders the service user owns, read and written by root: never followed, never waited on.

The kiosk's user owns /run/kiosk (state.json, settings.json) and /var/lib/kiosk (calibration,
last-good). Root runs ``kiosk run`` and ``sudo kiosk config ...`` over them, so whatever that user
plants there (a link to a root-only file, a FIFO, malformed JSON) must cost root nothing.
"""

import json
import os
import re
import subprocess
import sys
import time

import pytest

from kiosk.system.state import write_state

from ..conftest import FIXTURES, ROOT

TRACK = FIXTURES / "tree_pose.track.jsonl"
TREE_POSE = FIXTURES / "tree_pose.jpeg"

OTHER_UID = 65534  # nobody


def others_folder(path):
    """A folder another user can write: theirs when we are root (as /run/kiosk), else world-writable."""
    path.mkdir()
    if os.geteuid() == 0:
        os.chown(path, OTHER_UID, OTHER_UID)
    else:
        path.chmod(0o1777)
    return path


@pytest.mark.parametrize("name", ["state.json", "settings.json"])
def test_root_never_writes_through_a_link_the_service_user_planted(tmp_path, name):
    secret = tmp_path / "v"
    secret.write_text("root's own\n")
    run = others_folder(tmp_path / "run")
    (run / name).symlink_to(secret)
    assert write_state({"pid": os.getpid(), "screen": "attract"}, run / name) is False
    assert secret.read_text() == "root's own\n" and (run / name).is_symlink()


def test_an_output_link_is_followed_in_ones_own_folder_and_refused_in_anothers(tmp_path, capsys):
    from kiosk.cli import main

    target = tmp_path / "real.json"
    (tmp_path / "report.json").symlink_to(target)
    assert main(["analyze", str(TRACK), "--exercise", "squat", "-o", str(tmp_path / "report.json")]) == 0
    assert json.loads(target.read_text())["exercise"] == "squat"
    shared = others_folder(tmp_path / "shared")
    (shared / "report.json").symlink_to(tmp_path / "secret")
    assert main(["analyze", str(TRACK), "--exercise", "squat", "-o", str(shared / "report.json")]) == 2
    assert "is a symbolic link" in capsys.readouterr().err and not (tmp_path / "secret").exists()


def kiosk_child(*args, env=None, timeout=30):
    """The real command line in a child that is killed if it hangs (a FIFO read blocks forever)."""
    full_env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **(env or {})}
    try:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", *map(str, args)], capture_output=True, text=True,
            env=full_env, timeout=timeout, cwd=ROOT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"kiosk {' '.join(map(str, args))} hung")


@pytest.mark.parametrize(
    ("setting", "args", "phrase"),
    [
        (None, ["config", "validate", "{fifo}"], "config file {fifo} is not a regular file"),
        (None, ["run", "--config", "{fifo}", "--frames", "1"], "config file {fifo} is not a regular file"),
        (
            '[model]\npath = "{fifo}"\n',
            ["pose", TREE_POSE, "--config", "{config}"],
            "model file {fifo} is not",
        ),
        (
            '[program]\nexercises_file = "{fifo}"\n',
            ["config", "validate", "{config}"],
            "{fifo} is not a regular",
        ),
    ],
)
def test_a_fifo_wherever_a_file_is_read_is_refused_at_once(tmp_path, setting, args, phrase):
    fifo = tmp_path / "planted.fifo"
    os.mkfifo(fifo)
    config = tmp_path / "config.toml"
    if setting is not None:
        config.write_text(setting.format(fifo=fifo))
    result = kiosk_child(*[str(a).format(fifo=fifo, config=config) for a in args])
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode in (1, 2) and len(errors) == 1, result.stderr[-2000:]
    assert phrase.format(fifo=fifo) in errors[0], errors


def service_files(folder, state_extra=(), settings=None):
    """A state.json (and settings.json) as a running kiosk (this test's process) would have written."""
    state = {"pid": os.getpid(), "updated": time.time(), "started": time.time() - 60, "screen": "attract"}
    (folder / "state.json").write_text(json.dumps({**state, **dict(state_extra)}))
    if settings is not None:
        (folder / "settings.json").write_text(json.dumps({"pid": os.getpid(), **settings}))
    return folder / "state.json"


MALFORMED_STATE = {"throttled": "x", "cpu_temperature_c": "hot", "fps": [1]}
MALFORMED_SETTINGS = {"settings": {"buttons": [17]}, "sources": {}, "variables": {}}


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["config", "set", "coach.knee_in_offset", "0.07"],
        ["config", "validate"],
        ["config", "diff"],
    ],
)
def test_malformed_state_and_settings_files_cost_no_traceback(tmp_path, cli, args):
    state = service_files(tmp_path, MALFORMED_STATE, MALFORMED_SETTINGS)
    config = tmp_path / "config.toml"
    config.write_text("[coach]\nknee_in_offset = 0.06\n")
    result = cli(*args, env={"KIOSK_STATE": state, "KIOSK_CONFIG": config})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    if args == ["status"]:
        assert re.search(r"CPU +unknown", result.stdout) and re.search(r"throttling +unknown", result.stdout)


def test_status_shows_escape_sequences_from_the_state_file_escaped(tmp_path, cli):
    state = service_files(tmp_path, {"screen": "attract\x1b]0;owned\x07\x1b[2J", "last_error": "a\rb"})
    result = cli("status", env={"KIOSK_STATE": state})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
    assert "attract\\x1b]0;owned\\x07\\x1b[2J" in result.stdout and "a\\rb" in result.stdout


@pytest.mark.parametrize("planted", ["state.json", "settings.json", "calibration.toml"])
@pytest.mark.parametrize(
    "args",
    [["config", "set", "coach.knee_in_offset", "0.07"], ["status"], ["config", "diff"],
     ["config", "get", "coach.knee_in_offset"], ["config", "show", "--effective"]],
)  # fmt: skip
def test_a_fifo_as_the_service_users_file_never_hangs_roots_command(tmp_path, planted, args):
    state = service_files(tmp_path, settings=MALFORMED_SETTINGS if planted != "settings.json" else None)
    (tmp_path / planted).unlink(missing_ok=True)
    os.mkfifo(tmp_path / planted)
    config = tmp_path / "config.toml"
    config.write_text("[coach]\nknee_in_offset = 0.06\n")
    env = {"KIOSK_STATE": state, "KIOSK_CONFIG": config, "KIOSK_CALIBRATION": tmp_path / "calibration.toml"}
    result = kiosk_child(*args, env={name: str(value) for name, value in env.items()})
    assert result.returncode in (0, 3) and "Traceback" not in result.stderr, result.stderr[-2000:]
