"""Build the survey workbook: the lists behind the dropdowns, then every sheet, as reproducible bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import labelled
from ..protected import TEMPLATE_MARK
from .columns import chosen_sectors, template_columns
from .form import _form_sheet
from .lists import _lists_sheet
from .sheets import _data_sheet, _dataset_sheet, _instructions_sheet, _metadata_sheet
from .text import SHEET_NAMES, TEMPLATE_ROWS, group_fills


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

    from ..reports.xlsx import page_setup, workbook_bytes

    names = {role: names[lang] for role, names in SHEET_NAMES.items()}
    sectors = chosen_sectors(registry, sectors)  # "Gốm sứ" as well as "ceramics"
    columns = template_columns(framework, registry, sectors)
    # the sectors as people read them, the id beside the label (``Dệt, nhuộm (khăn bông, lụa) (weaving)``)
    shown = [labelled(s, getattr(registry.sectors.get(s), "label", None), lang) for s in sectors]
    wb = Workbook()
    data = wb.active
    data.title = names["data"]
    instructions = wb.create_sheet(names["instructions"])
    form = wb.create_sheet(names["form"])
    metadata = wb.create_sheet(names["metadata"])
    dataset = wb.create_sheet(names["dataset"])
    lists = wb.create_sheet(names["lists"])
    lists.sheet_state = "hidden"

    refs, bool_ref = _lists_sheet(lists, columns, registry, lang)
    _data_sheet(data, columns, lang, refs, bool_ref, rows + 1, group_fills(framework))
    page_setup(data, landscape=True)
    _instructions_sheet(instructions, framework, columns, shown, lang, names)
    page_setup(instructions, landscape=True, header_rows=0)
    _form_sheet(form, framework, columns, shown, lang)
    _metadata_sheet(metadata, columns, lang, refs, names["data"])
    _dataset_sheet(dataset, sectors, lang, refs["_kind"], bool_ref)

    wb.active = 0
    wb.properties.category = TEMPLATE_MARK  # a survey even with every sheet renamed: -o never replaces it
    return workbook_bytes(wb)
