"""Policies as data: a TOML or JSON description of a platform's rules, loaded with full
validation and never executed.

The format mirrors the classes of :mod:`penalties.rules` (ledgers, validity, counting rules,
thresholds, sanctions, stacking, kinds with severities and dated point versions) with the same
field names, so a policy file reads like the Python it stands for. One cattrs converter does the
work both ways: each rule class is structured by a generated function that forbids unknown keys,
with a hook per field that says what the field takes; the three rule families (validity, reset
calendars, counting rules) are unions tagged by ``type``. cattrs collects every problem with its
key path; each is reported as an :class:`~penalties.errors.InvalidPolicyFileError` (a
:class:`~penalties.errors.PolicyDefinitionError`) whose message starts with the file and the key
path, e.g. ``custom.toml: ledgers[1].thresholds[0].points: must be a whole number >= 1, got -3``.

A file may ``extends`` another file or a registered policy; see ``docs/howto/policy-files.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Literal, NewType, NoReturn, TypeVar, Union

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from penalties._time import to_timezone
from penalties.errors import InvalidPolicyFileError, PenaltiesError, close_matches
from penalties.io._parse import (
    MAX_DAYS,
    decode,
    instant_problem,
    parse_json,
    parse_toml,
    sentence,
    show,
)
from penalties.io._source import DEFAULT_MAX_BYTES, read_regular_file
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
Hook = Callable[..., Any]
"""A structure hook: ``(value, type=None) -> structured value``, raising _Bad."""

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEYED = ("ledgers", "kinds", "assumptions")
"""Arrays of tables that ``extends`` merges by their ``code``."""

_converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""Policy data <-> rule objects. Private: its hooks are strict in ways only policy files want."""


