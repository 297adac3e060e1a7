"""A fraction typed among percentages (0.85 beside 95) is a warning per cell, never a refusal nor a changed value.

Audit 2026-12 #2: ``solid_waste_collected_pct`` 0.85 (2021) beside 95 (2025) was valid and scored as 0.85 %.
"""

import pytest

from villagescore.datasets import ReadOptions, read_dataset

from .helpers import GOOD_ROW, HEADER, write_csv, write_workbook


def _csv(tmp_path, a1, a2, name="d.csv"):
    return write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,{a1},90,25,1,A,x,100,50\n"
                               f"v2,Hai,X,HN,beta,2024,{a2},80,150,0,B,y,200,20\n", name=name)


@pytest.mark.parametrize(("a1", "a2"), [(0.85, 95), (0.85, "95.0")])
def test_a_fraction_among_percentages_is_warned_of_with_what_to_type(tmp_path, toy_registry, a1, a2):
    dataset = read_dataset(_csv(tmp_path, a1, a2), toy_registry)
    assert dataset.frame["a"].tolist()[:2] == [0.85, 95.0]  # scored as written: a warning changes nothing
    [warning] = [w for w in dataset.warnings if w.check == "percent_fraction"]
    assert (warning.where, warning.village_id, warning.column, warning.value) == ("row 2", "v1", "a", 0.85)
    en, vi = warning.format("en"), warning.format("vi")
    assert "0.85 lies between 0 and 1 while this percentage column has values above 1 (row 3: 95)" in en
    assert "what to do: if you meant 85 %, type 85 (or 85 %) in the cell; if it really is 0.85 %, leave it" in en
    assert "dòng 2 (v1): cảnh báo: 'a': 0,85 nằm giữa 0 và 1" in vi and "hãy gõ 85 (hoặc 85 %)" in vi
    assert warning.to_dict("en")["check"] == "percent_fraction"
    assert dataset.warnings.counts() == {"percent_fraction": 1}


def test_a_column_read_as_text_is_checked_the_same_way(tmp_path, toy_registry):
    """A cell written with '%' makes the column text (the general reader): the bare 0.85 is still warned of."""
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,0.85,90,25,1,A,x,100,50\n"
                               "v2,Hai,X,HN,beta,2024,95,80,150,0,B,y,200,20\n"
                               "v3,Ba,X,HN,alpha,2024,60 %,80,150,0,B,y,200,20\n")
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["a"].tolist() == [0.85, 95.0, 60.0]
    assert [(w.where, w.value) for w in dataset.warnings] == [("row 2", 0.85)]


@pytest.mark.parametrize(("a1", "a2"), [
    (0.8, 1.5),  # a poverty rate below 1 % beside 1.5 %: read as a fraction, 80 is far from the column's values
    (0.3, 5),  # values between 1 and 10: small shares, no jump of an order of magnitude
    ("0.5 %", 95),  # written with its sign: per cent as written
    (0, 95),  # zero is zero on either scale
    (45, 95),
])
def test_no_warning_where_the_small_value_is_plausible(tmp_path, toy_registry, a1, a2):
    a1 = f'"{a1}"' if isinstance(a1, str) else a1
    assert [w for w in read_dataset(_csv(tmp_path, a1, a2), toy_registry).warnings] == []


def test_a_declared_scale_is_not_second_guessed(tmp_path, toy_registry):
    dataset = read_dataset(_csv(tmp_path, 0.85, 95), toy_registry, options=ReadOptions(percent_scale="percent"))
    assert list(dataset.warnings) == []


def test_a_workbook_percent_cell_is_not_a_bare_fraction(tmp_path, toy_registry):
    """0.85 shown as 85 % (a percent-formatted cell) is 85: nothing to warn of."""
    import openpyxl

    header = HEADER.strip().split(",")
    second = list(GOOD_ROW)
    second[0], second[6] = "v2", 95
    path = write_workbook(tmp_path, [header, GOOD_ROW[:6] + [0.85] + GOOD_ROW[7:], second])
    wb = openpyxl.load_workbook(path)
    wb["data"]["G2"].number_format = "0%"
    wb.save(path)
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["a"].tolist() == [85.0, 95.0] and list(dataset.warnings) == []


