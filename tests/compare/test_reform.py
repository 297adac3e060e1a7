"""villagescore.compare.reform: communes and former districts grouped across the 2025 reform (audit 17 #1, #2)."""

import copy
import json

import pytest

from villagescore.admin_mapping import load_mapping
from villagescore.compare import compare, load_table

_PLACE = ("village_id", "year", "commune", "province", "former_district", "former_province")


@pytest.fixture
def toy_doc(toy_result):
    return json.loads(toy_result.to_json())


def _table(toy_doc, places):
    """A result of copies of toy village v1, one per ``(village_id, year, commune, province, district, former)``."""
    doc = copy.deepcopy(toy_doc)
    first = doc["villages"][0]
    doc["villages"] = [{**copy.deepcopy(first), **dict(zip(_PLACE, place, strict=True))} for place in places]
    return load_table([("doc", doc)])


def _groups(c):
    return {g["key"]: g["villages"] for g in c["groups"]["rows"]}


def test_two_pre_reform_communes_of_one_name_in_different_districts_stay_apart(toy_doc):
    table = _table(toy_doc, [("px-my-duc", 2021, "Phùng Xá", "Hà Nội", "Mỹ Đức", "Hà Nội"),
                             ("px-thach-that", 2021, "Phùng Xá", "Hà Nội", "Thạch Thất", "Hà Nội")])
    c = compare(table, by="commune", min_group=1, mapping=load_mapping())
    assert _groups(c) == {"Phùng Xá — Mỹ Đức — Hà Nội (< 2025)": ["px-my-duc"],
                          "Phùng Xá — Thạch Thất — Hà Nội (< 2025)": ["px-thach-that"]}
    assert not [w for w in c["warnings"] if w["code"] == "communes_across_reform"]  # one side of the reform


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_pre_reform_commune_beside_a_merged_one_is_keyed_by_its_former_units_and_warned(toy_doc, lang):
    table = _table(toy_doc, [("c-a", 2023, "Xã Nhật Tân", "Hà Nam", "Kim Bảng", None),
                             ("c-c", 2025, "Xã Kim Bảng", "Ninh Bình", None, None)])
    c = compare(table, by="commune", min_group=1, mapping=load_mapping(), lang=lang)
    assert _groups(c) == {"Xã Kim Bảng — Ninh Bình": ["c-c"], "Xã Nhật Tân — Kim Bảng — Hà Nam (< 2025)": ["c-a"]}
    (w,) = [w for w in c["warnings"] if w["code"] == "communes_across_reform"]
    assert (w["before"], w["after"], w["periods"]) == (1, 1, ["latest"])
    assert ("01/7/2025" if lang == "vi" else "1 July 2025") in w["message"]


