"""Policy.alerts and claim_alerts: scenarios over several platforms, and windows that never miss
or repeat an alert."""

from __future__ import annotations

import itertools
import pickle
import warnings
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import penalties
from penalties import (
    Alert,
    AlertCode,
    Appeal,
    InvalidEventError,
    SanctionKind,
    UnknownViolationKindError,
    UnsupportedLocaleError,
    Violation,
    claim_alerts,
)
from penalties._time import exact
from penalties.claims import ClaimReason, InformationRequested, SafeTClaim, get_claim_policy
from tests.helpers import EPOCH, examples, histories

AE_EVENTS = [
    Violation("A1", "false_shipment", "2024-01-15T09:30:00+08:00", severity="general"),
    Violation("A2", "unfair_competition", "2024-02-20T14:00:00+08:00", severity="general"),
    Violation("A3", "unfair_competition", "2024-03-11T11:00:00+08:00", severity="serious"),
]
ALL_TIME = ("2000-01-01T00:00:00+00:00", "2100-01-01T00:00:00+00:00")


def codes(found: tuple[Alert, ...]) -> list[tuple[str, str]]:
    return [(a.code.value, a.at.isoformat()) for a in found]


def test_aliexpress_alerts() -> None:
    found = penalties.get_policy("aliexpress").alerts(AE_EVENTS, *ALL_TIME, within_points=8)
    assert codes(found) == [
        ("threshold_near", "2024-02-20T14:00:00+08:00"),
        ("sanction_started", "2024-03-11T11:00:00+08:00"),
        ("sanction_ended", "2024-03-18T11:00:00+08:00"),
        ("points_lapsed", "2025-01-14T09:30:00+08:00"),
        ("points_lapsed", "2025-02-19T14:00:00+08:00"),
        ("points_lapsed", "2025-03-11T11:00:00+08:00"),
    ]
    near = found[0]
    assert (near.ledger, near.balance, near.threshold, near.points) == ("trade", 5, 12, 7)
    assert near.cause == ("A2",)
    assert found[1].sanction is SanctionKind.FREEZE
    assert found[1].cause == ("A1", "A2", "A3")
    assert found[1].at.timezone_name == "Asia/Shanghai"
    assert found[3].explain() == "2025-01-14 09:30: 2 points on trade lapsed, 15 points left (A1)."
    assert (
        found[3].explain("zh") == "2025-01-14 09:30：交易违规及其他有 2 分 失效，剩余 15 分（A1）。"
    )
    assert found[1].explain("zh") == "2024-03-11 11:00：店铺冻结开始（A1、A2、A3）。"


def test_within_points_per_ledger() -> None:
    policy = penalties.get_policy("aliexpress")
    assert not [a for a in policy.alerts(AE_EVENTS, *ALL_TIME) if a.code == "threshold_near"]
    # 17 points after A3: 31 short of 48; a per-ledger setting reaches it, others get none.
    wide = policy.alerts(AE_EVENTS, *ALL_TIME, within_points={"trade": 31})
    near = [a for a in wide if a.code is AlertCode.THRESHOLD_NEAR]
    assert [(a.threshold, a.points) for a in near] == [(12, 10), (48, 31)]  # 12 once
    with pytest.raises(UnknownViolationKindError):
        policy.alerts(AE_EVENTS, *ALL_TIME, within_points={"trad": 3})


