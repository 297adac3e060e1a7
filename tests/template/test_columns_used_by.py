"""The survey workbook names the indicators that use a column by label and id, and hours in Vietnamese words."""

import pytest
from click.testing import CliRunner

from tests.template.helpers import _book, _codes
from villagescore.cli import cli

NIGHT = {"vi": ("Dùng cho chỉ số: Tiếng ồn khu dân cư ban đêm so với QCVN 26:2010/BTNMT (environment.noise_night)",
                "Mức ồn LAeq ban đêm (21 giờ – 6 giờ) tại khu dân cư"),
         "en": ("Used by indicators: Residential noise, night, against QCVN 26:2010/BTNMT (environment.noise_night)",
                "Residential LAeq, night (21–6 h)")}


@pytest.fixture(scope="module", params=["vi", "en"])
def workbook(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("template") / f"t-{request.param}.xlsx"
    res = CliRunner().invoke(cli, ["template", "-o", str(out), "--lang", request.param])
    assert res.exit_code == 0, res.output
    return request.param, _book(out.read_bytes())


def test_header_comments_name_the_indicators_by_label_and_id(workbook):
    lang, wb = workbook
    ws = wb.worksheets[0]
    comment = ws.cell(1, _codes(ws).index("noise_night_dba") + 1).comment.text
    used_by, label = NIGHT[lang]
    assert used_by in comment and comment.startswith(label)
    if lang == "vi":
        assert "21–6 h" not in comment.split("\n", 2)[0] and "(21–6 giờ)" not in comment


def test_the_guide_sheet_names_the_indicators_by_label_and_id(workbook):
    lang, wb = workbook
    texts = [str(c.value) for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row if c.value]
    assert any(NIGHT[lang][0].split(": ", 1)[1] == t for t in texts)
