"""The national summary of a large Result, for the reports (HTML, Markdown, the terminal).

Above :data:`SUMMARY_LIMIT` village-years a report that listed every village would be a
page nobody reads (and tens of megabytes): the reports show this summary instead —
headline figures, the distribution of overall scores, one row per province with its
scores and tier shares, the best and the worst village-years — and detailed profiles for
the first few village-years only, saying so. Everything here selects, counts and formats
the Result's scores (pandas group-bys over whole columns); nothing scores anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..i18n import format_integer, label, t
from ..provinces import collation_key, current_provinces
from .view import fmt_num, fmt_pct, tr

__all__ = ["SUMMARY_LIMIT", "NATIONAL_PROFILES", "EXTREMES", "national_view"]

#: From this many village-years on, the HTML and Markdown reports and the terminal table are a national summary.
SUMMARY_LIMIT = 1_000
#: Village-years with a detailed profile in a national summary (the first ones, in village id order).
NATIONAL_PROFILES = 20
#: How many best and worst village-years are listed.
EXTREMES = 10


def _current_province(frame: Any) -> Any:
    """Each row's current (post-2025) province as ``compare`` groups it, ``None`` when none is recorded.

    :func:`villagescore.provinces.current_provinces` derives it (a village with only a
    ``former_province`` is under the province that former one merged into); blank cells count
    as not recorded.
    """
    import pandas as pd

    from ..admin_mapping import load_mapping
    from ..errors import AdminMappingError

    def cells(column: str) -> Any:
        if column not in frame.columns:
            return pd.Series(None, index=frame.index, dtype=object)
        codes, names = pd.factorize(frame[column])  # each distinct name stripped once
        text = np.array([str(x).strip() or None for x in names] + [None], dtype=object)
        return pd.Series(text[codes], index=frame.index, dtype=object)

    v = pd.DataFrame({"village_id": frame["village_id"].astype(object), "province": cells("province"),
                      "former_province": cells("former_province")}, index=frame.index, dtype=object)
    try:
        mapping = load_mapping()
    except AdminMappingError:  # a broken install: group by the recorded names, as without a table
        mapping = None
    current, _ = current_provinces(v, mapping)
    return current["province_current"]


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
    current = _current_province(frame)  # as compare groups: a former province alone says where
    province = current.where(current.notna(), none)
    tiers = [(tier.id, label(tier.label, lang, tier.id)) for tier in fw.tiers]
    rating = frame["rating"].astype(object).where(frame["rating"].notna(), "")
    years = sorted(int(y) for y in pd.unique(frame["year"]))
    headline = [
        (tr("villages_count", lang), format_integer(frame['village_id'].nunique(), lang)),
        (tr("village_years", lang), format_integer(len(frame), lang)),
        (t("year", lang), ", ".join(str(y) for y in years[:12]) + (" …" if len(years) > 12 else "")),
        (t("province", lang), format_integer(province[province != none].nunique(), lang)),
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
    data = pd.DataFrame({"province": province.to_numpy(), "score": score, "rating": rating.to_numpy(),
                         **{p.id: frame[f"{p.id}_score"].to_numpy(dtype=float) for p in fw.pillars}})
    grouped = data.groupby("province", sort=False)
    stats = grouped["score"].agg(["size", "mean", "median", "min", "max"])
    pillar_means = grouped[[p.id for p in fw.pillars]].mean()
    shares = pd.crosstab(data["province"], data["rating"], normalize="index")
    provinces = []
    for name in sorted(stats.index, key=lambda x: collation_key(str(x))):
        row = stats.loc[name]
        provinces.append({
            "name": str(name), "count": format_integer(int(row['size']), lang), "mean": fmt_num(row["mean"], 1, lang),
            "median": fmt_num(row["median"], 1, lang), "min": fmt_num(row["min"], 1, lang),
            "max": fmt_num(row["max"], 1, lang),
            "pillars": [fmt_num(pillar_means.at[name, p.id], 1, lang) for p in fw.pillars],
            "tiers": [fmt_pct(shares.at[name, tid] if tid in shares.columns else 0.0, lang, 0) for tid, _ in tiers],
        })
    located = frame.assign(province=current.where(current.notna(), None))
    best = _extremes(located, score, scored, highest=True)
    worst = _extremes(located, score, scored, highest=False)
    return {
        "headline": headline,
        "distribution": distribution,
        "unscored": format_integer(unscored, lang) if unscored else "",
        "tier_labels": [text for _, text in tiers],
        "tier_ids": [tid for tid, _ in tiers],
        "provinces": provinces,
        "best": _rows(best, lang),
        "worst": _rows(worst, lang),
        "extremes": EXTREMES,
        "frame": frame,
    }


def _extremes(frame: Any, score: np.ndarray, scored: np.ndarray, *, highest: bool) -> Any:
    """The :data:`EXTREMES` best (or worst) scored rows: score rounded to 2 decimals, then village id and year.

    Only the rows that can be among them (a score at least as good as the tenth best, ties
    included) are sorted, not the whole country.
    """
    rows = np.flatnonzero(scored)
    rounded = np.round(score[rows], 2)
    if len(rows) > EXTREMES:
        edge = -np.partition(-rounded, EXTREMES - 1)[EXTREMES - 1] if highest else \
            np.partition(rounded, EXTREMES - 1)[EXTREMES - 1]
        near = rounded >= edge if highest else rounded <= edge
        rows, rounded = rows[near], rounded[near]
    return (frame.iloc[rows].assign(_s=rounded)
            .sort_values(["_s", "village_id", "year"], ascending=[not highest, True, True], kind="stable")
            .head(EXTREMES))


def _rows(frame: Any, lang: str) -> list[dict[str, Any]]:
    out = []
    for r in frame.itertuples(index=False):
        name = r.name if isinstance(r.name, str) else str(r.village_id)
        out.append({"name": name, "village_id": str(r.village_id), "province": r.province if isinstance(
            r.province, str) else "", "year": int(r.year), "score": fmt_num(r.overall_score, 1, lang),
            "rating": r.rating_label if isinstance(r.rating_label, str) else "—",
            "rating_id": r.rating if isinstance(r.rating, str) else ""})
    return out
