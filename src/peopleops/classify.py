"""Classify task lines against the catalogue: which activity, which area, which poles, and why.

The catalogue is compiled once into a :class:`Classifier`: every activity name and phrase,
and every cue phrase of the catalogue's ``[cues]`` table, goes into one token trie over
word stems (see :mod:`peopleops.normalize`). A line is then read in one pass:

1. **Phrases.** Walking the trie from each word finds the catalogue phrases written
   contiguously in the line (function words skipped, inflections folded by the stemmer);
   the longest match wins and matches do not overlap. Longer phrases weigh more; a phrase
   made only of generic words (*develop and manage*) weighs little.
2. **Loose phrases.** A phrase whose words all occur within a small window, with other
   words between them or out of order (``recruit, interview and select applicants``
   holds *interview ... applicants*; ``verifications of employment`` holds *employment
   verification*), counts as looser evidence.
3. **Keywords.** Every content word votes for the activities whose phrases (and, more
   weakly, descriptions) use it, weighted by how specific the word is to each activity
   across the whole catalogue: a word used by one activity votes strongly, one used by
   many barely votes, and generic task words (*manage*, *employee*) do not vote.
4. **Cues.** Cue phrases from the catalogue's ``[cues]`` table decide an axis from the
   line's own words (``after a complaint`` is reactive, ``design`` strategic); the line's
   first word, its main verb in a task list, counts double. ``not_hr`` cues (*customer*,
   *patient*, *student*, *ledger* ...) weigh against reading the line as HR work.

Evidence in a list of examples (after *such as*, *including*, *e.g.*) counts for less than
the line's head. The area with the most summed evidence wins, then its best activity. A line
whose HR evidence is too weak once ``not_hr`` cues are counted against it (a stricter bar
applies when the only evidence is single words) gets ``activity=None`` and ``area=None``:
not HR work, or not recognised, rather than a forced label. A line that *is* one of the
catalogue's phrases is always that phrase's activity. Each axis is decided by the line's
cues where it has some and by the matched activity's position where it has none, and
:attr:`Result.basis` says which.

Words the catalogue never uses (names, numbers, ticket ids) carry no evidence and are left
out. Results are cached per line and per wording (bounded), so repeated, re-decorated or
renumbered lines in a large batch cost little more than a dictionary look-up.

>>> result = classify("- Mediating a dispute between two team members")
>>> result.activity, result.area, str(result.orientation)
('dispute_mediation', 'employee_relations', 'reactive')
>>> result.evidence[0].text
'Mediating a dispute'
>>> classify("Answer customer questions about delivery dates").area is None
True
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from peopleops.catalogue import Catalogue
from peopleops.catalogue import catalogue as builtin_catalogue
from peopleops.model import (
    POLES,
    Activity,
    Approach,
    Axis,
    Collaboration,
    Focus,
    Orientation,
    Pole,
    Systems,
    axis_of,
)
from peopleops.normalize import (
    GENERIC_BASES,
    STOPWORDS,
    Token,
    _content,
    _info,
    _tokens,
    base_key,
    match_key,
    prefix_end,
    words,
)

__all__ = [
    "Alternative",
    "Batch",
    "Classifier",
    "Evidence",
    "Result",
    "classifier",
    "classify",
    "classify_batch",
    "classify_many",
]

NOT_HR = "not_hr"
"""The cue key for words that mark a line as other work than HR (*customer*, *patient*)."""

# -- scoring constants (one place, documented) -------------------------------------------
PHRASE_BASE = 0.5
"""A contiguous phrase of ``n`` content words scores ``PHRASE_BASE + PHRASE_PER_WORD * n``."""
PHRASE_PER_WORD = 0.5
GENERIC_FACTOR = 0.3
"""A phrase made only of generic words (:data:`~peopleops.normalize.GENERIC`) weighs this."""
GAP_FACTOR = 0.6
"""A phrase written with other words between its words scores this share of the phrase."""
UNORDERED_FACTOR = 0.45
"""A phrase whose words are close together but out of order scores this share."""
MAX_GAP = 3
"""A loose phrase's words fall in a window at most this many words wider than the phrase."""
KEYWORD_WEIGHT = 0.6
"""The vote of a phrase word used by one activity only; shared words vote for less."""
DESCRIPTION_WEIGHT = 0.3
"""The vote of a description word used by one activity only."""
AREA_VOTE = True
"""Choose the area by the summed evidence of its activities, then the best activity in it."""
HR_THRESHOLD = 0.55
"""Minimum evidence score (after not-HR cues) for a line with phrase evidence to count as HR."""
STRENGTH_BY_AREA = True
"""Measure a line's HR evidence by its area's summed evidence, not its best activity's."""
KEYWORD_ONLY_THRESHOLD = 0.9
"""Minimum evidence score for a line whose only evidence is single keywords."""
WHOLE_LINE_BONUS = 1.0
"""Added when one catalogue phrase makes up the whole line (such a line is always HR)."""
VERBATIM_BONUS = 0.1
"""Added when that phrase is written word for word, function words included."""
NOT_HR_PENALTY = 2.0
"""Evidence score removed per ``not_hr`` cue in the line."""
EXAMPLE_FACTOR = 0.7
"""Evidence in a list of examples (after *such as*, *including*, *e.g.*) counts this much."""
LEAD_CUE_WEIGHT = 2.0
"""A cue that is the line's first word (its main verb, in a task list) counts this much."""
MIN_SHOWN_VOTE = 0.05
"""Keyword votes weaker than this are not listed as evidence."""
MAX_ALTERNATIVES = 3
CACHE_SIZE = 8_192
"""How many distinct lines (and distinct wordings) a classifier remembers before it starts
afresh: about 3 kB each, so memory stays flat (~25 MB at most) however long the input."""


