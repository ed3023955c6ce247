"""Versioned JSON documents for events, policies and results, through one cattrs converter.

Every document is a JSON object with a ``format`` and a ``version``::

    {"format": "penalties.events", "version": 1, "events": [{"type": "violation", ...}]}

Formats: ``penalties.events`` (a list of events), ``penalties.policy`` (a policy, the same data
as a policy file), ``penalties.standing``, ``penalties.timeline`` and ``penalties.whatif``
(results, each with the policy they were computed under). Instants keep their UTC offset, money
is a decimal string (never a float), enums are their lower-case values. ``loads`` refuses
unknown formats and versions, unknown keys and duplicate keys.

Events are a union dispatched on their ``type`` tag through :data:`EVENT_TYPES`, the one table
to extend when a new event class appears: every event class is an attrs class, and the converter
derives its JSON form (and the JSON Schema) from its fields.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NoReturn, TypeAlias

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn
from pendulum import DateTime

import penalties
from penalties._time import exact, instant_eq
from penalties.errors import (
    InvalidDocumentError,
    InvalidEventError,
    PenaltiesError,
    close_matches,
)
from penalties.events import Appeal, Event, ExamPassed, FundsDecision, Revocation, Violation
from penalties.io import policies
from penalties.io._parse import decode, instant_problem, parse_json, sentence, show
from penalties.policy import Policy
from penalties.results import Standing, Status, Timeline, WhatIf
from penalties.rules import SanctionKind

__all__ = [
    "EVENTS_FORMAT",
    "EVENT_TYPES",
    "FORMATS",
    "Document",
    "check_instants",
    "converter",
    "dumps",
    "duplicate",
    "event_from_data",
    "event_to_data",
    "jsonable",
    "loads",
    "loads_events",
    "parse_event",
    "tag_of",
]

EVENT_TYPES: Mapping[str, type[Any]] = MappingProxyType(
    {
        "violation": Violation,
        "appeal": Appeal,
        "revocation": Revocation,
        "funds_decision": FundsDecision,
        "exam_passed": ExamPassed,
    }
)
"""The ``type`` tag of each event class: the one table to extend when an event class is added
(``"revocation": Revocation``); then regenerate the schema with ``python -m penalties.io.schema``.
JSON, JSONL, CSV, the schema and the tests all follow this table."""

EVENTS_FORMAT = "penalties.events"
STANDING_FORMAT = "penalties.standing"
TIMELINE_FORMAT = "penalties.timeline"
WHATIF_FORMAT = "penalties.whatif"

FORMATS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        EVENTS_FORMAT: (1,),
        policies.FORMAT: (policies.VERSION,),
        STANDING_FORMAT: (1,),
        TIMELINE_FORMAT: (1,),
        WHATIF_FORMAT: (1,),
    }
)
"""Every document format :func:`loads` reads, with the versions it reads."""

Document: TypeAlias = list[Event] | Policy | Standing | Timeline | WhatIf
"""What :func:`loads` returns, by the document's format."""


# --------------------------------------------------------------------------- the converter


class _Bad(ValueError):
    """A value of the wrong JSON type; the message is the whole explanation."""


def _type_name(t: object) -> str:
    return getattr(t, "__name__", None) or str(t)


def resolve_annotations(cls: type[Any]) -> None:
    """Resolve ``cls``' string annotations (some name classes imported only for type checking,
    such as ``Appeal.plan: PlanOfAction``) so cattrs can derive hooks from them."""
    public = {name: getattr(penalties, name) for name in penalties.__all__}  # lazy ones too
    attrs.resolve_types(cls, localns={**vars(penalties), **public})


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f"must be a string, got {show(value)}")
    return value


def _strict_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"must be a whole number, got {show(value)}")
    return value


def _strict_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, got {show(value)}")
    return value


