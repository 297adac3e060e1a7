"""One scan of an identity column's text finds what the per-cell checks find."""

import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.datasets.scan import CONTROL_BYTES, TextScan, all_slugs, scan_text
from villagescore.datasets.text import PYTHON_TEXT, shared_factorization

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
_CELLS = ["Làng Phùng Xá", "ha-noi", "a\x00b", "x\x7f", "tab\there", "line\nbreak", "cr\rlf", "H\ufffd N\ufffdi", "",
          "Ω" * 1200, "y" * 999 + "\n" + "z", "ü" * 600, "\ud800", "a\x1fb", "plain", "L\u202eA", "x\u2069",
          "“q” – d", None]


def _expected(cells: list) -> TextScan:
    texts = [v for v in cells if isinstance(v, str)]
    return TextScan(any(_CONTROL.search(v) for v in texts), any("\ufffd" in v for v in texts),
                    len(texts) == len([v for v in cells if v is not None and v == v]),
                    max(map(len, texts), default=0))


def _check(column: pd.Series, cells: list) -> None:
    got = scan_text(column)
    expected = _expected(cells)
    assert got._replace(longest=0) == expected._replace(longest=0)
    # the longest cell may be over-estimated (bytes, not characters), never under-estimated
    assert got.longest >= expected.longest
    assert (got.longest <= 1000) == (expected.longest <= 1000)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_CELLS), min_size=0, max_size=30), st.booleans())
def test_the_scan_finds_what_each_cell_shows(cells, few):
    # a column of many distinct texts is scanned cell by cell, one of few through its distinct texts
    cells = cells * 50 if few else [c if c is None else f"{c}{k}" for k, c in enumerate(cells)]
    column = pd.Series(cells, dtype=PYTHON_TEXT)  # pyarrow's strings cannot hold a lone surrogate
    _check(column, [c if c is None else c for c in cells])
    with shared_factorization():
        _check(column, cells)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(_CELLS), st.integers(), st.floats(allow_nan=False)), max_size=12))
def test_a_column_of_objects_is_scanned_as_its_text_cells(cells):
    column = pd.Series(cells, dtype=object)
    _check(column, cells)


def test_control_bytes_are_the_control_characters_refused():
    assert {chr(b) for b in CONTROL_BYTES} == {chr(c) for c in range(256) if _CONTROL.fullmatch(chr(c))}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["a", "b-1", "0.x", "-a", "A", "", "a\nb", "ă", "_", "x_y", "9"]), max_size=8))
def test_all_slugs_is_a_slug_test_of_every_id(ids):
    assert all_slugs(np.array(ids, dtype=object)) == (bool(ids) and all(_SLUG.fullmatch(i) for i in ids))


def test_ids_that_are_not_text_are_not_slugs():
    assert not all_slugs(np.array(["a", 1], dtype=object))