@attrs.frozen
class Evidence:
    """Why a result says what it says: one matched phrase, word or cue in the line.

    Attributes:
        phrase: The catalogue phrase (or cue phrase) that matched.
        text: The words as written in the line: ``line[start:end] == text``.
        start: Start of the span in the original line.
        end: End of the span in the original line.
        activity: The activity id the evidence supports; ``None`` for a cue.
        kind: ``"phrase"`` (a catalogue phrase written contiguously), ``"keyword"`` (looser
            word-level evidence: a gapped phrase or a specific word) or ``"cue"``.
        signal: For a cue, the pole string it signals or ``"not_hr"``; else ``None``.
    """

    phrase: str
    text: str
    start: int
    end: int
    activity: str | None
    kind: str
    signal: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a plain, JSON-able mapping."""
        return {
            "phrase": self.phrase,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "activity": self.activity,
            "kind": self.kind,
            "signal": self.signal,
        }


@attrs.frozen
class Alternative:
    """Another activity the line might be, with its evidence score."""

    activity: str
    area: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Return a plain, JSON-able mapping."""
        return {"activity": self.activity, "area": self.area, "score": self.score}


@attrs.frozen(cache_hash=True)  # results are dict keys when rendered; hash once
class Result:
    """The classification of one line.

    Attributes:
        text: The line as given.
        activity: The activity id, or ``None`` when the line is not (recognisably) HR work.
        area: The activity's area id, or ``None`` with it.
        orientation: Reactive or proactive, or ``None`` without a basis.
        focus: Transactional or strategic, or ``None`` without a basis.
        approach: HR or People Ops, or ``None`` without a basis.
        systems: Established or experimental, or ``None`` without a basis.
        collaboration: Siloed or multidisciplinary, or ``None`` without a basis.
        basis: For each decided axis, in axis order, ``(axis, "text")`` when the line's own
            cue words decided it or ``(axis, "activity")`` when the activity's position did.
        confidence: How sure the label is, in ``[0, 1]``; for a line that is not HR, how
            sure that it is not.
        evidence: The matched phrases, words and cues, in line order.
        alternatives: The best other activities, best first.

    >>> r = classify("Process payroll after an error in last month's pay")
    >>> r.activity, r.pole("orientation"), dict(r.basis)["orientation"]
    ('payroll_processing', <Orientation.REACTIVE: 'reactive'>, 'text')
    """

    text: str
    activity: str | None
    area: str | None
    orientation: Orientation | None
    focus: Focus | None
    approach: Approach | None
    systems: Systems | None
    collaboration: Collaboration | None
    basis: tuple[tuple[str, str], ...]
    confidence: float
    evidence: tuple[Evidence, ...]
    alternatives: tuple[Alternative, ...]

    @property
    def is_hr(self) -> bool:
        """Whether the line was recognised as HR work."""
        return self.activity is not None

    def pole(self, axis: Axis | str) -> Pole | None:
        """Return the pole decided on ``axis`` (``None`` when undecided)."""
        value: Pole | None = getattr(self, Axis(axis).value)
        return value

    def _repr_html_(self) -> str:
        """Notebook display: the line with its evidence marked, and the label (all escaped).

        >>> "<mark" in classify("Run payroll <today>")._repr_html_()
        True
        """
        from peopleops._html import result_html

        return result_html(self)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain, JSON-able mapping (poles as their strings).

        >>> sorted(classify("run payroll").to_dict())[:4]
        ['activity', 'alternatives', 'approach', 'area']
        """
        return {
            "text": self.text,
            "activity": self.activity,
            "area": self.area,
            **{axis.value: (None if (pole := self.pole(axis)) is None else pole.value) for axis in Axis},
            "confidence": self.confidence,
            "evidence": [item.to_dict() for item in self.evidence],
            "alternatives": [item.to_dict() for item in self.alternatives],
            "basis": dict(self.basis),
        }


def _results(value: Iterable[Result]) -> tuple[Result, ...]:
    return tuple(value)


@attrs.frozen
class Batch:
    """A classified task list held in memory: a sequence of results with notebook views.

    :func:`classify_many` streams; a batch keeps every result, for notebooks and small lists.

    >>> batch = classify_batch(["Run payroll", "Order printer toner"])
    >>> len(batch), batch[0].activity, [r.is_hr for r in batch]
    (2, 'payroll_processing', [True, False])
    >>> "<table" in batch._repr_html_()
    True
    """

    results: tuple[Result, ...] = attrs.field(converter=_results)

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def __getitem__(self, index: int) -> Result:
        return self.results[index]

    def _repr_html_(self) -> str:
        """Notebook display: one row per line (the first 200), all text escaped."""
        from peopleops._html import results_html

        return results_html(self.results)

    def to_dataframe(self) -> Any:
        """Return the results as a pandas DataFrame (needs the ``dataframe`` extra)."""
        from peopleops.dataframe import results_to_dataframe

        return results_to_dataframe(self.results)


@attrs.frozen
class _Entry:
    """A compiled phrase: an activity phrase (``activity`` set) or a cue (``signal`` set)."""

    phrase: str
    key: tuple[str, ...]
    base: tuple[str, ...]
    words: tuple[str, ...]
    activity: int | None
    signal: str | None
    weight: float


# each axis with its name and poles, and each pole string's axis and direction (-1: the
# traditional-HR pole, +1: the other), looked up once rather than per line
_AXES: tuple[tuple[Axis, str, Pole, Pole], ...] = tuple(
    (axis, axis.value, *axis.poles) for axis in Axis
)
_SIGNALS: dict[str, tuple[Axis, float]] = {
    value: (axis_of(pole), 1.0 if pole is axis_of(pole).poles[1] else -1.0)
    for value, pole in POLES.items()
}

_END = ""  # trie key holding the entries that end at a node; stems are never empty

_Trie = dict[str, Any]

# evidence found for one activity: (kind, catalogue phrase, first token, end token, weight)
_Found = tuple[str, str, int, int, float]
# evidence to show, in content-token positions: (phrase, first, end, activity, kind, signal)
_Spec = tuple[str, int, int, str | None, str, str | None]
# the entries ending at a trie node, split by kind, each in compilation order: ((entry, base
# forms), ...) for activity phrases; the same entries alone when none of their base forms is
# generic (else None: see _compatible); ((entry, base forms), ...) for cues; the cues by their
# base forms
_Ends = tuple[
    tuple[tuple[int, tuple[str, ...]], ...],
    tuple[int, ...] | None,
    tuple[tuple[int, tuple[str, ...]], ...],
    dict[tuple[str, ...], tuple[int, ...]],
]

WORD_CACHE_SIZE = 65_536
"""How many distinct words a classifier remembers (stem, base form, flags) before it starts
afresh."""

# A line starting with one of these letters, its second character not one of _NUMBERING_ENDS
# (nor missing), has no list prefix (see normalize.prefix_end): a letter can only start one as a
# list number ("a.", "b)") or as a to-do label (to do, todo, done, fixme, task, action, next,
# wip, note).
_PLAIN_STARTS = frozenset(set(string.ascii_letters) - set("tdfanwTDFANW"))
_NUMBERING_ENDS = ".):]"

# On ASCII text (lower-cased), :data:`~peopleops.normalize.WORD` is exactly this simpler pattern.
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# The only characters the Snowball stemmer removes or rewrites: it works on letter (and
# apostrophe) suffixes, so everything up to a word's last other character stays in its stem.
_STEM_LETTERS = string.ascii_lowercase + "'"


class _Word(NamedTuple):
    """What the classifier needs to know about one folded word (cached per word)."""

    stem: str
    base: str
    stop: bool
    """Whether it is one of :data:`~peopleops.normalize.STOPWORDS`."""
    known: bool
    """Whether its stem occurs in the catalogue (unknown content words carry no evidence)."""
    generic: bool
    """Whether its base form is one of :data:`~peopleops.normalize.GENERIC_BASES`."""
    node: _Trie | None = None
    """The trie node its stem leads to from the root, if longer phrases continue there."""
    acts: tuple[int, ...] = ()
    """The activity phrases that are this word alone."""
    cues: tuple[int, ...] = ()
    """The cue phrases that are this word alone."""
    loose: tuple[tuple[int, frozenset[str]], ...] = ()
    """The loose phrases indexed under its stem, each with all its stems."""
    partners: frozenset[str] | None = None
    """The other stems of those phrases (``None``: a phrase repeats this stem only)."""
    votes: tuple[tuple[int, float], ...] = ()
    """Its stem's keyword votes ``(activity, weight)``."""
    votes_example: tuple[tuple[int, float], ...] = ()
    """The same votes in a list of examples."""
    voted: tuple[int, ...] = ()
    """The activities those votes go to."""
    voter: bool = False
    """Whether the word is not generic and its stem has votes (it may vote or be shown)."""
    shown: Mapping[int, str] = {}  # never mutated: read-only look-ups
    """For each activity its stem votes for at least :data:`MIN_SHOWN_VOTE`, the catalogue
    phrase to show as keyword evidence."""


