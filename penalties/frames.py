"""Tables in and out (pandas or pyarrow), and the standings of many accounts at once.

Needs the ``pandas`` extra (``pip install 'penalties[pandas]'``, which brings pandas and pyarrow).
A polars DataFrame is accepted wherever a pandas or pyarrow one is (the ``polars`` extra), and
any other table that speaks the Arrow stream interface (``__arrow_c_stream__``) too.

Results are typed: every instant column (``Timeline.to_frame()["at"]``,
:func:`sanctions_frame`'s ``start``/``end``, :func:`evaluate_many`'s ``at``/``frozen_until``) is
a timezone-aware timestamp in the policy's zone (pandas ``datetime64[us, <zone>]``, pyarrow
``timestamp("us", tz=<zone>)``, polars ``Datetime("us", <zone>)``; missing = ``NaT``/null), so
``.dt``, ``.resample`` and comparisons work; enums (``status``, a sanction's ``kind``) are
categoricals (pandas ``category``, Arrow dictionaries, polars ``Categorical``), ``status``
ordered from ``good`` to ``closed``. Event tables (:func:`events_to_frame`) keep instants as ISO
strings instead, so that each event keeps its own offset on a round trip. :func:`risk_summary`
sorts :func:`evaluate_many`'s rows by risk for a notebook (a :class:`RiskSummary`).

An event table has the columns of the CSV format (:mod:`penalties.io.files`): an optional
``type`` (``violation``, ``appeal``, ``revocation``, ``funds_decision``; without it every row is
a violation), then the fields of the event classes (``id``, ``kind``, ``at``, ``severity``,
``points``, ... for violations; ``violation_id``, ``filed_at``, ``decided_at``, ``outcome``,
``points_after`` for appeals; ``reason``, ``note`` for revocations; ``outcome`` for funds
decisions), and for many accounts an account column. Rows become events through the very
function the CSV reader uses, so a CSV file and a table can never disagree.

- Instants are ISO-8601 strings with their offset (``2024-03-01T10:00:00+08:00``), which keep
  each event's own offset (a timestamp column holds one zone for all rows). Reading also accepts
  aware datetime columns (pandas ``datetime64[ns, tz]``, pyarrow ``timestamp(tz=...)``); naive
  ones are refused.
- Whole numbers (``points``, ``points_after``) are integer columns (pandas ``Int64``, pyarrow
  ``int64``); text cells such as ``"12"`` are read as in CSV.
- An empty cell (None, NaN, NA, ``""``) means "not given"; a cell for a field the row's type
  lacks must be empty. Rows are counted from 0, by position (``df.iloc[row]``); errors name the
  row and the column (:class:`InvalidTableError`).
"""

from __future__ import annotations

import concurrent.futures
import functools
import math
import multiprocessing
import os
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
from pendulum import DateTime

from penalties import _batch
from penalties._batch import RowProblem as _RowProblem
from penalties._columns import _ISO
from penalties._columns import blank as _blank
from penalties._time import InstantLike, exact, to_instant
from penalties.errors import (
    InvalidEventError,
    PenaltiesError,
    PenaltiesWarning,
    close_matches,
)
from penalties.events import Event, Violation
from penalties.io import documents
from penalties.io._parse import show
from penalties.io.files import Cell, RowError, build_event, check_tag, columns_of, event_rows
from penalties.policy import Policy, get_policy, list_policies
from penalties.results import MissingExtraError, Sanction, Status, Timeline
from penalties.rules import SanctionKind

if TYPE_CHECKING:
    from penalties.results import BalanceChange

__all__ = [
    "PROCESS_THRESHOLD",
    "InvalidTableError",
    "RiskSummary",
    "changes_frame",
    "evaluate_many",
    "events_from_frame",
    "events_to_frame",
    "risk_summary",
    "sanctions_frame",
    "standings_columns",
]

PROCESS_THRESHOLD = 20_000
"""Tables with fewer rows than this are evaluated in this process: below it, starting worker
processes costs more than it saves."""

Errors: TypeAlias = Literal["raise", "collect"]
Progress: TypeAlias = Callable[[int, int], object]
"""Called as ``progress(accounts_done, accounts_total)`` after each chunk of accounts."""


class InvalidTableError(InvalidEventError):
    """A table of events is malformed: the message names the row, the column and the account
    where they are known (also as attributes ``row``, ``column`` and ``account``)."""

    def __init__(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        account: object = None,
    ) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.account = account

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.row, self.column, self.account))


def _table_error(
    message: str, row: int | None = None, column: str | None = None, account: object = None
) -> InvalidTableError:
    parts = []
    if account is not None:
        parts.append(f"account {account!r}")
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column!r}")
    where = ", ".join(parts)
    text = f"{where}: {message}" if where else message
    return InvalidTableError(text, row, column, account)


# --------------------------------------------------------------------------- libraries


def _pandas() -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            "penalties.frames needs pandas; install it with pip install 'penalties[pandas]'."
        ) from None
    return pd


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            "penalties.frames needs pyarrow; install it with pip install 'penalties[pandas]'."
        ) from None
    return pa


Library: TypeAlias = Literal["pandas", "pyarrow", "polars"]


def _polars() -> Any:
    try:
        import polars as pl  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            "library='polars' needs polars; install it with pip install 'penalties[polars]'."
        ) from None
    return pl


def _library_of(table: object) -> Library:
    module = type(table).__module__
    if module.startswith("pandas"):
        if isinstance(table, _pandas().DataFrame):
            return "pandas"
    elif module.startswith("pyarrow") and isinstance(table, _pyarrow().Table):
        return "pyarrow"
    elif module.startswith("polars") and hasattr(table, "to_arrow"):
        return "polars"
    elif hasattr(table, "__arrow_c_stream__"):
        return "pyarrow"  # any Arrow stream: read as a pyarrow Table, answered as one
    raise InvalidTableError(
        f"expected a pandas DataFrame, a pyarrow Table or a polars DataFrame, not "
        f"{type(table).__name__}; build one with pandas.DataFrame(...) or pyarrow.table(...)."
    )


def _as_arrow(table: object, library: Library) -> Any:
    """A pyarrow Table of ``table`` (a polars DataFrame or an Arrow stream), else ``table``."""
    if library == "polars":
        return table.to_arrow()  # type: ignore[attr-defined]
    if hasattr(table, "__arrow_c_stream__") and not isinstance(table, _pyarrow().Table):
        return _pyarrow().table(table)
    return table


def _read_columns(table: object) -> tuple[Library, dict[str, list[Any]], int]:
    """The columns of ``table`` as lists of plain Python values, empty cells as None."""
    library, columns, length, _ = _read_table(table)
    return library, columns, length


