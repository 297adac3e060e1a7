"""A framework's own scorer without a limit, for an indicator its plugin gives a limit: warned of, scored without."""

from __future__ import annotations

import copy
import warnings

import pytest

from villagescore.framework import resolve_framework
from villagescore.framework.percent import FrameworkWarning
from villagescore.i18n import LANGS
from villagescore.registry import Registry

PAY = "rattan_bamboo.weaver_pay"
#: Last year's ``framework export``: the indicator scored ``linear``, before its plugin gave it the minimum wage.
DOC = {"id": "weaver-pay-linear", "version": "1.0.0", "title": {"vi": "Thu nhập thợ đan", "en": "Weaver pay"},
       "status": "example",
       "defaults": {"aggregator": "weighted_arithmetic", "missing_data": {"policy": "exclude", "min_coverage": 0.5}},
       "pillars": [{"id": "society", "label": {"vi": "Xã hội", "en": "Society"}, "weight": 1, "criteria": [
           {"id": "pay", "label": {"vi": "Thu nhập", "en": "Pay"}, "weight": 1, "indicators": [
               {"id": PAY, "weight": 1,
                "scorer": {"method": "linear", "params": {"worst": 60000, "best": 180000}}}]}]}],
       "rating": {"tiers": [{"id": "good", "label": {"vi": "Tốt", "en": "Good"}, "min_score": 60},
                            {"id": "poor", "label": {"vi": "Yếu", "en": "Poor"}, "min_score": 0}]}}


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _resolved(doc, registry):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fw = resolve_framework(copy.deepcopy(doc), registry, name="fw-linear.yaml")
    return fw, [w.message for w in caught if w.category is FrameworkWarning]


def test_a_scorer_without_a_limit_is_not_refused_over_a_limit_key_the_file_never_wrote(registry):
    """Audit 17 #4: "scorer 'linear': unknown key(s) 'limit'" for a file without ``limit``."""
    assert registry.indicators[PAY].threshold is not None  # the plugin's limit, per village (the region's wage)
    fw, (found,) = _resolved(DOC, registry)
    [node] = fw.indicators
    assert node.threshold is None and node.scoring_params(None) == {"worst": 60000, "best": 180000}
    assert found.check == "unused_limit" and found.to_dict("en")["id"] == PAY
    assert all("regional_minimum_wage" in found.text(lang) and PAY in found.text(lang) for lang in LANGS)
    assert "is scored without it" in found.text("en") and "không theo giới hạn đó" in found.text("vi")


def test_the_plugin_s_scorer_keeps_its_limit_unwarned(registry):
    doc = copy.deepcopy(DOC)
    del doc["pillars"][0]["criteria"][0]["indicators"][0]["scorer"]
    fw, found = _resolved(doc, registry)
    assert fw.indicators[0].threshold is not None and not found
