"""Robustness in python-stdnum's manner: every public constructor, loader and entry point, fed
the same junk in each argument, raises a `PenaltiesError` or a `TypeError`; never another
exception, never a hang. Whatever junk a constructor accepts must then survive evaluation,
explanation or assessment under the same rule. The failures it found have their own regression
tests in tests/test_regressions.py."""

from __future__ import annotations

import datetime as dt
import json
import math
import signal
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import penalties
import penalties.io
import penalties.policy
from penalties import (
    Appeal,
    AppealOutcome,
    Assumption,
    CalendarReset,
    CarryOver,
    ClaimAppealed,
    ClaimDecided,
    ClaimPolicy,
    DailyCap,
    DatedResetCalendar,
    ExpiresAfter,
    FilingRule,
    InformationRequested,
    Ledger,
    MergeWindow,
    PenaltiesError,
    PenaltiesWarning,
    PlanOfAction,
    Policy,
    QuarterlyReset,
    SafeTClaim,
    SanctionKind,
    SanctionSpec,
    Schedule,
    SellerReplied,
    Severity,
    Stacking,
    StackingMode,
    Threshold,
    Violation,
    ViolationKind,
    Window,
    YearlyReset,
    frames,
    get_claim_policy,
    get_policy,
)
from penalties.cli import main as cli_main
from penalties.explain import explain_standing, explain_what_if
from penalties.io import amazon, shopee

# --------------------------------------------------------------------------- junk


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _deep_dict(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"a": value}
    return value


UTC = dt.UTC
JUNK: list[tuple[str, Any]] = [
    ("None", None),
    ("True", True),
    ("zero", 0),
    ("minus one", -1),
    ("2**63", 2**63),
    ("10**100", 10**100),
    ("-10**100", -(10**100)),
    ("nan", math.nan),
    ("inf", math.inf),
    ("-0.0", -0.0),
    ("1.5", 1.5),
    ("Decimal NaN", Decimal("NaN")),
    ("Decimal sNaN", Decimal("sNaN")),
    ("Decimal inf", Decimal("Infinity")),
    ("Decimal huge", Decimal("1e999999")),
    ("Decimal -1", Decimal(-1)),
    ("empty", ""),
    ("blank", " \t\n"),
    ("NUL", "\x00"),
    ("emoji", "🤡💥 ☠️ 👨‍👩‍👧"),
    ("rtl", "\u202egnp.exe"),
    ("lone surrogate", "\ud800"),
    ("long text", "違" * 100_000),
    ("naive iso", "2024-03-01T10:00:00"),
    ("date iso", "2024-03-01"),
    ("bad iso", "2024-13-45T99:99:99+08:00"),
    ("far-future iso", "9999-12-31T23:59:59+14:00"),
    ("far-past iso", "0001-01-01T00:00:00-12:00"),
    ("bytes", b"2024-03-01T10:00:00+08:00"),
    ("list", []),
    ("list of None", [None]),
    ("dict", {}),
    ("dict junk", {"a": 1}),
    ("set", {1}),
    ("tuple", ()),
    ("naive datetime", dt.datetime(2024, 3, 1, 10)),
    ("max aware datetime", dt.datetime.max.replace(tzinfo=UTC)),
    ("min aware datetime", dt.datetime.min.replace(tzinfo=UTC)),
    ("far-future pendulum", pendulum.datetime(9999, 12, 31, 23, tz="Pacific/Kiritimati")),
    ("far-past pendulum", pendulum.datetime(1, 1, 1, 12, tz="UTC")),
    ("date", dt.date(2024, 3, 1)),
    ("time", dt.time(10)),
    ("timedelta", dt.timedelta(days=1)),
    ("object", object()),
    ("type", int),
    # Nested deeply enough to matter, not so deeply that repr() itself fails: pathological
    # nesting comes from JSON, which the loader tests below feed at depth 100,000.
    ("nested list", _nested(100)),
    ("nested dict", _deep_dict(100)),
    ("enum of another kind", SanctionKind.FREEZE),
    ("function", len),
    # Issue 17's classes: huge but in-range numbers, overlong digits, floats where exact
    # integers are meant, amounts beyond exact money, instants that cannot be kept exactly.
    ("10**12", 10**12),
    ("float 12.0", 12.0),
    ("float 2**60", float(2**60)),
    ("5000 digits", "9" * 5000),
    ("Decimal 33 digits", Decimal("1234567890123456789012345678901.23")),
    ("amount 1e1000000", "1e1000000"),
    ("sub-second offset", "2024-03-01T10:00:00+05:45:30.5"),
    ("trailing NUL", "2024-03-01T10:00:00+08:00\x00"),
]

ALLOWED = (PenaltiesError, TypeError)
SECONDS = 10


class Hang(BaseException):
    """Raised by the alarm when a call runs too long (a BaseException: no `except Exception`
    in the library can swallow it)."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def _outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """('ok', value), ('refused', exc) for an allowed error, or ('bug', description)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PenaltiesWarning)
            return "ok", call()
    except ALLOWED as exc:
        return "refused", exc
    except Hang:
        return "bug", f"no answer within {SECONDS} s"
    except Exception as exc:
        return "bug", f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- baselines

