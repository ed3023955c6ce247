"""check_types: the type check behind Policy and claim policies, on small attrs trees of its own,
so each kind of annotation it understands is pinned down apart from the rule classes (which
check their own values first and so rarely let a bad value reach it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal, NewType

import attrs
import pytest

from penalties._validate import check_types
from penalties.errors import InvalidClaimError, PolicyDefinitionError
from penalties.rules import Schedule

Code = NewType("Code", str)


@attrs.frozen
class _Inner:
    n: int


@attrs.frozen
class _Tree:
    which: Literal["first", "last"] = "first"
    pair: tuple[int, str] = (1, "a")
    many: int | tuple[int, ...] = 1
    table: Mapping[str, int] = attrs.field(factory=dict)
    code: Code = Code("x")
    inner: _Inner = _Inner(1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"which": "middle"}, "tree.which must be one of 'first', 'last', not str 'middle'."),
        ({"which": 1}, "tree.which must be one of 'first', 'last', not int 1."),
        ({"pair": (1,)}, "tree.pair must hold 2 items, not tuple (1,)."),
        ({"pair": [1, "a"]}, "tree.pair must be a tuple, not list [1, 'a']."),
        ({"pair": (1, 2)}, "tree.pair[1] must be a str, not int 2."),
        ({"many": (1, "x")}, "tree.many[1] must be a whole number (int), not str 'x'."),
        ({"many": "x"}, "tree.many must be int or tuple, not str 'x'."),
        ({"inner": _Inner(True)}, "tree.inner.n must be a whole number (int), not bool True."),
    ],
)
def test_the_first_bad_field_is_named_by_its_path(changes: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyDefinitionError) as info:
        check_types(_Tree(**changes), "tree")  # type: ignore[arg-type]
    assert str(info.value) == message


def test_values_that_fit_pass() -> None:
    check_types(_Tree(), "tree")
    check_types(_Tree(which="last", pair=(2, "b"), many=(1, 2, 3)), "tree")


def test_annotations_outside_rule_trees_are_not_checked() -> None:
    # Mappings and NewTypes do not occur in rule trees; check_types leaves them alone rather
    # than guess at their contents.
    check_types(_Tree(table={"a": "not an int"}, code=3), "tree")  # type: ignore[arg-type, dict-item]


def test_the_error_class_is_the_callers() -> None:
    with pytest.raises(InvalidClaimError, match=r"^claim\.which must be one of"):
        check_types(_Tree(which="middle"), "claim", error=InvalidClaimError)  # type: ignore[arg-type]


@attrs.frozen
class _Dated:
    day: dt.date | None = None
    amount: Decimal = Decimal(1)
    days: Schedule[int] = attrs.field(factory=lambda: Schedule.fixed(1))
    flags: tuple[int, ...] = ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": dt.datetime(2024, 1, 1)}, "dated.day must be a datetime.date, not datetime"),
        ({"amount": Decimal("NaN")}, "dated.amount must be a finite Decimal, not Decimal"),
        ({"days": Schedule.fixed(1.5)}, "dated.days.entries[0] must be a whole number (int)"),
        ({"days": Schedule.fixed(True)}, "dated.days.entries[0] must be a whole number (int)"),
        ({"flags": (1, False)}, "dated.flags[1] must be a whole number (int), not bool False"),
    ],
)
def test_the_rules_are_stricter_than_isinstance(changes: dict[str, object], message: str) -> None:
    # A bool is an int and a datetime a date to isinstance (and so to typeguard); not to the
    # rules. Every item of a tuple and every entry of a Schedule[T] is checked, not the first.
    with pytest.raises(PolicyDefinitionError) as info:
        check_types(_Dated(**changes), "dated")  # type: ignore[arg-type]
    assert str(info.value).startswith(message), str(info.value)
