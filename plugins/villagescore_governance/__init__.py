"""Governance pillar: the generic governance indicators of a craft village (GOV-01 … GOV-09).

Anchors: recognition under Decree 52/2018/NĐ-CP, the craft association, the village
convention (hương ước / quy ước) with environmental clauses, the waste-collection service
price, periodic environmental monitoring and disclosure (Circular 31/2016/TT-BTNMT art. 13),
certification, cleaner-production participation (Decision 889/QĐ-TTg) and the commune's
new-rural-development status.
"""

from __future__ import annotations

from villagescore import (
    COVERAGE_BANDS,
    Indicator,
    Reference,
    bands,
    category_field,
    count_field,
    hookimpl,
    linear,
    percent_field,
    text,
    yes_is_good,
    yes_no_field,
)

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators"]

_LANGNGHEVIET = (
    "https://langngheviet.com.vn/hiep-hoi-lang-nghe-det-xa-phung-xa-doan-ket-va-phat-trien-11877.html"
)
_D52 = Reference(
    "Decree 52/2018/NĐ-CP",
    provision="art. 5–6 (recognition)",
    valid_from="2018-06-01",
    confidence="secondary",
    url="https://trungtamphaply.vn/2889/",
)
_TT31 = Reference(
    "Circular 31/2016/TT-BTNMT",
    provision="art. 13 (classification every 2 years, published)",
    valid_from="2016-12-01",
    confidence="verified",
    note="Superseded under the LEP 2020 set; used as good-practice precedent.",
    url="https://hethongphapluat.com/thong-tu-31-2016-tt-btnmt-ve-bao-ve-moi-truong-cum-cong-nghiep-"
    "khu-kinh-doanh-dich-vu-tap-trung-lang-nghe-va-co-so-san-xuat-kinh-doanh-dich-vu-do-bo-truong-"
    "bo-tai-nguyen-va-moi-truong-ban-hanh/dieu-13",
)


@hookimpl
def register_fields():
    """Return the raw governance fields of a village."""
    return [
        category_field(
            "recognition_status",
            "Tình trạng công nhận (chưa công nhận / làng nghề / làng nghề truyền thống)",
            "Recognition status (none / craft village / traditional craft village)",
            ("none", "craft_village", "traditional_craft_village"),
        ),
        yes_no_field(
            "craft_association",
            "Có hiệp hội hoặc hợp tác xã ngành nghề có điều lệ",
            "Craft association or cooperative with a charter",
        ),
        percent_field(
            "association_members_pct",
            "Tỷ lệ doanh nghiệp và cơ sở đăng ký là hội viên hiệp hội",
            "Enterprises and registered facilities that are association members",
        ),
        yes_no_field(
            "village_convention_env_clauses",
            "Hương ước, quy ước có điều khoản bảo vệ môi trường và chế tài",
            "Village convention with environmental clauses and sanctions",
        ),
        percent_field(
            "waste_fee_paying_pct",
            "Tỷ lệ hộ nộp giá dịch vụ thu gom chất thải rắn",
            "Households paying the solid-waste collection price",
        ),
        count_field(
            "env_monitoring_per_year",
            "Số đợt quan trắc môi trường cấp làng trong năm",
            "Village-level environmental monitoring rounds per year",
            "rounds/yr",
            maximum=366,
        ),
        yes_no_field(
            "monitoring_results_public",
            "Kết quả quan trắc được công khai",
            "Monitoring results are published",
        ),
        percent_field(
            "enterprises_certified_pct",
            "Tỷ lệ doanh nghiệp có ít nhất một chứng nhận (ISO 14001, BSCI, SA8000, OEKO-TEX …)",
            "Enterprises with at least one recognised standard (ISO 14001, BSCI, SA8000, OEKO-TEX …)",
        ),
        percent_field(
            "facilities_cp_trained_pct",
            "Tỷ lệ cơ sở tham gia tập huấn, đánh giá sản xuất sạch hơn",
            "Facilities that took part in cleaner-production training or audits",
        ),
        category_field(
            "ntm_status",
            "Tình trạng nông thôn mới của xã (chưa đạt / NTM / nâng cao / kiểu mẫu)",
            "Commune new-rural status (none / NTM / advanced / model)",
            ("none", "ntm", "advanced", "model"),
        ),
    ]


