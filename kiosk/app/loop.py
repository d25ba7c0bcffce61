"""The kiosk's display loop: take the newest frame, feed the coach the new poses, draw, flip.

Budget (per displayed frame, 1920×1080, 30 fps): ≤ 4 ms of this thread's
own work — mirror the frame into the display's pixel format (≈ 1.5 ms, C
only, reused buffers), coach ≈ 0.1 ms a pose, draw the screen ≈ 2 ms, flip.
Capture and inference run on their own threads (:mod:`kiosk.app.pipeline`);
this loop never waits for the model: it draws the newest pose it has.
"""

from __future__ import annotations

import logging
import math
import queue
import sys
import time
import warnings
from contextlib import ExitStack
from pathlib import Path

import pygame

from hardware import ButtonEvent, FrameSource, GpioButtons
from kiosk.app.degrade import ThermalGovernor
from kiosk.app.faults import FaultLog
from kiosk.app.inference import MODEL_FAILURES_FOR_TROUBLE, Captured, InferenceStage, PoseResult
from kiosk.app.keys import QUIT_KEYS, button_for_key
from kiosk.app.navigation import Navigation, Screen
from kiosk.app.pipeline import InlinePipeline, ThreadedPipeline
from kiosk.app.resilient import ResilientSource
from kiosk.app.sources import open_frame_source
from kiosk.app.stats import FrameStats
from kiosk.app.supervisor import Supervisor
from kiosk.coach.knee import KneeCheck, KneeReading, KneeVerdict
from kiosk.coach.session import Coach
from kiosk.config import ButtonsConfig, Config
from kiosk.errors import KioskError
from kiosk.pose import PoseEstimator, PoseTracker, load_interpreter
from kiosk.ui.display import open_display
from kiosk.ui.hud import Hud
from kiosk.ui.mirror_view import picture_size
from kiosk.ui.screens import ExerciseView, MenuView, Screens

