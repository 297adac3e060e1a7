"""Handmade and recycled paper (giấy dó, giấy tái chế) sector plugin for villagescore.

Indicators PAP-01 … PAP-06 for paper villages such as Dương Ổ / Phong Khê (Bắc Ninh) and
Hợp Hòa (former Hòa Bình province): lime or NaOH per kg of bark, pulping effluent COD and TSS
(scored against the limit the framework names), dó/dướng bark from managed plantations, the
share of paper facilities inside residential areas (computed from two counts) and the
households still making hand dó paper.
"""

from __future__ import annotations

from villagescore import (
    Indicator,
    Measure,
    Reference,
    Sector,
    bands,
    count_field,
    estimate,
    hookimpl,
    linear,
    number_field,
    percent_field,
    ratio_to_limit,
    text,
)

__version__ = "0.1.0"

SECTOR = "handmade_paper"

ESTIMATE = estimate(
    "No legal limit or published benchmark (domain.md §D item 15: lime or NaOH per kg of bark).",
    provision="domain.md §A (proposed scoring levels) and §A.2 (handmade paper)",
)
CAND = Reference(
    document="cand.com.vn: Ô nhiễm nặng và cái chết của sông Ngũ Huyện Khê (làng giấy trăm năm)",
    confidence="secondary",
    url="https://cand.com.vn/dieu-tra-theo-don-ban-doc/bai-1-o-nhiem-nang-va-cai-chet-cua-song-ngu-huyen-"
    "khe-lang-giay-tram-nam-i747419/",
    note="Phong Khê: 324 paper facilities, 228 in residential areas; lime soaking, cooking, pounding.",
)
QCVN40 = Reference(
    document="QCVN 40:2011/BTNMT (industrial wastewater)",
    provision="Table 1",
    column="B",
    confidence="secondary",
    valid_to="2025-08-31",
    note="Column B: COD 150, TSS 100 mg/L [S ×2]. QCVN 12-MT:2015 (pulp and paper) tables were not "
    "retrieved; both replaced by QCVN 40:2025/BTNMT from 01/09/2025.",
)
QCVN12 = Reference(
    document="QCVN 12-MT:2015/BTNMT (pulp and paper effluent)",
    confidence="unverified",
    note="Sector standard; limit tables not retrieved. Replaced by QCVN 40:2025/BTNMT.",
)
ARTISAN = Reference(
    document="MDG-F: sustainable dướng (paper mulberry) plantation in Hợp Hòa (artisanconnect)",
    confidence="verified",
    url="http://www.artisanconnect.net/documents/7467/",
)
THIENNHIEN = Reference(
    document="thiennhien.net (2008): Làng giấy Dương Ổ bao giờ mới hết ô nhiễm",
    confidence="secondary",
    url="https://www.thiennhien.net/2008/08/06/lang-giay-duong-o-bao-gio-moi-het-o-nhiem/",
    note="Most households moved to recycled paper after the 1994 firecracker ban.",
)
DECREE08 = Reference(
    document="Decree 08/2022/NĐ-CP, Annex II item 3",
    confidence="secondary",
    url="https://moitruongvietkhang.com/thong-tu-nghi-dinh/phu-luc-ii-nghi-dinh-08-2022-nd-cp/",
    note="Pulp and paper from recycled material or biomass is a polluting production type; trades of "
    "Annex II are not encouraged inside craft villages.",
)


def residential_share(frame):
    """Paper facilities inside residential areas, in % of all paper facilities.

    ``residential / total × 100``; missing where the total is missing or zero.
    """
    total = frame["paper_facilities_total"]
    return frame["paper_facilities_residential"] / total.where(total > 0) * 100.0


