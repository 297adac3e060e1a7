"""villagescore.reports.comparison_places: a former province that did not merge there, shown apart (audit 17 #3)."""

import copy
import json

import pytest

from villagescore.admin_mapping import load_mapping
from villagescore.compare import compare, load_table
from villagescore.reports.comparison import sections
from villagescore.reports.comparison_places import names_differ, other_names


def _comparison(toy_result, places, lang):
    """The toy result with v1 copied once per ``(village_id, province, former_province)``."""
    doc = json.loads(toy_result.to_json())
    first = doc["villages"][0]
    doc["villages"] = [{**copy.deepcopy(first), "village_id": vid, "province": province, "former_province": former}
                       for vid, province, former in places]
    return compare(load_table([("doc", doc)]), mapping=load_mapping(), lang=lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_inconsistent_former_province_is_shown_apart_never_as_where_the_village_moved_from(toy_result, lang):
    c = _comparison(toy_result, [("inc", "Hà Nội", "Hà Nam"), ("ok", "Ninh Bình", "Hà Nam")], lang)
    (narrow_inc,) = [r[1] for r in sections(c, lang, narrow=True)[0]["rows"] if "(inc)" in r[1]]
    (narrow_ok,) = [r[1] for r in sections(c, lang, narrow=True)[0]["rows"] if "(ok)" in r[1]]
    assert "←" not in narrow_inc and "Hà Nam" in narrow_inc and "Hà Nội" in narrow_inc
    assert narrow_ok.endswith("(← Hà Nam)")  # a former province that merged there: as before
    head = sections(c, lang, text=False, ids=True)[0]["header"]
    data = {r[1]: r for r in sections(c, lang, text=False, ids=True)[0]["rows"]}
    at = head.index("Tỉnh/thành ghi nhận" if lang == "vi" else "Province recorded")
    assert (data["inc"][at], data["ok"][at]) == ("Hà Nội", "Hà Nam")  # the CSV and XLSX: the province recorded
    wide = {r[1]: r for r in sections(c, lang)[0]["rows"]}
    (inc,) = [row for name, row in wide.items() if "(inc)" in name]
    words = "tỉnh cũ ghi nhận: Hà Nam" if lang == "vi" else "former province recorded: Hà Nam"
    assert words in inc[at - 1] and "←" not in inc[at - 1]


def test_spellings_of_one_province_do_not_differ():
    assert not names_differ("Thanh Hoá", "Thanh Hóa") and names_differ("Hà Nam", "Ninh Bình")
    assert names_differ("Hà Nam", None) and not names_differ(None, "Hà Nội")


def test_other_names_are_one_per_province_and_none_of_the_key_s_own():
    assert other_names(["Hà Nam", "Ninh Bình", "Tỉnh Hà Nam", "Nam Định"], "Ninh Bình") == ["Hà Nam", "Nam Định"]
    assert other_names(["Phu Tho", "Thanh Hoá"], "Phú Thọ") == ["Thanh Hoá"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_former_province_is_said_not_merged_only_in_the_years_it_did_not(toy_result, lang):
    # review of audit 17 #2: 2025 Hà Nội with Hà Nam (wrong), 2026 Ninh Bình with Hà Nam (right): 2026 said "did not"
    doc = json.loads(toy_result.to_json())
    first = doc["villages"][0]
    doc["villages"] = [{**copy.deepcopy(first), "village_id": "inc", "year": year, "province": province,
                        "former_province": "Hà Nam"} for year, province in ((2025, "Hà Nội"), (2026, "Ninh Bình"))]
    c = compare(load_table([("doc", doc)]), mapping=load_mapping(), lang=lang, per_year=True)
    (w,) = [w for w in c["warnings"] if w["code"] == "province_inconsistent"]
    assert w["village_years"] == ["inc@2025"] and w["villages"] == ["inc"]
    rows = {r[0]: r[2] for r in sections(c, lang, narrow=True)[0]["rows"]}
    words = "tỉnh cũ ghi nhận: Hà Nam" if lang == "vi" else "former province recorded: Hà Nam"
    assert words in rows["2025"] and "←" not in rows["2025"]
    assert words not in rows["2026"] and rows["2026"].endswith("(← Hà Nam)")
    head = sections(c, lang, text=False, ids=True)[0]["header"]
    at = head.index("Tỉnh/thành ghi nhận" if lang == "vi" else "Province recorded")
    assert [r[at] for r in sections(c, lang, text=False, ids=True)[0]["rows"]] == ["Hà Nội", "Hà Nam"]  # the CSV
