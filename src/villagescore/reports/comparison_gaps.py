"""The side-by-side and gap sections of a comparison for people (see :mod:`villagescore.reports.comparison`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .comparison import _change, _node_name, _pct, _w, _who

__all__ = ["side_by_side_sections", "REGULATION_MARK"]


def side_by_side_sections(s: dict[str, Any], lang: str, *, text: bool, narrow: bool, num: Any,
                           share: Any, overall: Any = None, pillar: Mapping[str, Any] | None = None,
                           minimums: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Node by node, and the indicators that explain each gap.

    For reading (``text``) the villages are letters explained by a legend (``A = Name (id), year 2024``);
    data (CSV, XLSX) names them ``id@year`` under the headers ``Village A``, ``Village B``. ``overall``
    prints the overall scores (as the rankings do: 59.9999 beside a tier of 60), ``pillar[id]`` a pillar's
    (against its minimums), ``num`` the others; ``minimums`` (``"overall"`` and by pillar id): those a
    difference's two scores are printed against.
    """
    overall = overall or num
    pillar, minimums = pillar or {}, minimums or {}

    def printer(n: dict[str, Any]) -> Any:  # how a node's scores are printed
        return overall if n["level"] == "overall" else pillar.get(n["id"], num) if n["level"] == "pillar" else num

    def bounds(n: dict[str, Any]) -> Any:
        return minimums.get("overall" if n["level"] == "overall" else n["id"], ()) if n["level"] in (
            "overall", "pillar") else ()
    out: list[dict[str, Any]] = []
    who = [_who(v) for v in s["villages"]]
    letters = [chr(ord("A") + k) if k < 26 else str(k + 1) for k in range(len(who))]
    legend = [" · ".join(f"{x} = {_who(v, lang)}" for x, v in zip(letters, s["villages"], strict=True))] if text else []
    pillars = {n["id"]: n["label"] for n in s["nodes"] if n["level"] == "pillar"}

    def differences(n: dict[str, Any]) -> list[Any]:  # each village against the reference, as the scores show
        return [_change(x, n["scores"][0], d, text, lang, bounds(n))
                for x, d in zip(n["scores"][1:], n["differences"][1:], strict=True)]

    if narrow:
        head = [_w("node", lang), *letters, *[f"{x} − {letters[0]}" for x in letters[1:]]]
        rows = [[_w("overall", lang) if n["level"] == "overall"
                 else _node_name(n["id"], n["label"]),
                 *[printer(n)(x) for x in n["scores"]], *differences(n)]
                for n in s["nodes"]]
    else:
        cols = letters if text else who
        head = [_w("level", lang), _w("node", lang), _w("label", lang), *cols]
        head += [f"{_w('difference', lang)} {x} − {cols[0]}" for x in cols[1:]]
        rows = [[_w(n["level"], lang), n["id"], n["label"] if n["level"] != "overall" else _w("overall", lang),
                 *[printer(n)(x) for x in n["scores"]], *differences(n)]
                for n in s["nodes"]]
    changed = {c["id"]: c for c in s.get("regulation_changes") or []}
    if text:  # a changed regulation: the row marked, the versions named below the table
        name_at = 0 if narrow else 2
        for row, n in zip(rows, s["nodes"], strict=True):
            if n["id"] in changed and n["level"] == "indicator":
                row[name_at] = f"{row[name_at]}\u00a0{REGULATION_MARK}"
    else:  # data: the version applied on each side, and whether it differs
        head += [_w("regulations", lang), _w("regulation_changed", lang)]
        for row, n in zip(rows, s["nodes"], strict=True):
            regs = n.get("regulations")
            row += [None, None] if regs is None else [" → ".join(r if r is not None else "" for r in regs),
                                                      _w("yes" if n.get("regulation_changed") else "no", lang)]
    said_changed = {c["id"]: _w("regulation_changed_note", lang).format(
        mark=REGULATION_MARK, indicator=f"{c['label']} ({c['id']})",
        versions=", ".join(f"{x}: {version_name(v, lang)}" for x, v in zip(letters, c["versions"], strict=True)))
        for c in changed.values()} if text else {}
    kinds = ["text"] * 3 + ["score"] * len(who) + ["difference"] * (len(who) - 1) + ["text", "text"]
    out.append({"key": "side-by-side", "title": _w("side-by-side", lang), "header": head, "rows": rows,
                "notes": legend + list(said_changed.values()), "kinds": kinds})
    pairs = len(s["gaps"]) > 1
    if narrow:
        from ..i18n import t

        ab = ["a", "b", "b − a"] if pairs else [letters[0], letters[1], f"{letters[1]} − {letters[0]}"]
        head = ([""] if pairs else []) + [_w("indicator", lang), *ab, "%", "Σ %"]
        legend.append(t("compare.gap_legend", lang))
    else:
        head = [_w("village_a", lang), _w("village_b", lang), _w("indicator", lang), _w("label", lang),
                _w("pillar", lang), _w("contribution_a", lang), _w("contribution_b", lang), _w("difference", lang),
                _w("share_of_gap", lang), _w("cumulative", lang)]
    rows, notes = [], []
    letter = dict(zip(who, letters, strict=True))
    overall = next((n["scores"] for n in s["nodes"] if n["level"] == "overall"), None)
    for k_gap, gap in enumerate(s["gaps"], start=1):
        a, b = _who(gap["a"]), _who(gap["b"])
        shown_gap = (_change(overall[k_gap], overall[0], gap["overall_gap"], True, lang, minimums.get("overall", ()))
                     if overall else "—")
        said = {"a": _who(gap["a"], lang), "b": _who(gap["b"], lang)}
        if gap["top_share"] is None:
            notes.append(_w("no_gap", lang).format(**said))
        else:
            notes.append(_w("explains", lang).format(n=gap["top"], share=_pct(gap["top_share"], lang),
                                                     gap=shown_gap, **said))
        running = 0.0
        for k, ind in enumerate(gap["indicators"]):
            if text and k >= gap["top"]:
                break
            running += ind["difference"] or 0.0
            cum = None if gap["top_share"] is None else round(running / gap["overall_gap"], 4)
            values = [num(ind["contribution_a"]), num(ind["contribution_b"]),
                      _change(ind["contribution_b"], ind["contribution_a"], ind["difference"], text, lang),
                      share(ind["share_of_gap"]), share(cum)]
            if narrow:
                name = _node_name(ind["id"], ind["label"])
                name += f"\u00a0{REGULATION_MARK}" if ind["id"] in changed else ""
                rows.append(([f"{letter.get(b, b)}/{letter.get(a, a)}"] if pairs else []) + [name, *values])
            else:
                pillar, name = ind["pillar"], pillars.get(ind["pillar"])
                pillar = f"{name} ({pillar})" if name and name != pillar else pillar
                mark = f"\u00a0{REGULATION_MARK}" if text and ind["id"] in changed else ""
                rows.append([letter[a] if text else a, letter[b] if text else b, ind["id"], ind["label"] + mark,
                             pillar, *values])
    shown = {ind["id"] for gap in s["gaps"] for ind in gap["indicators"][:gap["top"] if text else None]}
    notes += [note for ind, note in said_changed.items() if ind in shown]
    # data: villages, indicator, label, pillar; contributions (points of the overall score), difference, shares
    kinds = ["text"] * 5 + ["number", "number", "difference", "share", "share"]
    out.append({"key": "gaps", "title": _w("gaps", lang), "header": head, "rows": rows,
                "notes": legend + notes if text else notes, "kinds": kinds})
    return out


def version_name(version: Mapping[str, Any] | None, lang: str) -> str:
    """A version applied as people cite it: ``Quyết định 59/2015/QĐ-TTg (decision-59-2015)``; none in force; —."""
    from ..i18n import t
    from ..i18n.legal import document_name

    if version is None:
        return "—"
    if not version["regulation"]:
        return t("regulation_none_in_force", lang)
    return f"{document_name(version['document'] or version['regulation'], lang)} ({version['regulation']})"


#: The mark beside an indicator scored against different regulation versions (explained below the table).
REGULATION_MARK = "§"
