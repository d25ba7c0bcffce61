"""``kiosk athlete`` and the athlete as a live source, run as a person runs them."""

import json

import cv2
import pytest

from kiosk.pose.track_file import read_track

from ..conftest import error_lines


def test_it_writes_the_clip_and_its_truth(tmp_path, cli):
    clip, truth = tmp_path / "clip.mp4", tmp_path / "truth.jsonl"
    result = cli(
        "athlete", "--exercise", "squat", "--reps", "3",
        "--fault", "left_knee_in:15@2", "--fault", "right_knee_in:10@3", "-o", clip, "--truth", truth,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    capture = cv2.VideoCapture(str(clip))
    frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    assert (capture.get(cv2.CAP_PROP_FRAME_WIDTH), capture.get(cv2.CAP_PROP_FRAME_HEIGHT)) == (1280, 720)
    header, track = read_track(truth)
    assert len(track) == frames and header.source == "athlete:squat"
    reps = json.loads(truth.read_text().splitlines()[0])["truth"]["reps"]
    assert [rep["faults"] for rep in reps] == [{}, {"left_knee_in": 15.0}, {"right_knee_in": 10.0}]
    assert reps[1]["fppa_left"] > reps[0]["fppa_left"] + 20
    assert all(rep["start"] < rep["bottom"] < rep["end"] for rep in reps)


def test_the_coach_finds_the_scripted_faults_in_the_rendered_clip(tmp_path, cli):
    clip = tmp_path / "clip.mp4"
    cli("athlete", "--reps", "4", "--fault", "left_knee_in:20@3", "-o", clip)
    report = json.loads(cli("analyze", clip, "--exercise", "squat", "--json").stdout)
    assert [rep["faults"] for rep in report["reps"]] == [[], [], ["left_knee_in"], []]


def test_the_new_variations_reach_the_truth_and_a_raw_track_that_analyze_reads(tmp_path, cli):
    clip, truth, raw = tmp_path / "clip.mp4", tmp_path / "truth.jsonl", tmp_path / "raw.jsonl"
    result = cli(
        "athlete", "--reps", "2", "--fps", "10", "--start-mid-rep", "0.3", "--tail", "0.3",
        "--turn", "30", "--arms", "bar", "--knees-out", "10", "--camera-height", "0.4", "--pitch", "auto",
        "--head-out", "0.5", "--fault", "shallow:0.25@2", "-o", clip, "--truth", truth,
        "--raw-track", raw, "--noise", "6", "--dropout", "0.05",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    header = json.loads(truth.read_text().splitlines()[0])["truth"]
    assert header["camera"]["pitch_deg"] < 0 and header["camera"]["principal_y_px"] is not None
    assert header["motion"]["turn"] == 30 and header["motion"]["arms"] == "bar"
    assert header["motion"]["lead_in"] == pytest.approx(-0.66)
    assert [rep["depth"] for rep in header["reps"]] == [1.0, 0.25]
    _, frames = read_track(raw)
    assert len(frames) == len(read_track(truth)[1])
    report = cli("analyze", raw, "--exercise", "squat", "--json")
    assert report.returncode == 0 and "reps" in json.loads(report.stdout)


def test_a_non_rep_clip_has_zero_reps_in_its_truth(tmp_path, cli):
    truth = tmp_path / "truth.jsonl"
    result = cli("athlete", "--exercise", "pick_up", "--reps", "1", "--fps", "10", "-o",
                     tmp_path / "clip.mp4", "--truth", truth)  # fmt: skip
    assert result.returncode == 0, result.stderr
    header = json.loads(truth.read_text().splitlines()[0])["truth"]
    assert header["reps"] == [] and header["counts_reps"] is False


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--fault", "left_knee_in:15@9"], "there are only 6 reps"),
        (["--fault", "knees:15@2"], "--fault: fault kind 'knees' is not one of"),
        (["--exercise", "burpee"], "unknown exercise 'burpee' for the athlete"),
        (["--height", "3"], "must be between 1.4 and 2.1 metres"),
        (["--pitch", "40"], "must be between -30 and 30 degrees, or 'auto'"),
        (["--turn", "90"], "must be between -60 and 60 degrees"),
        (["--arms", "up"], "invalid choice: 'up'"),
        (["--knees-out", "-5"], "must be between 0 and 30 degrees"),
        (["--start-mid-rep", "0.6"], "must be between 0.01 and 0.45 of the first rep"),
        (["--lead-in", "1", "--start-mid-rep", "0.2"], "give --lead-in or --start-mid-rep, not both"),
        (["--noise", "6"], "--noise and --dropout apply to --raw-track FILE"),
        (
            ["--pitch", "auto", "--distance", "1.5", "--camera-height", "0.3", "--height", "2"],
            "does not fit in the picture",
        ),
        (
            ["--pitch", "-30", "--camera-height", "2.5", "--distance", "1.5", "--height", "2.1"],
            "has part of the person beside or behind it",
        ),
    ],
)
def test_bad_arguments_get_one_line(tmp_path, args, phrase, cli):
    result = cli("athlete", *args, "-o", tmp_path / "clip.mp4")
    assert result.returncode == 2
    assert len(error_lines(result)) == 1 and phrase in error_lines(result)[0]
    assert not (tmp_path / "clip.mp4").exists()


def test_kiosk_run_shows_the_athlete_live(tmp_path, cli):
    shot = tmp_path / "athlete.png"
    result = cli("run", "--source", "athlete:step_down", "--frames", "20", "--screenshot", shot)
    assert result.returncode == 0, result.stderr
    assert "athlete:step_down" in result.stderr
    assert cv2.imread(str(shot)).std() > 20


def test_an_unknown_athlete_exercise_is_refused(cli):
    result = cli("run", "--source", "athlete:burpee")
    assert result.returncode == 2
    assert "unknown source 'athlete:burpee'" in error_lines(result)[0]
