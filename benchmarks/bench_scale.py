"""Classifying corpora of any size: linear cost, flat memory, several cores, a Dask cluster.

In one run:

1. ``peopleops classify --format jsonl`` end to end (a subprocess; output to /dev/null) on
   100k, 1M and 10M generated lines: wall time, lines/s, microseconds per line relative to
   the smallest size (linear cost keeps it near 1), and the process's peak RSS (flat memory
   keeps it near constant, below 150 MB).
2. ``--jobs 1`` against ``--jobs 2`` on the same file, for lines that are all distinct (every
   line needs real classification work) and for repeated lines (where the result cache
   leaves mostly reading, rendering and writing, which the workers do too): wall time, the
   speed-up, and the CPU seconds of all processes (on a busy machine the wall time depends
   on what else runs; the CPU seconds show the work done). Next to them, the ceiling: two
   independent ``--jobs 1`` runs at the same time, each on half the lines. Each pays the
   whole start-up and fills its own cache, as a worker does, so no way of sharing the work
   between two processes beats it; the gap to it is what sharing costs. Each runs
   ``--repeat`` times, interleaved, and the best times are compared as well: on a small
   shared machine one run's ratio moves by 10-20%. Distinct lines come in
   ``--parallel-lines``, repeated ones in each of ``--repeated-lines``.
3. One process (pandas: read the Parquet corpus, ``classify_frame``, write Parquet) against
   a 2-worker ``distributed.LocalCluster`` (``dd.read_parquet``, ``classify_dask``,
   ``to_parquet``) on the same 8 Parquet files; the cluster's start-up is reported apart from
   the classification.

Lines are the dev task statements (``../shared/data/hr-tasks-dev.tsv``) varied with list
prefixes, case and punctuation (see ``bench_classify.vary``); "distinct" lines also carry a
number and a varied ticket word so that no two are the same wording.

Run from the repository root (about 25 minutes on 2 cores)::

    PYTHONPATH=src python benchmarks/bench_scale.py
    PYTHONPATH=src python benchmarks/bench_scale.py --sizes 100000 1000000 --parallel-lines 200000
    PYTHONPATH=src python benchmarks/bench_scale.py --skip-streaming --skip-dask  # part 2 only
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_classify import ROOT, dev_texts, find_dev, run_cli, vary

_TICKETS = ("HR", "PEOPLE", "OPS", "REQ", "CASE", "TASK")


def generate(base: Sequence[str], count: int, *, distinct: bool, seed: int = 11) -> Iterator[str]:
    """``count`` varied dev lines, streamed; with ``distinct`` no two lines share a wording."""
    rng = random.Random(seed)
    pool = [vary(text, rng) for text in base for _ in range(8)]
    for i in range(count):
        if distinct:
            word = f"{rng.choice(_TICKETS).lower()}{i}"
            yield f"{vary(base[i % len(base)], rng)} ({word} {rng.choice(base[rng.randrange(len(base))].split())})"
        else:
            yield pool[i % len(pool)]


def write(path: Path, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(line + "\n" for line in lines)


def streaming(base: Sequence[str], sizes: Sequence[int], workdir: Path) -> None:
    print("\n== 1. CLI end to end, --jobs 1, repeated varied lines (output to /dev/null)")
    print(f"{'lines':>11} {'seconds':>8} {'lines/s':>10} {'us/line':>8} {'x smallest':>10} {'peak MB':>8}")
    first = None
    for size in sizes:
        source = workdir / f"stream-{size}.txt"
        write(source, generate(base, size, distinct=False))
        seconds, peak_kib = run_cli(source, Path("/dev/null"))
        per_line = seconds / size * 1e6
        first = first or per_line
        print(f"{size:>11,} {seconds:>8.1f} {size / seconds:>10,.0f} {per_line:>8.2f} "
              f"{per_line / first:>10.2f} {peak_kib / 1024:>8.1f}")
        source.unlink()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and, once it ends, its workers
    return usage.ru_utime + usage.ru_stime


def timed_cli(source: Path, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of the CLI classifying ``source`` to /dev/null."""
    before = _children_cpu()
    seconds, _ = run_cli(source, Path("/dev/null"), *extra)
    return seconds, _children_cpu() - before