def _decimal(value: object, _: object) -> Decimal:
    if isinstance(value, (bool, float)) or not isinstance(value, (str, int, Decimal)):
        raise _Bad(f'must be an amount written as a string such as "12.50", got {show(value)}')
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        raise _Bad(f'must be an amount such as "12.50", got {show(value)}') from None
    if not amount.is_finite():
        raise _Bad(f"must be a finite amount, got {show(value)}")
    return amount


def _instant(value: object, _: object) -> DateTime:
    from penalties._time import to_instant

    instant = to_instant(value, what="instant")
    problem = instant_problem(instant)
    if problem:
        raise _Bad(problem)
    return instant


def _date(value: object, _: object) -> dt.date:
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Bad(f'must be a calendar date such as "2024-03-01", got {show(value)}')


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    def structure(value: object, _: object) -> enum.Enum:
        for member in cls:
            if enum_text(member) == value:
                return member
        choices = [enum_text(m) for m in cls]
        hint = close_matches(value, choices) if isinstance(value, str) else ""
        raise _Bad(f"{show(value)} is not one of {', '.join(choices)}.{hint}")

    return structure


def enum_text(member: enum.Enum) -> str:
    """An enum member in documents: its value, or its lower-case name for int enums (Status)."""
    return member.name.lower() if isinstance(member.value, int) else str(member.value)


def _is_tuple(t: object) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    base = homogenous_tuple_structure_factory(t, conv)

    def structure(value: object, target: object) -> Any:
        if not isinstance(value, (list, tuple)):
            raise _Bad(f"must be an array, got {show(value)}")
        return base(value, target)

    return structure


def _is_mapping(t: object) -> bool:
    return typing.get_origin(t) is collections.abc.Mapping


def _mapping_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    key, value = typing.get_args(t)

    def structure(data: object, _: object) -> Any:
        if not isinstance(data, dict):
            raise _Bad(f"must be an object, got {show(data)}")
        return MappingProxyType(conv.structure(data, dict[key, value]))  # type: ignore[valid-type]

    return structure


def _attrs_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, object], Any]:
    resolve_annotations(cls)
    base = make_dict_structure_fn(cls, conv)

    def structure(value: object, _: object) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise _Bad(f"must be an object ({cls.__name__}), got {show(value)}")
        return base(value, cls)

    return structure


def _attrs_unstructure_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    resolve_annotations(cls)
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)


def _policy_structure(value: object, _: object) -> Policy:
    if isinstance(value, Policy):
        return value
    if not isinstance(value, dict):
        raise _Bad(f"must be a policy object, got {show(value)}")
    return policies.policy_from_data(value, source="policy")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        omit_if_default=True,
        prefer_attrib_converters=True,
        detailed_validation=True,
    )
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(DateTime, _instant)
    conv.register_structure_hook(dt.datetime, _instant)
    conv.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())
    conv.register_unstructure_hook(DateTime, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(Policy, _policy_structure)
    conv.register_unstructure_hook(Policy, lambda p: jsonable(policies.policy_to_data(p)))
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda _: enum_text,
    )
    # cattrs dispatches int subclasses by class, before factories: Status (an IntEnum) would
    # get the int hook without its own.
    conv.register_structure_hook(Status, _enum_hook(Status))
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook)
    conv.register_structure_hook_factory(_is_mapping, _mapping_hook)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t) and t is not Policy, _attrs_hook
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t) and t is not Policy,
        _attrs_unstructure_hook,
    )
    return conv


converter: cattrs.Converter = _make_converter()
"""The cattrs converter behind every document: strict types (no silent ``"3"`` → 3), aware
instants with their offsets, ``Decimal`` as strings, enums by value, unknown keys refused."""


def _tag_for(cls: type[Any]) -> str | None:
    """The tag of the event class ``cls`` in :data:`EVENT_TYPES` (read at each call)."""
    for tag, known in EVENT_TYPES.items():
        if known is cls:
            return tag
    return None


# --------------------------------------------------------------------------- errors


