"""Policies as data: TOML and JSON policy files, validation with key paths, ``extends``, and the
shipped Lazada files that must evaluate exactly like ``get_policy("lazada")``."""

from __future__ import annotations

import copy
import json
import os
import re
import warnings
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import (
    CalendarReset,
    DailyCap,
    DatedResetCalendar,
    ExpiresAfter,
    Ledger,
    Never,
    Policy,
    PolicyDefinitionError,
    QuarterlyReset,
    SanctionKind,
    Schedule,
    StackingMode,
    Unit,
    Violation,
    ViolationKind,
    YearlyReset,
    get_policy,
)
from penalties.errors import InvalidDocumentError, InvalidPolicyFileError, PenaltiesWarning
from penalties.io import dump_policy, dumps, load_policy, loads, policy_from_data, policy_to_data
from penalties.rules import ResetCalendar
from tests.helpers import day, examples, histories, probe_instants, registered_policies

DATA = resources.files("penalties.platforms") / "data"

BASE = """\
version = 1
code = "custom"
name = "Custom marketplace"
timezone = "Europe/Berlin"
references = ["https://example.com/rules"]

[[assumptions]]
code = "reset_hour"
text = "Resets happen at 00:00 local time."

[[ledgers]]
code = "main"
title = "Main points"
validity = {type = "expires_after", days = [
    {value = 90}, {effective_from = 2024-07-01, value = 180},
]}
counting = [{type = "daily_cap", limit = 6, kinds = ["late"]}]

[[ledgers.thresholds]]
points = 10
label = "10 points: a week's freeze"
sanctions = [
    {kind = "freeze", days = 7},
    {kind = "fine", days = 1, amount = 12.50, currency = "EUR"},
]

[[ledgers.thresholds]]
points = 30
sanctions = [{kind = "closure"}]

[[ledgers]]
code = "yearly"
title = "Yearly points"
unit = "strikes"
stacking = {mode = "extend", kinds = ["restriction"]}

[ledgers.validity]
type = "calendar_reset"
calendar = {type = "yearly", month = 1, day = 1}
carry_over = [{min_points = 3, keep = 3}]

[[ledgers.thresholds]]
points = 3
every = true
sanctions = [{kind = "restriction", days = 14, reason = "no campaigns"}]

[[kinds]]
code = "late"
title = "Late shipment"
ledger = "main"
points = [{value = 1}, {effective_from = 2024-01-01, value = 2}]
appeal_window_days = 7

[[kinds]]
code = "fake"
title = "Fake goods"
ledger = "main"
default_severity = "general"

[[kinds.severities]]
code = "general"
points = 4

[[kinds.severities]]
code = "serious"
points = 12
ledger = "yearly"
sanctions = [{kind = "listing_removal", days = 30}]
"""


def test_a_policy_file_builds_the_same_objects_as_python() -> None:
    policy = load_policy(BASE)
    main, yearly = policy.ledgers
    assert main.validity == ExpiresAfter(Schedule.dated((None, 90), (day(2024, 7, 1), 180)))
    assert main.thresholds[0].sanctions[1].amount == Decimal("12.50")
    assert str(main.thresholds[0].sanctions[1].amount) == "12.50"  # TOML 12.50, exactly
    assert yearly.unit is Unit.STRIKES
    assert yearly.stacking.mode is StackingMode.EXTEND
    assert yearly.stacking.kinds == frozenset({SanctionKind.RESTRICTION})
    assert isinstance(yearly.validity, CalendarReset)
    assert yearly.validity.calendar == YearlyReset(1, 1)
    assert yearly.thresholds[0].every
    late = policy.kind("late")
    assert late.points == Schedule.dated((None, 1), (day(2024, 1, 1), 2))
    fake = policy.kind("fake")
    assert fake.severity("serious").ledger == "yearly"  # type: ignore[union-attr]
    assert policy.assumptions[0].code == "reset_hour"
    events = [
        Violation("a", "fake", "2024-03-01T10:00:00+01:00"),
        Violation("b", "fake", "2024-03-02T10:00:00+01:00", severity="serious"),
        Violation("c", "late", "2024-03-03T10:00:00+01:00"),
        Violation("d", "late", "2024-03-03T11:00:00+01:00"),
    ]
    standing = policy.standing(events, "2024-03-04T00:00:00+01:00")
    assert dict(standing.points) == {"main": 8, "yearly": 12}
    assert standing.status.name == "RESTRICTED"


