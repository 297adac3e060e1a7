"""A framework's regulation that ``replaces`` a plugin's open-ended version ends it the day before it takes effect."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from villagescore.errors import FrameworkError
from villagescore.framework import load_framework_document, resolve_framework

from .third_party import third_party_registry


@pytest.fixture
def registry():
    return third_party_registry()


def _doc(support_dir, *, replaces=("air-2020",), valid_from="2026-01-01", **more):
    """The toy framework with its own successor ``air-2026`` of ``air-2020``, and toy.c citing both by date."""
    doc = load_framework_document(support_dir / "toy-framework.yaml")[0]
    successor = {"id": "air-2026", "document": "Air rule 2026", "confidence": "estimate", "valid_from": valid_from,
                 "limits": [{"id": "c", "parameter": "C", "unit": "mg/L", "confidence": "estimate", "value": 80}]}
    if replaces:
        successor["replaces"] = list(replaces)
    doc["regulations"].append({**successor, **more})
    doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = {"versions": [
        {"regulation": "air-2020", "limit": "c"}, {"regulation": "air-2026", "limit": "c"}]}
    return doc


def _problems(doc, registry, lang=None):
    with pytest.raises(FrameworkError) as info:
        resolve_framework(copy.deepcopy(doc), registry, name="fw.yaml")
    return [p.format(lang) for p in info.value.problems]


def test_without_replaces_the_overlap_says_who_declares_each_and_what_to_write(support_dir, registry):
    """Before: "(set valid_from/valid_to)", which a plugin's version cannot be given in a framework file."""
    (en,) = _problems(_doc(support_dir, replaces=()), registry)
    assert en == ("fw.yaml: $.pillars[0].criteria[0].indicators[1].threshold.versions: regulations 'air-2020' "
                  "(declared by plugin 'third') and 'air-2026' (declared by this file) are both in force on "
                  "2026-01-01: versions of a threshold must follow each other. Set valid_from/valid_to of the "
                  "regulations this file declares, or give the later one, declared in this file, replaces: "
                  "[air-2020]: it ends 'air-2020' the day before it takes effect")
    (vi,) = _problems(_doc(support_dir, replaces=()), registry, lang="vi")
    assert "'air-2020' (do plugin 'third' khai báo) và 'air-2026' (do tệp này khai báo)" in vi


def test_replaces_ends_a_plugin_s_open_ended_version_the_day_before_within_the_framework(support_dir, registry):
    fw = resolve_framework(_doc(support_dir), registry, name="fw.yaml")
    assert fw.regulations["air-2020"].valid_to == "2025-12-31"
    assert registry.regulations["air-2020"].valid_to is None  # the plugin's own declaration is left as it is
    (node,) = [n for n in fw.indicators if n.id == "toy.c"]
    frame = pd.DataFrame({"year": [2025, 2026], "survey_date": ["2025-12-31", "2026-01-01"]})
    assert node.threshold.limit(frame).tolist() == [100.0, 80.0]
    later = resolve_framework(_doc(support_dir, valid_from="2026-07-01"), registry, name="fw.yaml")
    assert later.regulations["air-2020"].valid_to == "2026-06-30"
    assert later.resolved_sha256 != fw.resolved_sha256  # the end it was given is in the resolved hash


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["regulations"].append({"id": "air-2019", "document": "Air 2019", "confidence": "verified",
                                        "valid_from": "2026-06-01"}) or d["regulations"][1].update(
        replaces=["air-2020", "air-2019"]),
     "fw.yaml: $.regulations[1].replaces: regulation 'air-2026' takes effect on 2026-01-01 and replaces 'air-2019', "
     "which takes effect on 2026-06-01: a version replaces an earlier one"),
    (lambda d: d["regulations"].append({"id": "air-2019", "document": "Air 2019", "confidence": "verified",
                                        "valid_to": "2026-03-31"}) or d["regulations"][1].update(
        replaces=["air-2020", "air-2019"]),
     "fw.yaml: $.regulations[1].replaces: regulation 'air-2026' takes effect on 2026-01-01 and replaces 'air-2019', "
     "whose valid_to is 2026-03-31: end 'air-2019' before 2026-01-01, or leave out its valid_to (replacing ends it "
     "the day before)"),
    (lambda d: d["regulations"][1].update(replaces=["air-2002"]),
     "fw.yaml: $.regulations[1]: regulation 'air-2026' refers to unknown regulation 'air-2002'"),
])
def test_a_replacement_that_contradicts_the_dates_or_names_nothing_is_refused(support_dir, registry, change,
                                                                                message):
    doc = _doc(support_dir)
    change(doc)
    assert message in _problems(doc, registry)


