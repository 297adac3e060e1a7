"""Datasette metadata of a store: bilingual titles and column descriptions, facets, canned queries.

Every title and description is written in Vietnamese and English ("Làng nghề theo năm ·
Village-years"); Datasette's own interface stays in English. The canned queries read each
village-year from its latest evaluation (the highest ``village_years.id``, since ids only
grow).
"""

from __future__ import annotations

from typing import Any

__all__ = ["metadata", "store_columns", "store_title", "PLUGIN", "LATEST", "QUERIES"]

#: Name of this project's Datasette plugin (and of its configuration block).
PLUGIN = "villagescore"

#: The id of each village-year's latest evaluation.
LATEST = "SELECT max(id) FROM village_years GROUP BY village_id, year"


def _t(vi: str, en: str) -> str:
    return f"{vi} · {en}"


#: The store keeps the gates that fired in a village-year: failed, or not judged (their cap applies).
_GATES_FIRED = _t("Điều kiện bắt buộc không đạt hoặc chưa xét được",
                   "Mandatory rules failed or not judged")


#: How a canned query marks a province name that the 2025 mapping table does not know.
_UNMAPPED = _t("không có trong bảng chuyển đổi 2025", "not in the 2025 mapping table")


def _current_names() -> str:
    """The 34 current provinces as the shipped mapping table spells them (as ``province_current`` stores them)."""
    from ..admin_mapping import load_mapping
    from ..provinces import CURRENT_CODES

    try:
        names = load_mapping().provinces
    except Exception:  # pragma: no cover - a broken install: the official list
        names = [name for _, name in CURRENT_CODES]
    return ", ".join("'" + name.replace("'", "''") + "'" for name in names)


#: Whether a village-year's province is a name the 2025 mapping table does not know: recorded since store
#: schema 7; for a row stored before, a province_current that is none of the 34 (the name was kept as recorded).
_UNMAPPED_BEFORE_7 = f"coalesce(province_current NOT IN ({_current_names()}), 0)"
_UNMAPPED_TEST = f"coalesce(province_mapped = 0, {_UNMAPPED_BEFORE_7})"