def test_every_registered_policy_round_trips_through_toml_and_json() -> None:
    for policy in registered_policies():
        assert load_policy(dump_policy(policy)) == policy, policy.code
        assert load_policy(dump_policy(policy, format="json")) == policy, policy.code
        assert loads(dumps(policy)) == policy, policy.code
        assert policy_from_data(policy_to_data(policy)) == policy, policy.code


def test_dated_and_quarterly_calendars_round_trip() -> None:
    shopee = get_policy("shopee", market="PH")
    calendar = shopee.ledgers[0].validity.calendar  # type: ignore[union-attr]
    assert isinstance(calendar, DatedResetCalendar)
    text = dump_policy(shopee)
    assert re.search(r'type = "quarterly"\nweekday = "monday"\nwhich = "last"', text), text
    loaded = load_policy(text)
    assert loaded.ledgers[0].validity.calendar == calendar  # type: ignore[union-attr]
    numeric = text.replace('weekday = "monday"', "weekday = 0")
    assert load_policy(numeric) == shopee
    assert QuarterlyReset(0, "last") in [v for _, v in calendar.versions.entries]


# --------------------------------------------------------------------------- the Lazada files


def test_the_lazada_files_ship_in_the_package_and_equal_the_python_policy() -> None:
    with resources.as_file(DATA / "lazada.toml") as path:
        assert load_policy(path) == get_policy("lazada")
    with resources.as_file(DATA / "lazada-sg.toml") as path:
        assert load_policy(path) == get_policy("lazada", market="SG")


def _same_evaluation(a: Policy, b: Policy, events: list[object]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PenaltiesWarning)
        ta, tb = a.evaluate(events), b.evaluate(events)  # type: ignore[arg-type]
    assert ta.changes == tb.changes
    assert ta.sanctions == tb.sanctions
    assert ta.notes == tb.notes
    for t in probe_instants(events):  # type: ignore[arg-type]
        sa, sb = ta.at(t), tb.at(t)
        assert dict(sa.points) == dict(sb.points)
        assert (sa.status, sa.sanctions, sa.expiring) == (sb.status, sb.sanctions, sb.expiring)
        assert sa.explain() == sb.explain()


with resources.as_file(DATA / "lazada.toml") as _path:
    LAZADA_FILE = load_policy(_path)
with resources.as_file(DATA / "lazada-sg.toml") as _path:
    LAZADA_SG_FILE = load_policy(_path)


@given(histories(get_policy("lazada"), max_violations=10))
@settings(max_examples=examples(20))
def test_the_lazada_toml_evaluates_like_get_policy(events: list[object]) -> None:
    _same_evaluation(LAZADA_FILE, get_policy("lazada"), events)


