r"""The configuration's model: its sections, their fields and defaults, a TOML text read into a ``Config``.

Every key has a default, so an empty file is valid. A bad value is refused
with one line that names the key, what is allowed and what was given::

    >>> try:
    ...     load_config_text("[model]\nnum_threads = 0\n", "config.toml")
    ... except KioskError as error:
    ...     print(error)
    config.toml: model.num_threads: Input should be greater than or equal to 1 (got 0)
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from kiosk.errors import KioskError
from kiosk.files import read_limited
from kiosk.strict import numbers_are_not_booleans
from kiosk.toml_text import parse_toml

SYSTEM_CONFIG = Path("/etc/kiosk/config.toml")
# Earlier installs wrote this path (then relative to a checkout) for the model that ships with the kiosk.
FORMER_MODEL_PATH = "models/movenet_singlepose_lightning_int8.tflite"
# The kiosk's own folder (systemd's StateDirectory=kiosk): its calibration and its last good configuration.
SYSTEM_STATE_FOLDER = Path("/var/lib/kiosk")
# What the calibration screen saves, laid over the configuration file.
CALIBRATION_KEYS = ("glass_scale", "glass_offset_x", "glass_offset_y")
MOVENET_SHA256 = "cd7cc22fa946e5d146a7b98d496853e1923e22828d3972d579973f27f91bb105"

log = logging.getLogger(__name__)
BcmPin = Annotated[int, Field(ge=2, le=27)]
# A configuration is a few KB; anything larger (or /dev/zero) is not one.
MAX_CONFIG_BYTES = 1 << 20


class _Section(BaseModel):
    """A section of the file. ``APPLIES`` says when the running kiosk uses a change to any of its keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
    # "now" (a reload applies it), "next exercise" (from the next exercise started) or "restart".
    APPLIES: ClassVar[Literal["now", "next exercise", "restart"]] = "restart"

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_not_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        # A field validator is always given its field's name.
        return numbers_are_not_booleans(cls.model_fields[cast(str, info.field_name)].annotation, value)


def _beside_the_file(value: str, info: ValidationInfo) -> str:
    """A relative path, taken from the configuration file's folder (where it was read from one)."""
    if "\0" in value:
        raise ValueError("a file name cannot hold a NUL byte")
    if value.startswith("~"):
        raise ValueError("give the whole path, not ~ (the service has no home folder)")
    folder = (info.context or {}).get("folder")
    if not value or folder is None or Path(value).is_absolute():
        return value
    return str(Path(folder) / value)


class CameraConfig(_Section):
    """[camera]: where frames come from, at what size and rate, and how the camera is mounted.

    ``mount_height_m`` (lens above the floor), ``tilt_deg`` (down) and
    ``hfov_deg`` let the coach read squat depth the same from any camera
    height (kiosk/coach/depth.py); with no height the camera is taken as level
    at the height the picture's centre row crosses the standing person.
    Glass mode places its overlay through the same three values: they are the
    one description of the camera (kiosk/ui/glass.py).
    """

    source: str = Field(
        "auto",
        description="picamera, webcam[:N], demo, athlete[:EXERCISE], a video file, or auto "
        "(the Pi camera wherever picamera2 is installed, else the demo)",
    )
    width: int = Field(1280, ge=160, le=4608, description="the camera picture's width, pixels")
    height: int = Field(720, ge=120, le=2592, description="the camera picture's height, pixels")
    fps: int = Field(30, ge=1, le=120, description="camera frames per second")
    mount_height_m: float | None = Field(
        None, ge=0.1, le=3.0, examples=[1.95],
        description="lens above the floor, metres (above the mirror: about 1.8-2.1); unset: unknown "
        "(the coach takes the camera as level; glass mode: 5 cm above the picture's top)",
    )  # fmt: skip
    tilt_deg: float = Field(20.0, ge=-30.0, le=60.0, description="degrees the camera looks down")
    hfov_deg: float = Field(
        102.0, ge=20.0, le=160.0,
        description="horizontal field of view: Camera Module 3 Wide 102 (the one to buy), Camera Module 3 66",
    )  # fmt: skip


