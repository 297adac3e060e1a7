"""Comparisons for people: the titled tables, Markdown and terminal views of a comparison dict.

The comparison itself is computed by :mod:`villagescore.compare`; this module only presents the
dict it returns (``schemas/compare.schema.json``). The HTML and XLSX comparison reports reuse
:func:`sections`.
"""

from __future__ import annotations

from typing import Any

from ..errors import VillageScoreError, said
from ..i18n import N_, format_percent
from .comparison_places import province_cells

__all__ = ["TABLES", "sections", "render", "rich_view"]

#: The sections one CSV can hold (``--table``); ``auto`` picks the most specific one asked for.
TABLES = ["auto", "rankings", "groups", "side-by-side", "gaps", "changes", "node-changes"]


def _w(key: str, lang: str) -> str:
    from ..i18n import t

    text = t(f"compare_view.{key}", lang)  # the report words compare_view.*, else the shared ones
    return t(key, lang) if text == f"compare_view.{key}" else text


def _period(period: Any, lang: str) -> Any:
    """A period for reading: ``latest`` (each village's latest observation) in ``lang``, a year as it is.

    A period of one framework among several (``latest · ID VERSION``) keeps its framework after the word.
    """
    if period == "latest":
        return _w("latest", lang)
    if isinstance(period, str) and period.startswith("latest "):
        return _w("latest", lang) + period[len("latest"):]
    return period


def _from_to(key: str, lang: str) -> list[str]:
    """The two headers ``<key> from`` and ``<key> to`` (``Năm từ``, ``Năm đến``): each column named once."""
    return [f"{_w(key, lang)} {_w('from', lang).lower()}", f"{_w(key, lang)} {_w('to', lang).lower()}"]


def _f(x: Any, digits: int = 2, signed: bool = False, lang: str = "en") -> str:
    """A number for reading, in ``lang``'s format (``53,70`` in Vietnamese); ``signed`` adds ``+``."""
    from ..i18n import format_number

    if x is None:
        return "—"
    text = format_number(float(x), digits, lang)
    shown_positive = float(x) > 0 and any(c in "123456789" for c in text)  # 0.5 at 0 digits shows as 1: +1
    return f"+{text}" if signed and shown_positive else text


def _change(now: Any, before: Any, raw: Any, text: bool, lang: str, minimums: Any = ()) -> Any:
    """A change shown beside its endpoints: for reading, the difference of the endpoints as printed.

    ``+23,11`` beside ``15,03`` and ``38,14``; never zero, nor with a sign its digits contradict, when
    the scores differ (``+0,004``: :func:`~villagescore.printed.format_printed_change`; ``minimums``:
    those the endpoints are printed against). Data (CSV, XLSX) keep ``raw``, the difference at full precision.
    """
    if not text:
        return raw
    from ..printed import format_printed_change

    return format_printed_change(now, before, lang, minimums)


def _tier_move(ch: dict[str, Any], lang: str) -> str | None:
    """The change of tier in words, with the gates involved (``xuống (gate.a)``: the warnings say how)."""
    if not ch["tier_change"]:
        return None
    gates = ", ".join(g["id"] for g in ch.get("gates") or ())
    return f"{_w(ch['tier_change'], lang)} ({gates})" if gates else _w(ch["tier_change"], lang)


def _n(x: Any, lang: str) -> str:
    """A count or rank for reading: ``1.234`` in Vietnamese, ``1,234`` in English; ``—`` when missing."""
    from ..i18n import format_integer

    return "—" if x is None else format_integer(x, lang)


def _pct(x: Any, lang: str = "en") -> str:
    from ..i18n import format_percent

    return "—" if x is None else format_percent(x, lang, 1)


def _who(ref: dict[str, Any], lang: str | None = None) -> str:
    """A village-year: ``id@year`` for data (``lang`` None), else ``Name (id), năm 2024`` / ``Name (id), year 2024``."""
    if lang is None:
        return f"{ref['village_id']}@{ref['year']}"
    return _w("year_of", lang).format(village=_named(ref.get("name"), ref["village_id"]), year=ref["year"])


