"""peopleops.dataframe: the catalogue as a pandas DataFrame."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import catalogue, classify_many, profile
from peopleops.catalogue import Catalogue
from peopleops.dataframe import (
    ACTIVITY_COLUMNS,
    RESULT_COLUMNS,
    catalogue_to_dataframe,
    classify_column,
    profile_to_dataframe,
    results_to_dataframe,
)
from peopleops.model import Axis
from tests.strategies import catalogues


def test_one_row_per_activity_indexed_by_id() -> None:
    """The frame has a row per activity, in catalogue order, indexed by id."""
    cat = catalogue()
    frame = catalogue_to_dataframe()
    assert frame.index.name == "id"
    assert frame.index.tolist() == list(cat.ids)
    assert tuple(frame.columns) == ACTIVITY_COLUMNS


def test_rows_carry_poles_strengths_and_links() -> None:
    """Poles, strengths, signed strengths, links and references match the activity."""
    frame = catalogue_to_dataframe()
    mediation = catalogue()["dispute_mediation"]
    row = frame.loc["dispute_mediation"]
    for axis in Axis:
        position = mediation.position(axis)
        assert row[axis.value] == position.pole.value
        assert row[f"{axis}_strength"] == position.strength
        assert row[f"{axis}_signed"] == position.signed
    assert row["counterparts"] == ("conflict_resolution_workshops",)
    assert row["references"] == tuple(str(r) for r in mediation.references)
    assert row["stages"] == mediation.stages


def test_poles_are_ordered_categoricals_hr_pole_first() -> None:
    """Each axis column is an ordered categorical whose first category is the HR pole."""
    frame = catalogue_to_dataframe()
    for axis in Axis:
        column = frame[axis.value]
        assert column.cat.ordered
        assert column.cat.categories.tolist() == [pole.value for pole in axis.poles]


@settings(max_examples=20, deadline=None)
@given(cat=catalogues(max_activities=5))
def test_no_activity_lost_and_signed_matches_pole(cat: Catalogue) -> None:
    """Any catalogue gives one row per activity; signed strengths are negative on HR poles."""
    frame = catalogue_to_dataframe(cat)
    assert frame.index.tolist() == list(cat.ids)
    for axis in Axis:
        hr_pole = axis.poles[0].value
        on_hr = frame[axis.value] == hr_pole
        assert (frame.loc[on_hr, f"{axis}_signed"] < 0).all()
        assert (frame.loc[~on_hr, f"{axis}_signed"] > 0).all()


def test_import_peopleops_does_not_import_pandas() -> None:
    """``import peopleops`` leaves pandas (and matplotlib) unimported."""
    code = "import sys, peopleops; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


# -- results and profiles ----------------------------------------------------------------------

LINES = ["Run payroll", "Mediate a dispute between two colleagues", "Buy printer toner", ""]


def test_results_frame_has_a_row_per_result_matching_it() -> None:
    """Each row repeats its result: text, label, poles (missing when undecided), confidence."""
    results = list(classify_many(LINES))
    frame = results_to_dataframe(results)
    assert tuple(frame.columns) == RESULT_COLUMNS
    assert frame.index.tolist() == list(range(len(LINES)))
    for i, result in enumerate(results):
        row = frame.iloc[i]
        assert row["text"] == result.text
        assert (row["activity"] if not pd.isna(row["activity"]) else None) == result.activity
        for axis in Axis:
            pole = result.pole(axis)
            assert (None if pd.isna(row[axis.value]) else row[axis.value]) == (pole and pole.value)
        assert row["confidence"] == result.confidence
        assert row["evidence"] == tuple(e.text for e in result.evidence)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=8))
def test_classify_column_keeps_every_row_and_the_index(cells: list[str | None]) -> None:
    """Whatever the cells (missing ones included), no row is lost and the index is kept."""
    column = pd.Series(cells, index=[f"r{i}" for i in range(len(cells))], dtype=object)
    frame = classify_column(column)
    assert frame.index.tolist() == column.index.tolist()
    expected = ["" if cell is None else cell for cell in cells]
    assert frame["text"].fillna("").tolist() == expected


def test_profile_frames_match_the_profile() -> None:
    """By pole: a row per axis pole and undecided; by area: a row per area; counts agree."""
    prof = profile(classify_many(LINES))
    poles = profile_to_dataframe(prof)
    assert len(poles) == 3 * len(Axis)
    for count in prof.axes:
        for key in (*(p.value for p in count.axis.poles), "undecided"):
            assert poles.loc[(count.axis.value, key), "count"] == count.count(key)
            assert poles.loc[(count.axis.value, key), "share"] == count.share(key)
    areas = profile_to_dataframe(prof, by="area")
    assert areas.index.tolist() == [a.id for a in prof.areas]
    assert areas["count"].sum() == prof.hr
    with pytest.raises(ValueError, match="by must be"):
        profile_to_dataframe(prof, by="stage")  # type: ignore[arg-type]
