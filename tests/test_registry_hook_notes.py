"""A plugin that failed in a hook is named, with its error, wherever an id of that kind is then unknown.

The audit's repro (``docs/plugins/hooks.md`` promises it): ``register_scorers`` raising gave a
later "unknown scorer 'x'" with no note; a field label without ``vi`` dropped every field of the
plugin, and the dataset then advised prefixing the column with ``x_``.
"""

from __future__ import annotations

import warnings

import pytest

from tests.support import toy_plugin
from villagescore import Field, Indicator, Limit, Regulation, hookimpl
from villagescore.errors import DatasetError, FrameworkError, UnknownIdError
from villagescore.framework import resolve_framework
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry

LABEL = {"vi": "Nhãn", "en": "Label"}


class Broken:
    """A plugin whose scorers, aggregators, regulations and fields all fail (its label lacks ``vi``)."""

    @hookimpl
    def register_scorers(self):
        raise RuntimeError("boom in scorers")

    @hookimpl
    def register_aggregators(self):
        raise RuntimeError("boom in aggregators")

    @hookimpl
    def register_regulations(self):
        return [Regulation("oops-rule", "Rule", "estimate", limits=(Limit("x", "X", "mg/L", "nonsense", value=1),))]

    @hookimpl
    def register_fields(self):
        return [Field("oops_x", {"en": "Oops value"}, minimum=0, maximum=100)]


def _registry(*plugins):
    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), *plugins))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Registry.from_plugin_manager(pm, strict=False)


@pytest.fixture(scope="module")
def broken():
    return _registry(("oops", Broken()))


def test_a_registry_look_up_names_the_plugin_that_failed_in_that_hook(broken):
    with pytest.raises(UnknownIdError) as info:
        broken.scorer("oops_scorer")
    assert "unknown scorer 'oops_scorer'" in str(info.value)
    assert "(note: plugin 'oops' failed to load its scorers: RuntimeError: boom in scorers)" in str(info.value)
    with pytest.raises(UnknownIdError, match="failed to load its aggregators: RuntimeError: boom in aggregators"):
        broken.aggregator("oops_agg")
    vi = info.value.text("vi")
    assert "phương pháp chấm điểm không xác định 'oops_scorer'" in vi
    assert "không nạp được các phương pháp chấm điểm" in vi


def test_a_failure_in_another_hook_is_not_noted():
    class OnlyScorers:
        @hookimpl
        def register_scorers(self):
            raise RuntimeError("boom in scorers")

    registry = _registry(("oops", OnlyScorers()))
    with pytest.raises(UnknownIdError) as info:
        registry.aggregator("oops_agg")
    assert "note" not in str(info.value)


def _framework(registry, *, aggregator="weighted_arithmetic", scorer=None, threshold=None):
    spec = {"id": "toy.a", "weight": 1}
    if scorer:
        spec["scorer"] = {"method": scorer}
    if threshold:
        spec["threshold"] = threshold
    doc = {"id": "demo", "version": "1.0", "title": LABEL,
           "pillars": [{"id": "env", "label": LABEL, "weight": 1, "aggregator": aggregator,
                        "criteria": [{"id": "c", "label": LABEL, "weight": 1, "indicators": [spec]}]}],
           "rating": {"tiers": [{"id": "all", "label": LABEL, "min_score": 0}]}}
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="demo.yaml")
    return [p.format() for p in info.value.problems]


def test_a_framework_s_unknown_scorer_aggregator_and_regulation_name_the_failed_hook(broken):
    (line,) = _framework(broken, scorer="oops_scorer")
    assert "unknown scorer 'oops_scorer' (note: plugin 'oops' failed to load its scorers: RuntimeError: boom in " \
           "scorers)" in line
    (line,) = _framework(broken, aggregator="oops_agg")
    assert "unknown aggregator 'oops_agg' (note: plugin 'oops' failed to load its aggregators" in line
    (line,) = _framework(broken, threshold={"regulation": "oops-rule", "limit": "x"})
    assert "unknown regulation 'oops-rule': no installed plugin or this file declares it (note: plugin 'oops' " \
           "failed to load its regulations: ValueError: " in line


def test_an_unknown_column_of_a_plugin_whose_fields_failed_names_it_and_gives_no_wrong_advice(broken, tmp_path):
    from villagescore.datasets import read_dataset

    path = tmp_path / "d.csv"
    path.write_text("village_id,name,commune,province,sectors,year,oops_x\nv1,A,X,Hà Nội,alpha,2024,4\n",
                    encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, broken)
    (problem,) = info.value.problems
    assert problem.message == ("unknown column 'oops_x': not an identity column nor a registered field (note: plugin "
                               "'oops' failed to load its fields: ValueError: field 'oops_x': label must be a mapping "
                               "with non-empty 'vi' and 'en' texts); fix that plugin, or prefix the column with 'x_' "
                               "to keep it unscored")
    assert "trường dữ liệu" in problem.format("vi") and "fix that plugin" not in problem.format("vi")


# ---- a bad threshold in a plugin's code is the plugin's ----


class BadThreshold:
    """An indicator whose default threshold, in the plugin's code, cites a regulation nobody declares."""

    @hookimpl
    def register_indicators(self):
        return [Indicator("oops.ind", LABEL, "mg/L", "lower", ("c",), scorer={"method": "linear",
                                                                             "params": {"worst": 100, "best": 0}},
                          threshold={"regulation": "toy-rule-2012", "limit": "c"})]


def test_a_bad_threshold_in_a_plugin_s_code_is_said_as_the_plugin_s_once():
    registry = _registry(("oops", BadThreshold()))
    doc = {"id": "demo", "version": "1.0", "title": LABEL,
           "pillars": [{"id": "env", "label": LABEL, "weight": 1,
                        "criteria": [{"id": "c", "label": LABEL, "weight": 1,
                                      "indicators": [{"id": "oops.ind", "weight": 1}]}]}],
           "rating": {"tiers": [{"id": "all", "label": LABEL, "min_score": 0}]}}
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="demo.yaml")
    (line,) = [p.format() for p in info.value.problems]  # no invented "scorer 'linear': unknown key(s) 'limit'"
    assert line.startswith("demo.yaml: $.pillars[0].criteria[0].indicators[0]: the threshold plugin 'oops' gives "
                           "indicator 'oops.ind' in its code ($.threshold.regulation): unknown regulation "
                           "'toy-rule-2012': no installed plugin declares it")
    assert "fix the plugin, or give the indicator a threshold here" in line
    assert "this file" not in line and "threshold of indicator" not in line
    vi = info.value.problems[0].format("vi")
    assert "plugin 'oops'" in vi and "văn bản quy định" in vi and "threshold" not in vi.replace("$.threshold", "")