def _read_table(table: object) -> tuple[Library, dict[str, list[Any]], int, dict[str, Any]]:
    """:func:`_read_columns`, and the table's own pyarrow columns (none for pandas)."""
    library = _library_of(table)
    if library != "pandas":
        table = _as_arrow(table, library)
    names: list[object] = list(table.columns) if library == "pandas" else list(table.column_names)  # type: ignore[attr-defined]
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise _table_error(
                f"column names must be text, not {type(name).__name__} {name!r}; rename it."
            )
        if name in seen:
            raise _table_error("the table repeats this column.", column=name)
        seen.add(name)
    columns: dict[str, list[Any]] = {}
    native: dict[str, Any] = {}
    if library == "pandas":
        pd = _pandas()
        frame: Any = table
        for name in names:
            assert isinstance(name, str)
            series = frame[name]
            if pd.api.types.is_datetime64_dtype(series.dtype) and not isinstance(
                series.dtype, pd.DatetimeTZDtype
            ):
                _naive_column(name, series.tolist())
            values = series.astype(object)
            columns[name] = values.where(series.notna(), None).tolist()
        length = len(frame)
    else:
        pa = _pyarrow()
        arrow: Any = table
        for name in names:
            assert isinstance(name, str)
            column = arrow.column(name)
            if pa.types.is_timestamp(column.type) and column.type.tz is None:
                _naive_column(name, column.to_pylist())
            columns[name] = column.to_pylist()
            native[name] = column
        length = arrow.num_rows
    return library, columns, length, native


def _naive_column(name: str, values: list[Any]) -> None:
    row = next((i for i, v in enumerate(values) if v is not None and v == v), 0)
    raise _table_error(
        "a timestamp column without a time zone; the library never guesses one. Localize it "
        "(series.dt.tz_localize('Asia/Shanghai')) or write ISO strings with an offset.",
        row,
        name,
    )


# --------------------------------------------------------------------------- rows → events


_TABLES: Mapping[str, Mapping[str, tuple[Cell | None, bool]]] = MappingProxyType(
    {tag: columns_of(cls) for tag, cls in documents.EVENT_TYPES.items()}
)
_ORDER: tuple[str, ...] = tuple(
    dict.fromkeys(
        ["type"] + [c for fields in _TABLES.values() for c, (cell, _) in fields.items() if cell]
    )
)
"""Every event column in the order CSV files write them."""


@attrs.frozen
class _Layout:
    """Where the events are in a table: the event columns and their cells column by column."""

    names: tuple[str, ...]
    """The event columns other than ``type``."""
    columns: list[list[Any]]
    """The cells of each of ``names``, row by row."""
    tags: list[Any] | None
    """The ``type`` column, or None when every row is a violation."""
    keys: list[int | None] | None = None
    """The exact instant of each ``at`` cell, where it was proved the column entry's
    (:func:`_instant_keys`); None: none proved."""
    arrow: Any = None
    """For a pyarrow table: its event columns (``names`` and ``type``) as a pyarrow Table,
    or, in a worker's job, as Arrow IPC bytes from which :func:`_ready` reads the cells."""

    def cells(self, i: int) -> tuple[Any, ...]:
        """The event cells of row ``i``."""
        return tuple(column[i] for column in self.columns)


def _layout(
    columns: Mapping[str, list[Any]],
    length: int,
    others: Sequence[str],
    native: Mapping[str, Any] | None = None,
) -> _Layout:
    """Check the header (as the CSV reader does) and line up the event cells row by row."""
    typed = "type" in columns
    known = set(_TABLES["violation"])
    if typed:
        known = {"type"} | {c for fields in _TABLES.values() for c in fields}
    for name in columns:
        if name in others:
            continue
        if name not in known:
            extra = "" if typed else " (without a 'type' column every row is a violation)"
            others_text = f"; {', '.join(map(repr, others))} too" if others else ""
            raise _table_error(
                f"unknown column{extra}; known columns: {', '.join(sorted(known))}"
                f"{others_text}. Drop other columns first (df.drop(columns=[...]))."
                + close_matches(name, known),
                column=name,
            )
        parsers = [fields[name][0] for fields in _TABLES.values() if name in fields]
        if name != "type" and all(p is None for p in parsers):
            raise _table_error(
                "this field has no table form; build such events in Python.", column=name
            )
    names = tuple(n for n in columns if n not in others and n != "type")
    keys = None
    arrow = None
    if native is not None and all(n in native for n in names) and (not typed or "type" in native):
        pa = _pyarrow()
        event = [*names, "type"] if typed else list(names)
        arrow = pa.table({n: native[n] for n in event}) if event else None
    elif native is not None and "at" in names and length >= _VECTOR_ROWS:
        keys = _instant_keys(columns["at"])  # a pandas column (pyarrow ones: see _ready)
    tags = columns["type"] if typed else None
    return _Layout(names, [columns[n] for n in names], tags, keys, arrow)


def _ready(layout: _Layout) -> _Layout:
    """``layout`` with its cells and its proved instants, read from its pyarrow columns: the
    table's (the instants of ``at``, by :func:`_instant_keys`) or a worker's IPC bytes."""
    arrow = layout.arrow
    if arrow is None:
        return layout
    columns, tags = layout.columns, layout.tags
    if isinstance(arrow, bytes):
        pa = _pyarrow()
        arrow = pa.ipc.open_stream(arrow).read_all()
        columns = [arrow.column(n).to_pylist() for n in layout.names]
        tags = arrow.column("type").to_pylist() if "type" in arrow.column_names else None
    keys = layout.keys
    if keys is None and "at" in layout.names and arrow.num_rows >= _VECTOR_ROWS:
        keys = _instant_keys(arrow.column("at"))
    return _Layout(layout.names, columns, tags, keys, None)


_VECTOR_ROWS = 256
"""Tables of fewer rows are read cell by cell: below it, pyarrow's fixed cost per call
outweighs what it saves (Spark hands :func:`evaluate_many` one account at a time)."""
_ISO_ANCHORED = f"^(?:{_ISO.pattern})$"
"""The column entry's ISO form (``_columns._ISO``) for pyarrow's RE2 (``fullmatch``)."""
_EARLIEST, _LATEST = -2177366400000000, 7226409600000000
"""1901-01-02 and 2198-12-30 UTC, in epoch microseconds: a timestamp between them is in
1901-2198 in every zone (what ``_columns._key`` asks of a datetime cell)."""


def _instant_keys(values: Any) -> list[int | None] | None:
    """The exact instant of each ``at`` cell that pyarrow proves is the column entry's (its
    ``_columns._key``), None for a cell left to ``_key``; None when none is proved.

    Text cells count only where every such cell has exactly the accepted ISO form (a date, a
    time to the microsecond, an offset in whole minutes or ``Z``), the year is 1901-2198, and
    pyarrow parses them all (it refuses the dates ``datetime.fromisoformat`` refuses, such as
    2023-02-30; then every cell is left to ``_key``). Aware timestamp columns of whole
    microseconds count where the instant is well inside 1901-2198."""
    pa = _pyarrow()
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    try:
        array = values if isinstance(values, pa.ChunkedArray | pa.Array) else None
        if array is None:
            array = pa.array(values, type=pa.string())  # a pandas column of text (else: raises)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        kind = array.type
        if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            array = array.cast(pa.string())
            kind = array.type
        if pa.types.is_string(kind):
            ok = pc.match_substring_regex(array, _ISO_ANCHORED)
            # Cells of that form start with their year: text order is year order there.
            years = pc.and_(pc.greater_equal(array, "1901"), pc.less(array, "2199"))
            ok = pc.and_kleene(ok, years)
            ok = pc.fill_null(ok, False)
            text = pc.if_else(ok, array, "2000-01-01T00:00Z")
            micros = pc.cast(pc.cast(text, pa.timestamp("us", tz="UTC")), pa.int64())
        elif pa.types.is_timestamp(kind) and kind.tz is not None and kind.unit != "ns":
            micros = pc.cast(pc.cast(array, pa.timestamp("us", tz=kind.tz)), pa.int64())
            ok = pc.fill_null(
                pc.and_(pc.greater(micros, _EARLIEST), pc.less(micros, _LATEST)), False
            )
        else:
            return None
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None  # a cell pyarrow cannot read: every cell goes to _key
    if not pc.any(ok).as_py():
        return None
    keys: list[int | None] = pc.if_else(ok, micros, None).to_pylist()
    return keys