def default_threads() -> int:
    """Interpreter threads when the configuration names none: half the CPU cores, 1 to 4.

    >>> 1 <= default_threads() <= 4
    True
    """
    return max(1, min(4, (os.cpu_count() or 2) // 2))


class ModelConfig(_Section):
    """[model]: the pose model file, its checksum and the interpreter's threads.

    ``path = ""`` is the model that ships inside the package; another path is a
    file of your own (a relative one is taken from the configuration file's folder).

    >>> ModelConfig().resolved_path.name
    'movenet_singlepose_lightning_int8.tflite'
    """

    path: str = Field(
        "",
        description='"": the model that ships with the kiosk; or a .tflite of your own '
        "(relative: to this file)",
    )
    sha256: str = Field(
        MOVENET_SHA256, pattern=r"^[0-9a-f]{64}$", description="the model file's SHA-256, checked at start"
    )
    # Half the cores: the other half capture, coach and draw (2 on a Pi 5, 1 on a 2-core machine).
    num_threads: int = Field(
        default_factory=lambda: default_threads(), ge=1, le=8, examples=[2],
        description="interpreter threads; unset: half the cores, 1 to 4 (2 on a Pi 5)",
    )  # fmt: skip

    @field_validator("path", mode="before")
    @classmethod
    def _path_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, Path) else value

    @field_validator("path")
    @classmethod
    def _model_file(cls, value: str, info: ValidationInfo) -> str:
        return "" if value == FORMER_MODEL_PATH else _beside_the_file(value, info)

    @property
    def resolved_path(self):
        """The model file: the package's own (a :class:`~importlib.resources.abc.Traversable`) or a Path."""
        from kiosk.resources import MODEL

        return Path(self.path) if self.path else MODEL


class PoseConfig(_Section):
    """[pose]: the confidence gate, cropping around the person, and smoothing."""

    APPLIES = "now"
    min_score: float = Field(  # kiosk.pose.keypoints.DEFAULT_MIN_SCORE
        0.29, gt=0.0, lt=1.0,
        description='below this a keypoint is missing, never guessed (the int8 model\'s "0.3" is 0.299)',
    )  # fmt: skip
    crop: bool = Field(True, description="follow the person with a crop (MoveNet's cropping algorithm)")
    smoothing: bool = Field(True, description="One Euro filter on each keypoint")
    min_cutoff: float = Field(
        0.3, gt=0.0, le=30.0, description="Hz: smoothing of a still person (lower: steadier)"
    )
    beta: float = Field(
        20.0,
        ge=0.0,
        le=1000.0,
        description="how fast the smoothing lets go as a point moves (higher: less lag)",
    )


class ButtonsConfig(_Section):
    """[buttons]: BCM pin numbers and timing of the three buttons (each connects its pin to ground)."""

    enabled: bool = Field(True, description="false: keyboard only")
    previous: BcmPin = Field(17, description="BCM pin of previous (held: staff calibration)")
    next: BcmPin = Field(27, description="BCM pin of next (held: the safety advice)")
    select: BcmPin = Field(22, description="BCM pin of select (held: back)")
    bounce_time: float = Field(
        0.05, ge=0.0, le=0.5, description="seconds: the same button seen twice within this is one press"
    )
    hold_time: float = Field(
        1.0, ge=0.3, le=5.0,
        description="seconds any of the three buttons must be held for its long press "
        "(select: back, next: help, previous: calibration)",
    )  # fmt: skip

    @model_validator(mode="after")
    def _distinct_pins(self) -> ButtonsConfig:
        if len({self.previous, self.next, self.select}) != 3:
            raise ValueError("previous, next and select must be on three different pins")
        return self


# Glass keys that described the camera, now read from [camera]; an installed file still holds their defaults.
FORMER_GLASS_KEYS = {
    "glass_camera_above_m": (0.05, "[camera] mount_height_m and [display] glass_screen_top_m"),
    "glass_camera_x_m": (0.0, "[display] glass_screen_x_m"),
    "glass_camera_hfov_deg": (66.0, "[camera] hfov_deg"),
    "glass_camera_tilt_deg": (15.0, "[camera] tilt_deg"),
}


class DisplayConfig(_Section):
    """[display]: the screen, how it is mounted, and where the mirror glass puts the reflection.

    ``mode`` is ``"video"`` (the mirrored camera picture with the overlay) or
    ``"glass"`` (a display behind two-way mirror glass: a black screen with only
    the overlay and text, placed where the person sees their reflection).
    ``rotation`` turns the picture clockwise on the panel for portrait mirrors;
    ``"auto"`` is upright in video mode and 90 in glass mode, whose build is a
    portrait panel. ``vsync`` makes each flip wait for the screen's refresh (no
    tearing; the frame interval then comes in whole refreshes). ``renderer``
    chooses how frames reach the screen (kiosk/ui/display.py).
    The ``glass_*`` keys place the picture (kiosk/ui/glass.py); the camera is
    ``[camera]``'s. The defaults are the build the README describes: a 50"
    panel in portrait, its top 1.55 m up, the camera just above it. The
    calibration screen saves ``glass_scale`` and ``glass_offset_*``.

    >>> DisplayConfig(mode="glass").turned, DisplayConfig().turned
    (90, 0)
    """

    fullscreen: bool = Field(True, description="false: a window of width x height")
    vsync: bool = Field(
        False,
        description="true: each flip waits for the screen's refresh (no tearing, whole-refresh intervals)",
    )
    renderer: Literal["auto", "surface", "gpu"] = Field(
        "auto",
        description="surface: each frame composed in memory and flipped; gpu: SDL's renderer scales and "
        "mirrors the picture; auto: gpu where SDL has a hardware renderer and the picture is upright",
    )
    width: int = Field(1920, ge=320, le=7680, description="pixels, when not full screen and for screenshots")
    height: int = Field(1080, ge=240, le=4320, description="pixels, when not full screen and for screenshots")
    mode: Literal["video", "glass"] = Field(
        "video",
        description="video: the mirrored camera picture; glass: a display behind two-way mirror glass",
    )
    rotation: Literal["auto", 0, 90, 180, 270] = Field(
        "auto",
        description='degrees the picture is turned clockwise; "auto": 0 in video mode, 90 in glass mode',
    )
    glass_screen_width_m: float = Field(
        0.62,
        ge=0.1,
        le=5.0,
        description='glass: picture width as mounted, metres (portrait: 43" 0.54, 50" 0.62, 55" 0.68)',
    )
    glass_screen_top_m: float = Field(
        1.55, ge=0.3, le=3.0, description="glass: the picture's top edge above the floor, metres"
    )
    glass_screen_x_m: float = Field(
        0.0,
        ge=-3.0,
        le=3.0,
        description="glass: the picture's centre right of the camera lens, metres, seen from the front",
    )
    glass_body_length_m: float = Field(
        1.3, ge=0.8, le=2.0, description="glass: assumed shoulder-to-ankle length, to judge distance, m"
    )
    glass_scale: float = Field(
        1.0, ge=0.5, le=2.0, description="glass calibration: overlay size about the screen's centre"
    )
    glass_offset_x: float = Field(
        0.0, ge=-1.0, le=1.0, description="glass calibration: overlay shift right, m"
    )
    glass_offset_y: float = Field(
        0.0, ge=-1.0, le=1.0, description="glass calibration: overlay shift down, m"
    )

    @model_validator(mode="before")
    @classmethod
    def _former_glass_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key, (default, now) in FORMER_GLASS_KEYS.items():
            if key in data:
                if data[key] != default:
                    raise ValueError(f"{key} moved: set {now} instead, and remove {key}")
                del data[key]
        return data

    @field_validator("rotation", mode="before")
    @classmethod
    def _rotation_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, bool):  # TOML's false would otherwise pass as 0
            raise ValueError(f'Input should be "auto", 0, 90, 180 or 270 (got {value!r})')
        return value

    @model_validator(mode="after")
    def _gpu_upright(self) -> DisplayConfig:
        if self.renderer == "gpu" and self.turned != 0:
            raise ValueError(
                f'renderer "gpu" draws upright only (rotation is {self.turned}): '
                'use renderer "surface" or "auto"'
            )
        return self

    @property
    def turned(self) -> int:
        """The rotation in force: ``rotation``, with ``"auto"`` made 0 (video) or 90 (glass)."""
        if self.rotation == "auto":
            return 90 if self.mode == "glass" else 0
        return self.rotation


