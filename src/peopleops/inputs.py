r"""Reading task lists: plain text, CSV/TSV or JSON Lines, streamed, every row accounted for.

:func:`read_tasks` yields, in input order, one :class:`Task` per task found and one
:class:`Skip` per row that holds none (a blank line, a bad JSON line, a ragged CSV row ...),
each with its file and 1-based line. For plain text and JSON Lines every physical line gives
exactly one item; for CSV every record after the header does (a quoted field may span lines,
the item carries the line the record starts on). Lines end at ``\n``, ``\r\n`` or a lone
``\r``; the Unicode separators U+2028, U+2029 and U+0085 stay inside the line.

Blank lines before a CSV header are skips too, so that for every format
``tasks + skips == rows read``. The skip reasons are: ``blank line``; ``bad JSON: ...``;
``no field 'task' or 'text'``; ``field 'task' is int, not a string`` (or ``line is list, not
a string``); ``empty task``; ``line too long for JSON``; ``ragged row: 3 fields, expected 2``;
``malformed CSV row: ...``; ``empty 'task' cell``. NUL characters in a task are replaced by U+FFFD and
counted in :attr:`Task.nul`; tasks are stripped of surrounding whitespace; words such as
``NA``, ``null`` or ``None`` are tasks like any other.

Problems that make the whole input unreadable (a missing file, a directory, a missing CSV
column, an undecodable byte with ``errors="strict"``, binary data, an unterminated CSV
quote) raise :class:`~peopleops.errors.InputError` naming the file and line.

>>> import io
>>> data = io.BytesIO(b"Run payroll\r\n\r\nNA\rplan\xe2\x80\xa8headcount\n")
>>> for item in read_tasks("-", stdin=data):
...     print(item)
Task(source='<stdin>', line=1, text='Run payroll', truncated=False, replaced=0, nul=0)
Skip(source='<stdin>', line=2, reason='blank line')
Task(source='<stdin>', line=3, text='NA', truncated=False, replaced=0, nul=0)
Task(source='<stdin>', line=4, text='plan\u2028headcount', truncated=False, replaced=0, nul=0)
>>> safe_cell("=HYPERLINK(1)")
"'=HYPERLINK(1)"
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from itertools import islice, repeat
from pathlib import Path
from typing import IO, AnyStr, Literal

import attrs

from peopleops._text import close_matches
from peopleops.errors import InputError, Problem

__all__ = [
    "BLOCK_BYTES",
    "BLOCK_ROWS",
    "DEFAULT_COLUMNS",
    "Block",
    "Skip",
    "Task",
    "read_blocks",
    "read_tasks",
    "safe_cell",
]

InputFormat = Literal["auto", "text", "csv", "jsonl"]
Errors = Literal["strict", "replace"]

DEFAULT_COLUMNS = ("task", "text", "description", "title", "activity")
"""Column (CSV) or field (JSON Lines) names tried, case-insensitively, when none is given."""

_CHUNK = 1 << 16
_SNIFF = 8192
_CSV_LINE_CAP = 4 << 20  # bytes in one physical CSV line before the input is refused
_JSON_LINE_CAP = 4 << 20  # bytes in one JSON line before it is skipped as too long
_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\x1f\x8b",
    b"\x7fELF",
    b"GIF8",
    b"\xff\xd8\xff",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
    b"\xd0\xcf\x11\xe0",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EOL_BYTES = re.compile(rb"\r\n?|\n")
_EOL_TEXT = re.compile(r"\r\n?|\n")


@attrs.frozen
class Task:
    """One task to classify, and where it came from.

    Attributes:
        source: The file path as given, or ``"<stdin>"``.
        line: 1-based physical line where the record starts.
        text: The task text, stripped of surrounding whitespace.
        truncated: The text was longer than ``max_chars`` and was cut.
        replaced: Undecodable bytes replaced by U+FFFD (with ``errors="replace"``).
        nul: NUL characters replaced by U+FFFD.
    """

    source: str
    line: int
    text: str
    truncated: bool = False
    replaced: int = 0
    nul: int = 0


@attrs.frozen
class Skip:
    """A row that yields no task, and why (``blank line``, ``bad JSON: ...``, ...).

    Attributes:
        source: The file path as given, or ``"<stdin>"``.
        line: 1-based physical line where the row starts.
        reason: Why the row gave no task, in a few words.
    """

    source: str
    line: int
    reason: str


def safe_cell(text: str) -> str:
    """Neutralise a cell for CSV output so spreadsheets do not run it as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
    prefixed with a single quote; anything else is returned unchanged.

    >>> safe_cell("@SUM(A1)"), safe_cell("-1"), safe_cell("plan headcount")
    ("'@SUM(A1)", "'-1", 'plan headcount')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


