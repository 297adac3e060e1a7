"""villagescore.reports.sensitivity: the terminal table and the Markdown document of an analysis."""

import pytest

from villagescore import sensitivity as sa
from villagescore.engine import Engine
from villagescore.reports.sensitivity import render_markdown, render_table
from villagescore.reports.terminal import render_text


@pytest.fixture
def payload(toy_registry, toy_framework, toy_dataset):
    settings = sa.Settings(samples=20, sa_samples=8, bootstrap=5, seed=1)
    return sa.run(Engine(toy_registry), toy_framework, toy_dataset, settings).to_dict(lang="en")


def test_markdown_has_the_village_table_and_the_indices(payload):
    text = render_markdown(payload, "en").decode("utf-8")
    assert text.startswith("# Uncertainty and sensitivity analysis\n")
    assert "| Làng Một (v1) | 2024 | 88.3 | 1 |" in text
    assert "## Sensitivity indices (by assumption group)" in text
    assert payload["indices_note"] in text


def test_the_table_renders_without_computing(payload):
    text = render_text(render_table(payload, "vi"))
    assert "Phân tích độ bất định và độ nhạy" in text
    assert "Làng Một" in text and "Bậc một" in text


def test_without_indices_the_note_stands_alone(payload):
    bare = dict(payload, indices={}, indices_note="no assumption is varied: every sample equals the nominal run")
    text = render_markdown(bare, "en").decode("utf-8")
    assert "## Sensitivity indices" not in text and bare["indices_note"] in text


def _with_estimates(payload, warning):
    villages = [dict(v, estimates={"inputs": 10, "estimated": 8 if warning else 2,
                                   "share": 0.8 if warning else 0.2, "warning": warning})
                for v in payload["villages"]]
    return dict(payload, villages=villages)


def test_each_village_shows_its_estimated_inputs_and_a_warning_when_mostly_estimated(payload):
    """Issue 16.5: the analysis states how much of each nominal score rests on estimates."""
    text = render_markdown(_with_estimates(payload, warning=True), "en").decode("utf-8")
    assert "| Estimated inputs |" in text and "⚠ 8/10 (80 %)" in text
    assert "do not cite their nominal scores or this analysis as measured" in text
    vi = render_text(render_table(_with_estimates(payload, warning=True), "vi"))
    assert "CẢNH BÁO" in vi


def test_no_warning_when_few_inputs_are_estimated(payload):
    text = render_markdown(_with_estimates(payload, warning=False), "en").decode("utf-8")
    assert "2/10 (20 %)" in text and "WARNING" not in text


def test_counts_have_thousands_separators_and_vietnamese_intervals_a_semicolon(payload):
    big = dict(payload, settings=dict(payload["settings"], samples=2000))
    big["villages"] = [dict(v, nominal=dict(v["nominal"], rank=1200 + k), rank={"median": 1500, "p05": 1001,
                                                                                "p95": 1999},
                            estimates={"inputs": 1500, "estimated": 1200, "share": 0.8, "warning": True})
                       for k, v in enumerate(payload["villages"])]
    big["indices"] = {g: dict(ix, first=0.2, total=0.5, first_ci=[0.104, 0.364], total_ci=[0.5, 0.75])
                      for g, ix in payload["indices"].items()}
    vi = render_markdown(big, "vi").decode("utf-8")
    assert "| 1.200 | 1.500 | 1.001–1.999 |" in vi and "1.200/1.500 (80 %)" in vi and "2.000" in vi
    assert r"\[0,104; 0,364\] / \[0,500; 0,750\]" in vi and "0,104, 0,364" not in vi  # brackets escaped
    en = render_markdown(big, "en").decode("utf-8")
    assert "| 1,200 | 1,500 | 1,001–1,999 |" in en and r"\[0.104, 0.364\] / \[0.500, 0.750\]" in en
    table = render_text(render_table(big, "vi"), width=200)  # wide enough that no cell wraps
    assert "1.500 [1.001–1.999]" in table and "[0,104; 0,364]" in table
