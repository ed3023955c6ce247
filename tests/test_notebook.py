"""The example notebook runs top to bottom in a fresh kernel and shows what it promises."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "example.ipynb"
BUILD = ROOT / "docs" / "notebooks" / "build.py"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebook_build", BUILD)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_notebook_is_what_the_build_script_writes() -> None:
    assert NOTEBOOK.read_text(encoding="utf-8") == _build_module().render(), (
        "docs/notebooks/example.ipynb is out of date: run python docs/notebooks/build.py"
    )
    nbformat.validate(nbformat.read(NOTEBOOK, as_version=4))


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'python3' kernel spec that runs this interpreter with this checkout importable, found
    before any other spec of that name (user or system)."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (penalties tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + (os.pathsep + path if path else ""))


def _outputs(cell: Any) -> dict[str, str]:
    """The text of a code cell's outputs by MIME type (streams as text/plain)."""
    out: dict[str, str] = {}
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            out["text/plain"] = out.get("text/plain", "") + output["text"]
        for mime, data in output.get("data", {}).items():
            out[mime] = out.get(mime, "") + (data if isinstance(data, str) else "".join(data))
    return out


@pytest.mark.usefixtures("kernel_env")
def test_notebook_executes_and_shows_the_results() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=180,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in code:
        assert all(o["output_type"] != "error" for o in cell.outputs), cell.source
        assert cell.outputs, f"no output from: {cell.source}"
    (
        first,
        standing,
        explain,
        timeline,
        what_if,
        chart,
        policy,
        sanction,
        claim,
        claim_policy,
        shops,
    ) = (_outputs(c) for c in code)

    assert "AliExpress - 12 events, times in Asia/Shanghai" in first["text/plain"]

    html = standing["text/html"]
    assert "penalties-standing" in html
    assert "<strong>FROZEN</strong> until 2024-03-18 11:00" in html
    assert "48 points: account closed" in html

    assert "trade (Trade violations and other" in explain["text/plain"]

    html = timeline["text/html"]
    assert "penalties-timeline" in html
    assert "AE-2024-010 revoked: appeal on AE-2024-010 granted" in html
    assert "Events (12)" in html

    html = what_if["text/html"]
    assert "<strong>GOOD</strong> → <strong>FROZEN</strong>" in html
    assert "strike 2: 7-day freeze" in html

    # plot_timeline(...) itself as the cell's last line: the figure displays as a PNG.
    png = base64.b64decode(chart["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 20_000
    assert "<TimelineFigure size" in chart["text/plain"]  # the plain repr: a Figure's

    for html in (policy, sanction, claim, claim_policy):
        assert '<div class="penalties' in html["text/html"]
        assert "<style>" in html["text/html"]
    html = policy["text/html"]
    assert "penalties-policy" in html
    assert "12 points: 7-day freeze" in html
    assert "unfair_competition" in html
    html = sanction["text/html"]
    assert "penalties-sanction" in html
    assert "(1 day)" in html
    html = claim_policy["text/html"]
    assert "penalties-claim-policy" in html
    assert "EUR 4,000" in html

    html = claim["text/html"]
    assert "not eligible" in html
    assert "filing_window_closed" in html

    html = shops["text/html"]
    assert "penalties-risk" in html
    assert "4 accounts</strong> by risk: 1 frozen, 1 restricted, 2 good" in html
    assert html.index(">ae-shop<") < html.index(">ph-shop<") < html.index(">ae-new<")
