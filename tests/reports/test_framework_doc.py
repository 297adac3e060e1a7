"""``framework show --format md``: the reference page in the run's language, numbers in its format."""

from villagescore.framework import load_framework
from villagescore.reports.framework_doc import framework_markdown, threshold_text


def _default():
    from villagescore.registry import Registry

    return load_framework(None, Registry.default())


def test_vietnamese_page_has_no_english_words_around_the_data():
    md = framework_markdown(_default(), "vi")
    for english in ("— weight", "| indicator | code |", "| higher |", "| all |", "→ in force", "(by ",
                    "UNVERIFIED", "(secondary source)", "## Rating tiers", "*Why:*", "e+06"):
        assert english not in md, english
    assert "— trọng số 0,3 (30 %)" in md
    assert "| chỉ số | mã | trọng số | chiều | ngành |" in md
    assert "4.680.000" in md and "700.000" in md
    assert "(theo wage_region)" in md and "còn hiệu lực" in md
    # the gate: indicator by label with id, rule in words, cap tier by label with id
    assert ("(environment.protection_plan) | giá trị ≥ 1 | Cần cải thiện (needs_improvement) |") in md


def test_english_page_formats_numbers_in_english():
    md = framework_markdown(_default(), "en")
    assert "4,680,000" in md and "700,000" in md and "e+06" not in md
    assert "— weight 0.3 (30 %)" in md


def test_threshold_text_in_each_language():
    node = _default().indicator_node("environment.effluent_cod")
    assert "(theo discharge_column)" in threshold_text(node, "vi")
    assert "(nguồn thứ cấp)" in threshold_text(node, "vi")
    assert "(by discharge_column)" in threshold_text(node, "en")


def test_a_minimum_is_written_with_greater_or_equal_a_maximum_with_less_or_equal():
    """A wage floor, the poverty line and the 20 % of craft households are minimums: the value must reach them."""
    fw = _default()
    households = threshold_text(fw.indicator_node("economy.craft_households_share"), "en")
    assert households.startswith("households taking part in rural trades (minimum) ≥ 20 %"), households
    wage = threshold_text(fw.indicator_node("economy.wage_to_minimum"), "en")
    assert "regional minimum monthly wage ≥ I:" in wage and "≤" not in wage
    cod = threshold_text(fw.indicator_node("environment.effluent_cod"), "en")
    assert cod.startswith("COD ≤ A: 75 / B: 150"), cod
