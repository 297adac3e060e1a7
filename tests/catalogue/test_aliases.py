"""Labels accepted as codes and suggestions for near misses (villagescore.catalogue.aliases)."""

from villagescore.catalogue.aliases import alias_key, field_aliases, resolve, sector_aliases, suggest, value_aliases
from villagescore.objects import Field, Sector


def _zone():
    return Field("zone", {"vi": "Khu vực", "en": "Zone"}, type="category", categories=("common", "special"),
                 category_labels={"common": {"vi": "thông thường", "en": "common"},
                                  "special": {"vi": "đặc biệt", "en": "special"}})


def test_keys_ignore_case_spaces_unicode_form_and_tone_placement():
    assert alias_key("  Thông   THƯỜNG ") == alias_key("thông thường")
    assert alias_key("Hoà") == alias_key("Hòa")
    assert alias_key("đặc biệt") == alias_key("\u0111a\u0323\u0306c bie\u0323\u0302t")  # NFD


def test_codes_and_both_labels_resolve():
    table = field_aliases(_zone())
    assert resolve("Đặc biệt", table) == "special" and resolve("COMMON", table) == "common"
    assert resolve("dac biet", table) is None  # never taken silently …
    assert suggest("dac biet", table) == "special"  # … only suggested
    assert suggest("thong thuong", table) == "common" and suggest("qqq", table) is None


def test_sector_labels_resolve():
    sectors = {"ceramics": Sector("ceramics", {"vi": "Gốm sứ", "en": "Ceramics"}),
               "wood": Sector("wood", {"vi": "Đồ gỗ mỹ nghệ", "en": "Wood furniture and carving"})}
    table = sector_aliases(sectors)
    assert resolve("gốm sứ", table) == "ceramics" and resolve("Wood furniture and carving", table) == "wood"
    assert suggest("Gom su", table) == "ceramics" and suggest("Đồ gỗ mĩ nghệ", table) == "wood"


def test_a_label_two_codes_share_is_left_out():
    twice = Field("x", {"vi": "x", "en": "x"}, type="category", categories=("a", "b"),
                  category_labels={"a": {"vi": "như nhau", "en": "A"}, "b": {"vi": "như nhau", "en": "B"}})
    table = field_aliases(twice)
    assert resolve("như nhau", table) is None and resolve("A", table) == "a"


def test_value_aliases_cover_sectors_and_category_fields(toy_registry):
    tables = value_aliases(toy_registry)
    assert "sectors" in tables and "zone" in tables and "a" not in tables


def test_a_part_of_a_label_typed_without_accents_is_suggested_not_taken():
    sectors = {"seagrass": Sector("seagrass", {"vi": "Cói, chiếu cói", "en": "Sea-grass and sedge"}),
               "weaving": Sector("weaving", {"vi": "Dệt, nhuộm (khăn bông, lụa)", "en": "Weaving and dyeing"})}
    table = sector_aliases(sectors)
    assert resolve("coi", table) is None  # never taken silently …
    assert suggest("coi", table) == "seagrass" and suggest("khan bong", table) == "weaving"  # … only suggested


def _ntm():
    return Field("ntm_status", {"vi": "Tình trạng NTM (chưa đạt / NTM / nâng cao / kiểu mẫu)",
                                "en": "New-rural status (none / NTM / advanced / model)"},
                 type="category", categories=("none", "ntm", "advanced", "model"),
                 category_labels={"none": {"vi": "chưa đạt chuẩn", "en": "not yet"},
                                  "ntm": {"vi": "đạt chuẩn nông thôn mới", "en": "new-rural commune"},
                                  "advanced": {"vi": "nông thôn mới nâng cao", "en": "advanced new-rural commune"},
                                  "model": {"vi": "nông thôn mới kiểu mẫu", "en": "model new-rural commune"}})


