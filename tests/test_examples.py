"""Every script under examples/ runs to completion and prints what it should."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peopleops import catalogue

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def _expected(name: str) -> list[str]:
    """Lines each example must print; every example needs an entry here."""
    cat = catalogue()
    expected = {
        "explore_catalogue.py": [
            f"{len(cat)} activities in {len(cat.areas)} areas and {len(cat.stages)} stages",
            "Payroll processing -> reactive, transactional, hr, established, siloed",
            "Dispute mediation -> Conflict-resolution workshops",
            f"quadrant map: {len(cat)} points",
        ],
    }
    return expected[name]


def test_there_are_examples() -> None:
    """The examples directory is not empty (a wrong path would make the suite vacuous)."""
    assert EXAMPLES


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    """The example exits 0 with the Agg backend and prints its expected lines."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for line in _expected(script.name):
        assert line in lines
    assert list(tmp_path.iterdir()) == []  # examples write nothing to the working directory
