"""Tests for peopleops.graph: the typed graph, its validation, queries and exports."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import build_graph, catalogue, dumps
from peopleops import graph as graphs
from peopleops.catalogue import Catalogue
from peopleops.cli import main
from peopleops.errors import GraphError, UnknownIdError
from peopleops.model import POLES, Activity, Area, Axis, Orientation, Stage
from tests.strategies import catalogues, xml_texts

PROPERTY = settings(max_examples=25, deadline=None)


def assert_same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Assert two graphs are identical: attributes, node order, edge order, keys."""
    assert type(b) is nx.MultiDiGraph
    assert a.graph == b.graph
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def mutable() -> nx.MultiDiGraph:
    """A private, unfrozen copy of the built-in graph to break."""
    return nx.MultiDiGraph(build_graph())


def problem_text(error: pytest.ExceptionInfo[GraphError]) -> str:
    return str(error.value)


def linked_pair(cat: Catalogue) -> tuple[str, str]:
    """A (reactive, proactive) counterpart pair of the catalogue."""
    return next((a.id, other) for a in cat for other in a.counterparts)


# -- build -------------------------------------------------------------------------------------


def test_builtin_graph_has_every_kind_and_relation() -> None:
    """The built-in graph holds nodes of every kind and edges of every relation."""
    g = build_graph()
    assert {kind for _, kind in g.nodes(data="kind")} == set(graphs.KINDS)
    assert {key for _, _, key in g.edges(keys=True)} == set(graphs.RELATIONS)


def test_builtin_graph_is_a_cached_frozen_plain_multidigraph() -> None:
    """build_graph() returns one shared, frozen, plain MultiDiGraph, also for catalogue()."""
    g = build_graph()
    assert type(g) is nx.MultiDiGraph
    assert nx.is_frozen(g)
    assert build_graph() is g
    assert build_graph(catalogue()) is g
    with pytest.raises(nx.NetworkXError):
        g.add_node("activity:x")


def test_node_ids_carry_their_kind_prefix_and_attributes_are_json() -> None:
    """Every node id starts with its kind's prefix, has a label, and all attributes are JSON."""
    g = build_graph()
    for node, data in g.nodes(data=True):
        assert node.startswith(graphs.PREFIXES[data["kind"]] + ":")
        assert isinstance(data["label"], str)
    assert {data["axis"] for _, data in g.nodes(data=True) if data["kind"] == "classification"} == {
        axis.value for axis in Axis
    }
    assert len([n for n, k in g.nodes(data="kind") if k == "classification"]) == len(POLES)
    json.dumps(graphs.to_node_link(g))  # raises on anything that is not plain JSON


def test_edges_keyed_by_relation_and_repeat_it() -> None:
    """Every edge's key is its relation and its 'relation' attribute says the same."""
    for _, _, key, data in build_graph().edges(keys=True, data=True):
        assert data["relation"] == key


@PROPERTY
@given(catalogues())
def test_graph_mirrors_the_catalogue(cat: Catalogue) -> None:
    """Each activity's poles, strengths, area, stages, links and references become its edges."""
    g = build_graph(cat)
    assert type(g) is nx.MultiDiGraph
    assert not nx.is_frozen(g)
    assert len([n for n, k in g.nodes(data="kind") if k == "activity"]) == len(cat)
    for activity in cat:
        node = f"activity:{activity.id}"
        for position in activity.positions:
            data = g.edges[node, f"pole:{position.pole.value}", "classified_as"]
            assert (data["axis"], data["strength"]) == (position.axis.value, position.strength)
        assert [v for _, v, k in g.out_edges(node, keys=True) if k == "in_area"] == [f"area:{activity.area}"]
        assert graphs.alternatives(activity.id, g) == list(activity.counterparts)
        assert graphs.prevents(activity.id, g) == list(activity.prevents)
        refs = [v for _, v, k in g.out_edges(node, keys=True) if k == "references"]
        assert refs == [f"ref:{r}" for r in activity.references]
    for stage in cat.stages:
        after = [v for _, v, k in g.out_edges(f"stage:{stage.id}", keys=True) if k == "precedes"]
        assert after == [f"stage:{s}" for s in stage.precedes]


