"""The engine against a minimal hand-written reference loop, side by side in the same run.

Every figure is printed as ``name: library X, reference Y, ratio Z×`` with the target and
``target met`` / ``target NOT met``. ``python benchmarks/core.py`` runs the full sizes (a few
minutes), ``--quick`` the CI smoke sizes (seconds). Times are the best of ``--repeat`` runs
(wall clock), with a collection before each run. ``--sections`` picks figures (``checks``,
``accounts``, ``single``, ``columns``, ``batch``, ``timeline``).

``--build both`` prints the pure and the compiled build side by side with the reference: it runs
this script in child processes, alternating the builds ``--rounds`` times (the pure one with
``PENALTIES_PURE_PYTHON=1``; ``--compiled-path DIR`` puts a hand-compiled copy of the package
first on ``sys.path`` for the compiled one), and prints each figure's median over the rounds,
with the load average, since the machine may be shared.

The workload is AliExpress ``unfair_competition`` only (general 3, serious 12, especially
serious 48 points; every instant after 2017-11-22), so the reference below is the whole rule:

- the events are sorted by instant (ties by id);
- each violation's points lapse 365 calendar days after its ``at`` in Asia/Shanghai, a fixed
  +08:00 zone since 1991, so that is ``at + 365 * 86400`` seconds exactly; a lapse at the same
  instant as a new penalty comes first (the engine runs expiries before bookings);
- a penalty that takes the ``trade`` balance from under 12 to 12 or more freezes the account for
  7 days, ``[at, at + 7 days)`` (the threshold is not ``every``: 24 and 36 do nothing, and the
  freeze fires again each time the balance climbs back from under 12, even while an earlier
  freeze runs: stacking is parallel);
- a penalty that takes it from under 48 to 48 or more closes the account for good (closure is
  terminal: no later sanction applies);
- a standing counts what happened at or before the query instant.

Before any timing the script checks that the reference and the library agree on
``standing.points['trade']`` and ``standing.status`` for every account at the query instant, at
the edges of every freeze and lapse for a sample of accounts, on hand-made edge cases (24/36,
re-crossing 12, 12 and 48 in one step, ties), on the single-account histories and on the large
timeline; and ``evaluate_many``'s output against the reference for every account. Any
difference prints the first few and exits with status 1.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import heapq
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pendulum
import pyarrow as pa

import penalties
from penalties import Status, Violation, frames
from penalties._time import exact
from penalties.engine import replay_rows

# ------------------------------------------------------------------------ the reference loop

POINTS = {"general": 3, "serious": 12, "especially_serious": 48}
"""AliExpress unfair competition from 2017-11-22 (seed 004)."""
FREEZE_AT, CLOSE_AT = 12, 48
US = 1_000_000
DAY_US = 86_400 * US
EXPIRY_US = 365 * DAY_US  # 365 calendar days in a fixed +08:00 zone
FREEZE_US = 7 * DAY_US
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)
_since = dt.datetime.__sub__  # exact aware subtraction, also for pendulum instants

GOOD, FROZEN, CLOSED = "good", "frozen", "closed"


def epoch_us(t: dt.datetime) -> int:
    """Microseconds since the Unix epoch, exactly."""
    return _since(t, _EPOCH) // _ONE_US


def reference_standing(events: Iterable[Violation], at: dt.datetime) -> tuple[int, str]:
    """(trade points, status) at ``at``: the whole rule (see :func:`replay_records`)."""
    return replay_records(records_of(events), epoch_us(at))


def replay_records(records: list[tuple[int, str, int]], q: int) -> tuple[int, str]:
    """(trade points, status) at epoch µs ``q`` of records (µs, id, points): one sort, one
    heap of lapses."""
    records.sort()
    heap: list[tuple[int, int]] = []
    balance, frozen_until, closed = 0, -1, False
    for key, _, points in records:
        if key > q:
            break
        while heap and heap[0][0] <= key:
            balance -= heapq.heappop(heap)[1]
        old = balance
        balance += points
        heapq.heappush(heap, (key + EXPIRY_US, points))
        if not closed:
            if old < FREEZE_AT <= balance:
                frozen_until = max(frozen_until, key + FREEZE_US)
            if old < CLOSE_AT <= balance:
                closed = True
    while heap and heap[0][0] <= q:
        balance -= heapq.heappop(heap)[1]
    return balance, CLOSED if closed else FROZEN if frozen_until > q else GOOD


class ReferenceTimeline:
    """The reference replay kept as columns, for queries: balance after each change, freeze
    starts (all 7 days long, so their ends are sorted too) and the closure instant."""

    def __init__(self, records: Sequence[tuple[int, str, int]]) -> None:
        keys, balances = array("q"), array("q")
        starts = array("q")
        heap: list[tuple[int, int]] = []
        balance = 0
        closed_at: int | None = None
        for key, _, points in sorted(records):
            while heap and heap[0][0] <= key:
                expiry, lapsed = heapq.heappop(heap)
                balance -= lapsed
                keys.append(expiry)
                balances.append(balance)
            old = balance
            balance += points
            keys.append(key)
            balances.append(balance)
            heapq.heappush(heap, (key + EXPIRY_US, points))
            if closed_at is None:
                if old < FREEZE_AT <= balance:
                    starts.append(key)
                if old < CLOSE_AT <= balance:
                    closed_at = key
        while heap:
            expiry, lapsed = heapq.heappop(heap)
            balance -= lapsed
            keys.append(expiry)
            balances.append(balance)
        self.keys, self.balances, self.starts, self.closed_at = keys, balances, starts, closed_at

    def at(self, at: dt.datetime) -> tuple[int, str]:
        q = epoch_us(at)
        i = bisect.bisect_right(self.keys, q)
        points = self.balances[i - 1] if i else 0
        if self.closed_at is not None and self.closed_at <= q:
            return points, CLOSED
        j = bisect.bisect_right(self.starts, q)
        return points, FROZEN if j and self.starts[j - 1] + FREEZE_US > q else GOOD


def records_of(events: Iterable[Violation]) -> list[tuple[int, str, int]]:
    """The reference's own form of the events: (epoch µs, id, points)."""
    return [(epoch_us(v.at), v.id, POINTS[v.severity]) for v in events]  # type: ignore[index]


