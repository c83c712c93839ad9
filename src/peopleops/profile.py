"""What a whole task list says about an HR function: shares, balance and suggestions.

:func:`profile` folds any iterable of classification results into a :class:`Profile`. It
keeps counts only, so a task list of any length is profiled in constant memory: feed it
:func:`peopleops.classify_many` over a file and nothing but the tallies stays alive.

Shares by area and by axis pole are taken over the HR lines (lines with an area); the
share of lines that are not HR work (or that nothing in the catalogue recognised) is taken
over all lines. Each axis also reports an ``undecided`` share: HR lines that gave no basis
for a pole on that axis.

>>> from peopleops import classify_many, profile
>>> tasks = ["Run payroll", "Mediate a dispute between two colleagues", "Buy printer toner"]
>>> p = profile(classify_many(tasks))
>>> p.lines, p.hr, p.not_hr
(3, 2, 1)
>>> p.share("reactive") > 0
True
>>> [s.activity for s in p.suggestions][:1]
['dispute_mediation']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from peopleops.catalogue import Catalogue
from peopleops.catalogue import catalogue as builtin_catalogue
from peopleops.model import Axis, Orientation, Pole, axis_of, parse_pole

if TYPE_CHECKING:
    from peopleops.classify import Result

__all__ = [
    "AreaCount",
    "AxisCount",
    "Balance",
    "Counterpart",
    "Profile",
    "Suggestion",
    "profile",
]

UNDECIDED = "undecided"
"""The key under which an axis reports the HR lines that gave no basis for a pole."""

_LEANING_MARGIN = 0.1
"""How far the People Ops share must be from one half before a profile leans one way."""


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _round(value: float) -> float:
    return round(value, 4)


@attrs.frozen
class AreaCount:
    """How many HR lines fell in one functional area.

    Attributes:
        id: The area id (``talent_acquisition`` ...).
        name: The area's human name (the id when the catalogue does not know it).
        count: Lines classified in the area.
        share: ``count`` over the profile's HR lines (0 when there are none).
    """

    id: str
    name: str
    count: int
    share: float


@attrs.frozen
class AxisCount:
    """How the HR lines split on one axis: each pole, and undecided.

    Attributes:
        axis: The axis.
        first: Lines on the traditional-HR pole (reactive, transactional, hr, ...).
        second: Lines on the People Ops pole (proactive, strategic, people_ops, ...).
        undecided: HR lines that gave no basis for either pole.
    """

    axis: Axis
    first: int
    second: int
    undecided: int

    @property
    def total(self) -> int:
        """The HR lines counted on this axis (decided or not)."""
        return self.first + self.second + self.undecided

    def count(self, pole: Pole | str) -> int:
        """Lines on ``pole`` (a pole of this axis, or ``"undecided"``)."""
        if pole == UNDECIDED:
            return self.undecided
        parsed = parse_pole(pole)
        if axis_of(parsed) is not self.axis:
            msg = f"pole {parsed.value!r} is not on the {self.axis.value} axis"
            raise ValueError(msg)
        return self.first if parsed is self.axis.poles[0] else self.second

    def share(self, pole: Pole | str) -> float:
        """The share of HR lines on ``pole`` (or ``"undecided"``); 0 when there are none."""
        return _share(self.count(pole), self.total)

    def to_dict(self) -> dict[str, dict[str, float | int]]:
        """``{pole: {"count": n, "share": s}}`` for both poles and ``undecided``."""
        keys = [*(pole.value for pole in self.axis.poles), UNDECIDED]
        return {key: {"count": self.count(key), "share": _round(self.share(key))} for key in keys}


@attrs.frozen
class Balance:
    """Where the HR lines sit between traditional HR and People Operations.

    Every decided position of every HR line on the five axes counts once: on the
    traditional-HR pole (reactive, transactional, hr, established, siloed) or on the People
    Ops pole (proactive, strategic, people_ops, experimental, multidisciplinary).

    Attributes:
        hr: Decided positions on the traditional-HR poles.
        people_ops: Decided positions on the People Ops poles.
    """

    hr: int
    people_ops: int

    @property
    def people_ops_share(self) -> float:
        """``people_ops / (hr + people_ops)``: 0 all traditional HR, 1 all People Ops."""
        return _share(self.people_ops, self.hr + self.people_ops)

    @property
    def leaning(self) -> str:
        """``"hr"``, ``"people_ops"`` or ``"balanced"`` (within 0.1 of one half, or no data).

        >>> Balance(hr=8, people_ops=2).leaning
        'hr'
        """
        if not self.hr + self.people_ops:
            return "balanced"
        share = self.people_ops_share
        if share < 0.5 - _LEANING_MARGIN:
            return "hr"
        if share > 0.5 + _LEANING_MARGIN:
            return "people_ops"
        return "balanced"

    def to_dict(self) -> dict[str, Any]:
        """The counts, the People Ops share and the leaning."""
        return {
            "hr": self.hr,
            "people_ops": self.people_ops,
            "people_ops_share": _round(self.people_ops_share),
            "leaning": self.leaning,
        }


@attrs.frozen
class Counterpart:
    """A proactive activity that makes a reactive one rarer."""

    id: str
    name: str


@attrs.frozen
class Suggestion:
    """Reactive work found in the task list, with its proactive alternatives.

    Attributes:
        activity: The reactive activity's id.
        name: Its human name.
        count: HR lines classified as this activity and reactive.
        share: ``count`` over the profile's HR lines.
        counterparts: The catalogue's proactive alternatives (possibly none).
    """

    activity: str
    name: str
    count: int
    share: float
    counterparts: tuple[Counterpart, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able mapping."""
        return {
            "activity": self.activity,
            "name": self.name,
            "count": self.count,
            "share": _round(self.share),
            "counterparts": [attrs.asdict(c) for c in self.counterparts],
        }


