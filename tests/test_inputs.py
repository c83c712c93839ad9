"""Tests for peopleops.inputs: every bad task file gives a clear error or an accounted-for row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import inputs
from peopleops.errors import InputError
from peopleops.inputs import Skip, Task, _split, read_blocks, read_tasks, safe_cell


def items(data: bytes, **options: object) -> list[Task | Skip]:
    """Read ``data`` as standard input."""
    return list(read_tasks("-", stdin=io.BytesIO(data), **options))  # type: ignore[arg-type]


def texts(data: bytes, **options: object) -> list[str]:
    return [item.text for item in items(data, **options) if isinstance(item, Task)]


def physical_lines(data: bytes) -> int:
    if not data:
        return 0
    return len(re.split(rb"\r\n|\r|\n", data)) - (1 if data.endswith((b"\r", b"\n")) else 0)


# -- encodings ---------------------------------------------------------------------------


def test_invalid_utf8_reports_line_column_and_encoding_hint() -> None:
    """An undecodable byte (strict) raises InputError naming line, column and --encoding."""
    with pytest.raises(InputError) as info:
        items(b"ok\nsecond\ncaf\xe9 break\n")
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("<stdin>", 3, 4)
    assert "--encoding" in (problem.hint or "")
    assert isinstance(info.value, ValueError)


def test_other_encoding_when_named() -> None:
    """``encoding="cp1252"`` reads a Windows-1252 file without replacement."""
    assert texts("café review\n".encode("cp1252"), encoding="cp1252") == ["café review"]


def test_replace_counts_replacements() -> None:
    """``errors="replace"`` keeps the row and counts the bytes replaced."""
    (task,) = items(b"caf\xe9 \xff review\n", errors="replace")
    assert isinstance(task, Task)
    assert task.replaced == 2
    assert task.text == "caf\ufffd \ufffd review"


def test_genuine_replacement_character_not_counted() -> None:
    """A U+FFFD already present in valid UTF-8 is not counted as a replacement."""
    (task,) = items("a \ufffd b \xff".encode().replace(b"\xc3\xbf", b"\xff"), errors="replace")
    assert isinstance(task, Task)
    assert task.replaced == 1


def test_utf8_bom_dropped() -> None:
    """A UTF-8 BOM does not end up in the first task (or CSV header)."""
    assert texts(b"\xef\xbb\xbfRun payroll\n") == ["Run payroll"]
    assert texts(b"\xef\xbb\xbftask\nRun payroll\n", format="csv") == ["Run payroll"]


def test_utf16_bom_honoured() -> None:
    """A UTF-16 file with a BOM is decoded as UTF-16 even with the default encoding."""
    data = "Run payroll\r\nPlan headcount\r\n".encode("utf-16")
    assert texts(data) == ["Run payroll", "Plan headcount"]


def test_utf16_without_bom_is_refused_as_binary_with_hint() -> None:
    """UTF-16 without a BOM looks binary; the error suggests --encoding utf-16."""
    with pytest.raises(InputError) as info:
        items("Run payroll\n".encode("utf-16-le"))
    assert "utf-16" in (info.value.problems[0].hint or "")
    assert texts("Run payroll\n".encode("utf-16-le"), encoding="utf-16-le") == ["Run payroll"]


def test_utf16_without_bom_when_named_utf16() -> None:
    """``encoding="utf-16"`` on BOM-less data is an InputError suggesting utf-16-le/-be."""
    with pytest.raises(InputError, match="utf-16-le"):
        items("ab\n".encode("utf-16-be") * 3, encoding="utf-16")


def test_utf16_undecodable_reports_line() -> None:
    """A lone surrogate in UTF-16 input raises InputError with its line."""
    data = "one\ntwo\n".encode("utf-16") + b"\x00\xd8a\x00\n\x00"
    with pytest.raises(InputError) as info:
        items(data)
    assert info.value.problems[0].line == 3


# -- line ends -----------------------------------------------------------------------------


def test_crlf_and_lone_cr_end_lines() -> None:
    """CRLF, lone CR and LF each end one line, numbered physically."""
    got = items(b"a\r\nb\rc\nd")
    assert [(i.line, i.text) for i in got if isinstance(i, Task)] == [
        (1, "a"),
        (2, "b"),
        (3, "c"),
        (4, "d"),
    ]


def test_unicode_separators_do_not_split() -> None:
    """U+2028, U+2029 and U+0085 stay inside the line."""
    data = "plan\u2028head\u2029count\x85now\n".encode()
    assert texts(data) == ["plan\u2028head\u2029count\x85now"]


@given(
    st.lists(st.sampled_from([b"a", b"b", b"\r", b"\n", b"\r\n", b"xyz"]), max_size=30), st.data()
)
@settings(max_examples=150)
def test_split_independent_of_chunk_boundaries(pieces: list[bytes], data: st.DataObject) -> None:
    """Physical lines (and their truncation at the cap) are the same however the stream is chunked."""
    blob = b"".join(pieces)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(blob)), max_size=6)))
    cap = data.draw(st.integers(1, 6) | st.just(1000))
    chunks = [blob[i:j] for i, j in zip([0, *cuts], [*cuts, len(blob)], strict=True)]
    eol = re.compile(rb"\r\n?|\n")
    whole = list(_split([blob], eol, b"\r", b"\n", cap))
    chunked = list(_split(chunks, eol, b"\r", b"\n", cap))
    assert chunked == whole
    assert len(whole) == physical_lines(blob)
    expected = eol.split(blob)[: len(whole)]
    assert [(line[:cap], len(line) > cap) for line in expected] == whole


# -- odd content ---------------------------------------------------------------------------


def test_nul_bytes_replaced_and_counted() -> None:
    """A stray NUL byte is replaced by U+FFFD and counted apart from undecodable bytes; the row is kept."""
    (task,) = items(b"run\x00payroll\n" + b"x" * 100)[:1]
    assert isinstance(task, Task)
    assert task.text == "run\ufffdpayroll"
    assert (task.nul, task.replaced) == (1, 0)
    (cell,) = items(b"id,task\n1,a\x00b\x00\n", format="csv")
    assert isinstance(cell, Task)
    assert (cell.text, cell.nul) == ("a\ufffdb\ufffd", 2)


def test_long_line_truncated_and_flagged() -> None:
    """A line over max_chars is cut to max_chars and flagged, the next line still read."""
    got = items(b"x" * 500 + b"\nshort\n", max_chars=100)
    first, second = got
    assert isinstance(first, Task)
    assert isinstance(second, Task)
    assert (len(first.text), first.truncated) == (100, True)
    assert (second.line, second.text, second.truncated) == (2, "short", False)


def test_huge_line_capped_while_reading() -> None:
    """A line far longer than the cap is truncated without keeping it all (multi-byte safe)."""
    data = "é".encode() * 300_000 + b"\nnext\n"
    first, second = items(data, max_chars=50)
    assert isinstance(first, Task)
    assert first.truncated
    assert first.text == "é" * 50
    assert isinstance(second, Task)
    assert second.text == "next"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        b"%PDF-1.7\n",
        b"PK\x03\x04rest",
        b"\x00\x01\x02\x00" * 100,
    ],
    ids=["png", "pdf", "zip", "nul-heavy"],
)
def test_binary_input_refused(data: bytes) -> None:
    """Binary data raises InputError ('binary input') instead of yielding garbage tasks."""
    with pytest.raises(InputError, match="binary input"):
        items(data)


@pytest.mark.parametrize("fmt", ["text", "csv", "jsonl"])
def test_empty_input_yields_nothing(fmt: str) -> None:
    """An empty input yields no rows (and no error) in every format."""
    assert items(b"", format=fmt) == []


def test_blank_lines_are_skips_with_lines() -> None:
    """Blank and whitespace-only lines are Skips with their line numbers."""
    got = items(b"a\n\n   \t\nb\n")
    assert [i for i in got if isinstance(i, Skip)] == [
        Skip("<stdin>", 2, "blank line"),
        Skip("<stdin>", 3, "blank line"),
    ]


@pytest.mark.parametrize("word", ["NA", "null", "None", "N/A", "nan", "NULL"])
def test_missing_value_words_are_tasks(word: str) -> None:
    """Tasks literally named NA, null or None are tasks in text, CSV and JSONL."""
    assert texts(word.encode() + b"\n") == [word]
    assert texts(b"task\n" + word.encode() + b"\n", format="csv") == [word]
    assert texts(b'{"task": "' + word.encode() + b'"}\n', format="jsonl") == [word]


# -- CSV -----------------------------------------------------------------------------------


def test_csv_missing_column_lists_available() -> None:
    """Asking for a missing CSV column raises InputError listing the columns and a close match."""
    with pytest.raises(InputError) as info:
        items(b"id,tasks,owner\n1,a,b\n", format="csv", column="task")
    problem = info.value.problems[0]
    assert problem.line == 1
    assert "'id', 'tasks', 'owner'" in (problem.expected or "")
    assert "'tasks'" in (problem.hint or "")


def test_csv_no_default_column_lists_available() -> None:
    """Without --column and no obvious task column, the error lists the columns."""
    with pytest.raises(InputError, match="'a', 'b'"):
        items(b"a,b\n1,2\n", format="csv")


def test_csv_default_column_case_insensitive() -> None:
    """A column named Task (any case) is used by default."""
    assert texts(b"ID,Task\n1,Run payroll\n", format="csv") == ["Run payroll"]


def test_csv_ragged_rows_skipped() -> None:
    """Rows with too few or too many fields are Skips naming the counts."""
    got = items(b"id,task\n1\n2,b,extra\n3,c\n", format="csv")
    assert got == [
        Skip("<stdin>", 2, "ragged row: 1 fields, expected 2"),
        Skip("<stdin>", 3, "ragged row: 3 fields, expected 2"),
        Task("<stdin>", 4, "c"),
    ]


def test_csv_unterminated_quote_is_fatal_with_line() -> None:
    """An unterminated quote raises InputError at the line where the field opened."""
    with pytest.raises(InputError) as info:
        items(b'task\nok\n"never closed\nmore\nlines\n', format="csv")
    assert info.value.problems[0].line == 3
    assert "unterminated quote" in str(info.value)


def test_csv_malformed_quote_is_a_skip() -> None:
    """A stray character after a closing quote skips that row only."""
    got = items(b'id,task\n1,"a"b\n2,c\n', format="csv")
    assert isinstance(got[0], Skip)
    assert got[0].line == 2
    assert got[1] == Task("<stdin>", 3, "c")


def test_csv_multiline_record_reports_start_line() -> None:
    """A quoted field spanning lines yields one task at the record's first line."""
    got = items(b'task\n"two\r\nlines"\nnext\n', format="csv")
    assert [(i.line, i.text) for i in got if isinstance(i, Task)] == [
        (2, "two\nlines"),
        (4, "next"),
    ]


