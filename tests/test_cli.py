"""The command line, through its real entry points (``python -m penalties`` and the console
script in subprocesses, a pseudo-terminal for the Rich path) and in-process ``main([...])``."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import penalties
from penalties import cli
from penalties.cli import main
from penalties.io import dumps, loads, read_accounts

AT = "2024-03-02T00:00:00+08:00"
SERIOUS = {
    "type": "violation",
    "id": "a",
    "kind": "unfair_competition",
    "at": "2024-03-01T10:00:00+08:00",
    "severity": "serious",
}
CLAIM = [
    "--order-id",
    "302-1234567-1234567",
    "--reason",
    "not_returned",
    "--refund-amount",
    "49.90",
    "--order-value",
    "49.90",
    "--currency",
    "EUR",
    "--refund-charged-at",
    "2024-02-01T10:00:00+01:00",
]
PLAN = [
    "--store",
    "Blue Shop",
    "--root-cause",
    "Our supplier's invoices did not match the brand on the listing.",
    "--corrective",
    "On 2 May 2024 we removed the listing and returned the stock.",
    "--preventive",
    "Since 3 May 2024 we buy only from authorised distributors.",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "penalties", *args], capture_output=True, text=True, check=False
    )


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(result: subprocess.CompletedProcess[str] | tuple[int, str, str]) -> str:
    status, out, err = (
        (result.returncode, result.stdout, result.stderr)
        if isinstance(result, subprocess.CompletedProcess)
        else result
    )
    assert status == 2, (out, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("penalties: error: ")
    return err


@pytest.fixture
def one(tmp_path: Path) -> Path:
    path = tmp_path / "events.json"
    path.write_text(json.dumps([SERIOUS]))
    return path


@pytest.fixture
def many(tmp_path: Path) -> Path:
    path = tmp_path / "shops.csv"
    path.write_text(
        "account,id,kind,at,severity\n"
        "shopA,a1,unfair_competition,2024-03-01T10:00:00+08:00,serious\n"
        "shopB,a1,false_shipment,2024-03-01T10:00:00+08:00,general\n"
        "shopA,a2,false_shipment,2024-03-02T10:00:00+08:00,general\n"
        "shopC,c1,unfair_competition,2024-03-03T10:00:00+08:00,especially_serious\n"
    )
    return path


# --------------------------------------------------------------------------- entry points


def test_demo_through_python_m_is_text_when_piped() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert not result.stdout.lstrip().startswith("{")  # human text, not 3,944 lines of JSON
    assert "FROZEN until 2024-03-18 11:00" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe
    assert len(result.stdout.splitlines()) < 400
    result = run("demo", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    standings = [loads(json.dumps(doc)) for doc in out["standings"]]
    assert [s.status.name for s in standings] == ["FROZEN", "GOOD", "GOOD", "GOOD"]  # type: ignore[union-attr]
    assert out["what_if"]["what_if"]["after"]["status"] == "frozen"


def test_demo_text() -> None:
    result = run("demo", "--text")
    assert result.returncode == 0, result.stderr
    assert "FROZEN until 2024-03-18 11:00" in result.stdout
    assert "Appeal on AE-2024-010: granted" in result.stdout
    assert "status: GOOD -> FROZEN" in result.stdout


def test_console_script_of_this_venv(one: Path) -> None:
    script = Path(sys.executable).parent / "penalties"
    assert script.exists(), "pip install -e . installs the console script"
    result = subprocess.run(
        [str(script), "evaluate", str(one), "--policy", "aliexpress", "--at", AT, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["standing"]["points"]["trade"] == 12
    version = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    assert version.stdout.strip() == f"penalties {penalties.__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["policies"],
        ["evaluate"],
        ["what-if"],
        ["timeline"],
        ["claim"],
        ["claim", "check"],
        ["appeal"],
        ["appeal", "letter"],
    ],
)
def test_help_on_every_command(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    status, out, _ = call(capsys, *command, "--help")
    assert status == 0
    assert out.startswith("Usage: penalties")


def test_help_through_python_m() -> None:
    result = run("what-if", "--help")
    assert result.returncode == 0
    assert "--add KIND[:SEVERITY][:POINTS]" in result.stdout


# --------------------------------------------------------------------------- commands


def test_policies_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(capsys, "policies", "--json")
    assert status == 0
    rows = {r["code"]: r for r in json.loads(out)}
    assert set(rows) == set(penalties.list_policies())
    assert rows["aliexpress"]["ledgers"] == ["trade", "ip", "ip_serious", "product_info"]
    assert "PH" in rows["shopee"]["markets"]


def test_policies_show_one(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(capsys, "policies", "aliexpress", "--text")
    assert status == 0
    assert "valid 365 days from the penalty" in out
    assert "12 points: 7-day freeze -> 7-day freeze" in out
    assert "3 (2017-11-22)" in out
    assert "1 (always)" in out
    assert "https://" in out
    status, out, _ = call(capsys, "policies", "aliexpress", "--text", "--lang", "zh")
    assert "12 分 → 店铺冻结 7 天" in out
    assert "不正当竞争" in out
    assert "自处罚起 365 天内有效" in out


def test_policies_show_market_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(capsys, "policies", "shopee", "--market", "PH", "--json")
    assert status == 0
    policy = loads(out)
    assert isinstance(policy, penalties.Policy)
    assert policy == penalties.get_policy("shopee", market="PH")


def test_evaluate_json_is_a_standing_document(
    one: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = call(
        capsys, "evaluate", str(one), "--policy", "aliexpress", "--at", AT, "--json"
    )
    assert status == 0, err
    standing = loads(out)
    assert isinstance(standing, penalties.Standing)
    assert standing.status is penalties.Status.FROZEN
    assert standing.points["trade"] == 12


@pytest.mark.parametrize("suffix", ["json", "jsonl", "csv"])
def test_evaluate_reads_every_event_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    events = [penalties.Violation("a", "unfair_competition", SERIOUS["at"], severity="serious")]
    path = tmp_path / f"events.{suffix}"
    text = {
        "json": dumps(events),
        "jsonl": penalties.io.dumps_jsonl(events),
        "csv": penalties.io.dumps_csv(events),
    }[suffix]
    path.write_text(text)
    status, out, err = call(
        capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT, "--format", "json"
    )
    assert status == 0, err
    assert json.loads(out)["standing"]["status"] == "frozen"


def test_evaluate_many_accounts(many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = call(
        capsys,
        "evaluate",
        str(many),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-05T00:00:00+08:00",
        "--json",
    )
    assert status == 0, err
    data = json.loads(out)
    got = {a["account"]: a["standing"] for a in data["accounts"]}
    assert list(got) == ["shopA", "shopB", "shopC"]
    assert got["shopA"]["points"]["trade"] == 14
    assert got["shopA"]["status"] == "frozen"
    assert got["shopB"]["points"]["trade"] == 2
    assert got["shopB"]["status"] == "good"
    assert got["shopC"]["status"] == "closed"
    status, out, _ = call(
        capsys,
        "evaluate",
        str(many),
        "--policy",
        "aliexpress",
        "--at",
        AT,
        "--account",
        "shopB",
        "--json",
    )
    assert json.loads(out)["standing"]["points"]["trade"] == 2


def test_evaluate_many_accounts_jsonl_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [dict(SERIOUS, account="x"), dict(SERIOUS, account="y", severity="general")]
    jsonl = tmp_path / "e.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    plain = tmp_path / "e.json"
    plain.write_text(json.dumps([{k: v for k, v in r.items() if k != "type"} for r in rows]))
    for path in (jsonl, plain):
        status, out, err = call(
            capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT, "--json"
        )
        assert status == 0, err
        points = {
            a["account"]: a["standing"]["points"]["trade"] for a in json.loads(out)["accounts"]
        }
        assert points == {"x": 12, "y": 3}


def test_evaluate_zh_text(one: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(
        capsys, "evaluate", str(one), "--policy", "aliexpress", "--at", AT, "--text", "--lang", "zh"
    )
    assert status == 0
    assert "账户状态：冻结，至 2024-03-08 10:00" in out
    assert "不正当竞争（严重），自 2024-03-01 10:00 起计 12 分" in out
    assert "店铺冻结，自 2024-03-01 10:00 至 2024-03-08 10:00：交易违规及其他达到 12 分" in out


def test_what_if(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "general.json"
    one.write_text(json.dumps([dict(SERIOUS, severity="general")]))
    status, out, err = call(
        capsys,
        "what-if",
        str(one),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-20T00:00:00+08:00",
        "--add",
        "false_shipment:serious",
        "--add",
        "trade:5",
        "--json",
    )
    assert status == 0, err
    result = loads(out)
    assert isinstance(result, penalties.WhatIf)
    assert result.points_delta["trade"] == 17
    assert result.status_change == (penalties.Status.GOOD, penalties.Status.FROZEN)
    status, out, _ = call(
        capsys,
        "what-if",
        str(one),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-20T00:00:00+08:00",
        "--add",
        "false_shipment:serious",
        "--text",
        "--lang",
        "zh",
    )
    assert "交易违规及其他：+12 分" in out
    assert "状态：正常 → 冻结" in out


def test_what_if_add_file(one: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("id,kind,at,severity\nb,false_shipment,2024-03-20T00:00:00+08:00,general\n")
    status, out, err = call(
        capsys,
        "what-if",
        str(one),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-20T00:00:00+08:00",
        "--add-file",
        str(extra),
        "--json",
    )
    assert status == 0, err
    assert json.loads(out)["what_if"]["points_delta"]["trade"] == 2


def test_timeline_json_and_plot(
    one: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "out.png"
    status, out, err = call(
        capsys, "timeline", str(one), "--policy", "aliexpress", "--plot", str(png), "--json"
    )
    assert status == 0, err
    timeline = loads(out)
    assert isinstance(timeline, penalties.Timeline)
    assert [c.delta for c in timeline.changes] == [12, -12]
    data = png.read_bytes()
    assert len(data) > 0
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    import matplotlib.image

    height, width = matplotlib.image.imread(png).shape[:2]
    assert width > 200
    assert height > 100


def test_timeline_text(one: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(capsys, "timeline", str(one), "--policy", "aliexpress", "--text")
    assert status == 0
    assert "2024-03-01 10:00  trade   +12" in out
    assert "FREEZE" in out
    assert "2024-03-08 10:00" in out


def test_timeline_text_of_the_demo_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from penalties.demo import demo_history
    from penalties.io import dumps_jsonl

    path = tmp_path / "demo.jsonl"
    path.write_text(dumps_jsonl(demo_history()))
    status, out, _ = call(capsys, "timeline", str(path), "--policy", "aliexpress")
    assert status == 0
    assert "ip_serious reached 1 strike (strike 1: 1-day freeze)" in out
    assert "1 strikes" not in out
    # The capped violation's lapse takes off what it counted (2 of its 4); the merged strike's
    # says that it counted nothing itself and takes off the strike it was merged into.
    assert (
        "-2     6        AE-2024-007  AE-2024-007 lapsed (valid 365 days from the penalty)\n" in out
    )
    assert (
        "-1     0        AE-2024-009  AE-2024-009 lapsed (valid 365 days from the penalty); it "
        "counted 0 strikes, and takes off 1 strike"
    ) in out
    status, out, _ = call(capsys, "timeline", str(path), "--policy", "aliexpress", "--lang", "zh")
    assert status == 0
    assert "知识产权禁限售违规  -2    6     AE-2024-007  AE-2024-007 失效（自处罚起 365 天" in out
    assert "知识产权严重违规达到 1 次" in out
    body = out.split("\n", 1)[1]  # the title names the zone (Asia/Shanghai)
    for vid in {e.id for e in demo_history() if isinstance(e, penalties.Violation)}:
        body = body.replace(vid, "")
    assert not re.findall(r"[A-Za-z_]{3,}", body)


def test_claim_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = call(
        capsys, "claim", "check", *CLAIM, "--filed-at", "2024-02-20T09:00:00+01:00", "--json"
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["eligible"] is True
    assert data["max_reimbursement"] == "49.90"
    assert data["file_by"] == "2024-04-01T10:00:00+02:00"
    status, out, _ = call(
        capsys,
        "claim",
        "check",
        *CLAIM,
        "--filed-at",
        "2024-09-20T09:00:00+01:00",
        "--fulfillment",
        "fba",
        "--json",
    )
    data = json.loads(out)
    assert data["eligible"] is False
    assert [p["code"] for p in data["problems"]] == ["fba_order", "filing_window_closed"]


def test_claim_check_from_file_zh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "claim.json"
    path.write_text(
        json.dumps(
            {
                "order_id": "302-1234567-1234567",
                "reason": "not_returned",
                "refund_amount": "49.90",
                "order_value": "49.90",
                "currency": "EUR",
                "refund_charged_at": "2024-02-01T10:00:00+01:00",
                "filed_at": "2024-09-20T09:00:00+01:00",
            }
        )
    )
    status, out, _ = call(capsys, "claim", "check", "--file", str(path), "--text", "--lang", "zh")
    assert status == 0
    assert "SAFE-T 索赔：不符合条件" in out
    assert "filing_window_closed（阻止）：提交期限已过" in out


def test_claim_file_with_a_bad_quantity_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claim.json"
    claim = {
        "order_id": "302-1234567-1234567",
        "reason": "not_returned",
        "refund_amount": "49.90",
        "order_value": "49.90",
        "currency": "EUR",
        "refund_charged_at": "2024-02-01T10:00:00+01:00",
        "filed_at": "2024-02-20T09:00:00+01:00",
        "quantity": "two",
    }
    path.write_text(json.dumps(claim))
    status, out, err = call(capsys, "claim", "check", "--file", str(path))
    assert status == 2
    assert err.strip() == "penalties: error: quantity 'two' is not a whole number; write e.g. 2."
    path.write_text(json.dumps({**claim, "quantity": "2"}))
    status, out, _ = call(capsys, "claim", "check", "--file", str(path), "--json")
    assert status == 0
    assert json.loads(out)["order_id"] == "302-1234567-1234567"


def test_appeal_letter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = call(capsys, "appeal", "letter", *PLAN, "--text")
    assert status == 0
    assert out.startswith("Dear Seller Performance Team,")
    assert '"Blue Shop"' in out
    assert "penalties: advice: no_evidence" in err
    status, out, _ = call(capsys, "appeal", "letter", *PLAN, "--lang", "zh", "--json")
    data = json.loads(out)
    assert "一、问题的根本原因" in data["letter"]
    assert [a["code"] for a in data["advice"]] == ["no_evidence"]
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "root_causes": ["Our supplier's invoices did not match the brand."],
                "corrective_actions": ["On 2 May 2024 we removed the listing."],
                "preventive_measures": ["Since 3 May 2024 we buy from distributors only."],
                "evidence": ["invoice from the distributor"],
            }
        )
    )
    letter = tmp_path / "letter.txt"
    status, _, err = call(
        capsys, "appeal", "letter", "--file", str(plan), "--store", "Blue", "-o", str(letter)
    )
    assert status == 0, err
    assert "Supporting document attached" in letter.read_text()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("wrong.csv", "id,kind,when\na,unfair_competition,x\n", "line 1, column 'when': unknown"),
        (
            "naive.csv",
            "id,kind,at,severity\na,unfair_competition,2024-03-01T10:00:00,serious\n",
            "line 2, column 'at'",
        ),
        ("trunc.json", '[{"id": "a", "kind": "unfair_', "not valid JSON"),
        ("trunc.jsonl", '{"type": "violation", "id": "a"\n', "line 1"),
        ("events.txt", "hello", "cannot tell the format"),
        (
            "dup.csv",
            "account,id,kind,at\nA,a,trade,2024-03-01T10:00:00+08:00\n"
            "A,a,trade,2024-03-01T10:00:00+08:00\n",
            "line 3, column 'id': duplicate violation id",
        ),
        (
            "noaccount.csv",
            "account,id,kind,at,points\nA,a,trade,2024-03-01T10:00:00+08:00,1\n"
            ",b,trade,2024-03-01T10:00:00+08:00,1\n",
            "line 3, column 'account'",
        ),
        ("notalist.json", '{"id": "a"}', "a list of event objects"),
    ],
)
def test_bad_files_give_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    err = one_line_error(call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT))
    assert expected in err
    assert name in err


def test_error_line_numbers_of_a_many_account_csv(
    many: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many.write_text(many.read_text() + "shopB,b2,false_shipment,2024-03-01T10:00:00,general\n")
    err = one_line_error(call(capsys, "evaluate", str(many), "--policy", "aliexpress", "--at", AT))
    assert "line 6, column 'at'" in err


def test_unknown_kind_names_the_account(many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many.write_text(many.read_text().replace("shopB,a1,false_shipment", "shopB,a1,false_shipmnt"))
    err = one_line_error(call(capsys, "evaluate", str(many), "--policy", "aliexpress", "--at", AT))
    assert "account 'shopB'" in err
    assert "Did you mean 'false_shipment'" in err


def exit_status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``call``, also for argparse's own usage errors, which raise ``SystemExit``."""
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_errors_through_the_real_entry_point(tmp_path: Path) -> None:
    # One error through `python -m penalties`: the process prints one line, no traceback.
    naive = tmp_path / "naive.json"
    naive.write_text(json.dumps([dict(SERIOUS, at="2024-03-01T10:00:00")]))
    err = one_line_error(run("evaluate", str(naive), "--policy", "aliexpress", "--at", AT))
    assert "no time zone" in err or "offset" in err


