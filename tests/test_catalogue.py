"""Tests for the built-in catalogue: every shipped entry, the coverage rules, and the API."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings

from peopleops import frameworks
from peopleops.catalogue import Catalogue, catalogue
from peopleops.errors import CatalogueError, UnknownIdError
from peopleops.model import Orientation
from peopleops.normalize import phrase_key
from tests.strategies import catalogues

AREAS = (
    "strategy_planning",
    "talent_acquisition",
    "onboarding",
    "learning_development",
    "performance",
    "total_rewards",
    "employee_relations",
    "engagement_culture",
    "compliance_risk",
    "hr_operations",
    "offboarding",
)

CAT = catalogue()


def test_builtin_catalogue_is_loaded_once() -> None:
    """catalogue() returns the same object every time."""
    assert catalogue() is CAT


def test_areas_are_exactly_the_eleven_documented_ids() -> None:
    """The built-in areas are the 11 ids of the API, in order."""
    assert tuple(area.id for area in CAT.areas) == AREAS


def test_catalogue_size_and_area_coverage() -> None:
    """At least 80 activities, and at least 5 in every area."""
    counts = Counter(activity.area for activity in CAT)
    assert len(CAT) >= 80
    assert {area: counts[area] for area in AREAS if counts[area] < 5} == {}


def test_every_stage_is_covered() -> None:
    """Every lifecycle stage holds at least one activity."""
    used = {stage for activity in CAT for stage in activity.stages}
    assert {stage.id for stage in CAT.stages} <= used


def test_ids_are_unique_and_stable_form() -> None:
    """Activity ids are unique (the model validates their form)."""
    ids = [activity.id for activity in CAT]
    assert len(ids) == len(set(ids))


def test_every_reference_resolves_to_a_framework_element() -> None:
    """Each framework reference names an element of the shipped tables."""
    missing = [(a.id, str(r)) for a in CAT for r in a.references if r not in frameworks.elements()]
    assert missing == []


def test_counterparts_point_from_reactive_to_proactive_and_back() -> None:
    """Counterpart links go reactive -> proactive, and prevents is their exact inverse."""
    for activity in CAT:
        for other in CAT.counterparts(activity.id):
            assert activity.orientation.pole is Orientation.REACTIVE
            assert other.orientation.pole is Orientation.PROACTIVE
            assert activity.id in other.prevents
        for other in CAT.prevents(activity.id):
            assert activity.id in other.counterparts


def test_clearly_reactive_activities_have_a_proactive_alternative() -> None:
    """Every activity that is clearly reactive (strength >= 0.5) links to a proactive counterpart."""
    lonely = [
        a.id
        for a in CAT
        if a.orientation.pole is Orientation.REACTIVE and a.orientation.strength >= 0.5 and not a.counterparts
    ]
    assert lonely == []


def test_every_activity_is_described_and_has_many_phrases() -> None:
    """Each activity has a description of a paragraph and at least 10 phrases."""
    thin = [a.id for a in CAT if len(a.description) < 80 or len(a.phrases) < 10]
    assert thin == []


def test_phrases_are_unique_across_the_catalogue_once_normalised() -> None:
    """No normalised phrase (or name) belongs to two activities."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for activity in CAT:
        for phrase in (activity.name, *activity.phrases):
            owners.setdefault(phrase_key(phrase), set()).add(activity.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize(
    ("activity_id", "poles"),
    [
        ("payroll_processing", ("hr", "transactional", "established")),
        ("dispute_mediation", ("hr", "reactive")),
        ("conflict_resolution_workshops", ("people_ops", "proactive")),
        ("grievance_handling", ("hr", "reactive")),
        ("vacancy_backfill", ("hr", "reactive")),
        ("workforce_planning", ("people_ops", "proactive", "strategic")),
        ("recruiting", ("hr", "transactional")),
        ("performance_reviews", ("hr", "transactional")),
        ("strategic_hiring", ("people_ops", "strategic")),
        ("training_programme_design", ("people_ops", "strategic")),
        ("culture_building", ("people_ops", "proactive")),
        ("transparent_communication", ("people_ops",)),
        ("multidisciplinary_people_team", ("people_ops", "multidisciplinary")),
        ("wellbeing_programmes", ("people_ops", "proactive")),
        ("retention_initiatives", ("people_ops", "proactive")),
    ],
)
def test_activities_named_by_the_mission_sit_where_it_says(activity_id: str, poles: tuple[str, ...]) -> None:
    """The activities the HR-vs-People-Ops writing names are classified as it describes them."""
    assert CAT[activity_id].has(*poles)


def test_mission_pairs_are_linked_as_counterparts() -> None:
    """Mediation -> workshops and backfill -> workforce planning are counterpart pairs."""
    assert "conflict_resolution_workshops" in CAT["dispute_mediation"].counterparts
    assert "workforce_planning" in CAT["vacancy_backfill"].counterparts


def test_routine_payroll_sits_near_the_middle_of_orientation() -> None:
    """Payroll's orientation strength is small: routine, neither reactive nor proactive."""
    assert CAT["payroll_processing"].orientation.strength <= 0.3


def test_legal_emphasis_marks_compliance_and_litigation() -> None:
    """Employment-law compliance and defending claims carry the legal emphasis marker."""
    legal = {a.id for a in CAT.select(legal_emphasis=True)}
    assert {"employment_law_compliance", "litigation_defense"} <= legal


def test_onboarding_and_offboarding_areas_have_their_stage() -> None:
    """Onboarding activities are in the onboard stage, offboarding ones in offboard."""
    assert all("onboard" in a.stages for a in CAT.select(area="onboarding"))
    assert all("offboard" in a.stages for a in CAT.select(area="offboarding"))


def test_lookup_errors_name_the_key_and_suggest() -> None:
    """cat[...] and lookup() raise a LookupError subclass naming the key with suggestions."""
    with pytest.raises(LookupError, match=r"'workforce_plannin'.*'workforce_planning'"):
        CAT["workforce_plannin"]
    with pytest.raises(UnknownIdError, match="unknown activity, name or phrase"):
        CAT.lookup("bake bread")
    assert CAT.get("nope") is None
    assert CAT.get("nope", CAT["payroll_processing"]) is CAT["payroll_processing"]


def test_lookup_by_name_and_inflected_phrase() -> None:
    """lookup() finds an activity by its name or any phrase, ignoring case and inflection."""
    assert CAT.lookup("PAYROLL PROCESSING").id == "payroll_processing"
    assert CAT.lookup("mediated disputes").id == "dispute_mediation"


def test_select_filters_by_poles_area_and_stage() -> None:
    """select() returns exactly the activities matching every filter."""
    chosen = CAT.select("proactive", "strategic", stage="plan")
    assert chosen
    assert all(a.has("proactive", "strategic") and "plan" in a.stages for a in chosen)
    expected = [a for a in CAT if a.has("proactive", "strategic") and "plan" in a.stages]
    assert list(chosen) == expected
    with pytest.raises(UnknownIdError, match="area"):
        CAT.select(area="payrol")


def test_catalogue_construction_reports_every_problem() -> None:
    """Building a catalogue with several faults raises one error listing all of them."""
    import attrs

    good = CAT["dispute_mediation"]
    bad = [attrs.evolve(good, area="nowhere", counterparts=["missing_activity"], prevents=())]
    with pytest.raises(CatalogueError) as info:
        Catalogue(bad, CAT.areas, CAT.stages)
    messages = [p.message for p in info.value.problems]
    assert "unknown area" in messages
    assert "unknown activity" in messages


def test_counterpart_links_are_made_two_way() -> None:
    """Declaring only one side of a counterpart link gives both sides in the catalogue."""
    reactive, proactive = CAT["dispute_mediation"], CAT["conflict_resolution_workshops"]
    import attrs

    one_way = [attrs.evolve(reactive, counterparts=[proactive.id]), attrs.evolve(proactive, prevents=[])]
    built = Catalogue(one_way, CAT.areas, CAT.stages)
    assert built[proactive.id].prevents == (reactive.id,)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_builtin_catalogue_round_trips_through_its_own_export(fmt: str) -> None:
    """Exporting the built-in catalogue and loading the text back gives an equal catalogue."""
    from peopleops.catalogue import dumps, loads

    assert loads(dumps(CAT, fmt), fmt) == CAT  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(catalogues())
def test_linking_is_idempotent(cat: Catalogue) -> None:
    """Rebuilding a catalogue from its own parts gives an equal one (link order is stable)."""
    assert Catalogue(cat.activities, cat.areas, cat.stages, cat.cues, cat.name, cat.description) == cat
