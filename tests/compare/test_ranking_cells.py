"""Ranked rows' cells made whole-column once give the bytes of making each piece on its own."""

import json
import math

import numpy as np
import pandas as pd
import pytest

ODD = ["Làng \"gốm\" Bát Tràng", "a,b", "tab\tand\nnewline", "\\", "Hà Nội", "", "x" * 90]


def _rows(columns, pillars):
    from villagescore.compare.ranking import RankingRows

    return RankingRows(columns, pillars)


def _written(rows, size, monkeypatch, whole):
    """``rows.json_bytes(size)``, the cells made whole-column first or (``whole`` false) by each piece."""
    from villagescore.compare import ranking_cells

    with monkeypatch.context() as m:
        if not whole:
            m.setattr(ranking_cells, "whole_cells", lambda values, sectors=None, ranges=None: None)
        return b"".join(rows.json_bytes(size))


def _columns(n, seed):
    from villagescore.compare.common import LazyColumn, column_of

    rnd = np.random.default_rng(seed)
    at = rnd.permutation(n + 5)[:n]  # rank order over a longer snapshot (rows left out, as with --villages)
    few = np.array(["Hà Nội", "Huế", "Cần Thơ", None], dtype=object)[rnd.integers(0, 4, n + 5)]
    names = np.array([f"Làng {k}" for k in range(n + 5)], dtype=object)
    odd = names.copy()
    odd[rnd.integers(0, n + 5, 3)] = [ODD[0], None, math.nan]
    ints = np.where(rnd.random(n + 5) < 0.1, np.nan, rnd.integers(1, 60, n + 5).astype(float))
    wide = rnd.integers(-(2**40), 2**40, n + 5).astype(float)
    shares = np.round(rnd.integers(0, 4, n + 5) / 4, 4)
    scores = np.round(rnd.random(n + 5) * 100, 4)
    scores[rnd.integers(0, n + 5, 2)] = np.nan
    sectors = np.array(["weaving;ceramics", "", "x;", None, math.nan], dtype=object)[rnd.integers(0, 5, n + 5)]
    columns = {"period": column_of(np.array(["latest"] * (n + 5), dtype=object)).take(at),
               "village_id": column_of(names).take(at), "name": column_of(odd).take(at),
               "year": column_of(pd.Series(ints), "int").take(at), "province": column_of(few).take(at),
               "odd": column_of(np.array([ODD[k % len(ODD)] for k in range(n + 5)], dtype=object)).take(at),
               "mixed": column_of(np.array([k if k % 3 else "x" for k in range(n + 5)], dtype=object)).take(at),
               "sectors": LazyColumn(sectors, "sectors").take(at), "rank": column_of(pd.Series(wide), "int").take(at),
               "score": column_of(scores, "float").take(at), "share": column_of(shares, "float").take(at),
               "none": column_of(np.full(n + 5, np.nan), "float").take(at),
               "minus": column_of(pd.Series(np.where(np.arange(n + 5) % 2, -0.5, 2.0)), "int").take(at),
               "list": [None if k % 4 else k / 3 for k in range(n)]}
    pillars = {"p": (column_of(scores[at], "float"), column_of(pd.Series(ints[at]), "int"))}
    return columns, pillars