_Kind: TypeAlias = tuple[str, str | None, *tuple[Pole | None, ...]]
"""An HR line's area, activity and pole on each axis (in :class:`Axis` order)."""


class _Tally:
    """The running counts behind a profile.

    HR lines are counted by kind (area, activity, poles): the number of kinds is bounded by
    the catalogue, not by the input, and counting one tuple per line is cheaper than
    updating a counter per axis.
    """

    __slots__ = ("kinds", "lines", "not_hr", "not_hr_cued")

    def __init__(self, results: Iterable[Result]) -> None:
        kinds: Counter[_Kind] = Counter()
        lines = not_hr = cued = 0
        for result in results:
            lines += 1
            area = result.area
            if area is None:
                not_hr += 1
                for evidence in result.evidence:
                    if evidence.kind == "cue" and evidence.signal == "not_hr":
                        cued += 1
                        break
                continue
            kinds[
                (
                    area,
                    result.activity,
                    result.orientation,
                    result.focus,
                    result.approach,
                    result.systems,
                    result.collaboration,
                )
            ] += 1
        self.kinds = kinds
        self.lines = lines
        self.not_hr = not_hr
        self.not_hr_cued = cued

    def counts(self) -> tuple[Counter[str], Counter[str], Counter[str], Counter[Pole]]:
        """Lines per area, per activity, reactive lines per activity, and lines per pole."""
        areas: Counter[str] = Counter()
        activities: Counter[str] = Counter()
        reactive: Counter[str] = Counter()
        poles: Counter[Pole] = Counter()
        for (area, activity, *kind_poles), count in self.kinds.items():
            areas[area] += count
            for pole in kind_poles:
                if pole is not None:
                    poles[pole] += count
            if activity is not None:
                activities[activity] += count
                if kind_poles[0] is Orientation.REACTIVE:
                    reactive[activity] += count
        return areas, activities, reactive, poles


def _name(cat: Catalogue, activity: str) -> str:
    found = cat.get(activity)
    return found.name if found is not None else activity


