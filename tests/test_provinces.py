"""Provinces in official order and names checked against it (villagescore.provinces)."""

import pytest

from villagescore.provinces import (
    CURRENT_CODES,
    FORMER_CODES,
    check_former_province,
    check_province,
    official_former_provinces,
    official_provinces,
)


def test_every_province_of_the_mapping_table_has_an_official_place():
    from villagescore.admin_mapping import load_mapping, name_key

    mapping = load_mapping()
    current = official_provinces(mapping)
    former = official_former_provinces(mapping)
    assert len(current) == 34 and len(former) == 63
    assert [name_key(n) for n in current] == [name_key(n) for _, n in CURRENT_CODES]
    assert [name_key(n) for n in former] == [name_key(n) for _, n in FORMER_CODES]
    assert current[:3] == ["Hà Nội", "Cao Bằng", "Tuyên Quang"] and current[-1] == "Cà Mau"
    assert [c for c, _ in CURRENT_CODES] == sorted(c for c, _ in CURRENT_CODES)
    assert [c for c, _ in FORMER_CODES] == sorted(c for c, _ in FORMER_CODES)


@pytest.mark.parametrize(("name", "kind", "suggestion"), [
    ("Hà Nội", None, None), ("TP. Hồ Chí Minh", None, None), ("Thanh Hoá", None, None), ("", None, None),
    ("Ha Noi", "spelling", "Hà Nội"), ("Hà Nôi", "spelling", "Hà Nội"), ("Bac Ninh", "spelling", "Bắc Ninh"),
    ("Ho Chi Minh City", "spelling", "Hồ Chí Minh"), ("Bắc Giang", "former", "Bắc Ninh"),
    ("Bac Giang", "former", "Bắc Ninh"), ("Hà Tây", "abolished", "Hà Nội"), ("Zzz", "unknown", None),
    ("Bắc Giag", "unknown", "Bắc Giang"),
])
def test_check_province(name, kind, suggestion):
    found = check_province(name)
    assert (found and found.kind) == kind
    if found:
        assert found.suggestion == suggestion
        assert found.message("vi") and found.message("en")


@pytest.mark.parametrize(("name", "kind", "suggestion", "official"), [
    ("T. Thái Bình", "former", "Hưng Yên", "Thái Bình"), ("Thanh pho Ha Noi", "spelling", "Hà Nội", None),
    ("Tinh Bac Giang", "former", "Bắc Ninh", "Bắc Giang"), ("Vinh Phuc", "former", "Phú Thọ", "Vĩnh Phúc"),
])
def test_prefixed_names_are_recognised_and_notes_give_the_official_former_name(name, kind, suggestion, official):
    # audit 17 #2: "Thanh pho Ha Noi" was offered Thanh Hóa, "T. Thái Bình" the pre-2025 name alone
    found = check_province(name)
    assert (found.kind, found.suggestion, found.former) == (kind, suggestion, official)
    if official:
        assert f"(and {official!r} in former_province)" in found.message("en")
        assert f"(và {official!r} ở cột former_province)" in found.message("vi")


def test_a_suggested_former_province_says_what_it_is_now():
    found = check_province("Thai Binhh")
    assert (found.kind, found.suggestion, found.suggestion_now) == ("unknown", "Thái Bình", "Hưng Yên")
    assert "did you mean 'Thái Bình' (a province before 1 July 2025, now part of Hưng Yên" in found.message("en")
    assert "nay thuộc Hưng Yên" in found.message("vi")


def test_former_province_checks_the_63():
    assert check_former_province("Hòa Bình") is None and check_former_province("Hoà Bình") is None
    assert check_former_province("Hoa Binh").suggestion == "Hòa Bình"
    assert check_former_province("Hà Tây").kind == "abolished"
    assert "63" in check_former_province("Zzz").message("en", former_column=True)


def test_collation_keys_are_the_keys_of_each_text():
    import random

    from villagescore.provinces import collation_key, collation_keys

    rnd = random.Random(5)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạấầẩẫậ—-·'Ǹ\u0301\u0323x̃İß"
    texts = ["".join(rnd.choice(letters) for _ in range(rnd.randrange(0, 12))) for _ in range(500)]
    texts += ["Hà Nội", "Đà Nẵng", "Xã mẫu 000001 — Ninh Bình", "", 12, None]
    assert collation_keys(texts) == [collation_key(t) for t in texts]
    assert collation_keys([]) == []
    assert collation_keys(["a\x00b", "Đ"]) == [collation_key("a\x00b"), collation_key("Đ")]  # a NUL: one by one


@pytest.mark.parametrize("dtype", [object, "str"])
def test_former_provinces_that_differ_are_those_of_comparing_the_columns_whole(dtype):
    import random

    import numpy as np
    import pandas as pd

    from villagescore.provinces import _differ

    rnd = random.Random(3)
    pool = ["Hà Nội", "Hà Tây", "Đồng Nai", None, float("nan")]
    a, b, f = ([rnd.choice(pool) for _ in range(300)] for _ in range(3))
    sa, sb, sf = (pd.Series(x, dtype=dtype) for x in (a, b, f))
    expected = (sf.notna() & sa.notna() & sb.notna() & (sa != sb)).to_numpy(dtype=bool)
    made = _differ(sa.to_numpy(dtype=object), sb.to_numpy(dtype=object), sf.notna().to_numpy())
    assert made.dtype == np.bool_ and made.tolist() == expected.tolist()


def test_an_inconsistent_former_province_is_listed_per_village_year_when_years_are_given():
    import pandas as pd

    from villagescore.admin_mapping import load_mapping
    from villagescore.provinces import current_provinces

    v = pd.DataFrame({"village_id": ["inc", "inc", "ok"], "year": [2026, 2025, 2025],
                      "province": ["Ninh Bình", "Hà Nội", "Ninh Bình"], "former_province": ["Hà Nam"] * 3},
                     dtype=object)
    (w,) = current_provinces(v, load_mapping())[1]
    assert (w["villages"], w["village_years"]) == (["inc"], ["inc@2025"])
    (w,) = current_provinces(v.drop(columns="year"), load_mapping())[1]
    assert "village_years" not in w
