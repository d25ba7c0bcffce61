"""Opening what ``--source`` names: the athlete and the demo here, the devices through ``hardware``.

The string is parsed once, where the command line and the configuration are read
(:func:`hardware.source_spec.parse_source`); what is opened here is the :class:`SourceSpec` it gives.
"""

from __future__ import annotations

from hardware import DeviceError, FrameSource, open_source
from hardware.picamera import picamera_installed
from hardware.source_spec import CAMERAS, SourceSpec
from kiosk.app.resilient import ResilientSource
from kiosk.config import CameraConfig, Config
from kiosk.errors import KioskError


def resolve_source(spec: SourceSpec) -> SourceSpec:
    """``--source`` with ``auto`` decided, once: the Pi camera wherever picamera2 is installed, else the demo.

    Decided from the camera *stack*, not from whether a camera answers: on a Pi
    a camera missing at boot or unplugged later is the camera trouble screen,
    never the demo athlete in its place.

    >>> from hardware import parse_source
    >>> str(resolve_source(parse_source(" demo ")))
    'demo'
    """
    if spec.kind == "auto":
        return SourceSpec("picamera") if picamera_installed() else SourceSpec("demo")
    return spec


# Where the athlete stands when the mirror's own camera films it.
ATHLETE_DISTANCE_M = 2.5


def open_frame_source(
    spec: SourceSpec, camera: CameraConfig, preview_size: tuple[int, int] | None = None, filmed_by=None
) -> FrameSource:
    """Open the source a parsed ``--source`` names.

    ``auto`` is as :func:`resolve_source` decides; ``demo`` is the athlete's
    demo set; ``athlete[:EXERCISE]`` any athlete set; anything else a device or
    a video file. ``filmed_by`` is the athlete's camera (:func:`athlete_camera`);
    without it, the athlete's own.

    >>> from hardware import parse_source
    >>> open_frame_source(parse_source("athlete:step_down"), CameraConfig()).name
    'athlete:step_down'
    """
    spec = resolve_source(spec)
    if spec.kind in ("demo", "athlete"):
        from kiosk.athlete.source import AthleteSource

        exercise = spec.exercise or "squat"
        try:
            return AthleteSource(exercise, fps=camera.fps, camera=filmed_by)
        except ValueError as error:
            raise KioskError(f"unknown source {str(spec)!r}: {error}") from None
    return open_source(spec, (camera.width, camera.height), camera.fps, preview_size)


def open_kiosk_source(
    spec: SourceSpec, camera: CameraConfig, preview_size: tuple[int, int] | None = None, filmed_by=None
) -> ResilientSource:
    """The running mirror's source: reopened with backoff whenever it fails, never replaced by another.

    A camera (``picamera``, ``webcam:N``) that is missing or busy at start is
    waited for (the camera trouble screen); a bad ``--source`` string or an
    unreadable video file fails now, in one line.

    >>> from hardware import parse_source
    >>> open_kiosk_source(parse_source("demo"), CameraConfig()).name
    'athlete:squat'
    """
    spec = resolve_source(spec)

    def reopen() -> FrameSource:
        return open_frame_source(spec, camera, preview_size, filmed_by)  # the same source each time

    if spec.kind in CAMERAS:
        return ResilientSource(reopen, name=str(spec), fps=float(camera.fps), wait_for_device=True)
    return ResilientSource(reopen)


def athlete_camera(config: Config):
    r"""The mirror's camera as the athlete meets it, where the configuration says where it is; else ``None``.

    In glass mode the overlay is placed through ``[camera]`` (and, with its
    height unknown, the lens just above the picture): the athlete is filmed
    from there, so the demo shows what that mirror would. Elsewhere, only a
    known ``mount_height_m`` moves the athlete's camera.

    >>> from kiosk.config import load_config_text
    >>> camera = athlete_camera(load_config_text('[display]\nmode = "glass"\n'))
    >>> camera.height, camera.pitch, camera.fov
    (1.6, 20.0, 102.0)
    >>> athlete_camera(Config()) is None
    True
    """
    from kiosk.athlete.camera import Camera
    from kiosk.ui.glass import GlassGeometry

    camera = config.camera
    if config.display.mode == "glass":
        height = GlassGeometry.from_config(config.display, (1080, 1920), camera).camera_height_m
    elif camera.mount_height_m is not None:
        height = camera.mount_height_m
    else:
        return None
    return Camera(height, ATHLETE_DISTANCE_M, camera.tilt_deg, camera.hfov_deg, camera.width, camera.height)


__all__ = ["DeviceError", "athlete_camera", "open_frame_source", "open_kiosk_source", "resolve_source"]
