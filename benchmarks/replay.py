"""Replay throughput of the AliExpress policy and Timeline.at queries, printed one per line.

Run ``python benchmarks/replay.py`` for the full figures or ``--quick`` for the CI smoke run.
"""

from __future__ import annotations

import argparse
import random
import time

import pendulum

import penalties
from penalties import Violation

KINDS = [
    ("unfair_competition", "general", None),
    ("false_shipment", "general", None),
    ("ip_infringement", "general", 2),
    ("ip_infringement", "serious", None),
    ("prohibited_goods", None, None),
    ("product_info", None, 1),
]


def history(n: int, seed: int = 7) -> list[Violation]:
    """``n`` violations over ten years, in random order."""
    rng = random.Random(seed)
    start = pendulum.datetime(2015, 1, 1, tz="Asia/Shanghai")
    span = 10 * 365 * 24 * 3600
    out = []
    for i in range(n):
        kind, severity, points = rng.choice(KINDS)
        at = start.add(seconds=rng.randrange(span))
        out.append(Violation(f"v{i}", kind, at, severity=severity, points=points))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    sizes = [1_000] if args.quick else [10_000, 100_000]
    policy = penalties.get_policy("aliexpress")
    for n in sizes:
        events = history(n)
        t0 = time.perf_counter()
        timeline = policy.evaluate(events)
        elapsed = time.perf_counter() - t0
        print(f"replay aliexpress n={n}: {n / elapsed:,.0f} events/s ({elapsed:.3f} s)")
        probes = [e.at for e in events[:200]]
        t0 = time.perf_counter()
        for at in probes:
            timeline.at(at)
        elapsed = time.perf_counter() - t0
        print(f"Timeline.at n={n}: {len(probes) / elapsed:,.0f} queries/s")


if __name__ == "__main__":
    main()
