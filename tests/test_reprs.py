"""Notebook reprs: Activity._repr_html_ and Catalogue._repr_html_."""

from __future__ import annotations

import html
import re

import attrs
from hypothesis import given, settings

from peopleops import catalogue, classify, classify_many, profile
from peopleops._html import profile_html, result_html, results_html
from peopleops.catalogue import Catalogue
from peopleops.model import Axis
from tests.strategies import catalogues, texts

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


# -- results and profiles (peopleops._html, for Result/Profile._repr_html_) ---------------------



def test_result_html_marks_evidence_and_lists_poles_with_basis() -> None:
    """A result's table marks the matched words in the line and gives each pole's basis."""
    result = classify("Mediate the dispute between two colleagues after a complaint")
    markup = result_html(result)
    caption = markup.split("<caption>", 1)[1].split("</caption>", 1)[0]
    assert "<mark>" in caption
    assert html.unescape(re.sub(r"</?mark>", "", caption)) == result.text
    assert f"<th>activity</th><td>{result.activity}</td>" in markup
    for axis, basis in result.basis:
        assert f"<th>{axis}</th><td>{result.pole(axis)} ({basis})</td>" in markup


@settings(max_examples=40, deadline=None)
@given(text=texts)
def test_result_html_escapes_any_line(text: str) -> None:
    """Whatever the line, its text comes back intact once marks are stripped and unescaped."""
    result = classify(text)
    caption = result_html(result).split("<caption>", 1)[1].split("</caption>", 1)[0]
    assert "<" not in re.sub(r"</?mark>", "", caption)
    assert html.unescape(re.sub(r"</?mark>", "", caption)) == text


def test_results_html_has_a_row_per_line_and_escapes() -> None:
    """A batch shows one row per line, escaped, and says when rows were left out."""
    lines = ["Run payroll", "<b>Order toner</b>"]
    markup = results_html(classify_many(lines))
    assert markup.count("<tr>") == len(lines) + 1
    assert "&lt;b&gt;Order toner&lt;/b&gt;" in markup
    many = results_html(classify_many(["Run payroll"] * 205))
    assert many.count("<tr>") == 201
    assert "and 5 more" in many


def test_profile_html_shows_headline_areas_axes_and_suggestions() -> None:
    """A profile shows its counts, only the areas seen, every axis and the reactive work."""
    prof = profile(classify_many(["Run payroll", "Mediate a dispute between colleagues", "Order toner"]))
    markup = profile_html(prof)
    assert f"{prof.lines} lines, {prof.hr} HR work" in markup
    seen = [a for a in prof.areas if a.count]
    assert all(f"<td>{html.escape(a.name)}</td>" in markup for a in seen)
    assert all(f"<td>{c.axis}</td>" in markup for c in prof.axes)
    for suggestion in prof.suggestions:
        assert f"<td>{html.escape(suggestion.name)}</td>" in markup


def test_batch_repr_escapes_task_text_and_counts_lines() -> None:
    """A batch of results shows one escaped row per line in a notebook."""
    from peopleops import classify_batch

    batch = classify_batch(["Run payroll <script>", "Order printer toner"])
    html = batch._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<tr>") == 3  # the header and two lines
    assert list(batch.to_dataframe()["activity"].isna()) == [False, True]
