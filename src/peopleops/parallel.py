"""Classify large inputs on several processes, in input order.

:func:`classify_parallel` reads its input lazily in chunks, keeps a bounded number of chunks
in flight, and yields results in input order as soon as they are ready, so memory stays flat
and output starts before the input ends. :func:`map_ordered` is the general form: it applies
a function to each item (e.g. a :class:`~peopleops.inputs.Block` of raw lines, which is
parsed, classified and rendered where it is done) with the process's classifier. ``jobs``
processes share the items: the calling process and ``jobs - 1`` workers. The calling process
hands items over and takes results back itself, between its own items, with no helper
threads to wait for a core. Each worker compiles its own classifier from catalogue *data*
(the package's built-in file, or a custom catalogue's JSON text): no compiled matcher is
ever pickled.

>>> [r.activity for r in classify_parallel(["run payroll", "mediate disputes"], jobs=1)]
['payroll_processing', 'dispute_mediation']
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing.connection import Connection
from queue import SimpleQueue
from typing import Any, TypeVar, overload

from peopleops.catalogue import Catalogue, dumps, loads
from peopleops.classify import Classifier, Result, classifier

__all__ = ["AHEAD", "CHUNK_SIZE", "QUEUED", "classify_parallel", "map_ordered", "resolve_jobs", "window"]

T = TypeVar("T")
U = TypeVar("U")

CHUNK_SIZE = 2_000
"""Lines sent to a worker at a time: big enough to amortise the hand-over, small enough to
keep memory flat and the first output early."""

AHEAD = 4
"""Items in flight per process in :func:`map_ordered` (see :func:`window`)."""

QUEUED = 4
"""Items queued at each worker in :func:`map_ordered`: the next ones are there when a worker
finishes one, though the calling process only hands items over between its own, and the
rest of the window is left to the calling process."""

_PIPE_BYTES = 1 << 20
"""The room asked for in each pipe to and from a worker (Linux allows up to 1 MiB): enough for
the queued blocks of input, or a chunk's results, so that neither side waits to send."""


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


def window(jobs: int) -> int:
    """Return how many items :func:`map_ordered` keeps in flight on ``jobs`` processes.

    It is also a guarantee: item ``i`` is handed to a worker only after the caller has taken
    the result of item ``i - window(jobs)``, so a resource that item ``i`` uses again (a
    buffer, a spool file) is free by then.

    >>> window(2)
    8
    """
    return AHEAD * resolve_jobs(jobs)


def _classify_chunk(clf: Classifier, lines: list[str], transform: Callable[[Result], Any] | None) -> list[Any]:
    results = clf.classify_many(lines)
    return list(results) if transform is None else [transform(result) for result in results]


def map_ordered(
    func: Callable[[Classifier, T], U],
    items: Iterable[T],
    *,
    jobs: int = 1,
    catalogue: Catalogue | None = None,
) -> Generator[U, None, None]:
    """Yield ``func(classifier, item)`` for each of ``items``, computed on ``jobs`` processes, in order.

    The ``jobs`` processes are this one and ``jobs - 1`` workers. Once a worker has
    started, each is kept :data:`QUEUED` items ahead, and the items beyond that are done
    here: this process works too instead of waiting, also while the workers start, and a
    slow worker gets fewer items. ``func`` gets the classifier of the process it runs in
    (compiled there from catalogue data); with ``jobs > 1`` it and the items must be
    picklable (``func`` a module-level function or a :func:`functools.partial` of one).

    At most :func:`window` ``(jobs)`` items are in flight, so memory stays flat. Items are
    read lazily; if reading them fails, the results of the items before are yielded first,
    then the error is raised, and so is an error of ``func``, in its item's turn. Inputs of
    at most ``jobs`` items are done in this process alone, saving the start-up of workers.

    >>> def count(clf, lines):
    ...     return sum(result.is_hr for result in clf.classify_many(lines))
    >>> list(map_ordered(count, [["run payroll", "bake bread"], ["mediate disputes"]]))
    [1, 1]

    Raises:
        ValueError: ``jobs`` is negative.
    """
    jobs = resolve_jobs(jobs)
    iterator = iter(items)
    head = [] if jobs == 1 else list(itertools.islice(iterator, jobs + 1))
    if len(head) <= jobs:
        clf = classifier(catalogue)
        for item in itertools.chain(head, iterator):
            yield func(clf, item)
        return
    yield from _map_shared(func, itertools.chain(head, iterator), jobs, catalogue)


def _map_shared(
    func: Callable[[Classifier, T], U], items: Iterator[T], jobs: int, catalogue: Catalogue | None
) -> Generator[U, None, None]:
    """:func:`map_ordered` on this process and ``jobs - 1`` workers.

    This process runs no threads of its own: it hands items over and takes results back
    between its own items. (A helper thread would need the interpreter lock, and a core, while
    this process and the workers keep every core busy; each hand-over would then wait.)
    """
    payload = None if catalogue is None else dumps(catalogue, "json")
    context = multiprocessing.get_context("spawn")
    limit = window(jobs)
    here: Classifier | None = None  # compiled on first use, while the workers start
    pending: deque[tuple[Future[U], _Worker | None]] = deque()  # in item order, with who does it
    workers = [_Worker(context, payload) for _ in range(jobs - 1)]
    try:
        while True:
            for worker in workers:
                worker.poll()
            while pending and pending[0][0].done():
                yield pending.popleft()[0].result()
            if len(pending) >= limit:
                # (the next item is read when the caller asks for the next result)
                yield _result(*pending.popleft())
                continue
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception:
                # Reading failed: what was read before comes out first, then the error.
                while pending:
                    yield _result(*pending.popleft())
                raise
            idle = [worker for worker in workers if worker.ready and len(worker.futures) < QUEUED]
            if idle:
                worker = min(idle, key=lambda worker: len(worker.futures))
                pending.append((worker.send(func, item), worker))
            else:
                if here is None:
                    here = classifier(catalogue)
                pending.append((_run(func, here, item), None))
        while pending:
            yield _result(*pending.popleft())
        for worker in workers:
            worker.stop()
    finally:  # also when a result is an error, or the caller stopped early: end the workers
        for worker in workers:
            worker.close()


