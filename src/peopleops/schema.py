"""The catalogue file schema, and the checks that turn a parsed document into parts.

A catalogue file (JSON, TOML or YAML) holds one object. This module checks that object
against the schema below and collects *every* problem it finds, each with its key path,
what was expected and what was found, instead of stopping at the first.

Top-level keys (``schema_version`` and ``activities`` required, unless ``extends`` is set):

========================  ===================================================================
``schema_version``        integer, must be ``1``
``name``                  string: the catalogue's name
``description``           string
``extends``               ``"builtin"``: start from the built-in catalogue and merge this file
``areas``                 list of ``{id, name, description?}``
``stages``                list of ``{id, name, description?, precedes?: [stage ids]}``
``cues``                  table from a pole (``reactive`` ...) or ``not_hr`` to a list of phrases
``activities``            list of activity tables (below); with ``extends``, same id overrides
``remove``                list of activity ids to drop from the base (with ``extends`` only)
``add_phrases``           table from activity id to extra phrases (with ``extends`` only)
========================  ===================================================================

Activity keys: ``id``, ``name``, ``area``, ``stages``, and one pole per axis (``orientation``,
``focus``, ``approach``, ``systems``, ``collaboration``) are required; ``description``,
``strength`` (table from axis to a number in ``(0, 1]``, default 0.5), ``legal_emphasis``
(boolean), ``phrases``, ``counterparts``, ``prevents`` and ``references``
(``framework:id`` strings) are optional.

>>> parts = check_document({"schema_version": 1, "activities": [{"id": "x"}]})
>>> print(parts.problems[0])
activities[0]: missing required key 'name' (expected a non-empty string; found no such key)
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from peopleops._text import close_matches
from peopleops.errors import Problem
from peopleops.model import AXES, ID_PATTERN, POLES, Activity, Area, Axis, Reference, Stage

__all__ = [
    "ACTIVITY_KEYS",
    "CUE_KEYS",
    "SCHEMA_VERSION",
    "TOP_KEYS",
    "Parts",
    "check_document",
]

SCHEMA_VERSION = 1
"""The catalogue file schema version this release reads and writes."""

TOP_KEYS = (
    "schema_version",
    "name",
    "description",
    "extends",
    "areas",
    "stages",
    "cues",
    "activities",
    "remove",
    "add_phrases",
)
AREA_KEYS = ("id", "name", "description")
STAGE_KEYS = ("id", "name", "description", "precedes")
ACTIVITY_KEYS = (
    "id",
    "name",
    "description",
    "area",
    "stages",
    *(axis.value for axis in Axis),
    "strength",
    "legal_emphasis",
    "phrases",
    "counterparts",
    "prevents",
    "references",
)
_REQUIRED_ACTIVITY_KEYS = ("id", "name", "area", "stages", *(axis.value for axis in Axis))
_EXPECTED = {
    "id": "a lower_snake_case id",
    "name": "a non-empty string",
    "area": "an area id",
    "stages": "a list of stage ids",
    **{axis.value: " or ".join(member.value for member in enum) for axis, enum in AXES.items()},
}
CUE_KEYS = (*POLES, "not_hr")
"""Keys allowed in ``cues``: every pole string, and ``not_hr`` for non-HR context words."""


@attrs.frozen
class Parts:
    """What a document holds once checked: model objects plus every problem found.

    ``activity_paths``, ``area_paths`` and ``stage_paths`` map each id written in the file
    (also ids of entries that failed their checks) to its key path, for later cross-checks.
    """

    name: str | None = None
    description: str = ""
    extends: str | None = None
    areas: tuple[Area, ...] = ()
    stages: tuple[Stage, ...] = ()
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    activities: tuple[Activity, ...] = ()
    remove: tuple[str, ...] = ()
    add_phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    activity_paths: Mapping[str, str] = attrs.field(factory=dict)
    area_paths: Mapping[str, str] = attrs.field(factory=dict)
    stage_paths: Mapping[str, str] = attrs.field(factory=dict)
    problems: tuple[Problem, ...] = ()


_SURROGATE = re.compile("[\ud800-\udfff]")


def describe(value: object) -> str:
    """Describe a received value for a message: its type, and the value when short."""
    kind = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "table",
        type(None): "null",
    }.get(type(value), type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    text = repr(value)
    return f"{kind} {text}" if len(text) <= 60 else f"{kind} {text[:57]}...'"


def _coercion_hint(value: object) -> str | None:
    if isinstance(value, bool | int | float | dt.date | dt.datetime):
        return (
            "quote the value: unquoted yes/no/on/off, numbers such as 1.10 and dates are "
            "read as other types (YAML 1.1)"
        )
    return None


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, **details: Any) -> None:
        self.problems.append(Problem(path, message, **details))

    def keys(self, table: Mapping[str, Any], allowed: Sequence[str], path: str) -> None:
        for key in table:
            if key not in allowed:
                hints = close_matches(str(key), allowed, n=1)
                hint = f"did you mean {hints[0]!r}?" if hints else None
                if not isinstance(key, str):
                    hint = _coercion_hint(key) or "keys must be strings"
                self.add(
                    f"{path}.{key}" if path else str(key),
                    "unknown key",
                    expected="one of " + ", ".join(allowed),
                    found=describe(key) if not isinstance(key, str) else repr(key),
                    hint=hint,
                )

    def string(self, value: object, path: str, *, empty: bool = False) -> str | None:
        if isinstance(value, str) and _SURROGATE.search(value):
            self.add(path, "invalid Unicode (a lone surrogate)", expected="valid Unicode text", found=ascii(value)[:60])
            return None
        if isinstance(value, str) and (empty or value.strip()):
            return value
        if isinstance(value, str):
            self.add(path, "empty string", expected="a non-empty string", found=repr(value))
        else:
            self.add(
                path,
                "wrong type",
                expected="a string",
                found=describe(value),
                hint=_coercion_hint(value),
            )
        return None

    def ident(self, value: object, path: str) -> str | None:
        text = self.string(value, path)
        if text is not None and not ID_PATTERN.match(text):
            self.add(path, "invalid id", expected="a lower_snake_case id", found=repr(text))
            return None
        return text

    def table(self, value: object, path: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, "wrong type", expected="a table (object)", found=describe(value))
        return None

    def array(self, value: object, path: str) -> list[Any] | None:
        if isinstance(value, list | tuple):
            return list(value)
        hint = f"write a list: [{value!r}]" if isinstance(value, str) else None
        self.add(path, "wrong type", expected="a list", found=describe(value), hint=hint)
        return None

    def strings(
        self, value: object, path: str, item: Callable[..., str | None], *, unique: bool = False
    ) -> list[str]:
        items = self.array(value, path)
        if items is None:
            return []
        checked = [item(element, f"{path}[{index}]") for index, element in enumerate(items)]
        if unique:
            first: dict[str, int] = {}
            for index, text in enumerate(checked):
                if text is None:
                    continue
                if text in first:
                    self.add(
                        f"{path}[{index}]",
                        "duplicate entry",
                        expected=f"each entry once; {path}[{first[text]}] has it already",
                        found=repr(text),
                    )
                else:
                    first[text] = index
        return [text for text in checked if text is not None]

    def choice(self, value: object, path: str, allowed: Sequence[str], what: str) -> str | None:
        text = self.string(value, path)
        if text is None:
            return None
        if text not in allowed:
            hints = close_matches(text, allowed, n=1)
            self.add(
                path,
                f"invalid {what}",
                expected="one of " + ", ".join(allowed),
                found=repr(text),
                hint=f"did you mean {hints[0]!r}?" if hints else None,
            )
            return None
        return text

    def required(self, table: Mapping[str, Any], keys: Sequence[str], path: str) -> bool:
        missing = [key for key in keys if key not in table]
        for key in missing:
            self.add(path, f"missing required key {key!r}", expected=_EXPECTED.get(key, "a value"), found="no such key")
        return not missing

    def unique(self, ids: Sequence[tuple[str, str]], what: str) -> None:
        """Flag ids repeated, including ids equal once case and Unicode form are folded."""
        seen: dict[str, tuple[str, str]] = {}
        for ident, path in ids:
            folded = unicodedata.normalize("NFKC", ident).casefold()
            if folded in seen:
                first, first_path = seen[folded]
                same = "the same" if first == ident else "an equivalent (case or Unicode form)"
                self.add(
                    path,
                    f"duplicate {what} id",
                    expected=f"a unique id; {same} id is at {first_path}",
                    found=repr(ident),
                )
            else:
                seen[folded] = (ident, path)


def _number(checker: _Checker, value: object, path: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        checker.add(path, "wrong type", expected="a number in (0, 1]", found=describe(value))
        return None
    number = float(value)
    if math.isnan(number) or not 0.0 < number <= 1.0:
        checker.add(path, "out of range", expected="a number in (0, 1]", found=repr(value))
        return None
    return number


def _check_activity(checker: _Checker, raw: object, path: str) -> Activity | None:
    table = checker.table(raw, path)
    if table is None:
        return None
    before = len(checker.problems)
    checker.keys(table, ACTIVITY_KEYS, path)
    checker.required(table, _REQUIRED_ACTIVITY_KEYS, path)
    data: dict[str, Any] = {}
    if "id" in table:
        data["id"] = checker.ident(table["id"], f"{path}.id")
    for key in ("name",):
        if key in table:
            data[key] = checker.string(table[key], f"{path}.{key}")
    if "description" in table:
        data["description"] = checker.string(table["description"], f"{path}.description", empty=True)
    if "area" in table:
        data["area"] = checker.ident(table["area"], f"{path}.area")
    if "stages" in table:
        data["stages"] = checker.strings(table["stages"], f"{path}.stages", checker.ident, unique=True)
        if not data["stages"] and isinstance(table["stages"], list) and not table["stages"]:
            checker.add(f"{path}.stages", "empty list", expected="at least one stage id")
    for axis, enum in AXES.items():
        if axis.value in table:
            poles = [member.value for member in enum]
            data[axis.value] = checker.choice(table[axis.value], f"{path}.{axis}", poles, f"{axis} pole")
    if "strength" in table:
        strengths = checker.table(table["strength"], f"{path}.strength")
        if strengths is not None:
            checker.keys(strengths, [axis.value for axis in Axis], f"{path}.strength")
            data["strength"] = {
                key: _number(checker, value, f"{path}.strength.{key}")
                for key, value in strengths.items()
            }
    if "legal_emphasis" in table and not isinstance(table["legal_emphasis"], bool):
        checker.add(
            f"{path}.legal_emphasis",
            "wrong type",
            expected="a boolean",
            found=describe(table["legal_emphasis"]),
        )
    else:
        data["legal_emphasis"] = table.get("legal_emphasis", False)
    if "phrases" in table:
        data["phrases"] = checker.strings(table["phrases"], f"{path}.phrases", checker.string)
    for key in ("counterparts", "prevents"):
        if key in table:
            data[key] = checker.strings(table[key], f"{path}.{key}", checker.ident, unique=True)
    if "references" in table:
        refs = checker.strings(table["references"], f"{path}.references", checker.string, unique=True)
        parsed = []
        for index, text in enumerate(refs):
            try:
                parsed.append(Reference.parse(text))
            except ValueError as error:
                checker.add(f"{path}.references[{index}]", str(error), expected="'framework:id'")
        data["references"] = parsed
    if len(checker.problems) > before:
        return None
    return Activity.from_mapping(data)


def _check_list(
    checker: _Checker,
    document: Mapping[str, Any],
    key: str,
    build: Callable[[_Checker, object, str], Any],
) -> list[Any]:
    if key not in document:
        return []
    items = checker.array(document[key], key)
    if items is None:
        return []
    built = [build(checker, item, f"{key}[{index}]") for index, item in enumerate(items)]
    return [item for item in built if item is not None]


def _check_area(checker: _Checker, raw: object, path: str) -> Area | None:
    table = checker.table(raw, path)
    if table is None:
        return None
    before = len(checker.problems)
    checker.keys(table, AREA_KEYS, path)
    checker.required(table, ("id", "name"), path)
    ident = checker.ident(table.get("id", "x"), f"{path}.id")
    name = checker.string(table.get("name", "x"), f"{path}.name")
    description = checker.string(table.get("description", ""), f"{path}.description", empty=True)
    if len(checker.problems) > before or ident is None or name is None:
        return None
    return Area(ident, name, description or "")


def _check_stage(checker: _Checker, raw: object, path: str) -> Stage | None:
    table = checker.table(raw, path)
    if table is None:
        return None
    before = len(checker.problems)
    checker.keys(table, STAGE_KEYS, path)
    checker.required(table, ("id", "name"), path)
    ident = checker.ident(table.get("id", "x"), f"{path}.id")
    name = checker.string(table.get("name", "x"), f"{path}.name")
    description = checker.string(table.get("description", ""), f"{path}.description", empty=True)
    precedes = checker.strings(table.get("precedes", []), f"{path}.precedes", checker.ident)
    if len(checker.problems) > before or ident is None or name is None:
        return None
    return Stage(ident, name, description or "", precedes)


def _phrase_table(
    checker: _Checker, document: Mapping[str, Any], key: str, allowed: Sequence[str] | None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if key not in document:
        return ()
    table = checker.table(document[key], key)
    if table is None:
        return ()
    if allowed is not None:
        checker.keys(table, allowed, key)
    pairs = []
    for name, phrases in table.items():
        if allowed is None and checker.ident(name, f"{key}.{name}") is None:
            continue
        if allowed is not None and name not in allowed:
            continue
        items = checker.strings(phrases, f"{key}.{name}", checker.string)
        pairs.append((str(name), tuple(items)))
    return tuple(pairs)


def _raw_ids(items: object, key: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The string ids written in a list of tables, with their paths (first one wins)."""
    paths: dict[str, str] = {}
    ids: list[tuple[str, str]] = []
    if isinstance(items, list):
        for index, raw in enumerate(items):
            if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
                ids.append((raw["id"], f"{key}[{index}].id"))
                paths.setdefault(raw["id"], f"{key}[{index}]")
    return paths, ids


