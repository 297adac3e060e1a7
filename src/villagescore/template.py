"""Data-collection workbooks generated from a framework (``villagescore template``).

The workbook is exactly what :func:`villagescore.datasets.read_xlsx` reads back:

- ``data``: row 1 holds the column ids (identity columns, then one column per field the
  framework's indicators need); every later non-empty row is one village-year. Columns
  measured in % are formatted as percentages (typing 45 or 45% shows 45.0% and stores
  0.45, which the reader takes as 45; their validation checks 0–1). Units,
  ranges and descriptions are in the header cells' comments and in the input message of
  each column, never in a second header row. Excel data validation enforces number
  ranges (whole numbers for integer fields), year range and dropdowns for categories,
  yes/no fields, sectors and provinces.
- ``instructions``: per column, bilingual: id, labels, unit, type, allowed values,
  description and the indicators that use it.
- ``metadata``: header ``column, source, quality, note`` (quality: measured / reported /
  estimated), one row per column documented.
- ``dataset``: ``key, value`` rows (id, title_vi, title_en, kind, description, license),
  prefilled with defaults to edit.
- ``lists`` (hidden): the values behind the dropdowns.

Fields are filtered to ``sectors`` (plus the generic ones) when sectors are given; the
fields that context-dependent thresholds read (e.g. the discharge column A/B) and the
fields a cross-field rule compares with are included. Building a workbook imports
neither pandas nor the scoring engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import UnknownIdError, VillageScoreError
from .i18n import label

__all__ = ["IDENTITY", "TEMPLATE_ROWS", "YEAR_RANGE", "PERCENT_FORMAT", "TemplateColumn", "template_fields",
           "template_columns", "build_template"]

#: Identity columns of the data sheet, in order (``villagescore.datasets.IDENTITY_COLUMNS``).
IDENTITY = ("village_id", "name", "commune", "province", "former_commune", "former_district", "former_province",
            "sectors", "year")
#: Rows of the data sheet covered by data validation.
TEMPLATE_ROWS = 2000
#: Years a dataset may carry (as :mod:`villagescore.datasets` checks).
YEAR_RANGE = (1900, 2100)
#: Number format of the columns measured in %: a value typed as 45 or 45% shows as 45.0% (stored 0.45).
PERCENT_FORMAT = "0.0%"

_REQUIRED = {"village_id", "name", "commune", "province", "sectors", "year"}

_IDENTITY_TEXT: dict[str, dict[str, Any]] = {
    "village_id": {"label": {"vi": "Mã làng nghề", "en": "Village id"}, "type": "text",
                   "description": {"vi": "Mã cố định, chữ thường không dấu, số, '-', '_' hoặc '.'; "
                                         "ví dụ: phung-xa-my-duc.",
                                   "en": "A stable id: lower-case ASCII letters, digits, '-', '_' or '.'; "
                                         "e.g. phung-xa-my-duc."}},
    "name": {"label": {"vi": "Tên làng nghề", "en": "Village name"}, "type": "text",
             "description": {"vi": "Tên làng nghề như trong quyết định công nhận.",
                             "en": "The village's name as in its recognition decision."}},
    "commune": {"label": {"vi": "Xã/phường", "en": "Commune/ward"}, "type": "text",
                "description": {"vi": "Xã/phường hiện nay (sau ngày 1/7/2025).",
                                "en": "The current commune or ward (since 1 July 2025)."}},
    "province": {"label": {"vi": "Tỉnh/thành phố", "en": "Province/city"}, "type": "text",
                 "description": {"vi": "Một trong 34 tỉnh, thành phố hiện nay (Nghị quyết 202/2025/QH15).",
                                 "en": "One of the 34 current provinces and cities (Resolution 202/2025/QH15)."}},
    "former_commune": {"label": {"vi": "Xã cũ", "en": "Former commune"}, "type": "text",
                       "description": {"vi": "Không bắt buộc: xã trước sắp xếp, như nguồn số liệu ghi.",
                                       "en": "Optional: the commune before the 2025 reform, as the source says."}},
    "former_district": {"label": {"vi": "Huyện cũ", "en": "Former district"}, "type": "text",
                        "description": {"vi": "Không bắt buộc: huyện trước ngày 1/7/2025, như nguồn số liệu ghi.",
                                        "en": "Optional: the district before 1 July 2025, as the source says."}},
    "former_province": {"label": {"vi": "Tỉnh cũ", "en": "Former province"}, "type": "text",
                        "description": {"vi": "Không bắt buộc: tỉnh trước ngày 1/7/2025 (một trong 63 tỉnh cũ).",
                                        "en": "Optional: the province before 1 July 2025 (one of the former 63)."}},
    "sectors": {"label": {"vi": "Ngành nghề", "en": "Craft sectors"}, "type": "text",
                "description": {"vi": "Mã ngành nghề; nhiều ngành cách nhau bằng dấu chấm phẩy, ví dụ: "
                                      "weaving;sericulture.",
                                "en": "Sector ids; separate several with a semicolon, e.g. weaving;sericulture."}},
    "year": {"label": {"vi": "Năm số liệu", "en": "Year of the data"}, "type": "integer",
             "description": {"vi": "Năm mà số liệu phản ánh; mỗi làng một dòng cho mỗi năm.",
                             "en": "The year the data describe; one row per village and year."}},
}

_UI = {
    "title": {"vi": "Phiếu thu thập số liệu làng nghề — hướng dẫn",
              "en": "Craft village data-collection workbook — instructions"},
    "intro": {
        "vi": ["Nhập mỗi làng nghề, mỗi năm một dòng trong trang 'data', bắt đầu từ dòng 2. "
               "Không sửa, không thêm dòng tiêu đề (dòng 1 là mã cột).",
               "Để trống ô khi không có số liệu; không nhập công thức, không gộp ô.",
               "Ghi nguồn và chất lượng số liệu (đo đạc / báo cáo / ước tính) trong trang 'metadata'; "
               "sửa mã, tên và loại bộ số liệu trong trang 'dataset'.",
               "Chấm điểm: villagescore evaluate TỆP.xlsx"],
        "en": ["Enter one row per village and year in the 'data' sheet, from row 2. "
               "Do not edit or add header rows (row 1 holds the column ids).",
               "Leave a cell empty when the value is unknown; no formulas, no merged cells.",
               "Record each column's source and quality (measured / reported / estimated) in the 'metadata' "
               "sheet; set the dataset's id, titles and kind in the 'dataset' sheet.",
               "Score it with: villagescore evaluate FILE.xlsx"],
    },
    "framework": {"vi": "Bộ tiêu chí", "en": "Framework"},
    "sectors": {"vi": "Ngành nghề", "en": "Sectors"},
    "all_sectors": {"vi": "tất cả", "en": "all"},
    "required": {"vi": "bắt buộc", "en": "required"},
    "optional": {"vi": "không bắt buộc", "en": "optional"},
    "yes_no": {"vi": "có / không (hoặc 1 / 0)", "en": "yes / no (or 1 / 0)"},
    "any_text": {"vi": "chữ", "en": "text"},
    "whole": {"vi": "số nguyên", "en": "whole number"},
    "number": {"vi": "số", "en": "number"},
    "from_to": {"vi": "từ {lo} đến {hi}", "en": "{lo} to {hi}"},
    "at_least": {"vi": "từ {lo} trở lên", "en": "at least {lo}"},
    "at_most": {"vi": "không quá {hi}", "en": "at most {hi}"},
    "one_of": {"vi": "một trong: {values}", "en": "one of: {values}"},
    "not_greater": {"vi": "không lớn hơn cột {other}", "en": "not greater than column {other}"},
    "bad_value": {"vi": "Giá trị không hợp lệ", "en": "Invalid value"},
    "sector_list": {"vi": "Chọn mã ngành; nhiều ngành: gõ cách nhau bằng ';'.",
                    "en": "Pick a sector id; for several, type them separated by ';'."},
    "province_list": {"vi": "Chọn trong danh sách hoặc gõ tên tỉnh như nguồn ghi.",
                      "en": "Pick from the list or type the province as the source spells it."},
    "meta_column": {"vi": "Mã cột trong trang 'data'.", "en": "A column id of the 'data' sheet."},
    "meta_source": {"vi": "Nguồn: văn bản, đường dẫn, đơn vị cung cấp.",
                    "en": "Source: a document, URL or the office that gave the data."},
    "meta_quality": {"vi": "measured = đo đạc; reported = báo cáo; estimated = ước tính.",
                     "en": "measured, reported or estimated."},
    "meta_note": {"vi": "Ghi chú (không bắt buộc).", "en": "Note (optional)."},
    "ds_id": {"vi": "Mã bộ số liệu (chữ thường không dấu, '-', '_', '.').",
              "en": "Dataset id (lower-case ASCII, '-', '_', '.')."},
    "ds_title_vi": {"vi": "Tên bộ số liệu bằng tiếng Việt.", "en": "Dataset title in Vietnamese."},
    "ds_title_en": {"vi": "Tên bộ số liệu bằng tiếng Anh.", "en": "Dataset title in English."},
    "ds_kind": {"vi": "real = số liệu thực; real-shaped = số liệu thực kèm ước tính; illustrative = minh hoạ; "
                      "synthetic = sinh tự động.",
                "en": "real, real-shaped (facts plus marked estimates), illustrative or synthetic."},
    "ds_description": {"vi": "Mô tả: thời gian, phạm vi, cách thu thập.",
                       "en": "Description: period, coverage, how the data were collected."},
    "ds_license": {"vi": "Giấy phép sử dụng (không bắt buộc).", "en": "Licence (optional)."},
    "default_title": {"vi": "Phiếu khảo sát làng nghề", "en": "Craft village survey"},
    "used_by": {"vi": "Dùng cho chỉ số", "en": "Used by indicators"},
    "threshold_context": {"vi": "bối cảnh của ngưỡng quy chuẩn", "en": "context of a legal threshold"},
}

_HEAD = {
    "column": {"vi": "Mã cột", "en": "Column"},
    "label_vi": {"vi": "Tên (tiếng Việt)", "en": "Label (Vietnamese)"},
    "label_en": {"vi": "Tên (tiếng Anh)", "en": "Label (English)"},
    "pillar": {"vi": "Trụ cột", "en": "Pillar"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "type": {"vi": "Kiểu", "en": "Type"},
    "allowed": {"vi": "Giá trị cho phép", "en": "Allowed values"},
    "required": {"vi": "Bắt buộc", "en": "Required"},
    "description_vi": {"vi": "Mô tả (tiếng Việt)", "en": "Description (Vietnamese)"},
    "description_en": {"vi": "Mô tả (tiếng Anh)", "en": "Description (English)"},
    "used_by": {"vi": "Dùng cho chỉ số", "en": "Used by indicators"},
}

_PILLAR_FILL = {"identity": "1F3B57", "environment": "2E7D32", "economy": "1565C0", "society": "EF6C00",
                "governance": "6A1B9A"}
_OTHER_FILL = "455A64"
_BOOLEAN_CHOICES = {"vi": ("có", "không", 1, 0), "en": ("yes", "no", 1, 0)}
_KINDS = ("real", "real-shaped", "illustrative", "synthetic")
_QUALITIES = ("measured", "reported", "estimated")


def _ui(key: str, lang: str, **fmt: Any) -> str:
    text = _UI[key][lang]
    return text.format(**fmt) if fmt else text


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the data sheet: an identity column or a registered field."""

    id: str
    label: dict[str, str]
    type: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    description: dict[str, str] | None = None
    pillar: str = "identity"
    required: bool = False
    used_by: tuple[str, ...] = ()
    not_greater_than: str | None = None


