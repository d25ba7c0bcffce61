"""``kiosk pose``: the keypoints in an image, or a video's keypoint track."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from hardware.frames import Frame
from hardware.stills import read_still
from hardware.video import VideoFileSource
from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.files import check_writable, not_a_file, shown_path, write_file
from kiosk.pose import KEYPOINT_NAMES, PoseEstimator, estimate_still, load_interpreter
from kiosk.pose.track_file import TrackHeader, frame_line

IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}


def pose_command(config: Config, source: Path, as_json: bool, output: Path | None) -> int:
    """Run the pose engine on ``source`` and print (or save) what it found; returns the exit code."""
    problem = not_a_file(source)
    if problem is not None:
        raise KioskError(f"{shown_path(source)} {problem}: give an image or a video file")
    if output is not None:
        check_writable(output)
    if source.suffix.lower() in IMAGE_TYPES:
        return _image(config, source, as_json, output)
    return _video(config, source, output)


def _image(config: Config, path: Path, as_json: bool, output: Path | None) -> int:
    image = read_still(path)
    estimator = PoseEstimator(load_interpreter(config.model), config.pose.min_score)
    pose = estimate_still(estimator, image)
    if not pose.present:
        raise KioskError(f"no person found in {path}: the whole body should be in the picture", exit_code=1)
    if as_json:
        text = json.dumps(pose.to_json()) + "\n"
    else:
        rows = [f"{'keypoint':<16}{'x':>8}{'y':>8}{'score':>7}"]
        for name, (x, y, score) in zip(KEYPOINT_NAMES, pose.keypoints, strict=True):
            seen = "" if score >= pose.min_score else "  (not seen)"
            rows.append(f"{name:<16}{x:8.1f}{y:8.1f}{score:7.2f}{seen}")
        text = "\n".join(rows) + "\n"
    _emit(output, lambda stream: stream.write(text))
    return 0


def _video(config: Config, path: Path, output: Path | None) -> int:
    from kiosk.app.engine import build_tracker

    source = VideoFileSource(path)
    try:
        tracker = build_tracker(config)
        first = source.read()
        if first is None:
            raise KioskError(f"{path} has no frames: give a video with at least one frame")
        header = TrackHeader(
            first.size[0], first.size[1], round(source.fps, 3), path.name, smoothed=config.pose.smoothing
        )

        def write(stream: IO[str]) -> int:
            stream.write(header.to_json() + "\n")
            frame: Frame | None = first
            count = 0
            while frame is not None:
                stream.write(frame_line(frame.timestamp, tracker.track(frame.image, frame.timestamp)) + "\n")
                count += 1
                frame = source.read()
            return count

        _emit(output, write)
    finally:
        source.close()
    return 0


def _emit(output: Path | None, write: Callable[[IO[str]], int]) -> None:
    if output is None:
        write(sys.stdout)
    else:
        write_file(output, write)
