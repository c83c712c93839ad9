"""Classifier throughput against two baselines, and CLI memory while streaming.

In one run, on the same lines (the dev task statements varied with list prefixes, case,
punctuation and spacing, then repeated up to ``--lines``):

(a) ``classify_many`` with full results (a fresh classifier, so its caches start cold);
(b) the ``peopleops classify --format jsonl`` command end to end, file in, file out
    (a subprocess: interpreter start, catalogue compile, reading, classifying, writing);
(c) baseline: raw ``pyahocorasick`` over the lower-cased line, per line, with a plain
    keyword list made of the catalogue's names, phrases and cue phrases;
(d) the Python floor: read the file, lower-case it and split it into lines.

Then the CLI's peak resident memory (the child's VmHWM, Linux) while streaming files of
100k and 1M lines, to show that it stays flat. ``--unique`` repeats (a)-(d) and the memory
runs with every line made distinct.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_classify.py            # ~2-3 minutes
    PYTHONPATH=src python benchmarks/bench_classify.py --unique --lines 200000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV_NAME = Path("shared", "data", "hr-tasks-dev.tsv")


def find_dev() -> Path:
    """The dev TSV in ``shared/`` beside the checkout (or beside one of its parents)."""
    for parent in ROOT.parents:
        if (parent / DEV_NAME).is_file():
            return parent / DEV_NAME
    return ROOT.parent / DEV_NAME


PREFIXES = ("", "", "- ", "* ", "• ", "1. ", "12) ", "TODO: ", "[ ] ", "[x] ", "todo - ")
SUFFIXES = ("", "", ".", "!", ";", " ", "  ", " (urgent)", "?")


def dev_texts(path: Path) -> list[str]:
    """The ``text`` column of the dev TSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row["text"] for row in reader]


def vary(text: str, rng: random.Random) -> str:
    """One realistic variant of ``text``: a list prefix, a case change, trailing noise."""
    case = rng.randrange(5)
    if case == 1:
        text = text.lower()
    elif case == 2:
        text = text.upper()
    elif case == 3:
        text = text[:1].lower() + text[1:]
    if rng.random() < 0.3:
        text = text.rstrip(".")
    if rng.random() < 0.2:
        text = text.replace(" ", "  ", 1)
    return rng.choice(PREFIXES) + text + rng.choice(SUFFIXES)


def make_lines(base: Sequence[str], count: int, *, unique: bool, seed: int = 7) -> list[str]:
    """``count`` lines: a pool of varied dev lines repeated, or all distinct with ``unique``."""
    rng = random.Random(seed)
    if unique:
        return [f"{vary(base[i % len(base)], rng)} #{i}" for i in range(count)]
    pool = [vary(text, rng) for text in base for _ in range(8)]
    return [pool[i % len(pool)] for i in range(count)]


def best_of(repeat: int, func: Callable[[], int], setup: Callable[[], None] | None = None) -> tuple[float, int]:
    """The fastest of ``repeat`` timed calls (``setup`` runs untimed before each), and its value."""
    best = float("inf")
    value = 0
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value


def keywords() -> list[str]:
    """The plain keyword list for the baseline: every name, phrase and cue, lower-cased."""
    from peopleops import catalogue

    cat = catalogue()
    words = {text.lower() for a in cat for text in (a.name, *a.phrases)}
    words |= {phrase.lower() for _, phrases in cat.cues for phrase in phrases}
    return sorted(words)


class ClassifyMany:
    """(a): ``classify_many`` on a classifier compiled beforehand, with cold caches."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.classifier: Any = None

    def setup(self) -> None:
        """Compile a fresh classifier (untimed)."""
        from peopleops.classify import Classifier

        self.classifier = Classifier()  # compiled outside the timing; its caches start empty

    def __call__(self) -> int:
        """Classify every line; return how many got an activity."""
        count = 0
        for result in self.classifier.classify_many(self.lines):
            count += result.activity is not None
        return count


def run_ahocorasick(lines: list[str], automaton: Any) -> int:
    iterate = automaton.iter
    hits = 0
    for line in lines:
        for _ in iterate(line.lower()):
            hits += 1
    return hits


def run_floor(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return len(handle.read().lower().splitlines())


_CHILD = """
import sys
from peopleops.cli import main