@given(histories(get_policy("lazada", market="SG"), max_violations=10))
@settings(max_examples=examples(12))
def test_the_lazada_sg_toml_evaluates_like_get_policy(events: list[object]) -> None:
    _same_evaluation(LAZADA_SG_FILE, get_policy("lazada", market="SG"), events)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("points = 30", "points = -3", "ledgers[0].thresholds[1].points", "must be >= 1, got -3"),
        (
            "points = 3\nevery",
            'points = "3"\nevery',
            "ledgers[1].thresholds[0].points",
            'must be a whole number >= 1, got "3"',
        ),
        (
            "points = 3\nevery",
            "points = 3.0\nevery",
            "ledgers[1].thresholds[0].points",
            "must be a whole number >= 1, got 3.0",
        ),
        (
            'ledger = "main"\npoints',
            'ledger = "mian"\npoints',
            "kinds[0].ledger",
            "unknown ledger \"mian\"; the ledgers are main, yearly. Did you mean 'main'?",
        ),
        (
            '"expires_after"',
            '"expire_after"',
            "ledgers[0].validity.type",
            "Did you mean 'expires_after'?",
        ),
        (
            '{kind = "closure"}',
            '{kind = "closure", days = 3}',
            "ledgers[0].thresholds[1].sanctions[0]",
            "a CLOSURE is terminal",
        ),
        (
            '{kind = "freeze", days = 7}',
            '{kind = "frozen", days = 7}',
            "ledgers[0].thresholds[0].sanctions[0].kind",
            "Did you mean 'freeze'?",
        ),
        (
            '{kind = "freeze", days = 7}',
            '{kind = "freeze", days = 0}',
            "ledgers[0].thresholds[0].sanctions[0].days",
            "must be >= 1, got 0",
        ),
        (
            "amount = 12.50",
            'amount = "twelve"',
            "ledgers[0].thresholds[0].sanctions[1].amount",
            "must be an amount",
        ),
        (
            "amount = 12.50",
            "amount = -1",
            "ledgers[0].thresholds[0].sanctions[1].amount",
            "must be a finite amount >= 0",
        ),
        (
            'title = "Late shipment"',
            'titel = "Late shipment"',
            "kinds[0].title",
            "missing (the table has 'titel': a typo?)",
        ),
        (
            'label = "10',
            'lable = "10',
            "ledgers[0].thresholds[0].lable",
            "unknown key. Did you mean 'label'?",
        ),
        (
            'timezone = "Europe/Berlin"',
            'timezone = "Europe/Berlinn"',
            "timezone",
            "unknown time zone",
        ),
        ('code = "custom"', 'code = "my custom"', "code", "must be an identifier"),
        (
            'code = "main"\ntitle = "Main',
            'code = "2main"\ntitle = "Main',
            "ledgers[0].code",
            "must be an identifier",
        ),
        ('code = "late"', 'code = "main"', "kinds[0].code", "is a ledger code"),
        ('code = "fake"', 'code = "late"', "kinds[1].code", 'repeats the kind "late"'),
        ('code = "yearly"', 'code = "main"', "ledgers[1].code", 'repeats the ledger "main"'),
        (
            'code = "serious"',
            'code = "general"',
            "kinds[1].severities[1].code",
            "repeats the severity",
        ),
        (
            'default_severity = "general"',
            'default_severity = "minor"',
            "kinds[1].default_severity",
            "is not one of this kind's severities",
        ),
        (
            'kinds = ["late"]',
            'kinds = ["lat"]',
            "ledgers[0].counting[0].kinds",
            "unknown kind \"lat\"; a typo here would match nothing. Did you mean 'late'?",
        ),
        ("limit = 6", "limit = 0", "ledgers[0].counting[0].limit", "must be >= 1, got 0"),
        (
            '{type = "daily_cap"',
            '{type = "weekly_cap"',
            "ledgers[0].counting[0].type",
            "is not a counting rule type",
        ),
        (
            "month = 1, day = 1",
            "month = 2, day = 30",
            "ledgers[1].validity.calendar",
            "is not a calendar day of every year",
        ),
        (
            "month = 1, day = 1",
            "month = 13, day = 1",
            "ledgers[1].validity.calendar.month",
            "must be at most 12, got 13",
        ),
        (
            "{min_points = 3, keep = 3}",
            "{min_points = 3, keep = -1}",
            "ledgers[1].validity.carry_over[0].keep",
            "must be >= 0",
        ),
        (
            'mode = "extend"',
            'mode = "stretch"',
            "ledgers[1].stacking.mode",
            "is not one of 'parallel', 'heaviest', 'extend'",
        ),
        (
            '"restriction"]}',
            '"restrict"]}',
            "ledgers[1].stacking.kinds[0]",
            "Did you mean 'restriction'?",
        ),
        ('unit = "strikes"', 'unit = "strike"', "ledgers[1].unit", "Did you mean 'strikes'?"),
        (
            "{effective_from = 2024-01-01, value = 2}",
            "{effective_from = 2024-01-01T00:00:00Z, value = 2}",
            "kinds[0].points[1].effective_from",
            "must be a calendar date",
        ),
        (
            "{value = 1}, {effective_from = 2024-01-01, value = 2}",
            "{effective_from = 2024-01-01, value = 2}, {value = 1}",
            "kinds[0].points",
            "only the first entry of a Schedule may have effective_from=None",
        ),
        (
            "{value = 1}, {effective_from",
            "{effective_from = 2025-01-01, value = 1}, {effective_from",
            "kinds[0].points",
            "Schedule dates must be strictly increasing",
        ),
        (
            "appeal_window_days = 7",
            "appeal_window_days = 0",
            "kinds[0].appeal_window_days",
            "must be >= 1",
        ),
        ("version = 1", "version = 2", "version", "it reads version = 1"),
        ("version = 1", 'version = "2024 rules"', "version", "is not a policy format version"),
        ("version = 1", 'format = "penalties.events"\nversion = 1', "format", "is not a policy"),
        ("version = 1", "", "version", "missing; write version = 1"),
        (
            'references = ["https://example.com/rules"]',
            "references = [1]",
            "references[0]",
            "must be a non-empty string",
        ),
        (
            "[[assumptions]]\n",
            "[[assumptions]]\noption = 3\n",
            "assumptions[0].option",
            "must be a non-empty string",
        ),
    ],
)
def test_errors_name_the_key_path(old: str, new: str, key: str, message: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    with pytest.raises(InvalidPolicyFileError) as info:
        load_policy(text)
    error = info.value
    assert isinstance(error, PolicyDefinitionError)
    assert error.key == key
    assert str(error).startswith(f"policy text: {key}: "), str(error)
    assert message in str(error)


def test_missing_tables_and_wrong_shapes() -> None:
    minimal = 'version = 1\ncode = "x"\nname = "X"\ntimezone = "UTC"\n'
    with pytest.raises(InvalidPolicyFileError, match="ledgers: missing or empty"):
        load_policy(minimal)
    with pytest.raises(InvalidPolicyFileError, match=r"ledgers\[0\]: must be a table, got 3"):
        load_policy(minimal + "ledgers = [3]\n")
    with pytest.raises(InvalidPolicyFileError, match="ledgers: must be an array of tables"):
        load_policy(minimal + 'ledgers = "main"\n')
    with pytest.raises(InvalidPolicyFileError, match=r"validity: must be a table"):
        load_policy(minimal + '[[ledgers]]\ncode = "m"\ntitle = "M"\nvalidity = "never"\n')
    with pytest.raises(InvalidPolicyFileError, match=r"thresholds\[0\]\.sanctions: missing or"):
        load_policy(
            minimal + '[[ledgers]]\ncode = "m"\ntitle = "M"\n[[ledgers.thresholds]]\npoints = 3\n'
        )
    assert load_policy(minimal + '[[ledgers]]\ncode = "m"\ntitle = "M"\n').kinds == ()


def test_syntax_errors_and_sources() -> None:
    with pytest.raises(InvalidPolicyFileError, match="policy text is not valid TOML"):
        load_policy('version = 1\nname = "unclosed\n')
    with pytest.raises(InvalidPolicyFileError, match="policy text is not valid JSON"):
        load_policy('{"version": 1,')
    with pytest.raises(InvalidPolicyFileError, match="a policy must be a table"):
        load_policy("[1, 2]\n", format="json")
    with pytest.raises(InvalidPolicyFileError, match="repeats the key 'code'"):
        load_policy('{"version": 1, "code": "a", "code": "b"}')
    with pytest.raises(InvalidPolicyFileError, match="format='yaml'"):
        load_policy(BASE, format="yaml")  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicyFileError, match="not UTF-8"):
        load_policy(BASE.encode("utf-16"))