# ------------------------------------------------------------------------ workloads

ZONE = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2018, 1, 1, tzinfo=ZONE)


def violations(
    n: int, rng: random.Random, start: dt.datetime, span_s: int, weights: Sequence[float]
) -> list[Violation]:
    """``n`` unfair-competition violations at random instants of ``[start, start + span)``,
    given as ISO strings with their offset (as read from a file), in random order."""
    severities = rng.choices(list(POINTS), weights=weights, k=n)
    out = [
        Violation(
            f"v{i}",
            "unfair_competition",
            (start + dt.timedelta(seconds=rng.randrange(span_s))).isoformat(),
            severity=severities[i],
        )
        for i in range(n)
    ]
    rng.shuffle(out)
    return out


MIX = (0.88, 0.11, 0.01)
ACCOUNT_SPAN = 3 * 365 * 86400
ACCOUNT_AT = pendulum.datetime(2020, 7, 1, tz="Asia/Shanghai")


def accounts(count: int, per: int, seed: int = 1) -> list[list[Violation]]:
    """``count`` accounts of ``per`` violations each, about three a year, each account's
    history starting somewhere in 2018 (the query instant is mid-2020)."""
    rng = random.Random(seed)
    return [
        violations(per, rng, START + dt.timedelta(days=rng.randrange(365)), ACCOUNT_SPAN, MIX)
        for _ in range(count)
    ]


SINGLE_GAP = 120
"""Days between an account's violations on average: about three generals alive at once, so
the balance reaches 12 (a freeze) every few years and 48 practically never."""


def single(n: int, gap_days: float, seed: int = 2) -> list[Violation]:
    """One account: ``n`` general violations, one every ``gap_days`` on average (a steady
    history: the records alive at once do not grow with n)."""
    return violations(n, random.Random(seed), START, int(n * gap_days * 86400), (1.0, 0.0, 0.0))


# ------------------------------------------------------------------------ checks

STATUS = {Status.GOOD: GOOD, Status.FROZEN: FROZEN, Status.CLOSED: CLOSED}


class Mismatch(Exception):
    pass


def library_view(standing: penalties.Standing) -> tuple[int, str]:
    return standing.points["trade"], STATUS.get(standing.status, standing.status.name)


