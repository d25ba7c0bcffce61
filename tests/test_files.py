"""Files the command line writes: `-o` never replaces a device or a pipe, folders are refused, modes kept."""

import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from .conftest import FIXTURES, ROOT

TRACK = FIXTURES / "tree_pose.track.jsonl"
CLIP = FIXTURES / "side_bodyweight_squat.gif"


def kiosk(capsys, *args):
    """The command line in this process (quicker than a child, and the same error handling)."""
    from kiosk.cli import main

    code = main([str(arg) for arg in args])
    return code, capsys.readouterr().err.splitlines()


def test_output_into_a_pipe_is_streamed_and_the_pipe_stays_a_pipe(tmp_path, capsys):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()), daemon=True)
    reader.start()
    code, errors = kiosk(capsys, "analyze", TRACK, "--exercise", "squat", "-o", pipe)
    reader.join(5)
    assert code == 0, errors
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
def test_a_folder_given_as_the_output_is_refused_in_one_line_before_any_work(tmp_path, capsys, args):
    (tmp_path / "plot.png").mkdir()
    code, errors = kiosk(capsys, *[str(a).format(folder=tmp_path) for a in args])
    assert code == 2 and len(errors) == 1 and "it is a folder; give a file name" in errors[0], errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]  # nothing rendered, nothing left


def test_an_output_in_a_place_that_cannot_be_written_is_one_line(capsys):
    code, errors = kiosk(capsys, "analyze", TRACK, "--exercise", "squat", "-o", "/proc/report.json")
    assert code == 2 and len(errors) == 1 and "cannot write /proc/report.json" in errors[0], errors


def test_a_new_output_is_0644_and_a_replaced_one_keeps_its_mode(tmp_path, capsys):
    new, private = tmp_path / "new.json", tmp_path / "private.json"
    private.write_text("earlier")
    private.chmod(0o600)
    umask = os.umask(0o022)  # the usual one
    try:
        assert kiosk(capsys, "analyze", TRACK, "--exercise", "squat", "-o", new)[0] == 0
        assert kiosk(capsys, "analyze", TRACK, "--exercise", "squat", "-o", private)[0] == 0
    finally:
        os.umask(umask)
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


def test_kiosk_files_is_the_one_writer():
    """Every file the product writes goes through kiosk/files.py: no second atomic (or non-atomic) writer."""
    import ast

    # The one exception: the private scratch copy `kiosk config edit` hands the editor, never the file itself.
    scratch = {("kiosk/commands/config.py", "tempfile.mkstemp"), ("kiosk/commands/config.py", "os.fdopen")}
    writers = {
        "write_text",
        "write_bytes",
        "imwrite",
        "savefig",
        "image.save",
        "mkstemp",
        "os.replace",
        "os.rename",
    }
    found = []
    for path in sorted([*ROOT.glob("kiosk/**/*.py"), *ROOT.glob("hardware/**/*.py")]):
        name = str(path.relative_to(ROOT))
        if name == "kiosk/files.py":
            continue
        tree = ast.parse(path.read_text())
        handed = set()  # what runs inside write_file(...) or write_file_from(...) writes through them
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("write_file", "write_file_from"):
                handed.update(id(inner) for arg in node.args for inner in ast.walk(arg))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in handed:
                continue
            called = ast.unparse(node.func)
            modes = [arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant)]
            opened = called.split(".")[-1] in ("open", "fdopen") and any(
                set(str(m)) & set("wax+") for m in modes
            )
            named = any(called == w or called.endswith("." + w) for w in writers)
            if (named or opened) and (name, called) not in scratch:
                found.append(f"{name}:{node.lineno}: {called}")
    assert not found, "files written outside kiosk/files.py:\n" + "\n".join(found)
