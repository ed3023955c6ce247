"""The test kit itself: every strategy draws values the library accepts, honours its arguments,
reaches the cases it promises, and refuses bad arguments with Hypothesis' InvalidArgument."""

from __future__ import annotations

import collections
import doctest
import subprocess
import sys
import textwrap
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import penalties
import penalties.strategies as kit
from penalties import (
    Appeal,
    AppealOutcome,
    CalendarReset,
    ExpiresAfter,
    Policy,
    SafeTClaim,
    Violation,
    get_claim_policy,
    get_policy,
    list_claim_markets,
)
from penalties._hypothesis_hook import _hypothesis_setup_hook
from penalties._time import exact
from penalties.strategies import (
    DEFAULT_OFFSETS,
    DEFAULT_TIMEZONES,
    appeals,
    claims,
    from_type,
    histories,
    instants,
    policies,
    violations,
)
from tests.helpers import examples, registered_policies

ROOT = Path(__file__).resolve().parent.parent
REGISTERED = registered_policies()
ALIEXPRESS = get_policy("aliexpress")
CLAIM_POLICIES = {
    get_claim_policy("amazon_csba", market=m).currency: get_claim_policy("amazon_csba", market=m)
    for m in list_claim_markets()
}


def reaches(strategy: st.SearchStrategy[Any], condition: Any, max_examples: int = 1000) -> Any:
    """Draw from ``strategy`` until ``condition`` holds (no shrinking: only reachability)."""
    quick = settings(
        max_examples=max_examples, phases=[Phase.generate], database=None, derandomize=True
    )
    return find(strategy, condition, settings=quick)


def _check_history(policy: Policy, events: list[penalties.Event]) -> None:
    """What histories() promises: unique ids, appeals against real violations, at most three
    each and never more than the kind allows, filed in the window and after the penalty (as
    exact instants); the policy evaluates it silently."""
    found = [e for e in events if isinstance(e, Violation)]
    ids = [v.id for v in found]
    assert len(ids) == len(set(ids))
    by_id = {v.id: v for v in found}
    appealed = collections.Counter(e.violation_id for e in events if isinstance(e, Appeal))
    for vid, count in appealed.items():
        limit = policy.kind(by_id[vid].kind).max_appeals
        assert count <= (3 if limit is None else min(3, limit))
    for appeal in (e for e in events if isinstance(e, Appeal)):
        target = by_id[appeal.violation_id]
        assert exact(appeal.filed_at) >= exact(target.at)
        deadline = policy.appeal_deadline(target)
        assert deadline is None or exact(appeal.filed_at) <= exact(deadline)
    timeline = policy.evaluate(events)
    assert not [n for n in timeline.notes if "states" in n and "points but" in n]


# --------------------------------------------------------------------------- docstrings


def test_every_docstring_example_runs() -> None:
    finder = doctest.DocTestFinder()
    tests = [t for t in finder.find(kit) if t.examples]
    named = {t.name.rsplit(".", 1)[-1] for t in tests}
    assert {"appeals", "claims", "histories", "instants", "policies", "violations"} <= named
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    out: list[str] = []
    for test in tests:
        runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


# --------------------------------------------------------------------------- instants


@given(instants("2024-03-01T00:00:00+08:00", "2024-04-01T00:00:00+08:00"))
def test_instants_are_aware_and_within_bounds(at: pendulum.DateTime) -> None:
    assert isinstance(at, pendulum.DateTime)
    assert at.utcoffset() is not None
    assert at.timezone_name in DEFAULT_TIMEZONES + DEFAULT_OFFSETS
    assert (
        pendulum.parse("2024-03-01T00:00:00+08:00")
        <= at
        <= pendulum.parse("2024-04-01T00:00:00+08:00")
    )
    assert at.microsecond == 0


@given(instants(timezones=st.just("Asia/Kolkata")))
def test_instants_use_the_zones_drawn(at: pendulum.DateTime) -> None:
    assert at.timezone_name == "Asia/Kolkata"