def test_load_policy_reads_paths_text_json_and_bytes(tmp_path: Path) -> None:
    expected = load_policy(BASE)
    toml_file = tmp_path / "custom.toml"
    toml_file.write_text(BASE, encoding="utf-8")
    json_file = tmp_path / "custom.json"
    json_file.write_text(dump_policy(expected, format="json"), encoding="utf-8")
    assert load_policy(toml_file) == expected
    assert load_policy(str(toml_file)) == expected
    assert load_policy(json_file) == expected
    assert load_policy(dumps(expected)) == expected  # one line of JSON text
    assert load_policy(BASE.encode("utf-8-sig")) == expected
    other = tmp_path / "custom.policy"
    other.write_text(BASE, encoding="utf-8")
    assert load_policy(other, format="toml") == expected
    with pytest.raises(InvalidPolicyFileError, match="cannot tell the policy format"):
        load_policy(other)
    with pytest.raises(InvalidPolicyFileError, match="cannot read the policy file"):
        load_policy(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE.replace("points = 30", "points = 0"), encoding="utf-8")
    with pytest.raises(InvalidPolicyFileError) as info:
        load_policy(bad)
    assert str(info.value).startswith(f"{bad}: ledgers[0].thresholds[1].points: must be >= 1")
    assert info.value.file == str(bad)