def template_fields(framework: Any, registry: Any, sectors: Sequence[str] = ()) -> list[Any]:
    """Return the registered fields the framework needs, in tree order, for ``sectors`` (all when empty).

    An indicator counts when it applies to every village or to one of ``sectors``. Its
    required fields come first, then the field its threshold depends on; a field that a
    cross-field rule compares with is added after it.

    Raises
    ------
    UnknownIdError
        When a sector is not registered (the message lists the known ones).
    """
    for sector in sectors:
        if sector not in registry.sectors:
            known = ", ".join(registry.sectors) or "none registered"
            msg = f"unknown sector {sector!r}; known sectors: {known}"
            raise UnknownIdError(msg)
    chosen = set(sectors)
    order: list[str] = []
    for node in _nodes(framework, chosen):
        wanted = list(node.indicator.requires)
        if node.threshold is not None:
            wanted.extend(node.threshold.context_fields)
        for fid in wanted:
            if fid not in order:
                order.append(fid)
    for fid in list(order):
        other = registry.fields[fid].not_greater_than if fid in registry.fields else None
        if other and other not in order and other in registry.fields:
            order.append(other)
    missing = [f for f in order if f not in registry.fields]
    if missing:
        msg = f"the framework needs fields that no installed plugin registers: {', '.join(missing)}"
        raise VillageScoreError(msg)
    return [registry.fields[f] for f in order]


