"""What targets are measured on: village-years and the values of their indicators and fields.

They are read from a :class:`~villagescore.results.Result` or from the store.

:class:`TargetData` is the one shape both sources give: ``villages`` has one row per
village-year (``obs``, ``village_id``, ``name``, ``province`` — the current, post-2025
province, or the recorded name when the 2025 mapping table does not know it (then ``mapped``
is false and :attr:`TargetData.warnings` says so, as ``compare`` does) —, ``recorded_province``
— the name recorded, as ``compare``'s groups keep it —, ``year``,
``sectors`` — a tuple —, ``rating``, ``tier_rank``: 0 for the best tier of its
framework, 1 for the next …, NaN when unrated — and ``estimated_share``: the share of its
scoring inputs that are estimates, NaN when the dataset flags no quality); :meth:`TargetData.indicator` and
:meth:`TargetData.field` return one value per village-year (``None`` where unknown or
not applicable), or ``None`` when the results have no such indicator or field at all.
From the store, each village-year is taken from its latest evaluation (optionally of one
stored framework only: an id, ``ID@VERSION`` or a framework file).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..admin_mapping import mapping_record
from ..compare.table import left_out_count

__all__ = ["TargetData", "data_from_result", "data_from_store"]


@dataclass
class TargetData:
    """Village-years and value look-ups for measuring targets (see the module docstring)."""

    villages: pd.DataFrame
    label: str
    tiers: dict[Any, list[str]]
    _indicator: Callable[[str], pd.Series | None] = field(repr=False)
    _field: Callable[[str], pd.Series | None] = field(repr=False)

    _cache: dict[tuple[str, str], pd.Series | None] = field(default_factory=dict, repr=False)
    #: what :func:`villagescore.compare.periods.current_provinces` said about the recorded provinces
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: where the results come from: a result's provenance (as ``evaluate --format json`` writes it), or for
    #: the store ``{"source": "store", "engine_version", "evaluations": [{"evaluation", "key", …its provenance}]}``
    provenance: dict[str, Any] = field(default_factory=dict)
    #: the province mapping table the provinces were grouped by (:func:`~villagescore.admin_mapping.mapping_record`)
    mapping: dict[str, Any] | str | None = None
    _sectors: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)
    #: from the store: the stored frameworks that have an indicator (:meth:`indicator_elsewhere`)
    _elsewhere: Callable[[str], list[dict[str, Any]]] | None = field(default=None, repr=False, compare=False)

    def frameworks(self) -> list[dict[str, Any]]:
        """Each framework the village-years come from (``id``, ``version``, ``sha256`` …), once, as recorded."""
        sources = (self.provenance.get("evaluations") or [] if self.provenance.get("source") == "store"
                   else [self.provenance])
        found = {}
        for source in sources:
            fw = source.get("framework") or {}
            found.setdefault((fw.get("id"), str(fw.get("version")), fw.get("sha256")), fw)
        return [fw for fw in found.values() if fw.get("id")]

    def indicator_elsewhere(self, ident: str) -> list[dict[str, Any]]:
        """The store's frameworks that have indicator ``ident``, with their evaluations (``[]`` from a result).

        Each is ``{id, version, sha256, evaluations}``, oldest evaluation first: where a target on an
        indicator the frameworks of the data retired can be measured (``--framework``).
        """
        return self._elsewhere(ident) if self._elsewhere else []

    def indicator(self, ident: str) -> pd.Series | None:
        """Raw values of indicator ``ident`` by ``obs`` (``None`` if no result has it); read once."""
        if ("indicator", ident) not in self._cache:
            self._cache[("indicator", ident)] = self._indicator(ident)
        return self._cache[("indicator", ident)]

    def field(self, name: str) -> pd.Series | None:
        """Raw values of field ``name`` by ``obs`` (``None`` if the results do not hold it); read once."""
        if ("field", name) not in self._cache:
            self._cache[("field", name)] = self._field(name)
        return self._cache[("field", name)]

    def sector_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, distinct)`` of the ``sectors`` column, factorised once (:func:`pandas.factorize`).

        ``distinct[codes[i]]`` is the sectors of village-year ``i`` (a tuple); ``codes[i]`` is -1
        where the value is missing. Decide on each distinct value, then index by ``codes``.
        """
        if self._sectors is None:
            column = self.villages["sectors"]
            try:
                codes, distinct = pd.factorize(column.to_numpy(dtype=object))
            except TypeError:  # unhashable values (lists): factorise them as tuples
                codes, distinct = pd.factorize(column.map(tuple, na_action="ignore").to_numpy(dtype=object))
            self._sectors = (np.asarray(codes), np.asarray(distinct, dtype=object))
        return self._sectors

    def tier_index(self, tier: str) -> pd.Series:
        """Per village-year, the position of ``tier`` in its framework's tiers (NaN when absent)."""
        pos = {fw: (tiers.index(tier) if tier in tiers else np.nan) for fw, tiers in self.tiers.items()}
        return self.villages["framework"].map(pos).astype(float)


