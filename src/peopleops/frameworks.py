"""The standard HR frameworks that activities reference, read from shipped tables.

The tables under ``peopleops/data/frameworks/`` hold ids, titles and hierarchy only (see
``NOTICE.md`` there for sources, licences and the notices that travel with them):

* ``apqc``: APQC Process Classification Framework® v7.4, category 7.0, keyed by PCF id;
* ``onet``: O*NET® 29.3 work activities of HR occupations, keyed by element id;
* ``opm``: OPM Human Capital Business Reference Model activities, keyed by activity id;
* ``shrm``: SHRM BASK functional areas and competencies, keyed by a slug of the name.

>>> element = lookup("apqc:10418")
>>> element.title
'Identify strategic HR needs'
>>> lookup("shrm:total_rewards").title
'Total Rewards'
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator, Mapping
from importlib.resources import files

import attrs

from peopleops._text import close_matches
from peopleops.errors import UnknownIdError
from peopleops.model import Framework, Reference

__all__ = ["Element", "elements", "lookup"]


@attrs.frozen
class Element:
    """One element of a framework: its reference, title, level and parent (if any)."""

    reference: Reference
    title: str
    level: str = ""
    parent: Reference | None = None

    @property
    def framework(self) -> Framework:
        """The framework the element belongs to."""
        return self.reference.framework


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (files("peopleops") / "data" / "frameworks" / name).read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)


def slug(name: str) -> str:
    """Return the id minted for a framework name that has none (SHRM BASK).

    >>> slug("Employee & Labor Relations")
    'employee_labor_relations'
    """
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")


def _read() -> Iterator[Element]:
    for row in _rows("apqc_pcf_7.tsv"):
        yield Element(Reference(Framework.APQC, row["pcf_id"]), row["title"], f"level {row['level']}")
    for row in _rows("onet_hr_work_activities.tsv"):
        parent = Reference(Framework.ONET, row["parent_id"]) if row["parent_id"] else None
        yield Element(Reference(Framework.ONET, row["element_id"]), row["title"], row["level"], parent)
    for row in _rows("opm_hcbrm_activities.tsv"):
        yield Element(Reference(Framework.OPM, row["activity_id"]), row["activity_title"], "activity")
    for row in _rows("shrm_bask_areas.tsv"):
        yield Element(Reference(Framework.SHRM, slug(row["name"])), row["name"], row["kind"])


@functools.cache
def elements() -> Mapping[Reference, Element]:
    """Return every known framework element by reference (loaded once)."""
    return {element.reference: element for element in _read()}


def lookup(reference: Reference | str) -> Element:
    """Return the element ``reference`` points to.

    Raises:
        UnknownIdError: No shipped table has that element; close ids are suggested.
        ValueError: ``reference`` is not of the form ``framework:id``.
    """
    ref = reference if isinstance(reference, Reference) else Reference.parse(reference)
    try:
        return elements()[ref]
    except KeyError:
        same = [str(r) for r in elements() if r.framework is ref.framework]
        raise UnknownIdError("framework reference", str(ref), close_matches(str(ref), same)) from None
