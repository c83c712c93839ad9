"""Classify task lines against the catalogue: which activity, which area, which poles, and why.

The catalogue is compiled once into a :class:`Classifier`: every activity name and phrase,
and every cue phrase of the catalogue's ``[cues]`` table, goes into one token trie over
word stems (see :mod:`peopleops.normalize`). A line is then read in one pass:

1. **Phrases.** Walking the trie from each word finds the catalogue phrases written
   contiguously in the line; the longest match wins and matches do not overlap.
2. **Gapped phrases.** A phrase whose words occur in order with a few other words between
   them (``recruit, interview and select applicants`` holds *interview ... applicants*)
   counts as looser evidence.
3. **Keywords.** Every content word votes for the activities whose phrases use it,
   weighted by how specific the word is to each activity across the whole catalogue
   (a word used by one activity votes strongly; *manage* or *employee* barely votes).
4. **Cues.** Cue phrases decide an axis from the line's own words (``after a complaint``
   is reactive, ``design a program`` is strategic) and ``not_hr`` cues (*customer*,
   *patient*, *student* ...) weigh against reading the line as HR work at all.

A line whose HR evidence is too weak, once ``not_hr`` cues are counted against it, gets
``activity=None`` and ``area=None``: it is not HR work (or not recognised) rather than a
forced label. Otherwise each axis is decided by the line's cues where it has some and by
the matched activity's position where it has none, and :attr:`Result.basis` says which.

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
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

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
from peopleops.normalize import STOPWORDS, Token, match_key, tokens

__all__ = [
    "Alternative",
    "Classifier",
    "Evidence",
    "Result",
    "classifier",
    "classify",
    "classify_many",
]

NOT_HR = "not_hr"
"""The cue key for words that mark a line as other work than HR (*customer*, *patient*)."""

# -- scoring constants (one place, documented) -------------------------------------------
PHRASE_BASE = 0.5
"""A contiguous phrase of ``n`` content words scores ``PHRASE_BASE + PHRASE_PER_WORD * n``."""
PHRASE_PER_WORD = 0.5
GAP_FACTOR = 0.6
"""A gapped phrase scores this share of the same phrase written contiguously."""
MAX_GAP = 3
"""At most this many other content words between two consecutive words of a gapped phrase."""
KEYWORD_WEIGHT = 0.6
"""The vote of a word used by one activity only; shared words vote for less."""
HR_THRESHOLD = 0.55
"""Minimum evidence score (after not-HR cues) for a line to count as HR work."""
NOT_HR_PENALTY = 1.2
"""Evidence score removed per ``not_hr`` cue in the line."""
MAX_ALTERNATIVES = 3
CACHE_SIZE = 65_536
"""How many distinct lines a classifier remembers (oldest forgotten first)."""


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


@attrs.frozen
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

    def to_dict(self) -> dict[str, Any]:
        """Return a plain, JSON-able mapping (poles as their strings).

        >>> sorted(classify("run payroll").to_dict())[:4]
        ['activity', 'alternatives', 'approach', 'area']
        """
        return {
            "text": self.text,
            "activity": self.activity,
            "area": self.area,
            **{
                axis.value: (None if (pole := self.pole(axis)) is None else pole.value)
                for axis in Axis
            },
            "confidence": self.confidence,
            "evidence": [item.to_dict() for item in self.evidence],
            "alternatives": [item.to_dict() for item in self.alternatives],
            "basis": dict(self.basis),
        }


@attrs.frozen
class _Entry:
    """A compiled phrase: an activity phrase (``activity`` set) or a cue (``signal`` set)."""

    phrase: str
    key: tuple[str, ...]
    activity: int | None
    signal: str | None


_END = ""  # trie key holding the entries that end at a node; stems are never empty

_Trie = dict[str, Any]


def _activity_weight(length: int) -> float:
    return PHRASE_BASE + PHRASE_PER_WORD * length


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
        self._entries: list[_Entry] = []
        self._trie: _Trie = {}
        self._gapped: dict[str, list[int]] = defaultdict(list)
        self._cache: dict[str, Result] = {}
        self._compile_activities()
        self._compile_cues()

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
        counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        example: dict[tuple[str, int], str] = {}
        for number, activity in enumerate(self._activities):
            seen: set[tuple[str, ...]] = set()
            for text in (activity.name, *activity.phrases):
                key = match_key(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                index = self._add(_Entry(text, key, number, None))
                if len(key) > 1:
                    self._gapped[key[0]].append(index)
                for part in key:
                    counts[part][number] += 1
                    example.setdefault((part, number), text)
        total = max(len(self._activities), 1)
        votes: dict[str, tuple[tuple[int, float], ...]] = {}
        for part, per_activity in counts.items():
            spread = len(per_activity)
            idf = math.log((total + 1) / spread) / math.log(total + 1)
            mass = sum(per_activity.values())
            votes[part] = tuple(
                (number, KEYWORD_WEIGHT * idf * math.sqrt(count / mass))
                for number, count in sorted(per_activity.items())
            )
        self._votes: Mapping[str, tuple[tuple[int, float], ...]] = votes
        self._example: Mapping[tuple[str, int], str] = example

    def _compile_cues(self) -> None:
        seen: set[tuple[tuple[str, ...], str]] = set()
        for signal, phrases in self.catalogue.cues:
            for text in phrases:
                key = match_key(text)
                if key and (key, signal) not in seen:
                    seen.add((key, signal))
                    self._add(_Entry(text, key, None, signal))

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

        >>> [r.is_hr for r in Classifier().classify_many(["hire a recruiter", "bake bread"])]
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
            del cache[next(iter(cache))]
        cache[text] = result

    def _classify(self, text: str) -> Result:
        toks = [token for token in tokens(text) if token.word not in STOPWORDS]
        stems = [token.stem for token in toks]
        entries = self._entries
        n = len(stems)

        # 1. one walk of the trie from each word: longest activity phrase, longest cue
        phrase_hits: list[tuple[int, int, int]] = []  # (entry, first token, end token)
        cue_hits: list[tuple[int, int, int]] = []
        act_free = cue_free = 0
        trie = self._trie
        for i in range(n):
            node: _Trie | None = trie
            best_act: tuple[int, list[int]] | None = None
            best_cue: tuple[int, list[int]] | None = None
            j = i
            while j < n and node is not None:
                node = node.get(stems[j])
                j += 1
                if node is not None and _END in node:
                    ends: list[int] = node[_END]
                    acts = [e for e in ends if entries[e].activity is not None]
                    cues = [e for e in ends if entries[e].signal is not None]
                    if acts:
                        best_act = (j, acts)
                    if cues:
                        best_cue = (j, cues)
            if best_act is not None and i >= act_free:
                act_free = best_act[0]
                phrase_hits.extend((e, i, best_act[0]) for e in best_act[1])
            if best_cue is not None and i >= cue_free:
                cue_free = best_cue[0]
                cue_hits.extend((e, i, best_cue[0]) for e in best_cue[1])

        scores: dict[int, float] = defaultdict(float)
        found: dict[int, list[tuple[float, str, int, int, str]]] = defaultdict(list)
        matched = set()
        for e, i, j in phrase_hits:
            entry = entries[e]
            number = entry.activity
            assert number is not None
            matched.add(e)
            scores[number] += _activity_weight(len(entry.key))
            found[number].append((0.0, entry.phrase, i, j, "phrase"))

        # 2. gapped phrases: the words of a phrase in order, a few other words between
        if n > 2:
            positions: dict[str, list[int]] = defaultdict(list)
            for i, part in enumerate(stems):
                positions[part].append(i)
            gapped = self._gapped
            done: set[int] = set()
            for i, part in enumerate(stems):
                for e in gapped.get(part, ()):
                    if e in matched or e in done:
                        continue
                    entry = entries[e]
                    last = i
                    for piece in entry.key[1:]:
                        nxt = next(
                            (p for p in positions.get(piece, ()) if last < p <= last + MAX_GAP + 1),
                            None,
                        )
                        if nxt is None:
                            break
                        last = nxt
                    else:
                        done.add(e)
                        number = entry.activity
                        assert number is not None
                        scores[number] += GAP_FACTOR * _activity_weight(len(entry.key))
                        found[number].append((0.0, entry.phrase, i, last + 1, "keyword"))

        # 3. keyword votes, once per distinct stem
        votes = self._votes
        first_at: dict[str, int] = {}
        for i, part in enumerate(stems):
            first_at.setdefault(part, i)
        for part, i in first_at.items():
            for number, weight in votes.get(part, ()):
                scores[number] += weight
                found[number].append((weight, part, i, i + 1, "vote"))

        # 4. cues
        not_hr = 0
        net: dict[Axis, int] = defaultdict(int)
        for e, _, _ in cue_hits:
            signal = entries[e].signal
            if signal == NOT_HR:
                not_hr += 1
            elif signal is not None:
                pole = POLES[signal]
                axis = axis_of(pole)
                net[axis] += 1 if pole is axis.poles[1] else -1

        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        top_number, top = ranked[0] if ranked else (None, 0.0)
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        strength = top - NOT_HR_PENALTY * not_hr
        is_hr = top_number is not None and strength >= HR_THRESHOLD

        evidence = self._cue_evidence(text, toks, cue_hits)
        if top_number is not None:
            evidence.extend(self._activity_evidence(text, toks, top_number, found[top_number]))
        evidence.sort(key=lambda item: (item.start, item.end, item.kind, item.phrase))

        sure = 1.0 - math.exp(-max(strength, 0.0) / 1.5)
        if is_hr:
            assert top_number is not None
            activity = self._activities[top_number]
            margin = top / (top + second)
            confidence = sure * margin
            alternatives = ranked[1 : 1 + MAX_ALTERNATIVES]
            poles: dict[Axis, Pole | None] = {}
            basis: list[tuple[str, str]] = []
            for axis in Axis:
                if net[axis]:
                    poles[axis] = axis.poles[1] if net[axis] > 0 else axis.poles[0]
                    basis.append((axis.value, "text"))
                else:
                    poles[axis] = activity.position(axis).pole
                    basis.append((axis.value, "activity"))
            return Result(
                text=text,
                activity=activity.id,
                area=activity.area,
                orientation=poles[Axis.ORIENTATION],  # type: ignore[arg-type]  # pole of its axis
                focus=poles[Axis.FOCUS],  # type: ignore[arg-type]
                approach=poles[Axis.APPROACH],  # type: ignore[arg-type]
                systems=poles[Axis.SYSTEMS],  # type: ignore[arg-type]
                collaboration=poles[Axis.COLLABORATION],  # type: ignore[arg-type]
                basis=tuple(basis),
                confidence=round(confidence, 4),
                evidence=tuple(evidence),
                alternatives=self._alternatives(alternatives),
            )
        return Result(
            text=text,
            activity=None,
            area=None,
            orientation=None,
            focus=None,
            approach=None,
            systems=None,
            collaboration=None,
            basis=(),
            confidence=round(1.0 - sure if top_number is not None else 1.0, 4),
            evidence=tuple(evidence),
            alternatives=self._alternatives(ranked[:MAX_ALTERNATIVES]),
        )

    def _alternatives(self, ranked: list[tuple[int, float]]) -> tuple[Alternative, ...]:
        return tuple(
            Alternative(self._activities[n].id, self._activities[n].area, round(score, 4))
            for n, score in ranked
        )

    def _cue_evidence(
        self, text: str, toks: list[Token], hits: list[tuple[int, int, int]]
    ) -> list[Evidence]:
        out = []
        for e, i, j in hits:
            entry = self._entries[e]
            start, end = toks[i].start, toks[j - 1].end
            out.append(
                Evidence(entry.phrase, text[start:end], start, end, None, "cue", entry.signal)
            )
        return out

    def _activity_evidence(
        self,
        text: str,
        toks: list[Token],
        number: int,
        items: list[tuple[float, str, int, int, str]],
    ) -> list[Evidence]:
        ident = self._activities[number].id
        covered: set[int] = set()
        out = []
        for _, phrase, i, j, kind in items:
            if kind != "vote":
                covered.update(range(i, j))
                start, end = toks[i].start, toks[j - 1].end
                out.append(Evidence(phrase, text[start:end], start, end, ident, kind))
        for weight, part, i, _, kind in items:
            if kind == "vote" and i not in covered and weight > 0:
                token = toks[i]
                phrase = self._example[(part, number)]
                start, end = token.start, token.end
                out.append(Evidence(phrase, text[start:end], start, end, ident, "keyword"))
        return out


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
