"""Tests for peopleops.dask and classify_frame: a 2-worker cluster matches one process."""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

from peopleops.dask import EVIDENCE_DTYPE, LABEL_DTYPE, classify_dask
from peopleops.dataframe import RESULT_COLUMNS, classify_frame

ADDED = [name for name in RESULT_COLUMNS if name != "text"]

TASKS = [
    "Run payroll for the hourly staff",
    "Mediate a dispute between two engineers",
    "Plan the workforce for next year",
    "NA",
    "Bake sourdough bread",
    "Design a conflict resolution workshop",
    "Process new hire paperwork",
    "Investigate a harassment complaint",
]


def _frame(rows: int) -> pd.DataFrame:
    texts = [f"{TASKS[i % len(TASKS)]} ({i % 17})" for i in range(rows)]
    if rows > 5:
        texts[5] = None  # type: ignore[call-overload]  # a missing cell still gets a row
    return pd.DataFrame({"task": texts, "n": range(rows)}, index=pd.RangeIndex(1000, 1000 + rows, name="row"))


def test_classify_frame_adds_columns_and_keeps_every_row_and_the_index() -> None:
    """One row out per row in, the index kept, the result columns appended."""
    frame = _frame(50)
    out = classify_frame(frame, "task")
    assert out.index.equals(frame.index)
    assert list(out.columns) == ["task", "n", *ADDED]
    assert pd.isna(out.loc[1005, "activity"])  # the missing cell: a row, not HR
    assert out.loc[1000, "activity"] == "payroll_processing"


def test_classify_frame_errors_name_the_column() -> None:
    """A missing column lists the available ones; a clash asks for a prefix."""
    frame = _frame(3)
    with pytest.raises(KeyError, match=r"'text'.*\['task', 'n'\]"):
        classify_frame(frame, "text")
    once = classify_frame(frame, "task")
    with pytest.raises(ValueError, match="prefix"):
        classify_frame(once, "task")
    assert "po_area" in classify_frame(once, "task", prefix="po_").columns


def test_two_worker_cluster_matches_single_process() -> None:
    """classify_dask on a 2-worker LocalCluster equals classify_frame row for row."""
    frame = _frame(400)
    expected = classify_frame(frame, "task")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster, timeout="60s"),
    ):
        lazy = classify_dask(dd.from_pandas(frame, npartitions=4), "task")
        assert list(lazy.columns) == list(expected.columns)
        got = lazy.compute()
    columns = [name for name in ADDED if name not in {"evidence", "activity", "area"}]
    pd.testing.assert_frame_equal(got[columns], expected[columns])
    for label in ("activity", "area"):
        assert got[label].dtype == LABEL_DTYPE
        assert got[label].fillna("-").tolist() == expected[label].fillna("-").tolist()
    assert got["evidence"].dtype == EVIDENCE_DTYPE
    assert [tuple(phrases) for phrases in got["evidence"]] == list(expected["evidence"])
    # Dask may store the input strings with another string dtype; the values are the same.
    pd.testing.assert_frame_equal(got[["task", "n"]], expected[["task", "n"]], check_dtype=False)


# dask's Parquet writer still calls DataFrame.set_index(inplace=True), which pandas 3.1 deprecates
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index is deprecated")
def test_result_writes_to_parquet_and_reads_back(tmp_path: Path) -> None:
    """The documented pipeline: classify_dask(...).to_parquet(...) writes every row, evidence included."""
    frame = _frame(60)
    classify_dask(dd.from_pandas(frame, npartitions=3), "task").to_parquet(tmp_path / "out")
    back = pd.read_parquet(tmp_path / "out", dtype_backend="pyarrow").sort_index()
    expected = classify_frame(frame, "task")
    assert back.index.tolist() == expected.index.tolist()
    assert back["activity"].fillna("-").tolist() == expected["activity"].fillna("-").tolist()
    assert [tuple(phrases) for phrases in back["evidence"]] == list(expected["evidence"])
