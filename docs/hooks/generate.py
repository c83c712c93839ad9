"""mkdocs hook: generate pages from the shipped data, the parser and the examples.

Generated at build time, so the site never drifts from the code:

* ``catalogue/index.md`` and ``catalogue/<area>.md``: the catalogue browser, one page per
  area with an anchor per activity (``catalogue/total_rewards.md#payroll_processing``);
* ``cli.md``: the help of ``peopleops`` and of every subcommand, from ``get_parser()``;
* ``examples/index.md`` and ``examples/<name>.md``: every ``examples/*.py`` run cell by cell
  by ``docs/hooks/notebook.py`` in a subprocess, shown with its output and figures.

The pages are added to the build as generated files (nothing is written to ``docs/``) and to
the nav in ``on_config``. Uses only mkdocs itself: no extra plugins.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
EXAMPLES = ROOT / "examples"
NOTEBOOK = Path(__file__).resolve().parent / "notebook.py"

if str(SRC) not in sys.path:  # document the tree being built, not an installed copy
    sys.path.insert(0, str(SRC))

_NOQA = re.compile(r"[ \t]+# noqa\b.*$", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md(text: str) -> str:
    """Escape ``text`` for use as literal Markdown inline text (tables included)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


# -- docstrings for the API reference (used by griffe_doctests.py) -------------------------

_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`~?([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    name = target.rsplit(".", 1)[-1] if match.group(0).count("`~") else target
    return f"`{name}`"


def fence_doctests(text: str) -> str:
    r"""Fence every ``>>>`` block of ``text`` and turn Sphinx roles into code spans.

    >>> fence_doctests("Intro.\n\n>>> 1 + 1\n2\n\nSee :func:`~a.b`.").splitlines()
    ['Intro.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'See `b`.']
    """
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    fenced = False
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out.append(line if fenced else _ROLE.sub(_role, line))
        i += 1
    return "\n".join(out)



# -- the catalogue browser ------------------------------------------------------------------


def _bar(signed: float) -> str:
    """A small text gauge of a signed strength: ``HR ◀━━━━┃····▶``."""
    steps = int(abs(signed) * 5 + 0.5)
    left = ("━" * steps).rjust(5, "·") if signed < 0 else "·" * 5
    right = ("━" * steps).ljust(5, "·") if signed > 0 else "·" * 5
    return f"`{left}┃{right}`"


def _activity_link(cat: Any, ident: str, here: str | None = None) -> str:
    activity = cat.get(ident)
    if activity is None:
        return f"`{md(ident)}`"
    page = "" if activity.area == here else f"{activity.area}.md"
    return f"[{md(activity.name)}]({page}#{activity.id})"


