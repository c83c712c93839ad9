"""Tests for peopleops.classify: labels, evidence, axes, not-HR lines, batches and invariants."""

from __future__ import annotations

import csv
import json
import string
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peopleops
from peopleops import Classifier, Evidence, Result, catalogue, classifier, classify, classify_many
from peopleops.catalogue import Catalogue
from peopleops.model import Axis, Collaboration, Orientation, Systems

from .strategies import catalogues

GOLDEN = Path(__file__).parent / "data" / "golden.tsv"
PREFIXES = ["", "- ", "* ", "• ", "1. ", "7) ", "[ ] ", "- [x] ", "TODO: ", "Done - "]


def _golden() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _phrases(cat: Catalogue) -> list[tuple[str, str]]:
    return [(activity.id, text) for activity in cat for text in (activity.name, *activity.phrases)]


def _label(result: Result) -> tuple[str | None, str | None]:
    return result.activity, result.area


@pytest.mark.parametrize("row", _golden(), ids=lambda row: row["text"][:40] or "<blank>")
def test_golden(row: dict[str, str]) -> None:
    """Each golden line gets the labels its explanation gives ('-' none, '*' not checked)."""
    result = classify(row["text"])
    got = {
        "activity": result.activity,
        "area": result.area,
        **{axis: None if (p := result.pole(axis)) is None else p.value
           for axis in ("orientation", "focus", "approach")},
    }
    for key, value in got.items():
        want = row[key]
        if want != "*":
            assert (value or "-") == want, f"{key} for {row['text']!r}: {row['explanation']}"


def test_golden_file_is_documented() -> None:
    """The golden file has about thirty cases, each with an explanation, HR and not."""
    rows = _golden()
    assert len(rows) >= 30
    assert all(row["explanation"].strip() for row in rows)
    assert sum(row["area"] == "-" for row in rows) >= 5


def test_axis_cues_decide_from_the_text() -> None:
    """Cue words in the line decide an axis and the basis says so."""
    result = classify("Pilot new conflict resolution training with cross-functional teams")
    assert result.systems is Systems.EXPERIMENTAL
    assert result.collaboration is Collaboration.MULTIDISCIPLINARY
    assert dict(result.basis)["systems"] == "text"
    siloed = classify("Process payroll within the HR department")
    assert siloed.collaboration is Collaboration.SILOED
    assert dict(siloed.basis)["collaboration"] == "text"


def test_without_cues_the_activity_decides() -> None:
    """With no cue words, each axis is the matched activity's pole, basis 'activity'."""
    result = classify("Payroll reconciliation")
    activity = catalogue()["payroll_processing"]
    assert result.activity == "payroll_processing"
    for axis in Axis:
        assert result.pole(axis) is activity.position(axis).pole
    assert dict(result.basis)["orientation"] == "activity"


def test_reactive_cue_overrides_the_activity() -> None:
    """A named trigger makes routine work reactive from the text."""
    result = classify("Run payroll again after an error in last month's pay")
    assert result.orientation is Orientation.REACTIVE
    assert dict(result.basis)["orientation"] == "text"


def test_not_hr_lines_get_no_label_and_no_axes() -> None:
    """A line that is not HR work has no activity, area, poles or basis."""
    result = classify("Answer customer questions about delivery dates")
    assert not result.is_hr
    assert (result.activity, result.area, result.basis) == (None, None, ())
    assert all(result.pole(axis) is None for axis in Axis)
    assert any(item.signal == "not_hr" for item in result.evidence)


def test_evidence_spans_map_back_to_the_line() -> None:
    """Every evidence span slices the original line to the evidence text."""
    line = "  * [ ] ＴＯＤＯ: Mediating the ﬁnal dispute between colleagues — after a complaint"
    result = classify(line)
    assert result.activity == "dispute_mediation"
    assert result.evidence
    for item in result.evidence:
        assert line[item.start:item.end] == item.text
    assert {item.kind for item in result.evidence} <= {"phrase", "keyword", "cue"}
    cue = next(item for item in result.evidence if item.kind == "cue")
    assert cue.activity is None
    assert cue.signal is not None


def test_to_dict_is_plain_json() -> None:
    """to_dict gives the documented keys with plain JSON values."""
    data = classify("Hold a grievance hearing after a complaint").to_dict()
    assert set(data) == {"text", "activity", "area", "orientation", "focus", "approach",
                         "systems", "collaboration", "confidence", "evidence",
                         "alternatives", "basis"}
    assert json.loads(json.dumps(data)) == data
    assert data["orientation"] == "reactive"
    assert data["evidence"][0]["start"] >= 0


def test_alternatives_are_ranked_other_activities() -> None:
    """Alternatives exclude the chosen activity and come best first."""
    result = classify("Mediate disputes and run conflict resolution training")
    assert result.activity not in {alt.activity for alt in result.alternatives}
    scores = [alt.score for alt in result.alternatives]
    assert scores == sorted(scores, reverse=True)


