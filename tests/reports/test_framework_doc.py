"""``framework show --format md``: the reference page in the run's language, numbers in its format."""

import copy
import json

import pytest

from villagescore.framework import load_framework
from villagescore.reports.framework_doc import framework_markdown, threshold_text


def _default():
    from villagescore.registry import Registry

    return load_framework(None, Registry.default())


def test_vietnamese_page_has_no_english_words_around_the_data():
    md = framework_markdown(_default(), "vi")
    for english in ("— weight", "| indicator | code |", "| higher |", "| all |", "→ in force", "(by ",
                    "UNVERIFIED", "(secondary source)", "## Rating tiers", "*Why:*", "e+06"):
        assert english not in md, english
    assert "— trọng số 0,3 (30 %)" in md
    assert "| chỉ số | mã | trọng số | chiều | ngành |" in md
    assert "4.680.000" in md and "700.000" in md
    assert "(theo wage_region)" in md and "còn hiệu lực" in md
    # the gate: indicator by label with id, rule in words, cap tier by label with id
    assert ("(environment.protection_plan) | giá trị ≥ 1 | Cần cải thiện (needs_improvement) |") in md


def test_the_texts_of_the_regulations_data_are_in_the_page_s_language():
    """A limit's parameter, column and provision come from the data in both languages (audit finding 11)."""
    vi, en = framework_markdown(_default(), "vi"), framework_markdown(_default(), "en")
    for english in ("of surface water", "domestic supply", "classification of surface water", "income poverty line",
                    "regional minimum monthly wage", "households taking part", ", 24 h", "Total dust"):
        assert english not in vi, english
        assert english in en, english
    assert "BOD5 (20 °C) của nước mặt ≤ 6 mg/L" in vi and "chuẩn nghèo về thu nhập" in vi and ", 24 giờ" in vi


def test_the_framework_s_status_is_said_in_words_with_its_code_beside():
    """``trạng thái: draft`` in Vietnamese (audit finding 11)."""
    vi, en = framework_markdown(_default(), "vi"), framework_markdown(_default(), "en")
    assert "trạng thái: bản tái dựng (reconstruction)" in vi
    assert "status: reconstruction\n" in en
    # a regulation's confidence: the word with its code, not the same word twice
    assert "| nguồn thứ cấp (secondary) |" in vi and "nguồn thứ cấp (nguồn thứ cấp)" not in vi
    assert "| secondary (secondary source) |" in en


def test_english_page_formats_numbers_in_english():
    md = framework_markdown(_default(), "en")
    assert "4,680,000" in md and "700,000" in md and "e+06" not in md
    assert "— weight 0.3 (30 %)" in md


def test_threshold_text_in_each_language():
    node = _default().indicator_node("environment.effluent_cod")
    assert "(theo discharge_column)" in threshold_text(node, "vi")
    assert "(nguồn thứ cấp)" in threshold_text(node, "vi")
    assert "(by discharge_column)" in threshold_text(node, "en")


def test_a_minimum_is_written_with_greater_or_equal_a_maximum_with_less_or_equal():
    """A wage floor, the poverty line and the 20 % of craft households are minimums: the value must reach them."""
    fw = _default()
    households = threshold_text(fw.indicator_node("economy.craft_households_share"), "en")
    assert households.startswith("households taking part in rural trades (minimum) ≥ 20 %"), households
    wage = threshold_text(fw.indicator_node("economy.wage_to_minimum"), "en")
    assert "regional minimum monthly wage ≥ I:" in wage and "≤" not in wage
    cod = threshold_text(fw.indicator_node("environment.effluent_cod"), "en")
    assert cod.startswith("COD ≤ A: 75 / B: 150"), cod


# the openings of English rationales and notes of the default framework, and their Vietnamese
_OPENINGS = {
    "Highest pillar weight (0.30": "Trụ cột có trọng số cao nhất (0,30",
    "A craft village exists only if": "Làng nghề chỉ tồn tại khi",
    "Institutions that make the other pillars possible": "Các thiết chế giúp các trụ cột khác",
    "Decree 52/2018 art. 5(3)(a)(b)": "Điểm a, b khoản 3 Điều 5 Nghị định 52/2018",
    "The 2021 criteria set built by VNCPC": "Bộ tiêu chí năm 2021 do VNCPC xây dựng",
    "Weights are expert judgements": "Trọng số là đánh giá của chuyên gia",
    "Version 1.3.0: the effluent COD gate": "Phiên bản 1.3.0: điều kiện bắt buộc về COD",
    "Version 1.4.0 (expert review, M2)": "Phiên bản 1.4.0 (đợt rà soát chuyên gia, M2)",
    "Version 1.4.1: the minimum coverage": "Phiên bản 1.4.1: độ phủ tối thiểu",
}


