"""The catalogue: an immutable, indexed collection of activities, areas and stages.

:func:`catalogue` returns the built-in catalogue (loaded once from the package data);
:func:`load_catalogue` reads a user's file (JSON, TOML or YAML), optionally merged into the
built-in one. Both go through the same checks, so a catalogue that exists is valid.

>>> cat = catalogue()
>>> cat["dispute_mediation"].orientation.pole
<Orientation.REACTIVE: 'reactive'>
>>> [a.id for a in cat.counterparts("dispute_mediation")][:1]
['conflict_resolution_workshops']
>>> cat.get("no_such_activity") is None
True
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, overload

import attrs

from peopleops import frameworks, readers
from peopleops._text import close_matches
from peopleops.errors import CatalogueError, Problem, UnknownIdError
from peopleops.model import ID_PATTERN, Activity, Area, Orientation, Pole, Reference, Stage, parse_pole
from peopleops.normalize import base_key, match_key, phrase_key
from peopleops.schema import CUE_KEYS, SCHEMA_VERSION, Parts, check_document

__all__ = [
    "Catalogue",
    "catalogue",
    "check_parts",
    "dumps",
    "load_catalogue",
    "loads",
]

Format = Literal["json", "toml", "yaml"]
FORMATS: tuple[Format, ...] = ("json", "toml", "yaml")
_SUFFIXES: Mapping[str, Format] = {".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}


def _link(activities: Iterable[Activity]) -> tuple[Activity, ...]:
    """Make counterpart links two-way: ``a.counterparts`` holds ``b`` iff ``b.prevents`` holds ``a``.

    Links to unknown ids are kept as written so that validation can report them.
    The function is idempotent, so a catalogue written out and read back is equal.
    """
    items = tuple(activities)
    known = {activity.id for activity in items}
    counterparts: dict[str, list[str]] = defaultdict(list)
    prevents: dict[str, list[str]] = defaultdict(list)
    for activity in items:
        counterparts[activity.id].extend(activity.counterparts)
        prevents[activity.id].extend(activity.prevents)
    # Declared links first, then the inverse ones: the order is then stable under a round trip.
    for activity in items:
        for target in activity.counterparts:
            if target in known:
                prevents[target].append(activity.id)
        for target in activity.prevents:
            if target in known:
                counterparts[target].append(activity.id)
    linked = []
    for activity in items:
        new_counterparts = tuple(dict.fromkeys(counterparts[activity.id]))
        new_prevents = tuple(dict.fromkeys(prevents[activity.id]))
        if new_counterparts != activity.counterparts or new_prevents != activity.prevents:
            activity = attrs.evolve(activity, counterparts=new_counterparts, prevents=new_prevents)
        linked.append(activity)
    return tuple(linked)


CueTable = tuple[tuple[str, tuple[str, ...]], ...]


def _cues(value: Iterable[tuple[str, Iterable[str]]] | Mapping[str, Iterable[str]]) -> CueTable:
    pairs = value.items() if isinstance(value, Mapping) else value
    merged: dict[str, list[str]] = defaultdict(list)
    for key, phrases in pairs:
        merged[key].extend(phrases)
    return tuple((key, tuple(dict.fromkeys(merged[key]))) for key in CUE_KEYS if key in merged)


def _areas(value: Iterable[Area]) -> tuple[Area, ...]:
    return tuple(value)


def _stages(value: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(value)


def _find_cycle(stages: Iterable[Stage]) -> list[str] | None:
    graph = {stage.id: stage.precedes for stage in stages}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt in graph and nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for node in graph:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def check_parts(
    activities: tuple[Activity, ...],
    areas: Iterable[Area],
    stages: Iterable[Stage],
    where: Callable[[str], str] | None = None,
    *,
    stage_where: Callable[[str], str] | None = None,
    declared: Container[str] = (),
) -> list[Problem]:
    """Cross-check a set of activities against each other and their areas and stages.

    Returns every problem found: unknown areas, stages or framework references; dangling
    counterpart links or links that do not go from reactive to proactive; duplicate ids;
    stage order cycles; phrases that are empty once normalised or shared by two activities.
    ``where`` maps an activity id to the key path reported (default ``activities[i]``),
    ``stage_where`` a stage id (default ``stages[i]``). Ids in ``declared`` (written in the
    file, but dropped because of problems already reported) are not reported as unknown.
    """
    areas = tuple(areas)
    stages = tuple(stages)
    index = {activity.id: i for i, activity in reversed(list(enumerate(activities)))}
    locate = where or (lambda ident: f"activities[{index.get(ident, '?')}]")
    stage_index = {stage.id: i for i, stage in reversed(list(enumerate(stages)))}
    locate_stage = stage_where or (lambda ident: f"stages[{stage_index.get(ident, '?')}]")
    problems: list[Problem] = []
    area_ids = [area.id for area in areas]
    stage_ids = [stage.id for stage in stages]
    by_id: dict[str, Activity] = {}
    owners: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}

    def unknown(path: str, what: str, value: str, pool: Iterable[str]) -> None:
        if what != "framework reference" and value in declared:
            return
        hints = close_matches(value, pool, n=1)
        problems.append(
            Problem(
                path,
                f"unknown {what}",
                expected=f"the id of a known {what}" if what != "framework reference"
                else "an element of peopleops.frameworks",
                found=repr(value),
                hint=f"did you mean {hints[0]!r}?" if hints else None,
            )
        )

    for activity in activities:
        path = locate(activity.id)
        if activity.id in by_id:
            problems.append(Problem(f"{path}.id", "duplicate activity id", found=repr(activity.id)))
        by_id[activity.id] = activity
    for activity in activities:
        path = locate(activity.id)
        if activity.area not in area_ids:
            unknown(f"{path}.area", "area", activity.area, area_ids)
        for i, stage_id in enumerate(activity.stages):
            if stage_id not in stage_ids:
                unknown(f"{path}.stages[{i}]", "stage", stage_id, stage_ids)
        for key, source, target in (
            ("counterparts", Orientation.REACTIVE, Orientation.PROACTIVE),
            ("prevents", Orientation.PROACTIVE, Orientation.REACTIVE),
        ):
            for i, other_id in enumerate(getattr(activity, key)):
                other = by_id.get(other_id)
                if other is None:
                    unknown(f"{path}.{key}[{i}]", "activity", other_id, by_id)
                elif activity.orientation.pole is not source or other.orientation.pole is not target:
                    problems.append(
                        Problem(
                            f"{path}.{key}[{i}]",
                            f"{key} must link a {source} activity to a {target} one",
                            expected=f"{activity.id!r} {source} and {other_id!r} {target}",
                            found=f"{activity.orientation.pole} -> {other.orientation.pole}",
                        )
                    )
        for i, reference in enumerate(activity.references):
            if reference not in frameworks.elements():
                same = [str(r) for r in frameworks.elements() if r.framework is reference.framework]
                unknown(f"{path}.references[{i}]", "framework reference", str(reference), same)
        for i, phrase in enumerate((activity.name, *activity.phrases)):
            words = phrase_key(phrase)
            label = f"{path}.name" if i == 0 else f"{path}.phrases[{i - 1}]"
            if not words:
                problems.append(Problem(label, "phrase has no words", expected="letters or digits", found=repr(phrase)))
                continue
            # phrases are told apart the way the classifier reads them: function words skipped
            reading = (match_key(phrase), base_key(phrase))
            if not reading[0]:
                problems.append(
                    Problem(
                        label,
                        "phrase has only function words, which matching skips",
                        expected="a word outside peopleops.normalize.STOPWORDS",
                        found=repr(phrase),
                    )
                )
                continue
            owner = owners.setdefault(reading, activity.id)
            if owner != activity.id:
                problems.append(
                    Problem(
                        label,
                        "phrase collides with another activity's phrase",
                        expected=f"a phrase unique to {activity.id!r}",
                        found=f"{phrase!r}, also a phrase of {owner!r}",
                    )
                )
    for stage in stages:
        for j, nxt in enumerate(stage.precedes):
            if nxt not in stage_ids:
                unknown(f"{locate_stage(stage.id)}.precedes[{j}]", "stage", nxt, stage_ids)
    cycle = _find_cycle(stages)
    if cycle:
        problems.append(
            Problem(
                "stages", "stage order has a cycle", expected="an acyclic 'precedes' order", found=" -> ".join(cycle)
            )
        )
    return problems


@attrs.frozen
class Catalogue:
    """An immutable, validated collection of activities with their areas and stages.

    Iterating yields activities in catalogue order. Counterpart links are made two-way on
    construction. Construction validates everything (see :func:`check_parts`) and raises
    :class:`~peopleops.errors.CatalogueError` listing every problem.

    >>> cat = catalogue()
    >>> len(cat) >= 80, "payroll_processing" in cat
    (True, True)
    >>> cat["payrol_processing"]  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    peopleops.errors.UnknownIdError: unknown activity 'payrol_processing'; did you mean 'payroll_processing' ...?
    """

    activities: tuple[Activity, ...] = attrs.field(converter=_link)
    areas: tuple[Area, ...] = attrs.field(converter=_areas)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    cues: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(default=(), converter=_cues)
    name: str = "custom"
    description: str = ""
    _by_id: Mapping[str, Activity] = attrs.field(init=False, repr=False, eq=False)
    _by_phrase: Mapping[tuple[str, ...], Activity] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = check_parts(self.activities, self.areas, self.stages)
        for i, (key, _) in enumerate(self.cues):
            if key not in CUE_KEYS:
                problems.append(Problem(f"cues[{i}]", "unknown cue key", found=repr(key)))
        if problems:
            raise CatalogueError(problems)
        by_id = {activity.id: activity for activity in self.activities}
        by_phrase = {
            phrase_key(text): activity
            for activity in self.activities
            for text in (activity.name, *activity.phrases)
        }
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_phrase", by_phrase)

    # -- collection protocol -------------------------------------------------------------
    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)

    def __contains__(self, key: object) -> bool:
        return key in self._by_id

    def __getitem__(self, key: str) -> Activity:
        try:
            return self._by_id[key]
        except KeyError:
            raise UnknownIdError("activity", key, close_matches(str(key), self._by_id)) from None

    @overload
    def get(self, key: str) -> Activity | None: ...
    @overload
    def get(self, key: str, default: Activity) -> Activity: ...
    def get(self, key: str, default: Activity | None = None) -> Activity | None:
        """Return the activity with id ``key``, or ``default``; never raises."""
        return self._by_id.get(key, default)

    @property
    def ids(self) -> tuple[str, ...]:
        """Activity ids in catalogue order."""
        return tuple(self._by_id)

    def area(self, key: str) -> Area:
        """Return the area with id ``key`` (raises :class:`UnknownIdError`)."""
        found: Area = _find(self.areas, key, "area")
        return found

    def stage(self, key: str) -> Stage:
        """Return the stage with id ``key`` (raises :class:`UnknownIdError`)."""
        found: Stage = _find(self.stages, key, "stage")
        return found

    def lookup(self, text: str) -> Activity:
        """Return the activity whose id, name or phrase is ``text`` (case and inflection ignored).

        >>> catalogue().lookup("Mediating disputes").id
        'dispute_mediation'

        Raises:
            UnknownIdError: Nothing matches; close names are suggested.
        """
        found = self._by_id.get(text) or self._by_phrase.get(phrase_key(text))
        if found is None:
            pool = [a.id for a in self] + [a.name for a in self]
            raise UnknownIdError("activity, name or phrase", text, close_matches(text, pool))
        return found

    def select(
        self,
        *poles: Pole | str,
        area: str | None = None,
        stage: str | None = None,
        legal_emphasis: bool | None = None,
    ) -> tuple[Activity, ...]:
        """Return the activities on every one of ``poles``, optionally in an area or stage.

        >>> ids = [a.id for a in catalogue().select("proactive", "strategic", area="strategy_planning")]
        >>> "workforce_planning" in ids
        True
        """
        wanted = [parse_pole(pole) for pole in poles]
        if area is not None:
            self.area(area)
        if stage is not None:
            self.stage(stage)
        return tuple(
            activity
            for activity in self
            if activity.has(*wanted)
            and (area is None or activity.area == area)
            and (stage is None or stage in activity.stages)
            and (legal_emphasis is None or activity.legal_emphasis is legal_emphasis)
        )

    def counterparts(self, key: str) -> tuple[Activity, ...]:
        """The proactive alternatives of the reactive activity ``key``."""
        return tuple(self[other] for other in self[key].counterparts)

    def prevented_by(self, key: str) -> tuple[Activity, ...]:
        """The proactive activities that make the reactive activity ``key`` rarer (its counterparts)."""
        return self.counterparts(key)

    def prevents(self, key: str) -> tuple[Activity, ...]:
        """The reactive activities that the proactive activity ``key`` makes rarer."""
        return tuple(self[other] for other in self[key].prevents)

    def cue_phrases(self, key: str) -> tuple[str, ...]:
        """The cue phrases for a pole string or ``not_hr``."""
        return dict(self.cues).get(key, ())

    def by_area(self) -> dict[str, tuple[Activity, ...]]:
        """Activities grouped by area id, in area order."""
        return {area.id: self.select(area=area.id) for area in self.areas}

    def _repr_html_(self) -> str:
        """A compact HTML table for notebooks, a row per activity; every text is escaped.

        >>> html = catalogue()._repr_html_()
        >>> html.count("<tr>") == len(catalogue()) + 1
        True
        """
        from html import escape

        columns = ("id", "name", "area", "orientation", "focus", "approach")
        head = "".join(f"<th>{c}</th>" for c in columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in (
                a.id, a.name, a.area, a.orientation.pole, a.focus.pole, a.approach.pole)) + "</tr>"
            for a in self
        )
        caption = f"{escape(self.name)}: {len(self)} activities in {len(self.areas)} areas"
        return (f'<table class="peopleops-catalogue"><caption>{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")

    # -- export ----------------------------------------------------------------------------
    def to_mapping(self) -> dict[str, Any]:
        """Return the catalogue as a plain mapping in the file schema (see :mod:`peopleops.schema`).

        :func:`loads` of its JSON or TOML text gives back an equal catalogue.
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "description": self.description,
            "areas": [attrs.asdict(area) for area in self.areas],
            "stages": [{**attrs.asdict(stage), "precedes": list(stage.precedes)} for stage in self.stages],
            "cues": {key: list(phrases) for key, phrases in self.cues},
            "activities": [activity.to_mapping() for activity in self],
        }