# -- reading raw lines -------------------------------------------------------------------


def _split(
    chunks: Iterable[AnyStr], eol: re.Pattern[AnyStr], cr: AnyStr, lf: AnyStr, cap: int
) -> Iterator[tuple[AnyStr, bool]]:
    r"""Split ``chunks`` into physical lines (without terminators), each cut at ``cap``.

    Yields ``(line, overlong)``. ``\r\n``, a lone ``\r`` and ``\n`` end a line, also
    when a ``\r\n`` pair straddles two chunks. A final line without a terminator is
    yielded; an input ending with a terminator has no empty last line.
    """
    empty = cr[:0]
    parts: list[AnyStr] = []  # the current line, when it spans chunks
    size = 0
    over = False
    pending_cr = False
    for chunk in chunks:
        if pending_cr and chunk:
            pending_cr = False
            if chunk.startswith(lf):
                chunk = chunk[1:]
        pieces = eol.split(chunk)
        # pieces[0] continues the current line; pieces[-1] starts the next one.
        if len(pieces) > 1:
            first: AnyStr = pieces[0]
            if size + len(first) > cap:
                first, over = first[: max(cap - size, 0)], True
            if parts:
                parts.append(first)
                first = empty.join(parts)
            yield first, over
            parts, size, over = [], 0, False
        middle = pieces[1:-1]
        if middle and max(map(len, middle)) <= cap:
            yield from zip(middle, repeat(False))  # the common case, without a Python loop
        else:
            yield from ((piece[:cap], len(piece) > cap) for piece in middle)
        rest = pieces[-1]
        if rest:
            if size + len(rest) > cap:
                rest, over = rest[: max(cap - size, 0)], True
            parts.append(rest)
            size += len(rest)
        if len(pieces) > 1:
            pending_cr = chunk.endswith(cr)  # the next chunk may start with the LF of a CRLF
    if parts or over:
        yield empty.join(parts), over


def _read_chunks(stream: IO[bytes], first: bytes, size: int = _CHUNK) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := stream.read(size):
        yield chunk


def _fail(
    source: str, message: str, line: int | None = None, column: int | None = None, **details: str
) -> InputError:
    return InputError([Problem("", message, file=source, line=line, column=column, **details)])


