"""The registry, its plugins, the docs' platform table, and the optional extras."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import penalties
from penalties import policy as policy_module
from tests.helpers import registered_policies

ROOT = Path(__file__).resolve().parent.parent


class _EntryPoint:
    def __init__(self, name: str, target: Any, value: str = "plugin:target") -> None:
        self.name, self.value, self._target = name, value, target

    def load(self) -> Any:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy_module, "_registry", dict(policy_module._registry))
    monkeypatch.setattr(policy_module, "_loaded", False)


def test_plugins_register_through_the_entry_point_group(
    fresh_registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = penalties.get_policy("aliexpress")
    plugin = penalties.Policy("plug", "Plugged", "UTC", base.ledgers[:1], (), ("https://x.org",))
    seen: list[str] = []

    def entry_points(*, group: str) -> list[_EntryPoint]:
        seen.append(group)
        return [_EntryPoint("plug", plugin)]

    monkeypatch.setattr(metadata, "entry_points", entry_points)
    monkeypatch.setattr(policy_module, "_loaded", False)  # get_policy above loaded once already
    assert "plug" in penalties.list_policies()
    assert penalties.get_policy("plug") is plugin
    assert seen == ["penalties.policies"]


def test_a_broken_plugin_is_named(fresh_registry: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        metadata, "entry_points", lambda *, group: [_EntryPoint("bad", ImportError("no module x"))]
    )
    with pytest.raises(penalties.PolicyDefinitionError, match=r"'bad'.*failed to load"):
        penalties.list_policies()


def test_docs_platform_table_matches_the_registry() -> None:
    table = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    assert documented == set(penalties.list_policies())
    for code in documented:
        module = sys.modules[penalties.get_policy(code).__class__.__module__]
        assert module is not None


@pytest.mark.parametrize("policy", registered_policies(), ids=lambda p: f"{p.code}-{p.market}")
def test_each_policy_page_names_every_kind(policy: penalties.Policy) -> None:
    code = policy.code
    pages = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "platforms").glob("*.md")
    )
    missing = [k.code for k in policy.kinds if f"`{k.code}`" not in pages]
    assert not missing, f"{code}: kinds missing from docs/platforms: {missing}"
    for url in policy.references:
        if url.startswith("http"):
            assert url in pages or url.split("//", 1)[1] in pages, url


def test_to_frame_needs_the_pandas_extra() -> None:
    timeline = penalties.get_policy("aliexpress").evaluate(
        [penalties.Violation("a", "trade", "2024-01-01T00:00:00+08:00", points=3)]
    )
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(penalties.MissingExtraError, match=r"penalties\[pandas\]"):
            timeline.to_frame()
    else:
        frame = timeline.to_frame()
        assert list(frame["balance"]) == [3, 0]


@pytest.mark.parametrize("code", ["lazada", "shopee", "taobao", "tiktok_shop"])
def test_markets_are_checked_the_same_way_everywhere(code: str) -> None:
    known = penalties.list_markets(code)
    assert penalties.get_policy(code, market=f" {known[0].lower()} ").market == known[0]
    with pytest.raises(penalties.UnknownPolicyError, match="known markets: " + known[0]):
        penalties.get_policy(code, market="XX")
    with pytest.raises(penalties.UnknownPolicyError, match="has no market 5"):
        penalties.get_policy(code, market=5)
