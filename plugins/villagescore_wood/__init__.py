"""Wood furniture (đồ gỗ mỹ nghệ) sector plugin for villagescore.

Indicators WOD-01 … WOD-06 for wood-carving and furniture villages such as Đồng Kỵ (Từ Sơn,
Bắc Ninh) and Canh Nậu (former Thạch Thất district, Hà Nội): dust extraction at sawing and
sanding stations, ventilated finishing, legally verified timber, sawdust reuse, workshops
moved into an industrial cluster and water-based or low-VOC finishes. Ambient dust and noise
(Canh Nậu: PM10 1.06×, TSP 1.085×, noise 1.19× the standard) are the generic environment
indicators ``environment.dust_tsp``, ``environment.dust_pm10`` and ``environment.noise_day``;
the wood measures name them in ``improves``. None of the wood indicators has a legal limit.
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
    percent_field,
    text,
)

__version__ = "0.1.0"

SECTOR = "wood"

ESTIMATE = estimate(
    "Scoring goalposts are a project judgement.",
    provision="domain.md §A (proposed scoring levels) and §A.2 (wood furniture)",
)
CANH_NAU = Reference(
    document="Hiện trạng môi trường không khí do sản xuất của làng nghề đồ gỗ mỹ nghệ Canh Nậu (123docz)",
    confidence="secondary",
    url="https://text.123docz.net/document/7229884-hien-trang-moi-truong-khong-khi-do-qua-trinh-san-xuat-cua-"
    "lang-nghe-do-go-my-nghe-tai-xa-canh-nau-huyen-thach-that-ha-noi.htm",
    note="PM10 1.06×, TSP 1.085× and noise 1.19× the standard at Canh Nậu.",
)
VNTLAS = Reference(
    document="Vietnam Timber Legality Assurance System (VNTLAS) / VPA-FLEGT",
    confidence="unverified",
    note="Named from background knowledge [M]; the decree number and its duties were not checked.",
)
DONG_KY = Reference(
    document="moiday.com: Làng Đồng Kỵ ở đâu",
    confidence="secondary",
    url="https://moiday.com/lang-dong-ky-o-dau/amp",
    note="~200 enterprises, ~2,300 households, 12,300 workers (49% women, 42% non-local).",
)


@hookimpl
def register_sectors():
    """Return the wood sector with its cleaner-production measures."""
    measures = (
        Measure(
            id="wood.dust_extraction",
            label=text(
                "Hệ thống hút, lọc bụi tại máy cưa, máy chà nhám",
                "Dust extraction and filters at saws and sanders",
            ),
            improves=("wood.dust_extraction_share", "environment.dust_tsp", "environment.dust_pm10"),
            references=(CANH_NAU, ESTIMATE),
        ),
        Measure(
            id="wood.ventilated_finishing_booths",
            label=text(
                "Buồng phun sơn, PU có thông gió và lọc hơi dung môi",
                "Ventilated spray booths for lacquer and PU with solvent-vapour filters",
            ),
            improves=("wood.ventilated_finishing", "wood.low_voc_finish_share"),
            references=(ESTIMATE,),
        ),
        Measure(
            id="wood.legal_timber_sourcing",
            label=text(
                "Mua gỗ có hồ sơ hợp pháp, truy xuất nguồn gốc",
                "Buy timber with legality documents and chain of custody",
            ),
            improves=("wood.legal_timber_share",),
            references=(VNTLAS,),
        ),
        Measure(
            id="wood.sawdust_briquettes",
            label=text(
                "Ép mùn cưa, phoi bào thành viên nén nhiên liệu",
                "Press sawdust and shavings into fuel briquettes",
            ),
            improves=("wood.sawdust_reuse", "environment.dust_tsp"),
            references=(ESTIMATE,),
        ),
        Measure(
            id="wood.move_to_cluster",
            label=text(
                "Di dời xưởng vào cụm công nghiệp làng nghề",
                "Move workshops into the craft industrial cluster",
            ),
            improves=("wood.workshops_in_cluster", "environment.dust_tsp", "environment.dust_pm10"),
            references=(DONG_KY, ESTIMATE),
        ),
    )
    return [
        Sector(
            id=SECTOR,
            label=text("Đồ gỗ mỹ nghệ", "Wood furniture and carving"),
            description=text(
                "Xẻ, chạm khắc, chà nhám và hoàn thiện đồ gỗ mỹ nghệ, nội thất.",
                "Sawing, carving, sanding and finishing of fine-art wood and furniture.",
            ),
            measures=measures,
        )
    ]


@hookimpl
def register_fields():
    """Return the raw wood fields (one dataset column each)."""
    return [
        percent_field(
            "wood_dust_extraction_pct",
            "Máy cưa, chà nhám có hút bụi",
            "Saws and sanders with dust extraction",
        ),
        percent_field(
            "wood_ventilated_finishing_pct",
            "Phun sơn trong buồng có thông gió",
            "Spray finishing in ventilated booths",
        ),
        percent_field(
            "wood_legal_timber_pct", "Gỗ có hồ sơ nguồn gốc hợp pháp", "Timber with legality documents"
        ),
        percent_field(
            "wood_sawdust_reuse_pct", "Mùn cưa, phoi bào được tái sử dụng", "Sawdust and shavings reused"
        ),
        percent_field(
            "wood_workshops_in_cluster_pct",
            "Xưởng sản xuất trong cụm công nghiệp",
            "Workshops inside an industrial cluster",
        ),
        percent_field(
            "wood_low_voc_finish_pct",
            "Sản phẩm hoàn thiện bằng sơn gốc nước, ít dung môi",
            "Items finished with water-based or low-VOC coatings",
        ),
    ]


@hookimpl
def register_indicators():
    """Return WOD-01 … WOD-06 (all single-field, sector ``wood``)."""
    env, soc, eco = "environment", "society", "economy"
    return [
        Indicator(
            id="wood.dust_extraction_share",
            code="WOD-01",
            label=text("Máy cưa, chà nhám có hệ thống hút bụi", "Saws and sanders with dust extraction"),
            unit="%",
            direction="higher",
            requires=("wood_dust_extraction_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(CANH_NAU, ESTIMATE),
            measures=("wood.dust_extraction",),
        ),
        Indicator(
            id="wood.ventilated_finishing",
            code="WOD-02",
            label=text(
                "Phun sơn hoàn thiện trong buồng có thông gió", "Spray finishing in ventilated booths"
            ),
            unit="%",
            direction="higher",
            requires=("wood_ventilated_finishing_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=soc,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("wood.ventilated_finishing_booths",),
        ),
        Indicator(
            id="wood.legal_timber_share",
            code="WOD-03",
            label=text("Gỗ có hồ sơ nguồn gốc hợp pháp", "Timber with legality documents"),
            unit="%",
            direction="higher",
            requires=("wood_legal_timber_pct",),
            sectors=(SECTOR,),
            scorer=COVERAGE_BANDS,
            pillar=eco,
            criterion=SECTOR,
            references=(VNTLAS, ESTIMATE),
            measures=("wood.legal_timber_sourcing",),
        ),
        Indicator(
            id="wood.sawdust_reuse",
            code="WOD-04",
            label=text("Mùn cưa, phoi bào được tái sử dụng", "Sawdust and shavings reused"),
            unit="%",
            direction="higher",
            requires=("wood_sawdust_reuse_pct",),
            sectors=(SECTOR,),
            scorer=linear(20, 90),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("wood.sawdust_briquettes",),
        ),
        Indicator(
            id="wood.workshops_in_cluster",
            code="WOD-05",
            label=text("Xưởng sản xuất nằm trong cụm công nghiệp", "Workshops inside an industrial cluster"),
            unit="%",
            direction="higher",
            requires=("wood_workshops_in_cluster_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 80),
            pillar=env,
            criterion=SECTOR,
            references=(DONG_KY, ESTIMATE),
            measures=("wood.move_to_cluster",),
        ),
        Indicator(
            id="wood.low_voc_finish_share",
            code="WOD-06",
            label=text(
                "Sản phẩm hoàn thiện bằng sơn gốc nước, ít dung môi",
                "Items finished with water-based or low-VOC coatings",
            ),
            unit="%",
            direction="higher",
            requires=("wood_low_voc_finish_pct",),
            sectors=(SECTOR,),
            scorer=linear(0, 60),
            pillar=env,
            criterion=SECTOR,
            references=(ESTIMATE,),
            measures=("wood.ventilated_finishing_booths",),
        ),
    ]
