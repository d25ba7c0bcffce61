"""``kiosk config`` as staff use it over SSH, run in-process (``kiosk.cli.main``) to keep the suite fast."""

import json
import os
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main

# The shortest command line of each command; a new command must be added here (and accept --config).
MINIMAL = {
    "run": ["run"],
    "bench": ["bench"],
    "pose": ["pose", "image.jpg"],
    "analyze": ["analyze", "clip.mp4", "--exercise", "squat"],
    "athlete": ["athlete", "-o", "clip.mp4"],
    "config": ["config", "show"],
    "status": ["status"],
    "doctor": ["doctor"],
}


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[camera]\nsource = "demo"  # the athlete\n')
    return path


def kiosk(capsys, *argv):
    """``kiosk ARGV`` in this process: (exit code, stdout, stderr)."""
    code = main([str(word) for word in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_takes_config_before_or_after_itself():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == set(MINIMAL), "add the new command to MINIMAL"
    for name, argv in MINIMAL.items():
        before = parser.parse_args(["--config", "a.toml", *argv])
        after = parser.parse_args([*argv, "--config", "a.toml"])
        assert before.config == after.config == Path("a.toml"), name
        assert parser.parse_args(argv).config is None, name
    assert parser.parse_args(["config", "--config", "a.toml", "show"]).config == Path("a.toml")


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "{file}", "config", "get", "camera.source"],
        ["config", "--config", "{file}", "get", "camera.source"],
        ["config", "get", "camera.source", "--config", "{file}"],
    ],
)
def test_config_is_read_from_the_file_named_wherever_config_is_given(capsys, config_file, argv):
    code, out, _ = kiosk(capsys, *[word.format(file=config_file) for word in argv])
    assert (code, out) == (0, '"demo"\n')


def test_keys_lists_every_key_with_the_default_and_range_the_file_is_checked_against(capsys):
    import json
    import re

    from kiosk.config import Config, load_config_text
    from kiosk.config.schema import all_keys
    from kiosk.errors import KioskError

    code, out, _ = kiosk(capsys, "config", "keys", "--json")
    listed = json.loads(out)
    assert code == 0 and [entry["key"] for entry in listed] == [key.key for key in all_keys()]
    defaults = Config().model_dump()
    checked = 0
    for entry in listed:
        section, name = entry["key"].split(".")
        assert entry["help"] and entry["default"] == defaults[section][name], entry
        bounds = re.fullmatch(r"(-?[\d.]+) to (-?[\d.]+)", entry["range"])
        if bounds is None:
            continue
        low, high = (float(b) if entry["type"].startswith("number") else int(b) for b in bounds.groups())
        step = 1 if isinstance(low, int) else 1e-6
        for value, allowed in ((low, True), (high, True), (low - step, False), (high + step, False)):
            try:
                others = (
                    {"previous": 5, "next": 6, "select": 7} if section == "buttons" else {}
                )  # distinct pins
                others[name] = value
                load_config_text(f"[{section}]\n" + "".join(f"{k} = {v!r}\n" for k, v in others.items()))
                accepted = True
            except KioskError:
                accepted = False
            assert accepted == allowed, (entry["key"], value)
        checked += 1
    assert checked > 20
    code, out, _ = kiosk(capsys, "config", "keys", "buttons.hold_time")
    assert out.startswith("buttons.hold_time = 1.0  number, 0.3 to 5; applies at restart\n    seconds any")
    assert kiosk(capsys, "config", "keys", "cameras")[0] == 1


@pytest.fixture
def staff(tmp_path, monkeypatch, capsys):
    """``kiosk --config FILE ...`` in this process, on a copy of the example, with its own state folder."""
    import shutil

    from ..conftest import ROOT

    path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.example.toml", path)
    monkeypatch.setenv("KIOSK_STATE", str(tmp_path / "state.json"))
    monkeypatch.setenv("KIOSK_CALIBRATION", str(tmp_path / "calibration.toml"))
    for variable in [v for v in os.environ if v.startswith("KIOSK_") and "__" in v]:
        monkeypatch.delenv(variable)

    def run(command, *argv):
        return kiosk(capsys, command, "--config", path, *argv)

    run.path = path
    return run


def in_file(path):
    import tomllib

    return tomllib.loads(path.read_text())


