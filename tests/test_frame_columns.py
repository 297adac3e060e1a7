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
