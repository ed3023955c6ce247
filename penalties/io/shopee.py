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
- ``v2.account_health.shop_penalty`` (deprecated, still called by ERPs): overall points, their
  breakdown and the ongoing punishments, with no history. :func:`parse_shop_penalty` gives a
  :class:`ShopPenalty` snapshot and :func:`check_shop_penalty` sets it against a replay's
  :class:`~penalties.Standing`: which points and punishments agree and which differ.
- ``v2.account_health.get_shop_performance``: ``response.metric_list[]`` (each metric's value
  for the current and last period against its ``target``) and ``overall_performance``.
  :func:`parse_shop_performance` gives a :class:`ShopPerformance`, whose ``warnings()`` are
  :class:`~penalties.io.performance.PerformanceWarning` values a standing can show
  (:func:`~penalties.io.performance.assess_health`).

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

Assumptions of the cross-check (the sources are silent; each is an option of
:func:`check_shop_penalty`): ``days_left`` is compared with the replay's remaining time within
``days_tolerance`` (one day: Shopee does not say how it rounds); the breakdown categories take
the kinds :data:`PENALTY_CATEGORIES` lists (read off the category and kind names, not sourced;
``categories=`` replaces the table), every other kind counting to ``others``.

References:
    - https://open.shopee.com/documents/v2/v2.account_health.get_penalty_point_history?module=103&type=1
    - https://open.shopee.com/documents/v2/v2.account_health.get_shop_performance?module=103&type=1
    - http://congminh1254.github.io/shopee-sdk/interfaces/schemas_account-health.PenaltyPoints.html
      (``shop_penalty``: ``penalty_points`` and ``ongoing_punishment``, as the SDK typed them
      before it removed the deprecated endpoint)
    - https://open.shopee.com/documents/v2/v2.account_health.get_punishment_history?module=103&type=1
    - https://github.com/congminh1254/shopee-sdk/blob/main/src/schemas/account-health.ts
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

import attrs
from immutabledict import immutabledict
from pendulum import DateTime

from penalties._payload import child, get, integer, load_json, obj, seq, string, unix_time
from penalties._time import US, InstantLike, exact, instant_eq, to_instant
from penalties.errors import (
    InvalidEventError,
    InvalidPayloadError,
    PolicyDefinitionError,
    close_matches,
)
from penalties.events import Appeal, AppealOutcome, Event, Violation
from penalties.io._source import DEFAULT_MAX_BYTES
from penalties.io.performance import Comparator, PerformanceWarning, WarningCode, decimal
from penalties.platforms.shopee import API_VIOLATION_TYPES, DEFAULT_MARKET, MARKETS
from penalties.policy import resolve_market
from penalties.results import Sanction, Standing, Timeline

__all__ = [
    "AT_ISSUE",
    "GENERIC_KIND",
    "METRIC_TYPES",
    "METRIC_UNITS",
    "OVERALL_RATINGS",
    "PENALTY_CATEGORIES",
    "PUNISHMENT_TYPES",
    "TIER_LEVELS",
    "CheckOutcome",
    "DifferenceKind",
    "OngoingPunishment",
    "OverallPerformance",
    "PenaltyPointHistory",
    "PenaltyPointRecord",
    "PointsCheck",
    "PunishmentCheck",
    "PunishmentDifference",
    "PunishmentHistory",
    "PunishmentRecord",
    "ShopMetric",
    "ShopPenalty",
    "ShopPenaltyCheck",
    "ShopPerformance",
    "check_shop_penalty",
    "compare_punishments",
    "parse_penalty_point_history",
    "parse_punishment_history",
    "parse_shop_penalty",
    "parse_shop_performance",
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
        "penalty_points": ("parse_shop_penalty", "shop_penalty"),
        "metric_list": ("parse_shop_performance", "get_shop_performance"),
    }
)
_SIGNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "penalty_points": ("penalty_points", "ongoing_punishment"),
        "metric_list": ("metric_list", "overall_performance"),
        "penalty_point_list": ("penalty_point_list",),
        "punishment_list": ("punishment_list",),
    }
)


