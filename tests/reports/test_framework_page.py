"""A framework's reference as a page to print: the Markdown reference as HTML, texts from files escaped."""

import re

import pytest
import yaml

from villagescore import __version__
from villagescore.framework import load_framework
from villagescore.registry import Registry
from villagescore.reports.framework_doc import framework_markdown
from villagescore.reports.framework_page import framework_html


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_holds_the_reference_s_tables_in_its_language(registry, lang):
    fw = load_framework(None, registry)
    page = framework_html(fw, lang, registry.fields, __version__).decode("utf-8")
    assert f'<html lang="{lang}">' in page and "<table>" in page
    markdown_tables = sum(1 for line in framework_markdown(fw, lang, registry.fields).splitlines()
                          if re.fullmatch(r"\|(---\|)+", line.replace(" ", "")))
    assert page.count("<table>") == markdown_tables
    assert "environment.dust_tsp" in page and {"vi": "Trọng số", "en": "weight"}[lang].lower() in page.lower()
    assert "<script" not in page and not re.search(r'(src|href)="https?:', page)  # nothing to run or fetch


def test_a_framework_s_text_is_escaped_never_markup(registry, tmp_path):
    doc = {"id": "escape-test", "version": "0.1.0", "title": {"vi": "<script>alert(1)</script>", "en": "x"},
           "notes": ["# Heading injected\n| a | b |\n|---|---|\n| 1 | 2 |"],
           "extends": {"framework": "vn-ttcn-sustainable", "version": ">=1.0,<2"},
           "change": {"pillars": {"environment": {
               "rationale": '<img src="http://x/y.png"> [a](javascript:alert(1))',
               "label": {"vi": "Môi trường ![t](http://tracker.example/p.png) [x](http://evil.example)", "en": "E"}}},
               "gates": {"gate.no_child_labour": {"label": {"vi": "Cổng | tách\n# dòng", "en": "G"}}}}}
    path = tmp_path / "escape.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    fw = load_framework(str(path), registry)
    page = framework_html(fw, "vi", registry.fields, __version__).decode("utf-8")
    markdown = framework_markdown(fw, "vi", registry.fields)
    own_tables = sum(1 for line in markdown.splitlines() if line.startswith("|---"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "<a " not in page  # nothing to fetch or follow
    assert page.count("<h1>") == 1 and page.count("<table>") == own_tables  # the page's own heading and tables only
    gates = page.split("<table>")[-3]  # the gates' table: its rows keep their four cells
    assert all(row.count("<td>") == 4 for row in gates.split("<tr>")[2:])
