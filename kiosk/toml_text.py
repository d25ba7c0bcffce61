"""Reading TOML text the user wrote, with every way it can be unreadable said in one line.

>>> parse_toml("width = 1280", "config.toml")
{'width': 1280}
>>> parse_toml("width = ", "config.toml")
Traceback (most recent call last):
kiosk.errors.KioskError: config.toml: not valid TOML: Invalid value (at end of document)
"""

from __future__ import annotations

import tomllib
from typing import Any

from kiosk.errors import KioskError


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """The tables in ``text``; a :class:`KioskError` starting with ``name`` if it is not valid TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KioskError(f"{name}: not valid TOML: {error}") from None
    except RecursionError:
        raise KioskError(f"{name}: not valid TOML: nested too deeply") from None
    except ValueError:  # an integer of more than 4300 digits, which Python refuses to read
        raise KioskError(f"{name}: not valid TOML: a number too long to read") from None
