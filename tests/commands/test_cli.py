"""The ``kiosk`` command line: its real ``main`` in this process (the ``cli`` fixture), and in a child
process where the process itself is under test (what it can import, a memory limit)."""

import json
import struct
import zlib

import cv2
import numpy as np
import pytest

from ..conftest import FIXTURES, OBLIQUE_CLIP, TREE_POSE, error_lines, run_cli


def assert_one_line_error(result, code, *phrases):
    lines = error_lines(result)
    assert result.returncode == code, result.stderr
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_pose_json_gives_17_keypoints_in_image_pixels_with_anatomical_sides(cli):
    result = cli("pose", TREE_POSE, "--json")
    assert result.returncode == 0, result.stderr
    keypoints = json.loads(result.stdout)["keypoints"]
    assert len(keypoints) == 17 and all(len(k) == 3 for k in keypoints)
    left_knee, right_knee = keypoints[13], keypoints[14]
    # Her left (standing) knee, hand-marked at (238, 478); her right knee is bent out at (104, 415).
    assert abs(left_knee[0] - 238) < 15 and abs(left_knee[1] - 478) < 15
    assert abs(right_knee[0] - 104) < 15 and abs(right_knee[1] - 415) < 15


def test_pose_without_json_prints_a_readable_table(cli):
    result = cli("pose", TREE_POSE)
    assert result.returncode == 0
    assert "left_knee" in result.stdout and "score" in result.stdout


def test_pose_on_a_picture_with_nobody_exits_1(tmp_path, cli):
    empty = tmp_path / "balcony.png"
    cv2.imwrite(str(empty), cv2.imread(str(TREE_POSE))[:200, :120])
    result = cli("pose", empty, "--json")
    assert_one_line_error(result, 1, "no person found in", "balcony.png")
    assert result.stdout == ""


def test_pose_on_a_file_that_is_not_an_image(tmp_path, cli):
    notes = tmp_path / "photo.jpg"
    notes.write_text("this is not a picture")
    assert_one_line_error(cli("pose", notes), 2, "photo.jpg is not an image")


def test_pose_on_a_missing_file(cli):
    assert_one_line_error(cli("pose", "no/such/photo.jpg"), 2, "not found")


def test_run_headless_writes_the_last_screen_it_drew(tmp_path, cli):
    shot = tmp_path / "out.png"
    result = cli("run", "--source", OBLIQUE_CLIP, "--start", "squat", "--frames", "30", "--screenshot", shot)
    assert result.returncode == 0, result.stderr
    screen = cv2.imread(str(shot))
    assert screen.shape == (1080, 1920, 3)
    # The picture area shows the clip's 30th frame (index 29, or one near it when the machine is busy) flipped
    # left to right and zoomed to the person: a part of the frame as wide as the clip, found where it matches
    # the flipped frame best.
    capture = cv2.VideoCapture(str(OBLIQUE_CLIP))
    frames = [capture.read()[1] for _ in range(36)][22:]
    frame = frames[0]
    above_band = round(1080 * 0.81)
    lit = (screen[:above_band].max(axis=2) > 0).sum(axis=0)
    columns = np.flatnonzero(lit > above_band - 10)  # the picture's columns: lit from top to band
    shown = screen[:above_band, columns.min() : columns.max() + 1]
    scale = shown.shape[1] / frame.shape[1]
    middle = shown[:, shown.shape[1] // 5 : shown.shape[1] * 4 // 5]  # clear of text boxes at its sides
    size = (round(middle.shape[1] / scale / 8), round(middle.shape[0] / scale / 8))
    template = cv2.resize(middle, size, interpolation=cv2.INTER_AREA).astype(np.float32)

    def best(picture):
        small = cv2.resize(
            picture, (picture.shape[1] // 8, picture.shape[0] // 8), interpolation=cv2.INTER_AREA
        )
        scores = cv2.matchTemplate(small.astype(np.float32), template, cv2.TM_SQDIFF)
        return np.sqrt(scores.min() / template.size)  # root-mean-square difference at the best place

    mirrored = min(best(np.ascontiguousarray(f[:, ::-1])) for f in frames)
    unmirrored = min(best(f) for f in frames)
    assert mirrored < 25 and unmirrored > 2 * mirrored, (mirrored, unmirrored)  # the legs are drawn over it


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (["--source", "camera"], ["unknown source 'camera'", "webcam"]),
        (["--source", "clips/missing.mp4"], ["missing.mp4 not found"]),
        (["--frames", "many"], ["--frames", "not a whole number"]),
        (["--frames", "0"], ["must be 1 or more"]),
        (["--screenshot", "no/such/folder/out.png"], ["folder no/such/folder does not exist"]),
        (["--screenshot", "out.txt"], ["ending in .png"]),
        (["--sauce", "demo"], ["unrecognized arguments: --sauce"]),
        (["--start", "plank"], ["--start: unknown start 'plank'", "routine", "squat"]),
    ],
)
def test_run_refuses_bad_arguments_in_one_line(args, phrases, cli):
    assert_one_line_error(cli("run", *args), 2, *phrases)


