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
import io
import json
import sys
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


def _json_default(value: Any) -> Any:  # pragma: no cover - helper for future commands
    return str(value)
