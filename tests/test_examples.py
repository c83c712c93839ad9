"""Every script under examples/ runs to completion and prints what it should."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from peopleops import catalogue

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def _expected(name: str) -> list[str]:
    """Lines each example must print ("re:" marks a pattern); every example needs an entry."""
    cat = catalogue()
    expected = {
        "explore_catalogue.py": [
            f"{len(cat)} activities in {len(cat.areas)} areas and {len(cat.stages)} stages",
            "Payroll processing -> reactive, transactional, hr, established, siloed",
            "Dispute mediation -> Conflict-resolution workshops",
            f"quadrant map: {len(cat)} points",
        ],
        "pictures.py": [
            f"{len(cat)} activities drawn",
            r"re:^\d+ of \d+ lines are HR work, in \d+ activities$",
            r"re:^balance: \d+% of decided positions on the People Ops side$",
            "alternatives: " + ", ".join(a.name for a in cat.counterparts("dispute_mediation")),
        ],
        "explore_graph.py": [
            r"re:^\d+ nodes: \d+ activity, \d+ area, 10 classification, \d+ reference, \d+ stage$",
            "node-link round trip equal: True",
            f"proactive alternatives of dispute mediation: {list(cat['dispute_mediation'].counterparts)}",
        ],
        "custom_catalogue.py": [
            f"exported {len(cat)} activities to my-catalogue.json",
            f"Acme HR catalogue: {len(cat) + 1} activities",
            "badge_provisioning -> proactive, transactional, hr, established, multidisciplinary",
            r"re:.*activities\[0\]\.orientation: invalid orientation pole.*did you mean 'proactive'\?$",
        ],
        "classify_tasks.py": [
            "'Mediate the dispute between two colleagues after a complaint'",
            r"re:^  activity=dispute_mediation area=employee_relations confidence=[01]\.\d\d$",
            r"re:^\d+ of \d+ tasks are HR work; \d+% of those are reactive\.$",
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
        if line.startswith("re:"):
            assert any(re.match(line[3:], printed) for printed in lines), line
        else:
            assert line in lines
    assert list(tmp_path.iterdir()) == []  # examples write nothing to the working directory
