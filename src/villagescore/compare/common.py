"""Shared helpers of the comparison: JSON-ready values, ranks, collation, labels and frameworks."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..errors import VillageScoreError
from ..i18n import gettext
from ..numbers import json_number, round_like_python
from ..provinces import collation_key
from .catalogue_files import catalogue_files_differ, catalogue_files_entry, catalogue_files_used
from .table import Run

__all__ = ["LazyColumn", "PluginsUsed", "column_of", "factorize_texts",
           "framework_tag", "framework_text", "plugins_differ", "plugins_differ_message", "plugins_differ_warnings",
           "plugins_in_two_versions", "scoring_differs", "sorted_keys"]


def sorted_keys(columns: list[Any]) -> list[np.ndarray] | None:
    """Whether the rows are already sorted by these key columns: per key, which rows equal the next on it.

    ``None`` when the rows are not in ascending order of the keys (the first, then the next
    among equal ones …), when a key holds a value that compares with nothing (NaN, a number
    among texts): then sort. Otherwise a stable sort by the keys would keep every row in
    place, and the list holds, for each key, whether row ``i`` equals row ``i + 1`` on it.
    A national comparison is made from a result sorted by village id then year: checking
    costs two comparisons of neighbours per key, sorting 100,000 texts ten times more.
    """
    same: np.ndarray | None = None
    out = []
    try:
        for column in columns:
            a = np.asarray(column)
            if a.dtype.kind not in "iubO" or (a.dtype.kind == "O" and pd.api.types.infer_dtype(a, skipna=False)
                                              not in ("string", "empty")):
                return None
            up, eq = a[:-1] < a[1:], a[:-1] == a[1:]
            ordered = up | eq
            if not (ordered if same is None else ordered | ~same).all():
                return None
            same = eq if same is None else same & eq
            out.append(eq)
    except TypeError:  # not comparable (texts only are taken: a precaution)
        return None
    return out


def factorize_texts(values: np.ndarray, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=sort)`` of an array of repeated texts, hashed as Python objects.

    pandas hashes an object array of texts without a gap by each text's UTF-8 bytes, every time;
    with a gap, by Python's hash, which each text keeps: faster for a few texts repeated as the
    same objects (gate cells 13.5 → 6.4 ms per 100,000), about the same or slower for others
    (short repeated texts, mostly distinct ids and names). A ``None`` put after the texts (code
    -1, no unique) makes the gap. One text throughout (the period, a single run's label) is only
    compared with itself. The same codes and uniques as ``pd.factorize``, except on pandas 2,
    whose hashing of texts without a gap ends each text at a NUL character (``"a<NUL>b"`` and
    ``"a<NUL>c"`` taken as one): kept apart here, as pandas 3 keeps them.
    """
    values = np.asarray(values)
    if values.dtype != object or not len(values):
        return pd.factorize(values, sort=sort)
    first = values[0]
    if type(first) is str and _all_equal(values, first):
        return np.zeros(len(values), dtype=np.intp), np.array([first], dtype=object)
    codes, uniques = pd.factorize(np.append(values, None), sort=sort)
    return codes[:-1], uniques


def _all_equal(values: np.ndarray, first: str) -> bool:
    """Whether every cell of ``values`` equals the text ``first`` (a pandas NA among them: no)."""
    try:
        return bool((values[:64] == first).all()) and bool((values == first).all())
    except TypeError:  # NA == text is NA, which has no truth value (reviewed 2026-12-07: compare() raised)
        return False


def _one_value(column: pd.Series) -> bool:
    """Whether every cell of ``column`` is the same value (none missing)."""
    values = column.to_numpy(dtype=object)
    return len(values) > 0 and not pd.isna(values[0]) and bool((values == values[0]).all())