def test_set_writes_each_value_as_its_keys_type(staff):
    code, out, _ = staff(
        "config", "set", "buttons.enabled", "yes", "camera.width", '"1280"', "model.num_threads", "2.0",
        "pose.min_score", "1e-1", "display.rotation", '"90"',
    )  # fmt: skip
    assert code == 0, out
    written = in_file(staff.path)
    assert written["buttons"]["enabled"] is True
    assert (written["camera"]["width"], written["model"]["num_threads"], written["display"]["rotation"]) == (
        1280,
        2,
        90,
    )
    assert type(written["camera"]["width"]) is int and type(written["model"]["num_threads"]) is int
    assert type(written["pose"]["min_score"]) is float
    assert "buttons.enabled = true in" in out and "camera.width = 1280 in" in out


@pytest.mark.parametrize(
    ("pair", "phrase"),
    [
        (
            ("model.num_threads", "2.5"),
            "model.num_threads: Input should be a valid integer, got a number with a",
        ),
        (("buttons.enabled", "maybe"), "buttons.enabled: Input should be a valid boolean"),
        (("camera.fps", "true"), "camera.fps: Input should be a number, not true"),
    ],
)
def test_a_value_not_of_the_keys_type_is_refused_with_the_type_it_needs(staff, pair, phrase):
    before = staff.path.read_bytes()
    code, _, err = staff("config", "set", *pair)
    assert code == 1 and err.count("\n") == 1 and phrase in err, err
    assert staff.path.read_bytes() == before


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    [
        ("camera.source", "bogus", "camera.source: unknown source 'bogus': use picamera"),
        ("camera.source", "webcam:x", "a webcam is 'webcam' or 'webcam:N'"),
        ("camera.source", "athlete:backflip", "the athlete cannot do 'backflip'"),
        ("camera.source", "{tmp}/missing.mp4", "camera.source: video file: {tmp}/missing.mp4 does not exist"),
        ("model.path", "/nonexistent.tflite", "model.path: /nonexistent.tflite does not exist"),
        ("model.path", "{tmp}", "is not a regular file"),
        ("model.path", "{tmp}/config.toml", "has SHA-256"),
        ("program.exercises_file", "{tmp}/nope.toml", "program.exercises_file: exercise file"),
        ("program.routine", "leg_day", "unknown routine 'leg_day': choose one of knee_friendly_warm_up"),
    ],
)
def test_a_value_that_would_fail_at_start_is_refused_at_set(staff, key, value, phrase):
    tmp = staff.path.parent
    before = staff.path.read_bytes()
    code, _, err = staff("config", "set", key, value.format(tmp=tmp))
    assert code == 1 and err.count("\n") == 1 and phrase.format(tmp=tmp) in err, err
    assert staff.path.read_bytes() == before


def test_a_file_the_services_user_cannot_read_is_refused(staff, monkeypatch, tmp_path):
    from kiosk.config import ModelConfig
    from kiosk.system import service

    from ..conftest import ROOT

    model = tmp_path / "movenet.tflite"
    model.write_bytes(ModelConfig().resolved_path.read_bytes())
    model.chmod(0o600)
    # As the shipped unit runs it: /tmp is its own (PrivateTmp=yes), so the file is not there for it.
    monkeypatch.setattr(
        service, "installed_unit", lambda: service.Unit.read(ROOT / "systemd" / "kiosk.service")
    )
    code, _, err = staff("config", "set", "model.path", model)
    assert code == 1 and "the service cannot see /tmp (PrivateTmp=yes in its unit)" in err, err
    # As another user with no sandbox: the file is root's own (0600), or its folder closed to others.
    monkeypatch.setattr(service, "installed_unit", lambda: service.Unit.parse("[Service]\nUser=nobody\n"))
    code, _, err = staff("config", "set", "model.path", model)
    assert code == 1 and "nobody (the kiosk's user) cannot" in err, err
    monkeypatch.setattr(service, "installed_unit", lambda: None)  # no service here: this user reads it
    assert staff("config", "set", "model.path", model)[0] == 0


