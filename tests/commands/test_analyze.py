"""``kiosk analyze`` on keypoint tracks and real footage, through the command line's real ``main``."""

import json

import cv2
import pytest

from kiosk.coach.built_in_exercises import EXERCISE_IDS
from kiosk.coach.safety import SAFETY_TEXT
from kiosk.pose.track_file import TrackHeader, write_track

from ..coach.floor_motion import bridges
from ..coach.motion import Person, Rep, end_time, nobody, squats, stand
from ..conftest import FIXTURES, error_lines


@pytest.fixture
def squat_track(tmp_path):
    """Four squats, the second and fourth with the left knee caving, then the person leaves."""
    person = Person(noise=2.0)
    frames = stand(person, 1.5, 0.0)
    frames += squats(person, [Rep(), Rep(left_knee_in=0.12), Rep(), Rep(left_knee_in=0.12)], end_time(frames))
    frames += nobody(1.0, end_time(frames))
    path = tmp_path / "set.jsonl"
    with path.open("w") as stream:
        write_track(stream, TrackHeader(1280, 720, 30.0, "hand-made"), frames)
    return path


def test_the_json_report_has_every_rep_with_its_faults_and_a_summary(squat_track, tmp_path, cli):
    out = tmp_path / "report.json"
    result = cli("analyze", squat_track, "--exercise", "squat", "--json", "-o", out)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == json.loads(out.read_text())
    assert report["exercise"] == "squat"
    assert [rep["faults"] for rep in report["reps"]] == [[], ["left_knee_in"], [], ["left_knee_in"]]
    first = report["reps"][0]
    assert first["start"] < first["bottom"] < first["end"]
    assert {"depth", "fppa_left", "knee_offset_right", "kasr", "pelvic_tilt", "trunk_lean"} <= set(
        first["metrics"]
    )
    summary = report["summary"]
    assert (summary["reps"], summary["good_share"]) == (4, 0.5)
    assert summary["asymmetry"]["left_knee_in"] == 2 and summary["asymmetry"]["right_knee_in"] == 0
    assert summary["note"] == SAFETY_TEXT


def test_the_readable_table_and_the_plot(squat_track, tmp_path, cli):
    plot = tmp_path / "knees.png"
    result = cli("analyze", squat_track, "--exercise", "squat", "--plot", plot)
    assert result.returncode == 0, result.stderr
    assert "left_knee_in" in result.stdout and "reps 4, judged 4, good 2 (50%)" in result.stdout
    image = cv2.imread(str(plot))
    assert image.shape[0] >= 400 and image.std() > 20


@pytest.mark.parametrize(
    ("clip", "squats"), [("side_barbell_squat.mp4", 2), ("side_bodyweight_squat.gif", 1)]
)
def test_side_view_footage_counts_the_squats_but_says_it_cannot_judge_them(clip, squats, cli):
    result = cli("analyze", FIXTURES / clip, "--exercise", "squat", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["reps"] == squats
    assert all(rep["faults"] == [] and not rep["judged"] for rep in report["reps"])
    assert report["summary"]["judged_reps"] == 0
    assert "needs a front view" in report["summary"]["message"]


@pytest.mark.parametrize("exercise", EXERCISE_IDS)
def test_every_exercise_can_be_analysed(squat_track, exercise, cli):
    result = cli("analyze", squat_track, "--exercise", exercise, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["exercise"] == exercise and isinstance(report["summary"]["reps"], int)


def test_a_side_view_exercise_filmed_from_the_front_says_so_and_counts_nothing(squat_track, cli):
    report = json.loads(cli("analyze", squat_track, "--exercise", "hip_hinge", "--json").stdout)
    assert report["reps"] == [] and "needs a side view" in report["summary"]["message"]


def test_the_table_shows_bridges_with_their_angle_and_faults(tmp_path, cli):
    track = tmp_path / "bridges.jsonl"
    with track.open("w") as stream:
        write_track(
            stream, TrackHeader(1280, 720, 30.0, "hand-made"), bridges([(1.0, 0.35), (0.5, 0.35)], 0.0)
        )
    result = cli("analyze", track, "--exercise", "glute_bridge")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "hip_extension 180" in lines[3] and lines[3].endswith("good")
    assert lines[4].endswith("hips_low") and "reps 2 (left 0, right 0), good 1 (50%)" in result.stdout


def test_the_hinge_check_on_real_side_view_squats_counts_them_and_says_the_knees_bend(cli):
    """A squat moves the hips back and tips the trunk like a hinge, but bends the knees: not a hinge."""
    report = json.loads(
        cli("analyze", FIXTURES / "side_barbell_squat.mp4", "--exercise", "hip_hinge", "--json").stdout
    )
    assert report["summary"]["reps"] == 2
    for rep in report["reps"]:
        assert rep["faults"] == ["knees_bend"]
        assert rep["metrics"]["hips_back"] > 0.08 and rep["metrics"]["knee_bend"] > 45


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--exercise", "burpee"], "unknown exercise 'burpee': choose one of squat, reverse_lunge"),
        (["--exercise", "squat", "--plot", "knees.txt"], "--plot knees.txt: give a file ending in .png"),
        (["--exercise", "squat", "-o", "no/such/dir/r.json"], "folder no/such/dir does not exist"),
    ],
)
def test_bad_arguments_get_one_line(squat_track, args, phrase, cli):
    result = cli("analyze", squat_track, *args)
    assert result.returncode == 2
    assert error_lines(result) == [f"kiosk: error: {phrase}"] or phrase in error_lines(result)[0]
    assert len(error_lines(result)) == 1


