"""peopleops.plot: the quadrant map, rendered with Agg and checked by content."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from peopleops import catalogue
from peopleops.catalogue import Catalogue
from peopleops.model import Activity, Approach, Focus, Orientation, Position
from peopleops.plot import APPROACH_COLOURS, QUADRANTS, neighbourhood, profile_chart, quadrant_map
from peopleops.profile import Profile
from tests.strategies import catalogues

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


SEED = (
    "payroll_processing", "dispute_mediation", "conflict_resolution_workshops", "grievance_handling",
    "employment_law_compliance", "litigation_defense", "vacancy_backfill", "workforce_planning",
)


def test_few_activities_all_get_labels() -> None:
    """With few activities every point gets its name."""
    few = [catalogue()[ident] for ident in SEED]
    labels = sorted(a.get_text() for a in _labels(quadrant_map(few)))
    assert labels == sorted(a.name for a in few)


@pytest.mark.parametrize("n", [0, 30, 100, 160])
def test_labels_never_overlap_when_rendered(n: int) -> None:
    """Rendered at default size, no two texts overlap and all stay inside the axes.

    ``n=0`` draws the built-in catalogue, otherwise ``n`` made-up activities.
    """
    activities = list(catalogue()) if n == 0 else crowd(n)
    n = len(activities)
    fig = quadrant_map(activities)
    boxes = _text_boxes(fig)
    frame = fig.axes[0].get_window_extent()
    assert len(_labels(fig)) >= 0.45 * min(n, 100)  # many points named, not a token few
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
    few = [catalogue()[ident] for ident in SEED]
    chosen = _labels(quadrant_map(few, labels=["payroll_processing", "workforce_planning"]))
    assert sorted(a.get_text() for a in chosen) == ["Payroll processing", "Workforce planning"]
    wanted = {"payroll_processing", "workforce_planning", "dispute_mediation"}
    names = {catalogue()[ident].name for ident in wanted}
    crowded = {a.get_text() for a in _labels(quadrant_map(labels=wanted))}
    assert crowded
    assert crowded <= names


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


# -- neighbourhood -----------------------------------------------------------------------------


def _node_texts(fig: Figure) -> dict[str, Text]:
    return {t.get_gid(): t for t in fig.axes[0].texts if t.get_gid()}


@pytest.mark.parametrize("activity", ["dispute_mediation", "workforce_planning", "payroll_processing"])
def test_neighbourhood_draws_every_node_once(activity: str) -> None:
    """Each node of the graph neighbourhood is one labelled box; the title names the activity."""
    from peopleops import graph

    expected = graph.neighbourhood(activity)
    fig = neighbourhood(activity)
    texts = _node_texts(fig)
    own = {f"ref:{r}" for r in catalogue()[activity].references}
    assert set(texts) == {n for n, d in expected.nodes(data=True) if d["kind"] != "reference" or n in own}
    assert set(_node_texts(neighbourhood(activity, all_references=True))) == set(expected.nodes)
    for node, text in texts.items():
        assert text.get_text().split("\n")[0] in str(expected.nodes[node]["label"]).replace("\n", " ")
    assert catalogue()[activity].name in fig.axes[0].get_title()
    assert texts[f"activity:{activity}"].get_fontweight() == "bold"


def test_neighbourhood_boxes_never_overlap() -> None:
    """Rendered at default size, no two node boxes overlap and all stay inside the figure."""
    for activity in ("dispute_mediation", "workforce_planning"):
        fig = neighbourhood(activity)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [(gid, t.get_bbox_patch().get_window_extent(renderer)) for gid, t in _node_texts(fig).items()]
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            assert not box_a.overlaps(box_b), (a, b)
        for gid, box in boxes:
            assert fig.bbox.contains(box.x0, box.y0), gid
            assert fig.bbox.contains(box.x1, box.y1), gid


def test_neighbourhood_legend_names_kinds_and_relations() -> None:
    """The legend lists the node kinds and relations drawn, including the counterpart link."""
    fig = neighbourhood("dispute_mediation")
    legend = fig.legends[0]
    texts = [t.get_text() for t in legend.get_texts()]
    assert {"activity (HR)", "activity (People Ops)", "pole", "area", "lifecycle stage"} <= set(texts)
    assert {"on pole (width: strength)", "in area", "proactive alternative"} <= set(texts)


def test_neighbourhood_radius_zero_is_the_activity_alone() -> None:
    """With radius 0 no other activity is drawn."""
    texts = _node_texts(neighbourhood("dispute_mediation", radius=0))
    assert [gid for gid in texts if gid.startswith("activity:")] == ["activity:dispute_mediation"]


def test_neighbourhood_of_unknown_activity_raises_lookup_error() -> None:
    """An unknown id raises the catalogue's LookupError, suggesting the close id."""
    with pytest.raises(LookupError, match="dispute_mediation"):
        neighbourhood("dispute_mediaton")


