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
import time
from pathlib import Path

import pygame

from hardware import ButtonEvent, FrameSource
from kiosk.app.coaching import camera_mount, load_program, thresholds
from kiosk.app.degrade import ThermalGovernor
from kiosk.app.engine import build_tracker
from kiosk.app.faults import FaultLog
from kiosk.app.inference import MODEL_FAILURES_FOR_TROUBLE, Captured, InferenceStage, PoseResult
from kiosk.app.keys import QUIT_KEYS, button_for_key
from kiosk.app.navigation import Calibration, Navigation, Screen, command_for
from kiosk.app.pipeline import InlinePipeline, ThreadedPipeline
from kiosk.app.presenter import Presenter
from kiosk.app.stats import FrameStats
from kiosk.app.supervisor import Supervisor
from kiosk.app.trouble import TroubleWatch
from kiosk.coach.exercise_library import Library
from kiosk.coach.routine import SETUP, RoutineRun
from kiosk.coach.session import Coach
from kiosk.config import Config
from kiosk.config.file import set_values
from kiosk.errors import KioskError
from kiosk.pose import PoseTracker
from kiosk.ui.gpu import GpuScreen
from kiosk.ui.hud import Hud
from kiosk.ui.rotation import Canvas
from kiosk.ui.screens import Screens, TroubleKind, TroubleView

__all__ = ["MODEL_FAILURES_FOR_TROUBLE", "Kiosk"]
log = logging.getLogger(__name__)
TROUBLE_FPS = 10
# No frame for this long, from a source that has not ended, shows the camera trouble screen.
NO_FRAME_SECONDS = 0.5
# A pose older than this is not drawn: it would sit on a person who has moved.
STALE_POSE_SECONDS = 0.5
FAILED = object()
TROUBLE: dict[str, TroubleView | tuple[str, str]] = {
    "camera": TroubleView(TroubleKind.CAMERA),
    "model": TroubleView(TroubleKind.MODEL),
}


