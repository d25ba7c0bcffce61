"""The Raspberry Pi camera through picamera2 (installed from apt on the Pi).

picamera2 is imported lazily so that the rest of the product runs anywhere.
The calls made here are checked against picamera2's real source by
tests/hardware/test_picamera_api.py: keep the camera in ``self._camera`` and
completed requests in ``request`` so that test can find them.

Budget (per frame): two ``make_array`` copies (the display-sized main stream
and the model's lores stream), no conversion, no flip, no scaling in
software; the request is released at once so the camera never stalls.
"""

from __future__ import annotations

import time

from hardware.errors import DeviceError, DriverMissing
from hardware.frames import Frame

# picamera2's capture_request() waits for ever by default; a camera unplugged mid-stream never answers.
READ_TIMEOUT_SECONDS = 1.0

INSTALL_HINT = (
    "on Raspberry Pi OS run 'sudo apt install python3-picamera2' and create the "
    "venv with --system-site-packages"
)


class PiCameraSource:
    """The Pi camera: one sensor frame gives the display's picture and the model's, both from the ISP.

    One configuration carries two streams. ``main`` is at the display's
    picture size in ``XRGB8888`` ([B, G, R, 255] bytes: the display's own
    pixel format, blitted as is); ``lores`` is ``RGB888`` ([B, G, R]) at
    ``size`` for the model. libcamera applies one Transform to every stream,
    so both are mirrored by the ISP (``hflip``) and the frame says so: the
    pose engine maps the mirrored picture back to anatomical sides. The frame
    rate is fixed with ``FrameDurationLimits``; six buffers and
    ``queue=False`` keep the newest frame without holding up the sensor.

    >>> camera = PiCameraSource(size=(1280, 720), fps=30, preview_size=(1612, 907))  # doctest: +SKIP
    >>> frame = camera.read()  # doctest: +SKIP
    >>> frame.mirrored, frame.size, frame.preview.shape  # doctest: +SKIP
    (True, (1280, 720), (907, 1612, 4))
    """

    def __init__(
        self,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30.0,
        preview_size: tuple[int, int] | None = None,
    ):
        try:
            from libcamera import Transform
            from picamera2 import Picamera2
        except ImportError as error:
            raise DriverMissing(f"picamera2 cannot be imported ({error}): {INSTALL_HINT}") from None
        if not Picamera2.global_camera_info():
            raise DeviceError(
                "no Pi camera found: check the ribbon cable and run 'rpicam-hello --list-cameras'"
            )
        self.name = "picamera"
        self.fps = float(fps)
        frame_us = round(1_000_000 / fps)
        preview = _even(preview_size or size)
        # lores may not be larger than main.
        model = _even((min(size[0], preview[0]), min(size[1], preview[1])))
        self._camera = Picamera2()
        try:
            config = self._camera.create_video_configuration(
                main={"size": preview, "format": "XRGB8888"},
                lores={"size": model, "format": "RGB888"},
                transform=Transform(hflip=1),
                buffer_count=6,
                queue=False,
                controls={"FrameDurationLimits": (frame_us, frame_us)},
            )
            self._camera.configure(config)
            self._camera.start()
        except BaseException:
            self._camera.close()  # else the camera stays acquired and every retry finds it busy
            raise
        self._index = 0
        self._timeout = READ_TIMEOUT_SECONDS + 2 / self.fps

    def read(self) -> Frame | None:
        """The next frame; both streams are copied out and the request released at once.

        A camera that delivers nothing for ``READ_TIMEOUT_SECONDS`` (plus two
        frames) raises :class:`DeviceError`; the caller closes and reopens it.
        """
        try:
            request = self._camera.capture_request(wait=self._timeout)
        except TimeoutError:
            raise DeviceError(f"the Pi camera delivered no frame for {self._timeout:.1f} s") from None
        try:
            preview = request.make_array("main")
            image = request.make_array("lores")
        finally:
            request.release()
        frame = Frame(image, time.monotonic(), self._index, mirrored=True, preview=preview)
        self._index += 1
        return frame

    def close(self) -> None:
        """Stop and release the camera."""
        self._camera.stop()
        self._camera.close()


def _even(size: tuple[int, int]) -> tuple[int, int]:
    """The ISP wants even stream sizes."""
    return size[0] - size[0] % 2, size[1] - size[1] % 2


def picamera_installed() -> bool:
    """Whether picamera2 imports (with libcamera): this is a Pi, whether or not a camera is plugged in."""
    try:
        import picamera2  # noqa: F401
    except Exception:  # noqa: BLE001 - any failure here just means "no Pi camera stack"
        return False
    return True