def test_json_policies_write_dates_and_money_as_strings() -> None:
    policy = load_policy(BASE)
    doc = json.loads(dumps(policy))
    assert doc["format"] == "penalties.policy"
    assert doc["version"] == 1
    assert doc["kinds"][0]["points"][1] == {"effective_from": "2024-01-01", "value": 2}
    assert doc["ledgers"][0]["thresholds"][0]["sanctions"][1]["amount"] == "12.50"
    doc["kinds"][0]["points"][1]["effective_from"] = "2024-02-30"
    with pytest.raises(InvalidPolicyFileError, match="is not a day of the calendar"):
        loads(json.dumps(doc))
    doc["kinds"][0]["points"][1]["effective_from"] = "1 Jan 2024"
    with pytest.raises(InvalidPolicyFileError, match="must be a calendar date such as"):
        loads(json.dumps(doc))


# --------------------------------------------------------------------------- extends


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_replaces_keys_and_merges_coded_entries(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    child = write(
        tmp_path,
        "child.toml",
        """\
extends = "base.toml"
version = 1
code = "custom_de"
name = "Custom DE"

[[ledgers]]                 # changes one key of an existing ledger
code = "main"
validity = {type = "never"}
counting = []               # the daily cap named "late", removed below

[[ledgers]]                 # adds a ledger
code = "extra"
title = "Extra"

[[kinds]]                   # changes one severity of an existing kind
code = "fake"
[[kinds.severities]]
code = "general"
points = 5

[[kinds]]
code = "late"
remove = true

[[assumptions]]
code = "reset_hour"
text = "Resets happen at 01:00 local time."
""",
    )
    policy = load_policy(child)
    base = load_policy(BASE)
    assert (policy.code, policy.name, policy.timezone) == ("custom_de", "Custom DE", base.timezone)
    assert [lg.code for lg in policy.ledgers] == ["main", "yearly", "extra"]
    assert policy.ledgers[0].thresholds == base.ledgers[0].thresholds
    assert policy.ledgers[0].validity == Never()
    assert [k.code for k in policy.kinds] == ["fake"]
    fake = policy.kind("fake")
    assert fake.severity("general").points == Schedule.fixed(5)  # type: ignore[union-attr]
    assert fake.severity("serious") == base.kind("fake").severity("serious")
    assert policy.assumptions[0].text == "Resets happen at 01:00 local time."


def test_extends_a_registered_policy(tmp_path: Path) -> None:
    text = """\
extends = {policy = "lazada", market = "SG"}
version = 1
name = "Lazada SG, 180-day points"

[[ledgers]]
code = "non_compliance"
validity = {type = "expires_after", days = 180}
"""
    policy = load_policy(text)
    lazada = get_policy("lazada", market="SG")
    assert policy.ledgers[0].validity == ExpiresAfter(180)
    assert policy.ledgers[1:] == lazada.ledgers[1:]
    assert policy.kinds == lazada.kinds
    with pytest.raises(InvalidPolicyFileError, match=r"extends: lazada has no market 'XX'"):
        load_policy(text.replace('"SG"', '"XX"'))
    with pytest.raises(InvalidPolicyFileError, match=r"extends: no policy is registered|extends"):
        load_policy(text.replace('"lazada"', '"lazda"'))


def test_extends_cycles_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'extends = "b.toml"\nversion = 1\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\nversion = 1\n')
    write(tmp_path, "self.toml", 'extends = "self.toml"\nversion = 1\n')
    with pytest.raises(InvalidPolicyFileError, match="extend each other in a cycle") as info:
        load_policy(tmp_path / "a.toml")
    message = str(info.value)
    assert "a.toml -> " in message
    assert "b.toml -> " in message
    with pytest.raises(InvalidPolicyFileError, match=r"cycle: .*self\.toml -> .*self\.toml"):
        load_policy(tmp_path / "self.toml")


