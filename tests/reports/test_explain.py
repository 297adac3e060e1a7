"""villagescore.reports.explain: the explanation rendered for people, ids beside labels, numbers per language."""

import pytest

from villagescore import explain as ex
from villagescore.engine import Engine
from villagescore.i18n import format_weight
from villagescore.reports.explain import _plan_rows, render_markdown, render_table
from villagescore.reports.terminal import render_text


@pytest.fixture
def explained(toy_registry, toy_framework, toy_dataset):
    def run(village, lang):
        return ex.explain(Engine(toy_registry), toy_framework, toy_dataset, village).to_dict(lang=lang)

    return run


def test_the_plan_table_says_when_no_measure_exists(explained):
    rows = _plan_rows(explained("v2", "en"), "en")
    assert rows[-1][-1] == "— (no measure for the village's sectors)"


def test_ids_are_shown_beside_their_labels(explained):
    data = explained("v2", "en")
    assert data["labels"]  # the payload carries the label of every id it names
    step = data["plan"]["steps"][0]
    row = _plan_rows(data, "en")[0]
    assert f"({step['indicator']})" in row[1] and f"({step['field']})" in row[2]


def test_numbers_follow_the_language(explained):
    vi = render_text(render_table(explained("v2", "vi"), "vi"), width=200)
    en = render_markdown(explained("v2", "en"), "en").decode("utf-8")
    score = explained("v2", "en")["overall"]["score"]
    assert f"{score:.1f}".replace(".", ",") in vi and f"{score:.1f}" in en


def _payload():
    """A hand-made explanation: one category indicator, one yes/no indicator, both planned."""
    inds = [{"id": "g.recognition", "status": "scored", "value": "none", "unit": "category", "score": 0.0,
             "weight": 0.1, "contribution": 0.0},
            {"id": "e.plan", "status": "scored", "value": 0, "unit": "bool", "score": 0.0, "weight": 0.1,
             "contribution": 0.0}]
    step = {"indicator": "g.recognition", "field": "recognition_status", "from": "none",
            "to": "traditional_craft_village", "score_before": 0.0, "score_after": 100.0, "overall_gain": 2.4,
            "reason": "score", "gate": None, "measures": [], "no_measure": "—"}
    plan_step = dict(step, indicator="e.plan", field="plan", **{"from": 0, "to": 1})
    return {"pillars": [{"id": "p", "criteria": [{"id": "c", "indicators": inds}]}],
            "gates_fired": [{"id": "gate.plan", "indicator": "e.plan", "value": 0, "rule": "value >= 1",
                             "cap": "low"}],
            "plan": {"steps": [step, plan_step]}, "labels": {},
            "value_labels": {"g.recognition": {"none": "chưa công nhận",
                                               "traditional_craft_village": "làng nghề truyền thống"}}}


def test_category_and_yes_no_values_read_as_words():
    from villagescore.reports.explain import _driver_rows, _gate_rows

    data = _payload()
    rows = _plan_rows(data, "vi")
    assert rows[0][2].endswith(": chưa công nhận (none) → làng nghề truyền thống (traditional_craft_village)")
    assert rows[1][2].endswith(": không → có")
    values = {row[0]: row[2] for row in _driver_rows(data, 8, "vi")}
    assert values == {"g.recognition": "chưa công nhận (none)", "e.plan": "không"}
    assert _gate_rows(data, "vi")[0][2] == "không"


def test_the_json_keeps_codes_and_carries_the_labels_of_codes(explained):
    data = explained("v2", "en")
    assert "value_labels" in data
    for step in data["plan"]["steps"]:
        assert not isinstance(step["to"], str) or " (" not in step["to"]


def test_a_gate_rule_is_said_from_its_condition_and_from_the_rule_text_of_an_older_explanation():
    from villagescore.reports.explain import _rule

    gate = {"rule": "value >= 1.5", "condition": {"on": "value", "op": ">=", "value": 1.5}}
    assert _rule(gate, "vi") == "giá trị ≥ 1,5" and _rule(gate, "en") == "value ≥ 1.5"
    assert _rule({"rule": "value <= 150"}, "vi") == "giá trị ≤ 150"  # saved before gates carried a condition


