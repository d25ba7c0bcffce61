"""Frames and the protocol every frame source follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture as the camera saw it: BGR byte order, not mirrored unless ``mirrored``.

    BGR is what both OpenCV and picamera2's ``RGB888`` format deliver, so no
    source has to convert a full frame. ``timestamp`` is in seconds (media time
    for files, ``time.monotonic()`` for cameras); ``index`` counts from 0.

    >>> import numpy as np
    >>> Frame(np.zeros((720, 1280, 3), np.uint8), timestamp=0.0, index=0).size
    (1280, 720)
    """

    image: np.ndarray
    timestamp: float
    index: int
    # Set by a camera that scales and mirrors in hardware (the Pi's ISP): ``image`` is then the
    # model's stream, flipped left to right, and ``preview`` the display's, already at its size.
    mirrored: bool = False
    preview: np.ndarray | None = None

    @property
    def size(self) -> tuple[int, int]:
        """The frame's (width, height) in pixels."""
        return self.image.shape[1], self.image.shape[0]


class FrameSource(Protocol):
    """Something that produces frames: a camera, a video file, a fake.

    ``read()`` returns the next frame, or ``None`` when a finite source has
    ended. It raises :class:`hardware.DeviceError` when the device fails.
    Each frame's arrays are handed over: the source never writes to them
    again (the kiosk's stages hold a frame while the next is being read).
    """

    fps: float
    name: str

    def read(self) -> Frame | None:
        """Return the next frame, or ``None`` at the end of the source."""
        ...

    def close(self) -> None:
        """Release the device. Safe to call twice."""
        ...