def test_tsv_by_suffix_and_sniffed_delimiter(tmp_path: Path) -> None:
    """A .tsv file is tab-separated; a tab-separated header on stdin is detected too."""
    path = tmp_path / "tasks.tsv"
    path.write_bytes(b"id\ttask\n1\tRun payroll, monthly\n")
    assert [i.text for i in read_tasks(path) if isinstance(i, Task)] == ["Run payroll, monthly"]
    assert texts(b"id\ttask\n1\tRun, monthly\n", format="csv") == ["Run, monthly"]


def test_csv_empty_cell_and_blank_record_skipped() -> None:
    """An empty task cell and a blank record are Skips."""
    got = items(b"id,task\n1,\n\n2,b\n", format="csv")
    assert got == [
        Skip("<stdin>", 2, "empty 'task' cell"),
        Skip("<stdin>", 3, "blank line"),
        Task("<stdin>", 4, "b"),
    ]


# -- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_bad_lines_are_skips() -> None:
    """Bad JSON, a missing field, a non-string value and a blank line each give a Skip."""
    data = (
        b'{"task": "a"}\n{bad\n{"other": 1}\n{"task": 3}\n\n"plain string"\n[1]\n{"task": null}\n'
    )
    got = items(data, format="jsonl")
    assert [i.text for i in got if isinstance(i, Task)] == ["a", "plain string"]
    reasons = {i.line: i.reason for i in got if isinstance(i, Skip)}
    assert reasons[2].startswith("bad JSON")
    assert reasons[3] == "no field 'task' or 'text'"
    assert reasons[4] == "field 'task' is int, not a string"
    assert reasons[5] == "blank line"
    assert reasons[7] == "line is list, not a string"
    assert reasons[8] == "field 'task' is null, not a string"