def test_errors_are_one_line(one: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def error(*args: str) -> str:
        return one_line_error(exit_status(capsys, *args))

    assert "Did you mean 'aliexpress'" in error(
        "evaluate", str(one), "--policy", "aliexpres", "--at", AT
    )
    assert "--at" in error("evaluate", str(one), "--policy", "aliexpress", "--at", "tomorrow")
    missing = str(tmp_path / "nope.json")
    assert "cannot read" in error("evaluate", missing, "--policy", "aliexpress", "--at", AT)
    assert "--policy" in error("evaluate", str(one), "--at", AT)
    assert "No such command 'frobnicate'" in error("frobnicate")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["what-if", "{one}", "--policy", "aliexpress", "--at", AT], "needs something to add"),
        (["what-if", "{one}", "--policy", "aliexpress", "--at", AT, "--add", "a:b:c:d"], "--add"),
        (["what-if", "{one}", "--policy", "aliexpress", "--at", AT, "--add", "nope"], "nope"),
        (["timeline", "{one}", "--policy", "aliexpress", "--plot", "{dir}/x.jpg"], "*.png"),
        (["timeline", "{one}", "--policy", "aliexpress", "--plot", "{dir}/no/x.png"], "x.png"),
        (["policies", "nope"], "no policy"),
        (["policies", "--market", "PH"], "--market goes with a policy code"),
        (
            ["evaluate", "{one}", "--policy", "aliexpress", "--at", AT, "--account", "z"],
            "no account",
        ),
        (["claim", "check", "--reason", "not_returned"], "--order-id"),
        (["claim", "check", *CLAIM, "--filed-at", "2024-02-20T09:00:00"], "filed_at"),
        (["claim", "check", *CLAIM, "--filed-at", AT, "--reason", "bogus"], "not a ClaimReason"),
        (["appeal", "letter", "--store", "S"], "--root-cause"),
        (["appeal", "letter", *PLAN, "--lang", "fr"], "Invalid value for '--lang'"),
        (["appeal", "letter", *PLAN, "--date", "May 2"], "--date"),
        (
            ["evaluate", "{one}", "--policy", "aliexpress", "--at", AT, "--json", "--text"],
            "not allowed",
        ),
    ],
)
def test_bad_arguments_give_one_line(
    one: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    args = [a.format(one=one, dir=tmp_path) for a in args]
    err = one_line_error(call(capsys, *args))
    assert expected in err


def test_bad_claim_and_plan_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claim = tmp_path / "claim.json"
    claim.write_text('{"order_id": "1", "reson": "x"')
    assert "not valid JSON" in one_line_error(call(capsys, "claim", "check", "--file", str(claim)))
    claim.write_text('{"order_id": "1", "reson": "x"}')
    err = one_line_error(call(capsys, "claim", "check", "--file", str(claim)))
    assert "Did you mean 'reason'" in err
    claim.write_text('{"order_id": "1", "reason": "not_returned", "refund_amount": 4.5}')
    err = one_line_error(call(capsys, "claim", "check", "--file", str(claim)))
    assert "--order-value" in err


# --------------------------------------------------------------------------- terminals


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_tables_and_progress_in_a_terminal(
    many: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    screen, side = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", side)  # the progress bar goes to stderr
    monkeypatch.setenv("COLUMNS", "160")
    seen: list[int] = []
    import rich.progress

    advance = rich.progress.Progress.advance

    def spy(self: rich.progress.Progress, task_id: rich.progress.TaskID, n: float = 1) -> None:
        seen.append(int(n))
        advance(self, task_id, n)

    monkeypatch.setattr(rich.progress.Progress, "advance", spy)
    status = main(["evaluate", str(many), "--policy", "aliexpress", "--at", AT, "--lang", "zh"])
    assert status == 0, side.getvalue()
    text = screen.getvalue()
    assert "\x1b[" in text  # styled for a terminal
    assert "┃" in text or "│" in text  # a Rich table
    assert "账户" in text
    assert "冻结" in text
    assert seen == [1, 1, 1]  # one step per account


def test_one_line_without_the_cli_extra(
    one: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for module in ("typer", "rich"):
        with monkeypatch.context() as patch:
            patch.setitem(sys.modules, module, None)  # import now raises ImportError
            err = one_line_error(
                call(capsys, "evaluate", str(one), "--policy", "aliexpress", "--at", AT)
            )
            assert f"({module} is not installed)" in err
            assert "pip install 'penalties[cli]'" in err


def test_without_the_cli_extra_through_python_m() -> None:
    code = (
        "import sys; sys.modules['typer'] = None; from penalties.cli import main; "
        "sys.exit(main(['demo']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert one_line_error(result).startswith("penalties: error: the command line needs the 'cli'")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_demo_in_a_real_pseudo_terminal() -> None:
    primary, secondary = os.openpty()
    env = dict(os.environ, COLUMNS="140", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "penalties", "demo"],
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=60) == 0
    os.close(primary)
    assert proc.stderr is not None
    proc.stderr.close()  # else its ResourceWarning lands in whichever test the GC runs in
    text = b"".join(chunks).decode("utf-8")
    assert not text.lstrip().startswith("{")  # not JSON in a terminal
    assert "\x1b[" in text
    assert "FROZEN until 2024-03-18 11:00" in text


# --------------------------------------------------------------------------- formats


def test_every_command_prints_csv(
    one: Path, many: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    def rows(*args: str) -> list[dict[str, str]]:
        status, out, err = call(capsys, *args, "--format", "csv")
        assert status == 0, err
        return list(csv.DictReader(io.StringIO(out)))

    shops = rows("evaluate", str(many), "--policy", "aliexpress", "--at", AT)
    assert [(r["account"], r["status"], r["points_trade"]) for r in shops] == [
        ("shopA", "frozen", "12"),
        ("shopB", "good", "2"),
        ("shopC", "good", "0"),
    ]
    assert shops[0]["sanction_kinds"] == "freeze"
    demo = rows("demo")
    assert [r["status"] for r in demo] == ["frozen", "good", "good", "good", "frozen"]
    what_if = rows("what-if", str(one), "--policy", "aliexpress", "--at", AT, "--add", "trade:5")
    assert what_if[0] == {
        "ledger": "trade",
        "before": "12",
        "after": "17",
        "delta": "5",
        "status_before": "frozen",
        "status_after": "frozen",
    }
    records = rows("timeline", str(one), "--policy", "aliexpress")
    assert [(r["record"], r["delta"], r["kind"]) for r in records] == [
        ("change", "12", ""),
        ("change", "-12", ""),
        ("sanction", "", "freeze"),
    ]
    assert {r["code"] for r in rows("policies")} == set(penalties.list_policies())
    kinds = rows("policies", "aliexpress")
    assert {"kind": "unfair_competition", "severity": "serious"}.items() <= kinds[1].items()
    claim = rows("claim", "check", *CLAIM, "--filed-at", "2024-09-20T09:00:00+01:00")
    assert claim[0]["eligible"] == "false"
    assert claim[0]["problems"] == "filing_window_closed"
    assert [r["code"] for r in rows("appeal", "letter", *PLAN)] == ["no_evidence"]


def test_format_options_agree(one: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["evaluate", str(one), "--policy", "aliexpress", "--at", AT]
    _, as_json, _ = call(capsys, *base, "--json")
    _, formatted, _ = call(capsys, *base, "--format", "JSON")
    assert as_json == formatted
    _, table, _ = call(capsys, *base)
    _, text, _ = call(capsys, *base, "--text")
    assert table == text
    assert table.startswith("AliExpress — status: FROZEN")
    assert "48 (36 to go)" in table
    assert "not allowed together" in one_line_error(call(capsys, *base, "--json", "-f", "csv"))


def test_fail_on_exit_status(one: Path, many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["evaluate", str(one), "--policy", "aliexpress", "--at", AT]
    status, out, _ = call(capsys, *base, "--fail-on", "frozen")
    assert status == cli.EXIT_STATUS == 3
    assert "FROZEN" in out  # the output is printed all the same
    assert call(capsys, *base, "--fail-on", "suspended")[0] == cli.EXIT_OK
    assert call(capsys, *base)[0] == cli.EXIT_OK  # only when asked
    late = ["evaluate", str(many), "--policy", "aliexpress", "--at", "2024-03-05T00:00:00+08:00"]
    assert call(capsys, *late, "--fail-on", "closed", "--format", "csv")[0] == 3
    added = ["what-if", str(one), "--policy", "aliexpress", "--at", "2025-06-01T00:00:00+08:00"]
    assert call(capsys, *added, "--add", "trade:1", "--fail-on", "frozen")[0] == 0
    assert call(capsys, *added, "--add", "trade:12", "--fail-on", "frozen")[0] == 3


def test_exit_statuses_are_documented() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    codes = {name: getattr(cli, name) for name in dir(cli) if name.startswith("EXIT_")}
    assert len(codes) == 5
    for name, code in codes.items():
        assert f"| `{code}` |" in doc, name


def test_shell_completion() -> None:
    env = dict(os.environ, _PENALTIES_COMPLETE="complete_bash", COMP_CWORD="1")
    result = subprocess.run(
        [sys.executable, "-m", "penalties"],
        env=dict(env, COMP_WORDS="penalties ev"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["evaluate"]
    result = subprocess.run(
        [sys.executable, "-m", "penalties"],
        env=dict(env, COMP_WORDS="penalties evaluate f --policy ali", COMP_CWORD="4"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["aliexpress"]
    script = run("--show-completion", "bash")
    assert script.returncode == 0
    assert "_penalties_completion" in script.stdout


def test_bare_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(capsys)
    assert status == cli.EXIT_ERROR
    assert out.startswith("Usage: penalties")
    status, out, _ = call(capsys, "claim")
    assert status == cli.EXIT_ERROR
    assert "check" in out


# --------------------------------------------------------------------------- messages


NAIVE_VIOLATION = {k: v for k, v in SERIOUS.items() if k != "type"} | {"at": "2024-03-01T10:00:00"}


@pytest.mark.parametrize(
    ("name", "content", "where", "place"),
    [
        ("n.csv", "id,kind,at,severity\na,unfair_competition,2024-03-01T10:00:00,serious\n",
         "line 2, column 'at'", "cell"),
        ("n.jsonl", json.dumps(NAIVE_VIOLATION) + "\n", "line 1, key 'at'", "value"),
        ("n.json", json.dumps([SERIOUS, dict(NAIVE_VIOLATION, id="b")]), "[1].at", "value"),
        ("d.json", json.dumps({"format": "penalties.events", "version": 1,
                               "events": [dict(NAIVE_VIOLATION, type="violation")]}),
         "events[0].at", "value"),
        ("many.csv",
         "account,id,kind,at,severity\ns,a,unfair_competition,2024-03-01T10:00,serious\n",
         "line 2, column 'at'", "cell"),
        ("many.jsonl", json.dumps(dict(NAIVE_VIOLATION, account="s")) + "\n",
         "line 1, key 'at'", "value"),
    ],
)  # fmt: skip
def test_naive_time_in_a_file_says_to_add_an_offset_where_it_is(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    where: str,
    place: str,
) -> None:
    path = tmp_path / name
    path.write_text(content)
    err = one_line_error(call(capsys, "evaluate", str(path), "--policy", "amazon", "--at", AT))
    assert f"{path}, {where}: '2024-03-01T10:00" in err
    assert "has no time zone, and penalties never guesses one" in err
    assert f"add the offset to the {place}: '2024-03-01T10:00:00-08:00'" in err
    assert "if it is America/Los_Angeles time (the policy's zone), or end it with Z" in err
    assert "pendulum" not in err
    assert "aware datetime" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "{one}", "--policy", "aliexpress", "--at", "2024-04-01T00:00:00"],
        ["what-if", "{one}", "--policy", "aliexpress", "--at", "2024-04-01T00:00:00",
         "--add", "trade:1"],
        ["timeline", "{one}", "--policy", "aliexpress"],
        ["alerts", "{one}", "--policy", "aliexpress", "--since", "2024-04-01T00:00:00+08:00",
         "--until", "2024-04-01T00:00:00"],
        ["calendar", "{one}", "--policy", "aliexpress", "--at", "2024-04-01T00:00:00"],
        ["demo", "--at", "2024-04-01T00:00:00"],
    ],
)  # fmt: skip
def test_naive_time_in_an_option_says_to_add_an_offset(
    one: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    if args[0] == "timeline":  # no instant option: the file's own times are checked
        one.write_text(json.dumps([NAIVE_VIOLATION]))
        err = one_line_error(call(capsys, *[str(one) if a == "{one}" else a for a in args]))
        assert f"{one}, [0].at: '2024-03-01T10:00:00' has no time zone" in err
        return
    err = one_line_error(call(capsys, *[str(one) if a == "{one}" else a for a in args]))
    option = "--until" if args[0] == "alerts" else "--at"
    assert f"{option} '2024-04-01T00:00:00' has no time zone, and penalties never guesses" in err
    assert "add the offset: '2024-04-01T00:00:00+08:00' if it is Asia/Shanghai time" in err
    assert "pendulum" not in err


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "k.csv",
            "id,kind,at,severity,points\na,trade,2024-03-01T10:00:00+08:00,,1\n"
            "b,unfair_competitio,2024-03-01T10:00:00+08:00,serious,\n",
            "line 3, column 'kind'",
        ),
        (
            "k.jsonl",
            json.dumps(dict(SERIOUS, kind="unfair_competitio")) + "\n",
            "line 1, key 'kind'",
        ),
        (
            "k.json",
            json.dumps([SERIOUS, dict(SERIOUS, id="b", kind="unfair_competitio")]),
            "[1].kind",
        ),
    ],
)
def test_unknown_kind_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    err = one_line_error(call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT))
    assert f"{path}, {where}: policy 'aliexpress' has no violation kind" in err
    assert "Did you mean 'unfair_competition'" in err


@pytest.mark.parametrize(
    ("row", "suggested", "refused"),
    [
        # A severity is given: only kinds with that severity are suggested, not the ledger
        # kind 'ip_serious' (no severity) nor 'ip_evasion' (no severities).
        ({"kind": "ip_seriuos", "severity": "serious"}, None,
         ["'ip_serious' is a ledger's own kind", "'ip_evasion' has no severities"]),
        ({"kind": "ip_infringment", "severity": "serious"}, "ip_infringement", []),
        # No severity, no points: a ledger kind (points needed) is not suggested.
        ({"kind": "ip_sirious"}, "ip_evasion", []),
        ({"kind": "tade"}, None, ["'trade' is a ledger's own kind"]),
        # Points and no severity: the ledger kind fits.
        ({"kind": "tade", "points": 3}, "trade", []),
        ({"kind": "unfair_competion"}, None,
         ["'unfair_competition' needs a severity (general, serious, especially_serious)"]),
        ({"kind": "unfair_competion", "severity": "minor"}, None,
         ["'unfair_competition' has severities general, serious, especially_serious"]),
    ],
)  # fmt: skip
def test_did_you_mean_suggests_only_kinds_that_fit_the_record(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    row: dict[str, Any],
    suggested: str | None,
    refused: list[str],
) -> None:
    record = {"id": "a", "at": "2024-03-01T10:00:00+08:00", **row}
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(record) + "\n")
    spec = ":".join(str(row[k]) for k in ("kind", "severity", "points") if k in row)
    for args in (
        ["evaluate", str(path), "--policy", "aliexpress", "--at", AT],
        ["what-if", str(path.with_suffix(".csv")), "--policy", "aliexpress", "--at", AT,
         "--add", spec],
    ):  # fmt: skip
        path.with_suffix(".csv").write_text("id,kind,at,points\nb,trade,2024-03-01T10:00Z,1\n")
        err = one_line_error(call(capsys, *args))
        where = f"{path}, line 1, key 'kind'" if args[0] == "evaluate" else f"--add {spec!r}"
        assert f"{where}: policy 'aliexpress' has no violation kind {row['kind']!r}." in err
        if suggested is None:
            assert "Did you mean" not in err
            assert "The kinds close to it do not fit this record: " in err
        else:
            assert f"Did you mean {suggested!r}?" in err
            assert "do not fit" not in err
        for text in refused:
            assert text in err
        if "severity" in row:
            assert "with explicit points and no severity." in err
        if row.get("severity") == "serious" and suggested is None:
            assert "Kinds with severity 'serious': false_shipment, ip_infringement, " in err


def test_csv_header_in_another_case_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "upper.csv"
    path.write_text("ID,Kind,At\na,unfair_competition,2024-03-01T10:00:00+08:00\n")
    err = one_line_error(call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT))
    assert "line 1, column 'ID': column names are lower case, with _ between words; " in err
    assert "write 'id' (the header reads ID, Kind, At)" in err


def test_json_and_jsonl_agree_that_type_may_be_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    untyped = [
        {"id": "a", "kind": "ip_infringement", "at": "2024-03-01T10:00:00+08:00",
         "severity": "serious"},
        {"violation_id": "a", "filed_at": "2024-03-02T10:00:00+08:00", "outcome": "pending"},
        {"id": "b", "kind": "trade", "at": "2024-03-03T10:00:00+08:00", "points": 2},
        {"violation_id": "b", "at": "2024-03-04T10:00:00+08:00", "reason": "retracted"},
    ]  # fmt: skip
    outputs = []
    for name, text in (
        ("e.json", json.dumps(untyped)),
        ("e.jsonl", "".join(json.dumps(e) + "\n" for e in untyped)),
        ("t.jsonl", "".join(json.dumps(dict(e, type=t)) + "\n" for e, t in
                            zip(untyped, ["violation", "appeal", "violation", "revocation"],
                                strict=True))),
    ):  # fmt: skip
        (tmp_path / name).write_text(text)
        status, out, err = call(
            capsys, "timeline", str(tmp_path / name), "--policy", "aliexpress", "--json"
        )
        assert status == 0, err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]["timeline"]["events"]) == 4
    for name, text in (
        ("bad.json", json.dumps([{"violation_id": "a", "filed_a": "x"}])),
        ("bad.jsonl", json.dumps({"violation_id": "a", "filed_a": "x"}) + "\n"),
    ):
        (tmp_path / name).write_text(text)
        args = ["timeline", str(tmp_path / name), "--policy", "aliexpress"]
        err = one_line_error(call(capsys, *args))
        where = "[0].type" if name.endswith(".json") else "line 1: type"
        assert f"{where}: missing, and the keys ('violation_id', 'filed_a') do not tell" in err


