"""Test-session settings shared by every test module and the doctests of the package."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Keep the semantic fallback's vector cache inside a temporary directory of this run.

    Tests then never write to the user's cache and always exercise the cold start.
    """
    if not os.environ.get("PEOPLEOPS_CACHE_DIR"):
        cache = tempfile.mkdtemp(prefix="peopleops-test-cache-")
        os.environ["PEOPLEOPS_CACHE_DIR"] = cache
        config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
