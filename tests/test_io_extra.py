"""penalties.io documents, continued: each malformed part of a standing, timeline or what-if
document is refused with its key path, and the stored results are checked only when asked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

from penalties import Violation, get_policy
from penalties.demo import demo_history
from penalties.errors import InvalidDocumentError, InvalidEventFileError, InvalidPolicyFileError
from penalties.io import converter, dump_policy, dumps, load_policy, loads, loads_csv

ALI = get_policy("aliexpress")
AT = "2024-06-01T00:00:00+08:00"


def _standing_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(ALI.standing(demo_history(), AT)))
    return doc


def _first_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = doc["standing"]["next_thresholds"][0]["sanctions"][0]
    return spec


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", 'must be a calendar date such as "2024-03-01", got "2024-02-30"'),
        ("2024-03-01T00:00:00+08:00", "must be a calendar date"),
        (20240301, 'must be a calendar date such as "2024-03-01", got 20240301'),
    ],
)
def test_a_bad_date_in_a_standing_is_refused_at_its_key(value: object, message: str) -> None:
    doc = _standing_doc()
    _first_spec(doc)["effective_from"] = value
    with pytest.raises(InvalidDocumentError) as info:
        loads(json.dumps(doc))
    assert "standing.next_thresholds[0].sanctions[0].effective_from" in str(info.value)
    assert message in str(info.value)


def test_dates_and_flags_in_a_standing_are_read_back() -> None:
    doc = _standing_doc()
    _first_spec(doc)["effective_from"] = "2024-01-01"
    _first_spec(doc)["while_reached"] = True
    standing = loads(json.dumps(doc))
    spec = standing.next_thresholds[0].sanctions[0]  # type: ignore[union-attr]
    assert spec.effective_from == dt.date(2024, 1, 1)
    assert spec.while_reached is True


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        (
            lambda d: _first_spec(d).update(while_reached="yes"),
            "standing.next_thresholds[0].sanctions[0].while_reached",
            'must be true or false, got "yes"',
        ),
        (
            lambda d: d["standing"]["next_thresholds"][0].update(sanctions="closure"),
            "standing.next_thresholds[0].sanctions",
            'must be an array, got "closure"',
        ),
        (
            lambda d: d["standing"].update(points=[1, 2]),
            "standing.points",
            "must be an object, got",
        ),
        (
            lambda d: d.update(standing=["not", "an", "object"]),
            "standing",
            "must be an object, got",
        ),
        (
            lambda d: d["standing"].update(policy="aliexpress"),
            "standing.policy",
            "the policy goes at the top of the document",
        ),
    ],
)
def test_a_malformed_standing_names_the_key(edit: Any, key: str, message: str) -> None:
    doc = _standing_doc()
    edit(doc)
    with pytest.raises(InvalidDocumentError) as info:
        loads(json.dumps(doc))
    assert f"{key}: " in str(info.value)
    assert message in str(info.value)


def _timeline_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(ALI.evaluate(demo_history())))
    return doc


def test_a_timeline_document_names_a_missing_or_unknown_key() -> None:
    doc = _timeline_doc()
    del doc["timeline"]["notes"]
    with pytest.raises(InvalidDocumentError, match=r"^timeline\.notes: missing\.$"):
        loads(json.dumps(doc))
    doc = _timeline_doc()
    doc["timeline"]["note"] = []
    with pytest.raises(
        InvalidDocumentError, match=r"^timeline\.note: unknown key; .* Did you mean 'notes'\?"
    ):
        loads(json.dumps(doc))


def _whatif_doc() -> dict[str, Any]:
    add = [Violation("new", "unfair_competition", "2024-05-20T10:00:00+08:00", severity="serious")]
    doc: dict[str, Any] = json.loads(dumps(ALI.what_if(demo_history(), add, AT)))
    return doc


def test_a_what_if_document_is_verified_only_when_asked() -> None:
    doc = _whatif_doc()
    expected = loads(json.dumps(doc))
    doc["what_if"]["points_delta"] = {"trade": 999}
    with pytest.raises(InvalidDocumentError, match=r"stored what_if\.points_delta differ"):
        loads(json.dumps(doc))
    assert loads(json.dumps(doc), verify=False) == expected


def test_a_what_if_document_needs_an_aware_instant() -> None:
    doc = _whatif_doc()
    doc["what_if"]["at"] = "2024-06-01T00:00:00"
    with pytest.raises(InvalidDocumentError, match=r"^what_if\.at: instant .* has no time zone"):
        loads(json.dumps(doc))


def test_the_converter_passes_values_that_are_already_structured() -> None:
    violation = demo_history()[0]
    assert converter.structure(violation, type(violation)) is violation
    assert converter.structure(ALI, type(ALI)) is ALI


# --------------------------------------------------------------------------- parsing text


def test_a_document_must_be_text_or_bytes() -> None:
    with pytest.raises(InvalidDocumentError, match=r"^the document must be str or bytes, not int"):
        loads(123)  # type: ignore[arg-type]


def test_numbers_too_long_to_convert_are_refused_not_crashed_on() -> None:
    with pytest.raises(InvalidDocumentError, match=r"is not valid JSON: Exceeds the limit"):
        loads('{"format": ' + "9" * 5000 + "}")
    with pytest.raises(InvalidPolicyFileError, match=r"is not valid TOML: Exceeds the limit"):
        load_policy("version = 1\ncode = " + "9" * 5000 + "\n")


def test_deeply_nested_policy_text_is_refused() -> None:
    with pytest.raises(InvalidPolicyFileError, match=r"nested too deeply to be a policy file"):
        load_policy("version = 1\nx = " + "[" * 200_000 + "\n")


def test_control_characters_and_quotes_survive_a_toml_round_trip() -> None:
    name = 'Tab\there, "quoted", back\\slash, bell\x07 and delete\x7f'
    policy = attrs.evolve(get_policy("aliexpress"), name=name)
    text = dump_policy(policy)
    assert "\\t" in text
    assert "\\u0007" in text
    assert "\\u007F" in text
    assert load_policy(text).name == name


@pytest.mark.parametrize("delimiter", ["", ";;", "\n", '"', 1])
def test_csv_delimiters_are_one_plain_character(delimiter: object) -> None:
    with pytest.raises(InvalidEventFileError, match=r"give one character such as ','"):
        loads_csv("id,kind,at\n", delimiter=delimiter)  # type: ignore[arg-type]