@PROPERTY
@given(catalogues())
def test_catalogue_from_graph_inverts_build(cat: Catalogue) -> None:
    """catalogue_from_graph(build_graph(cat)) gives back an equal catalogue."""
    assert graphs.catalogue_from_graph(build_graph(cat)) == cat


# -- validation --------------------------------------------------------------------------------


def test_two_poles_on_one_axis_is_rejected_naming_the_activity() -> None:
    """An activity with two orientation poles fails validation; the error names it."""
    g = mutable()
    g.add_edge("activity:payroll_processing", "pole:proactive", "classified_as",
               relation="classified_as", axis="orientation", strength=0.5)
    with pytest.raises(GraphError, match="exactly one pole per axis") as error:
        graphs.validate_graph(g)
    assert "activity:payroll_processing" in problem_text(error)
    assert "orientation: 2" in problem_text(error)


def test_missing_pole_is_rejected_naming_the_activity_and_axis() -> None:
    """An activity with no focus pole fails validation; the error names it and the axis."""
    g = mutable()
    g.remove_edge("activity:dispute_mediation", "pole:transactional", "classified_as")
    with pytest.raises(GraphError, match=r"'activity:dispute_mediation' \(focus: 0\)"):
        graphs.validate_graph(g)


def test_counterpart_from_proactive_to_reactive_is_rejected() -> None:
    """A counterpart edge going proactive -> reactive fails; the error names both ends."""
    reactive, proactive = linked_pair(catalogue())
    g = mutable()
    g.add_edge(f"activity:{proactive}", f"activity:{reactive}", "counterpart", relation="counterpart")
    with pytest.raises(GraphError, match="point the wrong way") as error:
        graphs.validate_graph(g)
    assert f"activity:{proactive} -[counterpart]-> activity:{reactive}" in problem_text(error)


def test_prevents_from_reactive_to_proactive_is_rejected() -> None:
    """A prevents edge going reactive -> proactive fails; the error names both ends."""
    reactive, proactive = linked_pair(catalogue())
    g = mutable()
    g.add_edge(f"activity:{reactive}", f"activity:{proactive}", "prevents", relation="prevents")
    with pytest.raises(GraphError, match="wrong way") as error:
        graphs.validate_graph(g)
    assert f"activity:{reactive} -[prevents]-> activity:{proactive}" in problem_text(error)


def test_precedes_cycle_is_rejected_naming_the_cycle() -> None:
    """A stage order with a cycle fails; the error spells the cycle out."""
    g = mutable()
    g.add_edge("stage:attract", "stage:plan", "precedes", relation="precedes")
    with pytest.raises(GraphError, match="cycle") as error:
        graphs.validate_graph(g)
    assert re.search(r"stage:(plan|attract) -> stage:(plan|attract) -> stage:(plan|attract)", problem_text(error))


def test_unknown_kind_and_bad_prefix_are_rejected() -> None:
    """Nodes with no known kind, or an id that does not match their kind, are named."""
    g = mutable()
    g.add_node("thing", kind="gadget")
    g.add_node("area:oops", kind="stage", label="x")
    with pytest.raises(GraphError) as error:
        graphs.validate_graph(g)
    assert "'thing'" in problem_text(error)
    assert "'area:oops'" in problem_text(error)


