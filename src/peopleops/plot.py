"""Pictures of the taxonomy with matplotlib (needs the ``plot`` extra).

* :func:`quadrant_map`: activities (or a task list's, sized by lines) on orientation × focus;
* :func:`profile_chart`: a task list's lines by area and its split on every axis;
* :func:`neighbourhood`: an activity with its poles, area, stages, references and counterparts.

``import peopleops`` never imports matplotlib; importing this module does. The functions draw
on a new :class:`~matplotlib.figure.Figure` with an Agg canvas (no pyplot, no global state, no
display needed) unless given an ``ax`` to draw on, and return the figure: it shows itself in a
notebook, and ``fig.savefig("map.png")`` writes it anywhere.

>>> fig = quadrant_map()
>>> fig.axes[0].get_xlabel()
'focus: transactional  ←  →  strategic'
"""

from __future__ import annotations

try:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "peopleops.plot needs matplotlib; install it with: pip install 'peopleops[plot]'"
    raise ImportError(msg) from error

import functools
import math
import textwrap
import zlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from peopleops.catalogue import Catalogue, catalogue
from peopleops.model import Activity, Approach, Axis

if TYPE_CHECKING:
    from peopleops.profile import Profile

__all__ = [
    "APPROACH_COLOURS",
    "APPROACH_LABELS",
    "QUADRANTS",
    "neighbourhood",
    "profile_chart",
    "quadrant_map",
]

APPROACH_COLOURS: dict[Approach, str] = {Approach.HR: "#D55E00", Approach.PEOPLE_OPS: "#0072B2"}
"""Marker colour per approach (Okabe-Ito vermillion and blue, distinguishable when colour-blind)."""

APPROACH_LABELS: dict[Approach, str] = {Approach.HR: "HR", Approach.PEOPLE_OPS: "People Ops"}
"""Legend text per approach."""

QUADRANTS: tuple[tuple[float, float, str], ...] = (
    (-1.0, 1.0, "proactive · transactional"),
    (1.0, 1.0, "proactive · strategic\n(People Ops)"),
    (-1.0, -1.0, "reactive · transactional\n(traditional HR)"),
    (1.0, -1.0, "reactive · strategic"),
)
"""The four quadrants: the sign of (focus, orientation) and the label drawn in its corner."""

_LIMIT = 1.3  # axis range: room beyond the ±1 strengths for the corner labels
_FONT = 7.0  # label size in points
_MARKER = 5.0  # marker radius in points, kept clear of labels
_MAX_GROWTH = 3.5  # the largest marker of a profile is at most this many times as wide
_LEADER = {"arrowstyle": "-", "color": "0.55", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 4}