def test_default_market_is_said(one: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for code, market in (("shopee", "SG"), ("tiktok_shop", "PH"), ("amazon", "US")):
        args = ["evaluate", str(one), "--policy", code, "--at", AT]
        record = {k: v for k, v in SERIOUS.items() if k != "severity"}
        one.write_text(json.dumps([dict(record, kind=get_ledger(code), points=1)]))
        status, out, err = call(capsys, *args)
        assert status == 0, err
        assert f"{code}: no --market given, so its default market {market} is used" in out
        status, out, err = call(capsys, *args, "--json")
        assert json.loads(out)["standing"]["points"]
        assert err.startswith(f"penalties: note: {code}: no --market given")
        status, out, err = call(capsys, *args, "--market", market)
        assert "no --market given" not in out + err
    status, out, err = call(capsys, "evaluate", str(one), "--policy", "tiktok_shop_us", "--at", AT)
    assert "no --market given" not in out + err  # one market only: nothing was chosen
    # policies CODE shows one market's rules: the one chosen is said too.
    status, out, err = call(capsys, "policies", "shopee")
    assert "shopee: no --market given, so its default market SG is used" in out
    status, out, err = call(capsys, "policies", "amazon", "--format", "csv")
    assert err.startswith("penalties: note: amazon: no --market given")
    status, out, err = call(capsys, "policies", "amazon", "--market", "US")
    assert "no --market given" not in out + err


def get_ledger(code: str) -> str:
    return penalties.get_policy(code).ledgers[0].code


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("add", "expected"),
    [
        ("trade:+-5", "not a whole number"),
        ("trade:²", "not a whole number"),
        ("trade:５", "not a whole number"),
        ("trade:" + "9" * 5000, "5000 digits of points"),
        ("trade:" + "9" * 14, "at most 1,000,000,000,000 points"),
        ("trade:-5", "negative"),
        ("trade:\ud800", "lone surrogate"),
    ],
)
def test_bad_add_values_give_one_line(
    one: Path, capsys: pytest.CaptureFixture[str], add: str, expected: str
) -> None:
    args = ["what-if", str(one), "--policy", "aliexpress", "--at", AT, "--add", add]
    err = one_line_error(call(capsys, *args))
    assert expected in err
    assert len(err) < 400