def compare(what: str, pairs: Iterable[tuple[str, tuple[int, str], tuple[int, str]]]) -> int:
    """Count the pairs; raise Mismatch listing the first differences."""
    bad, n = [], 0
    for label, lib, ref in pairs:
        n += 1
        if lib != ref:
            bad.append(f"  {label}: library {lib}, reference {ref}")
    if bad:
        raise Mismatch(f"{what}: {len(bad)} of {n} differ\n" + "\n".join(bad[:10]))
    return n


def edges(events: Sequence[Violation]) -> list[dt.datetime]:
    """Every instant where the rule can change its answer, and a microsecond either side."""
    out = []
    for v in events:
        for base in (v.at, v.at + dt.timedelta(days=7), v.at + dt.timedelta(days=365)):
            out += [base - _ONE_US, base, base + _ONE_US]
    return out


def edge_cases() -> list[tuple[str, int, int, list[Violation]]]:
    """Hand-made histories for the questions the rule answers: 24 and 36, re-crossing 12,
    12 and 48 in one step, ties with a lapse, a freeze within a freeze, after closure; each
    with the freezes and closures the library's timeline must hold."""
    day = dt.timedelta(days=1)

    def v(i: int, t: dt.datetime, severity: str = "general") -> Violation:
        return Violation(f"e{i:02d}", "unfair_competition", t, severity=severity)

    hour = dt.timedelta(hours=1)
    t0 = dt.datetime(2019, 3, 10, 9, 30, tzinfo=ZONE)
    t1 = t0 + 400 * day
    return [
        ("12 then 24 then 36: one freeze", 1, 0, [v(i, t0 + i * day) for i in range(12)]),
        (
            "a lapse takes 12 to 9, a new general back to 12: a second freeze",
            2,
            0,
            [v(i, t0 + i * day) for i in range(4)] + [v(9, t0 + 365 * day + 12 * hour)],
        ),
        (
            "a serious from 9 to 21 crosses 12",
            1,
            0,
            [*(v(i, t0 + i * day) for i in range(3)), v(5, t0 + 5 * day, "serious")],
        ),
        (
            "especially serious from 0: 12 and 48 in one step",
            1,
            1,
            [v(0, t0, "especially_serious")],
        ),
        (
            "a lapse and a penalty at one instant: the lapse first (12 -> 9 -> 12, a freeze)",
            2,
            0,
            [v(i, t0 + i * day) for i in range(4)] + [v(9, t0 + 365 * day)],
        ),
        (
            "a second freeze fired while the first runs (parallel)",
            2,
            0,
            [
                v(0, t1 - 365 * day + hour),  # lapses at t1 + 1 h: 12 -> 9
                *(v(i, t1 - (3 - i) * day) for i in (1, 2, 3)),  # 12 at t1: freeze
                v(4, t1 + 2 * day),  # 9 -> 12 at t1 + 2 days: a second freeze
            ],
        ),
        (
            "16 generals an hour apart: 12 freezes, 48 closes",
            1,
            1,
            [v(i, t0 + i * hour) for i in range(16)],
        ),
        (
            "after closure nothing reopens",
            1,
            1,
            [v(0, t0, "especially_serious"), *(v(i, t0 + i * 400 * day) for i in range(1, 4))],
        ),
        ("five generals at one instant", 1, 0, [v(i, t0) for i in range(5)]),
    ]