# -- profile chart -----------------------------------------------------------------------------

TASKS = (Path(__file__).resolve().parents[1] / "examples" / "tasks.txt").read_text(encoding="utf-8").splitlines()


def _profile(lines: list[str]) -> Profile:
    from peopleops import classify_many, profile

    return profile(classify_many(lines))


def test_profile_chart_has_a_bar_per_area_with_its_count() -> None:
    """The area panel has one bar per area of the profile, as long as its line count."""
    prof = _profile(TASKS)
    areas_ax = profile_chart(prof).axes[0]
    assert areas_ax.get_title() == "HR lines by area"
    assert areas_ax.get_xlabel() == "HR lines"
    widths = [bar.get_width() for bar in areas_ax.patches]
    assert widths == [area.count for area in prof.areas]
    assert [t.get_text() for t in areas_ax.get_yticklabels()] == [area.name for area in prof.areas]


def test_profile_chart_splits_each_axis_and_the_balance() -> None:
    """The pole panel has a left (HR) and right (People Ops) bar per axis plus the balance."""
    prof = _profile(TASKS)
    fig = profile_chart(prof)
    poles_ax = fig.axes[1]
    bars = poles_ax.patches
    assert len(bars) == 2 * (len(prof.axes) + 1)
    for i, count in enumerate(prof.axes):
        first, second = count.axis.poles
        assert bars[2 * i].get_width() == pytest.approx(-count.share(first))
        assert bars[2 * i + 1].get_width() == pytest.approx(count.share(second))
    assert bars[-1].get_width() == pytest.approx(prof.balance.people_ops_share)
    left = [t.get_text() for t in poles_ax.get_yticklabels()]
    assert left[: len(prof.axes)] == [str(c.axis.poles[0]) for c in prof.axes]
    legend = poles_ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["traditional HR pole", "People Ops pole"]
    assert f"{prof.lines} lines, {prof.hr} HR work" in fig.get_suptitle()


def test_profile_chart_texts_do_not_overlap() -> None:
    """Rendered at default size, no two texts of the figure overlap."""
    fig = profile_chart(_profile(TASKS))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)
    for text, box in boxes:
        assert fig.bbox.contains(box.x0, box.y0), text
        assert fig.bbox.contains(box.x1, box.y1), text


def test_profile_chart_of_an_empty_list_draws_zeros() -> None:
    """An empty task list still draws, with zero-length bars and a 0-lines title."""
    fig = profile_chart(_profile([]))
    assert all(bar.get_width() == 0 for ax in fig.axes[:2] for bar in ax.patches)
    assert "0 lines" in fig.get_suptitle()


def test_quadrant_map_of_a_profile_sizes_points_by_lines() -> None:
    """For a profile: one point per activity found, bigger for more lines, counts in labels."""
    from peopleops import classify_many

    cat = catalogue()
    point = {a.id: (a.focus.signed, a.orientation.signed) for a in cat}
    # Repeat a line whose activity has a point of its own, so that its bigger marker can be found.
    repeated = next(
        r for r in classify_many(TASKS) if r.activity and list(point.values()).count(point[r.activity]) == 1
    )
    prof = _profile([*TASKS, repeated.text, repeated.text])
    fig = quadrant_map(prof, jitter=0)
    ax = fig.axes[0]
    found = dict(prof.activities)
    drawn: dict[tuple[float, float], float] = {}
    for collection in ax.collections:
        for xy, size in zip(collection.get_offsets(), collection.get_sizes(), strict=True):
            drawn[(float(xy[0]), float(xy[1]))] = float(size)
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(found)
    where = {ident: (cat[ident].focus.signed, cat[ident].orientation.signed) for ident in found}
    alone = [ident for ident in found if list(where.values()).count(where[ident]) == 1]  # no shared point
    assert repeated.activity in alone
    sizes = {ident: drawn[where[ident]] for ident in alone}
    by_lines = sorted(alone, key=lambda ident: found[ident])
    assert [sizes[i] for i in by_lines] == sorted(sizes[i] for i in by_lines)
    assert sizes[by_lines[-1]] > sizes[by_lines[0]]
    labels = {a.get_text() for a in _labels(fig)}
    top = max(found, key=lambda ident: (found[ident], ident))
    assert f"{cat[top].name} ({found[top]})" in labels
    legend = ax.get_legend()
    assert legend is not None
    hr_lines = sum(n for ident, n in found.items() if cat[ident].approach.pole is Approach.HR)
    assert legend.get_texts()[0].get_text() == f"HR ({hr_lines} lines)"


def test_quadrant_map_of_nothing_draws_empty_axes() -> None:
    """No activities, or a task list with no HR work, still gives a labelled, empty map."""
    for source in ([], _profile(["Order printer toner"])):
        ax = quadrant_map(source).axes[0]
        assert sum(len(c.get_offsets()) for c in ax.collections) == 0
        assert ax.get_xlabel().startswith("focus")
