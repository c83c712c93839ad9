"""Benchmark: building the taxonomy graph grows linearly with the catalogue.

Builds the graph of the built-in catalogue and of generated catalogues (1k, 10k and 100k
activities by default), and prints one table row per catalogue: build time, peak memory
traced during a build (tracemalloc), and both per 1k activities. Linear growth shows as flat
per-1k columns; the last column is the time per 1k relative to the smallest generated size.

Run from a checkout::

    PYTHONPATH=src python benchmarks/bench_graph.py
    PYTHONPATH=src python benchmarks/bench_graph.py --sizes 1000 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

from peopleops import frameworks
from peopleops.catalogue import Catalogue, catalogue
from peopleops.graph import build_graph
from peopleops.model import AXES, Activity, Axis, Orientation, Position


def synthetic_catalogue(size: int, seed: int = 0) -> Catalogue:
    """A valid catalogue of ``size`` activities on the built-in areas and stages.

    Poles and strengths are random; each activity has 1-2 stages, 0-3 framework references,
    two phrases, and about a third of the reactive ones have 1-2 proactive counterparts.
    """
    rng = random.Random(seed)
    base = catalogue()
    areas = [area.id for area in base.areas]
    stages = [stage.id for stage in base.stages]
    references = sorted(frameworks.elements(), key=str)
    ids = [f"activity_{i:06d}" for i in range(size)]
    reactive = [rng.random() < 0.5 for _ in ids]
    proactive_ids = [ident for ident, flag in zip(ids, reactive, strict=True) if not flag]
    activities = []
    for i, ident in enumerate(ids):
        positions = {
            axis.value: Position(
                Orientation.REACTIVE if axis is Axis.ORIENTATION and reactive[i]
                else Orientation.PROACTIVE if axis is Axis.ORIENTATION
                else rng.choice(list(AXES[axis])),
                round(rng.uniform(0.05, 1.0), 2),
            )
            for axis in Axis
        }
        counterparts: list[str] = []
        if reactive[i] and proactive_ids and rng.random() < 0.35:
            counterparts = rng.sample(proactive_ids, k=min(len(proactive_ids), rng.randint(1, 2)))
        activities.append(
            Activity(
                id=ident,
                name=f"Synthetic activity {i}",
                description=f"Generated activity number {i} for the graph benchmark.",
                area=rng.choice(areas),
                stages=rng.sample(stages, k=rng.randint(1, 2)),
                phrases=[f"task {i} alpha", f"task {i} beta"],
                counterparts=counterparts,
                references=rng.sample(references, k=rng.randint(0, 3)),
                **positions,  # type: ignore[arg-type]  # one Position per axis field
            )
        )
    return Catalogue(activities, base.areas, base.stages, base.cues, name=f"synthetic {size}")


def best_time(build: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` timed calls, garbage collected before each."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(build: Callable[[], object]) -> int:
    """Peak bytes traced while ``build`` runs (the result is kept alive until the peak is read)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000],
                        help="generated catalogue sizes, in activities (default: 1000 10000 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per catalogue; the best is kept")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the generated catalogues")
    args = parser.parse_args(argv)

    builtin = catalogue()
    # A fresh, equal copy: build_graph caches the built-in catalogue's graph by identity.
    rows: list[tuple[str, Catalogue]] = [
        ("built-in", Catalogue(builtin.activities, builtin.areas, builtin.stages, builtin.cues, builtin.name))
    ]
    header = (f"{'catalogue':<12} {'activities':>10} {'nodes':>9} {'edges':>10} {'build s':>9} "
              f"{'ms/1k':>8} {'peak MiB':>9} {'MiB/1k':>7} {'time/1k vs first':>17}")
    print(header)
    print("-" * len(header))
    sys.stdout.flush()
    first: float | None = None
    for size in args.sizes:
        start = time.perf_counter()
        rows.append(("generated", synthetic_catalogue(size, args.seed)))
        print(f"# generated {size} activities in {time.perf_counter() - start:.1f} s (not timed below)",
              file=sys.stderr)
    for label, cat in rows:
        n = len(cat)
        g = build_graph(cat)
        nodes, edges = g.number_of_nodes(), g.number_of_edges()
        del g
        seconds = best_time(lambda cat=cat: build_graph(cat), args.repeat)
        peak = peak_memory(lambda cat=cat: build_graph(cat))
        per_1k = seconds * 1000 / n * 1000
        mib = peak / 2**20
        ratio = ""
        if label == "generated":
            first = first or per_1k
            ratio = f"{per_1k / first:.2f}"
        print(f"{label:<12} {n:>10,} {nodes:>9,} {edges:>10,} {seconds:>9.3f} {per_1k:>8.1f} "
              f"{mib:>9.1f} {mib / n * 1000:>7.2f} {ratio:>17}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
