"""The Raspberry Pi camera through picamera2 (installed from apt on the Pi).

picamera2 is imported lazily so that the rest of the product runs anywhere.
The calls made here are checked against picamera2's real source by
tests/hardware/test_picamera_api.py: keep the camera in ``self._camera`` and
completed requests in ``request`` so that test can find them.

Budget: one ``make_array`` copy of the main stream per frame; the request is
released at once so the camera never stalls.
"""

from __future__ import annotations

import time

from hardware.errors import DeviceError
from hardware.frames import Frame

INSTALL_HINT = (
    "on Raspberry Pi OS run 'sudo apt install python3-picamera2' and create the "
    "venv with --system-site-packages"
)


class PiCameraSource:
    """The Pi camera, delivering un-mirrored BGR frames at a fixed frame rate.

    ``RGB888`` in picamera2 means [B, G, R] bytes per pixel, which is the BGR
    order every :class:`~hardware.frames.Frame` uses.

    >>> camera = PiCameraSource(size=(1280, 720), fps=30)  # doctest: +SKIP
    >>> camera.read().size  # doctest: +SKIP
    (1280, 720)
    """

    def __init__(self, size: tuple[int, int] = (1280, 720), fps: float = 30.0):
        try:
            from picamera2 import Picamera2
        except ImportError as error:
            raise DeviceError(f"picamera2 cannot be imported ({error}): {INSTALL_HINT}") from None
        if not Picamera2.global_camera_info():
            raise DeviceError(
                "no Pi camera found: check the ribbon cable and run 'rpicam-hello --list-cameras'"
            )
        self.name = "picamera"
        self.fps = float(fps)
        frame_us = round(1_000_000 / fps)
        self._camera = Picamera2()
        config = self._camera.create_video_configuration(
            main={"size": size, "format": "RGB888"},
            buffer_count=4,
            controls={"FrameDurationLimits": (frame_us, frame_us)},
        )
        self._camera.configure(config)
        self._camera.start()
        self._index = 0

    def read(self) -> Frame | None:
        """Return the next frame; the camera's buffer is copied and released at once."""
        request = self._camera.capture_request()
        try:
            image = request.make_array("main")
        finally:
            request.release()
        frame = Frame(image, timestamp=time.monotonic(), index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        """Stop and release the camera."""
        self._camera.stop()
        self._camera.close()


def picamera_available() -> bool:
    """Whether picamera2 imports and sees at least one camera."""
    try:
        from picamera2 import Picamera2

        return bool(Picamera2.global_camera_info())
    except Exception:  # noqa: BLE001 - any failure here just means "no Pi camera"
        return False