def test_declaring_a_plugin_s_regulation_again_says_to_replace_it_instead(support_dir, registry):
    """Before: "cite it by id" only, when what the author wanted was to end it."""
    doc = _doc(support_dir)
    doc["regulations"].append({"id": "air-2020", "document": "Air rule 2020", "confidence": "verified",
                               "valid_to": "2025-12-31"})
    en = _problems(doc, registry)
    assert ("fw.yaml: $.regulations[2].id: regulation 'air-2020' is already declared by plugin 'third': cite it by "
            "id instead of declaring it again; to end it, declare its successor with replaces: [air-2020]") in en
    assert any("hãy khai báo văn bản thay thế nó với replaces: [air-2020]" in vi
               for vi in _problems(doc, registry, lang="vi"))


def _successor(ident, valid_from, replaces, value):
    return {"id": ident, "document": f"Air rule {valid_from[:4]}", "confidence": "estimate", "valid_from": valid_from,
            "replaces": replaces, "limits": [{"id": "c", "parameter": "C", "unit": "mg/L", "confidence": "estimate",
                                              "value": value}]}


def _versions(*ids):
    return {"versions": [{"regulation": ident, "limit": "c"} for ident in ids]}


def test_a_chain_of_replacements_in_one_file_ends_the_file_s_own_open_ended_version(support_dir, registry):
    """Before: "replaces 'air-2026', whose valid_to is None: … leave out its valid_to" (it was left out)."""
    doc = _doc(support_dir)
    doc["regulations"].append(_successor("air-2027", "2027-01-01", ["air-2026"], 70))
    doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = _versions("air-2020", "air-2026", "air-2027")
    fw = resolve_framework(doc, registry, name="fw.yaml")
    assert [fw.regulations[i].valid_to for i in ("air-2020", "air-2026", "air-2027")] == [
        "2025-12-31", "2026-12-31", None]
    (node,) = [n for n in fw.indicators if n.id == "toy.c"]
    frame = pd.DataFrame({"year": [2025, 2026, 2027], "survey_date": ["2025-12-31", "2026-12-31", "2027-01-01"]})
    assert node.threshold.limit(frame).tolist() == [100.0, 80.0, 70.0]


def test_a_version_two_successors_replace_ends_before_the_earlier_whatever_their_ids(support_dir, registry):
    doc = _doc(support_dir)
    doc["regulations"].append(_successor("air-0-2027", "2027-01-01", ["air-2020", "air-2026"], 70))
    doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = _versions("air-2020", "air-2026", "air-0-2027")
    fw = resolve_framework(doc, registry, name="fw.yaml")
    assert fw.regulations["air-2020"].valid_to == "2025-12-31"
    assert fw.regulations["air-2026"].valid_to == "2026-12-31"


def test_a_chain_across_an_overlay_of_an_overlay(support_dir, registry, tmp_path):
    """r3.yaml extends r1.yaml (which adds 2026 after the plugin's 2020) and adds 2027 after 2026."""
    import yaml

    from villagescore.framework import load_framework

    base = load_framework_document(support_dir / "toy-framework.yaml")[0]
    base["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = _versions("air-2020")
    (tmp_path / "toy-framework.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    for name, base, version, successor, ids in (
            ("r1", "toy-framework.yaml", ">=1.0,<2", _successor("air-2026", "2026-01-01", ["air-2020"], 80),
             ("air-2020", "air-2026")),
            ("r3", "r1.yaml", ">=2", _successor("air-2027", "2027-01-01", ["air-2026"], 70),
             ("air-2020", "air-2026", "air-2027"))):
        doc = {"id": f"toy-{name}", "version": "2.0" if name == "r1" else "3.0", "title": {"vi": name, "en": name},
               "extends": {"framework": base, "version": version}, "regulations": [successor],
               "change": {"indicators": {"toy.c": {"threshold": _versions(*ids)}}}}
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    fw = load_framework(tmp_path / "r3.yaml", registry)
    assert [fw.regulations[i].valid_to for i in ("air-2020", "air-2026", "air-2027")] == [
        "2025-12-31", "2026-12-31", None]
