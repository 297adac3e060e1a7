"""villagescore.authoring: each helper builds exactly the object a plugin would write by hand."""

import subprocess
import sys
import unicodedata

import pytest

import villagescore
from villagescore import Field, Reference, authoring
from villagescore.authoring import (
    COVERAGE_BANDS,
    ESTIMATE_DOCUMENT,
    NOISE_RATIO_TO_LIMIT,
    bands,
    category_field,
    count_field,
    estimate,
    linear,
    number_field,
    percent_field,
    ratio_to_limit,
    text,
    yes_is_bad,
    yes_is_good,
    yes_no_field,
)


def test_text_is_a_plain_bilingual_mapping():
    assert text("Gốm sứ", "Ceramics") == {"vi": "Gốm sứ", "en": "Ceramics"}
    assert type(text("a", "b")) is dict
    assert list(text("a", "b")) == ["vi", "en"]


def test_text_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Gốm sứ")  # "o" + U+0302 + U+0301 …
    assert decomposed != "Gốm sứ"
    label = text(decomposed, "Ceramics")
    assert label["vi"] == "Gốm sứ"
    assert len(label["vi"]) == 6  # G, ố, m, space, s, ứ once composed


@pytest.mark.parametrize(("vi", "en"), [("", "Ceramics"), ("Gốm", "  "), (None, "Ceramics")])
def test_text_refuses_an_empty_label(vi, en):
    with pytest.raises(ValueError, match="non-empty string"):
        text(vi, en)


def test_number_field_defaults_to_a_non_negative_number():
    assert number_field("coal_t", "Than", "Coal", "t/week", maximum=20) == Field(
        id="coal_t", label={"vi": "Than", "en": "Coal"}, type="number", unit="t/week", minimum=0, maximum=20
    )


def test_number_field_keeps_other_bounds_and_extras():
    growth = number_field("growth_pct", "Tăng trưởng", "Growth", "%/yr", minimum=-100, maximum=1000)
    assert (growth.minimum, growth.maximum) == (-100, 1000)
    free = number_field("balance", "Cân đối", "Balance", minimum=None)
    assert (free.unit, free.minimum, free.maximum) == ("", None, None)
    capped = number_field(
        "part", "Phần", "Part", "t", maximum=5, not_greater_than="whole", description=text("mô tả", "note")
    )
    assert capped.not_greater_than == "whole"
    assert capped.description == {"vi": "mô tả", "en": "note"}


def test_percent_field_is_a_share_from_0_to_100():
    field = percent_field("kilns_pct", "Lò ga", "LPG kilns")
    assert field == Field("kilns_pct", {"vi": "Lò ga", "en": "LPG kilns"}, type="number", unit="%", minimum=0,
                          maximum=100)
    # the bounds stay integers, as the hand-written fields had them (JSON output writes 0, not 0.0)
    assert type(field.minimum) is int and type(field.maximum) is int


def test_count_field_is_a_non_negative_integer():
    assert count_field("households_craft", "Hộ làm nghề", "Craft households", "households", maximum=200_000,
                       not_greater_than="households_total") == Field(
        "households_craft", {"vi": "Hộ làm nghề", "en": "Craft households"}, type="integer", unit="households",
        minimum=0, maximum=200_000, not_greater_than="households_total",
    )
    assert count_field("households_total", "Tổng số hộ", "Households", minimum=1).minimum == 1


def test_yes_no_and_category_fields():
    assert yes_no_field("collective_mark", "Có nhãn hiệu", "Collective mark") == Field(
        "collective_mark", {"vi": "Có nhãn hiệu", "en": "Collective mark"}, type="boolean"
    )
    fuel = category_field("fuel", "Nhiên liệu", "Fuel", ["coal", "lpg"])
    assert fuel == Field("fuel", {"vi": "Nhiên liệu", "en": "Fuel"}, type="category", categories=("coal", "lpg"))


def test_field_checks_still_apply():
    with pytest.raises(ValueError, match="not a valid id"):
        percent_field("Bad-Id", "a", "b")
    with pytest.raises(ValueError, match="needs its categories"):
        category_field("fuel", "Nhiên liệu", "Fuel", [])


