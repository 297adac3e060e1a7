"""villagescore.admin_mapping: the 63 → 34 province mapping of the 2025 reform."""

import unicodedata
from pathlib import Path

import pytest

from villagescore.admin_mapping import _ALIASES, AdminMappingError, _ascii_key, load_mapping, name_key

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mapping():
    return load_mapping()


def test_shipped_table_maps_63_former_provinces_to_34(mapping):
    assert len(mapping.former) == 63
    assert len(mapping.provinces) == 34
    # every current unit maps to itself
    assert all(mapping.current(p) == p for p in mapping.provinces)


def test_matching_keys_are_made_once_per_table(mapping):
    assert mapping.former_keys == {name_key(n) for n in mapping.former} and len(mapping.former_keys) == 63
    assert mapping.province_keys == {name_key(n) for n in mapping.provinces} and len(mapping.province_keys) == 34
    assert mapping.former_keys is mapping.former_keys  # cached on the (cached) table


@pytest.mark.parametrize(("recorded", "current"), [
    ("Hà Giang", "Tuyên Quang"),  # domain.md §E examples
    ("Yên Bái", "Lào Cai"),
    ("Bắc Kạn", "Thái Nguyên"),
    ("Vĩnh Phúc", "Phú Thọ"),
    ("Bắc Giang", "Bắc Ninh"),
    ("Thái Bình", "Hưng Yên"),
    ("Hải Dương", "Hải Phòng"),
    ("Nam Định", "Ninh Bình"),
    ("Hà Nam", "Ninh Bình"),
    ("Hà Nội", "Hà Nội"),  # unchanged
])
def test_known_mergers(mapping, recorded, current):
    assert mapping.current(recorded) == current


@pytest.mark.parametrize("spelling", [
    "Tỉnh Hòa Bình", "tỉnh hòa bình", "TỈNH HÒA BÌNH", "Hoà Bình",  # prefix, case, old tone placement
    unicodedata.normalize("NFD", "Hòa Bình"),  # decomposed
    "  Hòa   Bình ", "Hoa Binh",
])
def test_tolerant_matching(mapping, spelling):
    assert mapping.current(spelling) == "Phú Thọ"


def test_city_prefixes_and_old_names(mapping):
    assert mapping.current("Thành phố Hà Nội") == "Hà Nội"
    assert mapping.current("TP. Hồ Chí Minh") == "Hồ Chí Minh"
    assert mapping.current("Tỉnh Thừa Thiên Huế") == "Huế"
    assert mapping.current("Bà Rịa–Vũng Tàu") == "Hồ Chí Minh"


@pytest.mark.parametrize("alias", sorted(_ALIASES))
def test_every_alias_maps_with_and_without_accents(mapping, alias):
    target = mapping.current(_ALIASES[alias])
    unaccented = _ascii_key(name_key(alias))  # "thuathienhue"
    assert mapping.current(alias) == target
    assert mapping.current(alias.upper()) == target
    assert mapping.current(unaccented) == target


@pytest.mark.parametrize("spelling", ["Thua Thien Hue", "thua thien - hue", "THUA THIEN HUE", "Sai Gon",
                                      "Ho Chi Minh City"])
def test_english_and_unaccented_aliases(mapping, spelling):
    assert mapping.current(spelling) in {"Huế", "Hồ Chí Minh"}
    assert mapping.current("Thua Thien Hue") == "Huế"


def test_unknown_and_missing_names(mapping):
    assert mapping.current("Hà Tây") is None  # merged into Hà Nội in 2008: not a 2025 unit
    assert mapping.current(None) is None
    assert mapping.current("") is None
    current, unknown = mapping.map_names(["Hà Tây", "Yên Bái", None, "Hà Tây", "Atlantis"])
    assert current == [None, "Lào Cai", None, None, None]
    assert unknown == ["Atlantis", "Hà Tây"]


def test_row_keeps_source_and_confidence(mapping):
    row = mapping.row("tỉnh bắc giang")
    assert row["former_province"] == "Bắc Giang" and row["province"] == "Bắc Ninh"
    assert row["confidence"] and row["source"].startswith("Resolution 202/2025/QH15")