def test_classifier_is_cached_for_the_builtin_catalogue() -> None:
    """classifier() compiles the built-in catalogue once."""
    assert classifier() is classifier()
    assert classifier(catalogue()) is classifier(catalogue())


def test_public_names_are_exported() -> None:
    """The classifier API is exported from the package, in a sorted __all__."""
    for name in ("Alternative", "Classifier", "Evidence", "Result", "classifier",
                 "classify", "classify_many"):
        assert name in peopleops.__all__
    assert peopleops.__all__ == sorted(peopleops.__all__)


def test_every_phrase_classifies_to_its_own_activity() -> None:
    """Every name and phrase of the built-in catalogue, as a line, gives its own activity."""
    clf = Classifier()
    wrong = [(ident, text, clf.classify(text).activity) for ident, text in _phrases(catalogue())
             if clf.classify(text).activity != ident]
    assert wrong == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_custom_catalogue_classifies_its_own_phrases(cat: Catalogue) -> None:
    """A generated catalogue classifies with no extra step: each phrase to its activity."""
    clf = Classifier(cat)
    for ident, text in _phrases(cat):
        assert clf.classify(text).activity == ident


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(_phrases(catalogue())),
    st.sampled_from(PREFIXES),
    st.sampled_from([str.lower, str.upper, str.title, str.swapcase]),
    st.text(alphabet=" \t", max_size=3),
    st.text(alphabet=" \t", max_size=3),
)
def test_case_padding_and_bullets_never_change_a_label(
    pair: tuple[str, str], prefix: str, case: object, left: str, right: str
) -> None:
    """Case, surrounding whitespace, bullets, numbering and to-do labels keep the label."""
    assert callable(case)
    _, text = pair
    plain = classify(text)
    dressed = classify(left + prefix + case(text) + right)
    assert _label(dressed) == _label(plain)
    assert [e.phrase for e in dressed.evidence] == [e.phrase for e in plain.evidence]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([t for _, t in _phrases(catalogue())]),
                          st.text(max_size=40)), max_size=20))
def test_one_result_per_line_in_order(lines: list[str]) -> None:
    """classify_many yields exactly one result per input line, in input order, lazily."""
    results = list(classify_many(iter(lines)))
    assert [r.text for r in results] == lines
    assert all(0.0 <= r.confidence <= 1.0 for r in results)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_same_input_same_output(text: str) -> None:
    """Two fresh classifiers give equal results; spans always slice the input."""
    first = Classifier().classify(text)
    second = Classifier().classify(text)
    assert first == second
    for item in first.evidence:
        assert text[item.start:item.end] == item.text


def test_batch_reuses_results_for_repeated_lines() -> None:
    """A repeated line gives the same (immutable) result object from the cache."""
    clf = Classifier()
    first, second = clf.classify_many(["Run payroll", "Run payroll"])
    assert first is second
    assert attrs.has(type(first))
    assert attrs.has(Evidence)


def test_cue_lexicon_is_well_formed() -> None:
    """Every cue has content words, and no cue signals both poles of one axis."""
    from peopleops.model import POLES, axis_of
    from peopleops.normalize import base_key

    owners: dict[tuple[str, ...], set[str]] = {}
    for key, phrases in catalogue().cues:
        assert phrases, key
        for phrase in phrases:
            base = base_key(phrase)
            assert base, f"cue {phrase!r} of {key!r} has no content words"
            owners.setdefault(base, set()).add(key)
    for base, keys in owners.items():
        poles = [POLES[k] for k in keys if k in POLES]
        axes = [axis_of(p) for p in poles]
        assert len(axes) == len(set(axes)), f"cue {base} signals both poles: {sorted(keys)}"


def test_loose_phrases_count_as_keyword_evidence() -> None:
    """A phrase with words between its words, or reversed, still counts, as 'keyword'."""
    gapped = classify("Mediate the long-running and bitter dispute")
    assert gapped.activity == "dispute_mediation"
    loose = [e for e in gapped.evidence if e.kind == "keyword" and e.activity == "dispute_mediation"]
    assert any(e.text == "Mediate the long-running and bitter dispute" for e in loose)
    reversed_ = classify("Handle a backlog of reconciliation of the payroll")
    assert reversed_.activity == "payroll_processing"


def test_generic_words_alone_are_not_hr() -> None:
    """Generic task words (manage, develop, employee) alone give no activity."""
    assert classify("Manage and develop the process").activity is None
    assert classify("Support employees").activity is None


def _tiny_catalogue() -> Catalogue:
    base = catalogue()
    interviewing = attrs.evolve(
        base["vacancy_backfill"], id="interviewing", name="Interviewing",
        phrases=("interview candidates", "candidate interviews"), counterparts=(), prevents=(),
    )
    return Catalogue((interviewing,), base.areas, base.stages, {"not_hr": ["client"]})


