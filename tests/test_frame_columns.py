"""A table's columns are each written once: a second column of one name is an internal error, not a swap."""

import dataclasses

import pytest

from villagescore.frame_columns import Columns


def test_a_column_written_twice_is_an_internal_error():
    columns = Columns(village_id=[1])
    columns["overall_score"] = [2.0]
    with pytest.raises(AssertionError, match="'overall_score' written twice"):
        columns["overall_score"] = [3.0]
    assert columns == {"village_id": [1], "overall_score": [2.0]}


def test_to_frame_refuses_a_criterion_column_over_the_overall_score(toy_result):
    fw = toy_result.framework
    pillar = fw.pillars[0]
    renamed = dataclasses.replace(pillar.criteria[0], id="overall")  # past the checks that refuse the id
    framework = dataclasses.replace(fw, pillars=(dataclasses.replace(pillar, criteria=(renamed, *pillar.criteria[1:])),
                                                 *fw.pillars[1:]))
    with pytest.raises(AssertionError, match="'overall_score' written twice"):
        dataclasses.replace(toy_result, framework=framework).to_frame()


def test_every_text_column_of_a_result_s_tables_has_the_one_text_dtype_of_this_pandas(toy_result):
    """Audit 17 (notebook): to_frame() gave identity columns as object but gates_fired as str; indicator_frame() str."""
    import pandas as pd

    from villagescore.frame_columns import text_dtype

    expected = pd.Series(["a"]).dtype  # pandas 3: its str; pandas 2 (the oldest supported): object
    assert text_dtype() == expected
    pandas_2 = int(pd.__version__.split(".")[0]) < 3 and not pd.get_option("future.infer_string")
    assert isinstance(expected, pd.StringDtype) != pandas_2
    text = {"village_id", "name", "commune", "province", "former_district", "former_province", "sectors", "rating",
            "rating_label", "gates_fired", "pillar", "criterion", "indicator", "status"}
    for table in (toy_result.to_frame(), toy_result.summary_frame(), toy_result.indicator_frame()):
        found = {c: table[c].dtype for c in table.columns if c in text}
        assert found and all(dtype == expected for dtype in found.values()), found
        assert table["year"].dtype == "int64"
    assert toy_result.indicator_frame()["value"].dtype == object  # numbers, booleans and text: not a text column
