"""The exceptions peopleops raises.

Every error derives from :class:`PeopleopsError`. Each concrete error also subclasses the
builtin exception a caller would naturally catch (``ValueError``, ``LookupError``), so
``except ValueError`` keeps working for code that does not know about peopleops.

Errors about a file carry the individual :class:`Problem` records that make them up, each
naming where it was found (file, line, column, key path), what was expected and what was
received.

>>> from peopleops.errors import CatalogueError, Problem
>>> err = CatalogueError([Problem("activities[0].area", "unknown area", found="'payrol'")])
>>> isinstance(err, ValueError)
True
>>> print(err)
activities[0].area: unknown area (found 'payrol')
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CatalogueError",
    "GraphError",
    "InputError",
    "PeopleopsError",
    "Problem",
    "UnknownIdError",
]


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    Attributes:
        path: Key path inside the document (``activities[3].orientation``), or ``""``.
        message: What is wrong, in a few words.
        expected: What would have been valid, or ``None``.
        found: What was received (already ``repr``-ed when that helps), or ``None``.
        file: The file the problem was found in, or ``None``.
        line: 1-based line number where the format can tell, or ``None``.
        column: 1-based column where the format can tell, or ``None``.
        hint: A suggestion such as a close match (``did you mean 'area'?``), or ``None``.
    """

    path: str
    message: str
    expected: str | None = None
    found: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line is not None:
            where.append(f"line {self.line}")
            if self.column is not None:
                where[-1] += f", column {self.column}"
        head = ": ".join(part for part in (", ".join(where), self.path) if part)
        text = f"{head}: {self.message}" if head else self.message
        details = []
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if self.found is not None:
            details.append(f"found {self.found}")
        if details:
            text += f" ({'; '.join(details)})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class PeopleopsError(Exception):
    """Base class of every error peopleops raises on purpose."""


class _ProblemsError(PeopleopsError):
    """An error made of one or more :class:`Problem` records."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems = tuple(problems)
        super().__init__(self._message())

    def _message(self, limit: int = 20) -> str:
        lines = [str(problem) for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


class CatalogueError(_ProblemsError, ValueError):
    """A catalogue (file or in-memory) is invalid; ``problems`` lists every issue found."""


class InputError(_ProblemsError, ValueError):
    """A task list could not be read as asked (missing column, undecodable file, ...)."""


class GraphError(_ProblemsError, ValueError):
    """A graph violates the taxonomy's rules, or a graph document cannot be read back."""


class UnknownIdError(PeopleopsError, LookupError):
    """An id (activity, area, stage, pole, reference) is not known.

    The message repeats the key and suggests close matches.
    """

    def __init__(self, kind: str, key: object, suggestions: Iterable[str] = ()) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = tuple(suggestions)
        message = f"unknown {kind} {key!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError.__str__ would repr() the single argument; show the sentence itself.
        return str(self.args[0])