SH = "Asia/Shanghai"
AT = pendulum.datetime(2024, 3, 1, 10, tz=SH)
ALI = get_policy("aliexpress")
DE = get_claim_policy("amazon_csba", market="DE")
BASE_V = Violation("v1", "unfair_competition", AT, severity="serious")
BASE_A = Appeal("v1", AT.add(days=1), AT.add(days=2), AppealOutcome.REDUCED, 3)
PLAN = PlanOfAction(["a cause"], ["an action on 2 May 2024"], ["a measure"])
SPEC = SanctionSpec(SanctionKind.FREEZE, 7)
BASE_CLAIM = SafeTClaim(
    "302-1234567-1234567",
    "not_returned",
    Decimal("20.00"),
    Decimal("20.00"),
    "EUR",
    AT,
    AT.add(days=20),
)


def _ledger(**changes: Any) -> Ledger:
    fields: dict[str, Any] = {
        "code": "main",
        "title": "Main",
        "validity": ExpiresAfter(30),
        "thresholds": (
            Threshold(12, (SPEC,)),
            Threshold(48, (SanctionSpec(SanctionKind.CLOSURE),)),
        ),
    }
    fields.update(changes)
    return Ledger(**fields)


def _kind(**changes: Any) -> ViolationKind:
    fields: dict[str, Any] = {"code": "v", "title": "V", "ledger": "main", "points": 6}
    fields.update(changes)
    return ViolationKind(**fields)


def _policy(**changes: Any) -> Policy:
    fields: dict[str, Any] = {
        "code": "junk",
        "name": "Junk",
        "timezone": SH,
        "ledgers": (_ledger(),),
        "kinds": (_kind(),),
        "references": ("test",),
    }
    fields.update(changes)
    return Policy(**fields)


def _exercise_policy(policy: Policy) -> None:
    """Evaluate a small history of every kind and explain it at a few instants."""
    events: list[Any] = []
    for i, kind in enumerate(policy.all_kinds):
        for j, severity in enumerate([s.code for s in kind.severities] or [None]):
            v = Violation(f"v{i}-{j}", kind.code, AT.add(days=i + j), severity=severity, points=13)
            events.append(v)
            policy.appeal_deadline(v)
    if events:
        events.append(Appeal(events[0].id, AT.add(days=1), AT.add(days=3), "granted"))
    timeline = policy.evaluate(events)
    for t in (AT, AT.add(days=40), AT.add(years=2)):
        timeline.at(t).explain()


def _exercise_claim_policy(policy: ClaimPolicy) -> None:
    policy.assess(BASE_CLAIM).explain()


def _exercise_claim(claim: SafeTClaim) -> None:
    DE.assess(claim, prior_claims=[BASE_CLAIM]).explain()


# --------------------------------------------------------------------------- targets


class Target:
    """One public callable, a valid call of it, and what to do with what it returns."""

    def __init__(
        self,
        name: str,
        call: Callable[..., Any],
        baseline: dict[str, Any],
        after: Callable[[Any], Any] | None = None,
    ) -> None:
        self.name, self.call, self.baseline, self.after = name, call, baseline, after

    def __repr__(self) -> str:
        return self.name


def _claim_policy_fields() -> dict[str, Any]:
    import attrs

    return {f.name: getattr(DE, f.name) for f in attrs.fields(ClaimPolicy)}


TIMELINE = ALI.evaluate([BASE_V, BASE_A])
STANDING = TIMELINE.at(AT.add(days=3))


def _ali_option(**option: Any) -> Policy:
    return get_policy("aliexpress", **option)


