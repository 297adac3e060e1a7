"""The national summary of a large Result, for the reports (HTML, Markdown, the terminal).

Above :data:`SUMMARY_LIMIT` village-years a report that listed every village would be a
page nobody reads (and tens of megabytes): the reports show this summary instead —
headline figures, the distribution of overall scores, one row per province with its
scores and tier shares (grouped as ``compare`` groups them: a name the 2025 mapping table does not
know is its own row, marked so, not counted as a province, and said in a warning), the best and
the worst village-years — and detailed profiles for
the first few village-years only, saying so. Everything here selects, counts and formats
the Result's scores (pandas group-bys over whole columns); nothing scores anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..i18n import format_integer, label, t
from ..i18n.numbers import rounded_as_shown
from ..provinces import collation_key, current_provinces
from ..published import format_decisive, tier_minimums
from .view import fmt_num, fmt_pct, tr

__all__ = ["SUMMARY_LIMIT", "NATIONAL_PROFILES", "EXTREMES", "national_view"]

#: From this many village-years on, the HTML and Markdown reports and the terminal table are a national summary.
SUMMARY_LIMIT = 1_000
#: Village-years with a detailed profile in a national summary (the first ones, in village id order).
NATIONAL_PROFILES = 20
#: How many best and worst village-years are listed.
EXTREMES = 10


def _cells(frame: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code in ``column`` and the distinct texts stripped (``None``: empty), ``None`` last for no cell.

    A code indexes the texts directly: -1 (an empty cell, or no such column) reads the last one.
    """
    import pandas as pd

    if column not in frame.columns:
        return np.full(len(frame), -1, dtype=np.intp), np.array([None], dtype=object)
    codes, names = pd.factorize(frame[column])  # each distinct name stripped once
    return codes, np.array([str(x).strip() or None for x in names] + [None], dtype=object)


