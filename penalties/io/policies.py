"""Policies as data: a TOML or JSON description of a platform's rules, loaded with full
validation and never executed.

The format mirrors the classes of :mod:`penalties.rules` (ledgers, validity, counting rules,
thresholds, sanctions, stacking, kinds with severities and dated point versions) with the same
field names, so a policy file reads like the Python it stands for. Every problem is reported as an
:class:`~penalties.errors.InvalidPolicyFileError` (a
:class:`~penalties.errors.PolicyDefinitionError`) whose message starts with the file and the key
path, e.g. ``custom.toml: ledgers[1].thresholds[0].points: must be a whole number >= 1, got -3``.

A file may ``extends`` another file or a registered policy; see ``docs/howto/policy-files.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

from penalties._time import to_timezone
from penalties.errors import InvalidPolicyFileError, PenaltiesError, close_matches
from penalties.io._parse import MAX_DAYS, decode, instant_problem, parse_json, parse_toml, show
from penalties.policy import Policy, get_policy
from penalties.rules import (
    Assumption,
    CalendarReset,
    CarryOver,
    CountingRule,
    DailyCap,
    DatedResetCalendar,
    ExpiresAfter,
    Ledger,
    MergeWindow,
    Never,
    QuarterlyReset,
    ResetCalendar,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Stacking,
    StackingMode,
    Threshold,
    Unit,
    Validity,
    ViolationKind,
    YearlyReset,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "load_policy",
    "policy_from_data",
    "policy_to_data",
]

FORMAT = "penalties.policy"
"""The ``format`` of a policy document."""
VERSION = 1
"""The version of the policy format this library reads and writes."""

PolicyFormat = Literal["toml", "json"]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_MISSING: Any = object()
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEYED = ("ledgers", "kinds", "assumptions")
"""Arrays of tables that ``extends`` merges by their ``code``."""


# --------------------------------------------------------------------------- reading tables


class _Table:
    """One table of policy data at a key path, read through typed getters that raise
    :class:`InvalidPolicyFileError` naming the path; :meth:`finish` refuses unknown keys."""

    __slots__ = ("_seen", "data", "path", "source")

    def __init__(self, data: Mapping[str, Any], path: str, source: str | None) -> None:
        self.data = data
        self.path = path
        self.source = source
        self._seen: set[str] = set()

    def key(self, name: str | None) -> str:
        if name is None:
            return self.path
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str | None, message: str) -> NoReturn:
        raise _error(self.source, self.key(name), message)

    def missing(self, name: str, hint: str) -> NoReturn:
        """Report ``name`` as missing, pointing at a key that looks like a typo of it."""
        typos = [k for k in self.data if isinstance(k, str) and k not in self._seen]
        near = close_matches(name, typos, n=1)
        found = f" (the table has {near.split()[-1].rstrip('?')}: a typo?)" if near else ""
        self.fail(name, f"missing{found}; {hint}.")

    def raw(self, name: str) -> Any:
        """The value under ``name`` (``null`` counts as absent), or ``_MISSING``."""
        self._seen.add(name)
        value = self.data.get(name, _MISSING)
        return _MISSING if value is None else value

    def required(self, name: str, hint: str) -> Any:
        value = self.raw(name)
        if value is _MISSING:
            self.missing(name, hint)
        return value

    def text(self, name: str, default: Any = _MISSING, *, hint: str = "") -> str:
        value = self.raw(name)
        if value is _MISSING:
            if default is _MISSING:
                self.missing(name, hint or "give a text value")
            assert isinstance(default, str)
            return default
        if not isinstance(value, str):
            self.fail(name, f"must be a string, got {show(value)}.")
        return value

    def opt_text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"must be a non-empty string, got {show(value)}.")
        return value

    def code(self, name: str = "code", *, identifier: bool = False) -> str:
        value = self.text(name, hint="give a short code such as 'trade'")
        if identifier and not value.isidentifier():
            self.fail(
                name,
                f"must be an identifier (letters, digits and '_', not starting with a digit), "
                f"got {show(value)}.",
            )
        if not value.strip():
            self.fail(name, "must not be blank.")
        return value

    def integer(
        self,
        name: str,
        *,
        minimum: int,
        maximum: int | None = None,
        default: Any = _MISSING,
        hint: str = "",
    ) -> int:
        value = self.raw(name)
        if value is _MISSING:
            if default is _MISSING:
                self.missing(name, hint or f"give a whole number >= {minimum}")
            assert isinstance(default, int)
            return default
        return _whole(self, name, value, minimum, maximum)

    def opt_integer(self, name: str, *, minimum: int, maximum: int | None = None) -> int | None:
        value = self.raw(name)
        return None if value is _MISSING else _whole(self, name, value, minimum, maximum)

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.fail(name, f"must be true or false, got {show(value)}.")
        return value

    def opt_date(self, name: str) -> dt.date | None:
        value = self.raw(name)
        return None if value is _MISSING else _date(self, name, value)

    def opt_decimal(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.fail(name, f'must be an amount such as "12.50", got {show(value)}.')
        try:
            amount = Decimal(value)
        except (InvalidOperation, ValueError):
            self.fail(name, f'must be an amount such as "12.50", got {show(value)}.')
        if not amount.is_finite() or amount < 0:
            self.fail(name, f"must be a finite amount >= 0, got {show(value)}.")
        return amount

    def choice(self, name: str, enum: type[E], default: Any = _MISSING) -> E:
        value = self.raw(name)
        if value is _MISSING:
            if default is _MISSING:
                self.missing(name, f"give one of {_choices(enum)}")
            assert isinstance(default, enum)
            return default
        return _member(self, name, value, enum)

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if value is _MISSING:
            return ()
        if not isinstance(value, list):
            self.fail(name, f"must be an array of strings, got {show(value)}.")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{name}[{i}]", f"must be a non-empty string, got {show(item)}.")
        return tuple(value)

    def opt_codes(self, name: str) -> frozenset[str] | None:
        value = self.raw(name)
        if value is _MISSING:
            return None
        codes = self.texts(name)
        if not codes:
            self.fail(name, "is empty; leave it out to match everything.")
        return frozenset(codes)

    def table(self, name: str, *, required: str = "") -> _Table | None:
        value = self.raw(name)
        if value is _MISSING:
            if required:
                self.missing(name, required)
            return None
        if not isinstance(value, dict):
            self.fail(name, f"must be a table, got {show(value)}.")
        return _Table(value, self.key(name), self.source)

    def tables(self, name: str) -> list[_Table]:
        value = self.raw(name)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.fail(name, f"must be an array of tables, got {show(value)}.")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{name}[{i}]", f"must be a table, got {show(item)}.")
            out.append(_Table(item, self.key(f"{name}[{i}]"), self.source))
        return out

    def finish(self, known: Iterable[str] = ()) -> None:
        """Refuse any key no getter read (and not in ``known``)."""
        allowed = self._seen | set(known)
        for name in self.data:
            if name not in allowed:
                hint = close_matches(str(name), sorted(allowed)) or (
                    f" Known keys here: {', '.join(sorted(allowed))}." if allowed else ""
                )
                self.fail(str(name), "unknown key." + hint)

    def build(self, name: str | None, make: Callable[[], T]) -> T:
        """``make()``, with a rule's own :class:`PolicyDefinitionError` put at this path."""
        try:
            return make()
        except InvalidPolicyFileError:
            raise
        except PenaltiesError as exc:
            self.fail(name, str(exc))


