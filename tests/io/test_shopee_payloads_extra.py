"""Shopee payloads, continued: integral JSON floats are whole numbers, and values no JSON parser
gives (a payload passed in already parsed) are named by their Python type."""

from __future__ import annotations

import pytest

from penalties.errors import InvalidPayloadError
from penalties.io.shopee import parse_penalty_point_history
from tests.io.test_shopee_payloads import record_payload


def test_integral_floats_are_whole_numbers() -> None:
    history = parse_penalty_point_history(
        record_payload(original_point_num=3.0, latest_point_num=2.0), market="PH"
    )
    (record,) = history.records
    assert (record.original_point_num, record.latest_point_num) == (3, 2)
    assert type(record.original_point_num) is int


def test_a_value_of_another_python_type_is_named_by_its_type() -> None:
    with pytest.raises(InvalidPayloadError) as info:
        parse_penalty_point_history(record_payload(reference_id={1}), market="PH")
    assert str(info.value).startswith("$.response.penalty_point_list[0].reference_id: ")
    assert "got a set" in str(info.value)
