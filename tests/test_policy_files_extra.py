"""Policy files, continued: every validation message of the loader (each names its key path),
the defaults a file may leave out, ``extends`` misuse, and the data form of rarer rules."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pendulum
import pytest

from penalties import (
    CalendarReset,
    DailyCap,
    Ledger,
    Policy,
    QuarterlyReset,
    ViolationKind,
    YearlyReset,
)
from penalties.errors import InvalidDocumentError, InvalidPolicyFileError
from penalties.io import dump_policy, load_policy, policy_from_data, policy_to_data
from penalties.rules import ResetCalendar

MINIMAL: dict[str, Any] = {
    "version": 1,
    "code": "custom",
    "name": "Custom",
    "timezone": "UTC",
    "references": ["https://example.com/rules"],
    "ledgers": [{"code": "main", "title": "Main", "validity": {"type": "never"}}],
    "kinds": [{"code": "late", "title": "Late", "ledger": "main", "points": 1}],
}


def _with(path: str, value: Any) -> dict[str, Any]:
    """MINIMAL with ``value`` set at ``path`` (dotted keys and list indices)."""
    data = copy.deepcopy(MINIMAL)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


def _refused(data: Any, key: str, message: str) -> None:
    with pytest.raises(InvalidPolicyFileError) as info:
        policy_from_data(data, source="p.toml")
    assert info.value.key == key
    assert info.value.file == "p.toml"
    assert str(info.value).startswith(f"p.toml: {key}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("path", "value", "key", "message"),
    [
        ("name", 3, "name", "must be a string, got 3"),
        ("kinds.0.code", "  ", "kinds[0].code", "must not be blank"),
        (
            "ledgers.0.appeal_lifts_sanctions",
            "yes",
            "ledgers[0].appeal_lifts_sanctions",
            'must be true or false, got "yes"',
        ),
        ("references", "https://x", "references", "must be an array of strings"),
        ("kinds.0.points", [], "kinds[0].points", "is an empty array"),
        ("kinds.0.points", [1], "kinds[0].points[0]", "must be a table {effective_from"),
        (
            "kinds.0.points",
            [{"effective_from": "0001-01-01", "value": 1}],
            "kinds[0].points[0].effective_from",
            "is outside the years",
        ),
        (
            "ledgers.0.validity",
            {"type": "expires_after"},
            "ledgers[0].validity.days",
            "missing; give the days each violation's points stay valid",
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset"},
            "ledgers[0].validity.calendar",
            "missing; give the reset calendar",
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset", "calendar": {"type": "quarterly", "which": "middle"}},
            "ledgers[0].validity.calendar.which",
            'must be "first" or "last", got "middle"',
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset", "calendar": {"type": "quarterly", "weekday": "funday"}},
            "ledgers[0].validity.calendar.weekday",
            'must be a day name such as "monday"',
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset", "calendar": {"type": "quarterly", "weekday": 7}},
            "ledgers[0].validity.calendar.weekday",
            "got 7",
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset", "calendar": {"type": "dated"}},
            "ledgers[0].validity.calendar.versions",
            "missing; give the calendar's versions",
        ),
        (
            "ledgers.0.validity",
            {"type": "calendar_reset", "calendar": {"type": "dated", "versions": "yearly"}},
            "ledgers[0].validity.calendar.versions",
            'must be a reset calendar table such as {type = "yearly"}',
        ),
        (
            "ledgers.0.validity",
            {
                "type": "calendar_reset",
                "calendar": {"type": "yearly"},
                "carry_over": [{"min_points": 3, "basis": "total"}],
            },
            "ledgers[0].validity.carry_over[0].basis",
            'must be "balance" or "added", got "total"',
        ),
        (
            "ledgers.0.counting",
            [{"type": "daily_cap", "limit": 6, "kinds": []}],
            "ledgers[0].counting[0].kinds",
            "is empty; leave it out to match everything",
        ),
        (
            "ledgers.0.stacking",
            {"mode": "extend", "kinds": []},
            "ledgers[0].stacking.kinds",
            "must be a non-empty array of sanction kinds",
        ),
        (
            "ledgers.0.stacking",
            {"mode": "extend", "kinds": "freeze"},
            "ledgers[0].stacking.kinds",
            "must be a non-empty array of sanction kinds",
        ),
        (
            "ledgers.0.thresholds",
            [{"points": 3, "sanctions": [{"days": 7}]}],
            "ledgers[0].thresholds[0].sanctions[0].kind",
            "missing; give one of 'warning'",
        ),
        (
            "ledgers.0.thresholds",
            [{"points": 3, "sanctions": [{"kind": "fine", "amount": [12]}]}],
            "ledgers[0].thresholds[0].sanctions[0].amount",
            'must be an amount such as "12.50"',
        ),
        (
            "ledgers.0.thresholds",
            [{"points": 3, "sanctions": [{"kind": "fine", "amount": True}]}],
            "ledgers[0].thresholds[0].sanctions[0].amount",
            'must be an amount such as "12.50", got true',
        ),
        (
            "kinds.0",
            {
                "code": "late",
                "title": "Late",
                "ledger": "main",
                "points": 1,
                "severities": [{"code": "general", "points": 1}],
            },
            "kinds[0].points",
            "move points into each [[kinds.severities]] table",
        ),
        (
            "extends",
            {"policy": "lazada"},
            "extends",
            "is only resolved when loading a file or text with load_policy()",
        ),
    ],
)
def test_a_bad_value_is_refused_at_its_key(path: str, value: Any, key: str, message: str) -> None:
    _refused(_with(path, value), key, message)


def test_a_policy_must_be_a_table() -> None:
    with pytest.raises(InvalidPolicyFileError, match=r"^p\.toml: a policy must be a table"):
        policy_from_data(["not", "a", "table"], source="p.toml")  # type: ignore[arg-type]


def test_what_a_file_leaves_out_takes_the_documented_defaults() -> None:
    yearly = _with("ledgers.0.validity", {"type": "calendar_reset", "calendar": {"type": "yearly"}})
    ledger = policy_from_data(yearly).ledgers[0]
    assert isinstance(ledger.validity, CalendarReset)
    assert ledger.validity.calendar == YearlyReset(1, 1)
    quarterly = _with(
        "ledgers.0.validity", {"type": "calendar_reset", "calendar": {"type": "quarterly"}}
    )
    calendar = policy_from_data(quarterly).ledgers[0].validity.calendar  # type: ignore[union-attr]
    assert calendar == QuarterlyReset(0, "first")  # the first Monday of each quarter


def test_rarer_ledger_and_kind_settings_survive_a_round_trip() -> None:
    data = copy.deepcopy(MINIMAL)
    del data["references"]
    data["ledgers"][0]["appeal_lifts_sanctions"] = False
    data["ledgers"][0]["counting"] = [{"type": "merge_window", "days": 3}]
    data["kinds"][0]["generic"] = True
    policy = policy_from_data(data)
    assert policy.references == ()
    assert policy.ledgers[0].appeal_lifts_sanctions is False
    assert policy.kind("late").generic is True
    out = policy_to_data(policy)
    assert "references" not in out
    assert out["ledgers"][0]["appeal_lifts_sanctions"] is False
    assert out["ledgers"][0]["counting"] == [{"type": "merge_window", "days": 3}]
    assert out["kinds"][0]["generic"] is True
    assert load_policy(dump_policy(policy)) == policy


class _Fortnightly(ResetCalendar):
    """A calendar of a user's own, which policy files do not know."""

    __slots__ = ()

    def next_after(self, instant: pendulum.DateTime, tz: pendulum.Timezone) -> pendulum.DateTime:
        return instant.add(weeks=2)

    def describe(self) -> str:
        return "every two weeks"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Fortnightly)

    def __hash__(self) -> int:
        return 14