def test_edge_key_must_be_a_relation_between_the_right_kinds() -> None:
    """Unknown relations, keys that differ from 'relation' and wrong end kinds are named."""
    g = mutable()
    g.add_edge("activity:payroll_processing", "area:total_rewards", "belongs", relation="belongs")
    g.add_edge("activity:payroll_processing", "stage:plan", "in_area", relation="in_area")
    g.add_edge("stage:plan", "stage:hire", "precedes", relation="in_stage")
    with pytest.raises(GraphError) as error:
        graphs.validate_graph(g)
    text = problem_text(error)
    assert "activity:payroll_processing -[belongs]-> area:total_rewards" in text
    assert "activity:payroll_processing -[in_area]-> stage:plan" in text
    assert "stage:plan -[precedes]-> stage:hire" in text


@pytest.mark.parametrize("strength", [0.0, 1.5, "high", True])
def test_bad_strength_is_rejected(strength: object) -> None:
    """A classified_as strength outside (0, 1], or not a number, is named."""
    g = mutable()
    g.edges["activity:payroll_processing", "pole:hr", "classified_as"]["strength"] = strength
    with pytest.raises(GraphError, match="bad axis or strength") as error:
        graphs.validate_graph(g)
    assert "activity:payroll_processing -[classified_as]-> pole:hr" in problem_text(error)


def test_activity_needs_one_area_and_a_stage() -> None:
    """Activities without an area or without stages are named."""
    g = mutable()
    g.remove_edge("activity:payroll_processing", "area:total_rewards", "in_area")
    for _, stage, key in list(g.out_edges("activity:dispute_mediation", keys=True)):
        if key == "in_stage":
            g.remove_edge("activity:dispute_mediation", stage, key)
    with pytest.raises(GraphError) as error:
        graphs.validate_graph(g)
    assert re.search(r"without exactly one area.*'activity:payroll_processing'", problem_text(error))
    assert re.search(r"without a stage.*'activity:dispute_mediation'", problem_text(error))


def test_only_a_few_offending_ids_are_listed() -> None:
    """With many offenders, the message lists five and counts the rest."""
    g = nx.MultiDiGraph()
    for i in range(12):
        g.add_node(f"activity:a{i}", kind="activity", label="x")
    with pytest.raises(GraphError) as error:
        graphs.validate_graph(g)
    line = next(p for p in error.value.problems if "one area" in p.message)
    assert line.found is not None
    assert line.found.count("'activity:") == 5
    assert line.found.endswith("and 7 more")


def test_validation_rejects_other_graph_types() -> None:
    """A DiGraph is not a peopleops graph; GraphError is also a ValueError."""
    with pytest.raises(ValueError, match=r"networkx\.MultiDiGraph"):
        graphs.validate_graph(nx.DiGraph(build_graph()))


def test_readers_validate_what_they_read() -> None:
    """A broken graph written to node-link, GraphML or GEXF cannot be read back."""
    g = mutable()
    g.add_edge("stage:attract", "stage:plan", "precedes", relation="precedes")
    with pytest.raises(GraphError, match="cycle"):
        graphs.from_node_link(nx.node_link_data(g, edges="edges"))
    with pytest.raises(GraphError, match="cycle"):
        graphs.from_graphml(graphs.to_graphml(g))
    with pytest.raises(GraphError, match="cycle"):
        graphs.from_gexf(graphs.to_gexf(g))


def test_graphml_edge_ids_are_the_keys_read_back() -> None:
    """A GraphML edge whose id differs from its relation is caught, not silently re-keyed."""
    text = graphs.to_graphml(build_graph())
    assert 'id="in_area"' in text
    with pytest.raises(GraphError, match=r"-\[in_zone\]-> area:"):
        graphs.from_graphml(text.replace('id="in_area"', 'id="in_zone"', 1))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not node-link graph data"),
        ({"nodes": []}, "not node-link graph data"),
        ({"nodes": [], "edges": [], "directed": False, "multigraph": True}, "not a directed multigraph"),
        ({"nodes": [{"kind": "area"}], "edges": [], "directed": True, "multigraph": True}, "found '0'"),
        ({"nodes": [], "edges": [{"source": "a"}], "directed": True, "multigraph": True}, "malformed"),
    ],
)
def test_from_node_link_rejects_malformed_data(data: object, message: str) -> None:
    """Data that is not directed multigraph node-link JSON raises GraphError, not KeyError."""
    with pytest.raises(GraphError, match=message):
        graphs.from_node_link(data)  # type: ignore[arg-type]  # deliberately wrong input