def _nodes(framework: Any, chosen: set[str]) -> Iterable[Any]:
    for node in framework.indicators:
        if not node.sectors or not chosen or chosen.intersection(node.sectors):
            yield node


def template_columns(framework: Any, registry: Any, sectors: Sequence[str] = ()) -> list[TemplateColumn]:
    """Return every column of the data sheet: identity columns, then the fields of :func:`template_fields`."""
    columns = []
    for cid in IDENTITY:
        spec = _IDENTITY_TEXT[cid]
        minimum, maximum = (YEAR_RANGE if cid == "year" else (None, None))
        columns.append(TemplateColumn(cid, spec["label"], spec["type"], minimum=minimum, maximum=maximum,
                                      description=spec["description"], required=cid in _REQUIRED))
    chosen = set(sectors)
    used: dict[str, list[str]] = {}
    pillar: dict[str, str] = {}
    for node in _nodes(framework, chosen):
        fids = list(node.indicator.requires)
        if node.threshold is not None:
            fids.extend(node.threshold.context_fields)
        for fid in fids:
            used.setdefault(fid, []).append(node.id)
            pillar.setdefault(fid, node.pillar)
    for fld in template_fields(framework, registry, sectors):
        columns.append(TemplateColumn(
            fld.id, dict(fld.label), fld.type, fld.unit, fld.minimum, fld.maximum, tuple(fld.categories),
            dict(fld.description) if fld.description else None, pillar.get(fld.id, "other"), False,
            tuple(used.get(fld.id, ())), fld.not_greater_than,
        ))
    return columns


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else f"{x:.0f}"


