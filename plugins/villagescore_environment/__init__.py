"""Environment pillar: the generic environmental indicators of a craft village (ENV-01 … ENV-14).

The indicators follow the craft-village duties of the Law on Environmental Protection 2020
(art. 56: environmental protection plan, self-management organisation, drainage, central
treatment, solid-waste collection point), the effluent limits of QCVN 40:2011/BTNMT, ambient
noise (QCVN 26:2010/BTNMT) and ambient air (QCVN 05:2023/BTNMT). Legal limits are *not* in
this module: the framework file gives them as ``threshold`` entries with their citation, so a
new version of a QCVN is a data change. Most indicators are a single collected field, so the
improvement planner can act on them.

The catalogue and its evidence tags are in ``domain.md`` §A.1 and ``limits-verified.md``.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    NOISE_RATIO_TO_LIMIT,
    Indicator,
    Reference,
    bands,
    category_field,
    count_field,
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

__all__ = ["register_fields", "register_indicators", "COVERAGE_SCORER", "NOISE_RATIO_EDGES"]

# ---- shared scoring specs --------------------------------------------------------------------

#: The coverage levels of domain.md §A and the dBA ratio edges now live in
#: ``villagescore.COVERAGE_BANDS`` and ``villagescore.NOISE_RATIO_TO_LIMIT``; these names stay
#: for code that read them from this module.
COVERAGE_SCORER = COVERAGE_BANDS
NOISE_RATIO_EDGES = NOISE_RATIO_TO_LIMIT["params"]["edges"]

# ---- references ----------------------------------------------------------------------------

_LEP56 = Reference(
    "Law on Environmental Protection 2020 (Law 72/2020/QH14)",
    provision="art. 56(1)",
    valid_from="2022-01-01",
    confidence="verified",
    url="https://thuvienphapluat.vn/hoi-dap-phap-luat/520A9-hd-ha-tang-bao-ve-moi-truong-cua-lang-nghe.html",
)
_D08 = Reference(
    "Decree 08/2022/NĐ-CP (amended by Decree 05/2025/NĐ-CP)",
    provision="art. 33–35 (numbers [S])",
    confidence="secondary",
    url="https://lawnet.vn/thong-tin-phap-luat/en/khac/05-requirements-for-environmental-protection-of-the-"
    "production-facilities-and-households-in-the-handicraft-village-must-meet-102069.html",
)
_D801 = Reference(
    "Decision 801/QĐ-TTg (07/07/2022)",
    provision="targets: 100% of facilities meet environmental rules by 2025 and 2030",
    confidence="secondary",
    url="https://khuyennongtphcm.vn/thu-tuong-chinh-phu-ban-hanh-quyet-dinh-801-qd-ttg-ngay-7-7-2022-ve-phe-"
    "duyet-chuong-trinh-bao-ton-va-phat-trien-lang-nghe-viet-nam-giai-doan-2021-2030/",
)
_Q40 = "QCVN 40:2011/BTNMT"
_Q40_URL = "https://water-business.jp/article/reg_vn04/"
_Q26 = Reference(
    "QCVN 26:2010/BTNMT",
    provision="Table 1",
    column="by area type (special/common) and period",
    unit="dBA",
    confidence="verified",
    url="https://indecom.com.vn/quy-chuan-ky-thuat-quoc-gia-ve-tieng-on/",
    note="Successor QCVN 26:2025/BNNMT (Circular 01/2025/TT-BNNMT) values were not retrieved.",
)
_Q05 = "QCVN 05:2023/BTNMT"
_Q05_URL = (
    "https://dulieuphaply.vn/vbpl/quy-chuan-ky-thuat-quoc-gia-qcvn-052023-btnmt-ve-chat-luong-khong-khi"
)


@hookimpl
def register_fields():
    """Return the raw environmental fields of a village."""
    return [
        yes_no_field(
            "environmental_protection_plan",
            "Có phương án bảo vệ môi trường làng nghề được phê duyệt",
            "Approved craft-village environmental protection plan",
        ),
        count_field(
            "env_self_management_level",
            "Tổ chức tự quản về bảo vệ môi trường "
            "(0 chưa có, 1 đã thành lập, 2 hoạt động có hồ sơ)",
            "Environmental self-management organisation "
            "(0 none, 1 established, 2 active with records)",
            maximum=2,
        ),
        percent_field(
            "drainage_connected_pct",
            "Tỷ lệ hộ sản xuất đấu nối hệ thống thu gom nước thải, nước mưa",
            "Production households connected to wastewater/stormwater collection",
        ),
        percent_field(
            "wastewater_treated_pct",
            "Tỷ lệ nước thải sản xuất được xử lý trước khi xả",
            "Share of production wastewater treated before discharge",
        ),
        category_field(
            "discharge_column",
            "Cột áp dụng của nguồn tiếp nhận nước thải (A: dùng cho cấp nước sinh hoạt; B: không)",
            "Receiving-water column (A: used for domestic supply; B: not)",
            ("A", "B"),
        ),
        number_field(
            "effluent_cod_mg_l",
            "COD nước thải tại cửa xả chung của làng",
            "COD of village effluent at the common outfall",
            "mg/L",
            maximum=20000,
        ),
        number_field(
            "effluent_bod5_mg_l",
            "BOD5 nước thải tại cửa xả chung của làng",
            "BOD5 of village effluent at the common outfall",
            "mg/L",
            maximum=10000,
        ),
        number_field(
            "effluent_tss_mg_l",
            "Tổng chất rắn lơ lửng (TSS) nước thải tại cửa xả",
            "TSS of village effluent at the common outfall",
            "mg/L",
            maximum=20000,
        ),
        number_field(
            "effluent_nh4_mg_l",
            "Amoni (tính theo N) nước thải tại cửa xả",
            "Ammonium (as N) of village effluent at the common outfall",
            "mg/L",
            maximum=1000,
        ),
        category_field(
            "noise_area_type",
            "Loại khu vực theo quy chuẩn tiếng ồn (đặc biệt / thông thường)",
            "Noise area type (special / common)",
            ("common", "special"),
        ),
        number_field(
            "noise_day_dba",
            "Mức ồn LAeq ban ngày (6–21 h) tại khu dân cư",
            "Residential LAeq, day (6–21 h)",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        number_field(
            "noise_night_dba",
            "Mức ồn LAeq ban đêm (21–6 h) tại khu dân cư",
            "Residential LAeq, night (21–6 h)",
            "dBA",
            minimum=20,
            maximum=140,
        ),
        number_field(
            "tsp_24h_ug_m3",
            "Bụi tổng (TSP) trung bình 24 giờ",
            "Total suspended particles, 24-h mean",
            "µg/m³",
            maximum=5000,
        ),
        number_field(
            "pm10_24h_ug_m3", "Bụi PM10 trung bình 24 giờ", "PM10, 24-h mean", "µg/m³", maximum=3000
        ),
        percent_field(
            "solid_waste_collected_pct",
            "Tỷ lệ hộ được thu gom chất thải rắn thường xuyên",
            "Households with regular solid-waste collection",
        ),
        percent_field(
            "hazardous_waste_handled_pct",
            "Tỷ lệ cơ sở phân loại chất thải nguy hại và chuyển giao cho đơn vị có phép",
            "Facilities that segregate hazardous waste and hand it to licensed handlers",
        ),
        percent_field(
            "facilities_permitted_pct",
            "Tỷ lệ cơ sở có ĐTM, giấy phép hoặc đăng ký môi trường theo quy định",
            "Facilities holding the required EIA, environmental permit or registration",
        ),
        percent_field(
            "clean_process_heat_pct",
            "Tỷ lệ nhiệt công nghệ từ điện, LPG hoặc khí sinh khối (thay than, củi)",
            "Process heat from electricity, LPG or biomass gas (not coal or firewood)",
        ),
        number_field(
            "material_use_reduction_pct",
            "Mức giảm tiêu hao nguyên, nhiên liệu trên đơn vị sản phẩm so với năm gốc",
            "Reduction in material and fuel use per unit of product against a baseline",
            "%",
            minimum=-100,
            maximum=100,
        ),
    ]


def _effluent(name: str, code: str, field_id: str, vi: str, en: str, parameter: str, a: float, b: float):
    return Indicator(
        id=f"environment.effluent_{name}",
        code=code,
        label=text(vi, en),
        unit="mg/L",
        direction="lower",
        requires=(field_id,),
        scorer=ratio_to_limit(),
        pillar="environment",
        criterion="effluent_quality",
        references=(
            Reference(
                _Q40,
                provision="Table 1",
                column="A",
                parameter=parameter,
                value=a,
                unit="mg/L",
                valid_to="2031-12-31",
                confidence="secondary",
                url=_Q40_URL,
                note="[S] ×2 (limits-verified.md §1); Cmax = C × Kq × Kf not applied (Kq/Kf not "
                "retrieved). valid_to is the transitional end for existing facilities [S].",
            ),
            Reference(
                _Q40,
                provision="Table 1",
                column="B",
                parameter=parameter,
                value=b,
                unit="mg/L",
                valid_to="2031-12-31",
                confidence="secondary",
                url=_Q40_URL,
            ),
            Reference(
                "QCVN 40:2025/BTNMT (Circular 06/2025/TT-BTNMT)",
                parameter=parameter,
                valid_from="2025-09-01",
                confidence="unverified",
                url="https://english.luatvietnam.vn/cong-nghiep/circular-06-2025-tt-btnmt-qcvn-402025-"
                "btnmt-industrial-effluent-391757-d1.html",
                note="Successor (columns A/B/C); values not retrieved.",
            ),
        ),
    )


@hookimpl
def register_indicators():
    """Return the environment-pillar indicators."""
    return [
        Indicator(
            id="environment.protection_plan",
            code="ENV-01",
            label=text(
                "Có phương án bảo vệ môi trường làng nghề được phê duyệt",
                "Approved craft-village environmental protection plan",
            ),
            unit="bool",
            direction="boolean",
            requires=("environmental_protection_plan",),
            scorer=yes_is_good(),
            pillar="environment",
            criterion="environmental_management",
            references=(_LEP56, _D08),
        ),
        Indicator(
            id="environment.self_management",
            code="ENV-02",
            label=text("Tổ chức tự quản về bảo vệ môi trường", "Environmental self-management organisation"),
            unit="level 0–2",
            direction="higher",
            requires=("env_self_management_level",),
            scorer=bands([0, 1], [0, 50, 100], closed="right"),
            pillar="environment",
            criterion="environmental_management",
            references=(
                _LEP56,
                Reference(
                    "project scoring levels",
                    note="1 = established (legal minimum), 2 = active with records (good practice)",
                    confidence="estimate",
                ),
            ),
        ),
        Indicator(
            id="environment.drainage_coverage",
            code="ENV-03",
            label=text(
                "Tỷ lệ hộ sản xuất đấu nối hệ thống thu gom nước thải, nước mưa",
                "Production households connected to drainage",
            ),
            unit="%",
            direction="higher",
            requires=("drainage_connected_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="wastewater",
            references=(
                Reference(
                    "Law on Environmental Protection 2020",
                    provision="art. 56(1)(a)",
                    confidence="verified",
                    url=_LEP56.url,
                ),
            ),
        ),
        Indicator(
            id="environment.wastewater_treated",
            code="ENV-04",
            label=text(
                "Tỷ lệ nước thải sản xuất được xử lý trước khi xả",
                "Production wastewater treated before discharge",
            ),
            unit="%",
            direction="higher",
            requires=("wastewater_treated_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="wastewater",
            references=(
                Reference(
                    "Law on Environmental Protection 2020",
                    provision="art. 56(1)(b)",
                    confidence="verified",
                    url=_LEP56.url,
                ),
                _D801,
            ),
        ),
        _effluent(
            "cod",
            "ENV-05a",
            "effluent_cod_mg_l",
            "COD nước thải so với QCVN 40:2011/BTNMT",
            "Effluent COD against QCVN 40:2011/BTNMT",
            "COD",
            75,
            150,
        ),
        _effluent(
            "bod5",
            "ENV-05b",
            "effluent_bod5_mg_l",
            "BOD5 nước thải so với QCVN 40:2011/BTNMT",
            "Effluent BOD5 against QCVN 40:2011/BTNMT",
            "BOD5 (20 °C)",
            30,
            50,
        ),
        _effluent(
            "tss",
            "ENV-05c",
            "effluent_tss_mg_l",
            "TSS nước thải so với QCVN 40:2011/BTNMT",
            "Effluent TSS against QCVN 40:2011/BTNMT",
            "TSS",
            50,
            100,
        ),
        _effluent(
            "nh4",
            "ENV-05d",
            "effluent_nh4_mg_l",
            "Amoni nước thải so với QCVN 40:2011/BTNMT",
            "Effluent ammonium against QCVN 40:2011/BTNMT",
            "NH4+ (as N)",
            5,
            10,
        ),
        Indicator(
            id="environment.noise_day",
            code="ENV-06a",
            label=text(
                "Tiếng ồn khu dân cư ban ngày so với QCVN 26:2010/BTNMT",
                "Residential noise, day, against QCVN 26:2010/BTNMT",
            ),
            unit="dBA",
            direction="lower",
            requires=("noise_day_dba",),
            scorer=NOISE_RATIO_TO_LIMIT,
            pillar="environment",
            criterion="noise_air",
            references=(_Q26,),
        ),
        Indicator(
            id="environment.noise_night",
            code="ENV-06b",
            label=text(
                "Tiếng ồn khu dân cư ban đêm so với QCVN 26:2010/BTNMT",
                "Residential noise, night, against QCVN 26:2010/BTNMT",
            ),
            unit="dBA",
            direction="lower",
            requires=("noise_night_dba",),
            scorer=NOISE_RATIO_TO_LIMIT,
            pillar="environment",
            criterion="noise_air",
            references=(_Q26,),
        ),
        Indicator(
            id="environment.dust_tsp",
            code="ENV-07a",
            label=text(
                "Bụi tổng (TSP) 24 giờ so với QCVN 05:2023/BTNMT", "TSP (24 h) against QCVN 05:2023/BTNMT"
            ),
            unit="µg/m³",
            direction="lower",
            requires=("tsp_24h_ug_m3",),
            scorer=ratio_to_limit(),
            pillar="environment",
            criterion="noise_air",
            references=(
                Reference(
                    _Q05,
                    provision="Table 1",
                    column="24 h",
                    parameter="TSP",
                    value=200,
                    unit="µg/Nm³",
                    valid_from="2023-09-12",
                    confidence="secondary",
                    url=_Q05_URL,
                    note="Value [S] (code preset); unchanged from QCVN 05:2013.",
                ),
            ),
        ),
        Indicator(
            id="environment.dust_pm10",
            code="ENV-07b",
            label=text("Bụi PM10 24 giờ so với QCVN 05:2023/BTNMT", "PM10 (24 h) against QCVN 05:2023/BTNMT"),
            unit="µg/m³",
            direction="lower",
            requires=("pm10_24h_ug_m3",),
            scorer=ratio_to_limit(),
            pillar="environment",
            criterion="noise_air",
            references=(
                Reference(
                    _Q05,
                    provision="Table 1",
                    column="24 h",
                    parameter="PM10",
                    value=100,
                    unit="µg/Nm³",
                    valid_from="2023-09-12",
                    confidence="secondary",
                    url=_Q05_URL,
                    note="Only one source (a code preset) gives 100; QCVN 05:2013 had 150. "
                    "Check the official Table 1.",
                ),
            ),
        ),
        Indicator(
            id="environment.solid_waste_collection",
            code="ENV-08",
            label=text(
                "Tỷ lệ hộ được thu gom chất thải rắn thường xuyên",
                "Households with regular solid-waste collection",
            ),
            unit="%",
            direction="higher",
            requires=("solid_waste_collected_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="solid_waste",
            references=(
                Reference(
                    "Law on Environmental Protection 2020",
                    provision="art. 56(1)(c)",
                    confidence="verified",
                    url=_LEP56.url,
                ),
            ),
        ),
        Indicator(
            id="environment.hazardous_waste",
            code="ENV-09",
            label=text(
                "Tỷ lệ cơ sở quản lý chất thải nguy hại đúng quy định",
                "Facilities handling hazardous waste properly",
            ),
            unit="%",
            direction="higher",
            requires=("hazardous_waste_handled_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="solid_waste",
            references=(
                Reference(
                    "Law on Environmental Protection 2020",
                    provision="waste chapter",
                    confidence="unverified",
                    note="Duty known in outline [M]; article not checked.",
                ),
            ),
        ),
        Indicator(
            id="environment.permits",
            code="ENV-10",
            label=text(
                "Tỷ lệ cơ sở có ĐTM, giấy phép hoặc đăng ký môi trường",
                "Facilities holding the required EIA, permit or registration",
            ),
            unit="%",
            direction="higher",
            requires=("facilities_permitted_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="environmental_management",
            references=(_D08, _D801),
        ),
        Indicator(
            id="environment.clean_energy",
            code="ENV-13",
            label=text("Tỷ lệ nhiệt công nghệ từ năng lượng sạch hơn", "Process heat from cleaner energy"),
            unit="%",
            direction="higher",
            requires=("clean_process_heat_pct",),
            scorer=COVERAGE_BANDS,
            pillar="environment",
            criterion="resource_efficiency",
            references=(
                Reference(
                    "project benchmark",
                    value=100,
                    unit="%",
                    confidence="estimate",
                    note="Bát Tràng replaced coal kilns with LPG [S].",
                ),
            ),
        ),
        Indicator(
            id="environment.resource_efficiency",
            code="ENV-14",
            label=text(
                "Mức giảm tiêu hao nguyên, nhiên liệu trên đơn vị sản phẩm",
                "Reduction in material and fuel use per unit of product",
            ),
            unit="%",
            direction="higher",
            requires=("material_use_reduction_pct",),
            scorer=linear(0, 10),
            pillar="environment",
            criterion="resource_efficiency",
            references=(
                Reference(
                    "Decision 889/QĐ-TTg (24/06/2020)",
                    provision="target 7–10% by 2030",
                    confidence="verified",
                    url="https://thuvienphapluat.vn/van-ban/Thuong-mai/Quyet-dinh-889-QD-TTg-2020-"
                    "phe-duyet-Chuong-trinh-hanh-dong-quoc-gia-san-xuat-2021-2030-445790.aspx",
                ),
            ),
        ),
    ]
