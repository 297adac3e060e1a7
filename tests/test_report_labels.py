"""The labels the engine hands to reports: sector names and the words of category values."""

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def pilot():
    import villagescore as vs

    return vs.evaluate(REPO / "datasets" / "phung-xa" / "phung-xa.csv")


def test_category_indicators_carry_their_catalogue_labels(pilot):
    labels = pilot.value_labels["economy.tourism_link"]
    assert labels["none"] == {"vi": "chưa gắn với du lịch", "en": "no tourism link"}
    assert set(labels) == {"none", "visitors", "tourist_site"}
    assert "economy.collective_mark" not in pilot.value_labels  # yes/no: no category labels


def test_sector_labels_name_the_rows_sectors(pilot):
    assert set(pilot.sector_labels) == {"weaving", "sericulture"}
    assert pilot.sector_labels["weaving"]["vi"].startswith("Dệt")


@pytest.mark.parametrize(("lang", "words", "unit"), [("vi", "chưa gắn với du lịch (none)", "không"),
                                                     ("en", "no tourism link (none)", "no")])
def test_reports_show_a_category_as_its_label_and_a_yes_no_as_the_word(pilot, lang, words, unit):
    from villagescore.reports.view import value_and_unit

    assert value_and_unit(pilot, "economy.tourism_link", "none", "category", lang) == (words, "")
    assert value_and_unit(pilot, "economy.collective_mark", 0.0, "bool", lang) == (unit, "")
    assert value_and_unit(pilot, "environment.effluent_cod", 182.5, "mg/L", lang)[0] == (
        "182,5" if lang == "vi" else "182.5")
