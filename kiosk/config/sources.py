"""Where each setting in force comes from: its default, the file, the calibration or the environment.

Each layer is laid over the one before: the defaults, the configuration file,
the calibration saved from the screen (``display.glass_*``), and the
environment, where ``KIOSK_SECTION__KEY=value`` overrides one key (as
Pi-hole's ``FTLCONF_``): ``KIOSK_CAMERA__SOURCE=demo``. A value from the
environment is made its key's type like one given to ``kiosk config set``; an
unknown key or a bad value is refused in one line that names the variable.
Only variables with a double underscore are overrides (``KIOSK_CONFIG`` is not).
:func:`load_config` reads the configuration in force, all of them laid over one another.

>>> environment_overrides({"KIOSK_CAMERA__SOURCE": "demo", "KIOSK_CONFIG": "/etc/kiosk/config.toml"})
{'camera.source': ('KIOSK_CAMERA__SOURCE', 'demo')}
>>> with_environment(Config(), {"KIOSK_CAMERA__FPS": "many"})
Traceback (most recent call last):
kiosk.errors.KioskError: KIOSK_CAMERA__FPS=many: camera.fps: Input should be a valid integer, unable to \
parse string as an integer (got 'many')
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kiosk.config.model import (
    Config,
    config_path,
    load_config_text,
    read_config_text,
    shorten,
    with_calibration,
)
from kiosk.config.schema import all_keys, find_key
from kiosk.errors import KioskError

PREFIX = "KIOSK_"
LAYERS = ("default", "file", "calibration", "environment")


def environment_overrides(environ: Mapping[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """``section.name`` -> (variable, text) for each ``KIOSK_SECTION__NAME`` variable set."""
    environ = os.environ if environ is None else environ
    found = {}
    for variable, text in sorted(environ.items()):
        section, separator, name = variable.removeprefix(PREFIX).partition("__")
        if not variable.startswith(PREFIX) or not separator:
            continue
        try:
            key = find_key(f"{section.lower()}.{name.lower()}")
        except KioskError as error:
            raise KioskError(f"{variable} in the environment: {error}") from None
        found[key.key] = (variable, text)
    return found


def with_environment(config: Config, environ: Mapping[str, str] | None = None) -> Config:
    """``config`` with the environment's overrides laid over it (the same object when there are none)."""
    overrides = environment_overrides(environ)
    if not overrides:
        return config
    data = config.model_dump()
    for key, (variable, text) in overrides.items():
        section, name = key.split(".")
        try:
            data[section][name] = find_key(key).typed(text)
        except KioskError as error:
            raise KioskError(f"{variable}={_shown(text)}: {error}") from None
    try:
        return Config.model_validate(data, context={"folder": Path.cwd()})
    except ValidationError as error:
        variables = ", ".join(variable for variable, _ in overrides.values())
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise KioskError(f"with {variables} from the environment: {where}: {problem['msg']}") from None


@dataclass(frozen=True)
class Effective:
    """The settings in force, and where each came from."""

    config: Config
    sources: dict[str, str]  # section.name -> one of LAYERS
    variables: dict[str, str]  # section.name -> the variable that set it, for the environment's

    def source_text(self, key: str, calibration: Path | None = None) -> str:
        """Where ``key`` came from: "default", "file", "calibration (PATH)" or "environment: VARIABLE"."""
        source = self.sources[key]
        if source == "environment":
            return f"environment: {self.variables[key]}"
        if source == "calibration" and calibration is not None:
            return f"calibration ({calibration})"
        return source


def effective(
    path: Path | None, calibration: Path | None, environ: Mapping[str, str] | None = None
) -> Effective:
    """The settings in force, with where each came from.

    ``path`` is the configuration file (``None`` or missing: the defaults);
    one that cannot be loaded raises its one-line error.
    """
    text = read_config_text(path) if path is not None and path.exists() else None
    folder = path.resolve().parent if path is not None else None
    config = Config() if text is None else load_config_text(text, str(path), folder)
    in_file = tomllib.loads(text) if text is not None else {}
    calibrated = set()
    if calibration is not None:
        laid = with_calibration(config, calibration)
        if laid is not config:  # applied: it holds display keys only
            calibrated = {
                f"display.{name}" for name in tomllib.loads(read_config_text(calibration))["display"]
            }
        config = laid
    overrides = environment_overrides(environ)
    config = with_environment(config, environ)
    sources = {}
    for key in all_keys():
        if key.key in overrides:
            sources[key.key] = "environment"
        elif key.key in calibrated:
            sources[key.key] = "calibration"
        elif key.name in in_file.get(key.section, {}):
            sources[key.key] = "file"
        else:
            sources[key.key] = "default"
    return Effective(config, sources, {key: variable for key, (variable, _) in overrides.items()})


def _shown(text: str) -> str:
    return text if text.isprintable() and len(text) <= 60 else shorten(text)


def load_config(path: str | Path | None = None, calibration: Path | None = None) -> Config:
    """Read and validate the configuration, with the saved glass calibration (if given) laid over it.

    With no path: ``$KIOSK_CONFIG`` if set, else /etc/kiosk/config.toml. Only the
    system file may be missing (the defaults apply); a named file must exist.
    """
    return load_config_and_text(path, calibration)[0]


def load_config_and_text(
    path: str | Path | None = None, calibration: Path | None = None
) -> tuple[Config, str | None]:
    """As :func:`load_config`, with the file's text (``None`` when only the defaults apply).

    ``KIOSK_SECTION__KEY`` variables in the environment override single keys
    (:func:`with_environment`), over the file and the calibration.
    """
    named = path is not None or bool(os.environ.get("KIOSK_CONFIG"))
    path = config_path(path)
    if not named and not path.exists():
        config, text = Config(), None
    else:
        text = read_config_text(path)
        config = load_config_text(text, str(path), path.resolve().parent)
    config = config if calibration is None else with_calibration(config, calibration)
    return with_environment(config), text
