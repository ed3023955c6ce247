"""penalties.policy: what a policy checks when it is built, how it reads violations that do not
fit their kind, and plugins that reuse a built-in code."""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from typing import Any

import pytest

import penalties
from penalties import (
    InvalidEventError,
    Ledger,
    Policy,
    PolicyDefinitionError,
    SanctionKind,
    SanctionSpec,
    Threshold,
    UnknownViolationKindError,
    Violation,
    ViolationKind,
    get_policy,
)
from penalties import policy as policy_module

FREEZE = (SanctionSpec(SanctionKind.FREEZE, 7),)
REFS = ("https://example.com/rules",)


def _policy(ledgers: tuple[Ledger, ...], kinds: tuple[ViolationKind, ...] = ()) -> Policy:
    return Policy("custom", "Custom", "UTC", ledgers, kinds, REFS)


def test_a_policy_names_each_ledger_once() -> None:
    with pytest.raises(PolicyDefinitionError, match="policy 'custom' repeats ledger 'main'"):
        _policy((Ledger("main", "Main"), Ledger("main", "Other")))


@pytest.mark.parametrize("code", ["late", "main"])
def test_a_kind_code_is_unique_among_kinds_and_ledgers(code: str) -> None:
    kinds = (ViolationKind("late", "Late", "main", points=1), ViolationKind(code, "X", "main"))
    with pytest.raises(PolicyDefinitionError, match=f"kind code '{code}' is used twice"):
        _policy((Ledger("main", "Main"),), kinds)


def test_two_thresholds_at_one_level_must_be_merged() -> None:
    ledger = Ledger("main", "Main", thresholds=(Threshold(12, FREEZE), Threshold(12, FREEZE)))
    with pytest.raises(PolicyDefinitionError, match="two thresholds at the same level and dates"):
        _policy((ledger,))


def test_the_same_level_in_two_rule_versions_is_allowed() -> None:
    cut = dt.date(2024, 1, 1)
    ledger = Ledger(
        "main",
        "Main",
        thresholds=(
            Threshold(12, FREEZE, effective_until=cut),
            Threshold(12, FREEZE, effective_from=cut),
        ),
    )
    assert len(_policy((ledger,)).ledgers[0].thresholds) == 2


def test_a_generic_kind_takes_no_severity() -> None:
    ali = get_policy("aliexpress")
    violation = Violation("v1", "trade", "2024-03-01T10:00:00+08:00", severity="serious", points=3)
    with pytest.raises(InvalidEventError, match="generic ledger kind, which takes no severity"):
        ali.resolve(violation)
    with pytest.raises(InvalidEventError, match="takes no severity"):
        ali.evaluate([violation])


def test_a_kind_without_severities_refuses_one() -> None:
    policy = _policy((Ledger("main", "Main"),), (ViolationKind("late", "Late", "main", points=1),))
    violation = Violation("v1", "late", "2024-03-01T10:00:00Z", severity="serious")
    with pytest.raises(
        UnknownViolationKindError, match="has no severities, but severity='serious'"
    ):
        policy.resolve(violation)
    assert policy.resolve(Violation("v2", "late", "2024-03-01T10:00:00Z")).points == 1


class _EntryPoint:
    def __init__(self, name: str) -> None:
        self.name, self.value, self.loaded = name, "plugin:policy", False

    def load(self) -> Any:
        self.loaded = True
        raise AssertionError("a plugin that shadows a registered code is never loaded")


def test_a_plugin_cannot_replace_a_registered_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = get_policy("aliexpress")
    shadow = _EntryPoint("aliexpress")
    monkeypatch.setattr(policy_module, "_registry", dict(policy_module._registry))
    monkeypatch.setattr(policy_module, "_loaded", False)
    monkeypatch.setattr(metadata, "entry_points", lambda *, group: [shadow])
    assert "aliexpress" in penalties.list_policies()
    assert get_policy("aliexpress") == builtin
    assert not shadow.loaded
