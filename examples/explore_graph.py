"""Build the taxonomy graph, query it, export it and draw an activity's neighbourhood.

A notebook written as a script (``# %%`` cells). The graph is a plain networkx
``MultiDiGraph``: every node has a ``kind``, every edge is keyed by its relation. Drawing
needs the ``plot`` extra.
"""

import json
from collections import Counter

import networkx as nx

from peopleops import graph
from peopleops.plot import neighbourhood

# %% Build it
# One node per activity, pole, area, lifecycle stage and framework reference.
g = graph.build_graph()
kinds = Counter(kind for _, kind in g.nodes(data="kind"))
relations = Counter(key for _, _, key in g.edges(keys=True))
print(f"{g.number_of_nodes()} nodes:", ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
print(f"{g.number_of_edges()} edges:", ", ".join(f"{n} {rel}" for rel, n in sorted(relations.items())))

# %% Ask it questions
# The same questions as the catalogue's, answered by walking edges.
print("proactive alternatives of dispute mediation:", graph.alternatives("dispute_mediation"))
print("reactive work that workforce planning makes rarer:", graph.prevents("workforce_planning"))
sizes = {"/".join(key): len(ids) for key, ids in graph.quadrants().items()}
print("activities per quadrant:", sizes)
for placement in graph.explain("payroll_processing")[:5]:
    print("  payroll", placement)

# %% Reactive work without a proactive alternative
# Reactive activities with no counterpart edge: candidates for new People Ops work.
lonely = [ident for ident in graph.select("reactive") if not graph.alternatives(ident)]
print(f"{len(lonely)} reactive activities have no proactive counterpart yet, e.g. {lonely[:3]}")

# %% Export and read back
# Node-link JSON is a round trip; GraphML, GEXF, DOT and Mermaid are there for other tools.
data = graph.to_node_link(g)
again = graph.from_node_link(json.loads(json.dumps(data)))
print("node-link round trip equal:", nx.utils.graphs_equal(g, again))
small = graph.subgraph(["dispute_mediation", "conflict_resolution_workshops"])
print(graph.to_mermaid(small).splitlines()[0], f"... {len(graph.to_mermaid(small).splitlines())} lines")

# %% Draw a neighbourhood
# Workforce planning is the proactive counterpart of several kinds of reactive work.
neighbourhood("workforce_planning")