def _row_event(layout: _Layout, i: int) -> Event | None:
    """The event of row ``i``, or None for a row whose event cells are all empty."""
    cells = layout.cells(i)
    if layout.tags is None:
        tag = "violation"
    else:
        raw = layout.tags[i]
        if _blank(raw):
            if all(_blank(c) for c in cells):
                return None
            check_tag("", _TABLES)
        if type(raw) is not str:
            raise RowError("type", f"{show(raw)} is not text; give one of {', '.join(_TABLES)}.")
        tag = raw.strip()
        if tag not in _TABLES:
            check_tag(tag, _TABLES)
    try:
        return build_event(tag, layout.names, cells, _TABLES[tag])
    except RowError:
        if layout.tags is None and all(_blank(c) for c in cells):
            return None
        raise


def _account_events(layout: _Layout, rows: Iterable[int]) -> list[Event]:
    """One account's events from its ``rows``; raises :class:`_RowProblem` at a bad row."""
    events: list[Event] = []
    first: dict[str, int] = {}
    for i in rows:
        try:
            event = _row_event(layout, i)
        except RowError as exc:
            raise _RowProblem(i, exc.column, exc.message) from None
        if event is None:
            continue
        if type(event) is Violation:
            if event.id in first:
                raise _RowProblem(
                    i,
                    "id",
                    f"duplicate violation id {event.id!r} (first on row {first[event.id]}); "
                    "ids are unique in one account.",
                )
            first[event.id] = i
        events.append(event)
    return events


def events_from_frame(table: Any, *, account: str | None = None) -> Any:
    """The events of ``table`` (a pandas DataFrame, a pyarrow Table, a polars DataFrame or
    another Arrow stream; see the module docs).

    Without ``account``: a list of events (one account's history). With ``account`` (a column
    name): a dict from each account to its events, accounts in order of first appearance.
    Problems raise :class:`InvalidTableError` naming the row and the column.
    """
    _, columns, length = _read_columns(table)
    others: tuple[str, ...] = ()
    if account is not None:
        _check_column(account, columns, "account")
        others = (account,)
    layout = _layout(columns, length, others)
    if account is None:
        try:
            events = _account_events(layout, range(length))
        except _RowProblem as exc:
            raise _table_error(exc.message, exc.row, exc.column) from None
        return events
    groups = _group(columns[account], account)
    out: dict[Hashable, list[Event]] = {}
    for key, rows in groups.items():
        try:
            out[key] = _account_events(layout, rows)
        except _RowProblem as exc:
            raise _table_error(exc.message, exc.row, exc.column, key) from None
    return out


def _check_column(name: object, columns: Mapping[str, object], what: str) -> None:
    if not isinstance(name, str):
        raise InvalidTableError(f"{what}= must be a column name (str), not {name!r}.")
    if name not in columns:
        raise InvalidTableError(
            f"{what}={name!r}: the table has no such column; its columns are "
            f"{', '.join(map(repr, columns))}." + close_matches(name, columns)
        )
    if name in _ORDER:
        raise InvalidTableError(
            f"{what}={name!r} is an event column (see penalties.frames); name the {what} "
            "column something else, e.g. 'account' or 'as_of'."
        )


def _group_arrow(array: Any) -> list[tuple[Any, list[int]]] | None:
    """:func:`_group` of a pyarrow column of text or whole numbers without empty cells, by
    pyarrow and numpy (dictionary-encode, stable sort); None for any other column."""
    import numpy as np

    pa = _pyarrow()
    kind = array.type
    if not (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)
    ):
        return None
    if array.null_count:
        return None  # _group names the empty cell
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = array.dictionary_encode()  # the dictionary in order of first appearance
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    order = np.argsort(codes, kind="stable").tolist()
    ends = np.cumsum(np.bincount(codes, minlength=len(encoded.dictionary))).tolist()
    return _batch.split(encoded.dictionary.to_pylist(), order, ends)


def _groups(
    accounts: list[Any], column: str, native: Mapping[str, Any]
) -> list[tuple[Any, list[int]]]:
    """:func:`_group` as a list, by pyarrow where the table is a pyarrow one."""
    if column in native and len(accounts) >= _VECTOR_ROWS:
        found = _group_arrow(native[column])
        if found is not None:
            return found
    return list(_group(accounts, column).items())


def _group(accounts: list[Any], column: str) -> dict[Hashable, list[int]]:
    """Row positions per account, accounts in order of first appearance (one pass)."""
    groups: dict[Hashable, list[int]] = {}
    try:
        for i, key in enumerate(accounts):
            rows = groups.get(key)
            if rows is None:
                if key is None:
                    raise _table_error(
                        "the account is empty; give every row its account.", i, column
                    )
                groups[key] = rows = []
            rows.append(i)
    except TypeError:
        bad = next(i for i, k in enumerate(accounts) if not isinstance(k, Hashable))
        raise _table_error(
            f"{show(accounts[bad])} cannot name an account; use text or a number.", bad, column
        ) from None
    return groups


# --------------------------------------------------------------------------- events → rows


