"""Fuzzing the inputs staff and files give the kiosk: never a traceback, never a changed file on refusal."""

import json
import string
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.commands import config as command
from kiosk.config import Config, load_config_text
from kiosk.errors import KioskError
from kiosk.pose.track_file import TrackError, read_track

from ..conftest import FIXTURES

KEYS = [
    (section, key) for section, field in Config.model_fields.items() for key in field.annotation.model_fields
]
toml_scalars = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.text(max_size=20), st.lists(st.integers(), max_size=3),
)  # fmt: skip
value_texts = st.one_of(
    st.text(alphabet=string.printable, max_size=30),
    toml_scalars.map(lambda v: tomlkit.item(v).as_string() if not isinstance(v, float) or v == v else "nan"),
)
FUZZ = settings(
    max_examples=max(150, settings.default.max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def one_line(error: KioskError) -> bool:
    return "\n" not in str(error) and str(error) != ""


sections = st.sampled_from([s for s, _ in KEYS] + ["extra"])
section_bodies = st.dictionaries(st.sampled_from([k for _, k in KEYS] + ["nope"]), toml_scalars, max_size=4)


@FUZZ
@given(st.dictionaries(sections, section_bodies, max_size=4))
def test_random_configurations_are_valid_or_refused_in_one_line(document):
    try:
        text = tomlkit.dumps(document)
    except (ValueError, TypeError):
        return  # not representable as TOML at all
    try:
        assert isinstance(load_config_text(text, "fuzz.toml"), Config)
    except KioskError as error:
        assert one_line(error) and str(error).startswith("fuzz.toml")


@FUZZ
@given(st.text(max_size=200))
def test_random_text_as_a_configuration_is_refused_in_one_line(text):
    try:
        load_config_text(text, "fuzz.toml")
    except KioskError as error:
        assert one_line(error)


# Shapes a 200-character fuzz never reaches: nesting thousands deep, and numbers thousands of digits long.
NESTINGS = {
    "array": lambda depth: "[" * depth + "]" * depth,
    "inline table": lambda depth: "{a = " * depth + "1" + "}" * depth,
}
nested_values = st.builds(lambda shape, depth: NESTINGS[shape](depth), st.sampled_from(list(NESTINGS)),
                          st.integers(1, 3000))  # fmt: skip
huge_numbers = st.builds(
    lambda sign, digits, form: form.format(sign=sign, digits="9" * digits, length=digits),
    st.sampled_from(["", "-", "+"]), st.integers(1, 6000),
    st.sampled_from(["{sign}{digits}", "{sign}1e{length}", "{sign}0.{digits}", "0x{digits}",
                     "{sign}{digits}.5"]),
)  # fmt: skip
deep_documents = st.one_of(
    st.builds(lambda key, value: f"[{key[0]}]\n{key[1]} = {value}\n", st.sampled_from(KEYS),
              st.one_of(nested_values, huge_numbers)),
    st.integers(1, 3000).map(lambda depth: "[" + ".".join(["a"] * depth) + "]\n"),
    st.integers(1, 3000).map(lambda depth: "[[" + ".".join(["a"] * depth) + "]]\n"),
    st.integers(1, 3000).map(lambda depth: "a" + ".a" * depth + " = 1\n"),
)  # fmt: skip


@FUZZ
@given(deep_documents)
def test_deep_nesting_and_huge_numbers_in_a_configuration_are_refused_in_one_line(text):
    try:
        assert isinstance(load_config_text(text, "fuzz.toml"), Config)
    except KioskError as error:
        assert one_line(error) and str(error).startswith("fuzz.toml") and len(str(error)) < 400


@FUZZ
@given(st.sampled_from(KEYS), st.one_of(value_texts, nested_values, huge_numbers))
def test_setting_any_key_to_any_value_is_applied_or_leaves_the_file_alone(tmp_path, key, value):
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    path = folder / "config.toml"
    original = (Path(__file__).parents[2] / "config.example.toml").read_bytes()
    path.write_bytes(original)
    try:
        command.set_value(path, ".".join(key), value)
    except KioskError as error:
        assert error.exit_code == 1 and one_line(error) and len(str(error)) < 600
        assert path.read_bytes() == original
    else:
        load_config_text(path.read_text(), "after")  # what was written is valid
    assert sorted(p.name for p in folder.iterdir()) == [".config.toml.lock", "config.toml"]


VALID_TRACK = (FIXTURES / "tree_pose.track.jsonl").read_text()


@FUZZ
@given(st.integers(0, len(VALID_TRACK)))
def test_truncated_tracks_read_or_fail_with_the_line(tmp_path, cut):
    _read(tmp_path, VALID_TRACK[:cut])


json_values = st.one_of(
    st.none(), st.integers(), st.floats(), st.lists(st.lists(st.floats(), max_size=4), max_size=18)
)
json_lines = st.builds(
    json.dumps, st.dictionaries(st.sampled_from(["t", "keypoints", "format", "x"]), json_values)
)


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=60), json_lines), max_size=6))
def test_random_tracks_read_or_fail_with_the_line(tmp_path, lines):
    header = VALID_TRACK.splitlines()[0]
    _read(tmp_path, "\n".join([header, *lines]))
    _read(tmp_path, "\n".join(lines))


json_nestings = st.builds(lambda depth, brackets: brackets[0] * depth + brackets[1] * depth,
                          st.integers(1, 3000), st.sampled_from(["[]", ['{"a": ', "}"]]))  # fmt: skip
deep_track_lines = st.one_of(
    st.builds(lambda key, value: f'{{"t": 0.5, "keypoints": null, "{key}": {value}}}',
              st.sampled_from(["x", "t", "keypoints"]), st.one_of(json_nestings, huge_numbers)),
    st.builds(lambda value, count: json.dumps({"t": 0, "keypoints": [[1, 2, 0.5]] * 17}).replace(
        "1", value, count), st.one_of(huge_numbers, st.sampled_from(["true", "1e400"])), st.integers(1, 17)),
)  # fmt: skip


@FUZZ
@given(st.lists(deep_track_lines, min_size=1, max_size=3))
def test_deep_nesting_and_huge_numbers_in_a_track_fail_with_the_line(tmp_path, lines):
    _read(tmp_path, "\n".join([VALID_TRACK.splitlines()[0], *lines]))


def _read(folder, text):
    path = folder / "track.jsonl"
    path.write_text(text)
    try:
        read_track(path)
    except TrackError as error:
        assert one_line(error) and (" line " in str(error) or "cannot be read" in str(error))
        assert len(str(error)) < 400