def _find(items: tuple[Any, ...], key: str, kind: str) -> Any:
    for item in items:
        if item.id == key:
            return item
    raise UnknownIdError(kind, key, close_matches(key, [item.id for item in items]))


# -- reading and writing ---------------------------------------------------------------------


def _merge(parts: Parts, base: Catalogue | None, source: str | None, raw: object = None) -> Catalogue:
    """Build the catalogue a checked file describes, merged into ``base`` when it extends one.

    With a base: activities with a base id replace the base activity in place (its links
    included: links that base activities had to it are dropped unless the new version
    declares them), new ids are appended, ``remove`` drops base activities (and links to
    them), ``add_phrases`` appends phrases; areas and stages with a base id replace it, new
    ones are appended. Raises :class:`CatalogueError` with every problem; never returns a
    partly merged catalogue.
    """
    problems = list(parts.problems)
    declared = {*parts.activity_paths, *parts.area_paths, *parts.stage_paths}
    if base is None:
        activities = tuple({a.id: a for a in reversed(parts.activities)}.values())[::-1]
        areas, stages, cues = parts.areas, parts.stages, parts.cues
        name = parts.name or "custom"
        description = parts.description
    else:
        own = {activity.id: activity for activity in parts.activities}
        dropped = set(parts.remove)
        for i, ident in enumerate(parts.remove):
            if ident not in base:
                problems.append(
                    Problem(
                        f"remove[{i}]",
                        "unknown activity",
                        expected="the id of a built-in activity",
                        found=repr(ident),
                        hint=_hint(ident, base.ids),
                    )
                )
            elif ident in parts.activity_paths:
                problems.append(
                    Problem(
                        f"remove[{i}]",
                        "activity both removed and defined",
                        expected="either remove it or redefine it",
                        found=f"{ident!r}, also at {parts.activity_paths[ident]}",
                    )
                )
        replaced = {ident for ident in own if ident in base}
        merged: dict[str, Activity] = {}
        for activity in base:
            if activity.id not in dropped:
                merged[activity.id] = own.get(activity.id, activity)
        for activity in parts.activities:
            merged.setdefault(activity.id, activity)
        for ident, phrases in parts.add_phrases:
            if ident not in merged:
                removed = " (it is removed by this file)" if ident in dropped else ""
                problems.append(
                    Problem(
                        f"add_phrases.{ident}",
                        "unknown activity" + removed,
                        expected="the id of an activity in the merged catalogue",
                        found=repr(ident),
                        hint=_hint(ident, merged),
                    )
                )
            else:
                extra = (*merged[ident].phrases, *phrases)
                merged[ident] = attrs.evolve(merged[ident], phrases=tuple(dict.fromkeys(extra)))
        # Links into removed activities go with them; a replaced activity brings its own links.
        cut = dropped | replaced
        activities = tuple(
            activity
            if activity.id in own
            else attrs.evolve(
                activity,
                counterparts=[c for c in activity.counterparts if c not in cut],
                prevents=[p for p in activity.prevents if p not in cut],
            )
            for activity in merged.values()
        )
        areas = _override(base.areas, parts.areas)
        stages = _override(base.stages, parts.stages)
        cues = (*base.cues, *parts.cues)
        name = parts.name or f"{base.name} + {source or 'custom'}"
        description = parts.description or base.description

    def where(ident: str) -> str:
        return parts.activity_paths.get(ident) or f"(built-in activity {ident!r})"

    def stage_where(ident: str) -> str:
        return parts.stage_paths.get(ident) or f"(built-in stage {ident!r})"

    problems += check_parts(activities, areas, stages, where, stage_where=stage_where, declared=declared)
    if parts.problems:
        built = {a.id for a in parts.activities}
        problems += _check_failed(raw, built, areas, stages, {a.id for a in activities} | declared)
    if problems:
        raise CatalogueError([attrs.evolve(p, file=p.file or source) for p in problems])
    return Catalogue(activities, areas, stages, cues, name, description)