def _who_score(v: dict[str, Any] | None, text: bool, lang: str = "en", marked: Any = (), printer: Any = None
               ) -> str | None:
    """A group's best or worst village: ``Name (id) score`` (the id alone without a name).

    ``marked``: the ``(village id, year)`` resting on fewer pillars (:func:`unscored_village_years`);
    ``printer``: how the score is printed (as the rankings print it), else 2 decimals.
    """
    if v is None:
        return "—" if text else None
    if not text:  # CSV: as before, the id and the score
        return f"{v['village_id']} ({_f(v['score'])})"
    return f"{_named(v.get('name'), v['village_id'])} " + _unscored(
        (printer or (lambda x: _f(x, lang=lang)))(v["score"]), (v["village_id"], v["year"]) in marked, UNSCORED_MARK)


def unscored_village_years(rows: Any) -> set[tuple[str, int]]:
    """The ``(village id, year)`` of the ranked rows with a pillar unscored, read column by column when they can be."""
    if not hasattr(rows, "column"):
        return {(r["village_id"], r["year"]) for r in rows if r.get("pillars_unscored")}
    try:
        cells = rows.column("pillars_unscored")
    except KeyError:  # a comparison written before
        return set()
    ids, years = rows.column("village_id"), rows.column("year")
    return {(ids[k], years[k]) for k, cell in enumerate(cells) if cell}


def _unscored(text: Any, ids: Any, mark: str) -> Any:
    """A score for reading with ``mark`` beside it when the village-year rests on fewer pillars (``ids``)."""
    return f"{text} {mark}" if ids else text


def _named(name: Any, vid: str) -> str:
    """``Name (id)``, or the id alone when the village has no name."""
    return f"{name} ({vid})" if name else vid


def _node_name(ident: str, label: Any) -> str:
    """A node for reading: ``Label (id)``, or the id alone when it has no label of its own."""
    return ident if not label or label == ident else f"{label} ({ident})"


#: The mark beside a group smaller than ``--min-group`` (explained by a legend line).
SMALL_MARK = "†"
#: The mark beside a score that rests on fewer pillars, a pillar unscored (explained by a legend line).
UNSCORED_MARK = "◇"


def _estimates_note(mostly: int, total: int, threshold: float, lang: str) -> str:
    """"8 of 8 village-years rest for 50 % or more of their scoring inputs on estimates: …" in ``lang``."""
    return _w("mostly_estimates", lang).format(n=_n(mostly, lang), total=_n(total, lang),
                                               share=format_percent(threshold, lang))


def _tier_share(r: dict[str, Any], tier: str) -> float | None:
    """A group's share of ``tier`` from its counts (rounded once, when shown), else from the rounded share."""
    counts = r.get("tier_counts")
    if counts is not None and r.get("count"):
        return counts.get(tier, 0) / r["count"]
    return (r.get("tier_shares") or {}).get(tier)


# --------------------------------------------------------------------------- sections


