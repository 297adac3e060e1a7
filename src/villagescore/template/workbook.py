"""Build the survey workbook: the lists behind the dropdowns, then every sheet, as reproducible bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .columns import template_columns
from .form import _form_sheet
from .guidance import _clip
from .lists import _kind_label, _province_lists, _quality_label, _sector_choices
from .sheets import _data_sheet, _instructions_sheet
from .text import _BOOLEAN_CHOICES, _KINDS, _META_HEAD, _QUALITIES, _UI, SHEET_NAMES, TEMPLATE_ROWS, _ui


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

    from ..reports.xlsx import append_row, page_setup, workbook_bytes

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

    from ..reports.xlsx import cell_value

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
