"""The fixed settings of the survey workbook: the header colour of each column group."""

from tests.template.helpers import _book, _codes
from villagescore.template import build_template
from villagescore.template.text import _IDENTITY_FILL, _OTHER_FILL, _PILLAR_FILLS, group_fills


def test_a_pillar_is_coloured_by_its_position_whatever_its_id(toy_framework):
    # the toy pillars 'env' and 'soc' are no first-party ids: they used to share the grey of 'other'
    fills = group_fills(toy_framework)
    assert fills == {"env": _PILLAR_FILLS[0], "soc": _PILLAR_FILLS[1], "identity": _IDENTITY_FILL}
    assert _OTHER_FILL not in fills.values() and len(set(_PILLAR_FILLS)) == len(_PILLAR_FILLS)


def test_the_data_sheet_and_the_form_colour_a_third_party_pillar(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="en", rows=20))
    data = wb.worksheets[0]
    colour = {code: cell.fill.fgColor.rgb[-6:] for code, cell in zip(_codes(data), data[1], strict=True)}
    assert colour["village_id"] == _IDENTITY_FILL
    assert colour["a"] == _PILLAR_FILLS[0]  # toy.a, pillar env
    assert colour["flag"] == _PILLAR_FILLS[1]  # toy.flag, pillar soc
    form = wb.worksheets[2]
    sections = {row[0].value: row[0].fill.fgColor.rgb[-6:] for row in form.iter_rows()
                if row[0].value in ("Environment", "Society")}
    assert sections == {"Environment": _PILLAR_FILLS[0], "Society": _PILLAR_FILLS[1]}
