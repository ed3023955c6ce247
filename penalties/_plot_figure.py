"""The figure :func:`penalties.plot.plot_timeline` returns (imported only when a chart is drawn,
since it needs matplotlib)."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

__all__ = ["TimelineFigure"]


class TimelineFigure(Figure):
    """A :class:`matplotlib.figure.Figure` that shows itself in a notebook.

    IPython shows a plain ``Figure`` as ``<Figure size ...>`` unless pyplot (and its inline
    backend) was loaded first; this one gives IPython its PNG through ``_repr_png_``, so
    ``plot_timeline(timeline)`` as a cell's last line displays the chart, with or without
    pyplot. Everything else is the ``Figure`` API.
    """

    repr_dpi: int = 100
    """The resolution of the notebook image, in dots per inch."""

    def _repr_png_(self) -> bytes:
        """The chart as PNG bytes, for IPython's display machinery."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.repr_dpi, facecolor="white")
        return buffer.getvalue()