def test_xml_readers_reject_garbage() -> None:
    """Text that is not GraphML or GEXF raises GraphError."""
    with pytest.raises(GraphError, match="cannot read GraphML"):
        graphs.from_graphml("<graphml")
    with pytest.raises(GraphError, match="cannot read GEXF"):
        graphs.from_gexf("not xml at all")


def test_xml_writers_reject_characters_xml_cannot_hold() -> None:
    """A label with U+FFFF cannot go to GraphML; the error names the node and attribute."""
    g = mutable()
    g.nodes["activity:payroll_processing"]["description"] = "bad \uffff"
    with pytest.raises(GraphError, match=r"activity:payroll_processing\.description"):
        graphs.to_graphml(g)


# -- queries -----------------------------------------------------------------------------------


@PROPERTY
@given(catalogues(), st.lists(st.sampled_from(sorted(POLES)), max_size=2), st.booleans(), st.booleans())
def test_select_agrees_with_the_catalogue(cat: Catalogue, poles: list[str], by_area: bool, by_stage: bool) -> None:
    """select() on the graph returns exactly Catalogue.select(), in catalogue order."""
    area = cat.activities[0].area if by_area else None
    stage = cat.activities[0].stages[0] if by_stage else None
    expected = [a.id for a in cat.select(*poles, area=area, stage=stage)]
    assert graphs.select(*poles, area=area, stage=stage, graph=build_graph(cat)) == expected


def test_select_on_the_builtin_graph_finds_reactive_transactional_work() -> None:
    """Every selected activity really has the asked poles and area."""
    cat = catalogue()
    found = graphs.select("reactive", "transactional", area="employee_relations")
    assert found
    assert all(cat[i].has("reactive", "transactional") and cat[i].area == "employee_relations" for i in found)


def test_unknown_ids_raise_lookup_errors_with_suggestions() -> None:
    """Unknown activities, areas, stages and poles raise UnknownIdError suggesting close ids."""
    with pytest.raises(UnknownIdError, match="did you mean 'dispute_mediation'"):
        graphs.alternatives("dispute_mediaton")
    with pytest.raises(UnknownIdError, match="did you mean 'total_rewards'"):
        graphs.select(area="total_reward")
    with pytest.raises(UnknownIdError, match="unknown stage"):
        graphs.select(stage="hiring_x")
    with pytest.raises(UnknownIdError, match="pole"):
        graphs.select("reactiv")


def test_alternatives_and_prevents_are_inverse() -> None:
    """An alternative b of a means a is among what b prevents, and the other way round."""
    cat = catalogue()
    pairs = {(a.id, b) for a in cat for b in graphs.alternatives(a.id)}
    inverse = {(a, b.id) for b in cat for a in graphs.prevents(b.id)}
    assert pairs
    assert pairs == inverse
    reactive, _ = linked_pair(cat)
    assert graphs.alternatives(f"activity:{reactive}") == graphs.alternatives(reactive)


@PROPERTY
@given(catalogues())
def test_quadrants_partition_activities_by_orientation_and_focus(cat: Catalogue) -> None:
    """Each activity is in exactly the quadrant of its orientation and focus poles."""
    g = build_graph(cat)
    groups = graphs.quadrants(graph=g)
    assert list(groups) == [("reactive", "transactional"), ("reactive", "strategic"),
                            ("proactive", "transactional"), ("proactive", "strategic")]
    assert sorted(itertools.chain(*groups.values())) == sorted(cat.ids)
    for activity in cat:
        key = (activity.orientation.pole.value, activity.focus.pole.value)
        assert activity.id in groups[key]
        assert graphs.quadrant(activity.id, g) == key