def _check_failed(
    raw: object, built: set[str], areas: Iterable[Area], stages: Iterable[Stage], known: set[str]
) -> list[Problem]:
    """Cross-check the links of activities that failed their own checks.

    Such activities are left out of :func:`check_parts`; checking what they link to here
    means one run reports every problem (an unknown area *and* a bad pole, say).
    """
    items = raw.get("activities") if isinstance(raw, Mapping) else raw
    if not isinstance(items, list):
        return []
    area_ids = {area.id for area in areas}
    stage_ids = {stage.id for stage in stages}
    problems: list[Problem] = []

    def check(path: str, value: object, pool: set[str], what: str) -> None:
        if isinstance(value, str) and ID_PATTERN.match(value) and value not in pool:
            problems.append(
                Problem(
                    path,
                    f"unknown {what}",
                    expected=f"the id of a known {what}",
                    found=repr(value),
                    hint=_hint(value, pool),
                )
            )

    for index, table in enumerate(items):
        if not isinstance(table, Mapping) or (isinstance(table.get("id"), str) and table["id"] in built):
            continue
        path = f"activities[{index}]"
        check(f"{path}.area", table.get("area"), area_ids, "area")
        for key, pool, what in (("stages", stage_ids, "stage"), ("counterparts", known, "activity"),
                                ("prevents", known, "activity")):
            values = table.get(key)
            if isinstance(values, list):
                for i, value in enumerate(values):
                    check(f"{path}.{key}[{i}]", value, pool, what)
        references = table.get("references")
        if isinstance(references, list):
            for i, text in enumerate(references):
                try:
                    reference = Reference.parse(text) if isinstance(text, str) else None
                except ValueError:
                    continue
                if reference is not None and reference not in frameworks.elements():
                    problems.append(
                        Problem(
                            f"{path}.references[{i}]",
                            "unknown framework reference",
                            expected="an element of peopleops.frameworks",
                            found=repr(text),
                        )
                    )
    return problems


