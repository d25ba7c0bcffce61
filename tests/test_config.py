"""The configuration: defaults, the shipped example, and one-line refusals."""

import os

import pytest

from kiosk.config import Config, load_config, load_config_text
from kiosk.errors import KioskError

from .conftest import ROOT


def test_the_example_file_is_valid_and_says_what_the_defaults_are():
    assert load_config(ROOT / "config.example.toml") == Config()


def test_an_empty_file_gives_the_defaults():
    config = load_config_text("")
    assert config.model.num_threads == max(1, min(4, os.cpu_count() // 2))  # half the cores
    assert (config.buttons.previous, config.buttons.next, config.buttons.select) == (17, 27, 22)


def test_values_are_read():
    config = load_config_text("[model]\nnum_threads = 4\n[buttons]\nselect = 5\n")
    assert config.model.num_threads == 4
    assert config.buttons.select == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[model]\nnum_threads = 0\n",
            "c.toml: model.num_threads: Input should be greater than or equal to 1 (got 0)",
        ),
        ("[buttons]\nselect = 'x'\n", "c.toml: buttons.select: Input should be a valid integer"),
        (
            "[buttons]\nselekt = 5\n",
            "c.toml: buttons.selekt: unknown key; known keys here are: enabled, previous",
        ),
        (
            "[buttons]\nnext = 17\n",
            "c.toml: buttons: previous, next and select must be on three different pins",
        ),
        ("[camra]\n", "c.toml: camra: unknown key; known keys here are: camera, model, pose, buttons"),
        ("[model\n", "c.toml: not valid TOML"),
        ("[camera]\nfps = true\n", "c.toml: camera.fps: Input should be a number, not true"),
        ("[coach]\nknee_in_offset = false\n", "c.toml: coach.knee_in_offset: Input should be a number, not"),
        ("[model]\nnum_threads = true\n", "c.toml: model.num_threads: Input should be a number, not true"),
        ("[a]\nb = " + "[" * 3000 + "]" * 3000, "c.toml: not valid TOML: nested too deeply"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_naming_the_key(text, message):
    with pytest.raises(KioskError) as raised:
        load_config_text(text, "c.toml")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(KioskError, match=r"config file .*nope.toml not found"):
        load_config(tmp_path / "nope.toml")


def test_the_environment_can_name_the_file(tmp_path, monkeypatch):
    path = tmp_path / "kiosk.toml"
    path.write_text("[camera]\nsource = 'demo'\n")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    assert load_config().camera.source == "demo"


def test_the_score_gate_default_is_the_engines():
    from kiosk.pose.keypoints import DEFAULT_MIN_SCORE

    assert Config().pose.min_score == DEFAULT_MIN_SCORE


def test_the_coachs_threshold_defaults_are_the_coach_settings_defaults():
    """Written once (kiosk/config/model.py): a default changed there is the coach's; all settings reach it."""
    from dataclasses import fields

    from kiosk.app.coaching import thresholds
    from kiosk.coach.built_in_exercises import exercise_by_id
    from kiosk.coach.session import Coach
    from kiosk.coach.verdict import Thresholds

    coach, defaults = Config().coach, Thresholds()
    settings = set(coach.model_dump()) - {"cooldown_seconds"}
    assert settings <= {field.name for field in fields(Thresholds)}
    assert {key: getattr(defaults, key) for key in settings} == {key: getattr(coach, key) for key in settings}
    assert thresholds(coach) == defaults
    assert Coach(exercise_by_id("squat")).cues.cooldown == coach.cooldown_seconds


def test_display_mode_rotation_and_glass_keys():
    config = load_config_text(
        '[display]\nmode = "glass"\nrotation = 270\nglass_scale = 1.05\nglass_offset_y = -0.02\n'
    )
    assert (config.display.mode, config.display.rotation) == ("glass", 270)
    assert (config.display.glass_scale, config.display.glass_offset_y) == (1.05, -0.02)
    assert Config().display.mode == "video" and Config().display.turned == 0
    assert config.display.turned == 270
    assert load_config_text('[display]\nmode = "glass"\n').display.turned == 90, "the glass build is portrait"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('mode = "hologram"', "display.mode: Input should be 'video' or 'glass'"),
        ("rotation = 45", "display.rotation: Input should be 'auto', 0, 90, 180 or 270"),
        ("rotation = false", 'display.rotation: Input should be "auto", 0, 90, 180 or 270'),
        ("glass_scale = 3.0", "display.glass_scale: Input should be less than or equal to 2"),
        ("glass_screen_width_m = nan", "display.glass_screen_width_m"),
        ('renderer = "fast"', "display.renderer: Input should be 'auto', 'surface' or 'gpu'"),
        ('renderer = "gpu"\nrotation = 90', 'display: renderer "gpu" draws upright only (rotation is 90)'),
    ],
)
def test_bad_display_values_are_refused_in_one_line(text, message):
    with pytest.raises(KioskError) as error:
        load_config_text(f"[display]\n{text}\n", "c.toml")
    assert str(error.value).startswith(f"c.toml: {message}") and "\n" not in str(error.value)


def test_the_example_file_is_what_the_schema_writes():
    from kiosk.config.example import example_text

    assert (ROOT / "config.example.toml").read_text() == example_text(), (
        "config.example.toml is stale: python -m kiosk.config.example config.example.toml"
    )


def documented_keys(text):
    """``section.name`` -> whether it has its help beside or above it, for each key the example shows."""
    import re

    documented, section, previous = {}, None, ""
    for line in text.splitlines():
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
        key = re.fullmatch(r"(?:# )?(\w+) = (\S+)( +# .+)?", line)
        if key and section:
            documented[f"{section}.{key.group(1)}"] = bool(key.group(3)) or previous.startswith("# ")
        previous = line
    return documented


def test_the_example_documents_every_key_of_the_schema_and_no_other():
    from kiosk.config.schema import all_keys

    keys = all_keys()
    assert [key.key for key in keys if not key.help] == [], "give each field a Field(description=...)"
    documented = documented_keys((ROOT / "config.example.toml").read_text())
    assert set(documented) == {key.key for key in keys}
    assert all(documented.values()), [key for key, helped in documented.items() if not helped]
    # A key the schema does not have would be caught:
    assert "coach.knee_in" in documented_keys("[coach]\nknee_in = 0.1  # old name\n")
