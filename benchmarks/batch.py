"""Batch evaluation: many accounts' events in one table to standings with
``penalties.frames.evaluate_many``, printed one figure per line.

Run ``python benchmarks/batch.py`` for 100k accounts holding 1M events, or ``--quick`` (1k
accounts, 10k events) for the CI smoke run. Every event type appears: violations, appeals,
revocations and funds decisions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from typing import Any

import pandas as pd

import penalties
from penalties import frames

KINDS = [
    ("unfair_competition", "general", None),
    ("false_shipment", "general", None),
    ("ip_infringement", "general", 2),
    ("ip_infringement", "serious", None),
    ("product_info", None, 1),
]
START = dt.datetime(2023, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SPAN = 2 * 365 * 24 * 3600


def columns(accounts: int, events: int, seed: int = 11) -> dict[str, list[Any]]:
    """Event columns (CSV layout, instants as ISO strings) for ``accounts`` accounts holding
    ``events`` events in all: mostly violations, some appeals, revocations and funds
    decisions."""
    rng = random.Random(seed)
    names = ["account", "type", "id", "kind", "at", "severity", "points"]
    names += ["violation_id", "filed_at", "decided_at", "outcome", "points_after", "reason"]
    out: dict[str, list[Any]] = {n: [] for n in names}
    per = events // accounts
    for a in range(accounts):
        offsets = sorted(rng.randrange(SPAN) for _ in range(per))
        vids: list[str] = []
        for j, offset in enumerate(offsets):
            at = START + dt.timedelta(seconds=offset)
            row: dict[str, Any] = dict.fromkeys(names)
            row["account"] = f"acct{a:06d}"
            roll = rng.random()
            if vids and roll < 0.08:
                row |= {"type": "appeal", "violation_id": vids.pop(0)}
                row["filed_at"] = at.isoformat()
                row |= {"decided_at": (at + dt.timedelta(days=3)).isoformat(), "outcome": "denied"}
            elif vids and roll < 0.11:
                row |= {"type": "revocation", "violation_id": vids.pop(), "at": at.isoformat()}
                row["reason"] = "retracted"
            elif roll < 0.12:
                row |= {"type": "funds_decision", "at": at.isoformat(), "outcome": "released"}
            else:
                kind, severity, points = rng.choice(KINDS)
                vid = f"v{j}"
                vids.append(vid)
                row |= {"type": "violation", "id": vid, "kind": kind, "at": at.isoformat()}
                row |= {"severity": severity, "points": points}
            for n in names:
                out[n].append(row[n])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument(
        "--library",
        choices=("pandas", "pyarrow"),
        default="pandas",
        help="the table handed to evaluate_many (pyarrow: the column entry's bulk reading)",
    )
    args = parser.parse_args()
    accounts, events = (1_000, 10_000) if args.quick else (100_000, 1_000_000)
    policy = penalties.get_policy("aliexpress")
    data = columns(accounts, events)
    t0 = time.perf_counter()
    table: Any = pd.DataFrame(data).astype({"points": "Int64", "points_after": "Int64"})
    if args.library == "pyarrow":
        import pyarrow as pa

        table = pa.Table.from_pandas(table, preserve_index=False)
    built = time.perf_counter() - t0
    print(
        f"table build ({accounts:,} accounts, {events:,} events, {args.library}): {built:.3f} s; "
        f"penalties.COMPILED={penalties.COMPILED}"
    )
    at = "2025-01-01T00:00:00+08:00"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for processes in (1, None):
        t0 = time.perf_counter()
        result = frames.evaluate_many(policy, table, at=at, processes=processes)
        elapsed = time.perf_counter() - t0
        label = "1" if processes == 1 else f"all ({cores})"
        print(
            f"evaluate_many processes={label}: {elapsed:.3f} s "
            f"({events / elapsed:,.0f} events/s, {len(result):,} standings)"
        )
    layout_t0 = time.perf_counter()
    frames.events_from_frame(table, account="account")
    print(f"events_from_frame (rows to events only): {time.perf_counter() - layout_t0:.3f} s")


if __name__ == "__main__":
    main()
