"""The docs: pages run as doctests, and the build hook generates complete, linked pages."""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peopleops import catalogue, frameworks
from peopleops.cli import get_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str) -> ModuleType:
    path = DOCS / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"docs_hooks_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
notebook = _load("notebook")

NARRATIVE = sorted(p for p in DOCS.glob("*.md") if ">>>" in p.read_text(encoding="utf-8"))


def test_narrative_pages_have_examples() -> None:
    """The concept and browsing pages carry runnable examples (the doctests are not vacuous)."""
    assert {p.name for p in NARRATIVE} >= {"index.md", "concepts.md", "browsing.md"}


@pytest.mark.parametrize("page", NARRATIVE, ids=[p.name for p in NARRATIVE])
def test_narrative_examples_run(page: Path) -> None:
    """Every ``>>>`` example in a narrative page gives the output the page shows."""
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def _anchors(pages: dict[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, text in pages.items():
        found[name] = set(re.findall(r"\{#([a-z0-9_]+)\}", text))
    return found


def test_catalogue_pages_one_per_area_and_an_anchor_per_activity() -> None:
    """The browser has an index and a page per area; each activity has an anchor on its area."""
    cat = catalogue()
    pages = generate.catalogue_pages(cat)
    assert set(pages) == {"index.md", *(f"{area.id}.md" for area in cat.areas)}
    anchors = _anchors(pages)
    for activity in cat:
        assert activity.id in anchors[f"{activity.area}.md"]
        assert sum(activity.id in found for found in anchors.values()) == 1


def test_catalogue_pages_links_resolve() -> None:
    """Every link between catalogue pages points at a page and an anchor that exist."""
    pages = generate.catalogue_pages(catalogue())
    anchors = _anchors(pages)
    links = 0
    for name, text in pages.items():
        for target, anchor in re.findall(r"\]\(([a-z_]*\.md)?#([a-z0-9_]+)\)", text):
            assert anchor in anchors[target or name], (name, target, anchor)
            links += 1
    assert links >= len(catalogue())


def test_catalogue_pages_show_poles_strengths_and_reference_titles() -> None:
    """An activity's section lists every pole with its strength and its references' titles."""
    cat = catalogue()
    mediation = cat["dispute_mediation"]
    page = generate.catalogue_pages(cat)[f"{mediation.area}.md"]
    section = page.split("{#dispute_mediation}", 1)[1].split("\n## ", 1)[0]
    for position in mediation.positions:
        assert f"| {position.axis} | **{position.pole}** | {position.strength:.2f} |" in section
    for reference in mediation.references:
        assert f"`{reference}` — {generate.md(frameworks.lookup(reference).title)}" in section
    assert "(#conflict_resolution_workshops)" in section


def test_cli_page_has_every_subcommand() -> None:
    """The CLI reference shows the main help and a section with each subcommand's usage."""
    page = generate.cli_page()
    assert "usage: peopleops [-h]" in page
    names = list(generate._subparsers(get_parser()))
    assert names
    for name, _ in names:
        assert f"## `peopleops {name}`" in page
        assert f"usage: peopleops {name}" in page


@given(st.text(max_size=60))
def test_md_escapes_table_and_markup_characters(text: str) -> None:
    """Escaped text has no bare pipe, bracket, angle bracket, star or backtick."""
    escaped = generate.md(text)
    assert not re.search(r"(?<!\\)[|\[\]<>*`]", escaped.replace("\\\\", ""))


def test_fence_doctests_fences_blocks_and_plain_roles() -> None:
    """Doctest blocks become pycon fences; Sphinx roles become code spans; fences are kept."""
    text = "Intro :class:`~peopleops.model.Axis`.\n\n    >>> 1\n    1\n\n```\n>>> x\n```"
    assert generate.fence_doctests(text).splitlines() == [
        "Intro `Axis`.", "", "    ```pycon", "    >>> 1", "    1", "    ```", "",
        "```", ">>> x", "```",
    ]


def test_notebook_splits_cells_with_titles_and_prose() -> None:
    """A ``# %%`` script splits into cells; the docstring and leading comments become prose."""
    cells = notebook.split_cells('"""Doc."""\nimport os\n# %% First\n# Says hi.\nx = 1\nx\n')
    assert cells == [
        {"title": "", "prose": "Doc.", "code": "import os"},
        {"title": "First", "prose": "Says hi.", "code": "x = 1\nx"},
    ]


def test_notebook_markdown_cells_are_prose() -> None:
    """A jupytext ``# %% [markdown]`` cell becomes prose without a title."""
    cells = notebook.split_cells("x = 1\n# %% [markdown]\n# Some *words*.\n# %% Next\ny = 2\n")
    assert cells[1] == {"title": "", "prose": "Some *words*.", "code": ""}
    assert cells[2]["title"] == "Next"


def test_notebook_shows_last_values_like_a_notebook(tmp_path: Path) -> None:
    """A cell's printed output is captured; its last value is shown as image, HTML or text."""
    script = tmp_path / "demo.py"
    script.write_text(
        "from matplotlib.figure import Figure\nfrom peopleops import catalogue\n"
        "# %% a\nprint('hello')\n41 + 1\n"
        "# %% b\ncatalogue()['payroll_processing']\n"
        "# %% c\nfig = Figure()\n_ = fig.add_subplot().plot([1, 2])\nfig\n",
        encoding="utf-8",
    )
    cells = notebook.run(script, tmp_path / "out")
    assert cells[1]["stdout"] == "hello\n"
    assert cells[1]["shown"] == {"text": "42"}
    assert "payroll_processing" in cells[2]["shown"]["html"]
    image = tmp_path / "out" / cells[3]["shown"]["image"]
    assert image.read_bytes().startswith(b"\x89PNG")


def test_failing_example_fails_the_build(tmp_path: Path) -> None:
    """An example that raises makes the hook raise with the example's traceback."""
    script = tmp_path / "broken.py"
    script.write_text("# %% boom\nraise ValueError('no good')\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no good"):
        generate.run_example(script, tmp_path / "out")


def test_example_page_shows_code_output_and_figures(tmp_path: Path) -> None:
    """An example's page has its prose, code, printed output and figures, all linked."""
    script = ROOT / "examples" / "explore_catalogue.py"
    cells = generate.run_example(script, tmp_path)
    page = generate.example_page(script, cells)
    assert page.startswith("# Explore the built-in catalogue")
    assert "## The quadrant map" in page
    assert "```python\ncat = catalogue()" in page
    assert f"```text\n{len(catalogue())} activities in" in page
    assert '<table class="peopleops-activity">' in page
    assert "# noqa" not in page
    figures = sorted(p.name for p in tmp_path.glob("*.png"))
    assert figures
    for name in figures:
        assert f"]({name})" in page


def test_examples_index_lists_every_example() -> None:
    """The examples index links every script under examples/ by its summary line."""
    scripts = generate.example_scripts()
    assert scripts == sorted((ROOT / "examples").glob("*.py"))
    index = generate.examples_index(scripts)
    for script in scripts:
        assert f"]({script.stem}.md) — `examples/{script.name}`" in index
    assert "- [Explore the built-in catalogue" in index


def test_rst_tables_become_markdown_tables() -> None:
    """Simple reST tables in docstrings reach the API reference as Markdown tables."""
    doc = (
        "Nodes:\n\n"
        "========  ============  =====\n"
        "kind      node id       other\n"
        "========  ============  =====\n"
        "``area``  ``area:x``    ``name``,\n"
        "                        ``description``\n"
        "stage     stage:plan    a|b overrunning\n"
        "========  ============  =====\n\n"
        "After."
    )
    lines = generate.fence_doctests(doc).splitlines()
    assert lines[3:8] == [
        "| kind | node id | other |",
        "| --- | --- | --- |",
        "| ``area`` | ``area:x`` | ``name``, ``description`` |",
        "| stage | stage:plan | a\\|b overrunning |",
        "",
    ]
    assert lines[-1] == "After."



def test_catalogue_pages_show_figures_that_are_generated() -> None:
    """Every picture a browser page shows is generated, as a PNG, and nothing else is."""
    cat = catalogue()
    pages = generate.catalogue_pages(cat)
    shown = {name for text in pages.values() for name in re.findall(r"\]\(([a-z_]+\.png)\)", text)}
    figures = generate.catalogue_figures(cat)
    assert shown == set(figures)
    assert "map.png" in shown
    assert all(data.startswith(b"\x89PNG") for data in figures.values())
