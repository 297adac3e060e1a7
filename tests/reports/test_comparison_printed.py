"""compare prints pillar scores, a group's scores and changes on their side of every minimum (sixteenth walk).

Hand-made village-years: a pillar at 49.996 beside a tier requiring every pillar ≥ 50, a village at
79.996 beside a tier of 80, a change of +0.004 that moves a tier and one of -0.003 that does not.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

FRAMEWORK = """\
id: audit-pillars
version: "0.1.0"
title: {vi: "Thử trụ cột", en: "Audit pillars"}
status: example
defaults: {aggregator: weighted_arithmetic, missing_data: {policy: exclude, min_coverage: 0.5}}
fields:
  - {id: f1, label: {vi: "A", en: "A"}, type: number, unit: points, minimum: 0, maximum: 100}
  - {id: f2, label: {vi: "B", en: "B"}, type: number, unit: points, minimum: 0, maximum: 100}
indicators:
  - {id: q.a, label: {vi: "A", en: "A"}, unit: points, direction: higher, requires: [f1],
     scorer: {method: linear, params: {worst: 0, best: 100}}}
  - {id: q.b, label: {vi: "B", en: "B"}, unit: points, direction: higher, requires: [f2],
     scorer: {method: linear, params: {worst: 0, best: 100}}}
pillars:
  - id: p1
    label: {vi: "Trụ một", en: "Pillar one"}
    weight: 1
    criteria:
      - {id: c1, label: {vi: "Một", en: "One"}, weight: 1, indicators: [{id: q.a, weight: 1}]}
  - id: p2
    label: {vi: "Trụ hai", en: "Pillar two"}
    weight: 9
    criteria:
      - {id: c2, label: {vi: "Hai", en: "Two"}, weight: 1, indicators: [{id: q.b, weight: 1}]}
rating:
  tiers:
    - {id: good, label: {vi: Tốt, en: Good}, min_score: 80, min_pillar_score: 50}
    - {id: fair, label: {vi: Khá, en: Fair}, min_score: 50}
    - {id: poor, label: {vi: Kém, en: Poor}, min_score: 0}
"""
VILLAGES = """\
village_id,name,commune,province,year,f1,f2
a,Làng A,Xã A,Hà Nội,2024,49.996,100
b,Làng B,Xã B,Hà Nội,2023,79.996,79.996
b,Làng B,Xã B,Hà Nội,2024,80,80
c,Làng C,Xã C,Ninh Bình,2023,50.003,50.003
c,Làng C,Xã C,Ninh Bình,2024,50,50
d,Làng D,Xã D,Ninh Bình,2024,79.996,79.996
e1,Làng E,Xã E,Hải Phòng,2024,80,80
e2,Làng G,Xã G,Hải Phòng,2024,79.996,79.996
"""


@pytest.fixture
def run(tmp_path, monkeypatch):
    from villagescore.cli import cli

    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    monkeypatch.setenv("COLUMNS", "250")
    (tmp_path / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "v.csv").write_text(VILLAGES, encoding="utf-8")

    def invoke(*args):
        res = CliRunner().invoke(cli, ["compare", str(tmp_path / "v.csv"), "-f", str(tmp_path / "fw.yaml"), *args])
        assert res.exit_code == 0, res.output
        return res.output

    return invoke


def _n(text, lang):
    return text.replace(".", ",") if lang == "vi" else text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_pillar_at_49_996_never_prints_50_00_beside_a_pillar_minimum_of_50(run, lang):
    doc = json.loads(run("--lang", lang, "--format", "json"))
    assert [p["minimums"] for p in doc["pillars"]] == [[50.0], [50.0]]  # carried from the tiers
    ranks = {r["village_id"]: r["pillars"]["p1"]["rank"] for r in doc["rankings"]["rows"]}
    assert (ranks["c"], ranks["a"]) == (5, 6)  # 50.00 above 49.996: no tie as "50.00" twice
    table = run("--lang", lang)
    row = next(line for line in table.splitlines() if "(a)" in line)
    assert f"{_n('49.996', lang)} (6)" in row and _n("50.00 (", lang) not in row
    md = run("--lang", lang, "--format", "md")
    assert f"| {_n('49.996', lang)} (6) |" in md and f"| {_n('50.00', lang)} (5) |" in md
    side = run("--lang", lang, "--format", "md", "--villages", "a", "c")
    assert f"| p1 | {'Pillar one' if lang == 'en' else 'Trụ một'} | {_n('49.996', lang)} | {_n('50.00', lang)} |" \
           f" {_n('+0.004', lang)} |" in side
    html = run("--lang", lang, "--format", "html")
    assert f"{_n('49.996', lang)} (6)" in html


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_group_s_scores_print_as_the_rankings_do(run, lang):
    md = run("--lang", lang, "--format", "md", "--by", "province", "--min-group", "1")
    row = next(line for line in md.splitlines() if line.startswith("| ") and "Hải Phòng" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    # mean, median, lowest, highest: 79.998 and 79.996 are below the tier of 80 they are printed beside
    assert cells[4:8] == [_n(x, lang) for x in ("79.998", "79.998", "79.996", "80.00")]
    assert f"Làng E (e1) {_n('80.00', lang)}" in row and f"Làng G (e2) {_n('79.996', lang)}" in row
    table = run("--lang", lang, "--by", "province", "--min-group", "1")
    assert f"Làng D (d) {_n('79.996', lang)}" in table and _n("80.00", lang) in table


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_change_other_than_zero_never_reads_zero(run, lang):
    for fmt in ("table", "md", "html"):
        out = run("--lang", lang, "--format", fmt)
        assert _n("+0.004", lang) in out and _n("-0.003", lang) in out, fmt
        assert _n("+0.00 ", lang) not in out and _n("-0.00 ", lang) not in out and _n("-0.00<", lang) not in out
    md = run("--lang", lang, "--format", "md")
    assert f"| {_n('79.996', lang)} | {_n('80.00', lang)} | {_n('+0.004', lang)} |" in md  # the tier moved up
    assert f"| {_n('50.00', lang)} | {_n('50.00', lang)} | {_n('-0.003', lang)} |" in md  # printed alike, not equal
