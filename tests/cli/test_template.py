"""``villagescore template``: writes the workbook, checks sectors, needs -o."""

import openpyxl
import pytest

from villagescore.template import IDENTITY


def test_writes_a_workbook(toy_cli, support_dir, tmp_path):
    out = tmp_path / "survey.xlsx"
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--lang", "en", "-o", out)
    assert res.exit_code == 0, res.output
    header = [c.value.split("\n")[-1] for c in openpyxl.load_workbook(out)["data"][1]]
    assert header == list(IDENTITY) + ["a", "c", "zone", "b", "flag", "craft", "total", "kind"]
    assert "18 columns (toy 1.0)" in res.stderr  # 10 identity (survey_date last) + 8 fields


def test_sector_filter_and_note(toy_cli, support_dir, tmp_path):
    out = tmp_path / "beta.xlsx"
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--sector", "beta", "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    header = [c.value.split("\n")[-1] for c in openpyxl.load_workbook(out)["data"][1]]
    assert "b" not in header and "a" in header
    assert "no indicator specific to sector Beta craft (beta)" in res.stderr  # the id beside its label


def test_a_sector_may_be_named_as_in_a_dataset(toy_cli, support_dir, tmp_path):
    out = tmp_path / "t.xlsx"
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--sector", "Ngành beta", "-o", out,
                  "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "sectors: Beta craft (beta)" in res.stderr


def test_unknown_sector_exits_1(toy_cli, support_dir, tmp_path):
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--sector", "gamma", "-o",
                  tmp_path / "x.xlsx", "--lang", "en")
    assert res.exit_code == 1
    assert "unknown sector 'gamma'; known sectors: Alpha craft (alpha), Beta craft (beta)" in res.output
    assert not (tmp_path / "x.xlsx").exists()


def test_binary_output_needs_a_file(toy_cli, support_dir):
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml")
    assert res.exit_code == 2
    assert "hãy cho -o TỆP" in res.output  # in the default language, Vietnamese


def test_a_survey_being_filled_in_is_never_replaced_by_an_empty_template(toy_cli, support_dir, tmp_path):
    out = tmp_path / "survey.xlsx"
    fw = support_dir / "toy-framework.yaml"
    assert toy_cli("template", "-f", fw, "--lang", "en", "-o", out).exit_code == 0
    assert toy_cli("template", "-f", fw, "--lang", "en", "-o", out).exit_code == 0  # an empty one: replaced
    book = openpyxl.load_workbook(out)
    header = [c.value.split("\n")[-1] for c in book["data"][1]]
    row = {"village_id": "v1", "name": "Một", "commune": "X", "province": "Hà Nội", "sectors": "alpha",
           "year": 2024, "a": 80}
    book["data"].append([row.get(h) for h in header])
    book.save(out)
    filled = out.read_bytes()
    res = toy_cli("template", "-f", fw, "--lang", "en", "-o", out)
    assert res.exit_code == 1 and "already holds 1 village-year row(s)" in res.output
    assert out.read_bytes() == filled


def test_a_survey_typed_into_on_any_sheet_is_never_replaced_by_any_writer(toy_cli, support_dir, tmp_path):
    """Audit (twelfth walk): the dataset sheet's description, a village's answers on the printable form were lost.

    ``template -o`` and ``evaluate -o`` replaced them (exit 0): only the data and metadata sheets were looked at.
    """
    fw = support_dir / "toy-framework.yaml"
    blank = tmp_path / "blank.xlsx"
    assert toy_cli("template", "-f", fw, "-o", blank).exit_code == 0
    described, answered = tmp_path / "described.xlsx", tmp_path / "answered.xlsx"
    for path, sheet, cell, value in ((described, "Bộ số liệu", "B6", "Khảo sát 12 làng, 6/2025"),
                                     (answered, "Phiếu in", "E7", "phung-xa")):
        book = openpyxl.load_workbook(blank)
        book[sheet][cell] = value
        book.save(path)
    for path in (described, answered):
        before = path.read_bytes()
        res = toy_cli("template", "-f", fw, "--lang", "en", "-o", path)
        assert res.exit_code == 1 and "is a survey workbook that differs from the template" in res.output, res.output
        # every writer goes through the same check (villagescore.outputs); these two write workbooks
        for args in (("evaluate", support_dir / "toy.csv", "-f", fw),
                     ("compare", support_dir / "toy.csv", "-f", fw, "--by", "province", "--min-group", "1")):
            res = toy_cli(*args, "--lang", "en", "-o", path)
            assert res.exit_code == 1 and f"refusing to replace {path}: it is a survey workbook people fill in" \
                in res.output, (args, res.output)
        assert path.read_bytes() == before
    # the same template, nothing typed: template replaces it; another language's is not the one written: kept
    assert toy_cli("template", "-f", fw, "-o", blank).exit_code == 0
    assert toy_cli("template", "-f", fw, "--lang", "en", "-o", blank).exit_code == 1


