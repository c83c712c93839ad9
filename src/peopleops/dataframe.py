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

from typing import Any

from peopleops.catalogue import Catalogue, catalogue
from peopleops.model import Axis

__all__ = ["ACTIVITY_COLUMNS", "catalogue_to_dataframe"]

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
