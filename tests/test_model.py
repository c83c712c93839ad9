"""Tests for peopleops.model: axes, positions, references and the Activity class."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peopleops.errors import UnknownIdError
from peopleops.model import (
    AXES,
    POLES,
    Activity,
    Approach,
    Axis,
    Focus,
    Framework,
    Orientation,
    Position,
    Reference,
    parse_pole,
)

from .strategies import catalogues, strengths


def _activity(**overrides: object) -> Activity:
    fields: dict[str, object] = {
        "id": "sample_activity",
        "name": "Sample",
        "description": "",
        "area": "total_rewards",
        "stages": ["reward"],
        "orientation": "reactive",
        "focus": "transactional",
        "approach": "hr",
        "systems": "established",
        "collaboration": "siloed",
    }
    fields.update(overrides)
    return Activity(**fields)  # type: ignore[arg-type]


def test_every_axis_has_two_poles_and_pole_strings_are_unique() -> None:
    """Each axis has exactly two poles and no pole string is shared between axes."""
    assert all(len(enum) == 2 for enum in AXES.values())
    assert len(POLES) == 2 * len(AXES)


def test_parse_pole_accepts_strings_and_members() -> None:
    """parse_pole maps strings to members and passes members through."""
    assert parse_pole("people_ops") is Approach.PEOPLE_OPS
    assert parse_pole(Focus.STRATEGIC) is Focus.STRATEGIC


def test_parse_pole_suggests_close_matches() -> None:
    """A misspelt pole raises a LookupError that names it and suggests the right one."""
    with pytest.raises(UnknownIdError, match=r"'proactiv'.*'proactive'") as info:
        parse_pole("proactiv")
    assert isinstance(info.value, LookupError)


@given(strengths)
def test_signed_strength_is_negative_on_the_traditional_pole(strength: float) -> None:
    """Signed is -strength on the first (traditional HR) pole and +strength on the other."""
    assert Position(Orientation.REACTIVE, strength).signed == -strength
    assert Position(Orientation.PROACTIVE, strength).signed == strength


@pytest.mark.parametrize("strength", [0.0, -0.1, 1.01, float("nan")])
def test_position_rejects_strength_outside_unit_interval(strength: float) -> None:
    """Strength must lie in (0, 1]."""
    with pytest.raises(ValueError, match="strength"):
        Position(Orientation.REACTIVE, strength)


def test_activity_rejects_position_on_wrong_axis() -> None:
    """An axis field only accepts a pole of its own axis."""
    with pytest.raises(ValueError, match="orientation axis"):
        _activity(orientation="strategic")


@pytest.mark.parametrize("bad_id", ["Payroll", "pay roll", "_x", "x__y", "1abc", ""])
def test_activity_rejects_ids_that_are_not_lower_snake_case(bad_id: str) -> None:
    """Ids are lower_snake_case."""
    with pytest.raises(ValueError, match="lower_snake_case"):
        _activity(id=bad_id)


def test_activity_needs_a_stage_and_non_empty_phrases() -> None:
    """An activity has at least one stage and no blank phrases."""
    with pytest.raises(ValueError, match="stages"):
        _activity(stages=[])
    with pytest.raises(ValueError, match="phrases"):
        _activity(phrases=["ok", "  "])
    with pytest.raises(TypeError, match="sequence of strings"):
        _activity(phrases="run payroll")


def test_activity_is_frozen_and_hashable() -> None:
    """Activities are immutable and usable in sets."""
    activity = _activity(phrases=["a", "b"])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        activity.name = "other"  # type: ignore[misc]
    assert isinstance(activity.phrases, tuple)
    assert {activity, _activity(phrases=("a", "b"))} == {activity}


def test_activity_queries_poles() -> None:
    """has() and quadrant read the activity's poles."""
    activity = _activity()
    assert activity.has("reactive", Approach.HR)
    assert not activity.has("proactive")
    assert activity.quadrant == (Orientation.REACTIVE, Focus.TRANSACTIONAL)
    assert activity.position("focus").axis is Axis.FOCUS


def test_reference_parse_round_trips_and_rejects_bad_text() -> None:
    """References are written framework:id; bad ones raise ValueError naming the text."""
    assert str(Reference.parse("onet:4.A.4.a.7.I01.D03")) == "onet:4.A.4.a.7.I01.D03"
    assert Reference.parse("shrm:total_rewards").framework is Framework.SHRM
    for bad in ("apqc", "apqc:", "xyz:1"):
        with pytest.raises(ValueError, match=repr(bad)):
            Reference.parse(bad)


@given(catalogues())
def test_activity_mapping_round_trip_is_identity(cat: object) -> None:
    """from_mapping(to_mapping(a)) == a for every generated activity."""
    for activity in cat:  # type: ignore[attr-defined]
        assert Activity.from_mapping(activity.to_mapping()) == activity


@given(st.sampled_from(list(Axis)))
def test_axis_poles_start_with_the_traditional_hr_pole(axis: Axis) -> None:
    """The first pole of every axis is the traditional-HR one."""
    assert axis.poles[0].value in {"reactive", "transactional", "hr", "established", "siloed"}
