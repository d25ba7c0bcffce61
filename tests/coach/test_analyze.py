"""``kiosk analyze`` on keypoint tracks and real footage, run as a person runs it."""

import json

import cv2
import pytest

from kiosk.pose.track import TrackHeader, write_track

from ..conftest import FIXTURES, error_lines, run_cli
from .motion import Person, Rep, end_time, nobody, squats, stand


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


def test_the_json_report_has_every_rep_with_its_faults_and_a_summary(squat_track, tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("analyze", squat_track, "--exercise", "squat", "--json", "-o", out)
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
    assert "not diagnosis" in summary["note"]


def test_the_readable_table_and_the_plot(squat_track, tmp_path):
    plot = tmp_path / "knees.png"
    result = run_cli("analyze", squat_track, "--exercise", "squat", "--plot", plot)
    assert result.returncode == 0, result.stderr
    assert "left_knee_in" in result.stdout and "reps 4, judged 4, good 2 (50%)" in result.stdout
    image = cv2.imread(str(plot))
    assert image.shape[0] >= 400 and image.std() > 20


@pytest.mark.parametrize("clip", ["side_barbell_squat.mp4", "side_bodyweight_squat.gif"])
def test_side_view_footage_says_it_cannot_judge_rather_than_invent_faults(clip):
    result = run_cli("analyze", FIXTURES / clip, "--exercise", "squat", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert all(rep["faults"] == [] and not rep["judged"] for rep in report["reps"])
    assert report["summary"]["judged_reps"] == 0
    assert "needs a front view" in report["summary"]["message"]


def test_the_side_view_gym_clip_has_its_two_squats_counted():
    report = json.loads(
        run_cli("analyze", FIXTURES / "side_barbell_squat.mp4", "--exercise", "squat", "--json").stdout
    )
    assert report["summary"]["reps"] == 2


def test_an_exercise_not_judged_yet_says_so(squat_track):
    report = json.loads(run_cli("analyze", squat_track, "--exercise", "clamshell", "--json").stdout)
    assert (
        report["reps"] == [] and report["summary"]["message"] == "The coach cannot judge the clamshell yet."
    )


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--exercise", "burpee"], "unknown exercise 'burpee': choose one of squat, reverse_lunge"),
        (["--exercise", "squat", "--plot", "knees.txt"], "--plot knees.txt: give a file ending in .png"),
        (["--exercise", "squat", "-o", "no/such/dir/r.json"], "folder no/such/dir does not exist"),
    ],
)
def test_bad_arguments_get_one_line(squat_track, args, phrase):
    result = run_cli("analyze", squat_track, *args)
    assert result.returncode == 2
    assert error_lines(result) == [f"kiosk: error: {phrase}"] or phrase in error_lines(result)[0]
    assert len(error_lines(result)) == 1


def test_a_malformed_track_names_its_line(tmp_path):
    track = tmp_path / "bad.jsonl"
    track.write_text(
        '{"format": "kiosk-track/1", "width": 640, "height": 480, "fps": 30}\n{"t": 0, "keypoints": [1]}\n'
    )
    result = run_cli("analyze", track, "--exercise", "squat")
    assert result.returncode == 2
    assert error_lines(result) == [
        f"kiosk: error: {track} line 2: keypoints must be 17 [x, y, score] triples (got 1)"
    ]


def test_an_unreadable_source(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_text("nope")
    result = run_cli("analyze", video, "--exercise", "squat")
    assert result.returncode == 2 and "clip.mp4 is not a readable video" in error_lines(result)[0]
    assert len(error_lines(result)) == 1
    result = run_cli("analyze", tmp_path / "missing.jsonl", "--exercise", "squat")
    assert result.returncode == 2 and "missing.jsonl not found" in error_lines(result)[0]