_NOTHING_SHOWN: Mapping[int, str] = {}

_UNKNOWN = _Word("", "", stop=False, known=False, generic=False)
"""A content word whose stem cannot be one of the catalogue's (see ``Classifier._word``)."""


class _Decision(NamedTuple):
    """Everything about a line that depends only on its words (cached by its words)."""

    activity: int | None
    poles: tuple[Any, ...]
    basis: tuple[tuple[str, str], ...]
    confidence: float
    evidence: tuple[_Spec, ...]
    alternatives: tuple[Alternative, ...]


_make_decision = _Decision._make  # builds the tuple in C, without the Python-level __new__
_NO_POLES = (None, None, None, None, None)
_AXIS_LIST = tuple(Axis)
_ZEROS = itertools.repeat(0.0)


def _phrase_weight(base: tuple[str, ...]) -> float:
    """Return the score of a catalogue phrase written contiguously.

    Longer phrases weigh more; a phrase made only of generic words weighs little.
    """
    weight = PHRASE_BASE + PHRASE_PER_WORD * len(base)
    if all(part in GENERIC_BASES for part in base):
        weight *= GENERIC_FACTOR
    return weight


def _specificity(counts: Mapping[str, Mapping[int, int]], total: int) -> dict[str, dict[int, float]]:
    """For each stem, how strongly it points at each activity using it, in ``(0, 1]``.

    The product of an inverse document frequency over activities (a stem used by one
    activity scores 1, one used by all scores near 0) and the activity's share of the
    stem's uses.
    """
    out: dict[str, dict[int, float]] = {}
    norm = math.log(total + 1)
    for part, per_activity in counts.items():
        idf = math.log((total + 1) / len(per_activity)) / norm
        mass = sum(per_activity.values())
        out[part] = {n: idf * math.sqrt(c / mass) for n, c in per_activity.items()}
    return out


def _compatible(have: tuple[str, ...], want: tuple[str, ...]) -> bool:
    """Whether words with base forms ``have`` can stand for a phrase with base forms ``want``.

    Stems join a word's derived forms (*mediate*, *mediation*), which is what phrases
    want, except where one side is a generic word: *perform* is not *performance*.

    >>> _compatible(("mediat",), ("mediation",)), _compatible(("perform",), ("performance",))
    (True, False)
    """
    if have == want:
        return True
    generic = GENERIC_BASES
    return all(a == b or (a not in generic and b not in generic) for a, b in zip(have, want, strict=True))


def _nearest(places: list[int], anchor: int) -> int:
    """Return the position closest to ``anchor`` (the earlier one on a tie); ``places`` ascend."""
    best = places[0]
    distance = abs(best - anchor)
    for place in places[1:]:
        gap = abs(place - anchor)
        if gap < distance:
            best, distance = place, gap
    return best


