"""Excel exports through a column mapping: cells typed by Excel (dates as wall times in the
export's zone, numbers exact or refused), errors naming the sheet, the row and the column."""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

import penalties
from penalties import InvalidEventFileError, MissingExtraError, Status
from penalties.io.mapping import InvalidMappingError, InvalidWorkbookError, loads_mapping
from tests.test_mapping import AE_MAPPING

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra: pip install 'penalties[excel]'")

HEADER = ["处罚单号", "处罚时间", "违规类型", "违规程度", "扣分"]
ROWS: list[list[Any]] = [
    ["P1", dt.datetime(2024, 1, 15, 9, 30), "虚假发货", "一般", 2],
    ["P2", "2024/02/20 14:00", "不正当竞争", "一般", 3],  # a date written as text
    [None, None, None, None, None],  # an empty row
    [20240311, dt.datetime(2024, 3, 11, 11, 0), "不正当竞争", "严重", 12.0],  # numeric id
]


def _book(path: Path, rows: list[list[Any]], *, sheet: str = "违规记录", title: bool = True,
          extra_sheet: bool = False) -> Path:  # fmt: skip
    """A small workbook at ``path``: a title row, the header, ``rows``."""
    book = openpyxl.Workbook()
    ws = book.active
    if extra_sheet:
        ws.title = "说明"
        ws.append(["This sheet explains the export"])
        ws.append(["The records are on the next sheet"])
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    if title:
        ws.append(["店铺违规记录导出 2024-03"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_an_excel_export_reads_as_its_csv_does(tmp_path: Path) -> None:
    mapping = loads_mapping(AE_MAPPING, name="ae.toml")
    path = _book(tmp_path / "export.xlsx", ROWS)
    events = mapping.read_excel(path)
    assert [(v.id, v.kind, v.severity, v.points, v.at.isoformat()) for v in events] == [
        ("P1", "false_shipment", "general", 2, "2024-01-15T09:30:00+08:00"),
        ("P2", "unfair_competition", "general", 3, "2024-02-20T14:00:00+08:00"),
        ("20240311", "unfair_competition", "serious", 12,
         "2024-03-11T11:00:00+08:00"),
    ]  # fmt: skip
    assert mapping.read(path) == events  # told by its bytes
    assert mapping.read_excel(path.read_bytes(), name="upload.xlsx") == events
    standing = penalties.get_policy("aliexpress").standing(events, "2024-03-12T12:00:00+08:00")
    assert standing.status is Status.FROZEN


def test_dates_are_wall_times_in_the_exports_zone_and_folds_are_refused(tmp_path: Path) -> None:
    mapping = loads_mapping(
        AE_MAPPING.replace('timezone = "Asia/Shanghai"', 'timezone = "Europe/Berlin"')
    )
    path = _book(tmp_path / "berlin.xlsx", [
        ["P1", dt.datetime(2024, 3, 30, 12, 0), "虚假发货", "一般", 2],
        ["P2", dt.datetime(2024, 7, 1, 12, 0), "虚假发货", "一般", 2],
    ])  # fmt: skip
    assert [v.at.isoformat() for v in mapping.read_excel(path)] == [
        "2024-03-30T12:00:00+01:00",
        "2024-07-01T12:00:00+02:00",
    ]
    fold = _book(tmp_path / "fold.xlsx", [["P1", dt.datetime(2024, 10, 27, 2, 30), "虚假发货",
                                           "一般", 2]])  # fmt: skip
    with pytest.raises(InvalidWorkbookError, match="happens twice in Europe/Berlin") as info:
        mapping.read_excel(fold)
    assert (info.value.sheet, info.value.line, info.value.column) == ("违规记录", 3, "处罚时间")
    assert str(info.value).startswith(f"{fold}, sheet '违规记录', row 3, column '处罚时间': ")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        # Excel keeps 15 significant digits: a longer numeric id may be rounded already.
        ([1234567890123456, ROWS[0][1], "虚假发货", "一般", 2], "处罚单号", "more than 15 digits"),
        ([12.5, ROWS[0][1], "虚假发货", "一般", 2], "处罚单号", "with a fraction"),
        ([1.234567890123457e18, ROWS[0][1], "虚假发货", "一般", 2], "处罚单号", "exponent"),
        ([True, ROWS[0][1], "虚假发货", "一般", 2], "处罚单号", "TRUE/FALSE"),
        (["P1", 45366.5, "虚假发货", "一般", 2], "处罚时间", "a number, not a date"),
        (["P1", dt.time(9, 30), "虚假发货", "一般", 2], "处罚时间", "a time without a date"),
        (["P1", ROWS[0][1], "虚假发货", "一般", 2.5], "扣分", "not a whole number"),
        (["P1", ROWS[0][1], dt.datetime(2024, 1, 1), "一般", 2], "违规类型", "date or time"),
        (["P1", None, "虚假发货", "一般", 2], "处罚时间", "the at is empty"),
        (["P1", ROWS[0][1], "虚假发货", "严 重", 2], "违规程度", "values.severity"),
        (["P1", ROWS[0][1], "虚假发货", "一般", 2, "stray"], None, "right of the header"),
    ],
)  # fmt: skip
def test_cells_are_read_exactly_or_refused_naming_sheet_row_and_column(
    tmp_path: Path, row: list[Any], column: str | None, message: str
) -> None:
    mapping = loads_mapping(AE_MAPPING)
    path = _book(tmp_path / "bad.xlsx", [ROWS[1], row])
    with pytest.raises(InvalidWorkbookError, match=message) as info:
        mapping.read_excel(path)
    error = info.value
    assert isinstance(error, InvalidEventFileError)
    assert (error.file, error.sheet, error.line, error.column) == (str(path), "违规记录", 4, column)
    assert pickle.loads(pickle.dumps(error)).sheet == "违规记录"


