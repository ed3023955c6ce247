"""The column entry: table cells straight to the engine's rows, without a ``Violation`` per row.

:func:`penalties.frames.evaluate_many` (and so :mod:`penalties.spark`) spends a fifth of its time
building a :class:`~penalties.events.Violation` for every row only to read five fields back. For
an account whose rows are all plain violations in the forms a typed table gives (text ids and
kinds, whole-number points, ISO instants with an offset or aware datetimes), :func:`vouch`
checks each cell exactly as ``Violation`` and the table reader would, and hands the engine
:data:`~penalties.engine.ViolationRow` tuples instead (:func:`penalties.engine.replay_rows`).

It only ever *vouches*: any cell it cannot prove valid in the same way, a duplicate id, a
``type`` other than ``violation``, a field beyond the five, sends the whole account down the
object path, which gives the error (the same message, naming the row and the column). So both
paths accept the same tables and give the same timelines; ``tests/test_columns.py`` checks it
against the object path on generated tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from pendulum import DateTime

from penalties._time import exact
from penalties.engine import ViolationRow
from penalties.events import MAX_POINTS

__all__ = ["blank", "vouch", "vouch_columns"]

FIELDS: Final = ("id", "kind", "at", "severity", "points")
"""The violation fields the entry handles; a non-empty cell in any other column sends the
account to the object path."""

_ISO: Final = re.compile(
    r"[0-9]{4}-[01][0-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
"""The ISO-8601 instants taken here: a date, a time to the microsecond at most, and an offset
in whole minutes or ``Z``. Every other spelling goes through the object path's parser."""

_fromiso: Final = dt.datetime.fromisoformat


def _text(cell: object) -> str | None:
    """``cell`` as a non-blank printable ASCII text field, or None if it is not one."""
    if type(cell) is str and cell.isascii() and cell.isprintable() and cell.strip():
        return cell
    return None


def _key(cell: object) -> int | None:
    """The exact instant of an ``at`` cell, or None when the object path must read it."""
    if type(cell) is str:
        if not _ISO.fullmatch(cell):
            return None
        try:
            parsed = _fromiso(cell)
        except ValueError:  # e.g. 2023-02-30: the object path says what is wrong
            return None
    elif type(cell) is dt.datetime or type(cell) is DateTime:
        parsed = cell
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            return None
    else:
        return None
    # The table reader checks instants outside 1901-2198 further (see io.files._instant_cell):
    # those take the object path.
    if not 1900 < parsed.year < 2199:
        return None
    return exact(parsed)


def _points(cell: object) -> tuple[bool, int | None]:
    """(valid, points) for a ``points`` cell: blank is None; a whole number in range."""
    if cell is None:
        return True, None
    if type(cell) is int:
        value = cell
    elif type(cell) is float and cell.is_integer():  # an int column with gaps (pandas)
        value = int(cell)
    else:
        return False, None
    return 0 <= value <= MAX_POINTS, value


def blank(cell: object) -> bool:
    """Whether a table cell is empty (None, or text of blanks): "not given"."""
    return cell is None or (type(cell) is str and not cell.strip())


def _row_blank(columns: list[list[Any]], r: int) -> bool:
    """Whether every event cell of table row ``r`` is empty."""
    return all(blank(column[r]) for column in columns)


def vouch(
    names: Sequence[str],
    cells: Sequence[tuple[Any, ...]],
    tags: Sequence[Any] | None,
    rows: Sequence[int],
) -> tuple[list[ViolationRow], list[int]] | None:
    """The engine rows of the table rows ``rows`` (one account) and the table row of each, or
    None when the account must take the object path. ``names`` are the event columns,
    ``cells`` the table's event cells row by row, ``tags`` its ``type`` column (None: none)."""
    columns = [[row[i] for row in cells] for i in range(len(names))]
    return vouch_columns(names, columns, None if tags is None else list(tags), list(rows), None)


def vouch_columns(
    names: Sequence[str],
    columns: list[list[Any]],
    tags: list[Any] | None,
    rows: list[int],
    keys: list[int | None] | None,
) -> tuple[list[ViolationRow], list[int]] | None:
    """:func:`vouch` over the event cells column by column (``columns[j]`` is the column
    ``names[j]``). ``keys``, when given, holds the exact instant of each ``at`` cell that was
    proved equal to :func:`_key`'s for it (None: read the cell here)."""
    where = {name: i for i, name in enumerate(names)}
    if "id" not in where or "kind" not in where or "at" not in where:
        return None
    extra = [columns[i] for name, i in where.items() if name not in FIELDS]
    c_id, c_kind, c_at = columns[where["id"]], columns[where["kind"]], columns[where["at"]]
    i_sev, i_pts = where.get("severity"), where.get("points")
    c_sev = None if i_sev is None else columns[i_sev]
    c_pts = None if i_pts is None else columns[i_pts]
    out: list[ViolationRow] = []
    positions: list[int] = []
    seen: set[str] = set()
    for r in rows:
        if tags is not None:
            tag = tags[r]
            if not (type(tag) is str and tag.strip() == "violation"):
                if blank(tag) and _row_blank(columns, r):
                    continue
                return None
        for column in extra:
            if not blank(column[r]):
                return None
        vid, kind = _text(c_id[r]), _text(c_kind[r])
        key = None if keys is None else keys[r]
        if key is None:
            key = _key(c_at[r])
        if vid is None or kind is None or key is None:
            if tags is None and _row_blank(columns, r):
                continue  # an account listed without events
            return None
        severity: str | None = None
        if c_sev is not None and not blank(c_sev[r]):
            severity = _text(c_sev[r])
            if severity is None:
                return None
        points: int | None = None
        if c_pts is not None and not blank(c_pts[r]):
            ok, points = _points(c_pts[r])
            if not ok:
                return None
        if vid in seen:
            return None
        seen.add(vid)
        out.append((key, vid, kind, severity, points))
        positions.append(r)
    return out, positions