def test_amazon_appeal_window_alerts() -> None:
    amazon = penalties.get_policy("amazon", market="DE")
    events = [Violation("M1", "review_manipulation", "2024-05-05T10:00:00+02:00")]
    found = amazon.alerts(events, *ALL_TIME)
    window = [a for a in found if a.code.value.startswith("appeal_window")]
    assert codes(tuple(window)) == [
        ("appeal_window_opened", "2024-05-05T10:00:00+02:00"),
        ("appeal_window_closing", "2024-05-19T10:00:00+02:00"),
    ]
    assert window[1].deadline is not None
    assert window[1].deadline.isoformat() == "2024-05-22T10:00:00+02:00"
    assert window[1].explain() == "2024-05-19 10:00: appeal window on M1 closes 2024-05-22 10:00."
    assert {a.sanction for a in found if a.code is AlertCode.SANCTION_STARTED} == {
        SanctionKind.SUSPENSION,
        SanctionKind.FUNDS_HOLD,
    }
    # Appealed before the reminder: no closing alert; a week's notice moves it.
    appealed = amazon.alerts([*events, Appeal("M1", "2024-05-10T10:00:00+02:00")], *ALL_TIME)
    assert AlertCode.APPEAL_WINDOW_CLOSING not in {a.code for a in appealed}
    week = amazon.alerts(events, *ALL_TIME, notice_days=7)
    closing = [a for a in week if a.code is AlertCode.APPEAL_WINDOW_CLOSING]
    assert [a.at.isoformat() for a in closing] == ["2024-05-15T10:00:00+02:00"]


def test_shopee_reset_and_tiers() -> None:
    shopee = penalties.get_policy("shopee", market="SG")
    events = [
        Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00", points=2),
        Violation("S2", "prohibited_listings", "2024-02-06T10:00:00+08:00", points=1),
    ]
    found = shopee.alerts(events, *ALL_TIME, within_points=1)
    got = [(a.code.value, a.at.isoformat(), a.ledger) for a in found if a.code is not
           AlertCode.SANCTION_STARTED and a.code is not AlertCode.SANCTION_ENDED]  # fmt: skip
    assert got == [
        ("threshold_near", "2024-02-05T10:00:00+08:00", "points"),
        ("points_reset", "2024-04-01T00:00:00+08:00", "points"),
    ]
    reset = found[-1]
    assert (reset.points, reset.balance, reset.cause) == (3, 0, ("S1", "S2"))
    assert (
        reset.explain()
        == "2024-04-01 00:00: points reset, 3 points removed, 0 points left (S1, S2)."
    )
    assert "清零" in reset.explain("zh")
    assert [a.threshold for a in found if a.code is AlertCode.SANCTION_STARTED] == [3]


def test_taobao_yearly_reset() -> None:
    taobao = penalties.get_policy("taobao")
    events = [Violation("T1", "serious", "2024-05-05T10:00:00+08:00", points=12)]
    found = taobao.alerts(events, *ALL_TIME)
    resets = [a for a in found if a.code is AlertCode.POINTS_RESET]
    assert [(a.at.isoformat(), a.ledger, a.points) for a in resets] == [
        ("2025-01-01T00:00:00+08:00", "serious", 12)
    ]


def test_window_is_half_open_and_checked() -> None:
    policy = penalties.get_policy("aliexpress")
    started = "2024-03-11T11:00:00+08:00"
    assert [a.code for a in policy.alerts(AE_EVENTS, started, "2024-03-12T00:00:00+08:00")] == [
        AlertCode.SANCTION_STARTED
    ]
    assert policy.alerts(AE_EVENTS, "2024-03-01T00:00:00+08:00", started) == ()
    with pytest.raises(InvalidEventError, match="before since"):
        policy.alerts(AE_EVENTS, started, "2024-03-01T00:00:00+08:00")
    with pytest.raises(TypeError, match="whole number"):
        policy.alerts(AE_EVENTS, *ALL_TIME, within_points=True)
    with pytest.raises(InvalidEventError, match="0 or more"):
        policy.alerts(AE_EVENTS, *ALL_TIME, notice_days=-1)
    with pytest.raises(InvalidEventError, match="time zone"):
        policy.alerts(AE_EVENTS, "2024-03-01T00:00:00", started)


