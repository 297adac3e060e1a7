"""villagescore.api: the ``unverified_limits`` keyword overrides the framework's policy, as the option does."""

from __future__ import annotations

import pytest

import villagescore as vs
from villagescore import bundled
from villagescore.errors import VillageScoreError

PILOT = bundled.path(bundled.PILOT)


def test_the_keyword_overrides_the_framework_and_is_recorded():
    own = vs.evaluate(PILOT)
    scored = vs.evaluate(PILOT, unverified_limits="score")
    assert own.framework.unverified_limits == "exclude" and scored.framework.unverified_limits == "score"
    assert own.provenance["unverified_limits"]["source"] == "framework"
    assert scored.provenance["unverified_limits"] == {"policy": "score", "source": "option", "left_out": {}}
    assert scored.provenance["options"]["unverified_limits"] == "score"
    assert round(float(scored.tree.overall_score[0]), 4) == 37.0549  # framework 1.3.0's score of 2021
    assert round(float(own.tree.overall_score[0]), 4) == 32.9354


def test_an_unknown_policy_is_a_clear_error():
    with pytest.raises(VillageScoreError, match="unverified_limits must be one of exclude, score, not 'yes'"):
        vs.evaluate(PILOT, unverified_limits="yes")