def test_not_hr_cue_outweighs_weak_evidence_but_not_a_whole_phrase() -> None:
    """A not-HR cue rejects weak evidence; a line that is a catalogue phrase stays HR."""
    clf = Classifier(_tiny_catalogue())
    assert clf.classify("Interview each candidate about their needs").activity == "interviewing"
    assert clf.classify("Interview each client about their needs").activity is None
    assert clf.classify("Interview candidates").activity == "interviewing"


def test_examples_weigh_less_than_the_head() -> None:
    """Evidence after 'such as' supports the line but does not outvote its head."""
    result = classify("Run payroll for all staff, such as mediation trainers and workshop leads")
    assert result.activity == "payroll_processing"


def test_first_word_cue_outweighs_a_later_cue() -> None:
    """The line's leading verb is its main cue: it beats one opposite cue later on."""
    result = classify("Process the payroll plan designs")
    assert result.pole("focus") is not None
    assert result.pole("focus").value == "transactional"


def test_caches_are_bounded() -> None:
    """The per-line and per-wording caches never grow past their bound."""
    import sys

    module = sys.modules["peopleops.classify"]
    clf = Classifier()
    old = module.CACHE_SIZE
    module.CACHE_SIZE = 5
    try:
        results = list(clf.classify_many(f"Run payroll for team {i}" for i in range(20)))
    finally:
        module.CACHE_SIZE = old
    assert len(results) == 20
    assert len(clf._cache) <= 5
    assert len(clf._decisions) <= 5


def test_reworded_lines_share_a_decision_but_keep_their_spans() -> None:
    """Two decorations of one wording give equal labels and spans into their own text."""
    clf = Classifier()
    first = clf.classify("Run payroll")
    second = clf.classify("   - [ ] RUN   PAYROLL")
    assert (first.activity, first.basis, first.confidence) == (
        second.activity, second.basis, second.confidence)
    assert [e.text for e in second.evidence] == ["RUN   PAYROLL"]


def test_non_text_lines_are_rejected_clearly() -> None:
    """A line that is not a str raises TypeError naming what was received."""
    with pytest.raises(TypeError, match="expects each line as a str, got int"):
        list(classify_many(["Run payroll", 42]))  # type: ignore[list-item]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z0-9é][a-z0-9é'’]{0,10}[a-z0-9é]?", fullmatch=True))
def test_words_left_unstemmed_are_really_unknown(word: str) -> None:
    """A word the classifier calls unknown without stemming it has a stem outside the catalogue."""
    from peopleops.normalize import WORD, stem

    if not WORD.fullmatch(word):
        return  # not a word the tokeniser could produce (an apostrophe at the end)
    plain = word.replace("’", "'")
    kept = len(plain.rstrip("abcdefghijklmnopqrstuvwxyz'"))
    assert stem(word).startswith(plain[:kept])  # the stemmer never touches a word up to a digit or accent
    clf = classifier()
    assert clf._word(word).known == (stem(word) in clf._known)


def test_distinct_lines_match_a_fresh_classifier() -> None:
    """Lines classified in one batch give what each gives alone (the per-word caches change nothing)."""
    lines = [row["text"] for row in _golden()][::5]
    variants = [f"{prefix}{line} (req{i} payroll)" for i, line in enumerate(lines) for prefix in ("", "TODO: ")]
    together = [r.to_dict() for r in Classifier().classify_many(variants)]
    alone = [Classifier().classify(line).to_dict() for line in variants]
    assert together == alone


def test_results_do_not_depend_on_lines_seen_before() -> None:
    """A hyphenated compound and its spaced twin classify as they would on a fresh classifier."""
    from peopleops.classify import Classifier

    lines = ["Run on-the-job training", "Run on the job training", "Run on-the-job training"]
    shared = Classifier()
    together = [shared.classify(line).to_dict() for line in lines]
    alone = [Classifier().classify(line).to_dict() for line in lines]
    assert together == alone


# what may follow a line's first letter: list numbering, and the rest of each to-do label
_LABELS = ["", " ", ".", ")", ":", "]", "o", "odo:", "o do -", "one:", "ixme:", "ask:", "ction item:", "ext -"]
_LABELS += ["ip:", "ote:", "ODO:", "ONE -"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(string.ascii_letters)),
    st.sampled_from(_LABELS),
    st.text(alphabet=" \t.):]-[x1a", max_size=6),
)
def test_lines_that_start_like_a_word_have_no_list_prefix(first: str, label: str, rest: str) -> None:
    """The classifier skips the list-prefix pattern only for lines where it finds no prefix."""
    from peopleops.classify import _NUMBERING_ENDS, _PLAIN_STARTS
    from peopleops.normalize import prefix_end

    text = first + label + rest
    if text[:1] in _PLAIN_STARTS and text[1:2] not in _NUMBERING_ENDS:
        assert prefix_end(text) == 0
    for second in map(chr, range(32, 127)):  # every ASCII second character, then the rest
        line = first + second + label + rest
        if first in _PLAIN_STARTS and second not in _NUMBERING_ENDS:
            assert prefix_end(line) == 0, line