def test_a_pin_another_driver_holds_is_refused_and_the_kiosks_own_are_not(staff, monkeypatch):
    from hardware import gpio_lines

    held = {17: "lg", 27: "lg", 22: "lg", 18: "pwm-fan"}  # the kiosk holds its three; a fan holds 18
    monkeypatch.setattr(gpio_lines, "pins_in_use", lambda pins: {p: held[p] for p in pins if p in held})
    before = staff.path.read_bytes()
    code, _, err = staff("config", "set", "buttons.select", "18")
    assert code == 1 and "buttons.select: GPIO 18 is in use by 'pwm-fan': choose a free pin" in err, err
    assert staff.path.read_bytes() == before
    code, _, err = staff("config", "set", "buttons.select", "17", "buttons.previous", "22")  # swapped
    assert code == 0, err
    assert (in_file(staff.path)["buttons"]["previous"], in_file(staff.path)["buttons"]["select"]) == (22, 17)
    code, _, err = staff("config", "set", "buttons.previous", "17")
    assert code == 1 and "previous, next and select must be on three different pins" in err


def test_several_keys_in_one_set_are_written_together_or_not_at_all(staff):
    before = staff.path.read_bytes()
    code, _, err = staff("config", "set", "coach.knee_in_offset", "0.07", "coach.persist_frames", "99")
    assert code == 1 and "refused coach.persist_frames = 99" in err and "less than or equal to 30" in err
    assert staff.path.read_bytes() == before  # the good one was not written either
    assert staff("config", "set", "coach.knee_in_offset", "0.07", "coach.knee_in_offset", "0.08")[0] == 1
    assert staff("config", "set", "coach.knee_in_offset", "0.07", "coach.persist_frames")[0] == 1
    assert staff.path.read_bytes() == before
    code, _, _ = staff("config", "set", "coach.knee_in_offset", "0.07", "coach.persist_frames", "5")
    assert code == 0 and in_file(staff.path)["coach"]["knee_in_offset"] == 0.07
    assert in_file(staff.path)["coach"]["persist_frames"] == 5


def test_validate_reports_every_problem_each_on_one_line_with_its_key(staff, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[camera]\nsource = "bogus"\nfps = 0\nwidth = "wide"\n'
        '[buttons]\nnext = 99\n[model]\npath = "/no.tflite"\n'
    )
    code, out, err = staff("config", "validate", bad)
    lines = err.splitlines()
    assert code == 1 and out == "" and len(lines) == 5, lines
    keys = [line.split(": ")[2] for line in lines]
    assert keys == ["camera.width", "camera.fps", "buttons.next", "camera.source", "model.path"], lines
    assert all(line.startswith(f"kiosk: {bad}: ") for line in lines)
    code, out, _ = staff("config", "validate", bad, "--json")
    report = json.loads(out)
    assert code == 1 and report["valid"] is False and len(report["errors"]) == 5
    assert report["errors"][3] == {
        "key": "camera.source",
        "message": "unknown source 'bogus': use picamera, webcam[:N], demo, athlete[:EXERCISE], auto or a "
        "video file path",
    }
    code, out, _ = staff("config", "validate", bad, "--raw")
    assert code == 1 and out.splitlines()[0].startswith("camera.width: Input should be a valid integer")
    assert staff("config", "validate", "--json")[:2] == (
        0,
        json.dumps({"file": str(staff.path), "valid": True, "errors": []}) + "\n",
    )


def test_get_a_key_or_a_section_as_toml_json_or_raw(staff):
    staff("config", "set", "camera.source", "demo")
    assert staff("config", "get", "camera.source")[1] == '"demo"\n'
    assert staff("config", "get", "camera.source", "--raw")[1] == "demo\n"
    assert staff("config", "get", "camera.source", "--json")[1] == '"demo"\n'
    assert staff("config", "get", "buttons.enabled", "--raw")[1] == "true\n"
    code, out, _ = staff("config", "get", "camera")
    assert code == 0 and out.startswith('[camera]\nsource = "demo"\nwidth = 1280\n')
    assert json.loads(staff("config", "get", "camera", "--json")[1])["fps"] == 30
    assert "camera.source=demo\ncamera.width=1280\n" in staff("config", "get", "camera", "--raw")[1]
    assert staff("config", "get", "cameras")[0] == 1


def test_show_the_file_as_json_or_raw(staff, tmp_path):
    assert staff("config", "show", "--raw")[1] == staff.path.read_text()
    assert json.loads(staff("config", "show", "--json")[1])["coach"]["knee_in_offset"] == 0.15
    missing = tmp_path / "missing.toml"  # the --config after the command is the one used
    assert staff("config", "show", "--raw", "--config", missing)[:2] == (0, "")
    assert staff("config", "show", "--json", "--config", missing)[:2] == (0, "{}\n")