def test_vietnamese_page_gives_rationales_and_notes_in_vietnamese():
    md = framework_markdown(_default(), "vi")
    for english, vietnamese in _OPENINGS.items():
        assert english not in md, english
        assert vietnamese in md, vietnamese
    why = [line for line in md.splitlines() if line.startswith("*Lý do:*")]
    assert len(why) >= 25  # every pillar and generic criterion says why
    notes = [line for line in md.splitlines() if line.startswith("> ")]
    assert len(notes) == 9 and not any(n.startswith(("> The ", "> Weights", "> Version", "> Swap")) for n in notes)


def test_english_page_gives_the_english_rationales_and_notes():
    md = framework_markdown(_default(), "en")
    for english, vietnamese in _OPENINGS.items():
        assert english in md and vietnamese not in md, english
    assert "*Why:* Highest pillar weight (0.30 vs 0.25/0.25/0.20)" in md


def _toy_with_texts(tmp_path, support_dir, rationale, note):
    """The toy framework with notes and rationales: ``rationale`` and ``note`` as given, others {vi, en}."""
    text = (support_dir / "toy-framework.yaml").read_text(encoding="utf-8")
    text = text.replace("status: example\n", f"status: example\nnotes:\n  - {json.dumps(note)}\n"
                        '  - {vi: "Ghi chú hai thứ tiếng.", en: "A two-language note."}\n', 1)
    text = text.replace("    weight: 2\n", f"    weight: 2\n    rationale: {json.dumps(rationale)}\n", 1)
    text = text.replace("        label: {vi: Một, en: One}\n", "        label: {vi: Một, en: One}\n        rationale:\n"
                        '          vi: "Lý do tiếng Việt."\n          en: "The English reason."\n', 1)
    path = tmp_path / "toy-texts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_string_rationales_and_notes_show_as_written_in_both_languages(tmp_path, support_dir, toy_registry):
    path = _toy_with_texts(tmp_path, support_dir, "Written in one language only.", "A one-language note.")
    fw = load_framework(str(path), toy_registry)
    for lang in ("vi", "en"):
        md = framework_markdown(fw, lang)
        assert "Written in one language only." in md and "> A one-language note." in md
    vi, en = framework_markdown(fw, "vi"), framework_markdown(fw, "en")
    assert "*Lý do:* Lý do tiếng Việt." in vi and "The English reason." not in vi
    assert "*Why:* The English reason." in en and "Lý do tiếng Việt." not in en
    assert "> Ghi chú hai thứ tiếng." in vi and "> A two-language note." in en


def test_a_framework_file_s_html_and_links_are_escaped_on_the_page(tmp_path, support_dir, toy_registry):
    path = _toy_with_texts(tmp_path, support_dir, '<a href="javascript:alert(1)">x</a>',
                           "[click](javascript:alert(1)) <script>alert(1)</script> `code | kept`")
    text = path.read_text(encoding="utf-8").replace("label: {vi: Môi trường, en: Environment}",
                                                    'label: {vi: "<img src=x onerror=alert(2)>", en: "<b>E</b>"}')
    path.write_text(text, encoding="utf-8")
    fw = load_framework(str(path), toy_registry)
    for lang in ("vi", "en"):
        md = framework_markdown(fw, lang)
        assert "<script" not in md and "<a " not in md and "<img" not in md and "<b>" not in md
        assert "[click](" not in md and "\\[click\\](javascript" in md and "&lt;script&gt;" in md
        assert "`code | kept`" in md  # a code span stays as written
    assert "## &lt;img src=x onerror=alert(2)&gt; (`env`)" in framework_markdown(fw, "vi")


def test_only_a_true_code_span_is_kept_an_unclosed_backtick_run_is_escaped(tmp_path, support_dir, toy_registry):
    # One backtick opens, two close: CommonMark makes no code span, so the HTML would be live.
    path = _toy_with_texts(tmp_path, support_dir, "`<img src=x onerror=alert(1)>`` weight",
                           "``a ` <b> `` and `<i>`")
    fw = load_framework(str(path), toy_registry)
    for lang in ("vi", "en"):
        md = framework_markdown(fw, lang)
        assert "<img" not in md and "`&lt;img src=x onerror=alert(1)&gt;`` weight" in md
        assert "``a ` <b> `` and `<i>`" in md  # true spans, one of two backticks, one of one: as written


