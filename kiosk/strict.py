"""TOML's ``true`` and ``false`` are not numbers, though pydantic (and Python) count them as 1 and 0.

>>> numbers_are_not_booleans(int, True)
Traceback (most recent call last):
ValueError: Input should be a number, not true
>>> numbers_are_not_booleans(float | None, 0.5), numbers_are_not_booleans(bool, False)
(0.5, False)
"""

from __future__ import annotations

import types
import typing
from typing import Any


def numbers_are_not_booleans(annotation: Any, value: Any) -> Any:
    """``value``, refused if it is a boolean given for a field that takes a number.

    Used as a ``mode="before"`` validator on every field: without it
    ``camera.fps = true`` would run the camera at 1 fps.
    """
    if isinstance(value, bool) and _takes_number(annotation):
        raise ValueError(f"Input should be a number, not {str(value).lower()}")
    return value


def _takes_number(annotation: Any) -> bool:
    if annotation in (int, float):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        arguments = typing.get_args(annotation)
        return bool not in arguments and any(_takes_number(a) for a in arguments)
    return False