def events_to_frame(
    events: Iterable[Event] | Mapping[Any, Iterable[Event]],
    *,
    account: object = None,
    library: Library = "pandas",
) -> Any:
    """``events`` as a table that :func:`events_from_frame` reads back equal, offsets kept.

    ``events`` is one account's events, or a mapping from accounts to their events (then the
    table has an ``account`` column first). ``account`` gives one account's events an
    ``account`` column holding that value. ``library`` is ``"pandas"`` (a DataFrame),
    ``"pyarrow"`` (a Table) or ``"polars"`` (a DataFrame). Columns as in CSV: ``type``, then
    the fields of the event types present. Events with no CSV form (an appeal's ``plan``) raise
    :class:`~penalties.errors.InvalidDocumentError`.
    """
    if library not in ("pandas", "pyarrow", "polars"):
        raise InvalidTableError(f"library={library!r}: use 'pandas', 'pyarrow' or 'polars'.")
    if isinstance(events, Mapping):
        if account is not None:
            raise InvalidTableError(
                "account= names the account of one history; a mapping names its accounts "
                "itself, so leave account= out."
            )
        histories: list[tuple[object, Iterable[Event]]] = list(events.items())
        with_account = True
    else:
        histories = [(account, events)]
        with_account = account is not None
    present: set[str] = set()
    parts: list[tuple[object, list[str], list[list[object]]]] = []
    for key, history in histories:
        names, rows = event_rows(history)
        present.update(names)
        parts.append((key, names, rows))
    order = [c for c in _ORDER if c in present] or ["type"]
    data: dict[str, list[Any]] = {c: [] for c in order}
    accounts: list[object] = []
    for key, names, rows in parts:
        at = {n: i for i, n in enumerate(names)}
        accounts += [key] * len(rows)
        for column in order:
            j = at.get(column)
            data[column] += (
                [_frame_value(r[j]) for r in rows] if j is not None else [None] * len(rows)
            )
    ints = {c for c, values in data.items() if values and _all_int(values)}
    if library == "pandas":
        pd = _pandas()
        frame: dict[str, Any] = (
            {"account": pd.array(accounts, dtype=object)} if with_account else {}
        )
        for column, values in data.items():
            dtype = "Int64" if column in ints else object
            frame[column] = pd.array(values, dtype=dtype)
        return pd.DataFrame(frame)
    pa = _pyarrow()
    arrays: dict[str, Any] = {"account": pa.array(accounts)} if with_account else {}
    for column, values in data.items():
        arrays[column] = pa.array(values, type=pa.int64() if column in ints else pa.string())
    return _from_arrow(pa.table(arrays), library)


def _all_int(values: list[Any]) -> bool:
    given = [v for v in values if v is not None]
    return bool(given) and all(type(v) is int for v in given)


def _frame_value(value: object) -> object:
    if value is None or type(value) is int or type(value) is str:
        return value
    if isinstance(value, DateTime):
        return value.isoformat()
    value_attr = getattr(value, "value", None)
    if isinstance(value_attr, str):  # an enum member
        return value_attr
    return str(value)


# -- typed result columns


_STATUSES: tuple[str, ...] = tuple(s.name.lower() for s in Status)
"""The ``status`` categories, best to worst (an ordered categorical)."""
_KINDS: tuple[str, ...] = tuple(k.value for k in SanctionKind)
"""The sanction ``kind`` categories, in :class:`SanctionKind` order."""
_NAT = -(2**63)  # numpy's NaT as int64


def _pandas_instants(micros: Sequence[int | None], zone: str) -> Any:
    """Exact epoch microseconds as a pandas ``datetime64[us, zone]`` array (None: NaT)."""
    import numpy as np

    pd = _pandas()
    raw = np.array([_NAT if m is None else m for m in micros], dtype=np.int64)
    index = pd.DatetimeIndex(raw.view("datetime64[us]")).tz_localize("UTC").tz_convert(zone)
    return index.array


def _arrow_instants(micros: Sequence[int | None], zone: str) -> Any:
    return _pyarrow().array(list(micros), type=_pyarrow().timestamp("us", tz=zone))


def _pandas_category(values: Sequence[str | None], categories: Sequence[str], ordered: bool) -> Any:
    return _pandas().Categorical(list(values), categories=list(categories), ordered=ordered)


def _arrow_category(values: Sequence[str | None], categories: Sequence[str], ordered: bool) -> Any:
    pa = _pyarrow()
    code = {c: i for i, c in enumerate(categories)}
    indices = pa.array([None if v is None else code[v] for v in values], type=pa.int8())
    return pa.DictionaryArray.from_arrays(
        indices, pa.array(categories, pa.string()), ordered=ordered
    )


def _from_arrow(table: Any, library: Library) -> Any:
    """``table`` (pyarrow) as the library asked for: itself, or a polars DataFrame."""
    if library == "polars":
        return _polars().from_arrow(table)
    return table


def changes_frame(timeline: Timeline) -> Any:
    """Every balance change of ``timeline`` as a pandas DataFrame (what
    :meth:`Timeline.to_frame` gives): ``at`` (``datetime64[us, <policy zone>]``), ``ledger``,
    ``delta``, ``balance``, ``cause`` (violation ids joined by commas), ``reason``."""
    pd = _pandas()
    changes: Sequence[BalanceChange] = timeline.changes
    return pd.DataFrame(
        {
            "at": _pandas_instants([exact(c.at) for c in changes], timeline.policy.timezone),
            "ledger": pd.array([c.ledger for c in changes], dtype=object),
            "delta": pd.array([c.delta for c in changes], dtype="int64"),
            "balance": pd.array([c.balance for c in changes], dtype="int64"),
            "cause": pd.array([",".join(c.cause) for c in changes], dtype=object),
            "reason": pd.array([c.reason for c in changes], dtype=object),
        }
    )


def sanctions_frame(timeline: Timeline) -> Any:
    """Every sanction of ``timeline`` as a pandas DataFrame, one row each: ``kind`` (a
    categorical of the :class:`SanctionKind` values), ``start``, ``end`` (``NaT`` when
    open-ended; both ``datetime64[us, <policy zone>]``), ``ledger``, ``cause`` (violation ids
    joined by commas), ``reason``, ``threshold``."""
    if not isinstance(timeline, Timeline):
        raise TypeError(f"sanctions_frame() needs a Timeline, not {type(timeline).__name__}.")
    pd = _pandas()
    sanctions: tuple[Sanction, ...] = timeline.sanctions
    zone = timeline.policy.timezone
    return pd.DataFrame(
        {
            "kind": _pandas_category([s.kind.value for s in sanctions], _KINDS, False),
            "start": _pandas_instants([exact(s.start) for s in sanctions], zone),
            "end": _pandas_instants(
                [None if s.end is None else exact(s.end) for s in sanctions], zone
            ),
            "ledger": pd.array([s.ledger for s in sanctions], dtype=object),
            "cause": pd.array([",".join(s.cause) for s in sanctions], dtype=object),
            "reason": pd.array([s.reason for s in sanctions], dtype=object),
            "threshold": pd.array([s.threshold for s in sanctions], dtype="Int64"),
        }
    )


# --------------------------------------------------------------------------- many accounts


ColumnKind: TypeAlias = Literal["account", "text", "int", "optional_int", "instant", "status"]
"""What a result column holds: ``"int"`` is always given (pandas ``int64``; ``Int64`` with
``errors="collect"``), ``"optional_int"`` may be empty (pandas ``Int64``)."""


def standings_columns(
    policy: Policy, *, account: str = "account", errors: Errors = "raise"
) -> list[tuple[str, ColumnKind]]:
    """The columns :func:`evaluate_many` gives for ``policy``, each with its kind of value:
    the account, ``at`` (an ``"instant"``: a timestamp in the policy's zone), ``status``
    (``"status"``: an ordered categorical, ``good`` ... ``closed``), ``frozen_until`` (an
    instant, or empty), ``points_<ledger>`` for each ledger, ``sanctions`` (how many are
    active), ``sanction_kinds`` (their kinds, comma-joined, mildest first; empty when none),
    ``next_sanction_at`` (an instant: the start of the first sanction the account's own events
    already bring after ``at``, such as one of a violation dated later; empty when none: no new
    violation is ever guessed), ``days_to_next_sanction`` (calendar days to it in the policy's
    zone), ``to_next_threshold`` (the fewest points or strikes still to go before any ledger's
    next threshold) and ``next_threshold`` (that ledger and threshold, e.g.
    ``"trade: 12 points: 7-day freeze"``), ``warnings`` (the PenaltiesWarnings the history
    raised, one per line), and ``error`` with ``errors="collect"``."""
    if not isinstance(policy, Policy):
        raise TypeError(f"standings_columns() needs a Policy, not {type(policy).__name__}.")
    cols: list[tuple[str, ColumnKind]] = [(account, "account"), *_HEAD]
    cols += [(f"points_{ledger.code}", "int") for ledger in policy.ledgers]
    cols += _TAIL
    if errors == "collect":
        cols.append(("error", "text"))
    return cols