def test_jsonl_column_option_and_deep_nesting() -> None:
    """``column`` picks the field; absurdly nested or huge-number lines are skipped, not fatal."""
    deep = b"[" * 100_000 + b"]" * 100_000
    huge = b'{"n": ' + b"9" * 5000 + b"}"
    got = items(b'{"what": "x"}\n' + deep + b"\n" + huge + b"\n", format="jsonl", column="what")
    assert got[0] == Task("<stdin>", 1, "x")
    assert all(isinstance(i, Skip) for i in got[1:])
    assert len(got) == 3


# -- files ---------------------------------------------------------------------------------


def test_missing_file_and_directory_raise_at_call(tmp_path: Path) -> None:
    """A missing file or a directory raises InputError at once, naming the path."""
    with pytest.raises(InputError, match="no such file"):
        read_tasks(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_tasks([tmp_path])


def test_sources_in_order_and_format_by_suffix(tmp_path: Path) -> None:
    """Several sources are read in order, each with its own name and format."""
    (tmp_path / "a.txt").write_text("one\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("task\ntwo\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "three"}\n', encoding="utf-8")
    got = list(read_tasks([tmp_path / "a.txt", str(tmp_path / "b.csv"), tmp_path / "c.jsonl"]))
    assert [(Path(i.source).name, i.line, i.text) for i in got if isinstance(i, Task)] == [
        ("a.txt", 1, "one"),
        ("b.csv", 2, "two"),
        ("c.jsonl", 1, "three"),
    ]


class _Endless(io.RawIOBase):
    """An endless stream of task lines, to show that reading is lazy."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        line = b"review payroll run\n" * (len(buffer) // 19)
        buffer[: len(line)] = line
        return len(line)


def test_reading_is_lazy() -> None:
    """Items come out before the input ends (an endless stream yields its first rows)."""
    stream = read_tasks("-", stdin=io.BufferedReader(_Endless()))
    first = [next(stream) for _ in range(100_000)]
    assert first[-1] == Task("<stdin>", 100_000, "review payroll run")


def test_invalid_options() -> None:
    """Unknown format, errors value or encoding are rejected up front."""
    with pytest.raises(ValueError, match="format"):
        read_tasks("-", format="xml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors"):
        read_tasks("-", errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown text encoding"):
        read_tasks("-", encoding="no-such-codec")
    with pytest.raises(InputError, match="unknown text encoding"):
        read_tasks("-", encoding="rot13")


# -- output safety -------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_formula_starts(cell: str) -> None:
    """Cells starting with = + - @ tab or CR are prefixed with a quote."""
    assert safe_cell(cell) == "'" + cell


@given(st.text())
def test_safe_cell_changes_only_dangerous_cells(cell: str) -> None:
    """Other cells are unchanged; a neutralised cell never starts with a formula character."""
    out = safe_cell(cell)
    assert out == cell or (out == "'" + cell and cell[:1] in "=+-@\t\r")
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))


# -- no row lost ---------------------------------------------------------------------------


def _account(data: bytes, fmt: str, errors: str = "replace") -> list[Task | Skip] | None:
    try:
        return items(data, format=fmt, errors=errors)
    except InputError:
        return None


@given(st.binary(max_size=300))
@settings(max_examples=300)
def test_no_row_lost_arbitrary_bytes(data: bytes) -> None:
    """For any bytes, text and JSONL give one item per physical line, or an InputError.

    ``_account`` catches only InputError, so any other exception fails the test.
    """
    for fmt in ("text", "jsonl"):
        got = _account(data, fmt)
        if got is not None:
            lines = [i.line for i in got]
            assert lines == list(range(1, len(lines) + 1))
            if not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16/32 BOM changes the decoding
                assert len(lines) == physical_lines(data)


_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")


@given(st.text(_CHARS, max_size=200))
@settings(max_examples=300)
def test_no_row_lost_arbitrary_text(text: str) -> None:
    """For any text, every physical line is one Task or Skip, in order (strict decoding)."""
    data = text.encode()
    for fmt in ("text", "jsonl"):
        got = _account(data, fmt, "strict")
        if got is not None:
            assert [i.line for i in got] == list(range(1, physical_lines(data) + 1))


@given(st.binary(max_size=300))
@settings(max_examples=200)
def test_csv_fuzz_only_input_error(data: bytes) -> None:
    """Arbitrary bytes read as CSV raise nothing but InputError, and lines only increase."""
    got = _account(data, "csv")
    if got is not None:
        lines = [i.line for i in got]
        assert lines == sorted(set(lines))


@given(
    st.lists(st.lists(st.text(_CHARS, max_size=12), min_size=1, max_size=3), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
@settings(max_examples=200)
def test_csv_records_round_trip(rows: list[list[str]], terminator: str) -> None:
    """Every CSV record written after the header comes back as exactly one Task or Skip."""
    buffer = io.StringIO()
    # QUOTE_ALL: csv.writer leaves a lone CR unquoted when the terminator is LF.
    writer = csv.writer(buffer, lineterminator=terminator, quoting=csv.QUOTE_ALL)
    writer.writerow(["task", "x"])
    writer.writerows(rows)
    got = items(buffer.getvalue().encode(), format="csv", errors="strict")
    assert len(got) == len(rows)
    for row, item in zip(rows, got, strict=True):
        if isinstance(item, Task):
            # Line ends inside a quoted field are read back as LF.
            assert len(row) == 2
            assert item.text == re.sub(r"\r\n?", "\n", row[0]).strip()
        else:
            assert len(row) != 2 or not row[0].strip() or row == ["", ""]


@given(
    st.binary(max_size=200) | st.text(_CHARS, max_size=100).map(str.encode),
    st.sampled_from(["text", "csv", "jsonl"]),
    st.sampled_from(["utf-8", "utf-16", "latin-1"]),
    st.integers(1, 7),
)
@settings(max_examples=300)
def test_chunk_size_does_not_change_result(data: bytes, fmt: str, encoding: str, chunk: int) -> None:
    """Reading in tiny chunks gives the same items (or the same error) as reading in one go."""

    def run() -> object:
        try:
            return items(data, format=fmt, encoding=encoding, errors="replace", max_chars=20)
        except InputError as error:
            return str(error)

    whole = run()
    saved = inputs._CHUNK
    inputs._CHUNK = chunk
    try:
        assert run() == whole
    finally:
        inputs._CHUNK = saved


# -- blocks ----------------------------------------------------------------------------------


def _outcome(rows: Iterable[Task | Skip]) -> tuple[list[Task | Skip], str | None]:
    """The rows read until the end or an error, and the error's message."""
    got: list[Task | Skip] = []
    try:
        got.extend(rows)
    except InputError as error:
        return got, str(error)
    return got, None


def _block_rows(blocks: Iterable[inputs.Block]) -> Iterator[Task | Skip]:
    for block in blocks:
        yield from block.rows()


_PIECES = st.sampled_from(
    [b"Run payroll", b" ", b"\n", b"\r", b"\r\n", b"\n\n", b"\xef\xbb\xbf", b"\xff", b"\x00",
     b"caf\xc3\xa9", b'{"task": "hire"}', b'["x"]', b"x" * 9000, "\u2028".encode()]
)


@given(st.lists(_PIECES, max_size=40), st.integers(1, 300), st.sampled_from(["text", "jsonl"]),
       st.sampled_from(["strict", "replace"]))
@settings(max_examples=150, deadline=None)
def test_blocks_hold_exactly_the_rows_of_read_tasks(
    pieces: list[bytes], block_bytes: int, fmt: str, errors: str
) -> None:
    """However small the blocks, their rows (and any error) are those of read_tasks."""
    data = b"".join(pieces)
    options: dict[str, Any] = {"format": fmt, "errors": errors, "max_chars": 50}
    expected = _outcome(read_tasks("-", stdin=io.BytesIO(data), **options))
    blocks = read_blocks("-", stdin=io.BytesIO(data), block_bytes=block_bytes, **options)
    assert _outcome(_block_rows(blocks)) == expected


def test_blocks_end_at_line_ends_and_number_their_lines() -> None:
    """Raw blocks end after a line end (never inside CRLF) and start at the right line."""
    data = b"one\r" + b"\ntwo\rthree\r\n" * 50 + b"last"
    blocks = list(read_blocks("-", stdin=io.BytesIO(data), block_bytes=7))
    assert b"".join(block.data for block in blocks) == data  # type: ignore[misc]
    assert all(not block.data.startswith(b"\n") for block in blocks)  # type: ignore[union-attr]
    starts = [block.line for block in blocks]
    assert starts == [next(block.rows()).line for block in blocks]
    assert starts[0] == 1
    assert starts == sorted(set(starts))


def test_an_overlong_line_is_cut_while_reading() -> None:
    """A line far longer than a row may be is cut to cap + 1 bytes, so blocks stay small."""
    cut = list(inputs._whole_lines([b"ab" * 50, b"cd" * 50 + b"\r", b"\nnext\n"], cap=10))
    assert cut == [b"ab" * 5 + b"a\r\nnext\n"]  # 11 bytes kept, then the CRLF pair whole
    data = b"x" * 200_000 + b"\nRun payroll\n"
    blocks = list(read_blocks("-", stdin=io.BytesIO(data), max_chars=10, block_bytes=1024))
    assert max(len(block.data) for block in blocks) < 9000  # type: ignore[arg-type]
    assert [row for block in blocks for row in block.rows()] == items(data, max_chars=10)


def test_csv_and_utf16_blocks_hold_parsed_rows(tmp_path: Path) -> None:
    """CSV (quoted cells may hold line breaks) and UTF-16 text are parsed while reading."""
    table = tmp_path / "t.csv"
    table.write_text('id,task\n1,"Run\npayroll"\n2,Hire\n', encoding="utf-8")
    wide = tmp_path / "t.txt"
    wide.write_bytes("Run payroll\nHire\n".encode("utf-16"))
    for path in (table, wide):
        blocks = list(read_blocks(path, block_bytes=4))
        assert all(isinstance(block.data, tuple) for block in blocks)
        assert list(_block_rows(blocks)) == list(read_tasks(path))
