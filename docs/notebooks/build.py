"""Build ``example.ipynb`` next to this file: the demo account in a notebook.

Run ``python docs/notebooks/build.py`` after changing the cells below; the notebook is written
without outputs (``tests/test_notebook.py`` executes it and checks that it matches this
script). Needs ``nbformat`` (in the ``test`` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
TARGET = HERE / "example.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# penalties in a notebook

A year in the life of an AliExpress store (the bundled demo account, also shown by
`penalties demo`): its standing at one instant, the whole timeline, what one more violation
would do, and a chart. Results render as HTML tables in a notebook; nothing here reads the
clock, every instant is given.""",
    ),
    (
        "code",
        """import penalties
from penalties import Violation
from penalties.demo import demo_history

policy = penalties.get_policy("aliexpress")
events = demo_history()
print(policy.name, "-", len(events), "events, times in", policy.timezone)""",
    ),
    (
        "md",
        """## Standing

The account the day after the trade ledger reached 12 points: frozen for 7 days. The table
lists every ledger, the next threshold, the active sanctions and what lapses next.""",
    ),
    (
        "code",
        """standing = policy.standing(events, at="2024-03-12T12:00:00+08:00")
standing""",
    ),
    ("code", "print(standing.explain())"),
    (
        "md",
        """## Timeline

Every balance change with its cause, every sanction with its real interval, and the events
themselves (click *Events*).""",
    ),
    (
        "code",
        """timeline = policy.evaluate(events)
timeline""",
    ),
    (
        "md",
        """## What if

Two serious IP complaints on 1 and 2 June counted as one strike (they fall within 3 days).
What would a third one, a week later, do?""",
    ),
    (
        "code",
        """extra = Violation(
    "AE-2024-012",
    "ip_infringement",
    "2024-06-10T09:00:00+08:00",
    severity="serious",
    reference="complaint IPR-95",
)
what_if = policy.what_if(events, add=extra, at="2024-06-10T12:00:00+08:00")
what_if""",
    ),
    (
        "md",
        """## Chart

One panel per ledger: the balance with each violation's id, the thresholds (dashed), sanctions
shaded and in lanes below (each with its length: the one-day freeze of the first serious IP
strike too), lapsing points and appeals as markers, and an "as of" line (here the standing's
instant; after it, what happens if nothing new does). Dates are in the policy's zone.
`plot_timeline` returns a matplotlib `Figure` that shows itself: no pyplot needed.""",
    ),
    (
        "code",
        """from penalties.plot import plot_timeline

plot_timeline(timeline, account="demo store", at="2024-03-12T12:00:00+08:00")""",
    ),
    (
        "md",
        """## The rules and one sanction

A policy shows its ledgers (validity, counting rules, thresholds), its violation catalogue with
dated points, its assumptions and its sources; a sanction its interval, length and cause.""",
    ),
    ("code", "policy"),
    ("code", "timeline.sanctions[1]  # strike 1: the one-day freeze"),
    (
        "md",
        """## A SAFE-T claim

Claims render the same way: the verdict, the filing window, the cap and every problem; and so
does the claim policy itself.""",
    ),
    (
        "code",
        """from decimal import Decimal

from penalties.claims import ClaimReason, SafeTClaim, get_claim_policy

claim = SafeTClaim(
    order_id="302-1234567-1234567",
    reason=ClaimReason.NOT_RETURNED,
    refund_amount=Decimal("89.90"),
    order_value=Decimal("89.90"),
    currency="EUR",
    refund_charged_at="2024-02-01T10:00:00+01:00",
    filed_at="2024-04-02T09:30:00+02:00",
)
claim_policy = get_claim_policy("amazon_csba", market="DE")
claim_policy.assess(claim)""",
    ),
    ("code", "claim_policy"),
    (
        "md",
        """## Many shops, many platforms

An ERP's table of shops on several platforms, each row naming its policy and market, evaluates
in one call; `risk_summary` sorts the standings by risk (status worst first, then days to the
next sanction, then points to go) and shows itself as a table.""",
    ),
    (
        "code",
        """import pandas as pd

from penalties import frames

shops = pd.DataFrame({
    "account": ["ae-shop", "ph-shop", "ae-new", "th-shop"],
    "platform": ["aliexpress", "shopee", "aliexpress", "tiktok_shop"],
    "market": [None, "PH", None, "TH"],
    "id": ["v1", "s1", "v9", "t1"],
    "kind": ["unfair_competition", "points", "unfair_competition", "ip_infringement"],
    "at": ["2024-03-01T10:00:00+08:00", "2024-03-01T10:00:00+08:00",
           "2024-03-20T10:00:00+08:00", "2024-03-01T10:00:00+07:00"],
    "severity": ["serious", None, "serious", None],
    "points": pd.array([None, 3, None, 4], dtype="Int64"),
})
standings = frames.evaluate_many("platform", shops, market="market", at="2024-03-04T00:00:00+08:00")
frames.risk_summary(standings)""",
    ),
]


def build() -> nbformat.NotebookNode:
    """The notebook, without outputs."""
    cells = [
        new_markdown_cell(text) if kind == "md" else new_code_cell(text) for kind, text in CELLS
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i:02d}"  # stable ids: the file does not change between builds
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def render() -> str:
    """The notebook file's text."""
    return nbformat.writes(build()) + "\n"


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