_HEAD: tuple[tuple[str, ColumnKind], ...] = (
    ("at", "instant"),
    ("status", "status"),
    ("frozen_until", "instant"),
)
_TAIL: tuple[tuple[str, ColumnKind], ...] = (
    ("sanctions", "int"),
    ("sanction_kinds", "text"),
    ("next_sanction_at", "instant"),
    ("days_to_next_sanction", "optional_int"),
    ("to_next_threshold", "optional_int"),
    ("next_threshold", "text"),
    ("warnings", "text"),
)


@attrs.frozen
class _Job:
    """What a worker needs to evaluate accounts: the layout, and where each account's rows
    and instant are. Sent whole to worker processes (plain values only)."""

    layout: _Layout
    groups: list[tuple[Any, list[int]]]
    at: str | None
    """The ISO instant every account is evaluated at, or None to read ``at_cells``."""
    at_cells: list[Any] | None
    at_column: str | None
    row_numbers: list[int] | None
    """The table's row number of each row here (None: the same)."""


Row: TypeAlias = tuple[Any, ...]
Problem: TypeAlias = "tuple[str, int | None, str | None] | None"


_COLUMN_ENTRY = True
"""Whether accounts of plain violations take the column entry (tests turn it off to compare
it with the object path)."""


def _evaluate_job(policy: Policy, job: _Job) -> list[tuple[Row, Problem]]:
    """Each account's standing row, or the problem with its history."""
    fixed = to_instant(job.at, what="at") if job.at is not None else None
    layout = _ready(job.layout)
    job = attrs.evolve(job, layout=layout)

    def slow(rows: list[int]) -> Timeline:
        return policy.evaluate(_account_events(layout, rows))

    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always", PenaltiesWarning)
        out = _batch.evaluate(
            policy,
            layout.names,
            layout.columns,
            layout.tags,
            layout.keys,
            job.groups,
            fixed,
            functools.partial(_account_at, job),
            slow,
            functools.partial(_violations, layout),
            log,
            _COLUMN_ENTRY,
            job.row_numbers,
        )
        others = [w for w in log if not issubclass(w.category, PenaltiesWarning)]
    for w in others:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return out


def _violations(layout: _Layout, positions: list[int], order: list[int]) -> tuple[Event, ...]:
    """The events of the rows at ``positions`` (all violations), in ``order``: what the
    column entry's timeline builds when its events are read."""
    events = (_row_event(layout, positions[i]) for i in order)
    return tuple(e for e in events if e is not None)


def _account_at(job: _Job, rows: list[int]) -> DateTime:
    cells = job.at_cells
    column = job.at_column
    assert cells is not None
    assert column is not None
    found: DateTime | None = None
    first = -1
    for i in rows:
        cell = cells[i]
        if _blank(cell):
            continue
        try:
            instant = to_instant(cell, what=column)
        except InvalidEventError as exc:
            raise _RowProblem(i, column, str(exc)) from None
        if found is None:
            found, first = instant, i
        elif exact(instant) != exact(found):
            raise _RowProblem(
                i,
                column,
                f"{instant.isoformat()} differs from {found.isoformat()} on row "
                f"{first if job.row_numbers is None else job.row_numbers[first]}; one "
                "account is evaluated at one instant.",
            )
    if found is None:
        raise _RowProblem(rows[0], column, "empty on every row of the account; give its instant.")
    return found


# -- worker processes


_WORKER_POLICY: list[Policy] = []


def _init_worker(payload: tuple[str, Any]) -> None:
    _WORKER_POLICY[:] = [_policy_from(payload)]


def _run_in_worker(job: _Job) -> list[tuple[Row, Problem]]:
    return _evaluate_job(_WORKER_POLICY[0], job)


def _policy_payload(policy: Policy) -> tuple[str, Any]:
    """How ``policy`` reaches a worker process: as policy data when that gives it back equal
    (every built-in policy and every policy file), else the object itself (a forked worker
    inherits it unpickled)."""
    from penalties.io.policies import policy_from_data, policy_to_data

    try:
        data = policy_to_data(policy)
        if policy_from_data(data) == policy:
            return ("data", data)
    except PenaltiesError:
        pass
    return ("object", policy)


def _policy_from(payload: tuple[str, Any]) -> Policy:
    kind, value = payload
    if kind == "data":
        from penalties.io.policies import policy_from_data

        return policy_from_data(value)
    assert isinstance(value, Policy)
    return value


def _workers(processes: object) -> int:
    if processes is None:
        return (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1)
        )
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise InvalidTableError(
            f"processes={processes!r}: give a whole number of processes (1 = this process "
            "only), or None for every core."
        )
    return processes


def evaluate_many(
    policy: Policy | str,
    table: Any,
    *,
    account: str = "account",
    market: str | None = None,
    at: InstantLike | str,
    processes: int | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    errors: Errors = "raise",
) -> Any:
    """The standing of every account of ``table`` (events, one row each; see the module docs)
    under ``policy``, one row per account in order of first appearance; columns as
    :func:`standings_columns` lists. A pandas DataFrame in, a DataFrame out; a pyarrow Table
    (or another Arrow stream) in, a Table out; a polars DataFrame in, a polars DataFrame out.
    ``at`` and ``frozen_until`` are timestamps in the policy's zone, ``status`` an ordered
    categorical.

    ``at`` is one instant for every account (an aware datetime or an ISO string with an
    offset) or the name of a column holding each account's instant (the same on all its rows;
    blank cells are skipped). A row whose event cells are all empty adds no event, so an
    account with no history can still be listed.

    ``errors="raise"`` (the default) raises :class:`InvalidTableError` for the first account,
    in table order, whose rows are malformed or whose history the policy refuses, naming the
    account, the row and the column. ``errors="collect"`` gives such accounts a row with the
    message in an ``error`` column (its other values empty) and goes on.

    Tables of :data:`PROCESS_THRESHOLD` rows or more are evaluated in ``processes`` worker
    processes (None: every core; 1: this process only), ``chunk_size`` accounts at a time;
    the results are the same either way. ``progress(done, total)`` is called with the
    accounts done after each chunk.

    **Many platforms in one table**: ``policy`` may instead name the column that holds each
    row's policy code (``"aliexpress"``, ``"shopee"``, ...) and ``market`` the column holding
    its market (blank: the policy's default). Every row of an account names the same policy and
    market. The result then has ``policy`` and ``market`` columns after the account, a
    ``points_<ledger>`` column for every ledger of every policy present (empty where the
    account's policy has no such ledger), and its instants in UTC when the policies' zones
    differ. An unknown policy code is an error of the account's first row, in the policy
    column.
    """
    if isinstance(policy, str):
        return _evaluate_mixed(
            policy,
            table,
            account=account,
            market=market,
            at=at,
            processes=processes,
            chunk_size=chunk_size,
            progress=progress,
            errors=errors,
        )
    if not isinstance(policy, Policy):
        raise InvalidTableError(
            f"policy must be a Policy (get_policy(...)) or the name of the column naming each "
            f"row's policy, not {policy!r}."
        )
    if market is not None:
        raise InvalidTableError(
            "market= names the market column of a table of many policies; with one Policy, "
            "choose its market in get_policy(code, market=...)."
        )
    workers = _options(errors, processes, chunk_size)
    library, columns, length, native = _read_table(table)
    _check_column(account, columns, "account")
    fixed, at_column = _instant_source(at, account, columns)
    others = (account,) if at_column is None else (account, at_column)
    layout = _layout(columns, length, others, native)
    groups = _groups(columns[account], account, native)
    at_cells = columns[at_column] if at_column is not None else None
    results = _results(
        policy,
        layout,
        groups,
        (fixed, at_cells, at_column),
        workers=workers,
        chunk_size=chunk_size,
        progress=None if progress is None else (lambda done: progress(done, len(groups))),
        errors=errors,
    )
    return _output(library, policy, account, errors, results)