class Classifier:
    """A catalogue compiled for classification; build once, classify many lines.

    >>> clf = Classifier()
    >>> [r.activity for r in clf.classify_many(["run payroll", "Workforce planning"])]
    ['payroll_processing', 'workforce_planning']
    """

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        cat = builtin_catalogue() if catalogue is None else catalogue
        self.catalogue = cat
        self._activities: tuple[Activity, ...] = tuple(cat)
        self._area_of: tuple[str, ...] = tuple(a.area for a in self._activities)
        self._labels: tuple[tuple[str, str], ...] = tuple((a.id, a.area) for a in self._activities)
        self._areas: tuple[str, ...] = tuple(dict.fromkeys(self._area_of))
        self._area_index: tuple[int, ...] = tuple(self._areas.index(area) for area in self._area_of)
        self._poles: tuple[tuple[Pole, ...], ...] = tuple(
            tuple(position.pole for position in a.positions) for a in self._activities
        )
        self._entries: list[_Entry] = []
        self._trie: _Trie = {}
        self._loose: dict[str, list[int]] = defaultdict(list)
        self._cache: dict[str, Result] = {}
        self._decisions: dict[tuple[tuple[str, ...], tuple[bool, ...], bool], _Decision] = {}
        self._evidence: dict[tuple[_Spec, int, str], Evidence] = {}
        self._words: dict[str, _Word] = {}
        self._compile_activities()
        self._compile_cues()
        known = {part for entry in self._entries for part in entry.key}
        self._known: frozenset[str] = frozenset(known | set(self._votes))
        self._compile_lookups()

    # -- compilation -------------------------------------------------------------------
    def _add(self, entry: _Entry) -> int:
        index = len(self._entries)
        self._entries.append(entry)
        node = self._trie
        for part in entry.key:
            node = node.setdefault(part, {})
        node.setdefault(_END, []).append(index)
        return index

    def _compile_activities(self) -> None:
        phrase_counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        text_counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        example: dict[tuple[str, int], str] = {}
        loose: list[int] = []
        bases_of: dict[str, set[str]] = defaultdict(set)
        for number, activity in enumerate(self._activities):
            seen: set[tuple[str, ...]] = set()
            seen_pairs: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
            for text in (activity.name, *activity.phrases):
                key = match_key(text)
                base = base_key(text)
                if not key or (key, base) in seen_pairs:
                    continue
                # phrases that share a key but not base forms (*evaluate employees*,
                # *evaluation of employees*) are both kept: see _compatible
                seen_pairs.add((key, base))
                entry = _Entry(text, key, base, tuple(words(text)), number, None, _phrase_weight(base))
                index = self._add(entry)
                if key in seen:
                    continue
                seen.add(key)
                if len(key) > 1:
                    loose.append(index)
                for part, form in zip(key, base, strict=False):
                    phrase_counts[part][number] += 1
                    example.setdefault((part, number), text)
                    bases_of[part].add(form)
            for part in match_key(activity.description):
                text_counts[part][number] += 1
        self._keysets: dict[int, frozenset[str]] = {i: frozenset(self._entries[i].key) for i in loose}
        # A loose phrase can only match where its rarest word occurs: index it there.
        uses: dict[str, int] = defaultdict(int)
        for index in loose:
            for part in set(self._entries[index].key):
                uses[part] += 1
        for index in loose:
            rarest = min(set(self._entries[index].key), key=lambda part: (uses[part], part))
            self._loose[rarest].append(index)
        total = max(len(self._activities), 1)
        from_phrases = _specificity(phrase_counts, total)
        from_text = _specificity(text_counts, total)
        votes: dict[str, tuple[tuple[int, float], ...]] = {}
        for part in sorted(set(from_phrases) | set(from_text)):
            merged: dict[int, float] = defaultdict(float)
            for number, value in from_phrases.get(part, {}).items():
                merged[number] += KEYWORD_WEIGHT * value
            for number, value in from_text.get(part, {}).items():
                merged[number] += DESCRIPTION_WEIGHT * value
            votes[part] = tuple(sorted(merged.items()))
        self._votes: Mapping[str, tuple[tuple[int, float], ...]] = votes
        self._bases_of: Mapping[str, frozenset[str]] = {part: frozenset(forms) for part, forms in bases_of.items()}
        self._vote_of: Mapping[tuple[str, int], float] = {
            (part, number): weight for part, pairs in votes.items() for number, weight in pairs
        }
        self._example: Mapping[tuple[str, int], str] = example

    def _compile_cues(self) -> None:
        seen: set[tuple[tuple[str, ...], str]] = set()
        for signal, phrases in self.catalogue.cues:
            for text in phrases:
                base = base_key(text)
                if base and (base, signal) not in seen:
                    seen.add((base, signal))
                    self._add(_Entry(text, match_key(text), base, (), None, signal, 1.0))


    def _compile_lookups(self) -> None:
        """Derive the tables the per-line code reads, so that a line is mostly look-ups."""
        entries = self._entries
        # trie nodes: the entries ending there, split into activity phrases and cues
        stack = [self._trie]
        while stack:
            node = stack.pop()
            for part, child in node.items():
                if part == _END:
                    acts = tuple((e, entries[e].base) for e in child if entries[e].activity is not None)
                    cues = tuple((e, entries[e].base) for e in child if entries[e].activity is None)
                    by_base: dict[tuple[str, ...], tuple[int, ...]] = {}
                    for e, base in cues:
                        by_base[base] = (*by_base.get(base, ()), e)
                    plain = not any(form in GENERIC_BASES for _, base in acts for form in base)
                    ends: _Ends = (acts, tuple(e for e, _ in acts) if plain else None, cues, by_base)
                    node[_END] = ends
                else:
                    stack.append(child)
        # loose phrases by their rarest stem, with all their stems for a quick subset test,
        # and the other stems they need (a line with none of them has none of the phrases)
        self._loose_by: dict[str, tuple[tuple[tuple[int, frozenset[str]], ...], frozenset[str] | None]] = {}
        for part, indices in self._loose.items():
            keysets = tuple((e, self._keysets[e]) for e in indices)
            partners = frozenset().union(*(keyset for _, keyset in keysets)) - {part}
            alone = any(keyset == {part} for _, keyset in keysets)
            self._loose_by[part] = (keysets, None if alone else partners)
        # each activity's poles and basis when the line has no axis cues of its own
        self._own_axes: tuple[tuple[tuple[Any, ...], tuple[tuple[str, str], ...]], ...] = tuple(
            (poles, tuple((name, "activity") for _, name, _, _ in _AXES)) for poles in self._poles
        )
        self._shared_alternatives: dict[tuple[int, float], Alternative] = {}
        # poles and basis by (activity, lean of the line's cues on each axis)
        self._cued_axes: dict[tuple[int, ...], tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]] = {}
        # for each stem, the activities it shows as keyword evidence for, with the phrase shown
        shown: dict[str, dict[int, str]] = defaultdict(dict)
        for (part, number), weight in self._vote_of.items():
            if weight >= MIN_SHOWN_VOTE:
                shown[part][number] = self._example.get((part, number), self._activities[number].name)
        self._shown: Mapping[str, Mapping[int, str]] = dict(shown)
        # keyword votes as they are added: as is, and in a list of examples
        self._votes_example: dict[str, tuple[tuple[int, float], ...]] = {
            part: tuple((number, weight * EXAMPLE_FACTOR) for number, weight in pairs)
            for part, pairs in self._votes.items()
        }
        # every prefix of a known stem that ends in a character the stemmer keeps (a digit,
        # an accented letter ...): a word whose own such prefix is not here cannot be known
        self._kept_prefixes: frozenset[str] = frozenset(
            part[: k + 1] for part in self._known for k, char in enumerate(part) if char not in _STEM_LETTERS
        )

    # -- classification ----------------------------------------------------------------
    def classify(self, text: str) -> Result:
        """Classify one line (results for repeated lines are remembered).

        >>> Classifier().classify("Backfill the role after a resignation").activity
        'vacancy_backfill'
        """
        result = self._cache.get(text)
        if result is None:
            result = self._classify(text)
            self._remember(text, result)
        return result

    def classify_many(self, lines: Iterable[str]) -> Iterator[Result]:
        """Classify lines lazily, one result per line, in input order.

        >>> [r.is_hr for r in Classifier().classify_many(["run payroll", "bake bread"])]
        [True, False]
        """
        cache = self._cache
        get = cache.get
        compute = self._classify
        remember = self._remember
        for text in lines:
            result = get(text)
            if result is None:
                result = compute(text)
                remember(text, result)
            yield result

    def _remember(self, text: str, result: Result) -> None:
        cache = self._cache
        if len(cache) >= CACHE_SIZE:
            cache.clear()  # O(1) amortised; deleting the oldest key of a dict is not
        cache[text] = result

    def _word_votes(
        self, stem_: str, base: str
    ) -> tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...], tuple[int, ...]]:
        """Return a word's keyword votes (plain, in a list of examples, the activities).

        None when the catalogue uses the word's stem only through other words: *seconds*
        shares the stem of *secondment* without being that word.
        """
        votes = self._votes.get(stem_, ())
        forms = self._bases_of.get(stem_)
        if votes and forms is not None and base not in forms:
            return (), (), ()
        return votes, self._votes_example.get(stem_, ()), tuple(number for number, _ in votes)

    def _word(self, word: str) -> _Word:
        """Return what matching needs to know about a folded word (memoised while it may match).

        A content word with a character the stemmer never touches (a digit, an accented
        letter) keeps everything up to its last such character in its stem; when no
        catalogue stem starts that way the word is unknown, and is not stemmed at all
        (ticket ids and names are most of the new words in a large batch).
        """
        if word not in STOPWORDS:
            plain = word.replace("’", "'")
            kept = len(plain.rstrip(_STEM_LETTERS))
            if kept and plain[:kept] not in self._kept_prefixes:
                return _UNKNOWN
        stem_, base, stop = _info(word)
        node: _Trie | None = self._trie.get(stem_)
        acts: tuple[int, ...] = ()
        cues: tuple[int, ...] = ()
        if node is not None and _END in node:
            alone = (base,)
            ends: _Ends = node[_END]
            acts = tuple(e for e, want in ends[0] if _compatible(alone, want))
            cues = ends[3].get(alone, ())
        if node is not None and len(node) == (_END in node):
            node = None  # no longer phrase starts with this word
        loose, partners = self._loose_by.get(stem_, ((), None))
        info = _Word(
            stem_,
            base,
            stop,
            stem_ in self._known,
            base in GENERIC_BASES,
            node,
            acts,
            cues,
            loose,
            partners,
            *self._word_votes(stem_, base),
            base not in GENERIC_BASES and stem_ in self._votes,
            self._shown.get(stem_, _NOTHING_SHOWN),
        )
        if len(self._words) >= WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = info
        return info

    def _classify(self, text: str) -> Result:
        if not isinstance(text, str):
            msg = f"classify expects each line as a str, got {type(text).__name__}: {text!r:.60}"
            raise TypeError(msg)
        # Words the catalogue never uses (names, numbers, ticket ids) carry no evidence: they
        # are left out, so lines that differ only in them share one decision. Kept are the
        # known words and the function words that do not count for matching.
        kept: list[str] = []  # the kept words
        counting: list[bool] = []  # for each kept word: whether it counts for matching
        infos: list[_Word] = []  # for each kept word that counts: what is known of it, its span
        starts: list[int] = []
        ends: list[int] = []
        complete = True
        lookup = self._words.get
        describe = self._word
        # a line that starts like a word (an ASCII letter that cannot begin a to-do label,
        # not followed by list-numbering punctuation) has no list prefix to strip
        offset = 0 if text[:1] in _PLAIN_STARTS and text[1:2] not in _NUMBERING_ENDS else prefix_end(text)
        rest = text[offset:] if offset else text
        if rest.isascii():
            # NFKC is the identity on ASCII and casefold() equals lower() there; the text
            # between two words holds no letter or digit, so find() gives each word's span.
            # Without a hyphen, no function word counts (see normalize.Token.content).
            lowered = rest.lower()
            find = lowered.find
            keep, count, begin, end = kept.append, infos.append, starts.append, ends.append
            flag = counting.append
            hyphen = "-" in rest
            at = 0
            for word in _ASCII_WORD.findall(lowered):
                start = find(word, at)
                at = start + len(word)
                info = lookup(word) or describe(word)
                if info[2] and not (hyphen and _content(word, text, start + offset, at + offset)):
                    keep(word)
                    flag(False)
                elif info[3]:
                    keep(word)
                    flag(True)
                    count(info)
                    begin(start + offset)
                    end(at + offset)
                else:
                    complete = False
        else:
            for token in _tokens(text, offset):
                word = token.word
                if not token.content:
                    kept.append(word)
                    counting.append(False)
                    continue
                info = lookup(word) or describe(word)
                if info[3]:
                    kept.append(word)
                    counting.append(True)
                    infos.append(info)
                    starts.append(token.start)
                    ends.append(token.end)
                else:
                    complete = False
        # whether other words are left out matters: only a line that is nothing but a
        # catalogue phrase is taken as that phrase's activity outright
        words_ = tuple(kept)
        # The same words can count differently (a function word counts inside a hyphenated
        # compound such as "on-the-job"), so which of them count is part of the key.
        key = (words_, tuple(counting), complete)
        decision = self._decisions.get(key)
        if decision is None:
            examples = len(infos)
            if not _MARKER_STARTS.isdisjoint(words_) and _has_marker(words_):  # a list of examples
                examples = _examples_from([t for t in _tokens(text, offset) if t.stem in self._known or not t.content])
            decision = self._analyse(infos, words_, examples, complete)
            if len(self._decisions) >= CACHE_SIZE:
                self._decisions.clear()
            self._decisions[key] = decision
        return self._build(text, starts, ends, decision)

    def _build(self, text: str, starts: list[int], ends: list[int], decision: _Decision) -> Result:
        evidence = []
        shared = self._evidence
        for spec in decision.evidence:
            start, end = starts[spec[1]], ends[spec[2] - 1]
            written = text[start:end]
            key = (spec, start, written)  # the same evidence object serves every line it fits
            item = shared.get(key)
            if item is None:
                phrase, _, _, ident, kind, signal = spec
                item = Evidence(phrase, written, start, end, ident, kind, signal)
                if len(shared) >= CACHE_SIZE:
                    shared.clear()
                shared[key] = item
            evidence.append(item)
        number, poles, basis, confidence, _, alternatives = decision
        ident, area = (None, None) if number is None else self._labels[number]
        orientation, focus, approach, systems, collaboration = poles
        return Result(  # positional: attrs' __init__ takes keywords more slowly
            text, ident, area, orientation, focus, approach, systems, collaboration,
            basis, confidence, tuple(evidence), alternatives,
        )  # fmt: skip

    def _match(self, infos: list[_Word]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
        """Walk the trie once from each word: the longest activity phrase and longest cue.

        Returns ``(phrase hits, cue hits)`` as ``(entry, first token, end token)``; hits of
        one kind do not overlap (leftmost, then longest, wins).
        """
        n = len(infos)
        phrase_hits: list[tuple[int, int, int]] = []
        cue_hits: list[tuple[int, int, int]] = []
        act_free = cue_free = 0
        for i, info in enumerate(infos):
            want_act = i >= act_free
            want_cue = i >= cue_free
            node = info.node
            # phrases of this one word are known in advance; longer ones are walked
            best_act = (i + 1, info.acts) if want_act and info.acts else None
            best_cue = (i + 1, info.cues) if want_cue and info.cues else None
            if node is not None and (want_act or want_cue):  # else inside earlier hits of both kinds
                j = i + 1
                generic = info.generic  # whether a word walked so far is generic
                while j < n:
                    step = infos[j]
                    node = node.get(step.stem)
                    if node is None:
                        break
                    generic = generic or step.generic
                    j += 1
                    ends: _Ends | None = node.get(_END)
                    if ends is not None:
                        if want_act and ends[0]:
                            # no generic word on either side: every phrase here is compatible
                            acts = ends[1] if not generic else None
                            if acts is None:
                                written = tuple([word.base for word in infos[i:j]])
                                acts = tuple(e for e, base in ends[0] if _compatible(written, base))
                            if acts:
                                best_act = (j, acts)
                        if want_cue and ends[2]:
                            cues = ends[3].get(tuple([word.base for word in infos[i:j]]))
                            if cues:
                                best_cue = (j, cues)
            if best_act is not None:
                act_free = best_act[0]
                for e in best_act[1]:
                    phrase_hits.append((e, i, act_free))
            if best_cue is not None:
                cue_free = best_cue[0]
                for e in best_cue[1]:
                    cue_hits.append((e, i, cue_free))
        return phrase_hits, cue_hits

    def _loose_hits(self, infos: list[_Word], stems: list[str], matched: set[int]) -> list[tuple[int, int, int, bool]]:
        """Phrases whose words all occur close together but not contiguously.

        Returns ``(entry, first token, end token, in_order)`` for each phrase not already
        matched, whose words fall in a window at most ``MAX_GAP`` words wider than it, in
        entry order. Only the phrases indexed under a stem of the line (their rarest) are
        looked at.
        """
        present = set(stems)
        candidates: list[int] = []
        seen: set[str] = set()
        for info in infos:
            if not info.loose or (info.partners is not None and info.partners.isdisjoint(present)):
                continue
            if info.stem in seen:
                continue  # a repeated stem: its phrases are looked at once
            seen.add(info.stem)
            for e, keyset in info.loose:
                if keyset <= present and e not in matched:
                    candidates.append(e)
        if not candidates:
            return []
        candidates.sort()
        positions: dict[str, list[int]] = {}
        for i, part in enumerate(stems):
            places = positions.get(part)
            if places is None:
                positions[part] = [i]
            else:
                places.append(i)
        entries = self._entries
        out: list[tuple[int, int, int, bool]] = []
        for e in candidates:
            key = entries[e].key
            size = len(key)
            best: tuple[int, int, bool] | None = None
            if size == 2 and len(first := positions[key[0]]) == 1 and len(second := positions[key[1]]) == 1:
                # the usual case, two words written once each: one way to place them
                a, b = first[0], second[0]
                if a != b and abs(a - b) + 1 <= size + MAX_GAP:
                    out.append((e, min(a, b), max(a, b) + 1, a < b))
                continue
            for anchor in positions[key[0]]:
                chosen = [anchor]
                for part in key[1:]:
                    places = positions[part]
                    chosen.append(places[0] if len(places) == 1 else _nearest(places, anchor))
                if len(set(chosen)) < size:
                    continue
                low, high = min(chosen), max(chosen)
                if high - low + 1 <= size + MAX_GAP:
                    ordered = chosen == sorted(chosen)
                    if best is None or (ordered, low - high) > (best[2], best[0] - best[1]):
                        best = (low, high + 1, ordered)
            if best is not None:
                out.append((e, best[0], best[1], best[2]))
        return out

    def _analyse(self, infos: list[_Word], words_: tuple[str, ...], examples: int, complete: bool) -> _Decision:
        """Score a line's content words against the catalogue and decide its labels.

        ``infos`` describe the words that count for matching; those from ``examples`` on
        are a list of examples (after *such as*, *including*, *e.g.*): they support the
        line's head but weigh less than it. ``complete`` says that no word of the line
        was left out as unknown.
        """
        n = len(infos)
        entries = self._entries
        # Each activity's score is summed in one fixed order (phrases, loose phrases, then
        # keywords), from 0.0, so that every line scores the same to the last bit; ``order``
        # lists the activities with evidence in the order they first got some, which is the
        # order their scores are summed per area.
        scores = [0.0] * len(self._activities)
        touched: list[int] = []
        found: dict[int, list[_Found]] = {}
        phrased: set[int] = set()  # activities with phrase-level evidence
        whole: set[int] = set()  # activities with a phrase that is the whole line
        verbatim: set[int] = set()  # ... written word for word

        # 1. contiguous phrases and cues, one walk of the trie from each word
        phrase_hits, cue_hits = self._match(infos)
        matched: set[int] = set()
        for e, i, j in phrase_hits:
            entry = entries[e]
            number = entry.activity
            assert number is not None
            matched.add(e)
            weight = entry.weight
            if complete and i == 0 and j == n:
                whole.add(number)
                weight += WHOLE_LINE_BONUS
                if entry.words == words_:
                    weight += VERBATIM_BONUS
                    verbatim.add(number)
            if i >= examples:
                weight *= EXAMPLE_FACTOR
            scores[number] += weight
            touched.append(number)
            phrased.add(number)
            found.setdefault(number, []).append(("phrase", entry.phrase, i, j, weight))

        # 2. phrases written loosely: the same words close together, other words between
        if n > 2:
            for e, i, j, ordered in self._loose_hits(infos, [info.stem for info in infos], matched):
                entry = entries[e]
                number = entry.activity
                assert number is not None
                items = found.get(number)
                if items is None:
                    items = found[number] = []
                else:
                    inside = False
                    for _, _, a, b, _ in items:
                        if a <= i and j <= b:
                            inside = True  # the same words already count for it as a written phrase
                            break
                    if inside:
                        continue
                weight = entry.weight * (GAP_FACTOR if ordered else UNORDERED_FACTOR)
                if i >= examples:
                    weight *= EXAMPLE_FACTOR
                scores[number] += weight
                touched.append(number)
                phrased.add(number)
                items.append(("keyword", entry.phrase, i, j, weight))

        # 3. keyword votes, once per distinct stem; generic words do not vote
        first_at: dict[str, int] = {}  # each voting stem's first position, in line order
        voters: list[Iterable[int]] = [touched]
        for i, info in enumerate(infos):
            if info.voter and info.stem not in first_at:
                first_at[info.stem] = i
                for number, weight in info.votes if i < examples else info.votes_example:
                    scores[number] += weight
                voters.append(info.voted)
        order = dict.fromkeys(itertools.chain.from_iterable(voters))

        # 4. cues
        not_hr = 0.0
        net: dict[Axis, float] = {}
        for e, i, _ in cue_hits:
            signal = entries[e].signal
            if signal == NOT_HR:
                not_hr += EXAMPLE_FACTOR if i >= examples else 1.0
            elif signal is not None:
                axis, sign = _SIGNALS[signal]
                # a task line's leading word is its main verb: it weighs more
                net[axis] = net.get(axis, 0.0) + sign * (LEAD_CUE_WEIGHT if i == 0 else 1.0)

        # 5. decide: the area with the most evidence, then its best activity
        area_of = self._area_index
        area_scores = [0.0] * len(self._areas)
        for number in order:
            area_scores[area_of[number]] += scores[number]
        # the activities with evidence, best first (by score, then by number: the sort is
        # stable, and keeps ascending numbers among equal scores even in reverse)
        ranking = sorted(sorted(order), key=scores.__getitem__, reverse=True)
        top_number: int | None = None
        if whole:  # a line that is exactly a catalogue phrase is that phrase's activity
            top_number = min(whole, key=lambda m: (m not in verbatim, -scores[m], m))
        elif ranking and AREA_VOTE:  # the best activity of the best area
            best_area = max(area_scores)
            for number in ranking:
                if area_scores[area_of[number]] == best_area:
                    top_number = number
                    break
        elif ranking:
            top_number = ranking[0]
        top = 0.0 if top_number is None else scores[top_number]
        others: list[tuple[int, float]] = []
        for number in ranking[: MAX_ALTERNATIVES + 1]:
            if number != top_number:
                others.append((number, scores[number]))
        del others[MAX_ALTERNATIVES:]
        ranked = [] if top_number is None else [(top_number, top), *others]
        second = others[0][1] if others else 0.0
        if top_number is not None and STRENGTH_BY_AREA:
            top = max(top, area_scores[area_of[top_number]])
        strength = top - NOT_HR_PENALTY * not_hr
        if top_number in whole:
            is_hr = True  # the whole line is one of the catalogue's own phrases
        elif top_number in phrased:
            is_hr = strength >= HR_THRESHOLD
        else:
            is_hr = top_number is not None and strength >= KEYWORD_ONLY_THRESHOLD

        evidence: list[_Spec] = []
        for e, i, j in cue_hits:
            entry = entries[e]
            evidence.append((entry.phrase, i, j, None, "cue", entry.signal))
        if top_number is not None:
            evidence.extend(self._activity_evidence(top_number, found.get(top_number, []), infos, first_at.values()))
        evidence.sort(key=_SPEC_ORDER)

        sure = 1.0 - math.exp(-max(strength, 0.0) / 1.5)
        if not is_hr:
            return _make_decision(
                (
                    None,
                    _NO_POLES,
                    (),
                    round(1.0 - sure if top_number is not None else 1.0, 4),
                    tuple(evidence),
                    self._alternatives(ranked[:MAX_ALTERNATIVES]),
                )
            )
        assert top_number is not None
        if any(net.values()):
            # which way the line's cues lean on each axis: the poles and basis follow from it
            signs = (top_number, *[(value > 0) - (value < 0) for value in map(net.get, _AXIS_LIST, _ZEROS)])
            decided = self._cued_axes.get(signs)
            if decided is None:
                decided = self._cued_axes[signs] = self._axes_for(top_number, signs[1:])
        else:  # no axis cue in the line: every axis is the activity's own
            decided = self._own_axes[top_number]
        return _make_decision(
            (
                top_number,
                decided[0],
                decided[1],
                round(sure * top / (top + second), 4),
                tuple(evidence),
                self._alternatives(others[:MAX_ALTERNATIVES]),
            )
        )

    def _axes_for(self, number: int, signs: tuple[int, ...]) -> tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]:
        """The poles and basis of activity ``number`` where the line's cues lean ``signs``.

        ``signs`` holds, per axis, +1 (towards the People Ops pole), -1 or 0 (no lean: the
        activity's own pole).
        """
        poles: list[Any] = []
        basis: list[tuple[str, str]] = []
        for (_, name, traditional, other), own, sign in zip(_AXES, self._poles[number], signs, strict=True):
            if sign:
                poles.append(other if sign > 0 else traditional)
                basis.append((name, "text"))
            else:
                poles.append(own)
                basis.append((name, "activity"))
        return tuple(poles), tuple(basis)

    def _alternatives(self, ranked: list[tuple[int, float]]) -> tuple[Alternative, ...]:
        shared = self._shared_alternatives
        out = []
        for pair in ranked:
            item = shared.get(pair)
            if item is None:
                number, score = pair
                item = Alternative(self._activities[number].id, self._area_of[number], round(score, 4))
                if len(shared) >= CACHE_SIZE:
                    shared.clear()
                shared[pair] = item
            out.append(item)
        return tuple(out)

    def _activity_evidence(
        self, number: int, items: list[_Found], infos: list[_Word], voters: Iterable[int]
    ) -> list[_Spec]:
        """The evidence to show for activity ``number``: its phrases, then its voters' words.

        ``voters`` are the positions of the words that voted (the first of each stem); a
        word shows as keyword evidence where no phrase of the activity covers it.
        """
        ident = self._activities[number].id
        out: list[_Spec] = [(phrase, i, j, ident, kind, None) for kind, phrase, i, j, _ in items]
        covered: set[int] = set()
        for _, _, i, j, _ in items:
            covered.update(range(i, j))
        for i in voters:
            phrase = infos[i].shown.get(number)
            if phrase is not None and i not in covered:
                out.append((phrase, i, i + 1, ident, "keyword", None))
        return out


