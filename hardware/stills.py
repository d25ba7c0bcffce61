"""Still pictures from files, their size read from the header before anything is decoded.

A 2.6 MB PNG can claim 30000×30000 pixels: decoded, it takes gigabytes and
the pose engine's warp crashes. The header says how large a picture is, so a
picture over ``MAX_PIXELS`` is refused in one line before it is decoded.

>>> read_still("tests/fixtures/tree_pose.jpeg").shape
(640, 426, 3)
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

# OpenCV's own ceiling, for any format the header check below cannot read (its default is 1 Gpixel).
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(50_000_000))

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from hardware.errors import DeviceError

# 50 megapixels: larger than any camera's photo the kiosk is meant for (a Pi HQ camera gives 12 MP).
MAX_PIXELS = 50_000_000
LIMIT = f"{MAX_PIXELS // 1_000_000} megapixel limit"
SMALLER = "give a smaller picture"
_PILLOW_LIMIT_LOCK = threading.Lock()


def still_size(path: str | Path) -> tuple[int, int] | None:
    """The picture's (width, height) from its header, or ``None`` if the header is not one Pillow knows."""
    with _PILLOW_LIMIT_LOCK:
        ceiling, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # ours is lower, and says the size
        try:
            with Image.open(path) as picture:  # reads the header only
                return picture.size
        except (UnidentifiedImageError, OSError, ValueError):
            return None
        finally:
            Image.MAX_IMAGE_PIXELS = ceiling


def read_still(path: str | Path) -> np.ndarray:
    """The picture as an H×W×3 BGR array; a :class:`DeviceError` for one that is too large or unreadable."""
    path = Path(path)
    size = still_size(path)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        raise DeviceError(f"{path} is {size[0]}×{size[1]} pixels, over the {LIMIT}: {SMALLER}")
    try:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None:
        raise DeviceError(f"{path} is not an image OpenCV can read: give a JPEG or PNG file")
    return image
