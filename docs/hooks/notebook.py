"""Run a ``# %%`` script cell by cell, the way a notebook would, and record what each shows.

Usage: ``python docs/hooks/notebook.py SCRIPT OUTDIR``

Each cell starts at a line beginning with ``# %%``; text after the marker is the cell's title
and the comment lines right below it are its prose. The cell's code runs in one shared
namespace; what it prints is captured, and when its last statement is an expression the value
is shown as a notebook would: a matplotlib figure is saved as a PNG, an object with
``_repr_html_`` is shown as HTML, anything else by its ``repr``. ``OUTDIR/cells.json``
receives the cells; the PNGs are written next to it. Exits 1 (with the traceback on stderr)
when a cell raises, so a broken example breaks the docs build.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import sys
import traceback
from pathlib import Path
from typing import Any

MARKER = "# %%"


def split_cells(source: str) -> list[dict[str, str]]:
    """Split a script into cells: ``title``, ``prose`` and ``code`` of each.

    The part before the first marker (imports, the module docstring) is a cell too.
    """
    cells: list[dict[str, str]] = []
    title, lines = "", list[str]()
    for line in source.splitlines():
        if line.startswith(MARKER):
            cells.append(_cell(title, lines))
            title, lines = line[len(MARKER) :].strip(), []
        else:
            lines.append(line)
    cells.append(_cell(title, lines))
    cells[0] = _docstring_out(cells[0])
    return [cell for cell in cells if cell["code"] or cell["prose"] or cell["title"]]


def _cell(title: str, lines: list[str]) -> dict[str, str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    end = 0
    while end < len(lines) and lines[end].startswith("#"):
        end += 1
    prose = "\n".join(line[1:].removeprefix(" ") for line in lines[:end])
    return {"title": title, "prose": prose.strip(), "code": "\n".join(lines[end:]).strip()}


def _docstring_out(cell: dict[str, str]) -> dict[str, str]:
    """Move a module docstring at the top of ``cell`` from its code to its prose."""
    tree = ast.parse(cell["code"])
    doc = ast.get_docstring(tree)
    if doc is None:
        return cell
    end = tree.body[0].end_lineno or 0
    code = "\n".join(cell["code"].splitlines()[end:]).strip()
    return {**cell, "prose": "\n\n".join(p for p in (cell["prose"], doc) if p), "code": code}


def _show(value: Any, stem: str, outdir: Path) -> dict[str, str] | None:
    if value is None:
        return None
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is part of the docs extra
        Figure = ()  # type: ignore[assignment,misc]  # nothing is a figure then  # noqa: N806
    if isinstance(value, Figure):
        name = f"{stem}.png"
        value.savefig(outdir / name, dpi=100, metadata={"Software": None})
        return {"image": name}
    to_html = getattr(value, "_repr_html_", None)
    if callable(to_html):
        return {"html": str(to_html())}
    return {"text": repr(value)}


def run(script: Path, outdir: Path) -> list[dict[str, Any]]:
    """Run ``script`` cell by cell; return the cells with their ``stdout`` and ``shown`` value."""
    outdir.mkdir(parents=True, exist_ok=True)
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(script)}
    results: list[dict[str, Any]] = []
    for number, cell in enumerate(split_cells(script.read_text(encoding="utf-8"))):
        tree = ast.parse(cell["code"], filename=str(script))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        assert last is None or isinstance(last, ast.Expr)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(tree, str(script), "exec"), namespace)
            value = None
            if last is not None:
                expression = ast.Expression(last.value)
                value = eval(compile(expression, str(script), "eval"), namespace)
        shown = _show(value, f"{script.stem}-{number}", outdir)
        results.append({**cell, "stdout": buffer.getvalue(), "shown": shown})
    return results


def main(argv: list[str]) -> int:
    """Run ``argv[0]`` into the directory ``argv[1]``; return the exit code."""
    script, outdir = Path(argv[0]), Path(argv[1])
    sys.path.insert(0, str(script.parent))
    try:
        cells = run(script, outdir)
    except Exception:
        traceback.print_exc()
        return 1
    (outdir / "cells.json").write_text(json.dumps(cells, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