def test_a_workbook_that_is_not_proven_an_unfilled_template_is_never_replaced(toy_cli, support_dir, tmp_path):
    """Sheets '2024' and '2025' (no 'data' sheet), a password-protected (OLE) file: unreadable as a survey, kept."""
    years = tmp_path / "years.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "2024"
    book.active.append(["village_id", "name", "year"])
    book.active.append(["v1", "Một", 2024])
    book.create_sheet("2025").append(["village_id", "name", "year"])
    book["2025"].append(["v1", "Một", 2025])
    book.save(years)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    for target in (years, locked):
        before = target.read_bytes()
        res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--lang", "en", "-o", target)
        assert res.exit_code == 1, res.output
        assert "is not an unfilled survey template" in res.output and "delete this one yourself" in res.output
        assert target.read_bytes() == before


def test_a_framework_declaring_its_own_fields_gets_their_columns(tmp_path):
    """The OCOP example declares every field it scores: each is a column, with its label and unit, as a plugin's."""
    from click.testing import CliRunner

    from tests.conftest import REPO
    from villagescore.cli import cli

    out = tmp_path / "ocop.xlsx"
    res = CliRunner().invoke(cli, ["template", "-f", str(REPO / "docs/examples/frameworks/ocop.yaml"), "-o", str(out)],
                             env={"VILLAGESCORE_LANG": "vi"})
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(out)
    header = [c.value for c in book[book.sheetnames[0]][1]]
    fields = [h for h in header if h.split("\n")[-1].startswith("ocop_")]
    assert len(fields) == 10
    assert fields[0].startswith("A: Tổ chức sản xuất (hợp tác xã, doanh nghiệp, hộ có đăng ký) (điểm, tối đa 10)")
    assert fields[0].endswith("\nocop_a1_organisation_points")
    assert "20 cột (ocop-example 0.1.1)" in res.stderr  # with the sectors column, optional


@pytest.mark.parametrize("craft", [None, "weaving", "Dệt, nhuộm (khăn bông, lụa)"])
def test_a_survey_for_a_framework_scoring_no_sector_keeps_an_optional_sectors_column_and_reads_back(tmp_path, craft):
    """Before: a required 'sectors' column left empty refused the OCOP survey; then no column lost the craft.

    Review 2026-12 #8: the column stays, optional: the survey reads back with it empty or filled.
    """
    from click.testing import CliRunner

    from tests.conftest import REPO
    from villagescore.cli import cli

    framework = str(REPO / "docs/examples/frameworks/ocop.yaml")
    out = tmp_path / "ocop.xlsx"
    assert CliRunner().invoke(cli, ["template", "-f", framework, "-o", str(out)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book[book.sheetnames[0]]
    codes = [c.value.split("\n")[-1] for c in sheet[1]]
    assert "sectors" in codes
    [guide] = [r for r in book[book.sheetnames[1]].iter_rows(values_only=True) if r[0] == "sectors"]
    assert "không bắt buộc" in guide  # optional
    row = {"village_id": "p1", "name": "Một", "commune": "X", "province": "Hà Nội", "year": 2025, "sectors": craft}
    sheet.append([row.get(c, 5 if c.startswith("ocop_") else None) for c in codes])
    book.save(out)
    for command in (["validate", str(out)], ["evaluate", str(out), "--format", "csv"]):
        res = CliRunner().invoke(cli, [*command, "-f", framework])
        assert res.exit_code == 0, res.output
    if craft:  # the craft is recorded, and read
        assert "weaving" in res.output
