r"""Reading a filled-in survey back: the words people read mapped to the codes the engine uses.

The survey workbook (:mod:`villagescore.template`) shows labels, not codes: a header reads
``Tên làng nghề`` with the code ``name`` on a line under it, a dropdown offers ``thông
thường`` for the category ``common`` and ``Gốm sứ`` for the sector ``ceramics``. The
dataset reader (:func:`villagescore.datasets.validate`) calls :func:`normalise` before it
checks anything, so a file written with the labels reads exactly as one written with the
codes, whatever its format (XLSX, CSV, JSON):

- a header whose last line is a column id (``Tên làng nghề\\nname``), or that is exactly a
  column's label in Vietnamese or English (with or without its unit), is read as that id;
- a category cell that is one of the category's labels (:func:`villagescore.catalogue.aliases.field_aliases`)
  is read as its code, and each sector of the ``sectors`` cell likewise;
- province names are checked against the official list (:mod:`villagescore.provinces`): a
  misspelt, pre-2025 or abolished province gives a note with what to write, and so does a
  ``former_province`` that did not merge into the row's ``province`` (a note, not a refusal:
  the province is identity, it changes no score).

:func:`with_suggestions` adds a did-you-mean to the problems of values that are no label
at all but come close to one (``dac biet`` → ``đặc biệt (special)``). The workbook's sheet
names may be Vietnamese (:func:`sheet_role`). Messages follow ``VILLAGESCORE_LANG``
(English when it is unset).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import SaidText, in_languages, said
from .i18n import LANGS, in_each_language, t

__all__ = ["normalise", "header_code", "header_ids", "column_ids", "with_suggestions", "sheet_role",
           "normalise_metadata_sheet", "normalise_dataset_sheet", "QUALITY_LABELS", "KIND_LABELS"]

#: Labels of the metadata sheet's ``quality`` codes (its dropdown shows them; ``data_quality.<code>``).
QUALITY_LABELS = {code: in_each_language(f"data_quality.{code}") for code in ("measured", "reported", "estimated")}
#: Labels of the dataset sheet's ``kind`` codes (its dropdown shows them; ``dataset_kind.<code>``).
KIND_LABELS = {code: in_each_language(f"dataset_kind.{code}")
               for code in ("real", "real-shaped", "illustrative", "synthetic")}


def sheet_role(name: str) -> str | None:
    """The role of a workbook sheet named in either language (``Số liệu`` → ``data``), or ``None``."""
    from .catalogue.aliases import alias_key
    from .template import SHEET_NAMES

    key = alias_key(name)
    for role, names in SHEET_NAMES.items():
        if key in {alias_key(n) for n in names.values()}:
            return role
    return None


def _label_table(registry: Any) -> dict[str, str]:
    """Header labels (vi and en, with and without the unit, the unit in either language) → column id.

    The Vietnamese survey workbook writes the unit in Vietnamese (``Tổng số hộ trên địa bàn (hộ)``),
    the English one as it is registered (``… (households)``).
    """
    from .catalogue.aliases import _table
    from .i18n import unit_label
    from .template import identity_labels

    pairs: list[tuple[str, str]] = []
    for cid, text in identity_labels().items():
        pairs += [(text["vi"], cid), (text["en"], cid)]
    for fid, field in (getattr(registry, "fields", {}) or {}).items():
        units = dict.fromkeys((field.unit, unit_label(field.unit, "vi"))) if field.unit else {}
        for lang in ("vi", "en"):
            label = (field.label or {}).get(lang, "")
            pairs.append((label, fid))
            pairs += [(f"{label} ({unit})", fid) for unit in units]
    return _table(pairs)


def header_code(cell: Any, known: Iterable[str], labels: Mapping[str, str] | None = None) -> Any:
    """The column id a header cell stands for: its last line when that is an id, or the id of its label.

    ``known`` are the ids a dataset may use; ``labels`` maps label keys to ids
    (:func:`_label_table`). A cell that is neither is returned as it is.
    """
    from .catalogue.aliases import alias_key

    if not isinstance(cell, str):
        return cell
    known = set(known)
    lines = [line.strip() for line in cell.replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) > 1:
        last = lines[-1].strip("[]() ")
        if last in known or last.startswith("x_"):
            return last
    if cell.strip() in known:
        return cell.strip()
    if labels:
        hit = labels.get(alias_key(" ".join(lines)))
        if hit is not None:
            return hit
    return cell


def header_ids(cells: Iterable[Any], registry: Any = None) -> list[Any]:
    r"""Each header cell as the dataset reader reads it: the column id it stands for, else the cell as it is.

    ``Mã làng nghề``, ``Village ID`` and ``Mã làng nghề\nvillage_id`` are all ``village_id``. Without a
    ``registry`` only the identity columns are known (enough to tell a dataset's header, and
    no plugin is loaded).
    """
    from .template import IDENTITY

    known = set(IDENTITY) | set(getattr(registry, "fields", {}) or {})
    cells = list(cells)
    if all(not isinstance(c, str) or c in known for c in cells):
        return cells
    labels = _label_table(registry)
    return _bare_year(cells, [header_code(c, known, labels) for c in cells])


#: A column headed by the word "year" alone, in either language: read as ``year`` only where that is unambiguous.
_BARE_YEAR = ("Năm", "Year")


def _bare_year(cells: list[Any], ids: list[Any]) -> list[Any]:
    """``ids`` with a cell headed ``Năm`` or ``Year`` alone (any case) read as ``year``, where that is unambiguous.

    Only when no other cell is ``year`` already, a single cell is such a word, and no label of the
    survey or of a field claimed it (those win: such a cell is no longer its own text).
    """
    from .catalogue.aliases import alias_key

    if "year" in ids:
        return ids
    bare = {alias_key(word) for word in _BARE_YEAR}
    found = [j for j, (cell, ident) in enumerate(zip(cells, ids, strict=True))
             if isinstance(cell, str) and ident == cell and alias_key(cell) in bare]
    if len(found) != 1:
        return ids
    return [*ids[:found[0]], "year", *ids[found[0] + 1:]]


def _rows(frame: Any) -> Any:
    """Spreadsheet row numbers of the frame's rows (the header is row 1), as the reader numbers them."""
    import numpy as np
    import pandas as pd

    index = frame.index
    numbered = (pd.api.types.is_integer_dtype(index.dtype) and index.is_unique
                and (len(index) == 0 or index.min() >= 0))
    return (index.to_numpy(dtype=np.int64) if numbered else np.arange(len(frame))) + 2


