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


def test_the_fields_of_transitional_rules_carry_their_labels(pilot):
    labels = pilot.field_labels["facilities_existing_before_new_qcvn"]
    assert set(labels) == {"vi", "en"} and labels["vi"].startswith("Các cơ sở sản xuất")


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


@pytest.mark.parametrize("dtype", [object, "string"])
def test_sector_labels_read_each_distinct_cell_as_the_text_of_every_cell_did(dtype):
    """Distinct cells made text once give the sectors that every cell made text gave (empty cells skipped)."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from villagescore.report_labels import sector_labels

    cells = ["weaving", "weaving;sericulture", None, np.nan, " sericulture ; lacquer", "", "weaving", "unknown"]
    if dtype == "string":
        cells = [c if isinstance(c, str) else pd.NA for c in cells]
    frame = pd.DataFrame({"sectors": pd.Series(cells, dtype=dtype)})
    registry = SimpleNamespace(sectors={s: SimpleNamespace(label={"en": s.title()}) for s in
                                        ("weaving", "sericulture", "lacquer", "ceramics")})
    distinct = frame["sectors"].dropna().astype(str).unique()  # the former reading
    named = sorted({part.strip() for value in distinct for part in value.split(";") if part.strip()})
    want = {s: dict(registry.sectors[s].label) for s in named if s in registry.sectors}
    got = sector_labels(registry, frame)
    assert got == want and list(got) == list(want) == ["lacquer", "sericulture", "weaving"]
