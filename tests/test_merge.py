"""Tests for merging a custom catalogue into the built-in one (``extends = "builtin"``)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pytest

from peopleops.catalogue import Catalogue, catalogue, dumps, load_catalogue, loads
from peopleops.errors import CatalogueError, Problem

NEW = {
    "id": "acme_badge_printing",
    "name": "Acme badge printing",
    "description": "Printing door badges for new starters at Acme.",
    "area": "onboarding",
    "stages": ["onboard"],
    "orientation": "reactive",
    "focus": "transactional",
    "approach": "hr",
    "systems": "established",
    "collaboration": "siloed",
    "phrases": ["print acme door badges"],
}


def extend(**parts: Any) -> Catalogue:
    """Load a JSON document that extends the built-in catalogue with ``parts``."""
    return loads(json.dumps({"schema_version": 1, "extends": "builtin", **parts}), source="mine.json")


def failing(**parts: Any) -> tuple[Problem, ...]:
    """The problems of an extends document expected to fail."""
    with pytest.raises(CatalogueError) as info:
        extend(**parts)
    return info.value.problems


def exported(ident: str) -> dict[str, Any]:
    """A built-in activity as written in an exported file."""
    return catalogue()[ident].to_mapping()


def test_extends_alone_is_the_builtin() -> None:
    """A file that only says extends = builtin gives the built-in activities, areas and stages."""
    cat = extend()
    assert cat.activities == catalogue().activities
    assert (cat.areas, cat.stages, cat.cues) == (catalogue().areas, catalogue().stages, catalogue().cues)
    assert cat.name == "peopleops built-in + mine.json"
    assert cat.description == catalogue().description


def test_new_activity_is_appended() -> None:
    """A new id is added after the built-in activities and can be looked up by its phrase."""
    cat = extend(activities=[NEW])
    assert cat.ids == (*catalogue().ids, "acme_badge_printing")
    assert cat.lookup("printing Acme door badges").id == "acme_badge_printing"


def test_override_replaces_in_place() -> None:
    """An activity with a built-in id replaces it at the same position."""
    payroll = {**exported("payroll_processing"), "name": "Pay run", "phrases": ["do the pay run"]}
    cat = extend(activities=[payroll])
    assert cat.ids == catalogue().ids
    assert cat["payroll_processing"].name == "Pay run"
    assert cat["payroll_processing"].phrases == ("do the pay run",)
    assert cat.lookup("do the pay run").id == "payroll_processing"


def test_override_brings_its_own_links() -> None:
    """A replaced activity keeps only the links it declares; built-in links to it go."""
    workshops = exported("conflict_resolution_workshops")
    assert "dispute_mediation" in workshops["prevents"]
    cat = extend(activities=[{**workshops, "prevents": []}])
    assert "conflict_resolution_workshops" not in cat["dispute_mediation"].counterparts
    assert "dispute_mediation" not in cat["conflict_resolution_workshops"].prevents
    kept = extend(activities=[workshops])
    assert "conflict_resolution_workshops" in kept["dispute_mediation"].counterparts


def test_remove_drops_activity_and_links_to_it() -> None:
    """``remove`` drops a built-in activity and every link pointing to it."""
    cat = extend(remove=["conflict_resolution_workshops"])
    assert "conflict_resolution_workshops" not in cat
    assert len(cat) == len(catalogue()) - 1
    assert "conflict_resolution_workshops" not in cat["dispute_mediation"].counterparts


def test_remove_unknown_suggests() -> None:
    """Removing an id the built-in catalogue lacks is an error with a suggestion."""
    (problem,) = failing(remove=["payrol_processing"])
    assert (problem.path, problem.message) == ("remove[0]", "unknown activity")
    assert problem.hint == "did you mean 'payroll_processing'?"
    assert problem.file == "mine.json"


def test_remove_and_define_same_id() -> None:
    """Removing and redefining one id in the same file is contradictory and refused."""
    problems = failing(remove=["payroll_processing"], activities=[exported("payroll_processing")])
    assert [p.message for p in problems] == ["activity both removed and defined"]


def test_add_phrases_appends_without_duplicates() -> None:
    """``add_phrases`` appends new phrases (existing ones are not repeated)."""
    before = catalogue()["payroll_processing"].phrases
    cat = extend(add_phrases={"payroll_processing": ["crunch the monthly pay", before[0]]})
    assert cat["payroll_processing"].phrases == (*before, "crunch the monthly pay")
    assert cat.lookup("crunching the monthly pay").id == "payroll_processing"


def test_add_phrases_to_own_new_activity() -> None:
    """``add_phrases`` may also target an activity defined in the same file."""
    cat = extend(activities=[NEW], add_phrases={"acme_badge_printing": ["badge the starters"]})
    assert cat["acme_badge_printing"].phrases[-1] == "badge the starters"


def test_add_phrases_unknown_or_removed() -> None:
    """Phrases for an unknown or a removed activity are errors (with a suggestion or a reason)."""
    (problem,) = failing(add_phrases={"payroll_procesing": ["x y"]})
    assert problem.hint == "did you mean 'payroll_processing'?"
    (problem,) = failing(remove=["payroll_processing"], add_phrases={"payroll_processing": ["x y"]})
    assert "removed by this file" in problem.message


def test_added_phrase_colliding_with_builtin() -> None:
    """A phrase that normalises to another built-in activity's phrase is refused."""
    other = catalogue()["dispute_mediation"].phrases[0]
    problems = failing(add_phrases={"payroll_processing": [other.upper()]})
    assert [p.message for p in problems] == ["phrase collides with another activity's phrase"]