@pytest.mark.parametrize("n, size", [(7, 3), (40, 4), (300, 64), (2_500, 1_000)])
def test_cells_made_whole_column_are_those_each_piece_makes(n, size, monkeypatch):
    columns, pillars = _columns(n, n)
    rows = _rows(columns, pillars)
    expected = json.dumps(list(rows), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert _written(rows, size, monkeypatch, whole=False) == expected
    assert _written(rows, size, monkeypatch, whole=True) == expected
    monkeypatch.setenv("VILLAGESCORE_WORKERS", "2")  # shared with a forked copy: the same bytes
    assert _written(rows, size, monkeypatch, whole=True) == expected


@pytest.mark.parametrize("values, kind", [([0.0, -0.0, 1.5], "float"), ([math.inf, 1.0, 2.0], "float"),
                                          ([1e-05, 1e16, 3.0], "float"), ([2.0**60, 1.0, math.nan], "int"),
                                          ([-0.0, 3.0, math.nan], "int"), ([math.nan] * 3, "float")])
def test_numbers_the_encoder_writes_otherwise_are_left_to_the_pieces_or_written_alike(values, kind, monkeypatch):
    from villagescore.compare.common import LazyColumn

    n = 12
    column = LazyColumn(np.array([values[k % 3] for k in range(n)]), kind)
    rows = _rows({"x": column, "id": [f"v{k}" for k in range(n)]}, {})
    expected = json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    if "Infinity" in expected:  # refused by the writers either way
        with pytest.raises(ValueError):
            _written(rows, 4, monkeypatch, whole=True)
        return
    assert _written(rows, 4, monkeypatch, whole=True) == _written(rows, 4, monkeypatch, whole=False) == \
        expected.encode("utf-8")


def test_a_whole_column_too_padded_is_left_to_the_pieces():
    from villagescore.compare.common import column_of
    from villagescore.compare.ranking_cells import whole_cells

    texts = np.array([f"v{k}" for k in range(5_000)] + ["x" * 100_000], dtype=object)  # ids, one long text
    assert whole_cells(column_of(texts)) is None
    assert whole_cells(column_of(np.array([1, "a"], dtype=object))) is None  # not texts alone
    assert whole_cells([1.0, 2.0]) is None  # a list: each piece reads its own
    assert whole_cells(column_of(np.array([["a"], ["b"]] * 3 + [None], dtype=object)[:-1])) is None  # unhashable


def _json(rows):
    return json.dumps(list(rows), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize("n, size", [(40, 4), (2_500, 1_000)])
def test_cells_made_whole_column_before_any_row_is_read_are_those_of_the_rows(n, size, monkeypatch):
    """Reviewed 2026-12-07: reading the rows first took every position, so the JSON of a comparison (whose
    columns still hold their rank order to take) was never made from positions in a test."""
    rows = _rows(*_columns(n, n))  # nothing read: each column's positions still to take, as compare leaves them
    assert _written(rows, size, monkeypatch, whole=True) == _json(_rows(*_columns(n, n)))


@pytest.mark.parametrize("read_first", [False, True])
@pytest.mark.parametrize("positions", [lambda n: range(-1, -n - 1, -1), lambda n: [0, 0, n - 1, -1, -2, 2, 2] * 30,
                                       lambda n: range(n)[::-2]])
def test_selected_rows_counted_from_the_end_or_repeated_are_written_as_read(read_first, positions, monkeypatch):
    """Reviewed 2026-12-07: positions counted from the end (``select(range(-1, -n - 1, -1))``) were clipped to
    the first row's cell."""
    n = 300
    rows = _rows(*_columns(n, 3))
    if read_first:  # the columns' positions taken: the selection's own are the only ones
        assert rows[0]["village_id"]
    at = list(positions(n))
    # pieces of 100: a column of ids (305 in the snapshot) is taken by its positions, not copied a piece at a time
    assert _written(rows.select(at), 100, monkeypatch, whole=True) == _json(_rows(*_columns(n, 3)).select(at))


def test_a_value_no_column_can_write_in_a_row_left_out_of_the_ranking_is_never_read(monkeypatch):
    """Reviewed 2026-12-07: made whole-column, a lone surrogate or NA among sectors in a row not ranked raised."""
    from villagescore.compare.common import LazyColumn, column_of

    def made():
        names = np.array([f"Làng {k}" for k in range(30)], dtype=object)
        names[5] = "bad \ud800"
        sectors = np.array(["a;b", "c"] * 15, dtype=object)
        sectors[5] = pd.NA
        at = np.array([k for k in range(30) if k != 5])
        return _rows({"name": column_of(names).take(at), "sectors": LazyColumn(sectors, "sectors").take(at)}, {})

    assert _written(made(), 4, monkeypatch, whole=True) == _json(made())


@pytest.mark.parametrize("ranges", [[(1, 100), (1, 99), (1, 9), (1, 100), (1, 350), (1, 120)],
                                    [(-12, 5), (-9, 5), (-12, 130)],
                                    [(2024, 2025), (2024, 2030), (0, 10), (1, 399), (1, 10_000)]])
def test_integer_ranges_written_once_give_each_column_its_own_cells(ranges):
    from villagescore.compare.common import column_of
    from villagescore.compare.ranking_cells import whole_cells

    rnd = np.random.default_rng(len(ranges))
    shared: dict = {}
    for low, high in ranges:
        values = rnd.integers(low, high + 1, 400).astype(float)
        values[[0, -1]] = low, high  # the range's ends are present
        values[rnd.integers(0, 400, 5)] = np.nan
        column = column_of(pd.Series(values), "int")
        alone, made = whole_cells(column), whole_cells(column, None, shared)
        cells = [json.dumps(None if math.isnan(x) else int(x)).encode() for x in values]
        for found in (alone, made):
            assert found.table.dtype == alone.table.dtype  # the same padding as a table of its own
            assert (found.table if found.codes is None else found.table[found.codes]).tolist() == cells
