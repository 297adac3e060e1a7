"""Food processing (chế biến nông sản, tinh bột) sector plugin for villagescore.

Indicators FOD-01 … FOD-07 for food-processing villages such as Dương Liễu (former Hoài Đức
district, Hà Nội; cassava and arrowroot starch, vermicelli): wastewater per tonne of product
(computed from daily volume and daily output), effluent COD, BOD5 and TSS (scored against the
limit the framework names: QCVN 40:2011 column B), starch-residue reuse, craft solid waste
collected and facilities with a food-safety certificate.
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
)

__version__ = "0.1.0"

SECTOR = "food_processing"

ESTIMATE = estimate(
    "Scoring goalposts are a project judgement.",
    provision="domain.md §A (proposed scoring levels) and §A.2 (food processing)",
)
DUONG_LIEU = Reference(
    document="Quy trình sản xuất tinh bột sắn tại Dương Liễu (123docz)",
    confidence="secondary",
    url="https://123docz.net/trich-doan/3641208-quy-trinh-san-xuat-tinh-bot-san-tai-duong-lieu-hien-tai.htm",
    note="Dương Liễu discharges about 1,200 m³ of process wastewater per day.",
)
QCVN40 = Reference(
    document="QCVN 40:2011/BTNMT (industrial wastewater)",
    provision="Table 1",
    column="B",
    confidence="secondary",
    valid_to="2025-08-31",
    note="Column B: BOD5 50, COD 150, TSS 100 mg/L [S ×2]. QCVN 63:2017 (cassava starch) was replaced, with "
    "QCVN 40:2011, by QCVN 40:2025/BTNMT from 01/09/2025. The limit itself is in the framework threshold.",
)
HOAI_DUC_WASTE = Reference(
    document="Hoài Đức craft solid waste (domain.md §A.2, FOD-04)",
    confidence="secondary",
    note="Hoài Đức craft solid waste ~112,200 t/yr.",
)


def wastewater_intensity(frame):
    """Process wastewater per tonne of product: ``m³/day ÷ t/day``; missing where output ≤ 0."""
    output = frame["food_output_t_day"]
    return frame["food_wastewater_m3_day"] / output.where(output > 0)


@hookimpl
def register_sectors():
    """Return the food-processing sector with its cleaner-production measures."""
    effluent = (
        "food_processing.effluent_cod",
        "food_processing.effluent_bod5",
        "food_processing.effluent_tss",
    )
    measures = (
        Measure(
            id="food_processing.residue_to_feed",
            label=text(
                "Tận dụng bã tinh bột làm thức ăn chăn nuôi, cơ chất",
                "Reuse starch residue as animal feed or substrate",
            ),
            improves=("food_processing.residue_reuse", "food_processing.effluent_tss"),
            references=(ESTIMATE,),
        ),
        Measure(
            id="food_processing.anaerobic_treatment_biogas",
            label=text(
                "Xử lý kỵ khí nước thải tinh bột, thu hồi biogas",
                "Anaerobic treatment of starch wastewater with biogas recovery",
            ),
            improves=effluent,
            references=(QCVN40, ESTIMATE),
        ),
        Measure(
            id="food_processing.water_recirculation",
            label=text(
                "Tuần hoàn nước rửa củ, nước lắng tinh bột", "Recirculate root-washing and settling water"
            ),
            improves=("food_processing.wastewater_intensity",),
            references=(DUONG_LIEU, ESTIMATE),
        ),
        Measure(
            id="food_processing.food_safety_certification",
            label=text(
                "Hỗ trợ cơ sở đạt giấy chứng nhận an toàn thực phẩm",
                "Help facilities obtain a food-safety certificate",
            ),
            improves=("food_processing.food_safety_certified",),
            references=(ESTIMATE,),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Chế biến nông sản thực phẩm", "Food processing"),
            description=text(
                "Chế biến tinh bột sắn, dong riềng, miến, bún, bánh và nông sản khác.",
                "Processing of cassava and arrowroot starch, vermicelli, noodles and other farm produce.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw food-processing fields (one dataset column each)."""
    return [
        number_field(
            "food_wastewater_m3_day",
            "Lưu lượng nước thải sản xuất",
            "Process wastewater",
            "m³/day",
            maximum=50000,
        ),
        number_field("food_output_t_day", "Sản lượng sản phẩm", "Product output", "t/day", maximum=5000),
        number_field("food_effluent_cod_mg_l", "COD nước thải", "Effluent COD", "mg/L", maximum=50000),
        number_field("food_effluent_bod5_mg_l", "BOD5 nước thải", "Effluent BOD5", "mg/L", maximum=30000),
        number_field("food_effluent_tss_mg_l", "TSS nước thải", "Effluent TSS", "mg/L", maximum=30000),
        percent_field("food_residue_reused_pct", "Bã tinh bột được tái sử dụng", "Starch residue reused"),
        percent_field(
            "food_solid_waste_collected_pct",
            "Chất thải rắn sản xuất được thu gom",
            "Craft solid waste collected",
        ),
        percent_field(
            "food_safety_certified_pct",
            "Cơ sở có giấy chứng nhận an toàn thực phẩm",
            "Facilities with a food-safety certificate",
        ),
    ]


