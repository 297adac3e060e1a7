"""villagescore.datasets.dropped: the rows --keep-going leaves out, as the result records them."""

from types import SimpleNamespace

from villagescore.datasets import read_dataset
from villagescore.datasets.dropped import record_left_out

from .helpers import write_csv


def test_each_dropped_row_with_its_village_year_and_problems(tmp_path, toy_registry):
    body = ("v1,Một,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n"
            "v2,Hai,X,Hà Nội,alpha,2024,140,90,25,1,A,x,100,50\n"
            "v3,Ba,X,Hà Nội,alpha,20x4,80,90,25,1,A,x,100,50\n")
    dataset = read_dataset(write_csv(tmp_path, body), toy_registry, keep_going=True)

    assert dataset.frame["village_id"].tolist() == ["v1"]
    assert [(r["row"], r["village_id"], r["year"]) for r in dataset.left_out] == [(3, "v2", 2024), (4, "v3", None)]
    assert [p["rule"] for p in dataset.left_out[0]["problems"]] == ["range"]
    assert dataset.left_out[1]["problems"][0]["column"] == "year"


def test_a_result_records_them_only_when_rows_were_dropped():
    result = SimpleNamespace(provenance={})
    record_left_out(result, SimpleNamespace(left_out=[]))
    assert result.provenance == {}
    rows = [{"row": 3, "village_id": "v2", "year": 2024, "problems": [{"rule": "range", "column": "a",
                                                                       "message": "out of range"}] * 2}]
    record_left_out(result, SimpleNamespace(left_out=rows))
    assert result.provenance["rows_left_out"] == {"count": 1, "problems": 2, "rows": rows}


def test_an_index_label_is_kept_as_json_holds_it():
    import json

    import numpy as np
    import pandas as pd

    from villagescore.datasets.dropped import json_label

    labels = [np.int64(7), "r1", 2.5, np.nan, True, pd.Timestamp("2024-01-31"), ("a", np.int64(1))]
    assert [json_label(x) for x in labels] == [7, "r1", 2.5, None, True, "2024-01-31 00:00:00", ["a", 1]]
    json.dumps([json_label(x) for x in labels], allow_nan=False)
