"""Files the command line writes: `-o` never replaces a device or a pipe, folders are refused, modes kept."""

import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from .conftest import FIXTURES, ROOT, error_lines, run_cli

TRACK = FIXTURES / "tree_pose.track.jsonl"
CLIP = FIXTURES / "side_bodyweight_squat.gif"


def test_output_into_a_pipe_is_streamed_and_the_pipe_stays_a_pipe(tmp_path):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()), daemon=True)
    reader.start()
    result = run_cli("analyze", TRACK, "--exercise", "squat", "-o", pipe)
    reader.join(5)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode), "the pipe was replaced by a regular file"
    assert received and json.loads(received[0])["exercise"] == "squat"


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", TRACK, "--exercise", "squat", "-o", "{folder}"],
        ["analyze", TRACK, "--exercise", "squat", "--plot", "{folder}/plot.png"],
        ["pose", CLIP, "-o", "{folder}"],
        ["athlete", "--reps", "1", "-o", "{folder}/clip.mp4", "--truth", "{folder}"],
    ],
    ids=["analyze -o", "analyze --plot", "pose -o", "athlete --truth"],
)
def test_a_folder_given_as_the_output_is_refused_in_one_line_before_any_work(tmp_path, args):
    (tmp_path / "plot.png").mkdir()
    result = run_cli(*[str(a).format(folder=tmp_path) for a in args])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(error_lines(result)) == 1 and "it is a folder; give a file name" in error_lines(result)[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]  # nothing rendered, nothing left


def test_an_output_in_a_place_that_cannot_be_written_is_one_line():
    result = run_cli("analyze", TRACK, "--exercise", "squat", "-o", "/proc/report.json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(error_lines(result)) == 1 and "cannot write /proc/report.json" in error_lines(result)[0]


def analyze_to(path):
    """``kiosk analyze`` writing ``path``, with the usual umask of 022."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "analyze", str(TRACK), "--exercise", "squat", "-o", str(path)],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=lambda: os.umask(0o022), timeout=60,
    )  # fmt: skip


def test_a_new_output_is_0644_and_a_replaced_one_keeps_its_mode(tmp_path):
    new, private = tmp_path / "new.json", tmp_path / "private.json"
    private.write_text("earlier")
    private.chmod(0o600)
    assert analyze_to(new).returncode == 0 and analyze_to(private).returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert json.loads(private.read_text())["exercise"] == "squat"


def test_standard_output_on_a_full_disk_is_one_line():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "analyze", str(TRACK), "--exercise", "squat", "--json"],
            cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "kiosk: error: cannot write to standard output (No space left on device)\n"
