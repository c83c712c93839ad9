"""Text normalisation shared by the catalogue and the classifier.

A phrase and a task line are compared through the same steps: Unicode NFKC, case folding,
word tokenisation, one spelling for words that British and American English spell
differently (:func:`spelling`), and Snowball (Porter2) stemming of every word, so that
*mediate*, *mediating* and *mediated* all meet at one key. Task lines are also stripped of list
furniture first (bullets, numbering, check boxes, ``TODO:``-style prefixes), and every
token keeps its span in the *original* text, so evidence can point back at the words as
written even where NFKC or case folding changed the length of the text.

Matching ignores function words (:data:`STOPWORDS`), except inside hyphenated compounds
(*on-the-job*). Besides its stem, each word has a lighter :func:`base_form` that only
removes regular inflections; cue phrases are checked on base forms, so *design* does not
cue *designated* though both stem to ``design``. :data:`GENERIC` lists task words too
common to point at any activity on their own (*manage*, *develop*, *employee*).

>>> phrase_key("Mediating disputes")
('mediat', 'disput')
>>> match_key("Mediate the disputes") == match_key("mediating a dispute")
True
>>> [(t.word, t.start, t.end) for t in tokens("- [ ] TODO: Hire two ﬁtters")]
[('hire', 12, 16), ('two', 17, 20), ('fitters', 21, 27)]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

import snowballstemmer  # type: ignore[import-untyped]  # the package ships no type hints

__all__ = [
    "GENERIC",
    "GENERIC_BASES",
    "STOPWORDS",
    "WORD",
    "Token",
    "base_form",
    "base_key",
    "content_tokens",
    "fold",
    "match_key",
    "phrase_key",
    "prefix_end",
    "spelling",
    "stem",
    "tokens",
    "words",
]

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+(?:['’](?:[^\W_][\u0300-\u036f]*)+)*")
"""A word: letters and digits (with any combining accents left after folding, as in the
folded *İ*), and inner apostrophes (``employee's``)."""

STOPWORDS = frozenset(
    [
        "a", "an", "the", "of", "to", "for", "and", "or", "nor", "in", "on", "at", "by", "with",
        "from", "as", "into", "onto", "upon", "via", "per", "such", "etc", "eg",
        "ie", "is", "are", "was", "were", "am", "it", "its", "this",
        "that", "these", "those", "their", "them", "they", "our", "we", "us", "your", "you",
        "his", "her", "he", "she", "my", "me", "all", "any", "some", "both", "either",
        "neither", "so", "than", "then", "also", "which", "who", "whom", "whose", "what",
        "whether", "other", "others", "own", "between", "among", "amongst", "about", "during",
        "through", "throughout", "including",
        "do", "does", "did", "doing", "done", "be", "been", "being", "has", "have", "had", "having",
        "can", "could", "will", "would", "should", "may", "might", "must", "shall",
        "why", "how", "but", "each", "every", "very", "just", "only", "too",
    ]
)
"""Folded function words that carry no meaning for matching; they are skipped both in
catalogue phrases and in task lines (``mediate a dispute`` matches ``mediate the dispute``).
Words that carry an axis signal (*after*, *before*, *new*, *across*) are not in the list."""

GENERIC = _wordset(
    """manage management develop development conduct perform provide prepare ensure support
    coordinate assist review analyze analyse analysis identify determine maintain implement
    implementation oversee lead work worker employee staff people person team organization
    organisation company business program programme process practice information data
    related various new current help make use based appropriate need issue activity
    function task responsible responsibility area level general other matter provide member
    one two three four five first second third sit keep get put take give go come find talk run set
    establish evaluate create plan report system service services operation"""
)
"""Folded words common to task lines of every kind (*manage*, *develop*, *employee*,
*program* ...). They still take part in phrases, but a lone generic word is no evidence for
any particular activity. :data:`GENERIC_BASES` holds their base forms."""

# List furniture at the start of a line: bullets, numbering ("1.", "2)", "a.", "(3)"), check
# boxes ("[ ]", "[x]") and to-do style labels ("TODO:", "Done -"), in any order and number.
_PREFIX = re.compile(
    r"""\A(?:\s*(?:
        [-*+•·‣◦▪▫●○■□►▸➢➤→–—>]+(?=\s|\Z)
      | \(?(?:\d{1,3}|[a-z])(?:\.\d{1,3})*[.):\]](?=\s|\Z)
      | \(\d{1,3}\)
      | \[[\sxX✓✔*/-]?\]
      | (?:to[\s-]?do|done|fixme|todo|task|action(?:\s+item)?|next|wip|note)\s*[:–—-](?=\s|\Z)
    ))+""",
    re.IGNORECASE | re.VERBOSE,
)

# Words spelt differently in British and American English meet at one spelling before
# stemming: -ise/-yse for -ize/-yze (so *supervise* keeps its family), the American form
# for -our, -re, -ll- and the rest. Both a catalogue and a task line go through it.
_ISE = re.compile(r"(?<=[a-z]{2})([iy])z(e|es|ed|ing|er|ers|ation|ations|ational|able)\Z")
_OUR = re.compile(
    r"\A(labo|behavio|favo|hono|colo|neighbo|endeavo|rumo|harbo|vigo|humo|flavo|odo|armo|cando|fervo|rigo|valo)ur"
)
_LL = re.compile(
    r"\A(counsel|label|model|travel|cancel|level|signal|channel|fuel|total|marshal|instal)l(?=ed|ing|er|or)"
)
_SPELLINGS = {
    "programme": "program", "programmes": "programs", "centre": "center", "centres": "centers",
    "centred": "centered", "catalogue": "catalog", "catalogues": "catalogs", "dialogue": "dialog",
    "dialogues": "dialogs", "enrol": "enroll", "enrols": "enrolls", "enrolment": "enrollment",
    "enrolments": "enrollments", "fulfil": "fulfill", "fulfils": "fulfills", "fulfilment": "fulfillment",
    "judgement": "judgment", "judgements": "judgments", "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments", "licence": "license", "licences": "licenses",
    "defence": "defense", "offence": "offense", "offences": "offenses", "practise": "practice",
    "practised": "practiced", "practises": "practices", "practising": "practicing", "ageing": "aging",
    "skilful": "skillful", "instalment": "installment", "instalments": "installments",
}  # fmt: skip


def spelling(word: str) -> str:
    """Return one spelling for a folded word spelt differently in British and American English.

    >>> [spelling(w) for w in ("organization", "analyzing", "labour", "counselling", "programme")]
    ['organisation', 'analysing', 'labor', 'counseling', 'program']
    >>> spelling("supervise"), spelling("size"), spelling("labour2")
    ('supervise', 'size', 'labour2')
    """
    found = _SPELLINGS.get(word)
    if found is not None:
        return found
    if not (word.isascii() and word.replace("'", "").isalpha()):
        return word  # a word with digits keeps every letter before them (see Classifier._word)
    if "z" in word:
        word = _ISE.sub(r"\1s\2", word)
    if "our" in word:
        word = _OUR.sub(r"\1r", word)
    if "ll" in word:
        word = _LL.sub(r"\1", word)
    return word


_STEMMER = snowballstemmer.stemmer("english")
_KEY_CACHE_SIZE = 65_536
"""Phrase keys remembered: a catalogue is checked on load and compiled with the same keys."""
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


class Token(NamedTuple):
    """One word of a text: folded form, stem, base form, and its span in the original text."""

    word: str
    """The word NFKC-normalised and case-folded."""
    stem: str
    """The Snowball stem of :attr:`word` (*mediation* and *mediating* give ``mediat``)."""
    base: str
    """The word without regular inflections (see :func:`base_form`)."""
    start: int
    """Start offset in the original text."""
    end: int
    """End offset in the original text (``text[start:end]`` is the word as written)."""
    content: bool = True
    """Whether the word counts for matching: not a :data:`STOPWORDS` word, unless it is
    part of a hyphenated compound (*on-the-job*, *all-hands*), where every part counts."""


def stem(word: str) -> str:
    """Return the stem of one lower-case word (memoised).

    >>> stem("hiring"), stem("hired"), stem("hire")
    ('hire', 'hire', 'hire')
    """
    cached = _STEMS.get(word)
    if cached is None:
        cached = _STEMMER.stemWord(spelling(word.replace("’", "'")))
        if len(_STEMS) < _STEM_CACHE_LIMIT:
            _STEMS[word] = cached
    return cached


_BASES: dict[str, str] = {}


def base_form(word: str) -> str:
    """Return a folded word without its regular inflections: plural, possessive, -ed, -ing.

    Lighter than :func:`stem`: inflections of one word meet (*hire*, *hires*, *hired*,
    *hiring*), different words do not (*design* is not *designated*, *customer* is not
    *customized*). Cue phrases are checked at this level.

    >>> [base_form(w) for w in ("hiring", "hired", "hires", "designated", "customers")]
    ['hir', 'hir', 'hir', 'designat', 'customer']
    >>> base_form("planning") == base_form("plans"), base_form("policies")
    (True, 'policy')
    """
    cached = _BASES.get(word)
    if cached is not None:
        return cached
    w = spelling(word.replace("’", "'"))
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(_BASES) < _STEM_CACHE_LIMIT:
        _BASES[word] = w
    return w


def _generic_bases() -> frozenset[str]:
    return frozenset(base_form(word) for word in GENERIC)


def fold(text: str) -> str:
    """Return ``text`` NFKC-normalised and case-folded.

    >>> fold("ＳＴＲＡßE")
    'strasse'
    """
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """Return the folded words of ``text``.

    >>> words("Employee's first-day set-up")
    ["employee's", 'first', 'day', 'set', 'up']
    """
    return WORD.findall(fold(text))


@functools.lru_cache(maxsize=_KEY_CACHE_SIZE)
def phrase_key(text: str) -> tuple[str, ...]:
    """Return the stems of all the words of ``text`` (the catalogue's identity key for a phrase)."""
    return tuple(stem(word) for word in words(text))


def match_key(text: str) -> tuple[str, ...]:
    """Return the stems of the content words of ``text``: the key under which phrases match.

    >>> match_key("Run the payroll")
    ('run', 'payrol')
    >>> match_key("all-hands meeting")
    ('all', 'hand', 'meet')
    """
    return _content_keys(text)[0]


def base_key(text: str) -> tuple[str, ...]:
    """Return the base forms of the content words of ``text`` (how cue phrases are checked).

    >>> base_key("Responding to the complaints")
    ('respond', 'complaint')
    """
    return _content_keys(text)[1]


@functools.lru_cache(maxsize=_KEY_CACHE_SIZE)
def _content_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stems and the base forms of the content words of ``text`` (one tokenisation)."""
    content = [token for token in _tokens(text, 0) if token.content]
    return tuple(token.stem for token in content), tuple(token.base for token in content)


def prefix_end(text: str) -> int:
    """Return where the text proper starts, after bullets, numbering and to-do labels.

    >>> line = "  3) [x] TODO: file the report"
    >>> line[prefix_end(line):].strip()
    'file the report'
    """
    match = _PREFIX.match(text)
    return match.end() if match else 0


def _folded_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text`` cluster by cluster, recording each folded character's source span."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        folded = unicodedata.normalize("NFKC", text[i:j]).casefold()
        pieces.append(folded)
        starts.extend([i] * len(folded))
        ends.extend([j] * len(folded))
        i = j
    return "".join(pieces), starts, ends


_HYPHENS = "-‐‑"


def _content(word: str, text: str, start: int, end: int) -> bool:
    if word not in STOPWORDS:
        return True
    before = start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum()
    return before or after


def tokens(text: str) -> list[Token]:
    """Return the words of a task line after its list prefix, with spans in ``text``.

    >>> [t.stem for t in tokens("1. Mediating DISPUTES")]
    ['mediat', 'disput']
    """
    return _tokens(text, prefix_end(text))


_INFO: dict[str, tuple[str, str, bool]] = {}


def _info(word: str) -> tuple[str, str, bool]:
    """Return ``(stem, base form, is a stop word)`` for a folded word (memoised)."""
    found = _INFO.get(word)
    if found is None:
        if word.isdigit():  # numbers have no inflections; do not fill the caches with them
            return word, word, False
        found = (stem(word), base_form(word), word in STOPWORDS)
        if len(_INFO) < _STEM_CACHE_LIMIT:
            _INFO[word] = found
    return found


def _tokens(text: str, offset: int) -> list[Token]:
    out = []
    get = _INFO.get
    rest = text[offset:] if offset else text
    if rest.isascii():
        # NFKC is the identity on ASCII and casefold() equals lower() there.
        for m in WORD.finditer(rest.lower()):
            word = m.group()
            info = get(word) or _info(word)
            start, end = m.start() + offset, m.end() + offset
            content = not info[2] or _content(word, text, start, end)
            out.append(Token(word, info[0], info[1], start, end, content))
        return out
    folded, starts, ends = _folded_with_map(text)
    for m in WORD.finditer(folded):
        start, end = starts[m.start()], ends[m.end() - 1]
        if start >= offset:
            word = m.group()
            info = get(word) or _info(word)
            content = not info[2] or _content(word, text, start, end)
            out.append(Token(word, info[0], info[1], start, end, content))
    return out


def content_tokens(text: str) -> list[Token]:
    """Return the :func:`tokens` that count for matching (see :attr:`Token.content`).

    >>> [t.word for t in content_tokens("Run the on-the-job training for June")]
    ['run', 'on', 'the', 'job', 'training', 'june']
    """
    return [token for token in tokens(text) if token.content]


GENERIC_BASES = _generic_bases()
"""The base forms of :data:`GENERIC` (base forms, not stems: *perform* is generic but
*performance* is not, though both stem to ``perform``)."""
