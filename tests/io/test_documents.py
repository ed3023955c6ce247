"""penalties.io.documents: a ``penalties.standing`` document is checked against itself and its
policy (it holds no events to recompute it from), and dumps() takes a sane indent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from penalties import get_policy
from penalties.demo import demo_history
from penalties.errors import InvalidDocumentError
from penalties.io import dumps, loads

ALI = get_policy("aliexpress")
FROZEN_AT = "2024-03-12T00:00:00+08:00"  # the demo account is frozen 11-18 March


def _doc(at: str = FROZEN_AT) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(ALI.standing(demo_history(), at)))
    return doc


def test_a_standing_reads_back_equal() -> None:
    standing = ALI.standing(demo_history(), FROZEN_AT)
    assert standing.frozen_until is not None
    assert loads(dumps(standing)) == standing


def _points(value: int) -> Callable[[dict[str, Any]], None]:
    def edit(body: dict[str, Any]) -> None:
        body["points"]["trade"] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        # Issue 17: points=-5 with status=closed loaded.
        (
            lambda b: b.update(status="closed", points={**b["points"], "trade": -5}),
            "standing.points.trade",
            "-5 is negative",
        ),
        (lambda b: b.update(status="closed"), "standing.status", "closed is not what the"),
        (lambda b: b.update(status="good"), "standing.status", "good is not what the"),
        (_points(13), "standing.points.trade", "the balance after the last change"),
        (lambda b: b["points"].pop("ip"), "standing.points", "names the ledgers"),
        (lambda b: b["points"].update(extra=0), "standing.points", "names the ledgers"),
        (lambda b: b.update(frozen_until=None), "standing.frozen_until", "longest active"),
        (
            lambda b: b["sanctions"][0].update(end="2024-03-11T12:00:00+08:00"),
            "standing.sanctions[0]",
            "does not run at the standing's instant",
        ),
        (
            lambda b: b["next_thresholds"][0].update(remaining=1),
            "standing.next_thresholds[0]",
            "does not fit the balance",
        ),
        (
            lambda b: b["changes"][-1].update(at="2030-01-01T00:00:00+08:00"),
            "standing.changes[",
            "after the standing's instant",
        ),
        (
            lambda b: b["changes"][0].update(ledger="nope"),
            "standing.changes[0].ledger",
            "not a ledger of the policy",
        ),
        (lambda b: b.update(scores={"trade": 3}), "standing.scores", "not what the balances"),
    ],
)
def test_a_standing_that_contradicts_itself_is_refused(
    edit: Callable[[dict[str, Any]], None], key: str, message: str
) -> None:
    doc = _doc()
    edit(doc["standing"])
    with pytest.raises(InvalidDocumentError) as info:
        loads(json.dumps(doc))
    assert str(info.value).startswith(key)
    assert message in str(info.value)
    assert "the document was edited" in str(info.value)


def test_a_closed_standing_has_no_next_threshold() -> None:
    events = [*demo_history()]
    closed = ALI.what_if(
        events,
        [type(events[0])("big", "unfair_competition", FROZEN_AT, severity="serious", points=48)],
        "2024-03-13T00:00:00+08:00",
    ).after
    assert closed.closed
    doc = json.loads(dumps(closed))
    assert loads(json.dumps(doc)) == closed
    doc["standing"]["next_thresholds"] = _doc()["standing"]["next_thresholds"]
    with pytest.raises(InvalidDocumentError, match="a closed account has no next threshold"):
        loads(json.dumps(doc))


@pytest.mark.parametrize(
    ("indent", "error", "message"),
    [
        (10**100, InvalidDocumentError, "give 0 to 16 spaces"),  # was an OverflowError
        (-1, InvalidDocumentError, "give 0 to 16 spaces"),
        (17, InvalidDocumentError, "give 0 to 16 spaces"),
        ("\t", TypeError, "indent must be None or an int, not str"),
        (True, TypeError, "not bool"),
        (2.0, TypeError, "not float"),
    ],
)
def test_dumps_takes_a_sane_indent(indent: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        dumps([], indent=indent)
    assert "\n" + " " * 16 + '"format"' in dumps([], indent=16)
