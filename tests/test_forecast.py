"""Standing.clean_at and Standing.headroom, what_if_each and appeal_priorities, over several
platforms, cross-checked against the engine through the public what-if API."""

from __future__ import annotations

import pickle
import warnings

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import penalties
from penalties import (
    Appeal,
    AppealOutcome,
    Headroom,
    Ledger,
    Never,
    PenaltiesError,
    SanctionKind,
    Standing,
    Status,
    Violation,
)
from penalties._time import exact
from penalties.forecast import known_events
from tests.helpers import examples, histories, probe_instants, small_policy, th

AE_EVENTS = [
    Violation("A1", "false_shipment", "2024-01-15T09:30:00+08:00", severity="general"),
    Violation("A2", "unfair_competition", "2024-02-20T14:00:00+08:00", severity="general"),
    Violation("A3", "unfair_competition", "2024-03-11T11:00:00+08:00", severity="serious"),
]
AT = "2024-03-12T12:00:00+08:00"


def same(a: pendulum.DateTime | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return exact(a) == exact(pendulum.parse(b))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- clean_at


def test_aliexpress_clean_when_the_last_violation_lapses() -> None:
    s = penalties.get_policy("aliexpress").standing(AE_EVENTS, AT)
    # A3 was applied 2024-03-11 11:00; AliExpress points stay valid 365 days.
    assert same(s.clean_at, "2025-03-11T11:00:00+08:00")
    assert s.clean_at is not None
    assert s.clean_at.timezone_name == "Asia/Shanghai"


def test_shopee_clean_at_the_quarterly_reset() -> None:
    policy = penalties.get_policy("shopee", market="SG")
    events = [Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00", points=2)]
    s = policy.standing(events, "2024-02-10T00:00:00+08:00")
    assert same(s.clean_at, "2024-04-01T00:00:00+08:00")  # first Monday of Q2 2024


def test_taobao_carry_over_delays_clean_by_a_year() -> None:
    policy = penalties.get_policy("taobao")
    events = [Violation("T1", "counterfeit", "2024-05-05T10:00:00+08:00", points=30)]
    s = policy.standing(events, "2024-06-01T00:00:00+08:00")
    # 24-47 counterfeit points added in a year carry over as 24; cleared at the next reset.
    assert same(s.clean_at, "2026-01-01T00:00:00+08:00")
    assert s.timeline is not None
    assert s.timeline.balance("counterfeit", "2025-06-01T00:00+08:00") == 24


def test_never_ledger_and_closure_are_never_clean() -> None:
    amazon = penalties.get_policy("amazon", market="DE")
    s = amazon.standing(
        [Violation("M1", "review_manipulation", "2024-05-05T10:00:00+02:00")],
        "2024-06-01T00:00:00+02:00",
    )
    assert s.points["conduct"] == 1
    assert s.clean_at is None
    ae = penalties.get_policy("aliexpress")
    closed = ae.standing(
        [Violation("X", "unfair_competition", "2024-01-01T00:00:00+08:00",
                   severity="especially_serious")],
        "2024-01-02T00:00:00+08:00",
    )  # fmt: skip
    assert closed.closed
    assert closed.clean_at is None


def test_clean_account_is_clean_now() -> None:
    s = penalties.get_policy("lazada").standing([], "2024-06-01T00:00:00+08:00")
    assert s.clean_at is not None
    assert exact(s.clean_at) == exact(s.at)


def test_clean_at_ignores_what_happens_later() -> None:
    policy = penalties.get_policy("aliexpress")
    later = [
        *AE_EVENTS,
        Violation("A4", "false_shipment", "2024-06-01T00:00:00+08:00", severity="general"),
        Appeal("A3", "2024-03-12T00:00:00+08:00", "2024-04-01T00:00:00+08:00",
               AppealOutcome.GRANTED),
    ]  # fmt: skip
    s = policy.standing(later, AT)
    # Known at AT: A4 has not happened and the appeal on A3 is still pending.
    assert same(s.clean_at, "2025-03-11T11:00:00+08:00")


def test_lazada_clean_at_matches_the_last_expiry() -> None:
    policy = penalties.get_policy("lazada")
    events = [
        Violation("L1", "brushing", "2024-01-10T10:00:00+08:00", points=6),
        Violation("L2", "content_and_catalogue", "2024-03-10T10:00:00+08:00", points=3),
    ]
    s = policy.standing(events, "2024-04-01T00:00:00+08:00")
    assert s.expiring
    assert s.clean_at is not None
    assert exact(s.clean_at) == max(exact(e.at) for e in s.expiring)


def test_needs_the_timeline() -> None:
    s = penalties.get_policy("lazada").standing(
        [Violation("L1", "brushing", "2024-01-10T10:00:00+08:00", points=6)],
        "2024-02-01T00:00:00+08:00",
    )
    import attrs

    bare = attrs.evolve(s, timeline=None)
    with pytest.raises(PenaltiesError, match=r"policy\.standing"):
        _ = bare.clean_at


@settings(max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data(), code=st.sampled_from(["aliexpress", "lazada", "shopee", "tiktok_shop"]))
def test_clean_at_agrees_with_the_known_timeline(data: st.DataObject, code: str) -> None:
    """At clean_at every ledger is zero (replaying only what was known), and just before it one
    is not (unless the account was already clean)."""
    policy = penalties.get_policy(code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        events = data.draw(histories(policy, max_violations=6))
        instants = probe_instants(events)
        at = data.draw(st.sampled_from(instants))
        s = policy.standing(events, at)
        clean = s.clean_at
        known = policy.evaluate(known_events(events, at))
    if clean is None:
        assert s.closed or any(
            known.balance(lg.code, "9999-01-01T00:00:00+00:00") for lg in policy.ledgers
        )
        return
    assert exact(clean) >= exact(s.at)
    assert not any(known.at(clean).points.values())
    if exact(clean) > exact(s.at):
        before = pendulum.instance(clean).subtract(microseconds=1)
        assert any(known.at(before).points.values())


# --------------------------------------------------------------------------- headroom


def _by_kind(s: Standing) -> dict[tuple[str, str | None], Headroom]:
    return {(h.kind, h.severity): h for items in s.headroom.values() for h in items}


def test_aliexpress_headroom_counts_to_closure_and_freeze() -> None:
    s = penalties.get_policy("aliexpress").standing(AE_EVENTS, AT)
    assert set(s.headroom) == {"trade", "ip", "ip_serious", "product_info"}
    h = _by_kind(s)
    # trade holds 17 points; 48 closes: 31 to go.
    general = h[("unfair_competition", "general")]
    assert (general.points, general.violations, general.safe) == (3, 11, 10)
    assert [x.kind for x in general.sanctions] == [SanctionKind.CLOSURE]
    assert h[("unfair_competition", "serious")].violations == 3
    assert h[("unfair_competition", "especially_serious")].violations == 1
    # The first serious IP strike freezes for 1 day.
    strike = h[("ip_infringement", "serious")]
    assert strike.ledger == "ip_serious"
    assert strike.violations == 1
    assert [(x.kind, x.threshold) for x in strike.sanctions] == [(SanctionKind.FREEZE, 1)]
    # The ip ledger has no threshold in the sources: no count brings a sanction.
    assert h[("prohibited_goods", None)].violations is None
    assert h[("prohibited_goods", None)].sanctions == ()


def test_aliexpress_merge_window_makes_more_strikes_add_nothing_now() -> None:
    policy = penalties.get_policy("aliexpress")
    events = [Violation("S1", "ip_infringement", "2024-03-11T11:00:00+08:00", severity="serious")]
    within = _by_kind(policy.standing(events, "2024-03-12T11:00:00+08:00"))
    # Serious strikes within 3 days of the first count once: no number of them adds a strike.
    assert within[("ip_infringement", "serious")].violations is None
    after = _by_kind(policy.standing(events, "2024-03-20T11:00:00+08:00"))
    second = after[("ip_infringement", "serious")]
    assert second.violations == 1
    assert [(x.kind, x.threshold) for x in second.sanctions] == [(SanctionKind.FREEZE, 2)]


def test_shopee_and_amazon_headroom() -> None:
    shopee = penalties.get_policy("shopee", market="SG")
    s = shopee.standing(
        [Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00", points=2)],
        "2024-02-10T00:00:00+08:00",
    )
    tiers = {h.kind: h for h in s.headroom["points"]}
    assert tiers["severe_listing_violations"].violations == 1  # 2 + 2 reaches the 3-point tier
    assert tiers["severe_listing_violations"].sanctions[0].threshold == 3
    amazon = penalties.get_policy("amazon", market="DE")
    a = amazon.standing([], "2024-06-01T00:00:00+02:00")
    manip = {h.kind: h for h in a.headroom["conduct"]}["review_manipulation"]
    assert manip.violations == 1
    assert {x.kind for x in manip.sanctions} == {SanctionKind.SUSPENSION, SanctionKind.FUNDS_HOLD}


def test_closed_account_has_no_headroom() -> None:
    ae = penalties.get_policy("aliexpress")
    closed = ae.standing(
        [Violation("X", "unfair_competition", "2024-01-01T00:00:00+08:00",
                   severity="especially_serious")],
        "2024-01-02T00:00:00+08:00",
    )  # fmt: skip
    assert all(items == () for items in closed.headroom.values())


def test_small_policy_never_ledger() -> None:
    policy = small_policy(Ledger("main", "Main", validity=Never(), thresholds=(th(5),)))
    events = [Violation("v1", "main", "2024-01-01T00:00:00+08:00", points=2)]
    s = policy.standing(events, "2024-01-02T00:00:00+08:00")
    assert s.clean_at is None
    assert s.headroom == {"main": ()}  # the only kind needs explicit points


@settings(max_examples=examples(10), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data(), code=st.sampled_from(["aliexpress", "shopee", "amazon", "tiktok_shop_us"]))
def test_headroom_is_exactly_what_the_engine_does(data: st.DataObject, code: str) -> None:
    """For each kind: n - 1 more such violations at the instant bring no new sanction, n do,
    and they are the ones named (cross-checked with Policy.what_if)."""
    policy = penalties.get_policy(code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        events = data.draw(histories(policy, max_violations=4))
        at = data.draw(st.sampled_from(probe_instants(events)))
        known = list(known_events(events, at))
        s = policy.standing(known, at)
        items = [h for hs in s.headroom.values() for h in hs]
        for h in (
            data.draw(st.lists(st.sampled_from(items), max_size=3, unique=True)) if items else ()
        ):
            if h.violations is None:
                continue
            probes = [
                Violation(f"~headroom-{i}", h.kind, at, severity=h.severity)
                for i in range(h.violations)
            ]
            hit = policy.what_if(known, probes, at)
            assert hit.new_sanctions == h.sanctions
            if h.violations > 1:
                miss = policy.what_if(known, probes[:-1], at)
                assert miss.new_sanctions == ()


def test_standing_still_pickles_and_hashes() -> None:
    s = penalties.get_policy("aliexpress").standing(AE_EVENTS, AT)
    _ = s.headroom, s.clean_at
    back = pickle.loads(pickle.dumps(s))
    assert back == s
    assert hash(back) == hash(s)
    assert pickle.loads(pickle.dumps(s.headroom["trade"][0])) == s.headroom["trade"][0]


# --------------------------------------------------------------------------- what-ifs


def test_what_if_takes_one_event_or_several() -> None:
    policy = penalties.get_policy("taobao")
    base = [Violation("T1", "serious", "2024-05-05T10:00:00+08:00", points=6)]
    one = Violation("T2", "serious", "2024-06-01T10:00:00+08:00", points=6)
    two = Violation("T3", "serious", "2024-06-01T11:00:00+08:00", points=12)
    at = "2024-06-02T00:00:00+08:00"
    single = policy.what_if(base, one, at)
    both = policy.what_if(base, [one, two], at)
    assert single.points_delta["serious"] == 6
    assert both.points_delta["serious"] == 18
    assert single.new_sanctions
    assert {x.threshold for x in single.new_sanctions} == {12}
    each = policy.what_if_each(base, [one, [one, two]], at)
    assert [w.points_delta for w in each] == [single.points_delta, both.points_delta]
    assert [w.new_sanctions for w in each] == [single.new_sanctions, both.new_sanctions]
    assert [w.after.status for w in each] == [single.after.status, both.after.status]


@pytest.mark.parametrize(
    ("code", "market", "base", "scenarios", "at"),
    [
        ("aliexpress", None, AE_EVENTS,
         [Violation("N1", "unfair_competition", AT, severity="serious")], AT),
        ("shopee", "SG", [Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00",
                                    points=2)],
         [Violation("S2", "prohibited_listings", "2024-02-06T10:00:00+08:00", points=2),
          [Violation("S3", "prohibited_listings", "2024-02-06T10:00:00+08:00", points=2),
           Violation("S4", "prohibited_listings", "2024-02-07T10:00:00+08:00", points=5)]],
         "2024-02-10T00:00:00+08:00"),
        ("lazada", None, [Violation("L1", "brushing", "2024-01-10T10:00:00+08:00", points=6)],
         [[Violation("L2", "brushing", "2024-01-11T10:00:00+08:00", points=6)]],
         "2024-02-01T00:00:00+08:00"),
    ],
)  # fmt: skip
def test_what_if_each_equals_what_if(code, market, base, scenarios, at) -> None:  # type: ignore[no-untyped-def]
    policy = penalties.get_policy(code, market=market)
    each = policy.what_if_each(base, scenarios, at)
    assert len(each) == len(scenarios)
    for w, scenario in zip(each, scenarios, strict=True):
        ref = policy.what_if(base, scenario, at)
        assert (w.before, w.after, w.new_sanctions, w.points_delta) == (
            ref.before,
            ref.after,
            ref.new_sanctions,
            ref.points_delta,
        )


def test_appeal_priorities_aliexpress_freeze_first() -> None:
    events = [
        *AE_EVENTS,
        Appeal("A1", "2024-03-11T12:00:00+08:00"),
        Appeal("A3", "2024-03-11T12:00:00+08:00"),
    ]
    ranked = penalties.get_policy("aliexpress").appeal_priorities(events, AT)
    assert [r.violation_id for r in ranked] == ["A3", "A1"]
    first = ranked[0]
    assert first.pending
    assert (first.status_before, first.status_after) == (Status.FROZEN, Status.GOOD)
    assert [x.kind for x in first.sanctions_lifted] == [SanctionKind.FREEZE]
    assert first.points_removed == 12
    assert ranked[1].points_removed == 2


def test_appeal_priorities_amazon_open_window() -> None:
    amazon = penalties.get_policy("amazon", market="DE")
    events = [
        Violation("M1", "review_manipulation", "2024-05-05T10:00:00+02:00"),
        Violation("M2", "ip_complaint", "2024-05-06T10:00:00+02:00"),
    ]
    ranked = amazon.appeal_priorities(events, "2024-05-10T00:00:00+02:00")
    assert [r.violation_id for r in ranked] == ["M1"]  # only M1 has a stated window
    m1 = ranked[0]
    assert not m1.pending
    assert m1.deadline is not None
    assert (m1.status_before, m1.status_after) == (Status.SUSPENDED, Status.RESTRICTED)
    assert {x.kind for x in m1.sanctions_lifted} == {
        SanctionKind.SUSPENSION,
        SanctionKind.FUNDS_HOLD,
    }


def test_appeal_priorities_shopee_pending_by_points() -> None:
    shopee = penalties.get_policy("shopee", market="SG")
    events = [
        Violation("S1", "prohibited_listings", "2024-02-05T10:00:00+08:00", points=1),
        Violation("S2", "prohibited_listings", "2024-02-06T10:00:00+08:00", points=2),
        Appeal("S1", "2024-02-07T10:00:00+08:00"),
        Appeal("S2", "2024-02-07T10:00:00+08:00"),
    ]
    ranked = shopee.appeal_priorities(events, "2024-02-10T00:00:00+08:00")
    # 3 points reached the first tier: either appeal takes the account under it; S2 removes more.
    assert [r.violation_id for r in ranked] == ["S2", "S1"]
    assert all(r.pending for r in ranked)
