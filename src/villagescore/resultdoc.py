"""The result document, schema version 2: written as it is produced, read back as a stream.

A result document (``schemas/result.schema.json``, ``docs/result-format.md``) has the
document-level tables first — ``schema_version``, ``provenance``, ``framework`` (tiers,
pillars, criteria, indicators with their unit, label and reference numbers, gates),
``references`` (each legal reference once), ``regulations`` and ``flags`` — then
``villages``: one compact record per village-year whose per-node values are arrays in the
order of the framework tables (``indicators.score[j]`` is ``framework.indicators[j]``).

Two layouts of the same content:

* **JSON** (``--format json``): compact, one village-year per line after a first line that
  holds the document-level tables and opens ``"villages":[``; indented (2 spaces) only on
  request or for small results (:data:`PRETTY_LIMIT`).
* **JSON Lines** (``--format jsonl``): the first line is the header (the document-level
  tables, ``"record": "header"``), then one village-year per line.

Records are built :data:`CHUNK` village-years at a time from the engine's arrays and
encoded with the standard library's C encoder, so memory stays bounded whatever the number
of villages. :func:`read_result` reads either layout (and version-1 documents) back as a
header and an iterator of village records, streaming where the layout allows.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .results import Result

__all__ = ["SCHEMA_VERSION", "PRETTY_LIMIT", "CHUNK", "FLAGS", "STATUS_CODES", "round_like_python", "header",
           "village_records", "weight_profiles", "to_document", "write_json", "write_jsonl", "read_result", "expand",
           "ResultReadError"]

#: The version of the result document this module writes (version 1 had no ``schema_version``).
SCHEMA_VERSION = 2
#: Up to this many village-years, ``--format json`` is indented unless ``--compact`` is given.
PRETTY_LIMIT = 100
#: Village-years turned into records at a time (bounds the memory of the Python objects).
CHUNK = 2000
#: Codes of the per-indicator flags (``villages[].flags``) and what they mean (the document's ``flags`` table).
FLAGS = {
    "no_regulation": "no regulation version in force on the reference date",
    "limit_unknown": "limit unknown: the context it depends on is missing",
}
#: One character per node in the ``status`` strings of the records (the document's ``status_codes`` table).
STATUS_CODES = {"s": "scored", "m": "missing", "n": "not_applicable"}
_CODES = np.array(list(STATUS_CODES), dtype="<U1")
_IDENTITY = ("name", "commune", "province", "former_district", "former_province")


class ResultReadError(ValueError):
    """A file is not a readable result document."""


# --------------------------------------------------------------------------- numbers

def round_like_python(values: Any, digits: int) -> np.ndarray:
    """``round(x, digits)`` of Python for every element, vectorised (no ``-0.0``; NaN stays NaN).

    numpy's rounding scales, rounds and unscales, which can differ from Python's correctly
    rounded result next to a half; those few elements (and huge ones) are rounded by Python.
    """
    a = np.asarray(values, dtype=float)
    out = np.round(a, digits)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = a * 10.0 ** digits
        near = (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6) | (np.abs(a) > 1e9)
    for idx in zip(*np.nonzero(near & np.isfinite(a)), strict=True):
        out[idx] = round(float(a[idx]), digits)
    return out + 0.0


def _cells(values: Any, digits: int) -> np.ndarray:
    """Rounded floats as an object array, NaN as ``None`` (ready for the JSON encoder)."""
    r = round_like_python(values, digits)
    out = r.astype(object)
    out[np.isnan(r)] = None
    return out


def _one(x: Any, digits: int = 4) -> float | None:
    x = float(x)
    if math.isnan(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


# --------------------------------------------------------------------------- document-level tables

def weight_profiles(result: Result) -> tuple[np.ndarray, list[list[Any]]]:
    """Distinct rows of the effective overall indicator weights (6 decimals), and each village-year's row.

    Villages of the same sectors and data availability share their weights, so a national
    result has a few dozen distinct rows: the document keeps them once (``weight_profiles``)
    and each record names its row. Rows are numbered in order of first appearance.
    """
    import pandas as pd

    n = len(result)
    rows = np.zeros(n, dtype=np.int64)
    found: dict[bytes, int] = {}
    table: list[list[Any]] = []
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        w = np.ascontiguousarray(round_like_python(result.overall_weights(slice(start, stop)), 6))
        keys = w.view(np.dtype((np.void, w.dtype.itemsize * max(w.shape[1], 1)))).reshape(-1) if w.shape[1] else (
            np.zeros(stop - start, dtype="V1"))
        local, uniques = pd.factorize(keys)
        number = np.empty(len(uniques), dtype=np.int64)
        for k, key in enumerate(uniques.tolist()):
            key = bytes(key)
            if key not in found:
                found[key] = len(table)
                first = int(np.flatnonzero(local == k)[0])
                row = w[first].astype(object)
                row[np.isnan(w[first])] = None
                table.append(row.tolist())
            number[k] = found[key]
        rows[start:stop] = number[local]
    return rows, table


def header(result: Result, profiles: list[list[Any]] | None = None) -> dict[str, Any]:
    """The document-level tables: everything but the village records.

    ``profiles``: the weight rows of :func:`weight_profiles` (computed when not given).
    """
    if profiles is None:
        profiles = weight_profiles(result)[1]
    fw = result.framework
    references: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def ref_numbers(refs: Any) -> list[int]:
        out = []
        for r in refs:
            key = json.dumps(dict(r), sort_keys=True, ensure_ascii=False)
            if key not in index:
                index[key] = len(references)
                references.append(dict(r))
            out.append(index[key])
        return out

    indicators = [{"id": n.id, "pillar": n.pillar, "criterion": n.criterion,
                   "label": dict(getattr(n.indicator, "label", None) or {}), "unit": n.indicator.unit,
                   "references": ref_numbers(n.references),
                   **({} if n.threshold is None else {"versions": [
                       {"regulation": v.regulation.id, "limit": v.limit.id} for v in n.threshold.versions]})}
                  for n in fw.indicators]
    regulations: dict[str, Any] = {}
    for n in fw.indicators:
        for version in (n.threshold.versions if n.threshold is not None else ()):
            reg = version.regulation
            regulations.setdefault(reg.id, {"document": reg.document, "confidence": reg.confidence,
                                            "valid_from": reg.valid_from, "valid_to": reg.valid_to})
    return {
        "schema_version": SCHEMA_VERSION,
        "provenance": result.provenance,
        "framework": {
            "id": fw.id, "version": fw.version, "title": dict(fw.title),
            "tiers": [{"id": t.id, "label": dict(t.label), "min_score": t.min_score,
                       "min_pillar_score": t.min_pillar_score} for t in fw.tiers],
            "pillars": [{"id": p.id, "label": dict(p.label), "weight": p.weight} for p in fw.pillars],
            "criteria": [{"id": c.id, "pillar": c.pillar, "label": dict(c.label)} for c in fw.criteria],
            "indicators": indicators,
            "gates": [{"id": g.id, "indicator": g.indicator, "rule": g.rule, "cap": g.cap} for g in fw.gates],
        },
        "references": references,
        "regulations": dict(sorted(regulations.items())),
        "weight_profiles": profiles,
        "status_codes": dict(STATUS_CODES),
        "flags": dict(FLAGS),
    }


# --------------------------------------------------------------------------- village records

def _status_codes(code: np.ndarray) -> list[str]:
    """Rows of status codes (0 scored, 1 missing, 2 not applicable) as strings of one character per node."""
    if code.shape[1] == 0:
        return [""] * code.shape[0]
    letters = np.ascontiguousarray(_CODES[code])
    return letters.view(f"<U{code.shape[1]}").reshape(-1).tolist()


def _node_codes(score: np.ndarray, na: np.ndarray) -> np.ndarray:
    return np.where(na, 2, np.where(np.isnan(score), 1, 0))


def _text_column(frame: Any, column: str, rows: slice) -> list[Any]:
    if column not in frame.columns:
        return [None] * (rows.stop - rows.start)
    col = frame[column].iloc[rows]
    out = col.to_numpy(dtype=object, copy=True)
    out[col.isna().to_numpy()] = None
    return out.tolist()


def _values(result: Result, rows: slice, na: np.ndarray) -> list[list[Any]]:
    """Indicator values of ``rows`` (floats to 6 decimals; ``None`` where missing or not applicable)."""
    from .results import _value

    m = len(result.matrix.values)
    out = np.empty((rows.stop - rows.start, m), dtype=object)
    for j, column in enumerate(result.matrix.values):
        col = np.asarray(column[rows])
        if col.dtype.kind == "f":
            out[:, j] = _cells(col, 6)
        elif col.dtype.kind in "iu":
            out[:, j] = col.astype(object)
        else:
            out[:, j] = [_value(x) for x in col]
    out[na] = None
    return out.tolist()


def _regulations(result: Result, rows: slice, na: np.ndarray) -> tuple[list[list[Any]], list[dict]]:
    """Per row, the version applied of each regulated indicator and ``{indicator: flag code}``.

    Versions are indices into the indicator's ``versions`` table (framework order of the
    regulated indicators): ``-1`` when none was in force, ``None`` when not applicable.
    """
    n = rows.stop - rows.start
    flags: list[dict[str, str]] = [{} for _ in range(n)]
    columns = []
    for j, node in enumerate(result.framework.indicators):
        versions = result.applied_versions(j)
        if versions is None:
            continue
        versions = np.asarray(versions)[rows].astype(np.int64)
        cells = versions.astype(object)
        cells[na[:, j]] = None
        columns.append(cells)
        unknown = result.matrix.limit_unknown.get(j)
        unknown = np.zeros(n, dtype=bool) if unknown is None else np.asarray(unknown[rows], dtype=bool)
        for i in np.flatnonzero(~na[:, j] & (versions < 0)).tolist():
            flags[i][node.id] = "no_regulation"
        for i in np.flatnonzero(~na[:, j] & (versions >= 0) & unknown).tolist():
            flags[i][node.id] = "limit_unknown"
    applied = np.stack(columns, axis=1).tolist() if columns else [[] for _ in range(n)]
    return applied, flags


def village_records(result: Result, start: int = 0, stop: int | None = None,
                    weight_rows: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The compact records of rows ``start:stop`` (arrays in the order of the framework tables).

    ``weight_rows``: each village-year's row of the document's weight profiles
    (:func:`weight_profiles`; computed when not given).
    """
    from .kernel import GATE_STATUSES
    from .quality import ESTIMATED_WARNING

    stop = len(result) if stop is None else min(stop, len(result))
    rows = slice(start, stop)
    n = stop - start
    if n <= 0:
        return []
    if weight_rows is None:
        weight_rows = weight_profiles(result)[0]
    fw, t, f = result.framework, result.tree, result.frame
    code = _indicator_codes(result, rows)
    na = code == 2
    weights = result.overall_weights(rows)
    scores = result.matrix.scores[rows]
    contrib = np.nan_to_num(weights * scores)
    ind = {"value": _values(result, rows, na), "score": _cells(scores, 4).tolist(), "status": _status_codes(code),
           "weights": weight_rows[rows].tolist(), "contribution": _cells(contrib, 4).tolist()}
    pil = {"score": _cells(t.pillar_score[rows], 4).tolist(), "coverage": _cells(t.pillar_coverage[rows], 4).tolist(),
           "status": _status_codes(_node_codes(t.pillar_score[rows], t.pillar_na[rows]))}
    cri = {"score": _cells(t.criterion_score[rows], 4).tolist(),
           "coverage": _cells(t.criterion_coverage[rows], 4).tolist(),
           "status": _status_codes(_node_codes(t.criterion_score[rows], t.criterion_na[rows]))}
    if result.gate_status is None:
        gstat = np.where(result.fired[rows], "failed", "passed").astype(object)
    else:
        gstat = np.asarray(GATE_STATUSES, dtype=object)[np.asarray(result.gate_status[rows], dtype=int)]
    gates = {"status": gstat.tolist(), "fired": result.fired[rows].tolist()}
    applied, flags = _regulations(result, rows, na)
    outcomes = {int(r): fw.outcome(int(r)) for r in np.unique(result.rating[rows])}
    ratings = [None if outcomes[r] is None else outcomes[r].id for r in result.rating[rows].tolist()]
    share = result.estimated_share[rows]
    if result.inputs is None or result.estimated is None:
        estimates = [{"inputs": None, "estimated": None, "share": None, "warning": False}] * n
    else:
        inputs, estimated = result.inputs[rows].tolist(), result.estimated[rows].tolist()
        shares = _cells(share, 4).tolist()
        warn = (np.nan_to_num(share, nan=-1.0) >= ESTIMATED_WARNING).tolist()
        estimates = [{"inputs": a, "estimated": b, "share": s, "warning": w}
                     for a, b, s, w in zip(inputs, estimated, shares, warn, strict=True)]
    ids = [str(x) for x in f["village_id"].iloc[rows].tolist()]
    years = [int(x) for x in f["year"].iloc[rows].tolist()]
    ident = {c: _text_column(f, c, rows) for c in _IDENTITY}
    sectors = [[s for s in str(x or "").split(";") if s] for x in _text_column(f, "sectors", rows)]
    overall = _cells(t.overall_score[rows], 4).tolist()
    coverage = _cells(t.overall_coverage[rows], 4).tolist()
    out = []
    for i in range(n):
        out.append({
            "village_id": ids[i], "name": ident["name"][i], "commune": ident["commune"][i],
            "province": ident["province"][i], "former_district": ident["former_district"][i],
            "former_province": ident["former_province"][i], "sectors": sectors[i], "year": years[i],
            "overall": {"score": overall[i], "coverage": coverage[i], "rating": ratings[i]},
            "estimates": estimates[i],
            "pillars": {k: v[i] for k, v in pil.items()},
            "criteria": {k: v[i] for k, v in cri.items()},
            "indicators": {k: v[i] for k, v in ind.items()},
            "regulations": applied[i], "flags": flags[i],
            "gates": {k: v[i] for k, v in gates.items()},
        })
    return out


