"""The Spark recipe: evaluate_spark in local mode gives, row by row, what evaluate_many gives.

Skipped, with the reason, when pyspark (the ``spark`` extra) or a Java runtime is missing, with or
without ``CI`` set. ``.ci/run`` installs both and checks that they are there before the tests, so in
CI these tests run."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from penalties import frames, get_policy
from penalties.spark import evaluate_spark
from tests.test_frames import AT, mixed_histories


def _java() -> str | None:
    """The Java that pyspark's launcher runs: ``$JAVA_HOME/bin/java``, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        return str(java) if java.exists() else None
    return shutil.which("java")


pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'penalties[spark]'")
if _java() is None:
    pytest.skip(
        "no Java runtime (pyspark needs Java 17 or later on PATH or in JAVA_HOME)",
        allow_module_level=True,
    )

POLICY = get_policy("aliexpress")

# Under pytest-xdist (``--dist loadgroup`` in pyproject.toml), both tests run on one worker, which
# starts one Spark session for them.
pytestmark = pytest.mark.xdist_group("spark")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # executors run this virtualenv's Python
    session = (
        SparkSession.builder.master("local[2]")
        .appName("penalties-test")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def _normal(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain values: instants in UTC without a zone (Spark's TimestampType has none;
    the session's zone is UTC here), categoricals as text."""
    frame = frame.sort_values("account").reset_index(drop=True)
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            frame[name] = column.dt.tz_convert("UTC").dt.tz_localize(None)
        if isinstance(frame[name].dtype, pd.CategoricalDtype | pd.DatetimeTZDtype) or (
            pd.api.types.is_datetime64_dtype(frame[name].dtype)
        ):
            frame[name] = frame[name].astype(object)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [
        {k: (int(v) if isinstance(v, float) else _instant(v)) for k, v in r.items()}
        for r in records
    ]


def _instant(value: Any) -> Any:
    return value.isoformat() if isinstance(value, pd.Timestamp) else value


def test_spark_matches_evaluate_many_row_by_row(spark: Any) -> None:
    data = mixed_histories(300, seed=5)
    table = frames.events_to_frame({k: v for k, v in data.items() if v})
    assert set(table["type"]) == {"violation", "appeal", "revocation", "funds_decision"}
    local = frames.evaluate_many(POLICY, table, at=AT, processes=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark on pandas 3
        source = spark.createDataFrame(table.astype(object).where(table.notna(), None))
        result = evaluate_spark(POLICY, source, at=AT)
        assert result.columns == list(local.columns)
        remote = result.toPandas()
    assert len(remote) == len(local) > 250
    local_rows, remote_rows = _normal(local), _normal(remote)
    for mine, theirs in zip(local_rows, remote_rows, strict=True):
        assert mine == theirs
    assert any(r["sanctions"] for r in local_rows)


def test_spark_collects_errors_per_account(spark: Any) -> None:
    table = pd.DataFrame(
        {
            "account": ["a", "b"],
            "id": ["v1", "v1"],
            "kind": ["unfair_competition", "no_such_kind"],
            "severity": ["general", "general"],
            "at": ["2024-03-01T10:00:00+08:00"] * 2,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        source = spark.createDataFrame(table)
        remote = evaluate_spark(POLICY, source, at=AT, errors="collect").toPandas()
    local = frames.evaluate_many(POLICY, table, at=AT, errors="collect")
    assert _normal(remote) == _normal(local)
    assert "no_such_kind" in _normal(remote)[1]["error"]
