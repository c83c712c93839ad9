"""Classify large inputs on several worker processes, in input order.

:func:`classify_parallel` reads its input lazily in chunks, keeps a bounded number of chunks
in flight, and yields results in input order as soon as they are ready, so memory stays flat
and output starts before the input ends. Each worker compiles its own classifier from
catalogue *data* (the package's built-in file, or a custom catalogue's JSON text): no
compiled matcher is ever pickled.

>>> [r.activity for r in classify_parallel(["run payroll", "mediate disputes"], jobs=1)]
['payroll_processing', 'dispute_mediation']
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar, overload

from peopleops.catalogue import Catalogue, dumps, loads
from peopleops.classify import Classifier, Result, classifier

__all__ = ["CHUNK_SIZE", "classify_parallel", "resolve_jobs"]

T = TypeVar("T")

CHUNK_SIZE = 2_000
"""Lines sent to a worker at a time: big enough to amortise the hand-over, small enough to
keep memory flat and the first output early."""

_WORKER: Classifier | None = None


def resolve_jobs(jobs: int) -> int:
    """Return the number of processes to use: ``0`` means one per CPU core.

    >>> resolve_jobs(3)
    3
    >>> resolve_jobs(0) == (os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count())
    True

    Raises:
        ValueError: ``jobs`` is negative.
    """
    if jobs < 0:
        msg = f"jobs must be 0 (all cores) or a positive number, got {jobs}"
        raise ValueError(msg)
    if jobs == 0:
        count = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
        return count or 1
    return jobs


def _start_worker(catalogue_json: str | None) -> None:
    global _WORKER
    cat = None if catalogue_json is None else loads(catalogue_json, "json", source="<parent catalogue>")
    _WORKER = Classifier(cat)


def _work(lines: list[str], transform: Callable[[Result], Any] | None) -> list[Any]:
    assert _WORKER is not None, "worker not initialised"
    results = _WORKER.classify_many(lines)
    return list(results) if transform is None else [transform(result) for result in results]


@overload
def classify_parallel(
    lines: Iterable[str], *, jobs: int = ..., catalogue: Catalogue | None = ..., chunk_size: int = ...,
    transform: None = ...,
) -> Iterator[Result]: ...
@overload
def classify_parallel(
    lines: Iterable[str], *, jobs: int = ..., catalogue: Catalogue | None = ..., chunk_size: int = ...,
    transform: Callable[[Result], T],
) -> Iterator[T]: ...
def classify_parallel(
    lines: Iterable[str],
    *,
    jobs: int = 1,
    catalogue: Catalogue | None = None,
    chunk_size: int = CHUNK_SIZE,
    transform: Callable[[Result], Any] | None = None,
) -> Iterator[Any]:
    """Classify ``lines`` on ``jobs`` processes; yield one item per line, in input order.

    Args:
        lines: Any iterable of task lines, read lazily.
        jobs: Worker processes; ``1`` classifies in this process, ``0`` uses every core.
        catalogue: A custom catalogue (default: the built-in one).
        chunk_size: Lines handed to a worker at a time.
        transform: Applied to each result *in the worker* (it must be picklable, e.g. a
            module-level function); use it to return small values such as JSON text instead
            of whole results. Default: yield the results themselves.

    The output is identical to ``classify_many`` for any ``jobs``. Inputs that fit in one
    round of chunks are classified in this process, saving the start-up of workers.
    """
    jobs = resolve_jobs(jobs)
    if chunk_size < 1:
        msg = f"chunk_size must be positive, got {chunk_size}"
        raise ValueError(msg)
    iterator = iter(lines)
    head = list(itertools.islice(iterator, chunk_size * jobs + 1))
    if jobs == 1 or len(head) <= chunk_size * jobs:
        clf = classifier(catalogue)
        stream = clf.classify_many(itertools.chain(head, iterator))
        yield from (stream if transform is None else map(transform, stream))
        return
    payload = None if catalogue is None else dumps(catalogue, "json")
    chunks = _chunks(itertools.chain(head, iterator), chunk_size)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(payload,)) as pool:
        pending: deque[Future[list[Any]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk, transform))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk
