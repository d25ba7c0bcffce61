"""config.example.toml, written from the schema: every key, its default and its one-line help.

The file ships with the kiosk (the installer copies it to /etc/kiosk/config.toml);
a test checks that it is exactly what the schema writes, so a key added to
kiosk/config/model.py without a description, or a stale example, fails ``make test``.
Write it again after changing the schema::

    python -m kiosk.config.example config.example.toml

A key whose default depends on the machine, or that is unset by default, is
written commented out with an example value.

>>> from kiosk.config.schema import find_key
>>> print(key_lines(find_key("buttons.select"), 12)[0])
select = 22   # BCM pin of select (held: back)
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import tomlkit

from kiosk.config.model import Config
from kiosk.config.schema import Key, section_keys

WIDTH = 110
HEADER = """\
# Warm-up Mirror configuration. Every key is optional; these are the defaults.
# On a Pi this file lives at /etc/kiosk/config.toml (the installer copies this one there);
# --config FILE or $KIOSK_CONFIG name another, and KIOSK_SECTION__KEY=value in the environment
# overrides one key (KIOSK_CAMERA__SOURCE=demo). Change it over SSH with
#   sudo kiosk config set coach.knee_in_offset 0.07
# which checks the value, writes atomically, keeps these comments and reloads the running kiosk;
# kiosk config keys lists every key with its type, range, default and when a change applies.
# This file is written from the schema (kiosk/config/model.py): python -m kiosk.config.example FILE
"""


def example_text() -> str:
    """The whole example file."""
    parts = [HEADER]
    for section in Config.model_fields:
        keys = section_keys(section)
        lines = [f"[{section}]", *_comment(_prose(Config.model_fields[section].annotation.__doc__ or ""))]
        column = min(22, max(len(_assignment(key)) for key in keys))
        for key in keys:
            lines += key_lines(key, column)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def key_lines(key: Key, column: int) -> list[str]:
    """A key's line with its help after it, or the help above it when the two do not fit on one line."""
    assignment = _assignment(key)
    line = f"{assignment.ljust(column)}  # {key.help}"
    return [line] if len(line) <= WIDTH else [*_comment(key.help), assignment]


def _assignment(key: Key) -> str:
    if key.default is None or key.default_varies:
        return f"# {key.name} = {tomlkit.item(key.example).as_string()}"
    return f"{key.name} = {tomlkit.item(key.default).as_string()}"


def _prose(docstring: str) -> str:
    """A section's docstring without its doctests, markup or ``[section]:`` label."""
    paragraphs = [p for p in textwrap.dedent(docstring).strip().split("\n\n") if ">>>" not in p]
    text = " ".join(" ".join(p.split()) for p in paragraphs).replace("``", "")
    text = text.split(": ", 1)[1] if text.startswith("[") else text
    return text[:1].upper() + text[1:]


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, WIDTH - 2)]


def main(argv: list[str]) -> int:
    """Write the example to the file named (or to stdout)."""
    if not argv:
        sys.stdout.write(example_text())
        return 0
    from kiosk.files import write_file

    write_file(Path(argv[0]), lambda stream: stream.write(example_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
