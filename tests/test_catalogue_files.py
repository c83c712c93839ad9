"""Tests for reading catalogue files: every bad file gives a located CatalogueError, never a traceback."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peopleops import readers
from peopleops.catalogue import Catalogue, catalogue, dumps, load_catalogue, loads
from peopleops.errors import CatalogueError, PeopleopsError, Problem
from tests.strategies import catalogues


def problems_of(text: str | bytes, fmt: str = "json", source: str = "cat.json") -> tuple[Problem, ...]:
    """Load ``text`` expecting failure; return the problems."""
    with pytest.raises(CatalogueError) as info:
        loads(text, fmt, source=source)  # type: ignore[arg-type]
    assert isinstance(info.value, PeopleopsError)
    assert isinstance(info.value, ValueError)
    return info.value.problems


def one(problems: tuple[Problem, ...], path: str) -> Problem:
    """The single problem at ``path``."""
    hits = [p for p in problems if p.path == path]
    assert len(hits) == 1, problems
    return hits[0]


def minimal(**activity: Any) -> dict[str, Any]:
    """A valid standalone catalogue with one area, two stages and one activity (overridable)."""
    base = {
        "id": "pay_run",
        "name": "Pay run",
        "area": "money",
        "stages": ["work"],
        "orientation": "reactive",
        "focus": "transactional",
        "approach": "hr",
        "systems": "established",
        "collaboration": "siloed",
        "phrases": ["run the payroll"],
    }
    base.update(activity)
    return {
        "schema_version": 1,
        "name": "tiny",
        "areas": [{"id": "money", "name": "Money"}],
        "stages": [{"id": "work", "name": "Work", "precedes": ["leave"]}, {"id": "leave", "name": "Leave"}],
        "activities": [base],
    }


def test_minimal_is_valid() -> None:
    """The helper document used below is itself a valid catalogue."""
    cat = loads(json.dumps(minimal()))
    assert cat.ids == ("pay_run",)


# -- the file itself -------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    """A missing file names the file and says so."""
    with pytest.raises(CatalogueError, match="no such file") as info:
        load_catalogue(tmp_path / "nope.json")
    assert info.value.problems[0].file == str(tmp_path / "nope.json")


def test_directory(tmp_path: Path) -> None:
    """A directory given as the catalogue is refused."""
    folder = tmp_path / "cat.json"
    folder.mkdir()
    with pytest.raises(CatalogueError, match="is a directory"):
        load_catalogue(folder)


def test_directory_without_suffix(tmp_path: Path) -> None:
    """A directory is reported as a directory even when its name has no catalogue suffix."""
    with pytest.raises(CatalogueError, match="is a directory"):
        load_catalogue(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be opened (permission denied) gives a CatalogueError."""
    path = tmp_path / "cat.json"
    path.write_text("{}", encoding="utf-8")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(CatalogueError, match="permission denied"):
        load_catalogue(path)


def test_unknown_suffix(tmp_path: Path) -> None:
    """A file with no known suffix asks for a format."""
    path = tmp_path / "cat.txt"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"\.json, \.toml, \.yaml"):
        load_catalogue(path)


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_empty_file(fmt: str, text: str) -> None:
    """An empty or blank file says it is empty, in every format."""
    (problem,) = problems_of(text, fmt)
    assert problem.message == "file is empty"


def test_yaml_comments_only() -> None:
    """A YAML file holding only comments says it has no document."""
    (problem,) = problems_of("# nothing here\n", "yaml")
    assert "no YAML document" in problem.message


@pytest.mark.parametrize(("text", "fmt"), [('"text"', "json"), ("42", "json"), ("just a string\n", "yaml")])
def test_wrong_top_level_type(text: str, fmt: str) -> None:
    """A document that is not a table is refused, naming what was found."""
    (problem,) = problems_of(text, fmt)
    assert problem.message == "wrong top-level type"
    assert problem.expected == "a table (object)"


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the size cap is refused before it is read."""
    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    with pytest.raises(CatalogueError, match="file too large"):
        load_catalogue(path)


# -- encodings -------------------------------------------------------------------------------


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 BOM is skipped (file and bytes), and a str with U+FEFF too."""
    text = json.dumps(minimal())
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_catalogue(path).ids == ("pay_run",)
    assert loads("\ufeff" + text).ids == ("pay_run",)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_refused_with_hint(encoding: str) -> None:
    """UTF-16 (with or without BOM) is refused with a re-save hint."""
    (problem,) = problems_of(json.dumps(minimal()).encode(encoding))
    assert "UTF-16" in problem.message
    assert problem.hint == "re-save the file as UTF-8"


