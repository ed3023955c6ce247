"""Timeline charts (needs the ``plot`` extra: matplotlib).

:func:`plot_timeline` draws one panel per ledger: the balance as a step line with each
violation's dot labelled with its id, the threshold levels as dashed lines, the sanctions shaded
behind it and as bars in lanes below it (one lane per :class:`~penalties.rules.SanctionKind`,
each bar labelled with its length), expiries and appeals as markers, and an "as of" line (the
instant given, else the last event: what lies after it happens only if nothing new does). Dates
on the x axis are in the policy's zone. :func:`save_timeline` writes the chart as a PNG and
:func:`timeline_png` returns the PNG bytes.

matplotlib is imported only when a chart is drawn, and only its object-oriented API is used: a
:class:`~penalties.plot.TimelineFigure` (a :class:`matplotlib.figure.Figure` that shows
itself in a notebook through ``_repr_png_``) on an Agg canvas, so nothing touches pyplot's global
state or needs a screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pendulum
from pendulum import DateTime

from penalties._time import InstantLike, exact, to_instant
from penalties.errors import InvalidChartError, PenaltiesWarning
from penalties.events import Appeal, AppealOutcome, Violation
from penalties.results import MissingExtraError, Sanction, Timeline
from penalties.rules import Ledger, SanctionKind

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from penalties._plot_figure import TimelineFigure

__all__ = [
    "APPEAL_COLOURS",
    "AS_OF_COLOUR",
    "BALANCE_COLOUR",
    "EXPIRY_COLOUR",
    "SANCTION_COLOURS",
    "THRESHOLD_COLOUR",
    "plot_timeline",
    "save_timeline",
    "timeline_png",
]


def __getattr__(name: str) -> Any:
    """``penalties.plot.TimelineFigure``, imported on first use (it needs matplotlib)."""
    if name == "TimelineFigure":
        _matplotlib()
        from penalties._plot_figure import TimelineFigure

        return TimelineFigure
    raise AttributeError(f"module 'penalties.plot' has no attribute {name!r}")


SANCTION_COLOURS: Mapping[SanctionKind, str] = {
    SanctionKind.WARNING: "#e6b800",
    SanctionKind.RESTRICTION: "#f58518",
    SanctionKind.LISTING_REMOVAL: "#9467bd",
    SanctionKind.FUNDS_HOLD: "#17becf",
    SanctionKind.FINE: "#8c564b",
    SanctionKind.FREEZE: "#1f77b4",
    SanctionKind.SUSPENSION: "#e45756",
    SanctionKind.CLOSURE: "#5c0a0a",
}
"""The colour of each sanction kind (shading and lane bars)."""

THRESHOLD_COLOUR = "#c2185b"
"""Threshold lines and their labels."""

BALANCE_COLOUR = "#222222"
"""The balance step line and the bookings on it."""

EXPIRY_COLOUR = "#7f7f7f"
"""Markers for points that lapse or are reset."""

APPEAL_COLOURS: Mapping[AppealOutcome, str] = {
    AppealOutcome.PENDING: "#444444",
    AppealOutcome.GRANTED: "#2ca02c",
    AppealOutcome.REDUCED: "#17a589",
    AppealOutcome.DENIED: "#111111",
}
"""Appeal markers: filed (hollow, ``PENDING`` colour; labelled "pending" while undecided)
and decided (filled, by outcome)."""

_WIDTH = 11.0  # inches
_HEADER = 1.0  # title
_FOOTER = 1.0  # date labels and legend
_PANEL = 2.4  # one ledger's points
_LANE = 0.3  # one sanction kind's lane
_LANE_PAD = 0.3
_ROW_PAD = 0.15
_MAX_LEVELS = 12  # threshold lines drawn per ledger at most
_MAX_LABEL = 64  # characters of a threshold label
_SHADE_ALPHA = 0.12
AS_OF_COLOUR = "#2b8cbe"
"""The "as of" line and its label."""

_MIN_WIDTH = 0.006  # of the range: the narrowest sanction bar (a 1-day freeze on 2 years)
_SMALL = 7.5  # font size of labels inside the axes
_TINY = 6.5  # font size of violation ids and sanction lengths
_MAX_IDS = 40  # violation dots labelled with their ids per panel at most
_ID_GAP = 0.075  # of the axes width: closer labels are stacked one level higher
_ID_LEVELS = 3
_ID_CHARS = 24  # characters of one dot's label (several ids are cut with "+N")


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            "penalties.plot needs matplotlib; install it with pip install 'penalties[plot]'."
        ) from None


def plot_timeline(
    timeline: Timeline,
    *,
    ledgers: Iterable[str] | None = None,
    start: InstantLike | None = None,
    end: InstantLike | None = None,
    account: str | None = None,
    at: InstantLike | None = None,
) -> TimelineFigure:
    """Draw ``timeline`` as a :class:`matplotlib.figure.Figure`, one panel per ledger.

    ``ledgers`` picks and orders the panels (default: every ledger with a balance change or a
    sanction, or all of them when the history is empty). ``start`` and ``end`` bound the x axis
    (default: the history with a margin, and ``at``; an empty history needs both). ``account``
    names the account in the title. ``at`` is the instant of the "as of" line (default: the
    last event, or its appeal's decision). Bad arguments raise
    :class:`~penalties.errors.InvalidChartError` (an unknown ledger code:
    :class:`~penalties.errors.UnknownViolationKindError`, as
    :meth:`Policy.ledger <penalties.policy.Policy.ledger>` does).

    The figure is a :class:`~penalties.plot.TimelineFigure`, a ``Figure`` that a
    notebook displays as the cell's result even when pyplot was never imported.
    """
    _matplotlib()
    if not isinstance(timeline, Timeline):
        raise InvalidChartError(
            f"plot_timeline() draws a Timeline, not {type(timeline).__name__}; pass "
            "policy.evaluate(events)."
        )
    if account is not None and not isinstance(account, str):
        raise InvalidChartError(f"account must be a string, not {type(account).__name__}.")
    panels = _pick_ledgers(timeline, ledgers)
    as_of, given = _as_of(timeline, at)
    x0, x1 = _range(timeline, start, end, as_of if given else None)
    return _Chart(timeline, x0, x1, as_of, given).draw(panels, account)


def timeline_png(
    timeline: Timeline,
    *,
    dpi: int = 100,
    ledgers: Iterable[str] | None = None,
    start: InstantLike | None = None,
    end: InstantLike | None = None,
    account: str | None = None,
    at: InstantLike | None = None,
) -> bytes:
    """The chart of :func:`plot_timeline` as PNG bytes (e.g. for ``IPython.display.Image``).
    The image is the figure's size (``fig.get_size_inches()``) times ``dpi`` pixels."""
    _check_dpi(dpi)
    fig = plot_timeline(timeline, ledgers=ledgers, start=start, end=end, account=account, at=at)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def save_timeline(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    dpi: int = 100,
    ledgers: Iterable[str] | None = None,
    start: InstantLike | None = None,
    end: InstantLike | None = None,
    account: str | None = None,
    at: InstantLike | None = None,
) -> str:
    """Write the chart of :func:`plot_timeline` to ``path`` (a ``.png`` file in an existing
    folder) and return the path written."""
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidChartError(
            f"path must be a str or a path-like object, not {type(path).__name__}."
        )
    target = os.fspath(path)
    if not target.lower().endswith(".png"):
        raise InvalidChartError(
            f"save_timeline() writes PNG images; give a path ending in '.png', not {target!r}."
        )
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise InvalidChartError(
            f"cannot write {target!r}: the folder {folder!r} does not exist; create it first."
        )
    data = timeline_png(
        timeline, dpi=dpi, ledgers=ledgers, start=start, end=end, account=account, at=at
    )
    with open(target, "wb") as f:
        f.write(data)
    return target


# --------------------------------------------------------------------------- arguments


def _check_dpi(dpi: object) -> None:
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1000:
        raise InvalidChartError(f"dpi must be a whole number from 10 to 1000, not {dpi!r}.")


def _pick_ledgers(timeline: Timeline, ledgers: Iterable[str] | None) -> list[Ledger]:
    policy = timeline.policy
    if ledgers is None:
        active = {c.ledger for c in timeline.changes} | {
            s.ledger for s in timeline.sanctions if s.ledger is not None
        }
        picked = [ledger for ledger in policy.ledgers if ledger.code in active]
        return picked or list(policy.ledgers)
    if isinstance(ledgers, str):
        raise InvalidChartError(
            f"ledgers must be a list of ledger codes, not the string {ledgers!r}; "
            f"write ledgers=[{ledgers!r}]."
        )
    try:
        codes = list(ledgers)
    except TypeError:
        raise InvalidChartError(
            f"ledgers must be a list of ledger codes, not {type(ledgers).__name__}."
        ) from None
    if not codes:
        raise InvalidChartError(
            "ledgers is empty; name at least one of "
            f"{', '.join(ledger.code for ledger in policy.ledgers)}, or pass None for all."
        )
    out: list[Ledger] = []
    for code in codes:
        if not isinstance(code, str):
            raise InvalidChartError(
                f"ledger codes are strings, not {type(code).__name__} {code!r}."
            )
        ledger = policy.ledger(code)  # unknown: UnknownViolationKindError naming close matches
        if ledger in out:
            raise InvalidChartError(f"ledger {code!r} is named twice in ledgers.")
        out.append(ledger)
    return out


def _as_of(timeline: Timeline, at: InstantLike | None) -> tuple[DateTime | None, bool]:
    """The "as of" instant and whether it was given: ``at``, else the last thing known (the
    latest event, or an appeal's decision), else None (an empty history)."""
    if at is not None:
        return to_instant(at, what="at", error=InvalidChartError), True
    known: list[DateTime] = [e.at for e in timeline.events]
    known += [e.decided_at for e in _appeals(timeline) if e.decided_at is not None]
    return (max(known, key=exact) if known else None), False


def _range(
    timeline: Timeline,
    start: InstantLike | None,
    end: InstantLike | None,
    at: DateTime | None = None,
) -> tuple[DateTime, DateTime]:
    """The x range: as given, or the history's first and last instants (and ``at``) with a
    margin."""
    x0 = None if start is None else to_instant(start, what="start", error=InvalidChartError)
    x1 = None if end is None else to_instant(end, what="end", error=InvalidChartError)
    if x0 is None or x1 is None:
        instants: list[DateTime] = [e.at for e in timeline.events]
        if at is not None:
            instants.append(at)
        instants += [c.at for c in timeline.changes]
        instants += [e.decided_at for e in _appeals(timeline) if e.decided_at is not None]
        instants += [s.start for s in timeline.sanctions]
        instants += [s.end for s in timeline.sanctions if s.end is not None]
        if not instants:
            raise InvalidChartError(
                "the timeline has no events, so there is no range to draw; pass start= and end=."
            )
        first, last = min(instants), max(instants)
        margin = int(max((last - first).total_seconds() * 0.04, 86400.0))
        if x0 is None:
            x0 = first.subtract(seconds=margin)
            if x1 is not None and x0 >= x1:
                x0 = x1.subtract(seconds=margin)
        if x1 is None:
            x1 = max(last, x0).add(seconds=margin)
    if x0 >= x1:
        raise InvalidChartError(
            f"start {x0.isoformat()} is not before end {x1.isoformat()}; swap them or widen "
            "the range."
        )
    return x0, x1


# --------------------------------------------------------------------------- helpers


def _num(t: DateTime) -> float:
    """An instant as a matplotlib date number (days since matplotlib's epoch, UTC)."""
    from matplotlib import dates as mdates

    return float(mdates.date2num(t))  # type: ignore[no-untyped-call,unused-ignore]


def _appeals(timeline: Timeline) -> list[Appeal]:
    return [e for e in timeline.events if isinstance(e, Appeal)]


def _kinds(sanctions: list[Sanction]) -> list[SanctionKind]:
    present = {s.kind for s in sanctions}
    return [kind for kind in SanctionKind if kind in present]


def _kind_name(kind: SanctionKind) -> str:
    return kind.name.lower().replace("_", " ")


def _length(s: Sanction) -> str | None:
    """A sanction's length in words ("1 day", "7 days", "36 hours"); None when open-ended."""
    if s.end is None:
        return None
    seconds = (exact(s.end) - exact(s.start)) / 1_000_000
    days, rest = divmod(seconds, 86400)
    if not rest and days:
        return f"{int(days)} day" + ("" if days == 1 else "s")
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    hours = seconds / 3600
    if hours == int(hours):
        return f"{int(hours)} hour" + ("" if hours == 1 else "s")
    return f"{hours:.1f} hours"


def _ids(cause: tuple[str, ...]) -> str:
    """A dot's label: the violation ids of a booking, cut to a few with "+N" for the rest."""
    text = cause[0] if cause else ""
    shown = 1 if cause else 0
    for vid in cause[1:]:
        if len(text) + len(vid) + 2 > _ID_CHARS:
            break
        text += ", " + vid
        shown += 1
    return text + (f" +{len(cause) - shown}" if shown < len(cause) else "")


def _midnight(day: dt.date, tz: pendulum.Timezone) -> DateTime:
    return pendulum.datetime(day.year, day.month, day.day, tz=tz)


def _appeal_ledgers(timeline: Timeline) -> dict[str, str]:
    """The ledger each appealed violation booked to (from its changes, else the policy)."""
    out: dict[str, str] = {}
    appealed = {e.violation_id for e in _appeals(timeline)}
    for change in timeline.changes:
        for vid in change.cause:
            if vid in appealed and vid not in out:
                out[vid] = change.ledger
    for e in timeline.events:
        if isinstance(e, Violation) and e.id in appealed and e.id not in out:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PenaltiesWarning)
                out[e.id] = timeline.policy.resolve(e).ledger
    return out