def test_a_kiosk_run_start_parses_its_source_once(cli, monkeypatch):
    """--source is parsed where the command line is read and handed down, not parsed again at each layer."""
    import sys

    import hardware.source_spec
    import kiosk.app.wiring  # noqa: F401  (the run path's modules, so each of their names for the parser is found)

    parse_source = hardware.source_spec.parse_source
    parsed = []

    def counted(text):
        parsed.append(text)
        return parse_source(text)

    for name, module in list(sys.modules.items()):
        if (
            name.split(".")[0] in ("kiosk", "hardware")
            and getattr(module, "parse_source", None) is parse_source
        ):
            monkeypatch.setattr(module, "parse_source", counted)
    result = cli("run", "--source", OBLIQUE_CLIP, "--frames", "2")
    assert result.returncode == 0, result.stderr
    assert parsed == [str(OBLIQUE_CLIP)]


def test_run_refuses_a_video_it_cannot_read(tmp_path, cli):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00" * 4096)
    assert_one_line_error(
        cli("run", "--source", clip, "--frames", "1"), 2, "clip.mp4 is not a readable video"
    )


def test_run_refuses_a_bad_configuration(tmp_path, cli):
    config = tmp_path / "kiosk.toml"
    config.write_text("[buttons]\nselect = 99\n")
    assert_one_line_error(cli("run", "--config", config), 2, "buttons.select", "less than or equal to 27")


def test_a_missing_model_names_the_file_and_exits_2(tmp_path, cli):
    config = tmp_path / "kiosk.toml"
    config.write_text(f"[model]\npath = '{tmp_path / 'movenet.tflite'}'\n")
    result = cli("run", "--config", config, "--source", "demo", "--frames", "1")
    assert_one_line_error(result, 2, "movenet.tflite is missing", "check [model] path")


def test_no_interpreter_installed_names_the_package_and_exits_2(tmp_path):
    shadow = tmp_path / "ai_edge_litert"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    result = run_cli("pose", TREE_POSE, env={"PYTHONPATH": str(tmp_path)})
    assert_one_line_error(result, 2, "no TFLite interpreter installed", "pip install ai-edge-litert")


def test_pose_on_a_video_writes_a_keypoint_track(tmp_path, cli):
    from kiosk.pose.track_file import read_track

    out = tmp_path / "squat.jsonl"
    result = cli("pose", FIXTURES / "side_bodyweight_squat.gif", "-o", out)
    assert result.returncode == 0, result.stderr
    header, frames = read_track(out)
    assert (header.width, header.height, header.fps, header.source) == (
        108,
        192,
        50.0,
        "side_bodyweight_squat.gif",
    )
    assert len(frames) == 87
    assert frames[-1].t == pytest.approx(86 / 50)
    assert sum(f.pose is not None for f in frames) > 80


def test_pose_on_a_video_prints_the_track_without_o(cli):
    result = cli("pose", FIXTURES / "side_bodyweight_squat.gif")
    lines = result.stdout.splitlines()
    assert json.loads(lines[0])["format"] == "kiosk-track/1"
    assert len(lines) == 88


def test_a_failed_pose_run_leaves_an_existing_output_file_alone(tmp_path, cli):
    out = tmp_path / "kept.jsonl"
    out.write_text("earlier work\n")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    assert_one_line_error(cli("pose", broken, "-o", out), 2, "broken.mp4 is not a readable video")
    assert out.read_text() == "earlier work\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4", "kept.jsonl"]