TARGETS = [
    # events
    Target(
        "Violation",
        Violation,
        {
            "id": "v1",
            "kind": "unfair_competition",
            "at": AT,
            "severity": "serious",
            "points": 12,
            "occurred_at": AT.subtract(days=1),
            "reference": "ref",
            "note": "",
        },
        lambda v: _exercise_policy_events(ALI, [v]),
    ),
    Target(
        "Appeal",
        Appeal,
        {
            "violation_id": "v1",
            "filed_at": AT.add(days=1),
            "decided_at": AT.add(days=2),
            "outcome": AppealOutcome.REDUCED,
            "points_after": 3,
            "plan": PLAN,
        },
        lambda a: _exercise_policy_events(ALI, [BASE_V, a]),
    ),
    # rules
    Target(
        "SanctionSpec",
        SanctionSpec,
        {
            "kind": SanctionKind.FINE,
            "days": 7,
            "reason": "r",
            "amount": Decimal(5),
            "currency": "CNY",
        },
        lambda s: _exercise_policy(_policy(ledgers=(_ledger(thresholds=(Threshold(6, (s,)),)),))),
    ),
    Target(
        "Threshold",
        Threshold,
        {
            "points": 12,
            "sanctions": (SPEC,),
            "every": False,
            "label": "",
            "effective_from": dt.date(2020, 1, 1),
            "effective_until": dt.date(2030, 1, 1),
        },
        lambda th: _exercise_policy(_policy(ledgers=(_ledger(thresholds=(th,)),))),
    ),
    Target("Schedule", Schedule, {"entries": ((None, 1), (dt.date(2020, 1, 1), 2))}),
    Target("Schedule.fixed", Schedule.fixed, {"value": 3}),
    Target(
        "ExpiresAfter",
        ExpiresAfter,
        {"days": 30},
        lambda v: _exercise_policy(_policy(ledgers=(_ledger(validity=v),))),
    ),
    Target(
        "YearlyReset",
        YearlyReset,
        {"month": 1, "day": 1},
        lambda c: _exercise_policy(_policy(ledgers=(_ledger(validity=CalendarReset(c)),))),
    ),
    Target(
        "QuarterlyReset",
        QuarterlyReset,
        {"weekday": 0, "which": "first"},
        lambda c: _exercise_policy(_policy(ledgers=(_ledger(validity=CalendarReset(c)),))),
    ),
    Target(
        "DatedResetCalendar",
        DatedResetCalendar,
        {
            "versions": Schedule.dated(
                (None, QuarterlyReset()), (dt.date(2024, 6, 1), YearlyReset())
            )
        },
        lambda c: _exercise_policy(_policy(ledgers=(_ledger(validity=CalendarReset(c)),))),
    ),
    Target(
        "CarryOver",
        CarryOver,
        {"min_points": 24, "max_points": 47, "keep": 24, "basis": "added"},
        lambda r: _exercise_policy(
            _policy(ledgers=(_ledger(validity=CalendarReset(YearlyReset(), (r,))),))
        ),
    ),
    Target(
        "CalendarReset",
        CalendarReset,
        {
            "calendar": YearlyReset(),
            "carry_over": (CarryOver(48),),
            "carry_over_since": dt.date(2020, 1, 1),
        },
        lambda v: _exercise_policy(_policy(ledgers=(_ledger(validity=v),))),
    ),
    Target(
        "DailyCap",
        DailyCap,
        {"limit": 6, "kinds": {"v"}, "severities": None},
        lambda r: _exercise_policy(_policy(ledgers=(_ledger(counting=(r,)),))),
    ),
    Target(
        "MergeWindow",
        MergeWindow,
        {"days": 3, "kinds": None, "severities": {"serious"}},
        lambda r: _exercise_policy(_policy(ledgers=(_ledger(counting=(r,)),))),
    ),
    Target(
        "Stacking",
        Stacking,
        {"mode": StackingMode.EXTEND, "kinds": frozenset({SanctionKind.FREEZE})},
        lambda s: _exercise_policy(_policy(ledgers=(_ledger(stacking=s),))),
    ),
    Target(
        "Ledger",
        Ledger,
        {
            "code": "main",
            "title": "Main",
            "title_zh": "主",
            "unit": penalties.Unit.POINTS,
            "validity": ExpiresAfter(30),
            "counting": (DailyCap(6),),
            "thresholds": (Threshold(12, (SPEC,)),),
            "stacking": Stacking(),
            "appeal_lifts_sanctions": True,
        },
        lambda lg: _exercise_policy(_policy(ledgers=(lg,))),
    ),
    Target(
        "Severity",
        Severity,
        {"code": "serious", "points": 12, "ledger": None, "sanctions": (SPEC,), "title": "S"},
        lambda s: _exercise_policy(_policy(kinds=(_kind(points=None, severities=(s,)),))),
    ),
    Target(
        "ViolationKind",
        ViolationKind,
        {
            "code": "v",
            "title": "V",
            "ledger": "main",
            "title_zh": "违",
            "points": 6,
            "severities": (),
            "default_severity": None,
            "sanctions": (SPEC,),
            "appeal_window_days": 7,
            "source": "https://example.com",
            "generic": False,
        },
        lambda k: _exercise_policy(_policy(kinds=(k,))),
    ),
    Target("Assumption", Assumption, {"code": "a", "text": "t", "option": None}),
    Target(
        "Policy",
        Policy,
        {
            "code": "junk",
            "name": "Junk",
            "timezone": SH,
            "ledgers": (_ledger(),),
            "kinds": (_kind(),),
            "references": ("test",),
            "market": None,
            "version": "",
            "assumptions": (),
        },
        _exercise_policy,
    ),
    # registry and policy methods
    Target("get_policy", get_policy, {"code": "lazada", "market": "SG"}, _exercise_policy),
    Target(
        "get_policy(aliexpress, options)",
        _ali_option,
        {
            "non_ip_expiry_days": 365,
            "stacking": Stacking(),
            "false_shipment_serious_points": 12,
            "ip_daily_cap": 6,
            "ip_merge_days": 3,
            "appeal_lifts_sanctions": True,
        },
        _exercise_policy,
    ),
    Target("list_markets", penalties.list_markets, {"code": "lazada"}),
    Target(
        "register_policy",
        penalties.register_policy,
        {"code": "junk_policy", "policy": _policy(), "replace": True, "markets": ()},
        lambda _: _exercise_policy(get_policy("junk_policy")),
    ),
    Target("Policy.evaluate", ALI.evaluate, {"events": [BASE_V, BASE_A]}),
    Target("Policy.standing", ALI.standing, {"events": [BASE_V], "at": AT}, lambda s: s.explain()),
    Target(
        "Policy.what_if",
        ALI.what_if,
        {"events": [BASE_V], "add": Violation("v2", "trade", AT, points=3), "at": AT.add(days=1)},
        lambda w: w.after.explain(),
    ),
    Target("Policy.appeal_deadline", ALI.appeal_deadline, {"violation": BASE_V}),
    Target("Policy.ledger", ALI.ledger, {"code": "trade"}),
    Target("Policy.kind", ALI.kind, {"code": "trade"}),
    Target("Policy.resolve", ALI.resolve, {"violation": BASE_V}),
    Target(
        "Policy.evolve_ledger",
        ALI.evolve_ledger,
        {"code": "trade", "validity": ExpiresAfter(30), "title": "Trade"},
        _exercise_policy,
    ),
    Target("Timeline.at", TIMELINE.at, {"instant": AT}, lambda s: s.explain()),
    Target("Timeline.balance", TIMELINE.balance, {"ledger": "trade", "instant": AT}),
    Target("Standing.explain", STANDING.explain, {"locale": "en"}),
    # appeals
    Target(
        "PlanOfAction",
        PlanOfAction,
        {
            "root_causes": ["a cause"],
            "corrective_actions": ["an action"],
            "preventive_measures": ["a measure"],
            "forward_plan": ["a plan"],
            "evidence": ["a photo"],
            "reference": "Case 1",
            "subject": "the suspension",
        },
        lambda p: (p.render("Store"), p.render("Store", "zh"), p.checklist()),
    ),
    Target(
        "PlanOfAction.render",
        PLAN.render,
        {
            "store": "Store",
            "language": "en",
            "signer": "Li",
            "reference": "Case 1",
            "date": dt.date(2024, 5, 7),
        },
    ),
    # claims
    Target(
        "SafeTClaim",
        SafeTClaim,
        {
            "order_id": "302-1234567-1234567",
            "reason": "returned_damaged_by_buyer",
            "refund_amount": Decimal("20.00"),
            "order_value": Decimal("30.00"),
            "currency": "EUR",
            "refund_charged_at": AT,
            "filed_at": AT.add(days=20),
            "refunded_by": "amazon",
            "fulfillment": "merchant",
            "quantity": 1,
            "chargeback": False,
            "a_to_z_claim": False,
            "return_rejected_by_seller": False,
            "lost_or_damaged_in_transit": False,
            "valid_return_authorization": False,
            "category_apparel_shoes_bags": False,
            "referral_fee": Decimal("1.00"),
            "outbound_label_cost": Decimal("2.00"),
            "return_delivered_at": AT.add(days=3),
            "history": (
                InformationRequested(AT.add(days=21)),
                SellerReplied(AT.add(days=22)),
                ClaimDecided(AT.add(days=23), "denied"),
                ClaimAppealed(AT.add(days=24)),
            ),
        },
        _exercise_claim,
    ),
    Target("InformationRequested", InformationRequested, {"at": AT}),
    Target("SellerReplied", SellerReplied, {"at": AT}),
    Target(
        "ClaimDecided",
        ClaimDecided,
        {"at": AT.add(days=30), "outcome": "granted", "granted_amount": Decimal("5.00")},
        lambda d: _exercise_claim(SafeTClaim(**{**_claim_fields(), "history": (d,)})),
    ),
    Target("ClaimAppealed", ClaimAppealed, {"at": AT, "new_evidence": True}),
    Target("Window", Window, {"days": 7, "business": True}),
    Target("FilingRule", FilingRule, {"window": 60, "anchor": "refund_charged", "since": None}),
    Target("ClaimPolicy", ClaimPolicy, _claim_policy_fields(), _exercise_claim_policy),
    Target(
        "get_claim_policy",
        get_claim_policy,
        {"code": "amazon_csba", "market": "DE", "reply_window": Window(10), "item_cap": 5000},
        _exercise_claim_policy,
    ),
    Target("list_claim_markets", penalties.list_claim_markets, {"code": "amazon_csba"}),
    Target("ClaimPolicy.assess", DE.assess, {"claim": BASE_CLAIM, "prior_claims": ()}),
    Target("ClaimPolicy.deadline", DE.deadline, {"start": AT, "window": Window(3, True)}),
    Target("ClaimPolicy.filing_rule", DE.filing_rule, {"refund_charged_at": AT}),
    # results, explanations, tables and documents (issue 17: wrong types gave AttributeError)
    Target("Policy.check_appeal", ALI.check_appeal, {"events": [BASE_V], "appeal": BASE_A}),
    Target("explain_standing", explain_standing, {"standing": STANDING, "locale": "en"}),
    Target(
        "explain_what_if",
        explain_what_if,
        {"result": ALI.what_if([BASE_V], BASE_A, AT.add(days=3)), "locale": "en", "added": ""},
    ),
    Target("sanctions_frame", frames.sanctions_frame, {"timeline": TIMELINE}),
    Target(
        "standings_columns",
        frames.standings_columns,
        {"policy": ALI, "account": "account", "errors": "raise"},
    ),
    Target("dumps", penalties.io.dumps, {"obj": [BASE_V], "indent": 2}),
    Target("dump_policy", penalties.io.dump_policy, {"policy": ALI, "format": "toml"}),
    Target("policy_to_data", penalties.io.policy_to_data, {"policy": ALI}),
    Target(
        "compare_punishments",
        shopee.compare_punishments,
        {"predicted": TIMELINE, "actual": (), "since": None},
    ),
]