def test_invalid_utf8_reports_line_and_column() -> None:
    """An invalid UTF-8 byte is reported at its line and column."""
    data = b'{\n  "schema_version": 1,\n  "name": "caf\xe9"\n}'
    (problem,) = problems_of(data)
    assert (problem.message, problem.line, problem.column) == ("invalid UTF-8", 3, 15)


def test_nul_byte_is_refused() -> None:
    """A NUL byte (binary data) is refused with its position."""
    (problem,) = problems_of(b'{"name": "a\x00b"}')
    assert "NUL" in problem.message
    assert problem.line == 1


def test_lone_surrogate_in_json_string() -> None:
    r"""A JSON string escaping a lone surrogate (\ud800) is invalid Unicode."""
    doc = json.dumps(minimal(name="Pay \ud800 run"))
    problem = one(problems_of(doc), "activities[0].name")
    assert "surrogate" in problem.message


# -- syntax ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "line", "column"),
    [
        ('{\n  "schema_version": 1,\n  "name": "x",,\n}', "json", 3, 15),
        ('schema_version = 1\nname = "x\n', "toml", 2, 10),
        ("schema_version: 1\nname: [x\nareas: 3\n", "yaml", 3, 6),
    ],
    ids=["json", "toml", "yaml"],
)
def test_syntax_error_keeps_line_and_column(text: str, fmt: str, line: int, column: int) -> None:
    """A syntax error reports the parser's line and column."""
    (problem,) = problems_of(text, fmt)
    assert "syntax error" in problem.message or "YAML error" in problem.message
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ('{"schema_version": 1,\n "name": "a",\n "name": "b"}', "json", 3),
        ("schema_version: 1\nname: a\nname: b\n", "yaml", 3),
        ('schema_version = 1\nname = "a"\nname = "b"\n', "toml", 3),
    ],
    ids=["json", "yaml", "toml"],
)
def test_duplicate_keys_refused(text: str, fmt: str, line: int) -> None:
    """A key written twice is an error (not silently the last value), with its line."""
    (problem,) = problems_of(text, fmt)
    assert problem.line == line
    assert "duplicate key" in problem.message or "written twice" in (problem.hint or "")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_refused(constant: str) -> None:
    """NaN and Infinity are not JSON and are refused where they stand."""
    text = '{"schema_version": 1,\n "x": ' + constant + "}"
    (problem,) = problems_of(text)
    assert "is not valid JSON" in problem.message
    assert problem.line == 2


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_huge_integer_is_an_error(fmt: str) -> None:
    """An integer too long to convert is a CatalogueError, not a bare ValueError."""
    digits = "9" * 5000
    text = f'{{"schema_version": {digits}}}' if fmt == "json" else f"schema_version = {digits}\n"
    (problem,) = problems_of(text, fmt)
    assert "cannot be read" in problem.message


# -- YAML safety and YAML 1.1 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!python/object:collections.OrderedDict {}",
        "!custom thing",
    ],
)
def test_unsafe_yaml_tags_refused(tag: str) -> None:
    """Tags that would build Python objects are refused with their line, never run."""
    text = f"schema_version: 1\nname: {tag}\n"
    (problem,) = problems_of(text, "yaml")
    assert "refused" in problem.message
    assert problem.line == 2


