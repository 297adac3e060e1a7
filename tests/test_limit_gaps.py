"""Values given but not scored because their legal limit is unknown: found, grouped and said with what to fill.

Audit 2026-12 #1: a blank transitional flag (or survey date) made present effluent values
unscorable; the score rose, ``validate`` said valid and ``explain`` said to collect them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from villagescore.limit_gaps import limit_gaps, limit_warnings

PILOT = Path(__file__).resolve().parents[1] / "datasets" / "phung-xa" / "phung-xa.csv"
FLAG = "facilities_existing_before_new_qcvn"
EFFLUENT = ["effluent_cod_mg_l", "effluent_bod5_mg_l", "effluent_tss_mg_l", "effluent_nh4_mg_l"]


def pilot_csv(tmp_path, **changes):
    """The pilot CSV with ``changes`` = {column: (value of the 2021 row, value of the 2025 row)} (None: unchanged)."""
    from tests.datasets.helpers import csv_copy

    def change(rows):
        for column, values in changes.items():
            for row, value in zip(rows, values, strict=True):
                if value is not None:
                    row[column] = value

    return csv_copy(PILOT, tmp_path / "pilot.csv", change)


@pytest.fixture(scope="module")
def real():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    return registry, load_framework(None, registry)


def _warnings(real, path):
    from villagescore.datasets import read_dataset

    registry, framework = real
    dataset = read_dataset(path, registry, framework=framework)
    return limit_warnings(framework, dataset.frame, file=path.name, rows=dataset.rows, fields=registry.fields)


def test_the_pilot_as_it_is_has_no_unscored_value(real, tmp_path):
    assert _warnings(real, pilot_csv(tmp_path)) == []


def test_a_blank_transitional_flag_after_the_old_version_names_the_flag_and_the_rows(real, tmp_path):
    [warning] = _warnings(real, pilot_csv(tmp_path, **{FLAG: (None, "")}))
    assert warning.reason == "transition_flag_empty" and warning.rows == (3,)
    assert warning.villages == ("phung-xa-my-duc 2025",)
    assert set(EFFLUENT) <= set(warning.columns) and warning.params["field"] == FLAG
    en, vi = warning.format("en"), warning.format("vi")
    assert en.startswith("pilot.csv: row(s) 3 (phung-xa-my-duc 2025): warning: 'effluent_cod_mg_l'")
    assert "ended on 2025-08-31" in en and "until 2031-12-31" in en and "(2025-12-31)" in en
    assert f"what to do: fill '{FLAG}'" in en and "yes or no" in en
    # the pilot has no survey date: the reference date is the end of the year, and that is said
    assert "'survey_date' is empty in these rows" in en
    assert vi.startswith("pilot.csv: dòng 3 (phung-xa-my-duc 2025): cảnh báo:")
    assert f"cách xử lý: hãy điền '{FLAG}'" in vi and "có hoặc không" in vi and "31 tháng 12" in vi
    # dates as Vietnamese readers write them, never ISO
    assert "31/08/2025" in vi and "31/12/2031" in vi and "(31/12/2025)" in vi and "2025-08-31" not in vi
    assert "collect" not in en
    assert warning.to_dict("en")["context_field"] == FLAG


def test_a_flag_that_says_no_says_that_no_version_is_in_force(real, tmp_path):
    [warning] = _warnings(real, pilot_csv(tmp_path, **{FLAG: (None, "0")}))
    assert warning.reason == "transition_flag_no"
    assert "nothing to fill" in warning.format("en") and "không có gì cần điền" in warning.format("vi")


def test_a_blank_category_names_the_category_field(real, tmp_path):
    warnings = _warnings(real, pilot_csv(tmp_path, discharge_column=("", None)))
    [warning] = [w for w in warnings if "effluent_cod_mg_l" in w.columns]
    assert warning.reason == "category_empty" and warning.rows == (2,)
    text = warning.format("en")
    assert "fill 'discharge_column'" in text and "(the limit is known for: A, B)" in text


def test_the_regulation_is_named_in_the_language_of_the_message(real, tmp_path):
    """Review 2026-12: the act was cited in English inside the Vietnamese sentence ("… (Decree 38/2022/NĐ-CP)")."""
    [warning] = _warnings(real, pilot_csv(tmp_path, **{FLAG: (None, "")}))
    en, vi = warning.format("en"), warning.format("vi")
    assert "QCVN 40:2011/BTNMT" in en and "QCVN 40:2011/BTNMT" in vi
    wage = [w for w in _warnings(real, pilot_csv(tmp_path, wage_region=("", None))) if w.params.get("regulation")]
    assert wage, "a blank wage region leaves the minimum-wage limit unknown"
    text = wage[0].format("vi")
    assert "Nghị định" in text and "Decree" not in text
    assert "Decree" in wage[0].format("en")


def test_a_missing_value_is_not_a_gap(real, tmp_path):
    """Only values given count: an empty effluent cell is ordinary missing data."""
    from villagescore.datasets import read_dataset

    registry, framework = real
    path = pilot_csv(tmp_path, **{FLAG: (None, "")}, **{c: (None, "") for c in EFFLUENT})
    gaps = limit_gaps(framework, read_dataset(path, registry, framework=framework).frame)
    assert not {g.node.indicator.requires[0] for g in gaps} & set(EFFLUENT)


@pytest.mark.parametrize(("reason", "field", "empty", "expected"), [
    ("transition_flag_empty", "flag", True, ("fill", ["flag", "survey_date"])),
    ("transition_flag_empty", "flag", False, ("fill", ["flag"])),
    ("transition_flag_no", "flag", True, ("none_in_force", ["flag", "survey_date"])),
    ("no_version_in_force", None, False, ("none_in_force", ["survey_date"])),  # nothing else to name
    ("no_reference_date", None, True, ("fill", ["survey_date"])),
    ("category_empty", "kind", True, ("fill", ["kind"])),  # the date does not decide a category
    ("category_without_limit", "kind", True, ("check", ["kind"])),
])
def test_one_rule_says_what_to_do_for_a_value_not_scored(reason, field, empty, expected):
    """Review 2026-12 #6: reports, explain and the warnings took the fields to fill from three rules of their own."""
    from villagescore.limit_gaps import REASONS, gap_fields

    assert reason in REASONS
    assert gap_fields(reason, {"field": field} if field else {}, empty) == expected


