"""peopleops.plot: the quadrant map, rendered with Agg and checked by content."""

from __future__ import annotations

import itertools
import random

import attrs
import pytest
from hypothesis import given, settings
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from peopleops import catalogue
from peopleops.catalogue import Catalogue
from peopleops.model import Activity, Approach, Focus, Orientation, Position
from peopleops.plot import APPROACH_COLOURS, QUADRANTS, quadrant_map
from strategies import catalogues

_WORDS = [
    "payroll", "plan", "hire", "train", "coach", "audit", "review", "survey", "record",
    "budget", "benefit", "leave", "policy", "grievance", "culture", "safety", "mentor",
    "interview", "offer", "exit", "retire", "vendor", "report", "design",
]


def crowd(n: int = 100, seed: int = 7) -> list[Activity]:
    """``n`` activities with made-up names spread over all four quadrants."""
    rnd = random.Random(seed)
    base = catalogue()["payroll_processing"]
    crowded = []
    for i in range(n):
        orientation = Position(rnd.choice(list(Orientation)), rnd.choice([0.1, 0.3, 0.7, 0.9]))
        focus = Position(rnd.choice(list(Focus)), rnd.choice([0.3, 0.5, 0.7, 0.9, 0.95]))
        approach = Approach.PEOPLE_OPS if orientation.signed + focus.signed > 0 else Approach.HR
        name = " ".join(rnd.sample(_WORDS, rnd.choice([2, 3, 4]))).capitalize()
        crowded.append(
            attrs.evolve(
                base, id=f"activity_{i}", name=name, orientation=orientation, focus=focus,
                approach=Position(approach, 0.7), counterparts=(), prevents=(),
            )
        )
    return crowded


def _points(fig: Figure) -> list[tuple[float, float]]:
    return [tuple(xy) for c in fig.axes[0].collections for xy in c.get_offsets()]


def _labels(fig: Figure) -> list[Annotation]:
    return [t for t in fig.axes[0].texts if isinstance(t, Annotation)]


def _text_boxes(fig: Figure) -> list[tuple[str, object]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [t for t in fig.axes[0].texts if isinstance(t, Text) and t.get_text()]
    # Text's own extent: an Annotation's would include its leader line.
    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in texts]


def test_axes_title_and_labels() -> None:
    """The map names both axes with their poles and has a title."""
    ax = quadrant_map().axes[0]
    assert ax.get_xlabel() == "focus: transactional  ←  →  strategic"
    assert ax.get_ylabel() == "orientation: reactive  ←  →  proactive"
    assert "orientation × focus" in ax.get_title()


def test_one_point_per_activity_at_its_signed_strengths() -> None:
    """Without jitter every activity is one point at (focus.signed, orientation.signed)."""
    cat = catalogue()
    fig = quadrant_map(cat, jitter=0)
    points = sorted(_points(fig))
    assert len(points) == len(cat)
    assert points == sorted((a.focus.signed, a.orientation.signed) for a in cat)


def test_jitter_is_small_and_deterministic() -> None:
    """Jittered points stay within the jitter of their place, the same on every call."""
    cat = catalogue()
    first, second = _points(quadrant_map(cat, jitter=0.05)), _points(quadrant_map(cat, jitter=0.05))
    assert first == second
    exact = {(a.focus.signed, a.orientation.signed) for a in cat}
    for x, y in first:
        assert min(abs(x - ex) + abs(y - ey) for ex, ey in exact) <= 0.1


def test_points_coloured_by_approach_with_a_legend_entry_each() -> None:
    """One scatter per approach in its colour; the legend names both with their counts."""
    cat = catalogue()
    fig = quadrant_map(cat)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    counts = {a: len(cat.select(a.value)) for a in Approach}
    assert texts == [f"HR ({counts[Approach.HR]})", f"People Ops ({counts[Approach.PEOPLE_OPS]})"]
    for collection, approach in zip(ax.collections, Approach, strict=True):
        assert len(collection.get_offsets()) == counts[approach]
        colour = collection.get_facecolor()[0]
        expected = tuple(int(APPROACH_COLOURS[approach][i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert tuple(colour[:3]) == pytest.approx(expected)


def test_quadrants_are_labelled() -> None:
    """The four quadrant captions are drawn."""
    texts = {t.get_text() for t in quadrant_map().axes[0].texts}
    assert {caption for _, _, caption in QUADRANTS} <= texts


def test_small_catalogue_labels_every_point() -> None:
    """With few activities every point gets its name."""
    cat = catalogue()
    labels = sorted(a.get_text() for a in _labels(quadrant_map(cat)))
    assert labels == sorted(a.name for a in cat)


@pytest.mark.parametrize("n", [30, 100, 160])
def test_labels_never_overlap_when_rendered(n: int) -> None:
    """Rendered at default size, no two texts overlap and all stay inside the axes."""
    fig = quadrant_map(crowd(n))
    boxes = _text_boxes(fig)
    frame = fig.axes[0].get_window_extent()
    assert len(_labels(fig)) >= 0.6 * min(n, 100)  # most points named, not a token few
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)  # type: ignore[attr-defined]
    captions = {caption for _, _, caption in QUADRANTS}
    for text, box in boxes:
        if text not in captions and text not in {a.get_text() for a in _labels(fig)}:
            continue  # the note beside the legend is outside the axes on purpose
        assert frame.contains(box.x0, box.y0), text  # type: ignore[attr-defined]
        assert frame.contains(box.x1, box.y1), text  # type: ignore[attr-defined]


def test_labels_can_be_chosen_or_turned_off() -> None:
    """``labels=False`` draws no names; a list of ids labels only those."""
    assert _labels(quadrant_map(labels=False)) == []
    chosen = _labels(quadrant_map(labels=["payroll_processing", "workforce_planning"]))
    assert sorted(a.get_text() for a in chosen) == ["Payroll processing", "Workforce planning"]


def test_draws_on_given_axes() -> None:
    """Given an ``ax``, the map is drawn there and its figure returned."""
    fig = Figure()
    ax = fig.add_subplot()
    assert quadrant_map(ax=ax) is fig
    assert len(_points(fig)) == len(catalogue())


@settings(max_examples=10, deadline=None)
@given(cat=catalogues(max_activities=6))
def test_any_catalogue_gives_one_point_per_activity(cat: Catalogue) -> None:
    """Whatever the catalogue, the map has one point per activity, all inside the axes."""
    fig = quadrant_map(cat)
    points = _points(fig)
    assert len(points) == len(cat)
    assert all(-1.3 < x < 1.3 and -1.3 < y < 1.3 for x, y in points)
