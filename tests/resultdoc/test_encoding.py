"""The column-wise record encoder gives exactly the bytes of json.dumps of the records."""

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.resultdoc.helpers import _bytes, _odd_frame
from villagescore.numbers import json_number
from villagescore.resultdoc import CHUNK, village_records, weight_profiles, write_json, write_jsonl
from villagescore.resultdoc.encoding import encoded_records, float_texts


def _reference(result, start, stop, weight_rows, end):
    records = village_records(result, start, stop, weight_rows)
    return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + end
                   for r in records).encode("utf-8")


def _same_as_json_dumps(result, step=CHUNK):
    weight_rows, _ = weight_profiles(result)
    for start in range(0, len(result), step):
        for end in ("\n", ",\n"):
            assert encoded_records(result, start, start + step, weight_rows, end) == _reference(
                result, start, start + step, weight_rows, end)


def test_the_encoded_records_are_json_dumps_of_the_records(national, toy_result):
    _same_as_json_dumps(national, 700)
    _same_as_json_dumps(toy_result)


def test_odd_texts_missing_identity_and_no_estimates_are_encoded_as_json_does(national):
    frame = _odd_frame(national, 300)
    odd_result = dataclasses.replace(national, frame=frame)
    weight_rows, _ = weight_profiles(national)
    for end in ("\n", ",\n"):
        assert encoded_records(odd_result, 0, 300, weight_rows, end) == _reference(odd_result, 0, 300, weight_rows,
                                                                                    end)
    bare = dataclasses.replace(odd_result, inputs=None, estimated=None)
    assert encoded_records(bare, 0, 300, weight_rows) == _reference(bare, 0, 300, weight_rows, "\n")


def test_the_writers_write_the_header_then_the_encoded_records(national):
    weight_rows, _ = weight_profiles(national)
    records = _reference(national, 0, len(national), weight_rows, ",\n").decode("utf-8")
    text = _bytes(write_json, national).decode("utf-8")
    assert text.endswith("\n" + records[:-2] + "\n]}\n")
    lines = _bytes(write_jsonl, national).decode("utf-8")
    end = f'{{"record":"end","village_years":{len(national)}}}\n'
    assert lines.endswith("\n" + _reference(national, 0, len(national), weight_rows, "\n").decode("utf-8") + end)


def test_no_gates_and_empty_arrays(national):
    gates = None if national.gate_status is None else national.gate_status[:, :0]
    bare = dataclasses.replace(national, fired=national.fired[:, :0], gate_status=gates)
    weight_rows, _ = weight_profiles(national)
    assert encoded_records(bare, 0, 50, weight_rows) == _reference(bare, 0, 50, weight_rows, "\n")
    assert b'"gates":{"status":[],"fired":[]}' in encoded_records(bare, 0, 1, weight_rows)


def test_an_empty_result_writes_an_empty_villages_array(national):
    empty = dataclasses.replace(national, frame=national.frame.iloc[:0])
    assert encoded_records(empty, 0, 0, np.zeros(0, dtype=int)) == b""
    raw = _bytes(write_json, empty, pretty=False)
    assert raw.endswith(b',"villages":[\n]}\n') and json.loads(raw)["villages"] == []


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(finite, st.just(math.nan), st.floats(-1000, 1000), st.integers(-10**6, 10**6).map(
    lambda k: k / 10**4)), max_size=40), st.sampled_from([4, 6]))
def test_float_texts_are_the_json_of_json_number(values, digits):
    texts, codes = float_texts(np.array(values, dtype=float), digits)
    assert [texts[c] for c in codes.tolist()] == [json.dumps(json_number(x, digits)) for x in values]


def test_infinities_are_refused_like_the_encoder():
    with pytest.raises(ValueError, match="not JSON compliant"):
        float_texts(np.array([1.0, math.inf]), 4)


def test_equal_values_of_other_types_are_written_each_as_itself():
    """1, True and 1.0 are equal dict keys: each value column cell is still written as the records write it."""
    from types import SimpleNamespace

    from villagescore.resultdoc.encoding import _Pieces, _value_array, encode
    from villagescore.resultdoc.tables import RecordTables
    from villagescore.results import _value

    column = np.array([1, True, 1.0, "1"], dtype=object)
    result = SimpleNamespace(matrix=SimpleNamespace(values=[column]))
    tables = RecordTables(0, np.zeros(4, dtype=np.int64), None, None, np.zeros(4, dtype=np.int64),
                          np.array([b""], dtype=object))
    p = _Pieces(4)
    _value_array(p, result, slice(0, 4), np.zeros((4, 1), dtype=bool), tables)
    assert p.join() == b"".join(b"[" + encode(_value(x)).encode() + b"]" for x in column.tolist())
