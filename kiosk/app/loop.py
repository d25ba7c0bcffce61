"""The kiosk's frame loop: frame in, pose, knee check, screen out.

Budget (per frame at 30 fps): 33 ms in all on one thread for now — read
≈ 5 ms (file decode), pose ≈ 10 ms (model invoke), coach < 0.1 ms, draw
≈ 5 ms. The frame-core issue splits this into concurrent stages.
"""

from __future__ import annotations

import logging
import queue
import time
import warnings
from contextlib import ExitStack
from pathlib import Path

import pygame

from hardware import ButtonEvent, FrameSource, GpioButtons
from kiosk.app.keys import QUIT_KEYS, button_for_key
from kiosk.app.navigation import Navigation, Screen
from kiosk.app.sources import open_frame_source
from kiosk.app.supervisor import Supervisor
from kiosk.coach.session import Coach
from kiosk.config import ButtonsConfig, Config
from kiosk.errors import KioskError
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter
from kiosk.ui.display import open_display
from kiosk.ui.screens import ExerciseView, MenuView, Screens

log = logging.getLogger(__name__)
SCREENSHOT_TYPES = (".png", ".jpg", ".jpeg", ".bmp", ".tga")


class Kiosk:
    """One running mirror: reads frames, finds the pose, judges the knees and draws.

    Button events arrive on ``events`` (from gpiozero's threads) and keys from
    pygame's own queue; both are handled on the loop's thread, between frames.

    >>> kiosk = Kiosk(config, source, tracker, display, events)  # doctest: +SKIP
    >>> kiosk.run(max_frames=60)  # doctest: +SKIP
    """

    def __init__(
        self,
        config: Config,
        source: FrameSource,
        tracker: PoseTracker,
        display: pygame.Surface,
        events: queue.SimpleQueue[ButtonEvent],
        supervisor: Supervisor | None = None,
    ):
        self.config = config
        self.supervisor = supervisor
        self.source = source
        self.tracker = tracker
        self.display = display
        self.events = events
        self.navigation = Navigation()
        self.screens = Screens(display.get_size())
        self.clock = pygame.time.Clock()
        self.frames_drawn = 0
        self.last_update = None
        self.coach = self._coach_for(self.navigation.exercise)

    def run(self, max_frames: int | None = None) -> None:
        """Run until quit, the end of a finite source, or ``max_frames`` frames drawn."""
        while max_frames is None or self.frames_drawn < max_frames:
            if not self.step():
                break

    def step(self) -> bool:
        """Handle input and draw one frame; ``False`` when the kiosk should stop."""
        if not self._handle_input():
            return False
        if self.supervisor is not None and self.supervisor.stop_requested:
            log.info("stopping")
            return False
        if self.supervisor is not None and self.supervisor.reload_requested():
            new = self.supervisor.load()
            if new is not None:
                self.apply(new)
        started = time.monotonic()
        frame = self.source.read()
        if frame is None:
            log.info("end of %s", self.source.name)
            return False
        if self.navigation.screen is Screen.EXERCISE:
            if self.coach.exercise != self.navigation.exercise:
                self.coach = self._coach_for(self.navigation.exercise)
            self.screens.mirror.show(frame.image)
            pose = self.tracker.track(frame.image, frame.timestamp)
            update = self.coach.update(pose, frame.timestamp)
            self.last_update = update
            view = ExerciseView(self.navigation.exercise, pose, update.knees, update.cue, update.reps)
            self.screens.draw_exercise(self.display, view)
        else:
            view = MenuView(self.navigation.exercises, self.navigation.index)
            self.screens.draw_menu(self.display, view)
        pygame.display.flip()
        self.frames_drawn += 1
        if self.supervisor is not None:
            self.supervisor.frame_drawn(self, time.monotonic() - started)
        self.clock.tick(self.source.fps)
        return True

    def apply(self, config: Config) -> None:
        """Use a reloaded configuration: coach thresholds, the score gate, smoothing, logging.

        The model, the buttons' pins and the display are set up once; their
        changes take effect at the next start.
        """
        for section in ("model", "buttons", "display", "camera"):
            if getattr(config, section) != getattr(self.config, section):
                log.warning("[%s] changed: it takes effect when the kiosk restarts", section)
        pose = config.pose
        self.tracker.estimator.min_score = pose.min_score
        self.tracker = PoseTracker(
            self.tracker.estimator, pose.crop, pose.smoothing, pose.min_cutoff, pose.beta
        )
        self.config = config
        self.coach = self._coach_for(self.navigation.exercise)
        logging.getLogger().setLevel(config.logging.level.upper())

    def _coach_for(self, exercise) -> Coach:
        coach = self.config.coach
        return Coach(exercise, coach.thresholds(), cooldown_seconds=coach.cooldown_seconds)

    def _handle_input(self) -> bool:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return False
            if event.type == pygame.KEYDOWN:
                if event.key in QUIT_KEYS:
                    return False
                button = button_for_key(event.key)
                if button is not None:
                    self.navigation.handle(button)
        while True:
            try:
                self.navigation.handle(self.events.get_nowait())
            except queue.Empty:
                return True


def run_kiosk(
    config: Config,
    source: str | None = None,
    frames: int | None = None,
    screenshot: Path | None = None,
    windowed: bool = False,
    config_file: Path | None = None,
) -> None:
    """Open everything the kiosk needs, run it, and release it all again.

    The source is opened and the model loaded before the display, so a bad
    ``--source`` or a broken installation fails at once with a clear message.
    """
    if screenshot is not None:
        _check_screenshot_path(screenshot)
    camera = config.camera
    with ExitStack() as stack:
        frame_source = open_frame_source(source or camera.source, camera)
        stack.callback(frame_source.close)
        tracker = build_tracker(config)
        stack.callback(pygame.quit)
        display = open_display(config.display, windowed)
        events: queue.SimpleQueue[ButtonEvent] = queue.SimpleQueue()
        buttons = _open_buttons(config.buttons, events)
        if buttons is not None:
            stack.callback(buttons.close)
        supervisor = Supervisor(config_file)
        supervisor.install_signal_handler()
        stack.callback(supervisor.stopping)
        kiosk = Kiosk(config, frame_source, tracker, display, events, supervisor)
        log.info("showing %s on a %dx%d screen", frame_source.name, *display.get_size())
        kiosk.run(frames)
        if screenshot is not None:
            try:
                pygame.image.save(display, str(screenshot))
            except pygame.error as error:
                raise KioskError(f"screenshot {screenshot} could not be written ({error})") from None
            log.info("screenshot written to %s", screenshot)


def build_tracker(config: Config) -> PoseTracker:
    """The pose engine the configuration asks for, with the model loaded and checked."""
    pose = config.pose
    estimator = PoseEstimator(load_interpreter(config.model), pose.min_score)
    return PoseTracker(estimator, pose.crop, pose.smoothing, pose.min_cutoff, pose.beta)


def _check_screenshot_path(path: Path) -> None:
    if path.suffix.lower() not in SCREENSHOT_TYPES:
        raise KioskError(f"--screenshot {path}: give a file ending in {', '.join(SCREENSHOT_TYPES)}")
    if not path.parent.is_dir():
        raise KioskError(f"--screenshot {path}: folder {path.parent} does not exist")


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
