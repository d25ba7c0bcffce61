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

import numpy as np
import pygame

from hardware import ButtonEvent, FrameSource, GpioButtons
from kiosk.app.keys import QUIT_KEYS, button_for_key
from kiosk.app.navigation import Navigation, Screen
from kiosk.app.resilient import ResilientSource
from kiosk.app.sources import open_frame_source
from kiosk.app.supervisor import Supervisor
from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict
from kiosk.coach.session import Coach
from kiosk.config import ButtonsConfig, Config
from kiosk.errors import KioskError
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter
from kiosk.ui.display import open_display
from kiosk.ui.screens import ExerciseView, MenuView, Screens

log = logging.getLogger(__name__)
TROUBLE_FPS = 10
MODEL_FAILURES_FOR_TROUBLE = 15
MODEL_RETRY_SECONDS = 5.0
# Nobody at the mirror this long ends the session: counts and cues start afresh.
SESSION_IDLE_SECONDS = 30.0
FAILED = object()
NO_CHECK = KneeCheck(
    KneeReading("left", None, KneeVerdict.UNKNOWN), KneeReading("right", None, KneeVerdict.UNKNOWN), ""
)
TROUBLE = {
    "camera": ("The camera is not responding", "Retrying by itself. Staff: check the camera cable."),
    "model": ("The pose model stopped working", "Restarting it. Staff: run kiosk doctor."),
}
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
        paced: bool = True,
    ):
        self.config = config
        self.paced = paced
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
        self.faults = FaultLog()
        self.trouble: str | None = None
        self.dropped_frames = 0
        self.model_failures = 0
        self.model_trouble = False
        self._consecutive_model_failures = 0
        self._next_model_try = 0.0
        self._last_person = time.monotonic()

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
            if getattr(self.source, "ended", True):
                log.info("end of %s", self.source.name)
                return False
            self._show_trouble("camera")
        elif not _usable(frame.image):
            self.dropped_frames += 1
            self.faults.once("frame", f"dropped a frame that is not H×W×3 uint8 ({_describe(frame.image)})")
            self._show_trouble("camera") if self.navigation.screen is Screen.EXERCISE else self._draw(None)
        elif self.model_trouble and not self._recover_model():
            self._show_trouble("model")
        else:
            self._draw(frame)
        pygame.display.flip()
        self.frames_drawn += 1
        if self.supervisor is not None:
            self.supervisor.frame_drawn(self, time.monotonic() - started)
        if self.paced:
            self.clock.tick(self.source.fps if frame is not None else TROUBLE_FPS)
        return True

    def _draw(self, frame) -> None:
        """Draw the current screen; a failure in coach or drawing costs one frame, never the loop."""
        if self.navigation.screen is not Screen.EXERCISE or frame is None:
            self._guarded(
                "draw",
                self.screens.draw_menu,
                self.display,
                MenuView(self.navigation.exercises, self.navigation.index),
            )
            return
        if self.coach.exercise != self.navigation.exercise:
            self.coach = self._coach_for(self.navigation.exercise)
        self.screens.mirror.show(frame.image)
        pose = self._estimate(frame)
        update = self._guarded("coach", self.coach.update, pose, frame.timestamp)
        now = time.monotonic()
        if pose is not None and pose.present:
            self._last_person = now
        elif now - self._last_person > SESSION_IDLE_SECONDS and self.coach.frames > 1:
            self.coach = self._coach_for(self.navigation.exercise)  # the next person starts afresh
        if update is not FAILED:
            self.last_update = update
            view = ExerciseView(self.navigation.exercise, pose, update.knees, update.cue, update.reps)
        else:
            view = ExerciseView(self.navigation.exercise, None, NO_CHECK, "", None)
        if self._guarded("draw", self.screens.draw_exercise, self.display, view) is FAILED:
            self.display.fill((0, 0, 0))
            self._guarded("draw", self.screens.mirror.draw, self.display)

    def _estimate(self, frame):
        try:
            pose = self.tracker.track(frame.image, frame.timestamp)
        except Exception as error:  # noqa: BLE001 - any interpreter failure costs this frame only
            self.model_failures += 1
            self._consecutive_model_failures += 1
            self.faults.once("model", f"the pose model failed on a frame: {type(error).__name__}: {error}")
            if self._consecutive_model_failures >= MODEL_FAILURES_FOR_TROUBLE:
                log.error(
                    "the pose model failed %d frames in a row; restarting it",
                    self._consecutive_model_failures,
                )
                self.model_trouble = True
            return None
        self._consecutive_model_failures = 0
        return pose

    def _recover_model(self) -> bool:
        """Rebuild the interpreter from the model file, at most every few seconds."""
        now = time.monotonic()
        if now < self._next_model_try:
            return False
        self._next_model_try = now + MODEL_RETRY_SECONDS
        try:
            self.tracker = build_tracker(self.config)
        except Exception as error:  # noqa: BLE001 - a missing or corrupt model keeps the trouble screen up
            self.faults.once("model-reload", f"the pose model cannot be reloaded: {error}")
            return False
        log.info("the pose model was reloaded")
        self.model_trouble = False
        self._consecutive_model_failures = 0
        return True

    def _show_trouble(self, kind: str) -> None:
        self._guarded("draw", self.screens.draw_trouble, self.display, *TROUBLE[kind])
        self.trouble = kind

    def _guarded(self, stage: str, function, *args):
        try:
            result = function(*args)
        except Exception as error:  # noqa: BLE001 - one frame's failure must not stop the mirror
            kind = type(error).__name__
            self.faults.once(f"{stage}:{kind}", f"{stage} failed: {kind}: {error}", exc_info=error)
            return FAILED
        if stage == "draw":
            self.trouble = None
        return result

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
        frame_source = ResilientSource(lambda: open_frame_source(source or camera.source, camera))
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


class FaultLog:
    """Logs each kind of fault once, with its context, however often it recurs."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def once(self, kind: str, message: str, exc_info: BaseException | None = None) -> None:
        """Count a fault; log it the first time it is seen."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] == 1:
            log.error("%s (logged once; later ones are counted)", message, exc_info=exc_info)


def _usable(image) -> bool:
    return (
        isinstance(image, np.ndarray)
        and image.dtype == np.uint8
        and image.ndim == 3
        and image.shape[2] == 3
        and 32 <= image.shape[0] <= 4320
        and 32 <= image.shape[1] <= 7680
    )


def _describe(image) -> str:
    if not isinstance(image, np.ndarray):
        return type(image).__name__
    return f"{image.dtype} {'×'.join(map(str, image.shape))}"


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
