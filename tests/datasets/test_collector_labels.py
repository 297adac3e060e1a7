"""Dataset problems name a field's column with its label in the run's language, the other field of a rule too."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
SAID = {"vi": ("cột 'wastewater_treated_pct' (Tỷ lệ nước thải sản xuất được xử lý trước khi xả) = '1,5'",
               "cột 'workers_women' (Số lao động nữ) = 7.050: lớn hơn 'workers_total' (Tổng số lao động làng nghề)"),
        "en": ("column 'wastewater_treated_pct' (Share of production wastewater treated before discharge) = '1,5'",
               "column 'workers_women' (Women craft workers) = 7,050: exceeds 'workers_total' (Craft workers)")}


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    lines = PHUNG_XA.read_text(encoding="utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    row[header.index("wastewater_treated_pct")] = '"1,5"'
    row[header.index("workers_women")] = "7050"
    path = tmp_path_factory.mktemp("labels") / "bad.csv"
    path.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_problems_name_columns_with_their_labels(bad, lang):
    res = CliRunner().invoke(cli, ["validate", str(bad), "--lang", lang])
    assert res.exit_code == 1
    for text in SAID[lang]:
        assert text in res.output


def test_a_label_equal_to_the_column_is_not_repeated():
    from villagescore.errors import column_text

    assert column_text("b", {"vi": "B", "en": "B"}, "vi") == "'b'"
    assert column_text("noise_day", None, "en") == "'noise_day'"
    assert column_text("noise_day", {"vi": "Tiếng ồn", "en": "Noise"}, "vi") == "'noise_day' (Tiếng ồn)"