def _options(errors: object, processes: int | None, chunk_size: int | None) -> int:
    """Check evaluate_many's options; the number of worker processes to use."""
    if errors not in ("raise", "collect"):
        raise InvalidTableError(f"errors={errors!r}: use 'raise' or 'collect'.")
    workers = _workers(processes)
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1
    ):
        raise InvalidTableError(f"chunk_size={chunk_size!r}: give a positive number of accounts.")
    return workers


def _instant_source(
    at: InstantLike | str, account: str, columns: Mapping[str, list[Any]]
) -> tuple[str | None, str | None]:
    """(the ISO instant every account is evaluated at, or None; the column holding each
    account's instant, or None)."""
    if isinstance(at, str) and at in columns:
        _check_column(at, columns, "at")
        if at == account:
            raise InvalidTableError(f"at={at!r} is the account column; name the instant column.")
        return None, at
    return to_instant(at, what="at").isoformat(), None


def _results(
    policy: Policy,
    layout: _Layout,
    groups: list[tuple[Any, list[int]]],
    instants: tuple[str | None, list[Any] | None, str | None],
    *,
    workers: int,
    chunk_size: int | None,
    progress: Callable[[int], object] | None,
    errors: Errors,
) -> list[tuple[Row, Problem]]:
    """Each account of ``groups`` evaluated under ``policy`` (in this process or in worker
    processes): its standing row, or the problem with its history."""
    fixed, at_cells, at_column = instants
    length = sum(len(rows) for _, rows in groups)
    use_pool = workers > 1 and length >= PROCESS_THRESHOLD and len(groups) > 1
    size = chunk_size or (
        max(1, min(5_000, math.ceil(len(groups) / (workers * 4)))) if use_pool else 2_000
    )
    chunks = [groups[i : i + size] for i in range(0, len(groups), size)]
    done = 0
    results: list[tuple[Row, Problem]] = []

    def collect(part: list[tuple[Row, Problem]]) -> None:
        nonlocal done
        for row, problem in part:
            if problem is not None and errors == "raise":
                message, number, column = problem
                raise _table_error(message, number, column, row[0])
        results.extend(part)
        done += len(part)
        if progress is not None:
            progress(done)

    if not use_pool:
        for chunk in chunks:
            collect(_evaluate_job(policy, _Job(layout, chunk, fixed, at_cells, at_column, None)))
        return results
    payload = _policy_payload(policy)
    context = None
    if payload[0] == "object":
        if "fork" not in multiprocessing.get_all_start_methods():
            raise InvalidTableError(
                f"policy {policy.code!r} cannot be sent to worker processes (it has no "
                "policy-data form and this platform cannot fork); pass processes=1."
            )
        context = multiprocessing.get_context("fork")
    jobs = (_sub_job(layout, chunk, fixed, at_cells, at_column) for chunk in chunks)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(payload,),
    ) as pool:
        try:
            for part in pool.map(_run_in_worker, jobs):
                collect(part)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _sub_job(
    layout: _Layout,
    chunk: list[tuple[Any, list[int]]],
    fixed: str | None,
    at_cells: list[Any] | None,
    at_column: str | None,
) -> _Job:
    """A job holding only ``chunk``'s rows (what a worker process is sent)."""
    numbers = [i for _, rows in chunk for i in rows]
    tags = layout.tags
    keys = layout.keys
    if layout.arrow is not None:  # its rows as Arrow IPC bytes (compact; cells read there)
        pa = _pyarrow()
        part = layout.arrow.take(pa.array(numbers, pa.int64()))
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, part.schema) as writer:
            writer.write_table(part)
        sub = _Layout(layout.names, [], None, None, sink.getvalue().to_pybytes())
    else:
        sub = _Layout(
            layout.names,
            [[column[i] for i in numbers] for column in layout.columns],
            None if tags is None else [tags[i] for i in numbers],
            None if keys is None else [keys[i] for i in numbers],
        )
    groups: list[tuple[Any, list[int]]] = []
    start = 0
    for key, account_rows in chunk:
        groups.append((key, list(range(start, start + len(account_rows)))))
        start += len(account_rows)
    cells = None if at_cells is None else [at_cells[i] for i in numbers]
    return _Job(sub, groups, fixed, cells, at_column, numbers)


def _output(
    library: Library,
    policy: Policy,
    account: str,
    errors: Errors,
    results: list[tuple[Row, Problem]],
) -> Any:
    spec = standings_columns(policy, account=account, errors=errors)
    width = len(spec) - (1 if errors == "collect" else 0)
    data: list[list[Any]] = [[] for _ in spec]
    for row, problem in results:
        full = list(row) + [None] * (width - len(row))
        if errors == "collect":
            if problem is None:
                full.append(None)
            else:
                message, number, column = problem
                full.append(str(_table_error(message, number, column)))
        for j, value in enumerate(full):
            data[j].append(value)
    return _build(library, spec, data, policy.timezone, errors == "collect")


def _build(
    library: Library,
    spec: Sequence[tuple[str, ColumnKind]],
    data: list[list[Any]],
    zone: str,
    nullable: bool,
) -> Any:
    """The result table of the columns ``spec`` holding ``data`` (one list per column)."""
    if library == "pandas":
        pd = _pandas()
        frame: dict[str, Any] = {}
        for (name, kind), values in zip(spec, data, strict=True):
            if kind == "int":
                frame[name] = pd.array(values, dtype="Int64" if nullable else "int64")
            elif kind == "optional_int":
                frame[name] = pd.array(values, dtype="Int64")
            elif kind == "text":
                frame[name] = pd.array(values, dtype=object)
            elif kind == "instant":
                frame[name] = _pandas_instants(values, zone)
            elif kind == "status":
                frame[name] = _pandas_category(values, _STATUSES, True)
            else:
                frame[name] = values
        return pd.DataFrame(frame, columns=[name for name, _ in spec])
    pa = _pyarrow()
    arrays = {}
    for (name, kind), values in zip(spec, data, strict=True):
        if kind in ("int", "optional_int"):
            arrays[name] = pa.array(values, type=pa.int64())
        elif kind == "text":
            arrays[name] = pa.array(values, type=pa.string())
        elif kind == "instant":
            arrays[name] = _arrow_instants(values, zone)
        elif kind == "status":
            arrays[name] = _arrow_category(values, _STATUSES, True)
        else:
            arrays[name] = pa.array(values)
    return _from_arrow(pa.table(arrays), library)