def check_all(
    policy: penalties.Policy,
    accts: list[list[Violation]],
    sample: int,
    singles: list[list[Violation]],
) -> None:
    """Every identical-results check but the batch and big-timeline ones; prints a summary."""
    n = 0
    for name, freezes, closures, events in edge_cases():
        timeline = policy.evaluate(events)
        kinds = [s.kind.name for s in timeline.sanctions]
        got = (kinds.count("FREEZE"), kinds.count("CLOSURE"))
        if got != (freezes, closures) or len(kinds) != freezes + closures:
            raise Mismatch(
                f"edge case {name!r}: the library's timeline holds {kinds}, expected "
                f"{freezes} freeze(s) and {closures} closure(s)"
            )
        n += compare(
            f"edge case {name!r}",
            (
                (
                    f"{name} at {t.isoformat()}",
                    library_view(timeline.at(t)),
                    reference_standing(events, t),
                )
                for t in edges(events)
            ),
        )
    statuses: dict[str, int] = {}
    for i, events in enumerate(accts):
        lib = library_view(policy.standing(events, ACCOUNT_AT))
        ref = reference_standing(events, ACCOUNT_AT)
        if lib != ref:
            compare("accounts at the query instant", [(f"account {i}", lib, ref)])
        statuses[ref[1]] = statuses.get(ref[1], 0) + 1
        n += 1
    probes = 0
    for i, events in enumerate(accts[:sample]):
        timeline = policy.evaluate(events)
        reft = ReferenceTimeline(records_of(events))
        instants = edges(events)
        probes += compare(
            f"account {i} at its edges",
            (
                (
                    f"account {i} at {t.isoformat()}",
                    library_view(timeline.at(t)),
                    reference_standing(events, t),
                )
                for t in instants
            ),
        )
        compare(
            f"account {i}: reference timeline",
            (
                (f"account {i} at {t.isoformat()}", reft.at(t), reference_standing(events, t))
                for t in instants
            ),
        )
    seen: dict[str, int] = {}
    for events in singles:
        timeline = policy.evaluate(events)
        reft = ReferenceTimeline(records_of(events))
        rng = random.Random(4)
        instants = [t for v in rng.sample(events, min(300, len(events))) for t in edges([v])]
        probes += compare(
            f"single account of {len(events)} events",
            (
                (
                    f"{len(events)} events at {t.isoformat()}",
                    library_view(timeline.at(t)),
                    reft.at(t),
                )
                for t in instants
            ),
        )
        for t in instants:
            s = reft.at(t)[1]
            seen[s] = seen.get(s, 0) + 1
    print(
        f"check: library == reference on {n:,} standings (edge cases, {len(accts):,} accounts at "
        f"{ACCOUNT_AT.isoformat()}: {statuses}) and {probes:,} edge probes "
        f"({sample} accounts, single accounts: {seen})"
    )


# ------------------------------------------------------------------------ timing and printing


CLOCK: Callable[[], float] = time.perf_counter
"""What ``best_of`` times with: the wall clock, or with ``--clock cpu`` this process's CPU time
(steadier on a shared machine; the batch figure, which runs two processes, always uses the wall
clock)."""


def best_of(
    repeat: int, fn: Callable[[], object], clock: Callable[[], float] | None = None
) -> float:
    now = clock or CLOCK
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = now()
        fn()
        best = min(best, now() - t0)
    return best


def verdict(ok: bool) -> str:
    return "target met" if ok else "target NOT met"


def seconds(x: float) -> str:
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


RECORDS: list[dict[str, Any]] = []
"""Each figure as numbers (for ``--build both``): key, name, library and reference values."""


def record(key: str, name: str, lib: float, ref: float, unit: str) -> None:
    """Keep a figure's numbers: ``unit`` is ``s`` (lower is better), ``events/s`` or ``×``."""
    RECORDS.append({"key": key, "name": name, "lib": lib, "ref": ref, "unit": unit})


def figure(
    name: str, lib: str, ref: str, ratio: float, target: str | None = None, ok: bool = True
) -> None:
    note = f"{target}: {verdict(ok)}" if target else "no target at this size"
    print(f"{name}: library {lib}, reference {ref}, ratio {ratio:.1f}× ({note})")


def build_name() -> str:
    """Which build of the core is running: ``compiled`` when the engine is an extension."""
    import penalties.engine as engine

    compiled = getattr(penalties, "COMPILED", None)
    if compiled is not None:
        return "compiled" if compiled else "pure"
    return "compiled" if not (engine.__file__ or "").endswith(".py") else "pure"


