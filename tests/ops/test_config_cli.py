"""``kiosk config`` as staff use it over SSH, run in-process (``kiosk.cli.main``) to keep the suite fast."""

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
    from kiosk.config_schema import all_keys
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
