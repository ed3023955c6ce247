"""Shopee Open Platform ``account_health`` payloads: penalty points in, events out.

Two responses of the Shopee Open Platform v2 ``account_health`` module are read:

- ``v2.account_health.get_penalty_point_history``: ``response.penalty_point_list[]`` of
  ``{issue_time, original_point_num, latest_point_num, reference_id, violation_type}`` and
  ``response.total_count``. :func:`parse_penalty_point_history` gives typed
  :class:`PenaltyPointRecord` values; :func:`penalty_points_to_events` turns them into events
  for the ``shopee`` policy (``get_policy("shopee", market=...)``).
- ``v2.account_health.get_punishment_history``: ``response.punishment_list[]`` of
  ``{issue_time, start_time, end_time, punishment_type, reason, reference_id, listing_limit?,
  order_limit?}``. :func:`parse_punishment_history` gives :class:`PunishmentRecord` values and
  :func:`compare_punishments` checks them against the sanctions the policy predicts.

How records become events:

- Each penalty-point record is one :class:`~penalties.Violation` booked at ``issue_time`` with
  ``points=original_point_num`` (the points as issued). Its kind comes from
  :data:`penalties.platforms.shopee.API_VIOLATION_TYPES` (graded listing violations also get
  their grade as severity); a ``violation_type`` that table does not know (Shopee's enum keeps
  growing) books to the generic kind ``points`` of the policy with the stated points, and says
  so in the violation's ``note``.
- ``latest_point_num < original_point_num`` means an appeal lowered the points (the API keeps
  both values). The payload does not say when, so the caller decides with ``reduced_at``: an
  instant (typically when the history was fetched: every reduction is known by then) gives a
  REDUCED :class:`~penalties.Appeal` filed and decided at that instant with
  ``points_after=latest_point_num``; the string ``"issue_time"`` (:data:`AT_ISSUE`) books the
  violation with the latest points from the start and adds no appeal (as if the points had
  never been higher). ``latest_point_num > original_point_num`` is refused: the API only lowers
  points.
- Unix times become aware instants in the market's zone (``market=None`` means SG, as for the
  policy). Whole responses (``{"request_id", "error", "message", "response": {...}}``) and bare
  ``response`` objects are accepted, parsed or as JSON text; a response whose ``error`` is set is
  refused. Fields the adapter does not read are ignored (the API adds fields over time).

Field names follow the Shopee Open Platform documents as mirrored by shopee-sdk
(``src/schemas/account-health.ts``); reference ids are numbers there and become strings here.

References:
    - https://open.shopee.com/documents/v2/v2.account_health.get_penalty_point_history?module=103&type=1
    - https://open.shopee.com/documents/v2/v2.account_health.get_punishment_history?module=103&type=1
    - https://github.com/congminh1254/shopee-sdk/blob/main/src/schemas/account-health.ts
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal

import attrs
from pendulum import DateTime

from penalties._payload import child, get, integer, load_json, obj, seq, string, unix_time
from penalties._time import InstantLike, to_instant
from penalties.errors import (
    InvalidEventError,
    InvalidPayloadError,
    PolicyDefinitionError,
)
from penalties.events import Appeal, AppealOutcome, Event, Violation
from penalties.io._source import DEFAULT_MAX_BYTES
from penalties.platforms.shopee import API_VIOLATION_TYPES, DEFAULT_MARKET, MARKETS
from penalties.policy import resolve_market
from penalties.results import Sanction, Timeline

__all__ = [
    "AT_ISSUE",
    "GENERIC_KIND",
    "PUNISHMENT_TYPES",
    "TIER_LEVELS",
    "DifferenceKind",
    "PenaltyPointHistory",
    "PenaltyPointRecord",
    "PunishmentDifference",
    "PunishmentHistory",
    "PunishmentRecord",
    "compare_punishments",
    "parse_penalty_point_history",
    "parse_punishment_history",
    "penalty_points_to_events",
]

AT_ISSUE: Final = "issue_time"
"""``reduced_at=AT_ISSUE``: book reduced records with their latest points from the start."""

GENERIC_KIND: Final = "points"
"""The generic kind of the Shopee ledger: unknown ``violation_type`` codes book here."""

_LEDGER = "points"

TIER_LEVELS: tuple[int, ...] = (3, 6, 9, 12, 15)
"""Points of tiers 1 to 5 (punishment ``reason`` 1-5 is the tier)."""

PUNISHMENT_TYPES: Mapping[int, str] = MappingProxyType(
    {
        103: "listings not displayed in category browsing",
        104: "listings not displayed in search",
        105: "unable to create new listings",
        106: "unable to edit listings",
        107: "unable to join marketing campaigns",
        108: "no shipping subsidies",
        109: "account suspended",
        600: "listings not displayed in search",
        601: "shop listings hidden from recommendation",
        602: "listings not displayed in category browsing",
        1109: "listing limit reduced (tier 1)",
        1110: "listing limit reduced (tier 2)",
        1111: "listing limit reduced (pre-order listings)",
        1112: "listing limit reduced",
        2008: "daily order limit (a percentage of the average daily orders of the past 28 days)",
    }
)
"""Open Platform ``punishment_type`` → what it does (shopee-sdk ``PunishmentType``)."""


def _zone(market: str | None) -> tuple[str, str]:
    code = resolve_market("shopee", market, MARKETS, default=DEFAULT_MARKET)
    assert code is not None
    return code, MARKETS[code]


def _envelope(
    payload: object, what: str, list_key: str, max_bytes: int
) -> tuple[Mapping[str, object], str, str]:
    """The ``response`` object of a whole response (or the bare object), its path, request id."""
    data = obj(load_json(payload, what, max_bytes=max_bytes), "$")
    request_id = data.get("request_id")
    rid = request_id if isinstance(request_id, str) else ""
    error = data.get("error")
    if error not in (None, ""):
        message = data.get("message")
        detail = f": {message}" if isinstance(message, str) and message else ""
        raise InvalidPayloadError(
            f"$.error: Shopee answered with error {error!r}{detail}"
            + (f" (request_id {rid})" if rid else "")
            + f"; this is an error response, not {what}. Fix the request (shop, access token, "
            "parameters) and fetch again."
        )
    if "response" in data:
        value, path = get(data, "$", "response")
        body = obj(value, path)
        if list_key not in body:
            _other_endpoint(body, path, what, list_key)
        return body, path, rid
    if list_key in data:
        return data, "$", rid
    _other_endpoint(data, "$", what, list_key)
    raise InvalidPayloadError(
        f"$.response: missing; expected a whole Shopee response with a 'response' object "
        f"(or the 'response' object itself, holding {list_key!r}) for {what}."
    )


_ENDPOINTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "penalty_point_list": ("parse_penalty_point_history", "get_penalty_point_history"),
        "punishment_list": ("parse_punishment_history", "get_punishment_history"),
    }
)


def _other_endpoint(body: Mapping[str, object], path: str, what: str, list_key: str) -> None:
    """Refuse, naming the right endpoint, the response of another endpoint: the deprecated
    ``shop_penalty`` (overall points and ongoing punishments, without a history)."""
    if "penalty_points" in body or "ongoing_punishment" in body:
        reader, endpoint = _ENDPOINTS[list_key]
        raise InvalidPayloadError(
            f"{child(path, list_key)}: missing; this is a response of the deprecated "
            "v2.account_health.shop_penalty (overall points and ongoing punishments, no "
            f"history), not {what}. {reader}() reads v2.account_health.{endpoint}: fetch "
            "that endpoint and pass its response."
        )


def _reference(value: object, path: str) -> str:
    if isinstance(value, str):
        return string(value, path)
    if isinstance(value, float):
        # Shopee's ids are 64-bit integers, beyond a float's exact range: its own document
        # shows 764539404640322244 as 764539404640322300 once parsed with floats.
        raise InvalidPayloadError(
            f"{path}: {value!r} is a float; Shopee reference ids are 64-bit integers a float "
            "cannot hold exactly, so ids would change between fetches. Pass the response as "
            "the text Shopee sent (its digits are kept), or parse it with integers kept (not "
            "parse_int=float, JavaScript numbers or a pandas float column)."
        )
    return str(integer(value, path))


def _total(body: Mapping[str, object], path: str) -> int | None:
    value, at = get(body, path, "total_count", required=False)
    return None if value is None else integer(value, at)


# --------------------------------------------------------------------------- penalty points


@attrs.frozen
class PenaltyPointRecord:
    """One entry of ``penalty_point_list``: points issued at ``issue_time`` for a violation."""

    issue_time: DateTime
    original_point_num: int
    latest_point_num: int
    reference_id: str
    violation_type: int

    @property
    def known_type(self) -> bool:
        """Whether :data:`~penalties.platforms.shopee.API_VIOLATION_TYPES` knows the type."""
        return self.violation_type in API_VIOLATION_TYPES

    @property
    def kind(self) -> str:
        """The policy kind: the mapped one, or the generic ``points`` for unknown types."""
        known = API_VIOLATION_TYPES.get(self.violation_type)
        return known[0] if known else GENERIC_KIND

    @property
    def severity(self) -> str | None:
        """The grade of a graded listing violation (``extreme``, ``high``, ``mid``, ``low``)."""
        known = API_VIOLATION_TYPES.get(self.violation_type)
        return known[1] if known else None

    @property
    def reduced(self) -> bool:
        """Whether an appeal lowered the points (``latest_point_num < original_point_num``)."""
        return self.latest_point_num < self.original_point_num

    @property
    def event_id(self) -> str:
        """The id of the violation made from this record (unique per record)."""
        stamp = int(self.issue_time.timestamp())
        return f"shopee:{self.reference_id}:{self.violation_type}:{stamp}"


@attrs.frozen
class PenaltyPointHistory:
    """A parsed ``get_penalty_point_history`` response (one page)."""

    market: str
    records: tuple[PenaltyPointRecord, ...]
    total_count: int | None = None
    request_id: str = ""

    @property
    def complete(self) -> bool:
        """Whether this page holds every record ``total_count`` announces."""
        return self.total_count is None or len(self.records) >= self.total_count


def _point_record(value: object, path: str, tz: str) -> PenaltyPointRecord:
    item = obj(value, path)
    issue_time = unix_time(*get(item, path, "issue_time"), tz)
    original = integer(*get(item, path, "original_point_num"))
    latest_value, latest_path = get(item, path, "latest_point_num")
    latest = integer(latest_value, latest_path)
    if latest > original:
        raise InvalidPayloadError(
            f"{latest_path}: {latest} is more than original_point_num {original}; the API only "
            "lowers points (after an approved appeal). Check the record."
        )
    return PenaltyPointRecord(
        issue_time=issue_time,
        original_point_num=original,
        latest_point_num=latest,
        reference_id=_reference(*get(item, path, "reference_id")),
        violation_type=integer(*get(item, path, "violation_type")),
    )


def parse_penalty_point_history(
    payload: object, *, market: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> PenaltyPointHistory:
    """Parse a ``v2.account_health.get_penalty_point_history`` response (dict, JSON text or
    bytes, or the path of a file holding it, as a ``pathlib.Path``).

    Raises :class:`~penalties.errors.InvalidPayloadError` naming the JSON path of the first bad
    field, or for an error response, a key repeated in one object, a float reference id or more
    than ``max_bytes`` of file or text. ``market`` picks the zone of the instants (SG when None).
    """
    code, tz = _zone(market)
    body, path, rid = _envelope(payload, "a penalty point history", "penalty_point_list", max_bytes)
    items, items_path = get(body, path, "penalty_point_list")
    records = tuple(
        _point_record(v, child(items_path, i), tz) for i, v in enumerate(seq(items, items_path))
    )
    return PenaltyPointHistory(code, records, _total(body, path), rid)


def penalty_points_to_events(
    history: PenaltyPointHistory | Iterable[PenaltyPointRecord],
    *,
    reduced_at: InstantLike | Literal["issue_time"],
) -> tuple[Event, ...]:
    """The events for the ``shopee`` policy: a violation per record, and a REDUCED appeal per
    record whose points were lowered (see the module docstring for ``reduced_at``).

    ``reduced_at`` is required because the payload does not say when a reduction happened:
    pass the instant the history was fetched (or any instant the reductions are known by), or
    ``"issue_time"`` to book the lowered points from the start. Records repeated across pages
    raise :class:`~penalties.errors.InvalidEventError` (pass each record once).
    """
    records = history.records if isinstance(history, PenaltyPointHistory) else tuple(history)
    at_issue = isinstance(reduced_at, str) and reduced_at == AT_ISSUE
    decided = None if at_issue else to_instant(reduced_at, what="reduced_at")
    seen: dict[str, int] = {}
    events: list[Event] = []
    for index, record in enumerate(records):
        if not isinstance(record, PenaltyPointRecord):
            raise InvalidEventError(
                f"record {index} is a {type(record).__name__}, not a PenaltyPointRecord; parse "
                "the response with parse_penalty_point_history() first."
            )
        vid = record.event_id
        if vid in seen:
            raise InvalidEventError(
                f"record {index} repeats record {seen[vid]} (reference_id "
                f"{record.reference_id}, violation_type {record.violation_type}, issue_time "
                f"{record.issue_time}); pass each record once (do pages overlap?)."
            )
        seen[vid] = index
        note = f"Shopee violation_type {record.violation_type}, reference {record.reference_id}"
        if not record.known_type:
            note += (
                f"; type {record.violation_type} is not in API_VIOLATION_TYPES, booked to the "
                f"generic kind {GENERIC_KIND!r} with its stated points"
            )
        points = record.original_point_num
        if record.reduced:
            note += (
                f"; points lowered on appeal from {record.original_point_num} to "
                f"{record.latest_point_num}"
            )
            if at_issue:
                points = record.latest_point_num
                note += " (booked with the lowered points from the start: reduced_at='issue_time')"
        events.append(
            Violation(
                vid,
                record.kind,
                record.issue_time,
                severity=record.severity,
                points=points,
                reference=record.reference_id,
                note=note,
            )
        )
        if record.reduced and decided is not None:
            if decided < record.issue_time:
                raise InvalidEventError(
                    f"reduced_at {decided} is before record {index} was issued "
                    f"({record.issue_time}); a reduction is known only after the penalty. Pass "
                    "the instant the history was fetched, or reduced_at='issue_time'."
                )
            events.append(
                Appeal(
                    vid,
                    decided,
                    decided,
                    AppealOutcome.REDUCED,
                    points_after=record.latest_point_num,
                )
            )
    return tuple(events)


# --------------------------------------------------------------------------- punishments


@attrs.frozen
class PunishmentRecord:
    """One entry of ``punishment_list``: a measure Shopee applied from ``start_time`` to
    ``end_time``; ``reason`` 1-5 is the tier that caused it."""

    issue_time: DateTime
    start_time: DateTime
    end_time: DateTime
    punishment_type: int
    reason: int
    reference_id: str
    listing_limit: int | None = None
    order_limit: str | None = None

    @property
    def tier(self) -> int | None:
        """The penalty-point tier (1-5) behind the punishment, or None for other reasons."""
        return self.reason if 1 <= self.reason <= len(TIER_LEVELS) else None

    @property
    def description(self) -> str:
        """What the punishment type does, from :data:`PUNISHMENT_TYPES`."""
        return PUNISHMENT_TYPES.get(
            self.punishment_type, f"punishment_type {self.punishment_type} (not in the table)"
        )


@attrs.frozen
class PunishmentHistory:
    """A parsed ``get_punishment_history`` response (one page, one status)."""

    market: str
    records: tuple[PunishmentRecord, ...]
    total_count: int | None = None
    request_id: str = ""

    @property
    def complete(self) -> bool:
        """Whether this page holds every record ``total_count`` announces."""
        return self.total_count is None or len(self.records) >= self.total_count


def _punishment(value: object, path: str, tz: str) -> PunishmentRecord:
    item = obj(value, path)
    start = unix_time(*get(item, path, "start_time"), tz)
    end_value, end_path = get(item, path, "end_time")
    end = unix_time(end_value, end_path, tz)
    if end < start:
        raise InvalidPayloadError(
            f"{end_path}: the punishment ends ({end}) before it starts ({start}); check the record."
        )
    limit_value, limit_path = get(item, path, "listing_limit", required=False)
    order_value, order_path = get(item, path, "order_limit", required=False)
    order_limit = None
    if order_value is not None:
        order_limit = (
            string(order_value, order_path)
            if isinstance(order_value, str)
            else str(integer(order_value, order_path))
        )
    return PunishmentRecord(
        issue_time=unix_time(*get(item, path, "issue_time"), tz),
        start_time=start,
        end_time=end,
        punishment_type=integer(*get(item, path, "punishment_type")),
        reason=integer(*get(item, path, "reason")),
        reference_id=_reference(*get(item, path, "reference_id")),
        listing_limit=None if limit_value is None else integer(limit_value, limit_path),
        order_limit=order_limit,
    )


def parse_punishment_history(
    payload: object, *, market: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> PunishmentHistory:
    """Parse a ``v2.account_health.get_punishment_history`` response (dict, JSON text or bytes,
    or the path of a file holding it, as a ``pathlib.Path``), refused as
    :func:`parse_penalty_point_history` refuses.

    The API answers one ``punishment_status`` at a time (1 ongoing, 2 ended): parse both and
    join their ``records`` for a full picture.
    """
    code, tz = _zone(market)
    body, path, rid = _envelope(payload, "a punishment history", "punishment_list", max_bytes)
    items, items_path = get(body, path, "punishment_list")
    records = tuple(
        _punishment(v, child(items_path, i), tz) for i, v in enumerate(seq(items, items_path))
    )
    return PunishmentHistory(code, records, _total(body, path), rid)


class DifferenceKind(enum.Enum):
    """How the predicted and the actual punishments differ."""

    MISSING = "missing"
    """The policy predicts a tier's sanctions; the history has no punishment of that tier."""
    UNEXPECTED = "unexpected"
    """The history has a tier punishment the policy does not predict."""
    END_DIFFERS = "end_differs"
    """Both agree on the tier and start but not on the end."""
    NOT_MODELLED = "not_modelled"
    """A punishment outside the tier ladder (listing or order limits): not compared."""