def test_instants_reach_both_bounds() -> None:
    low, high = "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:05+00:00"
    strategy = instants(low, high)
    assert reaches(strategy, lambda t: t == pendulum.parse(low)) == pendulum.parse(low)
    assert reaches(strategy, lambda t: t == pendulum.parse(high)) == pendulum.parse(high)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_value": "2024-01-01T00:00:00"},  # naive
        {"max_value": 5},
        {"min_value": "2024-02-01T00:00:00Z", "max_value": "2024-01-01T00:00:00Z"},
        {"min_value": "2024-01-01T00:00:00.2Z", "max_value": "2024-01-01T00:00:00.7Z"},
        {"timezones": ["UTC"]},
    ],
)
def test_instants_refuse_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        instants(**kwargs)


def test_instants_refuse_a_zone_that_does_not_exist() -> None:
    with pytest.raises(InvalidArgument, match="not an IANA zone"):
        reaches(instants(timezones=st.just("Mars/Olympus")), lambda t: True)


# --------------------------------------------------------------------------- violations


@pytest.mark.parametrize("policy", REGISTERED, ids=lambda p: f"{p.code}-{p.market}")
@settings(max_examples=examples(15))
@given(data=st.data())
def test_violations_resolve_against_their_policy(policy: Policy, data: st.DataObject) -> None:
    v = data.draw(violations(policy))
    resolved = policy.resolve(v)
    assert resolved.points >= 0
    if resolved.computed is not None:
        assert v.points in (None, resolved.computed)  # never a PointsMismatchWarning
    policy.evaluate([v]).at(v.at).explain()


@given(violations(ALIEXPRESS, kinds=st.just("trade"), points=st.just(7), ids=st.just("x")))
def test_violations_honour_their_element_strategies(v: Violation) -> None:
    # 'trade' is a generic ledger kind: its points must come from `points`.
    assert (v.id, v.kind, v.points, v.severity) == ("x", "trade", 7, None)


def test_violations_reach_every_kind_and_severity() -> None:
    codes = {k.code for k in ALIEXPRESS.all_kinds}
    reaches(violations(ALIEXPRESS), lambda v: v.kind != ALIEXPRESS.all_kinds[0].code)
    for kind in ALIEXPRESS.all_kinds:
        strategy = violations(ALIEXPRESS, kinds=st.just(kind.code))
        for severity in [s.code for s in kind.severities] or [None]:
            reaches(strategy, lambda v, s=severity: v.severity == s)
        if kind.default_severity is not None:
            reaches(strategy, lambda v: v.severity is None)
    assert len(codes) > 10


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("aliexpress",), {}),
        ((ALIEXPRESS,), {"ids": "v1"}),
        ((ALIEXPRESS,), {"kinds": ["trade"]}),
        ((ALIEXPRESS,), {"points": 3}),
        ((ALIEXPRESS,), {"instants": pendulum.datetime(2024, 1, 1)}),
    ],
)
def test_violations_refuse_bad_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        violations(*args, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kinds": st.just("no_such_kind")},
        {"ids": st.just("   ")},
        {"instants": st.just("2024-01-01T00:00:00")},
        {"kinds": st.just("trade"), "points": st.just(-1)},
    ],
)
def test_violations_refuse_bad_draws(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        reaches(violations(ALIEXPRESS, **kwargs), lambda v: True)


# --------------------------------------------------------------------------- appeals

SERIOUS = Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="serious")
PROHIBITED = next(
    Violation("p1", k.code, "2024-03-01T10:00:00+08:00", severity=k.severities[0].code)
    if k.severities
    else Violation("p1", k.code, "2024-03-01T10:00:00+08:00")
    for k in ALIEXPRESS.kinds
    if k.appeal_window_days is not None
)


