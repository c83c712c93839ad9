"""Score the classifier on a labelled task-line set (by default the dev set).

Prints area accuracy on HR lines (the prediction is in the labelled ``|`` set), not-HR
precision/recall/F1 (positive class: ``none``), accuracy per axis on the lines labelled for
that axis (not ``-``), coverage, and a confusion summary; ``--errors`` lists the misses.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/evaluate.py [--data FILE] [--catalogue FILE] [--errors]
        [--semantic [--threshold T] [--low-confidence C]]

``--semantic`` scores the lexicon with the semantic fallback (needs the ``semantic`` extra)
and also reports how many lines the fallback changed and how fast it ran.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from peopleops import Classifier, Result, load_catalogue
from peopleops.errors import PeopleopsError

ROOT = Path(__file__).resolve().parents[1]
DATA_NAME = Path("shared/data/hr-tasks-dev.tsv")
AXES = ("orientation", "focus", "approach")


def default_data() -> Path:
    """``../shared/data/hr-tasks-dev.tsv`` from the repository root (or a worktree's parents)."""
    for base in (ROOT.parent, *ROOT.parents[1:]):
        candidate = base / DATA_NAME
        if candidate.is_file():
            return candidate
    return ROOT.parent / DATA_NAME


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def ratio(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "n/a (0/0)"


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def describe(result: Result) -> str:
    parts = [f"{e.kind}:{e.text!r}" + (f"->{e.signal}" if e.signal else "") for e in result.evidence]
    return ", ".join(parts[:8])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="labelled TSV (default: dev set)")
    parser.add_argument("--catalogue", type=Path, help="catalogue file (default: built-in)")
    parser.add_argument("--errors", action="store_true", help="list misclassified lines")
    parser.add_argument("--semantic", action="store_true", help="with the semantic fallback (semantic extra)")
    parser.add_argument("--threshold", type=float, help="fallback similarity threshold (default: the module's)")
    parser.add_argument("--low-confidence", type=float, help="re-read lexicon labels below this (default: module's)")
    args = parser.parse_args(argv)

    data = args.data or default_data()
    try:
        rows = read_rows(data)
        cat = load_catalogue(args.catalogue) if args.catalogue else None
    except (OSError, PeopleopsError) as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 2
    clf = Classifier(cat)
    results = list(clf.classify_many(row["text"] for row in rows))
    if args.semantic:
        from peopleops import semantic

        options = {
            "threshold": semantic.THRESHOLD if args.threshold is None else args.threshold,
            "low_confidence": semantic.LOW_CONFIDENCE if args.low_confidence is None else args.low_confidence,
        }
        try:
            started = time.perf_counter()
            fallback = semantic.SemanticClassifier(cat, **options)
            ready = time.perf_counter()
        except PeopleopsError as error:
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
        lexical = results
        texts = [row["text"] for row in rows]
        reread = sum(fallback.needs_fallback(result) for result in lexical)
        fallback._cache.clear()
        begun = time.perf_counter()
        results = list(fallback.classify_many(texts))
        spent = time.perf_counter() - begun
        changed = sum(a != b for a, b in zip(lexical, results, strict=True))
        begun = time.perf_counter()
        fallback.index.nearest(texts)  # the fallback's own speed: every line embedded and ranked
        per_line = len(texts) / (time.perf_counter() - begun)
        print(
            f"semantic fallback: threshold {options['threshold']}, low_confidence {options['low_confidence']}; "
            f"set-up {ready - started:.1f}s; {reread} lines re-read, {changed} changed; "
            f"{len(texts) / spent:.0f} lines/s overall; the fallback alone: {per_line:.0f} lines/s"
        )

    hr_total = hr_hit = hr_primary = 0
    tp = fp = fn = 0
    covered = 0
    axis_hit: Counter[str] = Counter()
    axis_total: Counter[str] = Counter()
    axis_confusion: dict[str, Counter[tuple[str, str]]] = {axis: Counter() for axis in AXES}
    area_confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for row, result in zip(rows, results, strict=True):
        gold = row["area"].split("|")
        predicted = result.area or "none"
        covered += result.is_hr
        wrong: list[str] = []
        if gold == ["none"]:
            if predicted == "none":
                tp += 1
            else:
                fn += 1
                wrong.append(f"area none->{predicted}")
        else:
            hr_total += 1
            if predicted == "none":
                fp += 1
            if predicted in gold:
                hr_hit += 1
                hr_primary += predicted == gold[0]
            else:
                area_confusion[(gold[0], predicted)] += 1
                wrong.append(f"area {row['area']}->{predicted}")
        for axis in AXES:
            label = row[axis]
            if label == "-":
                continue
            pole = result.pole(axis)
            guess = pole.value if pole is not None else "-"
            axis_total[axis] += 1
            axis_confusion[axis][(label, guess)] += 1
            if guess == label:
                axis_hit[axis] += 1
            else:
                wrong.append(f"{axis} {label}->{guess}({dict(result.basis).get(axis, '-')})")
        if wrong:
            errors.append(
                f"{row['id']}  {'; '.join(wrong)}\n    {row['text']}\n"
                f"    activity={result.activity} conf={result.confidence}  {describe(result)}"
            )

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    name = "built-in" if cat is None else str(args.catalogue)
    print(f"data: {data} ({len(rows)} lines); catalogue: {name} ({len(clf.catalogue)} activities)")
    print(f"area accuracy (HR lines, in labelled set): {ratio(hr_hit, hr_total)}")
    print(f"area accuracy (HR lines, primary area):    {ratio(hr_primary, hr_total)}")
    print(
        f"not-HR: precision {precision:.3f} recall {recall:.3f} F1 {f1(precision, recall):.3f}"
        f"  (tp {tp}, fp {fp}, fn {fn})"
    )
    for axis in AXES:
        print(f"{axis + ':':<13} {ratio(axis_hit[axis], axis_total[axis])}")
    print(f"coverage (lines given an activity): {ratio(covered, len(rows))}")
    print("confusion: area misses on HR lines (gold primary -> predicted):")
    for (gold_area, guess), count in sorted(area_confusion.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:3d}  {gold_area} -> {guess}")
    for axis in AXES:
        cells = ", ".join(
            f"{gold}->{guess}: {count}"
            for (gold, guess), count in sorted(axis_confusion[axis].items())
            if gold != guess
        )
        print(f"confusion: {axis} misses: {cells or 'none'}")
    if args.errors:
        print(f"\nerrors ({len(errors)} lines):")
        for line in errors:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
