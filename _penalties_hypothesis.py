"""The ``hypothesis`` entry point of penalties, kept outside the package on purpose.

Hypothesis imports this module and calls :func:`_hypothesis_setup_hook` every time it is itself
imported, in every project where penalties is installed. Importing anything under
``penalties`` would run the package's ``__init__`` (~60 ms); so this imports nothing unless
penalties is already loaded, and otherwise leaves the registering to penalties when it loads
(``penalties._hypothesis_hook.register_loaded``).
"""

from __future__ import annotations

import sys

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    """Register the strategies of the penalties types already loaded; nothing else."""
    if "penalties" in sys.modules:
        from penalties._hypothesis_hook import register_loaded

        register_loaded()