def _current(villages: pd.DataFrame, provinces: list[Any], former: list[Any], mapping: Any) -> list[dict[str, Any]]:
    """Set ``province`` to the current (post-2025) province, ``mapped`` and ``recorded_province``, as ``compare`` does.

    ``recorded_province`` is the name the village-year records (its former province when that merged
    into its province, else its province), kept so that a regrouped row can say where it came from.
    ``mapping``: the table (:func:`~villagescore.admin_mapping.mapping_to_use`). Returns
    :func:`~villagescore.provinces.current_provinces`' warnings.
    """
    from ..compare.periods import current_provinces

    blank = [p if isinstance(p, str) and p.strip() else None for p in provinces]
    recorded = pd.DataFrame({"village_id": villages["village_id"].to_numpy(), "province": blank,
                             "former_province": [f if isinstance(f, str) and f.strip() else None for f in former]},
                            dtype=object)
    v, warnings = current_provinces(recorded, mapping)
    villages["province"] = v["province_current"].where(v["province_current"].notna(), None).to_numpy()
    villages["mapped"] = v["province_mapped"].astype(bool).to_numpy()
    # the name recorded, as compare's groups keep it: the former province when it merged into the province
    former_ok = v["former_province"].notna() & v["former_consistent"].astype(bool)
    villages["recorded_province"] = v["former_province"].where(former_ok, v["province"]).to_numpy(dtype=object)
    return warnings


def _rank(ratings: pd.Series, frameworks: pd.Series, tiers: dict[Any, list[str]]) -> pd.Series:
    index = {(fw, t): k for fw, ts in tiers.items() for k, t in enumerate(ts)}
    return pd.Series([index.get((fw, r), np.nan) if r is not None else np.nan
                      for fw, r in zip(frameworks.tolist(), ratings.tolist(), strict=True)], index=ratings.index,
                     dtype=float)


def data_from_result(result: Any, label: str = "", *, mapping: Any = None) -> TargetData:
    """The target data of a scored Result.

    ``mapping``: the province mapping table, as ``compare(mapping=…)`` takes it: ``None`` the shipped
    2025 table, ``villagescore.compare.AS_RECORDED`` provinces as recorded, or a loaded table.
    """
    from ..admin_mapping import mapping_to_use
    from ..datasets import split_sectors

    fw = result.framework
    f = result.frame
    n = len(result)
    outcomes = [None if fw.outcome(k) is None else fw.outcome(k).id for k in range(len(fw.tiers) + 1)] + [None]
    ratings = pd.Series([outcomes[k] for k in np.asarray(result.rating, dtype=int).tolist()], dtype=object)
    tiers = {fw.id: [t.id for t in fw.tiers]}
    villages = pd.DataFrame({
        "obs": np.arange(n), "village_id": f["village_id"].astype(str).to_numpy(),
        "name": f["name"].to_numpy() if "name" in f.columns else None,
        "year": f["year"].astype(int).to_numpy(),
        "sectors": [tuple(s) for s in split_sectors(f["sectors"])] if "sectors" in f.columns else [()] * n,
        "rating": ratings.to_numpy(), "framework": fw.id,
        "estimated_share": np.asarray(result.estimated_share, dtype=float),
    })
    table = mapping_to_use(mapping)
    warnings = _current(villages, f["province"].tolist() if "province" in f.columns else [None] * n,
                        f["former_province"].tolist() if "former_province" in f.columns else [None] * n, table)
    villages["tier_rank"] = _rank(villages["rating"], villages["framework"], tiers)
    ids = [x.id for x in fw.indicators]
    applicable = result.matrix.applicable  # a column at a time: the statuses of every cell cost 0.7 s at 100,000

    def indicator(ident: str) -> pd.Series | None:
        if ident not in ids:
            return None
        j = ids.index(ident)
        values = pd.Series(np.asarray(result.matrix.values[j], dtype=object), dtype=object)
        # a value is measured whether or not its limit was checked: only where the indicator does not apply is it none
        absent = ~np.asarray(applicable[:, j], dtype=bool)  # as indicator_status() == "not_applicable"
        left_out = getattr(result.matrix, "limit_unverified", {}).get(j)
        values[absent if left_out is None else absent & ~np.asarray(left_out, dtype=bool)] = None
        return values.where(pd.notna(values), None)

    def field_(name: str) -> pd.Series | None:
        if name in f.columns:
            values = pd.Series(f[name].to_numpy(dtype=object), dtype=object)
            return values.where(pd.notna(values), None)
        for node in fw.indicators:
            if tuple(node.indicator.requires) == (name,):
                return indicator(node.id)
        return None

    label = label or str((result.provenance.get("dataset") or {}).get("file") or "result")
    warnings += _left_out([_Taken(label, (), left_out_count(result.provenance))])
    return TargetData(villages, label, tiers, indicator, field_, warnings=warnings,
                      provenance=json.loads(json.dumps(result.provenance, default=str)), mapping=mapping_record(table))


