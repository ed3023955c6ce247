"""Single-account replay of the AliExpress policy: throughput, growth, queries and memory.

Prints one figure per line. ``python benchmarks/replay.py`` runs the full sizes (10k, 100k and
1M events; a few minutes), ``--quick`` the CI smoke sizes (seconds). Times are the best of
``--repeat`` runs (wall clock, one core), so other load on the machine inflates them less.

Two histories are used:
- *steady*: one violation a day on average, so the span grows with the count (a 1M-event
  history covers about 2,700 years) and a standing holds about a year of records. Cost per
  event then depends only on n, which is what the O(n log n) growth check (1M at most 12x
  100k) needs.
- *dense*: every history squeezed into ten years, so a day's capped IP penalties and the
  records alive at once grow with n (realistic for no seller at 1M events; shown for honesty,
  because caps and merge windows recount their members).
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from itertools import pairwise

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
START = pendulum.datetime(1900, 1, 1, tz="Asia/Shanghai")


def history(n: int, *, seed: int = 7, span_seconds: int | None = None) -> list[Violation]:
    """``n`` AliExpress violations in random order: over ``span_seconds`` from 2015, or from
    1900 at one a day on average (steady) when not given."""
    rng = random.Random(seed)
    span = span_seconds if span_seconds is not None else n * 24 * 3600
    start = START if span_seconds is None else pendulum.datetime(2015, 1, 1, tz="Asia/Shanghai")
    out = []
    for i in range(n):
        kind, severity, points = rng.choice(KINDS)
        at = start.add(seconds=rng.randrange(span))
        out.append(Violation(f"v{i}", kind, at, severity=severity, points=points))
    rng.shuffle(out)
    return out


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The shortest of ``repeat`` wall-clock runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def held_bytes(build: Callable[[], object]) -> tuple[object, int]:
    """What ``build()`` returns and the bytes it holds afterwards (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    value = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return value, after - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (best kept)")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000]
    repeat = args.repeat or (3 if args.quick else 2)
    policy = penalties.get_policy("aliexpress")
    policy.evaluate(history(200))  # warm the registry and caches

    steady: dict[int, float] = {}
    for n in sizes:
        events = history(n)
        elapsed = best_of(1 if n >= 1_000_000 else repeat, partial(policy.evaluate, events))
        steady[n] = elapsed
        print(f"replay aliexpress steady n={n}: {n / elapsed:,.0f} events/s ({elapsed:.3f} s)")
    for small, large in pairwise(sizes):
        ratio = steady[large] / steady[small]
        ideal = (large / small) * 1.0
        print(
            f"growth steady {small}->{large}: x{ratio:.1f} time for x{large // small} events "
            f"(linear would be x{ideal:.0f}; target for 100k->1M: at most x12)"
        )

    dense_sizes = sizes[:2]
    ten_years = 10 * 365 * 24 * 3600
    for n in dense_sizes:
        events = history(n, span_seconds=ten_years)
        elapsed = best_of(repeat, partial(policy.evaluate, events))
        rate = n / elapsed
        print(f"replay aliexpress dense(10y) n={n}: {rate:,.0f} events/s ({elapsed:.3f} s)")

    for n in sizes[:2]:
        events = history(n)
        timeline = policy.evaluate(events)
        rng = random.Random(3)
        probes = [rng.choice(events).at for _ in range(300)]
        gc.collect()  # the collection a long replay deferred (see _gc_paused) is not a query's

        def query(timeline: penalties.Timeline = timeline, probes: list = probes) -> None:
            for at in probes:
                timeline.at(at)

        elapsed = best_of(repeat, query)
        print(f"Timeline.at steady n={n}: {len(probes) / elapsed:,.0f} queries/s")

    n = 10_000 if args.quick else 100_000
    rng = random.Random(5)
    stamps = [START.add(seconds=rng.randrange(n * 86400)).isoformat() for _ in range(n)]
    events, size = held_bytes(
        lambda: [
            Violation(f"v{i}", "unfair_competition", stamps[i], severity="general")
            for i in range(n)
        ]
    )
    print(f"memory per held violation n={n}: {size / n:.0f} bytes (parsed from ISO strings)")
    assert isinstance(events, list)
    _, size = held_bytes(partial(policy.evaluate, events))
    print(f"memory per event held in a Timeline n={n}: {size / n:.0f} bytes (beyond the events)")


if __name__ == "__main__":
    main()