def _py(x: Any) -> Any:
    """A JSON-ready Python value: NaN/NA -> None, numpy scalars -> Python, floats rounded to 4."""
    if x is None or x is pd.NA:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return json_number(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def _clean(values: Any, kind: str = "text") -> list[Any]:
    """Return a column as JSON-ready Python values, converted whole-column.

    ``float``: rounded to 4 decimals, NaN -> None; ``int``: ranks and years, NA -> None;
    ``text``: NaN -> None.
    """
    return column_of(values, kind).tolist()


class LazyColumn:
    """A column as :func:`_clean` converts it, its list of Python values made only when it is read.

    ``kind`` ``float`` and ``int``: the numbers as floats (NaN for ``None``; ``int`` ones whole);
    ``text``: the values as objects, a missing one (NaN, ``None``, ``NA``) made ``None`` when listed;
    ``sectors``: ``a;b`` texts as objects, a missing one made ``""`` (``str(v or "")``) when listed.
    A national comparison's ranked rows are written to JSON from these, a piece at a time.
    """

    __slots__ = ("_values", "kind", "_at")

    def __init__(self, values: np.ndarray, kind: str, at: Any = None) -> None:
        self._values = values
        self.kind = kind
        self._at = at  # positions (or a slice) of ``values`` still to be taken

    @property
    def values(self) -> np.ndarray:
        """The values (floats, or objects for texts), in order."""
        if self._at is not None:  # taken when first read: a piece of a national JSON takes only its rows
            self._values, self._at = self._values[self._at], None
        return self._values

    def __len__(self) -> int:
        if self._at is None:
            return len(self._values)
        return len(range(len(self._values))[self._at]) if isinstance(self._at, slice) else len(self._at)

    def take(self, at: Any) -> LazyColumn:
        """The values at positions ``at`` (or a slice), in that order; taken when they are read."""
        if self._at is None:
            return LazyColumn(self._values, self.kind, at)
        taken = np.arange(len(self._values))[self._at] if isinstance(self._at, slice) else self._at
        return LazyColumn(self._values, self.kind, taken[at])

    def source(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The values not yet taken, and the positions to take (``None``: all, in order), without taking them.

        The positions are those numpy would take: counted from the end when negative, checked in range.
        """
        if self._at is None:
            return self._values, None
        return self._values, np.arange(len(self._values))[self._at]

    def tolist(self) -> list[Any]:
        """The values as :func:`_clean` gives them: floats, integers or texts, and ``None``."""
        if self.kind == "text":
            return self.texts().tolist()
        if self.kind == "sectors":  # "a;b" texts; a missing cell is ""
            arr = self.values
            if pd.api.types.infer_dtype(arr, skipna=False) == "string":
                return arr.tolist()
            return [str(v or "") for v in arr.tolist()]
        mask = np.isnan(self.values)
        out = (np.where(mask, 0, self.values).astype(np.int64) if self.kind == "int" else self.values).astype(object)
        out[mask] = None
        return out.tolist()


    def texts(self) -> np.ndarray:
        """A ``text`` column's values as objects, ``None`` for a missing one (the array itself when none is)."""
        arr = self.values
        if pd.api.types.infer_dtype(arr, skipna=False) == "string":  # texts only, none missing: as they are
            return arr
        out = arr.copy()
        out[pd.isna(arr)] = None
        return out


def column_of(values: Any, kind: str = "text") -> LazyColumn:
    """A column as :func:`_clean` converts it with ``kind`` (``float``, ``int``, ``text``), its list not yet made."""
    if kind == "float":
        return LazyColumn(round_like_python(values, 4), kind)  # no -0.0
    if kind == "int":
        if isinstance(values, pd.Series) and pd.api.types.is_numeric_dtype(values.dtype):
            numbers = values.to_numpy(dtype=float, na_value=np.nan)  # Int64, float64: whole-column, no boxing
        else:
            numbers = pd.Series(np.asarray(values, dtype=object)).astype("Float64").to_numpy(dtype=float,
                                                                                            na_value=np.nan)
        return LazyColumn(np.trunc(numbers), kind)  # as astype(int64) cuts a fraction
    return LazyColumn(np.asarray(values, dtype=object), kind)


def _rank(x: Any) -> int | None:
    return None if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) else int(x)


def _sort_key(text: Any) -> str:
    """A collation key: unaccented, case-folded (so Đ sorts with D), then the text itself."""
    return collation_key(text)


def _label(obj: Mapping[str, str] | None, lang: str, default: str) -> str:
    if not obj:
        return default
    return obj.get(lang) or obj.get("en") or obj.get("vi") or default


def _ref(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"village_id": row["village_id"], "name": _py(row.get("name")), "year": int(row["year"]),
            "run": row["run_label"]}


# --------------------------------------------------------------------------- frameworks

def framework_text(framework: Mapping[str, Any], lang: str | None = None) -> str:
    """A framework as the warnings name it: its id, version and the first 12 digits of its sha256.

    An overlay's ``bases`` (as :attr:`~.table.Run.bases` gives them) are named after it, base first.
    """
    text = f"{framework['id']} {framework['version']} (sha256 {str(framework['sha256'])[:12]})"
    if framework.get("bases"):
        text = gettext("{framework}, extending {bases}", lang).format(
            framework=text, bases=", ".join(framework_text(b, lang) for b in framework["bases"]))
    return text


def framework_tag(framework: Mapping[str, Any]) -> str:
    """The short hash that tells apart frameworks of one id and version: the file's, then each base's (``+``)."""
    return str(framework.get("sha256") or "?")[:8] + "".join(f"+{str(b.get('sha256'))[:8]}"
                                                          for b in framework.get("bases") or ())


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
    frameworks = [{"run": r.label, **r.framework} for r in runs]
    described = "; ".join(f"{f['run']}: {framework_text(f)}" for f in frameworks)
    parts = [gettext("results come from different frameworks — {frameworks}; they are compared only on the "
                     "{pillars} pillars, {criteria} criteria and {indicators} indicators they share, and their "
                     "overall scores are not like for like").format(
        frameworks=described, pillars=len(shared["pillar"]), criteria=len(shared["criterion"]),
        indicators=len(shared["indicator"]))]
    for label, own in only.items():
        listed = ", ".join(f"{k} {', '.join(v)}" for k, v in own.items() if v)
        parts.append(gettext("only in {run}: {nodes}").format(run=label, nodes=listed))
    return shared, [{"code": "framework_differs", "message": "; ".join(parts),
                     "frameworks": frameworks, "only_in": only}]


def scoring_differs(runs: list[Run], lang: str) -> list[dict[str, Any]]:
    """A warning when the runs were scored with different options that change scores (:attr:`Run.scoring`).

    Their scores differ by the options as well as by the villages: so do the ranks, the groups and the
    changes over time between them (of the same year too), and a village-year scored twice is taken from
    the later result.
    """
    if len({r.scoring for r in runs}) < 2:
        return []
    described = "; ".join(f"{r.label}: " + ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in r.scoring)
                          for r in runs)
    message = gettext("results were scored with different options — {runs}; their scores differ by these options as "
                      "well as by the villages, so do the changes over time between them (even within one year), "
                      "and a village-year scored in both is taken from the later result", lang).format(runs=described)
    return [{"code": "scoring_differs", "message": message,
             "scoring": [{"run": r.label, **dict(r.scoring)} for r in runs]}]


