"""Building :class:`~villagescore.compare.table.ScoreTable` from results, result documents and files.

A fresh :class:`~villagescore.results.Result` gives its matrices directly (the indicator
level is computed on first use); a result document — version 2 (``schemas/result.schema.json``)
or version 1 — is turned into the same matrices, scores rounded as in result files, so
published results compare exactly like fresh ones. A result file is read by
:mod:`villagescore.compare.result_files`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SaidText, VillageScoreError, said
from ..gcpause import gc_paused
from ..i18n import N_
from ..resultdoc.header import regulation_versions
from ..resultdoc.reading import NestedTooDeep
from .checks import TABLES, check_lengths, check_scores, check_status, check_structure, checked_years, not_a_result
from .gates import gate_cells_from_result, record_cell, tier_rules
from .regulations import (
    coded_regulations_from_result,
    regulations_from_records,
    regulations_from_result,
    regulations_from_v1,
)
from .result_csv import is_result_csv
from .run_order import run_order
from .table import (
    _ID_COLS,
    Level,
    ResultFileError,
    Run,
    ScoreTable,
    left_out_count,
    plugin_versions_used,
    regulation_level,
    rounded,
    scoring_options,
    status_codes,
)

__all__ = ["table_from_result", "table_from_dict", "is_result_document", "is_result_csv", "load_table"]

_VILLAGE_KEYS = ("village_id", "year", "overall", "pillars", "indicators")
_CODE = {"s": 0, "m": 1, "n": 2, "scored": 0, "missing": 1, "not_applicable": 2}


def _text(series: pd.Series) -> np.ndarray:
    out = series.to_numpy(dtype=object, copy=True)  # one copy, its gaps found on it
    out[pd.isna(out)] = None
    return out


def table_from_result(result: Any, label: str = "result", *, indicators: bool = True) -> ScoreTable:
    """The table of a scored :class:`~villagescore.results.Result` (vectorised; criteria and indicators on first use).

    ``indicators=False`` leaves the indicator level out (its versions applied taken now), as :func:`table_from_file`
    does: the table then keeps no reference to ``result``, so a caller that drops the result frees its
    dataset and indicator matrix before the comparison runs.
    """
    fw = result.framework
    f = result.frame
    tree = result.tree
    n = len(result)
    tier_ids = np.array([t.id for t in fw.tiers] + [None], dtype=object)  # rating -1 -> None
    villages = pd.DataFrame({
        "obs": np.arange(n), "run": 0,
        "village_id": f["village_id"].astype(str).to_numpy(),
        "year": f["year"].to_numpy(dtype=int),
        **{c: (_text(f[c]) if c in f.columns else np.full(n, None, dtype=object)) for c in _ID_COLS},
        "sectors": _text(f["sectors"].astype(object)) if "sectors" in f.columns else np.full(n, "", dtype=object),
        "overall_score": rounded(tree.overall_score), "overall_coverage": rounded(tree.overall_coverage),
        "rating": tier_ids[np.asarray(result.rating, dtype=int)],
        "estimated_share": rounded(result.estimated_share),
        "gates": gate_cells_from_result(result, marks=True),
    })
    crits, inds = fw.criteria, fw.indicators
    crit_score, crit_na = tree.criterion_score, tree.criterion_na  # kept without the rest of the result

    def criterion_level() -> Level:  # most comparisons never read it: rounded on first use
        return Level(tuple(c.id for c in crits), tuple(c.pillar for c in crits), tuple(c.id for c in crits),
                     rounded(crit_score), status_codes(crit_score, crit_na))

    def indicator_level() -> Level:
        m = result.matrix
        code = np.where(~m.applicable, 2, np.where(m.present, 0, 1)).astype(np.int8)
        return Level(tuple(x.id for x in inds), tuple(x.pillar for x in inds), tuple(x.criterion for x in inds),
                     rounded(m.scores), code, rounded(result.overall_weights(), 6), rounded(result.contributions()),
                     *regulations_from_result(result))

    coded = coded_regulations_from_result(result)  # small codes now, ids when changes over time ask

    def versions_applied() -> Level:
        return regulation_level(fw.indicators, *coded(), regulated_only=True)

    levels = {
        "pillar": Level(tuple(p.id for p in fw.pillars), tuple(p.id for p in fw.pillars), (None,) * len(fw.pillars),
                        rounded(tree.pillar_score), status_codes(tree.pillar_score, tree.pillar_na)),
        "criterion": criterion_level,
        "indicator": indicator_level if indicators else None,
        # the versions applied alone, made when changes over time ask (before the indicator level, built only
        # when asked for); ``coded`` keeps no reference to result
        "regulation": versions_applied,
    }
    prov = result.provenance or {}
    pfw = prov.get("framework", {})
    run = Run(
        label=label, framework_id=fw.id, framework_version=str(fw.version),
        framework_sha256=pfw.get("sha256"),
        tiers=tuple({"id": t.id, "label": dict(t.label), "min_score": t.min_score} for t in fw.tiers),
        pillars=tuple({"id": p.id, "label": dict(p.label), "weight": p.weight} for p in fw.pillars),
        criteria=tuple(c.id for c in crits), indicators=tuple(x.id for x in inds),
        dataset_sha256=(prov.get("dataset") or {}).get("sha256"), engine_version=prov.get("engine_version"),
        rows_left_out=left_out_count(prov), scoring=scoring_options(prov),
        gate_caps=tuple((g.id, g.cap) for g in fw.gates), tier_rules=tier_rules(fw),
        resolved_sha256=pfw.get("resolved_sha256") or fw.resolved_sha256 or None,
        plugins_used=plugin_versions_used(prov, unrecorded_as_all=False),
        provenance=prov, regulations=regulation_versions(fw),
    )
    return ScoreTable([run], villages, [levels])


def is_result_document(doc: Any) -> bool:
    """True when ``doc`` looks like a saved result (an object with ``provenance`` and ``villages``)."""
    return isinstance(doc, dict) and isinstance(doc.get("villages"), list) and isinstance(doc.get("provenance"), dict)


def _check_header(head: Any, label: str) -> None:
    if not isinstance(head, dict) or not isinstance(head.get("provenance"), dict):
        raise said(ResultFileError, N_("{file}: not a villagescore result (expected a JSON object with 'provenance' "
                                       "and 'villages', as written by `villagescore evaluate --format json`)"),
                   file=label)
    fw = head["provenance"].get("framework")
    if not isinstance(fw, dict) or "id" not in fw or "version" not in fw:
        raise said(ResultFileError, N_("{file}: provenance.framework must give the framework id and version"),
                   file=label)


def _num(x: Any) -> float:
    return np.nan if x is None else float(x)


#: Records read before their numbers are packed into arrays (see ``_Collector._pack``).
_RECORDS_PER_BLOCK = 4096


class _Collector:
    """Accumulates village records (version 1 or 2) into columns and level matrices."""

    def __init__(self, head: Mapping[str, Any], label: str, indicators: bool, lines: bool = False) -> None:
        self.head, self.label, self.want_indicators = head, label, indicators
        self.version = head.get("schema_version", 1)
        self.lines = lines  # records are one a line, after the header (a problem names its line)
        if self.version >= 2:
            self.letters = check_structure(head, label)
        fwdoc = head.get("framework") or {}
        self.fwdoc = fwdoc
        self.first = 0  # the record whose numbers are the first not packed yet
        self.cols: dict[str, list[Any]] = {k: [] for k in ("village_id", "year", *_ID_COLS, "sectors",
                                                           "overall_score", "overall_coverage", "rating",
                                                           "estimated_share")}
        self.rows: dict[str, dict[str, list[Any]]] = {lv: {"score": [], "status": [], "weight": [],
                                                           "contribution": []}
                                                      for lv in ("pillar", "criterion", "indicator")}
        self.packed: dict[str, dict[str, list[np.ndarray]]] = {lv: {"score": [], "weight": [], "contribution": []}
                                                               for lv in ("pillar", "criterion", "indicator")}
        self.gates: list[str] = []  # per record its gates not passed (villagescore.compare.gates)
        self.gate_ids = [str(g.get("id")) for g in fwdoc.get("gates") or [] if isinstance(g, dict)]
        self.pending = 0  # records whose numbers are not packed into arrays yet
        self.applied: list[Any] = []
        self.v1_ids: dict[str, dict[str, None]] = {"pillar": {}, "criterion": {}, "indicator": {}}
        self.v1_place: dict[str, dict[str, tuple[Any, Any]]] = {"pillar": {}, "criterion": {}, "indicator": {}}

    def add(self, i: int, v: Any) -> None:
        missing = [k for k in _VILLAGE_KEYS if not isinstance(v, dict) or k not in v]
        if missing:
            raise said(ResultFileError, N_("{file}: villages[{i}] lacks {keys} (see schemas/result.schema.json)"),
                       file=self.label, i=i, keys=", ".join(missing))
        c = self.cols
        c["village_id"].append(str(v["village_id"]))
        c["year"].append(v["year"])  # checked all at once (checked_years)
        for k in _ID_COLS:
            c[k].append(v.get(k))
        c["sectors"].append(";".join(v.get("sectors") or []))
        c["overall_score"].append(_num(v["overall"].get("score")))
        c["overall_coverage"].append(_num(v["overall"].get("coverage")))
        c["rating"].append(v["overall"].get("rating"))
        c["estimated_share"].append(_num((v.get("estimates") or {}).get("share")))
        self.gates.append(record_cell(v.get("gates"), self.gate_ids))
        if self.version >= 2:
            self._add_v2(v)
        else:
            self._add_v1(v)

    def _add_v2(self, v: Mapping[str, Any]) -> None:
        levels = [("pillar", v["pillars"]), ("criterion", v["criteria"])]
        self.applied.append(v.get("regulations"))  # the regulation version of each regulated indicator
        if self.want_indicators:
            levels.append(("indicator", v["indicators"]))
        for name, block in levels:
            rows = self.rows[name]
            rows["score"].append(block["score"])
            rows["status"].append(block["status"])
            if name == "indicator":
                rows["weight"].append(block["weights"])
                rows["contribution"].append(block["contribution"])
        self.pending += 1
        if self.pending == _RECORDS_PER_BLOCK:
            self._pack()

    def _pack(self) -> None:
        """Turn the numbers of the records read since the last call into arrays.

        A million records kept as Python lists of floats would hold tens of millions of
        objects, and the garbage collector would walk their lists again and again.
        """
        for name, rows in self.rows.items():
            for key in ("score", "weight", "contribution"):
                if rows[key]:
                    field = f"{TABLES[name]}.{'weights' if key == 'weight' else key}"
                    if key != "weight" and self.version >= 2:
                        k = len(self.fwdoc[TABLES[name]])
                        check_lengths(rows[key], k, self.label, self.first, self.lines, field)
                    block = np.array(rows[key], dtype=np.int64 if key == "weight" else float)
                    if key == "score":
                        check_scores(block, self.label, self.first, self.lines, field)
                    self.packed[name][key].append(block)
                    rows[key].clear()
        self.first += self.pending
        self.pending = 0

    def _numbers(self, name: str, key: str, n: int, k: int) -> np.ndarray:
        """The ``(n, k)`` matrix of ``key`` of level ``name`` (packed blocks, then the rest)."""
        self._pack()
        blocks = [b.reshape(len(b), k) for b in self.packed[name][key]]
        if not blocks:
            return np.empty((0, k), dtype=np.int64 if key == "weight" else float)
        out = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
        if out.shape != (n, k):
            msg = f"{name} {key}: {out.shape[0]} records of {out.shape[1] if out.ndim > 1 else 0} values, " \
                  f"expected {n} of {k}"
            raise ValueError(msg)
        return out

    def _add_v1(self, v: Mapping[str, Any]) -> None:
        levels = [("pillar", v["pillars"]), ("criterion", v.get("criteria") or {}),
                  ("indicator", {x["id"]: x for x in v["indicators"]})]
        for name, block in levels:
            ids, place = self.v1_ids[name], self.v1_place[name]
            for key, node in block.items():
                ids.setdefault(key, None)
                if key not in place:
                    place[key] = ((key, None) if name == "pillar" else
                                  (node.get("pillar"), key) if name == "criterion" else
                                  (node.get("pillar"), node.get("criterion")))
            if name != "indicator" or self.want_indicators:
                self.rows[name]["score"].append(block)

    def _level_v2(self, name: str) -> Level:
        fw = self.fwdoc
        table = {"pillar": fw.get("pillars") or [], "criterion": fw.get("criteria") or [],
                 "indicator": fw.get("indicators") or []}[name]
        ids = tuple(x["id"] for x in table)
        pillar = tuple(x["id"] if name == "pillar" else x.get("pillar") for x in table)
        criterion = tuple(None if name == "pillar" else x["id"] if name == "criterion" else x.get("criterion")
                          for x in table)
        rows = self.rows[name]
        n, k = len(rows["status"]), len(ids)
        score = rounded(self._numbers(name, "score", n, k))
        status = check_status(rows["status"], self.letters, k, self.label, self.lines, f"{TABLES[name]}.status")
        if name != "indicator":
            return Level(ids, pillar, criterion, score, status)
        profiles = np.array(self.head.get("weight_profiles") or [], dtype=float).reshape(-1, k)
        weight = rounded(profiles[self._numbers(name, "weight", n, 1).reshape(n)].reshape(n, k), 6)
        contribution = rounded(self._numbers(name, "contribution", n, k))
        regulation, documents = regulations_from_records(table, self.applied, self.head.get("regulations"))
        return Level(ids, pillar, criterion, score, status, weight, contribution, regulation, documents)

    def _level_v1(self, name: str) -> Level:
        if name == "pillar" and self.fwdoc.get("pillars"):
            ids = tuple(p["id"] for p in self.fwdoc["pillars"])
        else:
            ids = tuple(self.v1_ids[name])
        place = self.v1_place[name]
        pillar = tuple((place.get(x) or (x if name == "pillar" else None, None))[0] for x in ids)
        criterion = tuple((place.get(x) or (None, None))[1] for x in ids)
        blocks = self.rows[name]["score"]
        n, k = len(blocks), len(ids)
        score = np.full((n, k), np.nan)
        status = np.full((n, k), 2, dtype=np.int8)
        weight = np.full((n, k), np.nan) if name == "indicator" else None
        contribution = np.full((n, k), np.nan) if name == "indicator" else None
        for i, block in enumerate(blocks):
            for j, x in enumerate(ids):
                node = block.get(x)
                if node is None:
                    continue
                s = _num(node.get("score"))
                score[i, j] = s
                status[i, j] = _CODE.get(node.get("status"), 1 if np.isnan(s) else 0)
                if weight is not None:
                    weight[i, j] = _num(node.get("weight"))
                    contribution[i, j] = _num(node.get("contribution"))
        check_scores(score, self.label, 0, self.lines, f"{TABLES[name]}.score")
        regulation, documents = regulations_from_v1(blocks, ids) if name == "indicator" else (None, {})
        return Level(ids, pillar, criterion, rounded(score), status, None if weight is None else rounded(weight, 6),
                     None if contribution is None else rounded(contribution), regulation, documents)

    def table(self) -> ScoreTable:
        c = self.cols
        n = len(c["village_id"])
        years = checked_years(c, _ID_COLS, self.label, self.lines)
        overall = np.array(c["overall_score"], dtype=float)
        check_scores(overall, self.label, 0, self.lines, "overall.score")
        villages = pd.DataFrame({
            "obs": np.arange(n), "run": 0,
            "village_id": np.array(c["village_id"], dtype=object),
            "year": years,
            **{k: np.array(c[k], dtype=object) for k in _ID_COLS},
            "sectors": np.array(c["sectors"], dtype=object),
            "overall_score": rounded(overall), "overall_coverage": rounded(c["overall_coverage"]),
            "rating": np.array(c["rating"], dtype=object),
            "estimated_share": rounded(c["estimated_share"]),
            "gates": np.array(self.gates, dtype=object),
        })
        build = self._level_v2 if self.version >= 2 else self._level_v1
        levels = {name: build(name) for name in ("pillar", "criterion")}
        levels["indicator"] = build("indicator") if self.want_indicators else None
        if not self.want_indicators and self.version >= 2:
            table = [x for x in self.fwdoc.get("indicators") or [] if "versions" in x]  # each record's list's order
            applied, documents = self.applied, self.head.get("regulations")
            levels["regulation"] = lambda: regulation_level(table, *regulations_from_records(table, applied, documents))
        return ScoreTable([self._run(villages, levels)], villages, [levels])

    def _run(self, villages: pd.DataFrame, levels: Mapping[str, Level | None]) -> Run:
        prov, fwdoc = self.head["provenance"], self.fwdoc
        pfw = prov["framework"]
        tiers = tuple({"id": t["id"], "label": dict(t.get("label") or {}), "min_score": t.get("min_score")}
                      for t in fwdoc.get("tiers") or [])
        if not tiers:  # an older or trimmed file: tiers known only by id, in order of appearance
            seen = [r for r in dict.fromkeys(villages["rating"]) if r is not None]
            tiers = tuple({"id": r, "label": {}, "min_score": None} for r in seen)
        labels = {p["id"]: p for p in fwdoc.get("pillars") or []}
        if self.version >= 2:
            indicators = tuple(x["id"] for x in fwdoc.get("indicators") or [])
        else:
            indicators = tuple(self.v1_ids["indicator"])
        return Run(
            label=self.label, framework_id=str(pfw["id"]), framework_version=str(pfw["version"]),
            framework_sha256=pfw.get("sha256"), tiers=tiers,
            pillars=tuple({"id": pid, "label": dict((labels.get(pid) or {}).get("label") or {}),
                           "weight": (labels.get(pid) or {}).get("weight")} for pid in levels["pillar"].ids),
            criteria=tuple(levels["criterion"].ids), indicators=indicators,
            dataset_sha256=(prov.get("dataset") or {}).get("sha256"), engine_version=prov.get("engine_version"),
            rows_left_out=left_out_count(prov), scoring=scoring_options(prov),
            resolved_sha256=pfw.get("resolved_sha256"),
            plugins_used=plugin_versions_used(prov, unrecorded_as_all=False),
            provenance=prov, regulations=dict(self.head.get("regulations") or {}),
            gate_caps=tuple((str(g["id"]), str(g["cap"])) for g in fwdoc.get("gates") or []
                            if isinstance(g, dict) and g.get("cap")),
            tier_rules=_tier_rules(tiers, fwdoc.get("tiers") or []),
        )


def _tier_rules(tiers: tuple[dict[str, Any], ...], recorded: list[Any]) -> tuple[dict[str, Any], ...]:
    """The tiers with the pillar minimums the file records: ``min_pillar_scores`` only in a file written since."""
    every = bool(recorded) and all(isinstance(y.get("min_pillar_scores"), dict) for y in recorded)
    return tuple({**x, "min_pillar_score": y.get("min_pillar_score"),
                  **({"min_pillar_scores": y["min_pillar_scores"]} if every else {})}
                 for x, y in zip(tiers, recorded, strict=False))


def _collect(head: Any, villages: Iterator[Any], label: str, indicators: bool, lines: bool = False) -> ScoreTable:
    _check_header(head, label)
    try:
        collector = _Collector(head, label, indicators, lines)
        with gc_paused():  # millions of records' dicts, no cycles (see villagescore.gcpause)
            for i, v in enumerate(villages):
                collector.add(i, v)
            return collector.table()
    except (VillageScoreError, NestedTooDeep):  # said already (a check, a file cut short), or by the file's reader
        raise
    except (KeyError, TypeError, AttributeError) as exc:  # Python's words: a key or a value of the wrong type
        raise not_a_result(label, said(SaidText, N_("not in the shape of schemas/result.schema.json ({error})"),
                                       error=f"{type(exc).__name__}: {exc}")) from None
    except (ValueError, IndexError):  # numpy's words would say nothing to the reader
        raise not_a_result(label, said(SaidText, N_("not in the shape of schemas/result.schema.json"))) from None


def table_from_dict(doc: Mapping[str, Any], label: str = "result.json", *, indicators: bool = True) -> ScoreTable:
    """The table of a result document (version 2, or version 1) held as a dict."""
    if not is_result_document(doc):
        _check_header(None, label)
    head = {k: v for k, v in doc.items() if k != "villages"}
    return _collect(head, iter(doc["villages"]), label, indicators)


def load_table(items: Iterable[tuple[str, Any]]) -> ScoreTable:
    """Combine results into one table; ``items`` are ``(label, source)`` pairs.

    A source is a :class:`~villagescore.results.Result`, a result dict, a :class:`ScoreTable` or
    the path of a result file (JSON or JSON Lines, read with
    :func:`~villagescore.compare.result_files.table_from_file`).

    The runs are put in their canonical order (:mod:`~villagescore.compare.run_order`), whatever the order of
    ``items``: observations are numbered across all runs in that order and ``villages.run`` is the index of the
    run in it (the later run wins when the same village-year appears twice).
    """
    parts: list[ScoreTable] = []
    for label, item in items:
        if isinstance(item, ScoreTable):  # already a table (a result file, an evaluation read from the store)
            part = item
        elif isinstance(item, str | Path):
            from .result_files import table_from_file

            part = table_from_file(item, label)
        elif not (isinstance(item, Mapping) or hasattr(item, "tree")):
            raise said(VillageScoreError, N_("load_table takes (label, source) pairs, a source being a Result, a "
                                             "result dict, a result file's path or a table; not {kind}"),
                       kind=type(item).__name__)
        else:
            part = table_from_dict(item, label) if isinstance(item, Mapping) else table_from_result(item, label)
        parts.append(part)
    if not parts:
        raise said(VillageScoreError, N_("nothing to compare: give a dataset or at least one result file"))
    parts = [parts[k] for k in run_order([p.runs[0] for p in parts])]
    runs: list[Run] = []
    vframes: list[pd.DataFrame] = []
    levels: list[dict[str, Any]] = []
    sizes: list[int] = []
    offset = 0
    for k, part in enumerate(parts):
        v = part.villages.assign(obs=part.villages["obs"] + offset, run=k)
        vframes.append(v)
        levels.extend(part.levels)
        sizes.extend(part._sizes or [len(v)])
        runs.extend(part.runs)
        offset += len(v)
    villages = pd.concat(vframes, ignore_index=True)
    villages["run_label"] = np.array([r.label for r in runs], dtype=object)[villages["run"].to_numpy()]
    return ScoreTable(runs, villages, levels, sizes)