def sections(c: dict[str, Any], lang: str, *, text: bool = True, narrow: bool = False,
             ids: bool = False) -> list[dict[str, Any]]:
    """The comparison as titled tables: ``{"key", "title", "header", "rows", "notes", "kinds"}``.

    ``text=True`` formats numbers for reading in ``lang`` (2 decimals, signed differences) and
    names villages ``Name (id)``; ``text=False`` keeps raw numbers and separate id and name
    columns (CSV). ``narrow=True`` (the terminal) lays the rankings and groups out for 80
    columns: place and year beside the name, short pillar headers explained in a legend, and
    the tier shares, best and worst villages of the groups in a second table.

    ``kinds`` says what each column holds, one of :data:`KINDS` (every column ``text`` when
    ``text=True``: its numbers are formatted). ``ids`` (data only: the workbook) names a
    rating, a pillar and a tier ``Label (id)``, as a result's workbook does.
    """
    from ..i18n import t
    from ..printed import minimums_of, pillar_minimums_of, score_printer
    from ..report_heads import ranking_head
    from .terminal import short_headers

    num = (lambda x, signed=False: _f(x, 2, signed, lang)) if text else (lambda x, signed=False: x)  # noqa: E731
    share = (lambda x: _pct(x, lang)) if text else (lambda x: x)  # noqa: E731
    # an overall score beside its rating: 2 decimals, or those that keep it below a minimum it misses (59.9999)
    minimums = minimums_of(c.get("tiers") or [])
    overall = score_printer(minimums, lang) if text else num
    # a pillar score: so against the tiers' pillar minimums (49.996, not 50.00 beside "every pillar ≥ 50")
    pmins = pillar_minimums_of(c["pillars"])
    pillar = {p: score_printer(b, lang) for p, b in pmins.items()} if text else {p: num for p in pmins}
    out: list[dict[str, Any]] = []
    multi_period = len(c["rankings"]["periods"]) > 1
    multi_run = len(c["runs"]) > 1
    pillars = c["pillars"]
    plabel = {p["id"]: p["label"] for p in pillars}
    shorts = short_headers([p["label"] for p in pillars])
    tie_rule = t("compare.tie_rule", lang) if text else c["rankings"]["tie_rule"]

    rank = _w("rank", lang)
    if narrow:
        head = ([_w("period", lang)] if multi_period else []) + ["#", _w("village", lang)]
        head += [_w("run", lang)] if multi_run else []
        head += [t("score", lang), _w("rating", lang), *shorts]
    else:
        head = ranking_head(lang, ids=not text, period=multi_period, run=multi_run)
        for p in pillars:  # text: "score (rank)" in one cell; CSV: two columns
            name = _node_name(p["id"], p["label"]) if ids else p["label"]
            head += [f"{p['label']} ({rank.lower()})"] if text else [name, f"{rank} — {name}"]
        head += [] if text else [_w("estimated_share", lang), _w("pillars_unscored", lang)]
    # data: rank, ids, names, year, run, provinces, overall, rating; each pillar's score and rank; share, unscored
    kinds = ["text"] * multi_period + ["count", "text", "text", "text"] + ["text"] * multi_run + [
        "text", "text", "score", "text"] + ["score", "count"] * len(pillars) + ["share", "text"]
    rows = []
    places = province_cells(c, lang)
    for r in c["rankings"]["rows"]:
        recorded, moved, aside = places(r)
        row = ([_period(r["period"], lang)] if multi_period else []) + [
            _n(r["rank"], lang) if text else r["rank"]]
        if narrow:
            place = ", ".join(str(x) for x in (r["year"], r["province_current"]) if x)
            row += [f"{_named(r['name'], r['village_id'])} — {place}" + (f" (← {moved})" if moved else "")
                    + (f" ({aside})" if aside else "")]
            row += [r["run"]] if multi_run else []
            row += [_unscored(overall(r["score"]), r.get("pillars_unscored"), UNSCORED_MARK),
                    r["rating_label"] or _w("unrated", lang)]
        else:
            row += [_named(r["name"], r["village_id"])] if text else [r["village_id"], r["name"]]
            row += [r["year"]] + ([r["run"]] if multi_run else [])
            row += [r["province_current"], "; ".join(x for x in (moved, aside) if x) if text else recorded,
                    _unscored(overall(r["score"]), r.get("pillars_unscored"), UNSCORED_MARK) if text else r["score"],
                    _node_name(r["rating"], r["rating_label"]) if ids and not text
                    else r["rating_label"] or (_w("unrated", lang) if text else None)]
        for p in pillars:
            cell = r["pillars"][p["id"]]
            row += [f"{pillar[p['id']](cell['score'])} ({_n(cell['rank'], lang)})"] if text else [
                cell["score"], cell["rank"]]
        if not text and not narrow:
            row += [r.get("estimated_share"), ";".join(r.get("pillars_unscored") or ())]
        rows.append(row)
    notes = [tie_rule]
    from ..quality import ESTIMATED_WARNING  # here: quality imports numpy, which `villagescore --help` must not

    mostly = sum(1 for r in c["rankings"]["rows"] if (r.get("estimated_share") or 0) >= ESTIMATED_WARNING)
    if text and mostly:
        notes.append(_estimates_note(mostly, len(c["rankings"]["rows"]), ESTIMATED_WARNING, lang))
    if text and unscored_village_years(c["rankings"]["rows"]):
        notes.append(f"{UNSCORED_MARK} {_w('pillars_unscored_note', lang)}")
    if narrow:
        notes.insert(0, f"{t('score', lang)} = {t('overall', lang)} · " + " · ".join(
            f"{s} = {p['label']} ({p['id']})" for s, p in zip(shorts, pillars, strict=True))
            + f" · (n): {t('compare.pillar_rank', lang)}")
    out.append({"key": "rankings", "title": _w("rankings", lang), "header": head, "rows": rows, "notes": notes,
                "kinds": kinds})

    g = c.get("groups")
    if g:
        from .comparison_groups import group_sections

        out += group_sections(c, g, lang, text=text, narrow=narrow, num=overall, share=share, ids=ids)

    s = c.get("side_by_side")
    if s:
        from .comparison_gaps import side_by_side_sections

        out += side_by_side_sections(s, lang, text=text, narrow=narrow, num=num, share=share, overall=overall,
                                     pillar=pillar, minimums={"overall": minimums, **pmins})

    t = c["over_time"]
    head = ([_w("village", lang)] if text else [_w("village_id", lang), _w("village", lang)]) + _from_to("year", lang)
    head += _from_to("run", lang) if multi_run else []
    head += [*_from_to("overall", lang), _w("delta", lang), *_from_to("rating", lang), _w("tier_change", lang)]
    head += [] if text else _from_to("pillars_unscored", lang)
    kinds = ["text"] * (4 + 2 * multi_run) + ["score", "score", "difference", "text", "text", "text", "text", "text"]
    if narrow:  # "from → to" in one cell
        from ..i18n import t as t_

        head = [_w("village", lang), _w("year", lang)] + ([_w("run", lang)] if multi_run else []) + [
            _w("overall", lang), _w("delta", lang), _w("rating", lang), t_("compare.tier_move", lang)]
    rows = []
    for ch in t["changes"]:
        if narrow:
            a, b = ch["from"], ch["to"]
            rows.append([_named(ch["name"], ch["village_id"]), f"{a['year']} → {b['year']}",
                         *([f"{a['run']} → {b['run']}"] if multi_run else []),
                         f"{_unscored(overall(a['score']), a.get('pillars_unscored'), UNSCORED_MARK)} → "
                         f"{_unscored(overall(b['score']), b.get('pillars_unscored'), UNSCORED_MARK)}",
                         _change(b["score"], a["score"], ch["delta"], text, lang, minimums),
                         f"{a['rating_label'] or '—'} → {b['rating_label'] or '—'}", _tier_move(ch, lang) or ""])
            continue
        row = ([_named(ch["name"], ch["village_id"])] if text else [ch["village_id"], ch["name"]]) + [
            ch["from"]["year"], ch["to"]["year"]]
        row += [ch["from"]["run"], ch["to"]["run"]] if multi_run else []
        row += [_unscored(overall(ch["from"]["score"]), text and ch["from"].get("pillars_unscored"), UNSCORED_MARK),
                _unscored(overall(ch["to"]["score"]), text and ch["to"].get("pillars_unscored"), UNSCORED_MARK),
                _change(ch["to"]["score"], ch["from"]["score"], ch["delta"], text, lang, minimums),
                *(_node_name(ch[end]["rating"], ch[end]["rating_label"]) if ids and not text
                  else ch[end]["rating_label"] for end in ("from", "to")),
                _tier_move(ch, lang) if text else _w(ch["tier_change"], lang) if ch["tier_change"] else None]
        row += [] if text else [";".join(ch[end].get("pillars_unscored") or ()) for end in ("from", "to")]
        rows.append(row)
    marked = text and any(ch[end].get("pillars_unscored") for ch in t["changes"] for end in ("from", "to"))
    legend = [f"{UNSCORED_MARK} {_w('pillars_unscored_note', lang)}"] if marked else []
    out.append({"key": "changes", "title": _w("changes", lang), "header": head, "rows": rows,
                "notes": ([] if rows else [_w("nothing", lang)]) + legend, "kinds": kinds})
    if t["node_changes"]:
        # a node's change is named as its pair's overall change is: the name the village had that year
        names = {r["village_id"]: r["name"] for r in c["rankings"]["rows"]}
        pair_names = {(ch["village_id"], ch["from"]["year"], ch["to"]["year"], ch["from"]["run"], ch["to"]["run"]):
                      ch["name"] for ch in t["changes"]}
        head = [_w("village", lang)] if text else [_w("village_id", lang), _w("village", lang)]
        head += [_w("year", lang)] if narrow else _from_to("year", lang)
        head += _from_to("run", lang) if multi_run and not narrow else [_w("run", lang)] if multi_run else []
        head += [_w("level", lang), _w("node", lang)] + ([] if text else [_w("label", lang)])  # data: id, then label
        head += [_w("score", lang), _w("delta", lang)] if narrow else [*_from_to("score", lang), _w("delta", lang)]
        rows = []
        node_labels = t.get("labels") or {}  # absent in comparisons written before: pillars from c["pillars"]
        for n in t["node_changes"]:
            pair = (n["village_id"], n["from_year"], n["to_year"], n["from_run"], n["to_run"])
            village = pair_names[pair] if pair in pair_names else names.get(n["village_id"])
            row = [_named(village, n["village_id"])] if text else [n["village_id"], village]
            row += [f"{n['from_year']} → {n['to_year']}"] if narrow else [n["from_year"], n["to_year"]]
            if multi_run:
                row += [f"{n['from_run']} → {n['to_run']}"] if narrow else [n["from_run"], n["to_run"]]
            label = node_labels.get(n["level"], {}).get(n["id"]) or (plabel.get(n["id"]) if n["level"] == "pillar"
                                                                      else None)
            row += [_w(n["level"], lang), *([_node_name(n["id"], label)] if text else [n["id"], label])]
            shown = pillar.get(n["id"], num) if n["level"] == "pillar" else num  # a pillar against its minimums
            row += [f"{shown(n['from'])} → {shown(n['to'])}"] if narrow else [shown(n["from"]), shown(n["to"])]
            row += [_change(n["to"], n["from"], n["delta"], text, lang, pmins.get(n["id"], ()) if n["level"] ==
                            "pillar" else ())]
            rows.append(row)
        # the section and its workbook sheet are named for what they list: the pillars alone unless --villages
        sheet = "pillar-changes" if t.get("levels", ["pillar"]) == ["pillar"] else "node-changes"
        kinds = ["text"] * (len(head) - 3) + ["score", "score", "difference"]
        out.append({"key": "node-changes", "title": _w(sheet, lang), "header": head, "rows": rows,
                    "notes": [], "sheet": sheet, "kinds": kinds})
    for section in out:  # for reading every cell is text; the data's kinds are those of its columns
        section["kinds"] = section["kinds"] if not text else ["text"] * len(section["header"])
    return out