def _claim_fields() -> dict[str, Any]:
    return next(t for t in TARGETS if t.name == "SafeTClaim").baseline | {"history": ()}


def _exercise_policy_events(policy: Policy, events: list[Any]) -> None:
    timeline = policy.evaluate(events)
    for e in events:
        timeline.at(e.at).explain()
        if isinstance(e, Violation):
            policy.appeal_deadline(e)
    policy.what_if(events[:-1], events[-1], events[-1].at)


@pytest.fixture(autouse=True)
def _isolated_registry() -> Iterator[None]:
    registry = dict(penalties.policy._registry)
    markets = dict(penalties.policy._markets)
    yield
    penalties.policy._registry.clear()
    penalties.policy._registry.update(registry)
    penalties.policy._markets.clear()
    penalties.policy._markets.update(markets)


@pytest.mark.parametrize("target", TARGETS, ids=repr)
def test_every_argument_survives_junk(target: Target) -> None:
    status, value = _outcome(lambda: target.call(**target.baseline))
    assert status == "ok", f"the baseline call of {target} fails: {value}"
    if target.after is not None:
        status, value = _outcome(lambda: target.after(value))
        assert status == "ok", f"the baseline result of {target} fails: {value}"
    bugs = []
    for name in target.baseline:
        for label, junk in JUNK:
            kwargs = {**target.baseline, name: junk}
            status, value = _outcome(lambda kw=kwargs: target.call(**kw))
            if status == "ok" and target.after is not None:
                after = target.after
                status, value = _outcome(lambda r=value, f=after: f(r))
                if status == "bug":
                    value = f"accepted, then {value}"
            if status == "bug":
                bugs.append(f"{target}({name}={label}): {value}")
    assert not bugs, "\n".join(bugs[:40])


