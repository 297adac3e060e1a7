"""Dataset metadata: the sidecar file, a workbook's metadata sheets, and checks against the data.

Per column the source and quality of the values (``measured``, ``reported``, ``estimated``),
per village where needed, and a ``scale`` for percentage columns; the schema is
``schemas/dataset-metadata.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DocumentError, Problem, SaidText, problem, said
from ..i18n import N_
from ..parsing import load_document, read_limited
from ..sidecars import metadata_path_for
from .model import MAX_METADATA_BYTES, PERCENT_SCALES, RawDataset
from .text import nfc, nfc_tree


def metadata_file(name: str) -> SaidText:
    """How problems name the metadata of the dataset ``name`` that has no file of its own: ``NAME (metadata)``."""
    return said(SaidText, N_("{file} (metadata)"), file=name)


def sheet_file(name: str, sheet: str) -> SaidText:
    """How problems name a sheet of the workbook ``name``: ``NAME (sheet 'metadata')``."""
    return said(SaidText, N_("{file} (sheet {sheet})"), file=name, sheet=repr(sheet))


def is_synthetic(meta: Any) -> bool:
    """Whether metadata marks its dataset synthetic (``dataset.kind: synthetic``)."""
    dataset = meta.get("dataset") if isinstance(meta, dict) else None
    return isinstance(dataset, dict) and dataset.get("kind") == "synthetic"


def names_synthetic(name: str | Path) -> bool:
    """Whether a file name says its data is synthetic, as synthetic data must (``docs/datasets.md``)."""
    return "synthetic" in Path(name).name.lower()


def synthetic_name_for(name: str | Path) -> str:
    """A file name that says so, for one that does not: ``mydata.csv`` → ``mydata-synthetic.csv``."""
    path = Path(name)
    return path.name if names_synthetic(path) else f"{path.stem}-synthetic{path.suffix}"


def metadata_digest(meta: Any) -> str:
    """The SHA-256 of metadata that has no file of its own (workbook sheets, a JSON dataset's object)."""
    return hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def read_sidecar(path: Path) -> tuple[dict[str, Any] | None, str | None, list[Problem]]:
    """The sidecar ``NAME.meta.json`` of ``path``: ``(metadata, its SHA-256, problems)``; ``None``s without one.

    A sidecar that cannot be parsed gives no metadata and its problems, each saying whose metadata it is.
    """
    meta_path = metadata_path_for(path)
    if not meta_path.is_file():
        return None, None, []
    name = str(meta_path)
    try:
        data = read_limited(meta_path, name=name, max_bytes=MAX_METADATA_BYTES, label=N_("metadata files"))
        meta = load_document(data, name=name, kind="json", max_bytes=MAX_METADATA_BYTES, label=N_("metadata files"))
    except DocumentError as exc:
        return None, None, [_with_hint(p, path.name) for p in exc.problems]
    digest = hashlib.sha256(data).hexdigest()
    return nfc_tree(meta), digest, metadata_problems(meta, name, digest=digest)


def _with_hint(found: Problem, data: str) -> Problem:
    """``found`` (a problem of a sidecar), saying whose metadata the sidecar is."""
    message = said(SaidText, found.template, **dict(found.params)) if found.template else found.message
    return problem(found.file, found.where, N_("{message}; it is the metadata of {data}: fix it or remove it"),
                   params={"message": message, "data": data})


def metadata_problems(meta: Any, name: str, *, digest: str | None = None, partial: bool = False) -> list[Problem]:
    """Check dataset metadata against ``dataset-metadata.schema.json``; return every problem found.

    ``digest``: the SHA-256 of the file ``meta`` was parsed from; a file whose exact bytes were
    found valid before is not checked against the schema again (:mod:`villagescore.cache`).
    ``partial``: metadata given in Python beside a DataFrame, which may leave out what it does
    not know (the ``dataset`` part or its keys, a column's source: ``{"columns": {"a": {"scale":
    "fraction"}}}``); what it gives is checked as a file's is (kinds, values, unknown keys).
    """
    from villagescore import cache, schemas

    from ..schema_messages import schema_problem

    schema = "dataset-metadata"
    text = schemas.schema_text(schema) if digest else ""
    problems = []
    if not (digest and cache.known_valid(schema, text, digest)):
        for err in schemas.validator(schema).iter_errors(meta):
            if partial and _left_out(err):
                continue
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
            found = schema_problem(name, where, err)
            if found not in problems:  # both branches of an allOf may declare the same key: say it once
                problems.append(found)
        if digest and not problems:
            cache.remember_valid(schema, text, digest)
    ds = meta.get("dataset") if isinstance(meta, dict) else None
    if isinstance(ds, dict):  # not an object: the schema said so
        left_out = partial and "id" not in ds  # partial metadata may leave the id out: nothing to check
        if ds.get("kind") == "synthetic" and not left_out and "synthetic" not in str(ds.get("id", "")):
            problems.append(problem(name, "$.dataset.id", N_("a synthetic dataset must say so in its id")))
    return problems


def _left_out(err: Any) -> bool:
    """Whether a schema error only says that partial metadata leaves out a key of the dataset or a column's source."""
    path = tuple(err.absolute_path)
    if err.validator == "required":
        return path in ((), ("dataset",), ("dataset", "title"))
    return err.validator == "anyOf" and len(path) == 2 and path[0] == "columns"


def metadata_from_sheets(dataset_sheet: pd.DataFrame | None, columns_sheet: pd.DataFrame | None,
                         name: str = "", cells: Any = None) -> tuple[dict, list[Problem]]:
    """The metadata of a workbook's ``dataset`` and ``metadata`` sheets, and the keys given twice.

    A key (``id`` …) or a column described on two rows is refused, as a duplicate key is in
    JSON and YAML: which of the two would count is a guess. ``cells``
    (:class:`~villagescore.datasets.metadata_sheets.SheetCells`) is filled with the row of each
    key and column, and the letter of each column of the metadata sheet (the frames start at
    row 2 of their sheets, their index the row's position under the header).
    """
    meta: dict[str, Any] = {"dataset": {}, "columns": {}}
    problems: list[Problem] = []
    if dataset_sheet is not None and len(dataset_sheet.columns) >= 2:
        keys = [str(k).strip() for k, v in zip(dataset_sheet.iloc[:, 0], dataset_sheet.iloc[:, 1], strict=True)
                if isinstance(k, str) and pd.notna(v)]
        problems += [problem(sheet_file(name, "dataset"), f"key {k!r}", N_("is given on two rows; keep one"),
                             rule="duplicate_key") for k in sorted({k for k in keys if keys.count(k) > 1})]
        kv = {str(k).strip(): v for k, v in zip(dataset_sheet.iloc[:, 0], dataset_sheet.iloc[:, 1], strict=True)
              if isinstance(k, str) and pd.notna(v)}
        if cells is not None:
            cells.dataset.update({str(k).strip(): int(i) + 2 for i, k in zip(dataset_sheet.index,
                                                                               dataset_sheet.iloc[:, 0], strict=True)
                                  if isinstance(k, str) and str(k).strip() in kv})
        ds = meta["dataset"]
        for key in ("id", "kind", "description", "license"):
            if key in kv:
                ds[key] = nfc(str(kv[key]))
        if "title_vi" in kv or "title_en" in kv:
            ds["title"] = {"vi": nfc(str(kv.get("title_vi", ""))), "en": nfc(str(kv.get("title_en", "")))}
        if "complete" in kv:  # yes/no in either language (có/không), or a logical cell; anything else is told
            ds["complete"] = _yes_no(kv["complete"])
    if columns_sheet is not None and "column" in columns_sheet.columns:
        if cells is not None:
            from .workbook import column_letters

            cells.letters.update({str(c): column_letters(j + 1) for j, c in enumerate(columns_sheet.columns)})
        for index, row in zip(columns_sheet.index, columns_sheet.to_dict("records"), strict=True):
            col = row.get("column")
            if not isinstance(col, str) or not col.strip():
                continue
            entry = {k: nfc(str(row[k]).strip()) for k in ("source", "quality", "note", "scale")
                     if k in row and pd.notna(row[k]) and str(row[k]).strip()}
            key = nfc(col.strip())
            if key in meta["columns"]:
                problems.append(problem(sheet_file(name, "metadata"), f"column {key!r}",
                                        N_("is described on two rows; keep one"), rule="duplicate_key"))
            meta["columns"][key] = entry
            if cells is not None:
                cells.columns[key] = int(index) + 2
    return meta, problems


def _yes_no(value: Any) -> Any:
    """``True``/``False`` for a yes/no cell (có/không, yes/no, true/false, 1/0, a logical cell), else its text."""
    from .fields import BOOLEAN_WORDS

    word = BOOLEAN_WORDS.get(nfc(str(value)).strip().lower())
    return nfc(str(value)) if word is None else bool(word)


def described_columns(meta: Any) -> dict[str, Any]:
    """The metadata's ``columns`` object; empty when it has none or it is not an object (the schema says so)."""
    columns = meta.get("columns") if isinstance(meta, dict) else None
    return columns if isinstance(columns, dict) else {}


def scale_problems(raw: RawDataset, registry: Any) -> list[Problem]:
    """A metadata ``scale`` on a column that is not a percentage, or with an unknown value."""
    problems = []
    for column, entry in sorted(described_columns(raw.metadata).items()):
        scale = entry.get("scale") if isinstance(entry, dict) else None
        if scale is None:
            continue
        fld = registry.fields.get(column)
        cell = raw.metadata_cells.column_cell(column, "scale") if raw.metadata_cells is not None else None
        name, where = (raw.path, cell) if cell else (metadata_file(raw.path), f"$.columns.{column}.scale")
        if scale not in PERCENT_SCALES[1:]:
            problems.append(problem(name, where,
                                    N_("unknown scale {scale!r}"), params={"scale": scale},
                                    allowed="percent, fraction"))
        elif fld is None or fld.unit != "%":
            problems.append(problem(name, where,
                                    N_("'scale' applies only to columns measured in %"), rule="metadata_scale"))
    return problems


def metadata_mismatches(raw: RawDataset) -> list[Problem]:
    """Metadata entries that describe a column or a village the data does not have.

    Such an entry is a typo or a stale sidecar: its source or quality flag would silently
    apply to nothing (and the sensitivity analysis would perturb the wrong values).
    """
    meta = raw.metadata
    if not isinstance(meta, dict) or "village_id" not in raw.frame.columns:
        return []
    name = metadata_file(raw.path)
    columns = set(raw.frame.columns)
    cells = raw.metadata_cells
    problems = []
    for key in sorted(described_columns(meta)):
        if key not in columns and cells is not None:  # a workbook's metadata sheet: its cell, a did-you-mean
            from .metadata_sheets import sheet_mismatch

            problems.append(sheet_mismatch(raw.path, cells, key, [c for c in raw.frame.columns if isinstance(c, str)]))
        elif key not in columns:
            problems.append(problem(name, f"$.columns.{key}", N_("describes a column the data does not have"),
                                    rule="metadata_column"))
    villages: set[str] | None = None  # the frame's village ids, gathered only for a sidecar with values
    values = meta.get("values")
    for i, entry in enumerate(values if isinstance(values, list) else []):  # anything else: the schema said so
        if villages is None:
            ids = raw.frame["village_id"]
            villages = set(ids.dropna().astype(str).tolist() if isinstance(ids, pd.Series)
                           else ids.dropna().astype(str))
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("column"), str) and entry["column"] not in columns:  # not text: the schema said so
            problems.append(problem(name, f"$.values[{i}].column", N_("column {column!r} is not in the data"),
                                    params={"column": entry.get("column")}, rule="metadata_column"))
        if isinstance(entry.get("village_id"), str) and entry["village_id"] not in villages:
            problems.append(problem(name, f"$.values[{i}].village_id", N_("village {village!r} is not in the data"),
                                    params={"village": entry.get("village_id")}, rule="metadata_village"))
    return problems
