"""Words of the store, targets and serve interfaces, in Vietnamese and English.

Follows :mod:`villagescore.i18n`: one ``{"vi": ..., "en": ...}`` entry per key, looked up
with :func:`tr` (falls back to :func:`villagescore.i18n.t` for the shared words).
Messages take ``str.format`` fields.
"""

from __future__ import annotations

from .. import i18n

__all__ = ["tr", "STRINGS"]

STRINGS: dict[str, dict[str, str]] = {
    # ---- store messages
    "added": {"vi": "đã lưu lần đánh giá #{id}: {n} làng-năm ({years}) vào {path}",
              "en": "added evaluation #{id}: {n} village-years ({years}) to {path}"},
    "unchanged": {"vi": "lần đánh giá này đã có trong kho (#{id}, cùng bộ tiêu chí, dữ liệu và phiên bản plugin): "
                        "không thay đổi gì",
                  "en": "this evaluation is already in the store (#{id}: same framework, dataset and plugin "
                        "versions): nothing changed"},
    "plans_done": {"vi": "đã lưu {n} kế hoạch cải thiện", "en": "stored {n} improvement plans"},
    "plans_skipped": {"vi": "không lưu kế hoạch cải thiện: {n} làng-năm nhiều hơn {max} (dùng --plans all để tính "
                            "cho tất cả, mỗi làng-năm mất khoảng nửa giây)",
                      "en": "no improvement plans stored: {n} village-years is more than {max} (use --plans all "
                            "to compute them all; about half a second per village-year)"},
    "removed": {"vi": "đã xoá lần đánh giá #{id} ({n} làng-năm)", "en": "removed evaluation #{id} ({n} village-years)"},
    "empty_store": {"vi": "kho chưa có lần đánh giá nào: {path}", "en": "the store holds no evaluation yet: {path}"},
    "no_store": {"vi": "không có kho dữ liệu tại {path}; tạo kho bằng `villagescore store add DATASET --store {path}`",
                 "en": "no store at {path}; create one with `villagescore store add DATASET --store {path}`"},
    "not_a_store": {"vi": "{path} không phải kho dữ liệu villagescore ({reason})",
                    "en": "{path} is not a villagescore store ({reason})"},
    "newer_schema": {"vi": "kho {path} dùng lược đồ phiên bản {found}, mới hơn phiên bản {known} mà bản villagescore "
                           "này biết: hãy nâng cấp villagescore",
                     "en": "the store {path} has schema version {found}, newer than version {known} that this "
                           "villagescore knows: upgrade villagescore"},
    "busy": {"vi": "kho {path} đang bận (một lệnh khác đang ghi); hãy thử lại sau",
             "en": "the store {path} is busy (another command is writing to it); try again later"},
    "cannot_open": {"vi": "không mở được kho {path}: {reason}", "en": "cannot open the store {path}: {reason}"},
    "unknown_evaluation": {"vi": "không có lần đánh giá {ref!r} trong kho; có: {known}",
                           "en": "no evaluation {ref!r} in the store; known: {known}"},
    "unknown_village": {"vi": "không có làng nghề nào khớp với {query!r} trong kho",
                        "en": "no village in the store matches {query!r}"},
    "ambiguous_village": {"vi": "{query!r} khớp với nhiều làng nghề; hãy dùng mã làng: {candidates}",
                          "en": "{query!r} matches several villages; give the village id: {candidates}"},
    "store_path": {"vi": "Kho dữ liệu", "en": "Store"},
    # ---- table headings
    "evaluation": {"vi": "Lần đánh giá", "en": "Evaluation"},
    "added_at": {"vi": "Thời điểm lưu", "en": "Added"},
    "village_years": {"vi": "Số làng-năm", "en": "Village-years"},
    "years": {"vi": "Các năm", "en": "Years"},
    "plans": {"vi": "Kế hoạch", "en": "Plans"},
    "history_title": {"vi": "Lịch sử đánh giá", "en": "Evaluation history"},
    "provenance": {"vi": "Nguồn gốc kết quả", "en": "Provenance"},
    "resolved_hash": {"vi": "mã băm bộ tiêu chí đã phân giải", "en": "resolved framework hash"},
    "lineage": {"vi": "dòng kế thừa", "en": "lineage"},
    "plugins": {"vi": "Plugin", "en": "Plugins"},
    "regulations": {"vi": "Quy chuẩn áp dụng", "en": "Regulations applied"},
    "engine": {"vi": "Phiên bản engine", "en": "Engine version"},
    "stores": {"vi": "Các lần đánh giá trong kho", "en": "Evaluations in the store"},
}


def tr(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (``vi``/``en``), formatted with ``fields``."""
    entry = STRINGS.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else i18n.t(key, lang)
    return text.format(**fields) if fields else text
