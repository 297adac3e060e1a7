"""A catalogue's regulation links and improved indicators, checked by the loader's own checks."""

from __future__ import annotations

from villagescore.catalogue.links import catalogue_link_problems
from villagescore.registry import Registry

LABEL = {"vi": "Nhãn", "en": "Label"}
DOC = {
    "catalogue": "bronze2", "version": "0.1.0",
    "regulations": [
        {"id": "bronze2-rule-2025", "document": "Rule 2025", "title": LABEL, "confidence": "estimate",
         "replaces": ["bronze2-rule-2020"]},
        {"id": "bronze2-rule-2030", "document": "Rule 2030", "title": LABEL, "confidence": "estimate",
         "replaces": ["bronze2-rule-2025"]},
    ],
    "sectors": [{"id": "bronze2", "label": LABEL}],
    "measures": [{"id": "bronze2.slag_sorting", "label": LABEL, "sectors": ["bronze2"],
                  "improves": ["installed.x", "bronze2.slag_reus"]}],
}


def _registry() -> Registry:
    from villagescore import Field, Indicator

    return Registry(indicators={"installed.x": Indicator("installed.x", LABEL, "%", "higher", ("f",))},
                    fields={"f": Field("f", LABEL)})


def test_every_slip_is_said_at_once_as_the_loader_s_error():
    """Review 7 #1: validate said VALID; loading the file then stopped every command on the first of these."""
    found = catalogue_link_problems(DOC, "c.yaml", _registry(), {})
    assert [p.where for p in found] == ["$.regulations[0]", "$.regulations[1]", "$.measures[0]"]
    assert found[0].message == ("plugin 'bronze2': regulation 'bronze2-rule-2025' refers to unknown regulation "
                                "'bronze2-rule-2020' in replaces (did you mean 'bronze2-rule-2030'?): declare that "
                                "version, or correct the id")
    assert found[1].message.startswith("plugin 'bronze2': regulation 'bronze2-rule-2030' refers to regulation "
                                       "'bronze2-rule-2025' in replaces, which refers to an unknown version")
    assert not any("left out" in p.message for p in found)
    assert "improves unknown indicator 'bronze2.slag_reus'" in found[2].message
    assert "dẫn đến văn bản quy định không xác định 'bronze2-rule-2020'" in found[0].format("vi")


def test_as_a_warning_the_loader_s_wording_is_kept():
    found = catalogue_link_problems(DOC, "c.yaml", _registry(), {}, fatal=False)
    assert "the regulation is left out" in found[0].message


def test_the_installed_plugins_are_not_changed():
    registry = _registry()
    catalogue_link_problems(DOC, "c.yaml", registry, {})
    assert registry.regulations == {} and registry.left_out_regulations == {} and registry.sectors == {}
