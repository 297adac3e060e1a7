"""Ceramics (gốm sứ) sector plugin for villagescore.

Indicators CER-01 … CER-07 for pottery villages such as Bát Tràng (Gia Lâm, Hà Nội) and Phù
Lãng: the share of kilns fired with LPG or electricity, legacy coal use, 24-h TSP in the
kiln-stack dust and SO₂ (scored against the limits the framework names: QCVN 19:2009/BTNMT
column B), dust-mask use at clay and glaze stations, reuse of broken ware and saggars, and
ceramic revenue. Ambient dust (24-h TSP, PM10) is the generic ``environment.dust_tsp`` /
``environment.dust_pm10`` indicator of the environment plugin; the kiln measures below name it
in ``improves``.
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
    ratio_to_limit,
    text,
)

__version__ = "0.1.0"

SECTOR = "ceramics"

ESTIMATE = estimate(
    "Scoring goalposts are a project judgement.",
    provision="domain.md §A (proposed scoring levels) and §B.3 (Bát Tràng ranges)",
)
KILNS = Reference(
    document="daibieunhandan.vn: Bát Tràng phát lên nhờ sản xuất gắn với bảo vệ môi trường",
    confidence="secondary",
    url="https://daibieunhandan.vn/bai-1-bat-trang-phat-len-nho-san-xuat-gan-voi-bao-ve-moi-truong-post342939.html",
    note="Coal kilns fully replaced; ~1,000 households use LPG kilns; coal era 7–8 t coal + ~1 t wood "
    "per household per week, ~2.5 t solid waste per firing.",
)
REVENUE = Reference(
    document="daibieunhandan.vn: Sức bật nghề gốm Bát Tràng",
    confidence="secondary",
    url="https://daibieunhandan.vn/suc-bat-nghe-gom-bat-trang-10244949.html",
    note="Ceramic revenue ≈2,000 bn VND/yr; >200 enterprises; >1,000 households; 140 artisans.",
)
DUST_STUDY = Reference(
    document="Đánh giá hiện trạng môi trường không khí tại làng gốm Bát Tràng (đồ án, 123docz)",
    confidence="secondary",
    url="https://text.123docz.net/document/5785621-do-an-danh-gia-hien-trang-moi-truong-khong-khi-tai-lang-"
    "gom-bat-trang-huyen-gia-lam-thanh-pho-ha-noi.htm",
    note="Historical dust 3–3.5× the standard.",
)
QCVN19 = Reference(
    document="QCVN 19:2009/BTNMT (industrial emissions: dust and inorganics)",
    column="B",
    confidence="secondary",
    valid_to="2025-06-30",
    note="Column B: dust 200, SO₂ 500, NOx 850, CO 1000 mg/Nm³ [S ×3]; Cmax = C × Kp × Kv, with Kp/Kv "
    "unverified [M] — the framework compares with C. Replaced by QCVN 19:2024/BTNMT (values not "
    "retrieved) from 01/07/2025; existing facilities may keep the old QCVN until 31/12/2031 [S].",
)
QCVN02 = Reference(
    document="QCVN 02:2019/BYT (workplace dust)",
    confidence="unverified",
    note="Covers silica-containing dust; the limit values were not retrieved, so mask use is scored instead.",
)


@hookimpl
def register_sectors():
    """Return the ceramics sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="ceramics.lpg_or_electric_kilns",
            label=text(
                "Chuyển lò than sang lò ga (LPG) hoặc lò điện", "Replace coal kilns by LPG or electric kilns"
            ),
            improves=(
                "ceramics.clean_kiln_share",
                "ceramics.coal_use",
                "environment.dust_tsp",
                "ceramics.stack_dust",
                "ceramics.stack_so2",
            ),
            references=(KILNS, DUST_STUDY),
        ),
        Measure(
            id="ceramics.stack_dust_filter",
            label=text(
                "Lắp thiết bị lọc bụi, xử lý khí thải ống khói lò",
                "Dust filters and flue-gas treatment at kiln stacks",
            ),
            improves=("ceramics.stack_dust", "ceramics.stack_so2", "environment.dust_tsp"),
            references=(QCVN19, ESTIMATE),
        ),
        Measure(
            id="ceramics.wet_clay_preparation",
            label=text(
                "Làm đất, pha men ướt và phát khẩu trang lọc bụi",
                "Wet clay and glaze preparation with dust masks",
            ),
            improves=("ceramics.dust_mask_use", "environment.dust_tsp"),
            references=(QCVN02, ESTIMATE),
        ),
        Measure(
            id="ceramics.broken_ware_reuse",
            label=text("Nghiền tái sử dụng phế phẩm, bao nung", "Crush and reuse broken ware and saggars"),
            improves=("ceramics.waste_reuse",),
            references=(KILNS, ESTIMATE),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Gốm sứ", "Ceramics"),
            description=text(
                "Làm đất, tạo hình, tráng men và nung gốm sứ.",
                "Clay preparation, forming, glazing and firing of pottery and porcelain.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw ceramics fields (one dataset column each)."""
    return [
        percent_field(
            "ceramics_clean_kiln_pct", "Lò nung dùng ga hoặc điện", "Kilns fired with LPG or electricity"
        ),
        number_field(
            "ceramics_coal_t_per_household_week",
            "Than dùng trên hộ mỗi tuần",
            "Coal used per household per week",
            "t/week",
            maximum=20,
        ),
        number_field(
            "ceramics_stack_dust_mg_nm3",
            "Bụi tại ống khói lò",
            "Dust at the kiln stack",
            "mg/Nm³",
            maximum=5000,
        ),
        number_field(
            "ceramics_stack_so2_mg_nm3",
            "SO₂ tại ống khói lò",
            "SO₂ at the kiln stack",
            "mg/Nm³",
            maximum=10000,
        ),
        percent_field(
            "ceramics_dust_mask_pct",
            "Thợ làm đất, pha men đeo khẩu trang lọc bụi",
            "Clay and glaze workers wearing dust masks",
        ),
        percent_field(
            "ceramics_waste_reuse_pct",
            "Phế phẩm, bao nung được tái sử dụng",
            "Broken ware and saggars reused",
        ),
        number_field(
            "ceramics_revenue_bn_vnd",
            "Doanh thu gốm sứ của làng",
            "Village ceramic revenue",
            "bn VND/yr",
            maximum=100000,
        ),
    ]


@hookimpl
def register_indicators():
    """Return CER-01 … CER-07 (all single-field, sector ``ceramics``)."""
    env, soc, eco = "environment", "society", "economy"
    return [
        Indicator(
            id="ceramics.clean_kiln_share",
            code="CER-01",
            label=text("Lò nung dùng ga (LPG) hoặc điện thay than", "Kilns fired with LPG or electricity"),
            unit="%",
            direction="higher",
            requires=("ceramics_clean_kiln_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=env,
            criterion=SECTOR,
            references=(KILNS, ESTIMATE),
            measures=("ceramics.lpg_or_electric_kilns",),
        ),
        Indicator(
            id="ceramics.coal_use",
            code="CER-02",
            label=text("Than dùng trên mỗi hộ mỗi tuần", "Coal used per household per week"),
            unit="t/week",
            direction="lower",
            requires=("ceramics_coal_t_per_household_week",),
            sectors=(SECTOR,),
            scorer=linear(8, 0),
            pillar=env,
            criterion=SECTOR,
            references=(KILNS, ESTIMATE),
            measures=("ceramics.lpg_or_electric_kilns",),
        ),
        Indicator(
            id="ceramics.stack_dust",
            code="CER-03",
            label=text(
                "Bụi tổng tại ống khói lò so với giới hạn", "Total dust at the kiln stack against the limit"
            ),
            unit="mg/Nm³",
            direction="lower",
            requires=("ceramics_stack_dust_mg_nm3",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN19,),
            measures=("ceramics.lpg_or_electric_kilns", "ceramics.stack_dust_filter"),
        ),
        Indicator(
            id="ceramics.stack_so2",
            code="CER-04",
            label=text("SO₂ tại ống khói lò so với giới hạn", "SO₂ at the kiln stack against the limit"),
            unit="mg/Nm³",
            direction="lower",
            requires=("ceramics_stack_so2_mg_nm3",),
            sectors=(SECTOR,),
            scorer=ratio_to_limit(),
            pillar=env,
            criterion=SECTOR,
            references=(QCVN19,),
            measures=("ceramics.lpg_or_electric_kilns", "ceramics.stack_dust_filter"),
        ),
        Indicator(
            id="ceramics.dust_mask_use",
            code="CER-05",
            label=text(
                "Thợ làm đất, pha men đeo khẩu trang lọc bụi", "Clay and glaze workers wearing dust masks"
            ),
            unit="%",
            direction="higher",
            requires=("ceramics_dust_mask_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(QCVN02, ESTIMATE),
            measures=("ceramics.wet_clay_preparation",),
        ),
        Indicator(
            id="ceramics.waste_reuse",
            code="CER-06",
            label=text("Phế phẩm, bao nung được tái sử dụng", "Broken ware and saggars reused"),
            unit="%",
            direction="higher",
            requires=("ceramics_waste_reuse_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 80),
            pillar=env,
            criterion=SECTOR,
            references=(KILNS, ESTIMATE),
            measures=("ceramics.broken_ware_reuse",),
        ),
        Indicator(
            id="ceramics.revenue",
            code="CER-07",
            label=text("Doanh thu gốm sứ của làng", "Village ceramic revenue"),
            unit="bn VND/yr",
            direction="higher",
            requires=("ceramics_revenue_bn_vnd",),
            sectors=(SECTOR,),
            scorer=bands([10, 50, 200, 1000], [0, 25, 50, 75, 100]),
            pillar=eco,
            criterion=SECTOR,
            references=(REVENUE, ESTIMATE),
        ),
    ]
