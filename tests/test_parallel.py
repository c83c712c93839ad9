"""Tests for peopleops.parallel: several processes give the same results, in order."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops.catalogue import catalogue, loads
from peopleops.classify import classify_many
from peopleops.parallel import classify_parallel, resolve_jobs

LINES = [
    "Run payroll for the hourly staff",
    "Mediate a dispute between two engineers",
    "Plan the workforce for next year",
    "",
    "Bake sourdough bread",
    "Design a conflict resolution workshop",
    "Process new hire paperwork",
]


def _as_json(result: object) -> str:
    return json.dumps(result.to_dict(), sort_keys=True)  # type: ignore[attr-defined]


def test_two_workers_give_the_same_results_as_one_process() -> None:
    """jobs=2 yields the same results, in the same order, as classify_many."""
    lines = [f"{line} #{i}" if i % 3 else line for i in range(600) for line in LINES][:3000]
    expected = [_as_json(r) for r in classify_many(lines)]
    got = list(classify_parallel(lines, jobs=2, chunk_size=97, transform=_as_json))
    assert got == expected


def test_workers_build_a_custom_catalogue_from_its_data() -> None:
    """A custom catalogue reaches the workers as data and classifies there."""
    text = """
    {"schema_version": 1, "extends": "builtin",
     "activities": [{"id": "sourdough_club", "name": "Sourdough club", "area": "engagement_culture",
       "stages": ["retain"], "orientation": "proactive", "focus": "strategic", "approach": "people_ops",
       "systems": "experimental", "collaboration": "multidisciplinary", "phrases": ["bake sourdough bread"]}]}
    """
    custom = loads(text, "json")
    lines = LINES * 50
    got = [r.activity for r in classify_parallel(lines, jobs=2, chunk_size=40, catalogue=custom)]
    assert got == [r.activity for r in classify_many(lines, catalogue=custom)]
    assert "sourdough_club" in got


def test_small_inputs_stay_in_process() -> None:
    """An input smaller than one round of chunks is classified without starting workers."""
    got = [r.activity for r in classify_parallel(LINES, jobs=4, chunk_size=1000)]
    assert got == [r.activity for r in classify_many(LINES)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(LINES) | st.text(max_size=30), max_size=60), st.integers(1, 7))
def test_in_process_path_keeps_every_row_in_order(lines: list[str], chunk_size: int) -> None:
    """One output per input line, in input order, whatever the chunk size."""
    out = list(classify_parallel(lines, jobs=1, chunk_size=chunk_size))
    assert [r.text for r in out] == lines


def test_jobs_validation() -> None:
    """jobs=0 means every core; negative jobs and chunk sizes are refused."""
    assert resolve_jobs(0) >= 1
    with pytest.raises(ValueError, match="jobs"):
        resolve_jobs(-1)
    with pytest.raises(ValueError, match="chunk_size"):
        list(classify_parallel(["x"], chunk_size=0))
    assert len(catalogue()) > 0


def test_cli_jobs_two_writes_the_same_jsonl_as_one_job(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    """Peopleops classify --jobs 2 gives byte-identical JSONL to --jobs 1, in input order."""
    from pathlib import Path

    from peopleops.cli import main

    src = Path(str(tmp_path)) / "tasks.txt"
    many = "\n".join(LINES[i % len(LINES)] + f" v{i % 301}" for i in range(9000))
    src.write_text(many + "\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = Path(str(tmp_path)) / f"out{jobs}.jsonl"
        assert main(["classify", str(src), "--format", "jsonl", "--jobs", jobs, "-o", str(out)]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 9000
    capsys.readouterr()


def test_cli_rejects_negative_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs -1 is a usage error naming the value."""
    from peopleops.cli import main

    assert main(["classify", "--jobs", "-1", "x.txt"]) == 2
    assert "'-1'" in capsys.readouterr().err
