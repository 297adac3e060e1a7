"""Tests for the pottery example plugin, written with villagescore's testing kit."""

import pottery
import pytest

from villagescore.testing import assert_scores_equal, check_framework_validates, evaluate_rows, run_indicator

FRAMEWORK = pottery.register_frameworks()[0].path
ROWS = [
    {"pottery_kilns": 20, "pottery_clean_kilns": 5},   # 25 %
    {"pottery_kilns": 10, "pottery_clean_kilns": 8},   # 80 %
    {"pottery_kilns": 0, "pottery_clean_kilns": 0},    # no kiln: missing
]


@pytest.fixture
def vs_plugins():
    """The plugin under test (in a package, put this fixture in tests/conftest.py)."""
    return [pottery]


def test_clean_kiln_share():
    """The indicator on three villages: 5/20, 8/10, and no kiln at all."""
    (indicator,) = pottery.register_indicators()
    assert run_indicator(indicator, ROWS) == [25.0, 80.0, None]


def test_framework_validates(vs_registry):
    """The framework file names only registered indicators, scorers and sectors."""
    check_framework_validates(FRAMEWORK, vs_registry)


def test_scores(vs_registry):
    """Scores and ratings, worked out by hand."""
    result = evaluate_rows(FRAMEWORK, ROWS, vs_registry)
    # bands closed on the left, edges 25, 50, 75: 25 % is in [25, 50) -> 40; 80 % in [75, ∞) -> 100
    assert_scores_equal(result.tree.overall_score, [40.0, 100.0, None])
    assert [result.rating_id(i) for i in range(3)] == ["fair", "good", None]
