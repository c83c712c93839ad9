"""YAML support behind the ``yaml`` extra: safe loading only, duplicate keys rejected.

Not public API; :mod:`peopleops.readers` calls it.
"""

from __future__ import annotations

from typing import Any

from peopleops.errors import CatalogueError, Problem

MAX_NODES = 200_000
"""Largest number of YAML nodes (after alias expansion) accepted: stops alias bombs."""


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - depends on the environment
        raise CatalogueError(
            [Problem("", "YAML support is not installed", expected="pip install 'peopleops[yaml]'")]
        ) from None
    return yaml


def load(text: str, source: str) -> Any:
    """Parse YAML ``text`` safely; raise :class:`CatalogueError` with line and column."""
    yaml = _yaml()

    class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]  # PyYAML is untyped here
        nodes = 0

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    mark = key_node.start_mark
                    raise CatalogueError(
                        [Problem("", f"duplicate key {key!r}", file=source, line=mark.line + 1,
                                 column=mark.column + 1, expected="each key once")]
                    )
                seen[key] = True
            return super().construct_mapping(node, deep=deep)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            type(self).nodes += 1
            if type(self).nodes > MAX_NODES:
                raise CatalogueError(
                    [Problem("", "document too large (too many nodes, or an alias bomb)", file=source,
                             expected=f"at most {MAX_NODES} nodes")]
                )
            return super().construct_object(node, deep=deep)

    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise CatalogueError(
            [Problem("", f"YAML error: {error.problem or error.context}", file=source, line=line, column=column)]
        ) from None
    except yaml.YAMLError as error:
        raise CatalogueError([Problem("", f"YAML error: {error}", file=source)]) from None
    except RecursionError:
        raise CatalogueError([Problem("", "nesting too deep", file=source)]) from None


def dump(mapping: dict[str, Any]) -> str:
    """Write ``mapping`` as block-style YAML with keys in their given order."""
    yaml = _yaml()
    text: str = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=100)
    return text
