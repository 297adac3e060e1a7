import re

from villagescore.targets.chart import trend_svg


def _texts(svg):
    return re.findall(r">([^<>]+)</(?:text|title)>", svg)


def test_numbers_in_the_chart_are_written_for_vietnamese():
    svg = trend_svg({"*": [(2022, 281959.0), (2023, 300000.0)]}, target_year=2025, target_value=1_000_000.0,
                    highlight="*", labels={"*": "Cả nước"}, lang="vi")
    texts = _texts(svg)
    assert "Cả nước 2022: 281.959" in texts
    assert "1.000.000" in texts  # axis label
    assert not any(re.fullmatch(r"\d{4,}", t) and len(t) > 4 for t in texts)  # no ungrouped large numbers


def test_decimals_use_a_comma_in_vietnamese_and_a_point_in_english():
    series = {"*": [(2022, 1.01), (2023, 1.2)]}
    vi = _texts(trend_svg(series, target_year=2025, target_value=1.5, highlight="*", labels={"*": "Cả nước"},
                          lang="vi"))
    en = _texts(trend_svg(series, target_year=2025, target_value=1.5, highlight="*", labels={"*": "National"}))
    assert "Cả nước 2022: 1,010" in vi and "0,5" in vi
    assert "National 2022: 1.010" in en and "0.5" in en
