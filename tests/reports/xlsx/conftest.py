"""Fixtures of the XLSX report tests."""

import pytest

from villagescore.reports import xlsx


@pytest.fixture
def wide(monkeypatch):
    """Render as for a national result: the wide layout from the first village-year."""
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 0)