def _map_column(series: Any, mapper: Any) -> Any:
    """``series`` with each distinct text replaced by ``mapper(text)`` (``None``: keep it); ``None`` if none changed."""
    import pandas as pd

    from .datasets.text import factorize

    codes, uniques = factorize(series)
    changed = {}
    for k, value in enumerate(uniques):
        if isinstance(value, str):
            new = mapper(value)
            if new is not None and new != value:
                changed[k] = new
    if not changed:
        return None
    values = series.to_numpy(dtype=object).copy()
    for k, new in changed.items():
        values[codes == k] = new
    return pd.Series(values, index=series.index, name=series.name, dtype=object)


def normalise(frame: Any, registry: Any) -> tuple[Any, list[str]]:
    """Map labels to codes in ``frame`` (headers, categories, sectors); return it with notes on provinces.

    The frame is returned unchanged (the same object) when nothing needed mapping.
    """
    from .catalogue.aliases import field_aliases, resolve, sector_aliases

    fields = getattr(registry, "fields", {}) or {}
    columns = list(frame.columns)
    mapped = header_ids(columns, registry)
    if mapped != columns:
        frame = frame.copy(deep=False)
        frame.columns = mapped
        columns = mapped
    updates = {}
    for j, col in enumerate(columns):
        field = fields.get(col) if isinstance(col, str) else None
        if field is not None and field.type == "category":
            table = field_aliases(field)
            allowed = set(field.categories)
            updates[j] = _map_column(frame.iloc[:, j], lambda v, t=table, a=allowed: None if v.strip() in a
                                     else resolve(v, t))
        elif col == "sectors":
            table = sector_aliases(getattr(registry, "sectors", {}) or {})
            known_sectors = set(getattr(registry, "sectors", {}) or {})

            def sectors(value: str, t: Mapping[str, str] = table, ids: set[str] = known_sectors) -> str | None:
                parts = [p.strip() for p in value.split(";")]
                if all(p in ids or not p for p in parts):
                    return None
                return ";".join((p if p in ids else (resolve(p, t) or p)) for p in parts if p)

            updates[j] = _map_column(frame.iloc[:, j], sectors)
    changed = {j: s for j, s in updates.items() if s is not None}
    if changed:
        frame = frame.copy(deep=False)  # copy-on-write: the caller's frame keeps its columns
        for j, series in changed.items():
            frame.isetitem(j, series)
    return frame, province_notes(frame)


