"""Pictures of the taxonomy with matplotlib (needs the ``plot`` extra).

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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "peopleops.plot needs matplotlib; install it with: pip install 'peopleops[plot]'"
    raise ImportError(msg) from error

import math
import zlib
from collections.abc import Iterable, Sequence

import attrs

from peopleops.catalogue import Catalogue, catalogue
from peopleops.model import Activity, Approach

__all__ = ["APPROACH_COLOURS", "APPROACH_LABELS", "quadrant_map"]

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
_CHAR = 0.56  # average glyph width as a fraction of the font size (estimate for DejaVu Sans)
_MARKER = 5.0  # marker radius in points, kept clear of labels
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


def _text_box(x: float, y: float, text: str, ha: str, va: str, px: float) -> _Box:
    lines = text.split("\n")
    width = max(len(line) for line in lines) * _FONT * _CHAR * px
    height = len(lines) * _FONT * 1.25 * px
    x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
    y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return _Box(x0, y0, x0 + width, y0 + height)


def _activities(source: Catalogue | Iterable[Activity] | None) -> tuple[Activity, ...]:
    if source is None:
        return tuple(catalogue())
    return tuple(source)


def _new_axes(figsize: tuple[float, float]) -> Axes:
    fig = Figure(figsize=figsize, dpi=100)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.07, right=0.82, bottom=0.08, top=0.92)
    return fig.add_subplot()


def quadrant_map(
    catalogue_or_activities: Catalogue | Iterable[Activity] | None = None,
    ax: Axes | None = None,
    *,
    labels: bool | Iterable[str] = True,
    jitter: float = 0.04,
    title: str = "HR and People Ops work: orientation × focus",
) -> Figure:
    """Draw activities on focus (x) × orientation (y) using their signed strengths.

    x runs from transactional (-1) to strategic (+1), y from reactive (-1) to proactive (+1);
    points are coloured by approach (HR or People Ops) and the four quadrants are labelled.
    Points get a small jitter derived from their id (the same every time) so that activities
    with equal strengths stay visible. Labels are placed greedily, isolated points first,
    and a label that would overlap another label, a point or a quadrant caption is left out;
    a note under the legend says how many are shown.

    Args:
        catalogue_or_activities: A catalogue or any activities (default: the built-in catalogue).
        ax: Draw on these axes instead of a new figure.
        labels: ``True`` to label as many points as fit, ``False`` for none, or the ids to
            label (still skipping those that would overlap).
        jitter: Largest jitter, in strength units (``0`` for none).
        title: The axes title.

    Returns:
        The figure drawn on.

    >>> from peopleops import catalogue
    >>> fig = quadrant_map(catalogue().select(area="employee_relations"))
    >>> sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    3
    """
    activities = _activities(catalogue_or_activities)
    if ax is None:
        ax = _new_axes((11.0, 8.0))
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)  # an Axes always belongs to a Figure

    points: dict[str, tuple[float, float]] = {}
    for activity in activities:
        dx, dy = _jitter(activity.id, jitter) if jitter else (0.0, 0.0)
        points[activity.id] = (activity.focus.signed + dx, activity.orientation.signed + dy)

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
        ax.scatter(
            [points[a.id][0] for a in mine],
            [points[a.id][1] for a in mine],
            s=(2 * _MARKER) ** 2 * 0.55,
            color=APPROACH_COLOURS[approach],
            edgecolor="white",
            linewidth=0.6,
            label=f"{APPROACH_LABELS[approach]} ({len(mine)})",
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
        taken.append(_text_box(px_x, px_y, text, ha, va, px * 9 / _FONT))
    pixels = {ident: tuple(ax.transData.transform(xy)) for ident, xy in points.items()}
    marks = [_Box(x - _MARKER * px, y - _MARKER * px, x + _MARKER * px, y + _MARKER * px)
             for x, y in pixels.values()]

    shown = _place_labels(ax, activities, points, pixels, labels, taken, marks, area, px)
    legend = ax.legend(title="approach", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                       frameon=False, fontsize=9)
    legend.get_title().set_fontsize(9)
    note = f"{len(activities)} activities\n{shown} labelled"
    if jitter:
        note += "\npositions jittered\nby up to ±" + f"{jitter:g}"
    ax.text(1.03, 0.82, note, transform=ax.transAxes, fontsize=8, color="0.35", va="top")
    return fig


def _place_labels(
    ax: Axes,
    activities: Sequence[Activity],
    points: dict[str, tuple[float, float]],
    pixels: dict[str, tuple[float, ...]],
    labels: bool | Iterable[str],
    taken: list[_Box],
    marks: list[_Box],
    area: _Box,
    px: float,
) -> int:
    """Annotate as many of the wanted points as fit without overlaps; return how many."""
    if labels is False:
        return 0
    chosen = None if labels is True else set(labels)
    wanted = [a for a in activities if chosen is None or a.id in chosen]

    def crowding(activity: Activity) -> tuple[int, str]:
        x, y = pixels[activity.id]
        near = sum(math.hypot(x - ox, y - oy) < 40 * px for ox, oy in pixels.values())
        return near, activity.id

    shown = 0
    for activity in sorted(wanted, key=crowding):
        x, y = pixels[activity.id]
        own = _Box(x - _MARKER * px, y - _MARKER * px, x + _MARKER * px, y + _MARKER * px)
        for dx, dy, ha, va in _CANDIDATES:
            box = _text_box(x + dx * px, y + dy * px, activity.name, ha, va, px)
            if not box.inside(area) or any(box.overlaps(b) for b in taken):
                continue
            if any(box.overlaps(m) for m in marks if m != own):
                continue
            far = math.hypot(dx, dy) > 10  # a leader line says which point a far label names
            ax.annotate(activity.name, xy=points[activity.id], xytext=(dx, dy),
                        textcoords="offset points", ha=ha, va=va, fontsize=_FONT, color="0.15",
                        zorder=4, arrowprops=_LEADER if far else None)
            taken.append(box)
            shown += 1
            break
    return shown
