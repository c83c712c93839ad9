"""Benchmark: classifying lines never seen before, and checking that outputs do not change.

Builds a deterministic corpus of distinct task lines: the dev set's lines and the golden
lines as written, plus variants of them and of the catalogue's own phrases (list prefixes,
case changes, a sub-span of the words, curly apostrophes and other non-ASCII text, an
appended ticket id and a word taken from another line). Each line is classified by a fresh
:class:`~peopleops.Classifier` with cold caches, in corpus order; the time per line is the
best of ``--repeat`` runs. Repeated lines are timed too: a warm classifier re-reading the
first ``--warm`` lines ten times.

``--record FILE`` writes one ``json.dumps(result.to_dict(), sort_keys=True)`` line per
corpus line; ``--check FILE`` compares this code's outputs with such a file and fails (exit
1) on any difference. Record with the code before a change, check with the code after it.

Run from a checkout::

    PYTHONPATH=src python benchmarks/bench_distinct.py --record /tmp/distinct-before.jsonl
    PYTHONPATH=src python benchmarks/bench_distinct.py --check /tmp/distinct-before.jsonl
    PYTHONPATH=src python benchmarks/bench_distinct.py --lines 5000 --repeat 1
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from peopleops import Classifier, catalogue
from peopleops import normalize as _normalize

ROOT = Path(__file__).resolve().parents[1]
DEV_NAME = Path("shared/data/hr-tasks-dev.tsv")
GOLDEN = ROOT / "tests" / "data" / "golden.tsv"
PREFIXES = ["", "", "- ", "* ", "• ", "1. ", "12) ", "[ ] ", "- [x] ", "TODO: ", "Done - ", "(3) "]
ODD = {"'": "’", "fi": "ﬁ", "a": "ａ", "i": "İ", "e": "é", "o": "o\u0301"}


def _texts(path: Path) -> list[str]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _dev_path() -> Path:
    for base in (ROOT.parent, *ROOT.parents[1:]):
        if (base / DEV_NAME).is_file():
            return base / DEV_NAME
    return ROOT.parent / DEV_NAME


def corpus(size: int, seed: int = 0) -> list[str]:
    """Return the dev and golden lines, then ``size`` generated variants, all distinct."""
    rng = random.Random(seed)
    sources = _texts(_dev_path()) + _texts(GOLDEN)
    phrases = [text for activity in catalogue() for text in (activity.name, *activity.phrases)]
    vocabulary = sorted({word for line in sources for word in line.split() if word.isalpha()})
    out = list(dict.fromkeys(sources))
    seen = set(out)
    i = 0
    while len(out) < len(sources) + size:
        i += 1
        line = rng.choice(phrases) if rng.random() < 0.25 else rng.choice(sources)
        parts = line.split()
        if len(parts) > 4 and rng.random() < 0.4:
            start = rng.randrange(len(parts) - 2)
            parts = parts[start : start + rng.randint(2, 8)]
        line = " ".join(parts)
        case = rng.random()
        if case < 0.1:
            line = line.upper()
        elif case < 0.25:
            line = line.lower()
        elif case < 0.35:
            line = line.title()
        if rng.random() < 0.05:
            old, new = rng.choice(sorted(ODD.items()))
            line = line.replace(old, new, 1)
        if rng.random() < 0.3:
            line = f"{line} and {rng.choice(phrases).lower()}"
        tail = rng.random()
        if tail < 0.7:
            line = f"{line} (req{i} {rng.choice(vocabulary)})"
        elif tail < 0.85:
            line = f"{line} {rng.choice(vocabulary)} #{i}"
        line = rng.choice(PREFIXES) + line
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out


def _cold() -> None:
    """Empty the module-level word caches of :mod:`peopleops.normalize` (whatever exists)."""
    for name in dir(_normalize):
        value = getattr(_normalize, name)
        if isinstance(value, dict) and name.startswith("_") and name.isupper():
            value.clear()
    gc.collect()


def run(lines: Sequence[str]) -> tuple[float, list[str]]:
    """Classify ``lines`` with a fresh classifier and cold caches: (seconds, outputs)."""
    _cold()
    clf = Classifier()
    begin = time.perf_counter()
    results = list(clf.classify_many(lines))
    elapsed = time.perf_counter() - begin
    return elapsed, [json.dumps(result.to_dict(), sort_keys=True) for result in results]


def repeated(lines: Sequence[str], rounds: int = 10) -> float:
    """Seconds per line for lines a warm classifier has seen before."""
    clf = Classifier()
    list(clf.classify_many(lines))
    batch = list(lines) * rounds
    begin = time.perf_counter()
    for _ in clf.classify_many(batch):
        pass
    return (time.perf_counter() - begin) / len(batch)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000, help="generated variants (default 20000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="timed cold runs; the best counts (default 3)")
    parser.add_argument("--warm", type=int, default=2_000, help="lines re-read for the repeated-line timing")
    parser.add_argument("--record", type=Path, help="write the outputs to this file")
    parser.add_argument("--check", type=Path, help="compare the outputs with this file")
    parser.add_argument("--dump", type=Path, help="write the corpus lines to this file")
    args = parser.parse_args(argv)

    lines = corpus(args.lines, args.seed)
    if args.dump:
        args.dump.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    timings = []
    outputs: list[str] = []
    for number in range(max(args.repeat, 1)):
        elapsed, got = run(lines)
        timings.append(elapsed)
        if number == 0:
            outputs = got
        elif got != outputs:
            print("outputs differ between runs", file=sys.stderr)
            return 1
    best = min(timings)
    print(f"distinct lines: {len(lines)}, best of {len(timings)}: {best:.3f} s, "
          f"{best / len(lines) * 1e6:.1f} us/line, {len(lines) / best:,.0f} lines/s")
    per = repeated(lines[: args.warm])
    print(f"repeated lines: {per * 1e6:.3f} us/line, {1 / per:,.0f} lines/s")
    status = 0
    if args.record:
        args.record.write_text("\n".join(outputs) + "\n", encoding="utf-8")
        print(f"recorded {len(outputs)} outputs to {args.record}")
    if args.check:
        want = args.check.read_text(encoding="utf-8").splitlines()
        bad = [n for n, (a, b) in enumerate(zip(want, outputs, strict=False)) if a != b]
        if len(want) != len(outputs):
            print(f"check: {len(want)} recorded outputs, {len(outputs)} now", file=sys.stderr)
            status = 1
        if bad:
            print(f"check: {len(bad)} outputs differ, first at line {bad[0]}: {lines[bad[0]]!r}", file=sys.stderr)
            print(f"  before: {want[bad[0]]}\n  after:  {outputs[bad[0]]}", file=sys.stderr)
            status = 1
        if not status:
            print(f"check: all {len(outputs)} outputs identical to {args.check}")
    return status


if __name__ == "__main__":
    sys.exit(main())