@pytest.mark.parametrize(("spelling", "current"), [
    ("T. Thái Bình", "Hưng Yên"), ("T.Thái Bình", "Hưng Yên"), ("Thanh pho Ha Noi", "Hà Nội"),
    ("Tinh Bac Giang", "Bắc Ninh"), ("TP Ho Chi Minh", "Hồ Chí Minh"), ("t.p. Hà Nội", "Hà Nội"),
    ("Thành phố Huế", "Huế"), ("Thanh Hoa", "Thanh Hóa"), ("Tây Ninh", "Tây Ninh"), ("Tinh", None),
])
def test_prefixes_are_stripped_with_or_without_diacritics(mapping, spelling, current):
    # audit 17 #2: "T." and unaccented prefixes named no province; a name starting like a prefix keeps it
    assert mapping.current(spelling) == current


def test_name_key():
    assert name_key("Thành phố  Cần Thơ") == "cần thơ"
    assert name_key("Khánh Hoà") == name_key("Khánh Hòa")


@pytest.mark.parametrize(("spelling", "current"), [
    ("T.P Hà Nội", "Hà Nội"), ("T.P Hồ Chí Minh", "Hồ Chí Minh"), ("T. P. Hà Nội", "Hà Nội"), ("T. P Hà Nội", "Hà Nội"),
    ("T.P.Hà Nội", "Hà Nội"), ("TP.Hà Nội", "Hà Nội"), ("t.p HCM", "Hồ Chí Minh"),
])
def test_every_t_p_form_is_a_prefix_not_cut_at_t(mapping, spelling, current):
    # audit 17 review: "T." was taken from "T.P Hà Nội", leaving "p hà nội"
    assert name_key(spelling).startswith(("hà nội", "hồ chí minh", "hcm"))
    assert mapping.current(spelling) == current


def test_spelling_key_is_one_for_every_spelling_of_a_name():
    from villagescore.admin_mapping import spelling_key

    assert len({spelling_key(n) for n in ("Phú Thọ", "Phu Tho", "Tỉnh Phú Thọ", "PHÚ THỌ")}) == 1
    assert spelling_key("Thanh pho Ho Chi Minh") == spelling_key("T.P Hồ Chí Minh") == spelling_key("Hồ Chí Minh")
    assert spelling_key("Đắk Lắk") == spelling_key("Dak Lak") != spelling_key("Lắk")
    assert spelling_key("Hà Nam") != spelling_key("Hà Nội")


def test_custom_table_by_path():
    small = load_mapping(FIXTURES / "compare_provinces_small.csv")
    assert small.provinces == ["Bắc Ninh", "Hà Nội", "Phú Thọ"]
    assert small.current("Tỉnh Bắc Giang") == "Bắc Ninh"
    assert small.current("Yên Bái") is None  # not in this small table
    with pytest.raises(AdminMappingError, match="expected 63 → 34"):
        load_mapping(FIXTURES / "compare_provinces_small.csv", expect_counts=True)


