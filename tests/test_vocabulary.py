"""Golden cases for the catalogue's vocabulary, read from ``tests/data/golden_vocabulary.tsv``.

The lines are task lines as HR people write them (UK and US usage, People-Ops and GitLab-style
wording, helpdesk tickets and to-do items) and non-HR lines that share words with them. Each case
carries the reason it holds in its ``explanation``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from peopleops import classify
from peopleops.catalogue import catalogue

GOLDEN = Path(__file__).parent / "data" / "golden_vocabulary.tsv"
COLUMNS = ["text", "activity", "area", "orientation", "focus", "approach", "explanation"]


def _rows() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["text"][:40])
def test_vocabulary_golden(row: dict[str, str]) -> None:
    """Each vocabulary line gets the labels its explanation gives ('-' none, '*' not checked)."""
    result = classify(row["text"])
    got = {
        "activity": result.activity,
        "area": result.area,
        **{
            axis: None if (p := result.pole(axis)) is None else p.value for axis in ("orientation", "focus", "approach")
        },
    }
    for key, value in got.items():
        want = row[key]
        if want != "*":
            assert (value or "-") == want, f"{key} for {row['text']!r}: {row['explanation']}"


def test_vocabulary_golden_file_is_well_formed() -> None:
    """The file has its columns, an explanation per case, known ids, and both HR and not-HR lines."""
    rows = _rows()
    cat = catalogue()
    activities = {activity.id for activity in cat}
    assert len(rows) >= 50
    assert all(list(row) == COLUMNS for row in rows)
    assert all(row["explanation"].strip() for row in rows)
    assert all(row["activity"] in activities | {"-"} for row in rows)
    assert len({row["text"] for row in rows}) == len(rows)
    assert sum(row["activity"] == "-" for row in rows) >= 5
    assert len({row["area"] for row in rows if row["area"] != "-"}) == 11


def test_vocabulary_lines_are_not_catalogue_phrases() -> None:
    """The golden lines are task lines, not catalogue phrases written back (so they test matching)."""
    phrases = {text.casefold() for activity in catalogue() for text in (activity.name, *activity.phrases)}
    assert not [row["text"] for row in _rows() if row["text"].casefold() in phrases]