def _allowed(col: TemplateColumn, lang: str) -> str:
    if col.type == "boolean":
        return _ui("yes_no", lang)
    if col.type == "category":
        return _ui("one_of", lang, values=", ".join(col.categories))
    if col.type in ("number", "integer"):
        kind = _ui("whole" if col.type == "integer" else "number", lang)
        unit = f" {col.unit}" if col.unit else ""
        if col.minimum is not None and col.maximum is not None:
            rng = _ui("from_to", lang, lo=_num(col.minimum), hi=_num(col.maximum))
        elif col.minimum is not None:
            rng = _ui("at_least", lang, lo=_num(col.minimum))
        elif col.maximum is not None:
            rng = _ui("at_most", lang, hi=_num(col.maximum))
        else:
            return kind + unit
        text = f"{kind}, {rng}{unit}"
        if col.not_greater_than:
            text += "; " + _ui("not_greater", lang, other=col.not_greater_than)
        return text
    return _ui("any_text", lang)


def _comment_text(col: TemplateColumn, lang: str) -> str:
    other = "en" if lang == "vi" else "vi"
    lines = [label(col.label, lang, col.id), label(col.label, other, col.id)]
    if col.unit:
        lines.append(f"{_HEAD['unit'][lang]}: {col.unit}")
    lines.append(f"{_HEAD['allowed'][lang]}: {_allowed(col, lang)}")
    lines.append(_ui("required" if col.required else "optional", lang))
    desc = label(col.description, lang) if col.description else ""
    if desc:
        lines.append(desc)
    if col.used_by:
        lines.append(f"{_ui('used_by', lang)}: {', '.join(col.used_by[:6])}" + (" …" if len(col.used_by) > 6 else ""))
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _province_lists() -> tuple[list[str], list[str]]:
    try:
        from .admin import load_mapping

        mapping = load_mapping()
    except (VillageScoreError, OSError, ImportError):
        return [], []
    return list(mapping.provinces), sorted(mapping.former)