class CoachConfig(_Section):
    """[coach]: when a rep has a fault, and how often cues change.

    Why these defaults: docs/coach-thresholds.md.
    """

    APPLIES = "next exercise"
    knee_in_offset: float = Field(
        0.15, gt=0.0, le=0.5,
        description="knee this far inside the hip-ankle line (standing leg lengths): caving",
    )  # fmt: skip
    single_leg_knee_in_offset: float = Field(
        0.06, gt=0.0, le=0.5,
        description="... on one leg (lunge, step-down): the stance knee this far inside its line",
    )  # fmt: skip
    knee_in_swing_deg: float = Field(
        5.0, gt=0.0, le=45.0,
        description="... or (from the first rep) swung this many degrees inside its hip-ankle line",
    )  # fmt: skip
    knee_in_kasr: float = Field(
        0.45, gt=0.0, le=1.0,
        description="... or (two legs, from the first rep) inside its ankle with the knees' gap under "
        "this share of the ankles'",
    )  # fmt: skip
    knee_in_change: float = Field(
        0.05, gt=0.0, le=0.3,
        description="... or this much further in than at the bottom of the person's own good reps",
    )  # fmt: skip
    knee_in_asymmetry: float = Field(
        0.10, gt=0.0, le=0.5,
        description="... or (squat, landing; before any good rep) this much further in than the other knee",
    )  # fmt: skip
    shallow_depth: float = Field(
        0.6, ge=0.0, le=1.5,
        description="a rep shallower than this share of the exercise's full depth is shallow "
        "(1: thighs parallel)",
    )  # fmt: skip
    trunk_lean_deg: float = Field(
        10.0, gt=0.0, le=45.0, description="degrees of sideways trunk lean beyond which it is a fault"
    )
    hip_drop_deg: float = Field(
        8.0, gt=0.0, le=45.0, description="degrees of pelvic tilt beyond the person's standing tilt: a fault"
    )
    persist_frames: int = Field(
        3, ge=1, le=30, description="a band walk's fault must hold this many frames of a step"
    )
    cooldown_seconds: float = Field(
        3.0, ge=0.0, le=30.0, description="at least this many seconds between two coaching cues"
    )


