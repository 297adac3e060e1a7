"""Where a village-year is, as the views show it (villagescore.places)."""

from villagescore.places import current_province, former_units, place_lines, province_text


def test_a_blank_province_is_derived_from_the_former_one_and_marked_so():
    assert current_province(None, "Hà Nam") == ("Ninh Bình", True)
    assert current_province("Hà Nội", "Hà Tây") == ("Hà Nội", False)  # as recorded: never overridden
    assert current_province(None, None) == (None, False)
    assert current_province("", "Nowhere") == (None, False)
    derived = {"province_current": "Ninh Bình", "province_derived": True}
    assert province_text(derived, "en") == ("Ninh Bình (derived from the former province through the 2025 "
                                            "province table)")
    assert province_text(derived, "vi").startswith("Ninh Bình (suy ra từ tỉnh cũ")
    assert province_text({"province_current": "Hà Nội", "province_derived": False}, "vi") == "Hà Nội"
    assert province_text({"province_current": None}, "en") == ""


def test_the_former_units_are_listed_in_order_with_their_labels_in_both_languages():
    v = {"former_commune": "Xã Nhật Tân", "former_district": None, "former_province": "Hà Nam"}
    assert former_units(v, "en") == [("Commune (before 7/2025)", "Xã Nhật Tân"), ("Province (before 7/2025)", "Hà Nam")]
    assert former_units(v, "vi") == [("Xã (trước 7/2025)", "Xã Nhật Tân"), ("Tỉnh (trước 7/2025)", "Hà Nam")]
    assert former_units({}, "vi") == []


def test_the_place_line_and_the_former_units_line():
    v = {"commune": "X", "province": None, "former_district": "Kim Bảng", "former_province": "Hà Nam"}
    place, former = place_lines(v, "en")
    assert place.startswith("X, Ninh Bình (derived")
    assert former == ["District (before 7/2025): Kim Bảng · Province (before 7/2025): Hà Nam"]
    assert place_lines({"commune": None, "province": None}, "vi") == ("", [])
