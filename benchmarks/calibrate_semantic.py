"""Choose the semantic fallback's thresholds on the catalogue alone (no dev-set lines).

Each activity's phrases are split into ``--folds`` folds (by a hash of the phrase). For each
fold, the lexicon classifier and the semantic index are built on the catalogue *without*
that fold's phrases, and the held-out phrases are classified: they are HR lines worded in
ways the reduced catalogue does not hold, labelled with their activity's area. Not-HR lines
come from ``benchmarks/data/not-hr-tasks.txt`` (written for this purpose, other kinds of
work). Then:

* ``THRESHOLD``: among the lines the fallback would re-read (the lexicon gives no activity
  and sees no ``not_hr`` cue), the similarity cut-off that maximises Youden's J =
  (held-out HR lines placed in the right area) - (not-HR lines labelled HR). J does not
  depend on how many lines of each kind the calibration set has.
* ``LOW_CONFIDENCE``: the lexicon's labels are grouped by confidence; re-ranking labels
  below a cut-off (the lexicon's label or alternative nearest by similarity wins) pays only
  if, in every confidence band below it, it puts the line in the right area more often than
  the lexicon (bands of fewer than MIN_BAND lines are too small to judge and do not count
  against it). The largest such cut-off. The table
  also shows the other way (the nearest activity of all), which did less well.

Usage (from the repository root, with the ``semantic`` extra installed)::

    PYTHONPATH=src python benchmarks/calibrate_semantic.py [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np

from peopleops import Classifier, catalogue
from peopleops.semantic import SemanticClassifier, SemanticIndex, load_model

NEGATIVES = Path(__file__).resolve().parent / "data" / "not-hr-tasks.txt"
BANDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
MIN_BAND = 30
"""Confidence bands with fewer held-out phrases than this are too small to judge."""


def fold_of(phrase: str, folds: int) -> int:
    return int(hashlib.sha256(phrase.encode()).hexdigest(), 16) % folds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    cat = catalogue()
    model = load_model()
    full = SemanticIndex.build(cat, model)
    row_of = {(full.activities[o].id, t): i for i, (t, o) in enumerate(zip(full.texts, full.owners, strict=True))}
    negatives = [
        line.strip() for line in NEGATIVES.read_text(encoding="utf-8").splitlines() if line.strip() and line[0] != "#"
    ]
    negative_vectors = full.embed(negatives)

    # (is_hr, gold_area, lexicon_area, lexicon_confidence, re_read, semantic_top_area, top_similarity,
    #  the area of the lexicon's candidate (label or alternative) nearest by similarity)
    records: list[tuple[bool, str | None, str | None, float, bool, str, float, str | None]] = []
    for k in range(args.folds):
        held: list[tuple[str, str]] = []  # (phrase, area)
        kept = []
        for activity in cat:
            out = [p for p in activity.phrases if fold_of(p, args.folds) == k]
            held.extend((p, activity.area) for p in out)
            kept.append(attrs.evolve(activity, phrases=[p for p in activity.phrases if p not in out]))
        reduced = attrs.evolve(cat, activities=kept)
        lexicon = Classifier(reduced)
        rows = [i for i, (t, o) in enumerate(zip(full.texts, full.owners, strict=True))
                if fold_of(t, args.folds) != k or t not in cat[full.activities[o].id].phrases]
        index = SemanticIndex(
            tuple(reduced), tuple(full.texts[i] for i in rows), tuple(full.owners[i] for i in rows),
            full.vectors[rows], model,
        )
        fallback = SemanticClassifier.__new__(SemanticClassifier)  # only for needs_fallback
        fallback.low_confidence = 0.0
        queries = [p for p, _ in held] + negatives
        golds: list[str | None] = [a for _, a in held] + [None] * len(negatives)
        activity_of = {p: a.id for a in cat for p in a.phrases}
        vectors = np.vstack([full.vectors[[row_of[(activity_of[p], p)] for p, _ in held]], negative_vectors])
        ranked = index.rank(vectors)
        for gold, result, ranking in zip(golds, lexicon.classify_many(queries), ranked, strict=True):
            top, score, _ = ranking[0]
            reread = fallback.needs_fallback(result)
            candidates = {result.activity, *(a.activity for a in result.alternatives)}
            nearest = next((a.area for a, _, _ in ranking if a.id in candidates), None)
            records.append((gold is not None, gold, result.area, result.confidence, reread, top.area, score, nearest))
        print(f"fold {k}: {len(held)} held-out phrases, {len(negatives)} not-HR lines")

    positives = [r for r in records if r[0] and r[4]]
    negs = [r for r in records if not r[0] and r[4]]
    all_pos = [r for r in records if r[0]]
    all_neg = [r for r in records if not r[0]]
    lex_hit = sum(r[2] == r[1] for r in all_pos)
    print(f"held-out HR phrases: {len(all_pos)}; lexicon area right {lex_hit / len(all_pos):.3f}, "
          f"no activity {sum(r[2] is None for r in all_pos)}, of which re-read {len(positives)}")
    print(f"not-HR lines: {len(all_neg)}; lexicon labels HR {sum(r[2] is not None for r in all_neg)}, "
          f"re-read {len(negs)}")
    best = (-1.0, 0.0)
    print("threshold  TPR(area right)  FPR(not-HR labelled)  J")
    for step in range(30, 81):
        t = step / 100
        tpr = sum(r[6] >= t and r[5] == r[1] for r in positives) / max(len(positives), 1)
        fpr = sum(r[6] >= t for r in negs) / max(len(negs), 1)
        j = tpr - fpr
        if step % 5 == 0:
            print(f"  {t:.2f}      {tpr:.3f}            {fpr:.3f}                {j:.3f}")
        if j > best[0] + 1e-12:
            best = (j, t)
    threshold = best[1]
    print(f"THRESHOLD = {threshold:.2f} (J = {best[0]:.3f})")

    low = 0.0
    print("lexicon-labelled held-out phrases by confidence band: area right by the lexicon, by the nearest")
    print("activity of all (at THRESHOLD), and by the lexicon's candidate nearest by similarity (rerank)")
    lower = 0.0
    for upper in BANDS:
        band = [r for r in all_pos if r[2] is not None and lower <= r[3] < upper]
        lex = sum(r[2] == r[1] for r in band)
        nearest = sum((r[5] if r[6] >= threshold else r[2]) == r[1] for r in band)
        rerank = sum(r[7] == r[1] for r in band)
        print(
            f"  [{lower:.1f}, {upper:.1f}): {len(band):4d} lines"
            f"  lexicon {lex:4d}  nearest {nearest:4d}  rerank {rerank:4d}"
        )
        if low == lower and (rerank > lex or len(band) < MIN_BAND):
            low = upper
        lower = upper
    print(f"LOW_CONFIDENCE = {low:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
