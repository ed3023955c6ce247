"""Event files: CSV (one event per row) and JSON Lines (one event object per line), plus the
versioned JSON document, read with errors that name the file, the line and the column.

CSV: a header row names the columns, which are the fields of the event classes of
:data:`~penalties.io.documents.EVENT_TYPES` (``id``, ``kind``, ``at``, ... for violations;
``violation_id``, ``filed_at``, ... for appeals) and an optional ``type`` column. Without a
``type`` column every row is a violation. An empty cell means "not given" (the field's
default); a cell for a field the row's type does not have must be empty. Rows whose cells are
all empty are skipped. Nested values (an appeal's ``plan``) have no CSV form: use JSONL.

JSONL: each non-blank line is an event object as in a ``penalties.events`` document; an
optional first line ``{"format": "penalties.events", "version": 1}`` declares the format
version. As in a CSV file without a ``type`` column, a line may leave out its ``type`` where its
keys say which event it is (:func:`infer_type`: ``kind`` makes a violation, ``filed_at`` an
appeal, ``violation_id`` with ``at`` a revocation, ``outcome`` with ``at`` a funds decision).
The versioned document itself always names each event's type.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import attrs
from pendulum import DateTime

from penalties._time import to_instant
from penalties.errors import (
    InvalidDocumentError,
    InvalidEventError,
    InvalidEventFileError,
    PenaltiesError,
    close_matches,
)
from penalties.events import Event, Violation
from penalties.io import documents
from penalties.io._parse import decode, instant_problem, parse_json, sentence, show
from penalties.io._source import DEFAULT_MAX_BYTES, read_regular_file

__all__ = [
    "ACCOUNT",
    "dumps_csv",
    "dumps_jsonl",
    "loads_accounts",
    "loads_csv",
    "loads_jsonl",
    "read_accounts",
    "read_csv",
    "read_events",
    "read_jsonl",
]

EventFormat = Literal["csv", "jsonl", "json"]

_SUFFIXES: Mapping[str, EventFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_INT = re.compile(r"[+-]?[0-9]+")

ACCOUNT = "account"
"""The column (CSV) or field (JSONL) that names an event's account in a file of many accounts
(:func:`read_accounts`)."""

Cell = Callable[[Any], Any]
"""Turns one non-empty cell into a field value, or raises ValueError with the reason. CSV cells
are text; table cells (:mod:`penalties.frames`) may also be typed (an int, an aware datetime)."""


class _CellError(ValueError):
    pass


def _fail(file: str, line: int | None, column: str | None, message: str) -> InvalidEventFileError:
    parts = (file, f"line {line}" if line else None, f"column {column!r}" if column else None)
    where = ", ".join(p for p in parts if p)
    return InvalidEventFileError(sentence(f"{where}: {message}"), file, line, column)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


# --------------------------------------------------------------------------- CSV cells


def _int_cell(text: Any) -> int:
    if type(text) is int:  # a typed table cell (penalties.frames); CSV cells are text
        return text
    if type(text) is float and text.is_integer():  # an integer column with gaps (pandas)
        return int(text)
    if not isinstance(text, str):
        raise _CellError(f"{show(text)} is not a whole number")
    value = text.strip()
    if not _INT.fullmatch(value):
        raise _CellError(f"{show(text)} is not a whole number")
    try:
        return int(value)
    except ValueError:  # more digits than Python converts
        raise _CellError(f"{show(text)} has too many digits") from None


def _decimal_cell(text: Any) -> Decimal:
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return _decimal_cell(str(text))
    if not isinstance(text, str):
        raise _CellError(f"{show(text)} is not an amount such as 12.50 (give it as text)")
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise _CellError(f"{show(text)} is not an amount such as 12.50") from None
    if not amount.is_finite():
        raise _CellError(f"{show(text)} is not a finite amount")
    return amount


def _enum_cell(cls: type[enum.Enum]) -> Cell:
    members = {str(member.value): member for member in cls}

    def parse(text: Any) -> enum.Enum:
        if not isinstance(text, str):
            raise _CellError(f"{show(text)} is not text; give one of the values as a string")
        value = text.strip()
        member = members.get(value)
        if member is not None:
            return member
        choices = list(members)
        raise _CellError(
            f"{show(text)} is not one of {', '.join(choices)}." + close_matches(value, choices)
        )

    return parse


def _instant_cell(what: str) -> Cell:
    def parse(text: Any) -> DateTime:
        try:
            instant = to_instant(text, what=what)
        except InvalidEventError as exc:
            raise _CellError(str(exc)) from None
        # Years 1901-2198 lie inside the range files hold whatever the offset; comparing
        # pendulum instants costs more than parsing them, so only the edges are compared.
        if not 1900 < instant.year < 2199:
            problem = instant_problem(instant)
            if problem:
                raise _CellError(problem)
        return instant

    return parse


def _str_cell(text: Any) -> str:
    if not isinstance(text, str):
        raise _CellError(f"{show(text)} is not text")
    return text


def _cell_parser(cls: type[Any], field: attrs.Attribute[Any]) -> Cell | None:
    """How a CSV cell becomes ``field`` of ``cls``, or None when the field has no CSV form."""
    hint: Any = field.type
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            return None
        hint = args[0]
    if hint is str:
        return _str_cell
    if hint is int:
        return _int_cell
    if hint is Decimal:
        return _decimal_cell
    if isinstance(hint, type) and issubclass(hint, DateTime):
        return _instant_cell(f"{cls.__name__}.{field.name}")
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_cell(hint)
    return None


_COLUMNS: dict[type[Any], Mapping[str, tuple[Cell | None, bool]]] = {}


def columns_of(cls: type[Any]) -> Mapping[str, tuple[Cell | None, bool]]:
    """Each field of the event class ``cls`` as a column: its cell parser (None when the field
    has no CSV form) and whether it is required. CSV files and tables share this layout."""
    return _columns(cls)


def _columns(cls: type[Any]) -> Mapping[str, tuple[Cell | None, bool]]:
    """Each field of ``cls``: its cell parser and whether it is required (cached per class)."""
    if cls not in _COLUMNS:
        documents.resolve_annotations(cls)
        fields = attrs.fields(cls)
        _COLUMNS[cls] = MappingProxyType(
            {f.name: (_cell_parser(cls, f), f.default is attrs.NOTHING) for f in fields if f.init}
        )
    return _COLUMNS[cls]


def _defaults(cls: type[Any]) -> Mapping[str, object]:
    return {f.name: f.default for f in attrs.fields(cls)}


# --------------------------------------------------------------------------- CSV


def _rows(text: str, delimiter: str, file: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _fail(file, reader.line_num or line, None, f"not valid CSV: {exc}.") from None
        yield line, row
        line = reader.line_num + 1


def loads_csv(text: str | bytes, *, delimiter: str = ",", name: str = "<csv>") -> list[Event]:
    """Events from CSV ``text`` (see the module docs); ``name`` names it in errors."""
    return _load_csv(text, delimiter, name, split=False)[None]


def _load_csv(
    text: str | bytes, delimiter: str, name: str, *, split: bool
) -> dict[str | None, list[Event]]:
    """The events of CSV ``text`` per account, in one pass; with ``split`` an ``account``
    column names each row's account, otherwise every event is under ``None``."""
    body = decode(text, what=name, error=lambda m: InvalidEventFileError(m, name))
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
        raise InvalidEventFileError(f"delimiter={delimiter!r}: give one character such as ','.")
    rows = _rows(body, delimiter, name)
    header: list[str] | None = None
    header_line = 1
    for line, row in rows:
        if any(cell.strip() for cell in row):
            header = row
            header_line = line
            break
    if header is None:
        return {None: []}
    names = [h.strip() for h in header]
    tables = {tag: _columns(cls) for tag, cls in documents.EVENT_TYPES.items()}
    typed = "type" in names
    known = set(tables["violation"])
    if typed:
        known = {"type"} | {c for t in tables.values() for c in t}
    split = split and ACCOUNT in names
    if split:
        known.add(ACCOUNT)
    seen: set[str] = set()
    for name_ in names:
        if not name_:
            raise _fail(name, header_line, None, "the header has an empty column name.")
        if name_ in seen:
            raise _fail(name, header_line, name_, "the header repeats this column.")
        seen.add(name_)
        if name_ not in known:
            _header_case(name, header_line, name_, names, known | {"type", ACCOUNT})
            extra = "" if typed else " (without a 'type' column every row is a violation)"
            many = (
                "; a file of many accounts is read with read_accounts() or loads_accounts()"
                if name_ == ACCOUNT
                else ""
            )
            raise _fail(
                name,
                header_line,
                name_,
                f"unknown column{extra}; known columns: {', '.join(sorted(known))}{many}."
                + close_matches(name_, known),
            )
        parsers = [fields[name_][0] for fields in tables.values() if name_ in fields]
        if name_ not in ("type", ACCOUNT) and all(p is None for p in parsers):
            raise _fail(
                name, header_line, name_, "this field has no CSV form; write such events as JSONL."
            )
    accounts: dict[str | None, list[Event]] = {} if split else {None: []}
    first_line: dict[tuple[str | None, str], int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise _fail(
                name,
                line,
                None,
                f"the row has {len(row)} cells, the header "
                f"{len(names)}; quote cells that contain the delimiter.",
            )
        cells = dict(zip(names, row, strict=True))
        account = _account_cell(cells.pop(ACCOUNT), name, line) if split else None
        event = _csv_event(cells, tables, typed, name, line)
        if isinstance(event, Violation):
            key = (account, event.id)
            if key in first_line:
                raise _fail(
                    name,
                    line,
                    "id",
                    f"duplicate violation id {event.id!r} (first on "
                    f"line {first_line[key]}); ids are unique in one account.",
                )
            first_line[key] = line
        events = accounts.get(account)
        if events is None:
            events = accounts[account] = []
        events.append(event)
    return accounts


def _header_case(file: str, line: int, cell: str, names: list[str], columns: set[str]) -> None:
    """Refuse a header cell that names a column in another case or spelling (``ID``,
    ``Kind``, ``Occurred At``) with a hint to write it as the reader does."""
    wanted = cell.lower().replace(" ", "_").replace("-", "_")
    if wanted != cell and wanted in columns:
        raise _fail(
            file,
            line,
            cell,
            f"column names are lower case, with _ between words; write {wanted!r} "
            f"(the header reads {', '.join(names)}).",
        )


def _account_cell(value: object, file: str, line: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(
            file,
            line,
            ACCOUNT,
            f"{show(value)} is not an account name; in a file with an {ACCOUNT!r} column or "
            "field every event names its account (a non-empty string).",
        )
    return value.strip()


def _csv_event(
    cells: dict[str, str],
    tables: Mapping[str, Mapping[str, tuple[Cell | None, bool]]],
    typed: bool,
    file: str,
    line: int,
) -> Event:
    tag = cells.pop("type", "").strip() if typed else "violation"
    try:
        check_tag(tag, tables)
        return build_event(tag, cells.keys(), cells.values(), tables[tag])
    except RowError as exc:
        raise _fail(file, line, exc.column, exc.message) from None


class RowError(Exception):
    """What is wrong with one row (of a CSV file or a table): the column, if one, and why.
    Readers turn it into their own error naming the file or table and the row."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(column, message)
        self.column = column
        self.message = message


def check_tag(tag: str, tables: Mapping[str, object]) -> None:
    """Raise :class:`RowError` unless ``tag`` (a row's stripped ``type`` cell) is an event type."""
    if not tag:
        raise RowError("type", f"empty; give one of {', '.join(tables)}.")
    if tag not in tables:
        raise RowError(
            "type",
            f"{show(tag)} is not an event type; use one of "
            f"{', '.join(tables)}.{close_matches(tag, tables)}",
        )


def build_event(
    tag: str,
    names: Iterable[str],
    cells: Iterable[Any],
    fields: Mapping[str, tuple[Cell | None, bool]],
) -> Event:
    """The event of type ``tag`` one row gives: ``cells`` under the column ``names`` (the
    ``type`` column left out). An empty cell (``""``, blanks or None) means "not given"; a
    cell for a field the type lacks must be empty. Problems raise :class:`RowError`."""
    kwargs: dict[str, Any] = {}
    for column, cell in zip(names, cells, strict=True):
        if cell is None or (type(cell) is str and not cell.strip()):
            continue
        if column not in fields:
            raise RowError(column, f"{_a(tag)} has no {column}; leave the cell empty.")
        parse = fields[column][0]
        if parse is None:
            raise RowError(column, "this field has no CSV form; write such events as JSONL.")
        try:
            kwargs[column] = parse(cell)
        except _CellError as exc:
            raise RowError(column, str(exc)) from None
    for column, (_, required) in fields.items():
        if required and column not in kwargs:
            raise RowError(column, f"missing; {_a(tag)} needs its {column}.")
    try:
        event: Event = documents.EVENT_TYPES[tag](**kwargs)
    except PenaltiesError as exc:
        raise RowError(None, str(exc)) from None
    return event


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, DateTime):
        return value.isoformat()
    return str(value)


def dumps_csv(events: Iterable[Event], *, delimiter: str = ",") -> str:
    """``events`` as CSV text that :func:`loads_csv` reads back: a ``type`` column, then the
    columns of the event types present. Events with nested values (an appeal's ``plan``) have
    no CSV form and raise :class:`~penalties.errors.InvalidDocumentError`; so do blank texts
    (other than a default), which a CSV cell cannot tell from an empty one."""
    columns, rows = event_rows(events)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    return out.getvalue()


def event_rows(events: Iterable[Event]) -> tuple[list[str], list[list[object]]]:
    """``events`` as rows under CSV columns (``type``, then the fields of the event types
    present): the field values themselves, None for an empty cell. CSV files and tables
    (:mod:`penalties.frames`) write events through this one function; see :func:`dumps_csv`
    for the events it refuses."""
    items = list(events)
    _check_unique(items)
    tags = [documents.tag_of(e) for e in items]
    columns: list[str] = ["type"]
    for tag in documents.EVENT_TYPES:
        if tag in tags:
            fields = _columns(documents.EVENT_TYPES[tag])
            columns += [c for c, (cell, _) in fields.items() if cell and c not in columns]
    rows: list[list[object]] = []
    for i, (event, tag) in enumerate(zip(items, tags, strict=True)):
        fields = _columns(type(event))
        defaults = _defaults(type(event))
        for field in attrs.fields(type(event)):
            no_csv = fields.get(field.name, (_str_cell,))[0] is None
            if no_csv and getattr(event, field.name) != field.default:
                raise InvalidDocumentError(
                    f"event #{i} ({tag}) has a {field.name}, which has no CSV form; write "
                    "such events with dumps_jsonl() or dumps()."
                )
        row: list[object] = [tag]
        for column in columns[1:]:
            value = getattr(event, column) if column in fields else None
            text = _cell_text(value)
            if not text.strip() and column in fields and value != defaults[column]:
                raise InvalidDocumentError(
                    f"event #{i} ({tag}): {column} {text!r} is blank, which a CSV cell cannot "
                    "tell from an empty one (not given); write such events with dumps_jsonl()."
                )
            row.append(None if not text else value)
        rows.append(row)
    return columns, rows


def _check_unique(events: list[Event]) -> None:
    repeated = documents.duplicate(events)
    if repeated:
        i, j, vid = repeated
        raise InvalidDocumentError(
            f"event #{i} repeats the violation id {vid!r} of event #{j}; one account's events "
            "give each violation its own id."
        )


# --------------------------------------------------------------------------- JSONL


def dumps_jsonl(events: Iterable[Event]) -> str:
    """``events`` as JSON Lines that :func:`loads_jsonl` reads back: a header line
    ``{"format": "penalties.events", "version": 1}``, then one event object per line."""
    events = list(events)
    _check_unique(events)
    header = {"format": documents.EVENTS_FORMAT, "version": 1}
    lines = [json.dumps(header)]
    lines += [json.dumps(documents.event_to_data(e), ensure_ascii=False) for e in events]
    return "\n".join(lines) + "\n"


_STATED_ONLY = frozenset({"exam_passed"})


def infer_type(data: Mapping[str, Any]) -> str | None:
    """The ``type`` tag of an event object that leaves it out, told by its keys (``account``
    aside): the one event type whose required fields are all there and whose fields hold every
    key; failing that, the one type sharing the most keys with it (so a misspelt key is named as
    such); None when no single type is told. An object with a ``type`` keeps it. An exam pass
    (``at`` and an optional note) is never inferred: a line with only ``at`` is an error."""
    if "type" in data:
        tag = data["type"]
        return tag if isinstance(tag, str) else None
    keys = {k for k in data if k not in ("type", ACCOUNT)}
    # An exam pass has no key of its own (``at`` and a note): it is never told, only stated.
    tables = {t: _columns(cls) for t, cls in documents.EVENT_TYPES.items() if t not in _STATED_ONLY}
    fits = [
        t
        for t, fields in tables.items()
        if keys <= set(fields) and all(k in keys for k, (_, needed) in fields.items() if needed)
    ]
    if len(fits) == 1:
        return fits[0]
    shared = {t: len(keys & set(fields)) for t, fields in tables.items()}
    most = max(shared.values())
    best = [t for t, n in shared.items() if n == most]
    return best[0] if most and len(best) == 1 else None


def with_type(data: object, *, path: str = "") -> object:
    """``data`` (one parsed event object) with the ``type`` :func:`infer_type` tells added
    when it has none; :class:`~penalties.io.documents.StructureError` (at ``path``) when its
    keys tell none; anything but an object as it is (the event reader says what is wrong)."""
    if not isinstance(data, dict) or "type" in data:
        return data
    tag = infer_type(data)
    if tag is None:
        keys = ", ".join(repr(k) for k in data if k != ACCOUNT) or "none"
        raise documents.StructureError(
            [
                (
                    f"{path}.type" if path else "type",
                    f"missing, and the keys ({keys}) do not tell which event this is; add "
                    f'"type": one of {", ".join(map(repr, documents.EVENT_TYPES))}',
                )
            ]
        )
    return {"type": tag, **data}


def loads_jsonl(text: str | bytes, *, name: str = "<jsonl>") -> list[Event]:
    """Events from JSON Lines ``text`` (see the module docs); ``name`` names it in errors."""
    return _load_jsonl(text, name, split=False)[None]


def _load_jsonl(text: str | bytes, name: str, *, split: bool) -> dict[str | None, list[Event]]:
    """The events of JSON Lines ``text`` per account, in one pass; with ``split`` an
    ``account`` field names each event's account, otherwise every event is under ``None``."""
    body = decode(text, what=name, error=lambda m: InvalidEventFileError(m, name))
    accounts: dict[str | None, list[Event]] = {}
    first_line: dict[tuple[str | None, str], int] = {}
    unowned: int | None = None  # the first event line without an account
    started = False
    for number, raw in enumerate(body.split("\n"), start=1):
        if not raw.strip():
            continue

        def error(message: str, number: int = number) -> InvalidEventFileError:
            return _fail(name, number, None, message)

        data = parse_json(raw, what="the line", error=error)
        if not started and isinstance(data, dict) and "format" in data and "type" not in data:
            _jsonl_header(data, name, number)
            started = True
            continue
        started = True
        account: str | None = None
        if split and isinstance(data, dict) and ACCOUNT in data:
            account = _account_cell(data.pop(ACCOUNT), name, number)
        elif unowned is None:
            unowned = number
        try:
            event = documents.parse_event(with_type(data))
        except documents.StructureError as exc:
            column = exc.problems[0][0] or None
            raise InvalidEventFileError(
                f"{name}, line {number}: {exc}", name, number, column
            ) from None
        if isinstance(event, Violation):
            key = (account, event.id)
            if key in first_line:
                raise _fail(
                    name,
                    number,
                    "id",
                    f"duplicate violation id {event.id!r} (first on "
                    f"line {first_line[key]}); ids are unique in one account.",
                )
            first_line[key] = number
        events = accounts.get(account)
        if events is None:
            events = accounts[account] = []
        events.append(event)
    if unowned is not None and (len(accounts) > 1 or None not in accounts):
        raise _fail(
            name,
            unowned,
            ACCOUNT,
            f"no account; in a file with an {ACCOUNT!r} column or field every event names its "
            "account.",
        )
    return accounts or {None: []}


def _jsonl_header(data: Mapping[str, Any], file: str, line: int) -> None:
    fmt, version = data.get("format"), data.get("version")
    if fmt != documents.EVENTS_FORMAT or set(data) != {"format", "version"}:
        raise _fail(
            file,
            line,
            "format",
            f"a header line is "
            f'{{"format": "{documents.EVENTS_FORMAT}", "version": 1}}, '
            f"got format {show(fmt)} and keys {', '.join(map(repr, data))}.",
        )
    if isinstance(version, bool) or version not in documents.FORMATS[documents.EVENTS_FORMAT]:
        raise _fail(
            file,
            line,
            "version",
            f"{documents.EVENTS_FORMAT} version {show(version)} "
            "is not one this library reads (it reads version 1).",
        )


# --------------------------------------------------------------------------- files


def _read(path: str | os.PathLike[str], max_bytes: int) -> tuple[str, bytes]:
    name = os.fspath(path)
    try:
        return name, read_regular_file(
            name, what="event file", error=InvalidEventFileError, max_bytes=max_bytes
        )
    except InvalidEventFileError as exc:
        raise InvalidEventFileError(str(exc), name) from None


def read_csv(
    path: str | os.PathLike[str], *, delimiter: str = ",", max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Event]:
    """Events from the CSV file at ``path`` (UTF-8, with or without a byte-order mark); a
    file that is not a regular file, or is larger than ``max_bytes``, is refused unread."""
    name, data = _read(path, max_bytes)
    return loads_csv(data, delimiter=delimiter, name=name)


def read_jsonl(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Event]:
    """Events from the JSON Lines file at ``path`` (UTF-8, one event object per line); a
    file that is not a regular file, or is larger than ``max_bytes``, is refused unread."""
    name, data = _read(path, max_bytes)
    return loads_jsonl(data, name=name)


def _format_of(name: str, format: EventFormat | None) -> EventFormat:
    if format is None:
        suffix = Path(name).suffix.lower()
        if suffix not in _SUFFIXES:
            raise InvalidEventFileError(
                f"{name}: cannot tell the format from the suffix {suffix or '(none)'!r}; name "
                "the file *.csv, *.jsonl or *.json, or pass format='csv', 'jsonl' or 'json'.",
                name,
            )
        return _SUFFIXES[suffix]
    if format not in ("csv", "jsonl", "json"):
        raise InvalidEventFileError(f"format={format!r}: use 'csv', 'jsonl' or 'json'.", name)
    return format


def read_events(
    path: str | os.PathLike[str],
    *,
    format: EventFormat | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Event]:
    """Events from a CSV, JSONL or JSON (``penalties.events`` document) file; ``format``
    defaults to the suffix (``.csv``, ``.jsonl`` or ``.ndjson``, ``.json``). A file that is not
    a regular file (a FIFO, a device), or is larger than ``max_bytes``, is refused unread."""
    name = os.fspath(path)
    format = _format_of(name, format)
    if format == "csv":
        return read_csv(name, max_bytes=max_bytes)
    if format == "jsonl":
        return read_jsonl(name, max_bytes=max_bytes)
    _, data = _read(name, max_bytes)
    return _json_events(data, name)


def _json_events(data: bytes, name: str) -> list[Event]:
    try:
        return documents.loads_events(data)
    except InvalidEventError as exc:
        raise InvalidEventFileError(f"{name}: {exc}", name) from None
    except InvalidDocumentError as exc:
        raise InvalidEventFileError(f"{name}: {exc}", name) from None


# --------------------------------------------------------------------------- many accounts


def loads_accounts(
    text: str | bytes,
    *,
    format: Literal["csv", "jsonl"],
    delimiter: str = ",",
    name: str = "<events>",
) -> dict[str | None, list[Event]]:
    """The events of many accounts from CSV or JSONL ``text``, per account in the order the
    accounts first appear. An ``account`` column (CSV) or field (JSONL) names each event's
    account, and violation ids are unique per account; without one, every event is under
    ``None``. One pass over the text, whatever the number of accounts; line numbers in errors
    are those of the whole text."""
    if format == "csv":
        return _load_csv(text, delimiter, name, split=True)
    if format == "jsonl":
        return _load_jsonl(text, name, split=True)
    raise InvalidEventFileError(f"format={format!r}: use 'csv' or 'jsonl'.", name)


def read_accounts(
    path: str | os.PathLike[str],
    *,
    format: EventFormat | None = None,
    delimiter: str = ",",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str | None, list[Event]]:
    """The events of the file at ``path`` per account (see :func:`loads_accounts`); ``format``
    defaults to the suffix, and a JSON ``penalties.events`` document is one account
    (``None``). The file is refused unread when it is not a regular file or is larger than
    ``max_bytes``."""
    name = os.fspath(path)
    format = _format_of(name, format)
    _, data = _read(name, max_bytes)
    if format == "json":
        return {None: _json_events(data, name)}
    return loads_accounts(data, format=format, delimiter=delimiter, name=name)