def province_notes(frame: Any, mapping: Any = None) -> list[str]:
    """Notes on the ``province`` and ``former_province`` cells that the official list writes otherwise."""
    import numpy as np

    from .provinces import check_former_province, check_province

    notes: list[str] = []
    columns = list(frame.columns)
    if mapping is None and ("province" in columns or "former_province" in columns):
        from .admin_mapping import load_mapping

        try:
            mapping = load_mapping()  # once, not once per distinct value (each load looks at the file)
        except Exception:  # the mapping table is missing or broken: compare reports that; nothing to add here
            return notes
    try:
        rows = _rows(frame)
    except Exception:  # pragma: no cover - a frame without a usable index
        return notes
    for col, check in (("province", check_province), ("former_province", check_former_province)):
        if col not in columns:
            continue
        codes, seen = _codes_by_value(frame.iloc[:, columns.index(col)])
        for value, which in seen.items():
            try:
                found = check(value, mapping)
            except Exception:  # the mapping table is missing or broken: compare reports that; nothing to add here
                return notes
            if found is None:
                continue
            where = np.sort(rows[np.isin(codes, which)]).tolist()  # the rows holding it, in file order
            shown = ", ".join(str(r) for r in where[:5]) + (" …" if len(where) > 5 else "")
            notes.append(in_languages({  # said in the run's language when shown
                lang: f"{t('sheet_note.rows', lang)} {shown}: {t('sheet_note.column', lang)} {col!r}: "
                      f"{found.message(lang, former_column=col == 'former_province')}" for lang in LANGS}))
    if "province" in columns and "former_province" in columns:
        notes += _former_clash_notes(frame, mapping, rows)
    return notes


def _former_clash_notes(frame: Any, mapping: Any, rows: Any) -> list[str]:
    """A note per distinct (province, former_province) pair whose former province did not merge into the province.

    The pairs are factorised over the whole columns; each distinct pair is looked up once.
    """
    import numpy as np
    import pandas as pd

    columns = list(frame.columns)
    texts, codes = [], []
    for column in ("province", "former_province"):
        cells, seen = _codes_by_value(frame.iloc[:, columns.index(column)])
        canon = np.full(int(cells.max(initial=-1)) + 2, -1, dtype=np.int64)  # two spellings that strip alike: one
        for k, which in enumerate(seen.values()):
            canon[which] = k
        texts.append(list(seen))
        codes.append(canon[cells])  # a blank cell (-1) reads canon's last entry, -1
    width = len(texts[1])
    pairs, distinct = pd.factorize(np.where((codes[0] >= 0) & (codes[1] >= 0), codes[0] * width + codes[1], -1))
    notes = []
    for k, pair in enumerate(distinct.tolist()):
        if pair < 0:
            continue
        province, former = texts[0][pair // width], texts[1][pair % width]
        now, former_now = mapping.current(province), mapping.current(former)
        if now is None or former_now is None or now == former_now:
            continue
        where = np.sort(rows[pairs == k]).tolist()
        shown = ", ".join(str(r) for r in where[:5]) + (" …" if len(where) > 5 else "")
        notes.append(in_languages({lang: f"{t('sheet_note.rows', lang)} {shown}: " + t(
            "province_note.inconsistent", lang, province=province, former=former, now=now, former_now=former_now)
            for lang in LANGS}))
    return notes


def _codes_by_value(series: Any) -> tuple[Any, dict[str, list[int]]]:
    """The column's codes, and each distinct text (stripped, not blank) → the codes of the cells holding it.

    The texts come in the order first seen; the column is factorised by
    :func:`~villagescore.datasets.text.factorize` (its rows are found only for a note).
    """
    from .datasets.text import factorize

    codes, uniques = factorize(series)
    seen: dict[str, list[int]] = {}
    for k, value in enumerate(uniques):  # uniques come in the order first seen
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip(), []).append(k)  # two spellings that strip alike: one value
    return codes, seen


def with_suggestions(problems: list[Any], registry: Any) -> list[Any]:
    """The problems, with a did-you-mean on category and sector values close to a label or code."""
    from .catalogue.aliases import display, field_aliases, resolve, sector_aliases, suggest
    from .errors import Texts, problem
    from .i18n import LANGS, N_

    fields = getattr(registry, "fields", {}) or {}
    sectors = getattr(registry, "sectors", {}) or {}
    out = []
    seen: dict[tuple[str, str, Any], Any] = {}  # one suggestion per distinct value, however many rows have it
    for p in problems:
        key = (p.rule, p.column, p.value if isinstance(p.value, (str, int, float)) else None)
        if p.rule in ("category", "unknown_sector") and key in seen:
            out.append(dataclasses.replace(p, **seen[key]))
            continue
        hint = None
        allowed = Texts({lang: p.said(lang)[1] for lang in LANGS})
        if p.rule == "category" and p.column in fields:  # a number cell too: "3" may mean "3 sao"
            field = fields[p.column]
            labels = field.category_labels or {}
            typed = _typed(p.value)
            code = suggest(typed, field_aliases(field)) if typed else None
            if code is not None:
                hint = Texts({lang: display(code, labels.get(code), lang) for lang in LANGS})
            # the allowed values by their labels, in each language
            allowed = Texts({lang: ", ".join(display(c, labels.get(c), lang) for c in field.categories)
                             for lang in LANGS})
        elif p.rule == "unknown_sector" and isinstance(p.value, str):
            named = [(s, getattr(sectors[s], "label", None)) for s in sorted(sectors)]
            allowed = Texts({lang: ", ".join(display(s, label, lang) for s, label in named) for lang in LANGS})
            table = sector_aliases(sectors)
            listed = _comma_listed(p.value, table, sectors)
            if listed:  # "weaving, sericulture": known sectors, separated the way reports print them
                hint = said(SaidText, N_("several sectors are separated with ';': {cell}"), cell="; ".join(listed))
            for part in ([] if listed else [x.strip() for x in p.value.split(";")]):
                if part and part not in sectors and resolve(part, table) is None:
                    code = suggest(part, table)
                    if code is not None:
                        label = getattr(sectors[code], "label", None)
                        hint = Texts({lang: display(code, label, lang) for lang in LANGS})
                        break
        if hint or p.rule in ("category", "unknown_sector"):
            message = Texts({lang: p.said(lang)[0] for lang in LANGS})
            template = N_("{message}; did you mean {suggestion}?") if hint else "{message}"
            if isinstance(hint, SaidText):
                template = "{message}; {suggestion}"
            p = problem(p.file, p.where, template, allowed="{allowed}",
                        params={"message": message, "suggestion": hint, "allowed": allowed}, column=p.column,
                        value=p.value, rule=p.rule, village_id=p.village_id, column_label=p.column_label)
        if p.rule in ("category", "unknown_sector"):
            seen[key] = {"message": p.message, "allowed": p.allowed, "template": p.template,
                         "allowed_template": p.allowed_template, "params": p.params}
        out.append(p)
    return out