def test_no_suggestion_adds_or_drops_a_negation():
    table = field_aliases(_ntm())
    assert suggest("đạt chuẩn", table) != "none" and suggest("dat chuan", table) != "none"
    assert suggest("chua dat chuan", table) == "none"  # the negation kept: offered
    tourism = Field("t", {"vi": "t", "en": "t"}, type="category", categories=("none", "yes"),
                    category_labels={"none": {"vi": "không có", "en": "no link"}, "yes": {"vi": "có", "en": "link"}})
    assert suggest("có", field_aliases(tourism)) == "yes" and suggest("links", field_aliases(tourism)) == "yes"
    assert suggest("no links", field_aliases(tourism)) == "none"


def test_the_short_forms_a_label_lists_in_order_are_accepted():
    table = field_aliases(_ntm())
    assert resolve("nâng cao", table) == "advanced" and resolve("Kiểu mẫu", table) == "model"
    assert resolve("NTM", table) == "ntm" and resolve("chưa đạt", table) == "none"
    assert resolve("advanced", table) == "advanced" and resolve("model", table) == "model"
    shorter = Field("x", {"vi": "X (a / b)", "en": "X (a / b)"}, type="category", categories=("p", "q", "r"))
    assert resolve("a", field_aliases(shorter)) is None  # not one short form per category: not read as any


def test_a_roman_numeral_of_a_label_may_be_written_as_a_digit():
    region = Field("wage_region", {"vi": "Vùng (I–IV)", "en": "Region (I–IV)"}, type="category",
                   categories=("I", "II", "III", "IV"),
                   category_labels={c: {"vi": f"Vùng {c}", "en": f"Region {c}"} for c in ("I", "II", "III", "IV")})
    table = field_aliases(region)
    assert [resolve(t, table) for t in ("Vùng 2", "vùng 4", "Region 3", "1")] == ["II", "IV", "III", "I"]
    assert suggest("Vùng 2", table) == "II" and suggest("Vung 2", table) == "II"


def test_a_number_is_suggested_as_the_one_label_holding_it():
    stars = Field("ocop", {"vi": "OCOP", "en": "OCOP"}, type="category", categories=("none", "three", "four"),
                  category_labels={"none": {"vi": "chưa có sản phẩm từ 3 sao", "en": "no product of 3 stars"},
                                   "three": {"vi": "3 sao", "en": "3 stars"}, "four": {"vi": "4 sao", "en": "4 stars"}})
    table = field_aliases(stars)
    assert suggest("3", table) == "three" and suggest("4", table) == "four" and suggest("7", table) is None


def _pollution():
    return Field("pollution_classification", {"vi": "Phân loại (không ô nhiễm / ô nhiễm / ô nhiễm nghiêm trọng)",
                                              "en": "Classification (not polluted / polluted / seriously polluted)"},
                 type="category", categories=("not_polluted", "polluted", "seriously_polluted"),
                 category_labels={"not_polluted": {"vi": "không ô nhiễm", "en": "not polluted"},
                                  "polluted": {"vi": "ô nhiễm", "en": "polluted"},
                                  "seriously_polluted": {"vi": "ô nhiễm nghiêm trọng", "en": "seriously polluted"}})


def test_short_and_prefixed_negations_suggest_the_negated_category():
    table = field_aliases(_pollution())
    for typed in ("non-polluted", "non polluted", "nonpolluted", "unpolluted", "ko ô nhiễm", "k ô nhiễm",
                  "khg ô nhiễm", "kg o nhiem", "ko o nhiem", "khong o nhiem", "not-polluted", "un-polluted"):
        assert suggest(typed, table) == "not_polluted", typed
    recognition = Field("recognition_status", {"vi": "x", "en": "x"}, type="category",
                        categories=("none", "craft_village"),
                        category_labels={"none": {"vi": "chưa công nhận", "en": "not recognised"},
                                         "craft_village": {"vi": "làng nghề", "en": "craft village"}})
    for typed in ("ko công nhận", "non recognised", "unrecognised"):
        assert suggest(typed, field_aliases(recognition)) == "none", typed
    tourism = Field("tourism_link", {"vi": "x", "en": "x"}, type="category", categories=("none", "visitors"),
                    category_labels={"none": {"vi": "chưa gắn với du lịch", "en": "no tourism link"},
                                     "visitors": {"vi": "đón khách tham quan", "en": "receives visitors"}})
    assert suggest("non", field_aliases(tourism)) == "none" and suggest("ko", field_aliases(tourism)) == "none"


