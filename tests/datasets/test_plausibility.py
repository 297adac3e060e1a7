"""Plausibility checks: soft rules between fields, evaluated on whole columns and reported as warnings."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import REPO
from tests.datasets.helpers import villages_copy
from villagescore import Check
from villagescore.datasets import read_raw, validate
from villagescore.datasets.collector import Collector
from villagescore.datasets.plausibility import plausibility_warnings
from villagescore.errors import DatasetError
from villagescore.registry import Registry

VILLAGES = REPO / "datasets" / "villages" / "villages.csv"
MESSAGE = {"vi": "Quá nhiều", "en": "Too many"}


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _copy(tmp_path, change):
    return villages_copy(tmp_path, change)


def _times_100(rows):
    rows[2]["workers_total"] = str(int(rows[2]["workers_total"]) * 100)  # Phú Vinh, row 4 of the sheet


def _validate(path, registry):
    return validate(read_raw(path, registry), registry)


def test_a_broken_copy_of_villages_csv_gives_the_warning_with_its_row_and_columns(tmp_path, registry):
    dataset = _validate(_copy(tmp_path, _times_100), registry)
    assert dataset.problems == []  # a warning never makes the file invalid
    found = [w for w in dataset.warnings if w.check == "society.workers_per_craft_household_max"]
    (warning,) = found
    assert (warning.where, warning.village_id) == ("row 4", "phu-vinh-chuong-my")
    assert warning.columns == ("workers_total", "households_craft")
    assert warning.values == (600_000, 2150) and warning.limit == 12_900
    en = warning.format("en")
    assert "row 4 (phu-vinh-chuong-my)" in en and "More than 6 craft workers per craft household" in en
    assert "Craft workers (workers_total) is expected to be at most 6 × " in en and "600,000 and 2,150" in en
    assert "what to do: Check that workers_total counts" in en
    vi = warning.format("vi")
    assert "cảnh báo tính hợp lý" in vi and "thường không vượt quá 6 ×" in vi and "600.000 và 2.150" in vi


def test_each_first_party_relation_fires_on_a_broken_copy(tmp_path, registry):
    def change(rows):
        rows[0]["households_total"], rows[0]["households_craft"] = "5000", "3000"  # more than its 2,600 workers
        rows[1]["income_per_capita_vnd_month"] = "9000000"    # above the 5.88 M wage
        rows[3]["income_per_capita_vnd_month"] = "4340"       # thousand VND: below a fifth of the wage
        rows[4]["artisans_count"] = "2000"                    # 16 % of 12,300 workers

    dataset = _validate(_copy(tmp_path, change), registry)
    found = {(w.where, w.check) for w in dataset.warnings}
    assert {("row 2", "society.workers_per_craft_household_min"),
            ("row 3", "society.income_per_capita_within_wage"),
            ("row 5", "society.income_per_capita_above_fifth_of_wage"),
            ("row 6", "society.artisans_share_of_workers")} <= found


def test_bundled_datasets_give_no_warning(registry):
    # Dương Ổ 2024 gave one until its BOD5 estimate (162 mg/L, above its COD of 132 mg/L) was
    # corrected to 0.5 × COD (villages.meta.json says so beside the value)
    for path in ("datasets/phung-xa/phung-xa.csv", "datasets/examples/example-small.csv", VILLAGES):
        assert _validate(REPO / path, registry).warnings == [], path


def test_an_effluent_bod5_above_its_cod_is_found(tmp_path, registry):
    def change(rows):
        rows[5]["effluent_bod5_mg_l"] = "162"  # Dương Ổ, row 7 of the sheet; COD 132

    warnings = _validate(_copy(tmp_path, change), registry).warnings
    assert [(w.where, w.village_id, w.check, w.values) for w in warnings] == [
        ("row 7", "duong-o-phong-khe", "environment.effluent_bod5_within_cod", (162, 132))]


def test_a_row_with_a_missing_value_is_not_checked(tmp_path, registry):
    def change(rows):
        _times_100(rows)
        rows[2]["households_craft"] = ""

    dataset = _validate(_copy(tmp_path, change), registry)
    assert not [w for w in dataset.warnings if w.check.startswith("society.workers_per")]


def test_an_invalid_file_reports_its_warnings_too(tmp_path, registry):
    def change(rows):
        _times_100(rows)
        rows[0]["poor_households_pct"] = "250"

    with pytest.raises(DatasetError) as err:
        _validate(_copy(tmp_path, change), registry)
    assert [p.rule for p in err.value.problems] == ["range"]
    assert "society.workers_per_craft_household_max" in {w.check for w in err.value.warnings}


class _Checks:
    def __init__(self, *checks):
        self.checks = {c.id: c for c in checks}
        self.fields = {}


def test_the_evaluation_is_vectorised_and_takes_each_comparison_as_declared():
    import pandas as pd

    n = 100_000
    rng = np.random.default_rng(1)
    a = rng.uniform(0, 10, n)
    b = rng.uniform(0, 10, n)
    b[::7] = np.nan
    frame = pd.DataFrame({"village_id": [f"v{i}" for i in range(n)]})
    col = Collector("big.csv", frame)
    registry = _Checks(Check("t.at_most", "a", "<=", 0.5, "b", MESSAGE, "[E]"),
                       Check("t.at_least", "a", ">=", 0.5, "b", MESSAGE, "[E]"))
    warnings = plausibility_warnings({"a": a, "b": b}, registry, col)  # its speed: docs/performance.md
    with np.errstate(invalid="ignore"):
        over, under = int(np.sum(a > 0.5 * b)), int(np.sum(a < 0.5 * b))
    assert sum(w.check == "t.at_most" for w in warnings) == over
    assert sum(w.check == "t.at_least" for w in warnings) == under
    assert over + under == n - len(range(0, n, 7))  # NaN rows are not checked; equality breaks neither
    assert warnings[0].where == "row 3"  # row 2 has no b


def test_a_check_on_columns_the_dataset_lacks_is_skipped():
    import pandas as pd

    col = Collector("x.csv", pd.DataFrame({"village_id": ["v1"]}))
    registry = _Checks(Check("t.x", "a", "<=", 1, "missing", MESSAGE, "[E]"))
    assert plausibility_warnings({"a": np.array([5.0])}, registry, col) == []


def test_a_workbook_gives_the_same_warnings_with_its_sheet_rows(tmp_path, registry):
    import pandas as pd

    def change(rows):
        _times_100(rows)
        rows[5]["effluent_bod5_mg_l"] = "162"  # Dương Ổ: above its COD of 132

    workbook = tmp_path / "villages-broken.xlsx"
    pd.read_csv(_copy(tmp_path, change)).to_excel(workbook, index=False)
    warnings = _validate(workbook, registry).warnings
    assert [(w.where, w.village_id, w.check) for w in warnings] == [
        ("row 4", "phu-vinh-chuong-my", "society.workers_per_craft_household_max"),
        ("row 7", "duong-o-phong-khe", "environment.effluent_bod5_within_cod")]


def test_warnings_are_counted_and_shown_without_building_them_all():
    """evaluate says how many rows break a check; validate shows the first ones: neither builds every warning."""
    import numpy as np

    from villagescore.datasets.collector import Collector
    from villagescore.datasets.plausibility import plausibility_warnings
    from villagescore.objects import Check

    check = Check(id="t.a_within_b", left="a", right="b", op="<=", factor=1.0,
                  message={"vi": "a lớn hơn b", "en": "a above b"}, source="[E] test")

    class Registry:
        checks = {check.id: check}
        fields = {}

    import pandas as pd

    frame = pd.DataFrame({"village_id": [f"v{i}" for i in range(1000)]})
    a = np.arange(1000.0)
    warnings = plausibility_warnings({"a": a, "b": np.full(1000, 9.5)}, Registry(), Collector("f.csv", frame))
    assert len(warnings) == 990 and warnings.counts() == {"t.a_within_b": 990}
    first = warnings.first(3)
    assert [w.where for w in first] == ["row 12", "row 13", "row 14"] and warnings._all is None  # nothing else built
    assert warnings[0] == first[0] and len(list(warnings)) == 990
    a[:] = 0  # the validator reuses its buffers: the warnings kept their own values
    assert warnings[-1].values == (999, 9.5)


@pytest.mark.parametrize(("source", "vi", "en"), [
    ({"vi": "[E] ước tính của dự án", "en": "[E] the project's estimate"}, "[E] ước tính của dự án",
     "[E] the project's estimate"),
    ("QCVN 40:2011/BTNMT", "QCVN 40:2011/BTNMT", "QCVN 40:2011/BTNMT"),  # one text: shown as written in both
])
def test_a_warning_says_its_source_in_the_run_s_language(source, vi, en):
    """Audit 12 #3b: a Vietnamese warning ended with the check's English source."""
    import pandas as pd

    col = Collector("x.csv", pd.DataFrame({"village_id": ["v1"]}))
    registry = _Checks(Check("t.x", "a", "<=", 1, "b", MESSAGE, source))
    (warning,) = plausibility_warnings({"a": np.array([5.0]), "b": np.array([1.0])}, registry, col)
    assert warning.format("vi").endswith(f"[t.x; {vi}]") and warning.format("en").endswith(f"[t.x; {en}]")
    assert (warning.to_dict("vi")["source"], warning.to_dict("en")["source"]) == (vi, en)


def test_a_check_s_source_in_two_languages_needs_both(registry):
    with pytest.raises(Exception, match="source must be a mapping with non-empty 'vi' and 'en'"):
        Check("t.x", "a", "<=", 1, "b", MESSAGE, {"vi": "[E] ước tính"})


def test_every_first_party_check_says_its_source_in_both_languages(registry):
    assert len(registry.checks) >= 10  # the first-party plugins' (docs/catalogues.md)
    assert [c.id for c in registry.checks.values() if not isinstance(c.source, dict)] == []