def test_cached_until_the_file_changes(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("former_province,province\nA,B\n", encoding="utf-8")
    first = load_mapping(path)
    assert load_mapping(path) is first
    path.write_text("former_province,province\nA,B\nC,B\n", encoding="utf-8")
    assert load_mapping(path).current("C") == "B"


def test_invalid_tables_list_every_problem(tmp_path):
    with pytest.raises(AdminMappingError) as info:
        load_mapping(FIXTURES / "compare_provinces_bad.csv")
    text = str(info.value)
    assert "row 3: column 'province' is empty" in text
    assert "row 4: former_province 'Hà Nội' repeats row 2" in text
    bad = tmp_path / "cols.csv"
    bad.write_text("old,new\nA,B\n", encoding="utf-8")
    with pytest.raises(AdminMappingError, match="missing column.*former_province, province"):
        load_mapping(bad)
    with pytest.raises(AdminMappingError, match="does not exist"):
        load_mapping(tmp_path / "nope.csv")


def test_invalid_table_problems_are_said_in_vietnamese(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    with pytest.raises(AdminMappingError) as info:
        load_mapping(FIXTURES / "compare_provinces_bad.csv")
    vi = info.value.text("vi")
    assert "dòng 3: cột 'province' đang để trống" in vi
    assert "dòng 4: former_province (tỉnh cũ) 'Hà Nội' lặp lại dòng 2" in vi
    assert "row " not in vi and "repeats" not in vi
    mapping = tmp_path / "m.csv"
    mapping.write_text("former_province,province\nHà Tây,\nHà Tây,Hà Nội\n", encoding="utf-8")
    data = REPO / "datasets" / "villages" / "villages.csv"
    for lang, expected in (("vi", "dòng 2: cột 'province' đang để trống"), ("en", "row 2: column 'province' is empty")):
        res = CliRunner().invoke(cli, ["compare", str(data), "--by", "province", "--mapping", str(mapping),
                                       "--lang", lang])
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert expected in res.output, res.output
        assert ("dòng 3: former_province (tỉnh cũ) 'Hà Tây' lặp lại dòng 2" if lang == "vi"
                else "row 3: former_province 'Hà Tây' repeats row 2") in res.output


def test_former_name_is_the_table_s_spelling_of_a_pre_reform_province():
    m = load_mapping()
    assert [m.former_name(n) for n in ("Tỉnh Hà Nam", "TP. Hà Nội", "Ha Nam", "Hà Tây", None)] == [
        "Hà Nam", "Hà Nội", "Hà Nam", None, None]


def test_sole_former_only_for_a_unit_one_province_made():
    m = load_mapping()
    assert (m.sole_former("Thành phố Hà Nội"), m.sole_former("Ninh Bình"), m.sole_former("Hà Tây")) == (
        "Hà Nội", None, None)


def test_a_table_not_in_utf8_is_refused_as_a_dataset_is(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"former_province,province\nH\xe0 Nam,Ninh B\xecnh\n")  # saved as 'CSV' in a Windows code page
    with pytest.raises(AdminMappingError) as info:
        load_mapping(latin)
    en, vi = str(info.value), info.value.text("vi")
    assert "row 2: the file is not UTF-8 (byte 0xe0 on line 2); save it as 'CSV UTF-8'" in en
    assert "codec" not in en and "codec" not in vi
    assert "tệp không phải UTF-8 (byte 0xe0 ở dòng 2); hãy lưu dưới dạng 'CSV UTF-8'" in vi


def test_a_table_separated_by_semicolons_is_read_and_one_by_tabs_refused(tmp_path):
    semi = tmp_path / "semi.csv"
    semi.write_text("\ufeffformer_province;province\nHà Nam;Ninh Bình\n", encoding="utf-8")  # Excel in Vietnamese
    assert load_mapping(semi).current("Hà Nam") == "Ninh Bình"
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("former_province\tprovince\nHà Nam\tNinh Bình\n", encoding="utf-8")
    with pytest.raises(AdminMappingError, match="row 1: the header is separated by tabs"):
        load_mapping(tabs)


def test_the_record_names_the_table_by_file_name_hash_origin_and_rows_confidence(tmp_path):
    import hashlib

    from villagescore.admin_mapping import default_path, mapping_record, mapping_to_use

    shipped = mapping_record(load_mapping())
    assert shipped["file"] == "provinces-2025.csv" and shipped["shipped"] is True
    assert shipped["sha256"] == hashlib.sha256(default_path().read_bytes()).hexdigest()
    assert sum(shipped["confidence"].values()) == 63
    own = tmp_path / "own.csv"
    own.write_text("former_province,province\nA,B\n", encoding="utf-8")
    assert mapping_record(load_mapping(own)) == {"file": "own.csv", "sha256": hashlib.sha256(own.read_bytes())
                                                 .hexdigest(), "shipped": False, "confidence": {}}
    assert mapping_record(load_mapping(default_path(), expect_counts=True))["shipped"] is True  # the same file
    assert mapping_record(None) == "as_recorded"
    assert mapping_to_use(None) is load_mapping() and mapping_to_use(False) is None
    assert mapping_to_use(load_mapping(own)) is load_mapping(own)


def test_folded_name_removes_a_unit_word_only_when_a_name_follows():
    from villagescore.admin_mapping import folded_name

    assert folded_name("Huyện  Kim Bảng", ("huyện ", "h.")) == folded_name("H.Kim Bảng", ("huyện ", "h.")) == "kim bảng"
    assert folded_name("Huyện", ("huyện ",)) == "huyện" and folded_name("Khánh Hoà") == "khánh hòa"