@attrs.frozen
class _Box:
    """An axis-aligned box in display pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: _Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def inside(self, outer: _Box) -> bool:
        return (outer.x0 <= self.x0 and self.x1 <= outer.x1
                and outer.y0 <= self.y0 and self.y1 <= outer.y1)


# Where a label may go relative to its point: offset in points and the text alignment.
_CANDIDATES: tuple[tuple[float, float, str, str], ...] = tuple(
    (dx * scale, dy * scale, ha, va)
    for scale in (1.0, 2.2)
    for dx, dy, ha, va in (
        (6, 0, "left", "center"),
        (-6, 0, "right", "center"),
        (0, 6, "center", "bottom"),
        (0, -6, "center", "top"),
        (5, 5, "left", "bottom"),
        (-5, 5, "right", "bottom"),
        (5, -5, "left", "top"),
        (-5, -5, "right", "top"),
    )
)


def _jitter(ident: str, amount: float) -> tuple[float, float]:
    """A small offset derived from the id, so the same activity always lands in the same place."""
    seed = zlib.crc32(ident.encode("utf-8"))
    angle = (seed % 3600) / 3600 * 2 * math.pi
    radius = amount * (0.35 + 0.65 * ((seed >> 12) % 1000) / 1000)
    return radius * math.cos(angle), radius * math.sin(angle)


@functools.cache
def _width(line: str, size: float, weight: str, dpi: float) -> float:
    """The width in pixels of ``line`` set in the default font at ``dpi``: measured, not guessed."""
    renderer = RendererAgg(1, 1, dpi)  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped
    width, _, _ = renderer.get_text_width_height_descent(  # type: ignore[no-untyped-call]  # same
        line, FontProperties(size=size, weight=weight), ismath=False
    )
    return float(width)


_GAP = 1.5  # pixels kept free around every label


def _text_box(
    x: float, y: float, text: str, ha: str, va: str, px: float, size: float = _FONT, weight: str = "normal"
) -> _Box:
    """The box, in display pixels, of ``text`` placed at ``(x, y)`` with this alignment."""
    lines = text.split("\n")
    width = max(_width(line, size, weight, px * 72) for line in lines) + 2 * _GAP
    height = len(lines) * size * 1.25 * px
    x0 = {"left": x - _GAP, "right": x - width + _GAP, "center": x - width / 2}[ha]
    y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return _Box(x0, y0, x0 + width, y0 + height)


def _activities(
    source: Catalogue | Iterable[Activity] | Profile | None, cat: Catalogue | None
) -> tuple[tuple[Activity, ...], dict[str, int] | None]:
    """The activities to draw and, for a profile, the lines per activity."""
    from peopleops.profile import Profile

    if source is None:
        return tuple(catalogue()), None
    if isinstance(source, Profile):
        known = cat if cat is not None else catalogue()
        counts = {ident: n for ident, n in source.activities if ident in known}
        return tuple(known[ident] for ident in counts), counts
    return tuple(source), None


def _figure_of(ax: Axes) -> Figure:
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)  # an Axes always belongs to a Figure
    return fig


def _new_axes(figsize: tuple[float, float]) -> Axes:
    fig = Figure(figsize=figsize, dpi=100)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.07, right=0.79, bottom=0.08, top=0.92)
    return fig.add_subplot()


def quadrant_map(
    catalogue_or_activities: Catalogue | Iterable[Activity] | Profile | None = None,
    ax: Axes | None = None,
    *,
    catalogue: Catalogue | None = None,
    labels: bool | Iterable[str] = True,
    jitter: float = 0.04,
    title: str | None = None,
) -> Figure:
    """Draw activities on focus (x) × orientation (y) using their signed strengths.

    x runs from transactional (-1) to strategic (+1), y from reactive (-1) to proactive (+1);
    points are coloured by approach (HR or People Ops) and the four quadrants are labelled.
    Given a :class:`~peopleops.profile.Profile`, the activities found in the task list are
    drawn with an area proportional to their number of lines. Points get a small jitter
    derived from their id (the same every time) so that activities with equal strengths
    stay visible. Labels are placed greedily (the biggest or most isolated points first),
    and a label that would overlap another label, a point or a quadrant caption is left
    out; a note under the legend says how many are shown.

    Args:
        catalogue_or_activities: A catalogue, any activities, or a task list's profile
            (default: the built-in catalogue).
        ax: Draw on these axes instead of a new figure.
        catalogue: For a profile, the catalogue its activity ids come from (default: the
            built-in one); ids it does not know are left out.
        labels: ``True`` to label as many points as fit, ``False`` for none, or the ids to
            label (still skipping those that would overlap).
        jitter: Largest jitter, in strength units (``0`` for none).
        title: The axes title (a default says what is drawn).

    Returns:
        The figure drawn on.

    >>> from peopleops import catalogue
    >>> relations = catalogue().select(area="employee_relations")
    >>> fig = quadrant_map(relations)
    >>> sum(len(c.get_offsets()) for c in fig.axes[0].collections) == len(relations)
    True
    """
    activities, counts = _activities(catalogue_or_activities, catalogue)
    if ax is None:
        ax = _new_axes((11.0, 8.0))
    fig = _figure_of(ax)
    if title is None:
        title = ("A task list's HR work: orientation × focus (marker size: lines)" if counts is not None
                 else "HR and People Ops work: orientation × focus")

    points: dict[str, tuple[float, float]] = {}
    for activity in activities:
        dx, dy = _jitter(activity.id, jitter) if jitter else (0.0, 0.0)
        points[activity.id] = (activity.focus.signed + dx, activity.orientation.signed + dy)
    radius = {a.id: _MARKER for a in activities}
    if counts:  # a marker's area grows with its lines; one line is the usual size
        largest, smallest = max(counts.values(), default=1), min(counts.values(), default=1)
        spread = min(math.sqrt(largest / smallest), _MAX_GROWTH)  # wide ranges are compressed
        for ident, n in counts.items():
            radius[ident] = max(_MARKER * spread * math.sqrt(n / largest), _MARKER * 0.6)

    ax.set_xlim(-_LIMIT, _LIMIT)
    ax.set_ylim(-_LIMIT, _LIMIT)
    ax.axhline(0, color="0.6", linewidth=0.8, zorder=1)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    ax.set_xlabel("focus: transactional  ←  →  strategic")
    ax.set_ylabel("orientation: reactive  ←  →  proactive")
    ax.set_title(title)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.grid(True, color="0.92", zorder=0)

    for approach in Approach:
        mine = [a for a in activities if a.approach.pole is approach]
        amount = sum(counts[a.id] for a in mine) if counts else len(mine)
        ax.scatter(
            [points[a.id][0] for a in mine],
            [points[a.id][1] for a in mine],
            s=[(2 * radius[a.id]) ** 2 * 0.55 for a in mine],
            color=APPROACH_COLOURS[approach],
            edgecolor="white",
            linewidth=0.6,
            alpha=0.85 if counts else 1.0,
            label=f"{APPROACH_LABELS[approach]} ({amount}{' lines' if counts else ''})",
            zorder=3,
        )

    px = fig.dpi / 72.0
    frame = ax.get_window_extent()
    area = _Box(frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
    taken: list[_Box] = []
    for sx, sy, text in QUADRANTS:
        ha, va = ("right" if sx > 0 else "left"), ("top" if sy > 0 else "bottom")
        x, y = sx * (_LIMIT - 0.03), sy * (_LIMIT - 0.03)
        ax.text(x, y, text, ha=ha, va=va, fontsize=9, fontweight="bold", color="0.35",
                multialignment=ha, zorder=2)
        px_x, px_y = ax.transData.transform((x, y))
        taken.append(_text_box(px_x, px_y, text, ha, va, px, size=9, weight="bold"))
    pixels = {ident: tuple(ax.transData.transform(xy)) for ident, xy in points.items()}
    marks = {ident: _square(x, y, radius[ident] * px) for ident, (x, y) in pixels.items()}
    names = {a.id: f"{a.name} ({counts[a.id]})" if counts else a.name for a in activities}

    shown = _place_labels(ax, activities, points, pixels, names, counts, labels, taken, marks, area, px)
    legend = ax.legend(title="approach", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                       frameon=False, fontsize=9)
    legend.get_title().set_fontsize(9)
    for handle in legend.legend_handles:  # one size in the legend, whatever the counts
        if isinstance(handle, PathCollection):
            handle.set_sizes([(2 * _MARKER) ** 2 * 0.55])
    note = f"{len(activities)} activities\n{shown} labelled"
    if counts:
        note = f"{sum(counts.values())} HR lines\n" + note
    if jitter:
        note += "\npositions jittered\nby up to ±" + f"{jitter:g}"
    ax.text(1.03, 0.82, note, transform=ax.transAxes, fontsize=8, color="0.35", va="top")
    return fig


def _square(x: float, y: float, half: float) -> _Box:
    return _Box(x - half, y - half, x + half, y + half)


def _place_labels(
    ax: Axes,
    activities: Sequence[Activity],
    points: dict[str, tuple[float, float]],
    pixels: dict[str, tuple[float, ...]],
    names: dict[str, str],
    counts: dict[str, int] | None,
    labels: bool | Iterable[str],
    taken: list[_Box],
    marks: dict[str, _Box],
    area: _Box,
    px: float,
) -> int:
    """Annotate as many of the wanted points as fit without overlaps; return how many."""
    if labels is False:
        return 0
    chosen = None if labels is True else set(labels)
    wanted = [a for a in activities if chosen is None or a.id in chosen]

    def priority(activity: Activity) -> tuple[int, int, str]:
        x, y = pixels[activity.id]
        near = sum(math.hypot(x - ox, y - oy) < 40 * px for ox, oy in pixels.values())
        return -(counts or {}).get(activity.id, 0), near, activity.id

    shown = 0
    for activity in sorted(wanted, key=priority):
        x, y = pixels[activity.id]
        own = marks[activity.id]
        reach = (own.x1 - own.x0) / 2 / px - _MARKER  # start beyond a big marker
        for dx, dy, ha, va in _CANDIDATES:
            if reach > 0:
                dx += math.copysign(reach, dx) if dx else 0.0
                dy += math.copysign(reach, dy) if dy else 0.0
            box = _text_box(x + dx * px, y + dy * px, names[activity.id], ha, va, px)
            if not box.inside(area) or any(box.overlaps(b) for b in taken):
                continue
            if any(box.overlaps(m) for ident, m in marks.items() if ident != activity.id):
                continue
            far = math.hypot(dx, dy) > 10 + max(reach, 0)  # a leader line names a far label's point
            ax.annotate(names[activity.id], xy=points[activity.id], xytext=(dx, dy),
                        textcoords="offset points", ha=ha, va=va, fontsize=_FONT, color="0.15",
                        zorder=4, arrowprops=_LEADER if far else None)
            taken.append(box)
            shown += 1
            break
    return shown


# -- an activity's graph neighbourhood ----------------------------------------------------------

_KIND_STYLE: dict[str, tuple[str, str, str]] = {
    # kind: (legend text, face colour, edge colour)
    "activity:hr": ("activity (HR)", "#F8D9C8", APPROACH_COLOURS[Approach.HR]),
    "activity:people_ops": ("activity (People Ops)", "#CFE3F3", APPROACH_COLOURS[Approach.PEOPLE_OPS]),
    "classification": ("pole", "#F4F4F4", "0.45"),
    "area": ("area", "#DDEFD6", "#4F8A3C"),
    "stage": ("lifecycle stage", "#ECE4F5", "#7A5BA6"),
    "reference": ("framework reference", "#FFFFFF", "0.6"),
}
_LineStyle = Literal["-", "--", ":"]
_RELATION_STYLE: dict[str, tuple[str, str, _LineStyle]] = {
    # relation: (legend text, colour, line style)
    "classified_as": ("on pole (width: strength)", "0.55", "-"),
    "in_area": ("in area", "#4F8A3C", "-"),
    "in_stage": ("in stage", "#7A5BA6", "-"),
    "counterpart": ("proactive alternative", "#E69F00", "--"),
    "references": ("references", "0.75", ":"),
}
_NODE_FONT = 8.0
_REF_FONT = 7.0
_WRAP = 20


def _kind(data: dict[str, Any], approach: str | None) -> str:
    kind = str(data["kind"])
    return f"activity:{approach}" if kind == "activity" else kind


def _rows(g: Any, centre: str, cat: Catalogue) -> list[list[str]]:
    """The nodes in four rows, top to bottom: poles, activities, areas and stages, references."""
    activities = [n for n, d in g.nodes(data=True) if d["kind"] == "activity"]

    def side(node: str) -> tuple[float, str]:
        activity = cat.get(node.split(":", 1)[1])
        return (activity.approach.signed if activity else 0.0, node)

    activities.sort(key=side)
    poles = [n for n, d in g.nodes(data=True) if d["kind"] == "classification"]
    order = {axis: i for i, axis in enumerate(a.value for a in Axis)}
    poles.sort(key=lambda n: (not g.nodes[n]["traditional"], order[g.nodes[n]["axis"]]))
    column = {node: i for i, node in enumerate(activities)}
    stage_order = {f"stage:{stage.id}": i for i, stage in enumerate(cat.stages)}

    def under(node: str) -> tuple[float, int, str]:
        """Below the activities linked to it (fewer crossings); then lifecycle order."""
        owners = [column[a] for a, _ in g.in_edges(node) if a in column]
        middle = sum(owners) / len(owners) if owners else 0.0
        return middle, stage_order.get(node, -1), node

    placed = sorted((n for n, d in g.nodes(data=True) if d["kind"] in ("area", "stage")), key=under)
    references = sorted((n for n, d in g.nodes(data=True) if d["kind"] == "reference"), key=under)
    return [poles, activities, placed, references]


def _layout_row(widths: list[float], avail: float, gap: float) -> tuple[list[float], int]:
    """Centres along a row of ``avail`` pixels, and how many staggered sub-rows it needs."""
    n = len(widths)
    if n == 0:
        return [], 1
    edge = max(widths) / 2
    step = min((avail - 2 * edge) / max(n - 1, 1), 0.2 * avail)  # few boxes stay together
    start = (avail - step * (n - 1)) / 2
    centres = [start + step * i for i in range(n)]
    for k in range(1, n + 1):
        if all((widths[i] + widths[i + k]) / 2 + gap <= step * k for i in range(n - k)):
            return centres, k
    return centres, n


def neighbourhood(
    activity_id: str,
    *,
    radius: int = 1,
    catalogue: Catalogue | None = None,
    all_references: bool = False,
    ax: Axes | None = None,
) -> Figure:
    """Draw an activity with its poles, area, stages, references and counterparts.

    The nodes of :func:`peopleops.graph.neighbourhood` are drawn in four rows: the poles
    (traditional-HR poles left, People Ops poles right), the activities (HR left, People
    Ops right; the one asked for in bold), the area and lifecycle stages, and the framework
    references (of the activity asked for, unless ``all_references``). Lines show each
    relation; a pole's line is as thick as the strength, and the links of the other
    activities are drawn fainter. Crowded rows are staggered so that no two boxes overlap.

    Args:
        activity_id: The activity at the centre.
        radius: How many counterpart links to follow (``0``: the activity alone).
        catalogue: The catalogue to draw from (default: the built-in one).
        all_references: Also draw the framework references of the other activities.
        ax: Draw on these axes instead of a new figure.

    Returns:
        The figure drawn on.

    >>> fig = neighbourhood("dispute_mediation")
    >>> sorted(t.get_gid() for t in fig.axes[0].texts if t.get_gid())[:2]
    ['activity:conflict_resolution_workshops', 'activity:dispute_mediation']
    """
    from peopleops import graph as graphs

    cat = catalogue if catalogue is not None else _builtin()
    g = graphs.neighbourhood(activity_id, radius, graphs.build_graph(cat) if catalogue is not None else None)
    centre = graphs.activity_node(activity_id, g)
    if not all_references:
        cited = {t for _, t, k in g.out_edges(centre, keys=True) if k == "references"}
        g = g.subgraph(n for n, d in g.nodes(data=True) if d["kind"] != "reference" or n in cited)
    if ax is None:
        new = Figure(figsize=(12.0, 7.5), dpi=100)
        FigureCanvasAgg(new)
        ax = new.add_axes((0.01, 0.13, 0.98, 0.8))
    fig = _figure_of(ax)
    ax.set_axis_off()
    frame = ax.get_window_extent()
    width, height = frame.width, frame.height
    ax.set_xlim(0, width)  # data units are pixels, so text sizes can be planned
    ax.set_ylim(0, height)
    px = fig.dpi / 72.0
    approach = {n: cat[n.split(":", 1)[1]].approach.pole.value
                for n, d in g.nodes(data=True) if d["kind"] == "activity" and n.split(":", 1)[1] in cat}

    labels: dict[str, str] = {}
    sizes: dict[str, float] = {}
    for node, data in g.nodes(data=True):
        label = textwrap.fill(str(data.get("label", node)), _WRAP, break_long_words=False)
        if data["kind"] == "reference" and data.get("title"):
            label += "\n" + textwrap.fill(str(data["title"]), _WRAP + 4, break_long_words=False)
        labels[node] = label
        sizes[node] = _REF_FONT if data["kind"] == "reference" else _NODE_FONT

    def box_size(node: str) -> tuple[float, float]:
        box = _text_box(0, 0, labels[node], "left", "bottom", px, sizes[node])
        pad = 2 * 0.4 * sizes[node] * px
        return box.x1 - box.x0 + pad, box.y1 - box.y0 + pad

    rows = _rows(g, centre, cat)
    plans = []
    for row in rows:
        widths = [box_size(n)[0] for n in row]
        centres, k = _layout_row(widths, width, 6 * px)
        tallest = max((box_size(n)[1] for n in row), default=0.0)
        plans.append((row, centres, k, tallest))
    needed = sum(k * (tallest + 8 * px) for _, _, k, tallest in plans if tallest)
    spare = max(height - needed, 0.0) / max(sum(1 for p in plans if p[0]), 1)
    where: dict[str, tuple[float, float]] = {}
    top = height
    for row, centres, k, tallest in plans:
        if not row:
            continue
        band = k * (tallest + 8 * px) + spare
        for i, node in enumerate(row):
            sub = i % k
            y = top - spare / 2 - (sub + 0.5) * (tallest + 8 * px)
            where[node] = (centres[i], y)
        top -= band

    drawn_relations: list[str] = []
    for source, target, key, data in g.edges(keys=True, data=True):
        if key not in _RELATION_STYLE:
            continue  # prevents: the inverse of a counterpart edge, drawn once as that
        _, colour, style = _RELATION_STYLE[key]
        same_row = abs(where[source][1] - where[target][1]) < 1
        bend = 0.2 if where[source][0] < where[target][0] else -0.2
        width = 0.6 + 2.4 * float(data.get("strength", 0.3)) if key == "classified_as" else 1.2
        mine = centre in (source, target)  # the centre's own links stand out; the rest recede
        ax.annotate(
            "", xy=where[target], xytext=where[source],
            arrowprops={
                "arrowstyle": "-", "color": colour, "linestyle": style,
                "linewidth": width if mine else width * 0.6, "alpha": 1.0 if mine else 0.4,
                "shrinkA": 0, "shrinkB": 0,
                # an arc between boxes of one row bends down, away from the poles above
                "connectionstyle": f"arc3,rad={bend}" if same_row else "arc3,rad=0",
            },
            zorder=1,
        )
        if key not in drawn_relations:
            drawn_relations.append(key)

    kinds_drawn: list[str] = []
    for node, (x, y) in where.items():
        data = g.nodes[node]
        kind = _kind(data, approach.get(node))
        _, face, edge = _KIND_STYLE.get(kind, ("", "#FFFFFF", "0.5"))
        box = ax.text(
            x, y, labels[node], ha="center", va="center", fontsize=sizes[node],
            fontweight="bold" if node == centre else "normal", zorder=3,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": face, "edgecolor": edge,
                  "linewidth": 2.0 if node == centre else 0.8},
        )
        box.set_gid(node)
        if kind not in kinds_drawn:
            kinds_drawn.append(kind)

    handles: list[Any] = [
        Patch(facecolor=_KIND_STYLE[k][1], edgecolor=_KIND_STYLE[k][2], label=_KIND_STYLE[k][0])
        for k in _KIND_STYLE if k in kinds_drawn
    ]
    handles += [
        Line2D([], [], color=_RELATION_STYLE[r][1], linestyle=_RELATION_STYLE[r][2], linewidth=1.5,
               label=_RELATION_STYLE[r][0])
        for r in _RELATION_STYLE if r in drawn_relations
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 6), frameon=False, fontsize=8)
    name = g.nodes[centre].get("label", activity_id)
    suffix = "" if radius == 1 else f" (radius {radius})"
    ax.set_title(f"{name}: its neighbourhood in the taxonomy graph{suffix}")
    return fig


def _builtin() -> Catalogue:
    return catalogue()


# -- a task list's profile ---------------------------------------------------------------------

_AREA_COLOUR = "#6C8EBF"


def _pct(share: float) -> str:
    return f"{share:.0%}"


def profile_chart(profile: Profile) -> Figure:
    """Draw what a classified task list says: lines by area, and the split on every axis.

    Left, the HR lines per functional area (every catalogue area, so gaps show). Right, one
    diverging bar per axis: the share of HR lines on the traditional-HR pole to the left,
    on the People Ops pole to the right (lines without a basis for either are counted as
    undecided), and last the overall balance of all decided positions.

    Args:
        profile: A :class:`~peopleops.profile.Profile`, e.g. from :func:`peopleops.profile`.

    Returns:
        A new figure whose axes are the areas, the poles, and a twin of the poles that
        carries the People Ops pole names on the right.

    >>> from peopleops import classify_many, profile
    >>> fig = profile_chart(profile(classify_many(["Run payroll", "Plan the workforce"])))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['HR lines by area', 'Poles: share of HR lines']
    """
    fig = Figure(figsize=(12.0, 6.0), dpi=100)
    FigureCanvasAgg(fig)
    areas_ax, poles_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1.1)})
    fig.subplots_adjust(left=0.175, right=0.87, top=0.85, bottom=0.16, wspace=0.6)

    names = [area.name for area in profile.areas]
    counts = [area.count for area in profile.areas]
    rows = range(len(names))
    areas_ax.barh(rows, counts, color=_AREA_COLOUR, height=0.65)
    areas_ax.set_yticks(list(rows), names, fontsize=9)
    areas_ax.invert_yaxis()
    top = max(counts, default=0)
    areas_ax.set_xlim(0, max(top * 1.3, 1))
    for row, area in zip(rows, profile.areas, strict=True):
        if area.count:
            areas_ax.text(area.count + top * 0.02, row, f"{area.count} ({_pct(area.share)})",
                          va="center", fontsize=8, color="0.25")
    areas_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    areas_ax.set_xlabel("HR lines")
    areas_ax.set_title("HR lines by area")
    areas_ax.spines[["top", "right"]].set_visible(False)

    left_labels: list[str] = []
    right_labels: list[str] = []
    lefts: list[float] = []
    rights: list[float] = []
    for count in profile.axes:
        first, second = count.axis.poles
        lefts.append(count.share(first))
        rights.append(count.share(second))
        left_labels.append(str(first))
        undecided = count.share("undecided")
        right_labels.append(f"{second}\n({_pct(undecided)} undecided)" if undecided else str(second))
    balance = profile.balance
    decided = balance.hr + balance.people_ops
    lefts.append(balance.hr / decided if decided else 0.0)
    rights.append(balance.people_ops_share)
    left_labels.append("all axes: HR poles")
    right_labels.append("People Ops poles")
    rows = range(len(lefts))
    hatches = [""] * len(profile.axes) + ["//"]
    for row, left, right, hatch in zip(rows, lefts, rights, hatches, strict=True):
        first_row = row == 0
        poles_ax.barh(row, -left, color=APPROACH_COLOURS[Approach.HR], height=0.6, hatch=hatch,
                      edgecolor="white", label="traditional HR pole" if first_row else None)
        poles_ax.barh(row, right, color=APPROACH_COLOURS[Approach.PEOPLE_OPS], height=0.6, hatch=hatch,
                      edgecolor="white", label="People Ops pole" if first_row else None)
        weight = "bold" if hatch else "normal"
        poles_ax.text(-left - 0.03, row, _pct(left), ha="right", va="center", fontsize=8, fontweight=weight)
        poles_ax.text(right + 0.03, row, _pct(right), ha="left", va="center", fontsize=8, fontweight=weight)
    limits = (len(lefts) - 0.5, -0.5)  # first axis on top
    poles_ax.set_ylim(*limits)
    poles_ax.set_yticks(list(rows), left_labels, fontsize=9)
    poles_ax.set_xlim(-1.25, 1.25)
    poles_ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["100%", "50%", "0", "50%", "100%"])
    poles_ax.axvline(0, color="0.3", linewidth=0.8)
    poles_ax.set_xlabel("traditional HR pole  ←  share of HR lines  →  People Ops pole")
    poles_ax.set_title("Poles: share of HR lines")
    poles_ax.spines[["top", "right", "left"]].set_visible(False)
    poles_ax.tick_params(axis="y", length=0)
    right_ax = poles_ax.twinx()
    right_ax.set_ylim(*limits)
    right_ax.set_yticks(list(rows), right_labels, fontsize=9)
    right_ax.tick_params(axis="y", length=0)
    right_ax.spines[["top", "right", "left"]].set_visible(False)
    poles_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=8)

    leaning = {"hr": "leans traditional HR", "people_ops": "leans People Ops"}.get(balance.leaning, "balanced")
    headline = (
        f"Task list profile: {profile.lines} lines, {profile.hr} HR work "
        f"({_pct(profile.hr / profile.lines if profile.lines else 0.0)}); {leaning}"
    )
    fig.suptitle(headline, fontsize=12)
    return fig
