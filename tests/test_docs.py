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


def test_examples_pages_show_code_output_and_figures(tmp_path: Path) -> None:
    """Each example gets a page with its code and output, its figures and an index entry."""
    pages = generate.example_pages(tmp_path)
    for script in generate.example_scripts():
        page = pages[f"{script.stem}.md"]
        assert isinstance(page, str)
        assert "```python" in page
        assert "```text" in page
        assert f"({script.stem}.md)" in str(pages["index.md"])
    figures = [name for name in pages if name.endswith(".png")]
    assert figures
    for name in figures:
        assert any(f"]({name})" in str(text) for text in pages.values())
