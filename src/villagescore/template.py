"""Data-collection workbooks generated from a framework (``villagescore template``).

The workbook is a survey a commune officer can fill in, and exactly what
:func:`villagescore.datasets.read_xlsx` reads back. Sheet names follow the language
(:data:`SHEET_NAMES`: ``Số liệu``, ``Hướng dẫn`` … or ``data``, ``instructions`` …):

- ``data`` (``Số liệu``): row 1 holds each column's label (with its unit) and, on a line
  under it, the column id the reader uses (``Tên làng nghề`` / ``name``); every later
  non-empty row is one village-year. The label in both languages, unit, allowed values,
  guidance (what to measure, where, how, an example, and its source) and description are in
  the header comment and the input message of each column, never in a second header row.
  Dropdowns show labels people read — categories (``thông thường``), yes/no (``có``/``không``),
  sectors (``Gốm sứ``), provinces in official order — and the reader maps them back to codes
  (:mod:`villagescore.readback`). Columns measured in % are formatted as percentages
  (typing 45 or 45% shows 45.0% and stores 0.45, which the reader takes as 45; their
  validation checks 0–1). Ranges are written as plain numbers (``500.000.000``, never
  ``5e+08``).
- ``instructions`` (``Hướng dẫn``): per column, bilingual: id, labels, unit, type, allowed
  values, guidance with its source, description and the indicators that use it.
- ``form`` (``Phiếu in``): the same questions as a printable one-village form (A4 portrait,
  fitted to the page width, header row repeated): number, question with its code, unit,
  guidance and a box to write the value in (boxes to tick for categories and yes/no), then
  the surveyor's name, date and signature.
- ``metadata`` (``Nguồn số liệu``): ``column, source, quality, note`` (quality: measured /
  reported / estimated, shown as labels), one row per column documented.
- ``dataset`` (``Bộ số liệu``): ``key, value`` rows (id, title_vi, title_en, kind,
  description, license), prefilled with defaults to edit.
- ``lists`` (``Danh mục``, hidden): the values behind the dropdowns.

Every sheet prints on A4 (:func:`villagescore.reports.xlsx.page_setup`). Fields are filtered
to ``sectors`` (plus the generic ones) when sectors are given; the fields that
context-dependent thresholds read (e.g. the discharge column A/B) and the fields a
cross-field rule compares with are included. Building a workbook imports neither pandas nor
the scoring engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import UnknownIdError, VillageScoreError
from .i18n import label

__all__ = ["IDENTITY", "TEMPLATE_ROWS", "YEAR_RANGE", "PERCENT_FORMAT", "SHEET_NAMES", "TemplateColumn",
           "template_fields", "template_columns", "build_template", "identity_labels", "header_text", "plain_number"]

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
#: Sheet names of the workbook in each language, by role; the reader knows both (villagescore.readback.sheet_role).
SHEET_NAMES: dict[str, dict[str, str]] = {
    "data": {"vi": "Số liệu", "en": "data"},
    "instructions": {"vi": "Hướng dẫn", "en": "instructions"},
    "form": {"vi": "Phiếu in", "en": "form"},
    "metadata": {"vi": "Nguồn số liệu", "en": "metadata"},
    "dataset": {"vi": "Bộ số liệu", "en": "dataset"},
    "lists": {"vi": "Danh mục", "en": "lists"},
}

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
                 "description": {"vi": "Một trong 34 tỉnh, thành phố hiện nay (Nghị quyết 202/2025/QH15), viết như "
                                       "danh mục chính thức; tên tỉnh cũ ghi ở cột Tỉnh cũ.",
                                 "en": "One of the 34 current provinces and cities (Resolution 202/2025/QH15), as the "
                                       "official list writes it; a pre-2025 name goes in Former province."}},
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
                "description": {"vi": "Chọn ngành nghề trong danh sách; nhiều ngành cách nhau bằng dấu chấm phẩy, "
                                      "ví dụ: Dệt, nhuộm (khăn bông, lụa);Dâu tằm tơ, tơ sen (mã ngành như "
                                      "weaving;sericulture cũng được).",
                                "en": "Pick the sector from the list; separate several with a semicolon, e.g. "
                                      "Weaving and dyeing (towels, silk);Sericulture and silk (incl. lotus silk) "
                                      "(sector ids such as weaving;sericulture work too)."}},
    "year": {"label": {"vi": "Năm số liệu", "en": "Year of the data"}, "type": "integer",
             "description": {"vi": "Năm mà số liệu phản ánh; mỗi làng một dòng cho mỗi năm.",
                             "en": "The year the data describe; one row per village and year."}},
}

_UI = {
    "title": {"vi": "Phiếu thu thập số liệu làng nghề — hướng dẫn",
              "en": "Craft village data-collection workbook — instructions"},
    "intro": {
        "vi": ["Nhập mỗi làng nghề, mỗi năm một dòng trong trang '{data}', bắt đầu từ dòng 2. Dòng 1 ghi tên cột và, "
               "ở dòng dưới trong cùng ô, mã cột mà phần mềm đọc: không sửa, không thêm dòng tiêu đề.",
               "Để trống ô khi không có số liệu; không nhập công thức, không gộp ô. Chọn trong danh sách thả xuống "
               "khi có; cột % gõ 45 hoặc 45% đều được.",
               "Ghi nguồn và chất lượng số liệu (đo đạc / báo cáo / ước tính) trong trang '{metadata}'; sửa mã, tên "
               "và loại bộ số liệu trong trang '{dataset}'.",
               "Khảo sát thực địa: in trang '{form}' (khổ A4), mỗi làng một phiếu, rồi nhập vào trang '{data}'.",
               "Chấm điểm: villagescore evaluate TỆP.xlsx"],
        "en": ["Enter one row per village and year in the '{data}' sheet, from row 2. Row 1 holds each column's "
               "label and, on a line under it in the same cell, the column id the reader uses: do not edit it or "
               "add header rows.",
               "Leave a cell empty when the value is unknown; no formulas, no merged cells. Pick from the dropdown "
               "where there is one; in % columns 45 and 45% both work.",
               "Record each column's source and quality (measured / reported / estimated) in the '{metadata}' "
               "sheet; set the dataset's id, titles and kind in the '{dataset}' sheet.",
               "Field work: print the '{form}' sheet (A4), one form per village, then type it into '{data}'.",
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
    "sector_list": {"vi": "Chọn ngành nghề; nhiều ngành: gõ cách nhau bằng ';'.",
                    "en": "Pick a sector; for several, type them separated by ';'."},
    "province_list": {"vi": "Chọn trong danh sách (thứ tự chính thức); tên khác sẽ được nhắc khi đọc.",
                      "en": "Pick from the list (official order); another spelling is flagged when read."},
    "category_list": {"vi": "Chọn trong danh sách.", "en": "Pick from the list."},
    "meta_column": {"vi": "Mã cột trong trang '{data}'.", "en": "A column id of the '{data}' sheet."},
    "meta_source": {"vi": "Nguồn: văn bản, đường dẫn, đơn vị cung cấp.",
                    "en": "Source: a document, URL or the office that gave the data."},
    "meta_quality": {"vi": "đo đạc, báo cáo hoặc ước tính.", "en": "measured, reported or estimated."},
    "meta_note": {"vi": "Ghi chú (không bắt buộc).", "en": "Note (optional)."},
    "ds_id": {"vi": "Mã bộ số liệu (chữ thường không dấu, '-', '_', '.').",
              "en": "Dataset id (lower-case ASCII, '-', '_', '.')."},
    "ds_title_vi": {"vi": "Tên bộ số liệu bằng tiếng Việt.", "en": "Dataset title in Vietnamese."},
    "ds_title_en": {"vi": "Tên bộ số liệu bằng tiếng Anh.", "en": "Dataset title in English."},
    "ds_kind": {"vi": "số liệu thực; số liệu thực kèm ước tính; minh hoạ; sinh tự động.",
                "en": "real, real-shaped (facts plus marked estimates), illustrative or synthetic."},
    "ds_description": {"vi": "Mô tả: thời gian, phạm vi, cách thu thập.",
                       "en": "Description: period, coverage, how the data were collected."},
    "ds_license": {"vi": "Giấy phép sử dụng (không bắt buộc).", "en": "Licence (optional)."},
    "default_title": {"vi": "Phiếu khảo sát làng nghề", "en": "Craft village survey"},
    "used_by": {"vi": "Dùng cho chỉ số", "en": "Used by indicators"},
    "guidance": {"vi": "Cách thu thập", "en": "How to collect"},
    "source": {"vi": "Nguồn phương pháp", "en": "Method source"},
    "project_advice": {"vi": "khuyến nghị của dự án", "en": "the project's advice"},
    "form_title": {"vi": "PHIẾU KHẢO SÁT LÀNG NGHỀ", "en": "CRAFT VILLAGE SURVEY FORM"},
    "form_intro": {"vi": "Mỗi làng, mỗi năm một phiếu. Ghi số vào ô; với câu có lựa chọn, đánh dấu ☒ vào một ô. "
                         "Để trống nếu không có số liệu. Cột % ghi theo phần trăm (45 nghĩa là 45 %).",
                   "en": "One form per village and year. Write the number in the box; where there are choices, tick "
                         "one box. Leave it empty when there is no value. % columns take per cent (45 means 45 %)."},
    "form_no": {"vi": "STT", "en": "No."},
    "form_question": {"vi": "Nội dung (mã cột)", "en": "Question (column id)"},
    "form_value": {"vi": "Giá trị ghi", "en": "Value"},
    "form_guidance": {"vi": "Hướng dẫn đo, ghi", "en": "How to measure and record"},
    "form_identity": {"vi": "Thông tin chung", "en": "Identity"},
    "form_other": {"vi": "Thông tin khác", "en": "Other"},
    "form_surveyor": {"vi": "Người điền phiếu (họ tên, chức vụ)", "en": "Surveyor (name, position)"},
    "form_date": {"vi": "Ngày điền phiếu", "en": "Date"},
    "form_signature": {"vi": "Chữ ký", "en": "Signature"},
    "form_confirm": {"vi": "Xác nhận của UBND xã (ký, đóng dấu)", "en": "Commune People's Committee (signature, seal)"},
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
    "guidance_vi": {"vi": "Cách thu thập (tiếng Việt)", "en": "How to collect (Vietnamese)"},
    "guidance_en": {"vi": "Cách thu thập (tiếng Anh)", "en": "How to collect (English)"},
    "source": {"vi": "Nguồn phương pháp", "en": "Method source"},
    "description_vi": {"vi": "Mô tả (tiếng Việt)", "en": "Description (Vietnamese)"},
    "description_en": {"vi": "Mô tả (tiếng Anh)", "en": "Description (English)"},
    "used_by": {"vi": "Dùng cho chỉ số", "en": "Used by indicators"},
}
#: Headers of the metadata and dataset sheets: the label people read, the code the reader uses.
_META_HEAD = {"column": {"vi": "Mã cột", "en": "Column"}, "source": {"vi": "Nguồn", "en": "Source"},
              "quality": {"vi": "Chất lượng", "en": "Quality"}, "note": {"vi": "Ghi chú", "en": "Note"},
              "key": {"vi": "Khoá", "en": "Key"}, "value": {"vi": "Giá trị", "en": "Value"},
              "help": {"vi": "Hướng dẫn", "en": "Help"}}
_TYPES = {"text": {"vi": "chữ", "en": "text"}, "integer": {"vi": "số nguyên", "en": "integer"},
          "number": {"vi": "số", "en": "number"}, "boolean": {"vi": "có/không", "en": "yes/no"},
          "category": {"vi": "danh mục", "en": "category"}}

_PILLAR_FILL = {"identity": "1F3B57", "environment": "2E7D32", "economy": "1565C0", "society": "EF6C00",
                "governance": "6A1B9A"}
_OTHER_FILL = "455A64"
_BOOLEAN_CHOICES = {"vi": ("có", "không", 1, 0), "en": ("yes", "no", 1, 0)}
_KINDS = ("real", "real-shaped", "illustrative", "synthetic")
_QUALITIES = ("measured", "reported", "estimated")


def _ui(key: str, lang: str, **fmt: Any) -> str:
    text = _UI[key][lang]
    return text.format(**fmt) if fmt else text


def identity_labels() -> dict[str, dict[str, str]]:
    """The labels of the identity columns in both languages (``name`` → ``Tên làng nghề`` / ``Village name``)."""
    return {cid: dict(spec["label"]) for cid, spec in _IDENTITY_TEXT.items()}


def plain_number(x: float, lang: str = "en") -> str:
    """A number as people write it, never in exponent form: ``500.000.000`` / ``0,5`` (vi), ``500,000,000`` (en)."""
    value = float(x)
    if value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _formula_number(x: float) -> str:
    """A number for an Excel formula: plain digits, no exponent, no grouping (``500000000``, ``0.45``)."""
    value = float(x)
    return str(int(value)) if value.is_integer() else f"{value:.10f}".rstrip("0").rstrip(".")


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
    guidance: dict[str, str] | None = None
    category_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def choice(self, code: str, lang: str) -> str:
        """The word a person reads for category ``code`` (the code when it has no label)."""
        text = self.category_labels.get(code) or {}
        return text.get(lang) or code


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
            dict(fld.guidance) if getattr(fld, "guidance", None) else None,
            {k: dict(v) for k, v in (getattr(fld, "category_labels", None) or {}).items()},
        ))
    return columns


def header_text(col: TemplateColumn, lang: str) -> str:
    """The header cell of a data column: its label (with the unit), then the column id on a line of its own."""
    text = label(col.label, lang, col.id)
    if col.unit and col.unit not in text:
        text += f" ({col.unit})"
    return f"{text}\n{col.id}"


def _allowed(col: TemplateColumn, lang: str) -> str:
    if col.type == "boolean":
        return _ui("yes_no", lang)
    if col.type == "category":
        return _ui("one_of", lang, values=", ".join(col.choice(c, lang) for c in col.categories))
    if col.type in ("number", "integer"):
        kind = _ui("whole" if col.type == "integer" else "number", lang)
        unit = f" {col.unit}" if col.unit else ""
        if col.minimum is not None and col.maximum is not None:
            rng = _ui("from_to", lang, lo=plain_number(col.minimum, lang), hi=plain_number(col.maximum, lang))
        elif col.minimum is not None:
            rng = _ui("at_least", lang, lo=plain_number(col.minimum, lang))
        elif col.maximum is not None:
            rng = _ui("at_most", lang, hi=plain_number(col.maximum, lang))
        else:
            return kind + unit
        text = f"{kind}, {rng}{unit}"
        if col.not_greater_than:
            text += "; " + _ui("not_greater", lang, other=col.not_greater_than)
        return text
    return _ui("any_text", lang)


#: How the words of a method's source read in Vietnamese (document numbers stay as they are).
_SOURCE_VI = (
    ("Regional minimum wage decrees (Decree 74/2024/NĐ-CP, 293/2025/NĐ-CP) as the benchmark",
     "các nghị định lương tối thiểu vùng (Nghị định 74/2024/NĐ-CP, 293/2025/NĐ-CP) làm mốc so sánh"),
    ("(the legal duty sits in the LEP 2020 waste chapter; article not checked)",
     "(nghĩa vụ pháp lý thuộc chương chất thải của Luật BVMT 2020; chưa đối chiếu điều khoản)"),
    ("(methods listed in the regulation)", "(phương pháp nêu trong quy chuẩn)"),
    ("(transitional provisions)", "(quy định chuyển tiếp)"), ("(methods: §3)", "(phương pháp: mục 3)"),
    ("(denominator of the 20 % rule)", "(mẫu số của quy định 20 %)"),
    ("(targets for marks)", "(mục tiêu về nhãn hiệu)"),
    ("(target about 10 %/yr)", "(mục tiêu khoảng 10 %/năm)"), ("(1.5× by 2025)", "(gấp 1,5 lần vào năm 2025)"),
    ("(7–10 % by 2030)", "(7–10 % vào năm 2030)"), ("(literature range 100–300 m³/t)", "(tài liệu: 100–300 m³/tấn)"),
    ("(facilities in residential areas)", "(cơ sở trong khu dân cư)"),
    ("(public information)", "(công khai thông tin)"),
    ("(waste collection price)", "(giá dịch vụ thu gom)"), ("(85 dBA limit)", "(giới hạn 85 dBA)"),
    ("(silica dust)", "(bụi silic)"), ("(wood dust)", "(bụi gỗ)"), ("(solvent exposure)", "(tiếp xúc dung môi)"),
    ("(colour: TCVN 6185)", "(độ màu: TCVN 6185)"), ("(minors)", "(lao động chưa thành niên)"),
    ("(annex)", "(phụ lục)"),
    ("Law on Social Insurance", "Luật Bảo hiểm xã hội"), ("Labour Code 2019", "Bộ luật Lao động 2019"),
    ("LEP 2020", "Luật BVMT 2020"), ("Decree ", "Nghị định "), ("Decision ", "Quyết định "), ("Circular ", "Thông tư "),
    ("art. ", "Điều "), ("ch. II", "Chương II"), ("share [E]", "tỷ lệ [E]"), ("levels [E]", "các mức [E]"),
    ("count [E]", "số đếm [E]"), ("§", "mục "),
)


def _source_text(source: str, lang: str) -> str:
    """A method's source for people: ``[E]`` spelt out, and in Vietnamese the words of the citation translated."""
    text = source
    if lang == "vi":
        for en, vi in _SOURCE_VI:
            text = text.replace(en, vi)
    return text.replace("[E]", f"[E] {_ui('project_advice', lang)}", 1) if text.startswith("[E]") else text


