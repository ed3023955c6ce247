"""Rewrite the golden snapshots under ``tests/golden/`` from the current code.

Each registered policy and market has one file, ``tests/golden/<code>[-<market>].json``: the
canonical account history built from the policy's own catalogue (``tests/golden_histories.py``),
its standing day by day over 2024-07-01 to 2026-06-30 and every sanction of its timeline.
``tests/test_golden.py`` recomputes them and fails on any difference.

Run it from the repository root after a change that is meant to alter results, then review
the diff (``git diff tests/golden``) as you would review code, and commit it with the change::

    PYTHONPATH=. python scripts/regenerate_golden.py            # every snapshot
    PYTHONPATH=. python scripts/regenerate_golden.py shopee-PH  # only these names
    PYTHONPATH=. python scripts/regenerate_golden.py --check    # report, write nothing

Files of policies that are no longer registered are deleted (reported with ``--check``).
The exit status is 1 when ``--check`` finds a stale, missing or extra file, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.golden_histories import (  # noqa: E402  (needs the repository root on sys.path)
    GOLDEN_DIR,
    golden_name,
    golden_path,
    golden_policies,
    render,
    snapshot,
)


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or ``--check``) the golden snapshots; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="snapshot names such as aliexpress or shopee-PH")
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    policies = {golden_name(p): p for p in golden_policies()}
    unknown = sorted(set(args.names) - set(policies))
    if unknown:
        parser.error(f"unknown snapshot names {unknown}; known: {', '.join(sorted(policies))}")
    wanted = args.names or sorted(policies)
    GOLDEN_DIR.mkdir(exist_ok=True)
    problems = 0
    for name in wanted:
        path = golden_path(name)
        text = render(snapshot(policies[name]))
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        state = "missing" if old is None else "changed"
        if args.check:
            problems += 1
            print(f"{state}: {path.relative_to(ROOT)}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote ({state}): {path.relative_to(ROOT)}")
    if not args.names:
        for path in sorted(GOLDEN_DIR.glob("*.json")):
            if path.stem in policies:
                continue
            if args.check:
                problems += 1
                print(f"extra: {path.relative_to(ROOT)}")
            else:
                path.unlink()
                print(f"deleted: {path.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