def _other_endpoint(body: Mapping[str, object], path: str, what: str, list_key: str) -> None:
    """Refuse, naming the reader that reads it, the response of another ``account_health``
    endpoint."""
    for key, signs in _SIGNS.items():
        if key != list_key and any(sign in body for sign in signs):
            reader, endpoint = _ENDPOINTS[key]
            raise InvalidPayloadError(
                f"{child(path, list_key)}: missing; this is a response of "
                f"v2.account_health.{endpoint}, not {what}: read it with {reader}(), or fetch "
                f"v2.account_health.{_ENDPOINTS[list_key][1]} for {_ENDPOINTS[list_key][0]}()."
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
            if exact(decided) < exact(record.issue_time):
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
    if exact(end) < exact(start):
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
        if since is not None and exact(s.start) < exact(since):
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
        if r.tier is None or (since is not None and exact(r.start_time) < exact(since)):
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
    tolerance_us = tolerance // dt.timedelta(microseconds=1)
    days = tolerance.total_seconds() / 86400
    within = f"within {days:g} day{'s' if days != 1 else ''}"
    out: list[PunishmentDifference] = []
    for e in expected:
        candidates = [
            a
            for a in shown
            if a.tier == e.tier and abs(exact(a.start) - exact(e.start)) <= tolerance_us
        ]
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
        a = min(candidates, key=lambda c: abs(exact(c.start) - exact(e.start)))
        shown.remove(a)
        assert a.end is not None
        if e.end is None or abs(exact(a.end) - exact(e.end)) > tolerance_us:
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
        if r.tier is None and (start_at is None or exact(r.start_time) >= exact(start_at)):
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


# --------------------------------------------------------------------------- shop_penalty


PENALTY_CATEGORIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "non_fulfillment_rate": (
            "high_non_fulfilment_rate",
            "extremely_high_non_fulfilment_rate",
            "high_non_fulfilment_rate_ndd",
            "high_non_fulfilled_orders",
        ),
        "late_shipment_rate": (
            "high_late_shipment_rate",
            "high_late_shipment_rate_ndd",
            "high_late_shipped_orders",
        ),
        "listing_violations": (
            "severe_listing_violations",
            "prohibited_listings",
            "prohibited_listings_graded",
            "counterfeit_ip_infringement",
            "counterfeit_listings_graded",
            "spam_listings",
            "spam_listings_graded",
            "high_pre_order_listings",
            "copied_images",
            "reuploading_deleted_listings",
            "wrong_category",
        ),
        "opfr_violations": ("opfr_violation",),
    }
)
"""``shop_penalty`` breakdown category → the ``shopee`` kinds it counts (an assumption read off
the names; every other kind counts to ``others``). Pass ``categories=`` to replace it."""

_OTHERS = "others"
_OVERALL = "overall_penalty_points"


@attrs.frozen
class OngoingPunishment:
    """An ``ongoing_punishment[]`` entry: a tier's punishment and the days it has left."""

    tier: int
    days_left: int
    name: str


@attrs.frozen
class ShopPenalty:
    """A parsed ``v2.account_health.shop_penalty`` response: a snapshot of the shop's points
    (overall and per category, as given) and its ongoing punishments. It has no instant of its
    own: the caller knows when it was fetched."""

    market: str
    overall_points: int
    categories: Mapping[str, int]
    """Each breakdown field the response has (``non_fulfillment_rate``, ``late_shipment_rate``,
    ``listing_violations``, ``opfr_violations``, ``others``, and any new one), as given."""
    ongoing: tuple[OngoingPunishment, ...]
    request_id: str = ""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "categories", immutabledict(self.categories))