def _comment_text(col: TemplateColumn, lang: str) -> str:
    other = "en" if lang == "vi" else "vi"
    lines = [label(col.label, lang, col.id), label(col.label, other, col.id), f"[{col.id}]"]
    if col.unit:
        lines.append(f"{_HEAD['unit'][lang]}: {col.unit}")
    lines.append(f"{_HEAD['allowed'][lang]}: {_allowed(col, lang)}")
    lines.append(_ui("required" if col.required else "optional", lang))
    if col.guidance:
        lines.append(f"{_ui('guidance', lang)}: {col.guidance.get(lang, '')}")
        lines.append(f"{_ui('source', lang)}: {_source_text(col.guidance.get('source', ''), lang)}")
    desc = label(col.description, lang) if col.description else ""
    if desc:
        lines.append(desc)
    if col.used_by:
        lines.append(f"{_ui('used_by', lang)}: {', '.join(col.used_by[:6])}" + (" …" if len(col.used_by) > 6 else ""))
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _province_lists() -> tuple[list[str], list[str]]:
    """Current and former provinces in official (code) order; empty when the mapping table is unavailable."""
    try:
        from .admin import load_mapping
        from .provinces import official_former_provinces, official_provinces

        mapping = load_mapping()
    except (VillageScoreError, OSError, ImportError):
        return [], []
    return official_provinces(mapping), official_former_provinces(mapping)