def test_export_writes_each_rationale_in_the_form_the_file_gives(tmp_path, support_dir, toy_registry):
    from villagescore.framework import resolved_document

    path = _toy_with_texts(tmp_path, support_dir, "Written in one language only.", "A one-language note.")
    doc = resolved_document(load_framework(str(path), toy_registry))
    assert doc["pillars"][0]["rationale"] == "Written in one language only."
    assert doc["pillars"][0]["criteria"][0]["rationale"] == {"vi": "Lý do tiếng Việt.", "en": "The English reason."}
    assert doc["notes"][0] == "A one-language note."


def test_schema_takes_a_string_or_vi_and_en():
    from villagescore.schemas import validator

    check = validator("framework")
    base = {"id": "x", "version": "1.0", "title": {"vi": "X", "en": "X"},
            "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
                {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1, "indicators": [{"id": "i", "weight": 1}]}]}],
            "rating": {"tiers": [{"id": "a", "label": {"vi": "A", "en": "A"}, "min_score": 0}]}}
    for text in ("why", {"vi": "vì sao", "en": "why"}):
        doc = copy.deepcopy(base)
        doc["notes"] = [text]
        doc["rating"]["tiers"][0]["rationale"] = text
        doc["pillars"][0]["rationale"] = doc["pillars"][0]["criteria"][0]["rationale"] = text
        doc["pillars"][0]["criteria"][0]["indicators"][0]["rationale"] = text
        assert not list(check.iter_errors(doc)), text
    for bad in ({"en": "why"}, {"vi": "vì sao", "en": "why", "fr": "pourquoi"}, 3, {"vi": "", "en": "why"}):
        assert list(check.iter_errors({**base, "notes": [bad]})), bad
    assert not list(check.iter_errors(base))


def test_an_overlay_changes_a_rationale_in_either_form(tmp_path):
    from villagescore.registry import Registry

    overlay = tmp_path / "variant.yaml"
    overlay.write_text("""id: variant
version: "0.1.0"
title: {vi: "Biến thể", en: "Variant"}
extends: {framework: vn-ttcn-sustainable}
change:
  pillars:
    environment: {rationale: "A plain-string reason."}
  criteria:
    wastewater: {rationale: {vi: "Lý do mới của tỉnh.", en: "The province's new reason."}}
""", encoding="utf-8")
    fw = load_framework(str(overlay), Registry.default())
    vi, en = framework_markdown(fw, "vi"), framework_markdown(fw, "en")
    assert "*Lý do:* A plain-string reason." in vi and "*Why:* A plain-string reason." in en
    assert "*Lý do:* Lý do mới của tỉnh." in vi and "*Why:* The province's new reason." in en
    assert "Trụ cột có trọng số cao nhất" not in vi  # the string replaced the base's {vi, en} reason
    assert "Làng nghề chỉ tồn tại khi" in vi and "A craft village exists only if" in en  # unchanged pillar


def test_a_limit_by_category_names_its_field_and_categories_by_label_with_the_id():
    """Ids are shown beside their labels: '(theo discharge_column)' named the field by its id alone."""
    from villagescore.registry import Registry

    fields = Registry.default().fields
    noise = threshold_text(_default().indicator_node("environment.noise_day"), "vi", fields)
    assert "thông thường (common): 70 / đặc biệt (special): 55 dBA" in noise
    assert "(noise_area_type))" in noise and "(theo noise_area_type)" not in noise
    bare = threshold_text(_default().indicator_node("environment.noise_day"), "vi")  # without fields: the ids
    assert "common: 70 / special: 55 dBA (theo noise_area_type)" in bare


def test_the_page_says_the_framework_s_policy_for_unverified_limits(toy_registry):
    import dataclasses

    from tests.conftest import SUPPORT

    md = framework_markdown(_default(), "vi")
    assert ("- giới hạn chưa được kiểm chứng (giá trị ứng viên, hoặc phiên bản sau ngày cuối cùng được kiểm chứng "
            "còn hiệu lực): không chấm điểm (loại khỏi phép tính như chỉ số không áp dụng) (exclude)") in md
    toy = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    assert ("- limits of confidence unverified (candidate values, or versions past the last day they are verified to "
            "be in force): scored against them (score)") in framework_markdown(toy, "en")
    assert "(exclude)" in framework_markdown(dataclasses.replace(toy, unverified_limits="exclude"), "en")