def test_bad_add_values_through_the_real_entry_point(one: Path) -> None:
    for add in ("trade:+-5", "trade:²", "trade:" + "9" * 5000):
        result = run("what-if", str(one), "--policy", "aliexpress", "--at", AT, "--add", add)
        one_line_error(result)


def test_lone_surrogates_are_refused_at_the_door(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    escaped = '"\\ud800"'
    cases = {
        "s.json": f'[{{"id": {escaped}, "kind": "trade", "at": "{AT}", "points": 1}}]',
        "s.jsonl": f'{{"type": "violation", "id": "a", "kind": "trade", "at": "{AT}", '
        f'"points": 1, "note": {escaped}}}\n',
        "t.jsonl": f'{{"type": "violation", "id": {escaped}, "kind": "trade", "at": "{AT}", '
        f'"points": 1, "account": "A"}}\n',
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content)
        err = one_line_error(
            call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT)
        )
        assert "lone surrogate" in err
        assert str(path) in err
    claim = tmp_path / "claim.json"
    claim.write_text(f'{{"order_id": {escaped}}}')
    assert "lone surrogate" in one_line_error(call(capsys, "claim", "check", "--file", str(claim)))
    err = one_line_error(call(capsys, "claim", "check", *CLAIM, "--order-id", "\udcff"))
    assert "--order-id '\\udcff'" in err


