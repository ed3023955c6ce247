"""The package's face: ``__version__`` comes from the installed metadata (pyproject.toml's one
``version``), and every name of ``penalties.__all__`` can be imported."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import penalties

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_is_written_once_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert penalties.__version__ == version("penalties") == project["version"]
    source = (ROOT / "penalties" / "__init__.py").read_text(encoding="utf-8")
    assert project["version"] not in source


def test_every_exported_name_imports() -> None:
    for name in penalties.__all__:
        assert getattr(penalties, name) is not None, name