@pytest.mark.parametrize(
    ("value", "read_as"),
    [("no", "boolean False"), ("1.10", "number 1.1"), ("2024-01-01", "date"), ("on", "boolean True")],
)
def test_yaml_11_coercions_reported_with_original_text(value: str, read_as: str) -> None:
    """Unquoted no / 1.10 / dates where a string is required show the text as written and its line."""
    doc = dumps(loads(json.dumps(minimal())), "yaml").replace("name: Pay run", f"name: {value}")
    problem = one(problems_of(doc, "yaml"), "activities[0].name")
    assert problem.found is not None
    assert problem.found.startswith(f"{value!r}, read as {read_as}")
    assert "quote the value" in (problem.hint or "")
    assert problem.line == doc.splitlines().index(f"  name: {value}") + 1


def test_yaml_boolean_key_reported() -> None:
    """A YAML key such as ``on`` read as a boolean is an unknown key with a quoting hint."""
    doc = "schema_version: 1\non: 3\nactivities: []\n"
    problem = one(problems_of(doc, "yaml"), "True")
    assert "quote the value" in (problem.hint or "")
    assert problem.line == 2


def test_yaml_alias_bomb_refused() -> None:
    """A billion-laughs document is refused by the node cap, quickly."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["schema_version: 1", "activities: *a9"]
    (problem,) = problems_of("\n".join(lines), "yaml")
    assert "alias bomb" in problem.message


def test_yaml_recursive_alias_refused() -> None:
    """A self-referencing YAML list is refused (depth or node cap), not looped over forever."""
    (problem,) = problems_of("schema_version: 1\nactivities: &a [*a]\n", "yaml")
    assert problem.message in {"nesting too deep", "document too large (too many values, or a YAML alias bomb)"}


@pytest.mark.parametrize("fmt", ["json", "yaml", "toml"])
@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_refused(fmt: str, depth: int) -> None:
    """Absurd nesting gives 'nesting too deep' (or a syntax error), never RecursionError."""
    nested = "[" * depth + "]" * depth
    text = {"json": f'{{"x": {nested}}}', "yaml": f"x: {nested}\n", "toml": f"x = {nested}\n"}[fmt]
    problems = problems_of(text, fmt)
    assert len(problems) == 1
    assert "too deep" in problems[0].message or "error" in problems[0].message


def test_node_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document with more values than the node cap is refused with the cap in the message."""
    monkeypatch.setattr(readers, "MAX_NODES", 50)
    (problem,) = problems_of(json.dumps({"schema_version": 1, "x": list(range(100))}))
    assert problem.expected == "at most 50 values"


# -- schema ------------------------------------------------------------------------------------


def test_schema_version_missing_or_wrong() -> None:
    """schema_version is required and must be 1."""
    doc = minimal()
    del doc["schema_version"]
    assert any("schema_version" in p.message for p in problems_of(json.dumps(doc)))
    doc["schema_version"] = 2
    assert one(problems_of(json.dumps(doc)), "schema_version").found == "integer 2"


def test_unknown_keys_suggest_close_matches() -> None:
    """Misspelt keys at the top and in an activity are reported with a suggestion and position."""
    doc = minimal(are="money")
    doc["activites"] = []
    text = json.dumps(doc, indent=2)
    problems = problems_of(text)
    top = one(problems, "activites")
    assert top.hint == "did you mean 'activities'?"
    inner = one(problems, "activities[0].are")
    assert inner.hint == "did you mean 'area'?"
    assert inner.line == text.splitlines().index('      "are": "money"') + 1


def test_missing_required_fields_each_reported() -> None:
    """Every missing required key of an activity is reported, not only the first."""
    problems = problems_of(json.dumps({"schema_version": 1, "activities": [{"id": "x"}]}))
    missing = {p.message for p in problems if p.path == "activities[0]"}
    assert "missing required key 'name'" in missing
    assert "missing required key 'collaboration'" in missing
    assert len(missing) == 8  # every required key but the id


def test_invalid_pole_and_area_values() -> None:
    """A misspelt pole and an unknown area are reported with suggestions."""
    problems = problems_of(json.dumps(minimal(orientation="reactiv", area="mony")))
    pole = one(problems, "activities[0].orientation")
    assert (pole.found, pole.hint) == ("'reactiv'", "did you mean 'reactive'?")
    area = one(problems, "activities[0].area")
    assert (area.found, area.hint) == ("'mony'", "did you mean 'money'?")