def test_duplicate_keys_in_a_many_account_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dup.jsonl"
    for key in ("kind", "account"):
        record = json.dumps(dict(SERIOUS, account="A"))
        path.write_text(record[:-1] + f', "{key}": "x"}}\n')
        err = one_line_error(
            call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT)
        )
        assert f"line 1: the line repeats the key {key!r} in one object" in err


def test_special_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    err = one_line_error(call(capsys, "evaluate", str(zero), "--policy", "aliexpress", "--at", AT))
    assert "not a regular file" in err
    fifo = tmp_path / "claim.json"
    os.mkfifo(fifo)
    err = one_line_error(call(capsys, "claim", "check", "--file", str(fifo)))
    assert "not a regular file" in err


def test_output_to_a_full_disk_fails_in_one_line() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    for fmt in ("table", "json", "csv"):
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "penalties", "demo", "--format", fmt],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        err = one_line_error((result.returncode, "", result.stderr))
        assert "cannot write the output: No space left on device" in err


def test_closed_stdout_fails() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "penalties", "demo"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    err = one_line_error((result.returncode, "", result.stderr))
    assert "standard output is closed" in err


def test_stdout_closed_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    err = one_line_error(call(capsys, "policies"))
    assert "standard output is closed" in err
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    err = one_line_error(call(capsys, "policies"))
    assert "cannot write the output" in err