def halves(source: Path, workdir: Path) -> float:
    """Wall seconds of two independent ``--jobs 1`` runs, at the same time, on a half each.

    The ceiling for two processes on this machine: each pays the whole start-up and fills
    its own cache of results, and the two share the machine, but they exchange nothing.
    """
    lines = source.read_bytes().splitlines(keepends=True)
    parts = [workdir / "half-1.txt", workdir / "half-2.txt"]
    parts[0].write_bytes(b"".join(lines[: len(lines) // 2]))
    parts[1].write_bytes(b"".join(lines[len(lines) // 2 :]))
    del lines
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    running = [
        subprocess.Popen([sys.executable, "-m", "peopleops", "classify", str(part), "--format", "jsonl",
                          "--output", "/dev/null"], env=env, stderr=subprocess.DEVNULL)
        for part in parts
    ]
    if any(process.wait() for process in running):
        raise SystemExit("a half run failed")
    seconds = time.perf_counter() - start
    for part in parts:
        part.unlink()
    return seconds


def jobs(base: Sequence[str], sizes: dict[str, Sequence[int]], workdir: Path, repeat: int) -> None:
    print(f"\n== 2. --jobs 1 vs --jobs 2 (CLI end to end, output to /dev/null), {repeat} interleaved "
          "run(s) each, and the ceiling: two --jobs 1 runs at once on a half each")
    print(f"{'lines':>9} {'count':>11} {'jobs 1 s':>9} {'jobs 2 s':>9} {'halves s':>9} {'speed-up':>9} "
          f"{'ceiling':>8} {'CPU s 1':>8} {'CPU s 2':>8}")
    for label, counts in sizes.items():
        for count in counts:
            source = workdir / f"jobs-{label}.txt"
            write(source, generate(base, count, distinct=label == "distinct"))
            runs: list[tuple[float, float, float]] = []
            for _ in range(repeat):  # interleaved: a change in the machine's load hits all alike
                one, cpu_one = timed_cli(source, "--jobs", "1")
                two, cpu_two = timed_cli(source, "--jobs", "2")
                half = halves(source, workdir)
                runs.append((one, two, half))
                print(f"{label:>9} {count:>11,} {one:>9.1f} {two:>9.1f} {half:>9.1f} {one / two:>8.2f}x "
                      f"{one / half:>7.2f}x {cpu_one:>8.1f} {cpu_two:>8.1f}", flush=True)
            if repeat > 1:
                one, two, half = (min(r[i] for r in runs) for i in range(3))
                ratios = sorted(r[0] / r[1] for r in runs)
                ceilings = sorted(r[0] / r[2] for r in runs)
                print(f"{'best':>9} {count:>11,} {one:>9.1f} {two:>9.1f} {half:>9.1f} {one / two:>8.2f}x "
                      f"{one / half:>7.2f}x   (medians: speed-up {ratios[len(ratios) // 2]:.2f}x, "
                      f"ceiling {ceilings[len(ceilings) // 2]:.2f}x)", flush=True)
            source.unlink()


def cluster(base: Sequence[str], count: int, workdir: Path) -> None:
    """The same Parquet corpus in, Parquet out: one process (pandas) against a 2-worker cluster.

    Both read the input files and write their results, as a real run does; the cluster's
    workers read and write their own partitions, so no data passes through the client.
    """
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from peopleops.classify import Classifier
    from peopleops.dask import classify_dask
    from peopleops.dataframe import classify_frame

    print(f"\n== 3. one process vs a 2-worker LocalCluster, {count:,} distinct lines (Parquet in and out)")
    corpus = workdir / "corpus"
    corpus.mkdir()
    lines = list(generate(base, count, distinct=True))
    parts = 8
    size = -(-count // parts)
    for k in range(parts):
        rows = range(k * size, min(count, (k + 1) * size))
        chunk = pd.DataFrame({"task": lines[rows.start : rows.stop]}, index=rows)
        chunk.to_parquet(corpus / f"part-{k}.parquet")
    del lines
    Classifier()  # compile outside the timing, as the workers' start-up is timed apart
    start = time.perf_counter()
    frame = pd.read_parquet(corpus)
    classify_frame(frame, "task").to_parquet(workdir / "single.parquet")
    one = time.perf_counter() - start
    del frame
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as local, Client(local) as client:
        client.run(lambda: Classifier() and None)  # each worker compiles its classifier once
        ready = time.perf_counter() - start
        start = time.perf_counter()
        classify_dask(dd.read_parquet(corpus), "task").to_parquet(workdir / "cluster")
        two = time.perf_counter() - start
    print(f"one process: {one:.1f} s ({count / one:,.0f} lines/s)")
    print(f"2-worker cluster: {two:.1f} s ({count / two:,.0f} lines/s) after {ready:.1f} s start-up; "
          f"speed-up {one / two:.2f}x ({one / (two + ready):.2f}x counting start-up)", flush=True)
    single = pd.read_parquet(workdir / "single.parquet")["activity"].fillna("-").tolist()
    labels = pd.read_parquet(workdir / "cluster", dtype_backend="pyarrow").sort_index()["activity"]
    same = len(single) == len(labels) == count and labels.fillna("-").tolist() == single
    print(f"same labels: {same}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=find_dev(), help="the dev TSV")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--parallel-lines", type=int, default=1_000_000,
                        help="lines for part 3 and for part 2's distinct lines")
    parser.add_argument("--repeated-lines", type=int, nargs="+", default=[1_000_000, 10_000_000],
                        help="sizes of part 2's repeated lines")
    parser.add_argument("--skip-streaming", action="store_true", help="leave out part 1")
    parser.add_argument("--skip-dask", action="store_true", help="leave out part 3")
    parser.add_argument("--skip-jobs", action="store_true", help="leave out part 2")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side in part 2 (the best is reported too)")
    args = parser.parse_args(argv)
    base = dev_texts(args.data)
    with tempfile.TemporaryDirectory(prefix="peopleops-scale-") as tmp:
        workdir = Path(tmp)
        if not args.skip_streaming:
            streaming(base, args.sizes, workdir)
        if not args.skip_jobs:
            sizes = {"distinct": [args.parallel_lines], "repeated": args.repeated_lines}
            jobs(base, sizes, workdir, args.repeat)
        if not args.skip_dask:
            cluster(base, args.parallel_lines, workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