def check_document(document: object) -> Parts:
    """Check a parsed catalogue document; return its parts and every problem found.

    Cross-references between activities (areas, stages, counterparts, references) are
    checked later, by :func:`peopleops.catalogue.check_parts`, once the base catalogue of
    an ``extends`` file is known.
    """
    checker = _Checker()
    if isinstance(document, list):
        # A bare array of activities is accepted as a catalogue of just those activities.
        document = {"schema_version": SCHEMA_VERSION, "activities": document}
    if not isinstance(document, Mapping):
        checker.add("", "wrong top-level type", expected="a table (object)", found=describe(document))
        return Parts(problems=tuple(checker.problems))
    checker.keys(document, TOP_KEYS, "")
    if "schema_version" not in document:
        checker.add("", "missing required key 'schema_version'", expected=str(SCHEMA_VERSION))
    elif document["schema_version"] != SCHEMA_VERSION or isinstance(document["schema_version"], bool):
        checker.add(
            "schema_version",
            "unsupported schema version",
            expected=str(SCHEMA_VERSION),
            found=describe(document["schema_version"]),
        )
    extends = None
    if "extends" in document:
        extends = checker.choice(document["extends"], "extends", ["builtin"], "base catalogue")
    elif "activities" not in document:
        checker.add("", "missing required key 'activities'", expected="a list of activities")
    name = checker.string(document["name"], "name") if "name" in document else None
    description = ""
    if "description" in document:
        description = checker.string(document["description"], "description", empty=True) or ""
    for key in ("remove", "add_phrases"):
        if key in document and extends is None and "extends" not in document:
            checker.add(key, f"{key!r} needs 'extends'", expected="extends = 'builtin'")

    areas = _check_list(checker, document, "areas", _check_area)
    stages = _check_list(checker, document, "stages", _check_stage)
    raw_activities = document.get("activities", [])
    activities = _check_list(checker, document, "activities", _check_activity)
    if "extends" not in document and "activities" in document and raw_activities == []:
        checker.add("activities", "no activities", expected="at least one activity")
    paths, ids = _raw_ids(raw_activities, "activities")
    checker.unique(ids, "activity")
    area_paths, area_ids = _raw_ids(document.get("areas"), "areas")
    checker.unique(area_ids, "area")
    stage_paths, stage_ids = _raw_ids(document.get("stages"), "stages")
    checker.unique(stage_ids, "stage")
    remove = checker.strings(document.get("remove", []), "remove", checker.ident)
    return Parts(
        name=name,
        description=description,
        extends=extends,
        areas=tuple(areas),
        stages=tuple(stages),
        cues=_phrase_table(checker, document, "cues", CUE_KEYS),
        activities=tuple(activities),
        remove=tuple(remove),
        add_phrases=_phrase_table(checker, document, "add_phrases", None),
        activity_paths=paths,
        area_paths=area_paths,
        stage_paths=stage_paths,
        problems=tuple(checker.problems),
    )
