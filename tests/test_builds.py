"""The two builds: ``penalties.COMPILED`` says which runs, ``PENALTIES_PURE_PYTHON=1`` selects the
pure one, and both give identical results (a differential test over every policy and market).

The differential test needs a compiled build (a wheel's extension modules, or the ones .ci/run
puts beside the source); in a source checkout without them it is skipped and says so.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import importlib.machinery
import inspect
import os
import pickle
import struct
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import penalties
import penalties._time
import penalties.engine
from penalties import _build
from penalties._time import exact
from penalties.strategies import histories
from tests.helpers import examples, probe_instants

# The directory holding the penalties package that this process imports (the source tree, or
# site-packages): a subprocess must import the same one.
HOME = str(Path(penalties.__file__).resolve().parent.parent)
# Every module a wheel build compiles (pyproject.toml lists them, hatch_build.py reads the list).
_COMPILED_PATHS = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
)["tool"]["penalties"]["compiled"]["modules"]
CORE = tuple(
    importlib.import_module(path.removesuffix(".py").replace("/", ".")) for path in _COMPILED_PATHS
)


def _extensions_installed() -> bool:
    """Whether compiled twins of the core modules sit beside their source."""
    folder = Path(penalties.__file__).parent
    return all(
        any(
            (folder / (name + suffix)).is_file()
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
        )
        for name in (m.__name__.rpartition(".")[2] for m in CORE)
    )


def _is_extension(module: Any) -> bool:
    return isinstance(module.__spec__.loader, importlib.machinery.ExtensionFileLoader)


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([HOME, *filter(None, [env.get("PYTHONPATH")])])
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _python(code: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=_env(**env),
        cwd=HOME,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_REPORT = (
    "import penalties, penalties.engine as e, penalties._time as t\n"
    "print(penalties.COMPILED, type(e.__spec__.loader).__name__, "
    "type(t.__spec__.loader).__name__)"
)


def test_compiled_says_whether_the_core_runs_as_extension_modules() -> None:
    assert isinstance(penalties.COMPILED, bool)
    assert "COMPILED" in penalties.__all__
    assert penalties.COMPILED is all(_is_extension(m) for m in CORE)
    assert penalties.COMPILED is any(_is_extension(m) for m in CORE)
    assert penalties.COMPILED is (_extensions_installed() and not _build.pure_requested())


def test_pure_python_1_runs_the_source_even_beside_extensions() -> None:
    done = _python(_REPORT, PENALTIES_PURE_PYTHON="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "SourceFileLoader", "SourceFileLoader"]


@pytest.mark.parametrize("value", [None, "", "0"])
def test_without_the_switch_the_installed_build_runs(value: str | None) -> None:
    done = _python(_REPORT, PENALTIES_PURE_PYTHON=value)
    assert done.returncode == 0, done.stderr
    compiled = _extensions_installed()
    loader = "ExtensionFileLoader" if compiled else "SourceFileLoader"
    assert done.stdout.split() == [str(compiled), loader, loader]


def test_an_unknown_switch_value_fails_the_import_and_says_what_to_set() -> None:
    done = _python("import penalties", PENALTIES_PURE_PYTHON="yes")
    assert done.returncode != 0
    assert "PenaltiesError: PENALTIES_PURE_PYTHON='yes' is not understood" in done.stderr
    assert "set it to 1" in done.stderr


def test_the_pure_finder_loads_source_only_where_an_extension_sits_beside_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "core.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    (tmp_path / "plain.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    (tmp_path / ("core" + importlib.machinery.EXTENSION_SUFFIXES[0])).write_bytes(b"")
    finder = _build._PureFinder()
    spec = finder.find_spec("penalties.core", [str(tmp_path)])
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert spec.origin == str(tmp_path / "core.py")
    # No extension beside it, another package, or a top-level name: the usual finders decide.
    assert finder.find_spec("penalties.plain", [str(tmp_path)]) is None
    assert finder.find_spec("other.core", [str(tmp_path)]) is None
    assert finder.find_spec("penalties", None) is None


def test_a_run_that_must_be_compiled_is() -> None:
    """.ci/run sets PENALTIES_EXPECT_COMPILED=1 for the compiled run of the whole suite."""
    if os.environ.get("PENALTIES_EXPECT_COMPILED") != "1":
        pytest.skip("PENALTIES_EXPECT_COMPILED is not 1: this run may be either build")
    assert penalties.COMPILED, f"the pure build runs: {penalties.engine.__file__}"


# ---- the differential test: the compiled build here, the pure one in a worker process ---------


# Instants travel as their fields (a pendulum DateTime pickles without its ``fold``, which moves
# an instant in a fold or a gap), and results come back in a canonical form that compares
# instants exactly (``==`` on datetimes in one zone ignores ``fold``; see penalties._time.exact).
def instant_fields(t: Any) -> tuple[Any, ...]:
    """An instant as the fields that rebuild it exactly, ``fold`` included."""
    return (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, t.tzinfo, t.fold)


def instant(fields: tuple[Any, ...]) -> Any:
    """The instant of :func:`instant_fields`."""
    *wall, tzinfo, fold = fields
    return pendulum.DateTime(*wall, tzinfo=tzinfo, fold=fold)


def canonical(value: Any) -> Any:
    """``value`` as nested tuples: instants exactly, attrs classes by what their ``==`` compares."""
    if type(value).__name__ == "Policy":  # the same registered policy on both sides
        return ("Policy", value.code, str(value.tz))
    if isinstance(value, dt.datetime):
        return ("instant", exact(value), value.utcoffset(), str(value.tzinfo))
    if attrs.has(type(value)):
        fields = [f for f in attrs.fields(type(value)) if f.eq]
        return (type(value).__qualname__, *(canonical(getattr(value, f.name)) for f in fields))
    if isinstance(value, enum.Enum):
        return (type(value).__qualname__, value.value)
    if isinstance(value, list | tuple):
        return tuple(canonical(item) for item in value)
    if hasattr(value, "items"):
        return tuple(sorted((canonical(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, frozenset | set):
        return tuple(sorted(canonical(item) for item in value))
    return value


def evaluate(package: Any, code: str, market: str | None, events: Any, probes: Any) -> Any:
    """The changes and the standings at ``probes`` (or the error), canonical."""
    try:
        timeline = package.get_policy(code, market=market).evaluate(events)
        standings = [timeline.at(instant(fields)) for fields in probes]
        return canonical(("ok", timeline.changes, standings))
    except Exception as error:
        return ("error", type(error).__qualname__, str(error))


# The worker runs these same functions (their source), in the pure build.
_WORKER = "\n".join(
    [
        "from __future__ import annotations",
        "import datetime as dt, enum, pickle, struct, sys",
        "from typing import Any",
        "import attrs, pendulum",
        "import penalties, penalties.engine",
        "from penalties._time import exact",
        *(inspect.getsource(f) for f in (instant_fields, instant, canonical, evaluate)),
        """