def data_from_store(con: sqlite3.Connection, *, framework: str | None = None, label: str = "store",
                    registry: Any = None, mapping: Any = None) -> TargetData:
    """The target data of the store: each village-year from its latest evaluation (of ``framework`` if given).

    ``framework``: an id, ``ID@VERSION`` or a framework file (:func:`~villagescore.store.framework_choice.
    one_framework`; ``registry`` reads a file whose bytes no stored framework has): every evaluation of that
    file, however it was scored (the warnings say how those differ). When it names several
    stored framework files, those of the latest evaluation are taken and a ``framework_chosen`` warning says
    so; one naming none is a :class:`~villagescore.store.StoreError`. ``mapping``: as :func:`data_from_result`
    takes it.
    """
    from ..admin_mapping import mapping_to_use

    where, params, chosen = "", (), []
    if framework:
        from ..store.framework_choice import one_framework

        stored, warning = one_framework(con, framework, registry)
        marks = ",".join("?" * len(stored.rows))
        where = f"WHERE evaluation IN (SELECT id FROM evaluations WHERE framework IN ({marks}))"
        params = stored.rows
        chosen = [warning] if warning else []
    rows = con.execute(
        "SELECT vy.id, vy.village_id, vy.name, vy.province, vy.former_province, vy.year, vy.sectors, vy.rating, "
        "e.framework, e.id, vy.estimated_share "
        "FROM village_years vy JOIN evaluations e ON e.id = vy.evaluation "
        f"WHERE vy.id IN (SELECT max(id) FROM village_years {where} GROUP BY village_id, year)",  # noqa: S608
        params).fetchall()
    villages = pd.DataFrame.from_records(rows, columns=["obs", "village_id", "name", "province", "former_province",
                                                       "year", "sectors", "rating", "framework", "evaluation",
                                                       "estimated_share"])
    evaluations = villages.pop("evaluation")
    provenance = _store_provenance(con, sorted({int(e) for e in evaluations}))
    table = mapping_to_use(mapping)
    warnings = chosen + _current(villages, villages["province"].tolist(), villages.pop("former_province").tolist(),
                                 table)
    warnings += _frameworks_differ(con, villages["framework"], evaluations)
    warnings += _plugins_differ(con, villages["obs"], evaluations)
    warnings += _evaluations_differ(provenance["evaluations"])
    sectors = {s: tuple(json.loads(s or "[]")) for s in set(villages["sectors"].tolist())}  # each distinct once
    villages["sectors"] = [sectors[s] for s in villages["sectors"].tolist()]
    villages["year"] = villages["year"].astype(int)
    frameworks = sorted(set(villages["framework"].tolist()))
    tiers: dict[Any, list[str]] = {fw: [] for fw in frameworks}
    for fw, tier in con.execute("SELECT framework, tier_id FROM tiers WHERE min_score IS NOT NULL "
                                "ORDER BY framework, position"):
        if fw in tiers:
            tiers[fw].append(tier)
    villages["tier_rank"] = _rank(villages["rating"], villages["framework"], tiers)
    villages = villages.sort_values("obs", kind="stable").reset_index(drop=True)
    obs = villages["obs"]
    marks = ",".join("?" * len(frameworks))

    taken = obs.to_numpy(dtype=np.int64)  # the store ids of the village-years taken, ascending

    def by_obs(pairs: list[tuple[int, Any]]) -> pd.Series:
        """The values of ``(village-year id, value)`` pairs at the rows of the village-years taken (others: None)."""
        out = np.full(len(obs), None, dtype=object)
        if pairs and len(taken):
            ids = np.fromiter(map(itemgetter(0), pairs), dtype=np.int64, count=len(pairs))
            values = np.empty(len(pairs), dtype=object)
            values[:] = list(map(itemgetter(1), pairs))
            rows = np.minimum(np.searchsorted(taken, ids), len(taken) - 1)
            keep = taken[rows] == ids  # a village-year of an older evaluation of the same village and year is not taken
            out[rows[keep]] = values[keep]
        return pd.Series(out, dtype=object)

    def indicator(ident: str) -> pd.Series | None:
        nodes = [n for (n,) in con.execute(
            f"SELECT id FROM nodes WHERE level = 'indicator' AND node_id = ? AND framework IN ({marks})",  # noqa: S608
            (ident, *frameworks))]
        if not nodes:
            return None
        pairs: list[tuple[int, Any]] = []
        for node in nodes:
            pairs += con.execute("SELECT village_year, value FROM indicator_scores WHERE node = ?", (node,)).fetchall()
        return by_obs(pairs)

    def field_(name: str) -> pd.Series | None:
        pairs = con.execute("SELECT village_year, value FROM field_values WHERE field = ?", (name,)).fetchall()
        if pairs:
            return by_obs(pairs)
        single = [n for (n,) in con.execute(
            f"SELECT node_id FROM nodes WHERE level = 'indicator' AND fields = ? AND framework IN ({marks})",  # noqa: S608
            (json.dumps([name]), *frameworks))]
        return indicator(single[0]) if single else None

    def elsewhere(ident: str) -> list[dict[str, Any]]:
        from ..store.framework_choice import stored_frameworks

        having = {row for (row,) in con.execute(
            "SELECT DISTINCT framework FROM nodes WHERE level = 'indicator' AND node_id = ?", (ident,))}
        return [{"id": f.id, "version": f.version, "sha256": f.sha256, "evaluations": list(f.evaluations)}
                for f in stored_frameworks(con) if having.intersection(f.rows)]

    return TargetData(villages.assign(obs=np.arange(len(villages))), label, tiers, indicator, field_,
                      warnings=warnings, provenance=provenance, _elsewhere=elsewhere, mapping=mapping_record(table))


