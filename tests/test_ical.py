"""The deadline calendar: what it holds, its zones, stable UIDs, and the missing extra."""

from __future__ import annotations

import sys
from decimal import Decimal

import attrs
import pytest

import penalties
from penalties import MissingExtraError, Violation
from penalties._time import exact
from penalties.claims import ClaimReason, InformationRequested, SafeTClaim, get_claim_policy
from penalties.ical import deadline_calendar, deadlines

icalendar = pytest.importorskip("icalendar")

AE_EVENTS = [
    Violation("A1", "false_shipment", "2024-01-15T09:30:00+08:00", severity="general"),
    Violation("A2", "unfair_competition", "2024-02-20T14:00:00+08:00", severity="general"),
    Violation("A3", "unfair_competition", "2024-03-11T11:00:00+08:00", severity="serious"),
]
AMAZON = [Violation("M1", "review_manipulation", "2024-05-05T10:00:00+02:00")]
CLAIM = SafeTClaim(
    order_id="302-1234567-1234567",
    reason=ClaimReason.NOT_RETURNED,
    refund_amount=Decimal("89.90"),
    order_value=Decimal("89.90"),
    currency="EUR",
    refund_charged_at="2024-04-01T10:00:00+02:00",
    filed_at="2024-04-20T09:30:00+02:00",
    valid_return_authorization=True,
    history=[InformationRequested("2024-05-08T11:00:00+02:00")],
)


def parsed(data: bytes) -> list[object]:
    cal = icalendar.Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_aliexpress_freeze_end_and_expiries() -> None:
    policy = penalties.get_policy("aliexpress")
    data = deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"TZID:Asia/Shanghai" in data  # the VTIMEZONE
    events = parsed(data)
    got = [(str(e["categories"].cats[0]), e["dtstart"].dt.isoformat()) for e in events]
    assert got == [
        ("sanction_end", "2024-03-18T11:00:00+08:00"),
        ("expiry", "2025-01-14T09:30:00+08:00"),
        ("expiry", "2025-02-19T14:00:00+08:00"),
        ("expiry", "2025-03-11T11:00:00+08:00"),
    ]
    assert all(e["dtstart"].params["TZID"] == "Asia/Shanghai" for e in events)
    assert str(events[0]["summary"]).startswith("AliExpress: freeze ends")
    assert all(e["dtstamp"].dt.isoformat() == "2024-03-12T04:00:00+00:00" for e in events)
    assert b"TRIGGER:-P1D" in data
    assert b"VALARM" not in deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00",
                                              remind_days=None)  # fmt: skip


def test_uids_are_stable_between_exports() -> None:
    policy = penalties.get_policy("aliexpress")
    first = {str(e["uid"]): e["dtstart"].dt for e in parsed(
        deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00"))}  # fmt: skip
    later = {str(e["uid"]): e["dtstart"].dt for e in parsed(
        deadline_calendar(policy, AE_EVENTS, "2024-06-01T12:00:00+08:00"))}  # fmt: skip
    # The freeze is over by June; the expiries keep their UIDs.
    assert set(later) < set(first)
    assert len(first) - len(later) == 1
    assert all(exact(first[uid]) == exact(later[uid]) for uid in later)
    again = deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00")
    assert again == deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00")


def test_shopee_reset_in_its_zone() -> None:
    policy = penalties.get_policy("shopee", market="SG")
    events = [Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00", points=2)]
    items = deadlines(policy, events, "2024-02-10T00:00:00+08:00")
    assert [(d.category, d.at.isoformat(), d.at.timezone_name) for d in items] == [
        ("reset", "2024-04-01T00:00:00+08:00", "Asia/Singapore")
    ]
    assert b"TZID:Asia/Singapore" in deadline_calendar(policy, events, "2024-02-10T00:00:00+08:00")


def test_amazon_appeal_deadline_and_claims() -> None:
    policy = penalties.get_policy("amazon", market="DE")
    csba = get_claim_policy("amazon_csba", market="DE")
    at = "2024-05-10T00:00:00+02:00"
    items = deadlines(policy, AMAZON, at, claim_policy=csba, claims=[CLAIM])
    assert [(d.category, d.at.isoformat()) for d in items] == [
        ("claim_reply_by", "2024-05-15T11:00:00+02:00"),
        ("appeal_deadline", "2024-05-22T10:00:00+02:00"),
    ]
    assert items[0].cause == ("302-1234567-1234567",)
    # Not filed yet at `at`: the file-by deadline is on the calendar.
    planned = attrs.evolve(CLAIM, filed_at="2024-05-20T09:00:00+02:00", history=[])
    later = deadlines(policy, [], at, claim_policy=csba, claims=[planned])
    assert [(d.category, d.at.isoformat()) for d in later] == [
        ("claim_file_by", "2024-05-31T10:00:00+02:00")
    ]
    events = parsed(deadline_calendar(policy, AMAZON, at, claim_policy=csba, claims=[CLAIM]))
    assert {e["dtstart"].params["TZID"] for e in events} == {"Europe/Berlin"}
    with pytest.raises(TypeError, match="claim_policy"):
        deadlines(policy, AMAZON, at, claims=[CLAIM])


def test_bad_input() -> None:
    policy = penalties.get_policy("aliexpress")
    with pytest.raises(TypeError, match="remind_days"):
        deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00+08:00", remind_days=-1)
    with pytest.raises(penalties.InvalidEventError):
        deadline_calendar(policy, AE_EVENTS, "2024-03-12T12:00:00")


def test_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(MissingExtraError, match=r"penalties\[ical\]"):
        deadline_calendar(penalties.get_policy("lazada"), [], "2024-03-12T12:00:00+08:00")
