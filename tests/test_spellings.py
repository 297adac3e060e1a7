"""Other places among recorded names, never other spellings of one."""

from villagescore.spellings import other_spellings


def test_other_spellings_lists_each_other_place_once_never_the_name_itself():
    assert other_spellings(["Thanh Hoá", "Tỉnh Thanh Hóa", "Phu Tho", "Phú Thọ", "Hà Nam"], "Thanh Hóa") == [
        "Phu Tho", "Hà Nam"]
    assert other_spellings(["Hà Nam", "Tỉnh Hà Nam"], None) == ["Hà Nam"]