def _error(source: str | None, key: str, message: str) -> InvalidPolicyFileError:
    where = ": ".join(p for p in (source, key or None) if p)
    return InvalidPolicyFileError(f"{where}: {message}" if where else message, source, key)


def _whole(t: _Table, name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        t.fail(name, f"must be a whole number >= {minimum}, got {show(value)}.")
    if value < minimum:
        t.fail(name, f"must be >= {minimum}, got {show(value)}.")
    if maximum is not None and value > maximum:
        t.fail(name, f"must be at most {maximum}, got {show(value)}.")
    return value


def _date(t: _Table, name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
        t.fail(name, f"must be a calendar date such as 2017-11-22, got {show(value)}.")
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            t.fail(name, f"must be a calendar date such as 2017-11-22, got {show(value)}.")
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            t.fail(name, f"{show(value)} is not a day of the calendar.")
    problem = instant_problem(value)
    if problem:
        t.fail(name, problem + ".")
    return value


def _choices(enum: type[Enum]) -> str:
    return ", ".join(repr(m.value) for m in enum)


def _member(t: _Table, name: str, value: object, enum: type[E]) -> E:
    for member in enum:
        if member.value == value and isinstance(value, str):
            return member
    hint = close_matches(value, [m.value for m in enum]) if isinstance(value, str) else ""
    t.fail(name, f"{show(value)} is not one of {_choices(enum)}.{hint}")
    raise AssertionError  # pragma: no cover - fail() raises


def _tag(t: _Table, choices: tuple[str, ...], what: str) -> str:
    value = t.required("type", f"give the {what} type, one of {', '.join(map(repr, choices))}")
    if value not in choices:
        hint = close_matches(value, choices) if isinstance(value, str) else ""
        t.fail(
            "type",
            f"{show(value)} is not a {what} type; use one of "
            f"{', '.join(map(repr, choices))}.{hint}",
        )
    assert isinstance(value, str)
    return value


# --------------------------------------------------------------------------- data -> Policy


def _schedule(
    t: _Table, name: str, value_of: Callable[[_Table, str, object], T], *, what: str
) -> Schedule[T] | None:
    """A value, or an array of ``{effective_from = <date>, value = ...}`` rule versions."""
    raw = t.raw(name)
    if raw is _MISSING:
        return None
    if not isinstance(raw, list):
        return Schedule.fixed(value_of(t, name, raw))
    if not raw:
        t.fail(
            name,
            f"is an empty array; give {what}, or rule versions "
            "[{value = ...}, {effective_from = 2020-01-01, value = ...}].",
        )
    entries: list[tuple[dt.date | None, T]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            t.fail(
                f"{name}[{i}]",
                f"must be a table {{effective_from = <date>, value = ...}}, got {show(item)}.",
            )
        entry = _Table(item, t.key(f"{name}[{i}]"), t.source)
        since = entry.opt_date("effective_from")
        value = value_of(entry, "value", entry.required("value", f"give {what}"))
        entry.finish()
        entries.append((since, value))
    return t.build(name, lambda: Schedule(tuple(entries)))


def _points_value(t: _Table, name: str, value: object) -> int:
    return _whole(t, name, value, 0)


def _days_value(t: _Table, name: str, value: object) -> int:
    return _whole(t, name, value, 1, MAX_DAYS)


def _sanctions(t: _Table, name: str, *, required: bool) -> tuple[SanctionSpec, ...]:
    tables = t.tables(name)
    if required and not tables:
        t.fail(
            name,
            "missing or empty; give at least one sanction, e.g. "
            'sanctions = [{kind = "freeze", days = 7}].',
        )
    return tuple(_sanction(s) for s in tables)


def _sanction(t: _Table) -> SanctionSpec:
    kind = t.choice("kind", SanctionKind)
    days = t.opt_integer("days", minimum=1, maximum=MAX_DAYS)
    reason = t.text("reason", "")
    amount = t.opt_decimal("amount")
    currency = t.opt_text("currency")
    held = t.flag("while_reached", False)
    appealable = t.opt_integer("appealable_after_days", minimum=0, maximum=MAX_DAYS)
    since = t.opt_date("effective_from")
    until = t.opt_date("effective_until")
    t.finish()
    return t.build(
        None,
        lambda: SanctionSpec(kind, days, reason, amount, currency, held, appealable, since, until),
    )


def _threshold(t: _Table) -> Threshold:
    points = t.integer("points", minimum=1, hint="give the level, e.g. points = 12")
    sanctions = _sanctions(t, "sanctions", required=True)
    every = t.flag("every", False)
    label = t.text("label", "")
    since = t.opt_date("effective_from")
    until = t.opt_date("effective_until")
    scale_days = t.flag("scale_days", False)
    parallel = t.flag("parallel", False)
    t.finish()
    return t.build(
        None, lambda: Threshold(points, sanctions, every, label, since, until, scale_days, parallel)
    )


def _calendar(t: _Table) -> ResetCalendar:
    kind = _tag(t, ("yearly", "quarterly", "dated"), "reset calendar")
    calendar: ResetCalendar
    if kind == "yearly":
        month = t.integer("month", minimum=1, maximum=12, default=1)
        day = t.integer("day", minimum=1, maximum=31, default=1)
        calendar = t.build(None, lambda: YearlyReset(month, day))
    elif kind == "quarterly":
        weekday = _weekday(t)
        which = t.text("which", "first")
        if which not in ("first", "last"):
            t.fail("which", f'must be "first" or "last", got {show(which)}.')
        calendar = t.build(None, lambda: QuarterlyReset(weekday, which))  # type: ignore[arg-type]
    else:
        versions = _schedule(t, "versions", _calendar_value, what="a reset calendar table")
        if versions is None:
            t.fail(
                "versions",
                "missing; give the calendar's versions, e.g. versions = "
                '[{value = {type = "yearly"}}, {effective_from = 2025-01-01, value = ...}].',
            )
        calendar = DatedResetCalendar(versions)
    t.finish(("type",))
    return calendar


def _calendar_value(t: _Table, name: str, value: object) -> ResetCalendar:
    if not isinstance(value, dict):
        t.fail(
            name, f'must be a reset calendar table such as {{type = "yearly"}}, got {show(value)}.'
        )
    return _calendar(_Table(value, t.key(name), t.source))


def _weekday(t: _Table) -> int:
    value = t.raw("weekday")
    if value is _MISSING:
        return 0
    if isinstance(value, str) and value.lower() in _WEEKDAYS:
        return _WEEKDAYS.index(value.lower())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    t.fail(
        "weekday", f'must be a day name such as "monday" (or 0-6 from Monday), got {show(value)}.'
    )
    raise AssertionError  # pragma: no cover - fail() raises


def _carry_over(t: _Table) -> CarryOver:
    low = t.integer("min_points", minimum=0, hint="give the lowest balance kept, e.g. 12")
    high = t.opt_integer("max_points", minimum=0)
    keep = t.opt_integer("keep", minimum=0)
    basis = t.text("basis", "balance")
    if basis not in ("balance", "added"):
        t.fail("basis", f'must be "balance" or "added", got {show(basis)}.')
    t.finish()
    return t.build(None, lambda: CarryOver(low, high, keep, basis))  # type: ignore[arg-type]


def _validity(t: _Table) -> Validity:
    kind = _tag(t, ("expires_after", "calendar_reset", "never"), "validity")
    validity: Validity
    if kind == "never":
        validity = Never()
    elif kind == "expires_after":
        days = _schedule(t, "days", _days_value, what="a number of days")
        if days is None:
            t.fail(
                "days",
                "missing; give the days each violation's points stay valid, e.g. days = 365.",
            )
        stops = t.opt_integer("stops_at", minimum=1, maximum=1_000_000)
        validity = t.build(None, lambda: ExpiresAfter(days, stops))
    else:
        table = t.table(
            "calendar",
            required="give the reset calendar, e.g. "
            'calendar = {type = "yearly", month = 1, day = 1}',
        )
        assert table is not None
        calendar = _calendar(table)
        carry = tuple(_carry_over(c) for c in t.tables("carry_over"))
        since = t.opt_date("carry_over_since")
        validity = CalendarReset(calendar, carry, since)
    t.finish(("type",))
    return validity


def _counting(t: _Table) -> CountingRule:
    kind = _tag(t, ("daily_cap", "merge_window"), "counting rule")
    rule: CountingRule
    if kind == "daily_cap":
        limit = t.integer("limit", minimum=1, hint="give the points counted a day, e.g. 6")
        kinds, severities = t.opt_codes("kinds"), t.opt_codes("severities")
        rule = t.build(None, lambda: DailyCap(limit, kinds, severities))
    else:
        days = t.integer(
            "days", minimum=1, maximum=MAX_DAYS, hint="give the window in days, e.g. 3"
        )
        kinds, severities = t.opt_codes("kinds"), t.opt_codes("severities")
        rule = t.build(None, lambda: MergeWindow(days, kinds, severities))
    t.finish(("type",))
    return rule


def _stacking(t: _Table) -> Stacking:
    mode = t.choice("mode", StackingMode, StackingMode.PARALLEL)
    raw = t.raw("kinds")
    kinds: frozenset[SanctionKind] | None = None
    if raw is not _MISSING:
        if not isinstance(raw, list) or not raw:
            t.fail("kinds", f"must be a non-empty array of sanction kinds, got {show(raw)}.")
        kinds = frozenset(_member(t, f"kinds[{i}]", v, SanctionKind) for i, v in enumerate(raw))
    t.finish()
    return Stacking(mode, kinds)


def _ledger(t: _Table) -> Ledger:
    code = t.code(identifier=True)
    title = t.text("title", hint='give the ledger\'s name, e.g. title = "Trade violations"')
    title_zh = t.text("title_zh", "")
    unit = t.choice("unit", Unit, Unit.POINTS)
    validity_table = t.table("validity")
    validity = _validity(validity_table) if validity_table is not None else Never()
    counting = tuple(_counting(c) for c in t.tables("counting"))
    thresholds = tuple(_threshold(x) for x in t.tables("thresholds"))
    stacking_table = t.table("stacking")
    stacking = _stacking(stacking_table) if stacking_table is not None else Stacking()
    lifts = t.flag("appeal_lifts_sanctions", True)
    score_base = t.opt_integer("score_base", minimum=1, maximum=1_000_000)
    lifts_closure = t.flag("appeal_lifts_closure", False)
    t.finish()
    return t.build(
        None,
        lambda: Ledger(
            code,
            title,
            title_zh,
            unit,
            validity,
            counting,
            thresholds,
            stacking,
            lifts,
            score_base,
            lifts_closure,
        ),
    )


def _ledger_ref(t: _Table, name: str, ledgers: Mapping[str, Ledger], *, required: bool) -> str:
    value = t.text(name) if required else t.opt_text(name)
    if value is None:
        return ""
    if value not in ledgers:
        t.fail(
            name,
            f"unknown ledger {show(value)}; the ledgers are "
            f"{', '.join(ledgers)}.{close_matches(value, ledgers)}",
        )
    return value


def _severity(t: _Table, ledgers: Mapping[str, Ledger]) -> Severity:
    code = t.code()
    points = _schedule(t, "points", _points_value, what="a number of points")
    ledger = _ledger_ref(t, "ledger", ledgers, required=False) or None
    sanctions = _sanctions(t, "sanctions", required=False)
    title = t.text("title", "")
    t.finish()
    return t.build(None, lambda: Severity(code, points, ledger, sanctions, title))


def _kind(t: _Table, ledgers: Mapping[str, Ledger]) -> ViolationKind:
    code = t.code()
    if code in ledgers:
        t.fail(
            "code",
            f"{show(code)} is a ledger code, which is already a (generic) kind of "
            "that ledger; give this kind another code.",
        )
    title = t.text("title", hint="give the kind's name from the platform's rulebook")
    ledger = _ledger_ref(t, "ledger", ledgers, required=True)
    title_zh = t.text("title_zh", "")
    points = _schedule(t, "points", _points_value, what="a number of points")
    severities = tuple(_severity(s, ledgers) for s in t.tables("severities"))
    seen: set[str] = set()
    for i, s in enumerate(severities):
        if s.code in seen:
            t.fail(f"severities[{i}].code", f"repeats the severity {show(s.code)}.")
        seen.add(s.code)
    default = t.opt_text("default_severity")
    if default is not None and default not in seen:
        t.fail(
            "default_severity",
            f"{show(default)} is not one of this kind's severities "
            f"({', '.join(map(repr, seen)) or 'none'}).{close_matches(default, seen)}",
        )
    if severities and points is not None:
        t.fail(
            "points",
            "a kind with severities gives points per severity; move points into "
            "each [[kinds.severities]] table.",
        )
    sanctions = _sanctions(t, "sanctions", required=False)
    window = _schedule(t, "appeal_window_days", _days_value, what="a number of days")
    source = t.text("source", "")
    generic = t.flag("generic", False)
    max_appeals = t.opt_integer("max_appeals", minimum=1, maximum=1_000)
    t.finish()
    return t.build(
        None,
        lambda: ViolationKind(
            code,
            title,
            ledger,
            title_zh,
            points,
            severities,
            default,
            sanctions,
            window,
            source,
            generic,
            max_appeals,
        ),
    )


def _assumption(t: _Table) -> Assumption:
    code = t.code()
    text = t.text("text", hint="say what the policy assumes where its sources are silent")
    option = t.opt_text("option")
    first_seen = t.opt_date("first_seen")
    t.finish()
    return Assumption(code, text, option, first_seen)


def _check_counting(
    t: _Table, ledgers: tuple[Ledger, ...], kinds: tuple[ViolationKind, ...]
) -> None:
    """Counting rules name kinds and severities that exist (a typo would match nothing)."""
    kind_codes = [k.code for k in kinds] + [lg.code for lg in ledgers]
    severity_codes = sorted({s.code for k in kinds for s in k.severities})
    for i, ledger in enumerate(ledgers):
        for j, rule in enumerate(ledger.counting):
            at = f"ledgers[{i}].counting[{j}]"
            for field, known, codes in (
                ("kinds", kind_codes, rule.kinds),
                ("severities", severity_codes, rule.severities),
            ):
                for code in sorted(codes or ()):
                    if code not in known:
                        what = "kind" if field == "kinds" else "severity"
                        t.fail(
                            f"{at}.{field}",
                            f"unknown {what} {show(code)}; a typo here would match nothing."
                            + close_matches(code, known),
                        )


def _check_envelope(t: _Table) -> None:
    fmt = t.raw("format")
    if fmt is not _MISSING and fmt != FORMAT:
        t.fail(
            "format",
            f"{show(fmt)} is not a policy; a policy file has format = "
            f'"{FORMAT}" (or no format key).',
        )
    version = t.required(
        "version", f"write version = {VERSION} (the version of the policy file format) at the top"
    )
    if isinstance(version, bool) or version != VERSION:
        t.fail(
            "version",
            f"{show(version)} is not a policy format version this library reads; "
            f"it reads version = {VERSION}.",
        )


def policy_from_data(data: Mapping[str, Any], *, source: str | None = None) -> Policy:
    """Build a :class:`Policy` from policy data (the parsed TOML or JSON, ``extends`` already
    resolved); ``source`` names the file in error messages."""
    if not isinstance(data, Mapping):
        raise _error(source, "", f"a policy must be a table (a JSON object), got {show(data)}.")
    t = _Table(data, "", source)
    _check_envelope(t)
    if t.raw("extends") is not _MISSING:
        t.fail("extends", "is only resolved when loading a file or text with load_policy().")
    code = t.code(identifier=True)
    name = t.text("name", hint='give the policy\'s name, e.g. name = "My marketplace"')
    timezone = t.text(
        "timezone", hint='give the IANA zone days are counted in, e.g. timezone = "Asia/Shanghai"'
    )
    t.build("timezone", lambda: to_timezone(timezone))
    market = t.opt_text("market")
    rules_version = t.text("rules_version", "")
    references = t.texts("references")
    assumptions = tuple(_assumption(a) for a in t.tables("assumptions"))
    ledger_tables = t.tables("ledgers")
    if not ledger_tables:
        t.fail("ledgers", "missing or empty; a policy needs at least one [[ledgers]] table.")
    ledgers: dict[str, Ledger] = {}
    for lt in ledger_tables:
        ledger = _ledger(lt)
        if ledger.code in ledgers:
            lt.fail("code", f"repeats the ledger {show(ledger.code)}; ledger codes are unique.")
        ledgers[ledger.code] = ledger
    kinds: dict[str, ViolationKind] = {}
    for kt in t.tables("kinds"):
        kind = _kind(kt, ledgers)
        if kind.code in kinds:
            kt.fail("code", f"repeats the kind {show(kind.code)}; kind codes are unique.")
        kinds[kind.code] = kind
    _check_counting(t, tuple(ledgers.values()), tuple(kinds.values()))
    t.finish(("format", "version"))
    return t.build(
        None,
        lambda: Policy(
            code=code,
            name=name,
            timezone=timezone,
            ledgers=tuple(ledgers.values()),
            kinds=tuple(kinds.values()),
            references=references,
            market=market,
            version=rules_version,
            assumptions=assumptions,
        ),
    )


# --------------------------------------------------------------------------- Policy -> data


def _schedule_data(schedule: Schedule[Any], value: Callable[[Any], Any]) -> Any:
    if len(schedule.entries) == 1 and schedule.entries[0][0] is None:
        return value(schedule.entries[0][1])
    out = []
    for since, v in schedule.entries:
        entry: dict[str, Any] = {} if since is None else {"effective_from": since}
        entry["value"] = value(v)
        out.append(entry)
    return out


def _same(v: T) -> T:
    return v


def _sanction_data(s: SanctionSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": s.kind.value}
    if s.days is not None:
        out["days"] = s.days
    if s.reason:
        out["reason"] = s.reason
    if s.amount is not None:
        out["amount"] = s.amount
    if s.currency is not None:
        out["currency"] = s.currency
    if s.while_reached:
        out["while_reached"] = True
    if s.appealable_after_days is not None:
        out["appealable_after_days"] = s.appealable_after_days
    if s.effective_from is not None:
        out["effective_from"] = s.effective_from
    if s.effective_until is not None:
        out["effective_until"] = s.effective_until
    return out


def _calendar_data(c: ResetCalendar) -> dict[str, Any]:
    if isinstance(c, YearlyReset):
        return {"type": "yearly", "month": c.month, "day": c.day}
    if isinstance(c, QuarterlyReset):
        return {"type": "quarterly", "weekday": _WEEKDAYS[c.weekday], "which": c.which}
    if isinstance(c, DatedResetCalendar):
        return {"type": "dated", "versions": _schedule_data(c.versions, _calendar_data)}
    raise InvalidPolicyFileError(
        f"the reset calendar {type(c).__name__} has no data form; policy files know the "
        "yearly, quarterly and dated calendars."
    )


def _validity_data(v: Validity) -> dict[str, Any]:
    if isinstance(v, Never):
        return {"type": "never"}
    if isinstance(v, ExpiresAfter):
        data: dict[str, Any] = {"type": "expires_after", "days": _schedule_data(v.days, _same)}
        if v.stops_at is not None:
            data["stops_at"] = v.stops_at
        return data
    if isinstance(v, CalendarReset):
        out: dict[str, Any] = {"type": "calendar_reset", "calendar": _calendar_data(v.calendar)}
        if v.carry_over:
            out["carry_over"] = [_carry_data(c) for c in v.carry_over]
        if v.carry_over_since is not None:
            out["carry_over_since"] = v.carry_over_since
        return out
    raise InvalidPolicyFileError(
        f"the validity rule {type(v).__name__} has no data form; policy files know "
        "expires_after, calendar_reset and never."
    )


def _carry_data(c: CarryOver) -> dict[str, Any]:
    out: dict[str, Any] = {"min_points": c.min_points}
    if c.max_points is not None:
        out["max_points"] = c.max_points
    if c.keep is not None:
        out["keep"] = c.keep
    if c.basis != "balance":
        out["basis"] = c.basis
    return out


def _counting_data(r: CountingRule) -> dict[str, Any]:
    if isinstance(r, DailyCap):
        out: dict[str, Any] = {"type": "daily_cap", "limit": r.limit}
    elif isinstance(r, MergeWindow):
        out = {"type": "merge_window", "days": r.days}
    else:
        raise InvalidPolicyFileError(
            f"the counting rule {type(r).__name__} has no data form; policy files know "
            "daily_cap and merge_window."
        )
    if r.kinds is not None:
        out["kinds"] = sorted(r.kinds)
    if r.severities is not None:
        out["severities"] = sorted(r.severities)
    return out


def _threshold_data(th: Threshold) -> dict[str, Any]:
    out: dict[str, Any] = {"points": th.points}
    if th.every:
        out["every"] = True
    if th.label:
        out["label"] = th.label
    if th.effective_from is not None:
        out["effective_from"] = th.effective_from
    if th.effective_until is not None:
        out["effective_until"] = th.effective_until
    if th.scale_days:
        out["scale_days"] = True
    if th.parallel:
        out["parallel"] = True
    out["sanctions"] = [_sanction_data(s) for s in th.sanctions]
    return out


def _ledger_data(lg: Ledger) -> dict[str, Any]:
    out: dict[str, Any] = {"code": lg.code, "title": lg.title}
    if lg.title_zh:
        out["title_zh"] = lg.title_zh
    if lg.unit is not Unit.POINTS:
        out["unit"] = lg.unit.value
    if not lg.appeal_lifts_sanctions:
        out["appeal_lifts_sanctions"] = False
    if lg.appeal_lifts_closure:
        out["appeal_lifts_closure"] = True
    if lg.score_base is not None:
        out["score_base"] = lg.score_base
    out["validity"] = _validity_data(lg.validity)
    if lg.stacking != Stacking():
        stacking: dict[str, Any] = {"mode": lg.stacking.mode.value}
        if lg.stacking.kinds is not None:
            stacking["kinds"] = sorted(k.value for k in lg.stacking.kinds)
        out["stacking"] = stacking
    if lg.counting:
        out["counting"] = [_counting_data(r) for r in lg.counting]
    if lg.thresholds:
        out["thresholds"] = [_threshold_data(th) for th in lg.thresholds]
    return out


def _severity_data(s: Severity) -> dict[str, Any]:
    out: dict[str, Any] = {"code": s.code}
    if s.title:
        out["title"] = s.title
    if s.points is not None:
        out["points"] = _schedule_data(s.points, _same)
    if s.ledger is not None:
        out["ledger"] = s.ledger
    if s.sanctions:
        out["sanctions"] = [_sanction_data(x) for x in s.sanctions]
    return out


def _kind_data(k: ViolationKind) -> dict[str, Any]:
    out: dict[str, Any] = {"code": k.code, "title": k.title}
    if k.title_zh:
        out["title_zh"] = k.title_zh
    out["ledger"] = k.ledger
    if k.points is not None:
        out["points"] = _schedule_data(k.points, _same)
    if k.default_severity is not None:
        out["default_severity"] = k.default_severity
    if k.appeal_window_days is not None:
        out["appeal_window_days"] = _schedule_data(k.appeal_window_days, _same)
    if k.source:
        out["source"] = k.source
    if k.generic:
        out["generic"] = True
    if k.max_appeals is not None:
        out["max_appeals"] = k.max_appeals
    if k.sanctions:
        out["sanctions"] = [_sanction_data(x) for x in k.sanctions]
    if k.severities:
        out["severities"] = [_severity_data(s) for s in k.severities]
    return out


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """``policy`` as policy data (dates as :class:`datetime.date`, money as ``Decimal``);
    :func:`policy_from_data` gives back an equal policy. Defaults are left out."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "code": policy.code,
        "name": policy.name,
        "timezone": policy.timezone,
    }
    if policy.market is not None:
        out["market"] = policy.market
    if policy.version:
        out["rules_version"] = policy.version
    if policy.references:
        out["references"] = list(policy.references)
    if policy.assumptions:
        out["assumptions"] = [
            {"code": a.code, "text": a.text}
            | ({"option": a.option} if a.option else {})
            | ({"first_seen": a.first_seen} if a.first_seen is not None else {})
            for a in policy.assumptions
        ]
    out["ledgers"] = [_ledger_data(lg) for lg in policy.ledgers]
    if policy.kinds:
        out["kinds"] = [_kind_data(k) for k in policy.kinds]
    return out


# --------------------------------------------------------------------------- files, extends


def _looks_like_text(source: str) -> bool:
    stripped = source.lstrip("\ufeff \t\r\n")
    return "\n" in source or stripped.startswith("{")


def _parse(text: str | bytes, fmt: PolicyFormat, what: str) -> dict[str, Any]:
    def error(message: str) -> InvalidPolicyFileError:
        return InvalidPolicyFileError(message, what)

    body = decode(text, what=what, error=error)
    data = (
        parse_toml(body, what=what, error=error)
        if fmt == "toml"
        else parse_json(body, what=what, error=error)
    )
    if not isinstance(data, dict):
        raise error(f"{what}: a policy must be a table (a JSON object), got {show(data)}.")
    return data


def _format_of(path: Path, fmt: str | None) -> PolicyFormat:
    if fmt is not None:
        return _check_format(fmt)
    suffix = path.suffix.lower()
    if suffix in (".toml", ".json"):
        return "toml" if suffix == ".toml" else "json"
    raise InvalidPolicyFileError(
        f"{path}: cannot tell the policy format from the suffix {suffix or '(none)'!r}; name the "
        "file *.toml or *.json, or pass format='toml' or format='json'.",
        str(path),
    )


def _check_format(fmt: object) -> PolicyFormat:
    if fmt == "toml" or fmt == "json":
        return fmt
    raise InvalidPolicyFileError(f"format={fmt!r}: policy files are 'toml' or 'json'.")


def _read_file(path: Path, fmt: str | None) -> dict[str, Any]:
    kind = _format_of(path, fmt)
    try:
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:
        raise InvalidPolicyFileError(
            f"cannot read the policy file {path}: {getattr(exc, 'strerror', None) or exc}.",
            str(path),
        ) from None
    return _parse(raw, kind, str(path))


def _resolve(
    data: dict[str, Any], *, source: str, base: Path, chain: tuple[str, ...], files: bool
) -> dict[str, Any]:
    """``data`` with its ``extends`` chain merged in (``chain``: the files already open)."""
    t = _Table(data, "", source)
    _check_envelope(t)
    if "extends" not in data:
        return data
    target = data["extends"]
    child = {k: v for k, v in data.items() if k != "extends"}
    if isinstance(target, str) and target.strip():
        if not files:
            t.fail(
                "extends",
                "extending a file is switched off (allow_file_extends=False); "
                'extend a registered policy, e.g. extends = {policy = "lazada"}.',
            )
        try:
            path = (base / target).resolve()
            special = path.exists() and not path.is_file()
        except (OSError, ValueError) as exc:
            t.fail("extends", f"cannot use {show(target)} as a file path: {exc}.")
        if special:
            t.fail("extends", f"{show(target)} is not a regular file.")
        key = str(path)
        if key in chain:
            loop = " -> ".join([*chain[chain.index(key) :], key])
            t.fail(
                "extends",
                f"the policy files extend each other in a cycle: {loop}; "
                "break it by removing one extends.",
            )
        parent = _read_file(path, None)
        parent = _resolve(
            parent, source=str(path), base=path.parent, chain=(*chain, key), files=files
        )
        parent_name = target
    elif isinstance(target, dict):
        ref = _Table(target, "extends", source)
        code = ref.text("policy", hint='name a registered policy, e.g. {policy = "lazada"}')
        market = ref.opt_text("market")
        ref.finish()
        policy = ref.build(None, lambda: get_policy(code, market=market))
        parent = policy_to_data(policy)
        parent_name = f"{code}" + (f" ({market})" if market else "")
    else:
        t.fail(
            "extends",
            f'must be a file path such as "base.toml" or a registered policy '
            f'such as {{policy = "lazada", market = "SG"}}, got {show(target)}.',
        )
    return _merge(parent, child, t, parent_name)


def _merge(
    parent: dict[str, Any], child: dict[str, Any], t: _Table, parent_name: str
) -> dict[str, Any]:
    """Child keys replace the parent's, except the coded arrays (ledgers, kinds, assumptions,
    and each kind's severities), which merge entry by entry on ``code``."""
    out = dict(parent)
    for key, value in child.items():
        if key in _KEYED and key in parent:
            out[key] = _merge_entries(parent[key], value, t, key, parent_name)
        else:
            out[key] = value
    return out


def _merge_entries(
    parent: object, child: object, t: _Table, path: str, parent_name: str
) -> list[Any]:
    if not isinstance(child, list):
        t.fail(path, f"must be an array of tables, got {show(child)}.")
    if not isinstance(parent, list):
        t.fail(path, f"cannot merge into {parent_name}, whose {path} is not an array.")
    merged: list[Any] = list(parent)
    index = {
        e["code"]: i
        for i, e in enumerate(merged)
        if isinstance(e, dict) and isinstance(e.get("code"), str)
    }
    removed: set[int] = set()
    for i, entry in enumerate(child):
        where = f"{path}[{i}]"
        if not isinstance(entry, dict):
            t.fail(where, f"must be a table, got {show(entry)}.")
        code = entry.get("code")
        if not isinstance(code, str):
            t.fail(
                f"{where}.code",
                "missing; with extends, every entry names the code it adds or changes.",
            )
        remove = entry.get("remove", False)
        if not isinstance(remove, bool):
            t.fail(f"{where}.remove", f"must be true or false, got {show(remove)}.")
        if code not in index:
            if remove:
                t.fail(
                    where,
                    f"removes {show(code)}, but {parent_name} has no such entry in "
                    f"{path}.{close_matches(code, [c for c in index if isinstance(c, str)])}",
                )
            index[code] = len(merged)
            merged.append({k: v for k, v in entry.items() if k != "remove"})
            continue
        j = index[code]
        if remove:
            if set(entry) - {"code", "remove"}:
                t.fail(where, "an entry with remove = true takes no other keys.")
            removed.add(j)
            continue
        base = merged[j]
        combined = dict(base)
        for key, value in entry.items():
            if key == "remove":
                continue
            if key == "severities" and path.endswith("kinds") and "severities" in base:
                combined[key] = _merge_entries(
                    base["severities"], value, t, f"{where}.severities", parent_name
                )
            else:
                combined[key] = value
        merged[j] = combined
    return [e for i, e in enumerate(merged) if i not in removed]


def load_policy(
    source: str | os.PathLike[str] | bytes,
    *,
    format: PolicyFormat | None = None,
    allow_file_extends: bool = True,
) -> Policy:
    """Load a policy written as data (TOML or JSON), with full validation; never runs code.

    ``source`` is a path (a :class:`pathlib.Path`, or a one-line ``str``), or the text itself
    (a ``str`` with a newline or starting with ``{``, or ``bytes``). ``format`` is ``"toml"``
    or ``"json"``; for a path it defaults to the suffix, for text to JSON when the text starts
    with ``{`` and TOML otherwise. A relative ``extends`` is resolved against the file's folder
    (the current folder for text); ``allow_file_extends=False`` refuses to read other files,
    for policy text from untrusted sources. Problems raise :class:`InvalidPolicyFileError`
    naming the file and the key path.
    """
    if format is not None:
        format = _check_format(format)
    if isinstance(source, (bytes, str)) and (isinstance(source, bytes) or _looks_like_text(source)):
        text = decode(
            source, what="policy text", error=lambda m: InvalidPolicyFileError(m, "policy text")
        )
        kind: PolicyFormat = format or ("json" if text.lstrip().startswith("{") else "toml")
        data = _parse(text, kind, "policy text")
        data = _resolve(
            data, source="policy text", base=Path.cwd(), chain=(), files=allow_file_extends
        )
        return policy_from_data(data, source="policy text")
    if not isinstance(source, (str, os.PathLike)):
        raise InvalidPolicyFileError(
            f"load_policy() takes a path or the policy's text, not {type(source).__name__}."
        )
    path = Path(source)
    data = _read_file(path, format)
    resolved = path.resolve()
    data = _resolve(
        data,
        source=str(path),
        base=resolved.parent,
        chain=(str(resolved),),
        files=allow_file_extends,
    )
    return policy_from_data(data, source=str(path))