@PROPERTY
@given(catalogues(), st.data())
def test_approach_split_partitions_any_set(cat: Catalogue, data: st.DataObject) -> None:
    """approach_split puts every given activity under its approach pole, keeping order."""
    chosen = data.draw(st.lists(st.sampled_from(cat.ids), unique=True))
    split = graphs.approach_split(chosen, build_graph(cat))
    assert list(split) == ["hr", "people_ops"]
    for pole, ids in split.items():
        assert ids == [i for i in chosen if cat[i].approach.pole.value == pole]


def test_neighbourhood_radius_follows_links_and_keeps_placements() -> None:
    """Radius 0 is the activity with its placement; radius 1 adds its linked activities."""
    reactive, proactive = linked_pair(catalogue())
    alone = graphs.neighbourhood(reactive, radius=0)
    assert [n for n, k in alone.nodes(data="kind") if k == "activity"] == [f"activity:{reactive}"]
    assert {v for _, v in alone.out_edges(f"activity:{reactive}")} == set(alone) - {f"activity:{reactive}"}
    near = graphs.neighbourhood(reactive)
    assert f"activity:{proactive}" in near
    assert near.has_edge(f"activity:{reactive}", f"activity:{proactive}", "counterpart")
    graphs.validate_graph(near)
    assert not nx.is_frozen(near)
    full = build_graph()
    for u, v, key, data in near.edges(keys=True, data=True):
        assert full.edges[u, v, key] == data
    with pytest.raises(ValueError, match="radius"):
        graphs.neighbourhood(reactive, radius=-1)


@PROPERTY
@given(catalogues(), st.data())
def test_neighbourhood_is_a_valid_catalogue_fragment(cat: Catalogue, data: st.DataObject) -> None:
    """Any neighbourhood reads back as a catalogue of the activities it holds."""
    start = data.draw(st.sampled_from(cat.ids))
    radius = data.draw(st.integers(0, 3))
    part = graphs.catalogue_from_graph(graphs.neighbourhood(start, radius, build_graph(cat)))
    assert start in part
    for activity in part:
        assert activity.positions == cat[activity.id].positions


def test_subgraph_of_an_area_holds_its_activities_only() -> None:
    """subgraph(select(area=...)) keeps exactly the area's activities and what places them."""
    ids = graphs.select(area="employee_relations")
    small = graphs.subgraph(ids)
    assert [n.partition(":")[2] for n, k in small.nodes(data="kind") if k == "activity"] == ids
    assert "area:employee_relations" in small
    assert "area:total_rewards" not in small
    graphs.validate_graph(small)


def test_explain_lists_poles_with_strengths_then_placement() -> None:
    """explain() gives the five poles with the model's strengths (axis order), then the area."""
    activity = catalogue()["dispute_mediation"]
    reasons = graphs.explain(activity.id)
    poles = [r for r in reasons if r.relation == "classified_as"]
    assert [(r.node, r.axis, r.strength) for r in poles] == [
        (f"pole:{p.pole.value}", p.axis.value, p.strength) for p in activity.positions
    ]
    assert reasons[: len(poles)] == tuple(poles)
    assert reasons[len(poles)].node == f"area:{activity.area}"
    assert [r.node for r in reasons if r.relation == "in_stage"] == [f"stage:{s}" for s in activity.stages]
    assert str(poles[0]).startswith("classified_as pole:reactive (orientation, strength ")


# -- exports -----------------------------------------------------------------------------------


@PROPERTY
@given(catalogues())
def test_node_link_round_trip_is_the_identity(cat: Catalogue) -> None:
    """to_node_link -> JSON text -> from_node_link gives an identical graph and catalogue."""
    g = build_graph(cat)
    back = graphs.from_node_link(json.loads(json.dumps(graphs.to_node_link(g))))
    assert_same(g, back)
    assert graphs.catalogue_from_graph(back) == cat


