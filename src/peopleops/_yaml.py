"""YAML support behind the ``yaml`` extra: safe loading only, duplicate keys rejected.

Not public API; :mod:`peopleops.readers` calls it. Documents are composed, then
constructed with a :class:`yaml.SafeLoader` subclass, so tags that would build Python
objects (``!!python/object`` ...) are refused. The composed node tree gives the line and
column of every key path, and the source text of scalars that YAML 1.1 reads as something
other than a string (``no`` -> ``False``, ``1.10`` -> ``1.1``, dates).
"""

from __future__ import annotations

from typing import Any

from peopleops.errors import CatalogueError, Problem

MAX_NODES = 200_000
"""Most YAML nodes constructed (alias references counted each time): stops runaway documents."""

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - depends on the environment
        raise CatalogueError(
            [Problem("", "YAML support is not installed", expected="pip install 'peopleops[yaml]'")]
        ) from None
    return yaml


def _problem(source: str, message: str, mark: Any = None, **details: Any) -> CatalogueError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return CatalogueError([Problem("", message, file=source, line=line, column=column, **details)])


def _loader_class(source: str) -> Any:
    yaml = _yaml()

    # The pure-Python parser on purpose: libyaml's (CSafeLoader) recurses in C and crashes the
    # interpreter on absurdly nested input, where this one raises RecursionError.
    class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]  # PyYAML is untyped here
        nodes = 0

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                except TypeError:
                    raise _problem(
                        source, "a key that is a list or table", key_node.start_mark, expected="a string key"
                    ) from None
                if duplicate:
                    raise _problem(source, f"duplicate key {key!r}", key_node.start_mark, expected="each key once")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _problem(
                    source,
                    "document too large (too many nodes, or an alias bomb)",
                    expected=f"at most {MAX_NODES} nodes",
                )
            return super().construct_object(node, deep=deep)

    return Loader


def load_document(text: str, source: str) -> Any:
    """Parse YAML ``text`` safely into a :class:`peopleops.readers.Document`.

    Raises:
        CatalogueError: A syntax error or an unsafe tag (with line and column), a duplicate
            key, too many nodes, or nesting too deep.
    """
    from peopleops.readers import Document

    yaml = _yaml()
    loader = None
    try:
        loader = _loader_class(source)(text)  # the reader refuses control characters here
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except CatalogueError:
        raise
    except yaml.constructor.ConstructorError as error:
        problem = str(error.problem or error.context)
        if "could not determine a constructor" in problem:
            tag = problem.rpartition("tag ")[2]
            raise _problem(
                source,
                f"YAML tag {tag} refused",
                error.problem_mark,
                expected="plain YAML (tables, lists, strings, numbers, booleans)",
                hint="only safe loading is done: tags that build objects are never run",
            ) from None
        raise _problem(source, f"YAML error: {problem}", error.problem_mark or error.context_mark) from None
    except yaml.MarkedYAMLError as error:
        raise _problem(
            source, f"YAML error: {error.problem or error.context}", error.problem_mark or error.context_mark
        ) from None
    except yaml.YAMLError as error:
        raise _problem(source, f"YAML error: {error}") from None
    except RecursionError:
        raise _problem(source, "nesting too deep", expected="a shallower document") from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _problem(source, "file has no YAML document (only comments?)", expected="a catalogue document")
    positions: dict[str, tuple[int, int]] = {}
    raw: dict[str, str] = {}
    _locate(node, "activities" if isinstance(data, list) else "", positions, raw, set(), 0)
    return Document(data, positions, raw)


def _key_text(key_node: Any) -> str:
    """The path segment for a mapping key, as the schema's ``str(key)`` spells it."""
    if key_node.tag == _STR_TAG or not isinstance(key_node.value, str):
        return str(key_node.value)
    yaml = _yaml()
    try:
        return str(yaml.SafeLoader("").construct_object(key_node, deep=True))
    except yaml.YAMLError:  # pragma: no cover - the document was constructed already
        return str(key_node.value)


def _locate(
    node: Any, path: str, positions: dict[str, tuple[int, int]], raw: dict[str, str], seen: set[int], depth: int
) -> None:
    """Record the position of every path under ``node`` (each node visited once)."""
    if id(node) in seen or depth > 64:
        return
    seen.add(id(node))
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node.value, str):
        if node.tag != _STR_TAG:
            raw.setdefault(path, node.value)
        return
    for index, item in enumerate(node.value):
        if isinstance(item, tuple):  # a mapping entry
            key_node, value_node = item
            child = f"{path}.{_key_text(key_node)}" if path else _key_text(key_node)
            positions.setdefault(child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
            _locate(value_node, child, positions, raw, seen, depth + 1)
        else:
            _locate(item, f"{path}[{index}]", positions, raw, seen, depth + 1)


def dump(mapping: dict[str, Any]) -> str:
    """Write ``mapping`` as block-style YAML with keys in their given order."""
    yaml = _yaml()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(mapping, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