def plugins_differ(runs: list[Run], lang: str, table: Any = None) -> list[dict[str, Any]]:
    """A warning per framework whose runs were completed by different plugins or catalogue files.

    Runs of one framework file (same id, version and sha256) can still be scored differently: a
    sector plugin or a catalogue file (``--catalogue``) adds criteria, indicators and scoring levels,
    and another version of it, or other bytes of the file (whose version ends with the first digits of
    its SHA-256), change them. The versions of the plugins the runs used (:attr:`Run.plugins_used`)
    tell, judged by :func:`plugins_differ_warnings`: a node only some runs have applies where ``table``'s
    criterion and indicator levels say so (without ``table``, always). The resolved framework hashes are
    reported beside but do not decide: options such as ``--unverified-limits`` change them too
    (``scoring_differs``).
    """
    used = []
    for r in runs:
        files = catalogue_files_used(r.provenance)
        used.append(PluginsUsed(r.signature, r.label, r.plugins_used, {
            "run": r.label, "resolved_sha256": r.resolved_sha256, "plugins_used": list(r.plugins_used),
            "catalogue_files": catalogue_files_entry(files)}, files))
    return plugins_differ_warnings(used, lambda parts: table is None or _own_nodes_apply(table, parts), lang)


class PluginsUsed(NamedTuple):
    """What one run (or stored evaluation) was scored with, as :func:`plugins_differ_warnings` judges it."""

    #: ``(id, version, sha256, bases' sha256)`` of its framework file (:attr:`~.table.Run.signature`)
    framework: tuple[Any, ...]
    #: how the warning names it (a run's label, ``#3`` for a stored evaluation)
    label: str
    #: ``name==version`` of the plugins its framework used; ``()``: not recorded (not judged)
    plugins_used: tuple[str, ...]
    #: its entry in the warning's ``plugins``
    entry: dict[str, Any]
    #: ``(plugin, file, sha256)`` of the catalogue files its plugins loaded
    #: (:func:`~villagescore.compare.catalogue_files.catalogue_files_used`); ``None``: not recorded
    files: tuple[tuple[str, str, str], ...] | None = None


