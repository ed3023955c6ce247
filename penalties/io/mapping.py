"""Declarative column mappings: a marketplace's or an ERP's penalty export (CSV) read into
:class:`~penalties.Violation` events without code.

A mapping is data (TOML), validated when loaded, never executed::

    format = "penalties.mapping"
    version = 1
    name = "TikTok Shop violation records (Chinese headers)"
    policy = "tiktok_shop"            # optional: kinds and severities are checked against it
    timezone = "Asia/Bangkok"         # the zone of dates written without an offset
    date_formats = ["YYYY-MM-DD HH:mm:ss", "YYYY/MM/DD HH:mm"]   # pendulum tokens, or "iso"
    delimiter = ","
    skip_lines = 0                    # title lines above the header

    [columns]                         # event field = header, or several headers (any one)
    id = ["Violation ID", "违规编号"]
    at = ["Penalty time", "处罚时间"]
    kind = ["Violation type", "违规类型"]
    points = ["Points", "扣分"]

    [values.kind]                     # cell text -> code, for a field's cells
    "侵犯知识产权" = "ip_infringement"

    [constants]                       # a fixed value for every row
    note = "from the Seller Center export"

Excel workbooks (``.xlsx``, ``.xlsm``; the ``excel`` extra: openpyxl) read the same way with
:meth:`ColumnMapping.read_excel` (or :meth:`ColumnMapping.read`, which tells a workbook by its
bytes), from the mapping's ``sheet`` (default: the first sheet). Cells keep the type Excel gave
them: a date cell is a wall time in ``timezone`` (Excel dates have no zone), a number is read
exactly or refused (a whole number of at most 15 digits for text fields such as ids, which is
all Excel keeps exactly; never a number with a fraction), and a row error names the sheet, the
row and the column.

Fields: ``id``, ``kind``, ``at`` (required, as a column or a constant for ``kind``),
``severity``, ``points``, ``occurred_at``, ``reference``, ``note``. Dates with an offset keep it;
dates without one are read in ``timezone``, and a wall time the zone skips (a DST gap) or
passes twice (a fold) is refused: the export must state the offset there. A mapping error names
the file and the key; a row error names the file, the line and the export's own column header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import warnings
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pendulum
from immutabledict import immutabledict

from penalties._time import exact, to_instant
from penalties.errors import (
    InvalidEventError,
    InvalidEventFileError,
    PenaltiesError,
    close_matches,
)
from penalties.events import Violation
from penalties.io._parse import decode, parse_toml, sentence
from penalties.io._source import read_regular_file
from penalties.results import MissingExtraError

__all__ = [
    "ColumnMapping",
    "InvalidMappingError",
    "InvalidWorkbookError",
    "load_mapping",
    "loads_mapping",
]

FIELDS = ("id", "kind", "at", "severity", "points", "occurred_at", "reference", "note")
_REQUIRED = ("id", "kind", "at")
_DATES = ("at", "occurred_at")
_TOP = {
    "format", "version", "name", "policy", "market", "timezone", "date_formats", "delimiter",
    "skip_lines", "sheet", "columns", "values", "constants",
}  # fmt: skip
_INT = re.compile(r"[+-]?[0-9]+")


class InvalidMappingError(PenaltiesError, ValueError):
    """A column mapping file is invalid; the message starts with the file and the key, which
    are also kept as ``file`` and ``key``."""

    def __init__(self, message: str, file: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.key = key


def _bad(file: str, key: str | None, message: str) -> InvalidMappingError:
    where = f"{file}, {key}" if key else file
    return InvalidMappingError(sentence(f"{where}: {message}"), file, key)


class InvalidWorkbookError(InvalidEventFileError):
    """An Excel export is malformed: the message names the file, the sheet, the row (Excel's
    own number) and the column, also kept as ``file``, ``sheet``, ``line`` and ``column``."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
    ) -> None:
        super().__init__(message, file, line, column)
        self.sheet = sheet

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.file, self.line, self.column, self.sheet))


