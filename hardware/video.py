"""Frame sources read through OpenCV: video files and V4L2 webcams.

Budget: one decode per frame, done inside OpenCV; no copies in Python.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

# FFmpeg inside OpenCV prints its own lines for a bad file; our one-line error says it better.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

import cv2
import numpy as np

from hardware.errors import DeviceError
from hardware.frames import Frame

# A webcam that is unplugged is retried every 2 s: OpenCV's own warnings would fill the journal.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

# 8K UHD: the largest frame the kiosk takes from any source (kiosk/app/pipeline.py drops larger ones).
MAX_FRAME_SIZE = (7680, 4320)


class VideoFileSource:
    """Plays a video file (MP4, GIF, ...) as a frame source.

    The file is checked when it is opened, so a bad file fails at start-up
    rather than on the first frame. Timestamps are the file's media time.

    >>> source = VideoFileSource("tests/fixtures/oblique_bodyweight_squats.mp4")
    >>> source.read().size
    (1080, 2048)
    """

    def __init__(self, path: str | Path, loop: bool = False):
        self.path = Path(path)
        self.name = self.path.name
        self._loop = loop
        if not self.path.is_file():
            raise DeviceError(f"video file {self.path} not found: check the path given to --source")
        self._capture = cv2.VideoCapture(str(self.path))
        width = self._capture.get(cv2.CAP_PROP_FRAME_WIDTH)
        height = self._capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
        if width > MAX_FRAME_SIZE[0] or height > MAX_FRAME_SIZE[1]:  # known from the header: nothing decoded
            self._capture.release()
            raise DeviceError(
                f"{self.path} has {width:.0f}×{height:.0f} frames, larger than "
                f"{MAX_FRAME_SIZE[0]}×{MAX_FRAME_SIZE[1]}: give a smaller video"
            )
        first = self._capture.read()[1] if self._capture.isOpened() else None
        if first is None or first.ndim != 3:
            self._capture.release()
            raise DeviceError(f"{self.path} is not a readable video: give an MP4, AVI, MKV or GIF file")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 1 <= fps <= 240 else 30.0
        self.frame_count = max(0, int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT)))
        self._pending: np.ndarray | None = first
        self._index = 0

    def read(self) -> Frame | None:
        """Return the next frame; at the end, start again if looping, else ``None``."""
        image = self._pending
        self._pending = None
        if image is None:
            ok, image = self._capture.read()
            if not ok and self._loop and self._index > 0:
                self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, image = self._capture.read()
            if not ok:
                return None
        frame = Frame(image, timestamp=self._index / self.fps, index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        """Release the file."""
        self._capture.release()


class WebcamSource:
    """A USB webcam through OpenCV's V4L2 backend, for development machines.

    >>> source = WebcamSource(0)  # doctest: +SKIP
    """

    def __init__(self, device: int = 0, size: tuple[int, int] = (1280, 720), fps: float = 30.0):
        self.name = f"webcam:{device}"
        self._capture = cv2.VideoCapture(device, cv2.CAP_V4L2)
        if not self._capture.isOpened():
            raise DeviceError(
                f"webcam {device} could not be opened: check it is plugged in "
                f"(ls /dev/video*) or choose another --source"
            )
        self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
        self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
        self._capture.set(cv2.CAP_PROP_FPS, fps)
        self.fps = self._capture.get(cv2.CAP_PROP_FPS) or fps
        self._index = 0

    def read(self) -> Frame | None:
        """Return the newest frame from the webcam."""
        ok, image = self._capture.read()
        if not ok:
            raise DeviceError(f"{self.name} stopped delivering frames: check its cable")
        frame = Frame(image, timestamp=time.monotonic(), index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        """Release the webcam."""
        self._capture.release()