def held_bytes(build: Callable[[], Any]) -> tuple[Any, int]:
    """What ``build()`` returns and the bytes it still holds (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    value = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return value, after - before


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    compiled = getattr(penalties, "COMPILED", None)
    build = "n/a (no penalties.COMPILED)" if compiled is None else str(compiled)
    return (
        f"machine: {model}, {os.cpu_count()} CPUs ({cores} usable), Python "
        f"{platform.python_version()} ({sys.implementation.name}), penalties "
        f"{getattr(penalties, '__version__', '?')}, COMPILED={build} (running: {build_name()}), "
        f"PENALTIES_PURE_PYTHON={os.environ.get('PENALTIES_PURE_PYTHON', '')!r}, load average "
        f"at start {os.getloadavg()[0]:.2f} (other work on the machine inflates the times)"
    )


# ------------------------------------------------------------------------ the figures


def bench_accounts(policy: penalties.Policy, accts: list[list[Violation]], repeat: int) -> None:
    def lib() -> None:
        for events in accts:
            policy.standing(events, ACCOUNT_AT)

    def ref() -> None:
        for events in accts:
            reference_standing(events, ACCOUNT_AT)

    tl, tr = best_of(repeat, lib), best_of(repeat, ref)
    per = len(accts[0])
    limit = 3 if build_name() == "compiled" else 10  # the target of the build that runs
    record("accounts", f"standings of {len(accts):,} accounts × {per} events", tl, tr, "s")
    figure(
        f"standings of {len(accts):,} accounts × {per} events at one instant",
        f"{seconds(tl)} ({tl / len(accts) * 1e6:.0f} µs/account)",
        f"{seconds(tr)} ({tr / len(accts) * 1e6:.1f} µs/account)",
        tl / tr,
        f"target ≤ {limit}× on the {build_name()} build",
        tl / tr <= limit,
    )


def bench_single(
    policy: penalties.Policy, small: list[Violation], large: list[Violation], repeat: int
) -> None:
    end = pendulum.datetime(8990, 1, 1, tz="Asia/Shanghai")
    times: dict[int, tuple[float, float]] = {}
    for events in (small, large):
        n = len(events)
        tl = best_of(repeat, lambda events=events: policy.standing(events, end))
        tr = best_of(repeat, lambda events=events: reference_standing(events, end))
        times[n] = (tl, tr)
        figure(
            f"one account, {n:,} events, standing after the last",
            seconds(tl),
            seconds(tr),
            tl / tr,
        )
    (a, (la, ra)), (b, (lb, rb)) = sorted(times.items())
    growth_l, growth_r = lb / la, rb / ra
    record("growth", f"growth {a:,} -> {b:,} events", growth_l, growth_r, "×")
    print(
        f"growth {a:,} -> {b:,} events (×{b // a} events): library ×{growth_l:.2f}, reference "
        f"×{growth_r:.2f}, ratio {growth_l / growth_r:.2f}× (target: library ≤ ×4.6: "
        f"{verdict(growth_l <= 4.6)})"
    )
    tl = best_of(repeat, lambda: policy.evaluate(large))
    records = records_of(large)
    tr = best_of(repeat, lambda: ReferenceTimeline(records))
    floor = 300_000 if build_name() == "compiled" else 60_000  # issue 14's target, issue 13's
    record("replay", f"single-account replay, {b:,} events", b / tl, b / tr, "events/s")
    figure(
        f"single-account replay, {b:,} events (evaluate; reference timeline from its records)",
        f"{b / tl:,.0f} events/s",
        f"{b / tr:,.0f} events/s",
        tl / tr,
        f"target ≥ {floor:,} events/s on the {build_name()} build",
        b / tl >= floor,
    )


def batch_table(accounts_n: int, events_n: int, seed: int = 3) -> Any:
    """A pyarrow table of ``events_n`` unfair-competition violations over ``accounts_n``
    accounts (CSV layout: ISO instants with their offset), rows grouped by account."""
    rng = random.Random(seed)
    per = events_n // accounts_n
    cols: dict[str, list[Any]] = {"account": [], "id": [], "kind": [], "at": [], "severity": []}
    for a in range(accounts_n):
        start = START + dt.timedelta(days=rng.randrange(365))
        name = f"acct{a:06d}"
        for j, severity in enumerate(rng.choices(list(POINTS), weights=MIX, k=per)):
            cols["account"].append(name)
            cols["id"].append(f"v{j}")
            cols["kind"].append("unfair_competition")
            cols["at"].append(
                (start + dt.timedelta(seconds=rng.randrange(ACCOUNT_SPAN))).isoformat()
            )
            cols["severity"].append(severity)
    return pa.table(cols)


def reference_batch(table: Any, at: dt.datetime) -> dict[str, tuple[int, str]]:
    """The reference over the same table: its columns, grouped by account, one replay each."""
    q = epoch_us(at)
    groups: dict[str, list[tuple[int, str, int]]] = {}
    fromiso = dt.datetime.fromisoformat
    for account, vid, stamp, severity in zip(
        table.column("account").to_pylist(),
        table.column("id").to_pylist(),
        table.column("at").to_pylist(),
        table.column("severity").to_pylist(),
        strict=True,
    ):
        record = (epoch_us(fromiso(stamp)), vid, POINTS[severity])
        group = groups.get(account)
        if group is None:
            groups[account] = [record]
        else:
            group.append(record)
    return {account: replay_records(records, q) for account, records in groups.items()}


def bench_batch(policy: penalties.Policy, accounts_n: int, events_n: int, repeat: int) -> None:
    t0 = time.perf_counter()
    table = batch_table(accounts_n, events_n)
    print(
        f"batch table ({accounts_n:,} accounts, {events_n:,} events, pyarrow): "
        f"built in {time.perf_counter() - t0:.1f} s"
    )
    at = ACCOUNT_AT
    result: list[Any] = []

    def lib() -> None:
        result[:] = [frames.evaluate_many(policy, table, at=at, processes=2)]

    ref_out: dict[str, tuple[int, str]] = {}

    def ref() -> None:
        ref_out.clear()
        ref_out.update(reference_batch(table, at))

    tl, tr = best_of(repeat, lib, time.perf_counter), best_of(repeat, ref, time.perf_counter)
    record(
        "batch_1m" if events_n >= 1_000_000 else "batch",
        f"evaluate_many, {events_n:,} events / {accounts_n:,} accounts",
        tl,
        tr,
        "s",
    )
    out = result[0]
    compare(
        "evaluate_many against the reference",
        (
            (account, (points, status), ref_out[account])
            for account, points, status in zip(
                out.column("account").to_pylist(),
                out.column("points_trade").to_pylist(),
                out.column("status").to_pylist(),
                strict=True,
            )
        ),
    )
    if out.num_rows != len(ref_out):
        raise Mismatch(f"evaluate_many gave {out.num_rows} rows for {len(ref_out)} accounts")
    figure(
        f"evaluate_many, {events_n:,} events over {accounts_n:,} accounts, pyarrow in and out "
        "(library on 2 processes, reference on 1; identical results checked)",
        seconds(tl),
        seconds(tr),
        tl / tr,
        "target ≤ 15 s" if events_n >= 1_000_000 else None,
        tl <= 15,
    )


def rows_of(events: Iterable[Violation]) -> list[tuple[int, str, str, str | None, int | None]]:
    """The column entry's rows of violations: (exact instant, id, kind, severity, points)."""
    return [(exact(v.at), v.id, v.kind, v.severity, v.points) for v in events]