def test_a_calendar_of_the_users_own_has_no_file_form() -> None:
    policy = Policy(
        code="own",
        name="Own",
        timezone="UTC",
        ledgers=(Ledger("main", "Main", validity=CalendarReset(_Fortnightly())),),
        kinds=(ViolationKind("late", "Late", "main", points=1),),
        references=("https://example.com/own",),
    )
    assert policy.ledgers[0].validity_text == "reset every two weeks"
    with pytest.raises(InvalidPolicyFileError, match="_Fortnightly has no data form"):
        policy_to_data(policy)


def test_dump_policy_names_the_formats_it_writes() -> None:
    policy = policy_from_data(MINIMAL)
    with pytest.raises(InvalidDocumentError, match="policy files are 'toml' or 'json'"):
        dump_policy(policy, format="yaml")  # type: ignore[arg-type]


def test_load_policy_refuses_what_is_neither_a_path_nor_text() -> None:
    with pytest.raises(InvalidPolicyFileError, match=r"takes a path or the policy's text, not int"):
        load_policy(123)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- extends

CHILD = """\
version = 1
extends = {extends}
code = "child"
"""


def _child(tmp_path: Path, extends: str, body: str = "") -> Path:
    path = tmp_path / "child.toml"
    path.write_text(CHILD.format(extends=extends) + body, encoding="utf-8")
    return path


