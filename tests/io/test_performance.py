"""Exact decimals, comparators and the health assessment beside a standing."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from penalties import get_policy
from penalties.errors import InvalidPayloadError, UnsupportedLocaleError
from penalties.io.performance import (
    Comparator,
    PerformanceWarning,
    WarningCode,
    assess_health,
    decimal,
    percent_to_ratio,
)

STANDING = get_policy("shopee").standing([], "2024-05-01T00:00:00+08:00")
WARNING = PerformanceWarning(
    WarningCode.TARGET_MISSED,
    "shopee",
    "SG",
    "response_rate",
    Decimal(57),
    Decimal(70),
    Comparator.GE,
    "percent",
)


def test_decimals_are_exact() -> None:
    assert decimal(0.1, "$.x") == Decimal("0.1")
    assert decimal(0.03203973037, "$.x") == Decimal("0.03203973037")
    assert decimal(7, "$.x") == Decimal(7)
    assert decimal("2.50", "$.x", strings=True) == Decimal("2.50")
    assert percent_to_ratio(Decimal("2.5")) == Decimal("0.025")
    assert percent_to_ratio(Decimal("97.44")) == Decimal("0.9744")


@pytest.mark.parametrize(
    ("value", "strings", "fragment"),
    [
        (True, False, "$.x: expected a number, got a boolean"),
        ("2.5", False, "$.x: expected a number, got a string"),
        (None, True, "$.x: expected a number or a decimal string, got null"),
        (float("inf"), False, "expected a finite number"),
        (" 2", True, "is not a decimal number"),
        ("Infinity", True, "is not a decimal number"),
    ],
)
def test_bad_numbers(value: object, strings: bool, fragment: str) -> None:
    with pytest.raises(InvalidPayloadError) as info:
        decimal(value, "$.x", strings=strings)
    assert fragment in str(info.value)


def test_comparators() -> None:
    one, two = Decimal(1), Decimal(2)
    assert [c.holds(one, two) for c in Comparator] == [True, True, False, False, False]
    assert Comparator.EQ.holds(Decimal("1.0"), one)


def test_the_assessment_explains_the_standing_then_the_warnings() -> None:
    assessment = assess_health(STANDING, [WARNING], ())
    assert not assessment.ok
    lines = assessment.explain().splitlines()
    assert lines[-2:] == [
        "Performance warnings (1):",
        "- response_rate is 57%, target >= 70%: missed [SG]",
    ]
    zh = assessment.explain("zh")
    assert zh.startswith(STANDING.explain("zh"))
    assert "绩效警告（1）：" in zh
    assert assess_health(STANDING).explain().endswith("Performance warnings: none.")
    assert pickle.loads(pickle.dumps(assessment)).warnings == (WARNING,)


def test_assessment_refusals() -> None:
    with pytest.raises(TypeError, match="needs a Standing"):
        assess_health("standing", [WARNING])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"warnings\[0\]\[1\] is a str"):
        assess_health(STANDING, [WARNING, "late"])  # type: ignore[list-item]
    with pytest.raises(UnsupportedLocaleError):
        assess_health(STANDING).explain("fr")
    with pytest.raises(UnsupportedLocaleError):
        WARNING.explain("fr")
