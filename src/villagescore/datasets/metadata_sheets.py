"""A workbook's metadata sheets: where each entry came from, and problems named by sheet and cell.

The metadata of a workbook is read from its ``metadata`` sheet (``Nguồn số liệu``: one row per
column, with its source, quality, note) and its ``dataset`` sheet (``Bộ số liệu``: key, value).
The ``dataset`` sheet's ``complete`` row (yes/no in either language) is ``dataset.complete``.
It is checked against the same schema as a sidecar ``NAME.meta.json``, but an Excel user has no
such file and no JSON path: each problem here names the sheet and the cell to change, the
values the cell's dropdown offers (in both languages), and is said once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, Texts, problem
from ..i18n import LANGS, N_

__all__ = ["SheetCells", "sheet_problems", "sheet_mismatch"]


@dataclass
class SheetCells:
    """Where each entry of a workbook's metadata was read: sheet names, rows and column letters."""

    columns_sheet: str = "metadata"
    dataset_sheet: str = "dataset"
    letters: dict[str, str] = field(default_factory=dict)  # metadata sheet: "column", "source" … → "A", "B" …
    columns: dict[str, int] = field(default_factory=dict)  # column described → its row
    dataset: dict[str, int] = field(default_factory=dict)  # dataset key → its row (the value is in column B)

    def column_cell(self, key: str, part: str = "column") -> str | None:
        """``sheet 'metadata' cell C4``: the cell of ``part`` on the row that describes ``key``."""
        row = self.columns.get(key)
        if row is None:
            return None
        return f"sheet {self.columns_sheet!r} cell {self.letters.get(part, self.letters.get('column', 'A'))}{row}"

    def dataset_cell(self, key: str) -> str:
        """The value cell of a dataset key (``sheet 'dataset' cell B3``), or the sheet when the key has no row."""
        row = self.dataset.get(key)
        return f"sheet {self.dataset_sheet!r}" if row is None else f"sheet {self.dataset_sheet!r} cell B{row}"

    def renamed(self, old: str, new: str) -> None:
        """The row that described ``old`` (a label) now describes ``new`` (its column id)."""
        if old in self.columns and new not in self.columns:
            self.columns[new] = self.columns.pop(old)


def _choices(kind: str, codes: tuple[str, ...]) -> Texts:
    """The values a dropdown offers, as the cell may hold them: ``'ước tính' (estimated)`` in each language."""
    from ..i18n import t

    def one(code: str, lang: str) -> str:
        label = t(f"{kind}.{code}", "vi")  # the Vietnamese survey's dropdown shows it; the English one the code
        if label.startswith(f"{kind}.") or label == code:
            return repr(code)
        return f"{label!r} ({code})" if lang == "vi" else f"{code!r} / {label!r}"

    return Texts({lang: ", ".join(one(code, lang) for code in codes) for lang in LANGS})


#: A quality or scale that is not in the list, per part of the row.
_NOT_IN_LIST = {
    "quality": N_("the quality of {column}, {value}, is not one of the values of the list: choose one of {allowed} "
                  "from the cell's dropdown"),
    "scale": N_("the scale of {column}, {value}, is not one of the values of the list: choose one of {allowed}"),
}
_NOT_YES_NO = N_("whether the data list every craft village of the area they cover ('complete'), {value}, is not "
                 "yes or no: choose {allowed} from the cell's dropdown")
#: The values of the ``complete`` cell's dropdown, as each language's workbook offers them.
_YES_NO = Texts({"vi": "'có' (yes), 'không' (no)", "en": "'yes', 'no' ('có', 'không' in the Vietnamese survey)"})
_NEEDS_SOURCE = N_("{column} is described without a source, and only estimated values may go without one: fill "
                   "cell {cell} (the source), or choose {estimated} as its quality")


def sheet_problems(meta: Any, name: str, cells: SheetCells) -> list[Problem]:
    """Check the metadata read from a workbook's sheets against the schema; every problem named by sheet and cell.

    An entry whose quality is not in the list is not also told that it lacks a source (the
    schema's ``anyOf`` follows from the first error): each mistake is said once.
    """
    from villagescore import schemas

    from ..schema_messages import schema_problem

    errors = list(schemas.validator("dataset-metadata").iter_errors(meta))
    with_field_errors = {tuple(e.absolute_path)[1] for e in errors
                         if len(e.absolute_path) > 2 and tuple(e.absolute_path)[0] == "columns"}
    problems = []
    for err in errors:
        path = list(err.absolute_path)
        if path[:1] == ["columns"] and len(path) >= 2:
            key, part = str(path[1]), (str(path[2]) if len(path) > 2 else None)
            where = cells.column_cell(key, part or "column") or f"sheet {cells.columns_sheet!r}"
            if part in ("quality", "scale") and err.validator == "enum":
                codes = tuple(err.validator_value)
                allowed = _choices("data_quality", codes) if part == "quality" else Texts(
                    {lang: ", ".join(map(repr, codes)) for lang in LANGS})
                problems.append(problem(name, where, _NOT_IN_LIST[part],
                                        params={"column": repr(key), "value": repr(err.instance), "allowed": allowed},
                                        rule=f"metadata_{part}"))
            elif part is None and err.validator == "anyOf":
                if key in with_field_errors:
                    continue
                estimated = _choices("data_quality", ("estimated",))
                problems.append(problem(name, where, _NEEDS_SOURCE,
                                        params={"column": repr(key), "estimated": estimated,
                                                "cell": (cells.column_cell(key, "source") or "").split()[-1]},
                                        rule="metadata_source"))
            else:
                problems.append(schema_problem(name, where, err))
        elif path[:2] == ["dataset", "complete"]:
            problems.append(problem(name, cells.dataset_cell("complete"), _NOT_YES_NO,
                                    params={"value": repr(err.instance), "allowed": _YES_NO}, rule="metadata_complete"))
        elif path[:1] == ["dataset"]:
            key = str(path[1]) if len(path) > 1 else ""
            if key == "title" and len(path) > 2:
                key = f"title_{path[2]}"
            problems.append(schema_problem(name, cells.dataset_cell(key), err))
        else:
            problems.append(schema_problem(name, f"sheet {cells.columns_sheet!r}", err))
    return problems


_UNKNOWN = N_("{column} is not a column of the data sheet: choose the column id from the cell's dropdown (the ids are "
              "in row 1 of the data sheet, under each label), or clear the row")
_UNKNOWN_CLOSE = N_("{column} is not a column of the data sheet (did you mean {close}?): choose the column id from "
                    "the cell's dropdown, or clear the row")


def sheet_mismatch(name: str, cells: SheetCells, key: str, columns: Any) -> Problem:
    """The metadata sheet describes ``key``, which the data sheet does not have: the cell, and a did-you-mean."""
    from ..errors import closest

    close = closest(key, [str(c) for c in columns])
    template = _UNKNOWN_CLOSE if close else _UNKNOWN
    where = cells.column_cell(key) or f"sheet {cells.columns_sheet!r}"
    return problem(name, where, template, params={"column": repr(key), "close": repr(close)}, value=key,
                   rule="metadata_column")
