"""penalties.io.files: the file readers go through the one safe reader (regular files only,
a size cap), and a file of many accounts is grouped in one pass."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from penalties import Appeal, Violation
from penalties.errors import InvalidEventFileError
from penalties.io import (
    loads_accounts,
    loads_csv,
    loads_jsonl,
    read_accounts,
    read_csv,
    read_events,
    read_jsonl,
)

READERS: list[tuple[str, Callable[..., Any]]] = [
    ("read_csv", read_csv),
    ("read_jsonl", read_jsonl),
    ("read_events", read_events),
    ("read_accounts", read_accounts),
]
CSV = "account,id,kind,at\nshop-a,v1,trade,2024-03-01T10:00:00+08:00\n"


@pytest.mark.parametrize(("label", "reader"), READERS, ids=[r[0] for r in READERS])
def test_readers_refuse_a_symlink_to_dev_zero(
    tmp_path: Path, label: str, reader: Callable[..., Any]
) -> None:
    # Issue 17: read_events, read_csv and read_jsonl read /dev/zero without end.
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InvalidEventFileError, match="not a regular file") as info:
        reader(link)
    assert info.value.file == str(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize(("label", "reader"), READERS, ids=[r[0] for r in READERS])
def test_readers_refuse_a_fifo_without_blocking(
    tmp_path: Path, label: str, reader: Callable[..., Any]
) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            reader(fifo)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), f"{label} blocked on a FIFO"
    assert len(outcome) == 1
    assert isinstance(outcome[0], InvalidEventFileError)
    assert "a FIFO or pipe" in str(outcome[0])


@pytest.mark.parametrize(("label", "reader"), READERS, ids=[r[0] for r in READERS])
def test_readers_take_a_size_cap(tmp_path: Path, label: str, reader: Callable[..., Any]) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,kind,at\nv1,trade,2024-03-01T10:00:00+08:00\n")
    size = path.stat().st_size
    kwargs: dict[str, Any] = {"format": "csv"} if label in ("read_events", "read_accounts") else {}
    if label == "read_jsonl":
        path.write_text('{"type": "violation", "id": "v1", "kind": "trade", "at": "2024-03-01"}')
        size = path.stat().st_size
    with pytest.raises(InvalidEventFileError, match=f"larger than {size - 1:,} bytes"):
        reader(path, max_bytes=size - 1, **kwargs)
    with pytest.raises(TypeError, match="max_bytes must be an int"):
        reader(path, max_bytes=1.5, **kwargs)


def test_read_csv_and_read_events_read_within_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,kind,at\nv1,trade,2024-03-01T10:00:00+08:00\n")
    size = path.stat().st_size
    assert read_csv(path, max_bytes=size) == read_events(path, max_bytes=size)


def _jsonl(*items: dict[str, Any]) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


def _v(vid: str, account: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "violation", "id": vid, "kind": "trade"}
    item["at"] = "2024-03-01T10:00:00+08:00"
    if account is not None:
        item["account"] = account
    return item


def test_many_accounts_are_grouped_in_the_order_they_appear(tmp_path: Path) -> None:
    csv_text = (
        "account,type,id,kind,at,violation_id,filed_at\n"
        "b,violation,v1,trade,2024-03-01T10:00:00+08:00,,\n"
        "a,violation,v1,trade,2024-03-01T10:00:00+08:00,,\n"
        "\n"
        "b,appeal,,,,v1,2024-03-02T10:00:00+08:00\n"
    )
    by_csv = loads_accounts(csv_text, format="csv")
    assert list(by_csv) == ["b", "a"]
    assert [type(e) for e in by_csv["b"]] == [Violation, Appeal]
    jsonl = _jsonl(
        {"format": "penalties.events", "version": 1}, _v("v1", "b"), _v("v1", " a "), _v("v2", "b")
    )
    by_jsonl = loads_accounts(jsonl, format="jsonl")
    assert list(by_jsonl) == ["b", "a"]
    assert [e.id for e in by_jsonl["b"] if isinstance(e, Violation)] == ["v1", "v2"]
    (tmp_path / "x.jsonl").write_text(jsonl)
    assert read_accounts(tmp_path / "x.jsonl") == by_jsonl
    (tmp_path / "x.csv").write_text(csv_text)
    assert read_accounts(tmp_path / "x.csv") == by_csv


def test_a_file_without_accounts_is_one_account() -> None:
    text = "id,kind,at\nv1,trade,2024-03-01T10:00:00+08:00\n"
    assert loads_accounts(text, format="csv") == {None: loads_csv(text)}
    jsonl = _jsonl(_v("v1"))
    assert loads_accounts(jsonl, format="jsonl") == {None: loads_jsonl(jsonl)}
    assert loads_accounts("", format="jsonl") == {None: []}
    assert loads_accounts("", format="csv") == {None: []}


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        (
            "account,id,kind,at\na,v1,trade,2024-03-01T10:00:00Z\na,v1,trade,2024-03-02T10:00:00Z\n",
            "csv",
            r"line 3, column 'id': duplicate violation id 'v1' \(first on line 2\)",
        ),
        (
            "account,id,kind,at\n ,v1,trade,2024-03-01T10:00:00Z\n",
            "csv",
            r"line 2, column 'account': \" \" is not an account name",
        ),
        (_jsonl(_v("v1", "a"), _v("v1", "a")), "jsonl", "line 2, column 'id': duplicate"),
        (_jsonl(_v("v1", "a"), _v("v2")), "jsonl", "line 2, column 'account': no account"),
        (_jsonl(_v("v1"), _v("v2", "a")), "jsonl", "line 1, column 'account': no account"),
        (_jsonl({**_v("v1"), "account": 7}), "jsonl", "7 is not an account name"),
        # Issue 17: the CLI's reader took the last of two "account" (or "kind") keys.
        ('{"account": "a", "account": "b", "type": "violation"}\n', "jsonl", "repeats the key"),
        ('{"account": "a", "kind": "x", "kind": "y"}\n', "jsonl", "repeats the key 'kind'"),
    ],
)
def test_many_account_errors_name_the_line(text: str, fmt: Any, message: str) -> None:
    with pytest.raises(InvalidEventFileError, match=message):
        loads_accounts(text, format=fmt)


def test_ids_repeat_freely_across_accounts_but_not_in_a_one_account_file() -> None:
    text = "account,id,kind,at\na,v1,trade,2024-03-01T10:00:00Z\nb,v1,trade,2024-03-01T10:00:00Z\n"
    assert [len(v) for v in loads_accounts(text, format="csv").values()] == [1, 1]
    with pytest.raises(InvalidEventFileError, match="read_accounts"):
        loads_csv(text)  # an account column is not a field of one account's events
    with pytest.raises(InvalidEventFileError, match="format='xml'"):
        loads_accounts(text, format="xml")  # type: ignore[arg-type]


def test_read_accounts_reads_a_json_document_as_one_account(tmp_path: Path) -> None:
    from penalties.io import dumps

    events = [Violation("v1", "trade", "2024-03-01T10:00:00+08:00")]
    (tmp_path / "e.json").write_text(dumps(events))
    assert read_accounts(tmp_path / "e.json") == {None: events}
    with pytest.raises(InvalidEventFileError, match="cannot tell the format"):
        read_accounts(tmp_path / "e.txt")


# --------------------------------------------------------------------------- messages (issue 16)

UNTYPED = [
    ({"id": "v1", "kind": "trade", "at": "2024-03-01T10:00:00+08:00", "points": 2}, "violation"),
    ({"violation_id": "v1", "filed_at": "2024-03-02T10:00:00+08:00"}, "appeal"),
    ({"violation_id": "v1", "at": "2024-03-03T10:00:00+08:00", "reason": "retracted"},
     "revocation"),
    ({"violation_id": "v1", "at": "2024-03-04T10:00:00+08:00"}, "revocation"),
    ({"at": "2024-03-05T10:00:00+08:00", "outcome": "released"}, "funds_decision"),
    ({"violation_id": "v1", "at": "2024-03-05T10:00:00+08:00", "outcome": "withheld"},
     "funds_decision"),
]  # fmt: skip


def test_infer_type_tells_each_event_type_by_its_keys() -> None:
    from penalties.io.files import infer_type

    for data, tag in UNTYPED:
        assert infer_type(data) == tag, data
        assert infer_type({**data, "account": "shop"}) == tag
    assert infer_type({"type": "appeal", "id": "v1"}) == "appeal"  # a type given is kept
    assert infer_type({"type": 5}) is None
    # A misspelt key: the type sharing most keys, so the error names the key.
    assert infer_type({"id": "v", "kind": "trade", "at": "x", "pionts": 3}) == "violation"
    assert infer_type({"violation_id": "v1", "filed_a": "x"}) is None  # a tie: none told
    assert infer_type({}) is None


def test_jsonl_lines_may_leave_out_type_as_csv_rows_do() -> None:
    typed = loads_jsonl("".join(json.dumps({"type": t, **d}) + "\n" for d, t in UNTYPED))
    untyped = loads_jsonl("".join(json.dumps(d) + "\n" for d, _ in UNTYPED))
    assert untyped == typed
    assert [type(e).__name__ for e in untyped] == [
        "Violation", "Appeal", "Revocation", "Revocation", "FundsDecision", "FundsDecision",
    ]  # fmt: skip
    many = loads_accounts(
        "".join(json.dumps({"account": "a", **d}) + "\n" for d, _ in UNTYPED), format="jsonl"
    )
    assert many == {"a": typed}


def test_jsonl_line_whose_keys_tell_no_type_asks_for_one() -> None:
    with pytest.raises(InvalidEventFileError) as info:
        loads_jsonl('{"violation_id": "v1", "filed_a": "2024-03-02T10:00:00+08:00"}\n', name="f")
    assert str(info.value) == (
        "f, line 1: type: missing, and the keys ('violation_id', 'filed_a') do not tell which "
        "event this is; add \"type\": one of 'violation', 'appeal', 'revocation', "
        "'funds_decision', 'exam_passed'."
    )
    assert info.value.line == 1
    with pytest.raises(InvalidEventFileError, match="do not tell which event"):
        loads_jsonl('{"at": "2024-03-02T10:00:00+08:00"}\n', name="f")
    assert [
        type(e).__name__
        for e in loads_jsonl('{"type": "exam_passed", "at": "2024-03-02T10:00:00+08:00"}\n')
    ] == ["ExamPassed"]
    with pytest.raises(InvalidEventFileError, match="unknown key 'pionts' for Violation"):
        loads_jsonl('{"id": "v", "kind": "trade", "at": "2024-03-01T10:00:00Z", "pionts": 3}')


@pytest.mark.parametrize(
    ("header", "cell", "wanted"),
    [
        ("ID,Kind,At", "ID", "id"),
        ("id,KIND,at", "KIND", "kind"),
        ("id,kind,at,Occurred At", "Occurred At", "occurred_at"),
        ("Type,id,kind,at", "Type", "type"),
        ("type,violation-id,filed_at", "violation-id", "violation_id"),
    ],
)
def test_csv_header_in_another_case_gets_a_hint(header: str, cell: str, wanted: str) -> None:
    with pytest.raises(InvalidEventFileError) as info:
        loads_csv(header + "\n", name="up.csv")
    assert str(info.value).startswith(
        f"up.csv, line 1, column {cell!r}: column names are lower case, with _ between words; "
        f"write {wanted!r} (the header reads {header.replace(',', ', ')})"
    )
    assert (info.value.line, info.value.column) == (1, cell)


def test_an_unknown_lower_case_column_is_not_called_a_case_problem() -> None:
    with pytest.raises(InvalidEventFileError, match="unknown column") as info:
        loads_csv("id,kind,at,pionts\n")
    assert "lower case" not in str(info.value)
    assert "Did you mean 'points'" in str(info.value)
