"""Compare villages across communes, provinces, sectors and years (``villagescore compare``).

Everything works on one tidy table, :class:`ScoreTable`, built by :func:`load_table` from
either a scored :class:`~villagescore.results.Result` or a saved result-JSON document
(``schemas/result.schema.json``), so published results compare exactly like fresh ones.
A ``ScoreTable`` holds:

* ``villages`` — one row per *observation* (a village-year of one run): identity columns,
  the overall score, coverage and rating;
* ``nodes`` — a long table, one row per observation and pillar, criterion or indicator:
  score and status, and for indicators the effective overall weight and the contribution
  (weight × score, the points the indicator adds to the overall score);
* ``runs`` — one :class:`Run` per loaded result: its framework (id, version, sha256),
  tiers and node ids.

:func:`compare` turns a ``ScoreTable`` into the documented comparison
(``schemas/compare.schema.json``): rankings, group statistics, a side-by-side view with
the indicators that explain a gap, and changes over time. Rules (documented in
``docs/compare.md``):

* **Ranks** are competition ranks ("1224") of scores rounded to 2 decimals, best first,
  within each period; ties are listed by village id; villages without a score are listed
  after the ranked ones, unranked.
* **Period**: by default each village's latest observation (highest year; in the same
  year, the result given last); ``year=`` picks one year; ``per_year=True`` ranks and
  groups each year separately.
* **Frameworks**: results from different frameworks (id, version or sha256) are compared
  only on the pillars, criteria and indicators they share, with a warning naming what
  differs.
* **Provinces** are grouped by their current (post-2025) province through
  :mod:`villagescore.admin`; names that map nowhere are reported and kept apart.

All statistics are computed with pandas group-bys on whole columns; Python loops run
only over distinct names, runs and output records.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import UnknownIdError, VillageScoreError

__all__ = [
    "Run",
    "ScoreTable",
    "ResultFileError",
    "load_table",
    "table_from_result",
    "table_from_dict",
    "is_result_document",
    "competition_rank",
    "compare",
    "GROUP_BY",
    "LEVELS",
    "TIE_RULE",
    "UNRATED",
    "NOT_RECORDED",
]

#: Node levels below the overall score, in tree order.
LEVELS = ("pillar", "criterion", "indicator")
#: Grouping keys of ``compare(by=...)``.
GROUP_BY = ("province", "commune", "sector", "former_district")
#: The documented tie rule (also written into every comparison).
TIE_RULE = ("competition ranking (1224) of scores rounded to 2 decimals, best first; tied villages are "
            "listed by village id, then year; villages without a score are listed last, unranked")
#: Tier key for villages without a rating (missing overall score).
UNRATED = "unrated"
#: Group key for villages where the grouping column is empty.
NOT_RECORDED = "(not recorded)"
_ID_COLS = ("name", "commune", "province", "former_province", "former_district")


class ResultFileError(VillageScoreError):
    """A result document is not in the shape of ``schemas/result.schema.json``."""


@dataclass(frozen=True)
class Run:
    """One loaded result: where it came from and the framework that produced it."""

    label: str
    framework_id: str
    framework_version: str
    framework_sha256: str | None
    tiers: tuple[dict[str, Any], ...]
    pillars: tuple[dict[str, Any], ...]
    criteria: tuple[str, ...]
    indicators: tuple[str, ...]
    dataset_sha256: str | None = None
    engine_version: str | None = None

    @property
    def signature(self) -> tuple[str, str, str | None]:
        """Framework id, version and sha256: two runs compare like for like when these agree."""
        return (self.framework_id, self.framework_version, self.framework_sha256)

    @property
    def pillar_ids(self) -> tuple[str, ...]:
        """Pillar ids in framework order."""
        return tuple(p["id"] for p in self.pillars)

    def describe(self) -> dict[str, Any]:
        """The run as written into a comparison (``runs[]``)."""
        return {"label": self.label,
                "framework": {"id": self.framework_id, "version": self.framework_version,
                              "sha256": self.framework_sha256},
                "dataset_sha256": self.dataset_sha256, "engine_version": self.engine_version}


@dataclass
class ScoreTable:
    """The tidy form of one or more results (see the module docstring)."""

    runs: list[Run]
    villages: pd.DataFrame
    nodes: pd.DataFrame

    def __len__(self) -> int:
        return len(self.villages)


# --------------------------------------------------------------------------- loading

def _r(values: Any, digits: int = 4) -> np.ndarray:
    """Round like the Result JSON does (4 decimals for scores, 6 for weights; no -0.0)."""
    return np.round(np.asarray(values, dtype=float), digits) + 0.0


def _status(score: np.ndarray, na: np.ndarray) -> np.ndarray:
    return np.where(na, "not_applicable", np.where(np.isnan(score), "missing", "scored"))


def _long(obs: np.ndarray, ids: Sequence[str], level: str, score: np.ndarray, status: np.ndarray,
          pillar: Sequence[str | None], criterion: Sequence[str | None],
          weight: np.ndarray | None = None, contribution: np.ndarray | None = None) -> pd.DataFrame:
    n, k = score.shape
    nan = np.full(n * k, np.nan)
    return pd.DataFrame({
        "obs": np.repeat(obs, k), "level": level, "node": np.tile(np.asarray(ids, dtype=object), n),
        "pillar": np.tile(np.asarray(pillar, dtype=object), n),
        "criterion": np.tile(np.asarray(criterion, dtype=object), n),
        "score": _r(score).reshape(-1), "status": np.asarray(status, dtype=object).reshape(-1),
        "weight": nan if weight is None else _r(weight, 6).reshape(-1),
        "contribution": nan if contribution is None else _r(contribution).reshape(-1),
    })


def _text(series: pd.Series) -> np.ndarray:
    out = series.astype(object).to_numpy(copy=True)
    out[pd.isna(series).to_numpy()] = None
    return out


def table_from_result(result: Any, label: str = "result") -> ScoreTable:
    """Build the tidy table of a scored :class:`~villagescore.results.Result` (vectorised)."""
    fw = result.framework
    f = result.frame
    tree = result.tree
    n = len(result)
    obs = np.arange(n)
    tier_ids = np.array([t.id for t in fw.tiers] + [None], dtype=object)  # rating -1 -> None
    villages = pd.DataFrame({
        "obs": obs, "run": 0,
        "village_id": f["village_id"].astype(str).to_numpy(),
        "year": f["year"].to_numpy(dtype=int),
        **{c: (_text(f[c]) if c in f.columns else np.full(n, None, dtype=object)) for c in _ID_COLS},
        "sectors": _text(f["sectors"].astype(object)) if "sectors" in f.columns else np.full(n, "", dtype=object),
        "overall_score": _r(tree.overall_score), "overall_coverage": _r(tree.overall_coverage),
        "rating": tier_ids[np.asarray(result.rating, dtype=int)],
    })
    crits = fw.criteria
    inds = fw.indicators
    status = result.indicator_status()
    nodes = pd.concat([
        _long(obs, [p.id for p in fw.pillars], "pillar", tree.pillar_score,
              _status(tree.pillar_score, tree.pillar_na), [p.id for p in fw.pillars], [None] * len(fw.pillars)),
        _long(obs, [c.id for c in crits], "criterion", tree.criterion_score,
              _status(tree.criterion_score, tree.criterion_na), [c.pillar for c in crits], [c.id for c in crits]),
        _long(obs, [x.id for x in inds], "indicator", result.matrix.scores, status,
              [x.pillar for x in inds], [x.criterion for x in inds],
              result.overall_weights(), result.contributions()),
    ], ignore_index=True)
    prov = result.provenance or {}
    pfw = prov.get("framework", {})
    run = Run(
        label=label, framework_id=fw.id, framework_version=str(fw.version),
        framework_sha256=pfw.get("sha256"),
        tiers=tuple({"id": t.id, "label": dict(t.label), "min_score": t.min_score} for t in fw.tiers),
        pillars=tuple({"id": p.id, "label": dict(p.label), "weight": p.weight} for p in fw.pillars),
        criteria=tuple(c.id for c in crits), indicators=tuple(x.id for x in inds),
        dataset_sha256=(prov.get("dataset") or {}).get("sha256"), engine_version=prov.get("engine_version"),
    )
    return ScoreTable([run], villages, nodes)


_VILLAGE_KEYS = ("village_id", "year", "overall", "pillars", "indicators")


def is_result_document(doc: Any) -> bool:
    """True when ``doc`` looks like a saved result (an object with ``provenance`` and ``villages``)."""
    return isinstance(doc, dict) and isinstance(doc.get("villages"), list) and isinstance(doc.get("provenance"), dict)


def _check_document(doc: Any, label: str) -> None:
    if not is_result_document(doc):
        msg = (f"{label}: not a villagescore result (expected a JSON object with 'provenance' and 'villages', "
               "as written by `villagescore evaluate --format json`)")
        raise ResultFileError(msg)
    fw = doc["provenance"].get("framework")
    if not isinstance(fw, dict) or "id" not in fw or "version" not in fw:
        msg = f"{label}: provenance.framework must give the framework id and version"
        raise ResultFileError(msg)
    for i, v in enumerate(doc["villages"]):
        missing = [k for k in _VILLAGE_KEYS if not isinstance(v, dict) or k not in v]
        if missing:
            msg = f"{label}: villages[{i}] lacks {', '.join(missing)} (see schemas/result.schema.json)"
            raise ResultFileError(msg)


def _num(x: Any) -> float:
    return np.nan if x is None else float(x)


def table_from_dict(doc: Mapping[str, Any], label: str = "result.json") -> ScoreTable:
    """Build the tidy table of a result document (the JSON of ``villagescore evaluate``)."""
    _check_document(doc, label)
    vs = doc["villages"]
    n = len(vs)
    obs = np.arange(n)
    fwdoc = doc.get("framework") or {}
    try:
        villages = pd.DataFrame({
            "obs": obs, "run": 0,
            "village_id": np.array([str(v["village_id"]) for v in vs], dtype=object),
            "year": np.array([int(v["year"]) for v in vs], dtype=int),
            **{c: np.array([v.get(c) for v in vs], dtype=object) for c in _ID_COLS},
            "sectors": np.array([";".join(v.get("sectors") or []) for v in vs], dtype=object),
            "overall_score": _r([_num(v["overall"].get("score")) for v in vs]),
            "overall_coverage": _r([_num(v["overall"].get("coverage")) for v in vs]),
            "rating": np.array([v["overall"].get("rating") for v in vs], dtype=object),
        })
        pillar_ids = [p["id"] for p in fwdoc.get("pillars") or []] or list(
            dict.fromkeys(k for v in vs for k in v["pillars"]))
        criterion_ids = list(dict.fromkeys(k for v in vs for k in (v.get("criteria") or {})))
        indicator_ids = list(dict.fromkeys(x["id"] for v in vs for x in v["indicators"]))
        frames = []
        rows = [(i, pid, p) for i, v in enumerate(vs) for pid, p in v["pillars"].items()]
        frames.append(_rows_frame(rows, "pillar", lambda pid, p: (pid, None)))
        rows = [(i, cid, c) for i, v in enumerate(vs) for cid, c in (v.get("criteria") or {}).items()]
        frames.append(_rows_frame(rows, "criterion", lambda cid, c: (c.get("pillar"), cid)))
        rows = [(i, x["id"], x) for i, v in enumerate(vs) for x in v["indicators"]]
        frames.append(_rows_frame(rows, "indicator", lambda xid, x: (x.get("pillar"), x.get("criterion")),
                                  with_weight=True))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        msg = f"{label}: not in the shape of schemas/result.schema.json ({type(exc).__name__}: {exc})"
        raise ResultFileError(msg) from None
    nodes = pd.concat(frames, ignore_index=True)
    prov = doc["provenance"]
    pfw = prov["framework"]
    tiers = tuple({"id": t["id"], "label": dict(t.get("label") or {}), "min_score": t.get("min_score")}
                  for t in fwdoc.get("tiers") or [])
    if not tiers:  # an older or trimmed file: tiers known only by id, in order of appearance
        seen = [r for r in dict.fromkeys(villages["rating"]) if r is not None]
        tiers = tuple({"id": r, "label": {}, "min_score": None} for r in seen)
    labels = {p["id"]: p for p in fwdoc.get("pillars") or []}
    run = Run(
        label=label, framework_id=str(pfw["id"]), framework_version=str(pfw["version"]),
        framework_sha256=pfw.get("sha256"), tiers=tiers,
        pillars=tuple({"id": pid, "label": dict((labels.get(pid) or {}).get("label") or {}),
                       "weight": (labels.get(pid) or {}).get("weight")} for pid in pillar_ids),
        criteria=tuple(criterion_ids), indicators=tuple(indicator_ids),
        dataset_sha256=(prov.get("dataset") or {}).get("sha256"), engine_version=prov.get("engine_version"),
    )
    return ScoreTable([run], villages, nodes)


def _rows_frame(rows: list[tuple[int, str, dict]], level: str, where: Any, with_weight: bool = False) -> pd.DataFrame:
    scores = _r([_num(r[2].get("score")) for r in rows])
    status = [r[2].get("status") for r in rows]
    status = np.where(pd.isna(np.array(status, dtype=object)),
                      np.where(np.isnan(scores), "missing", "scored"), np.array(status, dtype=object))
    placed = [where(r[1], r[2]) for r in rows]
    out = pd.DataFrame({
        "obs": np.array([r[0] for r in rows], dtype=int), "level": level,
        "node": np.array([r[1] for r in rows], dtype=object),
        "pillar": np.array([p[0] for p in placed], dtype=object),
        "criterion": np.array([p[1] for p in placed], dtype=object),
        "score": scores, "status": status.astype(object),
        "weight": _r([_num(r[2].get("weight")) for r in rows], 6) if with_weight else np.nan,
        "contribution": _r([_num(r[2].get("contribution")) for r in rows]) if with_weight else np.nan,
    })
    return out


def load_table(items: Iterable[tuple[str, Any]]) -> ScoreTable:
    """Combine results into one table; ``items`` are ``(label, Result, result dict or ScoreTable)`` pairs.

    Observations are numbered across all runs; ``villages.run`` is the index of the run
    in the order given (later runs win when the same village-year appears twice).
    """
    runs: list[Run] = []
    vframes: list[pd.DataFrame] = []
    nframes: list[pd.DataFrame] = []
    offset = 0
    for k, (label, item) in enumerate(items):
        if isinstance(item, ScoreTable):  # already tidy (e.g. an evaluation read from the store)
            part = item
        else:
            part = table_from_dict(item, label) if isinstance(item, Mapping) else table_from_result(item, label)
        v = part.villages.assign(obs=part.villages["obs"] + offset, run=k)
        vframes.append(v)
        nframes.append(part.nodes.assign(obs=part.nodes["obs"] + offset))
        runs.extend(part.runs)
        offset += len(v)
    if not runs:
        msg = "nothing to compare: give a dataset or at least one result file"
        raise VillageScoreError(msg)
    villages = pd.concat(vframes, ignore_index=True)
    villages["run_label"] = np.array([r.label for r in runs], dtype=object)[villages["run"].to_numpy()]
    return ScoreTable(runs, villages, pd.concat(nframes, ignore_index=True))


# --------------------------------------------------------------------------- helpers

def competition_rank(scores: pd.Series, partition: pd.Series | None = None) -> pd.Series:
    """Competition ranks ("1224"), best first, of ``scores`` rounded to 2 decimals.

    Missing scores get no rank (``<NA>``). With ``partition``, ranks restart in each part.
    """
    rounded = scores.astype(float).round(2)
    if partition is None:
        ranks = rounded.rank(method="min", ascending=False)
    else:
        ranks = rounded.groupby(partition, sort=False).rank(method="min", ascending=False)
    return ranks.astype("Int64")


def _py(x: Any) -> Any:
    """A JSON-ready Python value: NaN/NA -> None, numpy scalars -> Python, floats rounded to 4."""
    if x is None or x is pd.NA:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        if math.isnan(x):
            return None
        r = round(float(x), 4)
        return 0.0 if r == 0 else r
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def _clean(values: Any, kind: str = "text") -> list[Any]:
    """Return a column as JSON-ready Python values, converted whole-column.

    ``float``: rounded to 4 decimals, NaN -> None; ``int``: ranks and years, NA -> None;
    ``text``: NaN -> None.
    """
    if kind == "float":
        arr = np.round(np.asarray(values, dtype=float), 4) + 0.0
        out = arr.astype(object)
        out[np.isnan(arr)] = None
        return out.tolist()
    if kind == "int":
        ser = pd.Series(np.asarray(values, dtype=object)).astype("Float64")
        mask = ser.isna().to_numpy()
        out = ser.fillna(0).to_numpy(dtype=float).astype(np.int64).astype(object)
        out[mask] = None
        return out.tolist()
    arr = np.asarray(values, dtype=object)
    out = arr.copy()
    out[pd.isna(arr)] = None
    return out.tolist()


def _rank(x: Any) -> int | None:
    return None if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) else int(x)


def _sort_key(text: Any) -> str:
    """A collation key: unaccented, case-folded (so Đ sorts with D), then the text itself."""
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold() + "\x00" + str(text)


def _label(obj: Mapping[str, str] | None, lang: str, default: str) -> str:
    if not obj:
        return default
    return obj.get(lang) or obj.get("en") or obj.get("vi") or default


def _ref(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"village_id": row["village_id"], "name": _py(row.get("name")), "year": int(row["year"]),
            "run": row["run_label"]}


# --------------------------------------------------------------------------- frameworks

def _shared(runs: list[Run]) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """Node ids present in every run's framework, and a warning when frameworks differ."""
    first = runs[0]
    shared = {
        "pillar": [p for p in first.pillar_ids if all(p in r.pillar_ids for r in runs)],
        "criterion": [c for c in first.criteria if all(c in r.criteria for r in runs)],
        "indicator": [x for x in first.indicators if all(x in r.indicators for r in runs)],
    }
    signatures = list(dict.fromkeys(r.signature for r in runs))
    if len(signatures) == 1:
        return shared, []
    only: dict[str, dict[str, list[str]]] = {}
    for r in runs:
        own = {"pillars": [p for p in r.pillar_ids if p not in shared["pillar"]],
               "criteria": [c for c in r.criteria if c not in shared["criterion"]],
               "indicators": [x for x in r.indicators if x not in shared["indicator"]]}
        if any(own.values()):
            only[r.label] = own
    frameworks = [{"run": r.label, "id": r.framework_id, "version": r.framework_version,
                   "sha256": r.framework_sha256} for r in runs]
    described = "; ".join(f"{f['run']}: {f['id']} {f['version']} (sha256 {str(f['sha256'])[:12]})"
                          for f in frameworks)
    parts = [f"results come from different frameworks — {described}; they are compared only on the "
             f"{len(shared['pillar'])} pillars, {len(shared['criterion'])} criteria and "
             f"{len(shared['indicator'])} indicators they share, and their overall scores are not like for like"]
    for label, own in only.items():
        listed = ", ".join(f"{k} {', '.join(v)}" for k, v in own.items() if v)
        parts.append(f"only in {label}: {listed}")
    return shared, [{"code": "framework_differs", "message": "; ".join(parts),
                     "frameworks": frameworks, "only_in": only}]


