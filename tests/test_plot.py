"""penalties.plot: the timeline chart, its PNG, and clear errors for bad arguments."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.image as mpimg
import numpy as np
import pendulum
import pytest
from matplotlib.colors import to_rgb

import penalties
from penalties import (
    Appeal,
    AppealOutcome,
    Ledger,
    Policy,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Violation,
    ViolationKind,
    get_policy,
)
from penalties._plot_figure import TimelineFigure
from penalties.demo import demo_history
from penalties.errors import InvalidChartError, UnknownViolationKindError
from penalties.plot import (
    APPEAL_COLOURS,
    AS_OF_COLOUR,
    BALANCE_COLOUR,
    SANCTION_COLOURS,
    THRESHOLD_COLOUR,
    plot_timeline,
    save_timeline,
    timeline_png,
)
from penalties.results import MissingExtraError

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo() -> penalties.Timeline:
    return penalties.get_policy("aliexpress").evaluate(demo_history())


def _pixels(path: Path) -> Any:
    image = mpimg.imread(str(path))
    assert image.dtype == np.float32
    return image[..., :3]


def _count(rgb: Any, colour: str, tol: float = 0.02) -> int:
    """Pixels within ``tol`` (per channel, 0..1) of ``colour``."""
    target = np.array(to_rgb(colour), dtype=np.float32)
    return int(np.all(np.abs(rgb - target) <= tol, axis=-1).sum())


def _texts(fig: Any) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _legend_labels(fig: Any) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


# --------------------------------------------------------------------------- the PNG


def test_save_writes_png_of_expected_size(demo: penalties.Timeline, tmp_path: Path) -> None:
    path = tmp_path / "demo.png"
    written = save_timeline(demo, path, dpi=80, account="demo-store")
    assert written == str(path)
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = plot_timeline(demo).get_size_inches() * 80
    rgb = _pixels(path)
    assert rgb.shape[:2] == (round(height), round(width))
    # The IHDR chunk states the same size.
    assert int.from_bytes(data[16:20], "big") == round(width)
    assert int.from_bytes(data[20:24], "big") == round(height)


def test_png_is_not_blank_and_uses_the_chart_colours(
    demo: penalties.Timeline, tmp_path: Path
) -> None:
    path = Path(save_timeline(demo, tmp_path / "demo.png"))
    rgb = _pixels(path)
    white = _count(rgb, "#ffffff", tol=0.01)
    assert white < 0.97 * rgb.shape[0] * rgb.shape[1]
    assert len(np.unique((rgb * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 50
    # The demo freezes the account twice (trade at 12 points, strike 1): freeze bars.
    assert _count(rgb, SANCTION_COLOURS[SanctionKind.FREEZE]) > 200
    assert _count(rgb, THRESHOLD_COLOUR, tol=0.04) > 100
    assert _count(rgb, BALANCE_COLOUR, tol=0.04) > 500
    assert _count(rgb, APPEAL_COLOURS[AppealOutcome.GRANTED], tol=0.04) > 10
    # No closure or suspension happened: their colours are absent.
    assert _count(rgb, SANCTION_COLOURS[SanctionKind.CLOSURE]) == 0
    assert _count(rgb, SANCTION_COLOURS[SanctionKind.SUSPENSION]) == 0


def test_closure_is_drawn_open_ended(tmp_path: Path) -> None:
    policy = penalties.get_policy("aliexpress")
    events = [
        Violation(
            f"v{i}", "unfair_competition", f"2024-0{i + 1}-01T10:00:00+08:00", severity="serious"
        )
        for i in range(4)
    ]
    timeline = policy.evaluate(events)
    assert any(s.kind is SanctionKind.CLOSURE and s.end is None for s in timeline.sanctions)
    path = Path(save_timeline(timeline, tmp_path / "closed.png", end="2024-12-31T00:00:00+08:00"))
    rgb = _pixels(path)
    assert _count(rgb, SANCTION_COLOURS[SanctionKind.CLOSURE]) > 200
    fig = plot_timeline(timeline, end="2024-12-31T00:00:00+08:00")
    assert "closure" in _legend_labels(fig)


def test_timeline_png_bytes_match_saved_file(demo: penalties.Timeline, tmp_path: Path) -> None:
    data = timeline_png(demo, dpi=50)
    assert data[:8] == PNG_SIGNATURE
    path = Path(save_timeline(demo, tmp_path / "same.png", dpi=50))
    from_bytes = mpimg.imread(io.BytesIO(data), format="png")
    assert np.array_equal(from_bytes, mpimg.imread(str(path)))


# --------------------------------------------------------------------------- the figure


def test_demo_figure_content(demo: penalties.Timeline) -> None:
    fig = plot_timeline(demo, account="demo-store")
    title = fig.get_suptitle()
    assert "AliExpress" in title
    assert "aliexpress" in title
    assert "demo-store" in title
    assert "Asia/Shanghai" in title
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    # Only the ledgers that moved, in policy order; product_info saw nothing.
    assert [t.split(" — ")[0] for t in titles if " — " in t] == ["trade", "ip", "ip_serious"]
    labels = _legend_labels(fig)
    for expected in (
        "balance",
        "threshold",
        "points lapse / reset",
        "appeal filed",
        "appeal granted",
        "freeze",
        "as of",
    ):
        assert expected in labels
    assert "closure" not in labels
    texts = _texts(fig)
    assert any("12 points: 7-day freeze" in t for t in texts)
    assert any("48 points: account closed" in t for t in texts)  # off-scale note
    assert "no thresholds on this ledger" in texts  # ip
    assert fig.axes[-1].get_xlabel() == "date (Asia/Shanghai)"


def test_ledgers_pick_and_order_panels(demo: penalties.Timeline) -> None:
    fig = plot_timeline(demo, ledgers=["ip_serious", "product_info"])
    titles = [ax.get_title(loc="left").split(" — ")[0] for ax in fig.axes]
    assert titles == ["ip_serious", "", "product_info"]  # the freeze lane has no title
    # product_info counts 'every 12 points': its first level is drawn on an empty ledger.
    assert any(t.startswith("12 (every 12 points") for t in _texts(fig))


def test_dates_are_in_the_policy_zone() -> None:
    policy = penalties.get_policy("aliexpress")
    timeline = policy.evaluate(
        [Violation("v", "false_shipment", "2024-01-03T09:00:00+08:00", severity="general")]
    )
    fig = plot_timeline(
        timeline, start="2024-01-01T00:00:00+08:00", end="2024-01-06T00:00:00+08:00"
    )
    ticks = list(fig.axes[-1].get_xticks())
    # Daily ticks at Shanghai midnight (16:00 UTC the day before), not at UTC midnight.
    local_midnight = mdates.date2num(pendulum.datetime(2024, 1, 2, tz="Asia/Shanghai"))
    utc_midnight = mdates.date2num(pendulum.datetime(2024, 1, 2, tz="UTC"))
    assert any(abs(t - local_midnight) < 1e-6 for t in ticks)
    assert all(abs(t - utc_midnight) > 1e-6 for t in ticks)
    assert "2024-01-01 to 2024-01-06" in fig.get_suptitle()


def test_direct_sanctions_get_their_own_lane() -> None:
    shopee = penalties.get_policy("shopee", market="MY")
    events = [
        Violation("p", "points", "2024-05-01T10:00:00+08:00", points=4),
        Violation("b", "account_ban", "2024-05-10T10:00:00+08:00"),
    ]
    fig = plot_timeline(shopee.evaluate(events), end="2024-06-30T00:00:00+08:00")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert "direct sanctions (no ledger)" in titles
    assert "suspension" in _legend_labels(fig)


def test_pending_and_reduced_appeals() -> None:
    shopee = penalties.get_policy("shopee", market="MY")
    events = [
        Violation("a", "points", "2024-05-01T10:00:00+08:00", points=4),
        Appeal(
            "a",
            "2024-05-02T10:00:00+08:00",
            "2024-05-09T10:00:00+08:00",
            AppealOutcome.REDUCED,
            points_after=1,
        ),
        Violation("b", "points", "2024-05-20T10:00:00+08:00", points=2),
        Appeal("b", "2024-05-21T10:00:00+08:00"),
    ]
    fig = plot_timeline(shopee.evaluate(events))
    assert "pending" in _texts(fig)
    labels = _legend_labels(fig)
    assert "appeal reduced" in labels
    assert "appeal pending" not in labels


def test_no_pyplot_state() -> None:
    """Drawing never imports pyplot (so no global figure manager or backend switch)."""
    code = (
        "import sys, penalties\n"
        "from penalties.demo import demo_history\n"
        "from penalties.plot import timeline_png\n"
        "timeline_png(penalties.get_policy('aliexpress').evaluate(demo_history()))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )
    assert result.returncode == 0, result.stderr


def test_empty_history_with_a_range() -> None:
    timeline = penalties.get_policy("taobao").evaluate([])
    fig = plot_timeline(
        timeline, start="2024-01-01T00:00:00+08:00", end="2024-12-31T00:00:00+08:00"
    )
    titles = [ax.get_title(loc="left").split(" — ")[0] for ax in fig.axes]
    assert titles == ["general", "serious", "counterfeit"]


# --------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ledgers": "trade"}, r"write ledgers=\['trade'\]"),
        ({"ledgers": []}, "ledgers is empty"),
        ({"ledgers": ["trade", "trade"]}, "named twice"),
        ({"ledgers": [1]}, "ledger codes are strings"),
        ({"ledgers": 5}, "list of ledger codes"),
        ({"start": "2024-01-01T00:00:00"}, "start"),
        ({"end": "yesterday"}, "not an ISO-8601"),
        (
            {"start": "2024-06-01T00:00:00+08:00", "end": "2024-01-01T00:00:00+08:00"},
            "is not before end",
        ),
        ({"account": 42}, "account must be a string"),
    ],
)
def test_bad_arguments(demo: penalties.Timeline, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidChartError, match=message):
        plot_timeline(demo, **kwargs)


def test_unknown_ledger_names_close_matches(demo: penalties.Timeline) -> None:
    with pytest.raises(UnknownViolationKindError, match="Did you mean 'trade'"):
        plot_timeline(demo, ledgers=["trad"])


def test_not_a_timeline() -> None:
    policy = penalties.get_policy("aliexpress")
    with pytest.raises(InvalidChartError, match=r"policy\.evaluate\(events\)"):
        plot_timeline(policy.standing(demo_history(), "2024-06-01T00:00:00+08:00"))  # type: ignore[arg-type]


def test_empty_history_needs_a_range() -> None:
    timeline = penalties.get_policy("aliexpress").evaluate([])
    with pytest.raises(InvalidChartError, match="pass start= and end="):
        plot_timeline(timeline)
    with pytest.raises(InvalidChartError, match="pass start= and end="):
        plot_timeline(timeline, start="2024-01-01T00:00:00+08:00")


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("chart.jpg", {}, "ending in '.png'"),
        ("missing/chart.png", {}, "does not exist"),
        ("chart.png", {"dpi": 0}, "dpi must be"),
        ("chart.png", {"dpi": 72.5}, "dpi must be"),
        ("chart.png", {"dpi": True}, "dpi must be"),
    ],
)
def test_bad_save_arguments(
    demo: penalties.Timeline, tmp_path: Path, name: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidChartError, match=message):
        save_timeline(demo, tmp_path / name, **kwargs)
    assert not (tmp_path / name).exists()


def test_bad_path_type(demo: penalties.Timeline) -> None:
    with pytest.raises(InvalidChartError, match="path-like"):
        save_timeline(demo, 123)  # type: ignore[arg-type]


def test_missing_matplotlib_names_the_extra(
    demo: penalties.Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"penalties\[plot\]"):
        plot_timeline(demo)
    with pytest.raises(ImportError):  # MissingExtraError is an ImportError too
        timeline_png(demo)


# --------------------------------------------------------------------------- docs images


def _charts_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("doc_charts", ROOT / "docs" / "img" / "charts.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_images_exist_with_their_charts_size() -> None:
    charts = _charts_module()
    assert charts.CHARTS
    for name, (timeline, account) in charts.CHARTS.items():
        path = ROOT / "docs" / "img" / name
        assert path.exists(), f"{name} is missing: run python docs/img/charts.py"
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        width, height = plot_timeline(timeline(), account=account).get_size_inches() * charts.DPI
        assert _pixels(path).shape[:2] == (round(height), round(width)), (
            f"{name} is out of date: run python docs/img/charts.py"
        )


# ---------------------------------------------------------------------------
# penalties.plot, edge ranges: ranges that end before the history, appeals on violations that booked
# nothing or lie outside the range, and thresholds not in force in the range.


SHANGHAI = "Asia/Shanghai"


def _xlim(fig: Any) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    lo, hi = fig.axes[0].get_xlim()
    a, b = mdates.num2date(lo), mdates.num2date(hi)
    return pendulum.instance(a), pendulum.instance(b)


def test_an_end_before_the_history_moves_the_start_back() -> None:
    ali = get_policy("aliexpress")
    timeline = ali.evaluate(
        [Violation("v1", "unfair_competition", "2024-06-01T10:00:00+08:00", severity="serious")]
    )
    end = pendulum.datetime(2024, 1, 1, tz=SHANGHAI)
    x0, x1 = _xlim(plot_timeline(timeline, end=end))
    assert abs((x1 - end).total_seconds()) < 1
    assert x0 < x1
    # The margin is 4 % of the history, which runs to the points' expiry 365 days later.
    assert (x1 - x0).total_seconds() == pytest.approx(0.04 * 365 * 86400, abs=1)


def test_an_appeal_on_a_violation_that_booked_nothing_is_still_marked() -> None:
    shopee = get_policy("shopee", market="MY")
    events = [
        Violation("a", "points", "2024-05-01T10:00:00+08:00", points=0),
        Appeal("a", "2024-05-02T10:00:00+08:00", "2024-05-09T10:00:00+08:00", AppealOutcome.DENIED),
    ]
    timeline = shopee.evaluate(events)
    assert not any("a" in c.cause for c in timeline.changes)
    fig = plot_timeline(timeline, ledgers=["points"])
    assert "appeal denied" in _legend_labels(fig)


def test_appeals_filed_before_the_range_show_only_their_decision() -> None:
    shopee = get_policy("shopee", market="MY")
    events = [
        Violation("a", "points", "2024-05-01T10:00:00+08:00", points=4),
        Appeal(
            "a", "2024-05-02T10:00:00+08:00", "2024-06-09T10:00:00+08:00", AppealOutcome.GRANTED
        ),
        Violation("b", "points", "2024-05-03T10:00:00+08:00", points=2),
        Appeal("b", "2024-05-04T10:00:00+08:00", "2024-05-10T10:00:00+08:00", AppealOutcome.DENIED),
    ]
    start = pendulum.datetime(2024, 6, 1, tz=SHANGHAI)
    end = pendulum.datetime(2024, 7, 1, tz=SHANGHAI)
    fig = plot_timeline(shopee.evaluate(events), start=start, end=end)
    labels = _legend_labels(fig)
    assert "appeal granted" in labels  # decided inside the range
    assert "appeal denied" not in labels  # filed and decided before it
    assert "appeal filed" not in labels


def test_a_threshold_not_in_force_in_the_range_is_not_drawn() -> None:
    old = Threshold(2, (SanctionSpec(SanctionKind.FREEZE, 7),), effective_until=dt.date(2020, 1, 1))
    policy = Policy(
        "old",
        "Old rules",
        "UTC",
        (Ledger("main", "Main", thresholds=(old,)),),
        (ViolationKind("late", "Late", "main", points=1),),
        ("https://example.com/old",),
    )
    timeline = policy.evaluate([Violation("v1", "late", "2024-03-01T10:00:00Z")])
    labels = _legend_labels(plot_timeline(timeline))
    assert "balance" in labels
    assert "threshold" not in labels


# --------------------------------------------------------------------------- notebooks, ids, as of


def test_the_figure_displays_itself_without_pyplot() -> None:
    """As a notebook cell's last line, the chart shows as a PNG even when pyplot was never
    imported (IPython asks the object for _repr_png_)."""
    code = (
        "import sys, base64, penalties\n"
        "from IPython.core.formatters import DisplayFormatter\n"
        "from matplotlib.figure import Figure\n"
        "from penalties.demo import demo_history\n"
        "from penalties.plot import plot_timeline\n"
        "fig = plot_timeline(penalties.get_policy('aliexpress').evaluate(demo_history()))\n"
        "assert isinstance(fig, Figure)\n"
        "data, _ = DisplayFormatter().format(fig)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "png = data['image/png']\n"
        "png = base64.b64decode(png) if isinstance(png, str) else png\n"
        "print(png[:8] == b'\\x89PNG\\r\\n\\x1a\\n', len(png) > 20000)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_repr_png_is_the_figure_at_its_dpi(demo: penalties.Timeline) -> None:
    fig = plot_timeline(demo)
    assert isinstance(fig, TimelineFigure)
    data = fig._repr_png_()
    assert data[:8] == PNG_SIGNATURE
    width, height = fig.get_size_inches() * fig.repr_dpi
    assert int.from_bytes(data[16:20], "big") == round(width)
    assert int.from_bytes(data[20:24], "big") == round(height)


def test_violation_dots_are_labelled_with_their_ids(demo: penalties.Timeline) -> None:
    texts = _texts(plot_timeline(demo))
    booked = {vid for c in demo.changes if c.delta > 0 for vid in c.cause}
    assert booked  # the demo books violations on three ledgers
    for vid in booked:
        assert any(vid in t for t in texts), vid


def test_many_violations_get_a_note_instead_of_ids() -> None:
    policy = penalties.get_policy("shopee", market="MY")
    events = [
        Violation(
            f"v{i:03d}",
            "points",
            pendulum.datetime(2024, 1, 1, tz="Asia/Kuala_Lumpur").add(days=i),
            points=0 if i % 2 else 1,
        )
        for i in range(90)
    ]
    fig = plot_timeline(policy.evaluate(events), ledgers=["points"])
    texts = _texts(fig)
    assert any("too many to label with their ids" in t for t in texts)
    assert not any(t.startswith("v0") for t in texts)


def _as_of_lines(fig: Any) -> list[float]:
    return [
        line.get_xdata()[0]
        for ax in fig.axes
        for line in ax.get_lines()
        if line.get_color() == AS_OF_COLOUR
    ]


def test_as_of_line_defaults_to_the_last_event(demo: penalties.Timeline) -> None:
    fig = plot_timeline(demo)
    last = max((e.at for e in demo.events), key=lambda t: t.timestamp())
    xs = _as_of_lines(fig)
    assert len(xs) == len(fig.axes)  # across every panel and lane
    assert all(abs(x - mdates.date2num(last)) < 1e-9 for x in xs)
    assert "as of 2024-08-19 10:00 (last event)" in _texts(fig)


def test_as_of_line_at_a_given_instant_widens_the_range() -> None:
    policy = penalties.get_policy("aliexpress")
    timeline = policy.evaluate(
        [Violation("v", "false_shipment", "2024-01-03T09:00:00+08:00", severity="general")]
    )
    at = "2026-06-01T12:00:00+02:00"  # after the history and its expiry: the range grows
    fig = plot_timeline(timeline, at=at)
    assert "as of 2026-06-01 18:00" in _texts(fig)  # shown in the policy's zone
    _, x1 = _xlim(fig)
    assert x1.timestamp() > pendulum.parse(at).timestamp()
    # Outside an explicit range the line is not drawn.
    fig = plot_timeline(timeline, at=at, end="2025-06-01T00:00:00+08:00")
    assert _as_of_lines(fig) == []
    assert "as of" not in _legend_labels(fig)


def test_as_of_must_be_an_aware_instant(demo: penalties.Timeline) -> None:
    with pytest.raises(InvalidChartError, match="at"):
        plot_timeline(demo, at="2024-06-01T00:00:00")


def test_an_empty_history_has_no_as_of_line() -> None:
    timeline = penalties.get_policy("taobao").evaluate([])
    fig = plot_timeline(
        timeline, start="2024-01-01T00:00:00+08:00", end="2024-12-31T00:00:00+08:00"
    )
    assert _as_of_lines(fig) == []


def test_a_one_day_freeze_is_visible_and_says_so(demo: penalties.Timeline, tmp_path: Path) -> None:
    (one_day,) = [s for s in demo.sanctions if s.ledger == "ip_serious"]
    assert (one_day.end - one_day.start).in_hours() == 24
    fig = plot_timeline(demo)
    texts = _texts(fig)
    assert "1 day" in texts
    assert "7 days" in texts  # the trade freeze
    # Its bar is at least 0.6 % of the chart's range wide (about 4 days on this 20-month chart).
    lane = fig.axes[-1]  # ip_serious's freeze lane, the last row
    assert [t.get_text() for t in lane.get_yticklabels()] == ["freeze"]
    (bars,) = lane.collections
    xs = bars.get_paths()[0].vertices[:, 0]
    lo, hi = lane.get_xlim()
    assert min(xs) == pytest.approx(mdates.date2num(one_day.start))
    assert max(xs) - min(xs) >= 0.006 * (hi - lo) - 1e-9
    # And it shows in the image: a column of freeze-coloured pixels at least 3 pixels wide.
    path = Path(save_timeline(demo, tmp_path / "demo.png"))
    rgb = _pixels(path)
    mask = np.all(
        np.abs(rgb - np.array(to_rgb(SANCTION_COLOURS[SanctionKind.FREEZE]))) <= 0.02, axis=-1
    )
    columns = np.flatnonzero(mask.sum(axis=0) > 10)
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    assert len(runs) >= 2  # the two freezes
    assert min(len(r) for r in runs) >= 3


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (24, "1 day"),
        (168, "7 days"),
        (36, "1.5 days"),
        (1, "1 hour"),
        (5, "5 hours"),
        (0.5, "0.5 hours"),
    ],
)
def test_sanction_lengths_in_words(hours: float, text: str) -> None:
    from penalties.plot import _length
    from penalties.results import Sanction

    start = pendulum.datetime(2024, 3, 1, tz="UTC")
    s = Sanction(
        SanctionKind.FREEZE, start, start.add(seconds=int(hours * 3600)), "trade", ("v",), "r"
    )
    assert _length(s) == text


def test_the_figure_pickles(demo: penalties.Timeline) -> None:
    import pickle

    fig = pickle.loads(pickle.dumps(plot_timeline(demo)))
    assert isinstance(fig, TimelineFigure)
    assert fig._repr_png_()[:8] == PNG_SIGNATURE


def test_timeline_figure_is_importable_from_plot() -> None:
    import penalties.plot

    assert penalties.plot.TimelineFigure is TimelineFigure
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        penalties.plot.Nope  # noqa: B018
