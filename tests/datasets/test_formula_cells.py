"""The data sheet's formula cells, whatever the order of a cell's attributes."""

import pytest

from villagescore.datasets.formula_cells import formula_refs


@pytest.mark.parametrize("cell", ['<c r="B2" s="0"><f>1+1</f><v>2</v></c>', '<c s="0" r="B2"><f>1+1</f><v>2</v></c>',
                                  '<c t="n" s="3" r="B2"><f t="shared" si="0"/><v>2</v></c>'])
def test_a_formula_cell_is_found_whatever_the_order_of_its_attributes(cell):
    """Audit 16 I#5: ``<c s="0" r="Q2"><f>`` (r= not first, as some writers put it) was read silently."""
    from villagescore.datasets.sheet_cells import cell_problems

    xml = f'<sheetData><row r="2"><c r="A2"><v>1</v></c>{cell}</row></sheetData>'
    assert [(p.where, p.rule) for p in cell_problems("d.xlsx", "data", xml)] == [("sheet 'data' cell B2", "formula")]


def test_the_first_formula_cells_are_named_once_each_in_sheet_order():
    xml = ('<row r="2"><c r="A2"><f>1</f><v>1</v></c><c r="B2"><v>2</v></c><c t="n" r="C2"><f t="shared" si="0"/>'
           '<v>3</v></c><c r="D2"><f>4</f></c></row>')
    assert formula_refs(xml, 2) == ["A2", "C2"]
    assert formula_refs('<row r="2"><c r="A2"><v>1</v></c></row>', 20) == []
