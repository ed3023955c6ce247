"""Declarative column mappings: exports with Chinese or English headers, in their own zone and
date format, read into violations; mapping errors name the key, row errors the line and column."""

from __future__ import annotations

import pickle

import pytest

import penalties
from penalties import InvalidEventFileError, Status
from penalties._time import exact
from penalties.io.mapping import ColumnMapping, InvalidMappingError, load_mapping, loads_mapping

AE_MAPPING = """
format = "penalties.mapping"
version = 1
name = "AliExpress penalty records"
policy = "aliexpress"
timezone = "Asia/Shanghai"
date_formats = ["YYYY-MM-DD HH:mm:ss", "YYYY/MM/DD HH:mm"]
skip_lines = 1

[columns]
id = ["处罚单号", "Penalty ID"]
at = ["处罚时间", "Penalty time"]
kind = ["违规类型", "Violation type"]
severity = ["违规程度", "Severity"]
points = ["扣分", "Points"]

[values.kind]
"虚假发货" = "false_shipment"
"False shipment" = "false_shipment"
"不正当竞争" = "unfair_competition"
"Unfair competition" = "unfair_competition"

[values.severity]
"一般" = "general"
"General" = "general"
"严重" = "serious"
"Serious" = "serious"
"""

AE_ZH = """店铺违规记录导出 2024-03
处罚单号,处罚时间,违规类型,违规程度,扣分
P1,2024-01-15 09:30:00,虚假发货,一般,2
P2,2024/02/20 14:00,不正当竞争,一般,3

P3,2024-03-11 11:00:00,不正当竞争,严重,12
"""

AE_EN = """Store penalty records 2024-03
Penalty ID,Penalty time,Violation type,Severity,Points
P1,2024-01-15 09:30:00,False shipment,General,2
P2,2024/02/20 14:00,Unfair competition,General,3
P3,2024-03-11 11:00:00,Unfair competition,Serious,12
"""


def test_aliexpress_chinese_and_english_headers_read_the_same() -> None:
    mapping = loads_mapping(AE_MAPPING, name="ae.toml")
    zh = mapping.loads(AE_ZH.encode("utf-8-sig"), name="zh.csv")  # a BOM, as Excel writes
    en = mapping.loads(AE_EN, name="en.csv")
    assert zh == en
    assert [(v.id, v.kind, v.severity, v.points) for v in zh] == [
        ("P1", "false_shipment", "general", 2),
        ("P2", "unfair_competition", "general", 3),
        ("P3", "unfair_competition", "serious", 12),
    ]
    assert zh[1].at.isoformat() == "2024-02-20T14:00:00+08:00"
    s = penalties.get_policy("aliexpress").standing(zh, "2024-03-12T12:00:00+08:00")
    assert s.status is Status.FROZEN
    assert pickle.loads(pickle.dumps(mapping)) == mapping


TT_MAPPING = """
format = "penalties.mapping"
version = 1
policy = "tiktok_shop"
market = "TH"
timezone = "Asia/Bangkok"
date_formats = ["DD/MM/YYYY HH:mm"]
delimiter = ";"

[columns]
id = "Record ID"
at = "Penalty Time"
kind = "Violation"
points = "Points Deducted"
reference = "Order ID"

[values.kind]
"IP infringement" = "ip_infringement"
"Counterfeit" = "counterfeit_products"
"""


def test_tiktok_shop_semicolons_day_first_dates() -> None:
    mapping = loads_mapping(TT_MAPPING)
    text = "Record ID;Penalty Time;Violation;Points Deducted;Order ID\n" \
           "R1;05/03/2024 10:15;IP infringement;2;5761\n" \
           "R2;06/03/2024 23:59;Counterfeit;6;\n"  # fmt: skip
    events = mapping.loads(text)
    assert [(v.id, v.at.isoformat(), v.points, v.reference) for v in events] == [
        ("R1", "2024-03-05T10:15:00+07:00", 2, "5761"),
        ("R2", "2024-03-06T23:59:00+07:00", 6, None),
    ]
    standing = penalties.get_policy("tiktok_shop", market="TH").standing(
        events, "2024-03-07T00:00+07:00"
    )
    assert standing.points["points"] == 8


AMZ_MAPPING = """
format = "penalties.mapping"
version = 1
policy = "amazon"
market = "DE"
timezone = "Europe/Berlin"
date_formats = ["YYYY-MM-DD HH:mm ZZ", "YYYY-MM-DD HH:mm", "iso"]

[columns]
id = "Complaint ID"
at = "Date"
note = "ASIN"

[constants]
kind = "ip_complaint"
"""


