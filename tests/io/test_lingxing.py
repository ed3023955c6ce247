"""LingXing ``storeTarget/detail``: string-typed numbers parsed exactly, errors with key paths."""

from __future__ import annotations

import copy
import decimal
import json
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties.errors import InvalidPayloadError, PolicyDefinitionError
from penalties.io.amazon import report_to_events
from penalties.io.lingxing import StoreTarget, read_store_target
from penalties.io.performance import WarningCode
from tests.helpers import examples

US = "ATVPDKIKX0DER"


def window() -> dict[str, str]:
    return {"windowDayCount": "30", "windowTimeEnd": "2024-11-01", "windowTimeStart": "2024-10-01"}


def payload() -> dict[str, Any]:
    """A small response in LingXing's shape (our own numbers)."""
    return {
        "code": 0,
        "data": {
            "accountHealthRating": {"ahrScore": "180", "ahrStatus": "At Risk", **window()},
            "lateShipment": {"count": "52", "orderCount": "1000", "rate": "5.2", **window()},
            "validTracking": {"count": "990", "orderCount": "1000", "rate": "99", **window()},
            "commodityPolicyCompliance": {
                "count": "2",
                "intellectualPropertyData": "2",
                "listingPolicyData": "0",
                "policyViolationWarnings": "1",
                **window(),
            },
            "pullDate": "2024-11-01",
            "standard": {
                "lateShipment": "4",
                "validTracking": 95,
                "commodityPolicyCompliance": "0",
            },
        },
        "message": "Success",
        "request_id": "r1",
    }


def read(data: object, **options: Any) -> StoreTarget:
    return read_store_target(data, marketplace_id=US, **options)


def refused(data: object, *fragments: str) -> str:
    with pytest.raises(InvalidPayloadError) as info:
        read(data)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_strings_are_exact_decimals_and_percentages_become_ratios() -> None:
    m = read(payload()).marketplace
    late = m.rate_metric("lateShipmentRate")
    assert (late.rate, late.target_value, late.meets_target) == (
        Decimal("0.052"),
        Decimal("0.04"),
        False,
    )
    assert isinstance(late.rate, Decimal)
    assert m.rate_metric("validTrackingRate").target_value == Decimal("0.95")
    ip = m.listing_violation("ip_complaint")
    assert (ip.count, ip.target_value) == (2, Decimal(0))


def test_warnings_compare_each_value_with_its_target() -> None:
    warnings = read(payload()).warnings()
    assert [(w.code, w.metric, w.value) for w in warnings] == [
        (WarningCode.TARGET_MISSED, "lateShipmentRate", Decimal("0.052")),
        (WarningCode.TARGET_MISSED, "receivedIntellectualPropertyComplaints", Decimal(2)),
    ]
    assert warnings[0].explain() == (
        "lateShipmentRate is 0.052, target < 0.04: missed [ATVPDKIKX0DER]"
    )


def test_the_report_works_with_the_sp_api_helpers() -> None:
    events = report_to_events(read(payload()).report, at="2024-11-02T00:00:00Z")
    assert [e.id for e in events] == [
        "amazon:ATVPDKIKX0DER:ip_complaint:2024-11-01:1",
        "amazon:ATVPDKIKX0DER:ip_complaint:2024-11-01:2",
    ]


def test_the_zone_of_the_window_dates_is_an_option() -> None:
    utc = read(payload()).marketplace.rate_metric("lateShipmentRate").reporting_range
    assert utc.start.isoformat() == "2024-10-01T00:00:00+00:00"
    assert utc.end.isoformat() == "2024-11-01T23:59:00+00:00"
    la = read(payload(), zone="America/Los_Angeles").marketplace.rate_metrics[0].reporting_range
    assert la.start.isoformat() == "2024-10-01T00:00:00-07:00"


