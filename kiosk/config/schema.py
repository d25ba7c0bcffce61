"""Every configuration key as staff see it, read from the schema itself (kiosk/config/model.py).

Each key's type, range, default, when a change applies and its one-line help
(``Field(description=...)``) come from one place: ``kiosk config keys``, the
example file and the typed writes of ``kiosk config set`` all read them here.

>>> key = find_key("camera.width")
>>> key.type_text, key.range_text, key.default_text, key.applies
('integer', '160 to 4608', '1280', 'restart')
>>> key.typed('"1280"'), find_key("buttons.enabled").typed("yes"), find_key("model.num_threads").typed("2.0")
(1280, True, 2)
>>> find_key("coach.knee_in_offset").range_text, find_key("pose.min_score").range_text
('above 0, up to 0.5', 'above 0, below 1')
>>> find_key("model.num_threads").typed("2.5")
Traceback (most recent call last):
kiosk.errors.KioskError: model.num_threads: Input should be a valid integer, got a number with a fractional \
part (got 2.5)
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import tomlkit
from annotated_types import Ge, Gt, Le, Lt
from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from tomlkit.exceptions import TOMLKitError

from kiosk.config.model import Config, shorten
from kiosk.errors import KioskError
from kiosk.strict import numbers_are_not_booleans


@dataclass(frozen=True)
class Key:
    """One key of the configuration: ``section.name`` and its schema field."""

    section: str
    name: str
    field: FieldInfo
    applies: str

    @property
    def key(self) -> str:
        """``section.name``, as ``kiosk config get`` takes it."""
        return f"{self.section}.{self.name}"

    @property
    def help(self) -> str:
        """The one-line help (the field's description)."""
        return self.field.description or ""

    @property
    def optional(self) -> bool:
        """Whether the key may be left unset (its default is ``None``)."""
        return type(None) in typing.get_args(self.field.annotation)

    @property
    def value_type(self) -> Any:
        """The type of a value (``float`` for ``float | None``)."""
        arguments = [a for a in typing.get_args(self.field.annotation) if a is not type(None)]
        if (
            typing.get_origin(self.field.annotation) in (typing.Union, types.UnionType)
            and len(arguments) == 1
        ):
            return arguments[0]
        return self.field.annotation

    @property
    def choices(self) -> tuple[Any, ...] | None:
        """The allowed values of a key that takes one of a few, else ``None``."""
        kind = self.value_type
        return typing.get_args(kind) if typing.get_origin(kind) is Literal else None

    @property
    def type_text(self) -> str:
        """The type in words: integer, number, true or false, text, or one of its values."""
        if self.choices is not None:
            shown = [tomlkit.item(choice).as_string() for choice in self.choices]
            text = "one of " + ", ".join(shown)
        else:
            text = {int: "integer", float: "number", bool: "true or false", str: "text"}[self.value_type]
        return f"{text} or unset" if self.optional else text

    @property
    def range_text(self) -> str:
        """The allowed range in words ('' if any value of the type goes)."""
        low = high = ""
        for rule in self.field.metadata:
            if getattr(rule, "pattern", None):
                return f"matching {rule.pattern}"
            if isinstance(rule, Ge | Gt):
                low = f"{rule.ge:g}" if isinstance(rule, Ge) else f"above {rule.gt:g}"
            if isinstance(rule, Le | Lt):
                high = f"{rule.le:g}" if isinstance(rule, Le) else f"below {rule.lt:g}"
        if low and high and not low.startswith("above") and not high.startswith("below"):
            return f"{low} to {high}"
        low = f"from {low}" if low and not low.startswith("above") else low
        high = f"up to {high}" if high and not high.startswith("below") else high
        return ", ".join(part for part in (low, high) if part)

    @property
    def default(self) -> Any:
        """The default value (worked out on this machine, for a default that depends on it)."""
        return self.field.get_default(call_default_factory=True)

    @property
    def default_varies(self) -> bool:
        """Whether the default is worked out on each machine (``default_factory``)."""
        return self.field.default_factory is not None

    @property
    def default_text(self) -> str:
        """The default as TOML, or 'unset'; one that depends on the machine says so."""
        if self.default is None:
            return "unset"
        text = tomlkit.item(self.default).as_string()
        return f"{text} here" if self.default_varies else text

    @property
    def example(self) -> Any:
        """A value to show for a key with no fixed default (the field's ``examples``)."""
        return (self.field.examples or [self.default])[0]

    def typed(self, text: str) -> Any:
        """``text`` (as typed on the command line) as a value of this key's type; a refusal says the type.

        Only the type: the range is the whole file's check (:func:`kiosk.config.load_config_text`).

        A TOML value or a bare word; "1280" is 1280 for an integer, 2.0 is 2,
        "yes" is true for true or false; text keys take the text as it is.
        """
        raw = parse_value(text)
        if self.value_type is str and not isinstance(raw, str):
            raw = text  # a routine or a source is text, whatever it looks like
        digits = isinstance(raw, str) and raw.strip().isdigit()
        if self.choices is not None and digits and int(raw) in self.choices:
            raw = int(raw)  # "90" is the rotation 90, beside its word "auto"
        try:  # the type only: the range is checked with the whole file, in the file's own words
            numbers_are_not_booleans(self.field.annotation, raw)
            return TypeAdapter(self.value_type).validate_python(raw)
        except ValueError as error:  # worded as the file's own errors are (kiosk.config)
            message = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
            message = message.removeprefix("Value error, ")
            raise KioskError(f"{self.key}: {message} (got {shorten(raw)})", exit_code=1) from None


def all_keys() -> list[Key]:
    """Every key of the configuration, in the file's order."""
    return [key for section in Config.model_fields for key in section_keys(section)]


def section_keys(section: str) -> list[Key]:
    """The keys of one section, in order."""
    model: Any = Config.model_fields[section].annotation  # the section's model class
    return [Key(section, name, field, model.APPLIES) for name, field in model.model_fields.items()]


def is_section(name: str) -> bool:
    """Whether ``name`` is a section of the file (``camera``, ``coach``, ...)."""
    return name in Config.model_fields


def find_key(key: str) -> Key:
    """The key ``SECTION.NAME``; a refusal (exit 1) that names what is known.

    >>> find_key("coach.knee_in")
    Traceback (most recent call last):
    kiosk.errors.KioskError: unknown key 'coach.knee_in': [coach] has knee_in_offset, ..., cooldown_seconds
    """
    parts = key.split(".")
    if len(parts) != 2 or not all(parts):
        raise KioskError(f"key {key!r} is not SECTION.NAME, e.g. coach.knee_in_offset", exit_code=1)
    if not is_section(parts[0]):
        raise KioskError(
            f"unknown section {parts[0]!r}: choose one of {', '.join(Config.model_fields)}", exit_code=1
        )
    keys = {k.name: k for k in section_keys(parts[0])}
    if parts[1] not in keys:
        raise KioskError(f"unknown key {key!r}: [{parts[0]}] has {', '.join(keys)}", exit_code=1)
    return keys[parts[1]]


def parse_value(text: str) -> Any:
    """A TOML value (4, 0.07, true, "picamera"); bare words are text.

    >>> parse_value("0.07"), parse_value("picamera"), parse_value("'webcam:1'")
    (0.07, 'picamera', 'webcam:1')
    """
    try:
        value = tomlkit.parse(f"v = {text}")["v"]
    except TOMLKitError:
        return text
    return value.unwrap() if hasattr(value, "unwrap") else value