_Spans = dict[int, list[tuple[DateTime, DateTime, str]]]


def _threshold_levels(
    ledger: Ledger, top: int, x0: DateTime, x1: DateTime, tz: pendulum.Timezone
) -> tuple[_Spans, tuple[int, str] | None]:
    """Per level: the spans (clipped to the range) and labels of the thresholds in force, for
    the levels up to ``top`` and the next one above it. That next level comes back apart, as
    (level, label), when drawing it would squash the balance (it lies above twice ``top``)."""
    levels: _Spans = {}
    for th in ledger.thresholds:
        since = x0 if th.effective_from is None else max(x0, _midnight(th.effective_from, tz))
        until = x1 if th.effective_until is None else min(x1, _midnight(th.effective_until, tz))
        if since >= until:
            continue
        if th.every:
            count = top // th.points + 1
            marks = [(k * th.points, f"{k * th.points} ({th.title})") for k in range(1, count + 1)]
        else:
            marks = [(th.points, th.title)]
        for level, label in marks:
            levels.setdefault(level, []).append((since, until, label))
    below = [lv for lv in sorted(levels) if lv <= top][-_MAX_LEVELS:]
    above = [lv for lv in sorted(levels) if lv > top][:1]
    drawn = {lv: levels[lv] for lv in below}
    if above and (top == 0 or above[0] <= 2 * top):
        drawn[above[0]] = levels[above[0]]
        return drawn, None
    if above:
        return drawn, (above[0], max(levels[above[0]], key=lambda span: span[1])[2])
    return drawn, None