def test_a_malformed_track_names_its_line(tmp_path, cli):
    track = tmp_path / "bad.jsonl"
    track.write_text(
        '{"format": "kiosk-track/1", "width": 640, "height": 480, "fps": 30}\n{"t": 0, "keypoints": [1]}\n'
    )
    result = cli("analyze", track, "--exercise", "squat")
    assert result.returncode == 2
    assert error_lines(result) == [
        f"kiosk: error: {track} line 2: keypoints must be 17 [x, y, score] triples (got 1)"
    ]


def test_an_unreadable_source(tmp_path, cli):
    video = tmp_path / "clip.mp4"
    video.write_text("nope")
    result = cli("analyze", video, "--exercise", "squat")
    assert result.returncode == 2 and "clip.mp4 is not a readable video" in error_lines(result)[0]
    assert len(error_lines(result)) == 1
    result = cli("analyze", tmp_path / "missing.jsonl", "--exercise", "squat")
    assert result.returncode == 2 and "missing.jsonl not found" in error_lines(result)[0]


def test_a_long_track_is_analysed_in_constant_memory(tmp_path, capsys):
    """A track is read line by line as the coach takes it: 900 lines hold no more memory than 300.

    (Both are longer than the few seconds either side of a frame that decide its standing posture,
    which are all that is held.)
    """
    import tracemalloc

    from kiosk.commands.analyze import analyze_command
    from kiosk.config import Config

    lines = (FIXTURES / "tree_pose.track.jsonl").read_text().splitlines()

    def track(count):
        path = tmp_path / f"{count}.jsonl"
        frames = (json.dumps({**json.loads(lines[1 + i % 3]), "t": i / 30}) for i in range(count))
        path.write_text("\n".join([lines[0], *frames]) + "\n")
        return path

    # A first, short run untraced: what the first run allocates once (imports, caches) is not the track's.
    analyze_command(Config(), track(30), "squat", False, None, None)
    peaks = []
    for count in (300, 900):
        path = track(count)
        tracemalloc.start()
        try:
            analyze_command(Config(), path, "squat", False, None, None)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert "reps 0" in capsys.readouterr().out
    assert peaks[1] < peaks[0] + 50_000, peaks  # read whole, 900 lines take about 290 kB more than 300


def shifted_track(path, frames, shift):
    """The same frames with each t passed through ``shift(index, t)`` (a gap, other units)."""
    with path.open("w") as stream:
        write_track(
            stream, TrackHeader(1280, 720, 30.0, "hand-made"),
            [(shift(i, t), pose) for i, (t, pose) in enumerate(frames)],
        )  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("name", "shift"),
    [("year_gap", lambda i, t: t + (3.2e7 if i >= 200 else 0.0)), ("microseconds", lambda i, t: t * 1e6)],
)
def test_huge_timestamps_are_analysed_without_walking_the_gap(tmp_path, name, shift):
    person = Person(noise=2.0)
    frames = stand(person, 1.5, 0.0)
    frames += squats(person, [Rep(), Rep(), Rep()], end_time(frames))
    frames += stand(person, 1.5, end_time(frames))
    frames += squats(person, [Rep(), Rep(), Rep()], end_time(frames))
    track = shifted_track(tmp_path / f"{name}.jsonl", frames, shift)
    result = analyze_in_a_child(track, "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    if name == "year_gap":
        starts = [rep["start"] for rep in json.loads(result.stdout)["reps"]]
        assert starts and max(starts) > 3.2e7  # the reps after the gap are counted too


def test_a_track_in_nanoseconds_is_refused_with_its_line(tmp_path):
    person = Person(noise=2.0)
    track = shifted_track(tmp_path / "ns.jsonl", stand(person, 1.0, 0.0), lambda i, t: 1.7e18 + t * 1e9)
    result = analyze_in_a_child(track)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and "ns.jsonl line 2: t is 1.7e+18" in errors[0]
    assert "give t in seconds" in errors[0]


def analyze_in_a_child(track, *args):
    """``kiosk analyze`` in a child that is stopped if it spins (it walked a 0.25 s grid across any gap)."""
    import subprocess
    import sys

    from ..conftest import ROOT

    try:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "analyze", str(track), "--exercise", "squat", *args],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("kiosk analyze spun on the timestamps")
