"""The vocabulary of the taxonomy: axes, poles, areas, stages and activities.

Each classification axis is an :class:`~enum.Enum` with two poles. An :class:`Activity`
places itself on every axis with a :class:`Position`: a pole and a strength in ``(0, 1]``,
so routine work such as payroll can sit near the middle of reactive/proactive while still
having a pole that users can query.

>>> from peopleops.model import Orientation, Position
>>> routine = Position(Orientation.REACTIVE, 0.2)
>>> routine.axis, routine.signed
(<Axis.ORIENTATION: 'orientation'>, -0.2)
>>> parse_pole("proactive")
<Orientation.PROACTIVE: 'proactive'>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum, StrEnum
from typing import Any, TypeAlias

import attrs

__all__ = [
    "AXES",
    "POLES",
    "Activity",
    "Approach",
    "Area",
    "Axis",
    "Collaboration",
    "Focus",
    "Framework",
    "Orientation",
    "Pole",
    "Position",
    "Reference",
    "Stage",
    "Systems",
    "parse_pole",
]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


class _StrEnum(StrEnum):
    """A string-valued enum whose ``str()`` is its value."""

    def __str__(self) -> str:
        return str(self.value)


class Approach(_StrEnum):
    """Traditional HR or People Operations style."""

    HR = "hr"
    PEOPLE_OPS = "people_ops"


class Orientation(_StrEnum):
    """Responding to what has happened, or anticipating what will."""

    REACTIVE = "reactive"
    PROACTIVE = "proactive"


class Focus(_StrEnum):
    """Executing a defined process step, or setting direction."""

    TRANSACTIONAL = "transactional"
    STRATEGIC = "strategic"


class Systems(_StrEnum):
    """Running established systems, or trying new ways of working."""

    ESTABLISHED = "established"
    EXPERIMENTAL = "experimental"


class Collaboration(_StrEnum):
    """Working inside the HR silo, or across disciplines."""

    SILOED = "siloed"
    MULTIDISCIPLINARY = "multidisciplinary"


Pole: TypeAlias = Approach | Orientation | Focus | Systems | Collaboration


class Axis(_StrEnum):
    """The classification axes, in their canonical order."""

    ORIENTATION = "orientation"
    FOCUS = "focus"
    APPROACH = "approach"
    SYSTEMS = "systems"
    COLLABORATION = "collaboration"

    @property
    def poles(self) -> tuple[Pole, Pole]:
        """The two poles of this axis: the traditional-HR pole first."""
        first, second = AXES[self]
        return first, second


AXES: Mapping[Axis, type[Pole]] = {
    Axis.ORIENTATION: Orientation,
    Axis.FOCUS: Focus,
    Axis.APPROACH: Approach,
    Axis.SYSTEMS: Systems,
    Axis.COLLABORATION: Collaboration,
}
"""Each axis and the enum of its poles. The first member of each enum is the traditional-HR
pole (reactive, transactional, hr, established, siloed)."""

POLES: Mapping[str, Pole] = {member.value: member for enum in AXES.values() for member in enum}
"""Every pole by its string value; pole strings are unique across axes."""

_AXIS_OF: Mapping[Pole, Axis] = {
    member: axis for axis, enum in AXES.items() for member in enum
}


def parse_pole(value: str | Pole) -> Pole:
    """Return the pole named ``value`` (``"reactive"``, ``"people_ops"`` ...).

    Raises:
        UnknownIdError: ``value`` names no pole; the message suggests close matches.
    """
    if isinstance(value, Enum):
        return value
    try:
        return POLES[value]
    except KeyError:
        from peopleops._text import close_matches
        from peopleops.errors import UnknownIdError

        raise UnknownIdError("pole", value, close_matches(str(value), POLES)) from None


def axis_of(pole: Pole) -> Axis:
    """Return the axis ``pole`` belongs to."""
    return _AXIS_OF[pole]


def _strength(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 < value <= 1.0:
        msg = f"{attribute.name} must be in (0, 1], got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Position:
    """Where an activity sits on one axis: a pole, and how strongly (``0 < strength <= 1``).

    A strength near 0 means "barely on this side of the middle"; 1 means "the defining
    example of this pole".
    """

    pole: Pole = attrs.field(converter=parse_pole)
    strength: float = attrs.field(default=0.5, converter=float, validator=_strength)

    @property
    def axis(self) -> Axis:
        """The axis this position is on."""
        return _AXIS_OF[self.pole]

    @property
    def signed(self) -> float:
        """The strength signed: negative on the traditional-HR pole, positive on the other."""
        first = self.axis.poles[0]
        return -self.strength if self.pole is first else self.strength


class Framework(_StrEnum):
    """The standard HR frameworks an activity can reference."""

    APQC = "apqc"
    """APQC Process Classification Framework, category 7.0; ids are PCF element ids."""
    ONET = "onet"
    """O*NET work activities; ids are GWA/IWA/DWA element ids."""
    OPM = "opm"
    """OPM Human Capital Business Reference Model; ids are HCBRM activity ids."""
    SHRM = "shrm"
    """SHRM BASK functional areas and competencies; ids are slugs of their names."""


@attrs.frozen(order=True)
class Reference:
    """A pointer to an element of a standard framework, written ``framework:id``.

    >>> Reference.parse("apqc:10418")
    Reference(framework=<Framework.APQC: 'apqc'>, id='10418')
    >>> str(Reference.parse("opm:HCM.A7-2.010"))
    'opm:HCM.A7-2.010'
    """

    framework: Framework = attrs.field(converter=Framework)
    id: str = attrs.field(validator=attrs.validators.min_len(1))

    @classmethod
    def parse(cls, text: str) -> Reference:
        """Parse ``"framework:id"``.

        Raises:
            ValueError: The text has no ``:`` or names no known framework.
        """
        framework, sep, ident = text.partition(":")
        if not sep or not ident:
            msg = f"reference {text!r} is not of the form 'framework:id'"
            raise ValueError(msg)
        try:
            return cls(Framework(framework), ident)
        except ValueError:
            known = ", ".join(f.value for f in Framework)
            msg = f"reference {text!r} names unknown framework {framework!r} (known: {known})"
            raise ValueError(msg) from None

    def __str__(self) -> str:
        return f"{self.framework.value}:{self.id}"


def _is_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not ID_PATTERN.match(value):
        msg = f"{attribute.name} must be a lower_snake_case id, got {value!r}"
        raise ValueError(msg)


def _ids(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    for item in value:
        if not isinstance(item, str) or not ID_PATTERN.match(item):
            msg = f"{attribute.name} must hold lower_snake_case ids, got {item!r}"
            raise ValueError(msg)


def _texts(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            msg = f"{attribute.name} must hold non-empty strings, got {item!r}"
            raise ValueError(msg)


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str):
        msg = f"expected a sequence of strings, got the string {value!r}"
        raise TypeError(msg)
    return tuple(value)


def _references(value: Iterable[Reference | str]) -> tuple[Reference, ...]:
    return tuple(r if isinstance(r, Reference) else Reference.parse(r) for r in _tuple(value))


def _on_axis(axis: Axis) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Position], value: Position) -> None:
        if value.axis is not axis:
            msg = f"{attribute.name} must be a position on the {axis} axis, got {value.pole!r}"
            raise ValueError(msg)

    return check


def _position(value: Position | str) -> Position:
    return value if isinstance(value, Position) else Position(parse_pole(value))


_NON_EMPTY: Any = attrs.validators.min_len(1)


@attrs.frozen
class Area:
    """A functional area of HR work (``talent_acquisition``, ``total_rewards`` ...)."""

    id: str = attrs.field(validator=_is_id)
    name: str = attrs.field(validator=_NON_EMPTY)
    description: str = ""


@attrs.frozen
class Stage:
    """A stage of the employee lifecycle; ``precedes`` lists the stages that follow it."""

    id: str = attrs.field(validator=_is_id)
    name: str = attrs.field(validator=_NON_EMPTY)
    description: str = ""
    precedes: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)


@attrs.frozen
class Activity:
    """One kind of HR work, placed on every axis.

    Attributes:
        id: Stable ``lower_snake_case`` id; part of the API.
        name: Short human name.
        description: One paragraph saying what the work is and why it sits where it does.
        area: The id of its primary functional area.
        stages: Ids of the lifecycle stages it belongs to (at least one).
        orientation: Position on reactive/proactive.
        focus: Position on transactional/strategic.
        approach: Position on HR/People Ops.
        systems: Position on established/experimental.
        collaboration: Position on siloed/multidisciplinary.
        legal_emphasis: Whether legal or regulatory compliance is central to the work.
        phrases: How people write this work in task lists; they drive the classifier.
        counterparts: For a reactive activity, the proactive activities that make it rarer.
        prevents: For a proactive activity, the reactive activities it makes rarer.
        references: Matching elements of standard frameworks.

    >>> from peopleops import catalogue
    >>> payroll = catalogue()["payroll_processing"]
    >>> payroll.approach.pole, payroll.focus.pole
    (<Approach.HR: 'hr'>, <Focus.TRANSACTIONAL: 'transactional'>)
    """

    id: str = attrs.field(validator=_is_id)
    name: str = attrs.field(validator=_NON_EMPTY)
    description: str
    area: str = attrs.field(validator=_is_id)
    stages: tuple[str, ...] = attrs.field(converter=_tuple, validator=[_NON_EMPTY, _ids])
    orientation: Position = attrs.field(
        converter=_position, validator=_on_axis(Axis.ORIENTATION)
    )
    focus: Position = attrs.field(converter=_position, validator=_on_axis(Axis.FOCUS))
    approach: Position = attrs.field(converter=_position, validator=_on_axis(Axis.APPROACH))
    systems: Position = attrs.field(converter=_position, validator=_on_axis(Axis.SYSTEMS))
    collaboration: Position = attrs.field(
        converter=_position, validator=_on_axis(Axis.COLLABORATION)
    )
    legal_emphasis: bool = False
    phrases: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_texts)
    counterparts: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    prevents: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    references: tuple[Reference, ...] = attrs.field(default=(), converter=_references)

    def position(self, axis: Axis | str) -> Position:
        """Return the position on ``axis``."""
        value: Position = getattr(self, Axis(axis).value)
        return value

    @property
    def positions(self) -> tuple[Position, ...]:
        """The positions on every axis, in :class:`Axis` order."""
        return tuple(self.position(axis) for axis in Axis)

    @property
    def poles(self) -> frozenset[Pole]:
        """The pole on every axis."""
        return frozenset(position.pole for position in self.positions)

    def has(self, *poles: Pole | str) -> bool:
        """Whether the activity sits on every one of ``poles``.

        >>> from peopleops import catalogue
        >>> catalogue()["dispute_mediation"].has("reactive", "hr")
        True
        """
        mine = self.poles
        return all(parse_pole(pole) in mine for pole in poles)

    @property
    def quadrant(self) -> tuple[Orientation, Focus]:
        """The orientation x focus quadrant, e.g. ``(REACTIVE, TRANSACTIONAL)``."""
        return self.orientation.pole, self.focus.pole  # type: ignore[return-value]  # validated on axis

    def _repr_html_(self) -> str:
        """A compact HTML table for notebooks; every text is escaped.

        >>> from peopleops import catalogue
        >>> html = catalogue()["payroll_processing"]._repr_html_()
        >>> "<th>orientation</th><td>reactive (0.15)</td>" in html
        True
        """
        from html import escape

        rows = [("area", self.area), ("stages", ", ".join(self.stages))]
        rows += [(p.axis.value, f"{p.pole.value} ({p.strength:.2f})") for p in self.positions]
        rows += [("legal emphasis", "yes" if self.legal_emphasis else "no")]
        rows += [(key, ", ".join(map(str, getattr(self, key))))
                 for key in ("counterparts", "prevents", "references") if getattr(self, key)]
        body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
        return (
            f'<table class="peopleops-activity"><caption><b>{escape(self.name)}</b> '
            f"<code>{escape(self.id)}</code><br>{escape(self.description)}</caption>{body}</table>"
        )

    def to_mapping(self) -> dict[str, Any]:
        """Return a plain, JSON-able mapping in the catalogue file schema.

        :meth:`from_mapping` reads it back to an equal activity.
        """
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "area": self.area,
            "stages": list(self.stages),
            **{axis.value: self.position(axis).pole.value for axis in Axis},
            "strength": {axis.value: self.position(axis).strength for axis in Axis},
            "legal_emphasis": self.legal_emphasis,
            "phrases": list(self.phrases),
            "counterparts": list(self.counterparts),
            "prevents": list(self.prevents),
            "references": [str(reference) for reference in self.references],
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Activity:
        """Build an activity from a mapping in the catalogue file schema.

        The mapping is assumed to be checked already (see :mod:`peopleops.schema`); a bad
        value raises the ``ValueError``/``TypeError`` of the failing attrs validator.
        """
        strengths: Mapping[str, float] = data.get("strength", {})
        positions = {
            axis.value: Position(data[axis.value], strengths.get(axis.value, 0.5))
            for axis in Axis
        }
        return cls(
            id=data["id"],
            name=data["name"],
            description=data.get("description", ""),
            area=data["area"],
            stages=data["stages"],
            legal_emphasis=data.get("legal_emphasis", False),
            phrases=data.get("phrases", ()),
            counterparts=data.get("counterparts", ()),
            prevents=data.get("prevents", ()),
            references=data.get("references", ()),
            **positions,
        )
