"""The last configuration the kiosk ran with, kept in its own folder for the day a bad edit reaches it.

Under systemd a configuration file that cannot be loaded at start must not
stop the mirror (the unit would restart it into the same error until it gave
up). The kiosk keeps a copy of every file it started or reloaded with,
``last-good.toml`` in its state folder (/var/lib/kiosk), and starts from
that copy instead, with the defaults when it has none, showing "Configuration
error" where the attract screen would be until the file is fixed and
reloaded. A file is kept only once the start checks passed with it (the
camera source opened, the model loaded): one that passes the schema but
fails at start (a missing ``model.path``) falls back too, and never
replaces the copy.

>>> LastGood(Path("/nonexistent/last-good.toml")).load() is None
True
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.app.coaching import load_program
from kiosk.coach.exercise_library import Library
from kiosk.config import Config, load_config_text, read_config_text, with_calibration
from kiosk.errors import KioskError
from kiosk.files import write_file

log = logging.getLogger(__name__)


class LastGood:
    """``last-good.toml``: a copy of the last configuration file that loaded."""

    def __init__(self, path: Path):
        self.path = path
        self._failed = False
        self.pending: str | None = None  # the file being started with, kept once it has started

    def started(self) -> None:
        """The start checks passed (source opened, model loaded): keep the file started with."""
        text, self.pending = self.pending, None
        self.keep(text)

    def fallback(self, calibration: Path | None, error: str) -> tuple[Config, Library]:
        """What to run on instead (this copy, else the defaults) and its library; logs ``error``."""
        fallback = self.load(calibration)
        kept = _library_of(fallback, self.path) if fallback is not None else None
        log.error(
            "%s; running on %s until it is fixed (kiosk config validate)",
            error, self.path if kept is not None else "the defaults",
        )  # fmt: skip
        if fallback is None or kept is None:
            fallback = Config() if calibration is None else with_calibration(Config(), calibration)
            kept = load_program(fallback.program)
        return fallback, kept

    def keep(self, text: str | None) -> None:
        """Remember ``text`` (a file that just loaded); a write that fails is logged once, never raised."""
        if text is None:
            return
        try:
            if self.path.is_file() and read_config_text(self.path) == text:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_file(
                self.path, lambda stream: stream.write(text), mode=0o644, follow_links=False, devices=False
            )
        except (KioskError, OSError) as error:
            if not self._failed:
                log.warning("the last good configuration cannot be kept in %s (%s)", self.path, error)
            self._failed = True

    def load(self, calibration: Path | None = None) -> Config | None:
        """The configuration kept, or ``None`` if there is none (or it no longer loads)."""
        if not self.path.is_file():
            return None
        try:
            config = load_config_text(read_config_text(self.path), str(self.path))
        except KioskError as error:
            log.error("the last good configuration cannot be used either: %s", error)
            return None
        return config if calibration is None else with_calibration(config, calibration)


def start_config(
    config_file: Path | None, calibration: Path | None, last_good: LastGood | None
) -> tuple[Config, Library, str | None]:
    """The configuration to start with, its exercise library, and the error that made it a fallback.

    The error is ``None`` when there was none. Without ``last_good`` (not under
    systemd) a bad file (or a bad exercise file it names) raises its one-line
    :class:`KioskError` as usual. With it, the error is logged in one line and
    the last good configuration (or the defaults) is used instead.
    """
    from kiosk.config import config_path
    from kiosk.config.sources import load_config_and_text

    try:
        config, text = load_config_and_text(config_file, calibration)
        library = load_program(config.program, str(config_path(config_file)))
    except Exception as error:  # under systemd nothing in the file may stop the mirror
        if last_good is None:
            raise
        message = str(error) if isinstance(error, KioskError) else f"{type(error).__name__}: {error}"
        fallback, kept = last_good.fallback(calibration, message)
        return fallback, kept, message
    if last_good is not None:
        last_good.pending = text  # kept once the kiosk has started with it (LastGood.started)
    return config, library, None


def start_problem(config: Config) -> str | None:
    """What would make ``config`` fail at start (its camera source, its model file), or ``None``.

    A reload is kept as the last good configuration only without one: the
    running kiosk keeps its open camera and loaded model, but the next boot would not.
    """
    from kiosk.app.config_checks import Reader, model_problem, source_problem

    reader = Reader.of_service()
    for key, problem in (
        ("camera.source", source_problem(config.camera.source, reader)),
        ("model.path", model_problem(config, reader)),
    ):
        if problem:
            return f"{key}: {problem}"
    return None


def _library_of(config: Config, name: Path) -> Library | None:
    """The last good configuration's exercise library, or ``None`` (logged) if its file no longer serves."""
    try:
        return load_program(config.program, str(name))
    except KioskError as error:
        log.error("the last good configuration cannot be used either: %s", error)
        return None
