"""The boundary to the physical world: frame sources, buttons and the speaker.

Nothing outside this package imports picamera2, OpenCV capture or gpiozero.
Every device is a small class behind a small protocol, with a fake for tests::

    >>> from hardware import FakeFrameSource
    >>> import numpy as np
    >>> source = FakeFrameSource([np.zeros((720, 1280, 3), np.uint8)], fps=30)
    >>> source.read().image.shape
    (720, 1280, 3)
"""

from hardware.buttons import ButtonEvent, GpioButtons
from hardware.errors import DeviceError
from hardware.fake import FakeFrameSource
from hardware.frames import Frame, FrameSource
from hardware.source_spec import open_source, parse_source
from hardware.speaker import FakeSpeaker, Speaker

__all__ = [
    "ButtonEvent",
    "DeviceError",
    "FakeFrameSource",
    "FakeSpeaker",
    "Frame",
    "FrameSource",
    "GpioButtons",
    "Speaker",
    "open_source",
    "parse_source",
]
