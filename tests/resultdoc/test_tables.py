"""The tables made once per result document give what each chunk worked out for itself before."""

import json

import numpy as np
import pandas as pd
import pytest

from villagescore.numbers import round_like_python
from villagescore.resultdoc import CHUNK, village_records, weight_profiles
from villagescore.resultdoc import tables as tables_module
from villagescore.resultdoc.encoding import encoded_records
from villagescore.resultdoc.tables import _row_patterns, record_tables, weight_classes


def _profiles_by_rounding(result):
    """The reference: every chunk's weights rounded, then their distinct rows in order of first appearance."""
    rows = np.zeros(len(result), dtype=np.int64)
    found, table = {}, []
    for start in range(0, len(result), CHUNK):
        w = np.ascontiguousarray(round_like_python(result.overall_weights(slice(start, start + CHUNK)), 6))
        for i, row in enumerate(w):
            rows[start + i] = found.setdefault(row.tobytes(), len(found))
            if len(table) < len(found):
                table.append([None if np.isnan(x) else x for x in row.tolist()])
    return rows, table


@pytest.mark.parametrize(("most", "block"), [(tables_module.MOST_WEIGHT_ROWS, tables_module.WEIGHT_BLOCK), (0, 700),
                                             (tables_module.MOST_WEIGHT_ROWS, 300),
                                             (tables_module.MOST_WEIGHT_ROWS, 7)])
def test_weight_profiles_are_those_of_the_rounded_weights(national, toy_result, monkeypatch, most, block):
    monkeypatch.setattr(tables_module, "MOST_WEIGHT_ROWS", most)
    monkeypatch.setattr(tables_module, "WEIGHT_BLOCK", block)
    for result in (national, toy_result):
        rows, table = weight_profiles(result)
        expected_rows, expected_table = _profiles_by_rounding(result)
        assert rows.tolist() == expected_rows.tolist()
        assert json.dumps(table) == json.dumps(expected_table)


@pytest.mark.parametrize(("most", "block"), [(tables_module.MOST_WEIGHT_ROWS, tables_module.WEIGHT_BLOCK), (0, 700),
                                             (tables_module.MOST_WEIGHT_ROWS, 300),
                                             (tables_module.MOST_WEIGHT_ROWS, 7)])
def test_the_weights_taken_by_class_are_the_overall_weights_bit_for_bit(national, monkeypatch, most, block):
    monkeypatch.setattr(tables_module, "MOST_WEIGHT_ROWS", most)
    monkeypatch.setattr(tables_module, "WEIGHT_BLOCK", block)
    tables = record_tables(national)
    assert (tables.weight_table is None) == (most == 0)
    for start in range(0, len(national), 700):
        rows = slice(start, min(start + 700, len(national)))
        got, expected = tables.weights(national, rows), national.overall_weights(rows)
        assert got.shape == expected.shape
        assert got.tobytes() == np.ascontiguousarray(expected).tobytes()


def test_weight_classes_keep_distinct_unrounded_rows(national):
    classes = weight_classes(national)
    assert len(classes.table) == len({row.tobytes() for row in classes.table})
    assert len(classes.table) >= len(classes.profiles)


@pytest.mark.parametrize("block", [tables_module.TAIL_BLOCK, 7])
def test_the_tails_are_the_json_of_the_regulations_flags_and_gates(national, toy_result, monkeypatch, block):
    monkeypatch.setattr(tables_module, "TAIL_BLOCK", block)
    for result in (national, toy_result):
        tables = record_tables(result)
        for start in (0, 900):
            rows = slice(start, min(start + 600, len(result)))
            if rows.stop <= rows.start:
                continue
            records = village_records(result, rows.start, rows.stop, tables.weight_rows)
            expected = [json.dumps(r["regulations"], separators=(",", ":")) + ',"flags":'
                        + json.dumps(r["flags"], separators=(",", ":"), ensure_ascii=False) + ',"gates":'
                        + json.dumps(r["gates"], separators=(",", ":"))[:-1] for r in records]
            assert [t.decode("utf-8") for t in tables.tail(rows).tolist()] == expected
        assert len(set(tables.tail_texts.tolist())) == len(tables.tail_texts)  # each pattern once


def test_tables_of_a_part_give_the_records_of_the_document_s_tables(national):
    whole = record_tables(national)
    for start, stop in ((0, 1), (333, 1400), (1990, 2000)):
        part = record_tables(national, whole.weight_rows, slice(start, stop))
        assert encoded_records(national, start, stop, part) == encoded_records(national, start, stop, whole)
    with pytest.raises(ValueError, match="weight_rows"):
        record_tables(national, rows=slice(0, 10))


def _first_appearance(codes):
    """The reference: row patterns numbered in order of first appearance, by a dict of row bytes."""
    seen, which, first = {}, [], []
    for i, row in enumerate(np.ascontiguousarray(codes, dtype=np.int64)):
        key = row.tobytes()
        if key not in seen:
            seen[key] = len(first)
            first.append(i)
        which.append(seen[key])
    return which, first


def test_row_patterns_are_numbered_in_order_of_first_appearance():
    rng = np.random.default_rng(3)
    wide = rng.integers(0, 4, size=(500, 3)).repeat(25, axis=1)[:, :70].astype(np.int8)  # 70 columns
    wide[::7, 65] = 3  # differs only beyond the first packed key
    mixed = np.concatenate([rng.integers(0, 300, size=(400, 9)), rng.integers(0, 2, size=(400, 40))], axis=1)
    mixed[::5] = mixed[0]
    for codes in (wide, mixed, np.zeros((6, 0), dtype=np.int8), np.zeros((0, 4), dtype=np.int8)):
        which, first = _row_patterns(list(codes.T), len(codes))
        expected_which, expected_first = _first_appearance(codes)
        assert which.tolist() == expected_which
        assert first.tolist() == expected_first
        assert pd.unique(which).tolist() == list(range(len(first)))
