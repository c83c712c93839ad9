"""Notebook reprs: Activity._repr_html_ and Catalogue._repr_html_."""

from __future__ import annotations

import html
import re

import attrs
from hypothesis import given, settings

from peopleops import catalogue
from peopleops.catalogue import Catalogue
from peopleops.model import Axis
from strategies import catalogues, texts

NASTY = '<script>alert("x")</script> & <b>bold</b>'


def _text_outside_tags(markup: str) -> str:
    return re.sub(r"<[^>]*>", "", markup)


def test_activity_repr_lists_every_axis_with_pole_and_strength() -> None:
    """An activity's table has a row per axis showing its pole and strength."""
    payroll = catalogue()["payroll_processing"]
    markup = payroll._repr_html_()
    for axis in Axis:
        position = payroll.position(axis)
        assert f"<th>{axis}</th><td>{position.pole} ({position.strength:.2f})</td>" in markup
    assert "<code>payroll_processing</code>" in markup


def test_activity_repr_shows_links_and_references() -> None:
    """Counterparts and framework references appear in the activity's table."""
    markup = catalogue()["dispute_mediation"]._repr_html_()
    assert "<th>counterparts</th><td>conflict_resolution_workshops</td>" in markup
    assert "onet:4.A.4.a.7.I01.D03" in markup


def test_activity_repr_escapes_text() -> None:
    """Markup in an activity's name and description is escaped, never rendered."""
    activity = attrs.evolve(catalogue()["payroll_processing"], name=NASTY, description=NASTY)
    markup = activity._repr_html_()
    assert "<script>" not in markup
    assert "<b>bold</b>" not in markup
    assert markup.count(html.escape(NASTY)) == 2


def test_catalogue_repr_has_a_row_per_activity_in_order() -> None:
    """The catalogue's table has one body row per activity, in catalogue order."""
    cat = catalogue()
    markup = cat._repr_html_()
    body = markup.split("<tbody>", 1)[1]
    ids = re.findall(r"<tr><td>([a-z0-9_]+)</td>", body)
    assert ids == list(cat.ids)
    assert f"{len(cat)} activities in {len(cat.areas)} areas" in markup


@settings(max_examples=25, deadline=None)
@given(cat=catalogues(max_activities=4), name=texts)
def test_catalogue_repr_escapes_every_text(cat: Catalogue, name: str) -> None:
    """Whatever the texts, the catalogue's table shows them escaped and well formed."""
    cat = attrs.evolve(cat, name=name or "x")
    markup = cat._repr_html_()
    assert markup.count("<tr>") == len(cat) + 1
    assert html.escape(cat.name) in markup
    visible = html.unescape(_text_outside_tags(markup))
    for activity in cat:
        assert activity.name in visible


@settings(max_examples=25, deadline=None)
@given(description=texts)
def test_activity_repr_escapes_any_description(description: str) -> None:
    """Any description comes back unchanged once the markup is stripped and unescaped."""
    activity = attrs.evolve(catalogue()["payroll_processing"], description=description)
    markup = activity._repr_html_()
    assert html.escape(description) in markup
