"""Tests for the `peopleops classify` and `peopleops profile` commands."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import runpy
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import catalogue, dumps
from peopleops import cli as cli_module
from peopleops.cli import main
from peopleops.inputs import safe_cell

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "tasks.txt"
FIELDS = ("line", "text", "activity", "area", "orientation", "focus", "approach", "confidence")


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8", newline="")
    return str(path)


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_records_parse_and_hold_the_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every JSONL record parses and holds line, text, labels, confidence and evidence."""
    path = write(tmp_path / "t.txt", "Run payroll\nMediate a dispute after a complaint\nBake bread\n")
    assert main(["classify", path, "--format", "jsonl"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert len(records) == 3
    for record in records:
        assert set(FIELDS) <= set(record)
        assert isinstance(record["evidence"], list)
        assert "source" not in record
    assert records[0]["activity"] == "payroll_processing"
    assert records[0]["area"] == "total_rewards"
    assert records[0]["orientation"] in ("reactive", "proactive")
    assert records[2]["area"] is None
    evidence = records[1]["evidence"]
    assert isinstance(evidence, list)
    assert all({"phrase", "start", "end"} <= set(item) for item in evidence)


def test_one_record_per_task_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Records come in input order, one per task, numbered by input line."""
    lines = ["Run payroll", "Hire a designer", "", "Run payroll", "Plan next year's headcount"]
    path = write(tmp_path / "t.txt", "\n".join(lines) + "\n")
    assert main(["classify", path, "-f", "jsonl"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert [r["line"] for r in records] == [1, 2, 4, 5]
    assert [r["text"] for r in records] == [line for line in lines if line]
    assert records[0] == {**records[2], "line": 1}


def test_skipped_rows_are_reported_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A blank line is reported on stderr with its line and reason and counted in the summary."""
    path = write(tmp_path / "t.txt", "Run payroll\n\n   \nHire a designer\n")
    assert main(["classify", path, "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(jsonl(captured.out)) == 2
    assert "line 2: skipped: blank line" in captured.err
    assert "line 3: skipped: blank line" in captured.err
    assert "4 rows read, 2 classified, 2 skipped (blank line: 2)" in captured.err


def test_strict_makes_a_skip_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--strict turns a skipped row into exit 2, after reporting it; clean input still exits 0."""
    path = write(tmp_path / "t.txt", "Run payroll\n\nHire a designer\n")
    assert main(["classify", path, "--strict", "-f", "jsonl"]) == 2
    captured = capsys.readouterr()
    assert "line 2: skipped" in captured.err
    assert "--strict" in captured.err
    clean = write(tmp_path / "c.txt", "Run payroll\nHire a designer\n")
    assert main(["classify", clean, "--strict"]) == 0


def test_csv_input_reads_the_chosen_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--column picks the CSV column holding the task; line numbers are the file's lines."""
    path = write(tmp_path / "t.csv", "id,owner,todo\n1,ana,Run payroll\n2,bo,Hire a designer\n")
    assert main(["classify", path, "--column", "todo", "-f", "jsonl"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert [r["text"] for r in records] == ["Run payroll", "Hire a designer"]
    assert [r["line"] for r in records] == [2, 3]


def test_missing_csv_column_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing column exits 2 with one error naming the available columns, no traceback."""
    path = write(tmp_path / "t.csv", "id,owner,todo\n1,ana,Run payroll\n")
    assert main(["classify", path, "--column", "task"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "todo" in err
    assert err.startswith("peopleops classify: error:")


def test_jsonl_input_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSONL input reads the chosen field; tasks named null or NA are tasks, not gaps."""
    rows = [{"what": "Run payroll"}, {"what": "null"}, {"what": "NA"}]
    path = write(tmp_path / "t.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
    assert main(["classify", path, "--column", "what", "-f", "jsonl"]) == 0
    assert [r["text"] for r in jsonl(capsys.readouterr().out)] == ["Run payroll", "null", "NA"]


def test_csv_output_is_neutralised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV output neutralises cells that a spreadsheet would run as formulas."""
    tasks = ['=HYPERLINK("http://x")', "+1 Run payroll", "@SUM(A1)", "Run payroll"]
    path = write(tmp_path / "t.txt", "\n".join(tasks) + "\n")
    assert main(["classify", path, "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["text"] for row in rows] == [safe_cell(task) for task in tasks]
    assert all(not row["text"].startswith(("=", "+", "@")) for row in rows)
    assert list(rows[0])[:4] == ["line", "text", "activity", "area"]


def test_several_files_carry_their_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With several inputs each record names its source file; lines restart per file."""
    a = write(tmp_path / "a.txt", "Run payroll\n")
    b = write(tmp_path / "b.txt", "Hire a designer\nRun payroll\n")
    assert main(["classify", a, b, "-f", "jsonl"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert [(r["source"], r["line"]) for r in records] == [(a, 1), (b, 1), (b, 2)]


def test_json_output_is_one_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json writes one JSON array with a record per task (empty input: [])."""
    path = write(tmp_path / "t.txt", "Run payroll\nHire a designer\n")
    assert main(["classify", path, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["line"] for r in data] == [1, 2]
    empty = write(tmp_path / "e.txt", "")
    assert main(["classify", empty, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_table_has_a_row_per_task(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table has a header, a rule and one row per task, control characters escaped."""
    path = write(tmp_path / "t.txt", "Run payroll\nHire\ta designer\n")
    assert main(["classify", path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["line", "activity", "area"]
    assert len(out) == 4
    assert out[2].startswith("1 ")
    assert "payroll_processing" in out[2]
    assert "Hire\\ta designer" in out[3]


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--output writes the records to the file and nothing to stdout."""
    path = write(tmp_path / "t.txt", "Run payroll\n")
    target = tmp_path / "out.jsonl"
    assert main(["classify", path, "-f", "jsonl", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert jsonl(target.read_text(encoding="utf-8"))[0]["text"] == "Run payroll"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """With no file (or '-') the tasks are read from standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Run payroll\r\n\r\nHire a designer\r\n")))
    assert main(["classify", "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert [r["line"] for r in jsonl(captured.out)] == [1, 3]
    assert "line 2: skipped: blank line" in captured.err


def test_missing_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing input file exits 2 with one line naming it."""
    missing = str(tmp_path / "nope.txt")
    assert main(["classify", missing]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err
    assert "Traceback" not in err


def test_undecodable_bytes_are_replaced_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad bytes are replaced and reported with their line; --strict fails on them with exit 2."""
    path = tmp_path / "t.txt"
    path.write_bytes(b"Run payroll\nHire a d\xe9signer\n")
    assert main(["classify", str(path), "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(jsonl(captured.out)) == 2
    assert "line 2: 1 undecodable byte(s) replaced" in captured.err
    assert "1 with undecodable bytes replaced" in captured.err
    assert main(["classify", str(path), "--strict", "-f", "jsonl"]) == 2
    assert "line 2" in capsys.readouterr().err
    assert main(["classify", str(path), "--encoding", "latin-1", "-f", "jsonl"]) == 0
    assert jsonl(capsys.readouterr().out)[1]["text"] == "Hire a désigner"


def test_long_lines_are_truncated_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A task over --max-chars is cut, reported and still classified; --strict fails on it."""
    path = write(tmp_path / "t.txt", "Run payroll " + "x" * 100 + "\n")
    assert main(["classify", path, "--max-chars", "20", "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(jsonl(captured.out)[0]["text"]) <= 20
    assert "line 1: task truncated to 20 characters" in captured.err
    assert main(["classify", path, "--max-chars", "20", "--strict"]) == 2
    assert main(["classify", path, "--max-chars", "0"]) == 2
    assert "positive whole number" in capsys.readouterr().err


def test_custom_catalogue_classifies_with_no_extra_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--catalogue FILE makes a phrase added to the file classify to its activity."""
    data = json.loads(dumps(catalogue(), "json"))
    activity = next(a for a in data["activities"] if a["id"] == "payroll_processing")
    activity["phrases"].append("feed the hamsters")
    cat = write(tmp_path / "cat.json", json.dumps(data))
    path = write(tmp_path / "t.txt", "Feed the hamsters\n")
    assert main(["classify", path, "--catalogue", cat, "-f", "jsonl"]) == 0
    assert jsonl(capsys.readouterr().out)[0]["activity"] == "payroll_processing"
    assert main(["profile", path, "--catalogue", cat, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["areas"]["total_rewards"]["count"] == 1


def test_profile_json_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The profile command's JSON holds areas, the axes, suggestions and the not-HR share."""
    path = write(tmp_path / "t.txt", "Run payroll\nMediate a dispute after a complaint\n\nBake bread\n")
    assert main(["profile", path, "-f", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    for key in ("areas", "orientation", "focus", "approach", "suggestions", "not_hr", "balance"):
        assert key in data
    assert data["lines"] == 3
    assert "line 3: skipped: blank line" in captured.err
    assert "4 rows read, 3 profiled, 1 skipped" in captured.err


@pytest.mark.parametrize(("fmt", "start"), [("table", "38 lines"), ("markdown", "# Task list profile")])
def test_profile_text_formats(fmt: str, start: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The profile command renders the sample as a plain-text table or as Markdown."""
    assert main(["profile", str(SAMPLE), "-f", fmt]) == 0
    out = capsys.readouterr().out
    assert out.startswith(start)
    assert "total_rewards" in out


def test_profile_counts_what_classify_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    """The profile command counts exactly the lines classify outputs, with the same areas."""
    assert main(["classify", str(SAMPLE), "-f", "jsonl"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert main(["profile", str(SAMPLE), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lines"] == len(records)
    assert data["hr"] == sum(1 for r in records if r["area"] is not None)
    for area, counts in data["areas"].items():
        assert counts["count"] == sum(1 for r in records if r["area"] == area)


def test_readme_command_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    """`peopleops classify examples/tasks.txt` classifies every task of the sample."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert main(["classify", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2 + sum(1 for line in lines if line.strip())
    assert "1 skipped (blank line: 1)" in captured.err


def test_example_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """examples/classify_tasks.py runs and prints results and a profile."""
    runpy.run_path(str(ROOT / "examples" / "classify_tasks.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "dispute_mediation" in out
    assert "tasks are HR work" in out


def test_no_progress_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a terminal on stderr there is no progress line, however large the input."""
    monkeypatch.setattr(cli_module, "_PROGRESS_MIN_BYTES", 0)
    path = write(tmp_path / "t.txt", "Run payroll\n" * 5000)
    assert main(["classify", path, "-f", "jsonl"]) == 0
    assert "\r" not in capsys.readouterr().err


def test_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal a large input gets a progress line on stderr, cleared at the end."""
    clock = iter(range(0, 10_000_000, 1))
    monkeypatch.setattr(cli_module, "_PROGRESS_MIN_BYTES", 0)
    monkeypatch.setattr(cli_module.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    path = write(tmp_path / "t.txt", "Run payroll\n" * 5000)
    assert main(["classify", path, "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"\rpeopleops: [\d,]+ lines \([\d,]+ lines/s\), ~\d+%", captured.err)
    assert "\r" not in captured.out
    assert len(jsonl(captured.out)) == 5000


_LINE = st.text(
    st.characters(codec="utf-8", exclude_characters="\n\r\x00", exclude_categories=("Cs",)),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_LINE, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_rows_in_equal_rows_out_plus_skips(lines: list[str], newline: str) -> None:
    """For any lines, output records plus reported skips account for every input row once."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.txt"
        path.write_bytes((newline.join(lines) + (newline if lines else "")).encode("utf-8"))
        target = Path(tmp) / "out.jsonl"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["classify", str(path), "-f", "jsonl", "-o", str(target)])
        assert code == 0
        records = jsonl(target.read_text(encoding="utf-8"))
    skipped = [int(n) for n in re.findall(r"line (\d+): skipped", err.getvalue())]
    assert sorted([int(str(r["line"])) for r in records] + skipped) == list(range(1, len(lines) + 1))
    assert f"{len(lines)} rows read, {len(records)} classified, {len(skipped)} skipped" in err.getvalue()
    assert [r["text"] for r in records] == [line.strip() for line in lines if line.strip()]


@settings(max_examples=30, deadline=None)
@given(st.lists(_LINE, max_size=20))
def test_csv_rows_in_equal_rows_out_plus_skips(cells: list[str]) -> None:
    """For any CSV cells, records plus reported skips account for every data row once."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id", "task"])
            writer.writerows([i, cell] for i, cell in enumerate(cells))
        target = Path(tmp) / "out.jsonl"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["classify", str(path), "--column", "task", "-f", "jsonl", "-o", str(target)])
        assert code == 0
        records = jsonl(target.read_text(encoding="utf-8"))
    skipped = [int(n) for n in re.findall(r"line (\d+): skipped", err.getvalue())]
    assert sorted([int(str(r["line"])) for r in records] + skipped) == list(range(2, len(cells) + 2))
    assert [r["text"] for r in records] == [cell.strip() for cell in cells if cell.strip()]


class _WatchedInput(io.BytesIO):
    """Standard input that records, at each read, how much output has been written so far."""

    def __init__(self, data: bytes, target: Path) -> None:
        super().__init__(data)
        self.target = target
        self.seen: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.seen.append(self.target.stat().st_size if self.target.exists() else 0)
        return super().read(size)


def test_output_starts_before_input_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records reach the output while the input is still being read (streaming, not buffering)."""
    target = tmp_path / "out.jsonl"
    data = b"".join(f"Run payroll for team {i % 7}\n".encode() for i in range(20_000))
    watched = _WatchedInput(data, target)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(watched))
    assert main(["classify", "-", "-f", "jsonl", "-o", str(target)]) == 0
    assert len(watched.seen) > 2
    assert watched.seen[-1] > 0  # the last read (the one that finds the end) came after output
    assert len(target.read_text(encoding="utf-8").splitlines()) == 20_000


def test_profile_strict_and_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The profile command writes to --output and, with --strict, exits 2 on a skipped row."""
    path = write(tmp_path / "t.txt", "Run payroll\n\nHire a designer\n")
    target = tmp_path / "profile.md"
    assert main(["profile", path, "-f", "markdown", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Task list profile")
    assert capsys.readouterr().out == ""
    assert main(["profile", path, "--strict", "-f", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["lines"] == 2
    assert "line 2: skipped: blank line" in captured.err


def test_unreadable_input_fails_before_any_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file or unknown encoding exits 2 before writing output or creating --output."""
    path = write(tmp_path / "t.txt", "Run payroll\n")
    target = tmp_path / "out.jsonl"
    assert main(["classify", path, "--encoding", "no-such-codec", "-o", str(target)]) == 2
    assert not target.exists()
    assert main(["classify", str(tmp_path / "missing.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no-such-codec" in captured.err
    assert "missing.txt" in captured.err


def test_nul_characters_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stray NUL is replaced, reported with its line and counted; --strict fails on it."""
    path = tmp_path / "t.txt"
    path.write_bytes(b"Run payroll\nHire a\x00 designer\n")
    assert main(["classify", str(path), "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(jsonl(captured.out)) == 2
    assert "line 2: 1 NUL character(s) replaced" in captured.err
    assert "1 with NUL characters replaced" in captured.err
    assert main(["classify", str(path), "--strict", "-f", "jsonl"]) == 2