def _tiers(runs: list[Run]) -> list[dict[str, Any]]:
    """Union of the runs' tiers, best first (by min_score, then first appearance)."""
    seen: dict[str, dict[str, Any]] = {}
    for r in runs:
        for t in r.tiers:
            seen.setdefault(t["id"], t)
    order = list(seen)
    return sorted(seen.values(), key=lambda t: (-(t["min_score"] if t["min_score"] is not None else -1),
                                                order.index(t["id"])))


# --------------------------------------------------------------------------- provinces

def _provinces(v: pd.DataFrame, mapping: Any) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Add ``province_current`` (post-2025) and ``province_mapped``; warn about unknown names."""
    recorded = v["province"].where(v["province"].notna(), v["former_province"])
    if mapping is None:
        v = v.assign(province_current=recorded, province_mapped=recorded.notna())
        return v, []
    names = pd.unique(pd.concat([recorded, v["former_province"]]).dropna())
    lookup = {name: mapping.current(name) for name in names}  # one look-up per distinct name
    current = recorded.map(lookup)
    former_current = v["former_province"].map(lookup)
    warnings: list[dict[str, Any]] = []
    unknown_mask = recorded.notna() & current.isna()
    if unknown_mask.any():
        unknown = sorted(pd.unique(recorded[unknown_mask]), key=_sort_key)
        ids = sorted(pd.unique(v.loc[unknown_mask, "village_id"]))
        warnings.append({
            "code": "unknown_province",
            "message": (f"province name(s) not in the 2025 mapping table ({getattr(mapping, 'path', '')}): "
                        f"{', '.join(unknown)} — {len(ids)} village(s) kept apart under the recorded name, "
                        f"not grouped with any current province: {', '.join(ids[:20])}"
                        f"{' …' if len(ids) > 20 else ''}"),
            "names": unknown, "villages": ids})
    clash = v["former_province"].notna() & former_current.notna() & current.notna() & (former_current != current)
    if clash.any():
        ids = sorted(pd.unique(v.loc[clash, "village_id"]))
        warnings.append({
            "code": "province_inconsistent",
            "message": (f"{len(ids)} village(s) record a former province that did not merge into their province "
                        f"(grouped by the province column): {', '.join(ids[:20])}{' …' if len(ids) > 20 else ''}"),
            "names": [], "villages": ids})
    v = v.assign(province_current=current.where(current.notna(), recorded),
                 province_mapped=current.notna() | recorded.isna())
    return v, warnings


# --------------------------------------------------------------------------- periods

def _snapshot(v: pd.DataFrame, year: int | None, per_year: bool) -> pd.DataFrame:
    """The observations that are ranked and grouped, with their ``period`` label."""
    if year is not None:
        v = v[v["year"] == int(year)]
        if v.empty:
            return v.assign(period=pd.Series(dtype=object))
    keys = ["village_id", "year"] if per_year or year is not None else ["village_id"]
    snap = v.sort_values(["village_id", "year", "run"], kind="stable").groupby(keys, sort=False).tail(1)
    if per_year or year is not None:
        period = snap["year"].astype(str)
    else:
        period = pd.Series("latest", index=snap.index)
    return snap.assign(period=period.astype(object))


def _parse_refs(refs: Sequence[str], v: pd.DataFrame, year: int | None) -> list[int]:
    """Resolve ``ID`` / ``ID@YEAR`` to observation numbers (latest year/run unless given)."""
    out: list[int] = []
    known = sorted(pd.unique(v["village_id"]))
    for ref in refs:
        vid, _, yr = str(ref).partition("@")
        rows = v[v["village_id"] == vid]
        if rows.empty:
            shown = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
            msg = f"village {vid!r} is not in the results; known: {shown}"
            raise UnknownIdError(msg)
        want = yr or (None if year is None else str(year))
        if want:
            if not want.isdigit():
                msg = f"{ref!r}: give a village as ID or ID@YEAR (year as digits)"
                raise VillageScoreError(msg)
            picked = rows[rows["year"] == int(want)]
            if picked.empty:
                years = ", ".join(str(y) for y in sorted(pd.unique(rows["year"])))
                msg = f"village {vid!r} has no result for {want}; its years: {years}"
                raise UnknownIdError(msg)
            rows = picked
        out.append(int(rows.sort_values(["year", "run"], kind="stable")["obs"].iat[-1]))
    if len(set(out)) < len(out):
        msg = f"the same village-year is named twice in {list(refs)}"
        raise VillageScoreError(msg)
    return out


# --------------------------------------------------------------------------- sections

def _pillar_scores(nodes: pd.DataFrame, obs: pd.Series, pillars: list[str]) -> pd.DataFrame:
    sel = nodes[(nodes["level"] == "pillar") & nodes["obs"].isin(obs) & nodes["node"].isin(pillars)]
    wide = sel.pivot(index="obs", columns="node", values="score")
    return wide.reindex(index=obs.to_numpy(), columns=pillars)


def _rankings(snap: pd.DataFrame, nodes: pd.DataFrame, pillars: list[str], tier_label: Mapping[str, str],
              only: set[int] | None) -> dict[str, Any]:
    s = snap.copy()
    s["rank"] = competition_rank(s["overall_score"], s["period"])
    wide = _pillar_scores(nodes, s["obs"], pillars)
    wide.index = s.index
    ranks = wide.round(2).groupby(s["period"], sort=False).rank(method="min", ascending=False)
    counts = s.groupby("period", sort=True).agg(villages=("obs", "size"), ranked=("overall_score", "count"))
    s["_unranked"] = s["rank"].isna()
    s = s.sort_values(["period", "_unranked", "rank", "village_id", "year", "run"], kind="stable")
    if only is not None:
        s = s[s["obs"].isin(only)]
    text = {c: _clean(s[c]) for c in ("period", "village_id", "name", "run_label", "commune", "province",
                                      "province_current", "former_province", "rating")}
    label = _clean(s["rating"].map(tier_label))
    sectors = [[x for x in str(v or "").split(";") if x] for v in s["sectors"].tolist()]
    pscore = [_clean(wide.loc[s.index, p], "float") for p in pillars]
    prank = [_clean(ranks.loc[s.index, p], "int") for p in pillars]
    cols = zip(text["period"], text["village_id"], text["name"], _clean(s["year"], "int"), text["run_label"],
               text["commune"], text["province"], text["province_current"], text["former_province"], sectors,
               _clean(s["rank"], "int"), _clean(s["overall_score"], "float"),
               _clean(s["overall_coverage"], "float"), text["rating"], label,
               zip(*pscore, strict=True) if pillars else ([] for _ in range(len(s))),
               zip(*prank, strict=True) if pillars else ([] for _ in range(len(s))), strict=True)
    rows = [{"period": period, "village_id": vid, "name": name, "year": year, "run": run, "commune": commune,
             "province": province, "province_current": current, "former_province": former, "sectors": sec,
             "rank": rank, "score": score, "coverage": coverage, "rating": rating, "rating_label": rlabel,
             "pillars": {p: {"score": ps[k], "rank": pr[k]} for k, p in enumerate(pillars)}}
            for (period, vid, name, year, run, commune, province, current, former, sec, rank, score, coverage,
                 rating, rlabel, ps, pr) in cols]
    periods = [{"period": p, "villages": int(c.villages), "ranked": int(c.ranked)} for p, c in counts.iterrows()]
    return {"tie_rule": TIE_RULE, "periods": periods, "rows": rows}


def _group_keys(snap: pd.DataFrame, by: str, labels: Mapping[str, Mapping[str, str]], lang: str) -> pd.DataFrame:
    """One row per (observation, group): ``key``, ``label``, ``mapped``, ``recorded`` (original names)."""
    s = snap
    if by == "province":
        key = s["province_current"].where(s["province_current"].notna(), NOT_RECORDED)
        recorded = s["former_province"].where(s["former_province"].notna(), s["province"])
        return s.assign(key=key, label=key, mapped=s["province_mapped"].astype(bool), recorded=recorded)
    if by == "commune":
        prov = s["province_current"].fillna(NOT_RECORDED)
        com = s["commune"].fillna(NOT_RECORDED)
        key = com + " — " + prov
        return s.assign(key=key, label=key, mapped=s["province_mapped"].astype(bool), recorded=s["commune"])
    if by == "former_district":
        prov = s["former_province"].where(s["former_province"].notna(), s["province"]).fillna(NOT_RECORDED)
        dist = s["former_district"]
        key = (dist.fillna("") + " — " + prov).where(dist.notna(), NOT_RECORDED)
        return s.assign(key=key, label=key, mapped=True, recorded=dist)
    if by == "sector":
        ex = s.assign(key=s["sectors"].fillna("").str.split(";")).explode("key")
        ex["key"] = ex["key"].where(ex["key"].notna() & (ex["key"] != ""), NOT_RECORDED)
        ex["label"] = ex["key"].map(lambda k: _label(labels.get(k), lang, k))
        return ex.assign(mapped=True, recorded=None)
    msg = f"cannot group by {by!r}; choose one of: {', '.join(GROUP_BY)}"
    raise VillageScoreError(msg)


def _groups(snap: pd.DataFrame, by: str, min_group: int, tiers: list[dict[str, Any]],
            labels: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, Any]:
    g = _group_keys(snap, by, labels, lang).reset_index(drop=True)
    keys = ["period", "key"]
    g["_r2"] = g["overall_score"].round(2)
    grouped = g.groupby(keys, sort=False)
    stats = grouped["overall_score"].agg(["size", "count", "mean", "median", "min", "max"])
    extra = grouped.agg(label=("label", "first"), mapped=("mapped", "all"))
    recorded = (g.dropna(subset=["recorded"]).groupby(keys, sort=False)["recorded"]
                .agg(lambda x: sorted(set(x), key=_sort_key)))
    tier = g["rating"].where(g["rating"].notna(), UNRATED)
    shares = pd.crosstab([g["period"], g["key"]], tier, normalize="index")
    tier_ids = [t["id"] for t in tiers] + [UNRATED]
    shares = shares.reindex(columns=tier_ids, fill_value=0.0)
    scored = g[g["overall_score"].notna()]
    best = (scored.sort_values(keys + ["_r2", "village_id", "year"], ascending=[True, True, False, True, True],
                               kind="stable").groupby(keys, sort=False).head(1).set_index(keys))
    worst = (scored.sort_values(keys + ["_r2", "village_id", "year"], ascending=[True, True, True, True, True],
                                kind="stable").groupby(keys, sort=False).head(1).set_index(keys))
    members = g.sort_values(["village_id", "year"], kind="stable").groupby(keys, sort=False)["village_id"].agg(list)
    table = stats.join(extra).join(shares.rename(columns=lambda c: f"share:{c}"))
    table["too_small"] = table["size"] < int(min_group)
    table["rank"] = competition_rank(table["mean"].where(~table["too_small"]),
                                     pd.Series(table.index.get_level_values("period"), index=table.index))
    table = table.reset_index()
    table["_order"] = table["key"].map(_sort_key)
    table = table.sort_values(["period", "_order"], kind="stable")
    rows = []
    for r in table.to_dict("records"):
        idx = (r["period"], r["key"])
        small = bool(r["too_small"])
        b = best.loc[idx] if idx in best.index else None
        w = worst.loc[idx] if idx in worst.index else None
        rows.append({
            "period": r["period"], "key": r["key"], "label": r["label"], "mapped": bool(r["mapped"]),
            "recorded_names": recorded.get(idx, []) if by == "province" else [],
            "count": int(r["size"]), "scored": int(r["count"]), "too_small": small,
            "note": "too small to summarise" if small else None,
            "rank": None if small else _rank(r["rank"]),
            "mean": None if small else _py(r["mean"]), "median": None if small else _py(r["median"]),
            "min": None if small else _py(r["min"]), "max": None if small else _py(r["max"]),
            "tier_shares": None if small else {t: _py(r[f"share:{t}"]) for t in tier_ids},
            "best": None if small or b is None else {"village_id": b["village_id"], "year": int(b["year"]),
                                                     "score": _py(b["overall_score"])},
            "worst": None if small or w is None else {"village_id": w["village_id"], "year": int(w["year"]),
                                                      "score": _py(w["overall_score"])},
            "villages": members.get(idx, []),
        })
    return {"by": by, "min_group": int(min_group), "rows": rows}


def _node_order(shared: Mapping[str, list[str]]) -> pd.DataFrame:
    order = [("overall", "overall")] + [(lvl, n) for lvl in LEVELS for n in shared[lvl]]
    return pd.DataFrame(order, columns=["level", "node"]).assign(_order=range(len(order)))


def _with_overall(v: pd.DataFrame, nodes: pd.DataFrame, obs: Iterable[int]) -> pd.DataFrame:
    obs = list(obs)
    sel = nodes[nodes["obs"].isin(obs)]
    top = v[v["obs"].isin(obs)][["obs", "overall_score"]].rename(columns={"overall_score": "score"})
    top = top.assign(level="overall", node="overall", pillar=None, criterion=None, status=None,
                     weight=np.nan, contribution=np.nan)
    return pd.concat([top, sel], ignore_index=True)


def _side_by_side(v: pd.DataFrame, nodes: pd.DataFrame, obs: list[int], shared: Mapping[str, list[str]],
                  top: int, labels: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, Any]:
    vi = v.set_index("obs")
    refs = [_ref(vi.loc[o]) for o in obs]
    long = _with_overall(v, nodes, obs)
    order = _node_order(shared)
    long = long.merge(order, on=["level", "node"], how="inner")
    wide = long.pivot(index="_order", columns="obs", values="score").reindex(columns=obs).sort_index()
    diff = wide.sub(wide[obs[0]], axis=0)
    meta = long.drop_duplicates("_order").set_index("_order").loc[wide.index, ["level", "node", "pillar", "criterion"]]
    node_rows = [{"level": m.level, "id": m.node, "label": _label(labels.get(m.node), lang, m.node),
                  "pillar": _py(m.pillar), "criterion": _py(m.criterion),
                  "scores": [_py(x) for x in s], "differences": [None] + [_py(x) for x in d[1:]]}
                 for m, s, d in zip(meta.itertuples(), wide.to_numpy(), diff.to_numpy(), strict=True)]
    ind = long[long["level"] == "indicator"]
    contrib = ind.pivot(index="node", columns="obs", values="contribution").reindex(columns=obs).fillna(0.0)
    score = ind.pivot(index="node", columns="obs", values="score").reindex(columns=obs)
    weight = ind.pivot(index="node", columns="obs", values="weight").reindex(columns=obs).fillna(0.0)
    where = ind.drop_duplicates("node").set_index("node")[["pillar", "criterion"]]
    overall = wide.loc[0] if 0 in wide.index else pd.Series(np.nan, index=obs)
    gaps = []
    for k in range(1, len(obs)):
        a, b = obs[0], obs[k]
        d = (contrib[b] - contrib[a]).round(4)
        frame = pd.DataFrame({"difference": d.to_numpy(), "abs": d.abs().to_numpy(), "node": d.index}).sort_values(
            ["abs", "node"], ascending=[False, True], kind="stable")
        gap = overall[b] - overall[a]
        n_top = min(int(top), len(frame))
        top_sum = float(frame["difference"].iloc[:n_top].sum())
        total = float(frame["difference"].sum())
        usable = not (pd.isna(gap) or abs(gap) < 1e-9)
        rows = [{"id": node, "label": _label(labels.get(node), lang, node),
                 "pillar": _py(where.at[node, "pillar"]), "criterion": _py(where.at[node, "criterion"]),
                 "score_a": _py(score.at[node, a]), "weight_a": _py(round(weight.at[node, a], 6)),
                 "contribution_a": _py(contrib.at[node, a]),
                 "score_b": _py(score.at[node, b]), "weight_b": _py(round(weight.at[node, b], 6)),
                 "contribution_b": _py(contrib.at[node, b]),
                 "difference": _py(diff_v), "share_of_gap": _py(diff_v / gap) if usable else None}
                for node, diff_v in zip(frame["node"], frame["difference"], strict=True)]
        gaps.append({
            "a": refs[0], "b": refs[k], "overall_gap": _py(gap), "contributions_gap": _py(total),
            "residual": _py(gap - total) if not pd.isna(gap) else None,
            "top": n_top, "top_difference": _py(top_sum),
            "top_share": _py(top_sum / gap) if usable else None,
            "indicators": rows,
        })
    return {"villages": refs, "reference": refs[0], "nodes": node_rows, "gaps": gaps}


def _over_time(v: pd.DataFrame, nodes: pd.DataFrame, shared: Mapping[str, list[str]],
               tiers: list[dict[str, Any]], tier_label: Mapping[str, str], only: set[str] | None) -> dict[str, Any]:
    o = v.sort_values(["village_id", "year", "run"], kind="stable")
    if only is not None:
        o = o[o["village_id"].isin(only)]
    o = o.assign(from_obs=o.groupby("village_id", sort=False)["obs"].shift(1))
    pairs = o[o["from_obs"].notna()].copy()
    pairs["from_obs"] = pairs["from_obs"].astype(int)
    prev = v.set_index("obs").loc[pairs["from_obs"]]
    pairs["from_year"] = prev["year"].to_numpy()
    pairs["from_run"] = prev["run_label"].to_numpy()
    pairs["from_score"] = prev["overall_score"].to_numpy()
    pairs["from_rating"] = prev["rating"].to_numpy()
    level = {t["id"]: t["min_score"] for t in tiers}
    a = pairs["from_rating"].map(level)
    b = pairs["rating"].map(level)
    change = np.where(a.isna() | b.isna(), None, np.where(b > a, "up", np.where(b < a, "down", "same")))
    pairs["tier_change"] = np.where(pairs["from_rating"].isna() | pairs["rating"].isna(), None, change)
    pairs["delta"] = pairs["overall_score"] - pairs["from_score"]
    cols = zip(_clean(pairs["village_id"]), _clean(pairs["name"]),
               _clean(pairs["from_year"], "int"), _clean(pairs["from_run"]), _clean(pairs["from_score"], "float"),
               _clean(pairs["from_rating"]), _clean(pairs["from_rating"].map(tier_label)),
               _clean(pairs["year"], "int"), _clean(pairs["run_label"]), _clean(pairs["overall_score"], "float"),
               _clean(pairs["rating"]), _clean(pairs["rating"].map(tier_label)),
               _clean(pairs["delta"], "float"), _clean(pairs["tier_change"]), strict=True)
    changes = [{"village_id": vid, "name": name,
                "from": {"year": fy, "run": frun, "score": fs, "rating": fr, "rating_label": fl},
                "to": {"year": ty, "run": trun, "score": ts, "rating": tr, "rating_label": tl},
                "delta": delta, "tier_change": change}
               for vid, name, fy, frun, fs, fr, fl, ty, trun, ts, tr, tl, delta, change in cols]
    levels = list(LEVELS) if only is not None else ["pillar"]
    keep = pd.DataFrame([(lvl, n) for lvl in levels for n in shared[lvl]], columns=["level", "node"])
    keep["_order"] = range(len(keep))
    sel = nodes.merge(keep, on=["level", "node"], how="inner")[["obs", "level", "node", "_order", "score"]]
    m = (pairs[["village_id", "from_obs", "obs", "from_year", "year", "from_run", "run_label"]]
         .merge(sel.rename(columns={"obs": "from_obs", "score": "from_score"}), on="from_obs")
         .merge(sel.rename(columns={"score": "to_score"}).drop(columns="_order"), on=["obs", "level", "node"]))
    m = m.sort_values(["village_id", "year", "obs", "_order"], kind="stable")
    m["delta"] = m["to_score"] - m["from_score"]
    keys = ("village_id", "from_year", "to_year", "from_run", "to_run", "level", "id", "from", "to", "delta")
    cols = zip(_clean(m["village_id"]), _clean(m["from_year"], "int"), _clean(m["year"], "int"),
               _clean(m["from_run"]), _clean(m["run_label"]), _clean(m["level"]), _clean(m["node"]),
               _clean(m["from_score"], "float"), _clean(m["to_score"], "float"), _clean(m["delta"], "float"),
               strict=True)
    node_changes = [dict(zip(keys, values, strict=True)) for values in cols]
    return {"levels": levels, "changes": changes, "node_changes": node_changes}


# --------------------------------------------------------------------------- entry point

def compare(table: ScoreTable, *, by: str | None = None, villages: Sequence[str] = (), year: int | None = None,
            per_year: bool = False, min_group: int = 3, top: int = 5, lang: str = "en", mapping: Any = None,
            labels: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """Compare the observations of ``table``; return the documented comparison dict.

    Parameters
    ----------
    table : from :func:`load_table`.
    by : group by ``province`` (current, post-2025), ``commune``, ``sector`` (a village of
        several sectors counts in each) or ``former_district``; ``None`` for no groups.
    villages : ``ID`` or ``ID@YEAR`` references for the side-by-side view (the first is the
        reference; differences are "other minus reference"); also restricts rankings to
        these villages (ranks still count every village) and over-time changes to them,
        with every node.
    year : rank and group this year only; ``per_year``: rank and group each year apart.
    min_group : groups with fewer villages are flagged "too small to summarise".
    top : how many indicators the gap explanation sums up.
    mapping : a :class:`villagescore.admin.ProvinceMapping` (``None``: provinces as recorded).
    labels : optional ``{id: {"vi": …, "en": …}}`` for indicators and sectors.
    """
    if int(min_group) < 1:
        msg = f"--min-group must be at least 1 (got {min_group})"
        raise VillageScoreError(msg)
    if int(top) < 1:
        msg = f"--top must be at least 1 (got {top})"
        raise VillageScoreError(msg)
    if by is not None and by not in GROUP_BY:
        msg = f"cannot group by {by!r}; choose one of: {', '.join(GROUP_BY)}"
        raise VillageScoreError(msg)
    labels = labels or {}
    runs = table.runs
    shared, warnings = _shared(runs)
    v, more = _provinces(table.villages, mapping)
    warnings += more
    tiers = _tiers(runs)
    tier_label = {t["id"]: _label(t["label"], lang, t["id"]) for t in tiers}
    nodes = table.nodes
    if year is not None and not (v["year"] == int(year)).any():
        years = ", ".join(str(y) for y in sorted(pd.unique(v["year"])))
        msg = f"no result for year {year}; years present: {years}"
        raise VillageScoreError(msg)
    chosen = _parse_refs(villages, v, year) if villages else []
    snap = _snapshot(v, year, per_year)
    only = set(chosen) if chosen else None
    ranked = snap
    if only is not None:  # a named village-year outside the snapshot is ranked within its own year
        extra = v[v["obs"].isin(only) & ~v["obs"].isin(snap["obs"])]
        if len(extra):
            own = _snapshot(v[v["year"].isin(extra["year"])], None, True)
            ranked = pd.concat([snap, own[~own["obs"].isin(snap["obs"])]])
    pillars = shared["pillar"]
    first = runs[0]
    plabels = {p["id"]: p["label"] for r in reversed(runs) for p in r.pillars}
    labels = {**labels, **plabels}
    out: dict[str, Any] = {
        "kind": "villagescore-comparison",
        "lang": lang,
        "options": {"by": by, "villages": list(villages), "year": None if year is None else int(year),
                    "per_year": bool(per_year), "min_group": int(min_group), "top": int(top)},
        "runs": [r.describe() for r in runs],
        "warnings": warnings,
        "framework": {"id": first.framework_id, "version": first.framework_version,
                      "sha256": first.framework_sha256},
        "shared": {"pillars": pillars, "criteria": shared["criterion"], "indicators": shared["indicator"]},
        "pillars": [{"id": p, "label": _label(plabels.get(p), lang, p)} for p in pillars],
        "tiers": [{"id": t["id"], "label": tier_label[t["id"]], "min_score": t["min_score"]} for t in tiers],
        "rankings": _rankings(ranked, nodes, pillars, tier_label, only),
        "groups": _groups(snap, by, min_group, tiers, labels, lang) if by else None,
        "side_by_side": _side_by_side(v, nodes, chosen, shared, top, labels, lang) if len(chosen) >= 2 else None,
        "over_time": _over_time(v, nodes, shared, tiers, tier_label,
                                None if not chosen else set(v.loc[v["obs"].isin(chosen), "village_id"])),
    }
    return out
