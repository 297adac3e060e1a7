"""Society pillar: the generic social indicators of a craft village (SOC-01 … SOC-11).

Anchors: the multidimensional poverty line (Decree 07/2021/NĐ-CP and its successors),
workplace noise (QCVN 24:2016/BYT), child labour (Labour Code 2019 and Circular
09/2020/TT-BLĐTBXH), training targets of Decision 801/QĐ-TTg. The rural poverty-line table
below is reference data the income indicator needs; each row carries its act and confidence.
Legal limits used for scoring (85 dBA) live in the framework file, not here.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    NOISE_RATIO_TO_LIMIT,
    Indicator,
    Reference,
    bands,
    count_field,
    hookimpl,
    linear,
    number_field,
    percent_field,
    text,
)

__version__ = "0.1.0"

__all__ = [
    "register_fields",
    "register_indicators",
    "RURAL_POVERTY_LINE",
    "POVERTY_LINE_REFERENCES",
    "income_to_poverty_line",
    "accident_rate",
]

# ---- reference table: rural income poverty line (VND/person/month), by data year -----------

#: Rural income threshold of the national poverty standard in force for each data year.
RURAL_POVERTY_LINE: dict[int, int] = {
    **{y: 700_000 for y in range(2016, 2022)},  # Decision 59/2015/QĐ-TTg (unverified)
    **{y: 1_500_000 for y in range(2022, 2027)},  # Decree 07/2021/NĐ-CP (2026 keeps it)
    **{y: 2_200_000 for y in range(2027, 2031)},  # Decree 351/2025/NĐ-CP
}

POVERTY_LINE_REFERENCES: tuple[Reference, ...] = (
    Reference(
        "Decision 59/2015/QĐ-TTg",
        column="rural",
        value=700_000,
        unit="VND/person/month",
        valid_from="2016-01-01",
        valid_to="2021-12-31",
        confidence="unverified",
        note="Not in the project's reference files; value and its extension to 2021 are from "
        "background knowledge. Check before use.",
    ),
    Reference(
        "Decree 07/2021/NĐ-CP (amended by Decree 30/2025/NĐ-CP)",
        provision="art. 3",
        column="rural",
        value=1_500_000,
        unit="VND/person/month",
        valid_from="2022-01-01",
        valid_to="2026-12-31",
        confidence="secondary",
        url="https://vietnam.opendevelopmentmekong.net/vi/news/govt-announces-new-multidimensional-"
        "poverty-line-for-2022-2025/",
        note="[S] ×2; 2026 keeps the 2022–2025 standard [S] ×2.",
    ),
    Reference(
        "Decree 351/2025/NĐ-CP",
        column="rural",
        value=2_200_000,
        unit="VND/person/month",
        valid_from="2027-01-01",
        valid_to="2030-12-31",
        confidence="secondary",
        url="https://huengaynay.vn/chinh-tri-xa-hoi/an-sinh-xa-hoi/chuan-ngheo-da-chieu-quoc-gia-giai-doan-"
        "2026-2030-161540.html",
    ),
)


def income_to_poverty_line(frame):
    """Per-capita income ÷ the rural poverty line of the data year (NaN outside 2016–2030)."""
    line = frame["year"].map(RURAL_POVERTY_LINE).astype(float)
    return frame["income_per_capita_vnd_month"].astype(float) / line


def accident_rate(frame):
    """Recordable occupational accidents per 1,000 workers per year."""
    workers = frame["workers_total"].astype(float)
    return frame["occupational_accidents_count"].astype(float) / workers.where(workers > 0) * 1000.0


_D801 = Reference(
    "Decision 801/QĐ-TTg (07/07/2022)",
    provision="80 % of workers trained by 2025, 100 % by 2030",
    confidence="secondary",
    url="https://baodantoc.vn/de-lang-nghe-gan-voi-phat-trien-kinh-te-du-lich-1657200481352.htm",
)
_Q24 = Reference(
    "QCVN 24:2016/BYT (Circular 24/2016/TT-BYT)",
    provision="Table 1",
    column="8 h",
    parameter="LAeq",
    value=85,
    unit="dBA",
    valid_from="2016-12-01",
    confidence="verified",
    url="https://thuvienphapluat.vn/TCVN/Linh-vuc-khac/QCVN-24-2016-BYT-muc-tiep-xuc-cho-phep-tieng-on-tai-"
    "noi-lam-viec-915791.aspx",
)
_C09 = Reference(
    "Circular 09/2020/TT-BLĐTBXH",
    provision="lists of light work and of jobs forbidden to minors",
    valid_from="2021-03-15",
    confidence="verified",
    url="https://vnniosh.vn/en/circular-no-09-2020-tt-bldtbxh-dated-november-12-2020-of-the-ministry-of-labor-"
    "invalids-and-social-affairs-detailing-and-guiding-the-implementation-of-a-number-of-articles-of-the-"
    "labor-code-on-mino/",
)


@hookimpl
def register_fields():
    """Return the raw social fields of a village."""
    return [
        count_field(
            "workers_total", "Tổng số lao động làng nghề", "Craft workers", "workers", maximum=1_000_000
        ),
        count_field(
            "workers_non_local",
            "Số lao động từ nơi khác đến",
            "Non-local craft workers",
            "workers",
            maximum=1_000_000,
            not_greater_than="workers_total",
        ),
        percent_field(
            "poor_households_pct",
            "Tỷ lệ hộ nghèo và cận nghèo (đa chiều)",
            "Poor and near-poor households (multidimensional)",
        ),
        number_field(
            "income_per_capita_vnd_month",
            "Thu nhập bình quân đầu người mỗi tháng",
            "Income per person per month",
            "VND/person/month",
            maximum=500_000_000,
        ),
        percent_field(
            "hearing_protection_pct",
            "Tỷ lệ lao động tiếp xúc ồn trên 85 dBA có dùng bảo vệ thính giác",
            "Workers exposed above 85 dBA who wear hearing protection",
        ),
        number_field(
            "workplace_noise_laeq_8h_dba",
            "Mức ồn LAeq 8 giờ cao nhất tại vị trí lao động",
            "Highest 8-h LAeq measured at a workstation",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        percent_field(
            "ppe_use_pct",
            "Tỷ lệ lao động dùng phương tiện bảo vệ cá nhân phù hợp tại vị trí nguy hại",
            "Workers using appropriate PPE at hazardous stations",
        ),
        count_field(
            "occupational_accidents_count",
            "Số vụ tai nạn lao động trong năm",
            "Recordable occupational accidents in the year",
            "accidents/yr",
            maximum=100_000,
        ),
        percent_field(
            "workers_trained_pct",
            "Tỷ lệ lao động được đào tạo nghề, an toàn lao động, tin học cơ bản",
            "Workers trained in skills, OSH and basic IT",
        ),
        count_field(
            "child_labour_cases",
            "Số trẻ em lao động trái quy định của Bộ luật Lao động",
            "Children employed contrary to the Labour Code",
            "children",
            maximum=100_000,
        ),
        percent_field(
            "social_insurance_pct",
            "Tỷ lệ lao động có hợp đồng tham gia bảo hiểm xã hội",
            "Contracted workers enrolled in social insurance",
        ),
        percent_field(
            "women_board_share_pct",
            "Tỷ lệ nữ trong ban điều hành hiệp hội hoặc quản lý cơ sở",
            "Women on the association board or in management",
        ),
        count_field(
            "artisans_count", "Số nghệ nhân được công nhận", "Recognised artisans", "artisans", maximum=10_000
        ),
        count_field(
            "pollution_complaints_per_year",
            "Số phản ánh, khiếu nại về ô nhiễm trong năm",
            "Pollution complaints from residents per year",
            "complaints/yr",
            maximum=100_000,
        ),
    ]


@hookimpl
def register_indicators():
    """Return the society-pillar indicators."""
    return [
        Indicator(
            id="society.poor_households",
            code="SOC-01a",
            label=text("Tỷ lệ hộ nghèo và cận nghèo", "Poor and near-poor households"),
            unit="%",
            direction="lower",
            requires=("poor_households_pct",),
            scorer=linear(10, 0),
            pillar="society",
            criterion="living_standards",
            references=POVERTY_LINE_REFERENCES[1:2],
        ),
        Indicator(
            id="society.income_to_poverty_line",
            code="SOC-01b",
            label=text(
                "Thu nhập bình quân đầu người so với chuẩn nghèo nông thôn",
                "Income per person against the rural poverty line",
            ),
            unit="ratio",
            direction="higher",
            requires=("income_per_capita_vnd_month",),
            compute=income_to_poverty_line,
            scorer=bands([1.0, 1.5, 2.0, 3.0], [0, 40, 60, 80, 100]),
            pillar="society",
            criterion="living_standards",
            references=POVERTY_LINE_REFERENCES,
            description=text(
                "Chuẩn nghèo nông thôn theo năm số liệu; cần cột 'year'.",
                "Rural poverty line of the data year; needs the identity column 'year'. The "
                "line rose from 0.7 M (2021) to 1.5 M VND (2022), so ratios across that "
                "change are not comparable.",
            ),
        ),
        Indicator(
            id="society.hearing_protection",
            code="SOC-02a",
            label=text(
                "Lao động tiếp xúc ồn có dùng bảo vệ thính giác",
                "Noise-exposed workers wearing hearing protection",
            ),
            unit="%",
            direction="higher",
            requires=("hearing_protection_pct",),
            scorer=COVERAGE_BANDS,
            pillar="society",
            criterion="occupational_health",
            references=(_Q24,),
        ),
        Indicator(
            id="society.workplace_noise",
            code="SOC-02b",
            label=text(
                "Mức ồn tại nơi làm việc so với QCVN 24:2016/BYT", "Workplace noise against QCVN 24:2016/BYT"
            ),
            unit="dBA",
            direction="lower",
            requires=("workplace_noise_laeq_8h_dba",),
            scorer=NOISE_RATIO_TO_LIMIT,
            pillar="society",
            criterion="occupational_health",
            references=(_Q24,),
        ),
        Indicator(
            id="society.ppe_use",
            code="SOC-03",
            label=text("Lao động dùng phương tiện bảo vệ cá nhân", "Workers using appropriate PPE"),
            unit="%",
            direction="higher",
            requires=("ppe_use_pct",),
            scorer=COVERAGE_BANDS,
            pillar="society",
            criterion="occupational_health",
            references=(Reference("project benchmark", value=100, unit="%", confidence="estimate"),),
        ),
        Indicator(
            id="society.accident_rate",
            code="SOC-04",
            label=text("Tai nạn lao động trên 1.000 lao động", "Occupational accidents per 1,000 workers"),
            unit="per 1,000 workers/yr",
            direction="lower",
            requires=("occupational_accidents_count", "workers_total"),
            compute=accident_rate,
            scorer=bands([0, 1, 3, 5], [100, 75, 50, 25, 0], closed="right"),
            pillar="society",
            criterion="occupational_health",
            references=(Reference("project benchmark", value=0, note="target 0 [E]", confidence="estimate"),),
        ),
        Indicator(
            id="society.workers_trained",
            code="SOC-05",
            label=text("Tỷ lệ lao động được đào tạo", "Workers trained"),
            unit="%",
            direction="higher",
            requires=("workers_trained_pct",),
            scorer=bands([30, 60, 80, 100], [0, 25, 50, 75, 100]),
            pillar="society",
            criterion="skills_heritage",
            references=(_D801,),
        ),
        Indicator(
            id="society.child_labour",
            code="SOC-06",
            label=text("Số trẻ em lao động trái quy định", "Children in prohibited child labour"),
            unit="children",
            direction="lower",
            requires=("child_labour_cases",),
            scorer=bands([0], [100, 0], closed="right"),
            pillar="society",
            criterion="labour_rights",
            references=(_C09,),
        ),
        Indicator(
            id="society.social_insurance",
            code="SOC-07",
            label=text(
                "Lao động có hợp đồng tham gia bảo hiểm xã hội", "Contracted workers with social insurance"
            ),
            unit="%",
            direction="higher",
            requires=("social_insurance_pct",),
            scorer=COVERAGE_BANDS,
            pillar="society",
            criterion="labour_rights",
            references=(
                Reference(
                    "Law on Social Insurance",
                    provision="compulsory SI for contracted employees",
                    value=100,
                    unit="%",
                    confidence="unverified",
                    note="Legal duty from background knowledge [M]; article not checked.",
                ),
            ),
        ),
        Indicator(
            id="society.women_in_leadership",
            code="SOC-08",
            label=text("Tỷ lệ nữ trong ban điều hành, quản lý", "Women on boards and in management"),
            unit="%",
            direction="range",
            requires=("women_board_share_pct",),
            scorer={
                "method": "target",
                "params": {"low": 30, "high": 70, "zero_below": 0, "zero_above": 100},
            },
            pillar="society",
            criterion="labour_rights",
            references=(
                Reference(
                    "project benchmark",
                    value="30–70",
                    unit="%",
                    confidence="estimate",
                    note="Balanced-representation band [E]; ~70 % of MDG-F beneficiaries were women.",
                ),
            ),
        ),
        Indicator(
            id="society.artisans",
            code="SOC-10",
            label=text("Số nghệ nhân được công nhận", "Recognised artisans"),
            unit="artisans",
            direction="higher",
            requires=("artisans_count",),
            scorer=bands([1, 3, 10], [0, 50, 75, 100]),
            pillar="society",
            criterion="skills_heritage",
            references=(
                Reference(
                    "Decree 52/2018/NĐ-CP",
                    provision="art. 5(2)(c): craft linked to artisans",
                    confidence="verified",
                    url="https://thuvienphapluat.vn/van-ban/Linh-vuc-khac/Nghi-dinh-52-2018-ND-CP-"
                    "phat-trien-nganh-nghe-nong-thon-326098.aspx",
                ),
            ),
        ),
        Indicator(
            id="society.pollution_complaints",
            code="SOC-11",
            label=text("Số phản ánh về ô nhiễm của người dân", "Residents' pollution complaints"),
            unit="complaints/yr",
            direction="lower",
            requires=("pollution_complaints_per_year",),
            scorer=bands([0, 2, 5, 10], [100, 75, 50, 25, 0], closed="right"),
            pillar="society",
            criterion="living_standards",
            references=(Reference("project benchmark", value=0, note="target 0 [E]", confidence="estimate"),),
        ),
    ]
