"""The locks agree with pyproject.toml: every dependency is pinned, within its bounds, and nothing else is
a direct one (``make lock`` refreshes them; requirements/README.md)."""

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kiosk.commands.doctor_versions import locked_versions

from .conftest import ROOT

LOCKS = ROOT / "requirements"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(line) for line in PROJECT["dependencies"]]
DEV = [Requirement(line) for line in PROJECT["optional-dependencies"]["dev"]]
BUILD = [Requirement(line) for line in (LOCKS / "build.in").read_text().splitlines() if line[:1].isalpha()]


def direct(lock_text: str) -> set[str]:
    """Packages the lock took from pyproject.toml (uv's ``# via warmup-mirror`` comment)."""
    entries = re.split(r"\n(?=[a-z0-9])", lock_text)
    return {
        canonicalize_name(entry.split("==")[0])
        for entry in entries
        if re.search(r"#\s+(via )?warmup-mirror \(pyproject\.toml\)", entry)
    }


@pytest.mark.parametrize(
    ("lock", "wanted", "left_to_apt"),
    [
        ("dev.lock", RUNTIME + DEV, set()),
        ("pi-trixie.lock", RUNTIME, {"numpy"}),
        ("pi-bookworm.lock", RUNTIME, {"numpy"}),
    ],
)
def test_each_lock_pins_what_pyproject_asks_for_within_its_bounds(lock, wanted, left_to_apt):
    text = (LOCKS / lock).read_text()
    pins = locked_versions(text)
    for requirement in [*wanted, *BUILD]:
        name = canonicalize_name(requirement.name)
        if name in left_to_apt:
            assert name not in pins, f"{lock} pins {name}, which the Pi takes from apt"
            continue
        assert name in pins, f"{lock} lacks {requirement}: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside pyproject's {requirement}: run make lock"
        )
    assert direct(text) == {canonicalize_name(r.name) for r in wanted} - left_to_apt, (
        f"{lock}'s direct dependencies differ from pyproject.toml's: run make lock"
    )
    every_pin_hashed = re.findall(r"^\S+==\S+ \\\n    --hash=sha256:", text, re.MULTILINE)
    assert len(every_pin_hashed) == len(pins), f"{lock} has a pin without a hash"