def test_whole_numbers_of_up_to_15_digits_are_exact_ids(tmp_path: Path) -> None:
    mapping = loads_mapping(AE_MAPPING)
    rows = [["P0", ROWS[0][1], "虚假发货", "一般", 2], [999999999999999, *ROWS[0][1:]]]
    path = _book(tmp_path / "ids.xlsx", rows)
    assert [v.id for v in mapping.read_excel(path)] == ["P0", "999999999999999"]


def test_the_sheet_comes_from_the_mapping_or_the_call(tmp_path: Path) -> None:
    path = _book(tmp_path / "two.xlsx", ROWS[:2], extra_sheet=True)
    mapping = loads_mapping(
        AE_MAPPING.replace("skip_lines = 1", 'skip_lines = 1\nsheet = "违规记录"')
    )
    assert mapping.sheet == "违规记录"
    assert len(mapping.read_excel(path)) == 2
    plain = loads_mapping(AE_MAPPING)
    with pytest.raises(InvalidWorkbookError, match=r"sheet '说明'.*no column for 'id'"):
        plain.read_excel(path)  # the first sheet is the explanation
    assert len(plain.read_excel(path, sheet="违规记录")) == 2
    with pytest.raises(InvalidWorkbookError, match=r"no sheet '违规纪录'.*Did you mean '违规记录'"):
        plain.read_excel(path, sheet="违规纪录")
    with pytest.raises(InvalidMappingError, match="sheet"):
        loads_mapping(AE_MAPPING.replace("skip_lines = 1", "skip_lines = 1\nsheet = 3"))


def test_not_a_workbook_and_a_missing_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = loads_mapping(AE_MAPPING)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidWorkbookError, match="not an Excel workbook"):
        mapping.read(fake)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"penalties\[excel\]"):
        mapping.read_excel(fake)


def test_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws["B2"] = "店铺违规记录导出"  # a title lower down, an empty row above and below it
    for column, title in zip("ABCDE", HEADER, strict=True):
        ws[f"{column}4"] = title
    for column, value in zip("ABCDE", ["P1", "2024-13-01 10:00:00", "虚假发货", "一般", 2],
                             strict=True):  # fmt: skip
        ws[f"{column}6"] = value
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    mapping = loads_mapping(AE_MAPPING.replace("skip_lines = 1", "skip_lines = 3"))
    with pytest.raises(InvalidWorkbookError, match="row 6, column '处罚时间'"):
        mapping.read_excel(path)