@hookimpl
def register_indicators():
    """Return the governance-pillar indicators."""
    return [
        Indicator(
            id="governance.recognition",
            code="GOV-01",
            label=text(
                "Được UBND tỉnh công nhận làng nghề / làng nghề truyền thống",
                "Recognised as craft village / traditional craft village",
            ),
            unit="category",
            direction="category",
            requires=("recognition_status",),
            scorer={
                "method": "categorical",
                "params": {"scores": {"none": 0, "craft_village": 75, "traditional_craft_village": 100}},
            },
            pillar="governance",
            criterion="institutions",
            references=(_D52,),
        ),
        Indicator(
            id="governance.craft_association",
            code="GOV-02",
            label=text("Có hiệp hội làng nghề", "Craft association exists"),
            unit="bool",
            direction="boolean",
            requires=("craft_association",),
            scorer=yes_is_good(),
            pillar="governance",
            criterion="institutions",
            references=(
                Reference(
                    "Phùng Xá weaving association, QĐ 662/QĐ-UBND (Mỹ Đức), 17/04/2008",
                    confidence="secondary",
                    url=_LANGNGHEVIET,
                    note="precedent",
                ),
            ),
        ),
        Indicator(
            id="governance.association_membership",
            code="GOV-03",
            label=text("Tỷ lệ cơ sở là hội viên hiệp hội", "Producers who are association members"),
            unit="%",
            direction="higher",
            requires=("association_members_pct",),
            scorer=linear(0, 50),
            pillar="governance",
            criterion="institutions",
            references=(Reference("project benchmark", value=50, unit="%", confidence="estimate"),),
        ),
        Indicator(
            id="governance.village_convention",
            code="GOV-04",
            label=text(
                "Hương ước, quy ước có điều khoản bảo vệ môi trường",
                "Village convention with environmental clauses",
            ),
            unit="bool",
            direction="boolean",
            requires=("village_convention_env_clauses",),
            scorer=yes_is_good(),
            pillar="governance",
            criterion="community_rules",
            references=(
                Reference(
                    "practice note",
                    confidence="secondary",
                    url="https://tapchimoitruong.vn/bao-ve-moi-truong-trong-xay-dung-nong-thon-moi-54/"
                    "thuc-hien-huong-uoc-quy-uoc-cua-cong-dong-dan-cu-ve-bao-ve-tai-nguyen-thien-"
                    "nhien-moi-truong-29516",
                ),
            ),
        ),
        Indicator(
            id="governance.waste_fee",
            code="GOV-05",
            label=text(
                "Tỷ lệ hộ nộp giá dịch vụ thu gom rác", "Households paying the waste-collection price"
            ),
            unit="%",
            direction="higher",
            requires=("waste_fee_paying_pct",),
            scorer=COVERAGE_BANDS,
            pillar="governance",
            criterion="community_rules",
            references=(
                Reference(
                    "Hanoi waste-collection price",
                    confidence="secondary",
                    url="https://news.daisan.vn/ha-noi-du-kien-tang-gia-dich-vu-thu-gom-rac-gap-7-lan-"
                    "nam-2026",
                    note="Rural Hanoi rates not found.",
                ),
            ),
        ),
        Indicator(
            id="governance.environmental_monitoring",
            code="GOV-06a",
            label=text(
                "Số đợt quan trắc môi trường cấp làng mỗi năm",
                "Village-level environmental monitoring rounds per year",
            ),
            unit="rounds/yr",
            direction="higher",
            requires=("env_monitoring_per_year",),
            scorer=bands([1, 2, 4], [0, 50, 75, 100]),
            pillar="governance",
            criterion="transparency",
            references=(_TT31,),
        ),
        Indicator(
            id="governance.monitoring_disclosure",
            code="GOV-06b",
            label=text("Công khai kết quả quan trắc", "Monitoring results published"),
            unit="bool",
            direction="boolean",
            requires=("monitoring_results_public",),
            scorer=yes_is_good(),
            pillar="governance",
            criterion="transparency",
            references=(_TT31,),
        ),
        Indicator(
            id="governance.certification",
            code="GOV-07",
            label=text("Doanh nghiệp có chứng nhận tiêu chuẩn", "Enterprises with a recognised standard"),
            unit="%",
            direction="higher",
            requires=("enterprises_certified_pct",),
            scorer=linear(0, 50),
            pillar="governance",
            criterion="transparency",
            references=(
                Reference(
                    "Vietcraft baseline: ~5 % of 1,600 handicraft firms",
                    confidence="secondary",
                    url="https://en.vietnamplus.vn/crafting-industry-turns-to-designing-for-tough-"
                    "markets-post69381.vnp",
                ),
            ),
        ),
        Indicator(
            id="governance.cleaner_production",
            code="GOV-08",
            label=text("Cơ sở tham gia sản xuất sạch hơn", "Facilities in cleaner-production programmes"),
            unit="%",
            direction="higher",
            requires=("facilities_cp_trained_pct",),
            scorer=COVERAGE_BANDS,
            pillar="governance",
            criterion="institutions",
            references=(
                Reference(
                    "Decision 889/QĐ-TTg (24/06/2020)",
                    provision="100 % of craft villages reached by SCP awareness by 2030",
                    confidence="verified",
                    url="https://thuvienphapluat.vn/van-ban/Thuong-mai/Quyet-dinh-889-QD-TTg-2020-"
                    "phe-duyet-Chuong-trinh-hanh-dong-quoc-gia-san-xuat-2021-2030-445790.aspx",
                ),
            ),
        ),
        Indicator(
            id="governance.rural_development",
            code="GOV-09",
            label=text("Tình trạng nông thôn mới của xã", "Commune new-rural status"),
            unit="category",
            direction="category",
            requires=("ntm_status",),
            scorer={
                "method": "categorical",
                "params": {"scores": {"none": 0, "ntm": 60, "advanced": 80, "model": 100}},
            },
            pillar="governance",
            criterion="community_rules",
            references=(
                Reference(
                    "Decision 318/QĐ-TTg (08/03/2022)",
                    provision="NTM criteria 2021–2025",
                    confidence="verified",
                    url="https://ls1.hethongphapluat.com/quyet-dinh-318-qd-ttg-nam-2022-bo-tieu-chi-"
                    "quoc-gia-ve-xa-nong-thon-moi-va-bo-tieu-chi-quoc-gia-ve-xa-nong-thon-moi-nang-"
                    "cao-giai-doan-2021-2025-do-thu-tuong-chinh-phu-ban-hanh.html",
                ),
            ),
        ),
    ]