def test_a_regulation_s_note_is_in_the_page_s_language():
    """The regulations' notes are {vi, en}: the Vietnamese page no longer says its notes column is in English."""
    vi, en = framework_markdown(_default(), "vi"), framework_markdown(_default(), "en")
    assert "| độ tin cậy | ghi chú |" in vi and "(bằng tiếng Anh)" not in vi
    assert "| Đã đọc khoản 1 Điều 56 [V]; các khoản 2–7 mới chỉ biết nội dung khái quát. |" in vi
    assert "| Art. 56(1) read [V]; clauses 2–7 known in outline only. |" in en
    for english in ("Art. 56(1) read", "Suggestive only", "background knowledge", "not retrieved", "NOT RETRIEVED"):
        assert english not in vi, english
    assert "Đã đọc khoản 1 Điều 56" not in en and "kiến thức nền" not in en


def test_a_plain_string_note_of_a_third_party_regulation_shows_as_written_in_both_languages():
    import dataclasses

    fw = _default()
    reg = dataclasses.replace(fw.regulations["lep-2020"], note="Read in the gazette | in one language.")
    fw = dataclasses.replace(fw, regulations={**fw.regulations, "lep-2020": reg})
    for lang in ("vi", "en"):
        assert "| Read in the gazette \\| in one language. |" in framework_markdown(fw, lang)  # shown as |


def test_a_framework_s_own_criteria_share_the_pillar_whatever_their_indicators_sectors(toy_registry):
    """Audit 13 #4: an own criterion on a sector's indicator was called a sector criterion, 'added for alpha'."""
    from villagescore.framework import resolve_framework
    from villagescore.reports.framework_doc import criterion_share

    label = {"vi": "C", "en": "C"}
    doc = {"id": "mixed", "version": "1.0", "title": label,
           "pillars": [{"id": "p", "label": label, "weight": 1, "criteria": [
               {"id": "c.one", "label": label, "weight": 1, "indicators": [{"id": "toy.b", "weight": 1}]},
               {"id": "c.all", "label": label, "weight": 1, "indicators": [{"id": "toy.a", "weight": 1}]},
               {"id": "c.more", "label": label, "weight": 2, "indicators": [{"id": "toy.flag", "weight": 1}]}]}],
           "rating": {"tiers": [{"id": "a", "label": label, "min_score": 0}]}}
    fw = resolve_framework(doc, toy_registry, name="mixed.yaml")
    p = fw.pillars[0]
    assert [criterion_share(p, c, "en") for c in p.criteria] == [
        "25 % of the pillar for a village with no sector criteria",
        "25 % of the pillar for a village with no sector criteria",
        "50 % of the pillar for a village with no sector criteria"]
    for lang in ("vi", "en"):
        md = framework_markdown(fw, lang, toy_registry.fields, toy_registry.sectors)
        assert "alpha" not in md.split("| chỉ số |" if lang == "vi" else "| indicator |")[0]  # only in its table


def test_a_sector_criterion_names_its_sector_by_label_with_the_id_beside_it():
    from villagescore.registry import Registry

    registry = Registry.default()
    fw = load_framework(None, registry)
    vi, en = (framework_markdown(fw, lang, registry.fields, registry.sectors) for lang in ("vi", "en"))
    ceramics = registry.sectors["ceramics"].label
    assert f"(sector criterion, added for {ceramics['en']} (ceramics) villages)" in en
    assert f"(tiêu chí ngành, thêm cho làng nghề {ceramics['vi']} (ceramics))" in vi
@pytest.mark.parametrize(("lang", "said"), [
    ("en", "→ 2025-08-31; transitional to 2031-12-31 where"),
    ("vi", "→ 31/08/2025; chuyển tiếp đến 31/12/2031 với"),
])
def test_the_validity_line_states_the_transitional_rule(lang, said):
    # the auditor's case: framework show printed "hiệu lực … → 31/08/2025" and no transitional rule
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.framework_doc import threshold_text

    registry = Registry.default()
    fw = load_framework(None, registry)
    node = next(n for n in fw.indicators if n.id == "environment.effluent_cod")
    text = threshold_text(node, lang, registry.fields)
    assert said in text and "facilities_existing_before_new_qcvn" in text


def test_the_minimum_coverage_of_two_thirds_is_not_shown_rounded_to_0_67():
    """Audit (thirteenth walk): framework 1.4.1's ``min_coverage`` of exactly 2/3 read "0.67"."""
    from villagescore.reports.framework_doc import coverage_text

    fw = _default()
    assert fw.missing.min_coverage == 2 / 3
    assert "(minimum coverage 66.67 %)" in framework_markdown(fw, "en")
    assert "(độ phủ tối thiểu 66,67 %)" in framework_markdown(fw, "vi")
    assert [coverage_text(x, "vi") for x in (0.5, 0.67, 0.0)] == ["50 %", "67 %", "0 %"]


