r"""The kiosk's configuration, one public face: the validated ``Config`` and what reads, checks and writes it.

    >>> from kiosk.config import Config, load_config_text
    >>> load_config_text('[model]\nnum_threads = 2\n').model.num_threads
    2
    >>> Config().display.mode
    'video'

Inside the package each module imports its siblings by their own names, never this face, so that
reading the face never runs into a half-made package.
"""

from kiosk.config.model import (
    CALIBRATION_KEYS,
    FORMER_MODEL_PATH,
    MAX_CONFIG_BYTES,
    SYSTEM_CONFIG,
    SYSTEM_STATE_FOLDER,
    ButtonsConfig,
    CameraConfig,
    CoachConfig,
    Config,
    DisplayConfig,
    LoggingConfig,
    ModelConfig,
    PoseConfig,
    PresenceConfig,
    ProgramConfig,
    SoundConfig,
    calibration_path,
    config_path,
    config_problems,
    in_use,
    load_config_text,
    read_config_text,
    shorten,
    state_folder,
    with_calibration,
)
from kiosk.config.sources import load_config, load_config_and_text

__all__ = [
    "CALIBRATION_KEYS",
    "FORMER_MODEL_PATH",
    "MAX_CONFIG_BYTES",
    "SYSTEM_CONFIG",
    "SYSTEM_STATE_FOLDER",
    "ButtonsConfig",
    "CameraConfig",
    "CoachConfig",
    "Config",
    "DisplayConfig",
    "LoggingConfig",
    "ModelConfig",
    "PoseConfig",
    "PresenceConfig",
    "ProgramConfig",
    "SoundConfig",
    "calibration_path",
    "config_path",
    "config_problems",
    "in_use",
    "load_config",
    "load_config_and_text",
    "load_config_text",
    "read_config_text",
    "shorten",
    "state_folder",
    "with_calibration",
]