BENCH_FIELDS = {
    "frames", "fps", "inference_only_fps", "ratio", "core_ms_p50", "core_ms_p95", "inference_ms_p50",
    "frame_interval_ms_p50", "frame_interval_ms_p99", "latency_ms_p50", "latency_ms_p95",
    "pose_age_ms_p95", "dropped_display_frames", "rss_mb_start", "rss_mb_end", "device",
}  # fmt: skip


def test_bench_runs_the_app_loop_and_prints_one_json_object(cli):
    result = cli("bench", "--frames", "20", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) >= BENCH_FIELDS
    assert figures["frames"] == 20 and figures["fps"] > 0 and figures["inference_only_fps"] > 0
    assert figures["ratio"] == pytest.approx(figures["fps"] / figures["inference_only_fps"], abs=0.002)
    assert figures["core_ms_p50"] <= figures["core_ms_p95"] and figures["pose_age_ms_p95"] is not None
    assert figures["screen"].startswith("1920x1080")


def test_bench_on_a_video_file_reads_it_live(cli):
    result = cli("bench", "--source", OBLIQUE_CLIP, "--frames", "10", "--json", "--realtime")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["frames"] == 10 and figures["realtime"] and "oblique" in figures["source"]


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (["--frames", "0"], ["must be 1 or more"]),
        (["--source", "clips/missing.mp4"], ["missing.mp4 not found"]),
        (["--realtime", "yes"], ["unrecognized arguments: yes"]),
    ],
)
def test_bench_refuses_bad_arguments_in_one_line(args, phrases, cli):
    assert_one_line_error(cli("bench", *args), 2, *phrases)


def test_run_with_hud_shows_the_figures_in_a_corner(tmp_path, screenshots, cli):
    shot, plain = screenshots / "run-hud.png", tmp_path / "plain.png"
    for path, extra in ((shot, ["--hud"]), (plain, [])):
        args = ("--source", OBLIQUE_CLIP, "--start", "squat", "--frames", "40", "--screenshot", path)
        result = cli("run", *args, *extra)
        assert result.returncode == 0, result.stderr
    hud, without = cv2.imread(str(shot)), cv2.imread(str(plain))
    corner = hud[740:900, 8:400]  # at the left edge, above the cue band
    assert (corner.max(axis=2) > 200).mean() > 0.02  # white figures on a black panel
    assert (corner.max(axis=2) < 10).mean() > 0.5
    assert np.abs(corner.astype(int) - without[740:900, 8:400]).mean() > 5