class Kiosk:
    """One running mirror: takes frames, feeds the session, draws and flips.

    With ``threaded=True`` (the product) capture and inference run on their
    own threads and each :meth:`step` shows the newest frame with the newest
    pose. With ``threaded=False`` each step reads one frame and infers on it
    first, which tests use to be deterministic. Button events arrive on
    ``events`` (from gpiozero's threads) and keys from pygame's own queue;
    both are handled here, between frames. ``start`` opens a session at once
    (``"routine"`` or an exercise's id) instead of the attract screen. The
    glass calibration is saved to ``calibration_file``. ``config_error``
    (the configuration file could not be loaded at start; ``config`` is the
    last good one) is shown where the attract screen would be, until a
    reload succeeds. ``chimes`` (:class:`kiosk.app.chimes.Chimes`) sound
    each rep. ``library`` is the exercise library read at start (else it is
    read here, from ``config``). Call :meth:`close` when done.

    >>> kiosk = Kiosk(config, source, tracker, display, events, threaded=True)  # doctest: +SKIP
    >>> kiosk.run(max_frames=60); kiosk.close()  # doctest: +SKIP
    """

    def __init__(
        self,
        config: Config,
        source: FrameSource,
        tracker: PoseTracker,
        display: pygame.Surface | GpuScreen,
        events: queue.SimpleQueue[ButtonEvent],
        supervisor: Supervisor | None = None,
        paced: bool = True,
        threaded: bool = False,
        lockstep: bool = False,
        hud: bool = False,
        clock=time.monotonic,
        start: str | None = None,
        calibration_file: Path | None = None,
        config_error: str | None = None,
        chimes=None,
        library: Library | None = None,
    ):
        self.config = config
        self.calibration_file = calibration_file
        self.config_error = config_error
        self.chimes = chimes  # tones per rep (kiosk/app/chimes.py), when [sound] is on
        self.paced = paced
        self.supervisor = supervisor
        self.source = source
        self.display = display
        self.events = events
        self.clock = clock
        self.faults = FaultLog()
        self.inference = InferenceStage(tracker, lambda: build_tracker(self.config), self.faults, clock)
        self.pipeline: ThreadedPipeline | InlinePipeline
        if threaded:
            self.pipeline = ThreadedPipeline(
                source, self.inference, realtime=paced, lockstep=lockstep, clock=clock
            )
        else:
            self.pipeline = InlinePipeline(source, self.inference, clock)
        library = library if library is not None else load_program(config.program)
        self.navigation = Navigation(library, self._coach_for, config.program.routine, config.presence)
        if start is not None:
            self.navigation.start(start, clock())
        self.gpu = display if isinstance(display, GpuScreen) else None
        self.canvas = Canvas(
            display.surface if isinstance(display, GpuScreen) else display, config.display.turned
        )
        self.screens = Screens.from_config(config.display, self.canvas.size, config.camera)
        if self.gpu is not None:
            self.screens.use_gpu(self.gpu)
        self.presenter = Presenter(self.screens)
        self.troubles = TroubleWatch(config.presence)
        self.stats = FrameStats()
        self.hud = Hud(self.canvas.size) if hud else None
        self.governor = ThermalGovernor(self.inference)
        self.ticker = pygame.time.Clock()
        self.frames_drawn = 0
        self.pose: PoseResult | None = None
        self.trouble: str | None = None
        self._last_frame = clock()
        self._shown: Captured | None = None
        self._run: RoutineRun | None = None
        self._trouble_view: TroubleView | None = None
        self._stalled: str | None = None

    # The pose engine's and the session's state, as the rest of the product and its tests look at it.
    tracker = property(lambda self: self.inference.tracker)
    model_failures = property(lambda self: self.inference.failures)
    model_trouble = property(lambda self: self.inference.trouble)
    dropped_frames = property(lambda self: self.pipeline.gate.dropped)

    @property
    def last_update(self):
        """The coach's latest conclusions in the current session, if any."""
        state = self.navigation.state
        return state.update if state is not None else None

    @property
    def coach(self) -> Coach | None:
        """The coach of the exercise being done now, if any."""
        run = self.navigation.run
        return run.coach if run is not None else None

    def run(self, max_frames: int | None = None) -> None:
        """Run until quit, the end of a finite source, or ``max_frames`` frames drawn."""
        while max_frames is None or self.frames_drawn < max_frames:
            if not self.step():
                break

    def close(self) -> None:
        """Stop the capture and inference threads (if any)."""
        self.pipeline.close()

    def screenshot(self) -> pygame.Surface:
        """The last frame drawn, upright as the person sees it (read back from the GPU when it drew it)."""
        return self.gpu.read_back() if self.gpu is not None else self.canvas.surface

    def step(self) -> bool:
        """Handle input and draw one frame; ``False`` when the kiosk should stop."""
        if not self._handle_input():
            return False
        if self.supervisor is not None and self.supervisor.stop_requested:
            log.info("stopping")
            return False
        if self.supervisor is not None and self.supervisor.reload_requested():
            self.supervisor.reload(self.apply)
        captured = self.pipeline.next(timeout=1 / TROUBLE_FPS if self.pipeline.threaded else 0)
        work_started = time.perf_counter()
        now = self.clock()
        stalled = self._check_stages()
        model_down = self.inference.trouble or stalled == "model"
        if captured is not None and not model_down:
            frame = captured.frame
            self.screens.mirror.show(frame.image, frame.preview, frame.mirrored)
        # Poses are taken after the picture is converted: the model may have finished this very frame.
        self._take_poses(self.pipeline.results(), now)
        self.navigation.tick(now)
        self._follow_session()
        if captured is None:
            if self.pipeline.ended:
                log.info("end of %s", self.source.name)
                return False
            camera_down = stalled == "camera" or not getattr(self.source, "available", True)
            if camera_down or now - self._last_frame > NO_FRAME_SECONDS:
                self._show_trouble("camera")
            else:
                self._draw(now)  # the last picture stays up until the next frame
        elif model_down:
            self._last_frame = now
            self._show_trouble("model")
        else:
            self._last_frame = now
            self._shown = captured
            self._draw(now)
        if self.hud is not None:
            layers = self.gpu is not None and self.gpu.layered
            hud_target = self.gpu if self.gpu is not None and layers else self.canvas.surface
            self._guarded("hud", self.hud.draw, hud_target, self.stats, self.inference.stride)
        present_started = time.perf_counter()
        if isinstance(self.display, GpuScreen):
            self.display.present()
        else:
            self.canvas.present(self.display)
            pygame.display.flip()
        shown_at = self.clock()
        presented = time.perf_counter() - present_started
        self.frames_drawn += 1
        self.governor.check(shown_at)
        if captured is not None:
            self._record(captured, shown_at, present_started - work_started, presented)
        if self.supervisor is not None:
            # No watchdog ping while a stage hangs: systemd then restarts the kiosk (WatchdogSec).
            self.supervisor.frame_drawn(self, shown_at - now, alive=stalled is None)
        if self.paced and not self.pipeline.threaded:
            self.ticker.tick(self.source.fps if captured is not None else TROUBLE_FPS)
        return True

    def _check_stages(self) -> str | None:
        """``"camera"`` or ``"model"`` if that stage hangs (logged once each time it starts to)."""
        stalled = self.pipeline.stalled()
        if stalled is not None and stalled != self._stalled:
            log.error(
                "the %s has not answered within its deadline; trouble screen shown and the watchdog "
                "no longer fed, so systemd restarts the kiosk", stalled,
            )  # fmt: skip
        elif stalled is None and self._stalled is not None:
            log.info("the %s answers again", self._stalled)
        self._stalled = stalled
        return stalled

    def _record(self, captured: Captured, shown_at: float, display_work: float, presented: float) -> None:
        pose = self.pose
        fresh = pose is not None and pose.pose is not None and pose.done_at <= shown_at
        age = shown_at - pose.captured_at if pose is not None and fresh else math.nan
        engine = pose.engine_s if pose is not None else 0.0
        self.stats.frame(shown_at, shown_at - captured.at, age, display_work + engine, presented)

    def _take_poses(self, results: list[PoseResult], now: float) -> None:
        """Feed each new pose to the session, in order; keep the newest to draw."""
        for result in results:
            self.stats.pose(result.invoke_s)
            if result.pose is None:
                continue  # the model failed on that frame: the coach learns nothing from it
            self.pose = result
            self._guarded("coach", self.navigation.observe, result.pose, result.timestamp, now)
            if self.chimes is not None:
                self._guarded("sound", self.chimes.follow, self.navigation.state)
            self._trouble_view = self.troubles.update(result.pose, result.brightness, now)

    def _follow_session(self) -> None:
        """A new session or a new person: the knee colours start afresh; calibration is saved."""
        run = self.navigation.run
        if run is not self._run:
            self._run = run
            self.screens.reset_knees()
            self.troubles.reset()
        saved = self.navigation.pending_save
        if saved is not None:
            self.navigation.pending_save = None
            self._save_calibration(saved)

    def _draw(self, now: float) -> None:
        """Draw the current screen; a failure in drawing costs one frame, never the loop."""
        shown = self.pose
        pose = shown.pose if shown is not None else None
        if shown is not None and now - shown.captured_at > STALE_POSE_SECONDS:
            pose = None
        state = self.navigation.state
        trouble = self._trouble_view
        if trouble is not None and trouble.kind is not TroubleKind.DARK:
            # Too close or too far matters while getting into position, not in the middle of a rep.
            trouble = trouble if state is not None and state.screen == SETUP else None
        surface = self.canvas.surface
        if self.config_error is not None and self.navigation.screen is Screen.ATTRACT:
            # Nobody is using the mirror: the staff walking past see that its file needs fixing.
            self._guarded("draw", self.screens.draw_trouble, surface, TroubleView(TroubleKind.CONFIG))
            return
        if self._guarded("draw", self.presenter.draw, surface, self.navigation, pose, now, trouble) is FAILED:
            surface.fill((0, 0, 0))
            self._guarded("draw", self.screens.mirror.draw, surface)

    def _show_trouble(self, kind: str) -> None:
        self._guarded("draw", self.screens.draw_trouble, self.canvas.surface, TROUBLE[kind])
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

    def _save_calibration(self, calibration: Calibration) -> None:
        """Write the glass calibration to the kiosk's own calibration file and use it from now on."""
        values = {
            "scale": calibration.scale,
            "offset_x": calibration.offset_x,
            "offset_y": calibration.offset_y,
        }
        display = self.config.display.model_copy(update={f"glass_{k}": v for k, v in values.items()})
        self.config = self.config.model_copy(update={"display": display})
        self.screens.calibrate(calibration.scale, calibration.offset_x, calibration.offset_y)
        if self.calibration_file is None:
            log.warning("glass calibration used until restart: no calibration file to save it in")
            return
        try:
            set_values(self.calibration_file, {f"display.glass_{k}": str(v) for k, v in values.items()})
        except (KioskError, OSError) as error:
            log.error("the glass calibration could not be saved (%s); it is used until restart", error)
        else:
            log.info("glass calibration saved to %s", self.calibration_file)

    def apply(self, config: Config) -> Config:
        """Use a reloaded configuration; returns the settings now in force.

        ``[pose]``, ``[presence]`` and ``[logging]`` apply at once, ``[coach]`` from the next
        exercise. The sections set up once at start (the schema's ``APPLIES =
        "restart"``: camera, model, buttons, display, program) keep their running
        values until the next start, so that what runs is what the kiosk says
        it uses (a model reloaded after a fault is still the one it started with);
        each changed key is logged.
        """
        once = [
            name
            for name, field in Config.model_fields.items()
            if getattr(field.annotation, "APPLIES", None) == "restart"
        ]
        waiting = [
            f"{section}.{name}"
            for section in once
            for name, value in getattr(config, section)
            if getattr(getattr(self.config, section), name) != value
        ]
        if waiting:
            log.warning("%s changed: takes effect when the kiosk restarts", ", ".join(waiting))
        config = config.model_copy(update={section: getattr(self.config, section) for section in once})
        pose = config.pose
        estimator = self.inference.tracker.estimator
        estimator.min_score = pose.min_score
        self.inference.replace(PoseTracker(estimator, pose.crop, pose.smoothing, pose.min_cutoff, pose.beta))
        self.navigation.presence = self.troubles.presence = config.presence
        self.config = config
        self.config_error = None
        logging.getLogger().setLevel(config.logging.level.upper())
        return config

    def _coach_for(self, exercise) -> Coach:
        coach, mount = self.config.coach, camera_mount(self.config.camera)
        return Coach(exercise, thresholds(coach), cooldown_seconds=coach.cooldown_seconds, mount=mount)

    def _handle_input(self) -> bool:
        now = self.clock()
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return False
            if event.type == pygame.KEYDOWN:
                if event.key in QUIT_KEYS:
                    return False
                button = button_for_key(event.key)
                if button is not None:
                    self.navigation.handle(command_for(button), now)
        while True:
            try:
                self.navigation.handle(command_for(self.events.get_nowait()), now)
            except queue.Empty:
                return True