def _indicator_codes(result: Result, rows: slice) -> np.ndarray:
    m = result.matrix
    return np.where(~m.applicable[rows], 2, np.where(m.present[rows], 0, 1))


def to_document(result: Result) -> dict[str, Any]:
    """The whole document as one dict (for small results and tests; writers stream instead)."""
    weight_rows, profiles = weight_profiles(result)
    return {**header(result, profiles), "villages": village_records(result, weight_rows=weight_rows)}


# --------------------------------------------------------------------------- writers

_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _encode(obj: Any) -> str:
    return _COMPACT.encode(obj)


def write_json(result: Result, handle: IO[bytes], *, pretty: bool | None = None) -> None:
    """Write the JSON document to the binary ``handle``.

    ``pretty``: indent by 2 spaces; ``None`` indents results of at most :data:`PRETTY_LIMIT`
    village-years. Otherwise the document is compact, one village-year per line.
    """
    if pretty is None:
        pretty = len(result) <= PRETTY_LIMIT
    out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=False)
    try:
        if pretty:
            out.write(json.dumps(to_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
            return
        weight_rows, profiles = weight_profiles(result)
        head = _encode(header(result, profiles))
        out.write(head[:-1] + ',"villages":[')
        first = True
        for start in range(0, len(result), CHUNK):
            for record in village_records(result, start, start + CHUNK, weight_rows):
                out.write("\n" if first else ",\n")
                out.write(_encode(record))
                first = False
        out.write("\n]}\n")
    finally:
        out.flush()
        out.detach()


def write_jsonl(result: Result, handle: IO[bytes]) -> None:
    """Write JSON Lines to the binary ``handle``: the header line, then one village-year per line."""
    out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=False)
    try:
        weight_rows, profiles = weight_profiles(result)
        out.write(_encode({"record": "header", **header(result, profiles)}) + "\n")
        for start in range(0, len(result), CHUNK):
            for record in village_records(result, start, start + CHUNK, weight_rows):
                out.write(_encode(record) + "\n")
    finally:
        out.flush()
        out.detach()


# --------------------------------------------------------------------------- the expanded (version 1) form

def expand(head: dict[str, Any], record: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """One village record of a version-2 document in the expanded per-village shape of version 1.

    ``head``: the document (or its header line); ``record``: one of its ``villages``. Each
    pillar and criterion keyed by id, each indicator and gate an object with its metadata and
    references, ``overall.rating_label`` in ``lang`` (see ``docs/result-format.md``).
    """
    fw = head["framework"]
    codes = head.get("status_codes") or STATUS_CODES
    flags = head.get("flags") or FLAGS
    refs = head.get("references") or []
    regs = head.get("regulations") or {}
    tiers = {t["id"]: t for t in fw.get("tiers") or []}
    rating = record["overall"].get("rating")
    out = {k: v for k, v in record.items() if k not in ("pillars", "criteria", "indicators", "regulations", "flags",
                                                         "gates")}
    label = (tiers.get(rating) or {}).get("label") or {}
    out["overall"] = {**record["overall"], "rating_label": label.get(lang) if rating is not None else None}

    def level(table: list[dict[str, Any]], block: dict[str, Any], pillar: bool) -> dict[str, Any]:
        return {x["id"]: {**({} if pillar else {"pillar": x["pillar"]}), "score": block["score"][k],
                          "coverage": block["coverage"][k], "status": codes[block["status"][k]]}
                for k, x in enumerate(table)}

    out["pillars"] = level(fw["pillars"], record["pillars"], True)
    out["criteria"] = level(fw["criteria"], record["criteria"], False)
    ind, applied = record["indicators"], iter(record.get("regulations") or [])
    weights = head["weight_profiles"][ind["weights"]]
    indicators = []
    for j, x in enumerate(fw["indicators"]):
        status = codes[ind["status"][j]]
        item = {"id": x["id"], "pillar": x["pillar"], "criterion": x["criterion"], "value": ind["value"][j],
                "unit": x["unit"], "score": ind["score"][j], "status": status, "weight": weights[j],
                "contribution": ind["contribution"][j]}
        if "versions" in x:
            k = next(applied, None)
            if k is not None and k >= 0:
                v = x["versions"][k]
                item["regulation"] = {"id": v["regulation"], "document": (regs.get(v["regulation"]) or {}).get(
                    "document"), "limit": v["limit"]}
            elif k is not None:
                item["regulation"] = None
            flag = (record.get("flags") or {}).get(x["id"])
            if flag:
                item["flag"] = flags.get(flag, flag)
        item["references"] = [refs[r] for r in x["references"]]
        indicators.append(item)
    out["indicators"] = indicators
    gates = record["gates"]
    out["gates"] = [{"id": g["id"], "indicator": g["indicator"], "rule": g["rule"], "fired": gates["fired"][k],
                     "status": gates["status"][k], "cap": g.get("cap")} for k, g in enumerate(fw["gates"])]
    return out


# --------------------------------------------------------------------------- reading

def _check_header(head: Any, label: str) -> dict[str, Any]:
    if not isinstance(head, dict) or not isinstance(head.get("provenance"), dict):
        msg = (f"{label}: not a villagescore result (expected a JSON object with 'provenance' and 'villages', "
               "as written by `villagescore evaluate --format json` or `--format jsonl`)")
        raise ResultReadError(msg)
    version = head.get("schema_version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        msg = (f"{label}: result schema version {version!r} is newer than this villagescore reads "
               f"(up to {SCHEMA_VERSION}); upgrade villagescore")
        raise ResultReadError(msg)
    return head


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8-sig") as handle:
        yield from handle


#: Where the indicator-level part of a compact record starts (the keys after it: see :func:`village_records`).
_DETAIL = ',"indicators":'


def _brief(line: str) -> str:
    """A compact record without its indicator-level part (indicators, regulations, flags, gates).

    The writer puts ``indicators`` first of those keys; a quote inside a text is escaped, so
    the marker cannot occur before it. A line without the marker is returned whole.
    """
    cut = line.find(_DETAIL)
    return line if cut < 0 else line[:cut] + "}"


def read_result(path: str | Path, *, brief: bool = False) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """Read a result file: ``(header, village records)``; the records are read as they are consumed.

    JSON Lines and compact JSON (one village-year per line) are streamed; any other JSON
    (indented, or a version-1 document) is read whole. ``brief``: streamed records leave out
    their indicator-level part (indicators, regulations, flags, gates), which is not even
    parsed. Raises :class:`ResultReadError` for a file that is not a result,
    ``json.JSONDecodeError`` for one that is not JSON.
    """
    shorten = _brief if brief else (lambda line: line)
    path = Path(path)
    label = str(path)
    with open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    stripped = first.rstrip("\n")
    if stripped.startswith('{"record":"header"'):
        head = _check_header(json.loads(stripped), label)

        def jsonl() -> Iterator[dict[str, Any]]:
            lines = _lines(path)
            next(lines, None)
            for line in lines:
                line = line.rstrip("\n")
                if line.strip():
                    yield json.loads(shorten(line))

        return head, jsonl()
    if stripped.startswith('{"schema_version":') and stripped.endswith('"villages":['):
        head = _check_header(json.loads(stripped + "]}"), label)

        def compact() -> Iterator[dict[str, Any]]:
            lines = _lines(path)
            next(lines, None)
            for line in lines:
                line = line.rstrip("\n")
                if line == "]}":
                    return
                yield json.loads(shorten(line[:-1] if line.endswith(",") else line))

        return head, compact()
    doc = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(doc, dict) or not isinstance(doc.get("villages"), list):
        _check_header(None, label)
    villages = doc.pop("villages")
    return _check_header(doc, label), iter(villages)
