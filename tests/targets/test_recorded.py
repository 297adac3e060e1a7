"""villagescore.targets.recorded: the province names each group and year was recorded under."""

import numpy as np
import pandas as pd

from villagescore.targets.recorded import moved_names, recorded_names


def test_names_are_kept_per_group_and_year_each_once_sorted():
    villages = pd.DataFrame({"year": [2023, 2023, 2023, 2025, 2025],
                             "recorded_province": ["Nam Định", "Hà Nam", "Hà Nam", "Ninh Bình", None]})
    codes = np.array([0, 0, 0, 0, -1])
    names = np.array(["Ninh Bình", "*"], dtype=object)
    assert recorded_names(villages, codes, names) == {("Ninh Bình", 2023): ["Hà Nam", "Nam Định"],
                                                      ("Ninh Bình", 2025): ["Ninh Bình"]}
    assert recorded_names(villages.drop(columns="recorded_province"), codes, names) == {}


def test_another_spelling_of_the_group_is_no_move():
    assert moved_names("Thanh Hóa", ["Thanh Hoá", "Tỉnh Thanh Hóa", "THANH HÓA"]) == []
    assert moved_names("Ninh Bình", ["Hà Nam", "Tỉnh Ninh Bình", "Nam Định"]) == ["Hà Nam", "Nam Định"]
    assert moved_names("Ninh Bình", ["Hà Nam", "Tỉnh Hà Nam", "HÀ NAM"]) == ["Hà Nam"]  # one move, three spellings


def test_an_unaccented_or_prefixed_spelling_of_the_group_is_no_move_as_in_compare():
    # review of audit 17: targets showed "Phú Thọ ← Phu Tho" where compare showed no move
    from villagescore.reports.comparison_places import other_names

    cases = [("Phú Thọ", ["Phu Tho"]), ("Hồ Chí Minh", ["Thanh pho Ho Chi Minh", "Hồ Chí Minh"]),
             ("Ninh Bình", ["Ninh Binh", "Ninh Bình"])]
    for group, recorded in cases:
        assert moved_names(group, recorded) == [] == other_names(recorded, group)
    assert moved_names("Ninh Bình", ["Ha Nam", "Hà Nam"]) == ["Ha Nam"] == other_names(["Ha Nam", "Hà Nam"],
                                                                                       "Ninh Bình")
