"""What the command line reads: event files of one or many accounts, claims and appeal plans.

Event files go through :mod:`penalties.io` (CSV, JSONL, ``penalties.events`` documents), so
their errors name the file, the line and the column. Two additions for the command line:

- an ``account`` column (CSV) or field (JSONL, JSON) splits a file into accounts, each read as
  its own file (violation ids are unique per account, not per file); line numbers in errors
  stay those of the whole file;
- a ``.json`` file may also be a plain list of event objects (or ``{"events": [...]}``), where
  ``type`` may be left out as in JSONL (:func:`penalties.io.files.infer_type`: ``kind`` makes
  a violation, ``filed_at`` an appeal, ``violation_id`` with ``at`` a revocation, ``outcome``
  with ``at`` a funds decision).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zoneinfo
from pathlib import Path
from typing import Any

from penalties.errors import (
    InvalidDocumentError,
    InvalidEventError,
    InvalidEventFileError,
    PenaltiesError,
)
from penalties.events import Event
from penalties.io import documents
from penalties.io._parse import decode, parse_json, show
from penalties.io._source import read_regular_file
from penalties.io.files import loads_accounts, read_events, with_type

__all__ = [
    "ACCOUNT",
    "locate",
    "naive_advice",
    "read_accounts",
    "read_json_object",
    "refuse_surrogates",
    "reword",
]

ACCOUNT = "account"
"""The column (CSV) or field (JSONL, JSON) that names an event's account."""

Accounts = dict[str | None, list[Event]]
"""Events per account, in the order accounts first appear; ``None`` for a file without an
``account`` column."""


def _read(name: str) -> str:
    data = read_regular_file(name, what="event file", error=InvalidEventFileError)
    return decode(data, what=name, error=lambda m: InvalidEventFileError(m, name))


def read_accounts(path: str | os.PathLike[str]) -> Accounts:
    """The events of the file at ``path``, per account (see the module docs)."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return loads_accounts(_read(name), format="csv", name=name)
    if suffix in (".jsonl", ".ndjson"):
        return loads_accounts(_read(name), format="jsonl", name=name)
    if suffix == ".json":
        return _json_accounts(_read(name), name)
    return {None: read_events(name)}  # raises: the suffix names no format


# --------------------------------------------------------------------------- JSONL


def _loads_or_none(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


# --------------------------------------------------------------------------- JSON


_PATH = re.compile(r"(?:events)?\[\d+\]")


def _json_accounts(text: str, name: str) -> Accounts:
    def error(message: str) -> InvalidEventFileError:
        # A message that starts with its key path is located as every other file error is:
        # "file, [1].kind: ..."; others read "file: ...".
        sep = ", " if _PATH.match(message) else ": "
        return InvalidEventFileError(f"{name}{sep}{message}", name)

    data = parse_json(text, what="the file", error=error)
    where = _surrogate(data)
    if where is not None:
        raise error(f"{where[0] or 'the file'}: {_SURROGATE}")
    if isinstance(data, dict) and "format" in data:
        try:
            return {None: documents.loads_events(text)}
        except (InvalidEventError, InvalidDocumentError) as exc:
            raise error(str(exc)) from None
    items = data.get("events") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise error(
            "an event file in JSON is a penalties.events document, a list of event objects, "
            'or an object with "events": [...].'
        )
    grouped: dict[str | None, list[tuple[int, Any]]] = {}
    many = any(isinstance(item, dict) and ACCOUNT in item for item in items)
    for i, item in enumerate(items):
        account: str | None = None
        if isinstance(item, dict):
            try:
                item = dict(with_type(item, path=f"[{i}]"))  # type: ignore[call-overload]
            except documents.StructureError as exc:
                raise error(str(exc)) from None
            if many:
                value = item.pop(ACCOUNT, None)
                if not isinstance(value, str) or not value.strip():
                    raise error(
                        f"[{i}].{ACCOUNT}: {show(value)} is not an account name; in a file "
                        f"where events carry an {ACCOUNT!r}, each names its account."
                    )
                account = value.strip()
        grouped.setdefault(account, []).append((i, item))
    result: Accounts = {}
    for account, entries in grouped.items():
        events: list[Event] = []
        for i, item in entries:
            try:
                events.append(documents.event_from_data(item, path=f"[{i}]"))
            except InvalidEventError as exc:
                raise error(str(exc)) from None
        repeated = documents.duplicate(events)
        if repeated:
            j, k, vid = repeated
            raise error(
                f"[{entries[j][0]}].id: duplicate violation id {vid!r} (first at "
                f"[{entries[k][0]}]); ids are unique in one account."
            )
        result[account] = events
    return result


# --------------------------------------------------------------------------- other files


def read_json_object(path: str, what: str, error: type[PenaltiesError]) -> dict[str, Any]:
    """The JSON object in the file at ``path`` (a claim, a plan), decimals kept exact; problems
    raise ``error``."""
    data = read_regular_file(path, what=f"{what} file", error=error)
    text = decode(data, what=path, error=error)
    value = parse_json(text, what=path, error=error)
    if not isinstance(value, dict):
        raise error(f"{path}: a {what} file holds one JSON object, got {show(value)}.")
    where = _surrogate(value)
    if where is not None:
        raise error(f"{path}: {where[0] or 'the object'} {_SURROGATE}")
    return value


# --------------------------------------------------------------------------- checks


_SURROGATE = (
    "holds a lone surrogate (a \\ud800-\\udfff escape without its pair), which is not text and "
    "cannot be written back; fix the escape or remove it."
)


def _surrogate(value: object, path: str = "") -> tuple[str, str] | None:
    """The path and string of the first lone surrogate in parsed JSON ``value`` (None: none)."""
    stack: list[tuple[str, object]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where, item
        elif isinstance(item, dict):
            for key, sub in reversed(list(item.items())):
                stack.append((f"{where}.{key}" if where else str(key), key))
                stack.append((f"{where}.{key}" if where else str(key), sub))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", sub) for i, sub in reversed(list(enumerate(item))))
    return None


def refuse_surrogates(value: str, what: str) -> str:
    """``value`` (an option's text), refused with ``InvalidEventError`` if it is not text."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEventError(f"{what} {value!a} {_SURROGATE}") from None
    return value


# --------------------------------------------------------------------------- positions


def locate(path: str, account: str | None, violation_id: str) -> str | None:
    """Where the violation ``violation_id`` of ``account`` is in the file at ``path``: "line N"
    (CSV, JSONL) or "[i]" (JSON); None when it cannot be found (only used for messages)."""
    try:
        text = _read(path)
    except PenaltiesError:
        return None
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] | None = None
        start = 1
        try:
            for row in reader:
                cells = [c.strip() for c in row]
                if header is None:
                    if any(cells):
                        header = cells
                elif len(cells) == len(header):
                    record = dict(zip(header, cells, strict=True))
                    if record.get("id") == violation_id and record.get(ACCOUNT) == account:
                        return f"line {start}"
                start = reader.line_num + 1
        except csv.Error:
            return None
        return None
    if suffix in (".jsonl", ".ndjson"):
        for number, raw in enumerate(text.split("\n"), start=1):
            data = _loads_or_none(raw) if raw.strip() else None
            if (
                isinstance(data, dict)
                and data.get("id") == violation_id
                and data.get(ACCOUNT) == account
                and data.get("type", "violation") == "violation"
            ):
                return f"line {number}"
        return None
    data = _loads_or_none(text)
    items = data.get("events") if isinstance(data, dict) else data
    if isinstance(items, list):
        for i, item in enumerate(items):
            if (
                isinstance(item, dict)
                and item.get("id") == violation_id
                and item.get(ACCOUNT) == account
                and "kind" in item
            ):
                return f"[{i}]"
    return None