@pytest.mark.parametrize(("label", "junk"), JUNK, ids=[label for label, _ in JUNK])
def test_every_event_position_survives_junk(label: str, junk: Any) -> None:
    # Junk in the event list itself, and as the sole "event".
    for events in ([junk], [BASE_V, junk], junk):
        status, value = _outcome(lambda e=events: ALI.evaluate(e))
        assert status != "bug", f"evaluate({label}): {value}"
        status, value = _outcome(lambda e=events: ALI.what_if([BASE_V], e, AT))
        assert status != "bug", f"what_if(add={label}): {value}"


# --------------------------------------------------------------------------- the CLI loader


def _cli(tmp_path: Path, content: bytes | str, *extra: str) -> tuple[str, Any]:
    path = tmp_path / "events.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    args = ["evaluate", str(path), "--policy", "aliexpress", "--at", "2025-01-01T00:00:00Z", *extra]

    def run() -> int:
        try:
            return cli_main(args)
        except SystemExit as exc:  # argparse's own usage errors
            return int(exc.code or 0)

    return _outcome(run)


EVENT = {
    "id": "v1",
    "kind": "unfair_competition",
    "at": "2024-03-01T10:00:00+08:00",
    "severity": "serious",
}

JSON_JUNK: list[tuple[str, Any]] = [
    ("null", None),
    ("true", True),
    ("huge int", 10**400),
    ("nan", math.nan),
    ("-inf", -math.inf),
    ("float", 1.5),
    ("emoji", "🤡💥"),
    ("naive", "2024-03-01T10:00:00"),
    ("far future", "9999-12-31T23:59:59+14:00"),
    ("list", [1, [2]]),
    ("object", {"a": {}}),
    ("long", "x" * 1_000_000),
]


@pytest.mark.parametrize("field", [*EVENT, "points", "type", "outcome", "unknown"])
def test_cli_events_with_junk_fields(tmp_path: Path, field: str) -> None:
    bugs = []
    for label, junk in JSON_JUNK:
        event = {**EVENT, field: junk}
        for doc in ([event], {"events": [event]}, [event, {"violation_id": "v1", field: junk}]):
            status, value = _cli(tmp_path, json.dumps(doc))
            if status == "bug":
                bugs.append(f"{field}={label}: {value}")
    assert not bugs, "\n".join(bugs)