def test_the_report_and_explain_name_the_same_fields(tmp_path):
    """Review 2026-12 #6: a report's profile and ``explain`` name the fields of one rule (:func:`gap_fields`)."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.explain import explain
    from villagescore.explain.unscored import limit_fields
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.notices import unscored_in_rows

    registry = Registry.default()
    framework = load_framework(None, registry)
    dataset = read_dataset(pilot_csv(tmp_path, **{FLAG: (None, "")}), registry)
    result = Engine(registry).evaluate(framework, dataset)
    kind, fields = unscored_in_rows(result, slice(1, 2))[1]["environment.effluent_cod"]
    assert (kind, fields) == ("fill", [FLAG, "survey_date"])
    exp = explain(Engine(registry), framework, dataset, str(result.frame["village_id"].iat[1]),
                  year=int(result.frame["year"].iat[1]))
    assert limit_fields(exp, "environment.effluent_cod") == ", ".join(f"'{f}'" for f in fields)


def _gap_tuples(gaps):
    return [(g.node.id, g.reason, g.mask.tolist(), dict(g.params)) for g in gaps]


def _same_gaps_from_scoring(framework, result):
    """The gaps found from scoring's masks are those found by working every limit out, on every row and on slices."""
    unknown = result.matrix.limit_unknown
    expected = limit_gaps(framework, result.frame)
    assert _gap_tuples(limit_gaps(framework, result.frame, unknown)) == _gap_tuples(expected)
    for rows in (slice(0, 1), slice(0, max(len(result) // 2, 1)), slice(0, len(result))):
        part = result.frame.iloc[rows]
        assert _gap_tuples(limit_gaps(framework, part, {j: m[rows] for j, m in unknown.items()})) == _gap_tuples(
            limit_gaps(framework, part))
    return expected


@pytest.mark.parametrize("changes", [{}, {FLAG: (None, "")}, {FLAG: ("", "0")}, {"survey_date": ("", "")}])
def test_the_masks_scoring_kept_give_the_gaps_of_the_limits_worked_out_again(real, tmp_path, changes):
    import warnings

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    registry, framework = real
    path = pilot_csv(tmp_path, **changes) if changes else Path(__file__).resolve().parents[1] / "datasets" / \
        "synthetic" / "national-sample-synthetic.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = Engine(registry).evaluate(framework, read_dataset(path, registry, framework=framework))
    gaps = _same_gaps_from_scoring(framework, result)
    assert len(gaps) == {(): 14, (FLAG,): 9, ("survey_date",): 0}[tuple(changes)]  # the national sample: 14


def test_a_scorer_s_own_limit_is_worked_out_from_the_threshold(toy_registry):
    from tests.support import gate_limits as gl
    from villagescore.framework import resolve_framework
    from villagescore.testing import evaluate_rows

    doc = gl.document()
    doc["pillars"][0]["criteria"][0]["indicators"][1]["scorer"] = {"method": "ratio_to_limit", "params": {"limit": 60}}
    registry = gl.registry(toy_registry)
    fw = resolve_framework(doc, registry, name="gated.yaml")
    result = evaluate_rows(fw, gl.rows(100.0), registry)
    assert not result.matrix.limit_unknown and _same_gaps_from_scoring(fw, result)  # gaps scoring did not mask


def test_the_dates_a_warning_names_are_those_of_its_rows_spelt_one_by_one(real):
    import warnings

    import numpy as np

    from villagescore.datasets import read_dataset
    from villagescore.model import reference_dates

    registry, framework = real
    path = Path(__file__).resolve().parents[1] / "datasets" / "synthetic" / "national-sample-synthetic.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = read_dataset(path, registry, framework=framework).frame
    dates = reference_dates(frame)
    dates[::7] = np.datetime64("NaT")  # a copy: dates not known in some rows
    for gap in limit_gaps(framework, frame):
        assert sorted({str(d) for d in np.unique(dates[gap.mask])}) == sorted({str(d) for d in dates[gap.mask]})
    from villagescore.limit_gaps import _DATED

    dated = [w for w in limit_warnings(framework, frame) if w.reason in _DATED]
    assert dated and all(w.params["dates"] for w in dated)


def test_the_village_years_of_a_warning_are_spelt_as_each_row_would_be():
    from villagescore.limit_gaps import _village_years, _year

    frames = [pd.DataFrame({"village_id": ["v1", "v2", "v3", "v4"], "year": pd.array([2025, None, 2024, 2025],
                                                                                     dtype="Int64")}),
              pd.DataFrame({"village_id": ["v1", "v2", "v3", "v4"], "year": [2025.0, np.nan, 2024.0, 2025.0]}),
              pd.DataFrame({"village_id": ["v1", None, 3, "v4"], "year": [2025, "2024", None, 2025]}, dtype=object)]
    for frame in frames:
        ids, years = frame["village_id"].astype(str).to_numpy(), frame["year"].to_numpy()
        where = np.array([0, 1, 2, 3])
        expected = tuple(f"{ids[k]} {_year(years[k])}" for k in where)  # each row on its own, as before
        assert _village_years(frame["village_id"], years, where, {}) == expected
        assert _village_years(frame["village_id"], years, where[1:3], {}) == expected[1:3]


def test_the_rows_given_are_those_the_whole_columns_give(real, monkeypatch):
    """The fields and sectors are read at the rows of unknown limits only: the same rows as whole columns give."""
    from villagescore import limit_gaps as module
    from villagescore.datasets import read_dataset

    registry, framework = real
    frame = read_dataset(Path(__file__).resolve().parents[1] / "datasets" / "synthetic" /
                         "national-sample-synthetic.csv", registry, framework=framework).frame
    frame.loc[frame.index[::7], "sectors"] = None  # some rows without sectors; some without a field's value
    frame.loc[frame.index[::5], "effluent_cod_mg_l"] = np.nan
    seen = []
    real_reasons = module._reasons
    monkeypatch.setattr(module, "_reasons", lambda node, frame, given: seen.append((node, given.copy())) or
                        real_reasons(node, frame, given))
    assert limit_gaps(framework, frame)
    everywhere = np.arange(len(frame))
    for node, given in seen:
        where = np.isnan(np.asarray(node.threshold.limit(frame), dtype=float))
        whole = where & module._given(node, frame, everywhere) & module._applicable(node, frame, [], everywhere)
        np.testing.assert_array_equal(given, whole)


def test_the_fields_given_at_some_rows_are_those_pandas_says_are_not_missing():
    from types import SimpleNamespace

    from villagescore import limit_gaps as module

    frame = pd.DataFrame({"f": [1.0, np.nan, -0.0, np.inf, np.nan],
                          "o": pd.Series(["a", None, np.nan, "", "b"], dtype=object),
                          "i": pd.Series([1, None, 3, None, 5], dtype="Int64"),
                          "s": pd.Series(["x", None, "y", "z", None], dtype="str")})
    rows = np.array([4, 0, 1, 2, 3, 1])
    for requires in (("f",), ("o",), ("i",), ("s",), ("f", "o", "i", "s"), ("f", "absent")):
        node = SimpleNamespace(indicator=SimpleNamespace(requires=requires))
        expected = np.ones(len(rows), dtype=bool)
        for fid in requires:
            expected &= frame[fid].notna().to_numpy()[rows] if fid in frame.columns else False
        np.testing.assert_array_equal(module._given(node, frame, rows), expected)


def test_no_version_in_force_names_every_version_the_threshold_cites(real, tmp_path):
    """Before: "no version of QCVN 05:2013/BTNMT … in force on 2025-12-31", when QCVN 05:2023 was the one ended.

    The reviewer's r1.yaml in miniature: QCVN 05:2026 replaces QCVN 05:2023 for PM10 only; TSP is left unscored.
    """
    import warnings

    import yaml

    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework

    registry, _ = real
    overlay = {"id": "r1", "version": "2.0.0", "title": {"vi": "Bản 2", "en": "Version 2"},
               "extends": {"framework": "vn-ttcn-sustainable", "version": ">=1.4,<2"},
               "regulations": [{"id": "qcvn-05-2026", "document": "QCVN 05:2026/BTNMT", "valid_from": "2025-01-01",
                                "replaces": ["qcvn-05-2023"], "confidence": "estimate",
                                "limits": [{"id": "pm10_24h", "parameter": "PM10", "unit": "µg/m³",
                                            "provision": "Table 1", "value": 80, "confidence": "estimate"}]}],
               "change": {"indicators": {"environment.dust_pm10": {"threshold": {"versions": [
                   {"regulation": ident, "limit": "pm10_24h"}
                   for ident in ("qcvn-05-2013", "qcvn-05-2023", "qcvn-05-2026")]}}}}}
    (tmp_path / "r1.yaml").write_text(yaml.safe_dump(overlay, allow_unicode=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the framework's own warning: tests/framework/test_replaced_limits.py
        framework = load_framework(tmp_path / "r1.yaml", registry)
    path = pilot_csv(tmp_path)
    dataset = read_dataset(path, registry, framework=framework)
    [warning] = [w for w in limit_warnings(framework, dataset.frame, file=path.name, rows=dataset.rows,
                                           fields=registry.fields) if w.reason == "no_version_in_force"]
    assert "tsp_24h_ug_m3" in warning.columns
    assert ("none of the regulation versions this framework scores it against (QCVN 05:2013/BTNMT, "
            "QCVN 05:2023/BTNMT) is in force on the reference date") in warning.format("en")
    assert "không phiên bản quy chuẩn nào mà bộ tiêu chí này dùng để chấm điểm (QCVN 05:2013/BTNMT, " \
           "QCVN 05:2023/BTNMT) còn hiệu lực" in warning.format("vi")


def test_a_third_party_regulation_is_cited_with_its_vietnamese_title(toy_registry):
    """Walk 15: "no version in force" named a plugin's regulation by its English number, its Vietnamese title lost."""
    from tests.support import gate_limits as gl
    from villagescore.framework import resolve_framework
    from villagescore.limit_gaps import gap_texts
    from villagescore.testing import make_dataset

    registry = gl.titled_registry(toy_registry)
    fw = resolve_framework(gl.document(), registry, name="gated.yaml")
    frame = make_dataset(gl.rows(), registry).frame
    (gap,) = [g for g in limit_gaps(fw, frame) if g.reason == "no_version_in_force"]
    vi, _ = gap_texts(gap.reason, gap.params, "vi")
    en, _ = gap_texts(gap.reason, gap.params, "en")
    assert "Rule 40:2011 về nước thải của làng nghề, Rule 40:2025 về nước thải của làng nghề (2025)" in vi
    assert "Rule 40:2011, Rule 40:2025" in en
