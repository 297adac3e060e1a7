"""The command a result records, written back as a user types it (:mod:`villagescore.reports.command_line`)."""

import shlex

from villagescore.reports.command_line import options_text


def test_a_repeatable_option_is_typed_once_a_value_and_a_word_with_a_space_is_quoted():
    text = options_text({"command": "evaluate", "framework": "khung mới.yaml", "village": ["bat-trang", "van-phuc"],
                         "year": [2024, 2025]})
    assert text == ("villagescore evaluate --framework 'khung mới.yaml' --village bat-trang --village van-phuc "
                    "--year 2024 --year 2025")
    assert shlex.split(text)[2:4] == ["--framework", "khung mới.yaml"]


def test_a_plain_word_with_accents_is_left_as_it_is():
    assert options_text({"command": "evaluate", "framework": "khung-mới.yaml"}) == (
        "villagescore evaluate --framework khung-mới.yaml")


def test_a_catalogue_is_typed_before_the_command_as_villagescore_reads_it():
    text = options_text({"command": "evaluate", "framework": "vn-ttcn-sustainable", "keep_going": False,
                         "catalogue": ["bronze-casting.yaml", "lụa mới.yaml"]})
    assert text == ("villagescore --catalogue bronze-casting.yaml --catalogue 'lụa mới.yaml' evaluate "
                    "--framework vn-ttcn-sustainable")


def test_the_dataset_is_typed_after_the_options_and_an_api_catalogue_as_its_keyword():
    text = options_text({"command": "targets", "framework": "vn-ttcn-sustainable", "by": "national",
                         "targets": "decision-1058", "dataset": "làng nghề.csv"})
    assert text == ("villagescore targets --by national --framework vn-ttcn-sustainable --targets decision-1058 "
                    "'làng nghề.csv'")
    assert options_text({"api": True, "catalogue": ["b.yaml"]}) == "villagescore.evaluate(catalogues=['b.yaml'])"
