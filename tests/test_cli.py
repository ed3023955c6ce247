"""The command line, through its real entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from penalties.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "penalties", *args], capture_output=True, text=True, check=False
    )


def test_demo_explains_a_freeze_and_an_appeal() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "FROZEN until 2024-03-18 11:00" in result.stdout
    assert "Appeal on AE-2024-010: granted" in result.stdout
    assert "status: GOOD -> FROZEN" in result.stdout


def test_policies_lists_aliexpress(capsys: object) -> None:
    assert main(["policies"]) == 0
    assert "aliexpress" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_evaluate_json(tmp_path: Path) -> None:
    events = [
        {
            "type": "violation",
            "id": "a",
            "kind": "unfair_competition",
            "at": "2024-03-01T10:00:00+08:00",
            "severity": "serious",
        }
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    result = run(
        "evaluate",
        str(path),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-02T00:00:00+08:00",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "FROZEN"
    assert out["points"]["trade"] == 12


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "a",
                    "kind": "unfair_competition",
                    "at": "2024-03-01T10:00:00",
                    "severity": "serious",
                }
            ]
        )
    )
    result = run("evaluate", str(path), "--policy", "aliexpress", "--at", "2024-03-02T00:00:00Z")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("penalties: error: Violation.at")
    assert "no time zone" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    unknown = run("evaluate", str(path), "--policy", "aliexpres", "--at", "2024-03-02T00:00:00Z")
    assert unknown.returncode == 2
    assert "Did you mean 'aliexpress'" in unknown.stderr
    missing = run(
        "evaluate",
        str(tmp_path / "nope.json"),
        "--policy",
        "aliexpress",
        "--at",
        "2024-03-02T00:00:00Z",
    )
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
