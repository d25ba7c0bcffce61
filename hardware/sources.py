"""Turning a ``--source`` string into an open frame source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hardware.errors import DeviceError
from hardware.frames import FrameSource

# /dev/video0 … /dev/video1023: OpenCV takes the number as a C int.
MAX_WEBCAM = 1023
SOURCE_HELP = "picamera, webcam[:N], demo, athlete[:EXERCISE], auto or a video file path"


@dataclass(frozen=True)
class SourceSpec:
    """A parsed ``--source``: its kind (picamera, webcam, file, demo) and argument.

    >>> parse_source("webcam:1")
    SourceSpec(kind='webcam', device=1, path=None)
    """

    kind: str
    device: int = 0
    path: Path | None = None


def parse_source(text: str) -> SourceSpec:
    """Parse a device or file source, raising :class:`DeviceError` for one that means nothing.

    ``demo``, ``athlete`` and ``auto`` are not devices: the app resolves them.
    """
    text = text.strip()
    if text == "picamera":
        return SourceSpec(text)
    match = re.fullmatch(r"webcam(?::(\d{1,6}))?", text)
    if match and int(match.group(1) or 0) <= MAX_WEBCAM:
        return SourceSpec("webcam", device=int(match.group(1) or 0))
    if text.startswith("webcam"):
        raise DeviceError(
            f"unknown source {text[:40]!r}: a webcam is 'webcam' or 'webcam:N' with N from 0 to {MAX_WEBCAM}"
        )
    path = Path(text).expanduser()
    if path.suffix or path.exists() or "/" in text:
        return SourceSpec("file", path=path)
    raise DeviceError(f"unknown source {text!r}: use {SOURCE_HELP}")


def open_source(
    text: str,
    size: tuple[int, int] = (1280, 720),
    fps: float = 30.0,
    preview_size: tuple[int, int] | None = None,
) -> FrameSource:
    """Open the camera or video file a ``--source`` string names. A video file plays once.

    ``preview_size`` is the picture's size on screen, for a camera that can
    scale for the display itself (the Pi camera).

    >>> open_source("tests/fixtures/side_bodyweight_squat.gif").name
    'side_bodyweight_squat.gif'
    """
    from hardware.video import VideoFileSource, WebcamSource

    spec = parse_source(text)
    if spec.kind == "picamera":
        from hardware.picamera import PiCameraSource

        return PiCameraSource(size=size, fps=fps, preview_size=preview_size)
    if spec.kind == "webcam":
        return WebcamSource(spec.device, size=size, fps=fps)
    if spec.path is None:  # parse_source gives every file a path
        raise DeviceError(f"unknown source {text!r}: use {SOURCE_HELP}")
    return VideoFileSource(spec.path)
