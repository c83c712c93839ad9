"""Griffe extension for the API reference: docstrings written for doctest, shown as code.

peopleops docstrings carry runnable ``>>>`` examples and a few Sphinx-style roles
(``:class:`~enum.Enum```). Markdown would read ``>>>`` as nested quotes and ``[...][:1]`` as
a reference link, so before rendering each doctest block (from a ``>>>`` line to the next
blank line) is fenced as ``pycon`` code, and each role becomes a code span of its name.
Loaded by mkdocstrings through ``extensions:`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import griffe

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import fence_doctests


class DoctestFences(griffe.Extension):
    """Rewrite each object's docstring with ``generate.fence_doctests`` as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Fence the doctests of ``obj``'s docstring."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