@given(appeals(ALIEXPRESS, SERIOUS))
def test_appeals_are_consistent(appeal: Appeal) -> None:
    assert appeal.violation_id == "v1"
    assert SERIOUS.at <= appeal.filed_at <= SERIOUS.at.add(days=30)
    if appeal.decided_at is not None:
        assert appeal.filed_at <= appeal.decided_at <= appeal.filed_at.add(days=60)
    if appeal.outcome is AppealOutcome.REDUCED:
        assert appeal.points_after is not None
        assert 0 <= appeal.points_after <= 12
    ALIEXPRESS.evaluate([SERIOUS, appeal])


@given(appeals(ALIEXPRESS, PROHIBITED, max_filing_delay=timedelta(days=3650)))
def test_appeals_are_filed_before_the_platform_deadline(appeal: Appeal) -> None:
    deadline = ALIEXPRESS.appeal_deadline(PROHIBITED)
    assert deadline is not None
    assert appeal.filed_at <= deadline


def test_appeals_reach_the_deadline_and_every_outcome() -> None:
    deadline = ALIEXPRESS.appeal_deadline(PROHIBITED)
    strategy = appeals(ALIEXPRESS, PROHIBITED, max_filing_delay=timedelta(days=3650))
    reaches(strategy, lambda a: a.filed_at == deadline)
    for outcome in AppealOutcome:
        reaches(strategy, lambda a, o=outcome: a.outcome is o)


@given(appeals(ALIEXPRESS, SERIOUS, outcomes=st.just(AppealOutcome.PENDING)))
def test_appeals_honour_outcomes(appeal: Appeal) -> None:
    assert appeal.outcome is AppealOutcome.PENDING
    assert appeal.decided_at is None


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((ALIEXPRESS, "v1"), {}),
        ((ALIEXPRESS, SERIOUS), {"outcomes": AppealOutcome.GRANTED}),
        ((ALIEXPRESS, SERIOUS), {"max_filing_delay": 30}),
        ((ALIEXPRESS, SERIOUS), {"max_decision_delay": timedelta(days=-1)}),
        ((ALIEXPRESS, Violation("x", "no_such_kind", "2024-01-01T00:00:00Z")), {}),
    ],
)
def test_appeals_refuse_bad_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        appeals(*args, **kwargs)


def test_appeals_refuse_bad_outcome_draws() -> None:
    with pytest.raises(InvalidArgument, match="AppealOutcome"):
        reaches(appeals(ALIEXPRESS, SERIOUS, outcomes=st.just("granted")), lambda a: True)


# --------------------------------------------------------------------------- histories


@pytest.mark.parametrize("policy", REGISTERED, ids=lambda p: f"{p.code}-{p.market}")
@settings(max_examples=examples(10))
@given(data=st.data())
def test_histories_are_valid_for_every_policy(policy: Policy, data: st.DataObject) -> None:
    _check_history(policy, data.draw(histories(policy, max_size=8)))


@settings(max_examples=examples(30))
@given(data=st.data())
def test_histories_are_valid_for_generated_policies(data: st.DataObject) -> None:
    policy = data.draw(policies())
    _check_history(policy, data.draw(histories(policy, max_size=8)))


@given(histories(ALIEXPRESS, min_size=2, max_size=4, appeals=False))
def test_histories_honour_sizes_and_appeals(events: list[penalties.Event]) -> None:
    assert 2 <= len(events) <= 4
    assert all(isinstance(e, Violation) for e in events)


@given(histories(ALIEXPRESS, max_size=6, order="sorted"))
def test_sorted_histories_are_in_time_order(events: list[penalties.Event]) -> None:
    # Exact instants: datetimes in one zone compare by wall clock, wrong in a DST fold.
    instants_ = [exact(e.at) for e in events]
    assert instants_ == sorted(instants_)


