"""The printable one-village form (A4 portrait, one question per row with a box to write in)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import label
from .columns import TemplateColumn, unit_text
from .guidance import _allowed
from .text import _BOOLEAN_CHOICES, _OTHER_FILL, _head, _ui, group_fills

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

    from ..reports.xlsx import page_setup
    from .cells import append_survey_row

    thin = Side(style="thin", color="7F7F7F")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    small = Font(size=9)
    for k, w in enumerate(_FORM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    append_survey_row(ws, [_ui("form_title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    ws["A1"].alignment = Alignment(horizontal="center")
    fw_line = f"{_ui('framework', lang)}: {label(framework.title, lang, framework.id)} ({framework.id} " \
              f"{framework.version})"
    if sectors:
        fw_line += f" — {_ui('sectors', lang)}: {', '.join(sectors)}"
    append_survey_row(ws, [fw_line])
    ws.merge_cells("A2:E2")
    append_survey_row(ws, [_ui("form_intro", lang)])
    ws.merge_cells("A3:E3")
    ws["A3"].alignment = wrap
    ws["A3"].font = Font(italic=True, size=9)
    ws.row_dimensions[3].height = 12 * _lines(_ui("form_intro", lang), sum(_FORM_WIDTHS))
    append_survey_row(ws, [])
    append_survey_row(ws, [_ui("form_no", lang), _ui("form_question", lang), _head("unit", lang),
                           _ui("form_guidance", lang), _ui("form_value", lang)])
    head = ws.max_row
    for cell in ws[head]:
        cell.font = Font(bold=True, size=9)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.border = box
        cell.alignment = wrap
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in framework.pillars}
    fills = group_fills(framework)
    section = None
    number = 0
    for col in columns:
        group = col.pillar
        if group != section:
            section = group
            title = (_ui("form_identity", lang) if group == "identity"
                     else pillar_labels.get(group) or _ui("form_other", lang))
            append_survey_row(ws, [title])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            ws.cell(r, 1).font = Font(bold=True, color="FFFFFF", size=10)
            ws.cell(r, 1).fill = PatternFill("solid", fgColor=fills.get(group, _OTHER_FILL))
        number += 1
        question = f"{label(col.label, lang, col.id)}\n[{col.id}]"
        guidance = (col.guidance or {}).get(lang, "") or (label(col.description, lang) if col.description else "")
        detail = "\n".join(t for t in (guidance, f"{_head('allowed', lang)}: {_allowed(col, lang)}") if t)
        value = ""
        if col.type == "category":
            value = "\n".join(f"☐ {col.choice(c, lang)}" for c in col.categories)
        elif col.type == "boolean":
            value = "  ".join(f"☐ {w}" for w in _BOOLEAN_CHOICES[lang][:2])
        append_survey_row(ws, [number, question, unit_text(col, lang), detail, value])
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
    append_survey_row(ws, [])
    for key in ("form_surveyor", "form_date", "form_signature", "form_confirm"):
        append_survey_row(ws, [None, _ui(key, lang), None, None, None])
        r = ws.max_row
        ws.cell(r, 2).font = Font(bold=True, size=9)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        ws.cell(r, 3).border = Border(bottom=thin)
        ws.row_dimensions[r].height = 40 if key in ("form_signature", "form_confirm") else 22
    page_setup(ws, header_rows=0, landscape=False)
    ws.print_title_rows = f"{head}:{head}"
    ws.print_options.horizontalCentered = True