# --------------------------------------------------------------------------- drawing


@dataclasses.dataclass
class _Chart:
    """One chart being drawn: the range, and what the legend must explain."""

    timeline: Timeline
    x0: DateTime
    x1: DateTime
    as_of: DateTime | None = None
    as_of_given: bool = False
    kinds: set[SanctionKind] = dataclasses.field(default_factory=set)
    outcomes: set[AppealOutcome] = dataclasses.field(default_factory=set)
    drew: set[str] = dataclasses.field(default_factory=set)

    def _in_range(self, s: Sanction) -> bool:
        return s.start < self.x1 and (s.end is None or s.end > self.x0)

    def _span(self, s: Sanction) -> tuple[float, float]:
        """A sanction's interval, clipped to the range and never too narrow to see."""
        lo, hi = _num(self.x0), _num(self.x1)
        a = max(_num(s.start), lo)
        b = hi if s.end is None else min(_num(s.end), hi)
        return a, max(b, a + (hi - lo) * _MIN_WIDTH)

    def draw(self, panels: list[Ledger], account: str | None) -> TimelineFigure:
        from matplotlib import dates as mdates
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from penalties._plot_figure import TimelineFigure

        policy, tz = self.timeline.policy, self.timeline.policy.tz
        sanctions = [s for s in self.timeline.sanctions if self._in_range(s)]
        direct = [s for s in sanctions if s.ledger is None]
        rows: list[tuple[Ledger | None, list[SanctionKind] | None]] = []
        for ledger in panels:
            rows.append((ledger, None))
            kinds = _kinds([s for s in sanctions if s.ledger == ledger.code])
            if kinds:
                rows.append((ledger, kinds))
        if direct:
            rows.append((None, _kinds(direct)))
        heights = [_PANEL if k is None else _LANE_PAD + _LANE * len(k) for _, k in rows]
        fig = TimelineFigure(
            figsize=(_WIDTH, _HEADER + sum(heights) + _FOOTER + _ROW_PAD * len(rows)),
            layout="constrained",
        )
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(len(rows), 1, height_ratios=heights)
        axes: list[Axes] = []
        for i, (row_ledger, row_kinds) in enumerate(rows):
            ax = fig.add_subplot(grid[i], sharex=axes[0] if axes else None)
            axes.append(ax)
            if row_kinds is None:
                assert row_ledger is not None
                mine = [s for s in sanctions if s.ledger == row_ledger.code]
                self._points(ax, row_ledger, mine + direct)
            elif row_ledger is None:
                self._lanes(ax, direct, row_kinds, "direct sanctions (no ledger)")
            else:
                mine = [s for s in sanctions if s.ledger == row_ledger.code]
                self._lanes(ax, mine, row_kinds, None)

        bottom = axes[-1]
        locator = mdates.AutoDateLocator(tz=tz, minticks=4, maxticks=10)  # type: ignore[no-untyped-call,unused-ignore]
        formatter = mdates.ConciseDateFormatter(locator, tz=tz)  # type: ignore[no-untyped-call,unused-ignore]
        bottom.xaxis.set_major_locator(locator)
        bottom.xaxis.set_major_formatter(formatter)
        bottom.set_xlim(_num(self.x0), _num(self.x1))
        bottom.set_xlabel(f"date ({policy.timezone})", fontsize=9)
        for ax in axes[:-1]:
            ax.tick_params(labelbottom=False)
        self._as_of_line(axes)

        market = f" {policy.market}" if policy.market and policy.market not in policy.name else ""
        title = f"{policy.name}{market} ({policy.code})"
        if account:
            title += f" — account {account}"
        first = self.x0.in_timezone(tz).format("YYYY-MM-DD")
        last = self.x1.in_timezone(tz).format("YYYY-MM-DD")
        fig.suptitle(f"{title}\n{first} to {last}, times in {policy.timezone}", fontsize=11)
        handles = self._legend()
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(len(handles), 10),
            frameon=False,
            fontsize=8,
        )
        return fig

    def _legend(self) -> list[Any]:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Any] = [Line2D([], [], color=BALANCE_COLOUR, lw=1.8, label="balance")]
        if "as_of" in self.drew:
            handles.append(Line2D([], [], color=AS_OF_COLOUR, ls="-.", lw=1.2, label="as of"))
        marker: dict[str, Any] = {"lw": 0, "ms": 6}
        if "booking" in self.drew:
            handles.append(
                Line2D([], [], color=BALANCE_COLOUR, marker="o", ms=4, lw=0, label="violation")
            )
        if "threshold" in self.drew:
            handles.append(
                Line2D([], [], color=THRESHOLD_COLOUR, ls="--", lw=1.4, label="threshold")
            )
        if "expiry" in self.drew:
            handles.append(
                Line2D(
                    [], [], color=EXPIRY_COLOUR, marker="v", label="points lapse / reset", **marker
                )
            )
        if "filed" in self.drew:
            pending = APPEAL_COLOURS[AppealOutcome.PENDING]
            handles.append(
                Line2D([], [], marker="D", mfc="white", mec=pending, label="appeal filed", **marker)
            )
        for outcome in AppealOutcome:
            if outcome in self.outcomes:
                colour = APPEAL_COLOURS[outcome]
                label = f"appeal {outcome.name.lower()}"
                handles.append(Line2D([], [], marker="D", color=colour, label=label, **marker))
        for kind in SanctionKind:
            if kind in self.kinds:
                handles.append(Patch(color=SANCTION_COLOURS[kind], label=_kind_name(kind)))
        return handles

    def _points(self, ax: Axes, ledger: Ledger, sanctions: list[Sanction]) -> None:
        """One ledger's balance, thresholds, shaded sanctions, expiries and appeals."""
        from matplotlib.ticker import MaxNLocator

        timeline, x0, x1 = self.timeline, self.x0, self.x1
        code = ledger.code
        lo, hi = exact(x0), exact(x1)
        changes = [c for c in timeline.changes if c.ledger == code and lo < exact(c.at) <= hi]
        opening = timeline.balance(code, x0)
        xs = [_num(x0), *(_num(c.at) for c in changes), _num(x1)]
        ys = [opening, *(c.balance for c in changes), changes[-1].balance if changes else opening]
        top = max(ys)

        for s in sanctions:
            a, b = self._span(s)
            ax.axvspan(a, b, color=SANCTION_COLOURS[s.kind], alpha=_SHADE_ALPHA, lw=0, zorder=0)
            self.kinds.add(s.kind)

        levels, off_scale = _threshold_levels(ledger, top, x0, x1, timeline.policy.tz)
        ymax = max(top, *levels, 1)
        ax.set_ylim(-0.06 * ymax, 1.18 * ymax)
        corner: dict[str, Any] = {
            "transform": ax.transAxes,
            "ha": "right",
            "va": "top",
            "fontsize": _SMALL,
        }
        if off_scale is not None:
            label = off_scale[1]
            ax.text(0.995, 0.985, f"next threshold {label} ↑", color=THRESHOLD_COLOUR, **corner)
            self.drew.add("threshold")
        elif not ledger.thresholds:
            ax.text(0.995, 0.985, "no thresholds on this ledger", color=EXPIRY_COLOUR, **corner)
        self._thresholds(ax, levels, ymax)

        ax.step(xs, ys, where="post", color=BALANCE_COLOUR, lw=1.8, zorder=3)
        ups = [c for c in changes if c.delta > 0]
        if ups:
            ax.plot(
                [_num(c.at) for c in ups],
                [c.balance for c in ups],
                "o",
                color=BALANCE_COLOUR,
                ms=4,
                zorder=5,
            )
            self.drew.add("booking")
            self._id_labels(ax, ups)
        decisions = {(e.violation_id, e.decided_at) for e in _appeals(timeline)}
        lapses = [
            c for c in changes if c.delta < 0 and not any((v, c.at) in decisions for v in c.cause)
        ]
        if lapses:
            ax.plot(
                [_num(c.at) for c in lapses],
                [c.balance for c in lapses],
                "v",
                color=EXPIRY_COLOUR,
                ms=7,
                mec="white",
                mew=0.6,
                zorder=5,
            )
            self.drew.add("expiry")
        self._appeal_markers(ax, code)

        ax.set_ylabel(ledger.unit.value, fontsize=9)
        ax.set_title(f"{code} — {ledger.title}", loc="left", fontsize=10)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_axisbelow(True)
        ax.grid(axis="y", color="#e5e5e5", lw=0.8, zorder=0)
        ax.grid(axis="x", color="#f0f0f0", lw=0.8, zorder=0)
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    def _thresholds(self, ax: Axes, levels: _Spans, ymax: int) -> None:
        """Dashed lines at each level, labelled at the right end; a label that would overlap
        the one below it goes to the left end instead."""
        last = {"left": -1.0, "right": -1.0}  # axes fraction of the last label on each side
        for level, spans in sorted(levels.items()):
            for since, until, _ in spans:
                ax.hlines(
                    level,
                    _num(since),
                    _num(until),
                    colors=THRESHOLD_COLOUR,
                    linestyles="--",
                    lw=1.4,
                    zorder=2,
                )
            self.drew.add("threshold")
            since, until, label = max(spans, key=lambda span: span[1])
            if len(label) > _MAX_LABEL:
                label = label[: _MAX_LABEL - 1].rstrip(" ,;:") + "…"
            frac = (level + 0.06 * ymax) / (1.24 * ymax)
            side = "right" if frac - last["right"] >= 0.1 or frac - last["left"] < 0.1 else "left"
            last[side] = frac
            ax.text(
                _num(until) if side == "right" else _num(since),
                level,
                f"{label} " if side == "right" else f" {label}",
                ha=side,
                va="bottom",
                fontsize=_SMALL,
                color=THRESHOLD_COLOUR,
                zorder=4,
                clip_on=True,
                bbox={"facecolor": "white", "alpha": 0.75, "lw": 0, "pad": 0.6},
            )

    def _appeal_markers(self, ax: Axes, code: str) -> None:
        """Filed (hollow) and decided (filled, by outcome) markers on the balance line."""
        timeline, x0, x1 = self.timeline, self.x0, self.x1
        ledgers = _appeal_ledgers(timeline)
        pending = APPEAL_COLOURS[AppealOutcome.PENDING]
        for e in _appeals(timeline):
            if ledgers.get(e.violation_id) != code:
                continue
            filed = (_num(e.filed_at), timeline.balance(code, e.filed_at))
            if exact(x0) <= exact(e.filed_at) <= exact(x1):
                ax.plot(*filed, "D", ms=6, mfc="white", mec=pending, mew=1.3, zorder=6)
                self.drew.add("filed")
            if e.decided_at is not None and exact(x0) <= exact(e.decided_at) <= exact(x1):
                colour = APPEAL_COLOURS[e.outcome]
                decided = (_num(e.decided_at), timeline.balance(code, e.decided_at))
                ax.plot(*decided, "D", ms=6, color=colour, mec="white", mew=0.6, zorder=6)
                ax.plot(*zip(filed, decided, strict=True), ":", color=colour, lw=1, zorder=4)
                self.outcomes.add(e.outcome)
            elif (e.decided_at is None or e.decided_at > x1) and x0 <= e.filed_at <= x1:
                ax.annotate(
                    "pending",
                    filed,
                    xytext=(6, 4),
                    textcoords="offset points",
                    fontsize=_SMALL,
                    style="italic",
                    color=pending,
                    zorder=6,
                )

    def _lanes(
        self, ax: Axes, sanctions: list[Sanction], kinds: list[SanctionKind], title: str | None
    ) -> None:
        """One bar per sanction, one lane per kind; open-ended ones end in an arrow."""
        row = {kind: i for i, kind in enumerate(reversed(kinds))}
        for s in sanctions:
            a, b = self._span(s)
            y = row[s.kind]
            colour = SANCTION_COLOURS[s.kind]
            ax.broken_barh(
                [(a, b - a)], (y - 0.35, 0.7), facecolors=colour, edgecolor="white", lw=0.5
            )
            if s.end is None:
                ax.plot([b], [y], ">", color=colour, ms=6, clip_on=False)
            else:
                self._length_label(ax, s, a, b, y)
            self.kinds.add(s.kind)
        ax.set_ylim(-0.6, len(kinds) - 0.4)
        ax.set_yticks(range(len(kinds)), [_kind_name(k) for k in reversed(kinds)], fontsize=8)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(labelsize=8)
        ax.set_axisbelow(True)  # grid lines behind the bars
        ax.grid(axis="x", color="#f0f0f0", lw=0.8, zorder=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title, loc="left", fontsize=10)

    def _id_labels(self, ax: Axes, ups: list[Any]) -> None:
        """Each violation dot labelled with its ids, above it; labels closer than
        :data:`_ID_GAP` stack one level higher. Past :data:`_MAX_IDS` dots, a note instead."""
        if len(ups) > _MAX_IDS:
            ax.text(
                0.005,
                0.985,
                f"{len(ups)} violations: too many to label with their ids",
                transform=ax.transAxes,
                ha="left",
                va="top",
                fontsize=_SMALL,
                color=EXPIRY_COLOUR,
            )
            return
        lo, hi = _num(self.x0), _num(self.x1)
        last = [-1.0] * _ID_LEVELS  # axes fraction where each level's last label started
        for change in ups:
            x = _num(change.at)
            frac = (x - lo) / (hi - lo)
            level = next(
                (i for i in range(_ID_LEVELS) if frac - last[i] >= _ID_GAP), _ID_LEVELS - 1
            )
            last[level] = frac
            ax.annotate(
                _ids(change.cause),
                (x, change.balance),
                xytext=(2, 4 + 8 * level),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=_TINY,
                color=BALANCE_COLOUR,
                zorder=6,
                annotation_clip=True,
            )
        self.drew.add("ids")

    def _length_label(self, ax: Axes, s: Sanction, a: float, b: float, y: float) -> None:
        """A sanction bar's length in words, right of the bar (left of it near the right
        edge), so that a one-day freeze reads as one day even where its bar is widened."""
        text = _length(s)
        if text is None:
            return
        lo, hi = _num(self.x0), _num(self.x1)
        right = (b - lo) / (hi - lo) < 0.9
        ax.annotate(
            text,
            (b if right else a, y),
            xytext=(3 if right else -3, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize=_TINY,
            color=SANCTION_COLOURS[s.kind],
            annotation_clip=True,
        )

    def _as_of_line(self, axes: list[Axes]) -> None:
        """A vertical line at the "as of" instant across every panel, labelled on the top one:
        what the chart shows after it happens only if nothing new does."""
        t = self.as_of
        if t is None or not exact(self.x0) <= exact(t) <= exact(self.x1):
            return
        x = _num(t)
        for ax in axes:
            ax.axvline(x, color=AS_OF_COLOUR, ls="-.", lw=1.2, zorder=4)
        local = t.in_timezone(self.timeline.policy.tz).format("YYYY-MM-DD HH:mm")
        label = f"as of {local}" + ("" if self.as_of_given else " (last event)")
        lo, hi = _num(self.x0), _num(self.x1)
        right = (x - lo) / (hi - lo) < 0.7
        axes[0].annotate(
            label,
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3 if right else -3, 2),
            textcoords="offset points",
            ha="left" if right else "right",
            va="bottom",
            fontsize=_SMALL,
            color=AS_OF_COLOUR,
        )
        self.drew.add("as_of")