def _no_events(order: list[int]) -> tuple[penalties.Event, ...]:
    raise AssertionError("the columns figure never reads a timeline's events")


def bench_columns(
    policy: penalties.Policy, accts: list[list[Violation]], large: list[Violation], repeat: int
) -> None:
    """Events/s from columns alone: ``engine.replay_rows`` on rows already in the engine's form
    (no ``Violation`` objects, no table), for many small accounts and for one long one; each
    checked against the reference first."""
    rows = [rows_of(events) for events in accts]
    recs = [records_of(events) for events in accts]
    q = epoch_us(ACCOUNT_AT)
    compare(
        "replay_rows against the reference",
        (
            (
                f"account {i}",
                library_view(replay_rows(policy, r, _no_events).at(ACCOUNT_AT)),
                replay_records(list(rec), q),
            )
            for i, (r, rec) in enumerate(zip(rows, recs, strict=True))
        ),
    )
    big, big_records = rows_of(large), records_of(large)
    end = pendulum.datetime(8990, 1, 1, tz="Asia/Shanghai")
    compare(
        "replay_rows of one account against the reference",
        [
            (
                "end",
                library_view(replay_rows(policy, big, _no_events).at(end)),
                reference_standing(large, end),
            )
        ],
    )

    def lib() -> None:
        for r in rows:
            replay_rows(policy, r, _no_events)

    def ref() -> None:
        for rec in recs:
            ReferenceTimeline(rec)

    n = sum(map(len, rows))
    for key, what, count, fl, fr in (
        ("columns", f"{len(rows):,} accounts × {len(rows[0])} rows", n, lib, ref),
        (
            "columns_single",
            f"one account of {len(big):,} rows",
            len(big),
            lambda: replay_rows(policy, big, _no_events),
            lambda: ReferenceTimeline(big_records),
        ),
    ):
        tl, tr = best_of(repeat, fl), best_of(repeat, fr)
        record(key, f"columns alone, {what}", count / tl, count / tr, "events/s")
        figure(
            f"columns alone, {what} (engine.replay_rows, no Violation objects; reference "
            "timeline from its records)",
            f"{count / tl:,.0f} events/s",
            f"{count / tr:,.0f} events/s",
            tl / tr,
            "goal ≥ 2,000,000 events/s compiled",
            count / tl >= 2_000_000,
        )


