"""Which build runs: the mypyc-compiled core, or its pure-Python source.

A compiled wheel ships each compiled module twice, ``engine.py`` beside
``engine.cpython-*.so``; Python's import system prefers the extension. ``PENALTIES_PURE_PYTHON=1``
makes the ``.py`` win instead: :func:`select` puts a finder first on ``sys.meta_path`` that loads
the source of any ``penalties`` module that has an extension beside it. It must run before
anything imports those modules: importing this module calls it, and ``penalties/__init__.py``
imports it first.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType

#: The environment variable that selects the pure build ("1") at import time.
PURE_ENV = "PENALTIES_PURE_PYTHON"


def pure_requested() -> bool:
    """Whether ``PENALTIES_PURE_PYTHON`` asks for the pure build: "1" yes; unset, "" or "0" no."""
    value = os.environ.get(PURE_ENV, "")
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    # Imported here: this module runs before any other of the package (see select).
    from penalties.errors import PenaltiesError

    raise PenaltiesError(
        f"{PURE_ENV}={value!r} is not understood: set it to 1 to run the pure-Python build, or "
        "unset it (or set it to 0) to run the compiled build where one is installed"
    )


def _extension_beside(directory: str, name: str) -> bool:
    return any(
        os.path.isfile(os.path.join(directory, name + suffix))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
    )


class _PureFinder:
    """Load ``penalties.X`` from ``X.py`` where a compiled ``X`` extension sits beside it.

    A meta path finder by protocol (``find_spec``): not a subclass of ``importlib.abc``'s,
    whose import costs more than the rest of this module.
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if path is None or not fullname.startswith("penalties."):
            return None
        name = fullname.rpartition(".")[2]
        for directory in path:
            source = os.path.join(directory, name + ".py")
            if os.path.isfile(source) and _extension_beside(directory, name):
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def select() -> bool:
    """Install the pure finder when the pure build is asked for; whether it was."""
    if not pure_requested():
        return False
    if not any(isinstance(finder, _PureFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PureFinder())
    return True


def compiled() -> bool:
    """Whether the loaded ``penalties`` modules include compiled ones (the compiled build runs).

    A wheel's extension modules are loaded by ``import penalties`` (the core is imported then),
    all or none: they are found before their ``.py`` unless the pure finder is installed.
    """
    return any(
        isinstance(getattr(getattr(module, "__spec__", None), "loader", None), _EXTENSION)
        for name, module in list(sys.modules.items())
        if name.startswith("penalties.")
    )


_EXTENSION = importlib.machinery.ExtensionFileLoader


select()