def test_show_effective_says_where_each_value_comes_from(staff, monkeypatch, tmp_path):
    staff("config", "set", "coach.knee_in_offset", "0.07")
    (tmp_path / "calibration.toml").write_text("[display]\nglass_scale = 1.2\n")
    monkeypatch.setenv("KIOSK_CAMERA__SOURCE", "demo")
    _, out, _ = staff("config", "show", "--effective")
    lines = {line.split(" = ")[0]: line for line in out.splitlines() if " = " in line}
    assert lines["source"].startswith('source = "demo"') and lines["source"].endswith(
        "# environment: KIOSK_CAMERA__SOURCE"
    )
    assert lines["knee_in_offset"].endswith("# file") and "0.07" in lines["knee_in_offset"]
    assert lines["glass_scale"].endswith(f"# calibration ({tmp_path / 'calibration.toml'})")
    assert "# mount_height_m is unset  # default" in out
    _, out, _ = staff("config", "show", "--effective", "--json")
    shown = json.loads(out)
    assert shown["settings"]["camera"]["source"] == "demo" and shown["variables"] == {
        "camera.source": "KIOSK_CAMERA__SOURCE"
    }
    assert (
        shown["sources"]["camera.source"] == "environment"
        and shown["sources"]["model.num_threads"] == "default"
    )
    assert shown["sources"]["display.glass_scale"] == "calibration"
    _, out, _ = staff("config", "show", "--effective", "--raw")
    assert 'source = "demo"\n' in out and "#" not in out
    assert staff("config", "get", "camera.source", "--raw")[1] == "demo\n"


@pytest.mark.parametrize(
    ("variable", "value", "phrase"),
    [
        (
            "KIOSK_CAMERA__FPS",
            "0",
            "with KIOSK_CAMERA__FPS from the environment: camera.fps: Input should be greater",
        ),
        ("KIOSK_CAMERA__FPS", "many", "KIOSK_CAMERA__FPS=many: camera.fps: Input should be a valid integer"),
        ("KIOSK_CAMRA__SOURCE", "demo", "KIOSK_CAMRA__SOURCE in the environment: unknown section 'camra'"),
    ],
)
def test_a_bad_environment_override_is_refused_in_one_line_naming_the_variable(
    tmp_path, monkeypatch, variable, value, phrase
):
    from kiosk.config import load_config
    from kiosk.errors import KioskError

    from ..conftest import ROOT

    monkeypatch.setenv(variable, value)
    with pytest.raises(KioskError) as refused:
        load_config(ROOT / "config.example.toml")
    assert phrase in str(refused.value) and "\n" not in str(refused.value)


def test_the_environment_overrides_the_file_for_the_kiosk_too(tmp_path, monkeypatch):
    from kiosk.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('[camera]\nsource = "picamera"\nfps = 25\n')
    monkeypatch.setenv("KIOSK_CAMERA__SOURCE", "demo")
    monkeypatch.setenv("KIOSK_BUTTONS__ENABLED", "false")
    config = load_config(path)
    assert (config.camera.source, config.camera.fps, config.buttons.enabled) == ("demo", 25, False)


def test_reset_puts_keys_back_to_their_defaults_and_keeps_the_rest(staff):
    staff("config", "set", "coach.knee_in_offset", "0.07", "coach.persist_frames", "5", "camera.fps", "25")
    code, out, _ = staff("config", "reset", "coach.knee_in_offset", "camera")
    assert code == 0 and "coach.knee_in_offset removed from" in out and "camera removed from" in out
    written = in_file(staff.path)
    assert "knee_in_offset" not in written["coach"] and written["coach"]["persist_frames"] == 5
    assert "camera" not in written
    assert "# When a rep has a fault, and how often cues change." in staff.path.read_text()  # comments kept
    assert staff("config", "get", "coach.knee_in_offset")[1] == "0.15\n"
    code, out, _ = staff("config", "reset", "coach.knee_in_offset")
    assert code == 0 and "is not set in" in out and "it already has its default" in out
    before = staff.path.read_bytes()
    assert staff("config", "reset", "coach.knee_in")[0] == 1 and staff.path.read_bytes() == before


def test_edit_refuses_an_edit_that_would_fail_at_start_and_keeps_the_copy(staff, tmp_path, monkeypatch):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i \'s/^source = "auto"/source = "bogus"/\' "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    before = staff.path.read_bytes()
    code, _, err = staff("config", "edit")
    assert code == 1 and "camera.source: unknown source 'bogus'" in err and "your edited copy is" in err, err
    assert staff.path.read_bytes() == before
