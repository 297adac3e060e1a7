"""Sericulture and silk (dâu tằm, ươm tơ) sector plugin for villagescore.

Indicators SER-01 … SER-07 for villages that reel, degum and dye silk or lotus silk, such as
Vạn Phúc (Hà Đông, Hà Nội) and Phùng Xá (former Mỹ Đức district, Hà Nội, lotus silk): natural
dyeing, water per kg of raw silk, degumming effluent COD and BOD5 (scored against the limit the
framework names), local cocoon supply, the reeling fuel and OCOP-rated silk products.

A silk village usually also weaves: give it ``weaving;sericulture`` and both plugins'
indicators apply (see ``docs/sectors.md``).
"""

from __future__ import annotations

from villagescore import (
    Indicator,
    Measure,
    Reference,
    Sector,
    category_field,
    estimate,
    hookimpl,
    linear,
    number_field,
    percent_field,
    ratio_to_limit,
    text,
)

__version__ = "0.1.0"

SECTOR = "sericulture"

#: Reeling-fuel categories, cleanest last.
FUELS = ("coal_wood", "biomass_gas", "lpg", "electric")

ESTIMATE = estimate(
    "No legal limit or verified benchmark (domain.md §D item 15: water per kg raw silk).",
    provision="domain.md §A (proposed scoring levels) and §A.2 (sericulture)",
)
MDGF = Reference(
    document="UN Joint Programme on Green Production and Trade (MDG-F), dissemination workshop 2013",
    confidence="verified",
    url="http://un.org.vn/en/what-we-do-mainmenu-203/joint-programmes-a-teams-mainmenu-208/"
    "joint-programme-on-green-production-and-trade/2485-dissemination-workshop-on-cleaner-production-"
    "and-design-for-sustainability.html",
    note="Trialled environmentally sound natural silk dyeing.",
)
QCVN40 = Reference(
    document="QCVN 40:2011/BTNMT (industrial wastewater)",
    provision="Table 1",
    column="B",
    confidence="secondary",
    valid_to="2025-08-31",
    note="Column B: COD 150, BOD5 50 mg/L [S ×2]; QCVN 13-MT:2015 (textile) values are unverified [M]. "
    "Replaced by QCVN 40:2025/BTNMT from 01/09/2025. The limit itself is in the framework threshold.",
)
PHUNG_XA_MULBERRY = Reference(
    document="Phùng Xá, 'capital of mulberry' in the 1960s–80s (kinhtedothi; danviet)",
    confidence="secondary",
    url="https://danviet.vn/phung-xa.html",
)
OCOP = Reference(
    document="nongthonmoihanoi.gov.vn: Huyện Mỹ Đức khởi sắc nghề dệt ở Phùng Xá",
    confidence="secondary",
    url="https://nongthonmoihanoi.gov.vn/tin-tuc/huyen-my-duc-khoi-sac-nghe-det-o-phung-xa-1302",
    note="34 OCOP products from 8 entities certified by Hà Nội (2022).",
)


@hookimpl
def register_sectors():
    """Return the sericulture sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="sericulture.natural_dyeing",
            label=text("Nhuộm tơ lụa bằng thuốc nhuộm tự nhiên", "Natural dyes for silk"),
            improves=(
                "sericulture.natural_dye_share",
                "sericulture.degumming_cod",
                "sericulture.degumming_bod5",
            ),
            references=(MDGF,),
        ),
        Measure(
            id="sericulture.centralised_degumming_treatment",
            label=text(
                "Chuội tơ, nhuộm tập trung có xử lý nước thải",
                "Centralised degumming and dyeing with wastewater treatment",
            ),
            improves=("sericulture.degumming_cod", "sericulture.degumming_bod5"),
            references=(QCVN40, ESTIMATE),
        ),
        Measure(
            id="sericulture.water_reuse",
            label=text("Tuần hoàn nước ươm tơ, chuội tơ", "Reuse of reeling and degumming water"),
            improves=("sericulture.reeling_water",),
            references=(ESTIMATE,),
        ),
        Measure(
            id="sericulture.clean_reeling_fuel",
            label=text(
                "Nồi ươm dùng điện hoặc LPG thay than, củi",
                "Electric or LPG cocoon boiling instead of coal or firewood",
            ),
            improves=("sericulture.reeling_fuel",),
            references=(ESTIMATE,),
        ),
        Measure(
            id="sericulture.local_mulberry",
            label=text(
                "Khôi phục vùng trồng dâu nuôi tằm tại chỗ", "Restore local mulberry and cocoon supply"
            ),
            improves=("sericulture.local_cocoon_share",),
            references=(PHUNG_XA_MULBERRY, ESTIMATE),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Dâu tằm tơ, tơ sen", "Sericulture and silk (incl. lotus silk)"),
            description=text(
                "Ươm tơ, chuội, nhuộm tơ tằm và tơ sen.",
                "Reeling, degumming and dyeing of mulberry silk and lotus silk.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw sericulture fields (one dataset column each)."""
    return [
        percent_field(
            "seri_natural_dye_pct",
            "Sản lượng nhuộm bằng thuốc nhuộm tự nhiên",
            "Output dyed with natural dyes",
        ),
        number_field(
            "seri_water_l_per_kg",
            "Nước ươm, chuội trên kg tơ",
            "Reeling and degumming water per kg raw silk",
            "L/kg",
            maximum=5000,
        ),
        number_field(
            "seri_degumming_cod_mg_l",
            "COD nước thải chuội tơ",
            "COD of degumming effluent",
            "mg/L",
            maximum=20000,
        ),
        number_field(
            "seri_degumming_bod5_mg_l",
            "BOD5 nước thải chuội tơ",
            "BOD5 of degumming effluent",
            "mg/L",
            maximum=10000,
        ),
        percent_field(
            "seri_local_cocoon_pct", "Kén, tơ từ vùng dâu tại chỗ", "Cocoons or silk from local mulberry"
        ),
        category_field("seri_reeling_fuel", "Nhiên liệu nấu kén", "Fuel for cocoon boiling", FUELS),
        percent_field("seri_ocop_product_pct", "Sản phẩm lụa đạt OCOP", "OCOP-rated silk products"),
    ]


