"""The ``penalties`` command line: ``demo``, ``policies`` and ``evaluate``.

Errors are printed as one line on stderr, without a traceback, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from penalties.errors import InvalidEventError, PenaltiesError
from penalties.events import Appeal, Event, Violation
from penalties.policy import get_policy, list_policies
from penalties.results import Standing

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from penalties.demo import DEMO_INSTANTS, demo_history

    policy = get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    instants = [args.at] if args.at else list(DEMO_INSTANTS)
    print("penalties demo: a year of an AliExpress seller's history, replayed.\n")
    for i, at in enumerate(instants):
        if i:
            print("\n" + "-" * 72 + "\n")
        print(timeline.at(at).explain())
    when = "2025-03-01T12:00:00+08:00"
    print(f"\nWhat one more serious unfair-competition penalty would do at {when}:")
    extra = Violation("what-if", "unfair_competition", when, severity="serious")
    result = policy.what_if(demo_history(), extra, at=when)
    for ledger, delta in result.points_delta.items():
        if delta:
            print(f"  {ledger}: {delta:+d} points")
    for s in result.new_sanctions:
        end = s.end.isoformat() if s.end else "open-ended"
        print(f"  new sanction: {s.kind.name} {s.start.isoformat()} -> {end} ({s.reason})")
    print(f"  status: {result.before.status.name} -> {result.after.status.name}")
    return 0


def _policies(args: argparse.Namespace) -> int:
    for code in list_policies():
        policy = get_policy(code)
        ledgers = ", ".join(ledger.code for ledger in policy.ledgers)
        print(f"{code}\t{policy.name}\t{policy.timezone}\tledgers: {ledgers}")
    return 0


def _event(record: Any, index: int) -> Event:
    if not isinstance(record, dict):
        raise InvalidEventError(f"event #{index} is not a JSON object.")
    fields = dict(record)
    kind = fields.pop("type", "violation" if "kind" in fields else "appeal")
    try:
        if kind == "violation":
            return Violation(**fields)
        if kind == "appeal":
            return Appeal(**fields)
    except TypeError as exc:
        raise InvalidEventError(f"event #{index}: {exc}") from None
    raise InvalidEventError(f"event #{index}: type {kind!r} is not 'violation' or 'appeal'.")


def _standing_json(s: Standing) -> dict[str, Any]:
    return {
        "at": s.at.isoformat(),
        "status": s.status.name,
        "points": dict(s.points),
        "frozen_until": s.frozen_until.isoformat() if s.frozen_until else None,
        "sanctions": [
            {
                "kind": x.kind.name,
                "start": x.start.isoformat(),
                "end": x.end.isoformat() if x.end else None,
                "ledger": x.ledger,
                "cause": list(x.cause),
                "reason": x.reason,
            }
            for x in s.sanctions
        ],
        "expiring": [
            {"at": e.at.isoformat(), "ledger": e.ledger, "points": e.points, "cause": list(e.cause)}
            for e in s.expiring
        ],
    }


def _evaluate(args: argparse.Namespace) -> int:
    policy = get_policy(args.policy, market=args.market)
    try:
        with open(args.file, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise InvalidEventError(f"cannot read {args.file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidEventError(f"{args.file} is not UTF-8 text; save it as UTF-8.") from None
    except ValueError as exc:  # JSONDecodeError, or a number too long to convert
        raise InvalidEventError(f"{args.file} is not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidEventError(f"{args.file} nests JSON too deeply to read.") from None
    if isinstance(data, dict):
        data = data.get("events")
    if not isinstance(data, list):
        raise InvalidEventError(
            f"{args.file} must hold a JSON list of events (or an object with 'events')."
        )
    events = [_event(r, i) for i, r in enumerate(data)]
    standing = policy.standing(events, args.at)
    if args.json:
        print(json.dumps(_standing_json(standing), ensure_ascii=False, indent=2))
    else:
        print(standing.explain())
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="penalties",
        description="Marketplace seller penalty systems: points, sanctions, expiries, appeals.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="evaluate and explain a bundled example account")
    demo.add_argument("--at", help="one ISO instant with offset to explain at")
    demo.set_defaults(func=_demo)
    policies = sub.add_parser("policies", help="list the registered policies")
    policies.set_defaults(func=_policies)
    evaluate = sub.add_parser("evaluate", help="evaluate a JSON file of events at an instant")
    evaluate.add_argument("file", help="JSON list of events (violations and appeals)")
    evaluate.add_argument("--policy", required=True, help="policy code, e.g. aliexpress")
    evaluate.add_argument("--market", help="market of the policy, where it has markets")
    evaluate.add_argument("--at", required=True, help="ISO-8601 instant with an offset")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.set_defaults(func=_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except PenaltiesError as exc:
        print(f"penalties: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