def test_the_views_say_that_a_limit_must_be_verified():
    import villagescore as vs
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = vs.evaluate(bundled.path(bundled.PILOT)).framework
    dataset = read_dataset(bundled.path(bundled.PILOT), registry, framework=framework)
    data = ex.explain(Engine(registry), framework, dataset, "phung-xa-my-duc").to_dict(lang="en")
    md = render_markdown(data, "en").decode("utf-8")
    assert "> ⚠ Dye-house effluent COD (weaving.dye\\_effluent\\_cod) was not scored: its limit in QCVN " in md
    text = " ".join(render_text(render_table(data, "en")).split())
    assert "Verify the limit in the regulation's text before use; collecting more data will not give it a score." in (
        text)


@pytest.mark.parametrize(("lang", "notice", "marked"), [
    ("en", "Scored against limits unverified as well (--unverified-limits score)",
     "Craft-worker wage against the regional minimum wage (economy.wage_to_minimum) was scored against the limit of "
     "Decree"),
    ("vi", "Đã chấm điểm theo cả các giới hạn chưa được kiểm chứng (--unverified-limits score)",
     "Thu nhập bình quân của lao động so với lương tối thiểu vùng (economy.wage_to_minimum) được chấm điểm theo giới "
     "hạn của Nghị định"),
])
def test_the_views_say_the_scores_rest_on_unverified_limits(lang, notice, marked):
    """Audit 12 #1: explain --unverified-limits score said nothing of the limits it scored against."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.unverified import with_unverified_limits

    registry = Registry.default()
    framework = with_unverified_limits(load_framework(None, registry), "score")
    dataset = read_dataset(bundled.path(bundled.PILOT), registry, framework=framework)
    explained = ex.explain(Engine(registry), framework, dataset, "phung-xa-my-duc", year=2021,
                           options={"unverified_limits": "score"})
    data = explained.to_dict(lang=lang)
    text = " ".join(render_text(render_table(data, lang, top=40)).split())
    md = " ".join(render_markdown(data, lang).decode("utf-8").replace("\\", "").split())
    for shown in (text, md):
        assert notice in shown and f"⚠ {marked}" in shown
    assert "⚠ " + data["labels"]["economy.wage_to_minimum"] in text  # marked among the indicators that cost points


def test_both_views_say_which_framework_the_numbers_come_from(explained, toy_framework):
    """Audit 14 #1: the explanation never named the framework (id, version, hash) its scores come from."""
    data = explained("v2", "en")
    line = f"{toy_framework.id} {toy_framework.version} (sha256 {toy_framework.sha256[:12]})"
    assert f"- Criteria framework: {line}" in render_markdown(data, "en").decode("utf-8")
    assert f"Bộ tiêu chí: {line}" in render_text(render_table(explained("v2", "vi"), "vi"), width=200)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_gate_not_judged_is_listed_apart_from_those_that_failed_in_every_view(explained, lang):
    """Audit 2026-12 (15th walk) #1: a rule with no data (or an unknown limit) is 'not judged', as the reports say."""
    from villagescore.i18n import t
    from villagescore.reports.notices import gate_why, report_words

    data = explained("v2", lang)
    failed = data["gates_fired"][0]
    data["gates_fired"] = [failed, dict(failed, id="gate.child", value=None, status="missing")]
    failed_head, not_judged_head = t("gates_fired", lang), report_words(lang)["gates_not_judged"]
    md = render_markdown(data, lang).decode("utf-8")
    failed_part, _, not_judged_part = md.partition(f"## {not_judged_head}")
    assert f"## {failed_head}" in failed_part and "(flag-required)" in failed_part and "gate.child" not in failed_part
    assert "gate.child" in not_judged_part and gate_why("missing", lang) in not_judged_part
    text = " ".join(render_text(render_table(data, lang), width=200).split())  # a title may wrap
    assert text.index(failed_head) < text.index("(flag-required)") < text.index(not_judged_head) \
        < text.index("gate.child") < text.index(gate_why("missing", lang))
    data["gates_fired"] = data["gates_fired"][1:]  # only one not judged: nothing is said to have failed
    assert f"## {failed_head}" not in render_markdown(data, lang).decode("utf-8")
    text = " ".join(render_text(render_table(data, lang), width=200).split())
    assert not_judged_head in text and failed_head not in text


def test_gains_and_weights_read_as_the_reports_show_them(explained):
    """Audit 2026-12 (15th walk) #3: a gain with two decimals as the report's plan, weights as percentages."""
    data = explained("v2", "vi")
    data["plan"]["steps"][0]["overall_gain"] = 5.0455
    assert _plan_rows(data, "vi")[0][4] == "+5,05"
    md = render_markdown(data, "vi").decode("utf-8")
    weights = [format_weight(p["weight"], "vi") for p in data["pillars"]]
    assert all(f"| {w} |" in md for w in weights) and all(w.endswith(" %") for w in weights)
    assert f"{data['pillars'][0]['weight']:.3f}".replace(".", ",") not in md


