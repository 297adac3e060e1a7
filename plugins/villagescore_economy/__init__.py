"""Economy pillar: the generic economic indicators of a craft village (ECO-01 … ECO-11).

Anchors: the recognition criteria of Decree 52/2018/NĐ-CP art. 5 (≥ 20 % of households in
rural trades, ≥ 2 years of stable production), the targets of Decision 801/QĐ-TTg (growth
≈ 10 %/yr, worker income ≥ 1.5 × 2020, OCOP products, collective marks) and the regional
minimum wage. The minimum-wage table below is *reference data* an indicator needs to compute
its value (not a pass/fail limit); each row carries its decree and confidence.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    Indicator,
    Reference,
    bands,
    category_field,
    count_field,
    hookimpl,
    linear,
    number_field,
    percent_field,
    text,
    yes_is_good,
    yes_no_field,
)

__version__ = "0.1.0"

__all__ = [
    "register_fields",
    "register_indicators",
    "MINIMUM_WAGE",
    "MINIMUM_WAGE_REFERENCES",
    "WAGE_DECREE_BY_YEAR",
    "craft_household_share",
    "wage_to_minimum",
    "minimum_wage_for",
]

# ---- reference table: regional minimum wage (VND/month) ------------------------------------

#: Monthly regional minimum wage by decree and region (I … IV), VND.
MINIMUM_WAGE: dict[str, dict[str, int]] = {
    "decree-90-2019": {"I": 4_420_000, "II": 3_920_000, "III": 3_430_000, "IV": 3_070_000},
    "decree-38-2022": {"I": 4_680_000, "II": 4_160_000, "III": 3_640_000, "IV": 3_250_000},
    "decree-74-2024": {"I": 4_960_000, "II": 4_410_000, "III": 3_860_000, "IV": 3_450_000},
    "decree-293-2025": {"I": 5_310_000, "II": 4_730_000, "III": 4_140_000, "IV": 3_700_000},
}

#: Which decree applies to a data year: the one in force on 31 December of that year.
#: Years outside the table give a missing value rather than a guessed wage.
WAGE_DECREE_BY_YEAR: dict[int, str] = {
    2020: "decree-90-2019",
    2021: "decree-90-2019",
    2022: "decree-38-2022",
    2023: "decree-38-2022",
    2024: "decree-74-2024",
    2025: "decree-74-2024",
    2026: "decree-293-2025",
}

MINIMUM_WAGE_REFERENCES: tuple[Reference, ...] = (
    Reference(
        "Decree 90/2019/NĐ-CP",
        provision="art. 3",
        column="regions I–IV",
        value="4,420,000 / 3,920,000 / 3,430,000 / 3,070,000",
        unit="VND/month",
        valid_from="2020-01-01",
        valid_to="2022-06-30",
        confidence="unverified",
        note="Not in the project's reference files: values from background knowledge; check before use.",
    ),
    Reference(
        "Decree 38/2022/NĐ-CP",
        provision="art. 3",
        column="regions I–IV",
        value="4,680,000 / 4,160,000 / 3,640,000 / 3,250,000",
        unit="VND/month",
        valid_from="2022-07-01",
        valid_to="2024-06-30",
        confidence="unverified",
        note="Not in the project's reference files: values from background knowledge; check before use.",
    ),
    Reference(
        "Decree 74/2024/NĐ-CP",
        provision="art. 3",
        column="regions I–IV",
        value="4,960,000 / 4,410,000 / 3,860,000 / 3,450,000",
        unit="VND/month",
        valid_from="2024-07-01",
        valid_to="2025-12-31",
        confidence="verified",
        url="https://netviet.com.vn/decree-74-2024-nd-cp-increases-in-regional-minimum-wages",
    ),
    Reference(
        "Decree 293/2025/NĐ-CP",
        provision="art. 3",
        column="regions I–IV",
        value="5,310,000 / 4,730,000 / 4,140,000 / 3,700,000",
        unit="VND/month",
        valid_from="2026-01-01",
        confidence="verified",
        url="https://news.laodong.vn/thoi-su/chinh-thuc-tang-luong-toi-thieu-vung-tu-112026-1606919.ldo",
    ),
)


def minimum_wage_for(year, region):
    """Return the regional minimum wage (VND/month) for aligned ``year`` and ``region`` Series.

    Vectorised: the (decree, region) pairs are looked up in one ``reindex``; unknown years or
    regions give NaN.
    """
    import pandas as pd

    decree = pd.Series(year, copy=False).map(WAGE_DECREE_BY_YEAR)
    region = pd.Series(region, copy=False).astype("string")
    table = pd.Series(
        {(d, r): float(v) for d, row in MINIMUM_WAGE.items() for r, v in row.items()}, dtype=float
    )
    keys = pd.MultiIndex.from_arrays([decree.astype(object), region.astype(object)])
    return pd.Series(table.reindex(keys).to_numpy(), index=decree.index, dtype=float)


def craft_household_share(frame):
    """Share of households in rural trades, % (craft ÷ total × 100; NaN when total is 0)."""
    total = frame["households_total"].astype(float)
    return frame["households_craft"].astype(float) / total.where(total > 0) * 100.0


def wage_to_minimum(frame):
    """Average monthly wage of craft workers ÷ the regional minimum wage of the data year."""
    minimum = minimum_wage_for(frame["year"], frame["wage_region"])
    return frame["worker_wage_vnd_month"].astype(float) / minimum


_D52 = Reference(
    "Decree 52/2018/NĐ-CP",
    provision="art. 5(3)(a)",
    parameter="households in rural trades",
    value=20,
    unit="%",
    valid_from="2018-06-01",
    confidence="secondary",
    url="https://trungtamphaply.vn/2889/",
    note="[S] ×4, consistent; pre-2018 rule was 30 %.",
)
_D801_URL = (
    "https://khuyennongtphcm.vn/thu-tuong-chinh-phu-ban-hanh-quyet-dinh-801-qd-ttg-ngay-7-7-2022-ve-"
    "phe-duyet-chuong-trinh-bao-ton-va-phat-trien-lang-nghe-viet-nam-giai-doan-2021-2030/"
)


def _d801(provision: str) -> Reference:
    return Reference(
        "Decision 801/QĐ-TTg (07/07/2022)", provision=provision, confidence="secondary", url=_D801_URL
    )


@hookimpl
def register_fields():
    """Return the raw economic fields of a village."""
    return [
        count_field(
            "households_total",
            "Tổng số hộ trên địa bàn",
            "Households in the area",
            "households",
            minimum=1,
            maximum=200_000,
        ),
        count_field(
            "households_craft",
            "Số hộ tham gia ngành nghề nông thôn",
            "Households engaged in rural trades",
            "households",
            maximum=200_000,
            not_greater_than="households_total",
        ),
        count_field(
            "stable_production_years",
            "Số năm sản xuất ổn định liên tục",
            "Consecutive years of stable production",
            "years",
            maximum=1000,
        ),
        percent_field(
            "craft_value_share_pct",
            "Tỷ trọng giá trị ngành nghề trong kinh tế xã",
            "Craft share of commune economic value",
        ),
        number_field(
            "worker_wage_vnd_month",
            "Thu nhập bình quân tháng của lao động làng nghề",
            "Average monthly wage of craft workers",
            "VND/month",
            maximum=500_000_000,
        ),
        category_field(
            "wage_region",
            "Vùng lương tối thiểu (I–IV)",
            "Minimum-wage region (I–IV)",
            ("I", "II", "III", "IV"),
        ),
        number_field(
            "production_value_growth_pct",
            "Tăng trưởng giá trị sản xuất của làng nghề",
            "Annual growth of village production value",
            "%/yr",
            minimum=-100,
            maximum=1000,
        ),
        number_field(
            "worker_income_vs_2020_ratio",
            "Thu nhập lao động so với năm 2020 (lần)",
            "Worker income relative to 2020 (×)",
            "ratio",
            maximum=50,
        ),
        count_field(
            "ocop_products_count",
            "Số sản phẩm OCOP được xếp hạng (từ 3 sao)",
            "OCOP-rated products (3 stars or more)",
            "products",
            maximum=1000,
        ),
        yes_no_field(
            "collective_mark",
            "Có nhãn hiệu tập thể, nhãn hiệu chứng nhận hoặc chỉ dẫn địa lý",
            "Collective mark, certification mark or geographical indication",
        ),
        percent_field("export_sales_pct", "Tỷ trọng doanh thu xuất khẩu", "Export share of sales"),
        percent_field(
            "raw_material_traceable_pct",
            "Tỷ lệ nguyên liệu tại chỗ hoặc truy xuất được nguồn gốc",
            "Raw material that is local or traceable",
        ),
        percent_field(
            "facilities_supported_pct",
            "Tỷ lệ cơ sở được hưởng hỗ trợ theo Nghị định 52/2018",
            "Facilities that used Decree 52/2018 support",
        ),
    ]


@hookimpl
def register_indicators():
    """Return the economy-pillar indicators."""
    return [
        Indicator(
            id="economy.craft_households_share",
            code="ECO-01",
            label=text("Tỷ lệ hộ tham gia ngành nghề nông thôn", "Share of households in rural trades"),
            unit="%",
            direction="higher",
            requires=("households_craft", "households_total"),
            compute=craft_household_share,
            scorer=bands([20, 30, 50, 70], [0, 50, 70, 85, 100]),
            pillar="economy",
            criterion="craft_base",
            references=(_D52,),
        ),
        Indicator(
            id="economy.stable_production",
            code="ECO-02",
            label=text("Số năm sản xuất ổn định liên tục", "Consecutive years of stable production"),
            unit="years",
            direction="higher",
            requires=("stable_production_years",),
            scorer=bands([2, 5, 10], [0, 60, 80, 100]),
            pillar="economy",
            criterion="craft_base",
            references=(
                Reference(
                    "Decree 52/2018/NĐ-CP",
                    provision="art. 5(3)(b)",
                    value=2,
                    unit="years",
                    confidence="secondary",
                    url="https://trungtamphaply.vn/2889/",
                ),
            ),
        ),
        Indicator(
            id="economy.craft_value_share",
            code="ECO-03",
            label=text("Tỷ trọng giá trị ngành nghề trong kinh tế xã", "Craft share of commune economy"),
            unit="%",
            direction="higher",
            requires=("craft_value_share_pct",),
            scorer=linear(0, 70),
            pillar="economy",
            criterion="craft_base",
            references=(
                Reference(
                    "Phùng Xá benchmark",
                    value="67–70",
                    unit="%",
                    confidence="secondary",
                    url="https://langngheviet.com.vn/hiep-hoi-lang-nghe-det-xa-phung-xa-doan-ket-va-"
                    "phat-trien-11877.html",
                ),
            ),
        ),
        Indicator(
            id="economy.wage_to_minimum",
            code="ECO-04",
            label=text(
                "Thu nhập bình quân của lao động so với lương tối thiểu vùng",
                "Craft-worker wage against the regional minimum wage",
            ),
            unit="ratio",
            direction="higher",
            requires=("worker_wage_vnd_month", "wage_region"),
            compute=wage_to_minimum,
            scorer=bands([1.0, 1.2, 1.5, 2.0], [0, 50, 70, 85, 100]),
            pillar="economy",
            criterion="decent_income",
            references=MINIMUM_WAGE_REFERENCES,
            description=text(
                "Lương tối thiểu chọn theo năm số liệu (nghị định có hiệu lực ngày 31/12) và vùng.",
                "The minimum wage is chosen by data year (the decree in force on 31 December) "
                "and region; needs the identity column 'year'.",
            ),
        ),
        Indicator(
            id="economy.production_growth",
            code="ECO-05",
            label=text("Tăng trưởng giá trị sản xuất hằng năm", "Annual growth of production value"),
            unit="%/yr",
            direction="higher",
            requires=("production_value_growth_pct",),
            scorer=linear(0, 10),
            pillar="economy",
            criterion="growth",
            references=(_d801("growth ≈ 10 %/yr 2021–2030"),),
        ),
        Indicator(
            id="economy.income_growth",
            code="ECO-06",
            label=text("Thu nhập lao động so với năm 2020", "Worker income against 2020"),
            unit="ratio",
            direction="higher",
            requires=("worker_income_vs_2020_ratio",),
            scorer=linear(1.0, 1.5),
            pillar="economy",
            criterion="decent_income",
            references=(_d801("worker income ≥ 1.5 × 2020 by 2025"),),
        ),
        Indicator(
            id="economy.ocop_products",
            code="ECO-07",
            label=text("Số sản phẩm OCOP (từ 3 sao)", "OCOP-rated products (≥ 3 stars)"),
            unit="products",
            direction="higher",
            requires=("ocop_products_count",),
            scorer=bands([1, 3, 10], [0, 60, 80, 100]),
            pillar="economy",
            criterion="products_markets",
            references=(
                _d801("≥ 50 % of traditional craft villages with OCOP products by 2025"),
                Reference(
                    "Decision 148/QĐ-TTg (24/02/2023)",
                    provision="OCOP criteria, 100 points",
                    confidence="verified",
                    url="http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/46523/"
                    "thay-doi-tieu-chi-danh-gia-san-pham-ocop",
                ),
            ),
        ),
        Indicator(
            id="economy.collective_mark",
            code="ECO-08",
            label=text("Có nhãn hiệu tập thể hoặc chỉ dẫn địa lý", "Collective mark or GI"),
            unit="bool",
            direction="boolean",
            requires=("collective_mark",),
            scorer=yes_is_good(),
            pillar="economy",
            criterion="products_markets",
            references=(_d801("≥ 30 % (2025) and ≥ 50 % (2030) of villages with IP-protected products"),),
        ),
        Indicator(
            id="economy.export_share",
            code="ECO-09",
            label=text("Tỷ trọng doanh thu xuất khẩu", "Export share of sales"),
            unit="%",
            direction="higher",
            requires=("export_sales_pct",),
            scorer=linear(0, 40),
            pillar="economy",
            criterion="products_markets",
            references=(Reference("project benchmark", value="10–40", unit="%", confidence="estimate"),),
        ),
        Indicator(
            id="economy.raw_material_security",
            code="ECO-10",
            label=text("Tỷ lệ nguyên liệu tại chỗ hoặc truy xuất được", "Local or traceable raw material"),
            unit="%",
            direction="higher",
            requires=("raw_material_traceable_pct",),
            scorer=COVERAGE_BANDS,
            pillar="economy",
            criterion="growth",
            references=(
                Reference(
                    "Decision 1058/QĐ-TTg (14/09/2023)",
                    provision="raw-material areas meeting 70 % of needs",
                    confidence="secondary",
                    url="https://english.luatvietnam.vn/chinh-sach/decision-1058-qd-ttg-2023-aprove-"
                    "strategy-for-development-of-rural-trades-through-2030-267110-d1.html",
                ),
            ),
        ),
        Indicator(
            id="economy.policy_support",
            code="ECO-11",
            label=text(
                "Tỷ lệ cơ sở được hỗ trợ theo Nghị định 52/2018",
                "Facilities that used Decree 52/2018 support",
            ),
            unit="%",
            direction="higher",
            requires=("facilities_supported_pct",),
            scorer=linear(0, 50),
            pillar="economy",
            criterion="growth",
            references=(
                Reference(
                    "Decree 52/2018/NĐ-CP",
                    provision="support policies",
                    confidence="verified",
                    url="https://thuvienphapluat.vn/van-ban/Linh-vuc-khac/Nghi-dinh-52-2018-ND-CP-"
                    "phat-trien-nganh-nghe-nong-thon-326098.aspx",
                    note="Benchmark 50 % is a project estimate [E].",
                ),
            ),
        ),
    ]
