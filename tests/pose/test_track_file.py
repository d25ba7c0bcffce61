"""kiosk-track/1 files: written by the engine, read back, and malformed ones refused by line."""

import json

import pytest

from kiosk.pose.track_file import TrackError, read_track

from ..conftest import FIXTURES

HEADER = '{"format": "kiosk-track/1", "width": 1280, "height": 720, "fps": 30, "source": "test"}'
FRAME = json.dumps({"t": 0.0, "keypoints": [[100.0, 200.0, 0.9]] * 17})


def write(tmp_path, *lines):
    path = tmp_path / "track.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_recorded_track_reads_back():
    header, frames = read_track(FIXTURES / "tree_pose.track.jsonl")
    assert (header.width, header.height, header.fps) == (426, 640, 30.0)
    assert [f.t for f in frames] == pytest.approx([0, 1 / 30, 2 / 30], abs=1e-3)
    assert frames[0].pose.present and frames[0].pose.image_size == (426, 640)


def test_null_is_a_frame_with_nobody(tmp_path):
    _, frames = read_track(write(tmp_path, HEADER, FRAME, '{"t": 0.1, "keypoints": null}'))
    assert frames[1].pose is None


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "line 1: empty, expected a kiosk-track/1 header"),
        (['{"format": "kiosk-track/2"}'], "line 1: not a kiosk-track/1 header"),
        ([HEADER.replace("1280", "-5")], "line 1: width must be a whole number from 1 to 65536"),
        ([HEADER.replace("30", '"fast"')], "line 1: fps must be a positive number"),
        ([HEADER, "{not json"], "line 2: not valid JSON"),
        ([HEADER, "[1, 2]"], "line 2: expected a JSON object, got list"),
        ([HEADER, FRAME, '{"t": 0.5}'], "line 3: no keypoints"),
        ([HEADER, '{"t": "soon", "keypoints": null}'], "line 2: t must be a number of seconds"),
        (
            [HEADER, '{"t": 1.0, "keypoints": null}', '{"t": 0.5, "keypoints": null}'],
            "line 3: t goes back in time",
        ),
        ([HEADER, json.dumps({"t": 0, "keypoints": [[1, 2, 0.5]] * 16})], "line 2: keypoints must be 17"),
        ([HEADER, FRAME.replace("0.9]]", "1.5]]")], "line 2: keypoint 16 score 1.5 is not between 0 and 1"),
        ([HEADER, FRAME.replace("[100.0, 200.0, 0.9]]", "[100.0, NaN, 0.9]]")], "line 2: keypoint 16 is not"),
    ],
)
def test_a_malformed_track_names_the_line_and_the_problem(tmp_path, lines, message):
    path = write(tmp_path, *lines) if lines else tmp_path / "empty.jsonl"
    if not lines:
        path.write_text("")
    with pytest.raises(TrackError) as raised:
        read_track(path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
