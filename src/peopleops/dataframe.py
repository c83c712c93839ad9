"""pandas DataFrames of the catalogue, of classification results and of profiles.

Needs the ``dataframe`` extra.

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

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from peopleops.catalogue import Catalogue, catalogue
from peopleops.model import Axis

if TYPE_CHECKING:
    from peopleops.classify import Result
    from peopleops.profile import Profile

__all__ = [
    "ACTIVITY_COLUMNS",
    "RESULT_COLUMNS",
    "catalogue_to_dataframe",
    "classify_column",
    "classify_frame",
    "profile_to_dataframe",
    "results_to_dataframe",
]

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
    frame["legal_emphasis"] = frame["legal_emphasis"].astype(bool)
    return _poles_as_categories(frame)


def _poles_as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    for axis in Axis:
        poles = [pole.value for pole in axis.poles]
        frame[axis.value] = pd.Categorical(frame[axis.value], categories=poles, ordered=True)
    return frame


RESULT_COLUMNS: tuple[str, ...] = (
    "text",
    "activity",
    "area",
    *(axis.value for axis in Axis),
    "confidence",
    "evidence",
)
"""The columns of :func:`results_to_dataframe`: the line, its label, a pole per axis (an
ordered categorical; missing where the line gave no basis), the confidence, and the matched
phrases as written in the line (a tuple of strings)."""


def results_to_dataframe(results: Iterable[Result]) -> pd.DataFrame:
    """Return one row per classification result, in order (a fresh ``RangeIndex``).

    >>> from peopleops import classify_many
    >>> frame = results_to_dataframe(classify_many(["Run payroll", "Buy printer toner"]))
    >>> frame.loc[0, "activity"], frame.loc[0, "orientation"]
    ('payroll_processing', 'reactive')
    >>> frame["activity"].isna().tolist()
    [False, True]
    """
    rows = [
        {
            "text": result.text,
            "activity": result.activity,
            "area": result.area,
            **{axis.value: _value(result.pole(axis)) for axis in Axis},
            "confidence": result.confidence,
            "evidence": tuple(evidence.text for evidence in result.evidence),
        }
        for result in results
    ]
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    frame["confidence"] = frame["confidence"].astype(float)
    return _poles_as_categories(frame)


def _value(pole: Any) -> str | None:
    return None if pole is None else str(pole.value)


def classify_column(column: pd.Series, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Classify every cell of a pandas column; the frame shares the column's index.

    Missing cells (``None``, ``NaN``) are classified as empty lines, so no row is lost.
    Columns are :data:`RESULT_COLUMNS`.

    >>> tasks = pd.Series(["Run payroll", None], index=["a", "b"])
    >>> frame = classify_column(tasks)
    >>> frame.index.tolist(), frame.loc["a", "activity"], bool(frame["activity"].isna()["b"])
    (['a', 'b'], 'payroll_processing', True)
    """
    from peopleops.classify import classify_many

    texts = ["" if pd.isna(value) else str(value) for value in column]
    frame = results_to_dataframe(classify_many(texts, catalogue))
    frame.index = column.index
    return frame


def profile_to_dataframe(profile: Profile, by: Literal["pole", "area"] = "pole") -> pd.DataFrame:
    """Return a profile's counts and shares as a table.

    ``by="pole"``: one row per axis and pole, plus ``undecided`` (index ``axis``, ``pole``).
    ``by="area"``: one row per area (index ``area``), with its name.

    >>> from peopleops import classify_many, profile
    >>> p = profile(classify_many(["Run payroll", "Plan the workforce for next year"]))
    >>> int(profile_to_dataframe(p).loc[("orientation", "reactive"), "count"])
    1
    >>> row = profile_to_dataframe(p, by="area").loc["total_rewards"]
    >>> row["name"], int(row["count"]), float(row["share"])
    ('Total rewards', 1, 0.5)
    """
    if by == "area":
        rows: list[dict[str, Any]] = [
            {"area": a.id, "name": a.name, "count": a.count, "share": a.share} for a in profile.areas
        ]
        return pd.DataFrame(rows, columns=["area", "name", "count", "share"]).set_index("area")
    if by != "pole":
        msg = f"by must be 'pole' or 'area', got {by!r}"
        raise ValueError(msg)
    rows = [
        {"axis": count.axis.value, "pole": key, "count": count.count(key), "share": count.share(key)}
        for count in profile.axes
        for key in (*(pole.value for pole in count.axis.poles), "undecided")
    ]
    return pd.DataFrame(rows, columns=["axis", "pole", "count", "share"]).set_index(["axis", "pole"])


def classify_frame(
    frame: pd.DataFrame, column: str, *, catalogue: Catalogue | None = None, prefix: str = ""
) -> pd.DataFrame:
    """Return a copy of ``frame`` with the classification of ``frame[column]`` added.

    One row out per row in, in order, with the index kept; the added columns are
    :data:`RESULT_COLUMNS` without ``text`` (the task is already in ``column``), each name
    after ``prefix``. Missing cells are classified as empty lines (not HR) rather than
    dropped; read CSVs with ``keep_default_na=False`` so that tasks literally written ``NA``
    or ``null`` stay text.

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
    added = [name for name in RESULT_COLUMNS if name != "text"]
    clashes = [f"{prefix}{name}" for name in added if f"{prefix}{name}" in frame.columns]
    if clashes:
        msg = f"result columns {clashes} already exist in the frame; pass prefix= to rename them"
        raise ValueError(msg)
    results = classify_column(frame[column], catalogue)[added].add_prefix(prefix)
    return pd.concat([frame, results], axis=1)