class ProgramConfig(_Section):
    """[program]: the staff's own exercise file (laid over the built-in exercises by id) and the routine.

    A relative ``exercises_file`` is taken from the configuration file's folder.
    """

    exercises_file: str = Field(
        "",
        description='"": the built-in exercises only; or a file of [[exercise]] and [[routine]] entries '
        "that replace the built-in ones by id or add new ones",
    )
    routine: str = Field("knee_friendly_warm_up", description="the routine the mirror runs, by id")

    # What the exercise file holds, and whether it has the routine, is checked where it is read
    # (kiosk/app/coaching.py): reading a configuration never reads the exercise file.
    @field_validator("exercises_file")
    @classmethod
    def _beside_this_file(cls, value: str, info: ValidationInfo) -> str:
        return _beside_the_file(value, info)


class PresenceConfig(_Section):
    """[presence]: when the mirror wakes for a person and lets go of them, and when it cannot see them.

    The defaults suit a gym floor lit as usual with the mirror's camera 2–3 m
    from where people stand; a dim corner or a narrow room may want its own.
    """

    APPLIES = "now"
    wake_seconds: float = Field(
        0.7, ge=0.0, le=10.0,
        description="seconds a person stands in view before the attract screen opens the menu",
    )  # fmt: skip
    idle_seconds: float = Field(
        30.0, ge=5.0, le=600.0,
        description="seconds after the last person left before any screen but calibration returns to attract",
    )  # fmt: skip
    dark_level: float = Field(
        28.0, ge=0.0, le=255.0,
        description="with nobody found, a picture darker than this (mean of 0-255) shows \"too dark\"",
    )  # fmt: skip
    too_far_torso: float = Field(
        0.07, gt=0.0, lt=1.0,
        description="a torso (shoulders to hips) shorter than this share of the picture height: \"too far\"",
    )  # fmt: skip
    too_close_torso: float = Field(
        0.36, gt=0.0, lt=1.0,
        description="a torso longer than this share, with the legs not all in view: \"too close\"",
    )  # fmt: skip

    @model_validator(mode="after")
    def _far_below_close(self) -> PresenceConfig:
        if self.too_far_torso >= self.too_close_torso:
            raise ValueError("too_far_torso must be smaller than too_close_torso")
        return self


