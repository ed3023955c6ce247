"""Every example in the docs and the README runs, and the docs site builds strictly."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import penalties

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
BLOCK = re.compile(r"^```(?:pycon|python)\n(.*?)^```", re.S | re.M)


def _examples(page: Path) -> str:
    return "\n".join(b for b in BLOCK.findall(page.read_text(encoding="utf-8")) if ">>>" in b)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path) -> None:
    text = _examples(page)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


EXPORTED = sorted(set(penalties.__all__) - {"__version__"})
EDGE_MODULES = ("io", "frames", "plot", "strategies")  # documented whole, after the names


def test_the_reference_names_every_exported_name() -> None:
    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    documented = re.findall(r"^::: penalties\.(\w+)$", text, re.M)
    documented = [name for name in documented if name not in EDGE_MODULES]
    assert sorted(documented) == EXPORTED  # each once, none missing


def test_docs_build_strict(tmp_path: Path) -> None:
    # The reference is generated from the docstrings while the site builds (mkdocstrings).
    mkdocs = shutil.which("mkdocs") or str(Path(sys.executable).parent / "mkdocs")
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="penalties\.(\w+)"', html))
    assert [name for name in EXPORTED if name not in anchors] == []
    assert 'class="language-pycon' in html or "highlight" in html  # doctests shown as code


def test_doctests_are_fenced_for_the_reference() -> None:
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        from doctest_fences import fence_doctests
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    text = "Text.\n\n>>> 1 + 1\n2\n\nMore text.\n>>> x"
    assert fence_doctests(text) == (
        "Text.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nMore text.\n```pycon\n>>> x\n```"
    )
