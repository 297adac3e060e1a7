"""Lacquerware (sơn mài) sector plugin for villagescore.

Indicators LAC-01 … LAC-08 for lacquer villages such as Hạ Thái (Duyên Thái commune,
former Thường Tín district, Hà Nội): solvent use, the quality of sanding and settling water
(TSS, COD, BOD5, scored against the legal limit the framework names), glove use, ventilated
finishing, improved lacquer refining and whether the full traditional process is kept.

The sanding-water indicators only say ``{"method": "ratio_to_limit"}``: the limit and its
citation (QCVN 40:2011/BTNMT column B) live in the framework's ``threshold`` entries.
Workshop toluene/xylene against QCVN 03:2019/BYT is *not* scored: those limits were not
verified (``limits-verified.md`` §6); ventilated finishing is the proxy.
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
    ratio_to_limit,
    text,
    yes_is_good,
    yes_no_field,
)

__version__ = "0.1.0"

SECTOR = "lacquer"

ESTIMATE = estimate(
    "No legal limit or published benchmark; the scoring goalposts are a project judgement.",
    provision="domain.md §A (proposed scoring levels) and §A.2 (lacquerware)",
)
HA_THAI_WATER = Reference(
    document="Đánh giá hiện trạng chất lượng nước thải tại làng nghề sơn mài truyền thống tại Hà Nội (2017)",
    confidence="secondary",
    url="https://tailieu.vn/doc/da-nh-gia-hie-n-tra-ng-chat-luong-nuo-c-tha-i-ta-i-la-ng-nghe-son-ma-i-"
    "truye-n-tho-ng-tai-ha-no-i-2153335.html",
    note="TSS, COD and BOD5 above QCVN 40:2011 at all 4 points in Hạ Thái (ditch, pond, settling water, "
    "sanding water).",
)
QCVN40 = Reference(
    document="QCVN 40:2011/BTNMT (industrial wastewater)",
    provision="Table 1",
    column="B",
    confidence="secondary",
    valid_to="2025-08-31",
    note="Column B: TSS 100, COD 150, BOD5 50 mg/L [S ×2]; replaced by QCVN 40:2025/BTNMT from "
    "01/09/2025 (existing facilities may keep the old QCVN until 31/12/2031 [S]). The limit itself "
    "is in the framework threshold.",
)
QCVN03 = Reference(
    document="QCVN 03:2019/BYT (workplace exposure limits for 50 chemicals)",
    confidence="unverified",
    note="Toluene and xylene limits not found (candidate TWA 100 mg/m³ unverified); not used for scoring.",
)
LACQUER_TYPE = Reference(
    document="Làng sơn mài Hạ Thái (dulich24; baomoi)",
    confidence="secondary",
    url="https://baomoi.com/lang-nghe-son-mai-ha-thai-noi-danh-ha-noi/c/34553840.epi",
    note="Hạ Thái moved largely to cashew-oil lacquer; natural sơn ta is a known skin sensitiser.",
)
MDGF = Reference(
    document="UN Joint Programme on Green Production and Trade (MDG-F), dissemination workshop 2013",
    confidence="verified",
    url="http://un.org.vn/en/what-we-do-mainmenu-203/joint-programmes-a-teams-mainmenu-208/"
    "joint-programme-on-green-production-and-trade/2485-dissemination-workshop-on-cleaner-production-"
    "and-design-for-sustainability.html",
    note="Trial of improved lacquer refining.",
)
PROCESS = Reference(
    document="Hạ Thái lacquer process (nhipsonghanoi.hanoimoi.vn)",
    confidence="secondary",
    url="https://nhipsonghanoi.hanoimoi.vn/print/640292.html",
    note="15–18 steps and 9–16 coats; at least 10 coats for a full-process piece.",
)


@hookimpl
def register_sectors():
    """Return the lacquer sector with its cleaner-production measures."""
    water = ("lacquer.sanding_water_tss", "lacquer.sanding_water_cod", "lacquer.sanding_water_bod5")
    measures = (
        Measure(
            id="lacquer.sanding_water_settling",
            label=text(
                "Bể lắng nhiều ngăn và tuần hoàn nước mài",
                "Multi-chamber settling and recirculation of sanding water",
            ),
            improves=water,
            references=(HA_THAI_WATER, ESTIMATE),
        ),
        Measure(
            id="lacquer.ventilated_finishing_booths",
            label=text(
                "Buồng phun, sấy có thông gió và lọc hơi dung môi",
                "Ventilated finishing and drying booths with solvent-vapour filters",
            ),
            improves=("lacquer.ventilated_finishing", "lacquer.solvent_intensity"),
            references=(ESTIMATE,),
        ),
        Measure(
            id="lacquer.improved_refining",
            label=text("Tinh chế sơn cải tiến (thử nghiệm MDG-F)", "Improved lacquer refining (MDG-F trial)"),
            improves=("lacquer.improved_refining", "lacquer.solvent_intensity"),
            references=(MDGF,),
        ),
        Measure(
            id="lacquer.glove_programme",
            label=text(
                "Cấp găng tay và hướng dẫn phòng dị ứng sơn", "Glove provision and lacquer-allergy training"
            ),
            improves=("lacquer.glove_use",),
            references=(LACQUER_TYPE, ESTIMATE),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Sơn mài", "Lacquerware"),
            description=text(
                "Sơn mài, sơn ta và sơn điều: bó hom, phủ sơn, mài, vẽ, hoàn thiện.",
                "Lacquerware with natural (sơn ta) or cashew-oil lacquer: priming, coating, "
                "sanding, painting and finishing.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw lacquer fields (one dataset column each)."""
    return [
        number_field(
            "lacquer_solvent_l_per_100_items",
            "Dung môi dùng cho 100 sản phẩm",
            "Solvent used per 100 items",
            "L/100 items",
            maximum=200,
        ),
        number_field(
            "lacquer_sanding_tss_mg_l",
            "TSS nước mài, nước lắng",
            "TSS of sanding and settling water",
            "mg/L",
            maximum=5000,
        ),
        number_field(
            "lacquer_sanding_cod_mg_l",
            "COD nước mài, nước lắng",
            "COD of sanding and settling water",
            "mg/L",
            maximum=5000,
        ),
        number_field(
            "lacquer_sanding_bod5_mg_l",
            "BOD5 nước mài, nước lắng",
            "BOD5 of sanding and settling water",
            "mg/L",
            maximum=3000,
        ),
        percent_field(
            "lacquer_glove_use_pct", "Thợ đeo găng tay khi phủ sơn", "Workers wearing gloves when coating"
        ),
        percent_field(
            "lacquer_ventilated_finishing_pct",
            "Công đoạn phun, sấy trong buồng thông gió",
            "Finishing and drying in ventilated booths",
        ),
        yes_no_field(
            "lacquer_improved_refining", "Áp dụng tinh chế sơn cải tiến", "Improved lacquer refining in use"
        ),
        yes_no_field(
            "lacquer_full_process",
            "Giữ đủ quy trình truyền thống (≥10 lớp sơn)",
            "Full traditional process kept (≥10 coats)",
        ),
    ]


