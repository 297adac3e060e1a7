"""User-interface strings in Vietnamese and English.

Labels of pillars, criteria, indicators and tiers come from the framework and plugins
(``label["vi"]`` / ``label["en"]``); this module holds only the words of the interface
itself: table headings and report captions.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LANGS", "t", "label"]

LANGS = ("vi", "en")

_STRINGS: dict[str, dict[str, str]] = {
    "village": {"vi": "Làng nghề", "en": "Village"},
    "year": {"vi": "Năm", "en": "Year"},
    "province": {"vi": "Tỉnh/thành", "en": "Province"},
    "commune": {"vi": "Xã/phường", "en": "Commune"},
    "sectors": {"vi": "Ngành nghề", "en": "Sectors"},
    "overall": {"vi": "Điểm tổng hợp", "en": "Overall score"},
    "rating": {"vi": "Xếp loại", "en": "Rating"},
    "coverage": {"vi": "Độ phủ dữ liệu", "en": "Data coverage"},
    "pillar": {"vi": "Trụ cột", "en": "Pillar"},
    "pillars": {"vi": "Các trụ cột", "en": "Pillars"},
    "criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "indicator": {"vi": "Chỉ số", "en": "Indicator"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "score": {"vi": "Điểm", "en": "Score"},
    "weight": {"vi": "Trọng số", "en": "Weight"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "gates_fired": {"vi": "Điều kiện bắt buộc không đạt", "en": "Mandatory rules failed"},
    "gate": {"vi": "Điều kiện bắt buộc", "en": "Mandatory rule"},
    "cap": {"vi": "Xếp hạng tối đa", "en": "Rating capped at"},
    "none": {"vi": "không có", "en": "none"},
    "weakest": {"vi": "Các chỉ số yếu nhất", "en": "Weakest indicators"},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "threshold": {"vi": "Ngưỡng", "en": "Threshold"},
    "reference": {"vi": "Căn cứ", "en": "Reference"},
    "framework": {"vi": "Bộ tiêu chí", "en": "Criteria framework"},
    "dataset": {"vi": "Bộ dữ liệu", "en": "Dataset"},
    "unverified": {"vi": "chưa kiểm chứng", "en": "unverified"},
    "scored": {"vi": "đã chấm", "en": "scored"},
    "missing": {"vi": "thiếu dữ liệu", "en": "missing"},
    "not_applicable": {"vi": "không áp dụng", "en": "not applicable"},
    "pilot_title": {"vi": "Đánh giá thí điểm", "en": "Pilot evaluation"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "rankings": {"vi": "Bảng xếp hạng", "en": "Rankings"},
    "unrated": {"vi": "chưa xếp hạng", "en": "unrated"},
    "village_id": {"vi": "Mã làng", "en": "Village id"},
    "run": {"vi": "Kết quả", "en": "Result"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "count": {"vi": "Số làng", "en": "Villages"},
    "mean": {"vi": "Trung bình", "en": "Mean"},
    "median": {"vi": "Trung vị", "en": "Median"},
    "min": {"vi": "Thấp nhất", "en": "Lowest"},
    "max": {"vi": "Cao nhất", "en": "Highest"},
    "contribution": {"vi": "Đóng góp", "en": "Contribution"},
    "plan": {"vi": "Kế hoạch cải thiện", "en": "Improvement plan"},
    "estimates_line": {"vi": "Số liệu ước tính: {estimated}/{inputs} đầu vào chấm điểm ({share} %)",
                       "en": "Estimated data: {estimated} of {inputs} scoring inputs ({share} %)"},
    "estimates_warning": {"vi": "CẢNH BÁO: phần lớn số liệu đầu vào là ước tính; không trích dẫn các điểm số này như "
                                "kết quả đo đạc.",
                          "en": "WARNING: most scoring inputs are estimates; do not cite these scores as measured."},
    "estimates_some": {"vi": "CẢNH BÁO: {n} lượt làng-năm có phần lớn số liệu đầu vào là ước tính (cột "
                             "estimated_share); không trích dẫn các điểm số đó như kết quả đo đạc.",
                       "en": "WARNING: {n} village-year(s) rest mostly on estimated inputs (column estimated_share); "
                             "do not cite those scores as measured."},
}


def estimates_text(estimates: Mapping[str, object] | None, lang: str) -> str:
    """The estimates line of one village-year (with the warning when it applies), or ``""``."""
    if not estimates or not estimates.get("inputs"):
        return ""
    share = round(100 * float(estimates["share"] or 0))
    line = t("estimates_line", lang).format(estimated=estimates["estimated"], inputs=estimates["inputs"], share=share)
    return f"{line}. {t('estimates_warning', lang)}" if estimates.get("warning") else line


def t(key: str, lang: str) -> str:
    """Return the interface string ``key`` in ``lang`` (falls back to English, then the key)."""
    entry = _STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key


def label(obj: Mapping[str, str] | None, lang: str, default: str = "") -> str:
    """Return ``obj[lang]`` from a ``{"vi": ..., "en": ...}`` label (or the other language)."""
    if not obj:
        return default
    return obj.get(lang) or obj.get("en") or obj.get("vi") or default
