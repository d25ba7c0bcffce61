"""Fuzzing the inputs staff and files give the kiosk: never a traceback, never a changed file on refusal."""

import json
import string
import tempfile
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.commands import config as command
from kiosk.config import Config, load_config_text
from kiosk.errors import KioskError
from kiosk.pose.track import TrackError, read_track

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


@FUZZ
@given(st.sampled_from(KEYS), value_texts)
def test_setting_any_key_to_any_value_is_applied_or_leaves_the_file_alone(key, value):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        original = (Path(__file__).parents[2] / "config.example.toml").read_bytes()
        path.write_bytes(original)
        try:
            command.set_value(path, ".".join(key), value)
        except KioskError as error:
            assert error.exit_code == 1 and one_line(error)
            assert path.read_bytes() == original
        else:
            load_config_text(path.read_text(), "after")  # what was written is valid
        assert sorted(p.name for p in Path(folder).iterdir()) == ["config.toml"]


VALID_TRACK = (FIXTURES / "tree_pose.track.jsonl").read_text()


@FUZZ
@given(st.integers(0, len(VALID_TRACK)))
def test_truncated_tracks_read_or_fail_with_the_line(cut):
    _read(VALID_TRACK[:cut])


json_values = st.one_of(
    st.none(), st.integers(), st.floats(), st.lists(st.lists(st.floats(), max_size=4), max_size=18)
)
json_lines = st.builds(
    json.dumps, st.dictionaries(st.sampled_from(["t", "keypoints", "format", "x"]), json_values)
)


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=60), json_lines), max_size=6))
def test_random_tracks_read_or_fail_with_the_line(lines):
    header = VALID_TRACK.splitlines()[0]
    _read("\n".join([header, *lines]))
    _read("\n".join(lines))


def _read(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "track.jsonl"
        path.write_text(text)
        try:
            read_track(path)
        except TrackError as error:
            assert one_line(error) and (" line " in str(error) or "cannot be read" in str(error))
