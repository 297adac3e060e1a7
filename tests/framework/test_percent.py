"""villagescore.framework.percent: a gate or written-out threshold between 0 and 1 on a % indicator is warned of."""

from __future__ import annotations

import copy
import warnings

import pytest

from villagescore.framework import load_framework_document, resolve_framework
from villagescore.framework.percent import FrameworkWarning, fraction_warnings

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")


@pytest.fixture
def doc(support_dir):
    return load_framework_document(support_dir / "toy-framework.yaml")[0]


def _gate(indicator, value, op=">="):
    return {"id": "share-20", "label": {"vi": "20 % hộ", "en": "20 % of households"}, "indicator": indicator,
            "condition": {"on": "value", "op": op, "value": value}, "cap": "mid"}


def _resolved(doc, registry, *gates, threshold=None):
    doc = copy.deepcopy(doc)
    doc["gates"] += list(gates)
    if threshold is not None:
        doc["pillars"][1]["criteria"][0]["indicators"][1]["threshold"] = threshold
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fw = resolve_framework(doc, registry, name="fw.yaml")
    assert [str(w.message) for w in caught if w.category is FrameworkWarning] == \
        [str(w) for w in fraction_warnings(fw)]  # issued when the framework resolves
    return fraction_warnings(fw)


def test_a_gate_on_a_percent_indicator_with_a_fraction_is_warned_of_in_both_languages(doc, toy_registry):
    """The audit's m24: 'value: 0.2' for the 20 % household rule never fired for a village at 15 %, silently."""
    (found,) = _resolved(doc, toy_registry, _gate("toy.share", 0.2))
    assert str(found) == (
        "fw.yaml: gate 'share-20' compares indicator 'toy.share', measured in % (0 to 100), with 0.2 (as written, it "
        "fails only below 0.2 %): if 20 % is meant, write 20 (a framework file writes percentages from 0 to 100, as "
        "the data do); if 0.2 % is meant, leave it as it is")
    assert found.text("vi").startswith(
        "fw.yaml: điều kiện bắt buộc 'share-20' so sánh chỉ số 'toy.share', đo bằng % (từ 0 đến 100), với 0,2 (như "
        "đang ghi, điều kiện chỉ không đạt khi dưới 0,2 %): nếu ý là 20 %, hãy ghi 20")


@pytest.mark.parametrize("gate", [_gate("toy.share", 20), _gate("toy.share", 0), _gate("toy.share", 1),
                                  _gate("toy.c", 0.5, "<="), dict(_gate("toy.share", 0.2), condition={
                                      "on": "score", "op": ">=", "value": 0.2})])
def test_a_percentage_a_zero_or_another_unit_is_left_alone(doc, toy_registry, gate):
    assert _resolved(doc, toy_registry, gate) == []


def test_a_written_out_threshold_of_a_percent_indicator_between_0_and_1_is_warned_of(doc, toy_registry):
    threshold = {"regulation": "toy-rule", "parameter": "share", "unit": "%", "confidence": "verified", "value": 0.5}
    (found,) = _resolved(doc, toy_registry, threshold=threshold)
    assert str(found).startswith("fw.yaml: the threshold of indicator 'toy.share', measured in % (0 to 100), is 0.5: "
                                 "if 50 % is meant, write 50")
    assert "ngưỡng của chỉ số 'toy.share'" in found.text("vi")
    assert _resolved(doc, toy_registry, threshold=dict(threshold, value=50)) == []


def _overlay(tmp_path, name, base, change):
    """``name`` extending ``base`` with ``change``."""
    import yaml

    body = {"id": name.removesuffix(".yaml"), "version": "0.1", "title": {"vi": "B", "en": "B"},
            "extends": {"framework": base}, "change": change}
    (tmp_path / name).write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")


def test_a_warning_names_the_file_of_an_overlay_chain_that_wrote_the_value(doc, toy_registry, tmp_path):
    """Fifteenth walk: `validate ow-b.yaml`, extending the file with the 0.5 gate, named ow-b.yaml, not that file."""
    import yaml

    from villagescore.framework import load_framework

    base = copy.deepcopy(doc)
    base["gates"].append(_gate("toy.share", 0.2))
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    _overlay(tmp_path, "label.yaml", "base.yaml", {"tiers": {"high": {"label": {"vi": "C", "en": "C"}}}})
    _overlay(tmp_path, "gate.yaml", "label.yaml",
             {"gates": {"share-20": {"condition": {"on": "value", "op": ">=", "value": 0.3}}}})
    _overlay(tmp_path, "above.yaml", "gate.yaml", {"tiers": {"high": {"label": {"vi": "D", "en": "D"}}}})
    for asked, wrote in (("label.yaml", "base.yaml"), ("gate.yaml", "gate.yaml"), ("above.yaml", "gate.yaml")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load_framework(str(tmp_path / asked), toy_registry)
        (found,) = [w.message for w in caught if w.category is FrameworkWarning]
        assert found.to_dict("en")["file"] == str(tmp_path / wrote), asked
        assert str(found).startswith(f"{tmp_path / wrote}: gate 'share-20'"), asked