def bench_timeline(
    policy: penalties.Policy, n: int, gap_days: float, queries: int, repeat: int
) -> None:
    t0 = time.perf_counter()
    events, held = held_bytes(lambda: single(n, gap_days, seed=5))
    records, ref_held = held_bytes(lambda: records_of(events))
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    timeline, tl_held = held_bytes(lambda: policy.evaluate(events))
    built = time.perf_counter() - t0
    reft, ref_tl_held = held_bytes(lambda: ReferenceTimeline(records))
    print(
        f"timeline of {n:,} events (one every {gap_days} days, general only): events made in "
        f"{made:.1f} s, evaluate under tracemalloc {built:.1f} s"
    )
    rng = random.Random(6)
    probes = [
        rng.choice(events).at + dt.timedelta(seconds=rng.randrange(-86400, 86400))
        for _ in range(queries)
    ]
    gc.collect()  # the collection a long replay deferred is not a query's
    compare(
        f"Timeline.at on {n:,} events",
        ((p.isoformat(), library_view(timeline.at(p)), reft.at(p)) for p in probes),
    )

    def lib() -> None:
        for p in probes:
            timeline.at(p)

    def ref() -> None:
        for p in probes:
            reft.at(p)

    tl, tr = best_of(repeat, lib) / queries, best_of(repeat, ref) / queries
    figure(
        f"Timeline.at on a {n:,}-event timeline (points and status checked)",
        f"{tl * 1e6:,.0f} µs/query",
        f"{tr * 1e6:,.1f} µs/query",
        tl / tr,
        "target < 1 ms" if n >= 1_000_000 else None,
        tl < 1e-3,
    )
    figure(
        f"bytes per held violation (n={n:,}, parsed from ISO strings; reference: its "
        "(µs, id, points) tuple)",
        f"{held / n:,.0f} B",
        f"{ref_held / n:,.0f} B",
        held / ref_held,
        "target ≤ 250 B",
        held / n <= 250,
    )
    figure(
        f"bytes per event held in a Timeline beyond the events (n={n:,}; reference: its columns)",
        f"{tl_held / n:,.0f} B",
        f"{ref_tl_held / n:,.0f} B",
        tl_held / ref_tl_held,
        "target ≤ 200 B",
        tl_held / n <= 200,
    )


SECTIONS = ("checks", "accounts", "single", "columns", "batch", "timeline")

TARGETS: dict[str, tuple[str, float | None, float | None]] = {
    "accounts": ("ratio ≤", 10, 3),
    "growth": ("≤", 4.6, 4.6),
    "replay": ("≥", 60_000, 300_000),
    "batch_1m": ("≤", 15, 3),
    "columns": ("≥", None, 2_000_000),
    "columns_single": ("≥", None, 2_000_000),
}
"""Per figure: the comparison and the target of the pure and of the compiled build (issue 14)."""


def run_sections(args: argparse.Namespace) -> int:
    quick = args.quick
    repeat = args.repeat or 3
    sections = set(args.sections.split(","))
    print(machine())
    policy = penalties.get_policy("aliexpress")
    policy.evaluate(single(200, 90))  # warm the registry and caches
    n_accounts, sample = (600, 60) if quick else (4_000, 400)
    small_n, large_n = (625, 2_500) if quick else (2_500, 10_000)
    accts = accounts(n_accounts, 8)
    small, large = single(small_n, SINGLE_GAP), single(large_n, SINGLE_GAP)
    try:
        if "checks" in sections:
            t0 = time.perf_counter()
            check_all(policy, accts, sample, [small, large])
            print(f"checks took {time.perf_counter() - t0:.1f} s")
        if "accounts" in sections:
            bench_accounts(policy, accts, repeat)
        if "single" in sections:
            bench_single(policy, small, large, repeat)
        if "columns" in sections:
            bench_columns(policy, accts, large, repeat)
        if "batch" in sections:
            if quick:
                bench_batch(policy, 2_000, 20_000, repeat)
            else:
                bench_batch(policy, 100_000, 1_000_000, args.repeat or 2)
        if "timeline" in sections:
            if quick:
                bench_timeline(policy, 10_000, 2.4, 300, repeat)
            else:
                bench_timeline(policy, 1_000_000, 2.4, 300, args.repeat or 2)
    except Mismatch as error:
        print(f"FAILED: library and reference differ. {error}", file=sys.stderr)
        return 1
    if args.emit_json:
        with open(args.emit_json, "w") as f:
            json.dump({"build": build_name(), "records": RECORDS}, f)
    return 0