def test_scorer_specs_are_plain_dicts():
    assert linear(8, 0) == {"method": "linear", "params": {"worst": 8, "best": 0}}
    assert bands([10, 50], [0, 50, 100]) == {
        "method": "bands", "params": {"edges": [10, 50], "scores": [0, 50, 100], "closed": "left"}
    }
    assert bands((0,), (100, 0), closed="right") == {
        "method": "bands", "params": {"edges": [0], "scores": [100, 0], "closed": "right"}
    }
    assert ratio_to_limit() == {"method": "ratio_to_limit"}
    assert ratio_to_limit(edges=(0.5, 1.0)) == {"method": "ratio_to_limit", "params": {"edges": [0.5, 1.0]}}
    assert yes_is_good() == {"method": "boolean"}
    assert yes_is_bad() == {"method": "boolean", "params": {"true_score": 0, "false_score": 100}}


def test_each_factory_call_returns_a_fresh_spec():
    first, second = linear(0, 80), linear(0, 80)
    first["params"]["best"] = 90
    assert second == {"method": "linear", "params": {"worst": 0, "best": 80}}


@pytest.mark.parametrize(("edges", "scores", "closed", "match"), [
    ([30, 60], [0, 100], "left", "2 edges need 3 scores"),
    ([30], [0, 100], "both", "closed must be 'left' or 'right'"),
])
def test_bands_refuses_a_malformed_spec(edges, scores, closed, match):
    with pytest.raises(ValueError, match=match):
        bands(edges, scores, closed=closed)


def test_coverage_bands_are_the_domain_levels():
    assert COVERAGE_BANDS == {
        "method": "bands",
        "params": {"edges": [30, 60, 80, 95], "scores": [0, 25, 50, 75, 100], "closed": "left"},
    }


def test_coverage_bands_score_the_documented_levels():
    # <30 → 0, 30–60 → 25, 60–80 → 50, 80–95 → 75, ≥95 → 100; an edge goes to the upper band
    np = pytest.importorskip("numpy")
    from villagescore.scoring import bands as score_bands

    values = np.array([29.9, 30.0, 59.9, 60.0, 80.0, 94.9, 95.0, 100.0])
    scores = score_bands(values, COVERAGE_BANDS["params"])
    assert scores.tolist() == [0, 25, 25, 50, 75, 75, 100, 100]


def test_noise_ratio_to_limit():
    assert NOISE_RATIO_TO_LIMIT == {"method": "ratio_to_limit", "params": {"edges": [0.9, 0.95, 1.0, 1.06]}}


def test_estimate_is_a_project_judgement_reference():
    ref = estimate("Scoring goalposts are a project judgement.", provision="domain.md §A")
    both = {"vi": "ước tính của dự án villagescore", "en": "villagescore project estimate"}
    assert ref == Reference(
        document=both,
        provision="domain.md §A",
        confidence="estimate",
        note="Scoring goalposts are a project judgement.",
    )
    assert ESTIMATE_DOCUMENT == "villagescore project estimate"
    assert estimate("x").to_dict() == {"document": both, "confidence": "estimate", "note": "x"}


def test_the_package_re_exports_every_helper():
    for name in authoring.__all__:
        assert getattr(villagescore, name) is getattr(authoring, name)
        assert name in villagescore.__all__


def test_authoring_imports_neither_pandas_nor_numpy():
    code = ("import sys, villagescore.authoring; "
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("call", "vi", "en"), [
    (lambda: bands([30, 60], [0, 100]), "bands: 2 mốc cần 3 điểm số, nhưng có 2",
     "bands: 2 edges need 3 scores, got 2"),
    (lambda: bands([30], [0, 100], closed="both"), "bands: closed phải là 'left' hoặc 'right', nhưng nhận được 'both'",
     "bands: closed must be 'left' or 'right', got 'both'"),
    (lambda: authoring.text("", "Ceramics"), "nhãn tiếng 'vi' phải là một chuỗi không rỗng, nhưng nhận được ''",
     "label text for 'vi' must be a non-empty string, got ''"),
])
def test_a_malformed_spec_is_said_in_vietnamese(call, vi, en):
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value) == en and caught.value.text("vi") == vi