@given(histories(policies(max_ledgers=1), max_size=3))
def test_histories_accept_a_strategy_of_policies(events: list[penalties.Event]) -> None:
    assert all(isinstance(e, Violation | Appeal) for e in events)


def test_histories_reach_both_orders_and_boundaries() -> None:
    def unsorted(events: list[penalties.Event]) -> bool:
        return [e.at for e in events] != sorted(e.at for e in events)

    reaches(histories(ALIEXPRESS, order="shuffled"), unsorted)
    reaches(histories(ALIEXPRESS, order="any"), unsorted)

    def shares_an_instant(events: list[penalties.Event]) -> bool:
        ats = [e.at for e in events if isinstance(e, Violation)]
        return len(set(ats)) < len(ats)

    reaches(histories(ALIEXPRESS, appeals=False), shares_an_instant)

    def lands_on_an_expiry(events: list[penalties.Event]) -> bool:
        ats = {e.at for e in events if isinstance(e, Violation)}
        return any(a.in_timezone(ALIEXPRESS.tz).add(days=365) in ats for a in ats)

    reaches(histories(ALIEXPRESS, appeals=False), lands_on_an_expiry)


def test_histories_land_on_calendar_resets() -> None:
    taobao = get_policy("taobao")
    resets = [
        ledger.validity.calendar
        for ledger in taobao.ledgers
        if isinstance(ledger.validity, CalendarReset)
    ]
    assert resets

    def on_a_reset(events: list[penalties.Event]) -> bool:
        ats = [e.at for e in events if isinstance(e, Violation)]
        return any(r.next_after(a, taobao.tz) in ats for r in resets for a in ats)

    reaches(histories(taobao, appeals=False), on_a_reset)


@given(
    histories(
        ALIEXPRESS,
        max_size=5,
        boundaries=False,
        instants=instants("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"),
    )
)
def test_histories_without_boundaries_stay_within_instants(events: list[penalties.Event]) -> None:
    for v in (e for e in events if isinstance(e, Violation)):
        assert (
            pendulum.parse("2024-01-01T00:00:00Z") <= v.at <= pendulum.parse("2024-02-01T00:00:00Z")
        )


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("aliexpress",), {}),
        ((ALIEXPRESS, -1), {}),
        ((ALIEXPRESS, 3, 2), {}),
        ((ALIEXPRESS, 1.5), {}),
        ((ALIEXPRESS,), {"appeals": "yes"}),
        ((ALIEXPRESS,), {"boundaries": None}),
        ((ALIEXPRESS,), {"order": "random"}),
        ((ALIEXPRESS,), {"outcomes": [AppealOutcome.GRANTED]}),
        ((ALIEXPRESS,), {"ids": "v1"}),
    ],
)
def test_histories_refuse_bad_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        histories(*args, **kwargs)


def test_histories_refuse_a_strategy_that_draws_no_policy() -> None:
    with pytest.raises(InvalidArgument, match="policy"):
        reaches(histories(st.just("aliexpress")), lambda e: True)


def test_histories_refuse_duplicate_ids_they_cannot_avoid() -> None:
    # Two violations need two distinct ids; a constant ids strategy cannot give them.
    strategy = histories(ALIEXPRESS, min_size=2, ids=st.just("same"))
    with pytest.raises(Exception):  # noqa: B017, PT011 - Hypothesis reports Unsatisfiable
        reaches(strategy, lambda e: True)


# --------------------------------------------------------------------------- policies


@settings(max_examples=examples(40))
@given(policies(min_ledgers=2, max_ledgers=2, min_kinds=0, max_kinds=1))
def test_policies_honour_their_bounds(policy: Policy) -> None:
    assert len(policy.ledgers) == 2
    assert len(policy.kinds) <= 1
    assert policy.references
    for ledger in policy.ledgers:
        if isinstance(ledger.validity, ExpiresAfter):
            assert ledger.validity.days.entries[0][0] is None


