"""Tests for peopleops.parallel: several processes give the same results, in order."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import cli, parallel
from peopleops.catalogue import catalogue, loads
from peopleops.classify import Classifier, classifier, classify_many
from peopleops.cli import main
from peopleops.errors import InputError
from peopleops.parallel import classify_parallel, map_ordered, resolve_jobs, window

LINES = [
    "Run payroll for the hourly staff",
    "Mediate a dispute between two engineers",
    "Plan the workforce for next year",
    "",
    "Bake sourdough bread",
    "Design a conflict resolution workshop",
    "Process new hire paperwork",
]


@pytest.fixture
def slow_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Slow down the items done in the calling process, so that the workers take a share.

    map_ordered does items in the calling process too, also while the workers start; on a
    small input it could do them all there. Returns a list that counts those items.
    """
    done_here: list[int] = []
    run = parallel._run

    def slow(func: Callable[..., Any], clf: Classifier, item: Any) -> Any:
        done_here.append(1)
        time.sleep(0.1)
        return run(func, clf, item)

    monkeypatch.setattr(parallel, "_run", slow)
    return done_here


def _as_json(result: object) -> str:
    return json.dumps(result.to_dict(), sort_keys=True)  # type: ignore[attr-defined]


def test_two_processes_give_the_same_results_as_one_process(slow_here: list[int]) -> None:
    """jobs=2 yields the same results, in the same order, as classify_many."""
    lines = [f"{line} #{i}" if i % 3 else line for i in range(600) for line in LINES][:3000]
    expected = [_as_json(r) for r in classify_many(lines)]
    got = list(classify_parallel(lines, jobs=2, chunk_size=97, transform=_as_json))
    assert got == expected
    assert 0 < len(slow_here) < 31  # of the 31 chunks, the worker took some


def _where(clf: Classifier, lines: list[str]) -> tuple[int, list[str | None]]:
    return os.getpid(), [result.activity for result in clf.classify_many(lines)]


def test_jobs_two_is_this_process_and_one_worker(slow_here: list[int]) -> None:
    """The calling process does items too (the first while the worker starts); one worker does the rest."""
    batches = [[LINES[i % len(LINES)]] for i in range(60)]
    threads = threading.active_count()
    out = []
    for result in map_ordered(_where, batches, jobs=2):
        assert threading.active_count() == threads  # no helper threads here, only processes
        out.append(result)
    assert [activities for _, activities in out] == [[r.activity for r in classify_many(b)] for b in batches]
    pids = [pid for pid, _ in out]
    assert pids[0] == os.getpid()  # done here: the worker had not started yet
    assert len(set(pids)) == 2
    assert pids.count(os.getpid()) == len(slow_here)


def test_workers_build_a_custom_catalogue_from_its_data(slow_here: list[int]) -> None:
    """A custom catalogue reaches the workers as data and classifies there."""
    text = """
    {"schema_version": 1, "extends": "builtin",
     "activities": [{"id": "sourdough_club", "name": "Sourdough club", "area": "engagement_culture",
       "stages": ["retain"], "orientation": "proactive", "focus": "strategic", "approach": "people_ops",
       "systems": "experimental", "collaboration": "multidisciplinary", "phrases": ["bake sourdough bread"]}]}
    """
    custom = loads(text, "json")
    lines = LINES * 50
    out = list(map_ordered(_where, (lines[i : i + 10] for i in range(0, len(lines), 10)), jobs=2, catalogue=custom))
    got = [activity for _, activities in out for activity in activities]
    assert got == [r.activity for r in classify_many(lines, catalogue=custom)]
    in_workers = [activities for pid, activities in out if pid != os.getpid()]
    assert any("sourdough_club" in activities for activities in in_workers)


def _count_hr(clf: Classifier, lines: list[str]) -> int:
    return sum(result.is_hr for result in clf.classify_many(lines))


def test_map_ordered_reads_item_i_only_after_result_i_minus_window_is_taken() -> None:
    """The window guarantee the CLI's reused spool files rely on, on two workers."""
    events: list[tuple[str, int]] = []

    def items() -> Iterator[list[str]]:
        for i in range(40):
            events.append(("read", i))
            yield LINES[: 1 + i % len(LINES)]

    for i, _ in enumerate(map_ordered(_count_hr, items(), jobs=2)):
        events.append(("taken", i))
    size = window(2)
    assert size >= 2
    order = {event: n for n, event in enumerate(events)}
    assert len(order) == 80
    late = [i for i in range(size, 40) if order[("read", i)] < order[("taken", i - size)]]
    assert late == []


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


