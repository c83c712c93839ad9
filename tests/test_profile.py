"""Tests for peopleops.profile: counts, shares, balance, suggestions and renderings."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops import catalogue, classify_many, profile
from peopleops.classify import Evidence, Result
from peopleops.model import AXES, Axis, Orientation, parse_pole
from peopleops.profile import UNDECIDED, AxisCount, Balance, Profile

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tasks.txt"


def make(
    area: str | None = None,
    activity: str | None = None,
    *,
    not_hr_cue: bool = False,
    **poles: str,
) -> Result:
    """A result with the given area, activity and poles (the rest undecided)."""
    evidence = (Evidence("client", "client", 0, 6, None, "cue", "not_hr"),) if not_hr_cue else ()
    values = {axis.value: parse_pole(poles[axis.value]) if axis.value in poles else None for axis in Axis}
    return Result(
        text="task",
        activity=activity,
        area=area,
        basis=tuple((axis, "text") for axis in poles),
        confidence=0.5,
        evidence=evidence,
        alternatives=(),
        **values,
    )


def test_counts_lines_hr_and_not_hr() -> None:
    """Lines with an area are HR; the rest, cued or not, are not HR, and shares follow."""
    p = profile(
        [
            make("total_rewards", "payroll_processing", orientation="reactive"),
            make(),
            make(not_hr_cue=True),
            make("employee_relations", "dispute_mediation", orientation="reactive"),
        ]
    )
    assert (p.lines, p.hr, p.not_hr, p.not_hr_cued) == (4, 2, 2, 1)
    assert p.not_hr_share == 0.5
    assert p.to_dict()["not_hr"] == {"count": 2, "share": 0.5, "cued": 1, "unrecognised": 1}


def test_area_shares_are_over_hr_lines_in_catalogue_order() -> None:
    """Area shares divide by HR lines, list every catalogue area in order, zeros included."""
    p = profile([make("total_rewards"), make("total_rewards"), make("onboarding"), make()])
    assert [a.id for a in p.areas] == [a.id for a in catalogue().areas]
    assert p.area("total_rewards").count == 2
    assert p.area("total_rewards").share == pytest.approx(2 / 3)
    assert p.area("performance").count == 0
    assert p.area("total_rewards").name == catalogue().area("total_rewards").name


def test_axis_reports_each_pole_and_undecided() -> None:
    """Each axis splits the HR lines into its two poles and undecided; not-HR lines are left out."""
    p = profile(
        [
            make("performance", orientation="proactive", focus="strategic"),
            make("performance", orientation="reactive"),
            make("performance"),
            make(orientation="reactive"),  # not HR: must not count on any axis
        ]
    )
    orientation = p.axis("orientation")
    assert (orientation.first, orientation.second, orientation.undecided) == (1, 1, 1)
    assert p.share("proactive") == pytest.approx(1 / 3)
    assert p.axis(Axis.FOCUS).share(UNDECIDED) == pytest.approx(2 / 3)
    assert p.to_dict()["focus"]["strategic"] == {"count": 1, "share": 0.3333}


def test_axis_count_rejects_a_pole_of_another_axis() -> None:
    """Asking an axis for a pole of another axis is an error, not a silent zero."""
    with pytest.raises(ValueError, match="not on the orientation axis"):
        AxisCount(Axis.ORIENTATION, 1, 1, 0).count("strategic")


def test_suggestions_list_reactive_work_with_counterparts() -> None:
    """Reactive activities found become suggestions with their catalogue counterparts, by count."""
    cat = catalogue()
    results = [make("employee_relations", "dispute_mediation", orientation="reactive")] * 3
    results += [make("talent_acquisition", "vacancy_backfill", orientation="reactive")]
    results += [make("strategy_planning", "workforce_planning", orientation="proactive")]
    p = profile(results)
    assert [s.activity for s in p.suggestions] == ["dispute_mediation", "vacancy_backfill"]
    first = p.suggestions[0]
    assert first.count == 3
    assert first.share == pytest.approx(3 / 5)
    assert first.name == cat["dispute_mediation"].name
    assert [c.id for c in first.counterparts] == list(cat["dispute_mediation"].counterparts)
    assert all(c.name == cat[c.id].name for c in first.counterparts)
    assert p.to_dict()["suggestions"][0]["counterparts"][0]["id"] == first.counterparts[0].id


def test_ids_unknown_to_the_catalogue_are_kept() -> None:
    """An area or activity the catalogue does not know is counted under its id, not dropped."""
    p = profile([make("my_area", "my_activity", orientation="reactive")])
    assert p.areas[-1].id == "my_area"
    assert p.areas[-1].count == 1
    assert p.suggestions[0].name == "my_activity"
    assert p.suggestions[0].counterparts == ()


def test_empty_input_gives_zero_shares() -> None:
    """An empty task list profiles to zeros, with no division error."""
    p = profile([])
    assert (p.lines, p.hr, p.not_hr, p.not_hr_share) == (0, 0, 0, 0.0)
    assert p.share("reactive") == 0.0
    assert p.balance.leaning == "balanced"
    assert "0 lines" in p.to_text()


@pytest.mark.parametrize(
    ("hr", "people_ops", "leaning"),
    [(8, 2, "hr"), (2, 8, "people_ops"), (5, 5, "balanced"), (0, 0, "balanced")],
)
def test_balance_leaning(hr: int, people_ops: int, leaning: str) -> None:
    """The leaning follows the People Ops share with a margin of 0.1 around one half."""
    assert Balance(hr, people_ops).leaning == leaning


def test_balance_counts_decided_positions_on_all_axes() -> None:
    """The balance adds up the traditional and People Ops poles decided on every axis."""
    p = profile([make("performance", orientation="reactive", focus="strategic", approach="hr")])
    assert (p.balance.hr, p.balance.people_ops) == (2, 1)
    assert p.to_dict()["balance"]["people_ops_share"] == pytest.approx(1 / 3, abs=1e-4)


def test_to_dict_has_the_documented_keys_and_is_json() -> None:
    """to_dict holds areas, every axis, suggestions, lines and not_hr, and serialises."""
    data = profile(classify_many(["Run payroll", "Mediate a dispute", "Bake bread"])).to_dict()
    for key in ("areas", "orientation", "focus", "approach", "systems", "collaboration"):
        assert key in data
    for key in ("suggestions", "lines", "not_hr", "balance"):
        assert key in data
    assert json.loads(json.dumps(data)) == data
    assert set(data["orientation"]) == {"reactive", "proactive", "undecided"}


def test_markdown_and_text_show_every_area_and_escape_pipes() -> None:
    """Both renderings list every area; Markdown escapes pipes and HTML in a name."""
    p = profile([make("a_b", "x|<b>y</b>", orientation="reactive")])
    text, markdown = p.to_text(), p.to_markdown()
    for area in catalogue().areas:
        assert area.id in text
        assert area.id in markdown
    assert "x\\|&lt;b&gt;y&lt;/b&gt;" in markdown
    assert "<b>" not in markdown
    assert markdown.startswith("# Task list profile")
    assert str(p) == text


def test_profile_is_deterministic_on_the_sample() -> None:
    """The same task list always gives the same profile."""
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = profile(classify_many(lines)).to_dict()
    assert profile(classify_many(lines)).to_dict() == first
    assert first["lines"] == len(lines)


def test_streaming_keeps_memory_flat() -> None:
    """A long generator of results is folded without keeping them: memory does not grow."""
    results = [make("total_rewards", "payroll_processing", orientation="reactive"), make()]

    def stream(n: int) -> Iterator[Result]:
        for i in range(n):
            yield results[i % 2]

    tracemalloc.start()
    try:
        profile(stream(2_000))
        _, small = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        p = profile(stream(100_000))
        _, large = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert p.lines == 100_000
    assert large < small + 64_000


_POLE_CHOICES = {axis.value: st.sampled_from([None, *(p.value for p in AXES[axis])]) for axis in Axis}


@st.composite
def results(draw: st.DrawFn) -> Result:
    """A result: not HR, or in some area with some activity and any poles."""
    if draw(st.booleans()):
        return make(not_hr_cue=draw(st.booleans()))
    area = draw(st.sampled_from([a.id for a in catalogue().areas]))
    activity = draw(st.sampled_from(list(catalogue().ids)))
    poles = {key: value for key, strat in _POLE_CHOICES.items() if (value := draw(strat)) is not None}
    return make(area, activity, **poles)


@settings(max_examples=60, deadline=None)
@given(st.lists(results(), max_size=30))
def test_counts_always_balance(items: list[Result]) -> None:
    """Areas add up to HR lines, each axis to HR lines, HR + not HR to all lines."""
    p = Profile.from_results(iter(items))
    assert p.lines == len(items) == p.hr + p.not_hr
    assert sum(a.count for a in p.areas) == p.hr
    for count in p.axes:
        assert count.total == p.hr
        assert count.undecided >= 0
        shares = [count.share(pole) for pole in (*count.axis.poles, UNDECIDED)]
        assert all(0.0 <= s <= 1.0 for s in shares)
        if p.hr:
            assert sum(shares) == pytest.approx(1.0)
    reactive = sum(1 for r in items if r.area and r.activity and r.orientation is Orientation.REACTIVE)
    assert sum(s.count for s in p.suggestions) == reactive
    assert 0.0 <= p.balance.people_ops_share <= 1.0