def test_custom_area_and_stage_declared() -> None:
    """Custom areas and stages declared in the file can be used by new activities."""
    cat = extend(
        areas=[{"id": "acme_facilities", "name": "Facilities"}],
        stages=[{"id": "acme_visit", "name": "Site visit", "precedes": ["offboard"]}],
        activities=[{**NEW, "area": "acme_facilities", "stages": ["acme_visit", "onboard"]}],
    )
    assert cat.area("acme_facilities").name == "Facilities"
    assert cat.areas[-1].id == "acme_facilities"
    assert cat.stage("acme_visit").precedes == ("offboard",)
    assert [a.id for a in cat.select(area="acme_facilities")] == ["acme_badge_printing"]


def test_undeclared_area_and_stage_refused() -> None:
    """An activity in an area or stage nobody declared is refused with suggestions."""
    problems = failing(activities=[{**NEW, "area": "onbording", "stages": ["onbord"]}])
    hints = {p.path: p.hint for p in problems}
    assert hints == {
        "activities[0].area": "did you mean 'onboarding'?",
        "activities[0].stages[0]": "did you mean 'onboard'?",
    }


def test_area_override_keeps_order() -> None:
    """Redeclaring a built-in area replaces its name in place."""
    cat = extend(areas=[{"id": "total_rewards", "name": "Pay and perks"}])
    assert [a.id for a in cat.areas] == [a.id for a in catalogue().areas]
    assert cat.area("total_rewards").name == "Pay and perks"


def test_stage_cycle_through_builtin_stages() -> None:
    """A redeclared stage that loops back into the built-in order is a cycle."""
    problems = failing(stages=[{"id": "offboard", "name": "Offboard", "precedes": ["plan"]}])
    (cycle,) = [p for p in problems if p.message == "stage order has a cycle"]
    assert cycle.found is not None
    assert cycle.found.startswith("plan ->")
    assert "offboard -> plan" in cycle.found


def test_dangling_precedes_in_custom_stage() -> None:
    """A custom stage preceding an unknown stage is reported at the file's path."""
    problems = failing(stages=[{"id": "acme_visit", "name": "Visit", "precedes": ["ofboard"]}])
    assert [(p.path, p.hint) for p in problems] == [("stages[0].precedes[0]", "did you mean 'offboard'?")]


def test_cues_are_merged() -> None:
    """Cue phrases in the file are added to the built-in ones."""
    cat = extend(cues={"reactive": ["firefighting"]})
    assert cat.cue_phrases("reactive") == (*catalogue().cue_phrases("reactive"), "firefighting")


def test_extends_misspelt() -> None:
    """Only 'builtin' can be extended; a near miss is suggested."""
    with pytest.raises(CatalogueError) as info:
        loads(json.dumps({"schema_version": 1, "extends": "built-in"}))
    assert info.value.problems[0].hint == "did you mean 'builtin'?"


@pytest.mark.parametrize("key", ["remove", "add_phrases"])
def test_merge_keys_need_extends(key: str) -> None:
    """``remove`` and ``add_phrases`` without ``extends`` are refused."""
    value: object = ["payroll_processing"] if key == "remove" else {"payroll_processing": ["x y"]}
    document = {"schema_version": 1, "activities": [NEW], key: value}
    with pytest.raises(CatalogueError, match="needs 'extends'"):
        loads(json.dumps(document))


def test_failed_merge_is_all_or_nothing() -> None:
    """A merge with one bad part raises; the built-in catalogue is unchanged."""
    before = dumps(catalogue())
    failing(activities=[NEW, {**NEW, "id": "acme_two", "orientation": "sideways"}])
    assert dumps(catalogue()) == before


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_merged_catalogue_round_trips(fmt: str) -> None:
    """A merged catalogue exported in any format loads back equal (standalone)."""
    cat = extend(activities=[NEW], remove=["vacancy_backfill"], add_phrases={"workforce_planning": ["plan heads"]})
    assert loads(dumps(cat, fmt), fmt) == cat  # type: ignore[arg-type]


def test_merge_from_files_with_positions(tmp_path: Path) -> None:
    """A TOML extends file is merged; a problem in it is reported with its line."""
    good = tmp_path / "good.toml"
    good.write_text(
        'schema_version = 1\nextends = "builtin"\nremove = ["vacancy_backfill"]\n\n'
        '[add_phrases]\nworkforce_planning = ["plan heads"]\n',
        encoding="utf-8",
    )
    cat = load_catalogue(good)
    assert "vacancy_backfill" not in cat
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'schema_version = 1\nextends = "builtin"\n\n[[activities]]\nid = "acme_x"\nname = "X"\n'
        'area = "onboarding"\nstages = ["onboard"]\norientation = "reactiv"\nfocus = "strategic"\n'
        'approach = "hr"\nsystems = "established"\ncollaboration = "siloed"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(bad)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.path) == (str(bad), 9, "activities[0].orientation")


def test_yaml_extends_file(tmp_path: Path) -> None:
    """A YAML extends file adds an activity."""
    path = tmp_path / "mine.yaml"
    lines = ["schema_version: 1", "extends: builtin", "activities:"]
    lines += [f"  - {key}: {json.dumps(value)}" if i == 0 else f"    {key}: {json.dumps(value)}"
              for i, (key, value) in enumerate(NEW.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_catalogue(path)["acme_badge_printing"].name == "Acme badge printing"


def test_custom_catalogue_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """examples/custom_catalogue.py runs: the edited export loads and the broken file lists its problems."""
    runpy.run_path(str(Path(__file__).parent.parent / "examples" / "custom_catalogue.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "badge_provisioning -> proactive, transactional, hr, established, multidisciplinary" in out
    assert "did you mean 'area'?" in out
    assert "did you mean 'payroll_processing'?" in out