def test_extending_a_file_can_be_switched_off() -> None:
    text = CHILD.format(extends='"base.toml"')
    with pytest.raises(InvalidPolicyFileError, match=r"allow_file_extends=False"):
        load_policy(text, allow_file_extends=False)


def test_extends_must_name_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InvalidPolicyFileError, match=r'extends: "folder" is not a regular file'):
        load_policy(_child(tmp_path, '"folder"'))


def test_extends_must_be_a_usable_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidPolicyFileError, match=r"extends: cannot use .* as a file path"):
        load_policy(_child(tmp_path, '"bad\\u0000name.toml"'))


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ('ledgers = {code = "x"}\n', "ledgers", "must be an array of tables"),
        ('ledgers = ["main"]\n', "ledgers[0]", 'must be a table, got "main"'),
        (
            'ledgers = [{code = "main", remove = "yes"}]\n',
            "ledgers[0].remove",
            'must be true or false, got "yes"',
        ),
    ],
)
def test_extends_merges_only_coded_tables(
    tmp_path: Path, body: str, key: str, message: str
) -> None:
    (tmp_path / "base.toml").write_text(dump_policy(policy_from_data(MINIMAL)), encoding="utf-8")
    with pytest.raises(InvalidPolicyFileError) as info:
        load_policy(_child(tmp_path, '"base.toml"', body))
    assert info.value.key == key
    assert message in str(info.value)


def test_extends_cannot_merge_into_a_parent_whose_array_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text('version = 1\nledgers = "none"\n', encoding="utf-8")
    body = '[[ledgers]]\ncode = "main"\ntitle = "Main"\n'
    with pytest.raises(
        InvalidPolicyFileError, match=r"cannot merge into base\.toml, whose ledgers is not an array"
    ):
        load_policy(_child(tmp_path, '"base.toml"', body))


def test_an_entry_with_remove_false_changes_the_parents_entry(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text(dump_policy(policy_from_data(MINIMAL)), encoding="utf-8")
    body = '[[ledgers]]\ncode = "main"\nremove = false\ntitle = "Renamed"\n'
    policy = load_policy(_child(tmp_path, '"base.toml"', body))
    assert policy.code == "child"
    assert [(lg.code, lg.title) for lg in policy.ledgers] == [("main", "Renamed")]
    assert policy.kind("late").points is not None


def test_daily_caps_keep_their_kinds_in_the_data_form() -> None:
    data = _with("ledgers.0.counting", [{"type": "daily_cap", "limit": 2, "kinds": ["late"]}])
    policy = policy_from_data(data)
    assert policy.ledgers[0].counting == (DailyCap(2, frozenset({"late"})),)
    assert policy_to_data(policy)["ledgers"][0]["counting"] == [
        {"type": "daily_cap", "limit": 2, "kinds": ["late"]}
    ]
