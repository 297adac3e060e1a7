"""A comparison's JSON: written piece by piece, the same bytes as the whole document."""

import io
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def national():
    import villagescore as vs
    from villagescore.compare import compare, load_table

    result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    return compare(load_table([("national", result)]), by="province", lang="vi")


def test_a_national_comparison_is_streamed_in_pieces_with_the_same_bytes(national):
    from villagescore.reports.comparison_json import (
        PRETTY_ROWS,
        comparison_json,
        comparison_json_pieces,
        write_comparison_json,
    )

    assert len(national["rankings"]["rows"]) > PRETTY_ROWS
    pieces = list(comparison_json_pieces(national))
    assert len(pieces) > 3  # the text around the rows, the rows in pieces, the end
    out = io.BytesIO()
    write_comparison_json(national, out)
    assert out.getvalue() == b"".join(pieces) == comparison_json(national)


def test_the_rows_are_made_a_piece_at_a_time_as_the_pieces_are_taken(national, monkeypatch):
    from villagescore.compare.ranking import RankingRows
    from villagescore.reports.comparison_json import comparison_json_pieces

    made = []
    piece_of, bytes_of = RankingRows._piece_bytes, RankingRows.json_bytes

    def counted(self, template, lo, hi):
        made.append((lo, hi))
        return piece_of(self, template, lo, hi)

    monkeypatch.setattr(RankingRows, "_piece_bytes", counted)
    monkeypatch.setattr(RankingRows, "json_bytes", lambda self, size=10_000: bytes_of(self, size=100))
    pieces = comparison_json_pieces(national)
    next(pieces)  # the text before the rows: no row made yet
    assert made == []
    next(pieces)
    assert made == [(0, 100)]  # never the whole array of a national comparison at once


def test_a_small_comparison_is_one_indented_piece(national):
    from villagescore.reports.comparison_json import comparison_json_pieces

    small = {**national, "rankings": {**national["rankings"], "rows": list(national["rankings"]["rows"])[:3]}}
    (piece,) = comparison_json_pieces(small)
    assert piece.startswith(b'{\n  "') and piece.endswith(b"\n")