@pytest.mark.parametrize(
    ("label", "content"),
    [
        ("empty", b""),
        ("not json", b"{events: ["),
        ("not utf-8", b"\xff\xfe\x00[\x00]"),
        ("latin-1", '[{"id": "é"}]'.encode("latin-1")),
        ("json scalar", b"42"),
        ("nan", b"NaN"),
        ("huge number", b"[" + b"9" * 100_000 + b"]"),
        ("nested arrays", b"[" * 100_000 + b"]" * 100_000),
        ("nested objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("events not a list", b'{"events": {"a": 1}}'),
        ("enormous whitespace", b" " * 20_000_000 + b"[]"),
        ("enormous garbage", b"[" + b"1," * 5_000_000 + b"x]"),
    ],
)
def test_cli_files_with_junk(tmp_path: Path, label: str, content: bytes) -> None:
    status, value = _cli(tmp_path, content)
    assert status != "bug", f"{label}: {value}"
    status, value = _cli(tmp_path, content, "--json")
    assert status != "bug", f"{label} --json: {value}"


@pytest.mark.parametrize("at", [label for label, _ in JUNK if isinstance(_, str)])
def test_cli_junk_instants(tmp_path: Path, at: str) -> None:
    value = dict(JUNK)[at]
    status, result = _cli(tmp_path, json.dumps([EVENT]), "--at", value)
    assert status != "bug", result


def test_cli_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.json", tmp_path):
        status, value = _outcome(
            lambda p=path: cli_main(
                ["evaluate", str(p), "--policy", "aliexpress", "--at", "2025-01-01T00:00:00Z"]
            )
        )
        assert status == "ok", value
        assert value == 2


# --------------------------------------------------------------------------- fuzzing

JUNK_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(),
    st.binary(max_size=8),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.sampled_from([value for _, value in JUNK]),
)


def _fuzzed(data: st.DataObject, target: str) -> dict[str, Any]:
    """The baseline arguments of ``target``, each replaced by junk half of the time."""
    baseline = next(t for t in TARGETS if t.name == target).baseline
    return {
        name: data.draw(st.just(value) | JUNK_VALUES, label=name)
        for name, value in baseline.items()
    }


@given(st.data())
def test_fuzzed_violations_and_appeals(data: st.DataObject) -> None:
    violation = _fuzzed(data, "Violation")
    appeal = _fuzzed(data, "Appeal")

    def run() -> None:
        events = [Violation(**violation), Appeal(**appeal)]
        _exercise_policy_events(ALI, events)

    status, value = _outcome(run)
    assert status != "bug", value


@given(st.data())
def test_fuzzed_claims(data: st.DataObject) -> None:
    claim = _fuzzed(data, "SafeTClaim")
    status, value = _outcome(lambda: _exercise_claim(SafeTClaim(**claim)))
    assert status != "bug", value


# --------------------------------------------------------------------------- classes of input
# Issue 17: each class of bad input over every entry point that can meet it, with the outcome
# the class demands (refused with its reason), not only "no crash".

_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "payloads"
_EVENTS = [
    Violation("v1", "unfair_competition", AT, severity="serious", points=12),
    Violation("v2", "ip_infringement", AT.add(days=1), severity="general", note="注"),
    Appeal("v2", AT.add(days=2)),
]


def _reader_samples() -> list[tuple[str, Callable[[Any], Any], str]]:
    """Every reader of text, with a valid text for it."""
    jsonl = penalties.io.dumps_jsonl(_EVENTS)
    account_jsonl = "".join(
        json.dumps({"account": "a", **json.loads(line)}) + "\n" for line in jsonl.splitlines()[1:]
    )
    csv_text = penalties.io.dumps_csv(_EVENTS)
    return [
        ("loads_csv", penalties.io.loads_csv, csv_text),
        ("loads_jsonl", penalties.io.loads_jsonl, jsonl),
        (
            "loads_accounts(csv)",
            lambda t: penalties.io.loads_accounts(t, format="csv"),
            "account," + csv_text.replace("\r\n", "\r\na,", csv_text.count("\r\n") - 1),
        ),
        (
            "loads_accounts(jsonl)",
            lambda t: penalties.io.loads_accounts(t, format="jsonl"),
            account_jsonl,
        ),
        ("loads(events)", penalties.io.loads, penalties.io.dumps(_EVENTS)),
        ("loads(standing)", penalties.io.loads, penalties.io.dumps(STANDING)),
        ("loads_events", penalties.io.loads_events, penalties.io.dumps(_EVENTS)),
        (
            "parse_penalty_point_history",
            shopee.parse_penalty_point_history,
            (_FIXTURES / "shopee_penalty_point_history.json").read_text(),
        ),
        (
            "parse_punishment_history",
            shopee.parse_punishment_history,
            (_FIXTURES / "shopee_punishment_history_ongoing.json").read_text(),
        ),
        (
            "parse_performance_report",
            amazon.parse_performance_report,
            (_FIXTURES / "amazon_performance_report.json").read_text(),
        ),
    ]


