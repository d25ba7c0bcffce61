"""Frame sources read through OpenCV: video files and V4L2 webcams.

Budget: one decode per frame, done inside OpenCV; no copies in Python.
"""

from __future__ import annotations

import math
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
# The smallest frame side taken from a video file: a 2×4320 picture fits no screen, nor a person.
MIN_FRAME_SIDE = 32


class VideoFileSource:
    """Plays a video file (MP4, GIF, ...) as a frame source.

    The file is checked when it is opened, so a bad file fails at start-up
    rather than on the first frame. Timestamps are the file's media time:
    the container's timestamp of each frame (``CAP_PROP_POS_MSEC``), so a
    variable-frame-rate video (a phone's) is timed as it was filmed.

    >>> source = VideoFileSource("tests/fixtures/oblique_bodyweight_squats.mp4")
    >>> source.read().size
    (1080, 2048)
    """

    def __init__(self, path: str | Path, loop: bool = False):
        self.path = Path(path)
        self.name = self.path.name
        self._loop = loop
        if not self.path.exists():
            raise DeviceError(f"video file {self.path} not found: check the path given to --source")
        if not self.path.is_file():  # a folder, a pipe that would block, a device that never ends
            what = "a folder" if self.path.is_dir() else "not a regular file"
            raise DeviceError(f"video file {self.path} is {what}: give a video file to --source")
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
        if min(first.shape[:2]) < MIN_FRAME_SIDE:
            self._capture.release()
            raise DeviceError(
                f"{self.path} has {first.shape[1]}×{first.shape[0]} frames: too small to see a person in "
                f"(each side {MIN_FRAME_SIDE} pixels at least); give another video"
            )
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 1 <= fps <= 240 else 30.0
        self.frame_count = max(0, int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT)))
        self._pending: np.ndarray | None = first
        self._pending_time = self._media_time()
        self._index = 0
        self._last_time = -1.0
        self._loop_offset = 0.0  # a looping file's media time goes on from where the last pass ended

    def read(self) -> Frame | None:
        """Return the next frame; at the end, start again if looping, else ``None``."""
        image, media = self._pending, self._pending_time
        self._pending = None
        if image is None:
            ok, image = self._capture.read()
            if not ok and self._loop and self._index > 0:
                self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                self._loop_offset = self._last_time + 1 / self.fps
                ok, image = self._capture.read()
            if not ok:
                return None
            media = self._media_time()
        # The container's timestamp (a variable-frame-rate phone video's frames are not evenly spaced);
        # where a backend has none (or it goes back), one frame period after the last.
        timestamp = self._loop_offset + media if media is not None else -1.0
        if timestamp <= self._last_time:
            timestamp = self._last_time + 1 / self.fps if self._index > 0 else 0.0
        self._last_time = timestamp
        frame = Frame(image, timestamp=timestamp, index=self._index)
        self._index += 1
        return frame

    def _media_time(self) -> float | None:
        """The media time (s) of the frame just read, from the container; ``None`` if unknown."""
        msec = self._capture.get(cv2.CAP_PROP_POS_MSEC)
        return msec / 1000 if math.isfinite(msec) and msec >= 0 else None

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