def _child(args: argparse.Namespace, build: str, emit: str | None) -> tuple[int, str]:
    """Run the sections in a child process on ``build``; return its status and output."""
    env = dict(os.environ)
    env.pop("PENALTIES_PURE_PYTHON", None)
    if build == "pure":
        env["PENALTIES_PURE_PYTHON"] = "1"
    elif args.compiled_path:
        env["PYTHONPATH"] = os.pathsep.join(
            [args.compiled_path, *filter(None, [env.get("PYTHONPATH")])]
        )
    command = [sys.executable, __file__, "--build", "current", "--sections", args.sections]
    command += ["--quick"] if args.quick else []
    command += ["--clock", args.clock]
    command += ["--repeat", str(args.repeat)] if args.repeat else []
    command += ["--emit-json", emit] if emit else []
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def _verdict(key: str, build: str, value: float, ratio: float) -> str:
    how, pure, compiled = TARGETS.get(key, ("", None, None))
    target = pure if build == "pure" else compiled
    if target is None:
        return ""
    seen = ratio if how == "ratio ≤" else value
    ok = seen >= target if how == "≥" else seen <= target
    return f" [{build} target {how} {target:,}: {verdict(ok)}]"


def _show(value: float, unit: str) -> str:
    if unit == "s":
        return seconds(value)
    if unit == "×":
        return f"×{value:.2f}"
    return f"{value:,.0f} {unit}"


def run_both(args: argparse.Namespace) -> int:
    """Both builds, alternated in one run; each figure's median over the rounds."""
    print(
        f"both builds, {args.rounds} round(s) alternated, {args.clock} clock; load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    seen: dict[str, dict[str, list[dict[str, Any]]]] = {}
    running: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for build in ("pure", "compiled") if r % 2 == 0 else ("compiled", "pure"):
                path = os.path.join(tmp, f"{build}{r}.json")
                status, out = _child(args, build, path)
                for line in out.splitlines():
                    print(f"[{build} {r + 1}] {line}")
                if status != 0:
                    print(f"the {build} build failed (status {status})", file=sys.stderr)
                    return status
                with open(path) as f:
                    result = json.load(f)
                running[build] = result["build"]
                for rec in result["records"]:
                    seen.setdefault(rec["key"], {}).setdefault(build, []).append(rec)
    for build, actual in running.items():
        if actual != build:
            print(f"WARNING: asked for the {build} build, but {actual} ran (is it installed?)")
    print(f"medians over {args.rounds} round(s); load average at the end {os.getloadavg()[0]:.2f}")
    for key, builds in seen.items():
        parts, notes = [], ""
        name, unit = next(iter(builds.values()))[0]["name"], next(iter(builds.values()))[0]["unit"]
        refs: list[float] = []
        for build in ("pure", "compiled"):
            recs = builds.get(build, [])
            if not recs:
                continue
            lib = statistics.median(x["lib"] for x in recs)
            ratio = statistics.median(
                (x["lib"] / x["ref"]) if unit != "events/s" else (x["ref"] / x["lib"]) for x in recs
            )
            refs += [x["ref"] for x in recs]
            parts.append(f"{build} {_show(lib, unit)} ({ratio:.1f}× the reference)")
            notes += _verdict(key, build, lib, ratio)
        ref = statistics.median(refs)
        print(f"{name}: {', '.join(parts)}, reference {_show(ref, unit)}{notes}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (< 30 s)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (best kept)")
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--build",
        choices=("current", "pure", "compiled", "both"),
        default="current",
        help="the build to measure: the one importing now, one of the two, or both alternated",
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --build both")
    parser.add_argument(
        "--compiled-path", default=None, help="a directory holding a compiled copy of penalties"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time with the wall clock or with this process's CPU time (the batch: wall always)",
    )
    parser.add_argument("--emit-json", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    unknown = set(args.sections.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.build == "both":
        return run_both(args)
    if args.build in ("pure", "compiled"):
        status, out = _child(args, args.build, None)
        print(out, end="")
        return status
    return run_sections(args)


if __name__ == "__main__":
    sys.exit(main())