class SoundConfig(_Section):
    """[sound]: short tones for people who cannot see the screen (lying down): off unless switched on.

    A tone at the end of each counted rep, a lower double tone for a rep with a fault.
    """

    enabled: bool = Field(False, description="play a tone per rep and another for a fault")
    volume: float = Field(0.6, ge=0.0, le=1.0, description="0 (silent) to 1")


class LoggingConfig(_Section):
    """[logging]: how much the kiosk writes to its log (the journal, on a Pi)."""

    APPLIES = "now"
    level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="the least important messages logged"
    )


class Config(_Section):
    """The whole configuration, one section per part of the product."""

    # Factories, not instances: each Config gets its own sections, made when it is.
    camera: CameraConfig = Field(default_factory=CameraConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)
    pose: PoseConfig = Field(default_factory=PoseConfig)
    buttons: ButtonsConfig = Field(default_factory=ButtonsConfig)
    display: DisplayConfig = Field(default_factory=DisplayConfig)
    coach: CoachConfig = Field(default_factory=CoachConfig)
    program: ProgramConfig = Field(default_factory=ProgramConfig)
    presence: PresenceConfig = Field(default_factory=PresenceConfig)
    sound: SoundConfig = Field(default_factory=SoundConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)


def config_path(path: str | Path | None = None) -> Path:
    """The configuration file in force: ``--config``, else ``$KIOSK_CONFIG``, else /etc/kiosk/config.toml.

    >>> config_path("/tmp/kiosk.toml")
    PosixPath('/tmp/kiosk.toml')
    """
    return Path(path or os.environ.get("KIOSK_CONFIG") or SYSTEM_CONFIG)


def in_use(path: str | Path | None = None) -> Path | None:
    """The file the configuration comes from, or ``None`` when only the defaults apply."""
    resolved = config_path(path)
    named = path is not None or bool(os.environ.get("KIOSK_CONFIG"))
    return resolved if named or resolved.exists() else None


def state_folder() -> Path:
    """The kiosk's own writable folder (its calibration, its last good configuration).

    ``$STATE_DIRECTORY`` (systemd's StateDirectory=), else /var/lib/kiosk if it
    exists, else ``$XDG_STATE_HOME/kiosk`` (~/.local/state/kiosk).
    """
    named = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
    if named:
        return Path(named)
    if SYSTEM_STATE_FOLDER.is_dir():
        return SYSTEM_STATE_FOLDER
    home = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(home) / "kiosk"


def calibration_path() -> Path:
    """Where the calibration screen saves: ``$KIOSK_CALIBRATION``, else :func:`state_folder`/calibration.toml.

    The file is the kiosk's own (/etc/kiosk is root's); it holds only the
    ``[display]`` keys in ``CALIBRATION_KEYS`` and is laid over the configuration file.
    """
    return Path(os.environ.get("KIOSK_CALIBRATION") or state_folder() / "calibration.toml")