# -- many policies in one table


def _evaluate_mixed(
    policy_column: str,
    table: Any,
    *,
    account: str,
    market: str | None,
    at: InstantLike | str,
    processes: int | None,
    chunk_size: int | None,
    progress: Progress | None,
    errors: Errors,
) -> Any:
    """:func:`evaluate_many` for a table whose column ``policy_column`` names each row's
    policy (and ``market`` its market)."""
    workers = _options(errors, processes, chunk_size)
    library, columns, length, native = _read_table(table)
    _check_column(account, columns, "account")
    _check_column(policy_column, columns, "policy")
    if market is not None:
        _check_column(market, columns, "market")
    named = [c for c in (account, policy_column, market) if c is not None]
    if len(set(named)) != len(named):
        raise InvalidTableError(
            f"the account, policy and market columns must differ (account={account!r}, "
            f"policy={policy_column!r}, market={market!r})."
        )
    fixed, at_column = _instant_source(at, account, columns)
    if at_column is not None and at_column in (policy_column, market):
        raise InvalidTableError(f"at={at!r} names the policy or market column.")
    others = tuple(c for c in (account, at_column, policy_column, market) if c is not None)
    layout = _layout(columns, length, others, native)
    groups = _groups(columns[account], account, native)
    at_cells = columns[at_column] if at_column is not None else None
    members: dict[tuple[str, str | None], list[tuple[Any, list[int]]]] = {}
    outcome: dict[Any, tuple[Policy | None, Row, Problem]] = {}
    for key, rows in groups:
        try:
            choice = _policy_cells(columns, policy_column, market, rows)
        except _RowProblem as exc:
            outcome[key] = (None, (key,), (exc.message, exc.row, exc.column))
            continue
        members.setdefault(choice, []).append((key, rows))
    total, done = len(groups), len(outcome)
    for (code, chosen), accounts in members.items():
        try:
            resolved = get_policy(code, market=chosen)
        except PenaltiesError as exc:
            bad = market if market is not None and code in list_policies() else policy_column
            for key, rows in accounts:
                outcome[key] = (None, (key,), (f"{type(exc).__name__}: {exc}", rows[0], bad))
            done += len(accounts)
            continue

        def report(n: int, base: int = done) -> None:
            if progress is not None:
                progress(base + n, total)

        part = _results(
            resolved,
            layout,
            accounts,
            (fixed, at_cells, at_column),
            workers=workers,
            chunk_size=chunk_size,
            progress=report,
            errors="collect",  # the first problem in table order is raised below
        )
        done += len(accounts)
        for (key, _), (row, problem) in zip(accounts, part, strict=True):
            outcome[key] = (resolved, row, problem)
    ordered = [(key, *outcome[key]) for key, _ in groups]
    if errors == "raise":
        for key, _, _, problem in ordered:
            if problem is not None:
                message, number, column = problem
                raise _table_error(message, number, column, key)
    return _output_mixed(library, account, errors, ordered)


def _policy_cells(
    columns: Mapping[str, list[Any]], policy_column: str, market: str | None, rows: list[int]
) -> tuple[str, str | None]:
    """(policy code, market) of one account's rows: the same on every row."""
    found: tuple[str, str | None] | None = None
    first = rows[0]
    for i in rows:
        code = columns[policy_column][i]
        if not isinstance(code, str) or not code.strip():
            raise _RowProblem(
                i,
                policy_column,
                f"{code!r} is not a policy code; name the row's policy, e.g. "
                "'aliexpress' (penalties.list_policies() lists them).",
            )
        chosen: str | None = None
        if market is not None:
            cell = columns[market][i]
            if cell is not None and not (isinstance(cell, str) and not cell.strip()):
                if not isinstance(cell, str):
                    raise _RowProblem(i, market, f"{cell!r} is not a market code such as 'PH'.")
                chosen = cell.strip()
        here = (code.strip(), chosen)
        if found is None:
            found, first = here, i
        elif here != found:
            raise _RowProblem(
                i,
                policy_column if here[0] != found[0] else market,
                f"policy {here[0]!r}{_market_text(here[1])} differs from "
                f"{found[0]!r}{_market_text(found[1])} on row {first}; one account follows one "
                "policy.",
            )
    assert found is not None
    return found


def _mixed_spec(
    account: str, points: Mapping[str, ColumnKind], errors: Errors
) -> list[tuple[str, ColumnKind]]:
    """The columns of :func:`evaluate_many`'s many-platform form, given the ``points_<ledger>``
    columns of the policies present (in order of first appearance)."""
    spec: list[tuple[str, ColumnKind]] = [
        (account, "account"),
        ("policy", "text"),
        ("market", "text"),
        *_HEAD,
        *points.items(),
        *_TAIL,
    ]
    if errors == "collect":
        spec.append(("error", "text"))
    return spec


def _market_text(market: str | None) -> str:
    return "" if market is None else f" (market {market!r})"


def _output_mixed(
    library: Library,
    account: str,
    errors: Errors,
    ordered: list[tuple[Any, Policy | None, Row, Problem]],
) -> Any:
    """The result table of many policies: the union of their columns, in order of first
    appearance, with ``policy`` and ``market`` after the account."""
    policies = [p for _, p, _, _ in ordered if p is not None]
    points: dict[str, ColumnKind] = {}
    for p in policies:
        points.update((f"points_{ledger.code}", "int") for ledger in p.ledgers)
    spec = _mixed_spec(account, points, errors)
    names = [n for n, _ in spec]
    data: list[list[Any]] = [[] for _ in names]
    where = {n: j for j, n in enumerate(names)}
    for key, policy, row, problem in ordered:
        values: dict[str, Any] = {account: key}
        if policy is not None:
            values["policy"], values["market"] = policy.code, policy.market
            columns = standings_columns(policy, account=account, errors=errors)
            values.update(zip((n for n, _ in columns[1:]), row[1:], strict=False))
        if errors == "collect" and problem is not None:
            message, number, column = problem
            values["error"] = str(_table_error(message, number, column))
        for n, j in where.items():
            data[j].append(values.get(n))
    zones = {p.timezone for p in policies}
    zone = zones.pop() if len(zones) == 1 else "UTC"
    return _build(library, spec, data, zone, True)


# --------------------------------------------------------------------------- risk summary


