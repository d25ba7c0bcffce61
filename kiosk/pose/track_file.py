"""Keypoint tracks: a session's poses as JSON Lines, with no pictures at all.

The format, ``kiosk-track/1``::

    {"format": "kiosk-track/1", "width": 1280, "height": 720, "fps": 30, "source": "picamera",
     "smoothed": true}
    {"t": 0.0, "keypoints": [[x, y, score], ... 17 of them]}
    {"t": 0.033, "keypoints": null}

Coordinates are source-image pixels of the un-mirrored camera view, in COCO
order with the person's anatomical sides; ``null`` means nobody in that frame.
``smoothed`` (optional, false by default) says the pose engine already
smoothed the keypoints; a raw track goes through the same smoothing as live
frames when it is analysed. A malformed track is refused with the line
number and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeGuard

import numpy as np

from kiosk.errors import KioskError
from kiosk.pose.keypoints import DEFAULT_MIN_SCORE, Pose

FORMAT = "kiosk-track/1"
# A frame line is about 600 bytes; a header with the athlete's truth a few KB.
MAX_LINE_BYTES = 1 << 20
# t is seconds from the clip's start: anything past about 300 years is in other units (epoch nanoseconds).
MAX_T = 1e10
# Coordinates, times and rates beyond this are not from a camera (and would overflow float32).
LARGEST = 1e30
MAX_SIDE = 1 << 16


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
    # Whether the pose engine already smoothed the keypoints (``kiosk pose``); raw tracks are smoothed
    # on reading by ``kiosk analyze``, as live frames are.
    smoothed: bool = False

    def to_json(self) -> str:
        """The header line."""
        fields = {"format": FORMAT, "width": self.width, "height": self.height, "fps": self.fps}
        return json.dumps({**fields, "source": self.source, **({"smoothed": True} if self.smoothed else {})})


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
    """Read and check a whole track file into memory (see :func:`open_track` for a long one).

    >>> header, frames = read_track("tests/fixtures/tree_pose.track.jsonl")
    >>> header.width, len(frames), frames[0].pose.present
    (426, 3, True)
    """
    header, frames = open_track(path, min_score)
    return header, list(frames)


def open_track(
    path: str | Path, min_score: float = DEFAULT_MIN_SCORE
) -> tuple[TrackHeader, Iterator[TrackFrame]]:
    """The header, checked now, and the frames, read and checked one line at a time as they are taken.

    A track of any length is read in constant memory; a line longer than
    ``MAX_LINE_BYTES`` (a file that is not a track, /dev/zero) is refused.

    >>> header, frames = open_track("tests/fixtures/tree_pose.track.jsonl")
    >>> header.fps, [round(frame.t, 3) for frame in frames]
    (30.0, [0.0, 0.033, 0.067])
    """
    path = Path(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - the frames' generator closes it
    except FileNotFoundError:
        raise TrackError(f"track {path} not found: check the path") from None
    except OSError as error:
        raise TrackError(f"track {path} cannot be read ({error.strerror})") from None
    lines = _lines(path, stream)
    try:
        header = _read_header(path, lines)
    except BaseException:
        stream.close()
        raise
    return header, _frames(path, stream, lines, (header.width, header.height), min_score)


def _lines(path: Path, stream: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line, refusing one that is too long or not UTF-8."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise TrackError(f"{path} line {number}: longer than {MAX_LINE_BYTES // 1024} KB: not a track")
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TrackError(f"{path} line {number}: not UTF-8 text: not a track") from None


def _frames(
    path: Path,
    stream: BinaryIO,
    lines: Iterator[tuple[int, str]],
    size: tuple[int, int],
    min_score: float,
) -> Iterator[TrackFrame]:
    previous_t = None
    with stream:
        for number, line in lines:
            if not line.strip():
                continue
            frame = _read_frame(path, number, line, size, min_score, previous_t)
            previous_t = frame.t
            yield frame


def _read_header(path: Path, lines: Iterator[tuple[int, str]]) -> TrackHeader:
    number, line = next(lines, (1, ""))
    if not line.strip():
        raise TrackError(f"{path} line 1: empty, expected a {FORMAT} header")
    data = _json_object(path, number, line)
    if data.get("format") != FORMAT:
        raise TrackError(f"{path} line 1: not a {FORMAT} header (format is {_short(data.get('format'))})")
    for key in ("width", "height"):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_SIDE:
            raise TrackError(
                f"{path} line 1: {key} must be a whole number from 1 to {MAX_SIDE} (got {_short(value)})"
            )
    fps = data.get("fps")
    if not _is_number(fps) or not 0 < fps <= 1000:
        raise TrackError(f"{path} line 1: fps must be a positive number up to 1000 (got {_short(fps)})")
    source = data.get("source", "")
    if not isinstance(source, str):
        raise TrackError(f"{path} line 1: source must be a string (got {_short(source)})")
    smoothed = data.get("smoothed", False)
    if not isinstance(smoothed, bool):
        raise TrackError(f"{path} line 1: smoothed must be true or false (got {_short(smoothed)})")
    return TrackHeader(data["width"], data["height"], float(fps), source, smoothed)


def _read_frame(
    path: Path, number: int, line: str, size: tuple[int, int], min_score: float, previous_t: float | None
) -> TrackFrame:
    data = _json_object(path, number, line)
    t = data.get("t")
    if not _is_number(t) or t < 0:
        raise TrackError(f"{path} line {number}: t must be a number of seconds ≥ 0 (got {_short(t)})")
    t = float(t)
    if t >= MAX_T:
        raise TrackError(
            f"{path} line {number}: t is {t:.4g}, over {MAX_T:.0e} seconds: "
            "give t in seconds (not micro- or nanoseconds)"
        )
    if previous_t is not None and t < previous_t:
        raise TrackError(f"{path} line {number}: t goes back in time ({t} after {previous_t})")
    if "keypoints" not in data:
        raise TrackError(f"{path} line {number}: no keypoints (use null for a frame with nobody)")
    keypoints = data["keypoints"]
    if keypoints is None:
        return TrackFrame(t, None)
    if not isinstance(keypoints, list) or len(keypoints) != 17:
        count = len(keypoints) if isinstance(keypoints, list) else type(keypoints).__name__
        raise TrackError(f"{path} line {number}: keypoints must be 17 [x, y, score] triples (got {count})")
    # The usual line holds only numbers: numpy checks it in one go; anything odd is checked point by point.
    array = _numbers(keypoints) if "true" not in line and "false" not in line else None
    if array is None:
        _check_points(path, number, keypoints)
        array = np.array(keypoints, np.float32)
    return TrackFrame(t, Pose(array, t, size, min_score))


def _numbers(keypoints: list[Any]) -> np.ndarray | None:
    """The keypoints as a (17, 3) float32 array if every value is a usable number, else ``None``."""
    try:
        array = np.array(keypoints, np.float64)
    except (ValueError, TypeError, OverflowError):
        return None
    if array.shape != (17, 3) or not np.all(np.abs(array) <= LARGEST):  # NaN fails this too
        return None
    if not np.all((array[:, 2] >= 0.0) & (array[:, 2] <= 1.0)):
        return None
    return array.astype(np.float32)


def _check_points(path: Path, number: int, keypoints: list[Any]) -> None:
    for index, point in enumerate(keypoints):
        if not (isinstance(point, list) and len(point) == 3 and all(_is_number(v) for v in point)):
            raise TrackError(
                f"{path} line {number}: keypoint {index} is not [x, y, score] numbers (got {_short(point)})"
            )
        if not 0.0 <= point[2] <= 1.0:
            raise TrackError(
                f"{path} line {number}: keypoint {index} score {_short(point[2])} is not between 0 and 1"
            )


def _json_object(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except RecursionError:
        raise TrackError(f"{path} line {number}: not valid JSON (nested too deeply)") from None
    except ValueError as error:  # JSONDecodeError, or an integer of more than 4300 digits
        message = getattr(error, "msg", None) or "a number too long to read"
        raise TrackError(f"{path} line {number}: not valid JSON ({message})") from None
    if not isinstance(data, dict):
        raise TrackError(f"{path} line {number}: expected a JSON object, got {type(data).__name__}")
    return data


def _is_number(value: object) -> TypeGuard[int | float]:
    """A finite number of a usable size (never ``true``, which Python counts as 1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) <= LARGEST  # an int compares exactly, however long; NaN fails


def _short(value: object) -> str:
    """A value for a message: one line, at most 40 characters."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number too long to print"
    return text if len(text) <= 40 else text[:37] + "..."
