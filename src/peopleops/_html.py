"""HTML tables for notebooks: one classification result, a batch of results, a profile.

Each function returns a compact ``<table>``; every piece of text from the input (task text,
names, phrases) is escaped. ``Result._repr_html_`` and ``Profile._repr_html_`` are meant to
call :func:`result_html` and :func:`profile_html`; :func:`results_html` shows a list of results.

>>> from peopleops import classify
>>> html = result_html(classify("Run payroll <now>"))
>>> "<mark>Run payroll</mark> &lt;now&gt;" in html
True
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from peopleops.model import Axis

if TYPE_CHECKING:
    from peopleops.classify import Result
    from peopleops.profile import Profile

__all__ = ["profile_html", "result_html", "results_html"]

_MAX_ROWS = 200
"""Rows :func:`results_html` shows before saying how many more there are."""


def _highlight(result: Result) -> str:
    """The line with its evidence spans in ``<mark>``; overlapping spans are merged."""
    spans: list[list[int]] = []
    for start, end in sorted((e.start, e.end) for e in result.evidence if e.end > e.start):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out, at = [], 0
    for start, end in spans:
        out += [escape(result.text[at:start]), f"<mark>{escape(result.text[start:end])}</mark>"]
        at = end
    out.append(escape(result.text[at:]))
    return "".join(out)


def _pole(result: Result, axis: Axis) -> str:
    pole = result.pole(axis)
    return "—" if pole is None else pole.value


def result_html(result: Result) -> str:
    """One result: the line with its evidence marked, the label, each pole with its basis."""
    basis = dict(result.basis)
    rows = [
        ("activity", result.activity or "not HR work (or not recognised)"),
        ("area", result.area or "—"),
        *((axis.value, f"{_pole(result, axis)} ({basis[axis.value]})" if axis.value in basis
           else _pole(result, axis)) for axis in Axis),
        ("confidence", f"{result.confidence:.2f}"),
    ]
    if result.alternatives:
        rows.append(("alternatives", ", ".join(f"{a.activity} ({a.score:.2f})" for a in result.alternatives)))
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="peopleops-result"><caption>{_highlight(result)}</caption>{body}</table>'


def results_html(results: Iterable[Result]) -> str:
    """A batch of results: one row per line (the first 200), with its label and main poles.

    >>> from peopleops import classify_many
    >>> results_html(classify_many(["Run payroll", "Order toner"])).count("<tr>")
    3
    """
    head = "".join(f"<th>{c}</th>" for c in ("#", "text", "activity", "area", "orientation",
                                               "focus", "approach", "confidence"))
    rows, total = [], 0
    for total, result in enumerate(results, 1):
        if total > _MAX_ROWS:
            continue
        cells = [str(total), result.text, result.activity or "—", result.area or "—",
                 *(_pole(result, axis) for axis in (Axis.ORIENTATION, Axis.FOCUS, Axis.APPROACH)),
                 f"{result.confidence:.2f}"]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    more = f"<p>… and {total - _MAX_ROWS} more</p>" if total > _MAX_ROWS else ""
    return (f'<table class="peopleops-results"><caption>{total} lines</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}")


def _pct(share: float) -> str:
    return f"{share:.0%}"


def profile_html(profile: Profile) -> str:
    """A profile: the headline, HR lines per area, each axis's split, and the suggestions.

    >>> from peopleops import classify_many, profile
    >>> html = profile_html(profile(classify_many(["Run payroll", "Order toner"])))
    >>> "2 lines, 1 HR work" in html
    True
    """
    balance = profile.balance
    headline = (f"{profile.lines} lines, {profile.hr} HR work, {profile.not_hr} not HR or not "
                f"recognised; {_pct(balance.people_ops_share)} of decided positions People Ops "
                f"({balance.leaning})")
    areas = "".join(
        f"<tr><td>{escape(a.name)}</td><td>{a.count}</td><td>{_pct(a.share)}</td></tr>"
        for a in profile.areas if a.count
    )
    axes = "".join(
        f"<tr><td>{c.axis.value}</td><td>{c.axis.poles[0].value} {_pct(c.share(c.axis.poles[0]))}</td>"
        f"<td>{c.axis.poles[1].value} {_pct(c.share(c.axis.poles[1]))}</td>"
        f"<td>{_pct(c.share('undecided'))}</td></tr>"
        for c in profile.axes
    )
    suggestions = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{s.count}</td>"
        f"<td>{escape(', '.join(c.name for c in s.counterparts) or '—')}</td></tr>"
        for s in profile.suggestions
    )
    parts = [
        f'<div class="peopleops-profile"><p><b>{escape(headline)}</b></p>',
        "<table><thead><tr><th>area</th><th>lines</th><th>share</th></tr></thead>"
        f"<tbody>{areas}</tbody></table>",
        "<table><thead><tr><th>axis</th><th>HR pole</th><th>People Ops pole</th><th>undecided</th>"
        f"</tr></thead><tbody>{axes}</tbody></table>",
    ]
    if suggestions:
        parts.append("<table><thead><tr><th>reactive work</th><th>lines</th>"
                     f"<th>proactive alternatives</th></tr></thead><tbody>{suggestions}</tbody></table>")
    parts.append("</div>")
    return "".join(parts)
