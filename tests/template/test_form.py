"""The printable one-village form."""


from tests.template.helpers import TOY_FIELDS, _book
from villagescore.template import IDENTITY, build_template


def test_the_printable_form_is_one_village_on_a4_portrait(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="vi"))
    form = wb["Phiếu in"]
    assert form.page_setup.paperSize == 9 and form.page_setup.orientation == "portrait"
    assert form.page_setup.fitToWidth == 1 and form.page_setup.fitToHeight == 0
    assert form.sheet_properties.pageSetUpPr.fitToPage
    assert form["A1"].value == "PHIẾU KHẢO SÁT LÀNG NGHỀ"
    rows = [[c.value for c in row] for row in form.iter_rows()]
    head = next(k for k, r in enumerate(rows, start=1) if r[0] == "STT")
    assert form.print_title_rows == f"${head}:${head}"  # the table header repeats on every page
    questions = [r for r in rows if isinstance(r[0], int)]
    assert [r[1].split("[")[-1].rstrip("]") for r in questions] == list(IDENTITY) + TOY_FIELDS
    zone = next(r for r in questions if r[1].endswith("[zone]"))
    assert zone[4] == "☐ A\n☐ B"  # boxes to tick
    flag = next(r for r in questions if r[1].endswith("[flag]"))
    assert flag[4] == "☐ có  ☐ không"
    assert any(r[1] == "Người điền phiếu (họ tên, chức vụ)" for r in rows)
    assert any(r[1] == "Chữ ký" for r in rows)