def test_an_xlsx_column_of_fractions_is_refused_with_workbook_advice(tmp_path, toy_registry):
    """Audit 2026-12 #2: a workbook's 0.8 pointed to a metadata file ('tệp siêu dữ liệu') it does not have.

    Two rows: one value alone is not judged (fourteenth walk)."""
    from villagescore.errors import DatasetError

    rows = [GOOD_ROW[:6] + [value] + GOOD_ROW[7:] for value in (0.8, 0.6)]
    with pytest.raises(DatasetError) as info:
        read_dataset(write_workbook(tmp_path, [HEADER.strip().split(",")] + rows), toy_registry)
    [found] = [p for p in info.value.problems if p.rule == "fraction_scale"]
    en, vi = found.format("en"), found.format("vi")
    assert "--percent-scale fraction" in en and "type them with the % sign (0.8 %" in en
    assert "metadata" not in en and "siêu dữ liệu" not in vi and "gõ kèm dấu % (0,8 %" in vi


def test_only_cells_in_the_range_are_looked_at_on_a_large_clean_column(tmp_path, toy_registry):
    """A clean 100,000-row % column (values 10–100) gives no warning: the check is a few reductions."""
    import numpy as np

    from villagescore.datasets.collector import Collector
    from villagescore.datasets.fields import FieldContext, validate_field

    n = 100_000
    import pandas as pd

    frame = pd.DataFrame({"village_id": [f"v{k}" for k in range(n)], "a": np.linspace(10, 100, n)})
    col = Collector("big.csv", frame)
    ctx = FieldContext("default", {}, {}, "auto")
    out = {}
    validate_field(frame["a"], toy_registry.fields["a"], out, col, ctx)
    assert col.cell_warnings == [] and col.problems == []
    frame.loc[[5, 70_000], "a"] = [0.5, 0.9]
    validate_field(frame["a"], toy_registry.fields["a"], out, col, ctx)
    [group] = col.cell_warnings
    assert group.positions.tolist() == [5, 70_000]


def _reference_mixed_fractions(values, plain, scored, jump):
    """The check as written before its whole-array passes (reductions with ``where=``): (positions, large) or None."""
    import numpy as np

    if not np.any(values > 1, where=scored):
        return None
    above = scored & (values > 1)
    least = np.min(values, where=above, initial=np.inf)
    if least < jump:
        return None
    high = np.max(values, where=above, initial=-np.inf) * 2
    small = plain & (values > 0) & (values <= 1) & (values * 100 >= least / 2) & (values * 100 <= high)
    if not small.any():
        return None
    return np.flatnonzero(small).tolist(), int(np.flatnonzero(above)[0])


def test_mixed_fractions_finds_what_the_masked_reductions_found():
    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from villagescore.datasets.percent_mix import JUMP, mixed_fractions

    class Field:
        id, label, minimum = "a", None, 0.0

    class Col:
        def __init__(self, n):
            self.cell_warnings, self.rows = [], np.arange(2, n + 2)

    edges = [0.0, -0.0, 0.005, 0.01, 0.5, 1.0, np.nextafter(1.0, 2.0), 5.0, np.nextafter(JUMP, 0.0), JUMP, 50.0,
             99.0, 100.0, 200.0, np.nan, np.inf]
    cell = st.one_of(st.sampled_from(edges), st.floats(0, 300, allow_nan=False))

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.tuples(cell, st.booleans(), st.booleans()), min_size=1, max_size=40))
    def check(cells):
        values = np.array([c[0] for c in cells])
        finite = ~np.isnan(values) & ~np.isinf(values)
        scored = np.array([c[1] for c in cells]) & finite
        plain = np.array([c[2] for c in cells]) & scored
        col = Col(len(values))
        mixed_fractions(values, plain, scored, Field, col, "auto")
        expected = _reference_mixed_fractions(values, plain, scored, JUMP)
        if expected is None:
            assert col.cell_warnings == []
        else:
            [found] = col.cell_warnings
            assert found.positions.tolist() == expected[0] and found.other_row == expected[1] + 2

    check()
