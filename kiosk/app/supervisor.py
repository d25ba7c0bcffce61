"""The kiosk's link to the operating system: systemd notifications, the state file, SIGHUP reloads.

Beside the state file it keeps ``settings.json``: every setting the kiosk
uses and where each came from (default, file, calibration, environment),
written at start and whenever the settings in force change (a reload, a saved
calibration), for ``kiosk config diff``.

Budget: ≈ 20 µs per frame (a watchdog datagram a second, a state file every
two seconds); never blocks the render loop for long, and a full disk only
costs the state update.
"""

from __future__ import annotations

import datetime
import logging
import os
import signal
import threading
import time
from pathlib import Path

from hardware.thermal import cpu_temperature, throttled
from kiosk.app.coaching import load_program
from kiosk.app.last_good import LastGood, start_problem
from kiosk.app.notify import Notifier
from kiosk.config import Config, config_path
from kiosk.config.sources import load_config_and_text
from kiosk.errors import KioskError
from kiosk.system.state import settings_path, state_path, write_state

log = logging.getLogger(__name__)
STATE_INTERVAL = 2.0


class _LastProblem(logging.Handler):
    """Remembers the last warning or error logged, for ``kiosk status``."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.message: str | None = None
        self.at: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.message, self.at = record.getMessage(), record.created


class Supervisor:
    """Watches over a running kiosk on behalf of systemd and the staff's SSH sessions.

    >>> supervisor = Supervisor(config_file=None, notifier=Notifier(socket_path=None))
    >>> supervisor.reload_requested()
    False
    """

    def __init__(
        self,
        config_file: Path | None,
        notifier: Notifier | None = None,
        state_file: Path | None = None,
        calibration: Path | None = None,
        last_good: LastGood | None = None,
    ):
        self.config_file = config_file
        self.calibration = calibration
        self.last_good = last_good
        self.notifier = notifier or Notifier()
        self.state_file = state_file or state_path()
        self.started = time.time()
        self._reload = threading.Event()
        self._stop = threading.Event()
        self._ready = False
        self._last_state = 0.0
        self._frame_times: list[float] = []
        self._state_failed = False
        self._sessions: dict[str, int] = {}
        self._had_person = False
        self._settings_of: Config | None = None
        self._settings_writer: threading.Thread | None = None
        self.last_frame_at: float | None = None  # wall time of the last frame shown with every stage alive
        self.problems = _LastProblem()
        logging.getLogger().addHandler(self.problems)

    def install_signal_handler(self) -> None:
        """Reload on SIGHUP (``systemctl reload kiosk``, ``kiosk config set``); stop cleanly on SIGTERM."""
        signal.signal(signal.SIGHUP, lambda *_: self._reload.set())
        signal.signal(signal.SIGTERM, lambda *_: self._stop.set())

    @property
    def stop_requested(self) -> bool:
        """Whether systemd (or anyone) asked the kiosk to stop."""
        return self._stop.is_set()

    def reload_requested(self) -> bool:
        """Whether a reload was asked for since the last call."""
        if not self._reload.is_set():
            return False
        self._reload.clear()
        return True

    def reload(self, apply) -> None:
        """Read the configuration again and hand it to ``apply``; systemd hears RELOADING=1, then READY=1.

        An invalid file is logged and the running configuration kept; READY=1 follows all the same.
        """
        self.notifier.reloading()
        try:
            config = self.load()
            if config is not None:
                apply(config)
        finally:
            self.notifier.ready()

    def load(self) -> Config | None:
        """The configuration from disk, or ``None`` (logged) if it cannot be used: keep the running one.

        Any failure at all refuses the reload, never the kiosk: a file nested
        thousands deep makes the TOML reader itself raise RecursionError.
        """
        try:
            config, text = load_config_and_text(self.config_file, self.calibration)
            # [program] applies at the next start: a file that would not start is refused now.
            load_program(config.program, str(config_path(self.config_file)))
        except Exception as error:  # noqa: BLE001 - a bad file costs the reload, never the running kiosk
            message = str(error) if isinstance(error, KioskError) else f"{type(error).__name__}: {error}"
            log.error("configuration not reloaded, keeping the running one: %s", message)
            return None
        log.info("configuration reloaded from %s", self.config_file or "the defaults")
        if self.last_good is not None:
            problem = start_problem(config)
            if problem is None:
                self.last_good.keep(text)
            else:
                log.warning("the reloaded configuration is not kept as the last good one: %s", problem)
        return config

    def frame_drawn(self, kiosk, latency: float, alive: bool = True) -> None:
        """Called after every flip: READY once, the watchdog, and the state file now and then.

        ``alive`` false (the camera's read or the model hangs) withholds the
        watchdog ping: only a restart can free a thread stuck in a C call.
        """
        now = time.monotonic()
        if not self._ready:
            self._ready = True
            self.notifier.ready()
        if alive:
            self.notifier.watchdog()
            self.last_frame_at = time.time()
        if kiosk.config is not self._settings_of:  # at start, after a reload or a saved calibration
            self._settings_of = kiosk.config
            # Off the render loop: working out where each value came from reads the files again.
            self._join_settings_writer()
            self._settings_writer = threading.Thread(
                target=self._write_settings, args=(kiosk.config, getattr(kiosk, "config_error", None)),
                name="settings-writer", daemon=True,
            )  # fmt: skip
            self._settings_writer.start()
        self._frame_times.append(now)
        self._count_session(kiosk)
        if now - self._last_state >= STATE_INTERVAL:
            self._last_state = now
            self._write_state(kiosk, latency, now)

    def _write_settings(self, config: Config, error: str | None) -> None:
        """``settings.json``: the settings in force and where each came from, for ``kiosk config diff``."""
        from kiosk.config.sources import effective

        read = (
            self.last_good.path
            if error and self.last_good is not None
            else None
            if error
            else self.config_file
        )
        try:
            found = effective(read, self.calibration)
            sources, variables = found.sources, found.variables
        except Exception:  # noqa: BLE001 - a file changed since: the values are still worth writing
            sources, variables = {}, {}
        settings = {
            "pid": os.getpid(),
            "written": time.time(),
            "config_file": str(self.config_file) if self.config_file else None,
            "config_error": error,
            "settings": config.model_dump(mode="json"),
            "sources": sources,
            "variables": variables,
        }
        write_state(settings, settings_path(self.state_file))

    def _join_settings_writer(self) -> None:
        if self._settings_writer is not None:
            self._settings_writer.join(timeout=5)

    def stopping(self) -> None:
        """The kiosk is shutting down."""
        self._join_settings_writer()
        self.notifier.stopping()
        logging.getLogger().removeHandler(self.problems)

    def _count_session(self, kiosk) -> None:
        coach = getattr(kiosk, "coach", None)
        has_person = coach is not None and coach.baselines.baseline is not None
        if has_person and not self._had_person:
            today = datetime.date.today().isoformat()
            self._sessions[today] = self._sessions.get(today, 0) + 1
        self._had_person = has_person

    def _write_state(self, kiosk, latency: float, now: float) -> None:
        self._frame_times = [t for t in self._frame_times if now - t <= 5.0]
        span = self._frame_times[-1] - self._frame_times[0] if len(self._frame_times) > 1 else 0.0
        fps = (len(self._frame_times) - 1) / span if span > 0 else 0.0
        navigation = kiosk.navigation
        exercise = navigation.exercise
        ages = [a for a in kiosk.stats.recent("pose_age", 30) if a == a] if hasattr(kiosk, "stats") else []
        state = {
            "pid": os.getpid(),
            "updated": time.time(),
            "started": self.started,
            "screen": navigation.screen.value,
            "exercise": exercise.id if exercise is not None else None,
            "source": kiosk.source.name,
            "fps": round(fps, 1),
            "draw_ms": round(latency * 1000, 1),
            "pose_age_ms": round(sorted(ages)[len(ages) // 2] * 1000, 1) if ages else None,
            "cpu_temperature_c": cpu_temperature(),
            "throttled": throttled(),
            "sessions_today": self._sessions.get(datetime.date.today().isoformat(), 0),
            "last_error": self.problems.message,
            "last_error_at": self.problems.at,
            "config_file": str(self.config_file) if self.config_file else None,
            # The watchdog's own measure: the last frame that reached the display with every stage alive.
            "last_frame_at": self.last_frame_at,
        }
        written = write_state(state, self.state_file)
        if not written and not self._state_failed:
            log.warning("cannot write the state file %s; kiosk status will be stale", self.state_file)
        self._state_failed = not written
        doing = f"{state['screen']}: {state['exercise']}" if state["exercise"] else state["screen"]
        self.notifier.status(f"{doing}, {state['fps']} fps")
