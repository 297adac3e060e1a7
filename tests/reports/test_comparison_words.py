"""A comparison of two villages in both languages: villages named with their year, gap headers, rounded sums."""

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
VILLAGES = REPO / "datasets" / "villages" / "villages.csv"
PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
PAIR = ["--villages", "bat-trang-gia-lam", "van-phuc-ha-dong"]
WORDS = {"vi": ("Làng gốm Bát Tràng (bat-trang-gia-lam), năm 2024", "Làng A", "Làng B", "Đóng góp (làng A)",
                "Kinh tế (economy)", "kho kết quả, lần đánh giá #1 (phung-xa.csv)"),
         "en": ("Làng gốm Bát Tràng (bat-trang-gia-lam), year 2024", "Village A", "Village B",
                "Contribution (village A)", "Economy (economy)", "results store, evaluation #1 (phung-xa.csv)")}


def run(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], terminal_width=400)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_names_the_villages_with_their_year_and_letters_them(lang):
    who, village_a, _, contribution, _, _ = WORDS[lang]
    out = run("compare", VILLAGES, *PAIR, "--lang", lang, "--format", "md")
    assert "@2024" not in out
    assert f"A = {who}" in out
    assert f"| {village_a} |" in out and contribution in out
    assert "| A | B | ceramics.revenue |" in out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gaps_csv_headers_pillar_labels_and_rounded_cumulative_shares(lang):
    _, village_a, village_b, contribution, pillar, _ = WORDS[lang]
    out = run("compare", VILLAGES, *PAIR, "--lang", lang, "--table", "gaps", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:2] == [village_a, village_b] and rows[0][5] == contribution
    assert any(r[4] == pillar for r in rows[1:])
    for r in rows[1:]:
        assert len(r[-1].split(".")[-1]) <= 4, r  # rounded as the shares of the gap


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_store_evaluation_is_named_in_the_language_of_the_run(tmp_path, lang):
    store = tmp_path / "s.sqlite"
    run("store", "add", PHUNG_XA, "--store", store, "--plans", "none")
    out = run("compare", "--store", store, "--lang", lang, "--format", "md")
    assert WORDS[lang][5] in out and "store #1" not in out