def test_the_decimal_context_neither_matters_nor_changes() -> None:
    before = decimal.getcontext().copy()
    with decimal.localcontext() as ctx:
        ctx.prec = 1
        ctx.traps[decimal.Inexact] = True
        rate = read(payload()).marketplace.rate_metric("lateShipmentRate").rate
    assert rate == Decimal("0.052")
    assert decimal.getcontext().prec == before.prec


def test_text_and_dict_read_the_same_and_the_result_pickles() -> None:
    target = read(payload())
    assert read(json.dumps(payload())) == target
    assert pickle.loads(pickle.dumps(target)) == target


@pytest.mark.parametrize(
    ("edit", "fragments"),
    [
        (
            lambda d: d["data"]["lateShipment"].update(rate="5,2"),
            ("$.data.lateShipment.rate: '5,2' is not a decimal number",),
        ),
        (lambda d: d["data"]["lateShipment"].update(rate="NaN"), ("$.data.lateShipment.rate",)),
        (lambda d: d["data"]["lateShipment"].update(rate="1e2"), ("no exponent",)),
        (
            lambda d: d["data"]["lateShipment"].update(rate=None),
            ("$.data.lateShipment.rate: expected a value, got null",),
        ),
        (lambda d: d["data"]["lateShipment"].update(rate="-1"), ("negative percentage",)),
        (
            lambda d: d["data"]["lateShipment"].update(count="5.0"),
            ("$.data.lateShipment.count: '5.0' is not a whole number",),
        ),
        (
            lambda d: d["data"]["lateShipment"].update(orderCount=True),
            ("$.data.lateShipment.orderCount: expected a whole number",),
        ),
        (lambda d: d["data"]["lateShipment"].pop("rate"), ("$.data.lateShipment.rate: missing",)),
        (
            lambda d: d["data"]["lateShipment"].update(windowTimeEnd="2024/11/01"),
            ("$.data.lateShipment.windowTimeEnd: '2024/11/01' is not a date",),
        ),
        (
            lambda d: d["data"]["lateShipment"].update(windowTimeEnd="2024-09-01"),
            ("ends (2024-09-01) before it starts",),
        ),
        (
            lambda d: d["data"]["standard"].pop("lateShipment"),
            ("$.data.standard.lateShipment: missing",),
        ),
        (
            lambda d: d["data"]["standard"].update(validTracking="95%"),
            ("$.data.standard.validTracking",),
        ),
        (
            lambda d: d["data"]["accountHealthRating"].update(ahrScore="1200"),
            ("$.data.accountHealthRating.ahrScore: 1200 is outside",),
        ),
        (
            lambda d: d["data"]["commodityPolicyCompliance"].update(listingPolicyData="x"),
            ("$.data.commodityPolicyCompliance.listingPolicyData",),
        ),
        (lambda d: d["data"].pop("pullDate"), ("$.data.pullDate: missing",)),
        (lambda d: d.pop("data"), ("$.data: missing",)),
        (
            lambda d: d.update(code=401, message="token expired"),
            ("$.code: LingXing answered with code 401: token expired",),
        ),
    ],
)
def test_bad_fields_name_their_key_path(edit: Any, fragments: tuple[str, ...]) -> None:
    data = copy.deepcopy(payload())
    edit(data)
    refused(data, *fragments)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="marketplace_id"):
        read_store_target(payload(), marketplace_id="")
    with pytest.raises(PolicyDefinitionError, match="unknown time zone"):
        read(payload(), zone="Mars/Base")
    refused("{", "not valid JSON")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    return out


def replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


@settings(max_examples=examples(60))
@given(st.data())
def test_mutated_responses_read_or_fail_naming_a_path(data: st.DataObject) -> None:
    original = payload()
    doc = replace(original, data.draw(st.sampled_from(paths(original))), data.draw(json_values))
    error: InvalidPayloadError | None = None
    try:
        target = read(doc)
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$"), str(error)
        return
    for warning in target.warnings():
        assert warning.explain()
        assert warning.explain("zh")