def _sector_choices(registry: Any, lang: str) -> list[str]:
    return [label(getattr(s, "label", None), lang, sid) for sid, s in registry.sectors.items()]


def build_template(framework: Any, registry: Any, *, sectors: Sequence[str] = (), lang: str = "vi",
                   rows: int = TEMPLATE_ROWS) -> bytes:
    """Return the bytes of a data-collection workbook for ``framework`` (reproducible).

    Parameters
    ----------
    framework : villagescore.model.Framework
        Gives the indicators whose fields become columns.
    registry : villagescore.Registry
        Gives the fields (types, units, ranges, categories, guidance) and the sectors.
    sectors : sequence of str
        Keep only the indicators of these sectors plus the generic ones (all when empty).
    lang : ``"vi"`` or ``"en"``
        Language of sheet names, headers, comments, input messages, dropdown words and the
        printable form; the instructions sheet is bilingual either way.
    rows : int
        Number of data rows covered by data validation.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from .reports.xlsx import append_row, page_setup, workbook_bytes

    names = {role: names[lang] for role, names in SHEET_NAMES.items()}
    columns = template_columns(framework, registry, sectors)
    wb = Workbook()
    data = wb.active
    data.title = names["data"]
    instructions = wb.create_sheet(names["instructions"])
    form = wb.create_sheet(names["form"])
    metadata = wb.create_sheet(names["metadata"])
    dataset = wb.create_sheet(names["dataset"])
    lists = wb.create_sheet(names["lists"])
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    last = rows + 1

    # ---- lists behind the dropdowns ----
    list_columns: list[tuple[str, Sequence[Any]]] = []

    def add_list(name: str, values: Sequence[Any]) -> str:
        k = len(list_columns) + 1
        list_columns.append((name, values))
        letter = get_column_letter(k)
        return f"{quote_sheetname(names['lists'])}!${letter}$2:${letter}${len(values) + 1}"

    provinces, former_provinces = _province_lists()
    refs: dict[str, str] = {}
    if provinces:
        refs["province"] = add_list("province", provinces)
    if former_provinces:
        refs["former_province"] = add_list("former_province", former_provinces)
    refs["sectors"] = add_list("sectors", _sector_choices(registry, lang))
    bool_ref = add_list("boolean", _BOOLEAN_CHOICES[lang])
    for col in columns:
        if col.type == "category":
            refs[col.id] = add_list(col.id, [col.choice(c, lang) for c in col.categories])
    refs["_columns"] = add_list("columns", [c.id for c in columns])
    refs["_quality"] = add_list("quality", [_quality_label(q, lang) for q in _QUALITIES])
    refs["_kind"] = add_list("kind", [_kind_label(k, lang) for k in _KINDS])
    width = max(len(v) for _, v in list_columns) + 1
    for r in range(width):
        append_row(lists, [name if r == 0 else (values[r - 1] if r - 1 < len(values) else None)
                           for name, values in list_columns])

    # ---- data sheet ----
    _data_sheet(data, columns, lang, refs, bool_ref, last, DataValidation)
    page_setup(data, landscape=True)

    # ---- instructions ----
    _instructions_sheet(instructions, framework, columns, sectors, lang, names)
    page_setup(instructions, landscape=True, header_rows=0)

    # ---- printable one-village form ----
    _form_sheet(form, framework, columns, sectors, lang)

    # ---- metadata ----
    append_row(metadata, [f"{_META_HEAD[k][lang]}\n{k}" for k in ("column", "source", "quality", "note")])
    notes = (_ui("meta_column", lang, data=names["data"]), _ui("meta_source", lang), _ui("meta_quality", lang),
             _ui("meta_note", lang))
    from openpyxl.comments import Comment

    from .reports.xlsx import cell_value

    for k, note in enumerate(notes, start=1):
        cell = metadata.cell(row=1, column=k)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(cell_value(note), "villagescore", width=260, height=80)
    metadata.row_dimensions[1].height = 32
    for ref, letter in ((refs["_columns"], "A"), (refs["_quality"], "C")):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                            errorTitle=_clip(_ui("bad_value", lang), 32))
        dv.add(f"{letter}2:{letter}{len(columns) + 200}")
        metadata.add_data_validation(dv)
    for k, w in enumerate((28, 60, 14, 40), start=1):
        metadata.column_dimensions[get_column_letter(k)].width = w
    metadata.freeze_panes = "A2"
    page_setup(metadata)

    # ---- dataset ----
    append_row(dataset, [f"{_META_HEAD[k][lang]}\n{k}" for k in ("key", "value", "help")])
    for cell in dataset[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    dataset.row_dimensions[1].height = 32
    ds_id = "survey" + ("-" + "-".join(sectors) if sectors else "")
    ds_id = ds_id.replace("_", "-")
    for key, value in (("id", ds_id), ("title_vi", _UI["default_title"]["vi"]),
                       ("title_en", _UI["default_title"]["en"]), ("kind", _kind_label("real", lang)),
                       ("description", None), ("license", None)):
        append_row(dataset, [key, value, _ui(f"ds_{key}", lang)])
    dv = DataValidation(type="list", formula1=refs["_kind"], allow_blank=False, showErrorMessage=True)
    dv.add("B5")
    dataset.add_data_validation(dv)
    for k, w in enumerate((14, 50, 70), start=1):
        dataset.column_dimensions[get_column_letter(k)].width = w
    page_setup(dataset)

    wb.active = 0
    return workbook_bytes(wb)


def _quality_label(code: str, lang: str) -> str:
    from .readback import QUALITY_LABELS

    return QUALITY_LABELS[code][lang]


def _kind_label(code: str, lang: str) -> str:
    from .readback import KIND_LABELS

    return KIND_LABELS[code][lang]


def _data_sheet(data: Any, columns: list[TemplateColumn], lang: str, refs: dict[str, str], bool_ref: str,
                last: int, factory: Any) -> None:
    """Row 1 (label with the id under it, coloured by pillar, with a comment), widths, formats, validation."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .reports.xlsx import append_row, cell_value

    append_row(data, [header_text(c, lang) for c in columns])
    white_bold = Font(bold=True, color="FFFFFF")
    wrap = Alignment(wrap_text=True, vertical="top")
    for k, col in enumerate(columns, start=1):
        cell = data.cell(row=1, column=k)
        cell.font = white_bold
        cell.alignment = wrap
        cell.fill = PatternFill("solid", fgColor=_PILLAR_FILL.get(col.pillar, _OTHER_FILL))
        cell.comment = Comment(cell_value(_comment_text(col, lang)), "villagescore", width=380, height=260)
        letter = get_column_letter(k)
        data.column_dimensions[letter].width = 16 if col.pillar == "identity" else 22
        if _is_percent(col):  # typing 45 or 45% shows 45% and stores 0.45, which the reader reads as 45
            data.column_dimensions[letter].number_format = PERCENT_FORMAT
        dv = _validation(col, lang, refs.get(col.id) or (bool_ref if col.type == "boolean" else None), factory)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{last}")
            data.add_data_validation(dv)
    longest = max((len(header_text(c, lang)) for c in columns), default=20)
    data.row_dimensions[1].height = min(150, 15 * (2 + longest // 20))
    data.freeze_panes = "C2"


def _instructions_sheet(ws: Any, framework: Any, columns: list[TemplateColumn], sectors: Sequence[str], lang: str,
                        names: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .reports.xlsx import append_row

    other = "en" if lang == "vi" else "vi"
    other_names = {role: n[other] for role, n in SHEET_NAMES.items()}
    append_row(ws, [_ui("title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [f"{_UI['title'][other]}"])
    fw_line = f"{framework.id} {framework.version} — {label(framework.title, lang, framework.id)}"
    append_row(ws, [f"{_UI['framework'][lang]} / {_UI['framework'][other]}: {fw_line}"])
    sector_text = ", ".join(sectors) if sectors else _ui("all_sectors", lang)
    append_row(ws, [f"{_UI['sectors'][lang]} / {_UI['sectors'][other]}: {sector_text}"])
    for a, b in zip(_UI["intro"][lang], _UI["intro"][other], strict=True):
        append_row(ws, [f"• {a.format(**names)}"])
        append_row(ws, [f"  {b.format(**other_names)}"])
    append_row(ws, [])
    keys = ("column", "label_vi", "label_en", "pillar", "unit", "type", "allowed", "required", "guidance_vi",
            "guidance_en", "source", "description_vi", "description_en", "used_by")
    append_row(ws, [f"{_HEAD[k][lang]} / {_HEAD[k][other]}" for k in keys])
    head_row = ws.max_row  # an empty appended row does not count in max_row: read it after the header
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in framework.pillars}
    for col in columns:
        guidance = col.guidance or {}
        append_row(ws, [
            col.id, col.label.get("vi", ""), col.label.get("en", ""),
            "" if col.pillar == "identity" else pillar_labels.get(col.pillar, col.pillar), col.unit,
            _TYPES.get(col.type, {}).get(lang, col.type),
            f"{_allowed(col, lang)} / {_allowed(col, other)}", _ui("required" if col.required else "optional", lang),
            guidance.get("vi", ""), guidance.get("en", ""), _source_text(guidance.get("source", ""), lang),
            (col.description or {}).get("vi", ""), (col.description or {}).get("en", ""), ", ".join(col.used_by),
        ])
    for k, w in enumerate((26, 36, 36, 14, 12, 10, 40, 12, 60, 60, 28, 50, 50, 40), start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = f"B{head_row + 1}"


#: Column widths of the printable form (characters): number, question, unit, guidance, value box.
_FORM_WIDTHS = (5, 30, 9, 50, 22)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (an estimate for row heights)."""
    total = 0
    for paragraph in str(text).split("\n"):
        total += max(1, -(-len(paragraph) * 11 // (10 * max(width - 1, 1))))
    return total


def _form_sheet(ws: Any, framework: Any, columns: list[TemplateColumn], sectors: Sequence[str], lang: str) -> None:
    """The printable one-village form: A4 portrait, one question per row with a box to write in."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from .reports.xlsx import append_row, page_setup

    thin = Side(style="thin", color="7F7F7F")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    small = Font(size=9)
    for k, w in enumerate(_FORM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    append_row(ws, [_ui("form_title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    ws["A1"].alignment = Alignment(horizontal="center")
    fw_line = f"{_UI['framework'][lang]}: {label(framework.title, lang, framework.id)} ({framework.id} " \
              f"{framework.version})"
    if sectors:
        fw_line += f" — {_UI['sectors'][lang]}: {', '.join(sectors)}"
    append_row(ws, [fw_line])
    ws.merge_cells("A2:E2")
    append_row(ws, [_ui("form_intro", lang)])
    ws.merge_cells("A3:E3")
    ws["A3"].alignment = wrap
    ws["A3"].font = Font(italic=True, size=9)
    ws.row_dimensions[3].height = 12 * _lines(_ui("form_intro", lang), sum(_FORM_WIDTHS))
    append_row(ws, [])
    append_row(ws, [_ui("form_no", lang), _ui("form_question", lang), _HEAD["unit"][lang], _ui("form_guidance", lang),
                    _ui("form_value", lang)])
    head = ws.max_row
    for cell in ws[head]:
        cell.font = Font(bold=True, size=9)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.border = box
        cell.alignment = wrap
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in framework.pillars}
    section = None
    number = 0
    for col in columns:
        group = col.pillar
        if group != section:
            section = group
            title = (_ui("form_identity", lang) if group == "identity"
                     else pillar_labels.get(group) or _ui("form_other", lang))
            append_row(ws, [title])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            ws.cell(r, 1).font = Font(bold=True, color="FFFFFF", size=10)
            ws.cell(r, 1).fill = PatternFill("solid", fgColor=_PILLAR_FILL.get(group, _OTHER_FILL))
        number += 1
        question = f"{label(col.label, lang, col.id)}\n[{col.id}]"
        guidance = (col.guidance or {}).get(lang, "") or (label(col.description, lang) if col.description else "")
        detail = "\n".join(t for t in (guidance, f"{_HEAD['allowed'][lang]}: {_allowed(col, lang)}") if t)
        value = ""
        if col.type == "category":
            value = "\n".join(f"☐ {col.choice(c, lang)}" for c in col.categories)
        elif col.type == "boolean":
            value = "  ".join(f"☐ {w}" for w in _BOOLEAN_CHOICES[lang][:2])
        append_row(ws, [number, question, col.unit, detail, value])
        r = ws.max_row
        for k in range(1, 6):
            cell = ws.cell(r, k)
            cell.border = box
            cell.alignment = wrap
            cell.font = small
        ws.cell(r, 5).border = Border(left=Side(style="medium"), right=Side(style="medium"),
                                      top=Side(style="medium"), bottom=Side(style="medium"))
        lines = max(_lines(question, _FORM_WIDTHS[1]), _lines(detail, _FORM_WIDTHS[3]), _lines(value, _FORM_WIDTHS[4]),
                    2)
        ws.row_dimensions[r].height = 11.5 * lines + 4
    append_row(ws, [])
    for key in ("form_surveyor", "form_date", "form_signature", "form_confirm"):
        append_row(ws, [None, _ui(key, lang), None, None, None])
        r = ws.max_row
        ws.cell(r, 2).font = Font(bold=True, size=9)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        ws.cell(r, 3).border = Border(bottom=thin)
        ws.row_dimensions[r].height = 40 if key in ("form_signature", "form_confirm") else 22
    page_setup(ws, header_rows=0, landscape=False)
    ws.print_title_rows = f"{head}:{head}"
    ws.print_options.horizontalCentered = True


def _is_percent(col: TemplateColumn) -> bool:
    """A number column measured in %: formatted as a percentage in the workbook."""
    return col.unit == "%" and col.type in ("number", "integer")


def _validation(col: TemplateColumn, lang: str, list_ref: str | None, factory: Any) -> Any:
    """The data validation of one data column, or ``None`` for free text."""
    title = _clip(label(col.label, lang, col.id), 32)
    guidance = (col.guidance or {}).get(lang, "")
    hint = guidance or (label(col.description, lang) if col.description else "")
    prompt = _clip(f"{_allowed(col, lang)}" + (f" — {hint}" if hint else ""), 250)
    common = {"allow_blank": True, "showInputMessage": True, "showErrorMessage": True, "promptTitle": title,
              "prompt": prompt, "errorTitle": _clip(_ui("bad_value", lang), 32),
              "error": _clip(f"{label(col.label, lang, col.id)} [{col.id}]: {_allowed(col, lang)}", 225)}
    if list_ref is not None:
        dv = factory(type="list", formula1=list_ref, **common)
        if col.id in ("sectors", "province", "former_province"):
            dv.errorStyle = "warning"  # several sectors, or a province spelled as the source does (flagged on reading)
            dv.prompt = _clip(_ui("sector_list" if col.id == "sectors" else "province_list", lang), 250)
        elif col.type == "category":
            dv.errorStyle = "warning"  # the code (or the label in the other language) is read too
        return dv
    if col.type in ("number", "integer"):
        kind = "whole" if col.type == "integer" and not _is_percent(col) else "decimal"
        lo, hi = col.minimum, col.maximum
        if _is_percent(col):  # Excel checks the stored value: 45 % is stored as 0.45
            lo, hi = (None if lo is None else lo / 100), (None if hi is None else hi / 100)
        if lo is not None and hi is not None:
            return factory(type=kind, operator="between", formula1=_formula_number(lo), formula2=_formula_number(hi),
                           **common)
        if lo is not None:
            return factory(type=kind, operator="greaterThanOrEqual", formula1=_formula_number(lo), **common)
        if hi is not None:
            return factory(type=kind, operator="lessThanOrEqual", formula1=_formula_number(hi), **common)
        return factory(type=kind, operator="between", formula1="-1000000000000000", formula2="1000000000000000",
                       **common)
    return factory(allow_blank=True, showInputMessage=True, promptTitle=title, prompt=prompt)  # text: a hint only