class _Bad(ValueError):
    """A problem found while structuring: the message a reader sees, and the key under the
    current path it belongs to (``""`` for the value itself)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not key:
        return path
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------- field hooks
# Each takes the value from the file (``null`` already dropped) and the declared type, and
# returns the Python value or raises _Bad saying what the field takes.


def _text(value: object, _: object = None) -> str:
    if not isinstance(value, str):
        raise _Bad(f"must be a string, got {show(value)}.")
    return value


def _nonempty(value: object, _: object = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"must be a non-empty string, got {show(value)}.")
    return value


def _code(value: object, _: object = None) -> str:
    if not _text(value).strip():
        raise _Bad("must not be blank.")
    assert isinstance(value, str)
    return value


def _identifier(value: object, _: object = None) -> str:
    if not _text(value).isidentifier():
        raise _Bad(
            "must be an identifier (letters, digits and '_', not starting with a digit), "
            f"got {show(value)}."
        )
    assert isinstance(value, str)
    return value


def _whole(minimum: int, maximum: int | None = None) -> Hook:
    def structure(value: object, _: object = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"must be a whole number >= {minimum}, got {show(value)}.")
        if value < minimum:
            raise _Bad(f"must be >= {minimum}, got {show(value)}.")
        if maximum is not None and value > maximum:
            raise _Bad(f"must be at most {maximum}, got {show(value)}.")
        return value

    return structure


def _flag(value: object, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, got {show(value)}.")
    return value


def _date(value: object, _: object = None) -> dt.date:
    wrong = f"must be a calendar date such as 2017-11-22, got {show(value)}."
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise _Bad(wrong)
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise _Bad(wrong)
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{show(value)} is not a day of the calendar.") from None
    problem = instant_problem(value)
    if problem:
        raise _Bad(problem + ".")
    return value


def _amount(value: object, _: object = None) -> Decimal:
    wrong = f'must be an amount such as "12.50", got {show(value)}.'
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise _Bad(wrong)
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        raise _Bad(wrong) from None
    if not amount.is_finite() or amount < 0:
        raise _Bad(f"must be a finite amount >= 0, got {show(value)}.")
    return amount


def _choices(values: Any) -> str:
    return ", ".join(repr(getattr(v, "value", v)) for v in values)


def _member(enum: type[Enum]) -> Hook:
    def structure(value: object, _: object = None) -> Enum:
        if isinstance(value, str):
            for member in enum:
                if member.value == value:
                    return member
        hint = close_matches(value, [m.value for m in enum]) if isinstance(value, str) else ""
        raise _Bad(f"{show(value)} is not one of {_choices(enum)}.{hint}")

    return structure


def _one_of(*choices: str) -> Hook:
    def structure(value: object, _: object = None) -> str:
        if value not in choices or not isinstance(value, str):
            raise _Bad(f"must be {' or '.join(map(show, choices))}, got {show(value)}.")
        return value

    return structure


def _weekday(value: object, _: object = None) -> int:
    if isinstance(value, str) and value.lower() in _WEEKDAYS:
        return _WEEKDAYS.index(value.lower())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    raise _Bad(f'must be a day name such as "monday" (or 0-6 from Monday), got {show(value)}.')


def _timezone(value: object, _: object = None) -> str:
    zone = _text(value)
    try:
        to_timezone(zone)
    except PenaltiesError as exc:
        raise _Bad(sentence(str(exc))) from None
    return zone


_Text = NewType("_Text", str)
"""A non-empty string inside an array (``references``, a counting rule's ``kinds``)."""


@functools.cache
def _tuple_hook(tp: Any) -> Hook:
    return homogenous_tuple_structure_factory(tp, _converter)


def _array(item: Any, *, what: str = "an array of tables", empty: str | None = None) -> Hook:
    """An array of ``item``s (each problem at its index); ``empty`` refuses an empty array."""

    def structure(value: object, _: object = None) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Bad(f"must be {what}, got {show(value)}.")
        if not value and empty is not None:
            raise _Bad(empty)
        out: tuple[Any, ...] = _tuple_hook(tuple[item, ...])(value, tuple[item, ...])
        return out

    return structure


def _codes(value: object, _: object = None) -> frozenset[str]:
    if isinstance(value, list) and not value:
        raise _Bad("is empty; leave it out to match everything.")
    return frozenset(_array(_Text, what="an array of strings")(value))


def _sanction_kinds(value: object, _: object = None) -> frozenset[SanctionKind]:
    what = "a non-empty array of sanction kinds"
    return frozenset(
        _array(SanctionKind, what=what, empty=f"must be {what}, got {show(value)}.")(value)
    )


# --------------------------------------------------------------------------- tables

_MISSING_HINTS: dict[tuple[type, str], str] = {}
"""What to write when a required key is left out, by (class, field)."""
_FILE_KEYS: dict[type, tuple[str, ...]] = {}
"""The keys a table of each class may have."""
_RENAMED: dict[tuple[type, str], str] = {}
"""Fields whose key in the file differs from the attribute."""


def _table(
    cls: type,
    fields: Mapping[str, Hook],
    *,
    hints: Mapping[str, str] = {},
    what: str = "a table",
    rename: Mapping[str, str] = {},
    extra_keys: tuple[str, ...] = (),
    check: Callable[[dict[str, Any]], None] | None = None,
    after: Callable[[dict[str, Any]], None] | None = None,
) -> Hook:
    """Register (and return) the structure hook of ``cls``: a table whose keys are the class's
    fields, each through its hook in ``fields``. ``check`` sees the table first and ``after``
    once its keys are valid (before the class's own checks speak), for rules between keys that
    are best reported at a key."""
    names = [a.name for a in attrs.fields(cls) if a.init]
    assert set(names) == set(fields), (cls, set(names) ^ set(fields))
    for a in attrs.fields(cls):
        if a.init and a.default is attrs.NOTHING:
            assert a.name in hints, (cls, a.name)
    _MISSING_HINTS.update({(cls, k): v for k, v in hints.items()})
    _RENAMED.update({(cls, k): v for k, v in rename.items()})
    _FILE_KEYS[cls] = (*extra_keys, *(rename.get(n, n) for n in names))
    generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls,
        _converter,
        **{n: override(struct_hook=h, rename=rename.get(n)) for n, h in fields.items()},  # type: ignore[arg-type]
    )

    def structure(value: object, _: object = None) -> Any:
        if not isinstance(value, dict):
            raise _Bad(f"must be {what}, got {show(value)}.")
        data = {k: v for k, v in value.items() if v is not None}  # null counts as absent
        if check is not None:
            check(data)
        try:
            built = generated(data, cls)
        except ClassValidationError as exc:
            if after is not None and not exc.group_exceptions()[0]:
                after(data)  # the class refused the whole: say at which key, if a check can
            raise
        if after is not None:
            after(data)
        return built

    _converter.register_structure_hook(cls, structure)
    return structure


_FAMILY: dict[type, Any] = {}
"""Each member of a tagged family, to the family (unstructured with its ``type``)."""


def _tagged(
    base: Any, members: Mapping[str, type], what: str, *, table: str = "a table"
) -> Callable[[str], Hook]:
    """Register the union of ``members`` tagged by ``type`` (cattrs' tagged-union strategy), with
    a check of the tag that names the choices; returns a factory of hooks whose non-table
    message is ``table``."""
    tags = {cls: tag for tag, cls in members.items()}
    _FAMILY.update(dict.fromkeys(members.values(), base))
    union: Any = Union[tuple(members.values())]  # noqa: UP007 - a runtime union of classes
    configure_tagged_union(union, _converter, tag_generator=tags.__getitem__, tag_name="type")
    tagged = _converter.get_structure_hook(union)
    choices = ", ".join(map(repr, members))

    def hook(table_what: str) -> Hook:
        def structure(value: object, _: object = None) -> Any:
            if not isinstance(value, dict):
                raise _Bad(f"must be {table_what}, got {show(value)}.")
            tag = value.get("type")
            if tag is None:
                raise _Bad(
                    f"missing{_typo('type', value, ())}; give the {what} type, one of {choices}.",
                    "type",
                )
            if not isinstance(tag, str) or tag not in members:
                hint = close_matches(tag, members) if isinstance(tag, str) else ""
                raise _Bad(f"{show(tag)} is not a {what} type; use one of {choices}.{hint}", "type")
            return tagged(value, union)

        return structure

    _converter.register_structure_hook(base, hook(table))
    _converter.register_unstructure_hook(base, lambda v: _unstructure_tagged(tags, what, v))
    return hook