def _current_province(frame: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's current (post-2025) province as ``compare`` groups it: ``(codes, names, mapped, consistent)``.

    :func:`villagescore.provinces.current_provinces` derives it (a village with only a
    ``former_province`` is under the province that former one merged into); blank cells count
    as not recorded. It is worked out once per distinct pair of recorded names, not per row:
    ``names[codes]`` is every row's (``None`` when not recorded); ``mapped[codes]`` whether the
    2025 mapping table knows the name (a name it does not know is its own group, as in ``compare``)
    and ``consistent[codes]`` whether the former province merged into the province.
    """
    import pandas as pd

    from ..admin_mapping import load_mapping
    from ..errors import AdminMappingError

    (p_codes, p_text), (f_codes, f_text) = _cells(frame, "province"), _cells(frame, "former_province")
    pairs, distinct = pd.factorize(p_codes % len(p_text) * len(f_text) + f_codes % len(f_text))
    v = pd.DataFrame({"village_id": np.arange(len(distinct)).astype(str), "province": p_text[distinct // len(f_text)],
                      "former_province": f_text[distinct % len(f_text)]}, dtype=object)
    try:
        mapping = load_mapping()
    except AdminMappingError:  # a broken install: group by the recorded names, as without a table
        mapping = None
    current, _ = current_provinces(v, mapping)  # its warnings name these pairs, not villages: said per row below
    names = np.array([x if isinstance(x, str) else None for x in current["province_current"].tolist()], dtype=object)
    mapped = current["province_mapped"].to_numpy(dtype=bool) | (names == None)  # noqa: E711 (no province: no mark)
    return pairs, names, mapped, current["former_consistent"].to_numpy(dtype=bool)


def _province_groups(frame: Any, none: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Each row's province group, the groups' names, each row's current province: ``(group, labels, current, marks)``.

    A group's name is ``none`` for the village-years that record no province; their current
    province is ``None``. ``marks``: ``mapped`` (per group: a province of the 2025 mapping table,
    or no province recorded), ``unmapped`` (each name the table does not know → its village-years)
    and ``inconsistent`` (the village-years whose former province did not merge into their province).
    """
    import pandas as pd

    pairs, names, mapped, consistent = _current_province(frame)
    group, labels = pd.factorize(np.array([none if x is None else x for x in names.tolist()], dtype=object))
    label_mapped = np.ones(len(labels), dtype=bool)
    label_mapped[group[~mapped]] = False  # a name the table does not know is never a current province's name
    per_pair = np.bincount(pairs, minlength=len(names))
    unmapped: dict[str, int] = {}
    for k in np.flatnonzero(~mapped).tolist():
        unmapped[names[k]] = unmapped.get(names[k], 0) + int(per_pair[k])
    marks = {"mapped": label_mapped, "unmapped": unmapped, "inconsistent": int(per_pair[~consistent].sum())}
    return group[pairs], np.asarray(labels, dtype=object), names[pairs], marks


def _unmapped_shown(name: str, lang: str) -> str:
    """A province name the 2025 mapping table does not know, marked so (it is no current province)."""
    return f"{name} ({t('compare_view.unmapped', lang)})"


def _province_warnings(marks: dict[str, Any], lang: str) -> list[str]:
    """What the province table cannot group: names the mapping table does not know, former provinces elsewhere."""
    out = []
    if marks["unmapped"]:
        names = sorted(marks["unmapped"], key=collation_key)
        out.append(t("national_unmapped", lang, n=format_integer(sum(marks["unmapped"].values()), lang),
                     names=", ".join(f"{x} ({format_integer(marks['unmapped'][x], lang)})" for x in names),
                     mark=t("compare_view.unmapped", lang)))
    if marks["inconsistent"]:
        out.append(t("national_inconsistent", lang, n=format_integer(marks["inconsistent"], lang)))
    return out


def _province_rows(group: np.ndarray, labels: np.ndarray, score: np.ndarray, pillars: list[np.ndarray], rating: Any,
                   tiers: list[str], lang: str) -> list[dict[str, Any]]:
    """One row per province, in collation order: village-years, overall score figures, pillar means, tier shares.

    ``score`` is each row's overall score, ``pillars`` each pillar's scores (in framework order), ``rating``
    each row's tier id (missing: no rating). A share is the tier's count over the province's village-years,
    unrated ones included. Columns are keyed by position: a pillar's id (``score``, ``rating`` …) is no key.
    """
    import pandas as pd

    grouped = pd.DataFrame({0: score, **{k + 1: x for k, x in enumerate(pillars)}}).groupby(group, sort=True)
    stats = grouped[0].agg(["size", "mean", "median", "min", "max"]).to_numpy()
    pillar_means = grouped[list(range(1, len(pillars) + 1))].mean().to_numpy()
    codes, ids = pd.factorize(rating)  # -1: no rating, its own column of the counts
    width = len(ids) + 1
    counts = np.bincount(group * width + codes % width, minlength=len(labels) * width).reshape(len(labels), width)
    shares = counts / counts.sum(axis=1, keepdims=True)
    column = {tid: k for k, tid in enumerate(ids.tolist())}
    out = []
    for g in sorted(range(len(labels)), key=lambda g: collation_key(str(labels[g]))):
        size, mean, median, low, high = stats[g]
        out.append({
            "name": str(labels[g]), "count": format_integer(int(size), lang), "mean": fmt_num(mean, 1, lang),
            "median": fmt_num(median, 1, lang), "min": fmt_num(low, 1, lang), "max": fmt_num(high, 1, lang),
            "pillars": [fmt_num(x, 1, lang) for x in pillar_means[g]],
            "tiers": [fmt_pct(shares[g, column[tid]] if tid in column else 0.0, lang, 0) for tid in tiers],
        })
    return out


def national_view(result: Any, lang: str, *, frame: Any = None) -> dict[str, Any]:
    """Headline figures, score distribution, provinces, best and worst of ``result`` (formatted for ``lang``).

    ``frame``: ``result.summary_frame(lang=lang)`` when the caller has it (returned under ``frame``).
    """
    import pandas as pd

    fw = result.framework
    frame = result.summary_frame(lang=lang) if frame is None else frame
    score = frame["overall_score"].to_numpy(dtype=float)
    scored = ~np.isnan(score)
    none = t("not_recorded", lang)
    group, labels, current, marks = _province_groups(frame, none)  # as compare groups: a former province alone says
    shown = np.array([x if keep else _unmapped_shown(x, lang) for x, keep in zip(labels.tolist(), marks["mapped"],
                                                                                  strict=True)], dtype=object)
    tiers = [(tier.id, label(tier.label, lang, tier.id)) for tier in fw.tiers]
    years = sorted(int(y) for y in pd.unique(frame["year"]))
    headline = [
        (tr("villages_count", lang), format_integer(_distinct(frame["village_id"]), lang)),
        (tr("village_years", lang), format_integer(len(frame), lang)),
        (t("year", lang), ", ".join(str(y) for y in years[:12]) + (" …" if len(years) > 12 else "")),
        (t("province", lang), format_integer(sum(1 for x, keep in zip(labels.tolist(), marks["mapped"], strict=True)
                                                 if keep and x != none), lang)),  # only the 2025 mapping's provinces
        (tr("mean", lang), fmt_num(float(np.mean(score[scored])) if scored.any() else None, 1, lang)),
        (tr("median", lang), fmt_num(float(np.median(score[scored])) if scored.any() else None, 1, lang)),
    ]
    bins = np.clip((score[scored] // 10).astype(int), 0, 9)
    counts = np.bincount(bins, minlength=10)
    top = max(int(counts.max()) if len(counts) else 0, 1)
    distribution = [{"range": f"{10 * k}–{10 * k + 10 if k < 9 else 100}", "count": format_integer(int(c), lang),
                     "share": fmt_pct(c / max(int(scored.sum()), 1), lang, 1), "bar": 100.0 * c / top}
                    for k, c in enumerate(counts)]
    unscored = int((~scored).sum())
    pillars = [frame[f"{p.id}_score"].to_numpy(dtype=float) for p in fw.pillars]
    provinces = _province_rows(group, shown, score, pillars, frame["rating"], [tid for tid, _ in tiers], lang)
    rows = frame.set_axis(pd.RangeIndex(len(frame)))  # positions, to name the extremes' provinces
    best = _extremes(rows, score, scored, highest=True)
    worst = _extremes(rows, score, scored, highest=False)
    located = lambda at: [_unmapped_shown(x, lang) if x in marks["unmapped"] else x  # noqa: E731
                          for x in current[at.index.to_numpy()].tolist()]
    return {
        "headline": headline,
        "distribution": distribution,
        "unscored": format_integer(unscored, lang) if unscored else "",
        "tier_labels": [text for _, text in tiers],
        "tier_ids": [tid for tid, _ in tiers],
        "provinces": provinces,
        "warnings": _province_warnings(marks, lang),
        "best": _rows(best.assign(province=located(best)), lang, tier_minimums(result.framework)),
        "worst": _rows(worst.assign(province=located(worst)), lang, tier_minimums(result.framework)),
        "extremes": EXTREMES,
        "frame": frame,
    }


def _distinct(column: Any) -> int:
    """``column.nunique()``: when no value is missing, the size of a set of its values (the same count, faster)."""
    return int(column.nunique()) if column.isna().any() else len(set(column.tolist()))


def _extremes(frame: Any, score: np.ndarray, scored: np.ndarray, *, highest: bool) -> Any:
    """The :data:`EXTREMES` best (or worst) scored rows: score rounded to 2 decimals, then village id and year.

    Only the rows that can be among them (a score at least as good as the tenth best, ties
    included) are sorted, not the whole country.
    """
    rows = np.flatnonzero(scored)
    rounded = rounded_as_shown(score[rows], 2)  # as printed: a half away from zero
    if len(rows) > EXTREMES:
        edge = -np.partition(-rounded, EXTREMES - 1)[EXTREMES - 1] if highest else \
            np.partition(rounded, EXTREMES - 1)[EXTREMES - 1]
        near = rounded >= edge if highest else rounded <= edge
        rows, rounded = rows[near], rounded[near]
    return (frame.iloc[rows].assign(_s=rounded)
            .sort_values(["_s", "village_id", "year"], ascending=[not highest, True, True], kind="stable")
            .head(EXTREMES))


def _rows(frame: Any, lang: str, minimums: list[float]) -> list[dict[str, Any]]:
    out = []
    for r in frame.itertuples(index=False):
        name = r.name if isinstance(r.name, str) else str(r.village_id)
        out.append({"name": name, "village_id": str(r.village_id), "province": r.province if isinstance(
            r.province, str) else "", "year": int(r.year), "score": format_decisive(r.overall_score, minimums, lang),
            "rating": r.rating_label if isinstance(r.rating_label, str) else "—",
            "rating_id": r.rating if isinstance(r.rating, str) else ""})
    return out
