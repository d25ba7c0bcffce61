"""Turning ``--source`` into frames: the devices in ``hardware``, plus the athlete and the demo."""

from __future__ import annotations

from hardware import DeviceError, FrameSource, open_source
from hardware.picamera import picamera_available
from kiosk.config import CameraConfig
from kiosk.errors import KioskError


def open_frame_source(
    text: str, camera: CameraConfig, preview_size: tuple[int, int] | None = None
) -> FrameSource:
    """Open the source a ``--source`` string names.

    ``auto`` is the Pi camera if one is attached, else the demo; ``demo`` is the
    athlete's demo set; ``athlete[:EXERCISE]`` any athlete set; anything else a
    device or a video file.

    >>> open_frame_source("athlete:step_down", CameraConfig()).name
    'athlete:step_down'
    """
    text = text.strip()
    if text == "auto":
        text = "picamera" if picamera_available() else "demo"
    if text == "demo" or text == "athlete" or text.startswith("athlete:"):
        from kiosk.athlete.source import AthleteSource

        exercise = text.partition(":")[2] or "squat"
        try:
            return AthleteSource(exercise, fps=camera.fps)
        except ValueError as error:
            raise KioskError(f"unknown source {text!r}: {error}") from None
    return open_source(text, (camera.width, camera.height), camera.fps, preview_size)


__all__ = ["DeviceError", "open_frame_source"]