@hookimpl
def register_sectors():
    """Return the handmade-paper sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="handmade_paper.managed_bark_plantations",
            label=text("Vùng trồng dó, dướng được quản lý bền vững", "Managed dó and dướng bark plantations"),
            improves=("handmade_paper.managed_bark_share",),
            references=(ARTISAN,),
        ),
        Measure(
            id="handmade_paper.lime_recovery",
            label=text(
                "Định lượng và thu hồi vôi, xút khi nấu vỏ", "Dosed cooking with lime and alkali recovery"
            ),
            improves=("handmade_paper.cooking_chemicals", "handmade_paper.pulping_cod"),
            references=(ESTIMATE,),
        ),
        Measure(
            id="handmade_paper.pulping_wastewater_treatment",
            label=text(
                "Xử lý nước thải xeo, nấu bột (lắng, sinh học)",
                "Settling and biological treatment of pulping wastewater",
            ),
            improves=("handmade_paper.pulping_cod", "handmade_paper.pulping_tss"),
            references=(QCVN40, CAND),
        ),
        Measure(
            id="handmade_paper.relocate_to_cluster",
            label=text(
                "Di dời cơ sở sản xuất giấy vào cụm công nghiệp",
                "Move paper facilities into an industrial cluster",
            ),
            improves=("handmade_paper.facilities_in_residential",),
            references=(CAND, DECREE08),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Giấy dó, giấy thủ công", "Handmade and recycled paper"),
            description=text(
                "Giấy dó từ vỏ cây dó, dướng và giấy tái chế: ngâm vôi, nấu, giã, xeo.",
                "Dó paper from dó/dướng bark and recycled paper: lime soaking, cooking, "
                "pounding, sheet forming.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw handmade-paper fields (one dataset column each)."""
    return [
        number_field(
            "paper_alkali_kg_per_kg_bark",
            "Vôi, xút trên kg vỏ khô",
            "Lime or NaOH per kg of dry bark",
            "kg/kg",
            maximum=5,
        ),
        number_field(
            "paper_effluent_cod_mg_l",
            "COD nước thải nấu, xeo giấy",
            "COD of pulping effluent",
            "mg/L",
            maximum=20000,
        ),
        number_field(
            "paper_effluent_tss_mg_l",
            "TSS nước thải nấu, xeo giấy",
            "TSS of pulping effluent",
            "mg/L",
            maximum=20000,
        ),
        percent_field(
            "paper_managed_bark_pct",
            "Vỏ dó, dướng từ vùng trồng được quản lý",
            "Bark from managed plantations",
        ),
        count_field(
            "paper_facilities_total", "Số cơ sở sản xuất giấy", "Paper facilities", "facilities", maximum=5000
        ),
        count_field(
            "paper_facilities_residential",
            "Cơ sở sản xuất giấy trong khu dân cư",
            "Paper facilities inside residential areas",
            "facilities",
            maximum=5000,
            not_greater_than="paper_facilities_total",
        ),
        count_field(
            "paper_do_households",
            "Hộ còn làm giấy dó thủ công",
            "Households still making hand dó paper",
            "households",
            maximum=5000,
        ),
    ]


@hookimpl
def register_indicators():
    """Return PAP-01 … PAP-06 (PAP-05 computed, the others single-field; sector ``handmade_paper``)."""
    env, eco = "environment", "economy"
    return [
        Indicator(
            id="handmade_paper.cooking_chemicals",
            code="PAP-01",
            label=text("Vôi hoặc xút dùng trên mỗi kg vỏ khô", "Lime or NaOH used per kg of dry bark"),
            unit="kg/kg",
            direction="lower",
            requires=("paper_alkali_kg_per_kg_bark",),
            sectors=(SECTOR,),
            scorer=linear(1.0, 0.2),
            pillar=env,
            criterion=SECTOR,
            references=(CAND, ESTIMATE),
            measures=("handmade_paper.lime_recovery",),
        ),
        Indicator(
            id="handmade_paper.pulping_cod",
            code="PAP-02",
            label=text(
                "COD nước thải nấu, xeo giấy so với giới hạn", "COD of pulping effluent against the limit"
            ),
            unit="mg/L",
            direction="lower",
            requires=("paper_effluent_cod_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40, QCVN12),
            measures=("handmade_paper.pulping_wastewater_treatment", "handmade_paper.lime_recovery"),
        ),
        Indicator(
            id="handmade_paper.pulping_tss",
            code="PAP-03",
            label=text(
                "TSS nước thải nấu, xeo giấy so với giới hạn", "TSS of pulping effluent against the limit"
            ),
            unit="mg/L",
            direction="lower",
            requires=("paper_effluent_tss_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40, QCVN12),
            measures=("handmade_paper.pulping_wastewater_treatment",),
        ),
        Indicator(
            id="handmade_paper.managed_bark_share",
            code="PAP-04",
            label=text("Vỏ dó, dướng từ vùng trồng được quản lý", "Dó/dướng bark from managed plantations"),
            unit="%",
            direction="higher",
            requires=("paper_managed_bark_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 80),
            pillar=env,
            criterion=SECTOR,
            references=(ARTISAN, ESTIMATE),
            measures=("handmade_paper.managed_bark_plantations",),
        ),
        Indicator(
            id="handmade_paper.facilities_in_residential",
            code="PAP-05",
            label=text(
                "Cơ sở sản xuất giấy nằm trong khu dân cư", "Paper facilities sited in residential areas"
            ),
            unit="%",
            direction="lower",
            requires=("paper_facilities_residential", "paper_facilities_total"),
            compute=residential_share,
            sectors=(SECTOR,),
            scorer=linear(80, 0),
            pillar=env,
            criterion=SECTOR,
            references=(CAND, DECREE08, ESTIMATE),
            measures=("handmade_paper.relocate_to_cluster",),
            description=text(
                "cơ sở trong khu dân cư ÷ tổng số cơ sở × 100",
                "facilities in residential areas ÷ all facilities × 100",
            ),
        ),
        Indicator(
            id="handmade_paper.do_paper_households",
            code="PAP-06",
            label=text("Hộ còn làm giấy dó thủ công", "Households still making hand dó paper"),
            unit="households",
            direction="higher",
            requires=("paper_do_households",),
            sectors=(SECTOR,),
            scorer=bands([1, 5, 20, 50], [0, 25, 50, 75, 100]),
            pillar=eco,
            criterion=SECTOR,
            references=(THIENNHIEN, ESTIMATE),
        ),
    ]
