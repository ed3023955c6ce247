"""Regression tests: one for each failure the robustness and conformance suites found, each
named after what now holds, with a note on how it failed before."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import attrs
import pendulum
import pytest

import penalties
from penalties import (
    ExpiresAfter,
    PolicyDefinitionError,
    Schedule,
    Violation,
    get_claim_policy,
    get_policy,
)

UTC = dt.UTC
ALI = get_policy("aliexpress")
DE = get_claim_policy("amazon_csba", market="DE")
BASE_V = Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="serious")


def test_expiry_schedule_must_cover_every_date() -> None:
    # Found by policies(): a validity that starts on a date left earlier violations without
    # an expiry, and the engine failed an internal assertion instead of a clear error.
    with pytest.raises(PolicyDefinitionError, match=r"start its Schedule with \(None, days\)"):
        ExpiresAfter(Schedule.dated((dt.date(2020, 1, 1), 365)))
    assert ExpiresAfter(Schedule.dated((None, 365), (dt.date(2020, 1, 1), 180)))


def test_two_ledgers_with_kept_balances_stop_resetting() -> None:
    # Found by the conformance suite: with 48 serious and 48 counterfeit points, both kept at
    # every reset, each ledger's pending reset kept the other one resetting until year 10000
    # (ValueError) instead of settling.
    taobao = penalties.get_policy("taobao")
    events = [
        Violation("a", "serious", "2015-01-01T00:00:00+08:00", points=48),
        Violation("b", "counterfeit", "2015-01-01T00:00:00+08:00", points=48),
    ]
    timeline = taobao.evaluate(events)
    later = timeline.at("2040-06-01T00:00:00+08:00")
    assert (later.points["serious"], later.points["counterfeit"]) == (48, 48)


@pytest.mark.parametrize(
    "instant",
    [
        "9999-12-31T23:59:59+14:00",
        dt.datetime.max.replace(tzinfo=UTC),
        pendulum.datetime(9999, 12, 31, tz="UTC"),
        "0001-01-01T00:00:00-12:00",
        dt.datetime.min.replace(tzinfo=UTC),
    ],
)
def test_instants_outside_the_computable_years_are_refused(instant: Any) -> None:
    # Found by the junk suite: a violation in year 9999 was accepted, then evaluation failed
    # with OverflowError when it added the 365-day expiry; standing(at=datetime.max) likewise.
    with pytest.raises(penalties.InvalidEventError, match="outside the years 1000-8999"):
        Violation("v1", "unfair_competition", instant, severity="serious")
    with pytest.raises(penalties.InvalidEventError, match="outside the years"):
        ALI.standing([BASE_V], instant)
    with pytest.raises(penalties.InvalidClaimError, match="outside the years"):
        DE.filing_rule(instant)
    assert Violation("v1", "unfair_competition", "8999-06-01T00:00:00Z", severity="serious")


@pytest.mark.parametrize("days", [2**63, 10**100, 4_000_000])
def test_rule_days_past_the_end_of_the_calendar_are_a_policy_error(days: int) -> None:
    # Found by the junk suite: ExpiresAfter(2**63) and aliexpress(non_ip_expiry_days=10**100)
    # were accepted, then evaluation failed with OverflowError.
    policy = get_policy("aliexpress", non_ip_expiry_days=days)
    with pytest.raises(PolicyDefinitionError, match="past the end of the calendar"):
        policy.evaluate([BASE_V])
    with pytest.raises(PolicyDefinitionError, match="past the end of the calendar"):
        DE.deadline("2024-03-01T10:00:00+01:00", penalties.Window(days))


def _small_policy(ledger: penalties.Ledger | None = None, kind: Any = None) -> penalties.Policy:
    ledger = ledger or penalties.Ledger("main", "Main")
    kind = kind or penalties.ViolationKind("v", "V", "main", points=1)
    return penalties.Policy("p", "P", "UTC", (ledger,), (kind,), ("test",))


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (
            lambda: _small_policy(
                penalties.Ledger("main", "Main", thresholds=(penalties.Threshold(3, ("freeze",)),))
            ),
            "ledgers[0].thresholds[0].sanctions[0]",
        ),
        (lambda: _small_policy(penalties.Ledger("main", "Main", unit=5)), "ledgers[0].unit"),
        (
            lambda: _small_policy(
                penalties.Ledger("main", "Main", validity=penalties.CalendarReset("yearly"))
            ),
            "ledgers[0].validity",
        ),
        (
            lambda: _small_policy(
                kind=penalties.ViolationKind("v", "V", "main", appeal_window_days=1.5)
            ),
            "kinds[0].appeal_window_days.entries[0]",
        ),
        (
            lambda: _small_policy(
                kind=penalties.ViolationKind(
                    "v", "V", "main", sanctions=(penalties.SanctionSpec("freeze", 3),)
                )
            ),
            "kinds[0].sanctions[0].kind",
        ),
        (lambda: get_policy("aliexpress", stacking="heaviest"), ".stacking"),
        (lambda: penalties.Policy("p", "P", "UTC", ("main",), (), ("t",)), "ledgers[0]"),
    ],
)
def test_a_policy_checks_the_types_of_its_rules(build: Any, path: str) -> None:
    # Found by the junk suite: wrongly typed rules were accepted and failed at evaluation with
    # AttributeError, KeyError or decimal.InvalidOperation; now the policy names the field.
    with pytest.raises(PolicyDefinitionError, match=path.replace("[", r"\[").replace("]", r"\]")):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: penalties.CarryOver(decimal.Decimal("NaN")),
        lambda: penalties.CarryOver(24, keep=decimal.Decimal("sNaN")),
        lambda: penalties.DailyCap(decimal.Decimal("NaN")),
        lambda: penalties.MergeWindow(decimal.Decimal("NaN")),
        lambda: penalties.QuarterlyReset(decimal.Decimal("sNaN")),
        lambda: penalties.SanctionSpec(
            penalties.SanctionKind.FINE, amount=decimal.Decimal("NaN"), currency="EUR"
        ),
        lambda: penalties.YearlyReset(2**63),
        lambda: penalties.YearlyReset(1, 10**100),
        lambda: penalties.Schedule("abc"),
        lambda: penalties.Schedule(((None,),)),
        lambda: penalties.Ledger(5, "Main"),
        lambda: penalties.Ledger(b"main", "Main"),
    ],
)
def test_rule_constructors_refuse_junk_numbers_and_codes(build: Any) -> None:
    # Found by the junk suite: decimal.InvalidOperation, OverflowError, ValueError (unpacking)
    # or AttributeError escaped from these constructors.
    with pytest.raises(PolicyDefinitionError):
        build()


@pytest.mark.parametrize("junk", [None, "v1", {"id": "v1"}, 5])
def test_policy_methods_refuse_what_is_not_a_violation(junk: Any) -> None:
    # Found by the junk suite: resolve() and appeal_deadline() raised AttributeError.
    with pytest.raises(penalties.InvalidEventError, match=r"takes a penalties\.Violation"):
        ALI.resolve(junk)
    with pytest.raises(penalties.InvalidEventError, match=r"takes a penalties\.Violation"):
        ALI.appeal_deadline(junk)


@pytest.mark.parametrize("rules", ["60", [None], [60], ("x", 5)])
def test_claim_policies_check_their_filing_rules(rules: Any) -> None:
    # Found by the junk suite: ClaimPolicy(filing_rules=...) raised AttributeError ('since').
    with pytest.raises(PolicyDefinitionError, match="FilingRule"):
        attrs.evolve(DE, filing_rules=rules)


@pytest.mark.parametrize("window", [None, "7", 1.5, dt.timedelta(days=7)])
def test_claim_deadlines_check_their_window(window: Any) -> None:
    # Found by the junk suite: ClaimPolicy.deadline(start, window) raised AttributeError.
    with pytest.raises(PolicyDefinitionError, match="window"):
        DE.deadline("2024-03-01T10:00:00+01:00", window)
    assert DE.deadline("2024-03-01T10:00:00+01:00", 7) == pendulum.parse(
        "2024-03-08T10:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00[\x00]", "is not UTF-8 text"),
        (b"[" + b"9" * 10_000 + b"]", "is not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    ],
)
def test_cli_reports_unreadable_files(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    # Found by the junk suite: UnicodeDecodeError, ValueError (int digits limit) and
    # RecursionError escaped from `penalties evaluate` as tracebacks.
    from penalties.cli import main

    path = tmp_path / "events.json"
    path.write_bytes(content)
    args = ["evaluate", str(path), "--policy", "aliexpress", "--at", "2025-01-01T00:00:00Z"]
    assert main(args) == 2
    assert message in capsys.readouterr().err
