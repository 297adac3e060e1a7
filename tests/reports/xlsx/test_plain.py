"""A column's plain text cells made at once: exactly the cells made text by text."""

import random

import pytest

from villagescore.reports import xlsx
from villagescore.reports.xlsx import cells, packed
from villagescore.reports.xlsx.plain import PLAIN_TEXT, plain_cells

from .test_cells import TRICKY_TEXTS

#: Characters that make a text odd where they stand, or anywhere, and some that never do.
PARTS = ["a", "ý", "🙂", "x" * 5, " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000",
         "=", "+", "-", "@", "'", "#", "&", "<", ">", "\x00", "\x01", "\x07", "\x1f", "\x7f"]


def _one_by_one(values, attr, sheet):
    return packed.piece_table(cells._text_column_xml(values, attr, sheet) + ["<c/>"])


def _at_once(values, attr, sheet):
    pieces = cells._text_column_cells(values, attr, sheet)
    return packed.piece_table(pieces) if isinstance(pieces[0], str) else packed.bytes_table(
        [*pieces[:-1], b"", pieces[-1]])


def _outcome(make, values):
    try:
        table = make(values, ' s="3"', "t")
    except Exception as exc:  # noqa: BLE001  (the same error either way)
        return type(exc), str(exc)
    return table.dtype, table.tolist()


def _columns(seed, count, longest):
    rng = random.Random(seed)
    for _ in range(count):
        texts = ["".join(rng.choice(PARTS) for _ in range(rng.randint(0, longest))) for _ in range(rng.randint(0, 12))]
        yield list(dict.fromkeys(texts))  # distinct, as a column's factorised values are


@pytest.mark.parametrize("seed", range(4))
def test_cells_at_once_are_the_cells_made_one_by_one(seed):
    for values in _columns(seed, 500, 4):
        assert _outcome(_at_once, values) == _outcome(_one_by_one, values), values


def test_texts_longer_than_a_cell_holds_fail_as_one_by_one(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_TEXT", 3)
    for values in _columns(9, 500, 5):
        assert _outcome(_at_once, values) == _outcome(_one_by_one, values), values


def test_edge_texts_and_values_that_are_not_text():
    for values in [list(TRICKY_TEXTS), [], [""], ["a\ud800"], ["ok", None], ["ok", 3, "=1"], ["\x00", "b"]]:
        assert _outcome(_at_once, values) == _outcome(_one_by_one, values), values


def test_the_odd_texts_are_those_the_pattern_does_not_match_whole():
    texts = [t for t in TRICKY_TEXTS if "\0" not in t]
    made, odd = plain_cells(texts, 10)
    assert odd == [i for i, v in enumerate(texts) if not (len(v) <= 10 and PLAIN_TEXT.fullmatch(v))]
    assert all(made[i] == b"" for i in odd)
    assert made[0] == f'<c t="inlineStr"><is><t>{texts[0]}</t></is></c>'.encode() or 0 in odd
    assert isinstance(cells._text_column_cells(["Làng", "=1"], "", "t")[0], bytes)  # texts: the way at once
    assert plain_cells(["a\x00b"], 10) is None and plain_cells(["\ud800"], 10) is None