def test_wrong_types_reported() -> None:
    """A list where a string is expected, a string where a list is expected, a bad strength."""
    doc = minimal(name=["Pay"], stages="work", strength={"focus": 2, "orientation": "high"}, legal_emphasis="yes")
    problems = problems_of(json.dumps(doc))
    assert one(problems, "activities[0].name").found == "list"
    assert one(problems, "activities[0].stages").expected == "a list"
    assert one(problems, "activities[0].strength.focus").message == "out of range"
    assert one(problems, "activities[0].strength.orientation").message == "wrong type"
    assert one(problems, "activities[0].legal_emphasis").expected == "a boolean"


@pytest.mark.parametrize("twin", ["Pay_run", "ｐａｙ_ｒｕｎ", "pay_run"], ids=["case", "nfkc", "same"])
def test_duplicate_ids_including_case_and_unicode_form(twin: str) -> None:
    """Ids equal after case folding or NFKC are duplicates (reported at the second)."""
    doc = minimal()
    doc["activities"].append({**doc["activities"][0], "id": twin, "phrases": [], "name": "Other"})
    problems = problems_of(json.dumps(doc))
    dup = [p for p in problems if p.message == "duplicate activity id"]
    assert [p.path for p in dup] == ["activities[1].id"]


def test_duplicate_area_and_stage_ids() -> None:
    """Areas and stages with repeated ids are reported."""
    doc = minimal()
    doc["areas"].append({"id": "money", "name": "Money again"})
    doc["stages"].append({"id": "Work", "name": "Work again"})
    problems = problems_of(json.dumps(doc))
    assert one(problems, "areas[1].id").message == "duplicate area id"
    assert "duplicate stage id" in {p.message for p in problems if p.path == "stages[2].id"}


def test_dangling_counterpart_and_reference() -> None:
    """A counterpart to an unknown activity and an unknown framework element are reported."""
    doc = minimal(counterparts=["workshop"], references=["apqc:99999", "nope:1"])
    problems = problems_of(json.dumps(doc))
    assert one(problems, "activities[0].counterparts[0]").message == "unknown activity"
    assert one(problems, "activities[0].references[0]").message == "unknown framework reference"
    assert "unknown framework" in one(problems, "activities[0].references[1]").message


def test_counterpart_must_be_proactive() -> None:
    """A reactive activity's counterpart that is not proactive is an error."""
    doc = minimal(counterparts=["audit"])
    other = {**doc["activities"][0], "id": "audit", "name": "Audit", "phrases": ["audit pay"]}
    doc["activities"].append(other)
    problem = one(problems_of(json.dumps(doc)), "activities[0].counterparts[0]")
    assert "must link a reactive activity to a proactive one" in problem.message
    assert problem.found == "reactive -> reactive"


def test_stage_cycle_reported() -> None:
    """A cycle in the stages' precedes order is an error that shows the cycle."""
    doc = minimal()
    doc["stages"][1]["precedes"] = ["work"]
    problem = one(problems_of(json.dumps(doc, indent=2)), "stages")
    assert problem.found == "work -> leave -> work"
    assert problem.line == 10


@pytest.mark.parametrize("phrase", ["", "   ", "!!! ???"])
def test_empty_phrases_reported(phrase: str) -> None:
    """Empty phrases and phrases without any word are errors."""
    problems = problems_of(json.dumps(minimal(phrases=["ok phrase", phrase])))
    assert one(problems, "activities[0].phrases[1]").message in {"empty string", "phrase has no words"}


def test_colliding_phrases_reported() -> None:
    """Two activities whose phrases normalise to the same words collide."""
    doc = minimal()
    other = {**doc["activities"][0], "id": "other", "name": "Other", "phrases": ["Running the payrolls"]}
    doc["activities"].append(other)
    problem = one(problems_of(json.dumps(doc)), "activities[1].phrases[0]")
    assert problem.message == "phrase collides with another activity's phrase"
    assert "'pay_run'" in (problem.found or "")


