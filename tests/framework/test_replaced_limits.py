"""A threshold citing a version the framework ends with ``replaces``, with no later version, is warned of."""

from __future__ import annotations

import copy
import warnings

import pytest

from villagescore.framework import load_framework_document, resolve_framework
from villagescore.framework.percent import FrameworkWarning
from villagescore.framework.replaced_limits import ended_versions, replaced_limit_warnings

from .third_party import third_party_registry


@pytest.fixture
def registry():
    return third_party_registry()


def _doc(support_dir, *versions):
    """The toy framework declaring ``air-2026`` (replacing ``air-2020``), toy.c citing ``versions``."""
    doc = load_framework_document(support_dir / "toy-framework.yaml")[0]
    doc["regulations"].append({"id": "air-2026", "document": "Air rule 2026", "confidence": "estimate",
                               "valid_from": "2026-01-01", "replaces": ["air-2020"],
                               "limits": [{"id": "c", "parameter": "C", "unit": "mg/L", "confidence": "estimate",
                                           "value": 80}]})
    doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = {"versions": [
        {"regulation": ident, "limit": "c"} for ident in versions]}
    return doc


def _resolved(doc, registry):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fw = resolve_framework(copy.deepcopy(doc), registry, name="fw.yaml")
    found = replaced_limit_warnings(fw)
    assert [str(w.message) for w in caught if w.category is FrameworkWarning] == [str(w) for w in found]
    return fw, found


def test_a_threshold_left_on_the_ended_version_is_warned_of_when_the_framework_resolves(support_dir, registry):
    """Before: valid, and the indicator unscored from 2026 with only a run warning (r1.yaml's environment.dust_tsp)."""
    fw, (found,) = _resolved(_doc(support_dir, "air-2020"), registry)
    assert ended_versions(fw) == {"air-2020": fw.regulations["air-2026"]}
    assert found.text("en") == (
        "fw.yaml: indicator 'toy.c' cites 'air-2020', which 'air-2026' (declared in this framework) replaces from "
        "2026-01-01: within this framework 'air-2020' ends on 2025-12-31, and the threshold lists no later version, "
        "so from 2026-01-01 the indicator has no limit and is not scored. Add the successor to its threshold's "
        "versions, {regulation: air-2026, limit: c} (giving 'air-2026' a limit 'c' if it has none); if the limit ends "
        "on purpose, leave it as it is")
    assert "chỉ số 'toy.c' trích dẫn 'air-2020'" in found.text("vi")


def test_a_threshold_listing_the_successor_is_not_warned_of(support_dir, registry):
    assert _resolved(_doc(support_dir, "air-2020", "air-2026"), registry)[1] == []


def test_the_warning_names_the_base_file_that_wrote_the_threshold_not_the_overlay_asked_for(support_dir, registry,
                                                                                            tmp_path):
    """Fifteenth walk: an overlay extending the file with the threshold was named, not the file to edit."""
    import yaml

    from villagescore.framework import load_framework

    (tmp_path / "base.yaml").write_text(yaml.safe_dump(_doc(support_dir, "air-2020"), allow_unicode=True),
                                        encoding="utf-8")
    (tmp_path / "over.yaml").write_text(yaml.safe_dump({
        "id": "over", "version": "0.1", "title": {"vi": "O", "en": "O"}, "extends": {"framework": "base.yaml"},
        "change": {"tiers": {"high": {"label": {"vi": "C", "en": "C"}}}}}), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_framework(str(tmp_path / "over.yaml"), registry)
    (found,) = [w.message for w in caught if w.category is FrameworkWarning]
    assert found.to_dict("en")["file"] == str(tmp_path / "base.yaml")
