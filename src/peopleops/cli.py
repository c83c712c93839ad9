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
import csv
import functools
import io
import json
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from peopleops import __version__
from peopleops.catalogue import FORMATS, Catalogue, catalogue, dumps, load_catalogue
from peopleops.errors import PeopleopsError
from peopleops.inputs import safe_cell
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


def get_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every ``peopleops`` command."""
    parser = argparse.ArgumentParser(
        prog="peopleops",
        description="Browse the HR / People Operations taxonomy and classify task lists.",
    )
    parser.add_argument("--version", action="version", version=f"peopleops {__version__}")
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
        help="classify on N worker processes, keeping input order (0: one per core; default: 1)",
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


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"expected 0 (one per core) or a positive number, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _classified(args: argparse.Namespace, texts: Iterator[str], cat: Any, transform: Any = None) -> Iterator[Any]:
    """Results (or ``transform`` of them) for ``texts``, on ``--jobs`` processes, in order."""
    if args.semantic:
        if args.jobs != 1:
            raise PeopleopsError("--semantic runs in one process: it cannot be combined with --jobs")
        from peopleops.semantic import SemanticClassifier

        results = SemanticClassifier(cat).classify_many(texts)
        return results if transform is None else map(transform, results)
    from peopleops.parallel import classify_parallel

    return classify_parallel(texts, jobs=args.jobs, catalogue=cat, transform=transform)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a positive whole number, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


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


class _TaskStream:
    """Reads the tasks of ``args``, reports skips and warnings on stderr, and counts rows.

    :meth:`texts` yields task texts for ``classify_many``; with ``keep=True`` the tasks
    themselves queue in :attr:`pending` so that each result can be paired with its source
    and line (results come back in input order, so a FIFO is enough, and it holds only what
    the classifier has read ahead).
    """

    def __init__(self, args: argparse.Namespace, *, keep: bool) -> None:
        self.args = args
        self.keep = keep
        self.pending: deque[Any] = deque()
        self.rows = 0
        self.tasks = 0
        self.skipped: Counter[str] = Counter()
        self.truncated = 0
        self.replaced = 0
        self.nul = 0
        self.progress = _Progress(self._total_bytes()) if self._wants_progress() else None
        from peopleops.inputs import read_tasks

        # Called now, not on first use: a missing file or an unknown encoding fails before any
        # output is written (or an --output file is created).
        self.items = read_tasks(
            args.files,
            format=args.input_format,
            column=args.column,
            encoding=args.encoding,
            errors="strict" if args.strict else "replace",
            max_chars=args.max_chars,
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

    def _warn(self, source: str, line: int, message: str) -> None:
        where = f"line {line}" if source == "<stdin>" else f"{source}, line {line}"
        if self.progress is not None and self.progress.shown:
            sys.stderr.write("\r\x1b[K")  # the progress line is redrawn on its next update
        sys.stderr.write(f"peopleops {self.args.command}: {where}: {message}\n")

    def texts(self) -> Iterator[str]:
        from peopleops.inputs import Skip

        append = self.pending.append if self.keep else None
        progress = self.progress
        rows = tasks = chars = 0
        try:
            for item in self.items:
                rows += 1
                if isinstance(item, Skip):
                    self._skip(item)
                    continue
                if item.truncated or item.replaced or item.nul:
                    self._warn_task(item)
                tasks += 1
                if append is not None:
                    append(item)
                if progress is not None:
                    chars += len(item.text) + 1
                    if not tasks & 1023:
                        progress.update(rows, chars)
                yield item.text
        finally:
            self.rows += rows
            self.tasks += tasks
            if progress is not None:
                progress.close()

    def _skip(self, item: Any) -> None:
        self.skipped[item.reason.partition(":")[0]] += 1
        self._warn(item.source, item.line, f"skipped: {item.reason}")

    def _warn_task(self, item: Any) -> None:
        """Count and report what was changed in a task: truncation, replaced bytes or NULs."""
        args = self.args
        if item.truncated:
            self.truncated += 1
            self._warn(item.source, item.line, f"task truncated to {args.max_chars} characters")
        if item.replaced:
            self.replaced += 1
            message = f"{item.replaced} undecodable byte(s) replaced"
            self._warn(item.source, item.line, f"{message} (is it {args.encoding}?)")
        if item.nul:
            self.nul += 1
            self._warn(item.source, item.line, f"{item.nul} NUL character(s) replaced")

    @property
    def problems(self) -> int:
        """Rows that ``--strict`` refuses: skipped, truncated, or with bytes or NULs replaced."""
        return sum(self.skipped.values()) + self.truncated + self.replaced + self.nul

    def summary(self, done: str) -> None:
        """Write the one-line account of every row read to stderr."""
        skipped = sum(self.skipped.values())
        text = f"peopleops {self.args.command}: {self.rows} rows read, {self.tasks} {done}"
        text += f", {skipped} skipped"
        if skipped:
            reasons = sorted(self.skipped.items())
            text += " (" + ", ".join(f"{reason}: {n}" for reason, n in reasons) + ")"
        if self.truncated:
            text += f", {self.truncated} truncated"
        if self.replaced:
            text += f", {self.replaced} with undecodable bytes replaced"
        if self.nul:
            text += f", {self.nul} with NUL characters replaced"
        if self.args.strict and self.problems:
            text += "; --strict: failing"
        sys.stderr.write(text + "\n")

    def exit_code(self) -> int:
        return EXIT_USAGE if self.args.strict and self.problems else EXIT_OK


_CSV_COLUMNS = (
    "line", "text", "activity", "area", *(axis.value for axis in Axis), "confidence", "evidence",
)
_TABLE_POLES = (Axis.ORIENTATION, Axis.FOCUS, Axis.APPROACH)


def _cmd_classify(args: argparse.Namespace) -> int:
    cat = _load(args) if args.catalogue else None  # None: the shared built-in classifier
    stream = _TaskStream(args, keep=True)
    with_source = len(args.files) > 1
    pending = stream.pending
    with _output(args) as out:
        write = out.write
        if args.format in ("json", "jsonl"):
            # Records are rendered where they are classified (in the workers with --jobs).
            tails = _classified(args, stream.texts(), cat, transform=_json_tail)
            _write_json(args, tails, pending, write, with_source=with_source)
            stream.summary("classified")
            return stream.exit_code()
        results = _classified(args, stream.texts(), cat)
        if args.format == "csv":
            from peopleops.inputs import safe_cell

            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(("source", *_CSV_COLUMNS) if with_source else _CSV_COLUMNS)
            for result in results:
                task = pending.popleft()
                row = [
                    task.line,
                    safe_cell(task.text),
                    result.activity or "",
                    result.area or "",
                    *(_pole_text(result, axis, "") for axis in Axis),
                    f"{result.confidence:.3f}",
                    safe_cell("; ".join(e.phrase for e in result.evidence)),
                ]
                writer.writerow([safe_cell(task.source), *row] if with_source else row)
        else:
            widths = {"where": 6, "activity": 30, "area": 20, "pole": 13}
            if with_source:
                widths["where"] = max(len("<stdin>"), *(len(name) for name in args.files)) + 7
            header = (
                f"{'line':<{widths['where']}} {'activity':<{widths['activity']}} "
                f"{'area':<{widths['area']}} "
                + " ".join(f"{axis.value:<{widths['pole']}}" for axis in _TABLE_POLES)
                + " conf  text"
            )
            write(header + "\n" + "-" * len(header) + "\n")
            for result in results:
                task = pending.popleft()
                where = f"{task.source}:{task.line}" if with_source else str(task.line)
                poles = " ".join(
                    f"{_pole_text(result, axis, '-'):<{widths['pole']}}" for axis in _TABLE_POLES
                )
                write(
                    f"{where:<{widths['where']}} {result.activity or '-':<{widths['activity']}} "
                    f"{result.area or '-':<{widths['area']}} {poles} {result.confidence:.2f}  "
                    f"{_printable(task.text)}\n"
                )
    stream.summary("classified")
    return stream.exit_code()


def _write_json(
    args: argparse.Namespace,
    tails: Iterator[str],
    pending: deque[Any],
    write: Callable[[str], object],
    *,
    with_source: bool,
) -> None:
    """Write JSON Lines, or one JSON array with a record per line, streaming.

    ``tails`` are the rendered records without their opening brace (see :func:`_json_tail`);
    the input's ``line`` (and ``source``) go in front. Records are written in small
    batches, or one by one when the tasks come from an interactive terminal.
    """
    jsonl = args.format == "jsonl"
    interactive = "-" in args.files and sys.stdin is not None and sys.stdin.isatty()
    batch = 1 if interactive else 256
    parts: list[str] = []
    end = "\n" if jsonl else ""
    separator = "" if jsonl else "\n"
    if not jsonl:
        write("[")
    for tail in tails:
        task = pending.popleft()
        head = f'{{"source": {json.dumps(task.source)}, ' if with_source else "{"
        parts.append(f'{separator}{head}"line": {task.line}, {tail}{end}')
        if not jsonl:
            separator = ",\n"
        if len(parts) >= batch:
            write("".join(parts))
            parts.clear()
    write("".join(parts))
    if not jsonl:
        write("\n]\n" if separator else "]\n")


@functools.lru_cache(maxsize=_RECORD_CACHE_LIMIT)
def _json_tail(result: Any) -> str:
    """Return the JSON record of a result without its opening brace.

    Memoised: repeated lines share their result object, so each is rendered once.
    """
    return _json_text(_record(result))[1:]


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
    stream = _TaskStream(args, keep=False)
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


def _radius(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"expected a whole number >= 0, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


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
