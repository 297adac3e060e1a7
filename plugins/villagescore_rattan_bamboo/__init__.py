"""Rattan and bamboo (mây tre đan) sector plugin for villagescore.

Indicators RAT-01 … RAT-08 for rattan, bamboo and giang weaving villages such as Phú Vinh
(Phú Nghĩa commune, former Chương Mỹ district, Hà Nội): responsible sourcing, sulphur
fumigation, chemical preservatives, oil-curing fuel, bleaching wastewater, mould rejects,
weaver pay and ventilated finishing. No Vietnamese legal limit applies to any of them, so
every default scorer is a project estimate (``domain.md`` §A.2, proposed levels of §A).

Every indicator is a single field (``compute=None``), so the improvement planner can
change it; the cleaner-production measures of the sector are listed in :func:`register_sectors`.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    Indicator,
    Measure,
    Reference,
    Sector,
    bands,
    estimate,
    hookimpl,
    linear,
    number_field,
    percent_field,
    text,
)

__version__ = "0.1.0"

SECTOR = "rattan_bamboo"

#: Coverage levels proposed in domain.md §A: ≥95 → 100, 80–95 → 75, 60–80 → 50, 30–60 → 25, <30 → 0.

ESTIMATE = estimate(
    "No legal limit or published benchmark; the scoring goalposts are a project judgement.",
    provision="domain.md §A (proposed scoring levels) and §A.2 (rattan and bamboo)",
)
SWITCH_ASIA = Reference(
    document="SWITCH-Asia / WWF / VNCPC: Sustainable rattan production system in Vietnam, Laos and "
    "Cambodia (2009–2011)",
    confidence="verified",
    url="https://switch-asia.eu/project/sustainable-rattan",
    note="Targets: ≥40% of targeted SMEs engaged in cleaner production, ≥15% supplying sustainable "
    "products; first FSC-certified rattan (Laos, 1,200 ha).",
)
HRPC_SULPHUR = Reference(
    document="VNCPC/HRPC 2010 rattan sector report, section 'Preservation using sulfur'",
    confidence="verified",
    url="https://docslib.org/doc/10959515/research-and-case-studies",
    note="The section exists (verified); its content and any kg S/t figure were not retrieved.",
)
MICROBIAL = Reference(
    document="Microbial soaking against mould (industry trial)",
    confidence="secondary",
    url="http://bamboo-rattan.com/a-safety-method-of-handling-of-molds-away-from-chemical/",
    note="Microbial soaking for 3–7 days cut mould by more than 80%.",
)
MDGF = Reference(
    document="UN Joint Programme on Green Production and Trade (MDG-F), dissemination workshop 2013",
    confidence="verified",
    url="http://un.org.vn/en/what-we-do-mainmenu-203/joint-programmes-a-teams-mainmenu-208/"
    "joint-programme-on-green-production-and-trade/2485-dissemination-workshop-on-cleaner-production-"
    "and-design-for-sustainability.html",
    note="Demonstrated non-chemical bamboo treatment.",
)
INBAR = Reference(
    document="INBAR: Rattan oil curing, bleaching and steam bending (training manual)",
    confidence="secondary",
    url="https://vdocuments.mx/rattan-oil-curing-bleaching-and-rattan-steam-bending-rattan-furniture-making.html",
    note="Oil boiling typically 10–20 min per batch; no fuel-per-tonne benchmark.",
)
AU_CO = Reference(
    document="scp.gov.vn case study: Âu Cơ bamboo and rattan export enterprise",
    confidence="secondary",
    url="https://scp.gov.vn/tin-tuc/t10048/au-co-export-bamboo-and-rattan-enterprise",
    note="3,000 m³/yr of bleaching wastewater (H₂O₂, NaOH, SiO₂, diesel) discharged untreated; "
    "cleaner production saved 10 m³ water per tonne of product.",
)
ARIT = Reference(
    document="arit.gov.vn: Làng nghề Phú Vinh phát triển theo chiều sâu",
    confidence="secondary",
    url="http://arit.gov.vn/tin-tuc/lang-nghe-phu-vinh-phat-trien-theo-chieu-sau-b1c10c9c_3594",
    note="Weavers earned ~100,000 VND/day at the 2000–2007 peak, 60–70,000 VND/day later.",
)
MIN_WAGE = Reference(
    document="Decree 293/2025/NĐ-CP (regional minimum wage from 01/01/2026)",
    confidence="verified",
    value=4730000,
    unit="VND/month",
    parameter="Region II minimum monthly wage",
    valid_from="2026-01-01",
    url="https://news.laodong.vn/thoi-su/chinh-thuc-tang-luong-toi-thieu-vung-tu-112026-1606919.ldo",
    note="The 180,000 VND/day goalpost is ≈ 4.73 M VND / 26 working days (project estimate).",
)


@hookimpl
def register_sectors():
    """Return the rattan and bamboo sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="rattan_bamboo.microbial_preservation",
            label=text(
                "Bảo quản bằng ngâm vi sinh, không xông lưu huỳnh",
                "Microbial soaking instead of sulphur fumigation",
            ),
            improves=(
                "rattan_bamboo.sulphur_intensity",
                "rattan_bamboo.chemical_free_preservation",
                "rattan_bamboo.mould_rejects",
            ),
            description=text(
                "Ngâm nguyên liệu 3–7 ngày trong dung dịch vi sinh thay cho đốt lưu huỳnh, "
                "hàn the, formalin.",
                "Soak cane for 3–7 days in a microbial solution instead of burning sulphur or using borax, "
                "formalin or pesticides.",
            ),
            references=(MICROBIAL, MDGF),
        ),
        Measure(
            id="rattan_bamboo.certified_sourcing",
            label=text(
                "Mua nguyên liệu có chứng chỉ FSC hoặc truy xuất nguồn gốc",
                "Source FSC-certified or legally verified cane with chain-of-custody records",
            ),
            improves=("rattan_bamboo.certified_sourcing",),
            references=(SWITCH_ASIA,),
        ),
        Measure(
            id="rattan_bamboo.efficient_oil_curing",
            label=text(
                "Bể luộc dầu có nắp, kiểm soát nhiệt, dùng LPG",
                "Covered, temperature-controlled oil-curing tanks fired with LPG",
            ),
            improves=("rattan_bamboo.curing_fuel",),
            references=(INBAR, ESTIMATE),
        ),
        Measure(
            id="rattan_bamboo.bleaching_water_treatment",
            label=text(
                "Thu gom, xử lý và tuần hoàn nước tẩy trắng", "Collect, treat and reuse bleaching water"
            ),
            improves=("rattan_bamboo.bleaching_wastewater_treated",),
            references=(AU_CO,),
        ),
        Measure(
            id="rattan_bamboo.ventilated_finishing_booths",
            label=text(
                "Buồng phun sơn có thông gió và lọc hơi dung môi",
                "Ventilated spray booths with solvent-vapour filters",
            ),
            improves=("rattan_bamboo.ventilated_finishing",),
            references=(ESTIMATE,),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Mây tre đan", "Rattan and bamboo"),
            description=text(
                "Đan mây, tre, giang: sơ chế, bảo quản, luộc dầu, tẩy trắng, đan và hoàn thiện.",
                "Rattan, bamboo and giang weaving: pre-processing, preservation, oil curing, bleaching, "
                "weaving and finishing.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw rattan and bamboo fields (one dataset column each)."""
    return [
        percent_field(
            "rattan_certified_material_pct",
            "Nguyên liệu có chứng chỉ FSC/hợp pháp",
            "Certified or legally verified raw material",
        ),
        number_field(
            "rattan_sulphur_kg_per_t",
            "Lưu huỳnh xông sấy trên tấn nguyên liệu",
            "Sulphur burnt per tonne of material",
            "kg/t",
            maximum=50,
        ),
        percent_field(
            "rattan_chemical_free_pct",
            "Nguyên liệu bảo quản không hóa chất",
            "Material preserved without chemical preservatives",
        ),
        number_field(
            "rattan_curing_diesel_l_per_t",
            "Dầu diesel/dầu hỏa luộc mây trên tấn",
            "Diesel or kerosene for oil curing per tonne",
            "L/t",
            maximum=200,
        ),
        percent_field(
            "rattan_bleach_ww_treated_pct", "Nước thải tẩy trắng được xử lý", "Bleaching wastewater treated"
        ),
        percent_field(
            "rattan_mould_reject_pct", "Sản phẩm bị loại do nấm mốc", "Products rejected for mould"
        ),
        number_field(
            "rattan_weaver_pay_vnd_day",
            "Thu nhập ngày của thợ đan",
            "Daily earnings of home weavers",
            "VND/day",
            maximum=1_000_000,
        ),
        percent_field(
            "rattan_ventilated_finishing_pct",
            "Phun sơn hoàn thiện trong buồng thông gió",
            "Spray finishing in ventilated booths",
        ),
    ]


@hookimpl
def register_indicators():
    """Return RAT-01 … RAT-08 (all single-field, sector ``rattan_bamboo``)."""
    env, eco, soc = "environment", "economy", "society"
    return [
        Indicator(
            id="rattan_bamboo.certified_sourcing",
            code="RAT-01",
            label=text(
                "Nguyên liệu mây tre có chứng chỉ FSC hoặc nguồn gốc hợp pháp",
                "Raw rattan and bamboo from certified or legally verified sources",
            ),
            unit="%",
            direction="higher",
            requires=("rattan_certified_material_pct",),
            sectors=(SECTOR,),
            scorer=bands([5, 15, 40, 70], [0, 25, 50, 75, 100]),
            pillar=env,
            criterion=SECTOR,
            references=(SWITCH_ASIA, ESTIMATE),
            measures=("rattan_bamboo.certified_sourcing",),
        ),
        Indicator(
            id="rattan_bamboo.sulphur_intensity",
            code="RAT-02",
            label=text(
                "Lưu huỳnh đốt xông sấy trên mỗi tấn nguyên liệu",
                "Sulphur burnt for fumigation per tonne of material",
            ),
            unit="kg/t",
            direction="lower",
            requires=("rattan_sulphur_kg_per_t",),
            sectors=(SECTOR,),
            scorer=linear(10, 0),
            pillar=env,
            criterion=SECTOR,
            references=(HRPC_SULPHUR, ESTIMATE),
            measures=("rattan_bamboo.microbial_preservation",),
        ),
        Indicator(
            id="rattan_bamboo.chemical_free_preservation",
            code="RAT-03",
            label=text(
                "Nguyên liệu bảo quản không dùng hàn the, formalin, thuốc trừ sâu",
                "Material preserved without borax, formalin or pesticides",
            ),
            unit="%",
            direction="higher",
            requires=("rattan_chemical_free_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(MICROBIAL, MDGF, ESTIMATE),
            measures=("rattan_bamboo.microbial_preservation",),
        ),
        Indicator(
            id="rattan_bamboo.curing_fuel",
            code="RAT-04",
            label=text(
                "Dầu diesel/dầu hỏa cho luộc dầu trên mỗi tấn mây",
                "Diesel or kerosene for oil curing per tonne of cane",
            ),
            unit="L/t",
            direction="lower",
            requires=("rattan_curing_diesel_l_per_t",),
            sectors=(SECTOR,),
            scorer=linear(60, 10),
            pillar=env,
            criterion=SECTOR,
            references=(INBAR, ESTIMATE),
            measures=("rattan_bamboo.efficient_oil_curing",),
        ),
        Indicator(
            id="rattan_bamboo.bleaching_wastewater_treated",
            code="RAT-05",
            label=text(
                "Nước thải tẩy trắng (H₂O₂/NaOH) được xử lý",
                "Bleaching wastewater (H₂O₂/NaOH) that is treated",
            ),
            unit="%",
            direction="higher",
            requires=("rattan_bleach_ww_treated_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(AU_CO, ESTIMATE),
            measures=("rattan_bamboo.bleaching_water_treatment",),
        ),
        Indicator(
            id="rattan_bamboo.mould_rejects",
            code="RAT-06",
            label=text("Sản phẩm bị loại do nấm mốc", "Products rejected for mould"),
            unit="%",
            direction="lower",
            requires=("rattan_mould_reject_pct",),
            sectors=(SECTOR,),
            scorer=linear(10, 2),
            pillar=eco,
            criterion=SECTOR,
            references=(MICROBIAL, ESTIMATE),
            measures=("rattan_bamboo.microbial_preservation",),
        ),
        Indicator(
            id="rattan_bamboo.weaver_pay",
            code="RAT-07",
            label=text("Thu nhập ngày của thợ đan tại nhà", "Daily earnings of home weavers"),
            unit="VND/day",
            direction="higher",
            requires=("rattan_weaver_pay_vnd_day",),
            sectors=(SECTOR,),
            scorer=linear(60000, 180000),
            pillar=soc,
            criterion=SECTOR,
            references=(ARIT, MIN_WAGE, ESTIMATE),
        ),
        Indicator(
            id="rattan_bamboo.ventilated_finishing",
            code="RAT-08",
            label=text(
                "Phun sơn hoàn thiện trong buồng có thông gió", "Spray finishing done in ventilated booths"
            ),
            unit="%",
            direction="higher",
            requires=("rattan_ventilated_finishing_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("rattan_bamboo.ventilated_finishing_booths",),
        ),
    ]