@PROPERTY
@given(catalogues(text=xml_texts))
def test_graphml_round_trip_is_the_identity(cat: Catalogue) -> None:
    """to_graphml -> from_graphml gives an identical graph (lists restored) and catalogue."""
    g = build_graph(cat)
    back = graphs.from_graphml(graphs.to_graphml(g))
    assert_same(g, back)
    assert graphs.catalogue_from_graph(back) == cat


@PROPERTY
@given(catalogues(text=xml_texts))
def test_gexf_round_trip_keeps_nodes_and_edges(cat: Catalogue) -> None:
    """to_gexf -> from_gexf gives identical nodes and edges and keeps the graph's name."""
    g = build_graph(cat)
    back = graphs.from_gexf(graphs.to_gexf(g))
    assert list(g.nodes(data=True)) == list(back.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(back.edges(keys=True, data=True))
    assert back.graph["name"] == cat.name


def test_builtin_graph_round_trips_through_files(tmp_path: Path) -> None:
    """write_graphml/read_graphml and write_gexf/read_gexf are symmetric on the built-in graph."""
    g = build_graph()
    graphs.write_graphml(g, tmp_path / "g.graphml")
    assert_same(g, graphs.read_graphml(tmp_path / "g.graphml"))
    graphs.write_gexf(g, tmp_path / "g.gexf")
    assert list(graphs.read_gexf(tmp_path / "g.gexf").edges(keys=True, data=True)) == list(
        g.edges(keys=True, data=True)
    )


def test_exports_are_deterministic() -> None:
    """Every text export of the same graph is the same text twice."""
    g = build_graph()
    for export in (graphs.to_graphml, graphs.to_gexf, graphs.to_dot, graphs.to_mermaid):
        assert export(g) == export(nx.MultiDiGraph(g))


def test_to_node_link_shares_nothing_with_the_cached_graph() -> None:
    """Changing the node-link data leaves the cached built-in graph untouched."""
    data = graphs.to_node_link()
    data["graph"]["cues"].clear()
    data["nodes"][-1]["label"] = "changed"
    assert build_graph().graph["cues"]
    assert graphs.to_node_link() != data


def awkward_catalogue() -> Catalogue:
    """A one-activity catalogue whose texts need escaping in DOT and Mermaid."""
    name = 'Say "hi" \\ #1 <b> | `x`\nnext'
    activity = Activity(
        id="odd", name=name, description="", area="odd_area", stages=["s"],
        orientation="reactive", focus="transactional", approach="hr", systems="established",
        collaboration="siloed",
    )
    return Catalogue([activity], [Area("odd_area", 'Area "quoted"')], [Stage("s", "S")], name='cat "q"')


def test_dot_escapes_labels_and_lists_every_node_and_edge() -> None:
    """DOT output quotes and escapes labels and has one line per node and per edge."""
    g = build_graph(awkward_catalogue())
    text = graphs.to_dot(g)
    assert 'label="Say \\"hi\\" \\\\ #1 <b> | `x`\\nnext"' in text
    assert text.startswith('digraph "cat \\"q\\"" {')
    assert text.count(" -> ") == g.number_of_edges()
    assert sum(1 for line in text.splitlines() if "shape=" in line) == g.number_of_nodes()
    for line in text.splitlines():
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0


def test_mermaid_escapes_labels_and_lists_every_node_and_edge() -> None:
    """Mermaid output uses entity codes for quotes and markup and has every node and edge."""
    g = build_graph(awkward_catalogue())
    text = graphs.to_mermaid(g)
    assert text.splitlines()[0] == "flowchart LR"
    assert '["Say #quot;hi#quot; \\ #35;1 #lt;b#gt; #124; #96;x#96; next"]' in text
    assert text.count(" -->|") == g.number_of_edges()
    for line in text.splitlines()[1 : 1 + g.number_of_nodes()]:
        assert line.count('"') == 2


# -- command line ------------------------------------------------------------------------------


def test_cli_node_link_loads_with_networkx(capsys: pytest.CaptureFixture[str]) -> None:
    """`peopleops graph` prints node-link JSON that networkx loads, with every kind and relation."""
    assert main(["graph", "--format", "node-link"]) == 0
    g = nx.node_link_graph(json.loads(capsys.readouterr().out), edges="edges")
    assert {kind for _, kind in g.nodes(data="kind")} == set(graphs.KINDS)
    assert {key for _, _, key in g.edges(keys=True)} == set(graphs.RELATIONS)
    assert_same(build_graph(), g)


def test_cli_graphml_reads_back_with_networkx(tmp_path: Path) -> None:
    """`--format graphml --output FILE` writes a file networkx.read_graphml reads."""
    path = tmp_path / "taxonomy.graphml"
    assert main(["graph", "--format", "graphml", "--output", str(path)]) == 0
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == build_graph().number_of_nodes()
    assert g.number_of_edges() == build_graph().number_of_edges()
    assert g.nodes["activity:payroll_processing"]["kind"] == "activity"


@pytest.mark.parametrize("fmt", ["gexf", "dot", "mermaid"])
def test_cli_other_formats_match_the_library(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI writes exactly what the library's exporter returns."""
    assert main(["graph", "-f", fmt]) == 0
    export = {"gexf": graphs.to_gexf, "dot": graphs.to_dot, "mermaid": graphs.to_mermaid}[fmt]
    assert capsys.readouterr().out == export(build_graph())


def test_cli_restricts_to_an_area_or_a_neighbourhood(capsys: pytest.CaptureFixture[str]) -> None:
    """--area keeps the area's activities; --activity/--radius keeps a neighbourhood."""
    assert main(["graph", "--area", "employee_relations"]) == 0
    g = graphs.from_node_link(json.loads(capsys.readouterr().out))
    assert [n.partition(":")[2] for n, k in g.nodes(data="kind") if k == "activity"] == graphs.select(
        area="employee_relations"
    )
    reactive, proactive = linked_pair(catalogue())
    assert main(["graph", "--activity", reactive, "--radius", "0"]) == 0
    g = graphs.from_node_link(json.loads(capsys.readouterr().out))
    assert_same(graphs.neighbourhood(reactive, 0), g)
    assert main(["graph", "--activity", catalogue()[reactive].name]) == 0  # names work too
    g = graphs.from_node_link(json.loads(capsys.readouterr().out))
    assert f"activity:{proactive}" in g


def test_cli_uses_a_custom_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--catalogue FILE exports that catalogue's graph."""
    path = tmp_path / "mine.json"
    path.write_text(dumps(awkward_catalogue(), "json"), encoding="utf-8")
    assert main(["graph", "--catalogue", str(path)]) == 0
    g = graphs.from_node_link(json.loads(capsys.readouterr().out))
    assert graphs.catalogue_from_graph(g) == awkward_catalogue()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["graph", "--area", "nowhere"], "unknown area 'nowhere'"),
        (["graph", "--activity", "nothing_like_this"], "unknown activity"),
        (["graph", "--radius", "2"], "--radius needs --activity"),
        (["graph", "--activity", "payroll_processing", "--radius", "-1"], "whole number >= 0"),
        (["graph", "--area", "total_rewards", "--activity", "payroll_processing"], "not allowed with"),
    ],
)
def test_cli_usage_and_input_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad ids and bad option combinations exit 2 with a message, no traceback."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_orientation_enum_is_what_the_graph_calls_reactive() -> None:
    """Pole node ids use the model's pole strings."""
    assert graphs.node_id("classification", Orientation.REACTIVE) in build_graph()
