"""Keypoint tracks: a session's poses as JSON Lines, with no pictures at all.

The format, ``kiosk-track/1``::

    {"format": "kiosk-track/1", "width": 1280, "height": 720, "fps": 30, "source": "picamera"}
    {"t": 0.0, "keypoints": [[x, y, score], ... 17 of them]}
    {"t": 0.033, "keypoints": null}

Coordinates are source-image pixels of the un-mirrored camera view, in COCO
order with the person's anatomical sides; ``null`` means nobody in that frame.
A malformed track is refused with the line number and what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from kiosk.errors import KioskError
from kiosk.pose.keypoints import DEFAULT_MIN_SCORE, Pose

FORMAT = "kiosk-track/1"


@dataclass(frozen=True)
class TrackHeader:
    """The first line of a track: the frame size and rate, and where the frames came from.

    >>> TrackHeader(1280, 720, 30.0, "demo").to_json()
    '{"format": "kiosk-track/1", "width": 1280, "height": 720, "fps": 30.0, "source": "demo"}'
    """

    width: int
    height: int
    fps: float
    source: str

    def to_json(self) -> str:
        """The header line."""
        fields = {"format": FORMAT, "width": self.width, "height": self.height, "fps": self.fps}
        return json.dumps({**fields, "source": self.source})


@dataclass(frozen=True)
class TrackFrame:
    """One line of a track: a time in seconds and the pose then, or ``None`` for nobody."""

    t: float
    pose: Pose | None


class TrackError(KioskError):
    """A track file that cannot be read; the message names the line and the problem."""


def frame_line(t: float, pose: Pose | None) -> str:
    """One frame's line; a pose with nobody present is written as ``null``.

    >>> frame_line(0.5, None)
    '{"t": 0.5, "keypoints": null}'
    """
    keypoints = pose.to_json()["keypoints"] if pose is not None and pose.present else None
    return json.dumps({"t": round(t, 4), "keypoints": keypoints})


def write_track(out: IO[str], header: TrackHeader, frames: Iterable[tuple[float, Pose | None]]) -> int:
    """Write a whole track to an open text stream; returns the number of frames."""
    out.write(header.to_json() + "\n")
    count = 0
    for t, pose in frames:
        out.write(frame_line(t, pose) + "\n")
        count += 1
    return count


def read_track(
    path: str | Path, min_score: float = DEFAULT_MIN_SCORE
) -> tuple[TrackHeader, list[TrackFrame]]:
    """Read and check a whole track file.

    >>> header, frames = read_track("tests/fixtures/tree_pose.track.jsonl")
    >>> header.width, len(frames), frames[0].pose.present
    (426, 3, True)
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TrackError(f"track {path} not found: check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TrackError(f"track {path} cannot be read ({error})") from None
    lines = iter(enumerate(text.splitlines(), start=1))
    header = _read_header(path, lines)
    frames: list[TrackFrame] = []
    size = (header.width, header.height)
    for number, line in lines:
        if not line.strip():
            continue
        frames.append(_read_frame(path, number, line, size, min_score, frames[-1].t if frames else None))
    return header, frames


def _read_header(path: Path, lines: Iterator[tuple[int, str]]) -> TrackHeader:
    number, line = next(lines, (1, ""))
    if not line.strip():
        raise TrackError(f"{path} line 1: empty, expected a {FORMAT} header")
    data = _json_object(path, number, line)
    if data.get("format") != FORMAT:
        raise TrackError(f"{path} line 1: not a {FORMAT} header (format is {data.get('format')!r})")
    for key in ("width", "height"):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise TrackError(f"{path} line 1: {key} must be a positive whole number (got {value!r})")
    fps = data.get("fps")
    if not _is_number(fps) or fps <= 0:
        raise TrackError(f"{path} line 1: fps must be a positive number (got {fps!r})")
    source = data.get("source", "")
    if not isinstance(source, str):
        raise TrackError(f"{path} line 1: source must be a string (got {source!r})")
    return TrackHeader(data["width"], data["height"], float(fps), source)


def _read_frame(
    path: Path, number: int, line: str, size: tuple[int, int], min_score: float, previous_t: float | None
) -> TrackFrame:
    data = _json_object(path, number, line)
    t = data.get("t")
    if not _is_number(t) or t < 0:
        raise TrackError(f"{path} line {number}: t must be a number of seconds ≥ 0 (got {t!r})")
    if previous_t is not None and t < previous_t:
        raise TrackError(f"{path} line {number}: t goes back in time ({t} after {previous_t})")
    if "keypoints" not in data:
        raise TrackError(f"{path} line {number}: no keypoints (use null for a frame with nobody)")
    keypoints = data["keypoints"]
    if keypoints is None:
        return TrackFrame(float(t), None)
    if not isinstance(keypoints, list) or len(keypoints) != 17:
        count = len(keypoints) if isinstance(keypoints, list) else type(keypoints).__name__
        raise TrackError(f"{path} line {number}: keypoints must be 17 [x, y, score] triples (got {count})")
    for index, point in enumerate(keypoints):
        if not (isinstance(point, list) and len(point) == 3 and all(_is_number(v) for v in point)):
            raise TrackError(
                f"{path} line {number}: keypoint {index} is not [x, y, score] numbers (got {point!r})"
            )
        if not 0.0 <= point[2] <= 1.0:
            raise TrackError(
                f"{path} line {number}: keypoint {index} score {point[2]} is not between 0 and 1"
            )
    return TrackFrame(float(t), Pose(np.array(keypoints, np.float32), float(t), size, min_score))


def _json_object(path: Path, number: int, line: str) -> dict:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        message = getattr(error, "msg", "too deeply nested")
        raise TrackError(f"{path} line {number}: not valid JSON ({message})") from None
    if not isinstance(data, dict):
        raise TrackError(f"{path} line {number}: expected a JSON object, got {type(data).__name__}")
    return data


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
