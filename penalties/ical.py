"""A deadline calendar (iCalendar, RFC 5545) a seller subscribes to in the calendar they already
use: appeal deadlines, the ends of running sanctions (freezes above all) and the days a sanction
may first be appealed, point expiries and calendar resets, and SAFE-T file-by / reply-by /
appeal-by deadlines.

Needs the ``ical`` extra (the ``icalendar`` package). Every event carries its own zone (a
``TZID`` with its ``VTIMEZONE``), a UID that stays the same from one export to the next (so a
calendar that refreshes the feed updates events rather than duplicating them), and a ``DTSTAMP``
equal to the instant the calendar describes: nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
from pendulum import DateTime

from penalties._time import InstantLike, exact, fold_safe, instant_eq, to_instant, zone
from penalties.events import Event
from penalties.explain import _Words
from penalties.results import MissingExtraError
from penalties.rules import CalendarReset

if TYPE_CHECKING:
    from penalties.claims import ClaimPolicy, SafeTClaim
    from penalties.policy import Policy

__all__ = ["Deadline", "deadline_calendar", "deadlines"]


@fold_safe
@attrs.frozen
class Deadline:
    """One dated item of the calendar: a stable ``uid``, its instant ``at`` (in the zone of the
    policy or marketplace it belongs to), a ``category`` (``appeal_deadline``,
    ``sanction_end``, ``sanction_appealable``, ``expiry``, ``reset``, ``claim_file_by``,
    ``claim_reply_by``, ``claim_appeal_by``), a one-line ``summary`` and the ids behind it."""

    uid: str
    at: DateTime = attrs.field(eq=instant_eq)
    category: str
    summary: str
    cause: tuple[str, ...]


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@penalties"


def deadlines(
    policy: Policy,
    events: Iterable[Event],
    at: InstantLike,
    *,
    claim_policy: ClaimPolicy | None = None,
    claims: Iterable[SafeTClaim] = (),
) -> tuple[Deadline, ...]:
    """Every deadline still ahead of ``at`` (or at it), soonest first: what
    :func:`deadline_calendar` writes. The account's deadlines come from ``policy.standing(events,
    at)``; claims need their ``claim_policy``."""
    t = to_instant(at, what="at")
    key = exact(t)
    standing = policy.standing(events, t)
    z = zone(policy.tz)
    out: list[Deadline] = []
    name = policy.name
    words = _Words(policy, policy.timezone, "en")
    for w in standing.appeal_windows:
        out.append(
            Deadline(
                _uid(policy.code, policy.market, "appeal_deadline", w.violation_id),
                z.datetime(exact(w.deadline)),
                "appeal_deadline",
                f"{name}: last day to appeal {w.violation_id} ({w.kind})",
                (w.violation_id,),
            )
        )
    for s in standing.sanctions:
        what = s.kind.name.lower().replace("_", " ")
        first = s.cause[:1]
        ident = (policy.code, policy.market, s.kind.value, exact(s.start), s.ledger, s.threshold)
        if s.end is not None:
            out.append(
                Deadline(
                    _uid(*ident, first, "end"),
                    z.datetime(exact(s.end)),
                    "sanction_end",
                    f"{name}: {what} ends ({s.reason.split('; ')[0]})",
                    s.cause,
                )
            )
        if s.appealable_from is not None and exact(s.appealable_from) >= key:
            out.append(
                Deadline(
                    _uid(*ident, first, "appealable"),
                    z.datetime(exact(s.appealable_from)),
                    "sanction_appealable",
                    f"{name}: the {what} may be appealed from now",
                    s.cause,
                )
            )
    for e in standing.expiring:
        reset = isinstance(policy.ledger(e.ledger).validity, CalendarReset)
        category = "reset" if reset else "expiry"
        verb = "reset" if reset else "lapse"
        out.append(
            Deadline(
                _uid(policy.code, policy.market, category, e.ledger, e.cause, exact(e.at)),
                z.datetime(exact(e.at)),
                category,
                f"{name}: {words.n(e.points, policy.ledger(e.ledger).unit)} on {e.ledger} {verb}",
                e.cause,
            )
        )
    if claim_policy is not None:
        out.extend(_claim_deadlines(claim_policy, claims, key))
    elif any(True for _ in claims):
        raise TypeError("deadlines(..., claims=...) needs claim_policy= to assess the claims.")
    out.sort(key=lambda d: (exact(d.at), d.category, d.uid))
    return tuple(out)


def _claim_deadlines(policy: ClaimPolicy, claims: Iterable[SafeTClaim], key: int) -> list[Deadline]:
    items = sorted(claims, key=lambda c: (exact(c.filed_at), c.order_id))
    z = zone(policy.zone)
    out = []
    for i, claim in enumerate(items):
        result = policy.assess(claim, prior_claims=items[:i])
        for category, deadline, text in (
            ("claim_file_by", result.file_by, "file the SAFE-T claim"),
            ("claim_reply_by", result.reply_by, "reply on the SAFE-T claim"),
            ("claim_appeal_by", result.appeal_by, "appeal the SAFE-T decision"),
        ):
            if deadline is None or exact(deadline) < key:
                continue
            if category == "claim_file_by" and exact(claim.filed_at) <= key:
                continue  # already filed
            out.append(
                Deadline(
                    _uid(policy.code, policy.market, category, claim.order_id),
                    z.datetime(exact(deadline)),
                    category,
                    f"Amazon {policy.market}: {text} for order {claim.order_id}",
                    (claim.order_id,),
                )
            )
    return out


def deadline_calendar(
    policy: Policy,
    events: Iterable[Event],
    at: InstantLike,
    *,
    claim_policy: ClaimPolicy | None = None,
    claims: Iterable[SafeTClaim] = (),
    name: str | None = None,
    remind_days: int | None = 1,
) -> bytes:
    """The :func:`deadlines` ahead of ``at`` as an iCalendar file (bytes, UTF-8, CRLF lines).

    Each event starts at its deadline in its own zone (``DTSTART;TZID=...`` and a
    ``VTIMEZONE``), with a display alarm ``remind_days`` days before (``None``: no alarm).
    ``name`` is the calendar's display name (default: the policy's name and "deadlines").
    """
    try:
        import icalendar
    except ImportError:
        raise MissingExtraError(
            "deadline_calendar() needs icalendar; install it with pip install 'penalties[ical]'."
        ) from None
    if remind_days is not None and (
        isinstance(remind_days, bool) or not isinstance(remind_days, int) or remind_days < 0
    ):
        raise TypeError(f"remind_days takes a whole number >= 0 or None, not {remind_days!r}.")
    t = to_instant(at, what="at")
    items = deadlines(policy, events, t, claim_policy=claim_policy, claims=claims)
    cal: Any = icalendar.Calendar()
    cal.add("prodid", "-//penalties//deadline calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or f"{policy.name} deadlines")
    stamp = t.in_timezone("UTC")
    for d in items:
        event: Any = icalendar.Event()
        event.add("uid", d.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", d.at)
        event.add("summary", d.summary)
        event.add("categories", [d.category])
        if d.cause:
            event.add("description", "Cause: " + ", ".join(d.cause))
        if remind_days is not None:
            alarm: Any = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", d.summary)
            alarm.add("trigger", -dt.timedelta(days=remind_days))
            event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
