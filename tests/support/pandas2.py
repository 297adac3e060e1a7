"""What pandas 2 (the oldest pandas ``pyproject.toml`` allows) does otherwise, known and marked.

The tox env ``oldest`` runs the suite on pandas 2.2. A test of something pandas 2 does otherwise
(never a score: the golden outputs are the same bytes there) is marked :func:`otherwise_on_pandas_2`:
an expected failure there, strict, so that a fix is noticed; on pandas 3 the test runs as it is.
"""

from __future__ import annotations

import pytest

from villagescore.datasets.text import PANDAS_2  # whether pandas is older than 3, as the readers judge it

__all__ = ["PANDAS_2", "otherwise_on_pandas_2"]


def otherwise_on_pandas_2(reason: str) -> pytest.MarkDecorator:
    """A strict expected failure on pandas 2, saying why; nothing on pandas 3."""
    return pytest.mark.xfail(PANDAS_2, reason=f"pandas 2: {reason}", strict=True)
