"""Notebook HTML: every result renders as escaped, compact tables with the expected content."""

from __future__ import annotations

import html
import html.parser
from decimal import Decimal

import pendulum
import pytest

import penalties
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
    _html,
    get_policy,
)
from penalties.claims import (
    ClaimDecided,
    ClaimReason,
    InformationRequested,
    SafeTClaim,
    get_claim_policy,
)
from penalties.demo import demo_history

SCRIPT = "<script>alert('x')</script>"
AT = "2024-06-03T12:00:00+08:00"


class _Checker(html.parser.HTMLParser):
    """Collects the start tags and text of a fragment, and checks that tags balance."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"unbalanced </{tag}> in {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Checker:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    assert checker.stack == [], f"unclosed tags {checker.stack}"
    return checker


def _hostile_policy() -> Policy:
    """A policy whose titles and sanction reasons carry markup."""
    ledger = Ledger(
        "main",
        f"Main {SCRIPT}",
        thresholds=(
            Threshold(
                3,
                (SanctionSpec(SanctionKind.FREEZE, 7, reason=f"frozen {SCRIPT}"),),
                label=f"3 points {SCRIPT}",
            ),
        ),
    )
    return Policy(
        "hostile",
        f"Hostile {SCRIPT}",
        "Asia/Shanghai",
        (ledger,),
        (ViolationKind("v", "test", "main", points=2),),
        ("test",),
    )


def _hostile_events() -> list[penalties.Event]:
    return [
        Violation("a", "v", "2024-06-01T10:00:00+08:00", note=SCRIPT, reference=f"ref {SCRIPT}"),
        Violation("b", "v", "2024-06-02T10:00:00+08:00", note="<b>bold</b> & more"),
        Appeal("b", "2024-06-02T12:00:00+08:00"),
    ]


# --------------------------------------------------------------------------- escaping


def test_standing_escapes_titles_labels_and_reasons() -> None:
    standing = _hostile_policy().standing(_hostile_events(), AT)
    assert standing.sanctions  # the freeze with the hostile reason runs
    out = standing._repr_html_()
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    checker = _parse(out)
    assert "script" not in checker.tags
    text = "".join(checker.text)
    assert f"Hostile {SCRIPT}" in text  # the escaped text reads back exactly
    assert f"frozen {SCRIPT}" in text


def test_timeline_escapes_violation_notes_and_references() -> None:
    timeline = _hostile_policy().evaluate(_hostile_events())
    out = timeline._repr_html_()
    assert "<script>" not in out
    assert "<b>" not in out
    checker = _parse(out)
    assert {"script", "b"}.isdisjoint(checker.tags)
    text = "".join(checker.text)
    assert SCRIPT in text
    assert f"ref {SCRIPT}" in text
    assert "<b>bold</b> & more" in text
    assert "&amp; more" in out


def test_what_if_escapes() -> None:
    policy = _hostile_policy()
    what_if = policy.what_if(
        _hostile_events()[:1], Violation("c", "v", "2024-06-03T09:00:00+08:00", note=SCRIPT), AT
    )
    out = what_if._repr_html_()
    assert "<script>" not in out
    assert "script" not in _parse(out).tags
    assert f"frozen {SCRIPT}" in "".join(_parse(out).text)  # the new sanction's reason


def test_assessment_escapes_the_order_id() -> None:
    claim = SafeTClaim(
        order_id=f"302-{SCRIPT}",
        reason=ClaimReason.NOT_RETURNED,
        refund_amount=Decimal("10.00"),
        order_value=Decimal("10.00"),
        currency="EUR",
        refund_charged_at="2024-02-01T10:00:00+01:00",
        filed_at="2024-02-20T09:30:00+01:00",
    )
    out = get_claim_policy("amazon_csba", market="DE").assess(claim)._repr_html_()
    assert "<script>" not in out
    checker = _parse(out)
    assert "script" not in checker.tags
    assert f"302-{SCRIPT}" in "".join(checker.text)


# --------------------------------------------------------------------------- content


def test_demo_standing_content() -> None:
    standing = penalties.get_policy("aliexpress").standing(
        demo_history(), "2024-03-12T12:00:00+08:00"
    )
    out = standing._repr_html_()
    checker = _parse(out)
    text = " ".join(checker.text)
    assert "AliExpress" in text
    assert "2024-03-12 12:00" in text
    assert "Asia/Shanghai" in text
    assert "FROZEN" in text
    assert "until 2024-03-18 11:00" in text  # the 7-day trade freeze
    assert "12 points" in text
    assert "48 points: account closed" in text  # trade's next threshold
    assert "Active sanctions" in text
    assert "freeze" in text
    assert "AE-2024-001, AE-2024-002" in text  # its cause
    assert "Upcoming expiries" in text
    assert checker.tags.count("table") == 3  # balances, sanctions, expiries
    # One row per ledger, zeros included.
    for ledger in ("trade", "ip", "ip_serious", "product_info"):
        assert f"<td>{ledger}</td>" in out


def test_demo_standing_singular_units_and_appeals() -> None:
    standing = penalties.get_policy("aliexpress").standing(
        demo_history(), "2024-07-05T12:00:00+08:00"
    )
    out = standing._repr_html_()
    assert "<td>1 strike</td>" in out
    text = " ".join(_parse(out).text)
    assert "Appeals" in text
    assert "AE-2024-010" in text
    assert "PENDING" in text  # filed 07-03, decided only on 07-10


def test_demo_timeline_content() -> None:
    timeline = penalties.get_policy("aliexpress").evaluate(demo_history())
    out = timeline._repr_html_()
    checker = _parse(out)
    text = " ".join(checker.text)
    assert f"timeline of {len(timeline.events)} events" in text
    assert f"{len(timeline.changes)} balance changes" in text
    assert "2 of 4 counted (at most 6 points a day)" in text
    assert "AE-2024-010 revoked: appeal on AE-2024-010 granted" in text
    assert "<td>-2</td>" in out  # deltas are signed
    assert "<td>+3</td>" in out
    assert "Events (12)" in text
    assert "appeal granted, decided 2024-07-10 17:00" in text
    assert "malicious review against a competitor" in text  # a violation's note
    # changes, sanctions and events tables
    assert checker.tags.count("table") == 3
    assert out.count("<tr>") == 1 + len(timeline.changes) + 1 + 2 + 1 + 12


def test_long_tables_say_how_much_is_left_out() -> None:
    policy = penalties.get_policy("taobao")
    events = [Violation(f"g{i:03d}", "general", _at(i), points=1) for i in range(60)]
    timeline = policy.evaluate(events)
    out = timeline._repr_html_()
    rows = len(timeline.changes)
    assert rows > _html.MAX_ROWS
    assert f"… {rows - _html.MAX_ROWS} more changes" in out
    assert f"… {60 - _html.MAX_ROWS} more events" in out


def _at(i: int) -> str:
    return f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00+08:00"


def test_what_if_content() -> None:
    policy = penalties.get_policy("aliexpress")
    events = demo_history()[:4]  # trade at 9 points
    what_if = policy.what_if(
        events,
        Violation("X", "unfair_competition", "2024-03-11T09:00:00+08:00", severity="general"),
        "2024-03-11T12:00:00+08:00",
    )
    out = what_if._repr_html_()
    text = " ".join(_parse(out).text)
    assert "GOOD" in text
    assert "FROZEN" in text
    assert "New sanctions" in text
    assert "<td>trade</td><td>9</td><td>12</td><td>+3</td>" in out
    assert "<td>ip</td><td>0</td><td>0</td><td>+0</td>" in out


def test_what_if_without_new_sanctions() -> None:
    policy = penalties.get_policy("aliexpress")
    what_if = policy.what_if(
        [],
        Violation("X", "false_shipment", "2024-03-11T09:00:00+08:00", severity="general"),
        "2024-03-11T12:00:00+08:00",
    )
    assert "No new sanctions." in what_if._repr_html_()


def test_assessment_content() -> None:
    policy = get_claim_policy("amazon_csba", market="DE")
    claim = SafeTClaim(
        order_id="302-1234567-1234567",
        reason=ClaimReason.NOT_RETURNED,
        refund_amount=Decimal("89.90"),
        order_value=Decimal("89.90"),
        currency="EUR",
        refund_charged_at="2024-02-01T10:00:00+01:00",
        filed_at="2024-04-02T09:30:00+02:00",
        chargeback=True,
    )
    assessment = policy.assess(claim)
    out = assessment._repr_html_()
    text = "".join(_parse(out).text)
    assert "order 302-1234567-1234567" in text
    assert "Amazon DE" in text
    assert "not eligible" in text
    assert "2024-04-01 10:00 +02:00" in text  # file by, in Berlin summer time
    assert "EUR 0" in text
    for code in assessment.codes:
        assert f"<td>{code}</td>" in out
    assert "filing_window_closed" in assessment.codes
    assert "chargeback" in assessment.codes
    assert "<td>blocking</td>" in out
    assert "Evidence to attach" in text


@pytest.mark.parametrize("market", ["DE", "US", "JP"])
def test_eligible_assessment_renders(market: str) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    currency = {"DE": "EUR", "US": "USD", "JP": "JPY"}[market]
    claim = SafeTClaim(
        order_id="111-1",
        reason=ClaimReason.NOT_RETURNED,
        refund_amount=Decimal("20"),
        order_value=Decimal("20"),
        currency=currency,
        refund_charged_at="2024-02-01T10:00:00+00:00",
        filed_at="2024-02-10T10:00:00+00:00",
    )
    assessment = policy.assess(claim)
    out = assessment._repr_html_()
    verdict = "not eligible" if not assessment.eligible else "eligible"
    assert f"<strong>{verdict}</strong>" in out
    assert ("Problems" in out) == bool(assessment.problems)


def test_repr_html_of_each_class_is_the_renderer() -> None:
    policy = penalties.get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    standing = timeline.at(AT)
    assert standing._repr_html_() == _html.render_standing(standing)
    assert timeline._repr_html_() == _html.render_timeline(timeline)
    what_if = policy.what_if(demo_history(), [], AT)
    assert what_if._repr_html_() == _html.render_what_if(what_if)
    assert AppealOutcome.GRANTED.name in timeline._repr_html_().upper()


# ---------------------------------------------------------------------------
# Notebook HTML of rarer records: revocations, funds decisions and fines in a timeline, an empty
# timeline, and a claim verdict with its reply, appeal and granted figures.


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


# ---------------------------------------------------------------- policies, sanctions, CSS


def _every_repr() -> dict[str, str]:
    policy = get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    de = get_claim_policy("amazon_csba", market="DE")
    return {
        "standing": timeline.at(AT)._repr_html_(),
        "timeline": timeline._repr_html_(),
        "what-if": policy.what_if(demo_history(), [], AT)._repr_html_(),
        "sanction": timeline.sanctions[0]._repr_html_(),
        "policy": policy._repr_html_(),
        "claim-policy": de._repr_html_(),
        "assessment": de.assess(_claim())._repr_html_(),
    }


@pytest.mark.parametrize("kind", list(_every_repr()))
def test_every_repr_ships_its_scoped_css(kind: str) -> None:
    out = _every_repr()[kind]
    assert out.startswith(f'<div class="penalties penalties-{kind}"><style>{_html.CSS}</style>')
    assert out.count("<style>") == 1
    _parse(out)
    # Every rule applies under .penalties only: nothing else on the page is restyled.
    rules = [r for r in _html.CSS.split("}") if r]
    for rule in rules:
        selectors = rule.split("{")[0]
        assert all(sel.strip().startswith(".penalties") for sel in selectors.split(",")), rule


def test_policy_repr_is_a_summary_not_an_attrs_dump() -> None:
    policy = get_policy("aliexpress")
    out = _text(policy._repr_html_())
    assert "<strong>AliExpress</strong> (aliexpress) — 4 ledgers" in out
    assert "days counted in Asia/Shanghai" in out
    # Each ledger with its validity, counting rules and thresholds.
    assert "<td>trade</td>" in out
    assert "valid 365 days from the penalty" in out
    assert "at most 6 points a day" in out
    assert "violations within 3 days count once" in out
    assert "12 points: 7-day freeze" in out
    # The catalogue with its dated points, the assumptions and the linked sources.
    assert "<td>unfair_competition</td>" in out
    assert "general: 3 points from 2017-11-22 (1 before 2017-11-22)" in out
    assert "Assumptions" in out
    assert policy.assumptions[0].code in out
    web = next(r for r in policy.references if r.startswith("https://"))
    assert f'<a href="{web}"' in out
    seed = next(r for r in policy.references if not r.startswith("http"))
    assert f"<li>{seed}</li>" in out  # a source that is not a web address is not a link
    assert "Ledger(" not in out
    assert "ViolationKind(" not in out


@pytest.mark.parametrize("code", penalties.list_policies())
def test_every_builtin_policy_renders(code: str) -> None:
    policy = get_policy(code)
    out = policy._repr_html_()
    _parse(out)
    assert out == _html.render_policy(policy)
    for ledger in policy.ledgers:
        assert f"<td>{html.escape(ledger.code)}</td>" in out


def test_policy_repr_escapes_and_links_only_web_addresses() -> None:
    base = _hostile_policy()
    policy = Policy(
        base.code,
        base.name,
        base.timezone,
        base.ledgers,
        base.kinds,
        ("javascript:alert(1)", f"https://example.com/?q={SCRIPT}"),
    )
    out = policy._repr_html_()
    checker = _parse(out)
    assert "script" not in checker.tags
    assert 'href="javascript' not in out
    assert "<li>javascript:alert(1)</li>" in out
    assert 'href="https://example.com/?q=&lt;script&gt;' in out
    assert f"3 points {SCRIPT}: 7-day freeze" in "".join(checker.text)


def test_sanction_repr() -> None:
    timeline = get_policy("aliexpress").evaluate(demo_history())
    freeze = next(s for s in timeline.sanctions if s.ledger == "ip_serious")
    out = _text(freeze._repr_html_())
    assert out == _text(_html.render_sanction(freeze))
    assert (
        "<strong>freeze</strong> from 2024-06-01 09:00 (Asia/Shanghai) until 2024-06-02 09:00 "
        "(Asia/Shanghai) (1 day)" in out
    )
    assert "<th>cause</th><td>AE-2024-008</td>" in out
    assert "<th>threshold</th><td>1</td>" in out
    assert "<th>status implied</th><td>FROZEN</td>" in out


def test_an_open_ended_direct_sanction_repr() -> None:
    shopee = get_policy("shopee", market="MY")
    timeline = shopee.evaluate([Violation("b", "account_ban", "2024-05-10T10:00:00+08:00")])
    (ban,) = [s for s in timeline.sanctions if s.ledger is None]
    out = _text(ban._repr_html_())
    assert "until open-ended</p>" in out
    assert "(direct: applied by a violation, no threshold)" in out


def test_claim_policy_repr() -> None:
    us = get_claim_policy("amazon_csba", market="US")
    out = _text(us._repr_html_())
    assert out == _text(_html.render_claim_policy(us))
    assert "(amazon_csba, US) — SAFE-T claims; days counted in America/Los_Angeles" in out
    assert (
        "<th>file within</th><td>60 calendar days (from the next day, to the end of the last) "
        "after the refund was charged</td>"
    ) in out
    assert "(from 2026-02-16)" in out
    assert "<th>cap per order</th><td>USD 5,000</td>" in out
    assert "<td>not_returned</td>" in out
    de = _text(get_claim_policy("amazon_csba", market="DE")._repr_html_())
    assert "<th>cap per item</th><td>EUR 4,000</td>" in de
    ae = _text(get_claim_policy("amazon_csba", market="AE")._repr_html_())
    assert "business days" in ae


def test_reprs_are_compact() -> None:
    """A summary, not the ~2 KB attrs dump of every field (the sanction was 600 characters of
    repr; its HTML, style included, stays small)."""
    timeline = get_policy("aliexpress").evaluate(demo_history())
    out = timeline.sanctions[0]._repr_html_()
    assert len(out) - len(_html.CSS) < 1200