def test_a_closed_pipe_is_quiet() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "penalties", "policies", "aliexpress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr is not None
    with proc.stderr:  # closed here: an unclosed pipe warns later, in another test's output
        assert b"Traceback" not in proc.stderr.read()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_narrow_encodings(encoding: str, one: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING=encoding)

    def go(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "penalties", *args], capture_output=True, env=env, check=False
        )

    # human text: printed, what the encoding lacks as '?', said once on stderr
    result = go("demo", "--lang", "zh")
    assert result.returncode == 0
    assert b"Traceback" not in result.stderr
    result.stdout.decode(encoding)
    assert "penalties: warning: the output's encoding" in result.stderr.decode(encoding)
    assert len(result.stderr.splitlines()) == 1
    # JSON: lossless, with escapes
    base = ["evaluate", str(one), "--policy", "aliexpress", "--at", AT, "--lang", "zh"]
    result = go("policies", "aliexpress", "--format", "json")
    assert result.returncode == 0
    assert "交易违规及其他" in json.loads(result.stdout.decode(encoding))["ledgers"][0]["title_zh"]
    # CSV: refused in one line rather than changed
    result = go("policies", "aliexpress", "--format", "csv", "--lang", "zh")
    err = one_line_error((result.returncode, "", result.stderr.decode(encoding)))
    assert f"encoding ({'ascii' if encoding == 'ascii' else 'iso8859-1'})" in err
    assert go(*base).returncode == 0