def _result(future: Future[U], worker: _Worker | None) -> U:
    if worker is not None:
        worker.wait(future)
    return future.result()


class _Worker:
    """A worker process, the pipes to and from it, and the futures of its items, in order.

    The worker sends a message when it is ready, then one result for each item, in the
    order of the items; :meth:`poll` and :meth:`wait` take them and finish the futures.
    """

    def __init__(self, context: Any, payload: str | None) -> None:
        items, self._items = context.Pipe(duplex=False)
        self._results, results = context.Pipe(duplex=False)
        _widen(self._items)
        _widen(self._results)
        self.process = context.Process(target=_serve, args=(items, results, payload), daemon=True)
        self.process.start()
        items.close()
        results.close()
        self.ready = False
        self.futures: deque[Future[Any]] = deque()

    def send(self, func: Callable[[Classifier, T], U], item: T) -> Future[U]:
        """Hand ``func(classifier, item)`` to the worker; its future."""
        future: Future[U] = Future()
        try:
            self._items.send((func, item))
        except OSError:  # the pipe is broken: the worker has ended
            raise self._ended() from None
        self.futures.append(future)
        return future

    def poll(self) -> None:
        """Take every message that has arrived, without waiting."""
        while self._results.poll():
            self._take()

    def wait(self, future: Future[Any]) -> None:
        """Take messages until ``future``, one of this worker's, is done."""
        while not future.done():
            self._take()

    def _take(self) -> None:
        try:
            message = self._results.recv()
        except (EOFError, OSError):
            raise self._ended() from None
        if not self.ready:
            self.ready = True  # (the worker's first message says it is ready)
            return
        done, value = message
        future = self.futures.popleft()
        if done:
            future.set_result(value)
        else:
            future.set_exception(value)

    def _ended(self) -> BrokenProcessPool:
        self.process.join(1)
        return BrokenProcessPool(f"a worker process ended abruptly (exit code {self.process.exitcode})")

    def stop(self) -> None:
        """Tell the worker to end once its items are done, and wait for it."""
        with contextlib.suppress(OSError):  # (it has ended already)
            self._items.send(None)
        self.process.join()

    def close(self) -> None:
        """End the worker if it still runs (dropping its queued items), and close the pipes."""
        if self.process.exitcode is None:
            self.process.terminate()
            self.process.join()
        self.process.close()
        self._items.close()
        self._results.close()


def _widen(pipe: Connection) -> None:
    """Let ``pipe`` hold a few items, where the system allows, so that sending one does not wait."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or more than allowed
        pass


def _serve(items: Connection, results: Connection, catalogue_json: str | None) -> None:
    """A worker's life: compile the classifier, then do the items in order until told to stop.

    A thread takes items off the pipe as they come, so that sending one never waits for the
    item before it to be done. Ctrl-C is left to the calling process, which ends the workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cat = None if catalogue_json is None else loads(catalogue_json, "json", source="<parent catalogue>")
    clf = Classifier(cat)
    inbox: SimpleQueue[Any] = SimpleQueue()
    threading.Thread(target=_receive, args=(items, inbox), daemon=True).start()
    results.send(os.getpid())
    while (message := inbox.get()) is not None:
        func, item = message
        try:
            answer = (True, func(clf, item))
        except Exception as error:
            error.add_note(f"(raised in worker process {os.getpid()}:)\n{traceback.format_exc().rstrip()}")
            answer = (False, error)
        try:
            results.send(answer)
        except Exception as error:  # the result or the error cannot be pickled
            results.send((False, RuntimeError(f"a worker could not send back its result: {error!r}")))
    # End without freeing the heap object by object (a tenth of a second or so).
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(0)


def _receive(items: Connection, inbox: SimpleQueue[Any]) -> None:
    """Move items from the pipe to ``inbox`` until ``None`` (or the pipe closes)."""
    try:
        while (message := items.recv()) is not None:
            inbox.put(message)
    except (EOFError, OSError):
        pass
    inbox.put(None)


def _run(func: Callable[[Classifier, T], U], clf: Classifier, item: T) -> Future[U]:
    """Do ``func(clf, item)`` in this process; its result or error as a finished future."""
    future: Future[U] = Future()
    try:
        future.set_result(func(clf, item))
    except Exception as error:
        future.set_exception(error)
    return future


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
        jobs: Processes, this one and ``jobs - 1`` workers; ``1`` classifies here alone, ``0``
            uses every core.
        catalogue: A custom catalogue (default: the built-in one).
        chunk_size: Lines classified at a time, here or in a worker.
        transform: Applied to each result where it is classified (it must be picklable, e.g. a
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
    chunks = _chunks(itertools.chain(head, iterator), chunk_size)
    work = partial(_classify_chunk, transform=transform)
    for results in map_ordered(work, chunks, jobs=jobs, catalogue=catalogue):
        yield from results


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk
