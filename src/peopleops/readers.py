"""Reading catalogue files safely: bytes to text to a plain document.

Every failure becomes a :class:`~peopleops.errors.CatalogueError` naming the file, and the
line and column where the format can tell. JSON rejects duplicate keys and ``NaN``/
``Infinity``; YAML is read with a safe loader only (PyYAML, the ``yaml`` extra).

>>> parse('{"a": 1, "a": 2}', "json", "x.json")
Traceback (most recent call last):
...
peopleops.errors.CatalogueError: x.json, line 1, column 10: duplicate key 'a' (expected each key once)
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from peopleops.errors import CatalogueError, Problem

__all__ = ["MAX_BYTES", "dump_yaml", "parse", "read_text"]

MAX_BYTES = 16 * 1024 * 1024
"""Largest catalogue file read (16 MiB)."""


def _fail(
    source: str, message: str, line: int | None = None, column: int | None = None, **details: Any
) -> CatalogueError:
    return CatalogueError([Problem("", message, file=source, line=line, column=column, **details)])


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
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(source, "no such file") from None
    except PermissionError:
        raise _fail(source, "permission denied", expected="a readable file") from None
    except OSError as error:
        raise _fail(source, f"cannot read file: {error.strerror or error}") from None
    return decode(data, source)


def decode(data: bytes, source: str) -> str:
    """Decode catalogue bytes as UTF-8, reporting the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(source, "file is UTF-16", expected="UTF-8 text", hint="re-save the file as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise _fail(
            source, "invalid UTF-8", line, column, expected="UTF-8 text",
            found=f"byte {data[error.start:error.start + 1]!r}",
        ) from None


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


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _parse_json(text: str, source: str) -> Any:
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as error:
        raise _fail(source, f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except _DuplicateKeyError as error:
        line, column = _locate_key(text, error.key)
        raise _fail(source, f"duplicate key {error.key!r}", line, column, expected="each key once") from None
    except _ConstantError as error:
        index = text.find(str(error))
        line, column = _position(text, index) if index >= 0 else (None, None)
        raise _fail(source, f"{error} is not valid JSON", line, column, expected="a finite number") from None
    except RecursionError:
        raise _fail(source, "nesting too deep", expected="a shallower document") from None


def _locate_key(text: str, key: str) -> tuple[int | None, int | None]:
    quoted = json.dumps(key)
    hits = [m.start() for m in re.finditer(re.escape(quoted) + r"\s*:", text)]
    if len(hits) >= 2:
        return _position(text, hits[1])
    return None, None


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        message = _TOML_POSITION.sub("", message).strip()
        raise _fail(source, f"TOML syntax error: {message}", line, column) from None
    except RecursionError:
        raise _fail(source, "nesting too deep", expected="a shallower document") from None


def _parse_yaml(text: str, source: str) -> Any:
    from peopleops import _yaml

    return _yaml.load(text, source)


def parse(text: str, fmt: str, source: str) -> Any:
    """Parse catalogue ``text`` in ``fmt`` into plain Python data."""
    if not text.strip():
        raise _fail(source, "file is empty", expected="a catalogue document")
    if fmt == "json":
        return _parse_json(text, source)
    if fmt == "toml":
        return _parse_toml(text, source)
    if fmt == "yaml":
        return _parse_yaml(text, source)
    raise _fail(source, "unknown format", expected="json, toml or yaml", found=repr(fmt))


def dump_yaml(mapping: dict[str, Any]) -> str:
    """Write ``mapping`` as YAML (needs the ``yaml`` extra)."""
    from peopleops import _yaml

    return _yaml.dump(mapping)