def _comma_listed(cell: str, table: Mapping[str, str], ids: Any) -> list[str]:
    """The parts of ``cell`` when it is two or more known sectors (ids or labels) separated by commas, else ``[]``.

    A label may hold commas itself (``Dệt, nhuộm (khăn bông, lụa), Dâu tằm tơ, tơ sen`` is two
    sectors): the pieces between commas are joined back, shortest first, until each run names a sector.
    """
    from .catalogue.aliases import resolve

    pieces = cell.split(",")
    if len(pieces) < 2 or ";" in cell:
        return []
    found: dict[int, list[str]] = {0: []}  # pieces used → the sectors read from them, as written
    for start in range(len(pieces)):
        if start not in found:
            continue
        for end in range(start + 1, len(pieces) + 1):
            text = ",".join(pieces[start:end]).strip()
            if end not in found and (text in ids or resolve(text, table) is not None):
                found[end] = [*found[start], text]
    listed = found.get(len(pieces), [])
    return listed if len(listed) > 1 else []


def _typed(value: Any) -> str:
    """A refused cell as the text typed: a whole number without its ``.0``; nothing for an empty cell."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None or isinstance(value, bool) else str(value)


def _code_of(value: Any, labels: Mapping[str, Mapping[str, str]]) -> Any:
    from .catalogue.aliases import alias_key

    if not isinstance(value, str):
        return value
    key = alias_key(value)
    for code, text in labels.items():
        if key in (alias_key(code), alias_key(text["vi"]), alias_key(text["en"])):
            return code
    return value


_METADATA_COLUMNS = ("column", "source", "quality", "note", "scale")


def column_ids(texts: Iterable[str], registry: Any) -> dict[str, str]:
    """The texts that name a column by its label (as a header cell may: ``Tên làng nghề``) → that column's id.

    For the column cells of a workbook's metadata sheet, which people fill with what row 1 shows.
    """
    from .datasets import IDENTITY_COLUMNS

    known = set(IDENTITY_COLUMNS) | set(getattr(registry, "fields", {}) or {})
    texts = [x for x in texts if isinstance(x, str) and x not in known]
    if not texts:
        return {}
    labels = _label_table(registry)
    found = {x: header_code(x, known, labels) for x in texts}
    return {x: code for x, code in found.items() if code != x and code in known}


def normalise_metadata_sheet(frame: Any) -> Any:
    """The ``metadata`` sheet with its headers read as codes and its ``quality`` labels as codes."""
    if frame is None:
        return frame
    frame = frame.copy()
    frame.columns = [header_code(c, _METADATA_COLUMNS) for c in frame.columns]
    if "quality" in frame.columns:
        frame["quality"] = frame["quality"].map(lambda v: _code_of(v, QUALITY_LABELS))
    return frame


def normalise_dataset_sheet(frame: Any) -> Any:
    """The ``dataset`` sheet (``key``, ``value`` rows) with the ``kind`` label read as its code."""
    if frame is None or len(frame.columns) < 2:
        return frame
    frame = frame.copy()
    keys = frame.iloc[:, 0].tolist()
    values = frame.iloc[:, 1].tolist()
    frame.isetitem(1, [(_code_of(v, KIND_LABELS) if isinstance(k, str) and k.strip() == "kind" else v)
                       for k, v in zip(keys, values, strict=True)])
    return frame