def _row_error(
    file: str, line: int | None, column: str | None, message: str, sheet: str | None = None
) -> InvalidEventFileError:
    if sheet is None:
        parts = [file, f"line {line}"] + ([f"column {column!r}"] if column else [])
        return InvalidEventFileError(sentence(f"{', '.join(parts)}: {message}"), file, line, column)
    parts = [file, f"sheet {sheet!r}"] + ([f"row {line}"] if line is not None else [])
    parts += [f"column {column!r}"] if column else []
    text = sentence(f"{', '.join(parts)}: {message}")
    return InvalidWorkbookError(text, file, line, column, sheet)


_EXACT_DIGITS = 15
"""The significant digits Excel keeps of a number: a longer one (a 16-digit order id typed
into a cell) is already rounded in the workbook, so it is refused rather than read."""


def _excel_text(field: str, value: object) -> str:
    """The text of a typed Excel cell for a text field (an id, a kind, a reference, a note)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise ValueError(f"{value} is a TRUE/FALSE cell, not the {field}; write it as text")
    if isinstance(value, int):
        if len(str(abs(value))) > _EXACT_DIGITS:
            raise ValueError(
                f"{value} is a number of more than {_EXACT_DIGITS} digits, which Excel may "
                f"already have rounded; format the {field} column as Text in the export"
            )
        return str(value)
    if isinstance(value, float):
        raise ValueError(
            f"{value!r} is a number with a fraction or an exponent, not an exact {field}; "
            f"format the {field} column as Text in the export"
        )
    if isinstance(value, dt.datetime | dt.date | dt.time):
        raise ValueError(f"{value.isoformat()} is a date or time cell, not the {field}")
    raise ValueError(f"a {type(value).__name__} cell cannot be the {field}")


def _excel_points(value: object) -> str:
    """A points cell as the text the CSV path reads: whole numbers only, exactly."""
    if isinstance(value, bool):
        raise ValueError(f"{value} is a TRUE/FALSE cell, not a whole number of points")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        raise ValueError(f"{value!r} is not a whole number of points")
    if isinstance(value, str):
        return value.strip()
    raise ValueError(f"a {type(value).__name__} cell is not a whole number of points")


@attrs.frozen
class ColumnMapping:
    """How one export's columns become violations (see the module docs); build it with
    :func:`loads_mapping` / :func:`load_mapping`."""

    name: str
    timezone: str
    date_formats: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    values: Mapping[str, Mapping[str, str]]
    constants: Mapping[str, str]
    policy: str | None = None
    market: str | None = None
    delimiter: str = ","
    skip_lines: int = 0
    sheet: str | None = None
    """The workbook sheet an Excel export is read from (None: its first sheet)."""

    def loads(self, text: str | bytes, *, name: str = "<csv>") -> list[Violation]:
        """The violations of the CSV export ``text`` (UTF-8, with or without a BOM), one per
        non-empty row, in file order; every row is kept or an error names its line and column."""
        body = decode(text, what=name, error=lambda m: InvalidEventFileError(m, name))
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=self.delimiter, strict=True)
        rows: list[tuple[int, list[str]]] = []
        line = 1
        try:
            for row in reader:
                rows.append((line, row))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise _row_error(
                name, reader.line_num or line, None, f"not valid CSV: {exc}."
            ) from None
        return self._violations([(n, list(r)) for n, r in rows], name, None)

    def _violations(
        self, table: list[tuple[int, list[object]]], name: str, sheet: str | None
    ) -> list[Violation]:
        """The violations of ``table`` (numbered rows of cells: text from CSV, typed values
        from a workbook's ``sheet``)."""

        def error(line: int | None, column: str | None, message: str) -> InvalidEventFileError:
            return _row_error(name, line, column, message, sheet)

        unit = "line" if sheet is None else "row"
        rows = [(n, r) for n, r in table[self.skip_lines :] if any(not _empty(c) for c in r)]
        if not rows:
            return []
        header_line, header = rows[0]
        names = [_header(h) for h in header]
        if sheet is not None:
            while names and not names[-1]:
                names.pop()  # blank cells right of the header
        index: dict[str, tuple[int, str]] = {}
        for field, headers in self.columns.items():
            found = [(names.index(h), h) for h in headers if h in names]
            if not found:
                raise error(
                    header_line, None,
                    f"no column for {field!r}: the header has none of "
                    f"{', '.join(repr(h) for h in headers)}; its columns are "
                    f"{', '.join(repr(n) for n in names)}." + close_matches(headers[0], names),
                )  # fmt: skip
            if len(found) > 1:
                raise error(
                    header_line, None,
                    f"{field!r} matches several columns ({', '.join(h for _, h in found)}); "
                    "keep one in the mapping.",
                )  # fmt: skip
            index[field] = found[0]
        policy = self._policy()
        out: list[Violation] = []
        first: dict[str, int] = {}
        for line, row in rows[1:]:
            if sheet is None and len(row) != len(names):
                raise error(
                    line, None,
                    f"the row has {len(row)} cells, the header {len(names)}; quote cells that "
                    "contain the delimiter.",
                )  # fmt: skip
            if sheet is not None:
                beyond = [c for c in row[len(names) :] if not _empty(c)]
                if beyond:
                    raise error(
                        line, None,
                        f"a cell ({_show_cell(beyond[0])}) right of the header's last column "
                        f"{names[-1]!r}; give it a header or clear it.",
                    )  # fmt: skip
            values: dict[str, Any] = dict(self.constants)
            for field, (i, title) in index.items():
                raw = row[i] if i < len(row) else None
                try:
                    cell = self._typed(field, raw) if sheet is not None else str(raw).strip()
                    if cell is not None and not isinstance(cell, str):
                        values[field] = cell  # an instant from a date cell
                        continue
                    if not cell:
                        if field in _REQUIRED:
                            raise error(line, title, f"the {field} is empty.")
                        continue
                    values[field] = self._cell(field, cell)
                except ValueError as exc:
                    raise error(line, title, str(exc)) from None
            try:
                violation = Violation(**values)
                if policy is not None:
                    policy.resolve(violation)
            except (InvalidEventError, LookupError) as exc:
                column = _column_for(str(exc), index)
                raise error(line, column, str(exc)) from None
            if violation.id in first:
                raise error(
                    line, index["id"][1] if "id" in index else None,
                    f"duplicate violation id {violation.id!r} (first on {unit} "
                    f"{first[violation.id]}); ids are unique in one account.",
                )  # fmt: skip
            first[violation.id] = line
            out.append(violation)
        return out

    def read(self, path: str | os.PathLike[str]) -> list[Violation]:
        """The violations of the export at ``path``: an Excel workbook (told by its bytes, a
        ZIP archive, as ``.xlsx`` files are) through :meth:`read_excel`, else CSV."""
        name = os.fspath(path)
        data = read_regular_file(name, what="export file", error=InvalidEventFileError)
        if data[:4] == b"PK\x03\x04":
            return self.read_excel(data, name=name)
        return self.loads(data, name=name)

    def read_excel(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        sheet: str | None = None,
        name: str | None = None,
    ) -> list[Violation]:
        """The violations of the Excel export ``source`` (a path, or the workbook's bytes),
        from ``sheet`` (default: the mapping's ``sheet``, else the first sheet); needs the
        ``excel`` extra. Cells keep Excel's types (see the module docs); formulas give the
        value Excel last computed. Errors name the file, the sheet, the row and the column
        (:class:`InvalidWorkbookError`)."""
        if isinstance(source, bytes | bytearray):
            data, label = bytes(source), name or "<xlsx>"
        else:
            label = name or os.fspath(source)
            data = read_regular_file(
                os.fspath(source), what="export file", error=InvalidEventFileError
            )
        openpyxl = _openpyxl()
        try:
            with warnings.catch_warnings():
                # openpyxl warns about workbook features it drops (styles, validation); the
                # cell values are what is read.
                warnings.simplefilter("ignore", UserWarning)
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors alike
            raise InvalidWorkbookError(
                f"{label}: not an Excel workbook (.xlsx) openpyxl can read: "
                f"{type(exc).__name__}: {exc}. Save it from Excel as .xlsx.",
                label,
            ) from None
        try:
            wanted = sheet if sheet is not None else self.sheet
            sheets = list(book.sheetnames)
            if wanted is None:
                if not sheets:
                    raise InvalidWorkbookError(f"{label}: the workbook has no sheets.", label)
                wanted = sheets[0]
            elif wanted not in sheets:
                raise InvalidWorkbookError(
                    f"{label}: no sheet {wanted!r}; its sheets are "
                    f"{', '.join(map(repr, sheets))}." + close_matches(wanted, sheets),
                    label,
                    sheet=wanted,
                )
            worksheet = book[wanted]
            if not hasattr(worksheet, "iter_rows"):
                raise InvalidWorkbookError(
                    f"{label}: sheet {wanted!r} is a chart sheet, not cells.", label, sheet=wanted
                )
            table: list[tuple[int, list[object]]] = []
            number = 0
            for cells in worksheet.iter_rows(min_row=1):
                # Empty rows come as cells without a number: count them, so that skip_lines
                # counts rows as Excel shows them.
                found = next((c.row for c in cells if getattr(c, "row", None)), None)
                number = found if isinstance(found, int) else number + 1
                table.append((number, [c.value for c in cells]))
        finally:
            book.close()
        return self._violations(table, label, wanted)

    def _typed(self, field: str, value: object) -> str | pendulum.DateTime | None:
        """A typed Excel cell: an instant for a date cell in a date field, else the text the
        CSV path reads (None: empty)."""
        if _empty(value):
            return None
        if field in _DATES:
            if isinstance(value, str):
                return value.strip()
            if isinstance(value, dt.datetime):
                if value.tzinfo is not None:
                    return to_instant(value, what="date")
                return _local(value, self.timezone, value.isoformat(sep=" "))
            if isinstance(value, dt.date):
                wall = dt.datetime.combine(value, dt.time())
                return _local(wall, self.timezone, value.isoformat())
            if isinstance(value, dt.time):
                raise ValueError(f"{value.isoformat()} is a time without a date")
            raise ValueError(
                f"{value!r} is a number, not a date (the cell is not formatted as a date in "
                "Excel); format the column as a date, or write the dates as text"
            )
        if field == "points":
            return _excel_points(value)
        return _excel_text(field, value)

    def _policy(self) -> Any:
        if self.policy is None:
            return None
        from penalties.policy import get_policy

        return get_policy(self.policy, market=self.market)

    def _cell(self, field: str, cell: str) -> Any:
        table = self.values.get(field)
        if table is not None:
            if cell not in table:
                known = list(table)
                raise ValueError(
                    f"{cell!r} is not in the mapping's values.{field}; add it there "
                    f"(known: {', '.join(known)})." + close_matches(cell, known)
                )
            cell = table[cell]
        if field == "points":
            if not _INT.fullmatch(cell):
                raise ValueError(f"{cell!r} is not a whole number of points")
            return int(cell)
        if field in _DATES:
            return self._instant(cell)
        return cell

    def _instant(self, cell: str) -> pendulum.DateTime:
        tried: list[str] = []
        for fmt in self.date_formats:
            if fmt == "iso":
                try:
                    parsed = dt.datetime.fromisoformat(cell)
                except ValueError:
                    tried.append("ISO 8601")
                    continue
            else:
                zoned = "Z" in fmt  # the Z / ZZ tokens: the cell states its offset
                try:
                    found = pendulum.from_format(cell, fmt, tz="UTC")
                except ValueError:
                    tried.append(fmt)
                    continue
                parsed = found if zoned else found.naive()
            if parsed.tzinfo is not None:
                return to_instant(parsed, what="date")
            return _local(parsed, self.timezone, cell)
        raise ValueError(f"{cell!r} matches none of the date formats {', '.join(tried)}")


def _empty(cell: object) -> bool:
    """Whether a cell is empty: None, or text of blanks."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header(cell: object) -> str:
    """A header cell's text (a workbook's header may hold numbers)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _show_cell(cell: object) -> str:
    """A cell for a message: its text, quoted."""
    return repr(cell if isinstance(cell, str) else str(cell))


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            "reading Excel exports needs openpyxl; install it with pip install "
            "'penalties[excel]', or save the sheet as CSV (UTF-8) and use mapping.loads."
        ) from None
    return openpyxl