@attrs.frozen
class Profile:
    """What a classified task list says about the function that wrote it.

    Build one with :func:`profile` or :meth:`from_results`. All shares are floats in
    ``[0, 1]``; shares by area and axis are over :attr:`hr` lines, :attr:`not_hr_share`
    is over all :attr:`lines`.

    Attributes:
        lines: Every result counted.
        hr: Lines classified as HR work (an area was found).
        not_hr: Lines that are not HR work or that the catalogue did not recognise.
        not_hr_cued: Of :attr:`not_hr`, the lines an explicit not-HR cue marked.
        areas: Lines per area: every catalogue area in catalogue order, then any other area
            seen, sorted.
        axes: The split on each axis, in :class:`~peopleops.model.Axis` order.
        activities: ``(activity id, lines)`` for every activity seen, most lines first.
        suggestions: Reactive work found, most lines first, with its proactive alternatives.

    >>> from peopleops import classify_many
    >>> p = Profile.from_results(classify_many(["Process payroll", "Run payroll", ""]))
    >>> p.area("total_rewards").count, p.share("transactional")
    (2, 1.0)
    """

    lines: int
    hr: int
    not_hr: int
    not_hr_cued: int
    areas: tuple[AreaCount, ...]
    axes: tuple[AxisCount, ...]
    activities: tuple[tuple[str, int], ...]
    suggestions: tuple[Suggestion, ...]

    @classmethod
    def from_results(cls, results: Iterable[Result], catalogue: Catalogue | None = None) -> Profile:
        """Fold ``results`` (consumed once, in constant memory) into a profile.

        Args:
            results: Classification results, e.g. from :func:`peopleops.classify_many`.
            catalogue: The catalogue the results came from, for names and counterparts
                (default: the built-in one). Ids it does not know are kept, named by id.
        """
        cat = catalogue if catalogue is not None else builtin_catalogue()
        tally = _Tally(results)
        tally_areas, tally_activities, tally_reactive, tally_poles = tally.counts()
        hr = tally.lines - tally.not_hr
        known = [area.id for area in cat.areas]
        area_ids = known + sorted(set(tally_areas) - set(known))
        names = {area.id: area.name for area in cat.areas}
        areas = [
            AreaCount(ident, names.get(ident, ident), tally_areas[ident], _share(tally_areas[ident], hr))
            for ident in area_ids
        ]
        axes = []
        for axis in Axis:
            first, second = (tally_poles[pole] for pole in axis.poles)
            axes.append(AxisCount(axis, first, second, hr - first - second))
        activities = sorted(tally_activities.items(), key=lambda item: (-item[1], item[0]))
        suggestions = [
            Suggestion(
                ident,
                _name(cat, ident),
                count,
                _share(count, hr),
                tuple(Counterpart(other, _name(cat, other)) for other in _counterparts(cat, ident)),
            )
            for ident, count in sorted(tally_reactive.items(), key=lambda item: (-item[1], item[0]))
        ]
        return cls(
            lines=tally.lines,
            hr=hr,
            not_hr=tally.not_hr,
            not_hr_cued=tally.not_hr_cued,
            areas=tuple(areas),
            axes=tuple(axes),
            activities=tuple(activities),
            suggestions=tuple(suggestions),
        )

    # -- queries ------------------------------------------------------------------------
    @property
    def not_hr_share(self) -> float:
        """The share of all lines that are not HR work or were not recognised."""
        return _share(self.not_hr, self.lines)

    def axis(self, axis: Axis | str) -> AxisCount:
        """The split of the HR lines on ``axis``."""
        wanted = Axis(axis)
        return next(count for count in self.axes if count.axis is wanted)

    def area(self, area: str) -> AreaCount:
        """The count for the area with id ``area`` (zero for an area never seen)."""
        for count in self.areas:
            if count.id == area:
                return count
        return AreaCount(area, area, 0, 0.0)

    def share(self, pole: Pole | str) -> float:
        """The share of HR lines on ``pole`` (any axis's pole string).

        >>> from peopleops import classify_many
        >>> profile(classify_many(["Run payroll"])).share("hr")
        1.0
        """
        parsed = parse_pole(pole)
        return self.axis(axis_of(parsed)).share(parsed)

    @property
    def balance(self) -> Balance:
        """The traditional-HR versus People Ops balance over all five axes."""
        return Balance(
            hr=sum(count.first for count in self.axes),
            people_ops=sum(count.second for count in self.axes),
        )

    # -- rendering ----------------------------------------------------------------------
    def _repr_html_(self) -> str:
        """Notebook display: shares by area and pole, and the suggestions (all escaped).

        >>> from peopleops.classify import classify_many
        >>> "<table" in profile(classify_many(["Run payroll"]))._repr_html_()
        True
        """
        from peopleops._html import profile_html

        return profile_html(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able mapping (shares rounded to 4 places).

        Keys: ``lines``, ``hr``, ``not_hr`` (count, share, cued, unrecognised), ``areas``
        (id -> name, count, share), one key per axis (pole or ``undecided`` -> count,
        share), ``balance``, ``activities`` (id -> count) and ``suggestions``.

        >>> from peopleops import classify_many
        >>> d = profile(classify_many(["Run payroll"])).to_dict()
        >>> d["orientation"]["reactive"], d["not_hr"]["count"]
        ({'count': 1, 'share': 1.0}, 0)
        """
        return {
            "lines": self.lines,
            "hr": self.hr,
            "not_hr": {
                "count": self.not_hr,
                "share": _round(self.not_hr_share),
                "cued": self.not_hr_cued,
                "unrecognised": self.not_hr - self.not_hr_cued,
            },
            "areas": {
                area.id: {"name": area.name, "count": area.count, "share": _round(area.share)} for area in self.areas
            },
            **{count.axis.value: count.to_dict() for count in self.axes},
            "balance": self.balance.to_dict(),
            "activities": dict(self.activities),
            "suggestions": [suggestion.to_dict() for suggestion in self.suggestions],
        }

    def to_text(self) -> str:
        """A plain-text report made of aligned tables.

        >>> from peopleops import classify_many
        >>> print(profile(classify_many(["Run payroll"])).to_text())  # doctest: +ELLIPSIS
        1 lines: 1 HR (100.0%), 0 not HR or not recognised (0.0%)
        ...
        """
        out = [*self._headline(), ""]
        for title, header, rows in self._sections():
            out += [title, *_text_table(header, rows), ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def to_markdown(self) -> str:
        """A Markdown report: a headline, then one table per section.

        >>> from peopleops import classify_many
        >>> print(profile(classify_many(["Run payroll"])).to_markdown())  # doctest: +ELLIPSIS
        # Task list profile
        <BLANKLINE>
        - 1 lines: 1 HR (100.0%), 0 not HR or not recognised (0.0%)
        ...
        """
        out = ["# Task list profile", "", *(f"- {line}" for line in self._headline()), ""]
        for title, header, rows in self._sections():
            out += [f"## {title}", "", *_markdown_table(header, rows), ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def _headline(self) -> list[str]:
        balance = self.balance
        leaning = {
            "hr": "leans to traditional HR",
            "people_ops": "leans to People Operations",
        }.get(balance.leaning, "balanced between HR and People Operations")
        return [
            f"{self.lines} lines: {self.hr} HR ({_pct(_share(self.hr, self.lines))}), "
            f"{self.not_hr} not HR or not recognised ({_pct(self.not_hr_share)})",
            f"Balance: {_pct(balance.people_ops_share)} of decided positions on the People Ops side: {leaning}",
        ]

    def _sections(self) -> list[tuple[str, Sequence[str], list[Sequence[str]]]]:
        area_rows: list[Sequence[str]] = [
            (area.id, area.name, str(area.count), _pct(area.share)) for area in self.areas
        ]
        axis_rows: list[Sequence[str]] = []
        for count in self.axes:
            first, second = count.axis.poles
            axis_rows.append(
                (
                    count.axis.value,
                    f"{first.value} {_pct(count.share(first))}",
                    f"{second.value} {_pct(count.share(second))}",
                    _pct(count.share(UNDECIDED)),
                )
            )
        suggestion_rows: list[Sequence[str]] = [
            (
                f"{s.name} ({s.activity})",
                str(s.count),
                _pct(s.share),
                ", ".join(f"{c.name} ({c.id})" for c in s.counterparts) or "-",
            )
            for s in self.suggestions
        ]
        sections: list[tuple[str, Sequence[str], list[Sequence[str]]]] = [
            ("Areas (share of HR lines)", ("area", "name", "lines", "share"), area_rows),
            (
                "Axes (share of HR lines)",
                ("axis", "HR pole", "People Ops pole", "undecided"),
                axis_rows,
            ),
        ]
        if suggestion_rows:
            sections.append(
                (
                    "Reactive work and proactive alternatives",
                    ("reactive activity", "lines", "share", "proactive alternatives"),
                    suggestion_rows,
                )
            )
        return sections


def _counterparts(cat: Catalogue, ident: str) -> tuple[str, ...]:
    found = cat.get(ident)
    return found.counterparts if found is not None else ()


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return [line(header), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


def _markdown_cell(text: str) -> str:
    """Escape what would break a table row (pipes) or be rendered as HTML (angle brackets)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |"

    return [
        line(header),
        "| " + " | ".join("---" for _ in header) + " |",
        *(line(row) for row in rows),
    ]


def profile(results: Iterable[Result], catalogue: Catalogue | None = None) -> Profile:
    """Fold classification results into a :class:`Profile` (see :meth:`Profile.from_results`).

    >>> from peopleops import classify_many
    >>> profile(classify_many(["Run payroll", "Order lunch"])).not_hr_share
    0.5
    """
    return Profile.from_results(results, catalogue)