__all__ = ["MODEL_FAILURES_FOR_TROUBLE", "Kiosk", "build_tracker", "run_kiosk"]
log = logging.getLogger(__name__)
TROUBLE_FPS = 10
# No frame for this long, from a source that has not ended, shows the camera trouble screen.
NO_FRAME_SECONDS = 0.5
# A pose older than this is not drawn: it would sit on a person who has moved.
STALE_POSE_SECONDS = 0.5
# Nobody at the mirror this long ends the session: counts and cues start afresh.
SESSION_IDLE_SECONDS = 30.0
# Threads waiting for the GIL get it within this (Python's default is 5 ms, a sixth of a frame).
SWITCH_INTERVAL_SECONDS = 0.0005
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
    """One running mirror: takes frames, feeds the coach, draws and flips.

    With ``threaded=True`` (the product) capture and inference run on their
    own threads and each :meth:`step` shows the newest frame with the newest
    pose. With ``threaded=False`` each step reads one frame and infers on it
    first, which tests use to be deterministic. Button events arrive on
    ``events`` (from gpiozero's threads) and keys from pygame's own queue;
    both are handled here, between frames. Call :meth:`close` when done.

    >>> kiosk = Kiosk(config, source, tracker, display, events, threaded=True)  # doctest: +SKIP
    >>> kiosk.run(max_frames=60); kiosk.close()  # doctest: +SKIP
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
        threaded: bool = False,
        lockstep: bool = False,
        hud: bool = False,
        clock=time.monotonic,
    ):
        self.config = config
        self.paced = paced
        self.supervisor = supervisor
        self.source = source
        self.display = display
        self.events = events
        self.clock = clock
        self.faults = FaultLog()
        self.inference = InferenceStage(tracker, lambda: build_tracker(self.config), self.faults, clock)
        if threaded:
            self.pipeline = ThreadedPipeline(
                source, self.inference, realtime=paced, lockstep=lockstep, clock=clock
            )
        else:
            self.pipeline = InlinePipeline(source, self.inference, clock)
        self.navigation = Navigation()
        self.screens = Screens(display.get_size())
        self.stats = FrameStats()
        self.hud = Hud(display.get_size()) if hud else None
        self.governor = ThermalGovernor(self.inference)
        self.ticker = pygame.time.Clock()
        self.frames_drawn = 0
        self.last_update = None
        self.pose: PoseResult | None = None
        self.coach = self._coach_for(self.navigation.exercise)
        self.trouble: str | None = None
        self._last_frame = clock()
        self._last_person = clock()
        self._shown: Captured | None = None

    # The pose engine's state, as the rest of the product and its tests look at it.
    tracker = property(lambda self: self.inference.tracker)
    model_failures = property(lambda self: self.inference.failures)
    model_trouble = property(lambda self: self.inference.trouble)
    dropped_frames = property(lambda self: self.pipeline.gate.dropped)

    def run(self, max_frames: int | None = None) -> None:
        """Run until quit, the end of a finite source, or ``max_frames`` frames drawn."""
        while max_frames is None or self.frames_drawn < max_frames:
            if not self.step():
                break

    def close(self) -> None:
        """Stop the capture and inference threads (if any)."""
        self.pipeline.close()

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
        captured = self.pipeline.next(timeout=1 / TROUBLE_FPS if self.pipeline.threaded else 0)
        work_started = time.perf_counter()
        now = self.clock()
        if captured is not None and not self.inference.trouble:
            frame = captured.frame
            self.screens.mirror.show(frame.image, frame.preview, frame.mirrored)
        # Poses are taken after the picture is converted: the model may have finished this very frame.
        self._take_poses(self.pipeline.results(), now)
        if captured is None:
            if self.pipeline.ended:
                log.info("end of %s", self.source.name)
                return False
            if not getattr(self.source, "available", True) or now - self._last_frame > NO_FRAME_SECONDS:
                self._show_trouble("camera")
            else:
                self._draw()  # the last picture stays up until the next frame
        elif self.inference.trouble:
            self._last_frame = now
            self._show_trouble("model")
        else:
            self._last_frame = now
            self._shown = captured
            self._draw()
        if self.hud is not None:
            self._guarded("hud", self.hud.draw, self.display, self.stats, self.inference.stride)
        pygame.display.flip()
        shown_at = self.clock()
        self.frames_drawn += 1
        self.governor.check(shown_at)
        if captured is not None:
            self._record(captured, shown_at, time.perf_counter() - work_started)
        if self.supervisor is not None:
            self.supervisor.frame_drawn(self, shown_at - now)
        if self.paced and not self.pipeline.threaded:
            self.ticker.tick(self.source.fps if captured is not None else TROUBLE_FPS)
        return True

    def _record(self, captured: Captured, shown_at: float, display_work: float) -> None:
        pose = self.pose
        fresh = pose is not None and pose.pose is not None and pose.done_at <= shown_at
        age = shown_at - pose.captured_at if fresh else math.nan
        engine = pose.engine_s if pose is not None else 0.0
        self.stats.frame(shown_at, shown_at - captured.at, age, display_work + engine)

    def _take_poses(self, results: list[PoseResult], now: float) -> None:
        """Feed each new pose to the coach, in order; keep the newest to draw."""
        for result in results:
            self.stats.pose(result.invoke_s)
            if result.pose is None:
                continue  # the model failed on that frame: the coach learns nothing from it
            self.pose = result
            if self.navigation.screen is not Screen.EXERCISE:
                continue
            if self.coach.exercise != self.navigation.exercise:
                self.coach = self._coach_for(self.navigation.exercise)
            if result.pose.present:
                self._last_person = now
            elif now - self._last_person > SESSION_IDLE_SECONDS and self.coach.frames > 1:
                self.coach = self._coach_for(self.navigation.exercise)  # the next person starts afresh
            update = self._guarded("coach", self.coach.update, result.pose, result.timestamp)
            if update is not FAILED:
                self.last_update = update

    def _draw(self) -> None:
        """Draw the current screen; a failure in drawing costs one frame, never the loop."""
        if self.navigation.screen is not Screen.EXERCISE or self._shown is None:
            view = MenuView(self.navigation.exercises, self.navigation.index)
            self._guarded("draw", self.screens.draw_menu, self.display, view)
            return
        pose = self.pose.pose if self.pose is not None else None
        if pose is not None and self.clock() - self.pose.captured_at > STALE_POSE_SECONDS:
            pose = None
        update = self.last_update
        if update is not None and self.coach.exercise == self.navigation.exercise:
            view = ExerciseView(self.navigation.exercise, pose, update.knees, update.cue, update.reps)
        else:
            view = ExerciseView(self.navigation.exercise, pose, NO_CHECK, None, None)
        if self._guarded("draw", self.screens.draw_exercise, self.display, view) is FAILED:
            self.display.fill((0, 0, 0))
            self._guarded("draw", self.screens.mirror.draw, self.display)

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
        estimator = self.inference.tracker.estimator
        estimator.min_score = pose.min_score
        self.inference.replace(PoseTracker(estimator, pose.crop, pose.smoothing, pose.min_cutoff, pose.beta))
        self.config = config
        self.coach = self._coach_for(self.navigation.exercise)
        self.last_update = None
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
    hud: bool = False,
) -> None:
    """Open everything the kiosk needs, run it, and release it all again.

    The source is opened and the model loaded before the display, so a bad
    ``--source`` or a broken installation fails at once with a clear message.
    """
    if screenshot is not None:
        _check_screenshot_path(screenshot)
    camera = config.camera
    with ExitStack() as stack:
        # The Pi camera scales the display's picture itself: ask for the size the exercise screen shows.
        preview = picture_size((camera.width, camera.height), (config.display.width, config.display.height))
        frame_source = ResilientSource(lambda: open_frame_source(source or camera.source, camera, preview))
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
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        kiosk = Kiosk(config, frame_source, tracker, display, events, supervisor, threaded=True, hud=hud)
        stack.callback(kiosk.close)
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