_COLUMNS = {
    "village_id": _t("Mã làng", "Village id"),
    "name": _t("Tên làng nghề", "Village name"),
    "name_folded": _t("Tên không dấu (để tìm kiếm)", "Name without diacritics (for search)"),
    "commune": _t("Xã/phường", "Commune"),
    "province": _t("Tỉnh/thành (theo dữ liệu)", "Province (as recorded)"),
    "province_current": _t("Tỉnh/thành hiện nay (sau 01/7/2025)", "Current province (after 1 July 2025)"),
    "province_mapped": _t("Tỉnh/thành có trong bảng chuyển đổi 2025 (1; 0: tên đã ghi, không có trong bảng; trống: "
                          "lưu trước phiên bản 7 của kho)",
                          "The province is in the 2025 mapping table (1; 0: the name recorded, not in the table; "
                          "empty: stored before store schema 7)"),
    "former_commune": _t("Xã cũ", "Former commune"),
    "former_district": _t("Huyện cũ", "Former district"),
    "former_province": _t("Tỉnh cũ", "Former province"),
    "sectors": _t("Ngành nghề", "Sectors"),
    "year": _t("Năm", "Year"),
    "overall_score": _t("Điểm tổng hợp (0–100)", "Overall score (0–100)"),
    "overall_coverage": _t("Độ phủ dữ liệu (0–1)", "Data coverage (0–1)"),
    "estimated_share": _t("Tỷ lệ đầu vào là số liệu ước tính (0–1)", "Share of the inputs that are estimates (0–1)"),
    "rating": _t("Xếp loại (mã)", "Rating (id)"),
    "rating_label_vi": _t("Xếp loại (tiếng Việt)", "Rating (Vietnamese)"),
    "rating_label_en": _t("Xếp loại (tiếng Anh)", "Rating (English)"),
    "gates_fired": _GATES_FIRED,
    "framework_id": _t("Bộ tiêu chí", "Criteria framework"),
    "framework_version": _t("Phiên bản bộ tiêu chí", "Framework version"),
    "evaluation": _t("Lần đánh giá", "Evaluation"),
    "village_year": _t("Làng-năm", "Village-year"),
    "node": _t("Nút của cây tiêu chí", "Node of the criteria tree"),
    "score": _t("Điểm (0–100)", "Score (0–100)"),
    "coverage": _t("Độ phủ dữ liệu", "Data coverage"),
    "status": _t("Trạng thái (scored / missing)", "Status (scored / missing)"),
    "value": _t("Giá trị đo", "Raw value"),
    "weight": _t("Trọng số trong điểm tổng hợp", "Weight in the overall score"),
    "regulation": _t("Quy chuẩn áp dụng", "Regulation version applied"),
    "threshold": _t("Ngưỡng áp dụng", "Limit applied"),
    "regulations_recorded": _t("Ghi đủ các phiên bản quy định đã áp dụng (1; trống: lưu trước phiên bản 3 của kho)",
                               "Every regulation version applied is recorded (1; empty: stored before store "
                               "schema 3)"),
    "regulations": _t("Các phiên bản quy định bộ tiêu chí trích dẫn khi được đánh giá (JSON; trống: lưu trước "
                      "phiên bản 5 của kho)",
                      "The regulation versions the framework cited when scored (JSON; empty: stored before store "
                      "schema 5)"),
    "id": _t("Mã dòng (nội bộ của kho)", "Row id (internal to the store)"),
    "key": _t("Khoá nhận diện lần đánh giá", "Key identifying the evaluation"),
    "framework": _t("Bộ tiêu chí (mã dòng trong bảng frameworks)", "Criteria framework (row id in frameworks)"),
    "dataset_sha256": _t("Mã băm SHA-256 của tệp dữ liệu", "SHA-256 hash of the dataset file"),
    "dataset_file": _t("Tệp dữ liệu", "Dataset file"),
    "dataset_kind": _t("Loại dữ liệu", "Kind of data"),
    "engine_version": _t("Phiên bản villagescore", "villagescore version"),
    "plugins": _t("Các plugin đã nạp (JSON)", "Plugins loaded (JSON)"),
    "options": _t("Tuỳ chọn của lần đánh giá (JSON)", "Options of the evaluation (JSON)"),
    "regulations_used": _t("Các văn bản quy định đã áp dụng (JSON)", "Regulations applied (JSON)"),
    "provenance": _t("Nguồn gốc kết quả (JSON)", "Provenance of the results (JSON)"),
    "village_years": _t("Số làng-năm", "Number of village-years"),
    "years": _t("Các năm", "Years"),
    "plans": _t("Số kế hoạch cải thiện đã lưu", "Improvement plans stored"),
    "added_at": _t("Thời điểm thêm vào kho", "When added to the store"),
    "field": _t("Trường dữ liệu gốc", "Raw field"),
    "resolved_sha256": _t("Mã băm SHA-256 của bộ tiêu chí đã phân giải", "SHA-256 hash of the resolved framework"),
    "version": _t("Phiên bản", "Version"),
    "sha256": _t("Mã băm SHA-256 của tệp bộ tiêu chí", "SHA-256 hash of the framework file"),
    "title_vi": _t("Tên (tiếng Việt)", "Title (Vietnamese)"),
    "title_en": _t("Tên (tiếng Anh)", "Title (English)"),
    "lineage": _t("Các bộ tiêu chí mà bộ này kế thừa (JSON)", "The frameworks this one extends (JSON)"),
    "gate_id": _t("Mã điều kiện bắt buộc", "Mandatory rule id"),
    "gate": _t("Điều kiện bắt buộc (mã dòng trong bảng gates)", "Mandatory rule (row id in gates)"),
    "gates_status": _t("Trạng thái từng điều kiện bắt buộc đã áp dụng (mã=failed/unknown/missing; …)",
                       "Status of each mandatory rule applied (id=failed/unknown/missing; …)"),
    "indicator": _t("Chỉ số", "Indicator"),
    "rule": _t("Quy tắc", "Rule"),
    "cap": _t("Mức xếp loại cao nhất khi không đạt", "Highest tier when failed"),
    "label_vi": _t("Tên (tiếng Việt)", "Label (Vietnamese)"),
    "label_en": _t("Tên (tiếng Anh)", "Label (English)"),
    "level": _t("Cấp (pillar: trụ cột, criterion: tiêu chí, indicator: chỉ số)",
                "Level (pillar, criterion, indicator)"),
    "node_id": _t("Mã nút", "Node id"),
    "position": _t("Thứ tự", "Position"),
    "pillar": _t("Trụ cột", "Pillar"),
    "criterion": _t("Tiêu chí", "Criterion"),
    "unit": _t("Đơn vị", "Unit"),
    "fields": _t("Trường dữ liệu gốc dùng để tính (JSON)", "Raw fields it is computed from (JSON)"),
    "current_tier": _t("Mức xếp loại hiện tại", "Current tier"),
    "target_tier": _t("Mức xếp loại hướng tới", "Target tier"),
    "reached": _t("Đạt mức hướng tới (1: có, 0: không)", "Target reached (1: yes, 0: no)"),
    "steps": _t("Số bước", "Number of steps"),
    "plan_vi": _t("Kế hoạch (tiếng Việt, JSON)", "Plan (Vietnamese, JSON)"),
    "plan_en": _t("Kế hoạch (tiếng Anh, JSON)", "Plan (English, JSON)"),
    "regulation_id": _t("Mã văn bản quy định", "Regulation id"),
    "document": _t("Số hiệu văn bản", "Document"),
    "valid_from": _t("Có hiệu lực từ", "In force from"),
    "valid_to": _t("Có hiệu lực đến", "In force until"),
    "tier_id": _t("Mã mức xếp loại", "Tier id"),
    "min_score": _t("Điểm tối thiểu (0–100)", "Minimum score (0–100)"),
    "latest_year": _t("Năm gần nhất", "Latest year"),
    "min_pillar_score": _t("Điểm tối thiểu của mọi trụ cột ở mức xếp loại này (trống: không có, hoặc lưu trước "
                           "phiên bản 6 của kho)",
                           "Minimum score of every pillar in this tier (empty: none, or stored before store schema 6)"),
    "min_pillar_scores": _t("Điểm tối thiểu của từng trụ cột mức xếp loại này nêu tên (JSON, {} nếu không có; trống: "
                            "lưu trước phiên bản 6 của kho)",
                            "Minimum score of each pillar this tier names (JSON, {} for none; empty: stored before "
                            "store schema 6)"),
}