# evidence in line order: first token, end token, kind, phrase
_SPEC_ORDER = operator.itemgetter(1, 2, 4, 0)

_EXAMPLE_MARKERS = {
    ("including",),
    ("include",),
    ("includes",),
    ("such", "as"),
    ("e", "g"),
    ("eg",),
    ("for", "example"),
    ("for", "instance"),
}
_MARKER_STARTS = frozenset(marker[0] for marker in _EXAMPLE_MARKERS)


def _has_marker(words_: tuple[str, ...]) -> bool:
    """Whether the words hold a marker of a list of examples (*such as*, *including* ...).

    >>> _has_marker(("plan", "for", "next", "year")), _has_marker(("for", "example"))
    (False, True)
    """
    starts = (i for i, word in enumerate(words_) if word in _MARKER_STARTS)
    return any(words_[i : i + size] in _EXAMPLE_MARKERS for i in starts for size in (1, 2))


def _examples_from(every: list[Token]) -> int:
    """Return how many content tokens come before a list of examples (all, if none).

    >>> from peopleops.normalize import tokens
    >>> _examples_from(tokens("Maintain records, such as leave and payroll"))
    2
    """
    words_ = [token.word for token in every]
    for i in range(len(words_)):
        for size in (1, 2):
            if tuple(words_[i : i + size]) in _EXAMPLE_MARKERS:
                return sum(1 for token in every[: i + size] if token.content)
    return sum(1 for token in every if token.content)


