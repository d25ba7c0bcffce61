"""A frame source fed from arrays in memory, standing in for a camera in tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hardware.frames import Frame


class FakeFrameSource:
    """Plays a list of BGR images as if a camera at ``fps`` had captured them.

    Timestamps are ``index / fps``. With ``loop=True`` it never ends.

    >>> import numpy as np
    >>> source = FakeFrameSource([np.zeros((4, 4, 3), np.uint8)] * 2, fps=10)
    >>> [source.read().timestamp, source.read().timestamp, source.read()]
    [0.0, 0.1, None]
    """

    def __init__(self, images: Sequence[np.ndarray], fps: float = 30.0, loop: bool = False):
        self._images = list(images)
        self.fps = float(fps)
        self.name = "fake"
        self._loop = loop
        self._index = 0
        self.closed = False

    def read(self) -> Frame | None:
        """Return the next image as a frame, or ``None`` when they have run out."""
        if not self._images or (not self._loop and self._index >= len(self._images)):
            return None
        image = self._images[self._index % len(self._images)]
        frame = Frame(image, timestamp=self._index / self.fps, index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        """Mark the source closed, as a real device would be released."""
        self.closed = True