def _local(wall: dt.datetime, tz: str, cell: str) -> pendulum.DateTime:
    """``wall`` read in ``tz``, refusing a skipped or doubled wall time."""
    zone = zoneinfo.ZoneInfo(tz)
    early, late = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    back = early.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if back != wall:
        raise ValueError(f"{cell!r} does not exist in {tz} (clocks go forward)")
    if exact(early) != exact(late):
        raise ValueError(
            f"{cell!r} happens twice in {tz} (clocks go back); the export must state the offset"
        )
    return pendulum.instance(early).in_timezone(tz)


def _column_for(message: str, index: Mapping[str, tuple[int, str]]) -> str | None:
    for field in ("severity", "kind", "points", "at", "id"):
        if field in message and field in index:
            return index[field][1]
    return None


# --------------------------------------------------------------------------- loading


def loads_mapping(text: str | bytes, *, name: str = "<mapping>") -> ColumnMapping:
    """A :class:`ColumnMapping` from TOML ``text``; ``name`` names it in errors."""
    body = decode(text, what=name, error=lambda m: InvalidMappingError(m, name))
    data = parse_toml(body, what=name, error=lambda m: InvalidMappingError(m, name))
    return _mapping(data, name)


def load_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """A :class:`ColumnMapping` from the TOML file at ``path``."""
    name = os.fspath(path)
    data = read_regular_file(name, what="mapping file", error=InvalidMappingError)
    return loads_mapping(data, name=name)