def hostile_files(folder):
    """Small files that used to make the command line print a traceback or read forever."""
    deep = folder / "deep.toml"
    deep.write_text("[coach]\nknee_in_offset = " + "[" * 3000 + "]" * 3000 + "\n")
    huge = folder / "huge.jsonl"
    header = '{"format": "kiosk-track/1", "width": 640, "height": 480, "fps": 30}'
    huge.write_text(f'{header}\n{{"t": {"9" * 5000}, "keypoints": null}}\n')
    overflow = folder / "overflow.jsonl"
    points = ", ".join([f"[{'9' * 400}, 1, 0.5]"] + ["[1, 1, 0.5]"] * 16)
    overflow.write_text(f'{header}\n{{"t": 0, "keypoints": [{points}]}}\n')
    zero_model, zero_exercises = folder / "zero-model.toml", folder / "zero-exercises.toml"
    zero_model.write_text('[model]\npath = "/dev/zero"\n')
    zero_exercises.write_text('[program]\nexercises_file = "/dev/zero"\n')
    # PNG and GIF headers that claim a huge picture, with almost no data behind them.
    liar = folder / "liar.png"
    liar.write_bytes(png_header(30000, 30000))
    gif = folder / "wide.gif"
    gif.write_bytes(
        b"GIF89a" + struct.pack("<HHBBB", 16000, 16000, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
        + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00\x3b"
    )  # fmt: skip
    return {
        p.stem.replace("-", "_"): p for p in (deep, huge, overflow, zero_model, zero_exercises, liar, gif)
    }


def png_header(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = zlib.compress(b"\0" * (width * 3 + 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["config", "validate", "{deep}"], "deep.toml: not valid TOML: nested too deeply"),
        (["run", "--config", "{deep}"], "nested too deeply"),
        (["analyze", "{huge}", "--exercise", "squat", "--config", "{deep}"], "nested too deeply"),
        (["analyze", "{huge}", "--exercise", "squat"], "huge.jsonl line 2: not valid JSON (a number too"),
        (["analyze", "{overflow}", "--exercise", "squat"], "overflow.jsonl line 2: keypoint 0 is not [x, y"),
        (["run", "--source", "webcam:99999999999999999999"], "'webcam:N' with N from 0 to 1023"),
        (["pose", "{liar}"], "liar.png is 30000×30000 pixels, over the 50 megapixel limit"),
        (["pose", "{wide}"], "wide.gif has 16000×16000 frames, larger than 7680×4320"),
    ],
)
def test_hostile_inputs_are_refused_in_one_line(tmp_path, capsys, args, phrase):
    from kiosk.cli import main

    files = hostile_files(tmp_path)
    code = main([str(a).format(**files) for a in args])  # in this process: quicker, and the same handling
    errors = capsys.readouterr().err.splitlines()
    assert code in (1, 2) and len(errors) == 1 and phrase in errors[0], errors


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["config", "validate", "/dev/zero"], "config file /dev/zero is not a regular file"),
        (["run", "--config", "/dev/zero"], "config file /dev/zero is not a regular file"),
        (["pose", TREE_POSE, "--config", "{zero_model}"], "model file /dev/zero is not a regular file"),
        (["config", "validate", "{zero_exercises}"], "exercise file /dev/zero is not a regular file"),
    ],
)
def test_a_file_that_never_ends_is_refused_in_one_line(tmp_path, args, phrase):
    files = hostile_files(tmp_path)
    # In a child process: a read that never ends becomes a quick MemoryError there, not here.
    result = run_cli(*[str(a).format(**files) for a in args], memory_limit=6 << 30)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(error_lines(result)) == 1 and phrase in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize(
    ("setting", "args", "phrase"),
    [
        (
            None,
            ["run", "--source", "~nosuchuser/x.mp4", "--frames", "1"],
            "~nosuchuser is no user's home here",
        ),
        (None, ["run", "--source", "   ", "--frames", "1"], "the source is empty: use picamera"),
        ('[camera]\nsource = "~nosuchuser/x.mp4"\n', ["config", "validate", "{config}"], "is no user's home"),
        ('[camera]\nsource = "~nosuchuser/x.mp4"\n', ["run", "--config", "{config}"], "is no user's home"),
        ('[model]\npath = "/tmp/a\\u0000b"\n', ["run", "--config", "{config}"], "cannot hold a NUL byte"),
        (
            '[program]\nexercises_file = "a\\u0000b"\n',
            ["config", "validate", "{config}"],
            "cannot hold a NUL",
        ),
        ('[program]\nexercises_file = "~nosuchuser/x"\n', ["config", "validate", "{config}"], "not ~"),
    ],
)
def test_impossible_paths_are_refused_in_one_line(tmp_path, cli, setting, args, phrase):
    config = tmp_path / "config.toml"
    if setting is not None:
        config.write_text(setting)
    result = cli(*[str(a).format(config=config) for a in args], env={"SDL_VIDEODRIVER": "dummy"})
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(error_lines(result)) == 1 and phrase in error_lines(result)[0], result.stderr


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["pose", "/tmp"], "/tmp is a folder: give an image or a video file"),
        (["pose", "/dev/zero"], "/dev/zero is not a regular file (a pipe or a device)"),
        (
            ["analyze", "/tmp", "--exercise", "squat"],
            "/tmp is a folder: give a video file or a kiosk-track/1",
        ),
    ],
)
def test_a_folder_or_a_device_is_not_called_missing(cli, args, phrase):
    result = cli(*args)
    assert result.returncode == 2 and len(error_lines(result)) == 1 and phrase in error_lines(result)[0]


def test_bench_on_a_video_too_thin_to_show_is_one_line(tmp_path, cli):
    import cv2
    import numpy as np

    clip = tmp_path / "thin.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 30, (2, 4320))
    for _ in range(3):
        writer.write(np.zeros((4320, 2, 3), np.uint8))
    writer.release()
    result = cli("bench", "--source", clip, "--frames", "3", env={"SDL_VIDEODRIVER": "dummy"})
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "too small to see a person in" in error_lines(result)[0]