def test_extends_errors(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    child = 'extends = "base.toml"\nversion = 1\n'
    cases = [
        ('extends = "missing.toml"\nversion = 1\n', "cannot read the policy file"),
        ("extends = 3\nversion = 1\n", "extends: must be a file path"),
        (child + 'ledgers = [{title = "x"}]\n', r"ledgers\[0\]\.code: missing; with extends"),
        (
            child + 'kinds = [{code = "nope", remove = true}]\n',
            r"kinds\[0\]: removes \"nope\", but base.toml has no such entry",
        ),
        (
            child + 'kinds = [{code = "late", remove = true, title = "x"}]\n',
            "takes no other keys",
        ),
        (child.replace("1", "2"), "version: 2 is not a policy format version"),
        (
            'extends = {policy = "lazada", options = 1}\nversion = 1\n',
            r"extends\.options: unknown key",
        ),
    ]
    for text, message in cases:
        path = write(tmp_path, "child.toml", text)
        with pytest.raises(InvalidPolicyFileError, match=message):
            load_policy(path)
    write(tmp_path, "old.toml", BASE.replace("version = 1", "version = 0"))
    path = write(tmp_path, "child.toml", 'extends = "old.toml"\nversion = 1\n')
    with pytest.raises(InvalidPolicyFileError, match=r"old\.toml: version: 0 is not"):
        load_policy(path)


def test_extends_in_text_is_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "base.toml", BASE)
    monkeypatch.chdir(tmp_path)
    assert load_policy('extends = "base.toml"\nversion = 1\n') == load_policy(BASE)


def test_a_policy_file_never_runs_code(tmp_path: Path) -> None:
    # Values are data: nothing is imported, evaluated or called, whatever a string says.
    text = BASE.replace('name = "Custom marketplace"', "name = \"__import__('os').system('x')\"")
    assert load_policy(text).name == "__import__('os').system('x')"
    with pytest.raises(InvalidPolicyFileError, match="must be an identifier"):
        load_policy(BASE.replace('code = "custom"', 'code = "os.system"'))


# --------------------------------------------------------------------------- generated histories


REGISTERED = registered_policies()
_reloaded: dict[int, Policy] = {}


def _reloaded_policy(index: int) -> Policy:
    """``REGISTERED[index]`` dumped to TOML and loaded back, once per policy (not per example)."""
    if index not in _reloaded:
        _reloaded[index] = load_policy(dump_policy(REGISTERED[index]))
    return _reloaded[index]


@given(st.data())
@settings(max_examples=examples(15))
def test_dumped_policies_evaluate_like_the_originals(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(REGISTERED) - 1), label="policy index")
    policy = REGISTERED[index]
    events = data.draw(histories(policy, max_violations=8))
    _same_evaluation(_reloaded_policy(index), policy, events)


