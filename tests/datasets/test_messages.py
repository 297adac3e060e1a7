"""Layout mistakes explained in plain words."""

from villagescore.datasets import read_dataset

from .helpers import HEADER, TOY_ROWS, problems_of, write_csv, write_sheets


def test_a_title_above_the_table_is_explained(tmp_path, toy_registry):
    rows = [["Khảo sát làng nghề 2025"], [], *TOY_ROWS]
    for path in (write_sheets(tmp_path, [("data", rows, False)]),
                 write_csv(tmp_path, HEADER + "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n", "t.csv",
                        header="Khảo sát làng nghề 2025" + "," * 13 + "\n" + "," * 13 + "\n")):
        problems = problems_of(path, toy_registry)
        assert [p.rule for p in problems] == ["header_row"]
        assert "the column names are on row 3, not on row 1" in problems[0].message


def test_a_title_above_the_survey_s_own_headers_is_explained(tmp_path, toy_registry):
    # the survey workbook's headers are 'label' over 'id', or a label alone: the title is found above them too
    header, *body = TOY_ROWS
    labelled = [f"Mã làng\n{header[0]}", f"Tên làng nghề\n{header[1]}", "Xã/phường", *header[3:]]
    rows = [["Khảo sát làng nghề 2025"], labelled, *body]
    problems = problems_of(write_sheets(tmp_path, [("data", rows, False)]), toy_registry)
    assert [p.rule for p in problems] == ["header_row"]
    assert "the column names are on row 2, not on row 1" in problems[0].message


def test_notes_beside_the_table_are_explained_and_empty_unnamed_columns_ignored(tmp_path, toy_registry):
    rows = [[*r, None, None] for r in TOY_ROWS]
    rows[2][-1] = "số liệu năm 2024 ước tính"
    problems = problems_of(write_sheets(tmp_path, [("data", rows, False)]), toy_registry)
    assert [p.rule for p in problems] == ["no_header"]
    assert problems[0].message.startswith("column P has no name in row 1 but holds values (row 3: 'số liệu")
    trailing = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50,\n", "trailing.csv",
                      header=HEADER.strip() + ",\n")
    assert len(read_dataset(trailing, toy_registry).frame) == 1


def test_a_csv_saved_with_pandas_index_says_so_and_numbers_show_as_written(tmp_path, toy_registry):
    import pandas as pd
    import pytest

    from villagescore.api import frame_dataset
    from villagescore.errors import DatasetError

    body = "0,v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n1,v2,Hai,X,HN,beta,2024,40,,150,0,B,y,200,20\n"
    saved = write_csv(tmp_path, body, "indexed.csv", header="," + HEADER)
    problems = problems_of(saved, toy_registry)
    assert [p.rule for p in problems] == ["no_header"]
    assert "saved with pandas' index; save it with index=False" in problems[0].message
    assert "chỉ mục" in problems[0].format("vi")
    with pytest.raises(DatasetError, match="saved with pandas' index"):  # the file read by pandas: 'Unnamed: 0'
        frame_dataset(pd.read_csv(saved), toy_registry)
    body = "7,v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n3,v2,Hai,X,HN,beta,2024,40,,150,0,B,y,200,20\n"
    other = write_csv(tmp_path, body, "numbers.csv", header="," + HEADER)
    with pytest.raises(DatasetError) as caught:  # not an index: its first value shown as a cell is, not np.int64(7)
        frame_dataset(pd.read_csv(other), toy_registry)
    assert "(row 2: 7 and 1 more)" in caught.value.problems[0].message