@attrs.frozen
class PunishmentDifference:
    """One difference between the sanctions a policy predicts and Shopee's punishments."""

    kind: DifferenceKind
    tier: int | None
    start: DateTime
    predicted_end: DateTime | None
    actual_end: DateTime | None
    sanctions: tuple[Sanction, ...]
    punishments: tuple[PunishmentRecord, ...]
    message: str


@attrs.frozen
class _Episode:
    tier: int
    start: DateTime
    end: DateTime | None
    sanctions: tuple[Sanction, ...] = ()
    punishments: tuple[PunishmentRecord, ...] = ()


def _predicted(
    sanctions: Iterable[Sanction], levels: Sequence[int], since: DateTime | None
) -> list[_Episode]:
    groups: dict[tuple[int, DateTime], list[Sanction]] = {}
    for s in sanctions:
        if s.threshold is None or s.ledger != _LEDGER:
            continue  # direct sanctions of a violation: not a tier punishment
        if s.threshold not in levels:
            raise PolicyDefinitionError(
                f"sanction {s.reason!r} comes from a {s.threshold}-point threshold, which is not "
                f"one of the tier levels {tuple(levels)}; pass tier_levels= for a custom ladder."
            )
        if since is not None and s.start < since:
            continue
        groups.setdefault((list(levels).index(s.threshold) + 1, s.start), []).append(s)
    out = []
    for (tier, start), group in groups.items():
        ends = [s.end for s in group]
        end = None if None in ends else max(e for e in ends if e is not None)
        out.append(_Episode(tier, start, end, sanctions=tuple(group)))
    return sorted(out, key=lambda e: (e.start, e.tier))