# ---------------------------------------------------------------------------
# Policy files, validation: every validation message of the loader (each names its key path), the
# defaults a file may leave out, ``extends`` misuse, and the data form of rarer rules.


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


# --------------------------------------------------------------------------- the converter


def test_every_problem_of_a_file_is_named_not_only_the_first() -> None:
    text = BASE.replace("points = 30", "points = -3").replace("limit = 6", "limit = 0")
    with pytest.raises(InvalidPolicyFileError) as info:
        load_policy(text)
    assert info.value.key == "ledgers[0].counting[0].limit"
    assert str(info.value) == (
        "policy text: ledgers[0].counting[0].limit: must be >= 1, got 0. "
        "1 more problem: ledgers[0].thresholds[1].points."
    )


def test_a_missing_key_and_its_typo_are_one_problem() -> None:
    with pytest.raises(InvalidPolicyFileError) as info:
        load_policy(BASE.replace('title = "Late shipment"', 'titel = "Late shipment"'))
    assert "more problem" not in str(info.value)  # the unknown 'titel' is the same problem


def test_values_are_never_coerced() -> None:
    # cattrs' defaults would turn 3 into "3" and "yes" into True; the policy hooks refuse both.
    _refused(_with("kinds.0.title", 3), "kinds[0].title", "must be a string, got 3")
    _refused(_with("kinds.0.generic", 1), "kinds[0].generic", "must be true or false, got 1")
    _refused(_with("kinds.0.points", True), "kinds[0].points", "must be a whole number >= 0")


def test_null_counts_as_absent() -> None:
    data = _with("kinds.0.title_zh", None)
    assert policy_from_data(data).kind("late").title_zh == ""
    _refused(_with("kinds.0.title", None), "kinds[0].title", "missing; give the kind's name")


@pytest.mark.parametrize("flag", ["false", 0, None, "no"])
def test_allow_file_extends_takes_a_bool_only(flag: object) -> None:
    # "false" is truthy: taken as a flag it would switch file reads on.
    with pytest.raises(TypeError, match="allow_file_extends must be True or False"):
        load_policy(BASE, allow_file_extends=flag)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, "aliexpress", 3])
def test_the_writers_take_a_policy_only(value: object) -> None:
    with pytest.raises(TypeError, match="takes a Policy, not"):
        policy_to_data(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a Policy, not"):
        dump_policy(value)  # type: ignore[arg-type]


def test_policy_files_and_extends_targets_are_read_as_regular_files_only(tmp_path: Path) -> None:
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(InvalidPolicyFileError, match=r"is not a regular file \(a character"):
        load_policy(zero)
    with pytest.raises(InvalidPolicyFileError, match=r'extends: "zero.toml" is not a regular'):
        load_policy(_child(tmp_path, '"zero.toml"'))
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")  # no writer: a blocking read would hang
        with pytest.raises(InvalidPolicyFileError, match=r"is not a regular file \(a FIFO"):
            load_policy(tmp_path / "pipe.toml")


def test_policy_files_are_capped_in_size(tmp_path: Path) -> None:
    base = write(tmp_path, "base.toml", BASE)
    with pytest.raises(InvalidPolicyFileError, match=r"is larger than 100 bytes"):
        load_policy(base, max_bytes=100)
    child = _child(tmp_path, '"base.toml"')
    with pytest.raises(InvalidPolicyFileError, match=r"base\.toml is larger than 200 bytes"):
        load_policy(child, max_bytes=200)  # the child fits; its parent does not
    assert load_policy(child).code == "child"


def test_a_missing_type_names_the_choices_and_a_likely_typo() -> None:
    _refused(
        _with("ledgers.0.validity", {"typ": "never"}),
        "ledgers[0].validity.type",
        "missing (the table has 'typ': a typo?); give the validity type, one of "
        "'expires_after', 'calendar_reset', 'never'.",
    )