def plugins_differ_warnings(used: list[PluginsUsed], own_nodes_apply: Callable[[list[int]], bool],
                            lang: str | None = None) -> list[dict[str, Any]]:
    """The ``plugins_differ`` warnings of ``used``: one per framework file whose runs used different plugins.

    The runs are grouped by framework file; one that records no plugins is not judged. A plugin in
    two versions is always said; a plugin only some runs used, only when ``own_nodes_apply(positions)``
    (of the group's judged runs in ``used``) says that a criterion or indicator only some of them have
    applies to one of their village-years: a sector none of the villages practise changes no score.
    A plugin every run used in one version is said when the catalogue files it loaded differ, or when
    a run records none beside one that does ("not recorded";
    :func:`~villagescore.compare.catalogue_files.catalogue_files_differ`). A warning also names the
    runs of its framework that were not judged: "plugins and catalogue files not recorded", never
    taken to match. ``compare`` and ``targets`` (on a store) say it so.
    """
    warnings = []
    by_framework: dict[tuple[Any, Any, Any], list[int]] = {}
    unjudged: dict[tuple[Any, Any, Any], list[int]] = {}
    for k, u in enumerate(used):  # a framework's place: its first run's, judged or not (the order said)
        judged = by_framework.setdefault(u.framework, [])
        (judged if u.plugins_used else unjudged.setdefault(u.framework, [])).append(k)
    for framework, parts in by_framework.items():
        recorded = [used[k] for k in parts]
        if len(recorded) < 2:
            continue
        everywhere = set.intersection(*(set(u.plugins_used) for u in recorded))
        files = catalogue_files_differ([u.files for u in recorded], {p.partition("==")[0] for p in everywhere}, lang)
        versions_differ = len({u.plugins_used for u in recorded}) > 1 and (
            plugins_in_two_versions([u.plugins_used for u in recorded]) or own_nodes_apply(parts))
        if not versions_differ and files is None:
            continue
        said = {k: ", ".join([*(p for p in used[k].plugins_used if p not in everywhere),
                              *(files[i] if files else ())]) or "—" for i, k in enumerate(parts)}
        said |= {k: gettext("plugins and catalogue files not recorded", lang) for k in unjudged.get(framework, ())}
        described = "; ".join(f"{used[k].label}: {said[k]}" for k in sorted(said))
        warnings.append({"code": "plugins_differ", "message": plugins_differ_message(framework, described, lang),
                         "plugins": [used[k].entry for k in sorted(said)]})
    return warnings


def plugins_in_two_versions(used: list[Any]) -> list[str]:
    """The plugins that ``used`` (lists of ``name==version``, one per run) hold in more than one version."""
    versions: dict[str, set[str]] = {}
    for listed in used:
        for item in listed:
            name, _, version = item.partition("==")
            versions.setdefault(name, set()).add(version)
    return sorted(name for name, found in versions.items() if len(found) > 1)


def plugins_differ_message(framework: tuple[Any, Any, Any], runs: str, lang: str | None = None) -> str:
    """The ``plugins_differ`` warning of the framework ``(id, version, sha256)``, its runs described in ``runs``."""
    return gettext("results of framework {framework} were scored with different plugins or catalogue files — "
                   "{runs}; the sectors, indicators and scoring levels these add can differ, so their scores "
                   "are not like for like", lang).format(
        framework=framework_text({"id": framework[0], "version": framework[1], "sha256": framework[2]}), runs=runs)


def _own_nodes_apply(table: Any, parts: list[int]) -> bool:
    """Whether a criterion or indicator that not every one of these runs has applies to one of its village-years.

    Where the indicator level was not loaded (``compare`` reads results without it), a run's own
    indicators are taken to be those of its own criteria, judged by them; a run with indicators of
    its own but no criteria of its own counts as applying.
    """
    runs = [table.runs[k] for k in parts]
    has_own_criteria = {}
    for level, ids_of in (("criterion", lambda r: r.criteria), ("indicator", lambda r: r.indicators)):
        shared = set.intersection(*(set(ids_of(r)) for r in runs))
        for k, r in zip(parts, runs, strict=True):
            own = [x for x in ids_of(r) if x not in shared]
            if level == "criterion":
                has_own_criteria[k] = bool(own)
            if not own:
                continue
            try:
                found = table.level(k, level)
            except VillageScoreError:  # the indicator level was not loaded
                if has_own_criteria[k]:
                    continue
                return True
            positions = [found.ids.index(x) for x in own if x in found.ids]
            if (np.asarray(found.status)[:, positions] != 2).any():  # 2: not applicable
                return True
    return False