#: Columns a table names as another table does, in another sense: their descriptions there.
_TABLE_COLUMNS = {
    "frameworks": {"status": _t("Tình trạng của bộ tiêu chí", "Status of the framework")},
}

_TABLES: dict[str, dict[str, Any]] = {
    "village_years": {
        "title": _t("Làng nghề theo năm", "Village-years"),
        "description": _t("Mỗi dòng là một làng nghề trong một năm của một lần đánh giá: điểm, xếp loại, điều kiện "
                          "bắt buộc không đạt.",
                          "One row per village and year of an evaluation: scores, rating, mandatory rules failed."),
        "facets": ["province_current", "year", "rating", "framework_version", {"array": "sectors"}],
        "sort_desc": "overall_score",
        "label_column": "name",
    },
    "villages": {
        "title": _t("Làng nghề (năm gần nhất)", "Villages (latest year)"),
        "description": _t("Mỗi làng nghề một dòng, theo năm gần nhất có trong kho.",
                          "One row per village: its latest year in the store."),
        "facets": ["province_current", "rating", "latest_year"],
    },
    "evaluations": {
        "title": _t("Các lần đánh giá", "Evaluations"),
        "description": _t("Mỗi lần `villagescore store add`, với nguồn gốc kết quả (bộ tiêu chí, dữ liệu, plugin).",
                          "Each `villagescore store add`, with its provenance (framework, dataset, plugins)."),
        "label_column": "dataset_file",
    },
    "frameworks": {"title": _t("Bộ tiêu chí", "Criteria frameworks"), "label_column": "framework_id"},
    "nodes": {"title": _t("Trụ cột, tiêu chí, chỉ số", "Pillars, criteria, indicators"), "label_column": "node_id",
              "facets": ["level", "pillar"]},
    "tiers": {"title": _t("Mức xếp loại", "Rating tiers")},
    "gates": {"title": _t("Điều kiện bắt buộc", "Mandatory rules"), "label_column": "gate_id"},
    "regulations": {"title": _t("Quy chuẩn, văn bản pháp luật", "Regulations"), "label_column": "regulation_id"},
    "node_scores": {"title": _t("Điểm trụ cột và tiêu chí", "Pillar and criterion scores")},
    "indicator_scores": {"title": _t("Điểm chỉ số", "Indicator scores"), "facets": ["status"]},
    "threshold_versions": {"title": _t("Các phiên bản quy định của chỉ số theo giới hạn pháp lý",
                                       "Regulation versions of indicators scored against a legal limit")},
    "unverified_left_out": {"title": _t("Chỉ số bị loại khỏi điểm vì giới hạn chưa được kiểm chứng",
                                        "Indicators left out of the score for an unverified limit")},
    "gates_fired": {"title": _GATES_FIRED},
    "field_values": {"title": _t("Trường dữ liệu gốc của chỉ số tính toán", "Raw fields of computed indicators")},
    "plans": {"title": _t("Kế hoạch cải thiện", "Improvement plans")},
    "schema_migrations": {"hidden": True},
    "sqlite_sequence": {"hidden": True},
}

