"""The composition root: opens the camera, the model, the display and the buttons, and runs the kiosk.

Everything the running mirror needs is built here, once, from the
configuration, and released again in reverse order; the loop itself
(:mod:`kiosk.app.loop`) is handed finished parts.
"""

from __future__ import annotations

import logging
import queue
import sys
import warnings
from contextlib import ExitStack
from pathlib import Path

import pygame

from hardware import ButtonEvent, DeviceError, GpioButtons, Speaker, parse_source
from hardware.source_spec import SourceSpec
from kiosk.app.chimes import Chimes
from kiosk.app.coaching import load_program
from kiosk.app.engine import build_tracker
from kiosk.app.last_good import LastGood
from kiosk.app.loop import Kiosk
from kiosk.app.navigation import Navigation
from kiosk.app.source_opener import athlete_camera, open_kiosk_source
from kiosk.app.supervisor import Supervisor
from kiosk.coach.exercise_library import Library
from kiosk.config import ButtonsConfig, Config, SoundConfig
from kiosk.errors import KioskError
from kiosk.files import write_file_from
from kiosk.ui.display import open_display
from kiosk.ui.mirror_view import picture_size

log = logging.getLogger(__name__)
# Threads waiting for the GIL get it within this (Python's default is 5 ms, a sixth of a frame).
SWITCH_INTERVAL_SECONDS = 0.0005
SCREENSHOT_TYPES = (".png", ".jpg", ".jpeg", ".bmp", ".tga")


def run_kiosk(
    config: Config,
    source: SourceSpec | None = None,
    frames: int | None = None,
    screenshot: Path | None = None,
    windowed: bool = False,
    config_file: Path | None = None,
    hud: bool = False,
    start: str | None = None,
    calibration_file: Path | None = None,
    last_good: LastGood | None = None,
    config_error: str | None = None,
    library: Library | None = None,
) -> None:
    """Open everything the kiosk needs, run it, and release it all again.

    The source is opened and the model loaded before the display, so a bad
    ``--source`` or a broken installation fails at once with a clear message.
    ``source`` is the ``--source`` as parsed where the command line was read;
    ``None`` is the configuration's ``camera.source``.
    ``start`` opens a session at once: ``"routine"``, a routine's or an exercise's id.
    ``calibration_file`` is where the calibration screen saves (laid over the
    configuration file at every load). ``last_good`` keeps a copy of each
    configuration that loads; ``config_error`` says the file could not be loaded
    at start and ``config`` is the fallback (shown on the attract screen).
    ``library`` is the exercise library :func:`~kiosk.app.last_good.start_config`
    read (else it is read here): the staff's file is read once.
    """
    if screenshot is not None:
        _check_screenshot_path(screenshot)
    library = library if library is not None else load_program(config.program)
    if start is not None:
        _check_start(library, start)
    camera = config.camera
    with ExitStack() as stack:
        # The Pi camera scales the display's picture itself: ask for the size the exercise screen shows.
        preview = picture_size((camera.width, camera.height), (config.display.width, config.display.height))
        spec = source if source is not None else parse_source(camera.source)
        frame_source = open_kiosk_source(spec, camera, preview, athlete_camera(config))
        stack.callback(frame_source.close)
        tracker = build_tracker(config)
        stack.callback(pygame.quit)
        display = open_display(config.display, windowed)
        events: queue.SimpleQueue[ButtonEvent] = queue.SimpleQueue()
        buttons = _open_buttons(config.buttons, events)
        if buttons is not None:
            stack.callback(buttons.close)
        speaker = _open_speaker(config.sound)
        if speaker is not None:
            stack.callback(speaker.close)
        if last_good is not None:
            last_good.started()  # the source opened, the model loaded and the screen is up: keep the file
        supervisor = Supervisor(config_file, calibration=calibration_file, last_good=last_good)
        supervisor.install_signal_handler()
        stack.callback(supervisor.stopping)
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        kiosk = Kiosk(
            config, frame_source, tracker, display, events, supervisor,
            threaded=True, hud=hud, start=start, calibration_file=calibration_file, config_error=config_error,
            chimes=Chimes(speaker) if speaker is not None else None, library=library,
        )  # fmt: skip
        stack.callback(kiosk.close)
        _log_glass_reach(config, kiosk)
        log.info("showing %s on a %dx%d screen", frame_source.name, *kiosk.canvas.size)
        kiosk.run(frames)
        if screenshot is not None:
            try:  # upright, as the person sees it (a portrait mirror's panel is turned)
                write_file_from(screenshot, lambda path: pygame.image.save(kiosk.screenshot(), str(path)))
            except pygame.error as error:
                raise KioskError(f"screenshot {screenshot} could not be written ({error})") from None
            log.info("screenshot written to %s", screenshot)


def _log_glass_reach(config: Config, kiosk: Kiosk) -> None:
    """In glass mode, say at start-up whether the legs show on the picture, and what to change if not."""
    if config.display.mode != "glass":
        return
    from kiosk.ui.glass_reach import glass_reach

    reach = glass_reach(kiosk.screens.glass_geometry)
    if reach.ok:
        log.info("glass: %s", reach.line)
    else:
        log.warning("glass: %s", reach.line)


def _check_start(library: Library, start: str) -> None:
    try:
        Navigation(library).start(start, 0.0)
    except KeyError as error:
        raise KioskError(f"--start: {error.args[0]}") from None


def _check_screenshot_path(path: Path) -> None:
    if path.suffix.lower() not in SCREENSHOT_TYPES:
        raise KioskError(f"--screenshot {path}: give a file ending in {', '.join(SCREENSHOT_TYPES)}")
    if not path.parent.is_dir():
        raise KioskError(f"--screenshot {path}: folder {path.parent} does not exist")


def _open_speaker(config: SoundConfig) -> Speaker | None:
    """The speaker for the rep tones, when ``[sound] enabled``; a missing one only costs the tones."""
    if not config.enabled:
        return None
    from kiosk.ui.sounds import RATE, tones

    try:
        return Speaker(tones(RATE), RATE, config.volume)
    except DeviceError as error:
        log.warning("sound unavailable (%s); carrying on without it", error)
        return None


def _open_buttons(config: ButtonsConfig, events: queue.SimpleQueue) -> GpioButtons | None:
    if not config.enabled:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # gpiozero warns about each pin factory it falls back from
            return GpioButtons(
                events, config.previous, config.next, config.select, config.bounce_time, config.hold_time
            )
    except Exception as error:  # noqa: BLE001 - any GPIO failure leaves the keyboard working
        log.warning("GPIO buttons unavailable (%s); using the keyboard only", error)
        return None
