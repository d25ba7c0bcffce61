"""``kiosk config keys``: every key with its type, range, default, when a change applies and its help.

All of it is read from the schema (kiosk/config/schema.py), so it cannot
drift from what ``set`` accepts.
"""

from __future__ import annotations

import json

from kiosk.config import Config
from kiosk.config.schema import Key, all_keys, find_key, is_section, section_keys
from kiosk.errors import KioskError

# When the running kiosk uses a change, in words (the schema's APPLIES).
APPLIES = {
    "now": "applies at reload",
    "next exercise": "applies from the next exercise",
    "restart": "applies at restart",
}


def keys_command(which: str | None, as_json: bool) -> int:
    """Print the keys (of one section, or one key, if ``which`` names it)."""
    if which is not None and "." not in which and not is_section(which):
        sections = ", ".join(Config.model_fields)
        raise KioskError(f"unknown section {which!r}: choose one of {sections}, or give SECTION.NAME", 1)
    keys = all_keys() if which is None else section_keys(which) if is_section(which) else [find_key(which)]
    if as_json:
        print(json.dumps([describe(key) for key in keys], indent=1))
        return 0
    width = max(len(f"{key.key} = {key.default_text}") for key in keys)
    for key in keys:
        kind = ", ".join(part for part in (key.type_text, key.range_text) if part)
        print(f"{f'{key.key} = {key.default_text}'.ljust(width)}  {kind}; {APPLIES[key.applies]}")
        print(f"    {key.help}")
    return 0


def describe(key: Key) -> dict:
    """One key as JSON: key, type, range, default, applies and help.

    >>> describe(find_key("coach.persist_frames"))["range"]
    '1 to 30'
    """
    return {
        "key": key.key,
        "type": key.type_text,
        "range": key.range_text,
        "default": key.default,
        "applies": key.applies,
        "help": key.help,
    }