_SUMMARY: tuple[str, ...] = (
    "policy",
    "market",
    "status",
    "sanction_kinds",
    "frozen_until",
    "days_to_next_sanction",
    "next_sanction_at",
    "to_next_threshold",
    "next_threshold",
    "error",
    "warnings",
)
"""The columns of a risk summary after the account, where the standings have them."""
_NEEDED = ("status", "days_to_next_sanction", "to_next_threshold")


def _frame_key(frame: Any) -> tuple[object, ...]:
    """What two summaries compare by: the columns and the cells (instants exactly)."""
    pd = _pandas()
    rows = []
    for record in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        rows.append(
            tuple(
                (exact(v.to_pydatetime()), str(v.tz)) if isinstance(v, pd.Timestamp) else v
                for v in record
            )
        )
    return (tuple(frame.columns), tuple(rows))


@attrs.frozen
class RiskSummary:
    """Standings sorted by risk, for a notebook: a pandas DataFrame (:attr:`frame`) and an HTML
    table (``_repr_html_``); build it with :func:`risk_summary`."""

    frame: Any = attrs.field(eq=_frame_key)
    """The sorted rows (a pandas DataFrame): the account, then the columns an analyst reads
    first (see :func:`risk_summary`)."""

    def __len__(self) -> int:
        return len(self.frame)

    def counts(self) -> dict[str, int]:
        """How many accounts have each status (``"error"``: not evaluated), worst first."""
        found: dict[str, int] = {}
        for status in self._statuses():
            found[status] = found.get(status, 0) + 1
        return found

    def _statuses(self) -> list[str]:
        return ["error" if s is None else str(s) for s in _plain(self.frame["status"])]

    def _repr_html_(self) -> str:
        from penalties import _html

        frame = self.frame
        names = list(frame.columns)
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        parts = [
            f"<p><strong>{len(frame)} accounts</strong> by risk: {_html._e(counts)} (times "
            "in each account's policy zone)</p>"
        ]
        head = "".join(f"<th>{_html._e(n.replace('_', ' '))}</th>" for n in names)
        zones = _zones(frame)
        body = []
        values = frame.astype(object).where(frame.notna(), None)
        statuses = self._statuses()
        for i, record in enumerate(values.itertuples(index=False)):
            if i == _html.MAX_ROWS:
                body.append(
                    f'<tr><td colspan="{len(names)}"><em>… {len(frame) - i} more '
                    "accounts</em></td></tr>"
                )
                break
            cells = []
            for name, value in zip(names, record, strict=True):
                css = ' class="penalties-status"' if name == "status" else ""
                text = (
                    "error" if name == "status" and value is None else _cell_text(value, zones[i])
                )
                cells.append(f"<td{css}>{_html._e(text)}</td>")
            body.append(f'<tr class="penalties-risk-{statuses[i]}">' + "".join(cells) + "</tr>")
        parts.append(
            '<table class="penalties-table"><thead><tr>' + head + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>"
        )  # fmt: skip
        return _html._wrap("risk", parts).replace("</style>", _html.RISK_CSS + "</style>", 1)


def _zones(frame: Any) -> list[str | None]:
    """The zone each row's instants are shown in: its policy's (None: as the frame holds them)."""
    if "policy" not in frame.columns:
        return [None] * len(frame)
    markets = _plain(frame["market"]) if "market" in frame.columns else [None] * len(frame)
    found: dict[tuple[Any, Any], str | None] = {}
    out = []
    for code, market in zip(_plain(frame["policy"]), markets, strict=True):
        key = (code, market)
        if key not in found:
            try:
                chosen = None if _blank(market) else market
                found[key] = None if _blank(code) else get_policy(code, market=chosen).timezone
            except PenaltiesError:
                found[key] = None
        out.append(found[key])
    return out


def _cell_text(value: object, zone_name: str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, _pandas().Timestamp):
        stamp: Any = value
        if stamp.tz is None:
            return str(stamp.strftime("%Y-%m-%d %H:%M"))
        if zone_name is not None:
            stamp = stamp.tz_convert(zone_name)
        return str(stamp.isoformat(timespec="minutes")).replace("T", " ")
    return str(value)


def risk_summary(standings: Any, *, account: str | None = None) -> RiskSummary:
    """The rows of ``standings`` (what :func:`evaluate_many` gives, for one policy or many;
    pandas, pyarrow or polars) sorted by risk: accounts that could not be evaluated (an
    ``error``) first, then by status (worst first), then by days to the next sanction their
    own events already bring (fewest first, none last), then by the points or strikes to go
    before a ledger's next threshold (fewest first, none last); ties keep the table's order.

    The summary keeps the account (``account``: its column, by default the first), ``policy``
    and ``market`` where present, ``status``, ``sanction_kinds``, ``frozen_until``,
    ``days_to_next_sanction``, ``next_sanction_at``, ``to_next_threshold``, ``next_threshold``,
    and ``error`` and ``warnings`` when some row has one. A table without the columns of
    ``evaluate_many`` raises :class:`InvalidTableError` naming the missing column.
    """
    library = _library_of(standings)
    if library == "pandas":
        frame = standings
    else:
        frame = _as_arrow(standings, library).to_pandas(types_mapper=_nullable_types())
    names = [str(n) for n in frame.columns]
    key = names[0] if account is None and names else account
    if key is None or key not in names:
        raise InvalidTableError(
            f"account={key!r}: the standings have no such column; give the account column "
            "(evaluate_many puts it first)."
        )
    for needed in _NEEDED:
        if needed not in names:
            raise InvalidTableError(
                f"the standings have no column {needed!r}: give what evaluate_many returns "
                "(evaluated with this version of penalties).",
                column=needed,
            )
    rank = {status: i for i, status in enumerate(reversed(_STATUSES))}
    statuses = _plain(frame["status"])
    order_of_status = []
    for i, status in enumerate(statuses):
        if _blank(status):
            order_of_status.append(-1)  # not evaluated: first, to be looked at
        elif str(status) in rank:
            order_of_status.append(rank[str(status)])
        else:
            raise _table_error(
                f"{status!r} is not a status; statuses are {', '.join(_STATUSES)}.", i, "status"
            )
    days = _plain(frame["days_to_next_sanction"])
    to_go = _plain(frame["to_next_threshold"])

    def last_if_blank(value: object) -> tuple[int, int]:
        return (1, 0) if _blank(value) else (0, int(value))  # type: ignore[call-overload]

    positions = sorted(
        range(len(frame)),
        key=lambda i: (order_of_status[i], last_if_blank(days[i]), last_if_blank(to_go[i]), i),
    )
    keep = [key] + [
        c
        for c in _SUMMARY
        if c in names and c != key and (c not in ("error", "warnings") or frame[c].notna().any())
    ]
    return RiskSummary(frame.iloc[positions][keep].reset_index(drop=True))


def _plain(series: Any) -> list[Any]:
    """A pandas column's cells as plain values, every kind of missing as None."""
    return list(series.astype(object).where(series.notna(), None).tolist())


def _nullable_types() -> Any:
    """Arrow → pandas with nullable integers (an empty ``days_to_next_sanction`` stays NA)."""
    pd = _pandas()
    pa = _pyarrow()
    return {pa.int64(): pd.Int64Dtype()}.get
