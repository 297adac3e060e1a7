"""Weaving and dyeing sector (towels, silk): Phùng Xá, Vạn Phúc, Phương La (WEV-01 … WEV-10).

The sector's pressures are dye-house effluent (colour, COD, BOD5), water use in bleaching and
dyeing, loom noise in residential areas (looms often run day and night) and weavers' noise
exposure, and minors in dyeing or fabric-steaming (a job forbidden to under-18s by Circular
09/2020/TT-BLĐTBXH). The cleaner-production measures are data: each names the indicators it
improves, so the improvement planner can propose them. Limits live in the framework file.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    NOISE_RATIO_TO_LIMIT,
    Indicator,
    Measure,
    Reference,
    Sector,
    bands,
    count_field,
    hookimpl,
    linear,
    number_field,
    percent_field,
    ratio_to_limit,
    text,
)

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_sectors", "MEASURES"]

SECTOR = ("weaving",)

_Q13_URL = "https://thanthienmoitruong.com/tu-lieu/64/quy-chuan-ky-thuat-quoc-gia-ve-nuoc-thai-cong-nghiep-det-nhuom.html"
_Q40_2025_URL = (
    "https://vanban123.vn/Quy-chuan/National-Technical-Regulation-QCVN-40-2025-BTNMT-for-Industrial-"
    "effluent-680153"
)


def _q13(parameter: str, a: float, b: float, unit: str) -> tuple[Reference, ...]:
    return (
        Reference(
            "QCVN 13-MT:2015/BTNMT (Circular 13/2015/TT-BTNMT)",
            provision="Table 1 (new facilities)",
            column="A / B",
            parameter=parameter,
            value=f"{a:g} / {b:g}",
            unit=unit,
            valid_to="2025-08-31",
            confidence="unverified",
            url=_Q13_URL,
            note="Table 1 was not read in any source: candidate values patterned on QCVN 40:2011 "
            "(limits-verified.md §1). Check before any policy use.",
        ),
        Reference(
            "QCVN 40:2011/BTNMT",
            provision="Table 1",
            column="A / B",
            parameter=parameter,
            value=f"{a:g} / {b:g}",
            unit=unit,
            confidence="secondary",
            url="https://water-business.jp/article/reg_vn04/",
            note="[S] ×2",
        ),
        Reference(
            "QCVN 40:2025/BTNMT (Circular 06/2025/TT-BTNMT)",
            parameter=parameter,
            valid_from="2025-09-01",
            confidence="unverified",
            url=_Q40_2025_URL,
            note="Replaces QCVN 13-MT:2015; values not retrieved. Facilities operating before "
            "01/09/2025 may keep the old QCVN until 31/12/2031 [S].",
        ),
    )


_Q24 = Reference(
    "QCVN 24:2016/BYT",
    provision="Table 1",
    column="8 h",
    parameter="LAeq",
    value=85,
    unit="dBA",
    valid_from="2016-12-01",
    confidence="verified",
    url="https://thuvienphapluat.vn/TCVN/Linh-vuc-khac/QCVN-24-2016-BYT-muc-tiep-xuc-cho-phep-tieng-on-tai-noi-"
    "lam-viec-915791.aspx",
)
_Q26 = Reference(
    "QCVN 26:2010/BTNMT",
    provision="Table 1",
    column="by area type and period",
    unit="dBA",
    confidence="verified",
    url="https://indecom.com.vn/quy-chuan-ky-thuat-quoc-gia-ve-tieng-on/",
    note="Vạn Phúc measured 10–35 dB above the standard [S]; QCVN 26:2025 values not retrieved.",
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        "weaving.centralised_dyeing",
        text(
            "Chuyển tẩy, nhuộm vào cụm công nghiệp làng nghề có trạm xử lý nước thải tập trung",
            "Move bleaching and dyeing into the craft industrial cluster "
            "with central wastewater treatment",
        ),
        improves=(
            "weaving.wet_processing_treated",
            "weaving.dye_effluent_cod",
            "weaving.dye_effluent_bod5",
            "weaving.dye_effluent_colour",
            "environment.wastewater_treated",
            "environment.effluent_cod",
            "environment.effluent_bod5",
            "environment.effluent_tss",
        ),
        references=(
            Reference(
                "Phùng Xá: 1 industrial cluster, 3 bleaching/dyeing workshops",
                confidence="secondary",
                url="https://langngheviet.com.vn/hiep-hoi-lang-nghe-det-xa-phung-xa-doan-ket-va-"
                "phat-trien-11877.html",
            ),
        ),
    ),
    Measure(
        "weaving.low_liquor_ratio_dyeing",
        text(
            "Nhuộm với tỷ lệ dung dịch thấp, tối ưu công thức và tái sử dụng bể nhuộm",
            "Low-liquor-ratio dyeing, optimised recipes and dye-bath reuse",
        ),
        improves=(
            "weaving.water_intensity",
            "weaving.dye_effluent_cod",
            "weaving.dye_effluent_colour",
            "environment.resource_efficiency",
        ),
    ),
    Measure(
        "weaving.water_recycling",
        text("Tuần hoàn nước giặt, nước làm mát và nước rửa cuối", "Recycle rinsing and cooling water"),
        improves=("weaving.water_intensity", "environment.resource_efficiency"),
        references=(
            Reference(
                "conventional dye houses use 120–300 m³/t",
                confidence="secondary",
                url="http://moitruongmientrung.com/quy-chuan-nuoc-thai-det-nhuom-moi-nhat-qcvn-"
                "13mt-2015btnmt.html",
            ),
        ),
    ),
    Measure(
        "weaving.loom_room_enclosure",
        text(
            "Cách âm phòng máy dệt, đệm chống rung, bảo dưỡng máy",
            "Acoustic enclosure of loom rooms, anti-vibration mounts and loom maintenance",
        ),
        improves=(
            "weaving.loom_noise_day",
            "weaving.loom_noise_night",
            "weaving.weaver_noise_exposure",
            "environment.noise_day",
            "environment.noise_night",
            "society.workplace_noise",
        ),
    ),
    Measure(
        "weaving.hearing_protection_programme",
        text(
            "Chương trình bảo vệ thính giác: nút tai, luân phiên ca, đo ồn định kỳ",
            "Hearing-protection programme: ear plugs, shift rotation, periodic noise measurement",
        ),
        improves=("society.hearing_protection", "society.ppe_use"),
        references=(_Q24,),
    ),
    Measure(
        "weaving.no_night_weaving",
        text(
            "Quy ước không vận hành máy dệt trong khu dân cư từ 21 h đến 6 h",
            "Village rule: no loom operation in residential areas from 21:00 to 06:00",
        ),
        improves=("weaving.loom_noise_night", "environment.noise_night", "governance.village_convention"),
    ),
)


@hookimpl
def register_sectors():
    """Return the weaving sector with its cleaner-production measures."""
    return [
        Sector(
            "weaving",
            text("Dệt, nhuộm (khăn bông, lụa)", "Weaving and dyeing (towels, silk)"),
            description=text(
                "Làng dệt như Phùng Xá (Mỹ Đức), Vạn Phúc (Hà Đông), Phương La.",
                "Weaving villages such as Phùng Xá (Mỹ Đức), Vạn Phúc (Hà Đông), Phương La.",
            ),
            measures=MEASURES,
        )
    ]


@hookimpl
def register_fields():
    """Return the weaving-sector fields (ids prefixed ``weaving_``)."""
    return [
        number_field(
            "weaving_dye_effluent_colour_pt_co",
            "Độ màu nước thải nhuộm sau xử lý (nếu có)",
            "Colour of dye-house effluent at discharge",
            "Pt-Co",
            maximum=50_000,
        ),
        number_field(
            "weaving_dye_effluent_cod_mg_l",
            "COD nước thải nhuộm tại điểm xả",
            "COD of dye-house effluent",
            "mg/L",
            maximum=50_000,
        ),
        number_field(
            "weaving_dye_effluent_bod5_mg_l",
            "BOD5 nước thải nhuộm tại điểm xả",
            "BOD5 of dye-house effluent",
            "mg/L",
            maximum=20_000,
        ),
        number_field(
            "weaving_water_m3_per_t_fabric",
            "Nước dùng cho tẩy, nhuộm trên một tấn vải",
            "Water used in bleaching and dyeing per tonne of fabric",
            "m³/t",
            maximum=2_000,
        ),
        percent_field(
            "weaving_wet_processing_treated_pct",
            "Tỷ lệ khối lượng tẩy, nhuộm thực hiện tại cơ sở có xử lý nước thải",
            "Share of bleaching and dyeing done in facilities with wastewater treatment",
        ),
        number_field(
            "weaving_loom_noise_day_dba",
            "Mức ồn LAeq ban ngày tại nhà dân gần xưởng dệt nhất",
            "Day LAeq at the dwelling nearest a loom workshop",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        number_field(
            "weaving_loom_noise_night_dba",
            "Mức ồn LAeq ban đêm tại nhà dân gần xưởng dệt nhất",
            "Night LAeq at the dwelling nearest a loom workshop",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        number_field(
            "weaving_weaver_laeq_8h_dba",
            "Mức ồn LAeq 8 giờ của thợ dệt (trung vị các phòng máy)",
            "Weaver 8-h LAeq (median over loom rooms)",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        count_field(
            "weaving_minors_in_dyeing",
            "Số lao động dưới 18 tuổi làm nhuộm, hấp vải",
            "Workers under 18 in dyeing or fabric steaming",
            "workers",
            maximum=100_000,
        ),
        percent_field(
            "weaving_premium_output_pct",
            "Tỷ trọng sản lượng từ sợi tự nhiên, cao cấp hoặc dòng sản phẩm OCOP",
            "Output from natural or premium fibres (silk, lotus silk, bamboo fibre) or OCOP lines",
        ),
    ]


def _ind(ident, code, vi, en, unit, direction, field, scorer, pillar, criterion, refs, measures=()):
    return Indicator(
        id=f"weaving.{ident}",
        code=code,
        label=text(vi, en),
        unit=unit,
        direction=direction,
        requires=(field,),
        scorer=scorer,
        pillar=pillar,
        criterion=criterion,
        sectors=SECTOR,
        references=refs,
        measures=measures,
    )


@hookimpl
def register_indicators():
    """Return the weaving-sector indicators (all with ``sectors=("weaving",)``)."""
    ratio = ratio_to_limit()
    effluent_measures = ("weaving.centralised_dyeing", "weaving.low_liquor_ratio_dyeing")
    noise_measures = ("weaving.loom_room_enclosure",)
    return [
        _ind(
            "dye_effluent_colour",
            "WEV-01",
            "Độ màu nước thải nhuộm",
            "Dye-house effluent colour",
            "Pt-Co",
            "lower",
            "weaving_dye_effluent_colour_pt_co",
            ratio,
            "environment",
            "weaving_environment",
            _q13("Colour (pH 7)", 50, 150, "Pt-Co"),
            effluent_measures,
        ),
        _ind(
            "dye_effluent_cod",
            "WEV-02a",
            "COD nước thải nhuộm",
            "Dye-house effluent COD",
            "mg/L",
            "lower",
            "weaving_dye_effluent_cod_mg_l",
            ratio,
            "environment",
            "weaving_environment",
            _q13("COD", 75, 150, "mg/L"),
            effluent_measures,
        ),
        _ind(
            "dye_effluent_bod5",
            "WEV-02b",
            "BOD5 nước thải nhuộm",
            "Dye-house effluent BOD5",
            "mg/L",
            "lower",
            "weaving_dye_effluent_bod5_mg_l",
            ratio,
            "environment",
            "weaving_environment",
            _q13("BOD5 (20 °C)", 30, 50, "mg/L"),
            effluent_measures,
        ),
        _ind(
            "water_intensity",
            "WEV-03",
            "Nước dùng cho tẩy, nhuộm trên tấn vải",
            "Water use per tonne of fabric",
            "m³/t",
            "lower",
            "weaving_water_m3_per_t_fabric",
            linear(300, 100),
            "environment",
            "weaving_environment",
            (
                Reference(
                    "conventional dye houses 120–300 m³/t; good practice < 100",
                    confidence="estimate",
                    url="http://moitruongmientrung.com/quy-chuan-nuoc-thai-det-nhuom-moi-nhat-qcvn-13mt-"
                    "2015btnmt.html",
                    note="Range [S]; the 100 m³/t goal is [E].",
                ),
            ),
            ("weaving.low_liquor_ratio_dyeing", "weaving.water_recycling"),
        ),
        _ind(
            "wet_processing_treated",
            "WEV-04",
            "Tẩy, nhuộm tại cơ sở có xử lý nước thải",
            "Wet processing in facilities with treatment",
            "%",
            "higher",
            "weaving_wet_processing_treated_pct",
            COVERAGE_BANDS,
            "environment",
            "weaving_environment",
            (Reference("project benchmark", value=100, unit="%", confidence="estimate"),),
            ("weaving.centralised_dyeing",),
        ),
        _ind(
            "loom_noise_day",
            "WEV-05a",
            "Tiếng ồn máy dệt tại nhà dân, ban ngày",
            "Loom noise at the nearest dwelling, day",
            "dBA",
            "lower",
            "weaving_loom_noise_day_dba",
            NOISE_RATIO_TO_LIMIT,
            "environment",
            "weaving_environment",
            (_Q26,),
            noise_measures,
        ),
        _ind(
            "loom_noise_night",
            "WEV-05b",
            "Tiếng ồn máy dệt tại nhà dân, ban đêm",
            "Loom noise at the nearest dwelling, night",
            "dBA",
            "lower",
            "weaving_loom_noise_night_dba",
            NOISE_RATIO_TO_LIMIT,
            "environment",
            "weaving_environment",
            (_Q26,),
            ("weaving.loom_room_enclosure", "weaving.no_night_weaving"),
        ),
        _ind(
            "weaver_noise_exposure",
            "WEV-06",
            "Mức ồn thợ dệt tiếp xúc (8 giờ)",
            "Weaver noise exposure (8 h)",
            "dBA",
            "lower",
            "weaving_weaver_laeq_8h_dba",
            NOISE_RATIO_TO_LIMIT,
            "society",
            "weaving_society",
            (_Q24,),
            noise_measures,
        ),
        _ind(
            "minors_in_dyeing",
            "WEV-09",
            "Lao động chưa thành niên làm nhuộm, hấp vải",
            "Minors in dyeing or fabric steaming",
            "workers",
            "lower",
            "weaving_minors_in_dyeing",
            bands([0], [100, 0], closed="right"),
            "society",
            "weaving_society",
            (
                Reference(
                    "Circular 09/2020/TT-BLĐTBXH",
                    provision="list of jobs forbidden to under-18s (includes dyeing, steaming fabric)",
                    valid_from="2021-03-15",
                    confidence="verified",
                    url="https://en.baochinhphu.vn/print/conditions-for-recruiting-or-employing-teenage-"
                    "workers-11140994.htm",
                ),
            ),
        ),
        _ind(
            "premium_output",
            "WEV-10",
            "Tỷ trọng sản phẩm sợi tự nhiên, cao cấp",
            "Premium or natural-fibre output",
            "%",
            "higher",
            "weaving_premium_output_pct",
            linear(0, 30),
            "economy",
            "weaving_economy",
            (
                Reference(
                    "Phùng Xá lotus-silk scarves sell for > 4 M VND each",
                    confidence="secondary",
                    url="https://nongthonmoihanoi.gov.vn/tin-tuc/huyen-my-duc-khoi-sac-nghe-det-o-phung-xa-1302",
                    note="30 % goal is a project estimate [E].",
                ),
            ),
        ),
    ]