def test_an_indicator_s_sectors_are_named_by_label_with_the_id_beside_them():
    """Audit (thirteenth walk): the sector column of the indicator table gave the ids alone (``weaving``)."""
    from villagescore.registry import Registry

    reg = Registry.default()
    fw = load_framework(None, reg)
    for lang in ("vi", "en"):
        weaving = f"{reg.sectors['weaving'].label[lang]} (weaving)"
        row = next(line for line in framework_markdown(fw, lang, reg.fields, reg.sectors).splitlines()
                   if "`weaving.dye_effluent_bod5`" in line)
        assert f"| {weaving} |" in row


def test_the_page_closes_with_the_provenance_of_the_plugins_it_uses_in_both_languages():
    """Audit 14 #2: a changed ``regulations.yaml`` changed the printed limits, not the printed hashes."""
    prov = {"engine_version": "0.1.0",
            "framework": {"id": "toy", "version": "1", "sha256": "a" * 64, "resolved_sha256": "b" * 64,
                          "lineage": [{"id": "base", "version": "2", "sha256": "c" * 64},
                                      {"id": "toy", "version": "1", "sha256": "a" * 64}]},
            "plugins": [{"name": "vn_ttcn", "version": "0.1.0",
                         "files": [{"file": "regulations.yaml", "sha256": "d" * 64}]},
                        {"name": "not_used", "version": "9"}],
            "plugins_used": ["vn_ttcn"]}
    en = framework_markdown(_default(), "en", provenance=prov)
    assert en.endswith("| Plugins used | vn_ttcn 0.1.0 (regulations.yaml dddddddddddd) |\n")
    assert f"| Framework lineage (base first) | base 2 ({'c' * 64}) → toy 1 ({'a' * 64}) |" in en
    assert f"| Resolved framework SHA-256 | {'b' * 64} |" in en and "not_used" not in en
    vi = framework_markdown(_default(), "vi", provenance=prov)
    assert "## Căn cứ của bộ tiêu chí" in vi and "| Các plugin được dùng | vn_ttcn 0.1.0 (regulations.yaml" in vi
    assert "## " not in framework_markdown(_default(), "en").rsplit("|---|---|---|---|---|---|", 1)[1]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "… → in force (⚠ in force after 2025-05-14 not verified: its successor (qcvn-26-2025) was issued"),
    ("vi", "… → còn hiệu lực (⚠ việc còn hiệu lực sau ngày 14/05/2025 chưa được kiểm chứng: "
           "văn bản thay thế (qcvn-26-2025)"),
])
def test_a_version_whose_being_in_force_is_unverified_after_a_day_says_so_and_names_its_successor(lang, said):
    # the auditor's case: framework show gave no validity for QCVN 26:2010 and did not say it was replaced
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.framework_doc import framework_markdown, threshold_text

    registry = Registry.default()
    fw = load_framework(None, registry)
    node = next(n for n in fw.indicators if n.id == "environment.noise_day")
    assert said in threshold_text(node, lang, registry.fields)
    row = next(line for line in framework_markdown(fw, lang).splitlines() if line.startswith("| `qcvn-26-2010` |"))
    assert said in row


@pytest.mark.parametrize(("lang", "said", "unsaid"), [
    ("vi", ["các mốc (edges): [30; 60; 80; 95]; điểm (scores): [0; 25; 50; 75; 100]; mỗi khoảng gồm (closed): "
            "mốc dưới (left)", "giá trị ứng với 0 điểm (worst): 0; giá trị ứng với 100 điểm (best): 50",
            "điểm (scores): {không ô nhiễm (not_polluted): 100; ô nhiễm (polluted): 25"],
     ["edges=", "closed=left", "best=", "worst=", "{not_polluted: 100"]),
    ("en", ["edges=[30; 60; 80; 95]; scores=[0; 25; 50; 75; 100]; closed=left", "worst=0; best=50",
            "scores={not polluted (not_polluted): 100; polluted: 25"], ["{not_polluted: 100"])])
def test_scorer_parameters_are_in_the_page_s_language_and_categories_by_label_with_the_id(lang, said, unsaid):
    """Audit G F7: the Vietnamese page printed 'edges=[…]; closed=left', 'best='/'worst=' and bare category ids."""
    from villagescore.registry import Registry

    md = framework_markdown(_default(), lang, Registry.default().fields)
    for text in said:
        assert text in md, text
    for text in unsaid:
        assert text not in md, text
