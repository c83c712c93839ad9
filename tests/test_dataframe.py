"""peopleops.dataframe: the catalogue as a pandas DataFrame."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings

from peopleops import catalogue
from peopleops.catalogue import Catalogue
from peopleops.dataframe import ACTIVITY_COLUMNS, catalogue_to_dataframe
from peopleops.model import Axis
from strategies import catalogues


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
