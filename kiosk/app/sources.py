"""Turning ``--source`` into frames: the devices in ``hardware``, plus the athlete and the demo."""

from __future__ import annotations

from hardware import DeviceError, FrameSource, open_source, parse_source
from hardware.picamera import picamera_installed
from kiosk.app.resilient import ResilientSource
from kiosk.config import CameraConfig
from kiosk.errors import KioskError

CAMERAS = ("picamera", "webcam")


def resolve_source(text: str) -> str:
    """``--source`` with ``auto`` decided, once: the Pi camera wherever picamera2 is installed, else the demo.

    Decided from the camera *stack*, not from whether a camera answers: on a Pi
    a camera missing at boot or unplugged later is the camera trouble screen,
    never the demo athlete in its place.

    >>> resolve_source(" demo ")
    'demo'
    """
    text = text.strip()
    if text == "auto":
        return "picamera" if picamera_installed() else "demo"
    return text


def open_frame_source(
    text: str, camera: CameraConfig, preview_size: tuple[int, int] | None = None
) -> FrameSource:
    """Open the source a ``--source`` string names.

    ``auto`` is as :func:`resolve_source` decides; ``demo`` is the athlete's
    demo set; ``athlete[:EXERCISE]`` any athlete set; anything else a device or
    a video file.

    >>> open_frame_source("athlete:step_down", CameraConfig()).name
    'athlete:step_down'
    """
    text = resolve_source(text)
    if text == "demo" or text == "athlete" or text.startswith("athlete:"):
        from kiosk.athlete.source import AthleteSource

        exercise = text.partition(":")[2] or "squat"
        try:
            return AthleteSource(exercise, fps=camera.fps)
        except ValueError as error:
            raise KioskError(f"unknown source {text!r}: {error}") from None
    return open_source(text, (camera.width, camera.height), camera.fps, preview_size)


def open_kiosk_source(
    text: str, camera: CameraConfig, preview_size: tuple[int, int] | None = None
) -> ResilientSource:
    """The running mirror's source: reopened with backoff whenever it fails, never replaced by another.

    A camera (``picamera``, ``webcam:N``) that is missing or busy at start is
    waited for (the camera trouble screen); a bad ``--source`` string or an
    unreadable video file fails now, in one line.

    >>> open_kiosk_source("demo", CameraConfig()).name
    'athlete:squat'
    """
    text = resolve_source(text)
    kind = None if text in ("demo", "athlete") or text.startswith("athlete:") else parse_source(text).kind

    def reopen() -> FrameSource:
        return open_frame_source(text, camera, preview_size)  # the same source every time, "auto" decided

    if kind in CAMERAS:
        return ResilientSource(reopen, name=text, fps=float(camera.fps), wait_for_device=True)
    return ResilientSource(reopen)


__all__ = ["DeviceError", "open_frame_source", "open_kiosk_source", "resolve_source"]
