"""villagescore.reports.view: the rows a report shows beside each other."""

from types import SimpleNamespace

import pandas as pd
import pytest

from villagescore.reports.view import previous_rows


def _one_by_one(ids, years):
    """The rule as it was first written: rows sorted by village and year, each following the row before it."""
    order = sorted(range(len(ids)), key=lambda r: (ids[r], years[r]))
    out = [None] * len(ids)
    for before, after in zip(order, order[1:], strict=False):
        if ids[before] == ids[after] and years[before] < years[after]:
            out[after] = before
    return out


def test_each_row_points_to_the_same_villages_latest_earlier_year():
    ids = ["b", "a", "b", "a", "c", "b", "a", "b"]
    years = [2023, 2024, 2021, 2021, 2024, 2023, 2024, 2025]
    result = SimpleNamespace(frame=pd.DataFrame({"village_id": ids, "year": pd.array(years, dtype="Int64")}))
    got = previous_rows(result)
    assert got == _one_by_one(ids, years)
    assert got[4] is None and got[2] is None  # a village seen once, and a first year
    assert got[1] == 3 and got[7] == 5  # 2025 follows the later (in the file) of the two 2023 rows
    assert got[6] is None and got[5] is None  # a repeated year: only its first row follows the year before
    assert previous_rows(SimpleNamespace(frame=pd.DataFrame({"village_id": [], "year": []}))) == []


