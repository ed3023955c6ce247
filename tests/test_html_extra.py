"""Notebook HTML, continued: revocations, funds decisions and fines in a timeline, an empty
timeline, and a claim verdict with its reply, appeal and granted figures."""

from __future__ import annotations

import html
from decimal import Decimal

import pendulum

from penalties import (
    Appeal,
    AppealOutcome,
    FundsDecision,
    Ledger,
    Policy,
    Revocation,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Violation,
    ViolationKind,
    get_policy,
)
from penalties.claims import (
    ClaimDecided,
    ClaimReason,
    InformationRequested,
    SafeTClaim,
    get_claim_policy,
)

BERLIN = "Europe/Berlin"


def _text(fragment: str) -> str:
    return html.unescape(fragment)


def test_a_timeline_lists_revocations_and_funds_decisions_as_events() -> None:
    amazon = get_policy("amazon")
    events = [
        Violation("r1", "review_manipulation", "2024-03-01T10:00:00+00:00"),
        Violation("c1", "ip_complaint", "2024-03-02T10:00:00+00:00"),
        Revocation("c1", "2024-03-05T10:00:00+00:00", "retracted", note="rights owner withdrew"),
        FundsDecision("2024-04-01T10:00:00+00:00", "released", "r1", note="released by review"),
    ]
    out = _text(amazon.evaluate(events)._repr_html_())
    assert "retracted: c1" in out
    assert "revocation (retracted)" in out
    assert "rights owner withdrew" in out
    assert "funds released" in out
    assert "funds decision (released)" in out
    assert "released by review" in out


def test_a_fine_shows_its_amount_and_currency() -> None:
    fine = SanctionSpec(SanctionKind.FINE, 1, amount=Decimal("1250.50"), currency="EUR")
    policy = Policy(
        "fines",
        "Fines",
        "Europe/Berlin",
        (Ledger("main", "Main", thresholds=(Threshold(2, (fine,)),)),),
        (ViolationKind("late", "Late", "main", points=2),),
        ("https://example.com/fines",),
    )
    timeline = policy.evaluate([Violation("v1", "late", "2024-03-01T10:00:00+01:00")])
    assert "fine (1,250.50 EUR)" in _text(timeline._repr_html_())


def test_a_timeline_lists_its_notes() -> None:
    events = [
        Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="general"),
        Appeal(
            "v1",
            "2024-03-02T10:00:00+08:00",
            "2024-03-10T10:00:00+08:00",
            AppealOutcome.GRANTED,
        ),
        Revocation("v1", "2024-03-05T10:00:00+08:00"),
    ]
    timeline = get_policy("aliexpress").evaluate(events)
    assert len(timeline.notes) == 1
    out = _text(timeline._repr_html_())
    assert "<p>Notes</p><ul><li>" in out
    assert "appeal on v1 decided after it was revoked" in out


def test_an_empty_timeline_renders_only_its_summary() -> None:
    out = _text(get_policy("aliexpress").evaluate([])._repr_html_())
    assert "timeline of 0 events: 0 balance changes, 0 sanctions" in out
    assert "<table" not in out
    assert "Sanctions" not in out
    assert "<details>" not in out
    assert "Notes" not in out


def _claim(*history: object) -> SafeTClaim:
    return SafeTClaim(
        order_id="302-1234567-1234567",
        reason=ClaimReason.RETURNED_WRONG_OR_INCOMPLETE,
        refund_amount=Decimal("80.00"),
        order_value=Decimal("80.00"),
        currency="EUR",
        refund_charged_at=pendulum.datetime(2024, 2, 1, 10, tz=BERLIN),
        filed_at=pendulum.datetime(2024, 3, 1, 10, tz=BERLIN),
        history=history,  # type: ignore[arg-type]
    )


def test_a_claim_awaiting_a_reply_shows_the_reply_by_date() -> None:
    de = get_claim_policy("amazon_csba", market="DE")
    requested = InformationRequested(pendulum.datetime(2024, 3, 28, 10, tz=BERLIN))
    out = _text(de.assess(_claim(requested))._repr_html_())
    assert "<th>reply by</th><td>2024-04-04 10:00 +02:00</td>" in out
    assert "appeal by" not in out
    assert "granted" not in out


def test_a_granted_claim_shows_the_appeal_window_and_the_amount() -> None:
    de = get_claim_policy("amazon_csba", market="DE")
    decided = ClaimDecided(pendulum.datetime(2024, 3, 27, 15, tz=BERLIN), "granted", "40.00")
    assessment = de.assess(_claim(decided))
    out = _text(assessment._repr_html_())
    assert "appeal by" in out
    assert "<th>granted</th><td>EUR 40.00</td>" in out
    assert "reply by" not in out