@hookimpl
def register_indicators():
    """Return FOD-01 … FOD-07 (FOD-01 computed, the others single-field; sector ``food_processing``)."""
    env, soc = "environment", "society"
    return [
        Indicator(
            id="food_processing.wastewater_intensity",
            code="FOD-01",
            label=text("Nước thải trên mỗi tấn sản phẩm", "Process wastewater per tonne of product"),
            unit="m³/t",
            direction="lower",
            requires=("food_wastewater_m3_day", "food_output_t_day"),
            compute=wastewater_intensity,
            sectors=(SECTOR,),
            scorer=linear(30, 5),
            pillar=env,
            criterion=SECTOR,
            references=(DUONG_LIEU, ESTIMATE),
            measures=("food_processing.water_recirculation",),
            description=text(
                "nước thải (m³/ngày) ÷ sản lượng (t/ngày)", "wastewater (m³/day) ÷ output (t/day)"
            ),
        ),
        Indicator(
            id="food_processing.effluent_cod",
            code="FOD-02",
            label=text("COD nước thải so với giới hạn", "Effluent COD against the limit"),
            unit="mg/L",
            direction="lower",
            requires=("food_effluent_cod_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40,),
            measures=("food_processing.anaerobic_treatment_biogas",),
        ),
        Indicator(
            id="food_processing.effluent_bod5",
            code="FOD-03",
            label=text("BOD5 nước thải so với giới hạn", "Effluent BOD5 against the limit"),
            unit="mg/L",
            direction="lower",
            requires=("food_effluent_bod5_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40,),
            measures=("food_processing.anaerobic_treatment_biogas",),
        ),
        Indicator(
            id="food_processing.effluent_tss",
            code="FOD-04",
            label=text("TSS nước thải so với giới hạn", "Effluent TSS against the limit"),
            unit="mg/L",
            direction="lower",
            requires=("food_effluent_tss_mg_l",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN40,),
            measures=("food_processing.anaerobic_treatment_biogas", "food_processing.residue_to_feed"),
        ),
        Indicator(
            id="food_processing.residue_reuse",
            code="FOD-05",
            label=text("Bã tinh bột được tái sử dụng", "Starch residue reused as feed or substrate"),
            unit="%",
            direction="higher",
            requires=("food_residue_reused_pct",),
            sectors=(SECTOR,),
            scorer=linear(40, 90),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("food_processing.residue_to_feed",),
        ),
        Indicator(
            id="food_processing.solid_waste_collected",
            code="FOD-06",
            label=text("Chất thải rắn sản xuất được thu gom", "Craft solid waste collected"),
            unit="%",
            direction="higher",
            requires=("food_solid_waste_collected_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(HOAI_DUC_WASTE, ESTIMATE),
        ),
        Indicator(
            id="food_processing.food_safety_certified",
            code="FOD-07",
            label=text(
                "Cơ sở có giấy chứng nhận an toàn thực phẩm", "Facilities with a food-safety certificate"
            ),
            unit="%",
            direction="higher",
            requires=("food_safety_certified_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("food_processing.food_safety_certification",),
        ),
    ]