def send(value):
    data = pickle.dumps(value)
    sys.stdout.buffer.write(struct.pack("<Q", len(data)) + data)
    sys.stdout.buffer.flush()

send((penalties.COMPILED, type(penalties.engine.__spec__.loader).__name__))
while True:
    head = sys.stdin.buffer.read(8)
    if not head:
        break
    request = pickle.loads(sys.stdin.buffer.read(struct.unpack("<Q", head)[0]))
    send(evaluate(penalties, *request))
""",
    ]
)


class _Worker:
    """A pure-build process that evaluates the histories it is sent."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            env=_env(PENALTIES_PURE_PYTHON="1"),
            cwd=HOME,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.hello = self._receive()

    def _receive(self) -> Any:
        out: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        head = out.read(8)
        if len(head) < 8:
            raise RuntimeError(f"the pure worker stopped (exit status {self.process.wait()})")
        return pickle.loads(out.read(struct.unpack("<Q", head)[0]))

    def ask(self, request: tuple[Any, ...]) -> Any:
        data = pickle.dumps(request)
        stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        stdin.write(struct.pack("<Q", len(data)) + data)
        stdin.flush()
        return self._receive()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        # Closed here, not by the GC: an unclosed pipe's ResourceWarning would surface later,
        # inside another test (a CLI test counts the lines on stderr).
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def pure() -> Iterator[_Worker]:
    worker = _Worker()
    try:
        yield worker
    finally:
        worker.close()


def _markets() -> list[tuple[str, str | None]]:
    return [
        (code, market)
        for code in penalties.list_policies()
        for market in (penalties.list_markets(code) or (None,))
    ]


@pytest.mark.skipif(
    not penalties.COMPILED,
    reason=(
        "no compiled build to compare: penalties.COMPILED is False here (a source checkout "
        "without extension modules, a pure wheel, or PENALTIES_PURE_PYTHON=1); .ci/run runs "
        "this test on the compiled build"
    ),
)
@pytest.mark.parametrize(("code", "market"), _markets())
@settings(max_examples=examples(10), deadline=None)
@given(data=st.data())
def test_the_compiled_and_the_pure_build_agree(
    pure: _Worker, code: str, market: str | None, data: st.DataObject
) -> None:
    assert pure.hello == (False, "SourceFileLoader")
    assert all(_is_extension(m) for m in CORE)
    policy = penalties.get_policy(code, market=market)
    events = data.draw(histories(policy, max_size=10, revocations=True, funds=True))
    probes = [instant_fields(t) for t in probe_instants(events)]
    mine = evaluate(penalties, code, market, events, probes)
    assert mine[0] == "ok" or "Error" in mine[1]
    assert pure.ask((code, market, events, probes)) == mine