def test_policies_reach_every_rule() -> None:
    def has(pred: Any) -> Any:
        return lambda p: any(pred(ledger) for ledger in p.ledgers)

    for validity in (ExpiresAfter, CalendarReset, penalties.Never):
        reaches(policies(), has(lambda lg, v=validity: isinstance(lg.validity, v)))
    for mode in penalties.StackingMode:
        reaches(policies(), has(lambda lg, m=mode: lg.stacking.mode is m))
    reaches(policies(), has(lambda lg: any(isinstance(r, penalties.DailyCap) for r in lg.counting)))
    reaches(
        policies(), has(lambda lg: any(isinstance(r, penalties.MergeWindow) for r in lg.counting))
    )
    reaches(policies(), has(lambda lg: any(t.every for t in lg.thresholds)))
    reaches(policies(), lambda p: any(k.severities for k in p.kinds))
    reaches(policies(), lambda p: any(k.appeal_window_days for k in p.kinds))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_ledgers": 0},
        {"min_ledgers": 3, "max_ledgers": 2},
        {"max_kinds": -1},
        {"max_kinds": None},
        {"timezones": "UTC"},
    ],
)
def test_policies_refuse_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        policies(**kwargs)


@pytest.mark.parametrize("zone", [st.just("Nowhere/Land"), st.just(8)])
def test_policies_refuse_bad_zone_draws(zone: st.SearchStrategy[Any]) -> None:
    with pytest.raises(InvalidArgument):
        reaches(policies(timezones=zone), lambda p: True)


# --------------------------------------------------------------------------- claims


@settings(max_examples=examples(40))
@given(claims())
def test_claims_are_assessable(claim: SafeTClaim) -> None:
    assessment = CLAIM_POLICIES[claim.currency].assess(claim)
    assert assessment.max_reimbursement <= claim.refund_amount
    assert exact(claim.filed_at) >= exact(claim.refund_charged_at)
    assert all(e.at > claim.filed_at for e in claim.history)


@given(
    claims(
        get_claim_policy("amazon_csba", market="JP"),
        history=False,
        reasons=st.just(penalties.ClaimReason.NOT_RETURNED),
    )
)
def test_claims_honour_their_arguments(claim: SafeTClaim) -> None:
    assert claim.currency == "JPY"
    assert claim.refund_amount == claim.refund_amount.to_integral_value()
    assert claim.history == ()
    assert claim.reason is penalties.ClaimReason.NOT_RETURNED


def test_claims_reach_every_status_and_eligibility() -> None:
    de = get_claim_policy("amazon_csba", market="DE")
    for status in penalties.ClaimStatus:
        reaches(claims(de), lambda c, s=status: c.status is s)
    reaches(claims(de), lambda c: de.assess(c).eligible)
    reaches(claims(de), lambda c: not de.assess(c).eligible)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"policy": "DE"},
        {"reasons": penalties.ClaimReason.NOT_RETURNED},
        {"instants": "2024-01-01T00:00:00Z"},
        {"history": 1},
    ],
)
def test_claims_refuse_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        claims(**kwargs)


def test_claims_refuse_bad_reason_draws() -> None:
    with pytest.raises(InvalidArgument, match="ClaimReason"):
        reaches(claims(reasons=st.just("not_returned")), lambda c: True)


# --------------------------------------------------------------------------- registration