def test_a_former_district_is_one_group_however_its_province_is_spelt(toy_doc):
    table = _table(toy_doc, [("fd-a", 2023, "X", "Hà Nam", "Kim Bảng", None),
                             ("fd-b", 2023, "X", "Tỉnh Hà Nam", "Kim Bảng", None),
                             ("fd-c", 2025, "X", "Ninh Bình", "Kim Bảng", "Hà Nam"),
                             ("fd-e", 2023, "X", "Hà Nội", "Mỹ Đức", None),
                             ("fd-f", 2023, "X", "TP. Hà Nội", "Mỹ Đức", None),
                             ("fd-g", 2025, "X", "Thành phố Hà Nội", "Mỹ Đức", None)])  # Hà Nội: one province then
    c = compare(table, by="former_district", min_group=1, mapping=load_mapping())
    assert _groups(c) == {"Kim Bảng — Hà Nam": ["fd-a", "fd-b", "fd-c"], "Mỹ Đức — Hà Nội": ["fd-e", "fd-f", "fd-g"]}
    assert not [w for w in c["warnings"] if w["code"] == "former_province_unknown"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_district_whose_former_province_is_not_told_is_not_filed_under_its_current_province(toy_doc, lang):
    table = _table(toy_doc, [("fd-c", 2025, "X", "Ninh Bình", "Kim Bảng", "Hà Nam"),
                             ("fd-d", 2025, "X", "Ninh Bình", "Kim Bảng", None)])  # Ninh Bình: three merged
    c = compare(table, by="former_district", min_group=1, mapping=load_mapping(), lang=lang)
    assert _groups(c) == {"Kim Bảng — ? → Ninh Bình": ["fd-d"], "Kim Bảng — Hà Nam": ["fd-c"]}
    (w,) = [w for w in c["warnings"] if w["code"] == "former_province_unknown"]
    assert w["villages"] == ["fd-d"] and "former_province" in w["message"]


class _Counting:
    """A mapping table that counts how often a name is matched against it (delegates everything else)."""

    def __init__(self, mapping):
        self.mapping, self.calls = mapping, 0

    def former_name(self, name):
        self.calls += 1
        return self.mapping.former_name(name)

    def __getattr__(self, name):
        return getattr(self.mapping, name)


def test_the_former_province_is_matched_once_per_distinct_former_province_province_and_side():
    # review of audit 17 #5: the keys matched a name per distinct (district, commune, …), 8× slower at 100,000 rows
    import pandas as pd

    from villagescore.compare.reform import commune_keys, district_keys

    n = 40
    snap = pd.DataFrame({"village_id": [f"v{i}" for i in range(n)], "year": [2023] * n,
                         "commune": [f"Xã {i}" for i in range(n)], "former_district": [f"Huyện {i}" for i in range(n)],
                         "province": ["Hà Nam"] * n, "former_province": [None] * n,
                         "province_current": ["Ninh Bình"] * n})
    for keys in (district_keys, commune_keys):
        counting = _Counting(load_mapping())
        key, _ = keys(snap, counting, "vi")
        assert counting.calls == 1 and key.nunique() == n and key.str.endswith(("Hà Nam", "Hà Nam (< 2025)")).all()


def test_a_district_or_commune_is_one_group_however_its_own_name_is_written(toy_doc):
    # review of audit 17 #3: "Kim Bảng", "Huyện Kim Bảng", "H. Kim Bảng" were three districts
    table = _table(toy_doc, [("fd-a", 2023, "Xã Nhật Tân", "Hà Nam", "Kim Bảng", None),
                             ("fd-b", 2023, "Nhật Tân", "Tỉnh Hà Nam", "Huyện Kim Bảng", None),
                             ("fd-c", 2025, "X", "Ninh Bình", "H. Kim Bảng", "Hà Nam"),
                             ("fd-d", 2023, "xã  nhật tân", "Hà Nam", "huyện kim bảng", None),
                             ("fd-e", 2023, "X", "Thanh Hóa", "Quan Hóa", None),  # "quan", not "quận": kept
                             ("fd-f", 2023, "X", "Thanh Hóa", "Huyện Hoá", None)])
    c = compare(table, by="former_district", min_group=1, mapping=load_mapping())
    assert _groups(c) == {"Kim Bảng — Hà Nam": ["fd-a", "fd-b", "fd-c", "fd-d"], "Quan Hóa — Thanh Hóa": ["fd-e"],
                          "Huyện Hoá — Thanh Hóa": ["fd-f"]}  # the first spelling names the group
    c = compare(table, by="commune", min_group=1, mapping=load_mapping())
    assert _groups(c)["Xã Nhật Tân — Kim Bảng — Hà Nam (< 2025)"] == ["fd-a", "fd-b", "fd-d"]


def test_a_town_and_a_district_of_one_name_stay_two_groups(toy_doc):
    # review of the seventeenth walk: folding the unit word away made Thị xã and Huyện Kỳ Anh one district
    table = _table(toy_doc, [("k-a", 2023, "X", "Hà Tĩnh", "Thị xã Kỳ Anh", None),
                             ("k-b", 2023, "X", "Hà Tĩnh", "Huyện Kỳ Anh", None),
                             ("k-c", 2023, "X", "Hà Tĩnh", "TX. Kỳ Anh", None),
                             ("k-d", 2023, "X", "Hà Tĩnh", "H. Kỳ Anh", None),
                             ("k-e", 2023, "X", "Hà Tĩnh", "Kỳ Anh", None)])
    c = compare(table, by="former_district", min_group=1, mapping=load_mapping())
    assert _groups(c) == {"Thị xã Kỳ Anh — Hà Tĩnh": ["k-a", "k-c"], "Huyện Kỳ Anh — Hà Tĩnh": ["k-b", "k-d"],
                          "Kỳ Anh — Hà Tĩnh": ["k-e"]}


def test_a_unit_word_alone_is_a_name():
    from villagescore.admin_mapping import folded_name
    from villagescore.compare.reform import _DISTRICT_UNITS

    assert folded_name("Huyện", _DISTRICT_UNITS) == "huyện" and folded_name("Q. 1", _DISTRICT_UNITS) == "1"
    assert folded_name("Thị xã  Sơn Tây", _DISTRICT_UNITS) == folded_name("TX. Sơn Tây", _DISTRICT_UNITS)