@hookimpl
def register_indicators():
    """Return SER-01 … SER-07 (all single-field, sector ``sericulture``)."""
    env, eco = "environment", "economy"
    return [
        Indicator(
            id="sericulture.natural_dye_share",
            code="SER-01",
            label=text("Sản lượng nhuộm bằng thuốc nhuộm tự nhiên", "Output dyed with natural dyes"),
            unit="%",
            direction="higher",
            requires=("seri_natural_dye_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 60),
            pillar=env,
            criterion=SECTOR,
            references=(MDGF, ESTIMATE),
            measures=("sericulture.natural_dyeing",),
        ),
        Indicator(
            id="sericulture.reeling_water",
            code="SER-02",
            label=text("Nước ươm, chuội trên mỗi kg tơ", "Water per kg of raw silk (reeling and degumming)"),
            unit="L/kg",
            direction="lower",
            requires=("seri_water_l_per_kg",),
            sectors=(SECTOR,),
            scorer=linear(1500, 300),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("sericulture.water_reuse",),
        ),
        Indicator(
            id="sericulture.degumming_cod",
            code="SER-03",
            label=text(
                "COD nước thải chuội tơ so với giới hạn", "COD of degumming effluent against the limit"
            ),
            unit="mg/L",
            direction="lower",
            requires=("seri_degumming_cod_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40,),
            measures=("sericulture.centralised_degumming_treatment", "sericulture.natural_dyeing"),
        ),
        Indicator(
            id="sericulture.degumming_bod5",
            code="SER-04",
            label=text(
                "BOD5 nước thải chuội tơ so với giới hạn", "BOD5 of degumming effluent against the limit"
            ),
            unit="mg/L",
            direction="lower",
            requires=("seri_degumming_bod5_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40,),
            measures=("sericulture.centralised_degumming_treatment", "sericulture.natural_dyeing"),
        ),
        Indicator(
            id="sericulture.local_cocoon_share",
            code="SER-05",
            label=text("Kén, tơ từ vùng trồng dâu tại chỗ", "Cocoons or silk from local mulberry"),
            unit="%",
            direction="higher",
            requires=("seri_local_cocoon_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 80),
            pillar=eco,
            criterion=SECTOR,
            references=(PHUNG_XA_MULBERRY, ESTIMATE),
            measures=("sericulture.local_mulberry",),
        ),
        Indicator(
            id="sericulture.reeling_fuel",
            code="SER-06",
            label=text("Nhiên liệu nấu kén", "Fuel for cocoon boiling"),
            unit="",
            direction="category",
            requires=("seri_reeling_fuel",),
            sectors=(SECTOR,),
            scorer={
                "method": "categorical",
                "params": {"scores": {"coal_wood": 0, "biomass_gas": 50, "lpg": 75, "electric": 100}},
            },
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("sericulture.clean_reeling_fuel",),
        ),
        Indicator(
            id="sericulture.ocop_silk_share",
            code="SER-07",
            label=text("Sản phẩm lụa đạt chứng nhận OCOP", "Silk products with an OCOP rating"),
            unit="%",
            direction="higher",
            requires=("seri_ocop_product_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 50),
            pillar=eco,
            criterion=SECTOR,
            references=(OCOP, ESTIMATE),
        ),
    ]