def _typo(name: str, data: Mapping[Any, Any], known: tuple[str, ...]) -> str:
    """`` (the table has 'x': a typo?)`` when an unknown key of ``data`` looks like ``name``."""
    unknown = [k for k in data if isinstance(k, str) and k not in known and k != name]
    near = _closest(name, unknown)
    return f" (the table has {near!r}: a typo?)" if near else ""


def _closest(name: str, candidates: list[str]) -> str | None:
    """The one candidate closest to ``name``, if any is close."""
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    return found[0] if found else None


def _schedule(value: Hook, version: type, what: str) -> Hook:
    """A value, or an array of ``{effective_from = <date>, value = ...}`` rule versions."""

    def structure(raw: object, _: object = None) -> Schedule[Any]:
        if not isinstance(raw, list):
            return Schedule.fixed(value(raw))
        if not raw:
            raise _Bad(
                f"is an empty array; give {what}, or rule versions "
                "[{value = ...}, {effective_from = 2020-01-01, value = ...}]."
            )
        versions = _array(version)(raw)
        try:
            return Schedule(tuple((v.effective_from, v.value) for v in versions))
        except PenaltiesError as exc:
            raise _Bad(str(exc)) from None

    return structure


_VERSION_TABLE = "a table {effective_from = <date>, value = ...}"


@attrs.frozen
class _PointsVersion:
    """One dated version of a number of points."""

    value: int
    effective_from: dt.date | None = None


@attrs.frozen
class _DaysVersion:
    """One dated version of a number of days."""

    value: int
    effective_from: dt.date | None = None


@attrs.frozen
class _CalendarVersion:
    """One dated version of a reset calendar."""

    value: ResetCalendar
    effective_from: dt.date | None = None


_CALENDAR_VALUE = 'a reset calendar table such as {type = "yearly"}'


_calendar_hook: Callable[[str], Hook]
"""The reset calendars' hook, for a given "must be a table" wording (set by :func:`_ready`)."""
_unstructure_policy: Callable[[Policy], dict[str, Any]]
"""A policy's fields as data (set by :func:`_ready`)."""


def _calendar_value(value: object, _: object = None) -> ResetCalendar:
    """A calendar as one version of a dated calendar (late bound: calendars nest)."""
    calendar: ResetCalendar = _calendar_hook(_CALENDAR_VALUE)(value)
    return calendar


def _codes_of(tables: object) -> list[tuple[int, str]]:
    """The ``code`` of each table in an array of tables (where it is a string)."""
    if not isinstance(tables, list):
        return []
    return [
        (i, t["code"])
        for i, t in enumerate(tables)
        if isinstance(t, dict) and isinstance(t.get("code"), str)
    ]


def _check_kind(data: dict[str, Any]) -> None:
    """Severities are unique, the default is one of them, and points go on one or the other."""
    seen: list[str] = []
    for i, code in _codes_of(data.get("severities")):
        if code in seen:
            raise _Bad(f"repeats the severity {show(code)}.", f"severities[{i}].code")
        seen.append(code)
    default = data.get("default_severity")
    if isinstance(default, str) and default.strip() and default not in seen:
        raise _Bad(
            f"{show(default)} is not one of this kind's severities "
            f"({', '.join(map(repr, seen)) or 'none'}).{close_matches(default, seen)}",
            "default_severity",
        )
    if data.get("severities") and "points" in data:
        raise _Bad(
            "a kind with severities gives points per severity; move points into "
            "each [[kinds.severities]] table.",
            "points",
        )


def _check_envelope(data: Mapping[str, Any]) -> None:
    """``format`` (if given) names a policy and ``version`` is one this library reads."""
    fmt = data.get("format")
    if fmt is not None and fmt != FORMAT:
        raise _Bad(
            f'{show(fmt)} is not a policy; a policy file has format = "{FORMAT}" '
            "(or no format key).",
            "format",
        )
    version = data.get("version")
    if version is None:
        raise _Bad(
            f"missing; write version = {VERSION} (the version of the policy file format) "
            "at the top.",
            "version",
        )
    if isinstance(version, bool) or version != VERSION:
        raise _Bad(
            f"{show(version)} is not a policy format version this library reads; "
            f"it reads version = {VERSION}.",
            "version",
        )