def _frameworks_differ(con: sqlite3.Connection, frameworks: pd.Series, evaluations: pd.Series) -> list[dict[str, Any]]:
    """A warning when the village-years taken come from evaluations of more than one framework (id, version, sha256).

    ``compare`` warns of the same (``framework_differs``): scores of different frameworks are not like for like.
    """
    from ..compare.common import framework_text
    from ..i18n import gettext
    from ..store.framework_choice import lineage_bases

    used: dict[int, set[int]] = {}
    for fid, ev in zip(frameworks.tolist(), evaluations.tolist(), strict=True):
        used.setdefault(int(fid), set()).add(int(ev))
    found: dict[tuple[Any, ...], set[int]] = {}
    for fid, evs in used.items():
        *row, lineage = con.execute("SELECT framework_id, version, sha256, lineage FROM frameworks WHERE id = ?",
                                    (fid,)).fetchone()
        bases = tuple(tuple(b.items()) for b in lineage_bases(lineage))  # an overlay: over its base files
        found.setdefault((*row, bases), set()).update(evs)
    if len(found) < 2:
        return []
    listed = [{"id": key[0], "version": key[1], "sha256": key[2],
               **({"bases": [dict(b) for b in key[3]]} if key[3] else {}), "evaluations": sorted(evs)}
              for key, evs in sorted(found.items(), key=lambda kv: min(kv[1]))]
    described = "; ".join(gettext("{framework} in evaluation(s) {evaluations}").format(
        framework=framework_text(f), evaluations=", ".join(f"#{e}" for e in f["evaluations"])) for f in listed)
    message = gettext("the village-years measured come from evaluations of different frameworks — {frameworks}; "
                      "their scores and ratings are not like for like: --framework ID keeps the evaluations of "
                      "one framework").format(frameworks=described)
    return [{"code": "framework_differs", "message": message, "frameworks": listed}]


class _Taken(NamedTuple):
    """A result or stored evaluation the village-years come from, as ``compare``'s warnings name it (a ``Run``'s)."""

    label: str
    scoring: tuple[tuple[str, str], ...]
    rows_left_out: int


def _left_out(taken: list[_Taken]) -> list[dict[str, Any]]:
    """``compare``'s ``rows_left_out`` warnings: the rows ``--keep-going`` left out are not in the coverage either."""
    from ..compare.analysis import left_out_warnings
    from ..i18n import current_language

    return left_out_warnings(taken, current_language())