def catalogue_pages(cat: Any) -> dict[str, str]:
    """Return the browser pages of ``cat`` by path under ``catalogue/``."""
    from peopleops import __version__, frameworks
    from peopleops.model import Approach, Axis

    pages: dict[str, str] = {}
    by_area = cat.by_area()
    lines = [
        "# The catalogue",
        "",
        f"The built-in catalogue (*{md(cat.name)}*, peopleops {md(__version__)}) holds "
        f"**{len(cat)} activities** in **{len(cat.areas)} areas** and "
        f"**{len(cat.stages)} lifecycle stages**. These pages are generated from "
        "`src/peopleops/data/catalogue.toml` each time the docs are built.",
        "",
        "## Areas",
        "",
        "| Area | Activities | HR | People Ops | What it covers |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for area in cat.areas:
        members = by_area[area.id]
        people_ops = sum(a.approach.pole is Approach.PEOPLE_OPS for a in members)
        lines.append(
            f"| [{md(area.name)}]({area.id}.md) | {len(members)} | {len(members) - people_ops} "
            f"| {people_ops} | {md(area.description)} |"
        )
    lines += ["", "## Lifecycle stages", "", "| Stage | Followed by | Activities | What happens |"]
    lines.append("| --- | --- | ---: | --- |")
    for stage in cat.stages:
        count = len(cat.select(stage=stage.id))
        after = ", ".join(f"`{s}`" for s in stage.precedes) or "—"
        name = f"{md(stage.name)} (`{stage.id}`)"
        lines.append(f"| {name} | {after} | {count} | {md(stage.description)} |")
    lines += ["", "## Every activity", ""]
    header = " | ".join(axis.value for axis in Axis)
    lines += [f"| Activity | Area | {header} |", "| --- | --- |" + " --- |" * len(Axis)]
    for activity in cat:
        poles = " | ".join(activity.position(axis).pole.value for axis in Axis)
        lines.append(
            f"| {_activity_link(cat, activity.id)} | {md(cat.area(activity.area).name)} | {poles} |"
        )
    if cat.cues:
        lines += [
            "",
            "## Cue phrases",
            "",
            "Words in a task line that decide an axis by themselves, whatever activity matched.",
            "",
            "| Cue | Phrases |",
            "| --- | --- |",
        ]
        for key, phrases in cat.cues:
            lines.append(f"| `{key}` | {'; '.join(md(p) for p in phrases)} |")
    pages["index.md"] = "\n".join(lines) + "\n"

    elements = frameworks.elements()
    for area in cat.areas:
        members = by_area[area.id]
        lines = [f"# {md(area.name)}", "", md(area.description), ""]
        lines.append(f"Area id `{area.id}`; {len(members)} activities.")
        if members:
            lines += ["", "| Activity | Orientation | Focus | Approach |"]
            lines += ["| --- | --- | --- | --- |"]
            for activity in members:
                lines.append(
                    f"| [{md(activity.name)}](#{activity.id}) | {activity.orientation.pole} "
                    f"| {activity.focus.pole} | {activity.approach.pole} |"
                )
        for activity in members:
            lines += ["", f"## {md(activity.name)} {{#{activity.id}}}", ""]
            lines += [f"`{activity.id}`", "", md(activity.description), ""]
            lines += ["| Axis | Pole | Strength | |", "| --- | --- | ---: | --- |"]
            for position in activity.positions:
                lines.append(
                    f"| {position.axis.value} | **{position.pole.value}** "
                    f"| {position.strength:.2f} | {_bar(position.signed)} |"
                )
            stages = ", ".join(f"{md(cat.stage(s).name)} (`{s}`)" for s in activity.stages)
            lines += ["", f"- **Stages:** {stages}"]
            lines.append(f"- **Legal emphasis:** {'yes' if activity.legal_emphasis else 'no'}")
            if activity.counterparts:
                links = ", ".join(_activity_link(cat, c, area.id) for c in activity.counterparts)
                lines.append(f"- **Proactive alternatives:** {links}")
            if activity.prevents:
                links = ", ".join(_activity_link(cat, p, area.id) for p in activity.prevents)
                lines.append(f"- **Makes rarer:** {links}")
            if activity.references:
                lines.append("- **Framework references:**")
                for reference in activity.references:
                    element = elements.get(reference)
                    title = f" — {md(element.title)}" if element else ""
                    lines.append(f"    - `{reference}`{title}")
            if activity.phrases:
                written = "; ".join(f"*{md(p)}*" for p in activity.phrases)
                lines.append(f"- **Written as:** {written}")
        pages[f"{area.id}.md"] = "\n".join(lines) + "\n"
    return pages


# -- the CLI reference ----------------------------------------------------------------------


def _subparsers(parser: Any) -> Iterable[tuple[str, Any]]:
    import argparse

    for action in parser._actions:  # argparse has no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def cli_page() -> str:
    """Return the CLI reference: the help of ``peopleops`` and of every subcommand."""
    from peopleops.cli import get_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "92"  # argparse wraps to the terminal; make the page stable
    try:
        parser = get_parser()
        lines = [
            "# CLI reference",
            "",
            "Generated from `peopleops.cli.get_parser()` when the docs are built. Exit codes: "
            "0 ok, 1 failure (for example an output file cannot be written), 2 usage or input "
            "error. `python -m peopleops` is the same command.",
            "",
            "```text",
            parser.format_help().rstrip(),
            "```",
        ]
        for name, sub in _subparsers(parser):
            lines += ["", f"## `peopleops {name}`", ""]
            lines += ["```text", sub.format_help().rstrip(), "```"]
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return "\n".join(lines) + "\n"


# -- the examples ---------------------------------------------------------------------------


def example_scripts() -> list[Path]:
    """Every runnable example, in name order."""
    return sorted(EXAMPLES.glob("*.py"))


def _summary(script: Path) -> str:
    import ast

    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    return doc.strip().splitlines()[0]


def run_example(script: Path, outdir: Path) -> list[dict[str, Any]]:
    """Run ``script`` through the notebook runner; raise with its stderr when it fails."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": os.pathsep.join([str(SRC), *_path()])}
    done = subprocess.run(
        [sys.executable, str(NOTEBOOK), str(script), str(outdir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        msg = f"example {script.name} failed:\n{done.stderr}"
        raise RuntimeError(msg)
    cells: list[dict[str, Any]] = json.loads((outdir / "cells.json").read_text(encoding="utf-8"))
    return cells


def _path() -> list[str]:
    current = os.environ.get("PYTHONPATH")
    return current.split(os.pathsep) if current else []


def example_page(script: Path, cells: list[dict[str, Any]]) -> str:
    """Render one executed example as Markdown: prose, code, output, figures."""
    rel = script.relative_to(ROOT).as_posix()
    lines = [f"# {md(_summary(script))}", ""]
    lines += [
        f"Run it yourself: `python {rel}`. The output below was produced when these docs "
        "were built.",
        "",
    ]
    for cell in cells:
        if cell["title"]:
            lines += [f"## {md(cell['title'])}", ""]
        if cell["prose"]:
            prose = cell["prose"]
            if cell is cells[0]:  # the module docstring: its first line is the page title
                prose = "\n".join(prose.splitlines()[1:]).strip()
            if prose:
                lines += [prose, ""]
        if cell["code"]:
            code = _NOQA.sub("", cell["code"])  # linter pragmas are noise in the docs
            lines += ["```python", code, "```", ""]
        if cell["stdout"]:
            lines += ["```text", cell["stdout"].rstrip("\n"), "```", ""]
        shown: Mapping[str, str] | None = cell["shown"]
        if shown and "image" in shown:
            lines += [f"![{md(cell['title'] or 'figure')}]({shown['image']})", ""]
        elif shown and "html" in shown:
            lines += ['<div class="peopleops-repr" markdown="0">', shown["html"], "</div>", ""]
        elif shown and "text" in shown:
            lines += ["```text", shown["text"], "```", ""]
    return "\n".join(lines)


def example_pages(workdir: Path) -> dict[str, str | bytes]:
    """Run every example; return its page, figures and the index by path under ``examples/``."""
    pages: dict[str, str | bytes] = {}
    lines = [
        "# Examples",
        "",
        "Runnable scripts under `examples/`, written as notebooks (`# %%` cells: open one in "
        "Jupyter or VS Code, or run it with `python`). The test suite runs every one, and "
        "these pages show what each printed and drew when the docs were built.",
        "",
    ]
    for script in example_scripts():
        outdir = workdir / script.stem
        cells = run_example(script, outdir)
        pages[f"{script.stem}.md"] = example_page(script, cells)
        for png in sorted(outdir.glob("*.png")):
            pages[png.name] = png.read_bytes()
        lines.append(f"- [{md(_summary(script))}]({script.stem}.md) — `examples/{script.name}`")
    pages["index.md"] = "\n".join(lines) + "\n"
    return pages


# -- mkdocs events --------------------------------------------------------------------------


def _generated() -> dict[str, str | bytes]:
    from peopleops import catalogue

    pages: dict[str, str | bytes] = {}
    pages.update({f"catalogue/{k}": v for k, v in catalogue_pages(catalogue()).items()})
    pages["cli.md"] = cli_page()
    with tempfile.TemporaryDirectory(prefix="peopleops-docs-") as tmp:
        pages.update({f"examples/{k}": v for k, v in example_pages(Path(tmp)).items()})
    return pages


def _nav_section(nav: list[Any], title: str, entries: list[Any]) -> None:
    for i, item in enumerate(nav):
        if isinstance(item, dict) and title in item:
            nav[i] = {title: entries}


def on_config(config: Any) -> Any:
    """List the generated catalogue and example pages in the nav."""
    from peopleops import catalogue

    cat = catalogue()
    areas = [{area.name: f"catalogue/{area.id}.md"} for area in cat.areas]
    _nav_section(config["nav"], "Catalogue", ["catalogue/index.md", *areas])
    examples = [{_summary(s): f"examples/{s.stem}.md"} for s in example_scripts()]
    _nav_section(config["nav"], "Examples", ["examples/index.md", *examples])
    if (Path(config["docs_dir"]) / "custom-catalogues.md").exists():
        entry = {"Custom catalogues": "custom-catalogues.md"}
        _insert_after(config["nav"], "Browsing the catalogue", entry)
    return config


def _insert_after(nav: list[Any], title: str, entry: dict[str, str]) -> None:
    if any(isinstance(item, dict) and set(item) == set(entry) for item in nav):
        return
    for i, item in enumerate(nav):
        if isinstance(item, dict) and title in item:
            nav.insert(i + 1, entry)
            return


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages and figures to the build."""
    from mkdocs.structure.files import File

    for path, content in _generated().items():
        files.append(File.generated(config, path, content=content))
    return files