#: Canned queries: name -> (title, description, SQL).
QUERIES: dict[str, tuple[str, str, str]] = {
    "province_ranking": (
        _t("Xếp hạng tỉnh/thành", "Province ranking"),
        _t("Điểm tổng hợp trung bình của các làng nghề mỗi tỉnh/thành theo năm (để trống năm: mọi năm). Tên tỉnh "
           "không có trong bảng chuyển đổi 2025 được liệt kê sau, có đánh dấu và không được xếp hạng.",
           "Mean overall score of each province's villages, by year (leave the year empty for every year). A name "
           "that is not in the 2025 mapping table is listed after the ranked provinces, marked, and not ranked."),
        # a name the mapping table does not know is no province: unranked, marked, listed last
        f"""SELECT CASE WHEN unmapped THEN NULL ELSE rank() OVER (PARTITION BY year, unmapped
                                                       ORDER BY round(avg(overall_score), 2) DESC) END AS rank,
       province_current || CASE WHEN unmapped THEN ' ({_UNMAPPED})' ELSE '' END AS province, year,
       count(*) AS villages, round(avg(overall_score), 2) AS mean_score, round(min(overall_score), 2) AS lowest,
       round(max(overall_score), 2) AS highest
FROM (SELECT *, {_UNMAPPED_TEST} AS unmapped FROM village_years
      WHERE id IN ({LATEST}) AND (:year = '' OR year = CAST(:year AS INTEGER)))
GROUP BY province_current, year, unmapped
ORDER BY year DESC, unmapped, rank, province""",
    ),
    "year_over_year": (
        _t("Thay đổi qua các năm", "Year-over-year change"),
        _t("Điểm tổng hợp của mỗi làng so với năm trước đó có trong kho.",
           "Each village's overall score against its previous year in the store."),
        f"""SELECT village_id, name, province_current AS province, previous_year, year,
       round(previous_score, 2) AS previous_score, round(overall_score, 2) AS score,
       round(round(overall_score, 2) - round(previous_score, 2), 2) AS change, previous_rating, rating
FROM (SELECT village_id, name, province_current, year, overall_score, rating,
             lag(year) OVER w AS previous_year, lag(overall_score) OVER w AS previous_score,
             lag(rating) OVER w AS previous_rating
      FROM village_years WHERE id IN ({LATEST})
      WINDOW w AS (PARTITION BY village_id ORDER BY year))
WHERE previous_year IS NOT NULL
ORDER BY change DESC""",
    ),
    "gates_fired_by_province": (
        _GATES_FIRED,
        _t("Số làng nghề không đạt, hoặc chưa xét được (thiếu số liệu hay chưa rõ giới hạn), mỗi điều kiện "
           "bắt buộc, theo tỉnh/thành và năm.",
           "How many villages fail each mandatory rule, or leave it not judged (missing data or an unknown "
           "limit), by province and year."),
        f"""SELECT g.gate_id, g.label_vi, g.label_en, g.cap, vy.province_current AS province, vy.year,
       count(*) AS villages
FROM gates_fired f JOIN gates g ON g.id = f.gate JOIN village_years vy ON vy.id = f.village_year
WHERE vy.id IN ({LATEST})
GROUP BY g.gate_id, g.label_vi, g.label_en, g.cap, vy.province_current, vy.year
ORDER BY vy.year DESC, villages DESC""",
    ),
    "closest_to_next_tier": (
        _t("Làng gần mức xếp loại cao hơn nhất", "Villages closest to the next tier"),
        _t("Năm gần nhất của mỗi làng: số điểm còn thiếu để đạt mức xếp loại tiếp theo (âm hoặc 0: đủ điểm nhưng bị "
           "điều kiện bắt buộc hoặc điểm trụ cột tối thiểu giữ lại).",
           "Each village's latest year: points short of the next tier (0 or less: enough points, but held back by "
           "a mandatory rule or a pillar minimum)."),
        # the score as published (4 decimals: what the rating was decided on), and the points from it, so a
        # 59.9957 short of 60 shows 0.0043, never 60.0 and 0 (read as "enough points, held back")
        """SELECT v.village_id, v.name, v.province_current AS province, v.year, round(v.overall_score, 4) AS score,
       v.rating, n.tier_id AS next_tier, n.label_vi AS next_tier_vi, n.label_en AS next_tier_en,
       n.min_score AS next_tier_min_score, round(n.min_score - round(v.overall_score, 4), 4) AS points_to_next_tier,
       v.gates_fired
FROM village_years v
JOIN evaluations e ON e.id = v.evaluation
JOIN tiers t ON t.framework = e.framework AND t.tier_id = v.rating
JOIN tiers n ON n.framework = e.framework AND n.position = t.position - 1
WHERE v.id = (SELECT v2.id FROM village_years v2 WHERE v2.village_id = v.village_id
              ORDER BY v2.year DESC, v2.id DESC LIMIT 1)
ORDER BY points_to_next_tier ASC
LIMIT 200""",
    ),
}