def _text(data: Mapping[str, Any], key: str, file: str, *, default: str | None = None) -> Any:
    value = data.get(key, default)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _bad(file, key, f"give a non-empty string, not {value!r}")
    return value


def _mapping(data: dict[str, Any], file: str) -> ColumnMapping:
    unknown = [k for k in data if k not in _TOP]
    if unknown:
        raise _bad(file, unknown[0], "unknown key." + close_matches(unknown[0], _TOP))
    if data.get("format") != "penalties.mapping":
        raise _bad(file, "format", 'a mapping file starts with format = "penalties.mapping"')
    if data.get("version") != 1:
        raise _bad(file, "version", f"{data.get('version')!r} is not a version this library reads "
                   "(it reads version 1)")  # fmt: skip
    name = _text(data, "name", file, default=os.path.basename(file))
    tz = _text(data, "timezone", file)
    if tz is None:
        raise _bad(file, "timezone", "give the zone the export writes its dates in, e.g. "
                   '"Asia/Shanghai"')  # fmt: skip
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _bad(file, "timezone", f"{tz!r} is not an IANA time zone") from None
    formats = data.get("date_formats", ["iso"])
    if isinstance(formats, str):
        formats = [formats]
    if (
        not isinstance(formats, list)
        or not formats
        or not all(isinstance(f, str) and f.strip() for f in formats)
    ):
        raise _bad(file, "date_formats", 'give a list of pendulum formats or "iso"')
    delimiter = data.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
        raise _bad(file, "delimiter", f"{delimiter!r}: give one character such as ','")
    skip = data.get("skip_lines", 0)
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise _bad(file, "skip_lines", f"{skip!r}: give a whole number, 0 or more")
    columns_data = data.get("columns")
    if not isinstance(columns_data, dict) or not columns_data:
        raise _bad(file, "columns", "give a [columns] table: field = header or [headers]")
    columns: dict[str, tuple[str, ...]] = {}
    for field, headers in columns_data.items():
        key = f"columns.{field}"
        if field not in FIELDS:
            raise _bad(file, key, f"unknown field; fields are {', '.join(FIELDS)}."
                       + close_matches(field, FIELDS))  # fmt: skip
        if isinstance(headers, str):
            headers = [headers]
        if (
            not isinstance(headers, list)
            or not headers
            or not all(isinstance(h, str) and h.strip() for h in headers)
        ):
            raise _bad(file, key, "give a header or a list of headers (non-empty strings)")
        columns[field] = tuple(h.strip() for h in headers)
    constants_data = data.get("constants", {})
    if not isinstance(constants_data, dict):
        raise _bad(file, "constants", "give a table: field = value")
    constants: dict[str, str] = {}
    for field, value in constants_data.items():
        key = f"constants.{field}"
        if field not in FIELDS or field in _DATES or field == "id":
            allowed = [f for f in FIELDS if f not in _DATES and f != "id"]
            raise _bad(file, key, f"a constant can be one of {', '.join(allowed)}."
                       + close_matches(field, allowed))  # fmt: skip
        if field in columns:
            raise _bad(file, key, f"{field!r} is also a column; keep one of them")
        if not isinstance(value, str) or (field == "points"):
            raise _bad(file, key, "give a string (points come from a column)")
        constants[field] = value
    for field in _REQUIRED:
        if field not in columns and field not in constants:
            raise _bad(file, "columns", f"no column for the required field {field!r}")
    values_data = data.get("values", {})
    if not isinstance(values_data, dict):
        raise _bad(file, "values", "give tables such as [values.kind]")
    values: dict[str, immutabledict[str, str]] = {}
    for field, table in values_data.items():
        key = f"values.{field}"
        if field not in columns or field in _DATES:
            raise _bad(file, key, "values map the cells of a mapped column other than a date "
                       f"(mapped: {', '.join(f for f in columns if f not in _DATES)})")  # fmt: skip
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and v.strip() for v in table.values()
        ):
            raise _bad(file, key, 'give a table of "cell text" = "value" strings')
        values[field] = immutabledict({k.strip(): v.strip() for k, v in table.items()})
    policy_code = _text(data, "policy", file)
    market = _text(data, "market", file)
    sheet = _text(data, "sheet", file)
    mapping = ColumnMapping(
        name=name,
        timezone=tz,
        date_formats=tuple(formats),
        columns=immutabledict(columns),
        values=immutabledict(values),
        constants=immutabledict(constants),
        policy=policy_code,
        market=market,
        delimiter=delimiter,
        skip_lines=skip,
        sheet=sheet.strip() if sheet is not None else None,
    )
    if policy_code is not None:
        _check_against_policy(mapping, file)
    return mapping


def _check_against_policy(mapping: ColumnMapping, file: str) -> None:
    try:
        policy = mapping._policy()
    except PenaltiesError as exc:
        raise _bad(file, "policy", str(exc)) from None
    kinds: Sequence[tuple[str, str]] = [
        (f"values.kind.{cell!r}", code) for cell, code in mapping.values.get("kind", {}).items()
    ]
    if "kind" in mapping.constants:
        kinds = [*kinds, ("constants.kind", mapping.constants["kind"])]
    for key, code in kinds:
        try:
            policy.kind(code)
        except LookupError as exc:
            raise _bad(file, key, str(exc)) from None