def _evaluations_differ(evaluations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The warnings ``compare --store`` gives of the evaluations taken: ``scoring_differs``, ``rows_left_out``.

    ``evaluations``: the provenance of each evaluation taken (:func:`_store_provenance`), named as
    ``compare`` names a stored evaluation (``#3 multi.csv``).
    """
    from ..compare.common import scoring_differs
    from ..compare.table import scoring_options
    from ..i18n import current_language, t

    lang = current_language()
    taken = [_Taken(t("store.compare_label", lang).format(n=e["evaluation"], file=(e.get("dataset") or {}).get(
        "file") or "—"), scoring_options(e), left_out_count(e)) for e in evaluations]
    return scoring_differs(taken, lang) + _left_out(taken)


def _store_provenance(con: sqlite3.Connection, evaluations: list[int]) -> dict[str, Any]:
    """The provenance of each stored evaluation the village-years come from, as each was written."""
    from .. import __version__

    out: list[dict[str, Any]] = []
    for ident, key, prov in [] if not evaluations else con.execute(
            f"SELECT id, key, provenance FROM evaluations WHERE id IN ({','.join('?' * len(evaluations))}) "  # noqa: S608
            "ORDER BY id", evaluations):
        out.append({"evaluation": ident, "key": key, **json.loads(prov or "{}")})
    return {"source": "store", "engine_version": __version__, "evaluations": out}


def _plugins_differ(con: sqlite3.Connection, taken: pd.Series, evaluations: pd.Series) -> list[dict[str, Any]]:
    """The ``plugins_differ`` warnings of the evaluations the village-years ``taken`` (their ids) come from.

    ``compare`` warns of the same, judged the same way
    (:func:`~villagescore.compare.common.plugins_differ_warnings`): evaluations of one framework file
    that used a plugin in two versions (another version of a sector plugin, other bytes of a catalogue
    file) always; a plugin only some of them used only when a criterion or indicator of its own applies
    to one of the village-years taken from them; a plugin all of them used in one version whose catalogue
    files differ (an evaluation recording none of its plugins' files: "not recorded"). An evaluation that
    records no ``plugins_used`` is not judged.
    """
    from ..compare.catalogue_files import catalogue_files_entry, catalogue_files_used
    from ..compare.common import PluginsUsed, plugins_differ_warnings
    from ..compare.table import plugin_versions_used

    used, frameworks, rows = [], [], []
    positions = taken.groupby(evaluations.to_numpy()).indices  # evaluation -> positions of its village-years
    ids = taken.to_numpy(dtype=np.int64)
    for ev in sorted({int(e) for e in evaluations.tolist()}):
        fw_id, version, sha256, fid, provenance = con.execute(
            "SELECT e.framework_id, e.framework_version, f.sha256, e.framework, e.provenance FROM evaluations e "
            "JOIN frameworks f ON f.id = e.framework WHERE e.id = ?", (ev,)).fetchone()
        recorded = json.loads(provenance or "{}")
        plugins = plugin_versions_used(recorded, unrecorded_as_all=False)
        files = catalogue_files_used(recorded)
        used.append(PluginsUsed((fw_id, str(version), sha256), f"#{ev}", plugins,
                                {"evaluation": ev, "plugins_used": list(plugins),
                                 "catalogue_files": catalogue_files_entry(files)}, files))
        frameworks.append(int(fid))
        rows.append(ids[positions[ev]])
    return plugins_differ_warnings(used, lambda parts: _own_nodes_apply(con, [frameworks[k] for k in parts],
                                                                        [rows[k] for k in parts]))


def _own_nodes_apply(con: sqlite3.Connection, frameworks: list[int], rows: list[np.ndarray]) -> bool:
    """Whether a criterion or indicator not every one of these stored frameworks has applies to one of its rows.

    ``rows``: per framework, the ids of the village-years taken from its evaluation. The store keeps no
    score of a node where it does not apply.
    """
    for level, table in (("criterion", "node_scores"), ("indicator", "indicator_scores")):
        nodes = [dict(con.execute("SELECT node_id, id FROM nodes WHERE framework = ? AND level = ?", (fid, level)))
                 for fid in frameworks]
        shared = set.intersection(*(set(n) for n in nodes))
        for own, ids in zip(nodes, rows, strict=True):
            ident = [own[x] for x in own if x not in shared]
            if not ident or not len(ids):
                continue
            found = con.execute(
                f"SELECT village_year FROM {table} WHERE node IN ({','.join('?' * len(ident))}) "  # noqa: S608
                "AND village_year BETWEEN ? AND ? AND status != 'not_applicable'",
                (*ident, int(ids.min()), int(ids.max()))).fetchall()
            if found and np.isin(np.fromiter((v for (v,) in found), dtype=np.int64), ids).any():
                return True
    return False
