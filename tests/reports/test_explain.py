"""villagescore.reports.explain: the explanation rendered for people, ids beside labels, numbers per language."""

import pytest

from villagescore import explain as ex
from villagescore.engine import Engine
from villagescore.reports.explain import _plan_rows, render_markdown, render_table
from villagescore.reports.terminal import render_text


@pytest.fixture
def explained(toy_registry, toy_framework, toy_dataset):
    def run(village, lang):
        return ex.explain(Engine(toy_registry), toy_framework, toy_dataset, village).to_dict(lang=lang)

    return run


def test_the_plan_table_says_when_no_measure_exists(explained):
    rows = _plan_rows(explained("v2", "en"), "en")
    assert rows[-1][-1] == "— (no measure for the village's sectors)"


def test_ids_are_shown_beside_their_labels(explained):
    data = explained("v2", "en")
    assert data["labels"]  # the payload carries the label of every id it names
    step = data["plan"]["steps"][0]
    row = _plan_rows(data, "en")[0]
    assert f"({step['indicator']})" in row[1] and f"({step['field']})" in row[2]


def test_numbers_follow_the_language(explained):
    vi = render_text(render_table(explained("v2", "vi"), "vi"), width=200)
    en = render_markdown(explained("v2", "en"), "en").decode("utf-8")
    score = explained("v2", "en")["overall"]["score"]
    assert f"{score:.1f}".replace(".", ",") in vi and f"{score:.1f}" in en
