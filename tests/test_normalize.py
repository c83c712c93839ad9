"""Tests for peopleops.normalize: folding, list prefixes, stems, base forms and spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peopleops.catalogue import catalogue as catalogue_of_package
from peopleops.normalize import (
    GENERIC_BASES,
    STOPWORDS,
    base_form,
    base_key,
    fold,
    match_key,
    phrase_key,
    prefix_end,
    spelling,
    stem,
    tokens,
    words,
)

PREFIXES = ["", "- ", "* ", "• ", "1. ", "12) ", "a. ", "(3) ", "[ ] ", "[x] ", "- [X] ",
            "TODO: ", "todo - ", "Done: ", "  3) [ ] TODO: "]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_prefix_is_stripped(prefix: str) -> None:
    """Bullets, numbering, check boxes and to-do labels end before the task words."""
    line = prefix + "Run payroll"
    assert line[prefix_end(line):].strip() == "Run payroll"


@pytest.mark.parametrize("line", ["Run payroll", "401k enrolment", "A-team offsite", "Todo list review"])
def test_prefix_leaves_plain_text(line: str) -> None:
    """A line without list furniture keeps all its words."""
    assert prefix_end(line) == 0


def test_inflections_meet_at_one_stem() -> None:
    """Inflected forms that matter for matching share a stem."""
    assert len({stem(w) for w in ("mediate", "mediating", "mediated", "mediation")}) == 1
    assert len({stem(w) for w in ("hire", "hiring", "hired", "hires")}) == 1


def test_base_form_keeps_different_words_apart() -> None:
    """Base forms join inflections but not derived words that the stemmer conflates."""
    assert base_form("hiring") == base_form("hired") == base_form("hire")
    assert base_form("customers") == base_form("customer") != base_form("customized")
    assert base_form("design") == base_form("designing") != base_form("designated")
    assert base_form("policies") == "policy"


def test_match_key_drops_function_words() -> None:
    """Function words do not matter for matching; phrase_key keeps them."""
    assert match_key("mediate a dispute") == match_key("Mediating the disputes")
    assert phrase_key("mediate a dispute") != phrase_key("mediate the disputes")
    assert "the" in STOPWORDS
    assert base_key("Respond to complaints") == ("respond", "complaint")


def test_generic_words_are_base_forms() -> None:
    """Generic words are kept as base forms, so inflections match but derived nouns do not."""
    assert base_form("managing") in GENERIC_BASES
    assert base_form("performing") in GENERIC_BASES
    assert base_form("performance") not in GENERIC_BASES
    assert base_form("payroll") not in GENERIC_BASES


def test_spans_point_into_the_original_text() -> None:
    """Spans survive NFKC and case folding that change the text's length."""
    line = "• ﬁle the Straße form for İstanbul ＨＲ"
    toks = tokens(line)
    assert [t.word for t in toks] == ["file", "the", "strasse", "form", "for", "i̇stanbul", "hr"]
    assert [line[t.start:t.end] for t in toks] == ["ﬁle", "the", "Straße", "form", "for", "İstanbul", "ＨＲ"]


def test_combining_marks_stay_with_their_letter() -> None:
    """A decomposed accent is composed by NFKC and spanned with its base letter."""
    line = "Re\u0301sume\u0301 screening"
    first = tokens(line)[0]
    assert first.word == "résumé"
    assert line[first.start:first.end] == "Re\u0301sume\u0301"


@settings(max_examples=150)
@given(st.text(max_size=60))
def test_every_token_span_holds_its_word(text: str) -> None:
    """For any text, each token's folded word comes from the text at its span, in order."""
    last = 0
    for token in tokens(text):
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= last
        assert token.word in fold(text[token.start:token.end])
        last = token.start


@settings(max_examples=100)
@given(
    st.sampled_from(PREFIXES),
    st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).filter(lambda s: s.strip()),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.text(alphabet=" \t", max_size=3),
)
def test_case_padding_and_prefix_do_not_change_stems(
    prefix: str, body: str, case: object, pad: str
) -> None:
    """Stems of a line do not depend on case, padding or list furniture."""
    assert callable(case)
    plain = [t.stem for t in tokens("Do " + body)]
    dressed = [t.stem for t in tokens(pad + prefix + case("Do " + body) + pad)]
    assert dressed == plain