def _format_exception(exc: BaseException, target: type | None) -> str:
    if isinstance(exc, (PenaltiesError, _Bad)):
        return str(exc)
    if isinstance(exc, KeyError):
        return "missing (required)"
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        extra = sorted(exc.extra_fields)
        hint = close_matches(extra[0], known).strip().rstrip("?")
        return (
            f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}"
            + (f" for {exc.cl.__name__}" if known else "")
            + (f"; {hint[0].lower()}{hint[1:]}?" if hint else "")
            + (f" ({exc.cl.__name__} has {', '.join(known)})" if known else "")
        )
    if target is not None:
        return f"invalid value, expected {_type_name(target)} ({exc})"
    return f"invalid value ({exc})"


def problems(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """``(key path, message)`` for each problem a cattrs validation error holds."""
    if isinstance(exc, cattrs.BaseValidationError):
        lines = cattrs.transform_error(exc, path=path, format_exception=_format_exception)
    else:
        lines = [f"{_format_exception(exc, None)} @ {path}"]
    out = []
    for line in lines:
        message, _, where = line.rpartition(" @ ")
        out.append((where.lstrip("."), message))
    return out


class StructureError(Exception):
    """Raised by :func:`structure`: the problems found, as ``(key path, message)`` pairs."""

    def __init__(self, found: list[tuple[str, str]]) -> None:
        super().__init__(explain(found))
        self.problems = found


def explain(found: list[tuple[str, str]]) -> str:
    """Problems as one sentence: ``path: message; path: message.``"""
    parts = [f"{where}: {message}" if where else message for where, message in found]
    return sentence("; ".join(p.rstrip(".") for p in parts))


def structure(data: object, cls: type[Any], *, path: str) -> Any:
    """``converter.structure(data, cls)``, with every problem raised as a
    :class:`StructureError` naming the key path of the value at fault."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, _Bad, PenaltiesError) as exc:
        raise StructureError(problems(exc, path)) from None


def _structure_or(data: object, cls: type[Any], *, path: str, error: type[PenaltiesError]) -> Any:
    try:
        return structure(data, cls, path=path)
    except StructureError as exc:
        raise error(str(exc)) from None


# --------------------------------------------------------------------------- events


def tag_of(event: object) -> str:
    """The ``type`` tag of ``event``; checks that its instants are ones files hold."""
    tag = _tag_for(type(event))
    if tag is None:
        raise InvalidDocumentError(
            f"{type(event).__name__} is not an event the JSON format knows; the event types are "
            f"{', '.join(EVENT_TYPES)} (penalties.io.documents.EVENT_TYPES)."
        )
    try:
        check_instants(event)
    except StructureError as exc:
        raise InvalidDocumentError(f"{tag} {exc}") from None
    return tag


def event_to_data(event: object) -> dict[str, Any]:
    """One event as JSON-ready data, its ``type`` tag first."""
    tag = tag_of(event)
    data: dict[str, Any] = converter.unstructure(event, type(event))
    return {"type": tag, **data}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_event(data: object, *, path: str = "") -> Event:
    """One event from data such as :func:`event_to_data` gives; problems raise
    :class:`StructureError` with their key paths (under ``path``)."""
    if not isinstance(data, dict):
        raise StructureError([(path, f"an event must be an object, got {show(data)}")])
    tag = data.get("type")
    if tag is None:
        raise StructureError(
            [
                (
                    _join(path, "type"),
                    "missing; every event names its type, one of "
                    f'{", ".join(map(repr, EVENT_TYPES))} (e.g. "type": "violation")',
                )
            ]
        )
    cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        hint = close_matches(tag, EVENT_TYPES) if isinstance(tag, str) else ""
        raise StructureError(
            [
                (
                    _join(path, "type"),
                    f"{show(tag)} is not an event type; use one of "
                    f"{', '.join(map(repr, EVENT_TYPES))}.{hint}",
                )
            ]
        )
    body = {k: v for k, v in data.items() if k != "type"}
    event: Event = structure(body, cls, path=path)
    check_instants(event, path)
    return event


def check_instants(event: Any, path: str = "") -> None:
    """Refuse an event whose instants lie outside the range files hold (see ``_parse``)."""
    for field in attrs.fields(type(event)):
        value = getattr(event, field.name)
        if isinstance(value, dt.datetime):
            problem = instant_problem(value)
            if problem:
                raise StructureError([(_join(path, field.name), problem)])


def event_from_data(data: object, *, path: str = "event") -> Event:
    """One event from data such as :func:`event_to_data` gives; problems raise
    :class:`~penalties.errors.InvalidEventError` naming the key path under ``path``."""
    try:
        return parse_event(data, path=path)
    except StructureError as exc:
        raise InvalidEventError(str(exc)) from None


def duplicate(events: Iterable[object]) -> tuple[int, int, str] | None:
    """The first repeated violation id: ``(index, index of its first use, id)``, or None.
    One account's events give each violation its own id."""
    first: dict[str, int] = {}
    for i, event in enumerate(events):
        if isinstance(event, Violation):
            if event.id in first:
                return i, first[event.id], event.id
            first[event.id] = i
    return None


def _events_to_data(events: Iterable[object]) -> list[dict[str, Any]]:
    items = list(events)
    repeated = duplicate(items)
    if repeated:
        i, j, vid = repeated
        raise InvalidDocumentError(
            f"event #{i} repeats the violation id {vid!r} of event #{j}; one account's events "
            "give each violation its own id."
        )
    return [event_to_data(e) for e in items]


def _events_from_data(items: object, path: str) -> list[Event]:
    if not isinstance(items, list):
        raise InvalidEventError(f"{path}: must be an array of events, got {show(items)}.")
    events = [event_from_data(item, path=f"{path}[{i}]") for i, item in enumerate(items)]
    repeated = duplicate(events)
    if repeated:
        i, j, vid = repeated
        raise InvalidEventError(
            f"{path}[{i}].id: duplicate violation id {vid!r} (first at {path}[{j}]); one "
            "account's events give each violation its own id."
        )
    return events


# --------------------------------------------------------------------------- documents


def jsonable(data: Any) -> Any:
    """``data`` with dates, instants and decimals written as strings, ready for ``json``."""
    if isinstance(data, Mapping):
        return {k: jsonable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [jsonable(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    if isinstance(data, Decimal):
        return str(data)
    return data


def _envelope(fmt: str, **body: Any) -> dict[str, Any]:
    return {"format": fmt, "version": FORMATS[fmt][-1], **body}


def _standing_data(standing: Standing) -> dict[str, Any]:
    # The timeline a standing was read from is a back-reference, not part of the standing.
    data: dict[str, Any] = converter.unstructure(attrs.evolve(standing, timeline=None), Standing)
    data.pop("policy")
    return data


def _timeline_data(timeline: Timeline) -> dict[str, Any]:
    return {
        "events": _events_to_data(timeline.events),
        "changes": converter.unstructure(timeline.changes, tuple[penalties.BalanceChange, ...]),
        "sanctions": converter.unstructure(timeline.sanctions, tuple[penalties.Sanction, ...]),
        "notes": list(timeline.notes),
    }


def _added(before: Iterable[Event], after: Iterable[Event]) -> list[Event]:
    """The events of ``after`` that ``before`` does not hold (as a multiset)."""
    remaining = collections.Counter(before)
    added: list[Event] = []
    for event in after:
        if remaining[event]:
            remaining[event] -= 1
        else:
            added.append(event)
    return added


def _whatif_data(result: WhatIf) -> dict[str, Any]:
    return {
        "at": result.before.at.isoformat(),
        "events": _events_to_data(result.timeline_before.events),
        "add": _events_to_data(_added(result.timeline_before.events, result.timeline_after.events)),
        "before": _standing_data(result.before),
        "after": _standing_data(result.after),
        "new_sanctions": converter.unstructure(
            result.new_sanctions, tuple[penalties.Sanction, ...]
        ),
        "points_delta": dict(result.points_delta),
    }


def to_document(obj: object) -> dict[str, Any]:
    """``obj`` (a list of events, a Policy, a Standing, a Timeline or a WhatIf) as a document."""
    if isinstance(obj, Policy):
        return jsonable(policies.policy_to_data(obj))  # type: ignore[no-any-return]
    if isinstance(obj, Standing):
        return _envelope(
            STANDING_FORMAT,
            policy=jsonable(policies.policy_to_data(obj.policy)),
            standing=_standing_data(obj),
        )
    if isinstance(obj, Timeline):
        return _envelope(
            TIMELINE_FORMAT,
            policy=jsonable(policies.policy_to_data(obj.policy)),
            timeline=_timeline_data(obj),
        )
    if isinstance(obj, WhatIf):
        return _envelope(
            WHATIF_FORMAT,
            policy=jsonable(policies.policy_to_data(obj.before.policy)),
            what_if=_whatif_data(obj),
        )
    if _tag_for(type(obj)) is not None:
        raise InvalidDocumentError(
            "dumps() takes a list of events, not one event; wrap it: dumps([event])."
        )
    if isinstance(obj, (list, tuple)):
        return _envelope(EVENTS_FORMAT, events=_events_to_data(obj))
    raise InvalidDocumentError(
        f"dumps() writes a list of events, a Policy, a Standing, a Timeline or a WhatIf, not "
        f"{type(obj).__name__}."
    )


def dumps(obj: object, *, indent: int | None = None) -> str:
    """``obj`` as a versioned JSON document: a list (or tuple) of events, a :class:`Policy`, a
    :class:`Standing`, a :class:`Timeline` or a :class:`WhatIf`. :func:`loads` gives it back.
    ``indent`` is None (one line) or 0 to :data:`MAX_INDENT` spaces."""
    if indent is not None:
        if isinstance(indent, bool) or not isinstance(indent, int):
            raise TypeError(f"indent must be None or an int, not {type(indent).__name__}.")
        if not 0 <= indent <= MAX_INDENT:
            raise InvalidDocumentError(
                f"indent={show(indent)}: give 0 to {MAX_INDENT} spaces (e.g. indent=2), or None "
                "for one line."
            )
    return json.dumps(to_document(obj), ensure_ascii=False, indent=indent)


MAX_INDENT = 16
"""The widest indent :func:`dumps` writes: any more only makes the file larger."""


def _document(text: str | bytes) -> tuple[str, dict[str, Any]]:
    def error(message: str) -> InvalidDocumentError:
        return InvalidDocumentError(message)

    body = decode(text, what="the document", error=error)
    data = parse_json(body, what="the document", error=error)
    if not isinstance(data, dict):
        raise InvalidDocumentError(
            f'a penalties document is a JSON object with "format" and "version", got {show(data)}.'
        )
    fmt = data.get("format")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        if fmt is None:
            raise InvalidDocumentError(
                'the document has no "format"; penalties documents start with '
                '{"format": "penalties.events", "version": 1, ...} (formats: '
                f"{', '.join(FORMATS)})."
            )
        hint = close_matches(fmt, FORMATS) if isinstance(fmt, str) else ""
        raise InvalidDocumentError(
            f"unknown document format {show(fmt)}; this library reads {', '.join(FORMATS)}.{hint}"
        )
    assert isinstance(fmt, str)
    version = data.get("version")
    if isinstance(version, bool) or version not in FORMATS[fmt]:
        raise InvalidDocumentError(
            f"{fmt} version {show(version)} is not one this library reads (it reads version "
            f"{', '.join(map(str, FORMATS[fmt]))}); upgrade penalties to read newer documents."
        )
    return fmt, data


def _keys(data: Mapping[str, Any], fmt: str, allowed: Iterable[str]) -> None:
    allowed = ("format", "version", *allowed)
    for key in data:
        if key not in allowed:
            raise InvalidDocumentError(
                f"{fmt}: unknown key {key!r}; a {fmt} document has "
                f"{', '.join(allowed)}.{close_matches(key, allowed)}"
            )
    for key in allowed:
        if key not in data:
            raise InvalidDocumentError(f"{fmt}: the key {key!r} is missing.")


def _object(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data[key]
    if not isinstance(value, dict):
        raise InvalidDocumentError(f"{key}: must be an object, got {show(value)}.")
    return value


def _policy_of(data: Mapping[str, Any]) -> Policy:
    return policies.policy_from_data(_object(data, "policy"), source="policy")


def _check(fmt: str, key: str, recomputed: object, stored: object) -> None:
    """Refuse a document whose stored results differ from what its inputs give."""
    if jsonable(recomputed) != jsonable(stored):
        raise InvalidDocumentError(
            f"{fmt}: the stored {key} differ from what this version of penalties computes from "
            "the document's policy and events (the document was edited, or written by another "
            "version); pass verify=False to keep the recomputed results."
        )


def _load_standing(data: dict[str, Any]) -> Standing:
    _keys(data, STANDING_FORMAT, ("policy", "standing"))
    policy = _policy_of(data)
    body = dict(_object(data, "standing"))
    if "policy" in body:
        raise InvalidDocumentError("standing.policy: the policy goes at the top of the document.")
    body["policy"] = policy
    standing: Standing = _structure_or(body, Standing, path="standing", error=InvalidDocumentError)
    _check_standing(standing)
    return standing


def _check_standing(standing: Standing) -> None:
    """Refuse a standing whose parts contradict each other or its policy: a standing document
    holds no events to recompute it from, so what can be checked without them is checked (the
    ledgers, the balances against the last changes, the scores, the status and freeze end
    against the active sanctions, the next thresholds against the balances)."""

    def fail(key: str, message: str) -> NoReturn:
        raise InvalidDocumentError(f"standing.{key}: {message}; the document was edited.")

    policy, key = standing.policy, exact(standing.at)
    codes = [ledger.code for ledger in policy.ledgers]
    if set(standing.points) != set(codes):
        fail("points", f"names the ledgers {sorted(standing.points)}, the policy {sorted(codes)}")
    for code, balance in standing.points.items():
        if balance < 0:
            fail(f"points.{code}", f"{balance} is negative, and a balance never is")
    last: dict[str, int] = {}
    for i, change in enumerate(standing.changes):
        if change.ledger not in standing.points:
            fail(f"changes[{i}].ledger", f"{change.ledger!r} is not a ledger of the policy")
        if exact(change.at) > key:
            fail(f"changes[{i}].at", f"{change.at} is after the standing's instant")
        last[change.ledger] = change.balance
    for code, balance in standing.points.items():
        if last.get(code, 0) != balance:
            fail(
                f"points.{code}",
                f"{balance} is not {last.get(code, 0)}, the balance after the last change",
            )
    scores = {
        ledger.code: score
        for ledger in policy.ledgers
        if (score := ledger.score(standing.points[ledger.code])) is not None
    }
    if dict(standing.scores) != scores:
        fail("scores", f"{dict(standing.scores)} is not what the balances give ({scores})")
    for i, sanction in enumerate(standing.sanctions):
        end = sanction.end
        if exact(sanction.start) > key or (end is not None and exact(end) <= key):
            fail(f"sanctions[{i}]", "the sanction does not run at the standing's instant")
    status = max((s.status for s in standing.sanctions), default=Status.GOOD)
    if standing.status is not status:
        fail(
            "status",
            f"{standing.status.name.lower()} is not what the active sanctions give "
            f"({status.name.lower()})",
        )
    freezes = [s.end for s in standing.sanctions if s.kind is SanctionKind.FREEZE]
    frozen = None
    if freezes and all(end is not None for end in freezes):
        frozen = max((end for end in freezes if end is not None), key=exact)
    if instant_eq(standing.frozen_until) != instant_eq(frozen):
        fail("frozen_until", f"is not the end of the longest active freeze ({frozen})")
    if status is Status.CLOSED and standing.next_thresholds:
        fail("next_thresholds", "a closed account has no next threshold")
    for i, nxt in enumerate(standing.next_thresholds):
        held = standing.points.get(nxt.ledger)
        if held is None:
            fail(f"next_thresholds[{i}].ledger", f"{nxt.ledger!r} is not a ledger of the policy")
        if nxt.points <= held or nxt.remaining != nxt.points - held:
            fail(
                f"next_thresholds[{i}]",
                f"level {nxt.points} with {nxt.remaining} to go does not fit the balance {held}",
            )


def _load_timeline(data: dict[str, Any], verify: bool) -> Timeline:
    _keys(data, TIMELINE_FORMAT, ("policy", "timeline"))
    policy = _policy_of(data)
    body = _object(data, "timeline")
    _keys_of(body, "timeline", ("events", "changes", "sanctions", "notes"))
    events = _events_from_data(body["events"], "timeline.events")
    timeline = policy.evaluate(events)
    if verify:
        stored = _timeline_data(timeline)
        for key in ("changes", "sanctions", "notes"):
            _check(TIMELINE_FORMAT, f"timeline.{key}", stored[key], body[key])
    return timeline


def _load_whatif(data: dict[str, Any], verify: bool) -> WhatIf:
    _keys(data, WHATIF_FORMAT, ("policy", "what_if"))
    policy = _policy_of(data)
    body = _object(data, "what_if")
    keys = ("at", "events", "add", "before", "after", "new_sanctions", "points_delta")
    _keys_of(body, "what_if", keys)
    events = _events_from_data(body["events"], "what_if.events")
    add = _events_from_data(body["add"], "what_if.add")
    at = _structure_or(body["at"], DateTime, path="what_if.at", error=InvalidDocumentError)
    result = policy.what_if(events, add, at)
    if verify:
        stored = _whatif_data(result)
        for key in keys[3:]:
            _check(WHATIF_FORMAT, f"what_if.{key}", stored[key], body[key])
    return result


def _keys_of(body: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> None:
    for key in body:
        if key not in keys:
            raise InvalidDocumentError(
                f"{where}.{key}: unknown key; {where} has {', '.join(keys)}."
                + close_matches(key, keys)
            )
    for key in keys:
        if key not in body:
            raise InvalidDocumentError(f"{where}.{key}: missing.")


def loads(text: str | bytes, *, verify: bool = True) -> Document:
    """Read a document written by :func:`dumps`: a list of events, a :class:`Policy`, a
    :class:`Standing`, a :class:`Timeline` or a :class:`WhatIf`, by its ``format``.

    Timelines and what-ifs are recomputed from their policy and events (evaluation is pure);
    with ``verify`` the stored results must match. A malformed document raises
    :class:`~penalties.errors.InvalidDocumentError`; bad events inside it raise
    :class:`~penalties.errors.InvalidEventError` and a bad policy
    :class:`~penalties.errors.PolicyDefinitionError`, each naming the key path.
    """
    fmt, data = _document(text)
    if fmt == EVENTS_FORMAT:
        _keys(data, fmt, ("events",))
        return _events_from_data(data["events"], "events")
    if fmt == policies.FORMAT:
        return policies.policy_from_data(data, source="policy")
    if fmt == STANDING_FORMAT:
        return _load_standing(data)
    if fmt == TIMELINE_FORMAT:
        return _load_timeline(data, verify)
    return _load_whatif(data, verify)


def loads_events(text: str | bytes) -> list[Event]:
    """Read a ``penalties.events`` document; any other format raises
    :class:`~penalties.errors.InvalidDocumentError`."""
    fmt, _ = _document(text)
    if fmt != EVENTS_FORMAT:
        raise InvalidDocumentError(f"expected a {EVENTS_FORMAT} document, got {fmt}.")
    result = loads(text)
    assert isinstance(result, list)
    return result