def build_template(framework: Any, registry: Any, *, sectors: Sequence[str] = (), lang: str = "vi",
                   rows: int = TEMPLATE_ROWS) -> bytes:
    """Return the bytes of a data-collection workbook for ``framework`` (reproducible).

    Parameters
    ----------
    framework : villagescore.model.Framework
        Gives the indicators whose fields become columns.
    registry : villagescore.Registry
        Gives the fields (types, units, ranges, categories) and the sectors.
    sectors : sequence of str
        Keep only the indicators of these sectors plus the generic ones (all when empty).
    lang : ``"vi"`` or ``"en"``
        Language of comments, input messages and dropdown words; the instructions
        sheet is bilingual either way.
    rows : int
        Number of data rows covered by data validation.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from .reports.xlsx import append_row, cell_value, workbook_bytes

    columns = template_columns(framework, registry, sectors)
    wb = Workbook()
    data = wb.active
    data.title = "data"
    instructions = wb.create_sheet("instructions")
    metadata = wb.create_sheet("metadata")
    dataset = wb.create_sheet("dataset")
    lists = wb.create_sheet("lists")
    lists.sheet_state = "hidden"
    white_bold = Font(bold=True, color="FFFFFF")
    bold = Font(bold=True)
    last = rows + 1

    # ---- lists behind the dropdowns ----
    list_columns: list[tuple[str, Sequence[Any]]] = []

    def add_list(name: str, values: Sequence[Any]) -> str:
        k = len(list_columns) + 1
        list_columns.append((name, values))
        letter = get_column_letter(k)
        return f"{quote_sheetname('lists')}!${letter}$2:${letter}${len(values) + 1}"

    provinces, former_provinces = _province_lists()
    refs: dict[str, str] = {}
    if provinces:
        refs["province"] = add_list("province", provinces)
    if former_provinces:
        refs["former_province"] = add_list("former_province", former_provinces)
    refs["sectors"] = add_list("sectors", list(registry.sectors))
    bool_ref = add_list("boolean", _BOOLEAN_CHOICES[lang])
    for col in columns:
        if col.type == "category":
            refs[col.id] = add_list(col.id, col.categories)
    refs["_columns"] = add_list("columns", [c.id for c in columns])
    refs["_quality"] = add_list("quality", _QUALITIES)
    refs["_kind"] = add_list("kind", _KINDS)
    width = max(len(v) for _, v in list_columns) + 1
    for r in range(width):
        append_row(lists, [name if r == 0 else (values[r - 1] if r - 1 < len(values) else None)
                           for name, values in list_columns])

    # ---- data sheet ----
    append_row(data, [c.id for c in columns])
    for k, col in enumerate(columns, start=1):
        cell = data.cell(row=1, column=k)
        cell.font = white_bold
        cell.fill = PatternFill("solid", fgColor=_PILLAR_FILL.get(col.pillar, _OTHER_FILL))
        comment = Comment(cell_value(_comment_text(col, lang)), "villagescore", width=320, height=180)
        cell.comment = comment
        letter = get_column_letter(k)
        data.column_dimensions[letter].width = max(12, min(34, len(col.id) + 3))
        if _is_percent(col):  # typing 45 or 45% shows 45% and stores 0.45, which the reader reads as 45
            data.column_dimensions[letter].number_format = PERCENT_FORMAT
        dv = _validation(col, lang, refs.get(col.id) or (bool_ref if col.type == "boolean" else None),
                         DataValidation)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{last}")
            data.add_data_validation(dv)
    data.freeze_panes = "C2"

    # ---- instructions ----
    other = "en" if lang == "vi" else "vi"
    append_row(instructions, [_ui("title", lang)])
    instructions["A1"].font = Font(bold=True, size=14)
    append_row(instructions, [f"{_UI['title'][other]}"])
    fw_line = f"{framework.id} {framework.version} — {label(framework.title, lang, framework.id)}"
    append_row(instructions, [f"{_UI['framework'][lang]} / {_UI['framework'][other]}: {fw_line}"])
    sector_text = ", ".join(sectors) if sectors else _ui("all_sectors", lang)
    append_row(instructions, [f"{_UI['sectors'][lang]} / {_UI['sectors'][other]}: {sector_text}"])
    for a, b in zip(_UI["intro"][lang], _UI["intro"][other], strict=True):
        append_row(instructions, [f"• {a}"])
        append_row(instructions, [f"  {b}"])
    append_row(instructions, [])
    head_row = instructions.max_row + 1
    keys = ("column", "label_vi", "label_en", "pillar", "unit", "type", "allowed", "required", "description_vi",
            "description_en", "used_by")
    append_row(instructions, [f"{_HEAD[k][lang]} / {_HEAD[k][other]}" for k in keys])
    for cell in instructions[head_row]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in framework.pillars}
    for col in columns:
        append_row(instructions, [
            col.id, col.label.get("vi", ""), col.label.get("en", ""),
            "" if col.pillar == "identity" else pillar_labels.get(col.pillar, col.pillar), col.unit, col.type,
            f"{_allowed(col, lang)} / {_allowed(col, other)}", _ui("required" if col.required else "optional", lang),
            (col.description or {}).get("vi", ""), (col.description or {}).get("en", ""), ", ".join(col.used_by),
        ])
    for k, w in enumerate((26, 36, 36, 14, 12, 10, 40, 12, 50, 50, 40), start=1):
        instructions.column_dimensions[get_column_letter(k)].width = w
    instructions.freeze_panes = f"B{head_row + 1}"

    # ---- metadata ----
    append_row(metadata, ["column", "source", "quality", "note"])
    notes = (_ui("meta_column", lang), _ui("meta_source", lang), _ui("meta_quality", lang), _ui("meta_note", lang))
    for k, note in enumerate(notes, start=1):
        cell = metadata.cell(row=1, column=k)
        cell.font = bold
        cell.comment = Comment(cell_value(note), "villagescore", width=260, height=80)
    for ref, letter in ((refs["_columns"], "A"), (refs["_quality"], "C")):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                            errorTitle=_clip(_ui("bad_value", lang), 32))
        dv.add(f"{letter}2:{letter}{len(columns) + 200}")
        metadata.add_data_validation(dv)
    for k, w in enumerate((28, 60, 14, 40), start=1):
        metadata.column_dimensions[get_column_letter(k)].width = w

    # ---- dataset ----
    append_row(dataset, ["key", "value", "help"])
    for cell in dataset[1]:
        cell.font = bold
    ds_id = "survey" + ("-" + "-".join(sectors) if sectors else "")
    ds_id = ds_id.replace("_", "-")
    for key, value in (("id", ds_id), ("title_vi", _UI["default_title"]["vi"]),
                       ("title_en", _UI["default_title"]["en"]), ("kind", "real"), ("description", None),
                       ("license", None)):
        append_row(dataset, [key, value, _ui(f"ds_{key}", lang)])
    dv = DataValidation(type="list", formula1=refs["_kind"], allow_blank=False, showErrorMessage=True)
    dv.add("B5")
    dataset.add_data_validation(dv)
    for k, w in enumerate((14, 50, 70), start=1):
        dataset.column_dimensions[get_column_letter(k)].width = w

    wb.active = 0
    return workbook_bytes(wb)


def _is_percent(col: TemplateColumn) -> bool:
    """A number column measured in %: formatted as a percentage in the workbook."""
    return col.unit == "%" and col.type in ("number", "integer")


def _validation(col: TemplateColumn, lang: str, list_ref: str | None, factory: Any) -> Any:
    """The data validation of one data column, or ``None`` for free text."""
    title = _clip(label(col.label, lang, col.id), 32)
    prompt = _clip(f"{_allowed(col, lang)}" + (f" — {label(col.description, lang)}" if col.description else ""), 250)
    common = {"allow_blank": True, "showInputMessage": True, "showErrorMessage": True, "promptTitle": title,
              "prompt": prompt, "errorTitle": _clip(_ui("bad_value", lang), 32),
              "error": _clip(f"{col.id}: {_allowed(col, lang)}", 225)}
    if list_ref is not None:
        dv = factory(type="list", formula1=list_ref, **common)
        if col.id in ("sectors", "province", "former_province"):
            dv.errorStyle = "warning"  # several sectors, or a province spelled as the source does
            dv.prompt = _clip(_ui("sector_list" if col.id == "sectors" else "province_list", lang), 250)
        return dv
    if col.type in ("number", "integer"):
        kind = "whole" if col.type == "integer" and not _is_percent(col) else "decimal"
        lo, hi = col.minimum, col.maximum
        if _is_percent(col):  # Excel checks the stored value: 45 % is stored as 0.45
            lo, hi = (None if lo is None else lo / 100), (None if hi is None else hi / 100)
        if lo is not None and hi is not None:
            return factory(type=kind, operator="between", formula1=_num(lo), formula2=_num(hi), **common)
        if lo is not None:
            return factory(type=kind, operator="greaterThanOrEqual", formula1=_num(lo), **common)
        if hi is not None:
            return factory(type=kind, operator="lessThanOrEqual", formula1=_num(hi), **common)
        return factory(type=kind, operator="between", formula1="-1E+15", formula2="1E+15", **common)
    return factory(allow_blank=True, showInputMessage=True, promptTitle=title, prompt=prompt)  # text: a hint only