# --------------------------------------------------------------------------- wording

_NAIVE = "' has no time zone; the library never guesses one."
_HEAD = re.compile(r"^(?P<where>.+?)(?:: (?P<path>[\w.\[\]]+))?: (?:[A-Z]\w*\.)?(?P<field>\w+) $")


def reword(exc: PenaltiesError, timezone: str | None) -> PenaltiesError:
    """``exc`` from reading a file, in the command line's words: a naive time says to add an
    offset to the cell (CSV) or value (JSONL, JSON), with the one of ``timezone`` (the policy's
    zone) as the example, and where it is as every other file error says it: ``line N, column
    'at'`` (CSV), ``line N, key 'at'`` (JSONL), ``[i].at`` (JSON)."""
    text = str(exc)
    end = text.find(_NAIVE)  # found by position, not a regex: the value may be huge
    start = text.rfind("'", 0, end) if end >= 0 else -1
    if start < 0:
        return exc
    value, head = text[start + 1 : end], text[:start]
    found = _HEAD.match(head)
    if found is None:
        return exc
    where, path, field = found["where"], found["path"], found["field"]
    if ", column " in where:
        place = "cell"
    elif ", line " in where:
        place, where = "value", f"{where}, key {field!r}"
    elif path is not None:
        place, where = "value", f"{where}, {path}.{field}"
    else:  # "file, [i]" (the path already after a comma)
        place, where = "value", f"{where}.{field}" if where.endswith("]") else f"{where}, {field}"
    new = type(exc)(f"{where}: {naive_advice(value, timezone, place)}")
    for attr in ("file", "line", "column"):
        if hasattr(exc, attr):
            setattr(new, attr, getattr(exc, attr))
    return new


def naive_advice(value: str, timezone: str | None, place: str) -> str:
    """What to say of ``value``, a time without an offset given in a file's ``place``
    (``cell``, ``value``) or an ``option``: add the offset, the one of ``timezone`` as the
    example."""
    example = "2024-03-01T10:00:00+08:00"
    zone_note = ""
    if timezone:
        try:
            naive = dt.datetime.fromisoformat(value)
            if naive.tzinfo is None:
                example = naive.replace(tzinfo=zoneinfo.ZoneInfo(timezone)).isoformat()
                zone_note = f" if it is {timezone} time (the policy's zone)"
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            pass
    to = "" if place == "option" else f" to the {place}"
    return (
        f"{value!r} has no time zone, and penalties never guesses one; add the offset{to}: "
        f"{example!r}{zone_note}, or end it with Z for UTC."
    )