def test_without_a_negation_no_category_is_offered_whose_opposite_is_closer():
    table = field_aliases(_pollution())
    assert suggest("o nhiem", table) == "polluted" and suggest("poluted", table) == "polluted"
    assert suggest("notpolluted", table) is None  # "not polluted" is closer than "polluted"
    assert suggest("nông thôn", field_aliases(_ntm())) != "none"  # "nông" is not "non" + a word


def test_a_suggestion_never_changes_a_number():
    stars = Field("ocop", {"vi": "OCOP", "en": "OCOP"}, type="category", categories=("four", "five"),
                  category_labels={"four": {"vi": "4 sao", "en": "4 stars"}, "five": {"vi": "5 sao", "en": "5 stars"}})
    table = field_aliases(stars)
    assert suggest("0 sao", table) is None and suggest("5 saoo", table) == "five" and suggest("4 star", table) == "four"
    region = Field("wage_region", {"vi": "Vùng", "en": "Region"}, type="category", categories=("I", "II"),
                   category_labels={c: {"vi": f"Vùng {c}", "en": f"Region {c}"} for c in ("I", "II")})
    table = field_aliases(region)
    assert suggest("Vùng 5", table) is None and suggest("Vung 2", table) == "II" and suggest("vung ii", table) == "II"


def test_common_spellings_of_not_negate_and_a_compound_or_a_stray_k_does_not():
    table = field_aliases(_pollution())
    for typed in ("kô ô nhiễm", "hok ô nhiễm", "kh ô nhiễm", "k0 ô nhiễm", "hông ô nhiễm", "unpoluted", "nonpoluted"):
        assert suggest(typed, table) == "not_polluted", typed
    for typed in ("không khí ô nhiễm", "không gian ô nhiễm"):  # air, space: no negation, never "not polluted"
        assert suggest(typed, table) != "not_polluted", typed
    sectors = {"ceramics": Sector("ceramics", {"vi": "Gốm sứ", "en": "Ceramics"}),
               "rattan": Sector("rattan", {"vi": "Mây tre đan", "en": "Rattan and bamboo"})}
    table = sector_aliases(sectors)
    assert suggest("gốm sứ k", table) == "ceramics" and suggest("mây tre đan (k)", table) == "rattan"


def test_a_suggestion_never_changes_a_roman_numeral_nor_adds_a_number():
    region = Field("wage_region", {"vi": "Vùng (I–IV)", "en": "Region (I–IV)"}, type="category",
                   categories=("I", "II", "III", "IV"),
                   category_labels={c: {"vi": f"Vùng {c}", "en": f"Region {c}"} for c in ("I", "II", "III", "IV")})
    table = field_aliases(region)
    for typed in ("Vùng V", "Vùng VI", "vùng vi", "region v", "vung IIII", "Vùng IX", "vùng"):
        assert suggest(typed, table) is None, typed
    assert suggest("vung iv", table) == "IV" and suggest("Vung III", table) == "III"
    assert suggest("vung 2", table) == "II"
    stars = Field("ocop", {"vi": "OCOP", "en": "OCOP"}, type="category", categories=("none", "four", "five"),
                  category_labels={"none": {"vi": "chưa có", "en": "none"}, "four": {"vi": "4 sao", "en": "4 stars"},
                                   "five": {"vi": "5 sao", "en": "5 stars"}})
    table = field_aliases(stars)
    assert suggest("sao", table) is None and suggest("stars", table) is None and suggest("5 saoo", table) == "five"


def test_a_spreadsheet_s_apostrophe_before_a_formula_character_is_not_part_of_the_value():
    table = {alias_key("- Không"): "g_b", alias_key("+ Có chứng nhận"): "g_a"}
    assert resolve("'- Không", table) == "g_b" and resolve("'+ Có chứng nhận", table) == "g_a"
    assert alias_key("'- không ") == alias_key("- Không")
    assert alias_key("'Không") != alias_key("Không")  # an apostrophe before a letter is the value's own
