"""The data sheet's cells and rows a reader must say: hidden rows, formula, error and merged cells."""

from villagescore.datasets.sheet_cells import cell_problems, hidden_rows


def test_a_sheet_without_hidden_rows_gives_no_note():
    assert hidden_rows("data", '<row r="2" spans="1:3"><c r="A2"/></row>') == []
    rows = "".join(f'<row r="{r}" hidden="1">' for r in range(2, 30))
    assert hidden_rows("data", rows)[0].startswith("hidden row(s) 2, 3, 4, ")
    assert "21 … (28) of sheet 'data'" in hidden_rows("data", rows)[0]


def test_error_and_merged_cells_are_problems_named_by_their_reference():
    xml = ('<row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c><c r="B2"><v>1</v></c></row>'
           '<mergeCells count="1"><mergeCell ref="C2:D2"/></mergeCells>')
    found = [(p.where, p.rule, p.value) for p in cell_problems("d.xlsx", "data", xml)]
    assert found == [("sheet 'data' cell A2", "error_cell", "#DIV/0!"), ("sheet 'data' cells C2:D2", "merged", None)]