def _actual(records: Iterable[PunishmentRecord], since: DateTime | None) -> list[_Episode]:
    groups: dict[tuple[int, DateTime], list[PunishmentRecord]] = {}
    for r in records:
        if r.tier is None or (since is not None and r.start_time < since):
            continue
        groups.setdefault((r.tier, r.start_time), []).append(r)
    out = [
        _Episode(tier, start, max(r.end_time for r in group), punishments=tuple(group))
        for (tier, start), group in groups.items()
    ]
    return sorted(out, key=lambda e: (e.start, e.tier))


def _types(records: Iterable[PunishmentRecord]) -> str:
    return ", ".join(sorted({f"{r.punishment_type} ({r.description})" for r in records}))


def compare_punishments(
    predicted: Timeline | Iterable[Sanction],
    actual: PunishmentHistory | Iterable[PunishmentRecord],
    *,
    tolerance: dt.timedelta = dt.timedelta(days=1),
    since: InstantLike | None = None,
    tier_levels: Sequence[int] = TIER_LEVELS,
) -> tuple[PunishmentDifference, ...]:
    """Differences between the tier sanctions a policy predicts and Shopee's punishment history.

    Both sides are grouped into tier episodes: the policy's threshold sanctions by (tier,
    start), the punishments by (``reason``, ``start_time``). An episode matches one of the same
    tier whose start is within ``tolerance`` (an assumption: the sources do not say how
    Shopee's punishment start relates to the issue time of the points; default one day); a
    match whose ends differ by more than ``tolerance`` is reported as ``END_DIFFERS``. The
    punishment types within a tier are not compared (the tier table after 2025-04-07 is not
    sourced). Punishments with another ``reason`` are reported as ``NOT_MODELLED``; sanctions a
    violation applies directly (no threshold) are not compared. ``since`` limits both sides to
    episodes starting at or after it (the API returns the current quarter only). An empty
    result means both agree.
    """
    if not isinstance(tolerance, dt.timedelta) or tolerance < dt.timedelta(0):
        raise InvalidEventError(
            f"tolerance must be a non-negative datetime.timedelta, not {tolerance!r}."
        )
    start_at = None if since is None else to_instant(since, what="since")
    sanctions = predicted.sanctions if isinstance(predicted, Timeline) else tuple(predicted)
    records = actual.records if isinstance(actual, PunishmentHistory) else tuple(actual)
    for i, s in enumerate(sanctions):
        if not isinstance(s, Sanction):
            raise TypeError(
                f"predicted[{i}] is a {type(s).__name__}, not a Sanction; pass a Timeline "
                "(policy.evaluate(events)) or its sanctions."
            )
    for i, r in enumerate(records):
        if not isinstance(r, PunishmentRecord):
            raise TypeError(
                f"actual[{i}] is a {type(r).__name__}, not a PunishmentRecord; parse the "
                "response with parse_punishment_history() first."
            )
    expected = _predicted(sanctions, tier_levels, start_at)
    shown = _actual(records, start_at)
    days = tolerance.total_seconds() / 86400
    within = f"within {days:g} day{'s' if days != 1 else ''}"
    out: list[PunishmentDifference] = []
    for e in expected:
        candidates = [a for a in shown if a.tier == e.tier and abs(a.start - e.start) <= tolerance]
        what = ", ".join(repr(s.reason) for s in e.sanctions)
        if not candidates:
            out.append(
                PunishmentDifference(
                    DifferenceKind.MISSING,
                    e.tier,
                    e.start,
                    e.end,
                    None,
                    e.sanctions,
                    (),
                    f"tier {e.tier} from {e.start}: the policy predicts {what} until "
                    f"{e.end or 'further notice'}, but the history has no tier-{e.tier} "
                    f"punishment starting {within} of it.",
                )
            )
            continue
        a = min(candidates, key=lambda c: abs(c.start - e.start))
        shown.remove(a)
        assert a.end is not None
        if e.end is None or abs(a.end - e.end) > tolerance:
            out.append(
                PunishmentDifference(
                    DifferenceKind.END_DIFFERS,
                    e.tier,
                    e.start,
                    e.end,
                    a.end,
                    e.sanctions,
                    a.punishments,
                    f"tier {e.tier} from {e.start}: the policy predicts it ends at "
                    f"{e.end or 'no set time'}, Shopee's punishments ({_types(a.punishments)}) "
                    f"end at {a.end}.",
                )
            )
    for a in shown:
        out.append(
            PunishmentDifference(
                DifferenceKind.UNEXPECTED,
                a.tier,
                a.start,
                None,
                a.end,
                (),
                a.punishments,
                f"tier {a.tier} from {a.start} until {a.end}: Shopee applied "
                f"{_types(a.punishments)}, but the policy predicts no tier-{a.tier} sanctions "
                f"starting {within} of it.",
            )
        )
    for r in records:
        if r.tier is None and (start_at is None or r.start_time >= start_at):
            out.append(
                PunishmentDifference(
                    DifferenceKind.NOT_MODELLED,
                    None,
                    r.start_time,
                    None,
                    r.end_time,
                    (),
                    (r,),
                    f"punishment {r.punishment_type} ({r.description}, reason {r.reason}) from "
                    f"{r.start_time} until {r.end_time} is outside the tier ladder; not compared.",
                )
            )
    return tuple(sorted(out, key=lambda d: (d.start, d.tier or 0, d.kind.value)))