def test_every_problem_reported_at_once() -> None:
    """Schema and cross-reference problems come together; a broken activity causes no cascade."""
    doc = minimal(counterparts=["broken"], area="mony")
    doc["activities"].append({"id": "broken", "name": 3})
    problems = problems_of(json.dumps(doc))
    paths = {p.path for p in problems}
    assert "activities[0].area" in paths  # cross-check reported with the schema problems
    assert "activities[1].name" in paths
    assert "activities[0].counterparts[0]" not in paths  # 'broken' exists, it just failed its checks


def test_problems_in_file_order_with_list_hint() -> None:
    """Problems are sorted by line; a string where a list belongs suggests the list."""
    doc = minimal(stages="work", orientation="reactiv")
    problems = problems_of(json.dumps(doc, indent=2))
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)
    assert one(problems, "activities[0].stages").hint == "write a list: ['work']"


def test_no_activities() -> None:
    """A standalone catalogue with an empty activity list is refused."""
    doc = minimal()
    doc["activities"] = []
    assert one(problems_of(json.dumps(doc)), "activities").message == "no activities"


def test_bare_list_of_activities_accepted() -> None:
    """A JSON array is read as the activities of a catalogue (and located as such)."""
    problems = problems_of(json.dumps([{"id": "x"}], indent=1))
    assert problems[0].path == "activities[0]"
    assert problems[0].line == 2


# -- positions per format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_problems_located_in_every_format(fmt: str) -> None:
    """A bad pole in an exported catalogue is reported on the line that holds it."""
    text = dumps(loads(json.dumps(minimal())), fmt)  # type: ignore[arg-type]
    bad = text.replace("reactive", "reactiv", 1)
    problem = one(problems_of(bad, fmt), "activities[0].orientation")
    line = next(i for i, row in enumerate(bad.splitlines(), start=1) if "reactiv" in row)
    assert problem.line == line
    assert problem.file == "cat.json"


def test_toml_array_items_located() -> None:
    """In TOML, items of one-line and multi-line arrays and subtable keys get their own line."""
    text = dumps(loads(json.dumps(minimal(phrases=["run the payroll", "pay people"]))), "toml")
    bad = text.replace('"pay people"', '""')
    phrase = one(problems_of(bad, "toml"), "activities[0].phrases[1]")
    assert bad.splitlines()[(phrase.line or 0) - 1].strip() == '"",'
    inline = 'schema_version = 1\n[[activities]]\nid = "x"\nstages = ["a", 3]\n'
    stage = one(problems_of(inline, "toml"), "activities[0].stages[1]")
    assert (stage.line, stage.column) == (4, 16)
    strength = bad.replace("focus = 0.5", "focus = 7")
    problem = one(problems_of(strength, "toml"), "activities[0].strength.focus")
    assert strength.splitlines()[(problem.line or 0) - 1] == "focus = 7"


# -- never a half-loaded catalogue, only CatalogueError ------------------------------------------


def test_failed_load_leaves_builtin_untouched() -> None:
    """A failing extends file changes nothing in the shared built-in catalogue."""
    before = dumps(catalogue())
    doc = {"schema_version": 1, "extends": "builtin", "remove": ["payroll_processing"], "activities": [{"id": "x"}]}
    problems_of(json.dumps(doc))
    assert dumps(catalogue()) == before
    assert "payroll_processing" in catalogue()


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
_JSONISH = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(st.text(max_size=200), st.sampled_from(["json", "toml", "yaml"]))
@settings(max_examples=300)
def test_fuzz_arbitrary_text_only_catalogue_error(text: str, fmt: str) -> None:
    """Any text in any format loads or raises CatalogueError, nothing else."""
    with contextlib.suppress(CatalogueError):
        loads(text, fmt)  # type: ignore[arg-type]


@given(st.binary(max_size=200))
@settings(max_examples=200)
def test_fuzz_arbitrary_bytes_only_catalogue_error(data: bytes) -> None:
    """Any bytes load or raise CatalogueError, nothing else."""
    with contextlib.suppress(CatalogueError):
        loads(data, "yaml")


@given(_JSONISH)
@settings(max_examples=300)
def test_fuzz_arbitrary_documents_only_catalogue_error(document: object) -> None:
    """Any JSON-like document loads or raises CatalogueError."""
    with contextlib.suppress(CatalogueError):
        loads(json.dumps(document))


