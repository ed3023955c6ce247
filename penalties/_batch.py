"""The per-account loop of the column entry (:func:`penalties.frames.evaluate_many`), compiled.

For each account of a table: :func:`penalties._columns.vouch_columns` checks its cells, the
compiled :func:`penalties.engine.replay_rows` replays them, and :func:`_cells` reads the
standing's cells; an account the entry cannot vouch for takes the object path (``slow``, given
by :mod:`penalties.frames`), which also says what is wrong with a row. The table reading,
grouping and the result table stay in :mod:`penalties.frames` (pyarrow does them there).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pendulum import DateTime

from penalties._columns import vouch_columns
from penalties._time import exact
from penalties.engine import replay_rows
from penalties.errors import PenaltiesError, PenaltiesWarning
from penalties.events import Event
from penalties.policy import Policy
from penalties.results import Timeline

__all__ = ["RowProblem", "evaluate", "split"]

Row = tuple[Any, ...]
Problem = tuple[str, int | None, str | None] | None


class RowProblem(Exception):
    """A malformed table row of one account: its position, its column and what is wrong."""

    def __init__(self, row: int | None, column: str | None, message: str) -> None:
        super().__init__(row, column, message)
        self.row = row
        self.column = column
        self.message = message


def _cells(timeline: Timeline, at: DateTime) -> tuple[Any, ...]:
    """The standing cells of ``timeline`` at ``at``: a row of
    :func:`penalties.frames.evaluate_many` without the account and the warnings, read from the
    timeline's integers (``Timeline._row_cells``; no ``Standing`` is built)."""
    return timeline._row_cells(exact(at))


def split(keys: list[Any], order: list[int], ends: list[int]) -> list[tuple[Any, list[int]]]:
    """The accounts ``keys`` with their rows: ``order[ends[i - 1]:ends[i]]`` for ``keys[i]``."""
    groups: list[tuple[Any, list[int]]] = []
    start = 0
    for i in range(len(keys)):
        end = ends[i]
        groups.append((keys[i], order[start:end]))
        start = end
    return groups


def evaluate(
    policy: Policy,
    names: tuple[str, ...],
    columns: list[list[Any]],
    tags: list[Any] | None,
    keys: list[int | None] | None,
    groups: list[tuple[Any, list[int]]],
    fixed: DateTime | None,
    account_at: Callable[[list[int]], DateTime],
    slow: Callable[[list[int]], Timeline],
    events: Callable[[list[int], list[int]], tuple[Event, ...]],
    log: list[Any],
    fast: bool,
    numbers: list[int] | None,
) -> list[tuple[Row, Problem]]:
    """Each account of ``groups`` (its key and its rows) evaluated under ``policy``: its
    standing row, or the problem with its history (the row renumbered by ``numbers``).

    ``columns`` are the event cells (``names``), ``tags`` the ``type`` column, ``keys`` the
    proved exact instants of the ``at`` cells; ``fixed`` is the instant of every account, else
    ``account_at(rows)`` gives it. ``slow(rows)`` is the object path's timeline and
    ``events(positions, order)`` builds a vouched account's events when they are read.
    ``log`` receives the warnings (``warnings.catch_warnings(record=True)``); those raised
    while an account is evaluated become its ``warnings`` cell. ``fast=False`` sends every
    account down the object path (the tests compare both)."""
    out: list[tuple[Row, Problem]] = []
    for key, rows in groups:
        seen = len(log)
        try:
            vouched = vouch_columns(names, columns, tags, rows, keys) if fast else None
            timeline: Timeline | None = None
            if vouched is None:  # the object path: it also says what is wrong with a row
                timeline = slow(rows)
            at = fixed if fixed is not None else account_at(rows)
            if vouched is not None:
                made, positions = vouched
                timeline = replay_rows(policy, made, functools.partial(events, positions))
            assert timeline is not None
            cells = _cells(timeline, at)
        except RowProblem as problem:  # (two names: mypyc gives each its own type)
            row = problem.row
            number = row if numbers is None or row is None else numbers[row]
            out.append(((key,), (problem.message, number, problem.column)))
            continue
        except PenaltiesError as error:
            out.append(((key,), (f"{type(error).__name__}: {error}", None, None)))
            continue
        notes = [str(w.message) for w in log[seen:] if issubclass(w.category, PenaltiesWarning)]
        out.append(((key, *cells, "\n".join(notes) if notes else None), None))
    return out
