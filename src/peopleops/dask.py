"""Classify a Dask DataFrame column on a cluster (needs the ``dask`` extra).

:func:`classify_dask` maps :func:`peopleops.dataframe.classify_frame` over the partitions
with a declared output schema, so it runs lazily and unchanged on a local scheduler or a
``dask.distributed`` cluster. Each worker process compiles the classifier once, from the
catalogue data it receives (the built-in package data, or a custom catalogue).

Example (not run here: it starts a cluster)::

    import dask.dataframe as dd
    from distributed import Client, LocalCluster
    from peopleops.dask import classify_dask

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        tasks = dd.read_json("tasks-*.jsonl", lines=True, blocksize="64MB")
        classify_dask(tasks, "text").to_parquet("classified/")
"""

from __future__ import annotations

from typing import Any

try:
    import dask.dataframe as dd
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "peopleops.dask needs dask; install it with: pip install 'peopleops[dask]'"
    raise ImportError(msg) from error

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]  # no type hints shipped

from peopleops.catalogue import Catalogue
from peopleops.dataframe import classify_frame

__all__ = ["EVIDENCE_DTYPE", "LABEL_DTYPE", "classify_dask"]

LABEL_DTYPE = pd.ArrowDtype(pa.string())
"""The dtype of the ``activity`` and ``area`` columns on Dask (nullable strings: missing is
``<NA>``), the same in the declared schema and in every partition."""
EVIDENCE_DTYPE = pd.ArrowDtype(pa.list_(pa.string()))
"""The dtype of the ``evidence`` column on Dask: a typed list of phrases, so the declared
schema says what the column holds and ``to_parquet`` can write it (a column of Python tuples
has no schema to declare)."""


def _classify_partition(
    part: pd.DataFrame, column: str, *, catalogue: Catalogue | None, prefix: str
) -> pd.DataFrame:
    out = classify_frame(part, column, catalogue=catalogue, prefix=prefix)
    for label in ("activity", "area"):
        name = f"{prefix}{label}"
        out[name] = pd.Series([None if pd.isna(v) else v for v in out[name]], index=out.index, dtype=LABEL_DTYPE)
    name = f"{prefix}evidence"
    out[name] = pd.Series([list(phrases) for phrases in out[name]], index=out.index, dtype=EVIDENCE_DTYPE)
    return out


def classify_dask(
    frame: dd.DataFrame, column: str, *, catalogue: Catalogue | None = None, prefix: str = ""
) -> dd.DataFrame:
    """Return ``frame`` with the classification of ``frame[column]`` added, lazily.

    The result has the partitions, divisions and index of ``frame``, plus the columns of
    :data:`peopleops.dataframe.RESULT_COLUMNS` but ``text`` (after ``prefix``), with their dtypes
    declared up front (``meta``) so nothing is computed until asked. The ``evidence`` column
    holds lists of phrases typed :data:`EVIDENCE_DTYPE` (tuples in
    :func:`~peopleops.dataframe.classify_frame`) and ``activity``/``area`` are
    :data:`LABEL_DTYPE`, so the schema is exact and the result can be written to Parquet.

    >>> import pandas as pd, dask.dataframe as dd
    >>> tasks = dd.from_pandas(pd.DataFrame({"task": ["Run payroll", "bake bread"]}), npartitions=2)
    >>> classify_dask(tasks, "task").compute()["area"].fillna("-").tolist()
    ['total_rewards', '-']

    Raises:
        KeyError: ``column`` is not in ``frame``.
        ValueError: A result column would overwrite an existing column; pass ``prefix``.
    """
    empty: Any = frame._meta  # the empty pandas frame that describes the partitions
    meta = _classify_partition(empty, column, catalogue=catalogue, prefix=prefix)
    result: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]  # dask is untyped
        _classify_partition, column, catalogue=catalogue, prefix=prefix, meta=meta, align_dataframes=False
    )
    return result