@functools.cache
def _builtin_classifier() -> Classifier:
    return Classifier()


_RECENT: dict[int, tuple[Catalogue, Classifier]] = {}
_RECENT_SIZE = 4


def classifier(catalogue: Catalogue | None = None) -> Classifier:
    """Return a classifier for ``catalogue``, compiled once and shared.

    The built-in catalogue's classifier lives as long as the process; the classifiers of
    the last few custom catalogues passed in are kept too.

    >>> classifier() is classifier()
    True
    """
    if catalogue is None:
        return _builtin_classifier()
    held = _RECENT.get(id(catalogue))
    if held is not None and held[0] is catalogue:
        return held[1]
    if len(_RECENT) >= _RECENT_SIZE:
        del _RECENT[next(iter(_RECENT))]
    compiled = Classifier(catalogue)
    _RECENT[id(catalogue)] = (catalogue, compiled)
    return compiled


def classify(text: str, catalogue: Catalogue | None = None) -> Result:
    """Classify one task line.

    >>> classify("Prepare the payroll run for May").area
    'total_rewards'
    """
    return classifier(catalogue).classify(text)


def classify_many(lines: Iterable[str], catalogue: Catalogue | None = None) -> Iterator[Result]:
    """Classify many lines lazily, one result per line, in input order.

    >>> [r.area for r in classify_many(["run payroll", "", "mediate disputes"])]
    ['total_rewards', None, 'employee_relations']
    """
    return classifier(catalogue).classify_many(lines)


def classify_batch(lines: Iterable[str], catalogue: Catalogue | None = None) -> Batch:
    """Classify ``lines`` and keep every result in a :class:`Batch` (in input order).

    >>> classify_batch(["mediate disputes"])[0].area
    'employee_relations'
    """
    return Batch(classifier(catalogue).classify_many(lines))
