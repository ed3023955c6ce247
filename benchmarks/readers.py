"""Event files of many accounts: ``penalties.io.read_accounts`` beside a minimal reference loop,
printed one figure per line.

Each size is a CSV and a JSONL file of N accounts holding 4 events each (violations and an
appeal). The reference loop does the least a reader must: split the rows with :mod:`csv` or
:func:`json.loads`, build each event with its constructor and group by account, with no
checking of columns, duplicate ids or line numbers. The reader must stay linear: the time per
account is printed so that a quadratic step (the CLI's reader once rebuilt the file per
account: 8k accounts took 84 s) shows as a growing figure.

Run ``python benchmarks/readers.py`` for 3k to 48k accounts, or ``--quick`` (1k and 4k) for the
CI smoke run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from penalties import Appeal, Violation
from penalties.events import Event
from penalties.io import read_accounts

HEADER = ["account", "type", "id", "kind", "at", "points", "violation_id", "filed_at", "outcome"]


def rows(accounts: int) -> list[dict[str, str]]:
    """Four events per account: three violations and an appeal against the first."""
    out: list[dict[str, str]] = []
    for a in range(accounts):
        name = f"acct{a:06d}"
        for j in range(3):
            out.append(
                {
                    "account": name,
                    "type": "violation",
                    "id": f"v{j}",
                    "kind": "unfair_competition",
                    "at": f"2024-03-0{j + 1}T10:00:00+08:00",
                    "points": "3",
                }
            )
        out.append(
            {
                "account": name,
                "type": "appeal",
                "violation_id": "v0",
                "filed_at": "2024-03-05T10:00:00+08:00",
                "outcome": "pending",
            }
        )
    return out


def write_csv(path: Path, data: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    path.write_text(out.getvalue(), encoding="utf-8")


def write_jsonl(path: Path, data: list[dict[str, str]]) -> None:
    lines = []
    for row in data:
        item: dict[str, Any] = dict(row)
        if "points" in item:
            item["points"] = int(item["points"])
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _event(row: dict[str, Any]) -> Event:
    if row["type"] == "violation":
        return Violation(row["id"], row["kind"], row["at"], points=int(row["points"]))
    return Appeal(row["violation_id"], row["filed_at"], outcome=row["outcome"])


def reference_csv(path: Path) -> dict[str, list[Event]]:
    """The least a CSV reader does: rows, constructors, a dict of lists."""
    grouped: dict[str, list[Event]] = {}
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            grouped.setdefault(row["account"], []).append(_event(row))
    return grouped


def reference_jsonl(path: Path) -> dict[str, list[Event]]:
    """The least a JSONL reader does: json.loads per line, constructors, a dict of lists."""
    grouped: dict[str, list[Event]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                grouped.setdefault(row["account"], []).append(_event(row))
    return grouped


def timed(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    sizes = (1_000, 4_000) if args.quick else (3_000, 6_000, 12_000, 24_000, 48_000)
    with tempfile.TemporaryDirectory() as tmp:
        for accounts in sizes:
            data = rows(accounts)
            for fmt, write, reference in (
                ("csv", write_csv, reference_csv),
                ("jsonl", write_jsonl, reference_jsonl),
            ):
                path = Path(tmp) / f"events.{fmt}"
                write(path, data)
                result = read_accounts(path)
                if len(result) != accounts or sum(map(len, result.values())) != len(data):
                    raise SystemExit(f"{fmt}: read {len(result)} accounts, expected {accounts}")
                ours = timed(lambda path=path: read_accounts(path))
                ref = timed(lambda path=path, reference=reference: reference(path))
                print(
                    f"{fmt} {accounts:,} accounts ({len(data):,} events): read_accounts "
                    f"{ours:.3f} s ({ours / accounts * 1e6:.0f} µs/account), reference loop "
                    f"{ref:.3f} s, ratio {ours / ref:.2f}"
                )


if __name__ == "__main__":
    main()
