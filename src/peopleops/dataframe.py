"""pandas DataFrames of the taxonomy (needs the ``dataframe`` extra).

``import peopleops`` never imports pandas; importing this module does, and says how to install
it when it is missing.

>>> frame = catalogue_to_dataframe()
>>> row = frame.loc["payroll_processing"]
>>> row["area"], row["focus"], float(row["focus_strength"])
('total_rewards', 'transactional', 0.95)
"""

from __future__ import annotations

try:
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "peopleops.dataframe needs pandas; install it with: pip install 'peopleops[dataframe]'"
    raise ImportError(msg) from error

import math
from collections.abc import Iterable
from typing import Any

from peopleops.catalogue import Catalogue, catalogue
from peopleops.classify import Result, classifier
from peopleops.model import Axis

__all__ = ["ACTIVITY_COLUMNS", "RESULT_COLUMNS", "catalogue_to_dataframe", "classify_frame", "results_to_dataframe"]

ACTIVITY_COLUMNS: tuple[str, ...] = (
    "name",
    "area",
    "stages",
    *(name for axis in Axis for name in (axis.value, f"{axis}_strength", f"{axis}_signed")),
    "legal_emphasis",
    "counterparts",
    "prevents",
    "references",
    "phrases",
)
"""The columns of :func:`catalogue_to_dataframe`, in order (the index is the activity id).

Per axis: the pole (an ordered categorical, traditional-HR pole first), its strength in
``(0, 1]`` and the signed strength (negative on the traditional-HR pole). Links, references
and phrases are tuples of strings."""


def catalogue_to_dataframe(cat: Catalogue | None = None) -> pd.DataFrame:
    """Return one row per activity of ``cat`` (default: the built-in catalogue).

    The index is the activity id, in catalogue order; the columns are
    :data:`ACTIVITY_COLUMNS`.

    >>> frame = catalogue_to_dataframe()
    >>> len(frame) == len(catalogue()), frame.index.name
    (True, 'id')
    >>> frame["approach"].cat.categories.tolist()
    ['hr', 'people_ops']
    """
    cat = catalogue() if cat is None else cat
    rows: list[dict[str, Any]] = []
    for activity in cat:
        row: dict[str, Any] = {
            "id": activity.id,
            "name": activity.name,
            "area": activity.area,
            "stages": activity.stages,
        }
        for position in activity.positions:
            axis = position.axis.value
            row[axis] = position.pole.value
            row[f"{axis}_strength"] = position.strength
            row[f"{axis}_signed"] = position.signed
        row["legal_emphasis"] = activity.legal_emphasis
        row["counterparts"] = activity.counterparts
        row["prevents"] = activity.prevents
        row["references"] = tuple(str(reference) for reference in activity.references)
        row["phrases"] = activity.phrases
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["id", *ACTIVITY_COLUMNS]).set_index("id")
    for axis in Axis:
        poles = [pole.value for pole in axis.poles]
        frame[axis.value] = pd.Categorical(frame[axis.value], categories=poles, ordered=True)
    frame["legal_emphasis"] = frame["legal_emphasis"].astype(bool)
    return frame


RESULT_COLUMNS: tuple[str, ...] = (
    "activity",
    "area",
    *(axis.value for axis in Axis),
    "confidence",
    "evidence",
)
"""The columns a classification adds: activity and area ids, the pole string per axis
(missing where undecided), the confidence, and the matched phrases joined by ``"; "``."""

_STRING = pd.StringDtype()


def _result_row(result: Result) -> tuple[Any, ...]:
    return (
        result.activity,
        result.area,
        *(None if (pole := result.pole(axis)) is None else pole.value for axis in Axis),
        result.confidence,
        "; ".join(item.text for item in result.evidence),
    )


def results_to_dataframe(results: Iterable[Result], index: Any = None, prefix: str = "") -> pd.DataFrame:
    """Return one row per result with :data:`RESULT_COLUMNS` (each name after ``prefix``).

    String columns use pandas' ``string`` dtype (missing values are ``<NA>``); the
    confidence is ``float64``.

    >>> from peopleops.classify import classify_many
    >>> frame = results_to_dataframe(classify_many(["run payroll", "bake bread"]))
    >>> frame["area"].tolist()
    ['total_rewards', <NA>]
    """
    rows = [_result_row(result) for result in results]
    columns = [f"{prefix}{name}" for name in RESULT_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns, index=index)
    for name in columns:
        frame[name] = frame[name].astype("float64" if name == f"{prefix}confidence" else _STRING)
    return frame


def _task_text(value: object) -> str:
    # A missing cell still gets a row: it is classified as an empty line (not HR).
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return value if isinstance(value, str) else str(value)


def classify_frame(
    frame: pd.DataFrame, column: str, *, catalogue: Catalogue | None = None, prefix: str = ""
) -> pd.DataFrame:
    """Return a copy of ``frame`` with the classification of ``frame[column]`` added.

    One row out per row in, in order, with the index kept. Missing cells are classified as
    empty lines (not HR) rather than dropped; read CSVs with ``keep_default_na=False`` so
    that tasks literally written ``NA`` or ``null`` stay text.

    >>> import pandas as pd
    >>> tasks = pd.DataFrame({"task": ["Run payroll", "Mediate a dispute"]}, index=[10, 20])
    >>> out = classify_frame(tasks, "task")
    >>> out.index.tolist(), out["activity"].tolist()
    ([10, 20], ['payroll_processing', 'dispute_mediation'])

    Raises:
        KeyError: ``column`` is not in ``frame`` (the message lists the columns there).
        ValueError: A result column would overwrite an existing column; pass ``prefix``.
    """
    if column not in frame.columns:
        msg = f"column {column!r} not in the frame; columns are {list(map(str, frame.columns))}"
        raise KeyError(msg)
    clashes = [f"{prefix}{name}" for name in RESULT_COLUMNS if f"{prefix}{name}" in frame.columns]
    if clashes:
        msg = f"result columns {clashes} already exist in the frame; pass prefix= to rename them"
        raise ValueError(msg)
    results = classifier(catalogue).classify_many(_task_text(value) for value in frame[column])
    added = results_to_dataframe(results, index=frame.index, prefix=prefix)
    return pd.concat([frame, added], axis=1)
