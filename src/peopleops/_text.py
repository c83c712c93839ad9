"""Small text helpers shared by several modules (not public API)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidates close to ``word``, best first (case-insensitive).

    >>> close_matches("payrol", ["payroll", "onboarding"])
    ['payroll']
    """
    pool = {candidate.casefold(): candidate for candidate in candidates}
    hits = difflib.get_close_matches(word.casefold(), list(pool), n=n, cutoff=0.6)
    return [pool[hit] for hit in hits]