READERS = _reader_samples()
JSON_READERS = [r for r in READERS if "csv" not in r[0]]
_IDS = [r[0] for r in READERS]
_JSON_IDS = [r[0] for r in JSON_READERS]


def _refused(call: Callable[[], Any], *fragments: str, error: type[Exception] = Exception) -> str:
    status, value = _outcome(call)
    assert status == "refused", f"expected a refusal, got {status}: {value!r}"[:400]
    assert isinstance(value, error), f"{type(value).__name__}: {value}"
    message = str(value)
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize(("label", "reader", "text"), READERS, ids=_IDS)
def test_every_reader_reads_its_sample(label: str, reader: Callable[[Any], Any], text: str) -> None:
    status, value = _outcome(lambda: reader(text))
    assert status == "ok", value
    status, value = _outcome(lambda: reader(text.encode("utf-8")))
    assert status == "ok", value


@pytest.mark.parametrize(("label", "reader", "text"), JSON_READERS, ids=_JSON_IDS)
def test_every_json_reader_refuses_duplicate_keys(
    label: str, reader: Callable[[Any], Any], text: str
) -> None:
    first = text.index("{")
    outer = text[: first + 1] + '"dup": 1, "dup": 2, ' + text[first + 1 :]
    _refused(lambda: reader(outer), "repeats the key 'dup'")
    last = text.rindex("{")
    inner = text[: last + 1] + '"dup": 1, "dup": 2, ' + text[last + 1 :]
    _refused(lambda: reader(inner), "repeats the key 'dup'")


def test_csv_readers_refuse_a_repeated_column() -> None:
    for label, reader, text in READERS:
        if "csv" in label:
            header, _, rest = text.partition("\r\n")
            _refused(lambda h=header, r=rest, f=reader: f(f"{h},id\r\n{r}"), "repeats this column")


@pytest.mark.parametrize(("label", "reader", "text"), READERS, ids=_IDS)
def test_every_reader_refuses_other_encodings(
    label: str, reader: Callable[[Any], Any], text: str
) -> None:
    for encoding in ("utf-16", "utf-32", "utf-16-be"):
        _refused(lambda e=encoding: reader(text.encode(e)), "UTF-8")
    latin = text.replace("{", '{"note": "café", ', 1) if text.startswith("{") else text + "é"
    _refused(lambda: reader(latin.encode("latin-1", errors="replace")), "UTF-8")
    _refused(lambda: reader(b"\xff" + text.encode("utf-8")), "UTF-8")


@pytest.mark.parametrize(("label", "reader", "text"), READERS, ids=_IDS)
def test_overlong_numbers_give_the_readers_error(
    label: str, reader: Callable[[Any], Any], text: str
) -> None:
    import re

    numbers = list(re.finditer(r"(?<=: )\d+(?=[,}\]\s])", text))
    if "csv" in label:
        numbers = list(re.finditer(r"(?<=,)\d+(?=,)", text))
    assert numbers, "the sample holds no number to make overlong"
    for match in numbers[:3]:
        for digits in ("9" * 5000, "9" * 40):
            junk = text[: match.start()] + digits + text[match.end() :]
            status, value = _outcome(lambda j=junk: reader(j))
            assert status != "bug", f"{digits[:5]}... at {match.start()}: {value}"
            if len(digits) > 4300:
                assert status == "refused", value


@pytest.mark.parametrize(("label", "reader", "text"), JSON_READERS, ids=_JSON_IDS)
def test_floats_where_exact_integers_are_meant_are_refused_or_exact(
    label: str, reader: Callable[[Any], Any], text: str
) -> None:
    import re

    # Keys whose values are real numbers by the platform's schema (Amazon's rates, targets).
    real = ("targetValue", "rate")
    ints = [m for m in re.finditer(r'"(\w+)": (\d+)(?=[,}\s])', text) if m.group(1) not in real]
    assert ints
    for match in ints:
        junk = text[: match.start(2)] + "1.152921504606847e+18" + text[match.end(2) :]
        status, value = _outcome(lambda j=junk: reader(j))
        # 2**60 as a float may stand for any of 256 integers: never accepted as one of them.
        assert status == "refused", f"{match.group()} at {match.start()}: {status} {value!r}"[:300]
        assert status != "bug", value


_SURROGATE_READERS = READERS


@pytest.mark.parametrize(
    ("label", "reader", "text"), _SURROGATE_READERS, ids=[r[0] for r in _SURROGATE_READERS]
)
def test_lone_surrogates_are_refused_by_every_reader(
    label: str, reader: Callable[[Any], Any], text: str
) -> None:
    # "\ud800" escaped in JSON decodes to a lone surrogate that dumps() cannot write back.
    csv = "csv" in label
    junk = text.replace("v1", "v\ud800", 1) if csv else text.replace('"', '"\\ud800', 1)
    assert junk != text
    _refused(lambda: reader(junk), "lone surrogate")


