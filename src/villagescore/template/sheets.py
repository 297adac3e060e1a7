"""The data and instructions sheets of the survey workbook, and the validation of each data column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import label
from ..outputs import FORMULA_PREFIXES
from .columns import TemplateColumn, _formula_number, _is_percent, header_text, unit_text, used_by_text
from .guidance import _allowed, _clip, _comment_text, _source_text
from .lists import _kind_label
from .text import (
    _BOOLEAN_CHOICES,
    _OTHER_FILL,
    PERCENT_FORMAT,
    _head,
    _intro,
    _meta_head,
    _type_label,
    _ui,
)


def _data_sheet(data: Any, columns: list[TemplateColumn], lang: str, refs: dict[str, str], bool_ref: str,
                last: int, fills: dict[str, str]) -> None:
    """Row 1 (label with the id under it, coloured by pillar, with a comment), widths, formats, validation.

    ``fills``: the header colour of each column group (:func:`~villagescore.template.text.group_fills`).
    """
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..reports.xlsx import cell_value
    from .cells import append_survey_row

    append_survey_row(data, [header_text(c, lang) for c in columns])
    white_bold = Font(bold=True, color="FFFFFF")
    wrap = Alignment(wrap_text=True, vertical="top")
    for k, col in enumerate(columns, start=1):
        cell = data.cell(row=1, column=k)
        cell.font = white_bold
        cell.alignment = wrap
        cell.fill = PatternFill("solid", fgColor=fills.get(col.pillar, _OTHER_FILL))
        cell.comment = Comment(cell_value(_comment_text(col, lang)), "villagescore", width=380, height=260)
        letter = get_column_letter(k)
        data.column_dimensions[letter].width = 16 if col.pillar == "identity" else 22
        if _is_percent(col):  # typing 45 or 45% shows 45% and stores 0.45, which the reader reads as 45
            data.column_dimensions[letter].number_format = PERCENT_FORMAT
        elif col.type == "category" and any(col.choice(c, lang).startswith(FORMULA_PREFIXES) for c in col.categories):
            data.column_dimensions[letter].number_format = "@"  # Text: a typed "- Không" stays text, no formula
        dv = _validation(col, lang, refs.get(col.id) or (bool_ref if col.type == "boolean" else None),
                         DataValidation)
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

    from .cells import append_survey_row

    other = "en" if lang == "vi" else "vi"
    append_survey_row(ws, [_ui("title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    append_survey_row(ws, [_ui("title", other)])
    fw_line = f"{framework.id} {framework.version} — {label(framework.title, lang, framework.id)}"
    append_survey_row(ws, [f"{_ui('framework', lang)} / {_ui('framework', other)}: {fw_line}"])
    sector_text = ", ".join(sectors) if sectors else _ui("all_sectors", lang)
    append_survey_row(ws, [f"{_ui('sectors', lang)} / {_ui('sectors', other)}: {sector_text}"])
    for a, b in zip(_intro(lang), _intro(other), strict=True):  # both name the sheets as this workbook does
        append_survey_row(ws, [f"• {a.format(**names)}"])
        append_survey_row(ws, [f"  {b.format(**names)}"])
    append_survey_row(ws, [])
    keys = ("column", "label_vi", "label_en", "pillar", "unit", "type", "allowed", "required", "guidance_vi",
            "guidance_en", "source", "description_vi", "description_en", "used_by")
    append_survey_row(ws, [f"{_head(k, lang)} / {_head(k, other)}" for k in keys])
    head_row = ws.max_row  # an empty appended row does not count in max_row: read it after the header
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in framework.pillars}
    for col in columns:
        guidance = col.guidance or {}
        append_survey_row(ws, [
            col.id, col.label.get("vi", ""), col.label.get("en", ""),
            "" if col.pillar == "identity" else pillar_labels.get(col.pillar, col.pillar), _units(col, lang, other),
            _type_label(col.type, lang),
            f"{_allowed(col, lang)} / {_allowed(col, other)}", _ui("required" if col.required else "optional", lang),
            guidance.get("vi", ""), guidance.get("en", ""), _source_text(guidance.get("source", ""), lang),
            (col.description or {}).get("vi", ""), (col.description or {}).get("en", ""), used_by_text(col, lang),
        ])
    for k, w in enumerate((26, 36, 36, 14, 12, 10, 40, 12, 60, 60, 28, 50, 50, 40), start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = f"B{head_row + 1}"


def _units(col: TemplateColumn, lang: str, other: str) -> str:
    """The unit in both languages for the bilingual instructions (``hộ / households``; once when alike)."""
    first, second = unit_text(col, lang), unit_text(col, other)
    return first if first == second else f"{first} / {second}"


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


def _metadata_sheet(ws: Any, columns: list[TemplateColumn], lang: str, refs: dict[str, str], data_name: str) -> None:
    """``column, source, quality, note``: a header with a note per column, dropdowns of columns and quality."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..reports.xlsx import cell_value, page_setup
    from .cells import append_survey_row

    append_survey_row(ws, [f"{_meta_head(k, lang)}\n{k}" for k in ("column", "source", "quality", "note")])
    notes = (_ui("meta_column", lang, data=data_name), _ui("meta_source", lang), _ui("meta_quality", lang),
             _ui("meta_note", lang))
    for k, note in enumerate(notes, start=1):
        cell = ws.cell(row=1, column=k)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(cell_value(note), "villagescore", width=260, height=80)
    ws.row_dimensions[1].height = 32
    for ref, letter in ((refs["_columns"], "A"), (refs["_quality"], "C")):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                            errorTitle=_clip(_ui("bad_value", lang), 32))
        dv.add(f"{letter}2:{letter}{len(columns) + 200}")
        ws.add_data_validation(dv)
    for k, w in enumerate((28, 60, 14, 40), start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = "A2"
    page_setup(ws)


def _dataset_sheet(ws: Any, sectors: Sequence[str], lang: str, kind_ref: str, bool_ref: str) -> None:
    """``key, value, help`` rows (id, titles, kind, description, licence, complete), prefilled with defaults to edit.

    ``complete`` (cell B8, a yes/no dropdown, ``không``/``no`` to begin with): the data list every
    craft village of the area they cover (a census), as ``dataset.complete`` of a ``NAME.meta.json``.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..reports.xlsx import page_setup
    from .cells import append_survey_row

    append_survey_row(ws, [f"{_meta_head(k, lang)}\n{k}" for k in ("key", "value", "help")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[1].height = 32
    ds_id = "survey" + ("-" + "-".join(sectors) if sectors else "")
    ds_id = ds_id.replace("_", "-")
    for key, value in (("id", ds_id), ("title_vi", _ui("default_title", "vi")),
                       ("title_en", _ui("default_title", "en")), ("kind", _kind_label("real", lang)),
                       ("description", None), ("license", None), ("complete", _BOOLEAN_CHOICES[lang][1])):
        append_survey_row(ws, [key, value, _ui(f"ds_{key}", lang)])
    for ref, cell in ((kind_ref, "B5"), (bool_ref, "B8")):
        dv = DataValidation(type="list", formula1=ref, allow_blank=False, showErrorMessage=True)
        dv.add(cell)
        ws.add_data_validation(dv)
    for k, w in enumerate((14, 50, 70), start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    page_setup(ws)
