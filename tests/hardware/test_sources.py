"""Frame sources: the --source strings, real video files and the fake camera."""

import numpy as np
import pytest

from hardware import DeviceError, FakeFrameSource, open_source, parse_source
from hardware.video import VideoFileSource

from ..conftest import FIXTURES, ROOT


@pytest.mark.parametrize(
    ("text", "kind", "device"),
    [("picamera", "picamera", 0), ("webcam", "webcam", 0), ("webcam:2", "webcam", 2)],
)
def test_source_names(text, kind, device):
    spec = parse_source(text)
    assert (spec.kind, spec.device) == (kind, device)


@pytest.mark.parametrize(
    ("text", "kind", "exercise"),
    [("demo", "demo", None), ("athlete", "athlete", None), ("athlete:step_down", "athlete", "step_down"),
     (" auto ", "auto", None)],
)  # fmt: skip
def test_the_sources_the_app_opens_are_parsed_here_too(text, kind, exercise):
    spec = parse_source(text)
    assert (spec.kind, spec.exercise) == (kind, exercise)


def test_a_path_is_a_video_file():
    assert parse_source("clips/squat.mp4").kind == "file"


@pytest.mark.parametrize("text", ["camera", "webcam:x", "webcam2"])
def test_unknown_sources_are_refused_with_the_choices(text):
    with pytest.raises(DeviceError, match="unknown source"):
        parse_source(text)


def test_a_looping_video_keeps_media_timestamps():
    source = VideoFileSource(FIXTURES / "front_single_leg_reach.mp4", loop=True)
    try:
        assert source.fps == pytest.approx(60.0)
        first = source.read()
        assert first.size == (1080, 1920)
        assert first.image.dtype == np.uint8
        frames = [source.read() for _ in range(108)]  # the clip has 100 frames
        assert all(frame is not None for frame in frames)
        assert frames[-1].timestamp == pytest.approx(108 / 60.0)
    finally:
        source.close()


def test_a_video_file_plays_once():
    source = VideoFileSource(ROOT / "tests" / "fixtures" / "side_bodyweight_squat.gif")
    count = 0
    while source.read() is not None:
        count += 1
    assert count == 87
    assert source.fps == pytest.approx(50.0)


def test_a_missing_video_is_named():
    with pytest.raises(DeviceError, match=r"video file .*nothing.mp4 not found"):
        open_source(parse_source("nothing.mp4"))


def test_a_file_that_is_not_a_video_is_refused_at_once(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video")
    with pytest.raises(DeviceError, match="is not a readable video"):
        open_source(parse_source(str(fake)))


def test_the_fake_camera_plays_its_images_in_order():
    images = [np.full((4, 4, 3), value, np.uint8) for value in (10, 20)]
    source = FakeFrameSource(images, fps=10)
    assert [source.read().image[0, 0, 0], source.read().image[0, 0, 0], source.read()] == [10, 20, None]


def test_every_fixture_ships_with_its_licence():
    notice = (FIXTURES / "NOTICE.md").read_text()
    media = [p for p in FIXTURES.iterdir() if p.suffix in (".mp4", ".gif", ".jpeg")]
    assert len(media) >= 4
    for path in media:
        assert f"| {path.name} |" in notice, path.name


@pytest.mark.parametrize("source", ["tests/fixtures/oblique_bodyweight_squats.mp4", "athlete", "demo"])
def test_every_frame_is_a_new_array_that_the_source_never_writes_again(source):
    # The kiosk's stages hold one frame while the source makes the next: shared buffers would tear.
    from kiosk.app.source_opener import open_frame_source
    from kiosk.config import CameraConfig

    opened = open_frame_source(
        parse_source(str(ROOT / source) if source.endswith(".mp4") else source), CameraConfig()
    )
    try:
        first = opened.read().image
        kept = first.copy()
        second = opened.read().image
        opened.read()
    finally:
        opened.close()
    assert not np.shares_memory(first, second)
    assert np.array_equal(first, kept)


def test_a_variable_frame_rate_video_is_timed_by_its_own_timestamps(tmp_path):
    from PIL import Image

    delays_ms = [40, 200, 40, 500, 100]  # as a phone films: frames are not evenly spaced
    pictures = [Image.fromarray(np.full((64, 64, 3), 40 * i, np.uint8)) for i in range(5)]
    clip = tmp_path / "phone.gif"
    pictures[0].save(clip, save_all=True, append_images=pictures[1:], duration=delays_ms, loop=0)
    source = VideoFileSource(clip)
    try:
        times = [frame.timestamp for frame in iter(source.read, None)]
    finally:
        source.close()
    assert times == pytest.approx([0.0, 0.04, 0.24, 0.28, 0.78])


def test_a_video_too_thin_to_show_is_refused_at_once(tmp_path):
    import cv2

    clip = tmp_path / "thin.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 30, (2, 4320))
    for _ in range(3):
        writer.write(np.zeros((4320, 2, 3), np.uint8))
    writer.release()
    with pytest.raises(DeviceError, match="has 2×4320 frames: too small to see a person in"):
        open_source(parse_source(str(clip)))


@pytest.mark.parametrize(
    ("path", "phrase"), [("/tmp", "is a folder"), ("/dev/zero", "is not a regular file")]
)
def test_a_folder_or_a_device_as_the_video_is_named_as_such(path, phrase):
    with pytest.raises(DeviceError, match=f"video file {path} {phrase}"):
        open_source(parse_source(path))