def _hint(ident: str, pool: Iterable[str]) -> str | None:
    hints = close_matches(ident, pool, n=1)
    return f"did you mean {hints[0]!r}?" if hints else None


def _override(base: tuple[Any, ...], own: tuple[Any, ...]) -> tuple[Any, ...]:
    merged = {item.id: item for item in base}
    merged.update((item.id, item) for item in own)
    return tuple(merged.values())


def _place(problem: Problem, document: readers.Document) -> Problem:
    """Add the line and column of ``problem``'s key path, and YAML's original text."""
    if problem.line is not None or problem.path.startswith("("):
        return problem
    changes: dict[str, Any] = {}
    position = document.find(problem.path)
    if position is not None:
        changes["line"], changes["column"] = position
    raw = document.raw.get(problem.path)
    if raw is not None and problem.found is not None:
        changes["found"] = f"{raw!r}, read as {problem.found}"
    return attrs.evolve(problem, **changes) if changes else problem


def loads(text: str | bytes, format: Format = "json", *, source: str | None = None) -> Catalogue:
    """Read a catalogue from ``text`` in ``format`` (``json``, ``toml`` or ``yaml``).

    ``bytes`` are decoded as UTF-8 (a BOM is allowed). A file with ``extends = "builtin"``
    is merged into the built-in catalogue (see ``docs/custom-catalogues.md``).

    >>> cat = loads('{"schema_version": 1, "extends": "builtin", "remove": ["payroll_processing"]}')
    >>> "payroll_processing" in cat, len(cat) == len(catalogue()) - 1
    (False, True)

    Raises:
        CatalogueError: The text cannot be parsed or breaks the schema; every problem is
            listed with its key path, and line and column where the format tells them,
            with ``source`` as the file name.
    """
    name = source or "<string>"
    if isinstance(text, bytes):
        text = readers.decode(text, name)
    document = readers.parse_document(text, format, name)
    parts = check_document(document.data)
    base = catalogue() if parts.extends == "builtin" else None
    try:
        return _merge(parts, base, source, document.data)
    except CatalogueError as error:
        placed = [_place(problem, document) for problem in error.problems]
        # In file order, like a compiler; problems without a line (built-in activities) last.
        placed.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        raise CatalogueError(placed) from None


