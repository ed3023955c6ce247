"""What ``import penalties`` adds on top of importing its dependencies, printed one per line.

Each figure is the best of ``--repeat`` fresh interpreters. Bytecode is written and used, as
for an installed package (pip compiles it), even where ``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

DEPS = "import attrs, cattrs, pendulum"
PROBE = (
    "import time\n"
    "t0 = time.perf_counter()\n"
    f"{DEPS}\n"
    "t1 = time.perf_counter()\n"
    "import penalties\n"
    "t2 = time.perf_counter()\n"
    "penalties.get_policy('aliexpress')\n"
    "t3 = time.perf_counter()\n"
    "print(t1 - t0, t2 - t1, t3 - t2)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for CI")
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 15)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", "import penalties"], env=env, check=True)
    best = [float("inf")] * 3
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        best = [min(b, float(x)) for b, x in zip(best, out, strict=True)]
    deps, own, registry = (x * 1000 for x in best)
    print(f"import attrs, cattrs, pendulum: {deps:.0f} ms")
    print(f"import penalties on top of them: {own:.0f} ms (target: under 80 ms)")
    print(f"first get_policy('aliexpress') (loads the registry): {registry:.0f} ms")


if __name__ == "__main__":
    main()