#: The title of the store's database.
_DATABASE_TITLE = _t("Kho kết quả", "Results store")


def store_title(table: str | None, lang: str) -> str:
    """The title of the store's ``table`` (``None``: of its database) in ``lang`` (``vi`` or ``en``) alone."""
    both = _DATABASE_TITLE if table is None else _TABLES[table]["title"]
    return both.split(" · ")[0 if lang == "vi" else 1]


def metadata(database: str, *, lang: str = "vi", columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The Datasette metadata of the store served as ``database``.

    ``columns`` (table -> column names, e.g. from :func:`store_columns`) limits the column
    descriptions of each table to the columns it has.
    """
    queries = dict(QUERIES)
    if columns is not None and "province_mapped" not in columns.get("village_years", ["province_mapped"]):
        # a store older than schema 7, served as it is (never upgraded): its names' mapping is not recorded
        title, desc, sql = queries["province_ranking"]
        queries["province_ranking"] = (title, desc, sql.replace(_UNMAPPED_TEST, _UNMAPPED_BEFORE_7))
    tables = {}
    for name, meta in _TABLES.items():
        meta = dict(meta)
        if not meta.get("hidden"):
            have = (columns or {}).get(name)
            described = {**_COLUMNS, **_TABLE_COLUMNS.get(name, {})}
            meta["columns"] = {c: d for c, d in described.items() if have is None or c in have}
        tables[name] = meta
    return {
        "title": _t("Kết quả đánh giá làng nghề qua các năm", "Craft-village evaluations over the years"),
        "description": _t("Kho kết quả của villagescore: điểm, xếp loại và nguồn gốc của từng làng nghề, từng năm. "
                          "Mở một làng nghề: /-/village/MÃ-LÀNG.",
                          "The villagescore store: scores, ratings and provenance of every village and year. "
                          "A village's page: /-/village/VILLAGE-ID."),
        "databases": {database: {
            "title": _DATABASE_TITLE,
            "tables": tables,
            "queries": {name: {"title": title, "description": desc, "sql": sql}
                        for name, (title, desc, sql) in queries.items()},
        }},
        "plugins": {PLUGIN: {"database": database, "lang": lang}},
    }


def store_columns(con: Any) -> dict[str, list[str]]:
    """The columns of every table and view of the store file (an open ``sqlite3`` connection).

    Those of the file itself, which Datasette serves: not the columns a reader of an older store
    supplies in its connection's ``TEMP`` schema (:mod:`villagescore.store.reading`).
    """
    names = [n for (n,) in con.execute("SELECT name FROM main.sqlite_master WHERE type IN ('table', 'view')")]
    return {n: [row[1] for row in con.execute(f'PRAGMA main.table_info("{n}")')] for n in names}