@hookimpl
def register_indicators():
    """Return LAC-01 … LAC-08 (all single-field, sector ``lacquer``)."""
    env, soc, eco = "environment", "society", "economy"
    return [
        Indicator(
            id="lacquer.solvent_intensity",
            code="LAC-01",
            label=text("Dung môi sử dụng trên 100 sản phẩm", "Solvent used per 100 items"),
            unit="L/100 items",
            direction="lower",
            requires=("lacquer_solvent_l_per_100_items",),
            sectors=(SECTOR,),
            scorer=linear(40, 5),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("lacquer.ventilated_finishing_booths", "lacquer.improved_refining"),
        ),
        Indicator(
            id="lacquer.sanding_water_tss",
            code="LAC-02",
            label=text(
                "TSS của nước mài, nước lắng so với giới hạn",
                "TSS of sanding and settling water against the limit",
            ),
            unit="mg/L",
            direction="lower",
            requires=("lacquer_sanding_tss_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40, HA_THAI_WATER),
            measures=("lacquer.sanding_water_settling",),
        ),
        Indicator(
            id="lacquer.sanding_water_cod",
            code="LAC-03",
            label=text(
                "COD của nước mài, nước lắng so với giới hạn",
                "COD of sanding and settling water against the limit",
            ),
            unit="mg/L",
            direction="lower",
            requires=("lacquer_sanding_cod_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40, HA_THAI_WATER),
            measures=("lacquer.sanding_water_settling",),
        ),
        Indicator(
            id="lacquer.sanding_water_bod5",
            code="LAC-04",
            label=text(
                "BOD5 của nước mài, nước lắng so với giới hạn",
                "BOD5 of sanding and settling water against the limit",
            ),
            unit="mg/L",
            direction="lower",
            requires=("lacquer_sanding_bod5_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40, HA_THAI_WATER),
            measures=("lacquer.sanding_water_settling",),
        ),
        Indicator(
            id="lacquer.glove_use",
            code="LAC-05",
            label=text("Thợ đeo găng tay khi tiếp xúc sơn", "Workers wearing gloves when handling lacquer"),
            unit="%",
            direction="higher",
            requires=("lacquer_glove_use_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(LACQUER_TYPE, ESTIMATE),
            measures=("lacquer.glove_programme",),
        ),
        Indicator(
            id="lacquer.ventilated_finishing",
            code="LAC-06",
            label=text(
                "Công đoạn phun, sấy trong buồng có thông gió",
                "Finishing and drying done in ventilated booths",
            ),
            unit="%",
            direction="higher",
            requires=("lacquer_ventilated_finishing_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(QCVN03, ESTIMATE),
            measures=("lacquer.ventilated_finishing_booths",),
        ),
        Indicator(
            id="lacquer.improved_refining",
            code="LAC-07",
            label=text("Áp dụng tinh chế sơn cải tiến", "Improved lacquer refining in use"),
            unit="",
            direction="boolean",
            requires=("lacquer_improved_refining",),
            sectors=(SECTOR,),
            scorer=yes_is_good(),
            pillar=env,
            criterion=SECTOR,
            references=(MDGF,),
            measures=("lacquer.improved_refining",),
        ),
        Indicator(
            id="lacquer.full_process",
            code="LAC-08",
            label=text("Giữ đủ quy trình sơn mài truyền thống", "Full traditional lacquer process kept"),
            unit="",
            direction="boolean",
            requires=("lacquer_full_process",),
            sectors=(SECTOR,),
            scorer=yes_is_good(),
            pillar=eco,
            criterion=SECTOR,
            references=(PROCESS,),
        ),
    ]