#: What a column of :func:`sections` holds: a score (0–100), a difference of scores, a share (0–1),
#: a count or rank, a number of another scale, or text.
KINDS = ("score", "difference", "share", "count", "number", "text")


def _auto_table(c: dict[str, Any]) -> str:
    if c.get("side_by_side"):
        return "gaps"
    if c.get("groups"):
        return "groups"
    return "rankings"


def _visible(c: dict[str, Any], lang: str, narrow: bool = False) -> list[dict[str, Any]]:
    """Sections for reading (table, Markdown): what was asked for, bounded as the HTML page is, no empty ones.

    With ``--by`` and no ``--villages`` the village rankings are left to JSON/CSV (a national
    sample has hundreds of rows); a national number of village-years lists the best and the
    worst, more than a hundred groups the highest and lowest means, many changes over time the
    largest (:func:`~villagescore.reports.comparison_page.listed_sections`, each with its note);
    changes over time appear when some village has them.
    """
    from .comparison_page import listed_sections

    by_group = c.get("groups") and not c["options"]["villages"]
    skip = {"rankings", "group-extremes"} if by_group else set()
    return [s for s in listed_sections(c, lang, narrow=narrow)[1] if s["rows"] and s["key"] not in skip]


def _markdown(c: dict[str, Any], lang: str) -> bytes:
    from ..i18n import gettext
    from .comparison_provenance import comparison_provenance
    from .markdown import md_cell, md_table

    prefix = gettext("warning: {message}", lang).format(message="").strip()

    runs = ", ".join(f"{r['label']} ({r['framework']['id']} {r['framework']['version']})" for r in c["runs"])
    lines = [f"# {_w('rankings', lang)} / {_w('groups', lang)} — {md_cell(runs)}", ""]
    for w in c["warnings"]:
        lines += [f"> **{md_cell(prefix)}** {md_cell(w['message'])}", ""]
    for sec in _visible(c, lang):
        lines += [f"## {md_cell(sec['title'])}", ""]
        lines += [f"_{md_cell(n)}_" for n in sec["notes"]]
        if sec["notes"]:
            lines.append("")
        if sec["rows"]:
            lines += [md_table(sec["header"], sec["rows"]), ""]
    lines += [f"## {md_cell(_w('provenance', lang))}", "",
              md_table(["", ""], [list(row) for row in comparison_provenance(c, lang)]), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def rich_view(c: dict[str, Any], lang: str) -> list[Any]:
    """The comparison as rich tables for the terminal (no text is read as rich markup)."""
    from .terminal import plain_table

    return [plain_table(sec["header"], sec["rows"], title=sec["title"], caption="\n".join(sec["notes"]) or None,
                        overflow="fold")
            for sec in _visible(c, lang, narrow=True)]


def render(c: dict[str, Any], fmt: str, lang: str, table: str = "auto") -> bytes:
    """Render a comparison dict as ``json``, ``csv`` (one section), ``md``, ``html`` or ``xlsx`` bytes."""
    if fmt == "json":
        from .comparison_json import comparison_json

        return comparison_json(c)
    if fmt == "csv":
        from ..outputs import csv_bytes

        key = _auto_table(c) if table == "auto" else table
        # the village rankings are formatted only when they are the table asked for (100,000 rows nationally)
        part = c if key == "rankings" else {**c, "rankings": {**c["rankings"], "rows": []}}
        found = [s for s in sections(part, lang, text=False) if s["key"] == key]
        if not found:
            raise said(VillageScoreError, N_("--table {table}: this comparison has no such section (give --by for "
                                             "groups, two --villages for side-by-side and gaps, villages with "
                                             "several years for changes)"), table=key)
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
            raise said(VillageScoreError, N_("--format {format}: this installation has no {name} comparison report "
                                             "(villagescore.reports.{format}.render_comparison); use json, csv, md "
                                             "or table"), format=fmt, name=fmt.upper())
        return fn(c, lang)
    raise said(VillageScoreError, N_("unknown format {format!r}; choose one of: json, csv, md, html, xlsx"), format=fmt)