_KEYS = ["id", "name", "area", "stages", "orientation", "phrases", "counterparts", "prevents", "references",
         "strength", "legal_emphasis", "description", "extends", "remove", "add_phrases"]


@given(st.lists(st.tuples(st.sampled_from(_KEYS), _JSONISH), min_size=1, max_size=4), st.booleans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_mutated_valid_document(changes: list[tuple[str, object]], extends: bool) -> None:
    """A valid document with random values put into an activity or the top raises only CatalogueError."""
    doc = copy.deepcopy(minimal())
    if extends:
        doc["extends"] = "builtin"
    for key, value in changes:
        target = doc if key in {"extends", "remove", "add_phrases"} else doc["activities"][0]
        target[key] = value
    with contextlib.suppress(CatalogueError):
        loads(json.dumps(doc))


# -- round trips -------------------------------------------------------------------------------


@given(catalogues(), st.sampled_from(["json", "toml", "yaml"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_is_identity(cat: Catalogue, fmt: str) -> None:
    """Writing with dumps and reading with loads gives back an equal catalogue in every format."""
    assert loads(dumps(cat, fmt), fmt) == cat  # type: ignore[arg-type]


_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@given(_ANY_TEXT, _ANY_TEXT.filter(str.strip), st.sampled_from(["json", "toml", "yaml"]))
@settings(max_examples=200, deadline=None)
def test_round_trip_any_text(description: str, area_name: str, fmt: str) -> None:
    """Descriptions and names with any characters (controls, NEL, U+2028, quotes) survive a round trip."""
    cat = loads(json.dumps(minimal(description=description)))
    cat = Catalogue(cat.activities, [attrs.evolve(cat.areas[0], name=area_name)], cat.stages, name=area_name)
    assert loads(dumps(cat, fmt), fmt) == cat  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_builtin_round_trip(fmt: str) -> None:
    """The built-in catalogue exported in each format loads back equal."""
    assert loads(dumps(catalogue(), fmt), fmt) == catalogue()  # type: ignore[arg-type]


def test_duplicate_list_entries_are_reported() -> None:
    """A stage, link or reference listed twice in one activity is a problem with its path."""
    from peopleops.catalogue import catalogue as builtin
    from peopleops.catalogue import loads

    item = builtin()["dispute_mediation"].to_mapping()
    item.update(id="twice_listed", name="Twice listed", phrases=["listed twice for a test"],
                stages=["relate", "relate"], references=["apqc:10531", "apqc:10531"], counterparts=[], prevents=[])
    with pytest.raises(CatalogueError) as info:
        loads(json.dumps({"schema_version": 1, "extends": "builtin", "activities": [item]}), "json")
    paths = {p.path for p in info.value.problems if p.message == "duplicate entry"}
    assert {"activities[0].stages[1]", "activities[0].references[1]"} <= paths


def test_dumps_rejects_an_unknown_format_with_a_package_error() -> None:
    """dumps() to an unknown format raises CatalogueError (a ValueError) naming it."""
    from peopleops.catalogue import catalogue as builtin
    from peopleops.catalogue import dumps

    with pytest.raises(CatalogueError, match="'xml'"):
        dumps(builtin(), "xml")  # type: ignore[arg-type]


def test_phrases_colliding_once_function_words_are_skipped() -> None:
    """Phrases that differ only in function words read the same to the matcher, so they collide."""
    doc = minimal()
    other = {**doc["activities"][0], "id": "other", "name": "Other", "phrases": ["run of the payroll"]}
    doc["activities"].append(other)
    problem = one(problems_of(json.dumps(doc)), "activities[1].phrases[0]")
    assert problem.message == "phrase collides with another activity's phrase"


def test_phrase_of_function_words_only_reported() -> None:
    """A phrase made only of function words ('IT' folds to 'it') could never match: an error."""
    problem = one(problems_of(json.dumps(minimal(phrases=["ok phrase", "IT"]))), "activities[0].phrases[1]")
    assert problem.message == "phrase has only function words, which matching skips"
    assert problem.found == "'IT'"
