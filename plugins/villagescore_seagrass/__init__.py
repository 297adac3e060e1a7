"""Sea-grass and sedge (cói) sector plugin for villagescore.

Indicators SEA-01 … SEA-06 for sedge-growing and mat-weaving villages such as Nga Sơn
(Thanh Hóa): the farm-gate margin of dry sedge over its production cost (the one computed
indicator), yield, treatment of dye-bath wastewater, natural-dye share, anti-mould sulphur or
fungicide and the share of growers selling under contract. None has a legal limit.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    Indicator,
    Measure,
    Reference,
    Sector,
    estimate,
    hookimpl,
    linear,
    number_field,
    percent_field,
    text,
)

__version__ = "0.1.0"

SECTOR = "seagrass"

ESTIMATE = estimate(
    "No legal limit or published benchmark (domain.md §D item 15: sulphur kg/t for sedge).",
    provision="domain.md §A (proposed scoring levels) and §A.2 (sea-grass)",
)
PRICE = Reference(
    document="tbngaynay.com: Nâng chất trên cánh đồng cói ở Nga Sơn",
    confidence="secondary",
    url="https://tbngaynay.com/nang-chat-tren-canh-dong-coi-o-nga-son-a208160.html",
    note="Dry sedge 14,000 VND/kg (2023) → 12,000 (2024) → 10,000 (early 2025).",
)
YIELD = Reference(
    document="baothanhhoa.vn: Hiệu quả nghề làm chiếu cói ở Quảng Xương",
    confidence="secondary",
    url="https://baothanhhoa.vn/hieu-qua-nghe-lam-chieu-coi-o-quang-xuong-91729.htm",
    note="~550 ha give ~7,000 t/yr, i.e. ≈12.7 t/ha/yr (derived).",
)
MDGF = Reference(
    document="UN Joint Programme on Green Production and Trade (MDG-F): sea-grass value chain (2010–2012)",
    confidence="verified",
    url="https://www.unido.org/news/press/unido-production.html",
    note="Sea-grass chain in Thanh Hóa and Nghệ An; cleaner production and design for sustainability.",
)
LIVELIHOOD = Reference(
    document="vhds.baothanhhoa.vn: Nghề cói ở Nga Sơn",
    confidence="secondary",
    url="https://vhds.baothanhhoa.vn/san-pham-thuong-hieu-xu-thanh/nghe-coi-o-nga-son/21786.htm",
    note="~15,000 households, >60,000 workers, ~20 enterprises, >300 buying households.",
)


def price_cost_margin(frame):
    """Farm-gate margin of dry sedge over its production cost, in % of the cost.

    ``(price - cost) / cost × 100``; missing where the cost is missing or not positive.
    """
    cost = frame["seagrass_cost_vnd_kg"]
    return (frame["seagrass_price_vnd_kg"] - cost) / cost.where(cost > 0) * 100.0


@hookimpl
def register_sectors():
    """Return the sea-grass sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="seagrass.dye_bath_treatment",
            label=text("Nhuộm cói tập trung có xử lý nước thải", "Centralised sedge dyeing with treatment"),
            improves=("seagrass.dye_wastewater_treated",),
            references=(MDGF, ESTIMATE),
        ),
        Measure(
            id="seagrass.natural_dyes",
            label=text("Nhuộm cói bằng màu tự nhiên", "Natural dyes for sedge"),
            improves=("seagrass.natural_dye_share", "seagrass.dye_wastewater_treated"),
            references=(MDGF,),
        ),
        Measure(
            id="seagrass.solar_drying",
            label=text(
                "Sấy cói bằng nhà sấy năng lượng mặt trời, chống mốc không hóa chất",
                "Solar drying houses against mould instead of sulphur or fungicide",
            ),
            improves=("seagrass.antimould_chemicals",),
            references=(ESTIMATE,),
        ),
        Measure(
            id="seagrass.contract_farming",
            label=text(
                "Liên kết bao tiêu cói giữa doanh nghiệp và hộ trồng",
                "Purchase contracts between enterprises and sedge growers",
            ),
            improves=("seagrass.contract_share", "seagrass.price_cost_margin"),
            references=(PRICE, ESTIMATE),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Cói, chiếu cói", "Sea-grass and sedge"),
            description=text(
                "Trồng cói, sơ chế, nhuộm, dệt chiếu và đan hàng thủ công mỹ nghệ từ cói.",
                "Sedge growing, drying, dyeing, mat weaving and sea-grass handicrafts.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw sea-grass fields (one dataset column each)."""
    return [
        number_field(
            "seagrass_price_vnd_kg",
            "Giá cói khô tại ruộng",
            "Farm-gate price of dry sedge",
            "VND/kg",
            maximum=100000,
        ),
        number_field(
            "seagrass_cost_vnd_kg",
            "Giá thành sản xuất cói khô",
            "Production cost of dry sedge",
            "VND/kg",
            maximum=100000,
        ),
        number_field("seagrass_yield_t_ha", "Năng suất cói", "Sedge yield", "t/ha/yr", maximum=40),
        percent_field(
            "seagrass_dye_ww_treated_pct", "Nước thải nhuộm cói được xử lý", "Dye-bath wastewater treated"
        ),
        percent_field(
            "seagrass_natural_dye_pct", "Cói nhuộm bằng màu tự nhiên", "Sedge dyed with natural dyes"
        ),
        number_field(
            "seagrass_antimould_kg_per_t",
            "Lưu huỳnh, thuốc chống mốc trên tấn cói",
            "Sulphur or fungicide against mould per tonne of sedge",
            "kg/t",
            maximum=50,
        ),
        percent_field(
            "seagrass_contract_pct", "Hộ trồng cói có hợp đồng bao tiêu", "Growers selling under contract"
        ),
    ]


@hookimpl
def register_indicators():
    """Return SEA-01 … SEA-06 (SEA-01 computed, the others single-field; sector ``seagrass``)."""
    env, eco = "environment", "economy"
    return [
        Indicator(
            id="seagrass.price_cost_margin",
            code="SEA-01",
            label=text("Chênh lệch giá cói khô so với giá thành", "Margin of dry-sedge price over cost"),
            unit="%",
            direction="higher",
            requires=("seagrass_price_vnd_kg", "seagrass_cost_vnd_kg"),
            compute=price_cost_margin,
            sectors=(SECTOR,),
            scorer=linear(0, 50),
            pillar=eco,
            criterion=SECTOR,
            references=(PRICE, ESTIMATE),
            measures=("seagrass.contract_farming",),
            description=text("(giá − giá thành) ÷ giá thành × 100", "(price − cost) ÷ cost × 100"),
        ),
        Indicator(
            id="seagrass.yield",
            code="SEA-02",
            label=text("Năng suất cói", "Sedge yield"),
            unit="t/ha/yr",
            direction="higher",
            requires=("seagrass_yield_t_ha",),
            sectors=(SECTOR,),
            scorer=linear(6, 14),
            pillar=eco,
            criterion=SECTOR,
            references=(YIELD, ESTIMATE),
        ),
        Indicator(
            id="seagrass.dye_wastewater_treated",
            code="SEA-03",
            label=text("Nước thải nhuộm cói được xử lý", "Dye-bath wastewater that is treated"),
            unit="%",
            direction="higher",
            requires=("seagrass_dye_ww_treated_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("seagrass.dye_bath_treatment", "seagrass.natural_dyes"),
        ),
        Indicator(
            id="seagrass.natural_dye_share",
            code="SEA-04",
            label=text("Cói nhuộm bằng màu tự nhiên", "Sedge dyed with natural dyes"),
            unit="%",
            direction="higher",
            requires=("seagrass_natural_dye_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 60),
            pillar=env,
            criterion=SECTOR,
            references=(MDGF, ESTIMATE),
            measures=("seagrass.natural_dyes",),
        ),
        Indicator(
            id="seagrass.antimould_chemicals",
            code="SEA-05",
            label=text(
                "Lưu huỳnh, thuốc chống mốc trên mỗi tấn cói",
                "Sulphur or fungicide against mould per tonne of sedge",
            ),
            unit="kg/t",
            direction="lower",
            requires=("seagrass_antimould_kg_per_t",),
            sectors=(SECTOR,),
            scorer=linear(8, 0),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("seagrass.solar_drying",),
        ),
        Indicator(
            id="seagrass.contract_share",
            code="SEA-06",
            label=text("Hộ trồng cói có hợp đồng bao tiêu", "Sedge growers selling under contract"),
            unit="%",
            direction="higher",
            requires=("seagrass_contract_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 70),
            pillar=eco,
            criterion=SECTOR,
            references=(LIVELIHOOD, ESTIMATE),
            measures=("seagrass.contract_farming",),
        ),
    ]