def _ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` writes ASCII as single ASCII bytes (so lines split on bytes)."""
    name = codecs.lookup(encoding).name
    if name.startswith(("utf-16", "utf-32", "utf-7")):
        return False
    try:
        return '\r\n a,"'.encode(encoding) == b'\r\n a,"'
    except (UnicodeError, LookupError):  # pragma: no cover - exotic codecs
        return False


def _check_binary(first: bytes, source: str, encoding: str) -> None:
    if first.startswith(_BINARY_MAGIC):
        raise _fail(
            source, "binary input", expected="a text task list", found=f"starts with {first[:8]!r}"
        )
    # More than a tenth NUL bytes (and more than a stray few) is not a text task list.
    if first.count(0) > max(3, len(first) // 10) and _ascii_compatible(encoding):
        raise _fail(
            source,
            "binary input",
            1,
            expected="a text task list",
            found=f"{first.count(0)} NUL bytes in the first {len(first)} bytes",
            hint="if it is UTF-16 or UTF-32 text, pass --encoding utf-16 (or utf-32)",
        )


def _lines(
    stream: IO[bytes], source: str, encoding: str, errors: Errors, cap: int
) -> Iterator[tuple[int, str, bool, int]]:
    """Yield ``(line number, decoded text, overlong, replacements)`` for each physical line."""
    first = stream.read(_SNIFF)
    encoding = _sniff(first, source, encoding)
    if _ascii_compatible(encoding):
        yield from _byte_lines(_read_chunks(stream, first), source, encoding, errors, cap)
    else:
        yield from _text_lines(_read_chunks(stream, first), source, encoding, errors, cap)


def _sniff(first: bytes, source: str, encoding: str) -> str:
    """Return the encoding to read with (a UTF-16/32 BOM overrides UTF-8); refuse binary input."""
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        for bom, family in _BOMS:
            if first.startswith(bom):
                # A UTF-16/32 byte order mark is unambiguous: honour it.
                encoding = family
                break
    _check_binary(first, source, encoding)
    return encoding


def _byte_lines(
    chunks: Iterable[bytes], source: str, encoding: str, errors: Errors, cap: int, start: int = 1
) -> Iterator[tuple[int, str, bool, int]]:
    """Decode the lines of an ASCII-compatible input; the first one is line ``start``."""
    strip_bom = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    for number, (raw, over) in enumerate(_split(chunks, _EOL_BYTES, b"\r", b"\n", cap), start=start):
        if number == 1 and strip_bom and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        replaced = 0
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            if over and error.start >= len(raw) - 4 and error.reason.startswith("unexpected end"):
                # The cut at ``cap`` fell inside a multi-byte character.
                text = raw[: error.start].decode(encoding, "replace")
            elif errors == "strict":
                column = len(raw[: error.start].decode(encoding, "replace")) + 1
                raise _fail(
                    source,
                    f"cannot decode as {encoding}",
                    number,
                    column,
                    expected=f"{encoding} text",
                    found=f"byte {raw[error.start : error.start + 1]!r}",
                    hint="pass the file's encoding (--encoding, e.g. cp1252 or latin-1), "
                    "or --errors replace to replace undecodable bytes",
                ) from None
            else:
                text = raw.decode(encoding, "replace")
                replaced = text.count("\ufffd") - raw.decode(encoding, "ignore").count("\ufffd")
        yield number, text, over, replaced


def _text_lines(
    chunks: Iterable[bytes], source: str, encoding: str, errors: Errors, cap: int
) -> Iterator[tuple[int, str, bool, int]]:
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    seen = [0]  # lines yielded so far, for error messages

    def fail(error: UnicodeError, line: int) -> InputError:
        message = f"cannot decode as {encoding}"
        if not isinstance(error, UnicodeDecodeError):  # e.g. "UTF-16 stream does not start with BOM"
            message += f": {error}"
        hint = "pass the file's encoding with --encoding (utf-16-le or utf-16-be when there is no BOM)"
        return _fail(source, message, line, expected=f"{encoding} text", hint=hint)

    def texts() -> Iterator[str]:
        for chunk in chunks:
            try:
                yield decoder.decode(chunk)
            except UnicodeDecodeError as error:
                try:
                    before = chunk[: error.start].decode(encoding, "replace")
                except UnicodeError:
                    before = ""
                raise fail(error, seen[0] + len(_EOL_TEXT.findall(before)) + 1) from None
            except UnicodeError as error:
                raise fail(error, seen[0] + 1) from None
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeError as error:
            raise fail(error, seen[0] + 1) from None

    for number, (text, over) in enumerate(_split(texts(), _EOL_TEXT, "\r", "\n", cap), start=1):
        seen[0] = number
        if number == 1:
            text = text.removeprefix("\ufeff")
        replaced = text.count("\ufffd") if errors == "replace" else 0
        yield number, text, over, replaced


# -- turning lines into tasks ------------------------------------------------------------


def _task(
    source: str, line: int, text: str, max_chars: int, over: bool, replaced: int
) -> Task | Skip:
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "\ufffd")
    text = text.strip()
    if not text:
        return Skip(source, line, "blank line" if not over else "line too long")
    truncated = over
    if len(text) > max_chars:
        text, truncated = text[:max_chars].rstrip(), True
    return Task(source, line, text, truncated, replaced, nul)


def _from_text(
    source: str, lines: Iterator[tuple[int, str, bool, int]], max_chars: int
) -> Iterator[Task | Skip]:
    for number, text, over, replaced in lines:
        yield _task(source, number, text, max_chars, over, replaced)


def _pick_field(names: list[str], column: str | None, *, only: bool = True) -> str | None:
    if column is not None:
        return column if column in names else None
    folded = {name.strip().casefold(): name for name in names}
    for wanted in DEFAULT_COLUMNS:
        if wanted in folded:
            return folded[wanted]
    return names[0] if only and len(names) == 1 else None


def _from_jsonl(
    source: str, lines: Iterator[tuple[int, str, bool, int]], column: str | None, max_chars: int
) -> Iterator[Task | Skip]:
    for number, text, over, replaced in lines:
        if over:
            yield Skip(source, number, "line too long for JSON")
            continue
        if not text.strip():
            yield Skip(source, number, "blank line")
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            yield Skip(source, number, f"bad JSON: {error.msg} (column {error.colno})")
            continue
        except (ValueError, RecursionError) as error:  # huge integers, deep nesting
            yield Skip(source, number, f"bad JSON: {str(error) or type(error).__name__}")
            continue
        if isinstance(value, dict):
            field = _pick_field([str(key) for key in value], column, only=False)
            if field is None:
                wanted = (
                    repr(column)
                    if column
                    else " or ".join(repr(name) for name in DEFAULT_COLUMNS[:2])
                )
                yield Skip(source, number, f"no field {wanted}")
                continue
            value = value[field]
            where = f"field {field!r}"
        else:
            where = "line"
        if not isinstance(value, str):
            kind = "null" if value is None else type(value).__name__
            yield Skip(source, number, f"{where} is {kind}, not a string")
            continue
        item = _task(source, number, value, max_chars, False, replaced)
        if isinstance(item, Skip):
            item = Skip(source, number, "empty task")
        yield item


def _from_csv(
    source: str,
    lines: Iterator[tuple[int, str, bool, int]],
    column: str | None,
    max_chars: int,
    delimiter: str | None,
) -> Iterator[Task | Skip]:
    replacements: dict[int, int] = {}

    def feed() -> Iterator[str]:
        for number, text, over, replaced in lines:
            if over:
                raise _fail(
                    source,
                    "CSV line too long",
                    number,
                    expected=f"at most {_CSV_LINE_CAP} bytes per line",
                    hint="is a quote left open above this line?",
                )
            if replaced:
                replacements[number] = replaced
            yield text + "\n"

    source_lines = feed()
    # Skip leading blank lines before the header; each is a row accounted for.
    header_text = None
    header_line = 0
    for header_line, text in enumerate(source_lines, start=1):
        if text.strip():
            header_text = text
            break
        yield Skip(source, header_line, "blank line")
    if header_text is None:
        return
    if delimiter is None:
        delimiter = (
            "\t"
            if "\t" in header_text and header_text.count("\t") >= header_text.count(",")
            else ","
        )

    def with_header() -> Iterator[str]:
        yield header_text
        yield from source_lines

    reader = csv.reader(with_header(), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise _fail(source, f"malformed CSV header: {error}", header_line) from None
    header = [name.strip() for name in header]
    field = _pick_field(header, column)
    if field is None:
        available = ", ".join(repr(name) for name in header)
        if column is None:
            message, hint = "no task column found", "choose one with --column"
        else:
            message = f"no column {column!r}"
            close = close_matches(column, header, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "choose one with --column"
        raise _fail(source, message, header_line, expected=f"one of {available}", hint=hint)
    index = header.index(field)
    width = len(header)
    offset = header_line - 1  # lines before the header were consumed outside the reader
    last = reader.line_num
    while True:
        start = offset + last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            last = reader.line_num
            for number in range(start, offset + last + 1):
                replacements.pop(number, None)
            if "unexpected end of data" in str(error):
                raise _fail(
                    source,
                    "unterminated quote",
                    start,
                    expected="a closing '\"' for the field opened on this line",
                ) from None
            if "field larger than field limit" in str(error):
                raise _fail(
                    source,
                    f"CSV field too large: {error}",
                    start,
                    hint="is a quote left open on this line?",
                ) from None
            yield Skip(source, start, f"malformed CSV row: {error}")
            continue
        last = reader.line_num
        replaced = sum(replacements.pop(number, 0) for number in range(start, offset + last + 1))
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            yield Skip(source, start, "blank line")
            continue
        if len(row) != width:
            yield Skip(source, start, f"ragged row: {len(row)} fields, expected {width}")
            continue
        item = _task(source, start, row[index], max_chars, False, replaced)
        if isinstance(item, Skip):
            item = Skip(source, start, f"empty {field!r} cell")
        yield item


# -- public entry point ------------------------------------------------------------------


def _open(source: str | os.PathLike[str]) -> tuple[str, Path]:
    name = os.fspath(source)
    path = Path(name)
    try:
        if path.is_dir():
            raise _fail(name, "is a directory", expected="a task list file")
        if not path.exists():
            raise _fail(name, "no such file")
        if not os.access(path, os.R_OK):
            raise _fail(name, "permission denied", expected="a readable file")
    except OSError as error:
        raise _fail(name, f"cannot read file: {error.strerror or error}") from None
    return name, path


def _format_of(name: str, fmt: InputFormat) -> str:
    if fmt != "auto":
        return fmt
    return _SUFFIX_FORMATS.get(Path(name).suffix.lower(), "text")


def read_tasks(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    format: InputFormat = "auto",
    column: str | None = None,
    encoding: str = "utf-8",
    errors: Errors = "strict",
    max_chars: int = 10_000,
    delimiter: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Task | Skip]:
    r"""Stream the tasks in ``sources``, one :class:`Task` or :class:`Skip` per row, in order.

    Args:
        sources: A path, ``"-"`` for standard input (read as bytes), or a list of them.
        format: ``text`` (one task per line), ``csv`` (a header row, then records; TSV is
            CSV with a tab delimiter), ``jsonl`` (one JSON object or string per line), or
            ``auto``: from the suffix (``.csv``/``.tsv`` -> csv, ``.jsonl``/``.ndjson`` ->
            jsonl, anything else and stdin -> text).
        column: The CSV column or JSON field holding the task; by default the first of
            :data:`DEFAULT_COLUMNS` present (case-insensitive), or a CSV file's only column.
        encoding: The text encoding. A UTF-8 BOM is dropped; a UTF-16/32 BOM is honoured.
        errors: ``strict`` raises on an undecodable byte; ``replace`` puts U+FFFD in its
            place and counts it in :attr:`Task.replaced`.
        max_chars: Longer tasks are cut to this many characters (:attr:`Task.truncated`).
        delimiter: The CSV delimiter; by default a tab for ``.tsv`` files, else guessed
            from the header (tab or comma).
        stdin: The binary stream read for ``"-"`` (default: ``sys.stdin.buffer``).

    Returns:
        A lazy iterator; memory stays flat however long the input is.

    Raises:
        InputError: A file is missing, a directory or unreadable (raised at once); or,
            while iterating, the input is binary, undecodable (``errors="strict"``), has
            no such CSV column (the available ones are listed) or an unterminated quote.
        ValueError: ``format``, ``errors`` or ``max_chars`` is invalid.

    >>> import io
    >>> rows = io.BytesIO(b"id,task\n1,Run payroll\n2\n3,null\n")
    >>> for item in read_tasks("-", format="csv", stdin=rows):
    ...     print(item)
    Task(source='<stdin>', line=2, text='Run payroll', truncated=False, replaced=0, nul=0)
    Skip(source='<stdin>', line=3, reason='ragged row: 1 fields, expected 2')
    Task(source='<stdin>', line=4, text='null', truncated=False, replaced=0, nul=0)
    """
    opened = _prepare(sources, format, column, encoding, errors, max_chars)
    return _generate(opened, format, column, encoding, errors, max_chars, delimiter, stdin)


def _prepare(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    format: InputFormat,
    column: str | None,
    encoding: str,
    errors: Errors,
    max_chars: int,
) -> list[tuple[str, Path | None]]:
    """Check the options and open every source by name (``None``: standard input)."""
    if format not in ("auto", "text", "csv", "jsonl"):
        msg = f"unknown task list format {format!r}; expected auto, text, csv or jsonl"
        raise ValueError(msg)
    if errors not in ("strict", "replace"):
        msg = f"errors must be 'strict' or 'replace', got {errors!r}"
        raise ValueError(msg)
    if max_chars < 1:
        msg = f"max_chars must be at least 1, got {max_chars!r}"
        raise ValueError(msg)
    try:
        text_encoding = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        text_encoding = False
    if not text_encoding:
        msg = f"unknown text encoding {encoding!r}"
        raise _fail("", msg, hint="e.g. utf-8, utf-16, cp1252 or latin-1")
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    opened: list[tuple[str, Path | None]] = []
    for source in sources:
        if os.fspath(source) == "-":
            opened.append(("<stdin>", None))
        else:
            opened.append(_open(source))
    if column is not None:
        for name, path in opened:
            if _kind(name, path, format) == "text":
                raise _fail(
                    name,
                    f"a column ({column!r}) only applies to CSV and JSONL input, and this is read as plain text",
                    hint="name a .csv/.tsv/.jsonl file, or pass --input-format csv or jsonl",
                )
    return opened


def _kind(name: str, path: Path | None, fmt: InputFormat) -> str:
    """How a source is read: ``text``, ``csv`` or ``jsonl`` (standard input is text unless told)."""
    return "text" if path is None and fmt == "auto" else _format_of(name, fmt)


@attrs.frozen
class _Reading:
    """How the rows of one source are parsed (everything but the bytes)."""

    source: str
    kind: str
    column: str | None
    encoding: str
    errors: Errors
    max_chars: int
    delimiter: str | None
    cap: int

    def rows(self, lines: Iterator[tuple[int, str, bool, int]]) -> Iterator[Task | Skip]:
        if self.kind == "csv":
            return _from_csv(self.source, lines, self.column, self.max_chars, self.delimiter)
        if self.kind == "jsonl":
            return _from_jsonl(self.source, lines, self.column, self.max_chars)
        return _from_text(self.source, lines, self.max_chars)


def _sources(
    opened: list[tuple[str, Path | None]],
    fmt: InputFormat,
    column: str | None,
    encoding: str,
    errors: Errors,
    max_chars: int,
    delimiter: str | None,
    stdin: IO[bytes] | None,
) -> Iterator[tuple[_Reading, IO[bytes]]]:
    """Yield each source's reading options and its open binary stream (closed after use)."""
    for name, path in opened:
        kind = _kind(name, path, fmt)
        sep = delimiter
        if kind == "csv" and sep is None and path is not None and path.suffix.lower() in (".tsv", ".tab"):
            sep = "\t"
        cap = {
            "text": max(4 * max_chars + 16, _SNIFF),
            "jsonl": _JSON_LINE_CAP,
            "csv": _CSV_LINE_CAP,
        }[kind]
        reading = _Reading(name, kind, column, encoding, errors, max_chars, sep, cap)
        if path is None:
            yield reading, stdin or sys.stdin.buffer
            continue
        try:
            handle = path.open("rb")
        except OSError as error:
            raise _fail(name, f"cannot read file: {error.strerror or error}") from None
        with handle:
            yield reading, handle


def _generate(
    opened: list[tuple[str, Path | None]],
    fmt: InputFormat,
    column: str | None,
    encoding: str,
    errors: Errors,
    max_chars: int,
    delimiter: str | None,
    stdin: IO[bytes] | None,
) -> Iterator[Task | Skip]:
    for reading, stream in _sources(opened, fmt, column, encoding, errors, max_chars, delimiter, stdin):
        yield from reading.rows(_lines(stream, reading.source, encoding, errors, reading.cap))


# -- blocks of rows, for parsing elsewhere ---------------------------------------------------

BLOCK_BYTES = 1 << 18
"""Raw bytes in a block of a plain text or JSON Lines input (whole lines, so about this)."""
BLOCK_ROWS = 2_000
"""Rows in a block of an input parsed while reading (CSV, UTF-16/32 text)."""


@attrs.frozen
class Block:
    r"""Consecutive rows of one input, to be parsed and used as a unit (e.g. in a worker process).

    A block of a plain text or JSON Lines input in an ASCII-compatible encoding holds raw
    bytes cut at line ends; they are decoded and parsed where :meth:`rows` is called, with
    the same results as :func:`read_tasks`. Any other input is parsed while reading and its
    blocks hold the parsed rows: a CSV file cannot be cut at just any line break, since a
    quoted cell may hold line breaks of its own.

    Attributes:
        line: The 1-based physical line of the block's first row.
        data: Whole lines of raw bytes, or the rows already parsed.
        reading: How to parse ``data`` (its source, format and options).

    >>> import io
    >>> blocks = list(read_blocks("-", stdin=io.BytesIO(b"Run payroll\r\n\r\nplan")))
    >>> [(block.line, block.data, block.source) for block in blocks]
    [(1, b'Run payroll\r\n\r\n', '<stdin>'), (3, b'plan', '<stdin>')]
    >>> [item.line for item in blocks[1].rows()]
    [3]
    """

    line: int
    data: bytes | tuple[Task | Skip, ...]
    reading: _Reading

    @property
    def source(self) -> str:
        """The file path as given, or ``"<stdin>"``."""
        return self.reading.source

    def rows(self) -> Iterator[Task | Skip]:
        """Yield the block's rows in order: one :class:`Task` or :class:`Skip` per row.

        Raises:
            InputError: An undecodable byte with ``errors="strict"``, naming file and line.
        """
        if isinstance(self.data, tuple):
            return iter(self.data)
        reading = self.reading
        lines = _byte_lines([self.data], reading.source, reading.encoding, reading.errors, reading.cap, self.line)
        return reading.rows(lines)


def read_blocks(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    format: InputFormat = "auto",
    column: str | None = None,
    encoding: str = "utf-8",
    errors: Errors = "strict",
    max_chars: int = 10_000,
    delimiter: str | None = None,
    stdin: IO[bytes] | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[Block]:
    r"""Stream ``sources`` as :class:`Block` s whose rows, in order, are those of :func:`read_tasks`.

    Takes the arguments of :func:`read_tasks`, and ``block_bytes``: the raw size aimed at
    for a block of plain text or JSON Lines (a block holds whole lines; a line longer than
    the longest a row may be is cut while reading, as :func:`read_tasks` cuts it).
    Reading plain text or JSON Lines only looks for line ends, so blocks can be parsed in
    parallel; other inputs (CSV, UTF-16/32) are parsed here, :data:`BLOCK_ROWS` rows a block.

    Raises:
        InputError: As :func:`read_tasks`; undecodable bytes are found by :meth:`Block.rows`.
        ValueError: An option is invalid.

    >>> import io
    >>> data = io.BytesIO(b"Run payroll\n" * 2000)
    >>> [(block.line, len(block.data)) for block in read_blocks("-", stdin=data, block_bytes=9000)]
    [(1, 8184), (683, 9000), (1433, 6816)]
    """
    if block_bytes < 1:
        msg = f"block_bytes must be positive, got {block_bytes!r}"
        raise ValueError(msg)
    opened = _prepare(sources, format, column, encoding, errors, max_chars)
    return _blocks(opened, format, column, encoding, errors, max_chars, delimiter, stdin, block_bytes)


def _blocks(
    opened: list[tuple[str, Path | None]],
    fmt: InputFormat,
    column: str | None,
    encoding: str,
    errors: Errors,
    max_chars: int,
    delimiter: str | None,
    stdin: IO[bytes] | None,
    block_bytes: int,
) -> Iterator[Block]:
    for reading, stream in _sources(opened, fmt, column, encoding, errors, max_chars, delimiter, stdin):
        first = stream.read(_SNIFF)
        actual = _sniff(first, reading.source, encoding)
        chunks = _read_chunks(stream, first, block_bytes)
        if reading.kind == "csv" or not _ascii_compatible(actual):
            if _ascii_compatible(actual):
                lines = _byte_lines(chunks, reading.source, actual, errors, reading.cap)
            else:
                lines = _text_lines(chunks, reading.source, actual, errors, reading.cap)
            rows = reading.rows(lines)
            while batch := tuple(islice(rows, BLOCK_ROWS)):
                yield Block(batch[0].line, batch, reading)
            continue
        reading = attrs.evolve(reading, encoding=actual)
        line = 1
        for data in _whole_lines(chunks, reading.cap):
            yield Block(line, data, reading)
            line += data.count(b"\n")
            if b"\r" in data:  # (a quick scan: most files have no CR)
                line += data.count(b"\r") - data.count(b"\r\n")
            line += data[-1] not in b"\r\n"  # only the last line may lack its end


def _whole_lines(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    r"""Regroup ``chunks`` into blocks of whole lines (ending ``\n``, ``\r\n`` or ``\r``).

    A block never ends between the ``\r`` and ``\n`` of a pair. A line longer than ``cap``
    bytes keeps only its first ``cap + 1`` (enough for :func:`_split` to see it is too long),
    so memory stays bounded however long a line is.
    """
    rest = b""
    skipping = False  # dropping the end of an over-long line, up to its line end
    for chunk in chunks:
        if skipping:
            ends = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
            if not ends:
                continue
            chunk, skipping = chunk[min(ends) :], False
        buffer = rest + chunk if rest else chunk
        # After the last "\n", or after a "\r" known not to start a "\r\n".
        end = max(buffer.rfind(b"\n"), buffer.rfind(b"\r", 0, len(buffer) - 1)) + 1
        if end:
            yield buffer[:end]
        rest = buffer[end:]
        if len(rest) > cap + 1 and not rest.endswith(b"\r"):
            rest, skipping = rest[: cap + 1], True
    if rest:
        yield rest
