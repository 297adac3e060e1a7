"""Choosing villages by id or name, and years (villagescore.villages)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.i18n import use_language
from villagescore.villages import (
    VillageChoiceError,
    check_village_years,
    choose_village,
    choose_villages,
    choose_years,
    fold,
    fold_each,
)

FRAME = pd.DataFrame({
    "village_id": ["phung-xa-my-duc", "phung-xa-my-duc", "van-phuc-ha-dong", "dong-ky-tu-son", "dong-ky-2"],
    "name": ["Làng dệt Phùng Xá", "Làng dệt Phùng Xá", "Làng lụa Vạn Phúc", "Làng gỗ Đồng Kỵ", "Làng gỗ Đồng Kỵ"],
    "year": [2021, 2025, 2024, 2024, 2024],
})


@pytest.fixture(autouse=True)
def english():
    use_language("en")
    yield
    use_language(None)


def test_fold_drops_case_accents_and_reads_d_bar_as_d():
    assert fold("  ĐỒNG   Kỵ ") == "dong ky"
    assert fold("Phu\u0300ng Xá") == fold("Phùng Xá") == "phung xa"  # decomposed input is normalised


#: Texts whose edges would join a neighbour's under a normalisation done over joined texts: a text that
#: starts with a combining mark (it composes with the end of the text before it), with or ends in spaces,
#: Hangul jamo (composed algorithmically), a final sigma, "ß" (folded to two letters), private-use characters.
EDGES = ["\u0301a", "a", "  Đồng\tKỵ  ", "", " ", "\u1100", "\u1161", "ΟΔΟΣ", "Straße", "\ue000x", "Phu\u0300ng Xá",
         "\u0323\u0302o", "x\u0300", "\n\nLàng\r\n", "ǅ", "\U0001d400"]


def test_fold_each_is_fold_of_each():
    assert fold_each(EDGES) == [fold(t) for t in EDGES]
    assert fold_each(EDGES[::-1]) == [fold(t) for t in EDGES[::-1]]
    assert fold_each([]) == [] and fold_each(["Làng"]) == ["lang"]


def test_fold_each_without_a_free_character_to_join_with_folds_one_at_a_time():
    every = "".join(map(chr, range(0xE000, 0xF900)))
    texts = [every + "Á", "Đ\u0301"]
    assert fold_each(texts) == [fold(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=12))
def test_fold_each_is_fold_of_each_on_any_texts(texts):
    assert fold_each(texts) == [fold(t) for t in texts]


@pytest.mark.parametrize("value", ["phung-xa-my-duc", "Làng dệt Phùng Xá", "lang det phung xa", "PHÙNG XÁ",
                                   "phung xa", "PHUNG-XA-MY-DUC"])
def test_an_id_or_a_name_chooses_the_village(value):
    assert choose_village(FRAME, value) == "phung-xa-my-duc"


def test_villages_are_chosen_once_in_the_order_given():
    assert choose_villages(FRAME, ["van phuc", "phung-xa-my-duc", "Phùng Xá"]) == ["van-phuc-ha-dong",
                                                                                  "phung-xa-my-duc"]


def test_a_name_of_several_villages_lists_their_ids():
    with pytest.raises(VillageChoiceError) as info:
        choose_village(FRAME, "dong ky", source="data.csv")
    text = str(info.value)
    assert text.startswith("data.csv: 'dong ky' names 2 villages")
    assert "(dong-ky-tu-son)" in text and "(dong-ky-2)" in text


def test_a_part_of_a_word_is_not_a_name():
    with pytest.raises(VillageChoiceError):
        choose_village(FRAME, "phu")


def test_an_unknown_village_suggests_the_closest():
    with pytest.raises(VillageChoiceError) as info:
        choose_village(FRAME, "van phuk")
    assert "the closest: Làng lụa Vạn Phúc (van-phuc-ha-dong)" in str(info.value)


def test_an_unknown_village_with_nothing_close_lists_some():
    with pytest.raises(VillageChoiceError, match="known villages include: phung-xa-my-duc"):
        choose_village(FRAME, "zzzzzzzz")


@pytest.mark.parametrize(("choose", "english", "vietnamese"), [
    (lambda: choose_village(FRAME, "zzzzzzzz", source="d.csv"), "d.csv: no village 'zzzzzzzz'; known villages",
     "d.csv: không có làng 'zzzzzzzz'; các làng hiện có gồm"),
    (lambda: choose_village(FRAME, "phung xy"), "no village 'phung xy'; the closest: Làng dệt Phùng Xá",
     "không có làng 'phung xy'; gần nhất là: Làng dệt Phùng Xá"),
    (lambda: choose_village(FRAME, "Đồng Kỵ"), "'Đồng Kỵ' names 2 villages; give one of their ids",
     "'Đồng Kỵ' ứng với 2 làng nghề"),
    (lambda: choose_years(FRAME, [2019], source="d.csv"), "d.csv: no village-year in 2019; the years present",
     "d.csv: không có lượt làng-năm nào của năm 2019"),
])
def test_the_message_is_english_and_said_in_the_run_s_language(choose, english, vietnamese):
    """On a Vietnamese machine too, ``str()`` is English (as documented) and ``text("vi")`` Vietnamese."""
    use_language("vi")
    with pytest.raises(VillageChoiceError) as info:
        choose()
    assert str(info.value).startswith(english) and info.value.text("en") == str(info.value)
    assert info.value.text("vi").startswith(vietnamese)


def test_years_keep_their_rows_and_an_absent_year_lists_the_years_present():
    assert choose_years(FRAME, []) is FRAME
    assert list(choose_years(FRAME, [2021, 2024])["year"]) == [2021, 2024, 2024, 2024]
    with pytest.raises(VillageChoiceError, match=r"no village-year in 2019, 2030; the years present: 2021, 2024, 2025"):
        choose_years(FRAME, [2019, 2024, 2030])


def test_a_village_with_no_row_in_the_years_lists_its_own_years():
    check_village_years(FRAME, ["phung-xa-my-duc"], [2021, 2024])  # one of the years is enough
    check_village_years(FRAME, ["phung-xa-my-duc"], [])
    with pytest.raises(VillageChoiceError, match=r"^d.csv \(phung-xa-my-duc\): no village-year in 2024; "
                                                 r"the years present: 2021, 2025$"):
        check_village_years(FRAME, ["phung-xa-my-duc"], [2024], source="d.csv")
