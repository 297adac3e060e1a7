"""The words and fixed settings of the survey workbook: sheet names, identity columns, interface strings."""

from __future__ import annotations

from typing import Any

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