def test_hyphenated_compounds_keep_their_function_words() -> None:
    """Function words inside a hyphenated compound count; free-standing ones do not."""
    assert match_key("on-the-job training") == ("on", "the", "job", "train")
    assert match_key("training on the job") == ("train", "job")
    assert match_key("all-hands meeting") != match_key("hands meeting")


# British spelling -> American spelling of the same word
SPELLING_PAIRS = [
    ("organisation", "organization"), ("organised", "organized"), ("analyse", "analyze"),
    ("analysing", "analyzing"), ("prioritise", "prioritize"), ("recognising", "recognizing"),
    ("labour", "labor"), ("behavioural", "behavioral"), ("favourable", "favorable"),
    ("programme", "program"), ("programmes", "programs"), ("centre", "center"),
    ("enrolment", "enrollment"), ("counselling", "counseling"), ("counsellor", "counselor"),
    ("modelling", "modeling"), ("cancelled", "canceled"), ("judgement", "judgment"),
    ("licence", "license"), ("defence", "defense"), ("ageing", "aging"), ("catalogue", "catalog"),
]  # fmt: skip


@pytest.mark.parametrize(("british", "american"), SPELLING_PAIRS)
def test_british_and_american_spellings_meet(british: str, american: str) -> None:
    """Both spellings of a word give one stem and one base form."""
    assert stem(british) == stem(american)
    assert base_form(british) == base_form(american)


@pytest.mark.parametrize("word", ["supervise", "supervision", "advise", "size", "sell", "selling", "hour", "tour"])
def test_spelling_leaves_other_words_alone(word: str) -> None:
    """Words that are spelt one way everywhere keep their own stem family."""
    assert spelling(word) == word


def test_spelling_keeps_word_families_together() -> None:
    """Folding -ize into -ise keeps verbs with their nouns (supervise/supervision, organize/organisation)."""
    assert stem("supervise") == stem("supervision")
    assert stem("organize") == stem("organisation") == stem("organising")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SPELLING_PAIRS), min_size=1, max_size=3),
    st.sampled_from(["Review the {} for staff", "{} and {} updates", "Plan {} work with the {}"]),
)
def test_spelling_never_changes_a_label(pairs: list[tuple[str, str]], template: str) -> None:
    """A line and its British/American respelling classify identically."""
    from peopleops import classify

    n = template.count("{}")
    chosen = (pairs * n)[:n]
    british = template.format(*(b for b, _ in chosen))
    american = template.format(*(a for _, a in chosen))
    left, right = classify(british), classify(american)
    assert (left.activity, left.area, left.orientation, left.focus, left.approach, left.confidence) == (
        right.activity,
        right.area,
        right.orientation,
        right.focus,
        right.approach,
        right.confidence,
    )


def _catalogue_words() -> list[str]:
    cat = catalogue_of_package()
    texts = [text for a in cat for text in (a.name, a.description, *a.phrases)]
    texts += [text for _, phrases in cat.cues for text in phrases]
    return sorted({word for text in texts for word in words(text)})


def test_compiled_stemmer_is_in_use() -> None:
    """The compiled Snowball stemmer (PyStemmer, a dependency) is the one normalisation uses.

    The pure-Python one gives the same stems (next test) about 20 times slower, which would
    show up as slow start-up, not as wrong results: this test catches the regression.
    """
    from peopleops import normalize

    assert type(normalize._STEMMER).__module__ == "Stemmer"


def test_compiled_and_pure_python_stemmers_agree_on_the_vocabulary() -> None:
    """Every word of the catalogue and of the golden vocabulary stems the same in both.

    ``snowballstemmer`` falls back to its pure-Python stemmer where PyStemmer cannot be
    installed: the catalogue must read the same there.
    """
    import Stemmer  # type: ignore[import-not-found]
    from snowballstemmer.english_stemmer import EnglishStemmer  # type: ignore[import-untyped]

    golden = Path(__file__).parent / "data" / "golden_vocabulary.tsv"
    vocabulary = set(_catalogue_words())
    vocabulary |= set(words(golden.read_text(encoding="utf-8")))
    vocabulary |= {"organisation", "naïve", "résumé", "coöperate", "straße", "employees'"}
    assert len(vocabulary) > 3000
    pure, compiled = EnglishStemmer(), Stemmer.Stemmer("english")
    differ = [w for w in sorted(vocabulary) if pure.stemWord(w) != compiled.stemWord(w)]
    assert differ == []