def test_pyproject_declares_the_hypothesis_entry_point() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = data["project"]["entry-points"]["hypothesis"]["_"]
    assert target == "_penalties_hypothesis:_hypothesis_setup_hook"
    assert "hypothesis>=6.100" in data["project"]["optional-dependencies"]["test"]
    # The strategies alone need only Hypothesis, not the whole test toolchain.
    assert data["project"]["optional-dependencies"]["hypothesis"] == ["hypothesis>=6.100"]
    # The hook module sits beside the package, and the wheel ships it.
    wheel = data["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"_penalties_hypothesis.py": "_penalties_hypothesis.py"}
    assert (ROOT / "_penalties_hypothesis.py").is_file()


@pytest.mark.parametrize("cls", [Violation, Appeal, Policy, SafeTClaim])
def test_from_type_after_the_hook(cls: type[Any]) -> None:
    _hypothesis_setup_hook()
    _hypothesis_setup_hook()  # idempotent

    @settings(max_examples=examples(10))
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert isinstance(value, cls)

    check()


def test_from_type_refuses_other_types() -> None:
    with pytest.raises(InvalidArgument, match="knows Violation"):
        from_type(int)


def _run(code: str, tmp_path: Path, *extra_path: Path) -> subprocess.CompletedProcess[str]:
    path = [str(p) for p in (*extra_path, ROOT)]
    env = {"PYTHONPATH": ":".join(path), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )


def test_entry_point_registers_types_when_the_strategies_import_hypothesis(
    tmp_path: Path,
) -> None:
    # As installed: a distribution declares the entry point, and the user's first import is
    # penalties.strategies (which imports Hypothesis, which runs the hook mid-import).
    dist = tmp_path / "site" / "penalties_kit_probe-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: penalties-kit-probe\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[hypothesis]\n_ = _penalties_hypothesis:_hypothesis_setup_hook\n"
    )
    result = _run(
        """
        import penalties.strategies
        from hypothesis import strategies as st
        from hypothesis.strategies._internal.types import _global_type_lookup
        from penalties import Appeal, Policy, SafeTClaim, Violation
        assert all(c in _global_type_lookup for c in (Violation, Appeal, Policy, SafeTClaim))
        print("registered")
        """,
        tmp_path,
        tmp_path / "site",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "registered"


def _probe_dist(tmp_path: Path) -> Path:
    """A site folder whose distribution declares the entry point, as an install does."""
    dist = tmp_path / "site" / "penalties_kit_probe-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: penalties-kit-probe\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[hypothesis]\n_ = _penalties_hypothesis:_hypothesis_setup_hook\n"
    )
    return tmp_path / "site"


def test_importing_hypothesis_does_not_import_penalties(tmp_path: Path) -> None:
    # The hook runs in every project where penalties is installed: it must cost nothing there.
    result = _run(
        """
        import sys
        import hypothesis
        assert "_penalties_hypothesis" in sys.modules, "the entry point did not run"
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "penalties")
        print(loaded)
        """,
        tmp_path,
        _probe_dist(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "imports",
    [
        "import hypothesis\nimport penalties\nfrom penalties import SafeTClaim",
        "import penalties\nimport hypothesis\nfrom penalties import SafeTClaim",
        "import penalties\nfrom penalties import SafeTClaim\nimport hypothesis",
        "import penalties.claims\nimport hypothesis",
    ],
)
def test_types_are_registered_whatever_comes_first(tmp_path: Path, imports: str) -> None:
    result = _run(
        imports
        + """
        from hypothesis.strategies._internal.types import _global_type_lookup
        from penalties import Appeal, Policy, SafeTClaim, Violation
        missing = [c.__name__ for c in (Violation, Appeal, Policy, SafeTClaim)
                   if c not in _global_type_lookup]
        print(missing)
        """.replace("\n        ", "\n"),
        tmp_path,
        _probe_dist(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_penalties_alone_does_not_import_hypothesis(tmp_path: Path) -> None:
    result = _run(
        "import sys, penalties, penalties.claims\nprint('hypothesis' in sys.modules)", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_missing_hypothesis_names_the_extra(tmp_path: Path) -> None:
    result = _run(
        """
        import sys
        sys.modules["hypothesis"] = None
        try:
            import penalties.strategies
        except Exception as exc:
            print(type(exc).__name__, exc)
        """,
        tmp_path,
    )
    assert "MissingExtraError" in result.stdout, result.stdout + result.stderr
    assert "penalties[hypothesis]" in result.stdout
