"""The command line, through its real entry points (``python -m penalties`` and the console
script in subprocesses, a pseudo-terminal for the Rich path) and in-process ``main([...])``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import penalties
from penalties.cli import main
from penalties.io import dumps, loads

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


def test_demo_through_python_m_is_json_when_piped() -> None:
    result = run("demo")
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
        [str(script), "evaluate", str(one), "--policy", "aliexpress", "--at", AT],
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
    assert out.startswith("usage: penalties")


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
    status, out, err = call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT)
    assert status == 0, err
    assert json.loads(out)["standing"]["status"] == "frozen"


def test_evaluate_many_accounts(many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = call(
        capsys, "evaluate", str(many), "--policy", "aliexpress", "--at", "2024-03-05T00:00:00+08:00"
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
        capsys, "evaluate", str(many), "--policy", "aliexpress", "--at", AT, "--account", "shopB"
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
        status, out, err = call(capsys, "evaluate", str(path), "--policy", "aliexpress", "--at", AT)
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
    )
    assert status == 0, err
    assert json.loads(out)["what_if"]["points_delta"]["trade"] == 2


def test_timeline_json_and_plot(
    one: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "out.png"
    status, out, err = call(
        capsys, "timeline", str(one), "--policy", "aliexpress", "--plot", str(png)
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


def test_claim_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = call(
        capsys, "claim", "check", *CLAIM, "--filed-at", "2024-02-20T09:00:00+01:00"
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
            "line 3: no account",
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
    assert "invalid choice" in error("frobnicate")


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
        (["appeal", "letter", *PLAN, "--lang", "fr"], "invalid choice"),
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
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "160")
    seen: list[int] = []
    import rich.progress

    advance = rich.progress.Progress.advance

    def spy(self: rich.progress.Progress, task_id: rich.progress.TaskID, n: float = 1) -> None:
        seen.append(int(n))
        advance(self, task_id, n)

    monkeypatch.setattr(rich.progress.Progress, "advance", spy)
    status = main(["evaluate", str(many), "--policy", "aliexpress", "--at", AT, "--lang", "zh"])
    assert status == 0, capsys.readouterr().err
    text = screen.getvalue()
    assert "\x1b[" in text  # styled for a terminal
    assert "┃" in text or "│" in text  # a Rich table
    assert "账户" in text
    assert "冻结" in text
    assert seen == [1, 1, 1]  # one step per account


def test_plain_text_when_rich_is_missing(
    one: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setitem(sys.modules, "rich", None)  # import rich now raises ImportError
    assert main(["evaluate", str(one), "--policy", "aliexpress", "--at", AT]) == 0
    text = screen.getvalue()
    assert "\x1b[" not in text
    assert text.startswith("AliExpress — standing at 2024-03-02 00:00")


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
    text = b"".join(chunks).decode("utf-8")
    assert not text.lstrip().startswith("{")  # not JSON in a terminal
    assert "\x1b[" in text
    assert "FROZEN until 2024-03-18 11:00" in text
    # The threshold column says what is left, not a bare "(+36)".
    assert "48 (36 to go)" in text
    assert "(+" not in text


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
