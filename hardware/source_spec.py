"""The ``--source`` string: every form parsed here, and the devices it can name opened.

The forms are ``picamera``, ``webcam[:N]``, a video file path, and three the
app opens itself (:mod:`kiosk.app.source_opener`): ``demo`` and
``athlete[:EXERCISE]`` (the synthetic athlete) and ``auto``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hardware.errors import DeviceError
from hardware.frames import FrameSource

# /dev/video0 … /dev/video1023: OpenCV takes the number as a C int.
MAX_WEBCAM = 1023
SOURCE_HELP = "picamera, webcam[:N], demo, athlete[:EXERCISE], auto or a video file path"
# The kinds that are a camera: missing or busy at start, the kiosk waits for one.
CAMERAS = ("picamera", "webcam")
# The kinds that are not devices: the app opens the athlete, and decides ``auto``.
NOT_DEVICES = ("demo", "athlete", "auto")


@dataclass(frozen=True)
class SourceSpec:
    """A parsed ``--source``: its kind (picamera, webcam, file, demo, athlete, auto) and argument.

    ``exercise`` is the athlete's (``None`` when not given: the app's default).

    >>> parse_source("webcam:1")
    SourceSpec(kind='webcam', device=1, path=None, exercise=None)
    >>> parse_source("athlete:step_down").exercise
    'step_down'
    """

    kind: str
    device: int = 0
    path: Path | None = None
    exercise: str | None = None

    def __str__(self) -> str:
        """The source as a ``--source`` string names it, for messages and the status.

        >>> [str(parse_source(text)) for text in ("athlete:lunge", " webcam:2", "clips/a.mp4")]
        ['athlete:lunge', 'webcam:2', 'clips/a.mp4']
        """
        if self.kind == "webcam":
            return f"webcam:{self.device}" if self.device else "webcam"
        if self.kind == "file":
            return str(self.path)
        return f"{self.kind}:{self.exercise}" if self.exercise is not None else self.kind


def parse_source(text: str) -> SourceSpec:
    """Parse a ``--source`` string, raising :class:`DeviceError` for one that means nothing.

    >>> parse_source(" demo ").kind
    'demo'
    """
    text = text.strip()
    if text in ("picamera", "demo", "athlete", "auto"):
        return SourceSpec(text)
    if text.startswith("athlete:"):
        return SourceSpec("athlete", exercise=text.partition(":")[2])
    match = re.fullmatch(r"webcam(?::(\d{1,6}))?", text)
    if match and int(match.group(1) or 0) <= MAX_WEBCAM:
        return SourceSpec("webcam", device=int(match.group(1) or 0))
    if text.startswith("webcam"):
        raise DeviceError(
            f"unknown source {text[:40]!r}: a webcam is 'webcam' or 'webcam:N' with N from 0 to {MAX_WEBCAM}"
        )
    if not text:
        raise DeviceError(f"the source is empty: use {SOURCE_HELP}")
    if "\0" in text:
        raise DeviceError(f"unknown source {text[:40]!r}: a file name cannot hold a NUL byte")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~name of no user on this machine
        raise DeviceError(
            f"unknown source {text[:40]!r}: {text.split('/')[0]} is no user's home here"
        ) from None
    if path.suffix or path.exists() or "/" in text:
        return SourceSpec("file", path=path)
    raise DeviceError(f"unknown source {text!r}: use {SOURCE_HELP}")


def open_source(
    spec: SourceSpec,
    size: tuple[int, int] = (1280, 720),
    fps: float = 30.0,
    preview_size: tuple[int, int] | None = None,
) -> FrameSource:
    """Open the camera or video file a parsed ``--source`` names. A video file plays once.

    ``preview_size`` is the picture's size on screen, for a camera that can
    scale for the display itself (the Pi camera). The string is parsed once,
    where it is read (:func:`parse_source`), and the spec handed down.

    >>> open_source(parse_source("tests/fixtures/side_bodyweight_squat.gif")).name
    'side_bodyweight_squat.gif'
    """
    from hardware.video import VideoFileSource, WebcamSource

    if spec.kind in NOT_DEVICES:
        raise DeviceError(f"source {str(spec)!r} is not a camera or a video file: the app opens it")
    if spec.kind == "picamera":
        from hardware.picamera import PiCameraSource

        return PiCameraSource(size=size, fps=fps, preview_size=preview_size)
    if spec.kind == "webcam":
        return WebcamSource(spec.device, size=size, fps=fps)
    if spec.path is None:  # parse_source gives every file a path
        raise DeviceError(f"unknown source {str(spec)!r}: use {SOURCE_HELP}")
    return VideoFileSource(spec.path)