def test_cli_jobs_two_writes_the_same_jsonl_as_one_job(
    tmp_path: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, slow_here: list[int]
) -> None:
    """Peopleops classify --jobs 2 gives byte-identical JSONL to --jobs 1, in input order."""
    from pathlib import Path

    from peopleops.cli import main

    src = Path(str(tmp_path)) / "tasks.txt"
    many = "\n".join(LINES[i % len(LINES)] + f" v{i % 301}" for i in range(9000))
    src.write_text(many + "\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_BLOCK_BYTES", 1 << 13)  # about 40 blocks
    outputs = []
    for jobs in ("1", "2"):
        out = Path(str(tmp_path)) / f"out{jobs}.jsonl"
        assert main(["classify", str(src), "--format", "jsonl", "--jobs", jobs, "-o", str(out)]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 9000
    assert 0 < len(slow_here) < 40  # the worker took some of the blocks
    capsys.readouterr()


def test_cli_rejects_negative_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs -1 is a usage error naming the value."""
    from peopleops.cli import main

    assert main(["classify", "--jobs", "-1", "x.txt"]) == 2
    assert "'-1'" in capsys.readouterr().err


def _hr_count(clf: Classifier, lines: list[str]) -> tuple[int, int]:
    return len(lines), sum(result.is_hr for result in clf.classify_many(lines))


def _failing(items: list[list[str]], after: int) -> Iterator[list[str]]:
    yield from items[:after]
    raise InputError("reading failed here")


def _fails_on_bread(clf: Classifier, lines: list[str]) -> tuple[int, int]:
    if any("bread" in line for line in lines):
        raise ValueError(f"bread in {lines}")
    return _hr_count(clf, lines)


@pytest.mark.parametrize("position", [0, 5, 29])
def test_an_error_of_the_function_comes_in_its_items_turn(position: int, slow_here: list[int]) -> None:
    """Whichever process does the failing item, the results before it come first, then its error."""
    batches = [[LINES[0], f"task {i}"] for i in range(30)]
    batches[position] = ["Bake sourdough bread"]
    got: list[tuple[int, int]] = []
    with pytest.raises(ValueError, match="bread in"):
        got.extend(map_ordered(_fails_on_bread, batches, jobs=2))
    assert got == [_hr_count(classifier(), batch) for batch in batches[:position]]


def _fails_in_a_worker(clf: Classifier, item: tuple[int, str]) -> int:
    parent, how = item
    if os.getpid() == parent:
        return _count_hr(clf, [how])
    if how == "exit":
        os._exit(3)
    if how == "unpicklable":
        error = ValueError("cannot travel")
        error.hook = lambda: None  # type: ignore[attr-defined]
        raise error
    raise ValueError(f"failed in {how}")


@pytest.mark.parametrize(
    ("how", "error", "match"),
    [
        ("a worker", ValueError, "failed in a worker"),
        ("unpicklable", RuntimeError, "could not send back its result"),
        ("exit", BrokenProcessPool, "ended abruptly [(]exit code 3[)]"),
    ],
)
def test_a_failure_in_a_worker_is_raised_here_and_the_workers_are_ended(
    how: str, error: type[Exception], match: str, slow_here: list[int]
) -> None:
    """A failure in a worker comes out here as an exception, never as a hang.

    An error (with the worker's traceback as a note), an error that cannot be pickled, and a
    worker that dies all end the workers.
    """
    items = [(os.getpid(), how)] * 40
    got: list[int] = []
    with pytest.raises(error, match=match) as raised:
        got.extend(map_ordered(_fails_in_a_worker, items, jobs=2))
    assert got == [_count_hr(classifier(), [how])] * len(got)  # the items before, done here
    assert len(got) < len(items)
    if how == "a worker":
        assert "raised in worker process" in "".join(raised.value.__notes__)
        assert "_fails_in_a_worker" in "".join(raised.value.__notes__)
    assert multiprocessing.active_children() == []


def test_stopping_early_ends_the_workers(slow_here: list[int]) -> None:
    """A caller that stops taking results (closes the generator) leaves no worker behind."""
    results = map_ordered(_count_hr, ([line] for line in LINES * 20), jobs=2)
    taken = [next(results) for _ in range(12)]
    assert taken == [_count_hr(classifier(), [line]) for line in (LINES * 2)[:12]]
    results.close()
    assert multiprocessing.active_children() == []


def test_map_ordered_keeps_order_on_workers_and_reports_a_reading_failure_last(slow_here: list[int]) -> None:
    """map_ordered yields one result per item in order; a reading failure comes after the results before it."""
    batches = [[LINES[i % len(LINES)]] * (i + 1) for i in range(9)]
    expected = [(len(batch), sum(r.is_hr for r in classify_many(batch))) for batch in batches]
    assert list(map_ordered(_hr_count, batches, jobs=2)) == expected
    got: list[tuple[int, int]] = []
    with pytest.raises(InputError, match="reading failed here"):
        got.extend(map_ordered(_hr_count, _failing(batches, 6), jobs=2))
    assert got == expected[:6]


def _classify_files(
    paths: list[Path], jobs: str, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, str, str]:
    code = main(["classify", *map(str, paths), "--jobs", jobs, *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sample(tmp_path: Path) -> list[Path]:
    """Text and JSONL files with blank lines, CRLF, a lone CR, NULs and no final newline."""
    rows = [f"{LINES[i % len(LINES)]} {i % 13}" if i % 11 else "  " for i in range(900)]
    text = tmp_path / "tasks.txt"
    text.write_bytes(("\r\n".join(rows[:400]) + "\rRun pay\x00roll\n" + "\n".join(rows[400:])).encode())
    jsonl = tmp_path / "tasks.jsonl"
    records = [json.dumps({"task": row}) if i % 17 else "{not json" for i, row in enumerate(rows)]
    jsonl.write_text("\n".join(records), encoding="utf-8")  # no final newline
    return [text, jsonl]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_cli_jobs_two_is_byte_identical_to_one_job(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    slow_here: list[int],
) -> None:
    """--jobs 2 writes the same bytes, skip reports and summary as --jobs 1, for several files."""
    monkeypatch.setattr(cli, "_BLOCK_BYTES", 2048)  # many blocks, so that workers share them
    monkeypatch.setattr(cli, "_BLOCK_BYTES_ONE", 3000)  # and cut elsewhere in one process
    paths = _sample(tmp_path)
    one = _classify_files(paths, "1", capsys, "-f", fmt)
    two = _classify_files(paths, "2", capsys, "-f", fmt)
    assert two == one
    assert 0 < len(slow_here) < 20  # of the 20 or more blocks, the worker took some
    assert one[0] == 0
    assert "tasks.txt, line 12: skipped: blank line" in one[2]
    assert "tasks.jsonl, line 18: skipped: bad JSON" in one[2]
    assert "1801 rows read" in one[2]


@pytest.mark.parametrize("name", ["tasks.txt", "tasks.jsonl"])
def test_cli_jobs_two_writes_the_same_file_and_stops_at_the_same_bad_byte(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    slow_here: list[int],
) -> None:
    """An output file is identical with --jobs 2; an undecodable byte gives the same error and exit code."""
    monkeypatch.setattr(cli, "_BLOCK_BYTES", 1024)
    path = {p.name: p for p in _sample(tmp_path)}[name]
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.jsonl"
        assert _classify_files([path], jobs, capsys, "-f", "jsonl", "-o", str(target))[0] == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    data = path.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    path.write_bytes(data[:cut] + b"caf\xe9\n" + data[cut:])
    line = len(re.split(rb"\r\n|\r|\n", data[:cut]))  # the line after the cut
    one = _classify_files([path], "1", capsys, "-f", "jsonl", "--strict")
    two = _classify_files([path], "2", capsys, "-f", "jsonl", "--strict")
    assert two == one
    assert one[0] == 2
    assert f"error: {path}, line {line}, column 4: cannot decode as utf-8" in one[2]
    assert len(one[1].splitlines()) > 100  # the records before the bad line were written
