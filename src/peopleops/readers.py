r"""Reading catalogue files safely: bytes to text to a plain document, with positions.

Every failure becomes a :class:`~peopleops.errors.CatalogueError` naming the file, and the
line and column where the format can tell. JSON rejects duplicate keys and ``NaN``/
``Infinity``; YAML is read with a safe loader only (PyYAML, the ``yaml`` extra): tags that
would build Python objects are refused. Every format is held to a size cap
(:data:`MAX_BYTES`), a node cap (:data:`MAX_NODES`, counted with YAML aliases expanded, so
alias bombs are refused) and a depth cap (:data:`MAX_DEPTH`).

:func:`parse_document` also returns where each key path sits in the text
(:class:`Document`), so that schema problems found later can name a line and column: exact
for JSON and YAML, best effort for TOML.

>>> parse('{"a": 1, "a": 2}', "json", "x.json")
Traceback (most recent call last):
...
peopleops.errors.CatalogueError: x.json, line 1, column 10: duplicate key 'a' (expected each key once)
>>> doc = parse_document('{\n  "activities": [\n    {"id": "x"}\n  ]\n}', "json", "x.json")
>>> doc.find("activities[0].id")
(3, 6)
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from peopleops.errors import CatalogueError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "decode",
    "dump_yaml",
    "parse",
    "parse_document",
    "read_text",
]

MAX_BYTES = 16 * 1024 * 1024
"""Largest catalogue file read (16 MiB)."""

MAX_NODES = 200_000
"""Most values (tables, lists, scalars) a document may hold, YAML aliases expanded."""

MAX_DEPTH = 32
"""Deepest nesting of tables and lists accepted (a catalogue needs 4)."""


def _fail(
    source: str, message: str, line: int | None = None, column: int | None = None, **details: Any
) -> CatalogueError:
    return CatalogueError([Problem("", message, file=source, line=line, column=column, **details)])


@attrs.frozen
class Document:
    """A parsed catalogue document and where its parts are in the source text.

    Attributes:
        data: The plain document (tables, lists, strings, numbers ...).
        positions: Key path (``activities[3].orientation``) to 1-based ``(line, column)``.
        raw: Key path to the source text of YAML scalars that were read as something other
            than a string (``no`` read as ``False``, ``1.10`` as ``1.1``, dates).
    """

    data: Any
    positions: Mapping[str, tuple[int, int]] = attrs.field(factory=dict)
    raw: Mapping[str, str] = attrs.field(factory=dict)

    def find(self, path: str) -> tuple[int, int] | None:
        """Return the position of ``path``, or of its nearest located ancestor, or ``None``."""
        while True:
            found = self.positions.get(path)
            if found is not None or not path:
                return found
            parent = _PARENT.sub("", path)
            if parent == path:
                return self.positions.get("")
            path = parent


_PARENT = re.compile(r"(?:\.[^.\[\]]*|\[\d+\])$")


class _Located(Mapping[str, tuple[int, int]]):
    """Key positions found on first look-up: a document that checks clean never needs them.

    >>> calls = []
    >>> located = _Located(lambda: calls.append(1) or {"name": (1, 1)})
    >>> len(calls), located["name"], located.get("name"), len(calls)
    (0, (1, 1), (1, 1), 1)
    """

    def __init__(self, locate: Callable[[], dict[str, tuple[int, int]]]) -> None:
        self._locate: Callable[[], dict[str, tuple[int, int]]] | None = locate
        self._found: dict[str, tuple[int, int]] = {}

    def _positions(self) -> dict[str, tuple[int, int]]:
        if self._locate is not None:
            self._found, self._locate = self._locate(), None
        return self._found

    def __getitem__(self, path: str) -> tuple[int, int]:
        return self._positions()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._positions())


# -- bytes to text -------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """Read a catalogue file as UTF-8 text (a UTF-8 BOM is allowed).

    Raises:
        CatalogueError: Missing, a directory, unreadable, too large, UTF-16 or not UTF-8.
    """
    source = str(path)
    try:
        if path.is_dir():
            raise _fail(source, "is a directory", expected="a catalogue file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(source, "file too large", expected=f"at most {MAX_BYTES} bytes", found=f"{size} bytes")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the size may change between stat and read
    except FileNotFoundError:
        raise _fail(source, "no such file") from None
    except PermissionError:
        raise _fail(source, "permission denied", expected="a readable file") from None
    except OSError as error:
        raise _fail(source, f"cannot read file: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise _fail(source, "file too large", expected=f"at most {MAX_BYTES} bytes")
    return decode(data, source)


def decode(data: bytes, source: str) -> str:
    r"""Decode catalogue bytes as UTF-8, reporting the line and column of the first bad byte.

    >>> decode(b"name: caf\xe9\n", "x.yaml")
    Traceback (most recent call last):
    ...
    peopleops.errors.CatalogueError: x.yaml, line 1, column 10: invalid UTF-8 (expected UTF-8 text; found byte b'\xe9')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(source, "file is UTF-16", expected="UTF-8 text", hint="re-save the file as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        utf16 = data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4
        raise _fail(
            source,
            "file looks like UTF-16 (no BOM)" if utf16 else "NUL byte in file (binary data?)",
            line,
            column,
            expected="UTF-8 text",
            hint="re-save the file as UTF-8" if utf16 else None,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise _fail(
            source,
            "invalid UTF-8",
            line,
            column,
            expected="UTF-8 text",
            found=f"byte {data[error.start : error.start + 1]!r}",
        ) from None


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, len(data[start:index].decode("utf-8", "replace")) + 1


# -- caps ----------------------------------------------------------------------------------


def _check_shape(data: Any, source: str, root: str) -> None:
    """Refuse documents with too many values (aliases expanded) or nested too deep."""
    count = 0
    stack: list[tuple[Any, int, str]] = [(data, 0, root)]
    while stack:
        value, depth, path = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise _fail(
                source,
                "document too large (too many values, or a YAML alias bomb)",
                expected=f"at most {MAX_NODES} values",
            )
        if depth > MAX_DEPTH:
            raise CatalogueError(
                [Problem(path, "nesting too deep", file=source, expected=f"at most {MAX_DEPTH} levels")]
            )
        if isinstance(value, Mapping):
            stack.extend((item, depth + 1, _child(path, key)) for key, item in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((item, depth + 1, f"{path}[{i}]") for i, item in enumerate(value))


def _child(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


class _Lines:
    """Maps a character index to a 1-based ``(line, column)``."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def __call__(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


# -- JSON ----------------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_constant(name: str) -> Any:
    raise _ConstantError(name)


class _ConstantError(ValueError):
    pass


def _parse_json(text: str, source: str) -> Any:
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    where = _Lines(text)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as error:
        raise _fail(source, f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except _DuplicateKeyError as error:
        line, column = _locate_duplicate(text, error.key, where)
        raise _fail(source, f"duplicate key {error.key!r}", line, column, expected="each key once") from None
    except _ConstantError as error:
        match = re.search(r"(?<![\w\"])-?" + re.escape(str(error)) + r"(?![\w\"])", text)
        line, column = where(match.start()) if match else (None, None)
        raise _fail(
            source, f"{error} is not valid JSON", line, column, expected="a finite number", found=str(error)
        ) from None
    except RecursionError:
        raise _fail(source, "nesting too deep", expected=f"at most {MAX_DEPTH} levels") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise _fail(source, f"JSON value cannot be read: {error}") from None


def _locate_duplicate(text: str, key: str, where: _Lines) -> tuple[int | None, int | None]:
    quoted = json.dumps(key)
    hits = [m.start() for m in re.finditer(re.escape(quoted) + r"\s*:", text)]
    if len(hits) >= 2:
        return where(hits[1])
    return None, None


_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]  # untyped
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def _json_positions(text: str, root: str) -> dict[str, tuple[int, int]]:
    """Map every key path of valid JSON ``text`` to the position of its key (or item)."""
    where = _Lines(text)
    positions: dict[str, tuple[int, int]] = {}

    def space(i: int) -> int:
        match = _JSON_SPACE.match(text, i)
        return match.end() if match else i

    def value(i: int, path: str) -> int:
        i = space(i)
        positions.setdefault(path, where(i))
        char = text[i]
        if char == "{":
            i = space(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                i = space(i)
                key, end = _scanstring(text, i + 1)
                child = _child(path, key)
                positions[child] = where(i)
                i = value(space(end) + 1, child)
                i = space(i)
                if text[i] == "}":
                    return i + 1
                i += 1
        if char == "[":
            i = space(i + 1)
            if text[i] == "]":
                return i + 1
            index = 0
            while True:
                i = space(value(i, f"{path}[{index}]"))
                if text[i] == "]":
                    return i + 1
                i, index = i + 1, index + 1
        if char == '"':
            return _scanstring(text, i + 1)[1]
        match = _JSON_SCALAR.match(text, i)
        return match.end() if match else i + 1

    with contextlib.suppress(IndexError, ValueError, RecursionError):  # the text was valid JSON
        value(0, root)
    return positions


# -- TOML ----------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")
_TOML_ITEM = re.compile(rf"""[\s,]*(?:({_TOML_STRING.pattern}|[^\s,\]\[{{}}#"']+)|.)""")
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")
_TOML_KEY = re.compile(rf"^(\s*)((?:{_TOML_PART.pattern})(?:\s*\.\s*(?:{_TOML_PART.pattern}))*)\s*=")


def _parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        message = _TOML_POSITION.sub("", message).strip()
        hint = None
        if "Cannot overwrite a value" in message or "Cannot declare" in message:
            hint = "is a key written twice?"
        raise _fail(source, f"TOML syntax error: {message}", line, column, hint=hint) from None
    except RecursionError:
        raise _fail(source, "nesting too deep", expected=f"at most {MAX_DEPTH} levels") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise _fail(source, f"TOML value cannot be read: {error}") from None


def _toml_keys(text: str) -> list[str]:
    return [part.strip("\"'") for part in _TOML_PART.findall(text)]


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Locate TOML key paths, best effort (tomllib reports no positions).

    Finds each ``[[table]]`` entry, ``[table]``, ``key =`` and the simple items of arrays
    written on one line or one item per line (as exports are).
    """
    positions: dict[str, tuple[int, int]] = {}
    counts: dict[tuple[str, ...], int] = {}
    prefix = ""
    multiline: str | None = None
    array: tuple[str, int] | None = None  # inside a multi-line array: its path, next index

    def resolve(keys: list[str]) -> str:
        path = ""
        for depth in range(len(keys)):
            path = _child(path, keys[depth])
            count = counts.get(tuple(keys[: depth + 1]))
            if count is not None:
                path += f"[{count - 1}]"
        return path

    def items(path: str, number: int, line: str, start: int, first: int) -> int:
        """Record the array items that start on ``line`` from ``start``; return the next index."""
        index = first
        for match in _TOML_ITEM.finditer(line, start):
            if match.group(1) is None:  # "]", a comment, or a nested array or table: stop
                break
            positions.setdefault(f"{path}[{index}]", (number, match.start(1) + 1))
            index += 1
        return index

    # Only "\n" ends a TOML line (str.splitlines would also split at U+2028 inside strings).
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if multiline is not None:
            if line.count(multiline) % 2 == 1:
                multiline = None
            continue
        if array is not None:
            stripped = line.strip()
            if stripped.startswith("]"):
                array = None
            elif stripped and not stripped.startswith("#"):
                array = (array[0], items(array[0], number, line, 0, array[1]))
                if stripped.rstrip(",").endswith("]"):
                    array = None
            continue
        header = _TOML_HEADER.match(line)
        if header:
            keys = _toml_keys(header.group(2))
            if header.group(1) == "[[":
                counts[tuple(keys)] = counts.get(tuple(keys), 0) + 1
            prefix = resolve(keys)
            positions.setdefault(prefix, (number, line.index("[") + 1))
            continue
        key = _TOML_KEY.match(line)
        if key:
            path = prefix
            for part in _toml_keys(key.group(2)):
                path = _child(path, part)
            positions.setdefault(path, (number, len(key.group(1)) + 1))
            rest = line[key.end() :].lstrip()
            if rest.startswith("["):
                opened = key.end() + line[key.end() :].index("[") + 1
                count = items(path, number, line, opened, 0)
                if "]" not in _TOML_STRING.sub("", rest):
                    array = (path, count)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                multiline = quote
                break
    return positions


# -- YAML ----------------------------------------------------------------------------------


def _parse_yaml(text: str, source: str) -> Document:
    from peopleops import _yaml

    document: Document = _yaml.load_document(text, source)
    return document


# -- entry points --------------------------------------------------------------------------


def parse_document(text: str, fmt: str, source: str) -> Document:
    """Parse catalogue ``text`` in ``fmt``; return the document and its key positions.

    Raises:
        CatalogueError: Empty text, a syntax error, a duplicate key, NaN/Infinity in JSON,
            an unsafe YAML tag, or a document over the node or depth cap.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(source, "file is empty", expected="a catalogue document")
    if fmt == "json":
        data = _parse_json(text, source)
        _check_shape(data, source, "activities" if isinstance(data, list) else "")
        root = "activities" if isinstance(data, list) else ""
        return Document(data, _Located(lambda: _json_positions(text, root)))
    if fmt == "toml":
        data = _parse_toml(text, source)
        _check_shape(data, source, "")
        return Document(data, _Located(lambda: _toml_positions(text)))
    if fmt == "yaml":
        document = _parse_yaml(text, source)
        _check_shape(document.data, source, "activities" if isinstance(document.data, list) else "")
        return document
    raise _fail(source, "unknown format", expected="json, toml or yaml", found=repr(fmt))


def parse(text: str, fmt: str, source: str) -> Any:
    """Parse catalogue ``text`` in ``fmt`` into plain Python data (see :func:`parse_document`)."""
    return parse_document(text, fmt, source).data


def dump_yaml(mapping: dict[str, Any]) -> str:
    """Write ``mapping`` as YAML (needs the ``yaml`` extra)."""
    from peopleops import _yaml

    return _yaml.dump(mapping)
