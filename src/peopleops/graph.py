"""The taxonomy as a typed networkx graph: build it, query it, and export it.

:func:`build_graph` turns a :class:`~peopleops.catalogue.Catalogue` into a plain
:class:`networkx.MultiDiGraph`. The graph of the built-in catalogue is built once and shared
frozen; copy it (``networkx.MultiDiGraph(g)``) before changing it.

**Nodes.** Every node has a ``kind`` and a human ``label``; the node id is the kind's prefix
and the id of the thing, so ids never clash across kinds:

| kind             | node id                             | other attributes                                     |
|------------------|-------------------------------------|------------------------------------------------------|
| `activity`       | `activity:payroll_processing`       | `name`, `description`, `legal_emphasis`, `phrases`   |
| `classification` | `pole:reactive` (one per axis pole) | `axis`, `pole`, `traditional` (the HR-side pole)     |
| `area`           | `area:total_rewards`                | `name`, `description`                                |
| `stage`          | `stage:plan`                        | `name`, `description`                                |
| `reference`      | `ref:apqc:10497`                    | `framework`, `title`                                 |

The graph attributes are the catalogue's ``name``, ``description`` and ``cues`` (a mapping
from a cue key to a list of phrases).

**Edges** are keyed by their relation (``key`` is the relation's name) and carry it again as
the ``relation`` attribute:

| relation        | from -> to                 | meaning                                              |
|-----------------|----------------------------|------------------------------------------------------|
| `classified_as` | activity -> classification | its pole on one axis; attributes `axis`, `strength`  |
| `in_area`       | activity -> area           | its functional area (exactly one)                    |
| `in_stage`      | activity -> stage          | a lifecycle stage it belongs to (one or more)        |
| `counterpart`   | activity -> activity       | reactive work -> a proactive alternative             |
| `prevents`      | activity -> activity       | proactive work -> reactive work it makes rarer       |
| `precedes`      | stage -> stage             | lifecycle order (acyclic)                            |
| `references`    | activity -> reference      | a matching element of a standard framework           |

Every attribute value is plain JSON (str, bool, float, list of str, mapping), so the graph
round-trips through node-link JSON unchanged; GraphML and GEXF hold no lists, so their
writers store ``phrases`` and ``cues`` as JSON text and their readers decode them again.
Every reader validates what it read (:func:`validate_graph`).

>>> g = build_graph()
>>> g.nodes["activity:payroll_processing"]["kind"]
'activity'
>>> g.has_edge("activity:dispute_mediation", "activity:conflict_resolution_workshops", "counterpart")
True
>>> "conflict_resolution_workshops" in alternatives("dispute_mediation")
True
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import networkx as nx

from peopleops import frameworks
from peopleops._text import close_matches
from peopleops.catalogue import Catalogue
from peopleops.catalogue import catalogue as builtin_catalogue
from peopleops.errors import CatalogueError, GraphError, Problem, UnknownIdError
from peopleops.model import (
    AXES,
    Activity,
    Approach,
    Area,
    Axis,
    Focus,
    Orientation,
    Pole,
    Position,
    Reference,
    Stage,
    parse_pole,
)

__all__ = [
    "KINDS",
    "PREFIXES",
    "RELATIONS",
    "Placement",
    "activity_node",
    "alternatives",
    "approach_split",
    "build_graph",
    "catalogue_from_graph",
    "explain",
    "from_gexf",
    "from_graphml",
    "from_node_link",
    "neighbourhood",
    "node_id",
    "prevents",
    "quadrant",
    "quadrants",
    "read_gexf",
    "read_graphml",
    "select",
    "subgraph",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_mermaid",
    "to_node_link",
    "validate_graph",
    "write_gexf",
    "write_graphml",
]

KINDS: Final = ("activity", "classification", "area", "stage", "reference")
"""The node kinds, in the order :func:`build_graph` adds them (classification first)."""

PREFIXES: Final[Mapping[str, str]] = {
    "activity": "activity",
    "classification": "pole",
    "area": "area",
    "stage": "stage",
    "reference": "ref",
}
"""The node-id prefix of each kind: a node id is ``f"{PREFIXES[kind]}:{id}"``."""

RELATIONS: Final[Mapping[str, tuple[str, str]]] = {
    "classified_as": ("activity", "classification"),
    "in_area": ("activity", "area"),
    "in_stage": ("activity", "stage"),
    "counterpart": ("activity", "activity"),
    "prevents": ("activity", "activity"),
    "precedes": ("stage", "stage"),
    "references": ("activity", "reference"),
}
"""Each relation (edge key) and the kinds of its source and target nodes."""

_KIND_OF_PREFIX: Final = {prefix: kind for kind, prefix in PREFIXES.items()}
_SHOWN: Final = 5  # offending ids listed per problem; the rest are counted
_QUADRANTS: Final = tuple(
    (orientation.value, focus.value) for orientation in Orientation for focus in Focus
)
_JSON_NODE_ATTRIBUTES: Final = frozenset({"phrases"})
_JSON_GRAPH_ATTRIBUTES: Final = frozenset({"cues"})
_POLE_AXIS: Final = {pole.value: axis.value for axis, enum in AXES.items() for pole in enum}


def node_id(kind: str, key: str | Pole | Reference) -> str:
    """Return the node id of the ``kind`` node for ``key``.

    >>> node_id("activity", "payroll_processing"), node_id("reference", Reference.parse("apqc:10497"))
    ('activity:payroll_processing', 'ref:apqc:10497')
    >>> node_id("classification", Orientation.REACTIVE)
    'pole:reactive'

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`.
    """
    try:
        prefix = PREFIXES[kind]
    except KeyError:
        msg = f"unknown node kind {kind!r}; expected one of {', '.join(KINDS)}"
        raise ValueError(msg) from None
    return f"{prefix}:{key}"


# -- build -------------------------------------------------------------------------------------


def build_graph(catalogue: Catalogue | None = None) -> nx.MultiDiGraph:
    """Return the graph of ``catalogue`` (default: the built-in one, cached and frozen).

    Building takes time linear in the catalogue's size and validates the result.

    >>> g = build_graph()
    >>> nx.is_frozen(g), sorted({kind for _, kind in g.nodes(data="kind")})
    (True, ['activity', 'area', 'classification', 'reference', 'stage'])
    >>> g["activity:payroll_processing"]["pole:hr"]["classified_as"]["axis"]
    'approach'

    Raises:
        GraphError: The graph breaks a rule (see :func:`validate_graph`); a
            :class:`~peopleops.catalogue.Catalogue` is already validated, so this only
            happens if its invariants were bypassed.
    """
    if catalogue is None or catalogue is builtin_catalogue():
        return _builtin_graph()
    return _build(catalogue)


@functools.cache
def _builtin_graph() -> nx.MultiDiGraph:
    frozen: nx.MultiDiGraph = nx.freeze(_build(builtin_catalogue()))
    return frozen


def _build(cat: Catalogue) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(
        name=cat.name,
        description=cat.description,
        cues={key: list(phrases) for key, phrases in cat.cues},
    )
    g.add_nodes_from(
        (
            f"pole:{pole.value}",
            {
                "kind": "classification",
                "label": pole.value,
                "axis": axis.value,
                "pole": pole.value,
                "traditional": pole is axis.poles[0],
            },
        )
        for axis, enum in AXES.items()
        for pole in enum
    )
    g.add_nodes_from(
        (f"area:{area.id}", {"kind": "area", "label": area.name, "name": area.name,
                             "description": area.description})
        for area in cat.areas
    )
    g.add_nodes_from(
        (f"stage:{stage.id}", {"kind": "stage", "label": stage.name, "name": stage.name,
                               "description": stage.description})
        for stage in cat.stages
    )
    g.add_nodes_from((f"activity:{activity.id}", _activity_attributes(activity)) for activity in cat)
    known = frameworks.elements()
    references: dict[Reference, None] = {}
    for activity in cat:
        references.update(dict.fromkeys(activity.references))
    g.add_nodes_from(
        (
            f"ref:{reference}",
            {
                "kind": "reference",
                "label": str(reference),
                "framework": reference.framework.value,
                "title": element.title if (element := known.get(reference)) else "",
            },
        )
        for reference in references
    )
    g.add_edges_from(
        (f"stage:{stage.id}", f"stage:{after}", "precedes", {"relation": "precedes"})
        for stage in cat.stages
        for after in stage.precedes
    )
    g.add_edges_from(edge for activity in cat for edge in _activity_edges(activity))
    validate_graph(g)
    return g


def _activity_attributes(activity: Activity) -> dict[str, Any]:
    return {
        "kind": "activity",
        "label": activity.name,
        "name": activity.name,
        "description": activity.description,
        "legal_emphasis": activity.legal_emphasis,
        "phrases": list(activity.phrases),
    }


def _activity_edges(activity: Activity) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    node = f"activity:{activity.id}"
    for position in activity.positions:
        yield node, f"pole:{position.pole.value}", "classified_as", {
            "relation": "classified_as",
            "axis": position.axis.value,
            "strength": position.strength,
        }
    yield node, f"area:{activity.area}", "in_area", {"relation": "in_area"}
    for stage in activity.stages:
        yield node, f"stage:{stage}", "in_stage", {"relation": "in_stage"}
    for other in activity.counterparts:
        yield node, f"activity:{other}", "counterpart", {"relation": "counterpart"}
    for other in activity.prevents:
        yield node, f"activity:{other}", "prevents", {"relation": "prevents"}
    for reference in activity.references:
        yield node, f"ref:{reference}", "references", {"relation": "references"}


# -- validation --------------------------------------------------------------------------------


def _listed(items: list[str]) -> str:
    shown = ", ".join(repr(item) for item in items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def validate_graph(g: nx.MultiDiGraph) -> None:
    """Check that ``g`` follows the taxonomy's rules; raise if it does not.

    The rules: every node has a known ``kind`` matching its id prefix; every edge key is a
    known relation, repeated in its ``relation`` attribute, between nodes of the kinds the
    relation links; every activity has exactly one pole per axis (with a strength in
    ``(0, 1]``), exactly one area and at least one stage; ``counterpart`` edges go from a
    reactive to a proactive activity and ``prevents`` edges the other way; ``precedes`` is
    acyclic. The check takes time linear in the graph's size.

    >>> g = nx.MultiDiGraph(build_graph())
    >>> g.add_edge("activity:payroll_processing", "pole:proactive", "classified_as",
    ...            relation="classified_as", axis="orientation", strength=0.5)
    'classified_as'
    >>> try:
    ...     validate_graph(g)
    ... except GraphError as error:
    ...     print(error.problems[0].message)
    ...     print(error.problems[0].found)
    activities without exactly one pole per axis
    'activity:payroll_processing' (orientation: 2)

    Raises:
        GraphError: Every broken rule is one problem naming the offending ids (the first
            few of them, and how many more).
    """
    if not isinstance(g, nx.MultiDiGraph):
        found = type(g).__name__
        raise GraphError([Problem("", "not a peopleops graph", expected="a networkx.MultiDiGraph",
                                  found=found)])
    problems: list[Problem] = []
    kinds: dict[Any, str] = {}
    bad_kind: list[str] = []
    bad_prefix: list[str] = []
    bad_pole: list[str] = []
    for node, data in g.nodes(data=True):
        kind = data.get("kind")
        if kind not in PREFIXES:
            bad_kind.append(str(node))
            continue
        kinds[node] = kind
        prefix, sep, key = str(node).partition(":")
        if not isinstance(node, str) or not sep or not key or _KIND_OF_PREFIX.get(prefix) != kind:
            bad_prefix.append(str(node))
        elif kind == "classification" and (key not in _POLE_AXIS or data.get("axis") != _POLE_AXIS[key]):
            bad_pole.append(str(node))
    if bad_kind:
        problems.append(Problem("nodes", "nodes without a known kind", expected="kind in " + ", ".join(KINDS),
                                found=_listed(bad_kind)))
    if bad_prefix:
        problems.append(Problem("nodes", "node ids that do not start with their kind's prefix",
                                expected="'activity:…', 'pole:…', 'area:…', 'stage:…' or 'ref:…'",
                                found=_listed(bad_prefix)))
    if bad_pole:
        problems.append(Problem("nodes", "classification nodes that are not a pole of their axis",
                                expected="'pole:<pole>' with the pole's axis", found=_listed(bad_pole)))

    bad_relation: list[str] = []
    bad_ends: list[str] = []
    bad_strength: list[str] = []
    axes: dict[Any, Counter[str]] = defaultdict(Counter)
    areas: Counter[Any] = Counter()
    stages: Counter[Any] = Counter()
    orientation: dict[Any, str] = {}
    links: list[tuple[str, Any, Any]] = []
    order = nx.DiGraph()
    for u, v, key, data in g.edges(keys=True, data=True):
        where = f"{u} -[{key}]-> {v}"
        if key not in RELATIONS or data.get("relation") != key:
            bad_relation.append(where)
            continue
        if (kinds.get(u), kinds.get(v)) != RELATIONS[key]:
            bad_ends.append(where)
            continue
        if key == "classified_as":
            axis = g.nodes[v].get("axis")
            strength = data.get("strength")
            if (data.get("axis") != axis or isinstance(strength, bool)
                    or not isinstance(strength, int | float) or not 0.0 < strength <= 1.0):
                bad_strength.append(where)
            axes[u][str(axis)] += 1
            if axis == Axis.ORIENTATION.value:
                orientation[u] = str(v).partition(":")[2]
        elif key == "in_area":
            areas[u] += 1
        elif key == "in_stage":
            stages[u] += 1
        elif key in ("counterpart", "prevents"):
            links.append((key, u, v))
        elif key == "precedes":
            order.add_edge(u, v)
    if bad_relation:
        problems.append(Problem("edges", "edges whose key is not a relation repeated in 'relation'",
                                expected="key in " + ", ".join(RELATIONS) + " and relation=key",
                                found=_listed(bad_relation)))
    if bad_ends:
        problems.append(Problem("edges", "edges between nodes of the wrong kinds",
                                expected="; ".join(f"{r}: {a} -> {b}" for r, (a, b) in RELATIONS.items()),
                                found=_listed(bad_ends)))
    if bad_strength:
        problems.append(Problem("classified_as", "classifications with a bad axis or strength",
                                expected="the target pole's axis and a strength in (0, 1]",
                                found=_listed(bad_strength)))

    activities = [node for node, kind in kinds.items() if kind == "activity"]
    all_axes = [axis.value for axis in Axis]
    wrong_axes = [
        f"{node!r} ({', '.join(f'{axis}: {axes[node][axis]}' for axis in all_axes if axes[node][axis] != 1)})"
        for node in activities
        if any(axes[node][axis] != 1 for axis in all_axes)
    ]
    if wrong_axes:
        shown = ", ".join(wrong_axes[:_SHOWN])
        more = f" and {len(wrong_axes) - _SHOWN} more" if len(wrong_axes) > _SHOWN else ""
        problems.append(Problem("classified_as", "activities without exactly one pole per axis",
                                expected="one classified_as edge per axis", found=shown + more))
    no_area = [str(node) for node in activities if areas[node] != 1]
    if no_area:
        problems.append(Problem("in_area", "activities without exactly one area",
                                expected="one in_area edge", found=_listed(no_area)))
    no_stage = [str(node) for node in activities if not stages[node]]
    if no_stage:
        problems.append(Problem("in_stage", "activities without a stage",
                                expected="at least one in_stage edge", found=_listed(no_stage)))
    wrong_links = [
        f"{u} -[{relation}]-> {v} ({orientation.get(u, '?')} -> {orientation.get(v, '?')})"
        for relation, u, v in links
        if (orientation.get(u), orientation.get(v))
        != (("reactive", "proactive") if relation == "counterpart" else ("proactive", "reactive"))
    ]
    if wrong_links:
        problems.append(Problem("counterpart", "links between reactive and proactive work point the wrong way",
                                expected="counterpart: reactive -> proactive; prevents: proactive -> reactive",
                                found=_listed(wrong_links)))
    if not nx.is_directed_acyclic_graph(order):
        cycle = [str(u) for u, _ in nx.find_cycle(order)]
        problems.append(Problem("precedes", "stage order has a cycle", expected="acyclic precedes edges",
                                found=" -> ".join([*cycle, cycle[0]])))
    if problems:
        raise GraphError(problems)


# -- queries -----------------------------------------------------------------------------------


def _graph(graph: nx.MultiDiGraph | None) -> nx.MultiDiGraph:
    return build_graph() if graph is None else graph


def _key(node: str) -> str:
    return node.partition(":")[2]


def _nodes_of(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return [node for node, node_kind in g.nodes(data="kind") if node_kind == kind]


def activity_node(activity: str, graph: nx.MultiDiGraph | None = None) -> str:
    """Return the node id of ``activity`` (an activity id, or already a node id).

    >>> activity_node("payroll_processing")
    'activity:payroll_processing'
    >>> activity_node("payrol_processing")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    peopleops.errors.UnknownIdError: unknown activity 'payrol_processing'; did you mean 'payroll_processing' ...?

    Raises:
        UnknownIdError: No such activity in the graph; close ids are suggested.
    """
    g = _graph(graph)
    for node in (activity, f"activity:{activity}"):
        if g.nodes.get(node, {}).get("kind") == "activity":
            return node
    pool = [_key(node) for node in _nodes_of(g, "activity")]
    raise UnknownIdError("activity", activity, close_matches(activity, pool))


def _node(g: nx.MultiDiGraph, kind: str, key: str) -> str:
    node = node_id(kind, key)
    if g.nodes.get(node, {}).get("kind") != kind:
        pool = [_key(other) for other in _nodes_of(g, kind)]
        raise UnknownIdError(kind, key, close_matches(key, pool))
    return node


def _targets(g: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return [target for _, target, key in g.out_edges(node, keys=True) if key == relation]


def _sources(g: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return [source for source, _, key in g.in_edges(node, keys=True) if key == relation]


def select(
    *poles: Pole | str,
    area: str | None = None,
    stage: str | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[str]:
    """Return the ids of the activities on every one of ``poles``, optionally in an area or stage.

    >>> "dispute_mediation" in select("reactive", "transactional", area="employee_relations")
    True
    >>> "dispute_mediation" in select("proactive")
    False

    Raises:
        UnknownIdError: A pole, the area or the stage is unknown.
    """
    g = _graph(graph)
    pole_nodes = [f"pole:{parse_pole(pole).value}" for pole in poles]
    candidates: list[str] | None = None
    if area is not None:
        candidates = _sources(g, _node(g, "area", area), "in_area")
    if stage is not None:
        in_stage = _sources(g, _node(g, "stage", stage), "in_stage")
        if candidates is None:
            candidates = in_stage
        else:
            staged = set(in_stage)
            candidates = [n for n in candidates if n in staged]
    if candidates is None:
        candidates = _nodes_of(g, "activity")
    return [_key(n) for n in candidates if all(g.has_edge(n, pole, "classified_as") for pole in pole_nodes)]


def alternatives(activity: str, graph: nx.MultiDiGraph | None = None) -> list[str]:
    """Return the ids of the proactive alternatives (counterparts) of a reactive activity.

    >>> "conflict_resolution_workshops" in alternatives("dispute_mediation")
    True
    """
    g = _graph(graph)
    return [_key(n) for n in _targets(g, activity_node(activity, g), "counterpart")]


def prevents(activity: str, graph: nx.MultiDiGraph | None = None) -> list[str]:
    """Return the ids of the reactive activities that a proactive activity makes rarer.

    >>> "dispute_mediation" in prevents("conflict_resolution_workshops")
    True
    """
    g = _graph(graph)
    return [_key(n) for n in _targets(g, activity_node(activity, g), "prevents")]


def _pole(g: nx.MultiDiGraph, node: str, axis: Axis) -> str:
    for _, target, key, data in g.out_edges(node, keys=True, data=True):
        if key == "classified_as" and data.get("axis") == axis.value:
            return _key(target)
    msg = f"activity {node!r} has no pole on the {axis} axis"  # validate_graph rules this out
    raise GraphError(msg)


def quadrant(activity: str, graph: nx.MultiDiGraph | None = None) -> tuple[str, str]:
    """Return the (orientation, focus) quadrant of an activity, as pole strings.

    >>> quadrant("dispute_mediation")
    ('reactive', 'transactional')
    """
    g = _graph(graph)
    node = activity_node(activity, g)
    return _pole(g, node, Axis.ORIENTATION), _pole(g, node, Axis.FOCUS)


def quadrants(
    activities: Iterable[str] | None = None, graph: nx.MultiDiGraph | None = None
) -> dict[tuple[str, str], list[str]]:
    """Group activities (default: all) into the four orientation x focus quadrants.

    The four keys are always present, in the order a 2x2 chart reads them.

    >>> groups = quadrants()
    >>> list(groups)[:2]
    [('reactive', 'transactional'), ('reactive', 'strategic')]
    >>> "workforce_planning" in groups["proactive", "strategic"]
    True
    """
    g = _graph(graph)
    groups: dict[tuple[str, str], list[str]] = {key: [] for key in _QUADRANTS}
    for node in _activity_nodes(g, activities):
        groups[_pole(g, node, Axis.ORIENTATION), _pole(g, node, Axis.FOCUS)].append(_key(node))
    return groups


def _activity_nodes(g: nx.MultiDiGraph, activities: Iterable[str] | None) -> list[str]:
    if activities is None:
        return _nodes_of(g, "activity")
    return [activity_node(activity, g) for activity in activities]


def approach_split(
    activities: Iterable[str] | None = None, graph: nx.MultiDiGraph | None = None
) -> dict[str, list[str]]:
    """Split activities (default: all) into traditional HR and People Operations work.

    >>> split = approach_split(["payroll_processing", "conflict_resolution_workshops"])
    >>> split
    {'hr': ['payroll_processing'], 'people_ops': ['conflict_resolution_workshops']}
    """
    g = _graph(graph)
    split: dict[str, list[str]] = {pole.value: [] for pole in Approach}
    for node in _activity_nodes(g, activities):
        split[_pole(g, node, Axis.APPROACH)].append(_key(node))
    return split


def subgraph(activities: Iterable[str], graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """Return the activities with everything that places them, as a new (unfrozen) graph.

    Each activity comes with its poles, area, stages and references; edges between the kept
    nodes are kept (so are ``precedes`` edges between kept stages), other edges are
    dropped. The result is itself a valid graph.

    >>> small = subgraph(select(area="employee_relations"))
    >>> sorted({kind for _, kind in small.nodes(data="kind")})
    ['activity', 'area', 'classification', 'reference', 'stage']
    >>> small.has_node("activity:payroll_processing")
    False
    """
    g = _graph(graph)
    keep: dict[str, None] = {}
    for node in _activity_nodes(g, activities):
        keep[node] = None
        for _, target, key in g.out_edges(node, keys=True):
            if key not in ("counterpart", "prevents"):
                keep[target] = None
    nodes = [node for node in g if node in keep]  # graph order, so catalogue order survives
    result: nx.MultiDiGraph = nx.MultiDiGraph()
    result.graph.update(json.loads(json.dumps(g.graph)))
    result.add_nodes_from((node, json.loads(json.dumps(g.nodes[node]))) for node in nodes)
    result.add_edges_from(
        (u, v, key, dict(data))
        for u in nodes
        for _, v, key, data in g.out_edges(u, keys=True, data=True)
        if v in keep
    )
    return result


def neighbourhood(activity: str, radius: int = 1, graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """Return the subgraph around an activity, for drawing.

    It holds the activities within ``radius`` counterpart/prevents links of ``activity``
    (``radius=0``: the activity alone), each with its poles, area, stages and references
    (see :func:`subgraph`). Walking stops at those placement nodes: every activity shares a
    pole with every other, so walking through them would reach the whole catalogue.

    >>> near = neighbourhood("dispute_mediation")
    >>> near.has_node("activity:conflict_resolution_workshops"), near.has_node("pole:reactive")
    (True, True)
    >>> neighbourhood("dispute_mediation", radius=0).has_node("activity:conflict_resolution_workshops")
    False

    Raises:
        ValueError: ``radius`` is negative.
        UnknownIdError: The activity is unknown.
    """
    if radius < 0:
        msg = f"radius must be >= 0, got {radius}"
        raise ValueError(msg)
    g = _graph(graph)
    start = activity_node(activity, g)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if seen[node] == radius:
            continue
        linked = _targets(g, node, "counterpart") + _targets(g, node, "prevents")
        linked += _sources(g, node, "counterpart") + _sources(g, node, "prevents")
        for other in linked:
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return subgraph(seen, g)


@attrs.frozen
class Placement:
    """One edge that places an activity: its relation, the node it leads to, and why.

    Attributes:
        relation: The edge's relation (``classified_as``, ``in_area`` ...).
        node: The node at the other end (``pole:reactive``, ``area:total_rewards`` ...).
        label: That node's human label.
        axis: For ``classified_as``: the axis; otherwise ``None``.
        strength: For ``classified_as``: how strongly the activity sits on the pole.
    """

    relation: str
    node: str
    label: str
    axis: str | None = None
    strength: float | None = None

    def __str__(self) -> str:
        text = f"{self.relation} {self.node}"
        if self.axis is not None:
            text += f" ({self.axis}, strength {self.strength:.2f})"
        return text


_EXPLAIN_ORDER: Final = {relation: i for i, relation in enumerate(RELATIONS)}
_AXIS_ORDER: Final = {axis.value: i for i, axis in enumerate(Axis)}


def explain(activity: str, graph: nx.MultiDiGraph | None = None) -> tuple[Placement, ...]:
    """Return the edges that place an activity, with their strengths.

    Poles come first (in axis order), then area, stages, counterparts, what it prevents and
    its references.

    >>> reasons = explain("dispute_mediation")
    >>> print(reasons[0])  # doctest: +ELLIPSIS
    classified_as pole:reactive (orientation, strength 0...)
    >>> [r.node for r in reasons if r.relation == "in_area"]
    ['area:employee_relations']
    """
    g = _graph(graph)
    node = activity_node(activity, g)
    placements = [
        Placement(key, target, str(g.nodes[target].get("label", target)), data.get("axis"),
                  data.get("strength"))
        for _, target, key, data in g.out_edges(node, keys=True, data=True)
    ]
    placements.sort(key=lambda p: (_EXPLAIN_ORDER.get(p.relation, len(_EXPLAIN_ORDER)),
                                   _AXIS_ORDER.get(p.axis or "", 0)))
    return tuple(placements)


# -- back to a catalogue -----------------------------------------------------------------------


def catalogue_from_graph(g: nx.MultiDiGraph) -> Catalogue:
    """Rebuild the catalogue a graph was built from.

    ``catalogue_from_graph(build_graph(cat)) == cat`` for every catalogue; with the
    readers below it checks that a file round trip lost nothing.

    >>> catalogue_from_graph(build_graph()) == builtin_catalogue()
    True

    Raises:
        GraphError: The graph breaks a rule, or its attributes do not make a valid catalogue.
    """
    validate_graph(g)
    try:
        areas = [
            Area(_key(node), data["name"], data.get("description", ""))
            for node, data in g.nodes(data=True) if data["kind"] == "area"
        ]
        stages = [
            Stage(_key(node), data["name"], data.get("description", ""),
                  [_key(n) for n in _targets(g, node, "precedes")])
            for node, data in g.nodes(data=True) if data["kind"] == "stage"
        ]
        activities = [_activity(g, node, data) for node, data in g.nodes(data=True)
                      if data["kind"] == "activity"]
        return Catalogue(activities, areas, stages, g.graph.get("cues", {}),
                         g.graph.get("name", "custom"), g.graph.get("description", ""))
    except CatalogueError as error:
        raise GraphError(error.problems) from None
    except (KeyError, TypeError, ValueError) as error:
        msg = f"graph attributes do not make a valid catalogue: {error}"
        raise GraphError(msg) from None


def _activity(g: nx.MultiDiGraph, node: str, data: Mapping[str, Any]) -> Activity:
    out: dict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for _, target, key, edge in g.out_edges(node, keys=True, data=True):
        out[key].append((_key(target), edge))
    positions = {
        edge["axis"]: Position(pole, edge["strength"]) for pole, edge in out["classified_as"]
    }
    return Activity(
        id=_key(node),
        name=data["name"],
        description=data.get("description", ""),
        area=out["in_area"][0][0],
        stages=[stage for stage, _ in out["in_stage"]],
        legal_emphasis=data.get("legal_emphasis", False),
        phrases=data.get("phrases", ()),
        counterparts=[other for other, _ in out["counterpart"]],
        prevents=[other for other, _ in out["prevents"]],
        references=[reference for reference, _ in out["references"]],
        **{axis: positions[axis] for axis in _AXIS_ORDER},
    )


# -- node-link JSON ----------------------------------------------------------------------------


def to_node_link(graph: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """Return ``graph`` (default: the built-in one) as networkx node-link data (plain JSON).

    >>> data = to_node_link()
    >>> data["directed"], data["multigraph"], sorted(data)
    (True, True, ['directed', 'edges', 'graph', 'multigraph', 'nodes'])
    >>> from_node_link(data).edges == build_graph().edges
    True
    """
    data: dict[str, Any] = nx.node_link_data(_graph(graph), edges="edges")
    # A deep, plain copy: the result shares nothing with the (possibly cached) graph.
    copied: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return copied


def from_node_link(data: Mapping[str, Any]) -> nx.MultiDiGraph:
    """Read node-link data (as written by :func:`to_node_link`) back into a validated graph.

    Raises:
        GraphError: The data is not a directed multigraph in node-link form, or the graph
            breaks a rule (see :func:`validate_graph`).
    """
    if not isinstance(data, Mapping) or not {"nodes", "edges"} <= data.keys():
        raise GraphError([Problem("", "not node-link graph data",
                                  expected="a mapping with 'nodes' and 'edges'",
                                  found=type(data).__name__ if not isinstance(data, Mapping)
                                  else f"keys {sorted(map(str, data))}")])
    if data.get("directed") is not True or data.get("multigraph") is not True:
        raise GraphError([Problem("", "node-link data is not a directed multigraph",
                                  expected="directed: true, multigraph: true",
                                  found=f"directed: {data.get('directed')!r}, "
                                        f"multigraph: {data.get('multigraph')!r}")])
    try:
        g: nx.MultiDiGraph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as error:
        msg = f"malformed node-link data: {type(error).__name__}: {error}"
        raise GraphError(msg) from None
    validate_graph(g)
    return g


# -- GraphML and GEXF --------------------------------------------------------------------------

# XML 1.0 cannot hold these characters at all, not even as character references.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _flat(value: Any, owner: object, name: str = "") -> Any:
    """Return ``value`` as XML formats can store it: lists and mappings become JSON text."""
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _NOT_XML.search(value):
        where = f"{owner}.{name}" if name else str(owner)
        raise GraphError([Problem(where, "text holds a character XML cannot store",
                                  expected="no U+FFFE, U+FFFF, surrogates or control characters",
                                  found=repr(value))])
    return value


def _flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy ``g`` with list and mapping values as JSON text, as XML formats need."""
    flat = nx.MultiDiGraph()
    flat.graph.update({name: _flat(value, "graph", name) for name, value in g.graph.items()})
    for node, data in g.nodes(data=True):
        _flat(node, "node id")
        flat.add_node(node, **{name: _flat(value, node, name) for name, value in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        _flat(key, f"{u} -> {v} key")
        flat.add_edge(u, v, key, **{name: _flat(value, f"{u} -[{key}]-> {v}", name) for name, value in data.items()})
    return flat


def _decode(value: Any, where: str, kind: type) -> Any:
    if not isinstance(value, str):
        return value
    try:
        decoded = json.loads(value)
    except json.JSONDecodeError as error:
        raise GraphError([Problem(where, "attribute is not JSON text", expected=f"a JSON {kind.__name__}",
                                  found=f"{value!r} ({error.msg})")]) from None
    if not isinstance(decoded, kind):
        raise GraphError([Problem(where, "attribute has the wrong JSON type", expected=f"a JSON {kind.__name__}",
                                  found=repr(value))])
    return decoded


def _unflatten(read: nx.Graph, drop_graph: Iterable[str], drop_edge: Iterable[str]) -> nx.MultiDiGraph:
    """Rebuild a typed graph from what an XML reader returned: keys, lists and mappings."""
    if not read.is_directed():
        raise GraphError([Problem("", "graph is undirected", expected="a directed graph", found="undirected")])
    g = nx.MultiDiGraph()
    g.graph.update({k: v for k, v in read.graph.items() if k not in set(drop_graph)})
    for name in _JSON_GRAPH_ATTRIBUTES & g.graph.keys():
        g.graph[name] = _decode(g.graph[name], f"graph.{name}", dict)
    for node, data in read.nodes(data=True):
        attributes = dict(data)
        for name in _JSON_NODE_ATTRIBUTES & attributes.keys():
            attributes[name] = _decode(attributes[name], f"{node}.{name}", list)
        g.add_node(node, **attributes)
    dropped = set(drop_edge)
    if read.is_multigraph():
        edges = read.edges(keys=True, data=True)
    else:  # a GEXF reader returns a DiGraph when no two edges share their ends: keys are lost
        edges = ((u, v, data.get("relation"), data) for u, v, data in read.edges(data=True))
    for u, v, key, data in edges:
        g.add_edge(u, v, key, **{k: x for k, x in data.items() if k not in dropped})
    validate_graph(g)
    return g


def _xml_error(fmt: str, error: Exception) -> GraphError:
    return GraphError([Problem("", f"cannot read {fmt}", found=f"{type(error).__name__}: {error}")])


def to_graphml(graph: nx.MultiDiGraph | None = None) -> str:
    """Return ``graph`` (default: the built-in one) as GraphML text.

    Edge keys become GraphML edge ids; ``phrases`` and ``cues`` are stored as JSON text.

    >>> text = to_graphml()
    >>> text.startswith("<graphml")
    True
    >>> from_graphml(text).edges == build_graph().edges
    True

    Raises:
        GraphError: A text holds a character XML cannot store (U+FFFE, U+FFFF, controls).
    """
    return "\n".join(nx.generate_graphml(_flatten(_graph(graph)))) + "\n"


def from_graphml(text: str) -> nx.MultiDiGraph:
    """Read GraphML text written by :func:`to_graphml` back into a validated graph.

    Raises:
        GraphError: The text is not GraphML, or the graph breaks a rule.
    """
    try:
        read = nx.parse_graphml(text, node_type=str, edge_key_type=str, force_multigraph=True)
    except (nx.NetworkXError, SyntaxError, ValueError, KeyError, TypeError) as error:
        raise _xml_error("GraphML", error) from None
    return _unflatten(read, ("node_default", "edge_default"), ())


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``graph`` to a GraphML file (UTF-8); :func:`read_graphml` reads it back."""
    Path(path).write_text(to_graphml(graph), encoding="utf-8")


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml` (see :func:`from_graphml`)."""
    return from_graphml(Path(path).read_text(encoding="utf-8"))


def to_gexf(graph: nx.MultiDiGraph | None = None) -> str:
    """Return ``graph`` (default: the built-in one) as GEXF 1.2 text, e.g. for Gephi.

    GEXF has no graph-level attributes: the catalogue's ``name`` is kept, its
    ``description`` and ``cues`` are not. Nodes and edges round-trip unchanged.

    >>> g = from_gexf(to_gexf())
    >>> g.nodes == build_graph().nodes and g.edges == build_graph().edges
    True

    Raises:
        GraphError: A text holds a character XML cannot store (U+FFFE, U+FFFF, controls).
    """
    flat = _flatten(_graph(graph))
    # GEXF pops a node's "id" and an edge's "id", "label", "weight", "type", "start" and
    # "end" as XML attributes; our graphs use none of those names except "label" on nodes.
    text = "\n".join(nx.generate_gexf(flat)) + "\n"
    # networkx stamps today's date into <meta>; drop it (it is optional) so output is reproducible.
    return _GEXF_DATE.sub("", text, count=1)


_GEXF_DATE: Final = re.compile(r' lastmodifieddate="[^"]*"')


def from_gexf(text: str) -> nx.MultiDiGraph:
    """Read GEXF text written by :func:`to_gexf` back into a validated graph.

    Raises:
        GraphError: The text is not GEXF, or the graph breaks a rule.
    """
    try:
        read = nx.read_gexf(io.BytesIO(text.encode("utf-8")), node_type=str)
    except (nx.NetworkXError, SyntaxError, ValueError, KeyError, TypeError) as error:
        raise _xml_error("GEXF", error) from None
    return _unflatten(read, ("node_default", "edge_default", "mode"), ("id",))


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``graph`` to a GEXF file (UTF-8); :func:`read_gexf` reads it back."""
    Path(path).write_text(to_gexf(graph), encoding="utf-8")


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`write_gexf` (see :func:`from_gexf`)."""
    return from_gexf(Path(path).read_text(encoding="utf-8"))


# -- DOT and Mermaid ---------------------------------------------------------------------------

_DOT_SHAPES: Final = {
    "activity": "box",
    "classification": "ellipse",
    "area": "folder",
    "stage": "cds",
    "reference": "note",
}


def _dot_quote(text: object) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def _edge_label(key: Any, data: Mapping[str, Any]) -> str:
    strength = data.get("strength")
    return f"{key} {strength:g}" if isinstance(strength, float) else str(key)


def to_dot(graph: nx.MultiDiGraph | None = None) -> str:
    """Return ``graph`` (default: the built-in one) as Graphviz DOT text.

    Nodes are shaped by kind and labelled with their ``label``; edges are labelled with
    their relation (and strength). Kinds and relations become ``class`` attributes, which
    Graphviz carries into SVG for styling.

    >>> text = to_dot(neighbourhood("dispute_mediation", radius=0))
    >>> print(text.splitlines()[0])
    digraph "peopleops built-in" {
    >>> '"activity:dispute_mediation" -> "pole:reactive"' in text
    True
    """
    g = _graph(graph)
    lines = [f"digraph {_dot_quote(g.graph.get('name', 'peopleops'))} {{", "  rankdir=LR;"]
    for node, data in g.nodes(data=True):
        kind = data.get("kind", "")
        shape = _DOT_SHAPES.get(kind, "ellipse")
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(data.get('label', node))}, "
                     f"shape={shape}, class={_dot_quote(kind)}];")
    for u, v, key, data in g.edges(keys=True, data=True):
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(_edge_label(key, data))}, "
                     f"class={_dot_quote(key)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_SHAPES: Final = {
    "activity": ('["', '"]'),
    "classification": ('(["', '"])'),
    "area": ('[/"', '"/]'),
    "stage": ('{{"', '"}}'),
    "reference": ('>"', '"]'),
}
_MERMAID_ESCAPES: Final = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;",
                           "|": "#124;"}


def _mermaid_text(text: object) -> str:
    flat = " ".join(str(text).split())
    return "".join(_MERMAID_ESCAPES.get(char, char) for char in flat)


def to_mermaid(graph: nx.MultiDiGraph | None = None) -> str:
    """Return ``graph`` (default: the built-in one) as a Mermaid flowchart, for docs.

    Nodes get short ids (``n0``, ``n1`` ... in graph order), are shaped and styled by kind
    (``classDef``), and show their ``label`` with Mermaid's entity codes for ``"``, ``#``,
    ``<``, ``>``, ``|`` and backticks.

    >>> text = to_mermaid(neighbourhood("dispute_mediation", radius=0))
    >>> text.splitlines()[0]
    'flowchart LR'
    >>> '["Dispute mediation"]' in text
    True
    """
    g = _graph(graph)
    short = {node: f"n{i}" for i, node in enumerate(g)}
    lines = ["flowchart LR"]
    members: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        kind = str(data.get("kind", ""))
        opening, closing = _MERMAID_SHAPES.get(kind, ('["', '"]'))
        lines.append(f"  {short[node]}{opening}{_mermaid_text(data.get('label', node))}{closing}")
        members[kind].append(short[node])
    for u, v, key, data in g.edges(keys=True, data=True):
        lines.append(f'  {short[u]} -->|"{_mermaid_text(_edge_label(key, data))}"| {short[v]}')
    for kind in KINDS:
        if members[kind]:
            lines.append(f"  classDef {kind} {_MERMAID_STYLES[kind]}")
            lines.append(f"  class {','.join(members[kind])} {kind}")
    return "\n".join(lines) + "\n"


_MERMAID_STYLES: Final = {
    "activity": "fill:#eef,stroke:#447",
    "classification": "fill:#fee,stroke:#744",
    "area": "fill:#efe,stroke:#474",
    "stage": "fill:#ffe,stroke:#774",
    "reference": "fill:#eee,stroke:#777",
}