def load_catalogue(path: str | Path, format: Format | None = None) -> Catalogue:
    """Read a catalogue file; the format comes from the suffix unless given.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "mine.json"
    >>> _ = tmp.write_text(dumps(catalogue(), "json"), encoding="utf-8")
    >>> load_catalogue(tmp) == catalogue()
    True

    Raises:
        CatalogueError: The file is missing, unreadable, malformed or invalid.
    """
    path = Path(path)
    text = readers.read_text(path)  # first, so a missing file is reported as missing
    fmt = format or _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise CatalogueError(
            [
                Problem(
                    "",
                    "unknown catalogue format",
                    file=str(path),
                    expected="a .json, .toml, .yaml or .yml file, or the format given (--input-format, format=)",
                    found=repr(path.suffix or "no suffix"),
                )
            ]
        )
    return loads(text, fmt, source=str(path))


def dumps(cat: Catalogue, format: Format = "json") -> str:
    """Write ``cat`` as text that :func:`loads` reads back to an equal catalogue."""
    mapping = cat.to_mapping()
    if format == "json":
        return json.dumps(mapping, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        import tomli_w

        return tomli_w.dumps(mapping)
    if format == "yaml":
        return readers.dump_yaml(mapping)
    problem = Problem("", "unknown catalogue format", expected=", ".join(FORMATS), found=repr(format))
    raise CatalogueError([problem])


@functools.cache
def catalogue() -> Catalogue:
    """Return the built-in catalogue (read once from the package data, then shared)."""
    text = (files("peopleops") / "data" / "catalogue.toml").read_text(encoding="utf-8")
    return loads(text, "toml", source="peopleops/data/catalogue.toml")
