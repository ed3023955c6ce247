"""The published JSON Schema of the ``penalties.events`` format, derived from the event classes.

The schema is generated from :data:`~penalties.io.documents.EVENT_TYPES` and the attrs fields of
each event class, so it cannot drift from what :func:`~penalties.io.dumps` writes; the shipped
copy is ``penalties/io/schemas/events-v1.json``. After adding an event class, regenerate it::

    python -m penalties.io.schema

The schema describes what ``dumps`` writes (ISO-8601 instants with an offset, amounts as decimal
strings). ``loads`` checks more than a schema can (e.g. a decision after its filing) and accepts
every ISO-8601 instant with an offset.
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs
from pendulum import DateTime

from penalties.io import documents

__all__ = ["EVENTS_SCHEMA_FILE", "events_schema", "shipped_events_schema"]

EVENTS_SCHEMA_FILE = "events-v1.json"
"""The file name of the shipped schema, in the ``penalties.io.schemas`` folder."""

SCHEMA_ID = "https://penalties.readthedocs.io/schemas/events-v1.json"

INSTANT = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)$"
)
"""An ISO-8601 instant with its UTC offset, as ``dumps`` writes it."""

AMOUNT = r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
"""A decimal amount as ``str(Decimal)`` writes it."""

_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "id": _TEXT,
    "violation_id": _TEXT,
    "kind": _TEXT,
    "severity": _TEXT,
    "points": {"minimum": 0},
    "points_after": {"minimum": 0},
}
"""Constraints by field name, beyond what a field's type says (the classes check them too)."""


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        args = typing.get_args(hint)
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is Decimal:
        return {"type": "string", "pattern": AMOUNT}
    if isinstance(hint, type) and issubclass(hint, DateTime):
        return {"type": "string", "pattern": INSTANT}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [documents.enum_text(m) for m in hint]}
    if isinstance(hint, type) and attrs.has(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {hint!r}; teach penalties.io.schema its form")


def _object_schema(cls: type[Any], defs: dict[str, Any], tag: str | None = None) -> dict[str, Any]:
    documents.resolve_annotations(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    if tag is not None:
        properties["type"] = {"const": tag}
        required.append("type")
    for field in attrs.fields(cls):
        if not field.init:
            continue
        schema = _type_schema(field.type, defs)
        extra = _CONSTRAINTS.get(field.name)
        if extra:
            schema = _constrain(schema, extra)
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _constrain(schema: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in schema:
        return {"anyOf": [_constrain(s, extra) for s in schema["anyOf"]]}
    if schema.get("type") == "null":
        return schema
    return {**schema, **{k: v for k, v in extra.items() if k != "type"}}


def events_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``penalties.events`` documents, from the classes."""
    defs: dict[str, Any] = {}
    events = []
    for tag, cls in documents.EVENT_TYPES.items():
        defs[tag] = _object_schema(cls, defs, tag)
        events.append({"$ref": f"#/$defs/{tag}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "penalties.events, version 1",
        "description": "An account's events (violations, appeals, ...) as written by "
        "penalties.io.dumps(events). Instants carry their UTC offset; amounts are decimal "
        "strings.",
        "type": "object",
        "properties": {
            "format": {"const": documents.EVENTS_FORMAT},
            "version": {"const": 1},
            "events": {"type": "array", "items": {"oneOf": events}},
        },
        "required": ["format", "version", "events"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped_events_schema() -> dict[str, Any]:
    """The schema file shipped in the package."""
    text = (
        resources.files("penalties.io")
        .joinpath("schemas", EVENTS_SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def main(argv: list[str] | None = None) -> int:
    """Regenerate the shipped schema file (``python -m penalties.io.schema``)."""
    args = sys.argv[1:] if argv is None else argv
    target = resources.files("penalties.io").joinpath("schemas", EVENTS_SCHEMA_FILE)
    text = render(events_schema())
    if args == ["--check"]:
        return 0 if target.read_text(encoding="utf-8") == text else 1
    with resources.as_file(target) as path:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