def test_the_first_rows_alone_get_what_every_row_gets():
    import numpy as np

    rng = np.random.default_rng(3)
    for n in (1, 2, 9, 400):
        ids = [f"v{k}" for k in rng.integers(0, max(n // 3, 1), n)]  # repeated villages and years, ties
        years = rng.integers(2020, 2024, n).tolist()
        for column in (ids, [int(x[1:]) for x in ids], [x if k % 2 else int(x[1:]) for k, x in enumerate(ids)]):
            frame = pd.DataFrame({"village_id": pd.Series(column, dtype=object),
                                  "year": pd.array(years, dtype="Int64")})
            every = previous_rows(SimpleNamespace(frame=frame))
            assert every == _one_by_one([str(x) for x in column], years)
            for first in (0, 1, n // 2, n, n + 5):
                assert previous_rows(SimpleNamespace(frame=frame), first) == every[:first]


def test_a_plan_shows_values_and_units_as_the_weakest_indicators_do(pilot_vi):
    from villagescore.reports.view import _plan_view

    plan = {"steps": [
        {"indicator": "economy.tourism_link", "from": "none", "to": "visitors"},
        {"indicator": "economy.collective_mark", "from": 0, "to": 1},
        {"indicator": "economy.wage_to_minimum", "from": 5_000_000, "to": 8_820_000},
    ]}
    rows = _plan_view(plan, "vi", pilot_vi)["rows"]
    assert [(r["current"], r["target"], r["unit"]) for r in rows] == [
        ("chưa gắn với du lịch (none)", "đón khách tham quan, trải nghiệm (visitors)", ""),
        ("không", "có", ""),
        ("5.000.000", "8.820.000", "đồng/tháng"),
    ]
    assert _plan_view(plan, "en", pilot_vi)["rows"][2]["unit"] == "VND/month"


def test_rules_sectors_and_the_framework_status_read_in_the_language(pilot_vi):
    from villagescore.reports.view import report_view, rule_text, sectors_text

    gate = next(g for g in pilot_vi.framework.gates if g.indicator == "environment.effluent_cod")
    # the gate cites its legal limit: the framework's rule says when each version is in force …
    assert rule_text(gate, "vi") == "giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT, … → 31/08/2025)"
    assert rule_text(gate, "en") == "value ≤ the limit, column B (QCVN 40:2011/BTNMT, … → 2025-08-31)"
    # … a village-year's says the limit applied there, or that it is unknown there
    assert rule_text(gate, "vi", 150.0) == "giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT) = 150 mg/L"
    assert rule_text(gate, "en", None) == ("value ≤ the limit, column B (QCVN 40:2011/BTNMT): limit unknown for "
                                           "this village-year")
    assert rule_text(gate, "vi", None).endswith(": chưa rõ giới hạn cho lượt làng-năm này")
    assert sectors_text(pilot_vi, ["weaving", "sericulture"], "vi") == \
        "Dệt, nhuộm (khăn bông, lụa) (weaving), Dâu tằm tơ, tơ sen (sericulture)"
    assert sectors_text(pilot_vi, ["unknown_craft"], "vi") == "unknown_craft"  # no label: the id alone
    view = report_view(pilot_vi, "vi", max_profiles=1)
    assert view["framework"]["status_text"] == "bản tái dựng"  # said, not a code: nobody types it
    profile = view["profiles"][0]
    assert profile["sectors_text"].startswith("Dệt, nhuộm (khăn bông, lụa) (weaving)")
    assert {g["rule"] for g in profile["gates_fired"]} >= {"giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT) = 150 mg/L"}


def test_provenance_rows_name_an_overlay_s_lineage_and_the_resolved_hash():
    """md, html, pdf and xlsx showed only the overlay's own id and hash: not its base, nor the resolved framework."""
    from villagescore.reports.view import provenance_rows

    provenance = {"framework": {"id": "child", "version": "0.1", "sha256": "c" * 64, "resolved_sha256": "r" * 64,
                                "lineage": [{"id": "base", "version": "1.2.0", "sha256": "b" * 64},
                                            {"id": "child", "version": "0.1", "sha256": "c" * 64}]}}
    rows = dict(provenance_rows(provenance, "en"))
    assert rows["Framework lineage (base first)"] == f"base 1.2.0 ({'b' * 64}) → child 0.1 ({'c' * 64})"  # in full
    assert rows["Resolved framework SHA-256"] == "r" * 64
    alone = dict(provenance_rows({"framework": {**provenance["framework"], "lineage": provenance["framework"]
                                                ["lineage"][:1]}}, "vi"))
    assert "Nguồn gốc bộ tiêu chí (bộ gốc trước)" not in alone  # a framework without an overlay has no lineage row


def test_a_report_without_any_plan_says_so_not_the_first_0(toy_result):
    import copy

    from villagescore.reports.view import report_view

    none = copy.copy(toy_result)
    none.plans_omitted = len(none)
    for lang in ("vi", "en"):
        note = report_view(none, lang)["limited"]
        assert "villagescore explain" in note and " 0 " not in note
    some = copy.copy(toy_result)
    some.plans_omitted = 2
    assert "1" in report_view(some, "en")["limited"] and "2" in report_view(some, "en")["limited"]
    assert report_view(toy_result, "en")["limited"] is None


def test_options_read_as_the_command_that_gave_them():
    from villagescore.reports.view import options_text

    assert options_text({"command": "pilot", "framework": "vn-ttcn-sustainable", "keep_going": False}) == (
        "villagescore pilot --framework vn-ttcn-sustainable")
    assert options_text({"command": "evaluate", "keep_going": True, "as_of": "2025-01-01", "villages": ["a", "b"]}) == (
        "villagescore evaluate --as-of 2025-01-01 --keep-going --villages a --villages b")
    assert options_text({"api": True, "framework": "toy"}) == "villagescore.evaluate(framework='toy')"
    assert options_text({}) == ""


def test_a_dataset_of_undeclared_kind_is_said_in_words_not_as_the_code_unknown():
    """``Loại dữ liệu: unknown`` in the XLSX summary (audit finding 11): a dataset without metadata has no kind."""
    from villagescore.reports.view import kind_text, provenance_rows

    assert kind_text("unknown", "vi") == "chưa khai báo"
    assert kind_text("unknown", "en") == "unknown"
    assert dict(provenance_rows({"dataset": {"kind": "unknown"}}, "vi"))["Loại dữ liệu"] == "chưa khai báo"


def test_a_weakest_indicator_scored_against_an_unverified_limit_is_marked_in_every_format(monkeypatch):
    """Audit 12 #1: under --unverified-limits score, the weakest indicators looked as sound as any other."""
    from pathlib import Path

    import villagescore as vs
    from villagescore.reports import html, markdown, view

    path = Path(__file__).parents[2] / "datasets" / "phung-xa" / "phung-xa.csv"
    scored = vs.evaluate(path, unverified_limits="score")
    weak = {w["id"]: w["unverified"] for w in view.village_view(scored, 0, "en", weakest=100)["weakest"]}
    assert weak["economy.wage_to_minimum"] and not weak["environment.effluent_cod"]
    assert not any(w["unverified"] for w in view.village_view(vs.evaluate(path), 0, "en", weakest=100)["weakest"])
    # every indicator among "the weakest", so that the reports list the one scored against an unverified limit
    monkeypatch.setattr(view.report_view, "__kwdefaults__", {**view.report_view.__kwdefaults__, "weakest": 100})
    marked = "⚠ Craft-worker wage against the regional minimum wage"
    assert marked in markdown.render(scored, "en").decode("utf-8")
    assert marked in html.render(scored, "en").decode("utf-8")


def test_a_plan_step_s_gain_reads_the_same_in_the_report_explain_and_serve(pilot_vi):
    """Audit 2026-12 (15th walk) #3: a 5.0455-point step read 5,0 in the report, 5,05 in explain and serve."""
    pytest.importorskip("datasette")
    from villagescore.i18n import format_gain
    from villagescore.reports.view import _plan_view
    from villagescore.serve.plugin import _plan_step

    step = {"indicator": "economy.income_growth", "from": 1, "to": 1.37, "overall_gain": 5.0455}
    report = _plan_view({"steps": [step]}, "vi", pilot_vi)["rows"][0]["gain"]
    served = dict(step)
    _plan_step(served, {"label_vi": "Thu nhập", "unit": "ratio"}, "vi")
    assert report == served["gain_text"] == format_gain(5.0455, "vi") == "+5,05"


def test_a_weight_reads_as_a_percentage_in_every_format(pilot_vi):
    """Audit 2026-12 (15th walk) #3: explain showed 0,029 where the report and the workbook show 2,9 %."""
    from villagescore.i18n import format_weight
    from villagescore.reports.view import village_view

    weakest = village_view(pilot_vi, 0, "vi")["weakest"]
    assert weakest and all(w["weight_text"].endswith(" %") for w in weakest)
    assert format_weight(0.0288, "vi") == "2,9 %" and format_weight(0.3, "en") == "30.0 %"


def test_a_plan_step_on_a_missing_value_says_to_record_it_not_that_it_fixes_the_rule(pilot_vi):
    """Audit 2026-12 (15th walk, left over) #1: the report's plan says the value is to be recorded."""
    from villagescore.reports.view import _plan_view

    plan = {"steps": [
        {"indicator": "society.child_labour", "from": None, "to": 0, "reason": "record",
         "gate": "gate.no_child_labour"},
        {"indicator": "economy.collective_mark", "from": None, "to": 1, "reason": "record", "gate": None},
        {"indicator": "economy.wage_to_minimum", "from": 5_000_000, "to": 8_820_000, "reason": "score"},
    ]}
    rows = _plan_view(plan, "en", pilot_vi)["rows"]
    assert rows[0]["gate_word"] == "Record the value (not judged without it) for mandatory rule"
    assert rows[1]["action"].startswith("Record the value (the indicator is not scored without it)")
    assert not rows[2]["action"].startswith("Record")
    assert _plan_view(plan, "vi", pilot_vi)["rows"][0]["gate_word"].startswith("Ghi nhận giá trị")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_profile_names_the_former_units_and_the_province_derived_from_the_former_one(
        toy_registry, toy_framework, lang):
    """Audit 17: the profile said "Province: —" for a village named by its former province, and no former commune."""
    import villagescore as vs
    from tests.conftest import SUPPORT
    from villagescore.reports import html, markdown
    from villagescore.reports.terminal import render_text, village_profile

    frame = pd.read_csv(SUPPORT / "toy.csv", dtype={"village_id": str})
    frame["province"] = frame["province"].astype(object)
    frame.loc[0, "province"] = None
    frame["former_commune"], frame["former_district"], frame["former_province"] = "Xã Nhật Tân", "Kim Bảng", "Hà Nam"
    result = vs.evaluate(frame.iloc[[0]], toy_framework, registry=toy_registry)
    derived = {"vi": "Ninh Bình (suy ra từ tỉnh cũ", "en": "Ninh Bình (derived from the former province"}[lang]
    units = {"vi": ("Xã (trước 7/2025): Xã Nhật Tân", "Huyện (trước 7/2025): Kim Bảng", "Tỉnh (trước 7/2025): Hà Nam"),
             "en": ("Commune (before 7/2025): Xã Nhật Tân", "District (before 7/2025): Kim Bảng",
                    "Province (before 7/2025): Hà Nam")}[lang]
    views = [markdown.render(result, lang).decode("utf-8"), html.render(result, lang).decode("utf-8"),
             html.render(result, lang, fmt="pdf").decode("utf-8"),  # fact sheets
             render_text(village_profile(result, 0, lang), width=250)]
    for view in views:
        assert derived in view and all(unit in view for unit in units), view[:2000]