def test_an_unexpected_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "list_policies", broken)
    status, _, err = call(capsys, "policies")
    assert status == cli.EXIT_INTERNAL
    assert err.strip().splitlines() == [
        "penalties: error: internal error (ZeroDivisionError: boom); this is a bug in "
        "penalties, please report it (PENALTIES_TRACEBACK=1 shows the traceback)."
    ]
    monkeypatch.setenv("PENALTIES_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        main(["policies"])


def test_appeal_letter_is_addressed_to_the_platform(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = call(
        capsys, "appeal", "letter", *PLAN, "--lang", "zh", "--platform", "taobao", "--json"
    )
    assert status == 0
    letter = json.loads(out)["letter"]
    assert letter.startswith("尊敬的淘宝平台审核团队：")
    assert "亚马逊" not in letter
    status, out, _ = call(capsys, "appeal", "letter", *PLAN, "--json")
    assert json.loads(out)["letter"].startswith("Dear Seller Performance Team,")  # Amazon
    err = one_line_error(call(capsys, "appeal", "letter", *PLAN, "--platform", "shoppe"))
    assert "Did you mean 'shopee'" in err


def test_appeal_advice_speaks_the_letters_language(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["appeal", "letter", *PLAN, "--platform", "aliexpress"]
    status, _, err = call(capsys, *args, "--lang", "zh")
    assert status == 0
    lines = err.splitlines()
    assert lines
    assert all(line.startswith("penalties: 建议：") for line in lines), err
    assert "penalties: 建议：未列出任何证明材料" in err
    assert "advice:" not in err
    assert "no_evidence" not in err
    status, _, err = call(capsys, *args)
    assert "penalties: advice: no_evidence (evidence): no supporting document is listed" in err


@pytest.mark.parametrize("code", penalties.list_policies())
def test_policies_in_chinese_name_every_kind_severity_and_rule_in_chinese(
    capsys: pytest.CaptureFixture[str], code: str
) -> None:
    status, out, _ = call(capsys, "policies", code, "--lang", "zh")
    assert status == 0
    # The sources and assumptions that follow are the policy's own English.
    tables = re.split(r"\n(?:规则来源|假设)\n", out)[0]
    products = {"Shopee", "Feed", "LIVE", "AMS", "INFORM", "CNY", "RMB", "USD", "SAFE", "FBA"}
    codes = {k.code for k in penalties.get_policy(code).all_kinds}
    codes |= {ledger.code for ledger in penalties.get_policy(code).ledgers}
    for line in tables.splitlines()[2:]:
        words = set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", line))
        assert words <= codes | products, line
    if code == "aliexpress":
        assert "very_serious" not in out
        assert "成交不卖          非常严重" in out


def _events_file(tmp_path: Path) -> str:
    path = tmp_path / "events.csv"
    path.write_text(
        "account,id,kind,at,severity\n"
        "shop-a,v1,unfair_competition,2024-03-01T10:00:00+08:00,serious\n"
        "shop-a,v2,unfair_competition,2024-05-01T10:00:00+08:00,general\n"
        "shop-b,w1,unfair_competition,2024-04-01T10:00:00+08:00,general\n",
        encoding="utf-8",
    )
    return str(path)


WINDOW = ["--since", "2024-02-01T00:00:00+08:00", "--until", "2025-06-01T00:00:00+08:00"]


def test_alerts_lists_each_accounts_transitions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _events_file(tmp_path)
    status, out, _ = call(capsys, "alerts", path, "--policy", "aliexpress", *WINDOW, "--json")
    assert status == 0
    data = json.loads(out)
    got = [(a["account"], a["code"], a["at"]) for a in data["alerts"]]
    assert ("shop-a", "sanction_started", "2024-03-01T10:00:00+08:00") in got
    assert ("shop-a", "sanction_ended", "2024-03-08T10:00:00+08:00") in got
    assert ("shop-b", "points_lapsed", "2025-04-01T10:00:00+08:00") in got
    assert [a["at"] for a in data["alerts"]] == sorted(a["at"] for a in data["alerts"])
    accounts = read_accounts(path)
    expected = penalties.get_policy("aliexpress").alerts(accounts["shop-a"], *WINDOW[1::2])
    assert [a["key"] for a in data["alerts"] if a["account"] == "shop-a"] == [
        a.key for a in expected
    ]
    status, out, _ = call(capsys, "alerts", path, "--policy", "aliexpress", *WINDOW)
    assert status == 0
    assert "sanction_started" in out
    assert "FREEZE starts" in out
    assert "shop-b" in out
    status, out, _ = call(
        capsys, "alerts", path, "--policy", "aliexpress", *WINDOW, "--format", "csv"
    )
    assert out.splitlines()[0] == "account,at,code,ledger,cause,deadline,key,text"
    assert len(out.splitlines()) == 1 + len(data["alerts"])


def test_alerts_says_when_there_are_none_and_refuses_a_bare_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _events_file(tmp_path)
    quiet = ["--since", "2024-02-01T00:00:00+08:00", "--until", "2024-02-02T00:00:00+08:00"]
    status, out, _ = call(capsys, "alerts", path, "--policy", "aliexpress", *quiet, "--lang", "zh")
    assert status == 0
    assert "无提醒" in out
    err = one_line_error(
        call(
            capsys,
            "alerts",
            path,
            "--policy",
            "aliexpress",
            "--since",
            "2024-02-01",
            "--until",
            "2025-01-01T00:00:00+08:00",
        )
    )
    assert "is a date, not an instant" in err


def test_calendar_writes_the_deadlines_as_icalendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _events_file(tmp_path)
    at = ["--at", "2024-03-02T00:00:00+08:00"]
    err = one_line_error(call(capsys, "calendar", path, "--policy", "aliexpress", *at))
    assert "--account" in err  # two accounts in the file: say which
    target = tmp_path / "shop-a.ics"
    status, _, stderr = call(
        capsys,
        "calendar",
        path,
        "--policy",
        "aliexpress",
        *at,
        "--account",
        "shop-a",
        "-o",
        str(target),
    )
    assert status == 0
    assert "written to" in stderr
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"TZID:Asia/Shanghai" in data
    from penalties.ical import deadline_calendar

    events = read_accounts(path)["shop-a"]
    assert data == deadline_calendar(penalties.get_policy("aliexpress"), events, at[1])


def test_chinese_alerts_name_each_alert_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from penalties.alerts import AlertCode

    assert set(cli._ALERT_ZH) == {c.value for c in AlertCode}
    args = ["alerts", _events_file(tmp_path), "--policy", "aliexpress", *WINDOW, "--lang", "zh"]
    status, out, _ = call(capsys, *args)
    assert status == 0
    assert "处罚开始" in out
    assert "sanction_started" not in out