def _check_references(data: Mapping[str, Any]) -> None:
    """Codes are unique, kinds book to ledgers that exist, and counting rules name kinds and
    severities that exist (a typo would match nothing)."""
    ledger_codes: list[str] = []
    for i, code in _codes_of(data.get("ledgers")):
        if code in ledger_codes:
            raise _Bad(
                f"repeats the ledger {show(code)}; ledger codes are unique.", f"ledgers[{i}].code"
            )
        ledger_codes.append(code)
    ledgers = ", ".join(ledger_codes)

    def known_ledger(value: object, key: str) -> None:
        if isinstance(value, str) and value.strip() and value not in ledger_codes:
            raise _Bad(
                f"unknown ledger {show(value)}; the ledgers are {ledgers}."
                + close_matches(value, ledger_codes),
                key,
            )

    kind_codes: list[str] = []
    severity_codes: set[str] = set()
    kinds = data.get("kinds")
    for i, code in _codes_of(kinds):
        if code in ledger_codes:
            raise _Bad(
                f"{show(code)} is a ledger code, which is already a (generic) kind of that "
                "ledger; give this kind another code.",
                f"kinds[{i}].code",
            )
        if code in kind_codes:
            raise _Bad(f"repeats the kind {show(code)}; kind codes are unique.", f"kinds[{i}].code")
        kind_codes.append(code)
    for i, kind in enumerate(kinds if isinstance(kinds, list) else ()):
        if not isinstance(kind, dict):
            continue
        known_ledger(kind.get("ledger"), f"kinds[{i}].ledger")
        for j, severity in enumerate(kind.get("severities") or ()):
            if isinstance(severity, dict):
                known_ledger(severity.get("ledger"), f"kinds[{i}].severities[{j}].ledger")
                if isinstance(severity.get("code"), str):
                    severity_codes.add(severity["code"])
    known = {"kinds": kind_codes + ledger_codes, "severities": sorted(severity_codes)}
    for i, ledger in enumerate(data.get("ledgers") or ()):
        counting = ledger.get("counting") if isinstance(ledger, dict) else None
        for j, rule in enumerate(counting if isinstance(counting, list) else ()):
            for field in ("kinds", "severities"):
                codes = rule.get(field) if isinstance(rule, dict) else None
                for code in (
                    sorted(c for c in codes or () if isinstance(c, str))
                    if isinstance(codes, list)
                    else ()
                ):
                    if code not in known[field]:
                        what = "kind" if field == "kinds" else "severity"
                        raise _Bad(
                            f"unknown {what} {show(code)}; a typo here would match nothing."
                            + close_matches(code, known[field]),
                            f"ledgers[{i}].counting[{j}].{field}",
                        )


def _check_policy(data: dict[str, Any]) -> None:
    _check_envelope(data)
    data.pop("format", None)
    data.pop("version", None)
    if "extends" in data:
        raise _Bad("is only resolved when loading a file or text with load_policy().", "extends")
    data.setdefault("references", [])
    data.setdefault("kinds", [])


# --------------------------------------------------------------------------- errors


