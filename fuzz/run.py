"""Fuzz the loaders of penalties.io.

With atheris (``pip install '.[fuzz]'``), coverage-guided, one target at a time::

    python fuzz/run.py json -atheris_runs=10000
    python fuzz/run.py policy -max_total_time=600 fuzz/corpus/policy

Targets: json (``loads``, every document format), csv (``loads_csv``), jsonl (``loads_jsonl``),
policy (``load_policy``, TOML and JSON). The corpus folder defaults to ``fuzz/corpus/<target>``,
seeded from ``fuzz.targets.seeds``; crashes are written by libFuzzer to the current folder
(``crash-<hash>``). Replay one with ``python fuzz/run.py json crash-<hash>``.

Without atheris, a deterministic smoke run of every target (what CI runs)::

    python fuzz/run.py --smoke --runs 2000

It feeds each target its seeds and ``--runs`` mutations of them, writes any failing input to
``fuzz/crashes/`` and exits with status 1 if there was one.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

NAMES = ("json", "csv", "jsonl", "policy")


def smoke(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="fuzz/run.py --smoke")
    parser.add_argument("--runs", type=int, default=2000, help="mutations per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("targets", nargs="*", help=f"some of {', '.join(NAMES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [t for t in args.targets if t not in NAMES]
    if unknown:
        parser.error(f"unknown targets {', '.join(unknown)}; targets: {', '.join(NAMES)}")
    from fuzz.targets import smoke as run

    failed = 0
    for target in args.targets or NAMES:
        failures = run(target, runs=args.runs, seed=args.seed)
        print(f"{target}: {args.runs} mutations, {len(failures)} failures")
        for data, trace in failures:
            crashes = HERE / "crashes"
            crashes.mkdir(exist_ok=True)
            path = crashes / f"{target}-{hashlib.sha1(data).hexdigest()[:12]}"
            path.write_bytes(data)
            print(f"  {path}\n" + "\n".join("    " + line for line in trace.splitlines()[-4:]))
        failed += len(failures)
    return 1 if failed else 0


def fuzz(argv: list[str]) -> int:
    target, options = argv[0], argv[1:]
    if target not in NAMES:
        print(f"unknown target {target!r}; targets: {', '.join(NAMES)}", file=sys.stderr)
        return 2
    try:
        import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("atheris is not installed: pip install '.[fuzz]' (or run --smoke)", file=sys.stderr)
        return 2
    with atheris.instrument_imports(include=["penalties", "fuzz"]):
        from fuzz import targets
    if not any(not o.startswith("-") for o in options):
        corpus = HERE / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        for data in targets.seeds(target):
            (corpus / f"seed-{hashlib.sha1(data).hexdigest()[:12]}").write_bytes(data)
        options.append(str(corpus))

    def test_one_input(data: bytes) -> None:
        targets.run_one(target, data)

    atheris.Setup([sys.argv[0], *options], test_one_input)
    atheris.Fuzz()
    return 0


def main() -> int:
    argv = sys.argv[1:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "--smoke":
        return smoke(argv[1:])
    return fuzz(argv)


if __name__ == "__main__":
    raise SystemExit(main())