FILE_READERS: list[tuple[str, Callable[[Path], Any]]] = [
    ("read_events", lambda p: penalties.io.read_events(p, format="jsonl")),
    ("read_csv", penalties.io.read_csv),
    ("read_jsonl", penalties.io.read_jsonl),
    ("read_accounts", lambda p: penalties.io.read_accounts(p, format="csv")),
    ("parse_penalty_point_history", shopee.parse_penalty_point_history),
    ("parse_punishment_history", shopee.parse_punishment_history),
    ("parse_performance_report", amazon.parse_performance_report),
]


@pytest.mark.parametrize(("label", "reader"), FILE_READERS, ids=[r[0] for r in FILE_READERS])
def test_every_file_reader_refuses_special_files(
    tmp_path: Path, label: str, reader: Callable[[Path], Any]
) -> None:
    import os

    zero = tmp_path / "zero"
    zero.symlink_to("/dev/zero")
    _refused(lambda: reader(zero), "not a regular file")
    _refused(lambda: reader(Path("/dev/null")), "not a regular file")
    _refused(lambda: reader(tmp_path), "a directory")
    _refused(lambda: reader(tmp_path / "missing"), "No such file")
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        _refused(lambda: reader(fifo), "a FIFO or pipe")  # and within SECONDS: no blocking


def _every_one_policy() -> Policy:
    """A policy whose one ledger applies a sanction at every point."""
    every = Threshold(1, (SPEC,), every=True)
    return _policy(ledgers=(_ledger(thresholds=(every,)),))


@pytest.mark.parametrize("points", [10**4, 10**12])
def test_huge_points_never_hang_an_entry_point(points: int) -> None:
    policy = _every_one_policy()
    v = Violation("big", "v", AT, points=points)
    import pandas as pd

    table = pd.DataFrame(
        {"account": ["a"], "id": ["big"], "kind": ["v"], "at": [AT.isoformat()], "points": [points]}
    )
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("evaluate", lambda: policy.evaluate([v])),
        ("standing", lambda: policy.standing([v], AT.add(days=1))),
        ("what_if", lambda: policy.what_if([], v, AT.add(days=1))),
        ("evaluate_many", lambda: frames.evaluate_many(policy, table, at=AT.add(days=1))),
    ]
    for name, call in calls:
        message = _refused(call, "levels of one threshold", error=penalties.InvalidEventError)
        assert "1,000" in message, name
    fine = Violation("fine", "v", AT, points=1000)
    status, timeline = _outcome(lambda: policy.evaluate([fine]))
    assert status == "ok", timeline
    assert len(timeline.sanctions) == 1000


def _hostile_context() -> Any:
    import decimal

    context = decimal.Context(prec=2, rounding=decimal.ROUND_UP, Emax=10, Emin=-10)
    for signal_ in (decimal.Inexact, decimal.Rounded, decimal.Subnormal, decimal.Clamped):
        context.traps[signal_] = True
    return decimal.localcontext(context)


MONEY_CALLS: list[tuple[str, Callable[[], Any]]] = [
    ("SafeTClaim", lambda: SafeTClaim(**{**_claim_fields(), "referral_fee": "1.23"})),
    ("ClaimDecided", lambda: ClaimDecided(AT.add(days=30), "granted", granted_amount="19.99")),
    ("get_claim_policy", lambda: get_claim_policy("amazon_csba", market="DE", item_cap="4000.5")),
    ("ClaimPolicy.assess", lambda: DE.assess(SafeTClaim(**{**_claim_fields(), "quantity": 3}))),
    ("Assessment.explain", lambda: DE.assess(BASE_CLAIM).explain()),
    ("dumps(SafeTClaim-free standing)", lambda: penalties.io.dumps(STANDING)),
]


@pytest.mark.parametrize(("label", "call"), MONEY_CALLS, ids=[m[0] for m in MONEY_CALLS])
def test_the_callers_decimal_context_changes_nothing(label: str, call: Callable[[], Any]) -> None:
    expected = call()
    with _hostile_context() as context:
        status, value = _outcome(call)
        assert status == "ok", value
        assert value == expected
        assert not any(context.flags.values()), context.flags


@pytest.mark.parametrize(
    "amount",
    ["1e1000000", "1234567890123456789012345678901.23", Decimal("1e-30"), 10**30],
    ids=["1e1000000", "33 digits", "1e-30", "10**30"],
)
def test_amounts_beyond_exact_money_are_refused_everywhere(amount: Any) -> None:
    for name in ("refund_amount", "order_value", "referral_fee", "outbound_label_cost"):
        claim = {**_claim_fields(), name: amount}
        _refused(lambda c=claim: SafeTClaim(**c), name, error=penalties.InvalidClaimError)
    _refused(
        lambda: ClaimDecided(AT, "granted", granted_amount=amount),
        "granted_amount",
        error=penalties.InvalidClaimError,
    )
    _refused(
        lambda: get_claim_policy("amazon_csba", market="DE", item_cap=amount),
        "cap",
        error=penalties.PolicyDefinitionError,
    )