def test_amazon_constant_kind_offsets_and_dst() -> None:
    mapping = loads_mapping(AMZ_MAPPING)
    events = mapping.loads(
        "Complaint ID,Date,ASIN\n"
        "C1,2024-03-30 12:00,B000111\n"
        "C2,2024-07-01 12:00 +0000,B000222\n"
        "C3,2024-08-01T09:00:00+02:00,B000333\n"
    )
    assert [(v.kind, v.at.isoformat(), v.note) for v in events] == [
        ("ip_complaint", "2024-03-30T12:00:00+01:00", "B000111"),
        ("ip_complaint", "2024-07-01T12:00:00+00:00", "B000222"),
        ("ip_complaint", "2024-08-01T09:00:00+02:00", "B000333"),
    ]
    assert exact(events[1].at) == exact(events[1].at.in_timezone("Europe/Berlin"))
    with pytest.raises(
        InvalidEventFileError, match=r"line 2, column 'Date'.*does not exist"
    ) as gap:
        mapping.loads("Complaint ID,Date,ASIN\nC1,2024-03-31 02:30,B1\n")
    assert (gap.value.line, gap.value.column) == (2, "Date")
    with pytest.raises(InvalidEventFileError, match="happens twice"):
        mapping.loads("Complaint ID,Date,ASIN\nC1,2024-10-27 02:30,B1\n")
    fold = mapping.loads("Complaint ID,Date,ASIN\nC1,2024-10-27 02:30 +0100,B1\n")
    assert fold[0].at.isoformat() == "2024-10-27T02:30:00+01:00"


@pytest.mark.parametrize(
    ("csv_text", "line", "column", "message"),
    [
        (AE_EN.replace("2024/02/20 14:00", "20.02.2024"), 4, "Penalty time", "none of the date"),
        (AE_EN.replace("General,3", "General,three"), 4, "Points", "whole number"),
        (AE_EN.replace("P2,", ",", 1), 4, "Penalty ID", "id is empty"),
        (AE_EN.replace("P3,", "P1,", 1), 5, "Penalty ID", "duplicate violation id"),
        (AE_EN.replace("Serious,12", "Critical,12"), 5, "Severity", "values.severity"),
        (AE_EN.replace("Points\n", "Pts\n"), 2, None, "no column for 'points'"),
        (AE_EN.replace("General,2", "General,2,x"), 3, None, "the row has 6 cells"),
    ],
)
def test_row_errors_name_line_and_column(
    csv_text: str, line: int, column: str | None, message: str
) -> None:
    mapping = loads_mapping(AE_MAPPING)
    with pytest.raises(InvalidEventFileError, match=message) as info:
        mapping.loads(csv_text, name="export.csv")
    assert (info.value.file, info.value.line, info.value.column) == ("export.csv", line, column)
    assert str(info.value).startswith(f"export.csv, line {line}")


def test_policy_checks_each_row() -> None:
    mapping = loads_mapping(AE_MAPPING.replace('"严重" = "serious"', '"严重" = "especially"'))
    with pytest.raises(InvalidEventFileError, match="unknown severity") as info:
        mapping.loads(AE_ZH, name="zh.csv")
    assert (info.value.line, info.value.column) == (6, "违规程度")


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (("version = 1", "version = 2"), "version", "version"),
        (('timezone = "Asia/Shanghai"', 'timezone = "Asia/Shangai"'), "timezone", "IANA"),
        (("[columns]", "colour = 1\n[columns]"), "colour", "unknown key"),
        (('points = ["扣分", "Points"]', 'pionts = ["扣分"]'), "columns.pionts", "Did you mean"),
        (('"虚假发货" = "false_shipment"', '"虚假发货" = "fake_shipment"'),
         "values.kind.'虚假发货'", "no violation kind"),
        (('policy = "aliexpress"', 'policy = "aliexpres"'), "policy", "no policy"),
        (('id = ["处罚单号", "Penalty ID"]', ""), "columns", "required field 'id'"),
        (("skip_lines = 1", "skip_lines = -1"), "skip_lines", "0 or more"),
        (("[values.severity]", "[values.at]"), "values.at", "other than a date"),
    ],
)  # fmt: skip
def test_mapping_errors_name_the_key(change: tuple[str, str], key: str, message: str) -> None:
    text = AE_MAPPING.replace(*change)
    with pytest.raises(InvalidMappingError, match=message) as info:
        loads_mapping(text, name="ae.toml")
    assert (info.value.file, info.value.key) == ("ae.toml", key)


def test_toml_syntax_error_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidMappingError, match=r"not valid TOML.*line 2"):
        loads_mapping('format = "penalties.mapping"\nversion = = 1\n', name="bad.toml")
    path = tmp_path / "ae.toml"
    path.write_text(AE_MAPPING, encoding="utf-8")
    mapping = load_mapping(path)
    assert isinstance(mapping, ColumnMapping)
    export = tmp_path / "export.csv"
    export.write_bytes(AE_ZH.encode("utf-8-sig"))
    assert len(mapping.read(export)) == 3
    with pytest.raises(InvalidMappingError, match="cannot read"):
        load_mapping(tmp_path / "missing.toml")
