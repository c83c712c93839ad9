"""peopleops: the work of an HR function as a typed, queryable taxonomy.

>>> import peopleops
>>> cat = peopleops.catalogue()
>>> cat["workforce_planning"].has("proactive", "strategic")
True
"""

from typing import TYPE_CHECKING, Any

from peopleops.catalogue import Catalogue, catalogue, dumps, load_catalogue, loads
from peopleops.classify import (
    Alternative,
    Batch,
    Classifier,
    Evidence,
    Result,
    classifier,
    classify,
    classify_batch,
    classify_many,
)
from peopleops.errors import (
    CatalogueError,
    GraphError,
    InputError,
    PeopleopsError,
    Problem,
    UnknownIdError,
)
from peopleops.inputs import Skip, Task, read_tasks
from peopleops.model import (
    Activity,
    Approach,
    Area,
    Axis,
    Collaboration,
    Focus,
    Framework,
    Orientation,
    Position,
    Reference,
    Stage,
    Systems,
)
from peopleops.profile import Profile, profile

if TYPE_CHECKING:
    from peopleops.graph import build_graph, validate_graph

# The graph names are imported on first use: networkx takes longer to import than the rest of
# peopleops together, and classifying or browsing the catalogue does not need it.
_GRAPH_NAMES = frozenset({"build_graph", "validate_graph"})


def __getattr__(name: str) -> Any:
    if name in _GRAPH_NAMES:
        from peopleops import graph

        return getattr(graph, name)
    if name == "__version__":  # read on first use: importlib.metadata is slow to import
        return _version()
    msg = f"module 'peopleops' has no attribute {name!r}"
    raise AttributeError(msg)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("peopleops")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"

__all__ = [
    "Activity",
    "Alternative",
    "Approach",
    "Area",
    "Axis",
    "Batch",
    "Catalogue",
    "CatalogueError",
    "Classifier",
    "Collaboration",
    "Evidence",
    "Focus",
    "Framework",
    "GraphError",
    "InputError",
    "Orientation",
    "PeopleopsError",
    "Position",
    "Problem",
    "Profile",
    "Reference",
    "Result",
    "Skip",
    "Stage",
    "Systems",
    "Task",
    "UnknownIdError",
    "__version__",
    "build_graph",
    "catalogue",
    "classifier",
    "classify",
    "classify_batch",
    "classify_many",
    "dumps",
    "load_catalogue",
    "loads",
    "profile",
    "read_tasks",
    "validate_graph",
]