def test_a_step_that_loses_points_reads_minus_not_plus_minus(explained):
    """Review (15th walk): a plan step with a negative gain read '+-0.62' in explain."""
    data = explained("v2", "en")
    data["plan"]["steps"][0]["overall_gain"] = -0.62
    assert _plan_rows(data, "en")[0][4] == "-0.62"
    assert "+-" not in render_markdown(data, "en").decode("utf-8")


def test_a_village_year_s_references_are_those_in_force_then_each_once_and_gates_show_theirs():
    # the auditor's case: the 2021 row cited LEP 2020 (in force 2022) for its protection-plan gate, and PM10 scored
    # against QCVN 05:2013 listed QCVN 05:2023 first, then 05:2013, then 05:2023 again
    import villagescore as vs
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = vs.evaluate(bundled.path(bundled.PILOT)).framework
    dataset = read_dataset(bundled.path(bundled.PILOT), registry, framework=framework)
    data = ex.explain(Engine(registry), framework, dataset, "phung-xa-my-duc", year=2021).to_dict(lang="en")
    gate = next(g for g in data["gates_fired"] if g["id"] == "gate.environmental_protection_plan")
    assert [r["regulation"] for r in gate["references"]] == ["decree-52-2018"]
    pm10 = next(i for p in data["pillars"] for c in p["criteria"] for i in c["indicators"]
                if i["id"] == "environment.dust_pm10")
    assert pm10["regulation"]["id"] == "qcvn-05-2013"
    assert [(r["regulation"], r.get("value")) for r in pm10["references"]] == [("qcvn-05-2013", 150)]
    md = render_markdown(data, "en").decode("utf-8")
    assert "| Decree 52/2018/NĐ-CP on rural trades, art. 5(3)(c) (decree-52-2018) |" in md
    assert "lep-2020" not in md
    text = " ".join(render_text(render_table(data, "en")).split())
    assert "Reference: QCVN 40:2011/BTNMT: industrial wastewater, Table 1 (qcvn-40-2011)" in text
    later = ex.explain(Engine(registry), framework, dataset, "phung-xa-my-duc", year=2025).to_dict(lang="en")
    pm10 = next(i for p in later["pillars"] for c in p["criteria"] for i in c["indicators"]
                if i["id"] == "environment.dust_pm10")
    assert [(r["regulation"], r.get("value")) for r in pm10["references"]] == [("qcvn-05-2023", 100)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_view_names_the_former_units_and_the_province_derived_from_the_former_one(
        toy_registry, toy_framework, lang):
    """Audit 17: a village named only by its former province showed no province; two Phùng Xá read alike."""
    import pandas as pd

    from tests.conftest import SUPPORT

    frame = pd.read_csv(SUPPORT / "toy.csv", dtype={"village_id": str})
    frame["province"] = frame["province"].astype(object)
    frame.loc[0, "province"] = None
    frame["former_commune"], frame["former_district"], frame["former_province"] = "Xã Nhật Tân", "Kim Bảng", "Hà Nam"
    data = ex.explain(Engine(toy_registry), toy_framework, frame, "v1").to_dict(lang=lang)
    assert {k: data["village"][k] for k in ("province", "province_current", "province_derived", "former_commune",
                                             "former_district", "former_province")} == {
        "province": None, "province_current": "Ninh Bình", "province_derived": True,
        "former_commune": "Xã Nhật Tân", "former_district": "Kim Bảng", "former_province": "Hà Nam"}
    derived = {"vi": "Ninh Bình (suy ra từ tỉnh cũ", "en": "Ninh Bình (derived from the former province"}[lang]
    former = {"vi": "Xã (trước 7/2025): Xã Nhật Tân · Huyện (trước 7/2025): Kim Bảng · Tỉnh (trước 7/2025): Hà Nam",
              "en": "Commune (before 7/2025): Xã Nhật Tân · District (before 7/2025): Kim Bảng · "
                    "Province (before 7/2025): Hà Nam"}[lang]
    for view in (render_text(render_table(data, lang), width=250), render_markdown(data, lang).decode("utf-8")):
        assert derived in view and former in view