def read_config_text(path: Path) -> str:
    """A configuration file's text; a :class:`KioskError` in one line if it cannot be (or is not one)."""
    try:
        return read_limited(path, MAX_CONFIG_BYTES, "config file").decode("utf-8")
    except FileNotFoundError:
        raise KioskError(f"config file {path} not found: check the --config path") from None
    except IsADirectoryError:
        raise KioskError(f"config file {path} is a folder: give the file") from None
    except OSError as error:
        raise KioskError(f"config file {path} cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise KioskError(f"config file {path} is not UTF-8 text: is it the right file?") from None


def with_calibration(config: Config, path: Path) -> Config:
    """``config`` with the calibration saved in ``path`` laid over it; a bad file is logged and ignored."""
    if not path.exists():
        return config
    try:
        text = read_config_text(path)
        load_config_text(text, str(path))  # valid on its own
        data = tomllib.loads(text)
        values = data.pop("display", {})
        if data or set(values) - set(CALIBRATION_KEYS):
            keys = ", ".join(f"display.{key}" for key in CALIBRATION_KEYS)
            raise KioskError(f"{path}: it may hold only {keys}")
        display = DisplayConfig.model_validate({**config.display.model_dump(), **values})
    except KioskError as error:
        log.warning("glass calibration not used: %s", error)
        return config
    except ValidationError as error:
        log.warning("glass calibration not used: %s: %s", path, _describe(error.errors()[0]))
        return config
    return config.model_copy(update={"display": display})


def load_config_text(text: str, name: str = "config", folder: Path | None = None) -> Config:
    """Validate configuration text; ``name`` starts every error message.

    Relative paths in it are taken from ``folder`` (the file's own), else from the working directory.
    """
    data = parse_toml(text, name)
    try:
        return Config.model_validate(data, context={"folder": folder or Path.cwd()})
    except ValidationError as error:
        raise KioskError(f"{name}: {_describe(error.errors()[0])}") from None


def config_problems(text: str, folder: Path | None = None) -> list[tuple[str, str]]:
    r"""Every problem in configuration text, as ``(key, message)``; ``[]`` when it is valid.

    >>> config_problems("[camera]\nfps = 0\nwidth = 'wide'\n")  # doctest: +NORMALIZE_WHITESPACE
    [('camera.width', "Input should be a valid integer, unable to parse string as an integer (got 'wide')"),
     ('camera.fps', 'Input should be greater than or equal to 1 (got 0)')]
    """
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        try:
            load_config_text(text, "")
        except KioskError as error:
            return [("(file)", str(error).removeprefix(": "))]
    try:
        Config.model_validate(data, context={"folder": folder or Path.cwd()})
    except ValidationError as error:
        return [_describe(problem).partition(": ")[::2] for problem in error.errors()]
    return []


def _describe(error: ErrorDetails) -> str:
    location = [str(part) for part in error["loc"]]
    key = ".".join(location) or "(top level)"
    if error["type"] == "extra_forbidden":
        section = _section_of(location[:-1])
        known = ", ".join(section.model_fields) if section else ""
        return f"{key}: unknown key; known keys here are: {known}"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "value_error":
        return f"{key}: {message}"
    return f"{key}: {message} (got {shorten(error['input'])})"


def _section_of(location: list[str]) -> type[BaseModel] | None:
    model: type[BaseModel] = Config
    for part in location:
        field = model.model_fields.get(part)
        if field is None or not isinstance(field.annotation, type):
            return None
        model = field.annotation
    return model


def shorten(value: Any, width: int = 60) -> str:
    """A value as it is shown in a message: its repr, one line, at most ``width`` characters.

    >>> shorten("x" * 100, 10), shorten(10**5000)
    ("'xxxxxx...", 'a number too long to show')
    """
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4300 digits
        return "a number too long to show"
    return text if len(text) <= width else text[: width - 3] + "..."