def _problems(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Every problem cattrs collected in ``exc``, as (key path, message), in the file's order;
    the paths are built from cattrs' validation notes, as :func:`cattrs.transform_error` does."""
    if isinstance(exc, _Bad):
        return [(_join(path, exc.key), exc.message)]
    if isinstance(exc, IterableValidationError):
        out: list[tuple[str, str]] = []
        with_index, others = exc.group_exceptions()
        for sub, at in with_index:
            out += _problems(sub, _join(path, int(at.index)))
        for sub in others:
            out += _problems(sub, path)
        return out
    if isinstance(exc, ClassValidationError):
        out = []
        cls = exc.cl
        with_name, others = exc.group_exceptions()
        extra: set[Any] = set()
        for sub in others:
            if isinstance(sub, ForbiddenExtraKeysError):
                extra |= set(sub.extra_fields)
        claimed: set[str] = set()
        for sub, note in with_name:
            key = _RENAMED.get((cls, note.name), note.name)
            if type(sub) is KeyError:  # a required key the table leaves out
                near = _closest(key, sorted(str(k) for k in extra))
                typo = f" (the table has {near!r}: a typo?)" if near else ""
                claimed |= {near} if near else set()
                hint = _MISSING_HINTS.get((cls, note.name), "give a value")
                message = hint if hint.startswith("missing") else f"missing{typo}; {hint}."
                out.append((_join(path, key), message))
            else:
                out += _problems(sub, _join(path, key))
        known = _FILE_KEYS.get(cls, ())
        for sub in others:
            if isinstance(sub, ForbiddenExtraKeysError):
                for name in sorted(map(str, sub.extra_fields)):
                    if name in claimed:
                        continue
                    hint = close_matches(name, known) or (
                        f" Known keys here: {', '.join(sorted(known))}." if known else ""
                    )
                    out.append((_join(path, name), "unknown key." + hint))
            else:
                out += _problems(sub, path)
        return out
    if isinstance(exc, PenaltiesError | ValueError | TypeError):
        return [(path, sentence(str(exc)))]
    raise exc


def _error(source: str | None, key: str, message: str) -> InvalidPolicyFileError:
    where = ": ".join(p for p in (source, key or None) if p)
    return InvalidPolicyFileError(f"{where}: {message}" if where else message, source, key)


def _raise(exc: BaseException, source: str | None) -> NoReturn:
    problems = _problems(exc, "") or [("", str(exc))]
    key, message = problems[0]
    if len(problems) > 1:
        more = [k or "(top level)" for k, _ in problems[1:]]
        shown = ", ".join(more[:5]) + (", ..." if len(more) > 5 else "")
        message += f" {len(more)} more problem{'s' if len(more) > 1 else ''}: {shown}."
    raise _error(source, key, message) from None


# --------------------------------------------------------------------------- data -> Policy


def policy_from_data(data: Mapping[str, Any], *, source: str | None = None) -> Policy:
    """Build a :class:`Policy` from policy data (the parsed TOML or JSON, ``extends`` already
    resolved); ``source`` names the file in error messages."""
    if not isinstance(data, Mapping):
        raise _error(source, "", f"a policy must be a table (a JSON object), got {show(data)}.")
    try:
        policy: Policy = _ready().structure(dict(data), Policy)
    except (ClassValidationError, IterableValidationError, _Bad, PenaltiesError) as exc:
        _raise(exc, source)
    return policy


# --------------------------------------------------------------------------- Policy -> data


_KNOWN = {
    "reset calendar": "the yearly, quarterly and dated calendars",
    "validity": "expires_after, calendar_reset and never",
    "counting rule": "daily_cap and merge_window",
}


def _unstructure_tagged(tags: Mapping[type, str], what: str, value: object) -> dict[str, Any]:
    """A rule of a tagged family as a table, its ``type`` first."""
    tag = tags.get(type(value))
    if tag is None:
        article = "the " + ("validity rule" if what == "validity" else what)
        raise InvalidPolicyFileError(
            f"{article} {type(value).__name__} has no data form; policy files know {_KNOWN[what]}."
        )
    body: dict[str, Any] = _converter.unstructure(value, unstructure_as=type(value))
    return {"type": tag, **body}


def _unstructure_schedule(schedule: Schedule[Any]) -> Any:
    """A fixed value as itself; dated versions as ``[{effective_from, value}, ...]``."""
    if len(schedule.entries) == 1 and schedule.entries[0][0] is None:
        return _converter.unstructure(
            schedule.entries[0][1], unstructure_as=_as(schedule.entries[0][1])
        )
    out = []
    for since, v in schedule.entries:
        entry: dict[str, Any] = {} if since is None else {"effective_from": since}
        entry["value"] = _converter.unstructure(v, unstructure_as=_as(v))
        out.append(entry)
    return out


def _as(value: object) -> Any:
    """The type to unstructure ``value`` as: its tagged family, if it belongs to one."""
    if isinstance(value, ResetCalendar):
        return ResetCalendar
    return _FAMILY.get(type(value), type(value))


def _sorted_values(values: frozenset[Any]) -> list[Any]:
    return sorted(getattr(v, "value", v) for v in values)


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """``policy`` as policy data (dates as :class:`datetime.date`, money as ``Decimal``);
    :func:`policy_from_data` gives back an equal policy. Defaults are left out."""
    if not isinstance(policy, Policy):
        raise TypeError(f"policy_to_data() takes a Policy, not {type(policy).__name__}")
    _ready()
    body = _unstructure_policy(policy)
    for key in ("references", "kinds"):
        if not body.get(key):
            body.pop(key, None)
    return {"format": FORMAT, "version": VERSION, **body}


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


def _read_file(path: Path, fmt: str | None, max_bytes: int) -> dict[str, Any]:
    """A policy file's data, read through the one safe reader (regular files only, capped)."""
    kind = _format_of(path, fmt)

    def error(message: str) -> InvalidPolicyFileError:
        return InvalidPolicyFileError(message, str(path))

    raw = read_regular_file(
        path,
        what="policy file",
        error=error,  # type: ignore[arg-type]
        max_bytes=max_bytes,
    )
    return _parse(raw, kind, str(path))


def _fail(source: str, key: str, message: str) -> NoReturn:
    raise _error(source, key, message)


def _resolve(
    data: dict[str, Any],
    *,
    source: str,
    base: Path,
    chain: tuple[str, ...],
    files: bool,
    max_bytes: int,
) -> dict[str, Any]:
    """``data`` with its ``extends`` chain merged in (``chain``: the files already open)."""
    try:
        _check_envelope(data)
    except _Bad as bad:
        _fail(source, bad.key, bad.message)
    if "extends" not in data:
        return data
    target = data["extends"]
    child = {k: v for k, v in data.items() if k != "extends"}
    if isinstance(target, str) and target.strip():
        if not files:
            _fail(
                source,
                "extends",
                "extending a file is switched off (allow_file_extends=False); "
                'extend a registered policy, e.g. extends = {policy = "lazada"}.',
            )
        try:
            path = (base / target).resolve()
            special = path.exists() and not path.is_file()
        except (OSError, ValueError) as exc:
            _fail(source, "extends", f"cannot use {show(target)} as a file path: {exc}.")
        if special:
            _fail(source, "extends", f"{show(target)} is not a regular file.")
        key = str(path)
        if key in chain:
            loop = " -> ".join([*chain[chain.index(key) :], key])
            _fail(
                source,
                "extends",
                f"the policy files extend each other in a cycle: {loop}; "
                "break it by removing one extends.",
            )
        parent = _read_file(path, None, max_bytes)
        parent = _resolve(
            parent,
            source=str(path),
            base=path.parent,
            chain=(*chain, key),
            files=files,
            max_bytes=max_bytes,
        )
        parent_name = target
    elif isinstance(target, dict):
        try:
            ref = _ready().structure(target, _Extends)
        except (ClassValidationError, _Bad) as exc:
            problems = _problems(exc, "extends")
            _fail(source, *problems[0])
        try:
            policy = get_policy(ref.policy, market=ref.market)
        except PenaltiesError as exc:
            _fail(source, "extends", str(exc))
        parent = policy_to_data(policy)
        parent_name = ref.policy + (f" ({ref.market})" if ref.market else "")
    else:
        _fail(
            source,
            "extends",
            f'must be a file path such as "base.toml" or a registered policy '
            f'such as {{policy = "lazada", market = "SG"}}, got {show(target)}.',
        )
    return _merge(parent, child, source, parent_name)


@attrs.frozen
class _Extends:
    """``extends = {policy = "lazada", market = "SG"}``: a registered policy to start from."""

    policy: str
    market: str | None = None


def _merge(
    parent: dict[str, Any], child: dict[str, Any], source: str, parent_name: str
) -> dict[str, Any]:
    """Child keys replace the parent's, except the coded arrays (ledgers, kinds, assumptions,
    and each kind's severities), which merge entry by entry on ``code``."""
    out = dict(parent)
    for key, value in child.items():
        if key in _KEYED and key in parent:
            out[key] = _merge_entries(parent[key], value, source, key, parent_name)
        else:
            out[key] = value
    return out


def _merge_entries(
    parent: object, child: object, source: str, path: str, parent_name: str
) -> list[Any]:
    if not isinstance(child, list):
        _fail(source, path, f"must be an array of tables, got {show(child)}.")
    if not isinstance(parent, list):
        _fail(source, path, f"cannot merge into {parent_name}, whose {path} is not an array.")
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
            _fail(source, where, f"must be a table, got {show(entry)}.")
        code = entry.get("code")
        if not isinstance(code, str):
            _fail(
                source,
                f"{where}.code",
                "missing; with extends, every entry names the code it adds or changes.",
            )
        remove = entry.get("remove", False)
        if not isinstance(remove, bool):
            _fail(source, f"{where}.remove", f"must be true or false, got {show(remove)}.")
        if code not in index:
            if remove:
                _fail(
                    source,
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
                _fail(source, where, "an entry with remove = true takes no other keys.")
            removed.add(j)
            continue
        base = merged[j]
        combined = dict(base)
        for key, value in entry.items():
            if key == "remove":
                continue
            if key == "severities" and path.endswith("kinds") and "severities" in base:
                combined[key] = _merge_entries(
                    base["severities"], value, source, f"{where}.severities", parent_name
                )
            else:
                combined[key] = value
        merged[j] = combined
    return [e for i, e in enumerate(merged) if i not in removed]


@functools.cache
def _ready() -> cattrs.Converter:
    """The converter with every hook registered, on first use (generating the structuring
    functions takes longer than the rest of ``import penalties.io``)."""
    global _calendar_hook, _unstructure_policy
    _converter.register_structure_hook(_Text, _nonempty)
    # Safety nets: no field is left to cattrs' lenient defaults (str(3) == "3").
    _converter.register_structure_hook(str, _text)
    _converter.register_structure_hook(bool, _flag)
    for _enum in (SanctionKind, StackingMode, Unit):
        _converter.register_structure_hook(_enum, _member(_enum))

    _points = _whole(0)
    _days = _whole(1, MAX_DAYS)
    _table(
        _PointsVersion,
        {"value": _points, "effective_from": _date},
        hints={"value": "give a number of points"},
        what=_VERSION_TABLE,
    )
    _table(
        _DaysVersion,
        {"value": _days, "effective_from": _date},
        hints={"value": "give a number of days"},
        what=_VERSION_TABLE,
    )
    _point_schedule = _schedule(_points, _PointsVersion, "a number of points")
    _day_schedule = _schedule(_days, _DaysVersion, "a number of days")

    _table(
        SanctionSpec,
        {
            "kind": _member(SanctionKind),
            "days": _days,
            "reason": _text,
            "amount": _amount,
            "currency": _nonempty,
            "while_reached": _flag,
            "appealable_after_days": _whole(0, MAX_DAYS),
            "effective_from": _date,
            "effective_until": _date,
        },
        hints={"kind": f"give one of {_choices(SanctionKind)}"},
    )
    _sanctions = _array(SanctionSpec)
    _threshold_sanctions_missing = (
        "missing or empty; give at least one sanction, e.g. "
        'sanctions = [{kind = "freeze", days = 7}].'
    )
    _table(
        Threshold,
        {
            "points": _whole(1),
            "sanctions": _array(SanctionSpec, empty=_threshold_sanctions_missing),
            "every": _flag,
            "label": _text,
            "effective_from": _date,
            "effective_until": _date,
            "scale_days": _flag,
            "parallel": _flag,
        },
        hints={
            "points": "give the level, e.g. points = 12",
            "sanctions": _threshold_sanctions_missing,
        },
    )

    _table(YearlyReset, {"month": _whole(1, 12), "day": _whole(1, 31)}, extra_keys=("type",))
    _table(
        QuarterlyReset,
        {"weekday": _weekday, "which": _one_of("first", "last")},
        extra_keys=("type",),
    )

    _table(
        _CalendarVersion,
        {"value": _calendar_value, "effective_from": _date},
        hints={"value": "give a reset calendar table"},
        what=_VERSION_TABLE,
    )
    _table(
        DatedResetCalendar,
        {"versions": _schedule(_calendar_value, _CalendarVersion, "a reset calendar table")},
        hints={
            "versions": "give the calendar's versions, e.g. versions = "
            '[{value = {type = "yearly"}}, {effective_from = 2025-01-01, value = ...}]'
        },
        extra_keys=("type",),
    )
    _calendar_hook = _tagged(
        ResetCalendar,
        {"yearly": YearlyReset, "quarterly": QuarterlyReset, "dated": DatedResetCalendar},
        "reset calendar",
    )

    _table(
        CarryOver,
        {
            "min_points": _points,
            "max_points": _points,
            "keep": _points,
            "basis": _one_of("balance", "added"),
        },
        hints={"min_points": "give the lowest balance kept, e.g. 12"},
    )
    _table(
        ExpiresAfter,
        {"days": _day_schedule, "stops_at": _whole(1)},
        hints={"days": "give the days each violation's points stay valid, e.g. days = 365"},
        extra_keys=("type",),
    )
    _table(
        CalendarReset,
        {
            "calendar": _calendar_hook("a table"),
            "carry_over": _array(CarryOver),
            "carry_over_since": _date,
        },
        hints={
            "calendar": "give the reset calendar, e.g. "
            'calendar = {type = "yearly", month = 1, day = 1}'
        },
        extra_keys=("type",),
    )
    _table(Never, {}, extra_keys=("type",))
    _validity = _tagged(
        Validity,
        {"expires_after": ExpiresAfter, "calendar_reset": CalendarReset, "never": Never},
        "validity",
    )("a table")

    _table(
        DailyCap,
        {"limit": _whole(1), "kinds": _codes, "severities": _codes},
        hints={"limit": "give the points counted a day, e.g. 6"},
        extra_keys=("type",),
    )
    _table(
        MergeWindow,
        {"days": _days, "kinds": _codes, "severities": _codes, "per_rights_holder": _flag},
        hints={"days": "give the window in days, e.g. 3"},
        extra_keys=("type",),
    )
    _tagged(CountingRule, {"daily_cap": DailyCap, "merge_window": MergeWindow}, "counting rule")

    _table(Stacking, {"mode": _member(StackingMode), "kinds": _sanction_kinds})
    _table(
        Ledger,
        {
            "code": _identifier,
            "title": _text,
            "title_zh": _text,
            "unit": _member(Unit),
            "validity": _validity,
            "counting": _array(CountingRule),
            "thresholds": _array(Threshold),
            "stacking": _converter.get_structure_hook(Stacking),
            "appeal_lifts_sanctions": _flag,
            "appeal_lifts_closure": _flag,
            "exam_required": _flag,
            "score_base": _whole(1, 1_000_000),
        },
        hints={
            "code": "give a short code such as 'trade'",
            "title": 'give the ledger\'s name, e.g. title = "Trade violations"',
        },
    )
    _table(
        Severity,
        {
            "code": _code,
            "points": _point_schedule,
            "ledger": _nonempty,
            "sanctions": _sanctions,
            "title": _text,
        },
        hints={"code": "give a short code such as 'serious'"},
    )

    _table(
        ViolationKind,
        {
            "code": _code,
            "title": _text,
            "ledger": _text,
            "title_zh": _text,
            "points": _point_schedule,
            "severities": _array(Severity),
            "default_severity": _nonempty,
            "sanctions": _sanctions,
            "appeal_window_days": _day_schedule,
            "source": _text,
            "generic": _flag,
            "max_appeals": _whole(1, 1_000),
            "also_counts_on": _codes,
        },
        hints={
            "code": "give a short code such as 'late_shipment'",
            "title": "give the kind's name from the platform's rulebook",
            "ledger": "give the code of the ledger it books to",
        },
        after=_check_kind,
    )
    _table(
        Assumption,
        {"code": _code, "text": _text, "option": _nonempty, "first_seen": _date},
        hints={
            "code": "give a short code such as 'reset_hour'",
            "text": "say what the policy assumes where its sources are silent",
        },
    )

    _NO_LEDGER = "missing or empty; a policy needs at least one [[ledgers]] table."
    _table(
        Policy,
        {
            "code": _identifier,
            "name": _text,
            "timezone": _timezone,
            "ledgers": _array(Ledger, empty=_NO_LEDGER),
            "kinds": _array(ViolationKind),
            "references": _array(_Text, what="an array of strings"),
            "market": _nonempty,
            "version": _text,
            "assumptions": _array(Assumption),
        },
        hints={
            "code": "give a short code such as 'my_marketplace'",
            "name": 'give the policy\'s name, e.g. name = "My marketplace"',
            "timezone": 'give the IANA zone days are counted in, e.g. timezone = "Asia/Shanghai"',
            "ledgers": _NO_LEDGER,
            "kinds": "",
            "references": "",
        },
        rename={"version": "rules_version"},
        extra_keys=("format", "version"),
        check=_check_policy,
        after=_check_references,
    )

    _converter.register_unstructure_hook_func(
        lambda t: t is Schedule or getattr(t, "__origin__", None) is Schedule, _unstructure_schedule
    )
    _converter.register_unstructure_hook_func(
        lambda t: t is tuple or getattr(t, "__origin__", None) is tuple,
        lambda v: [_converter.unstructure(x, unstructure_as=_as(x)) for x in v],
    )
    _converter.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", None) is frozenset or t is frozenset, _sorted_values
    )
    for _passthrough in (dt.date, Decimal):
        _converter.register_unstructure_hook(_passthrough, lambda v: v)

    for _cls in (
        SanctionSpec,
        Threshold,
        YearlyReset,
        DatedResetCalendar,
        CarryOver,
        ExpiresAfter,
        CalendarReset,
        Never,
        DailyCap,
        MergeWindow,
        Stacking,
        Severity,
        ViolationKind,
        Assumption,
    ):
        _converter.register_unstructure_hook(
            _cls, make_dict_unstructure_fn(_cls, _converter, _cattrs_omit_if_default=True)
        )
    _converter.register_unstructure_hook(
        QuarterlyReset,
        make_dict_unstructure_fn(
            QuarterlyReset,
            _converter,
            _cattrs_omit_if_default=False,
            weekday=override(unstruct_hook=lambda d: _WEEKDAYS[d]),
        ),
    )
    _converter.register_unstructure_hook(
        Ledger,
        make_dict_unstructure_fn(
            Ledger,
            _converter,
            _cattrs_omit_if_default=True,
            validity=override(omit_if_default=False),
        ),
    )
    _unstructure_policy = make_dict_unstructure_fn(
        Policy,
        _converter,
        _cattrs_omit_if_default=True,
        version=override(rename="rules_version"),
    )

    _table(
        _Extends,
        {"policy": _text, "market": _nonempty},
        hints={"policy": 'name a registered policy, e.g. {policy = "lazada"}'},
    )

    return _converter


def load_policy(
    source: str | os.PathLike[str] | bytes,
    *,
    format: PolicyFormat | None = None,
    allow_file_extends: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Policy:
    """Load a policy written as data (TOML or JSON), with full validation; never runs code.

    ``source`` is a path (a :class:`pathlib.Path`, or a one-line ``str``), or the text itself
    (a ``str`` with a newline or starting with ``{``, or ``bytes``). ``format`` is ``"toml"``
    or ``"json"``; for a path it defaults to the suffix, for text to JSON when the text starts
    with ``{`` and TOML otherwise. A relative ``extends`` is resolved against the file's folder
    (the current folder for text); ``allow_file_extends=False`` refuses to read other files,
    for policy text from untrusted sources. Files (``extends`` targets too) are read only when
    they are regular files of at most ``max_bytes``. Problems raise
    :class:`InvalidPolicyFileError` naming the file and the key path (the first problem, and
    the keys of any others).
    """
    if not isinstance(allow_file_extends, bool):
        raise TypeError(
            f"allow_file_extends must be True or False, not {type(allow_file_extends).__name__} "
            f"{allow_file_extends!r}"
        )
    if format is not None:
        format = _check_format(format)
    if isinstance(source, bytes | str) and (isinstance(source, bytes) or _looks_like_text(source)):
        text = decode(
            source, what="policy text", error=lambda m: InvalidPolicyFileError(m, "policy text")
        )
        kind: PolicyFormat = format or ("json" if text.lstrip().startswith("{") else "toml")
        data = _parse(text, kind, "policy text")
        data = _resolve(
            data,
            source="policy text",
            base=Path.cwd(),
            chain=(),
            files=allow_file_extends,
            max_bytes=max_bytes,
        )
        return policy_from_data(data, source="policy text")
    if not isinstance(source, str | os.PathLike):
        raise InvalidPolicyFileError(
            f"load_policy() takes a path or the policy's text, not {type(source).__name__}."
        )
    path = Path(source)
    data = _read_file(path, format, max_bytes)
    resolved = path.resolve()
    data = _resolve(
        data,
        source=str(path),
        base=resolved.parent,
        chain=(str(resolved),),
        files=allow_file_extends,
        max_bytes=max_bytes,
    )
    return policy_from_data(data, source=str(path))