def test_alert_is_a_value() -> None:
    found = penalties.get_policy("aliexpress").alerts(AE_EVENTS, *ALL_TIME)
    back = pickle.loads(pickle.dumps(found))
    assert back == found
    assert hash(back) == hash(found)
    assert len({a.key for a in found}) == len(found)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        found[0].ledger = "x"  # type: ignore[misc]
    assert not hasattr(found[0], "__dict__")
    with pytest.raises(UnsupportedLocaleError):
        found[0].explain("fr")


def test_every_code_explains_in_both_locales() -> None:
    zone_at = pendulum.datetime(2024, 1, 1, tz="Asia/Shanghai")
    for code in AlertCode:
        alert = Alert(code, zone_at, "aliexpress", "trade", ("A1",), SanctionKind.FREEZE, 2, 12,
                      10, zone_at, "", penalties.get_policy("aliexpress"))  # fmt: skip
        for locale in ("en", "zh"):
            text = alert.explain(locale)
            assert text.startswith("2024-01-01 00:00")
            assert "A1" in text
            assert "{" not in text


# --------------------------------------------------------------------------- windows


@settings(max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.data(),
    code=st.sampled_from(["aliexpress", "shopee", "taobao", "amazon", "lazada", "tiktok_shop"]),
)
def test_consecutive_windows_give_each_alert_once(data: st.DataObject, code: str) -> None:
    policy = penalties.get_policy(code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        events = data.draw(histories(policy, max_violations=8))
        cuts = data.draw(st.lists(st.integers(0, 1400 * 24), min_size=1, max_size=8))
        instants = sorted({EPOCH.add(hours=h).in_timezone("America/New_York") for h in cuts},
                          key=exact)  # fmt: skip
        start, end = EPOCH.subtract(days=1), EPOCH.add(days=1500)
        edges = [start, *instants, end]
        whole = policy.alerts(events, start, end, within_points=2)
        parts: list[Alert] = []
        for lo, hi in itertools.pairwise(edges):
            parts.extend(policy.alerts(events, lo, hi, within_points=2))
    assert tuple(parts) == whole
    assert len({a.key for a in whole}) == len(whole)
    keys = [exact(a.at) for a in whole]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- claims

CLAIM = SafeTClaim(
    order_id="302-1234567-1234567",
    reason=ClaimReason.NOT_RETURNED,
    refund_amount=Decimal("89.90"),
    order_value=Decimal("89.90"),
    currency="EUR",
    refund_charged_at="2024-02-01T10:00:00+01:00",
    filed_at="2024-03-30T09:30:00+01:00",
    valid_return_authorization=True,
)


def test_claim_alerts() -> None:
    policy = get_claim_policy("amazon_csba", market="DE")
    asked = attrs.evolve(CLAIM, history=[InformationRequested("2024-04-02T11:00:00+02:00")])
    found = claim_alerts(policy, [asked], *ALL_TIME)
    assert codes(found) == [
        ("claim_filing_opens", "2024-02-16T10:00:00+01:00"),
        ("claim_file_by_closing", "2024-03-29T10:00:00+01:00"),
        ("claim_reply_by_closing", "2024-04-06T11:00:00+02:00"),
    ]
    assert found[1].deadline is not None
    assert found[1].deadline.isoformat() == "2024-04-01T10:00:00+02:00"
    assert found[1].explain() == (
        "2024-03-29 10:00: file the SAFE-T claim for order 302-1234567-1234567 by 2024-04-01 10:00."
    )
    assert "SAFE-T" in found[2].explain("zh")
    # Filed before the reminder: no file-by alert.
    early = attrs.evolve(CLAIM, filed_at="2024-02-20T09:30:00+01:00")
    assert [a.code for a in claim_alerts(policy, [early], *ALL_TIME)] == [
        AlertCode.CLAIM_FILING_OPENS
    ]
    half = claim_alerts(policy, [asked], "2024-03-01T00:00:00+01:00", "2024-04-06T11:00:00+02:00")
    assert [a.code for a in half] == [AlertCode.CLAIM_FILE_BY_CLOSING]
