"""Rows from fixed-width cells (``villagescore.fixed_rows``) are the cells joined one by one."""

from __future__ import annotations

import numpy as np
import pytest

from villagescore.fixed_rows import fixed, packed_rows


def test_a_table_holds_each_text_then_the_end_as_utf8_padded_to_the_widest():
    table = fixed(["Hà Nội", "", "a"], ",")
    assert table.dtype == np.dtype("S10") and table.tolist() == ["Hà Nội,".encode(), b",", b"a,"]
    assert fixed([""]).dtype == np.dtype("S1") and fixed([""]).tolist() == [b""]
    assert len(fixed([])) == 0


@pytest.mark.parametrize("seed", range(8))
def test_packed_rows_are_each_row_s_cells_joined(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 50))
    texts = ["Làng", "", "x" * int(rng.integers(1, 9)), "Đông Hồ", '"q"', "1.5"]
    columns, expected = [], [""] * n
    for kind in rng.choice(["coded", "per-row", "constant"], int(rng.integers(1, 6))):
        if kind == "coded":
            codes = rng.integers(0, len(texts), n)
            columns.append((codes, fixed(texts, ";")))
            cells = [texts[c] + ";" for c in codes]
        elif kind == "per-row":
            cells = [texts[int(c)] + "|" for c in rng.integers(0, len(texts), n)]
            columns.append((None, fixed(cells)))
        else:
            cells = ["{key}:"] * n
            columns.append((None, fixed(["{key}:"])))
        expected = [a + b for a, b in zip(expected, cells, strict=True)]
    assert packed_rows(columns, n, 3.0) == "".join(expected).encode()


def test_rows_padded_more_than_asked_are_declined():
    n = 4000
    codes = np.zeros(n, dtype=np.int64)
    codes[7] = 1
    columns = [(codes, fixed(["a", "y" * 3000]))]  # one long text among short ones
    assert packed_rows(columns, n, 3.0) is None
    assert packed_rows(columns, n, 10_000.0) == (b"a" * 7 + b"y" * 3000 + b"a" * (n - 8))


def _reference(texts, end=""):
    """The table made one ``bytes`` per text (the way :func:`fixed` takes for few texts)."""
    table = np.array([(t + end).encode("utf-8") for t in texts])
    return table if table.itemsize else table.astype("S1")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("end", ["", ",", ";", "\n", '",'])
def test_many_texts_cut_out_of_one_buffer_give_the_table_of_one_bytes_each(seed, end):
    from villagescore.fixed_rows import MANY

    rng = np.random.default_rng(seed)
    pool = ["", "a", "Hà Nội", "Làng nghề mẫu 000123", "syn-000001", "Đông Hồ", "x" * 40, "\u4e2d", "😀", "1.5", "'=x"]
    for n in (MANY - 1, MANY, MANY + 1, 1000, 8192):
        texts = [pool[int(k)] for k in rng.integers(0, len(pool), n)]
        made = fixed(texts, end)
        expected = _reference(texts, end)
        assert made.dtype == expected.dtype and made.tolist() == expected.tolist()
        assert fixed(texts, end, 1e9).tolist() == expected.tolist()
    empty = fixed([""] * 100, end)
    assert empty.dtype == _reference([""] * 100, end).dtype and empty.tolist() == _reference([""] * 100, end).tolist()


def test_many_texts_padded_more_than_asked_are_declined():
    texts = ["a"] * 5000 + ["y" * 3000]
    assert fixed(texts, ",", 3.0) is None
    assert fixed(texts, ",", 10_000.0).tolist() == _reference(texts, ",").tolist()


def test_a_lone_surrogate_among_many_texts_is_judged_as_among_few():
    """Reviewed 2026-12-07: many texts were encoded before the padding was judged, so a table to decline raised."""
    from villagescore.fixed_rows import MANY

    padded = ["\ud800", "L" * 3000] + ["a"] * MANY
    assert fixed(padded, "", 3.0) is None  # declined first, as with fewer texts
    with pytest.raises(UnicodeEncodeError):
        fixed(["\ud800"] + ["a"] * MANY, "", 3.0)


def test_cut_texts_of_no_text():
    from villagescore.fixed_rows import cut_texts

    for data in (b"", b"abc"):
        table = cut_texts(data)
        assert table.dtype == np.dtype("S1") and len(table) == 0

