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
