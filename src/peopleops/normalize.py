"""Text normalisation shared by the catalogue and the classifier.

A phrase and a task line are compared through the same steps: Unicode NFKC, case folding,
word tokenisation, and Snowball (Porter2) stemming of every word, so that *mediate*,
*mediating* and *mediation* all meet at one key.

>>> phrase_key("Mediating disputes")
('mediat', 'disput')
>>> phrase_key("MEDIATE a dispute") == phrase_key("mediation of disputes")
False
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer  # type: ignore[import-untyped]  # ships no type information

__all__ = ["WORD", "phrase_key", "stem", "words"]

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
"""A word: letters and digits, with inner apostrophes (``employee's``)."""

_STEMMER = snowballstemmer.stemmer("english")
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


def stem(word: str) -> str:
    """Return the stem of one lower-case word (memoised).

    >>> stem("hiring"), stem("hired"), stem("hire")
    ('hire', 'hire', 'hire')
    """
    cached = _STEMS.get(word)
    if cached is None:
        cached = _STEMMER.stemWord(word.replace("’", "'"))
        if len(_STEMS) < _STEM_CACHE_LIMIT:
            _STEMS[word] = cached
    return cached


def fold(text: str) -> str:
    """Return ``text`` NFKC-normalised and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """Return the folded words of ``text``."""
    return WORD.findall(fold(text))


def phrase_key(text: str) -> tuple[str, ...]:
    """Return the stems of the words of ``text``: the key under which phrases are matched."""
    return tuple(stem(word) for word in words(text))