def parse_shop_penalty(
    payload: object, *, market: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ShopPenalty:
    """Parse a ``v2.account_health.shop_penalty`` response (dict, JSON text or bytes, or a
    ``pathlib.Path``), refused as :func:`parse_penalty_point_history` refuses; every point count
    must be a whole number >= 0, every tier one of 1-5."""
    code, _ = _zone(market)
    body, path, rid = _envelope(payload, "a shop penalty", "penalty_points", max_bytes)
    points_value, points_path = get(body, path, "penalty_points")
    points = obj(points_value, points_path)
    overall = integer(*get(points, points_path, _OVERALL))
    categories = {
        key: integer(value, child(points_path, key))
        for key, value in points.items()
        if key != _OVERALL and value is not None
    }
    items, items_path = get(body, path, "ongoing_punishment")
    ongoing = []
    for i, value in enumerate(seq(items, items_path)):
        at = child(items_path, i)
        item = obj(value, at)
        tier_value, tier_path = get(item, at, "punishment_tier")
        tier = integer(tier_value, tier_path)
        if not 1 <= tier <= len(TIER_LEVELS):
            raise InvalidPayloadError(
                f"{tier_path}: tier {tier} is not one of the tiers 1-{len(TIER_LEVELS)}."
            )
        ongoing.append(
            OngoingPunishment(
                tier,
                integer(*get(item, at, "days_left")),
                string(*get(item, at, "punishment_name")),
            )
        )
    return ShopPenalty(code, overall, categories, tuple(ongoing), rid)


class CheckOutcome(enum.Enum):
    """How a snapshot's figure compares with the replay."""

    AGREES = "agrees"
    DIFFERS = "differs"
    MISSING = "missing"
    """The replay has a tier's punishment that the snapshot does not list."""
    UNEXPECTED = "unexpected"
    """The snapshot lists a tier's punishment that the replay does not have."""


@attrs.frozen
class PointsCheck:
    """Points of the snapshot (``subject``: ``overall_penalty_points`` or a category) against
    the points the replay counts at the standing's instant."""

    subject: str
    reported: int
    replayed: int
    outcome: CheckOutcome
    message: str
    violations: tuple[str, ...] = ()
    """The ids of the live violations the replay counts for this subject."""


@attrs.frozen
class PunishmentCheck:
    """One tier's punishment: listed by the snapshot, run by the replay, or both."""

    tier: int
    outcome: CheckOutcome
    reported: tuple[OngoingPunishment, ...]
    predicted_end: DateTime | None = attrs.field(eq=instant_eq)
    sanctions: tuple[Sanction, ...]
    message: str


_TEXTS = {
    "en": {
        "header": "Shop penalty snapshot against the replay at {at}: {verdict}",
        "agree": "everything agrees",
        "differ": "{n} difference(s)",
        "points": "{subject}: Shopee {reported}, replay {replayed}",
        "tier": "tier {tier}: ",
        "AGREES": "agrees",
        "DIFFERS": "differs",
        "MISSING": "missing from Shopee",
        "UNEXPECTED": "not in the replay",
        "sep": ": ",
    },
    "zh": {
        "header": "店铺罚分快照与重放（{at}）对比：{verdict}",
        "agree": "全部一致",
        "differ": "{n} 处不一致",
        "points": "{subject}：Shopee {reported}，重放 {replayed}",
        "tier": "第 {tier} 级：",
        "AGREES": "一致",
        "DIFFERS": "不一致",
        "MISSING": "Shopee 未列出",
        "UNEXPECTED": "重放中没有",
        "sep": "：",
    },
}


@attrs.frozen
class ShopPenaltyCheck:
    """A :class:`ShopPenalty` set against a replay: every points figure and every tier, each
    agreeing or not, as data an ERP can show (:meth:`explain` in English or Chinese)."""

    snapshot: ShopPenalty
    at: DateTime = attrs.field(eq=instant_eq)
    points: tuple[PointsCheck, ...]
    punishments: tuple[PunishmentCheck, ...]

    @property
    def agrees(self) -> bool:
        """Whether every figure agrees."""
        return not self.differences

    @property
    def differences(self) -> tuple[PointsCheck | PunishmentCheck, ...]:
        """The checks that do not agree, points first."""
        checks: list[PointsCheck | PunishmentCheck] = [*self.points, *self.punishments]
        return tuple(c for c in checks if c.outcome is not CheckOutcome.AGREES)

    def explain(self, locale: str = "en") -> str:
        """One line per check, the differences marked, in English (``en``) or Chinese (``zh``)."""
        from penalties.explain import check_locale

        check_locale(locale)
        t = _TEXTS[locale]
        n = len(self.differences)
        verdict = t["agree"] if not n else t["differ"].format(n=n)
        lines = [t["header"].format(at=self.at, verdict=verdict)]
        for p in self.points:
            mark = "  " if p.outcome is CheckOutcome.AGREES else "! "
            line = t["points"].format(subject=p.subject, reported=p.reported, replayed=p.replayed)
            lines.append(f"{mark}{line}{t['sep']}{t[p.outcome.name]}")
        for c in self.punishments:
            mark = "  " if c.outcome is CheckOutcome.AGREES else "! "
            text = c.message if locale == "en" else t[c.outcome.name]
            lines.append(f"{mark}{t['tier'].format(tier=c.tier)}{text}")
        return "\n".join(lines)


def check_shop_penalty(
    snapshot: ShopPenalty,
    standing: Standing,
    *,
    days_tolerance: int = 1,
    categories: Mapping[str, Iterable[str]] | None = None,
    tier_levels: Sequence[int] = TIER_LEVELS,
) -> ShopPenaltyCheck:
    """Set a ``shop_penalty`` snapshot against the replay's standing at the instant it was
    fetched (``policy.standing(events, at=fetched)`` of the shop's point history).

    Points: ``overall_penalty_points`` against the ``points`` ledger's balance, and each
    breakdown category against the points its kinds count (``categories``, default
    :data:`PENALTY_CATEGORIES`; unlisted kinds count to ``others``). Punishments: each tier the
    snapshot lists against the replay's active threshold sanctions of that tier; ``days_left``
    agrees when the replay's remaining time is within ``days_tolerance`` days of it (the
    sources do not say how Shopee rounds). A tier the replay runs and the snapshot does not
    list is ``MISSING``; one listed and not run is ``UNEXPECTED``.
    """
    if not isinstance(snapshot, ShopPenalty):
        raise TypeError(
            f"snapshot is a {type(snapshot).__name__}, not a ShopPenalty; parse the response "
            "with parse_shop_penalty() first."
        )
    if not isinstance(standing, Standing):
        raise TypeError(
            f"standing is a {type(standing).__name__}, not a Standing; pass "
            "policy.standing(events, at=<when the snapshot was fetched>)."
        )
    if (
        isinstance(days_tolerance, bool)
        or not isinstance(days_tolerance, int)
        or days_tolerance < 0
    ):
        raise InvalidEventError(
            f"days_tolerance must be a whole number of days >= 0, not {days_tolerance!r}."
        )
    if _LEDGER not in standing.points:
        raise InvalidEventError(
            f"the standing has no {_LEDGER!r} ledger (its policy is {standing.policy.code!r}); "
            "pass the standing of a shopee policy."
        )
    table = PENALTY_CATEGORIES if categories is None else categories
    category_of: dict[str, str] = {}
    for category, kinds in table.items():
        for kind in kinds:
            category_of[kind] = category
    contributions = standing.contributions.get(_LEDGER, ())
    counted: dict[str, int] = {}
    ids: dict[str, list[str]] = {}
    for c in contributions:
        if c.counted:
            category = category_of.get(c.kind, _OTHERS)
            counted[category] = counted.get(category, 0) + c.counted
            ids.setdefault(category, []).append(c.violation_id)
    points = [
        _points_check(
            _OVERALL,
            snapshot.overall_points,
            standing.points[_LEDGER],
            tuple(c.violation_id for c in contributions if c.counted),
        )
    ]
    for category, reported in snapshot.categories.items():
        points.append(
            _points_check(
                category, reported, counted.get(category, 0), tuple(ids.get(category, ()))
            )
        )
    return ShopPenaltyCheck(
        snapshot,
        standing.at,
        tuple(points),
        _punishment_checks(snapshot, standing, days_tolerance, tier_levels),
    )


def _points_check(subject: str, reported: int, replayed: int, ids: tuple[str, ...]) -> PointsCheck:
    agrees = reported == replayed
    message = (
        f"{subject}: Shopee and the replay both count {reported}."
        if agrees
        else f"{subject}: Shopee counts {reported}, the replay {replayed} "
        f"({'+' if reported > replayed else ''}{reported - replayed} on Shopee's side)."
    )
    return PointsCheck(
        subject,
        reported,
        replayed,
        CheckOutcome.AGREES if agrees else CheckOutcome.DIFFERS,
        message,
        ids,
    )


def _punishment_checks(
    snapshot: ShopPenalty, standing: Standing, days_tolerance: int, levels: Sequence[int]
) -> tuple[PunishmentCheck, ...]:
    at = exact(standing.at)
    tiers: dict[int, list[Sanction]] = {}
    for s in standing.sanctions:
        if s.ledger != _LEDGER or s.threshold is None:
            continue
        if s.threshold not in levels:
            raise PolicyDefinitionError(
                f"sanction {s.reason!r} comes from a {s.threshold}-point threshold, which is not "
                f"one of the tier levels {tuple(levels)}; pass tier_levels= for a custom ladder."
            )
        tiers.setdefault(list(levels).index(s.threshold) + 1, []).append(s)
    listed: dict[int, list[OngoingPunishment]] = {}
    for p in snapshot.ongoing:
        listed.setdefault(p.tier, []).append(p)
    out = []
    for tier in sorted({*tiers, *listed}):
        sanctions = tuple(tiers.get(tier, ()))
        reported = tuple(listed.get(tier, ()))
        ends = [s.end for s in sanctions]
        end = None if not sanctions or None in ends else max(ends, key=lambda e: exact(e))  # type: ignore[arg-type]
        what = ", ".join(repr(s.reason) for s in sanctions)
        shown = ", ".join(f"{p.name!r} ({p.days_left} days left)" for p in reported)
        if not reported:
            outcome = CheckOutcome.MISSING
            message = (
                f"the replay runs {what} until {end or 'further notice'}, but Shopee lists no "
                f"ongoing tier-{tier} punishment."
            )
        elif not sanctions:
            outcome = CheckOutcome.UNEXPECTED
            message = f"Shopee lists {shown}, but the replay runs no tier-{tier} sanction."
        elif end is None:
            outcome = CheckOutcome.DIFFERS
            message = f"Shopee lists {shown}; the replay runs {what} with no set end."
        else:
            left_us = exact(end) - at
            left_days = left_us / (86_400 * US)
            bad = [
                p
                for p in reported
                if abs(left_us - p.days_left * 86_400 * US) > days_tolerance * 86_400 * US
            ]
            outcome = CheckOutcome.DIFFERS if bad else CheckOutcome.AGREES
            message = (
                f"Shopee lists {shown}; the replay runs {what} until {end} "
                f"({left_days:.2f} days left), "
                + ("within" if not bad else "not within")
                + f" {days_tolerance} day{'s' if days_tolerance != 1 else ''}."
            )
        out.append(PunishmentCheck(tier, outcome, reported, end, sanctions, message))
    return tuple(out)


# --------------------------------------------------------------------------- shop performance


METRIC_TYPES: Mapping[int, str] = MappingProxyType(
    {1: "fulfillment", 2: "listing", 3: "customer_service"}
)
"""``metric_type`` → the group it belongs to (Fulfillment, Listing, Customer Service)."""

METRIC_UNITS: Mapping[int, str] = MappingProxyType(
    {1: "number", 2: "percent", 3: "seconds", 4: "days", 5: "hours"}
)
"""``unit`` → its name (Number, Percentage, Second, Day, Hour)."""

OVERALL_RATINGS: Mapping[int, str] = MappingProxyType(
    {1: "Poor", 2: "ImprovementNeeded", 3: "Good", 4: "Excellent"}
)
"""``overall_performance.rating`` → its name."""

_COMPARATORS = {c.value: c for c in Comparator}
_FAILED_FIELDS = {1: "fulfillment_failed", 2: "listing_failed", 3: "custom_service_failed"}


@attrs.frozen
class ShopMetric:
    """A ``metric_list[]`` entry: the metric's value in the current and last period against
    its target (``None`` where Shopee has no data for the period)."""

    metric_id: int
    name: str
    metric_type: int
    parent_metric_id: int
    current_period: Decimal | None
    last_period: Decimal | None
    target_value: Decimal
    comparator: Comparator
    unit: int
    exemption_end_date: str | None = None

    @property
    def unit_name(self) -> str:
        """The unit's name (:data:`METRIC_UNITS`), or ``unit <n>`` for a new one."""
        return METRIC_UNITS.get(self.unit, f"unit {self.unit}")

    @property
    def type_name(self) -> str:
        """The group's name (:data:`METRIC_TYPES`), or ``type <n>`` for a new one."""
        return METRIC_TYPES.get(self.metric_type, f"type {self.metric_type}")

    @property
    def is_group(self) -> bool:
        """Whether this is a group of metrics, not a metric (``metric_id < 0``)."""
        return self.metric_id < 0

    @property
    def passed(self) -> bool | None:
        """Whether the current period meets the target; None without a current value."""
        if self.current_period is None:
            return None
        return self.comparator.holds(self.current_period, self.target_value)


@attrs.frozen
class OverallPerformance:
    """``overall_performance``: the rating and the number of failed metrics per group."""

    rating: int
    fulfillment_failed: int
    listing_failed: int
    custom_service_failed: int

    @property
    def rating_name(self) -> str:
        """The rating's name (:data:`OVERALL_RATINGS`)."""
        return OVERALL_RATINGS.get(self.rating, f"rating {self.rating}")

    def failed(self, metric_type: int) -> int | None:
        """The failed count Shopee states for ``metric_type`` (None for an unknown type)."""
        field = _FAILED_FIELDS.get(metric_type)
        return None if field is None else int(getattr(self, field))


@attrs.frozen
class ShopPerformance:
    """A parsed ``get_shop_performance`` response: every metric, in response order, and the
    overall verdict."""

    market: str
    metrics: tuple[ShopMetric, ...]
    overall: OverallPerformance | None = None
    request_id: str = ""

    def metric(self, key: int | str) -> ShopMetric:
        """The metric with this ``metric_id`` or ``metric_name``."""
        for m in self.metrics:
            if key in (m.metric_id, m.name) and not isinstance(key, bool):
                return m
        names = [m.name for m in self.metrics]
        raise LookupError(
            f"the response has no metric {key!r}; it has: {', '.join(names) or 'none'}."
            f"{close_matches(str(key), names)}"
        )

    @property
    def failing(self) -> tuple[ShopMetric, ...]:
        """The metrics whose current period misses the target."""
        return tuple(m for m in self.metrics if m.passed is False)

    def failed_counts(self) -> Mapping[int, int]:
        """Failing metrics per ``metric_type``, counted from the metrics (set it against
        ``overall``'s counts: Shopee states them separately)."""
        counts = dict.fromkeys(sorted({m.metric_type for m in self.metrics}), 0)
        for m in self.failing:
            counts[m.metric_type] += 1
        return immutabledict(counts)

    def warnings(self) -> tuple[PerformanceWarning, ...]:
        """A ``TARGET_MISSED`` warning per failing metric (Shopee gives no per-metric verdict),
        then an ``OVERALL_RATING`` warning when the rating is Poor or Improvement Needed."""
        out = [
            PerformanceWarning(
                WarningCode.TARGET_MISSED,
                "shopee",
                self.market,
                m.name,
                m.current_period,
                m.target_value,
                m.comparator,
                m.unit_name,
                detail=f"exempt until {m.exemption_end_date}" if m.exemption_end_date else "",
            )
            for m in self.failing
        ]
        if self.overall is not None and self.overall.rating in (1, 2):
            out.append(
                PerformanceWarning(
                    WarningCode.OVERALL_RATING,
                    "shopee",
                    self.market,
                    "overall_performance",
                    Decimal(self.overall.rating),
                    detail=self.overall.rating_name,
                )
            )
        return tuple(out)


def _optional_decimal(item: Mapping[str, object], path: str, key: str) -> Decimal | None:
    value, at = get(item, path, key, required=False)
    return None if value is None else decimal(value, at)


def _shop_metric(value: object, path: str) -> ShopMetric:
    item = obj(value, path)
    target_value, target_path = get(item, path, "target")
    target = obj(target_value, target_path)
    sign_value, sign_path = get(target, target_path, "comparator")
    sign = string(sign_value, sign_path)
    if sign not in _COMPARATORS:
        raise InvalidPayloadError(
            f"{sign_path}: {sign!r} is not one of {', '.join(_COMPARATORS)}."
            f"{close_matches(sign, _COMPARATORS)}"
        )
    exemption, exemption_path = get(item, path, "exemption_end_date", required=False)
    return ShopMetric(
        metric_id=integer(*get(item, path, "metric_id"), minimum=None),
        name=string(*get(item, path, "metric_name")),
        metric_type=integer(*get(item, path, "metric_type")),
        parent_metric_id=integer(*get(item, path, "parent_metric_id"), minimum=None),
        current_period=_optional_decimal(item, path, "current_period"),
        last_period=_optional_decimal(item, path, "last_period"),
        target_value=decimal(*get(target, target_path, "value")),
        comparator=_COMPARATORS[sign],
        unit=integer(*get(item, path, "unit")),
        exemption_end_date=(None if exemption in (None, "") else string(exemption, exemption_path)),
    )


def parse_shop_performance(
    payload: object, *, market: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ShopPerformance:
    """Parse a ``v2.account_health.get_shop_performance`` response (dict, JSON text or bytes,
    or a ``pathlib.Path``), refused as :func:`parse_penalty_point_history` refuses. Values and
    targets are exact decimals; a comparator other than ``<``, ``<=``, ``>``, ``>=``, ``=`` is
    refused; ``null`` values mean no data for the period. ``market`` names the shop's market
    (SG when None) for the warnings."""
    code, _ = _zone(market)
    body, path, rid = _envelope(payload, "a shop performance", "metric_list", max_bytes)
    items, items_path = get(body, path, "metric_list")
    metrics = tuple(
        _shop_metric(v, child(items_path, i)) for i, v in enumerate(seq(items, items_path))
    )
    overall = None
    overall_value, overall_path = get(body, path, "overall_performance", required=False)
    if overall_value is not None:
        o = obj(overall_value, overall_path)
        overall = OverallPerformance(
            rating=integer(*get(o, overall_path, "rating")),
            fulfillment_failed=integer(*get(o, overall_path, "fulfillment_failed")),
            listing_failed=integer(*get(o, overall_path, "listing_failed")),
            custom_service_failed=integer(*get(o, overall_path, "custom_service_failed")),
        )
    return ShopPerformance(code, metrics, overall, rid)
