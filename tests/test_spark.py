"""The Spark recipe: evaluate_spark in local mode gives, row by row, what evaluate_many gives.

Skipped, with the reason, when pyspark (the ``spark`` extra) or a Java runtime is missing, with or
without ``CI`` set. ``.ci/run`` installs both and checks that they are there before the tests, so in
CI these tests run."""

from __future__ import annotations

import os
import re
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
from tests.test_frames import AT, ERP_AT, erp_shops, mixed_histories


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


def _unrowed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with the row numbers of their errors left out."""
    return [
        {k: re.sub(r"row \d+", "row N", v) if k == "error" and v else v for k, v in r.items()}
        for r in rows
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


def test_spark_evaluates_a_table_of_many_platforms_as_evaluate_many_does(spark: Any) -> None:
    table = erp_shops()
    bad = pd.DataFrame(
        {"account": ["nosuch-1"], "platform": ["nosuch"], "id": ["x1"], "kind": ["y"],
         "at": ["2024-03-01T10:00:00+08:00"]}
    )  # fmt: skip
    table = pd.concat([table, bad], ignore_index=True)
    local = frames.evaluate_many("platform", table, market="market", at=ERP_AT, errors="collect")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        source = spark.createDataFrame(table.astype(object).where(table.notna(), None))
        result = evaluate_spark("platform", source, market="market", at=ERP_AT, errors="collect")
        remote = result.toPandas()
    # The same columns (the points columns in policy-code order rather than first appearance).
    assert sorted(result.columns) == sorted(local.columns)
    assert result.columns[:6] == ["account", "policy", "market", "at", "status", "frozen_until"]
    remote = remote[list(local.columns)]
    # A Spark DataFrame has no row order: an error counts rows within the account's group.
    assert _unrowed(_normal(remote)) == _unrowed(_normal(local))
    rows = {r["account"]: r for r in _normal(remote)}
    assert len(rows) == table["account"].nunique() == 9  # one standing row per shop
    assert {r["policy"] for r in rows.values()} >= {
        "aliexpress", "shopee", "lazada", "tiktok_shop", "amazon"
    }  # fmt: skip
    assert rows["ae-frozen"]["status"] == "frozen"
    assert rows["sp-ph"]["points_points"] == 7
    assert rows["ae-frozen"]["points_points"] is None  # AliExpress has no Shopee ledger
    assert "UnknownPolicyError" in rows["nosuch-1"]["error"]


def test_spark_many_platforms_refuses_an_unknown_policy_up_front(spark: Any) -> None:
    table = pd.DataFrame(
        {"account": ["a"], "platform": ["nosuch"], "id": ["x1"], "kind": ["y"],
         "at": ["2024-03-01T10:00:00+08:00"]}
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        source = spark.createDataFrame(table)
    with pytest.raises(frames.InvalidTableError, match=r"policy 'nosuch' \(column 'platform'\)"):
        evaluate_spark("platform", source, at=ERP_AT)
    with pytest.raises(KeyError, match="market='mkt'"):
        evaluate_spark("platform", source, market="mkt", at=ERP_AT)
    with pytest.raises(frames.InvalidTableError, match="market= names the market column"):
        evaluate_spark(POLICY, source, market="platform", at=ERP_AT)