code = main(sys.argv[1:])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(f"peak_kib={peak}", file=sys.stderr)
sys.exit(code)
"""
"""Runs the CLI's ``main`` and reports the process's peak RSS (VmHWM, which, unlike
``ru_maxrss``, does not carry over the parent's size from before ``exec``)."""


def run_cli(source: Path, target: Path, *extra: str) -> tuple[float, int]:
    """Run ``peopleops classify`` to JSONL with ``extra`` options.

    Returns the wall seconds and the main process's peak RSS in KiB.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", _CHILD, "classify", str(source), "--format", "jsonl"]
    command += ["--output", str(target), *extra]
    start = time.perf_counter()
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if process.returncode:
        msg = f"the CLI failed ({process.returncode}): {process.stderr.strip()[-500:]}"
        raise SystemExit(msg)
    peak = process.stderr.rsplit("peak_kib=", 1)[1]
    return elapsed, int(peak)


def write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line + "\n")


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def measure(label: str, lines: list[str], workdir: Path, repeat: int) -> None:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    words = keywords()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    source = workdir / f"{label}.txt"
    target = workdir / f"{label}.jsonl"
    write_lines(source, lines)
    n = len(lines)
    distinct = len(set(lines))
    print(f"\n== {label}: {n:,} lines ({distinct:,} distinct), {source.stat().st_size:,} bytes ==")

    run_a = ClassifyMany(lines)
    t_a, matched = best_of(repeat, run_a, run_a.setup)
    t_c, _ = best_of(repeat, lambda: run_ahocorasick(lines, automaton))
    t_d, _ = best_of(repeat, lambda: run_floor(source))
    t_b, rss = run_cli(source, target)
    records = count_lines(target)
    if records != n:
        msg = f"the CLI wrote {records} records for {n} lines"
        raise SystemExit(msg)

    rows = [
        ("(a) classify_many, full results", t_a),
        ("(b) CLI end to end -> JSONL", t_b),
        ("(c) baseline: pyahocorasick per line", t_c),
        ("(d) floor: read + lower + splitlines", t_d),
    ]
    print(f"{'measure':<40} {'seconds':>8} {'lines/s':>12} {'vs (c)':>8} {'vs (d)':>8}")
    for name, seconds in rows:
        rate = n / seconds
        ratios = f"{t_c / seconds:>7.2f}x {t_d / seconds:>7.3f}x"
        print(f"{name:<40} {seconds:>8.3f} {rate:>12,.0f} {ratios}")
    print(f"lines with an activity: {matched:,} ({matched / n:.1%}); keywords in (c): {len(words)}")
    print(f"CLI peak RSS: {rss / 1024:.1f} MiB")


def memory(label: str, base: Sequence[str], sizes: Sequence[int], workdir: Path, *, unique: bool) -> None:
    print(f"\n== CLI peak memory while streaming ({label}) ==")
    print(f"{'lines':>10} {'MiB in':>8} {'seconds':>8} {'lines/s':>10} {'peak RSS MiB':>13}")
    for size in sizes:
        source = workdir / f"mem-{label}-{size}.txt"
        target = workdir / f"mem-{label}-{size}.jsonl"
        write_lines(source, make_lines(base, size, unique=unique, seed=size))
        seconds, rss = run_cli(source, target)
        mib = source.stat().st_size / 2**20
        rate = size / seconds
        print(f"{size:>10,} {mib:>8.1f} {seconds:>8.2f} {rate:>10,.0f} {rss / 1024:>13.1f}")
        source.unlink()
        target.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=None, help="the dev TSV (text column)")
    parser.add_argument("--lines", type=int, default=200_000, help="lines per run (default 200000)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process repeats, best kept")
    parser.add_argument("--unique", action="store_true", help="also measure with all-distinct lines")
    parser.add_argument(
        "--memory-sizes",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="file sizes (lines) for the memory runs; none to skip",
    )
    args = parser.parse_args(argv)
    dev = args.dev or find_dev()
    if not dev.is_file():
        parser.error(f"no dev set at {dev}; pass --dev PATH")
    base = dev_texts(dev)
    print(f"python {sys.version.split()[0]}; {len(base)} dev lines from {dev.name}")
    with tempfile.TemporaryDirectory(prefix="peopleops-bench-") as tmp:
        workdir = Path(tmp)
        measure("varied", make_lines(base, args.lines, unique=False), workdir, args.repeat)
        if args.unique:
            measure("unique", make_lines(base, args.lines, unique=True), workdir, args.repeat)
        if args.memory_sizes:
            memory("varied", base, args.memory_sizes, workdir, unique=False)
            if args.unique:
                memory("unique", base, args.memory_sizes, workdir, unique=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
