"""Tests for ``peopleops validate`` and for loadable, deterministic ``catalogue --format`` exports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peopleops.catalogue import catalogue, load_catalogue
from peopleops.cli import main

BAD = """{
  "schema_version": 1,
  "extends": "builtin",
  "remove": ["payrol_processing"],
  "activities": [
    {"id": "acme_x", "nam": "X", "area": "onbording", "stages": ["onboard"],
     "orientation": "reactiv", "focus": "strategic", "approach": "hr",
     "systems": "established", "collaboration": "siloed"}
  ]
}
"""


def test_valid_file_exit_0_with_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid catalogue exits 0 and prints one summary line with the counts."""
    path = tmp_path / "cat.json"
    assert main(["catalogue", "--format", "json", "--output", str(path)]) == 0
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"{path}: valid catalogue 'peopleops built-in': {len(catalogue())} activities, "
        f"{len(catalogue().areas)} areas, {len(catalogue().stages)} stages\n"
    )


def test_invalid_file_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid file exits 2 and lists every problem with file, line, column, path, expected, found, hint."""
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{path}: 5 problems found"
    problems = lines[:-1]
    assert len(problems) == 5
    assert all(line.startswith(f"{path}, line ") for line in problems)
    text = "\n".join(problems)
    assert "line 6, column 22: activities[0].nam: unknown key" in text
    assert "did you mean 'name'?" in text
    assert "line 4, column 14: remove[0]: unknown activity" in text
    assert "line 7, column 6: activities[0].orientation: invalid orientation pole" in text
    assert "found 'reactiv'); did you mean 'reactive'?" in text
    assert "activities[0].area: unknown area" in text
    assert "did you mean 'onboarding'?" in text


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json reports validity and each problem's fields (None fields left out)."""
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    assert main(["validate", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert len(report["problems"]) == 5
    first = report["problems"][0]
    assert {"path", "message", "file", "line", "column"} <= set(first)


def test_syntax_error_is_one_located_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A syntax error exits 2 with its line and column, and no traceback."""
    path = tmp_path / "bad.yaml"
    path.write_text("schema_version: 1\nactivities: [\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "line 3, column 1: YAML error" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file exits 2 and says so."""
    assert main(["validate", str(tmp_path / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().out


def test_stdin_needs_input_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Validating standard input needs --input-format, then works."""
    text = json.dumps({"schema_version": 1, "extends": "builtin"}).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["validate", "-"]) == 2
    assert "--input-format" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["validate", "-", "--input-format", "json"]) == 0
    assert capsys.readouterr().out.startswith("-: valid catalogue")


def test_other_commands_report_catalogue_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--catalogue BAD`` on another command exits 2 with the problems on stderr."""
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    assert main(["catalogue", "--catalogue", str(path)]) == 2
    err = capsys.readouterr().err
    assert "peopleops catalogue: error:" in err
    assert "did you mean 'reactive'?" in err


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_export_validates_and_loads_equal(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``catalogue --format FMT`` output validates and loads back equal to the built-in catalogue."""
    path = tmp_path / f"cat.{fmt}"
    assert main(["catalogue", "--format", fmt, "--output", str(path)]) == 0
    assert main(["validate", str(path)]) == 0
    assert load_catalogue(path) == catalogue()


def test_filtered_export_loads(tmp_path: Path) -> None:
    """A filtered export (one area) is itself a valid catalogue."""
    path = tmp_path / "er.json"
    assert main(["catalogue", "--format", "json", "--area", "employee_relations", "--output", str(path)]) == 0
    assert {a.area for a in load_catalogue(path)} == {"employee_relations"}


def _run(seed: str, *args: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "peopleops", *args], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode in (0, 2), result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_export_identical_across_hash_seeds(fmt: str) -> None:
    """The export is byte-identical whatever PYTHONHASHSEED is."""
    assert _run("1", "catalogue", "--format", fmt) == _run("2", "catalogue", "--format", fmt)


def test_validate_output_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Validation problems come out in the same order whatever PYTHONHASHSEED is."""
    path = tmp_path / "bad.json"
    path.write_text(BAD, encoding="utf-8")
    first = _run("1", "validate", str(path))
    assert first == _run("12345", "validate", str(path))
    assert first.count("\n") == 6


def test_catalogue_csv_neutralises_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A custom activity named like a spreadsheet formula is written as an inert CSV cell."""
    path = tmp_path / "mine.json"
    new = {**catalogue()["payroll_processing"].to_mapping(), "name": "=HYPERLINK(\"http://x\")"}
    path.write_text(json.dumps({"schema_version": 1, "extends": "builtin", "activities": [new]}), encoding="utf-8")
    assert main(["catalogue", "--catalogue", str(path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    assert '\n"=HYPERLINK' not in out
    assert ",=HYPERLINK" not in out


def test_lone_surrogates_shown_escaped(tmp_path: Path) -> None:
    """Keys and ids holding lone surrogates are reported (escaped), never a UnicodeEncodeError."""
    path = tmp_path / "sur.json"
    path.write_text('{"schema_version": 1, "\\ud800x": 1, "activities": [{"id": "a\\udfff"}]}', encoding="utf-8")
    out = _run("0", "validate", str(path))
    assert "\\ud800x: unknown key" in out
    assert out.endswith("problems found\n")
