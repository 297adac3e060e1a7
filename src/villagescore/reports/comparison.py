"""Comparisons for people: the titled tables, Markdown and terminal views of a comparison dict.

The comparison itself is computed by :mod:`villagescore.compare`; this module only presents the
dict it returns (``schemas/compare.schema.json``). The HTML and XLSX comparison reports reuse
:func:`sections`.
"""

from __future__ import annotations

from typing import Any

from ..errors import VillageScoreError

__all__ = ["TABLES", "sections", "render", "rich_view"]

#: The sections one CSV can hold (``--table``); ``auto`` picks the most specific one asked for.
TABLES = ["auto", "rankings", "groups", "side-by-side", "gaps", "changes", "node-changes"]

_W: dict[str, dict[str, str]] = {
    "rating": {"vi": "Xếp loại", "en": "Rating"},
    "groups": {"vi": "Thống kê theo nhóm", "en": "Groups"},
    "side-by-side": {"vi": "So sánh trực tiếp", "en": "Side by side"},
    "gaps": {"vi": "Chỉ số giải thích chênh lệch", "en": "Indicators explaining the gap"},
    "changes": {"vi": "Thay đổi theo thời gian", "en": "Changes over time"},
    "node-changes": {"vi": "Thay đổi theo thời gian, từng nút", "en": "Changes over time, node by node"},
    "period": {"vi": "Kỳ", "en": "Period"},
    "province_current": {"vi": "Tỉnh/thành (từ 2025)", "en": "Province (since 2025)"},
    "province_recorded": {"vi": "Tỉnh/thành ghi nhận", "en": "Province recorded"},
    "scored": {"vi": "Có điểm", "en": "Scored"},
    "best": {"vi": "Tốt nhất", "en": "Best"},
    "worst": {"vi": "Kém nhất", "en": "Worst"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "too_small": {"vi": "quá ít làng để tổng hợp", "en": "too small to summarise"},
    "unmapped": {"vi": "không có trong bảng chuyển đổi 2025", "en": "not in the 2025 mapping table"},
    "level": {"vi": "Cấp", "en": "Level"},
    "node": {"vi": "Nút", "en": "Node"},
    "label": {"vi": "Tên", "en": "Label"},
    "overall": {"vi": "Tổng hợp", "en": "Overall"},
    "difference": {"vi": "Chênh lệch", "en": "Difference"},
    "share_of_gap": {"vi": "Tỷ lệ chênh lệch", "en": "Share of gap"},
    "cumulative": {"vi": "Cộng dồn", "en": "Cumulative"},
    "from": {"vi": "Từ", "en": "From"},
    "to": {"vi": "Đến", "en": "To"},
    "delta": {"vi": "Thay đổi", "en": "Change"},
    "tier_change": {"vi": "Xếp loại", "en": "Tier"},
    "up": {"vi": "lên", "en": "up"},
    "down": {"vi": "xuống", "en": "down"},
    "same": {"vi": "giữ nguyên", "en": "same"},
    "by:province": {"vi": "tỉnh/thành (từ 2025)", "en": "province (since 2025)"},
    "by:commune": {"vi": "xã/phường", "en": "commune"},
    "by:sector": {"vi": "ngành nghề", "en": "sector"},
    "by:former_district": {"vi": "huyện cũ", "en": "former district"},
    "explains": {"vi": "{n} chỉ số đứng đầu giải thích {share} của chênh lệch {gap} điểm ({a} → {b})",
                 "en": "the top {n} indicators explain {share} of the {gap}-point gap ({a} → {b})"},
    "no_gap": {"vi": "không có chênh lệch điểm tổng hợp ({a} → {b})", "en": "no overall gap ({a} → {b})"},
    "nothing": {"vi": "không có làng nào có hơn một kết quả", "en": "no village has more than one result"},
}


def _w(key: str, lang: str) -> str:
    from ..i18n import t

    entry = _W.get(key)
    return (entry.get(lang) or entry["en"]) if entry else t(key, lang)


def _f(x: Any, digits: int = 2, signed: bool = False) -> str:
    if x is None:
        return "—"
    return f"{float(x):+.{digits}f}" if signed else f"{float(x):.{digits}f}"


def _pct(x: Any) -> str:
    return "—" if x is None else f"{float(x) * 100:.1f} %"


def _who(ref: dict[str, Any]) -> str:
    return f"{ref['village_id']}@{ref['year']}"


def _who_score(v: dict[str, Any] | None, text: bool) -> str | None:
    if v is None:
        return "—" if text else None
    return f"{v['village_id']} ({_f(v['score'])})"


# --------------------------------------------------------------------------- sections

def sections(c: dict[str, Any], lang: str, *, text: bool = True) -> list[dict[str, Any]]:
    """The comparison as titled tables: ``{"key", "title", "header", "rows", "notes"}``.

    ``text=True`` formats numbers for reading (2 decimals, signed differences);
    ``text=False`` keeps raw numbers (CSV).
    """
    num = (lambda x, signed=False: _f(x, 2, signed)) if text else (lambda x, signed=False: x)  # noqa: E731
    share = _pct if text else (lambda x: x)
    out: list[dict[str, Any]] = []
    multi_period = len(c["rankings"]["periods"]) > 1
    multi_run = len(c["runs"]) > 1
    pillars = c["pillars"]
    plabel = {p["id"]: p["label"] for p in pillars}

    head = ([_w("period", lang)] if multi_period else []) + [
        _w("rank", lang), _w("village_id", lang), _w("village", lang), _w("year", lang)]
    head += [_w("run", lang)] if multi_run else []
    head += [_w("province_current", lang), _w("province_recorded", lang), _w("overall", lang),
             _w("rating", lang)]
    for p in pillars:  # text: "score (rank)" in one cell; CSV: two columns
        rank = _w("rank", lang)
        head += [f"{p['label']} ({rank.lower()})"] if text else [p["label"], f"{rank} — {p['label']}"]
    rows = []
    for r in c["rankings"]["rows"]:
        recorded = r["former_province"] or r["province"]
        row = ([r["period"]] if multi_period else []) + [r["rank"] if r["rank"] is not None else "—" if text else None,
                                                        r["village_id"], r["name"], r["year"]]
        row += [r["run"]] if multi_run else []
        row += [r["province_current"], recorded if recorded != r["province_current"] else "" if text else recorded,
                num(r["score"]), r["rating_label"] or (_w("unrated", lang) if text else None)]
        for p in pillars:
            cell = r["pillars"][p["id"]]
            row += [f"{num(cell['score'])} ({cell['rank'] or '—'})"] if text else [cell["score"], cell["rank"]]
        rows.append(row)
    out.append({"key": "rankings", "title": _w("rankings", lang), "header": head, "rows": rows,
                "notes": [c["rankings"]["tie_rule"]]})

    g = c.get("groups")
    if g:
        tiers = c["tiers"]
        head = ([_w("period", lang)] if multi_period else []) + [
            _w("rank", lang), f"{_w('group', lang)}: {_w('by:' + g['by'], lang)}", _w("count", lang),
            _w("scored", lang), _w("mean", lang), _w("median", lang), _w("min", lang), _w("max", lang)]
        head += [f"% {t['label']}" for t in tiers] + [f"% {_w('unrated', lang)}"]
        head += [_w("best", lang), _w("worst", lang), _w("note", lang)]
        rows = []
        for r in g["rows"]:
            notes = []
            if r["too_small"]:
                notes.append(_w("too_small", lang) + f" (< {g['min_group']}): " + ", ".join(r["villages"]))
            if not r["mapped"]:
                notes.append(_w("unmapped", lang))
            extra = [n for n in r["recorded_names"] if n != r["key"]]
            if extra:
                notes.append("← " + ", ".join(extra))
            shares = r["tier_shares"] or {}
            row = ([r["period"]] if multi_period else []) + [
                r["rank"] if r["rank"] is not None or not text else "—", r["label"], r["count"], r["scored"],
                num(r["mean"]), num(r["median"]), num(r["min"]), num(r["max"])]
            row += [share(shares.get(t["id"])) for t in tiers] + [share(shares.get("unrated"))]
            row += [_who_score(r["best"], text), _who_score(r["worst"], text), "; ".join(notes)]
            rows.append(row)
        out.append({"key": "groups", "title": f"{_w('groups', lang)} — {_w('by:' + g['by'], lang)}",
                    "header": head, "rows": rows, "notes": []})

    s = c.get("side_by_side")
    if s:
        who = [_who(v) for v in s["villages"]]
        head = [_w("level", lang), _w("node", lang), _w("label", lang), *who]
        head += [f"{_w('difference', lang)} {x} − {who[0]}" for x in who[1:]]
        rows = [[_w(n["level"], lang), n["id"], n["label"] if n["level"] != "overall" else _w("overall", lang),
                 *[num(x) for x in n["scores"]], *[num(x, True) for x in n["differences"][1:]]]
                for n in s["nodes"]]
        out.append({"key": "side-by-side", "title": _w("side-by-side", lang), "header": head, "rows": rows,
                    "notes": []})
        head = ["a", "b", _w("indicator", lang), _w("label", lang), _w("pillar", lang),
                f"{_w('contribution', lang)} a", f"{_w('contribution', lang)} b", _w("difference", lang),
                _w("share_of_gap", lang), _w("cumulative", lang)]
        rows, notes = [], []
        for gap in s["gaps"]:
            a, b = _who(gap["a"]), _who(gap["b"])
            if gap["top_share"] is None:
                notes.append(_w("no_gap", lang).format(a=a, b=b))
            else:
                notes.append(_w("explains", lang).format(n=gap["top"], share=_pct(gap["top_share"]),
                                                         gap=_f(gap["overall_gap"], 2, True), a=a, b=b))
            running = 0.0
            for k, ind in enumerate(gap["indicators"]):
                if text and k >= gap["top"]:
                    break
                running += ind["difference"] or 0.0
                cum = None if gap["top_share"] is None else running / gap["overall_gap"]
                rows.append([a, b, ind["id"], ind["label"], ind["pillar"], num(ind["contribution_a"]),
                             num(ind["contribution_b"]), num(ind["difference"], True),
                             share(ind["share_of_gap"]), share(cum)])
        out.append({"key": "gaps", "title": _w("gaps", lang), "header": head, "rows": rows, "notes": notes})

    t = c["over_time"]
    head = [_w("village_id", lang), _w("village", lang), _w("from", lang), _w("to", lang)]
    head += [f"{_w('run', lang)} {_w('from', lang).lower()}", f"{_w('run', lang)} {_w('to', lang).lower()}"] \
        if multi_run else []
    head += [f"{_w('overall', lang)} {_w('from', lang).lower()}", f"{_w('overall', lang)} {_w('to', lang).lower()}",
             _w("delta", lang), f"{_w('rating', lang)} {_w('from', lang).lower()}",
             f"{_w('rating', lang)} {_w('to', lang).lower()}", _w("tier_change", lang)]
    rows = []
    for ch in t["changes"]:
        row = [ch["village_id"], ch["name"], ch["from"]["year"], ch["to"]["year"]]
        row += [ch["from"]["run"], ch["to"]["run"]] if multi_run else []
        row += [num(ch["from"]["score"]), num(ch["to"]["score"]), num(ch["delta"], True),
                ch["from"]["rating_label"], ch["to"]["rating_label"],
                _w(ch["tier_change"], lang) if ch["tier_change"] and text else ch["tier_change"]]
        rows.append(row)
    out.append({"key": "changes", "title": _w("changes", lang), "header": head, "rows": rows,
                "notes": [] if rows else [_w("nothing", lang)]})
    if t["node_changes"]:
        head = [_w("village_id", lang), _w("from", lang), _w("to", lang)]
        head += [f"{_w('run', lang)} {_w('from', lang).lower()}", f"{_w('run', lang)} {_w('to', lang).lower()}"] \
            if multi_run else []
        head += [_w("level", lang), _w("node", lang), _w("from", lang), _w("to", lang), _w("delta", lang)]
        rows = []
        for n in t["node_changes"]:
            row = [n["village_id"], n["from_year"], n["to_year"]]
            row += [n["from_run"], n["to_run"]] if multi_run else []
            name = plabel.get(n["id"], n["id"]) if text and n["level"] == "pillar" else n["id"]
            row += [_w(n["level"], lang), name, num(n["from"]), num(n["to"]), num(n["delta"], True)]
            rows.append(row)
        out.append({"key": "node-changes", "title": _w("node-changes", lang), "header": head, "rows": rows,
                    "notes": []})
    return out


def _auto_table(c: dict[str, Any]) -> str:
    if c.get("side_by_side"):
        return "gaps"
    if c.get("groups"):
        return "groups"
    return "rankings"


def _visible(c: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Sections for reading (table, Markdown): what was asked for, and no empty ones.

    With ``--by`` and no ``--villages`` the village rankings are left to JSON/CSV (a national
    sample has hundreds of rows); changes over time appear when some village has them.
    """
    skip = {"rankings"} if c.get("groups") and not c["options"]["villages"] else set()
    return [s for s in sections(c, lang) if s["rows"] and s["key"] not in skip]


def _markdown(c: dict[str, Any], lang: str) -> bytes:
    from .markdown import md_cell, md_table

    runs = ", ".join(f"{r['label']} ({r['framework']['id']} {r['framework']['version']})" for r in c["runs"])
    lines = [f"# {_w('rankings', lang)} / {_w('groups', lang)} — {md_cell(runs)}", ""]
    for w in c["warnings"]:
        lines += [f"> **warning:** {md_cell(w['message'])}", ""]
    for sec in _visible(c, lang):
        lines += [f"## {md_cell(sec['title'])}", ""]
        lines += [f"_{md_cell(n)}_" for n in sec["notes"]]
        if sec["notes"]:
            lines.append("")
        if sec["rows"]:
            lines += [md_table(sec["header"], sec["rows"]), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def rich_view(c: dict[str, Any], lang: str) -> list[Any]:
    """The comparison as rich tables for the terminal (no text is read as rich markup)."""
    from .terminal import plain_table

    return [plain_table(sec["header"], sec["rows"], title=sec["title"], caption="\n".join(sec["notes"]) or None,
                        overflow="fold")
            for sec in _visible(c, lang)]


#: Up to this many ranked rows a comparison's JSON is indented; above, compact (the C encoder).
PRETTY_ROWS = 100


def comparison_json(c: dict[str, Any]) -> bytes:
    """The comparison as JSON: indented by 2 spaces up to :data:`PRETTY_ROWS` ranked rows, compact above.

    Indenting forces Python's pure-Python encoder (15 s for 100,000 villages); a large
    comparison is written compact with the C encoder, one line.
    """
    import json

    from ..results import to_json_bytes

    if len(c.get("rankings", {}).get("rows") or []) <= PRETTY_ROWS:
        return to_json_bytes(c)
    return (json.dumps(c, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")


def render(c: dict[str, Any], fmt: str, lang: str, table: str = "auto") -> bytes:
    """Render a comparison dict as ``json``, ``csv`` (one section), ``md``, ``html`` or ``xlsx`` bytes."""
    if fmt == "json":
        return comparison_json(c)
    if fmt == "csv":
        from ..outputs import csv_bytes

        key = _auto_table(c) if table == "auto" else table
        found = [s for s in sections(c, lang, text=False) if s["key"] == key]
        if not found:
            msg = f"--table {key}: this comparison has no such section (give --by for groups, two --villages for " \
                  "side-by-side and gaps, villages with several years for changes)"
            raise VillageScoreError(msg)
        return csv_bytes(found[0]["header"], found[0]["rows"])
    if fmt == "md":
        return _markdown(c, lang)
    if fmt in ("html", "xlsx"):
        import importlib

        try:
            module = importlib.import_module(f"villagescore.reports.{fmt}")
        except ImportError:
            module = None
        fn = getattr(module, "render_comparison", None)
        if fn is None:
            msg = f"--format {fmt}: this installation has no {fmt.upper()} comparison report " \
                  f"(villagescore.reports.{fmt}.render_comparison); use json, csv, md or table"
            raise VillageScoreError(msg)
        return fn(c, lang)
    msg = f"unknown format {fmt!r}; choose one of: json, csv, md, html, xlsx"
    raise VillageScoreError(msg)
