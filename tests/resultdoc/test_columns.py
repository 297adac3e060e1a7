"""Columns written from their distinct texts give the records' bytes, and odd columns are left to the chunks."""

import dataclasses
import json

import numpy as np

from tests.resultdoc.helpers import _odd_frame
from villagescore.resultdoc import village_records
from villagescore.resultdoc.columns import column_texts, quoted_cells, sectors_text, utf8_cells
from villagescore.resultdoc.encoding import encoded_records
from villagescore.resultdoc.tables import record_tables


def _reference(result, tables, end="\n"):
    records = village_records(result, 0, len(result), tables.weight_rows)
    return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + end for r in records)


def _chunks(result, tables, end="\n"):
    return b"".join(encoded_records(result, start, start + 250, tables, end)
                    for start in range(0, len(result), 250)).decode("utf-8")


def _odd(national):
    frame = _odd_frame(national, 600)
    rows = slice(0, 600)
    return dataclasses.replace(
        national, frame=frame, fired=national.fired[rows], rating=national.rating[rows],
        gate_status=None if national.gate_status is None else national.gate_status[rows],
        inputs=None if national.inputs is None else national.inputs[rows],
        estimated=None if national.estimated is None else national.estimated[rows],
        matrix=_rows_of(national.matrix, rows), tree=_rows_of(national.tree, rows))


def _rows_of(obj, rows):
    """A copy of the engine's matrix or tree holding ``rows`` alone."""
    copy = dataclasses.replace(obj)
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            setattr(copy, f.name, value[rows])
        elif isinstance(value, list) and f.name == "values":
            setattr(copy, f.name, [np.asarray(v)[rows] for v in value])
        elif isinstance(value, dict) and value and all(isinstance(v, np.ndarray) for v in value.values()):
            setattr(copy, f.name, {k: v[rows] for k, v in value.items()})
    return copy


def test_the_records_from_the_document_s_tables_are_json_dumps_of_the_records(national, toy_result):
    for result in (national, toy_result):
        tables = record_tables(result)
        if result is national:  # few distinct values: taken; ids and names (all distinct): left to the chunks
            assert {"province", "year", "sectors", "weights"} <= set(tables.columns)
            assert not {"village_id", "name"} & set(tables.columns)
        for end in ("\n", ",\n"):
            assert _chunks(result, tables, end) == _reference(result, tables, end)


def test_odd_texts_and_columns_left_to_the_chunks_give_the_same_records(national):
    odd = _odd(national)
    frame = odd.frame.copy()
    frame["former_district"] = [7 if i % 2 else "Huyện cũ" for i in range(len(frame))]  # mixed: left to the chunks
    frame["village_id"] = frame["village_id"].astype(object)
    mixed = dataclasses.replace(odd, frame=frame)
    for result in (odd, mixed, dataclasses.replace(odd, inputs=None, estimated=None)):
        weight_rows = record_tables(national).weight_rows[:600]
        tables = record_tables(result, weight_rows)
        assert _chunks(result, tables) == _reference(result, tables)
    assert "former_district" not in record_tables(mixed, weight_rows).columns


def test_a_column_is_taken_only_when_its_texts_cannot_be_confused(national):
    frame = national.frame.iloc[:8].copy()
    frame["village_id"] = ["a"] * 7 + [None]  # a missing id is written "None": not taken
    frame["name"] = [1, 1.0, True, "x", None, "x", "x", "x"]  # 1, 1.0 and True are one key to a factorisation
    frame["commune"] = [None] * 8
    result = dataclasses.replace(national, frame=frame, inputs=None, estimated=None,
                                 matrix=dataclasses.replace(national.matrix, values=[]))
    taken = column_texts(result)
    assert "village_id" not in taken and "name" not in taken
    assert taken["commune"].cells(slice(0, 8)).tolist() == [b"null"] * 8
    assert sectors_text("a;;b") == '["a","b"]' and sectors_text("") == "[]"
    frame["commune"] = list("abcdefgh")  # all distinct: left to the chunks
    frame["province"] = [["a"], ["a"], None, ["a"], ["a"], ["a"], ["a"], ["a"]]  # not texts (nor hashable)
    taken = column_texts(dataclasses.replace(result, frame=frame))
    assert "commune" not in taken and "province" not in taken


def test_value_columns_of_texts_and_integers_are_taken_unless_a_missing_cell_is_odd(national):
    frame = national.frame.iloc[:4].copy()
    values = [np.array(["a", None, float("nan"), "a"], dtype=object), np.array([3, 4, 3, 5]),
              np.array(["a", "<NA>", None, 2], dtype=object), np.array(["a", None, object(), "b"], dtype=object)]
    result = dataclasses.replace(national, frame=frame, inputs=None, estimated=None,
                                 matrix=dataclasses.replace(national.matrix, values=values))
    taken = column_texts(result)
    assert taken["value", 0].cells(slice(0, 4)).tolist() == [b'"a"', b"null", b"null", b'"a"']
    assert taken["value", 1].cells(slice(0, 4)).tolist() == [b"3", b"4", b"3", b"5"]
    assert ("value", 2) not in taken and ("value", 3) not in taken


def test_quoted_cells_are_the_json_strings_of_texts_that_need_no_escape():
    texts = ["Làng nghề gốm Bát Tràng", "", "a b", "Hà Nội 1", "\u1ef9"]
    assert quoted_cells(texts) == [json.dumps(t, ensure_ascii=False).encode("utf-8") for t in texts]
    assert quoted_cells([]) == []
    for odd in (['a"b'], ["a\\b"], ["x", "a\nb"], ["a\0b"], ["\x1f"], ["a", None], [1], [float("nan")]):
        assert quoted_cells(odd) is None  # an escape, or not a text: the chunk encodes cell by cell


def test_utf8_cells_encode_each_text():
    texts = ['"a"', "null", '"ễ"', '""', "1.5"]
    assert utf8_cells(texts) == [t.encode("utf-8") for t in texts]
    assert utf8_cells([]) == []
