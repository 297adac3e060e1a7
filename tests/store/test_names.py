from villagescore.store.names import fold


def test_fold_removes_diacritics_and_case():
    assert fold("Làng dệt Phùng Xá") == "lang det phung xa"
    assert fold("ĐÔNG KỴ") == fold("dong ky") == "dong ky"
    assert fold("Hòa") == fold("Hoà") == "hoa"  # old and new tone-mark placement
    assert fold("  Bát   Tràng ") == "bat trang"
    assert fold(None) == ""


def test_fold_each_is_fold_of_each():
    from villagescore.store.names import fold_each

    names = ["Làng dệt Phùng Xá", "ĐÔNG KỴ", "  Bát   Tràng ", "", "Hòa"]
    assert fold_each(names) == [fold(n) for n in names]
