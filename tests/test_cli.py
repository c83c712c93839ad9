"""Tests for the catalogue-browsing commands of peopleops.cli."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from peopleops import __version__, catalogue
from peopleops.cli import main


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and exits 0."""
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_catalogue_json_holds_every_activity_with_required_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """Catalogue --format json lists all activities with the documented keys and pole strings."""
    assert main(["catalogue", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    activities = document["activities"]
    assert len(activities) == len(catalogue())
    required = {"id", "name", "area", "stages", "orientation", "focus", "approach", "systems",
                "collaboration", "counterparts", "phrases", "references"}
    assert all(required <= set(item) for item in activities)
    assert {item["orientation"] for item in activities} == {"reactive", "proactive"}


def test_catalogue_filters_by_area_and_pole(capsys: pytest.CaptureFixture[str]) -> None:
    """--area and --pole restrict the listed activities."""
    assert main(["catalogue", "--format", "csv", "--area", "employee_relations", "--pole", "reactive"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert all(r["area"] == "employee_relations" and r["orientation"] == "reactive" for r in rows)
    expected = catalogue().select("reactive", area="employee_relations")
    assert [r["id"] for r in rows] == [a.id for a in expected]


def test_catalogue_table_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    """The default output is a table ending with a count line."""
    assert main(["catalogue"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "area", "orientation"]
    assert out.rstrip().endswith(f"{len(catalogue())} of {len(catalogue())} activities")


def test_show_prints_one_activity(capsys: pytest.CaptureFixture[str]) -> None:
    """Show ID prints the activity's name, poles, counterparts and references."""
    assert main(["show", "dispute_mediation"]) == 0
    out = capsys.readouterr().out
    assert "Dispute mediation" in out
    assert "conflict_resolution_workshops" in out
    assert "Mediate disputes." in out  # the O*NET DWA title resolved from its reference


def test_unknown_id_is_a_clear_error_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown activity gives exit 2 and one line naming it, no traceback."""
    assert main(["show", "payroll_procesing_x"]) == 2
    err = capsys.readouterr().err
    assert "payroll_procesing_x" in err
    assert "Traceback" not in err


def test_unknown_filter_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --pole is rejected by the parser with exit 2."""
    assert main(["catalogue", "--pole", "proactiv"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    """Python -m peopleops --version works."""
    done = subprocess.run([sys.executable, "-m", "peopleops", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("peopleops ")


def test_ctrl_c_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interrupt during a command gives exit 130 and one line on stderr."""
    import peopleops.cli as cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_show", interrupted)
    assert main(["show", "payroll_processing"]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err
    assert "Traceback" not in err


def test_column_on_plain_text_input_is_an_error(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    """--column with a plain-text task list is refused (exit 2), not silently ignored."""
    from pathlib import Path

    tasks = Path(str(tmp_path)) / "tasks.txt"
    tasks.write_text("Run payroll\n", encoding="utf-8")
    assert main(["classify", str(tasks), "--column", "task"]) == 2
    err = capsys.readouterr().err
    assert "tasks.txt" in err
    assert "'task'" in err
    assert "--input-format" in err
