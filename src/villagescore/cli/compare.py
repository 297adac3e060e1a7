"""``villagescore compare``: rankings, groups, side-by-side gaps and changes over time.

SOURCES are datasets (scored here with ``run_evaluation``) or saved result JSON files
(``villagescore evaluate … --format json``); each source is one *run*. The analysis is in
:mod:`villagescore.compare`; this module reads the sources, renders the comparison
(table, JSON, CSV, Markdown; HTML and XLSX through :mod:`villagescore.reports`) and
prints warnings on standard error. The rules are documented in ``docs/compare.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import VillageScoreError
from .options import emit_bytes, framework_option, lang_option, output_option

__all__ = ["compare", "FORMATS", "TABLES", "sections", "render"]

FORMATS = ["table", "json", "csv", "md", "html", "xlsx"]
#: The sections one CSV can hold (``--table``); ``auto`` picks the most specific one asked for.
TABLES = ["auto", "rankings", "groups", "side-by-side", "gaps", "changes", "node-changes"]

_W: dict[str, dict[str, str]] = {
    "rankings": {"vi": "Bảng xếp hạng", "en": "Rankings"},
    "rating": {"vi": "Xếp loại", "en": "Rating"},
    "groups": {"vi": "Thống kê theo nhóm", "en": "Groups"},
    "side-by-side": {"vi": "So sánh trực tiếp", "en": "Side by side"},
    "gaps": {"vi": "Chỉ số giải thích chênh lệch", "en": "Indicators explaining the gap"},
    "changes": {"vi": "Thay đổi theo thời gian", "en": "Changes over time"},
    "node-changes": {"vi": "Thay đổi theo thời gian, từng nút", "en": "Changes over time, node by node"},
    "period": {"vi": "Kỳ", "en": "Period"},
    "run": {"vi": "Kết quả", "en": "Result"},
    "village_id": {"vi": "Mã làng", "en": "Village id"},
    "province_current": {"vi": "Tỉnh/thành (từ 2025)", "en": "Province (since 2025)"},
    "province_recorded": {"vi": "Tỉnh/thành ghi nhận", "en": "Province recorded"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "count": {"vi": "Số làng", "en": "Villages"},
    "scored": {"vi": "Có điểm", "en": "Scored"},
    "mean": {"vi": "Trung bình", "en": "Mean"},
    "median": {"vi": "Trung vị", "en": "Median"},
    "min": {"vi": "Thấp nhất", "en": "Min"},
    "max": {"vi": "Cao nhất", "en": "Max"},
    "best": {"vi": "Tốt nhất", "en": "Best"},
    "worst": {"vi": "Kém nhất", "en": "Worst"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "too_small": {"vi": "quá ít làng để tổng hợp", "en": "too small to summarise"},
    "unmapped": {"vi": "không có trong bảng chuyển đổi 2025", "en": "not in the 2025 mapping table"},
    "unrated": {"vi": "Chưa xếp hạng", "en": "Unrated"},
    "level": {"vi": "Cấp", "en": "Level"},
    "node": {"vi": "Nút", "en": "Node"},
    "label": {"vi": "Tên", "en": "Label"},
    "overall": {"vi": "Tổng hợp", "en": "Overall"},
    "difference": {"vi": "Chênh lệch", "en": "Difference"},
    "contribution": {"vi": "Đóng góp", "en": "Contribution"},
    "share_of_gap": {"vi": "Tỷ lệ chênh lệch", "en": "Share of gap"},
    "cumulative": {"vi": "Cộng dồn", "en": "Cumulative"},
    "from": {"vi": "Từ", "en": "From"},
    "to": {"vi": "Đến", "en": "To"},
    "delta": {"vi": "Thay đổi", "en": "Change"},
    "tier_change": {"vi": "Xếp loại", "en": "Tier"},
    "up": {"vi": "lên", "en": "up"},
    "down": {"vi": "xuống", "en": "down"},
    "same": {"vi": "giữ nguyên", "en": "same"},
    "pillar": {"vi": "Trụ cột", "en": "Pillar"},
    "criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "indicator": {"vi": "Chỉ số", "en": "Indicator"},
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
    def cell(x: Any) -> str:
        return "" if x is None else str(x).replace("|", "\\|").replace("\n", " ")

    runs = ", ".join(f"{r['label']} ({r['framework']['id']} {r['framework']['version']})" for r in c["runs"])
    lines = [f"# {_w('rankings', lang)} / {_w('groups', lang)} — {runs}", ""]
    for w in c["warnings"]:
        lines += [f"> **warning:** {cell(w['message'])}", ""]
    for sec in _visible(c, lang):
        lines += [f"## {sec['title']}", ""]
        lines += [f"_{cell(n)}_" for n in sec["notes"]]
        if sec["notes"]:
            lines.append("")
        if sec["rows"]:
            lines.append("| " + " | ".join(cell(h) for h in sec["header"]) + " |")
            lines.append("|" + "---|" * len(sec["header"]))
            lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in sec["rows"]]
            lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def _rich(c: dict[str, Any], lang: str) -> list[Any]:
    from rich.table import Table

    out: list[Any] = []
    for sec in _visible(c, lang):
        table = Table(title=sec["title"], caption="\n".join(sec["notes"]) or None, caption_justify="left")
        for h in sec["header"]:
            table.add_column(str(h), overflow="fold")
        for row in sec["rows"]:
            table.add_row(*["" if x is None else str(x) for x in row])
        out.append(table)
    return out


def render(c: dict[str, Any], fmt: str, lang: str, table: str = "auto") -> bytes:
    """Render a comparison dict as ``json``, ``csv`` (one section), ``md``, ``html`` or ``xlsx`` bytes."""
    if fmt == "json":
        from ..results import to_json_bytes

        return to_json_bytes(c)
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
    msg = f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}"
    raise VillageScoreError(msg)


# --------------------------------------------------------------------------- command

class _VariadicVillages(click.Command):
    """Lets ``--villages A B C`` take several values (up to the next option)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--villages":
                i += 1
                while i < len(args) and not args[i].startswith("-"):
                    out += ["--villages", args[i]]
                    i += 1
                continue
            out.append(arg)
            i += 1
        return super().parse_args(ctx, out)


def _read_source(app: Any, path: Path, framework_spec: str | None, keep_going: bool) -> Any:
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"cannot read {path}: {exc}"
            raise VillageScoreError(msg) from None
        except json.JSONDecodeError as exc:
            msg = f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            raise VillageScoreError(msg) from None
        from ..compare import is_result_document

        if is_result_document(doc):
            return doc
    from .evaluate import run_evaluation

    return run_evaluation(app, path, framework_spec, keep_going=keep_going, options={"command": "compare"})


def _labels(app: Any) -> dict[str, Any]:
    try:
        registry = app.registry
    except VillageScoreError:
        return {}
    labels = {k: dict(x.label) for k, x in getattr(registry, "indicators", {}).items()}
    labels.update({k: dict(x.label) for k, x in getattr(registry, "sectors", {}).items()})
    return labels


@click.command(cls=_VariadicVillages)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", type=click.Choice(["province", "commune", "sector", "former_district"]),
              help="Summarise groups: current province (post-2025), commune, sector (a village of several "
                   "sectors counts in each) or former district.")
@click.option("--villages", "villages", multiple=True, metavar="ID[@YEAR]…",
              help="Side by side: these villages (the first is the reference), with the indicators that "
                   "explain the gap. Takes several values: --villages A B C.")
@click.option("--year", type=int, help="Rank and group this year [default: each village's latest result].")
@click.option("--per-year", is_flag=True, help="Rank and group each year separately.")
@click.option("--min-group", type=click.IntRange(min=1), default=3, show_default=True,
              help="Groups with fewer villages are flagged 'too small to summarise'.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many indicators sum up the explanation of a gap.")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Province mapping table (CSV: former_province, province) [default: the shipped 2025 table].")
@framework_option
@click.option("--keep-going", is_flag=True, help="When scoring a dataset, skip invalid rows instead of stopping.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--table", "table", type=click.Choice(TABLES), default="auto", show_default=True,
              help="With --format csv: which section to write (auto: gaps with --villages, groups with --by, "
                   "else rankings).")
@output_option
@lang_option
@click.pass_obj
def compare(app, sources, by, villages, year, per_year, min_group, top, mapping_path, framework_spec, keep_going,
            fmt, table, output, lang) -> None:
    """Compare villages across communes, provinces, sectors and years.

    SOURCES are datasets (scored with the framework) or result files saved with
    `villagescore evaluate … --format json`; give several to compare years or framework
    versions. Villages are ranked (competition ranks on scores rounded to 2 decimals),
    grouped with --by, set side by side with --villages A B, and followed over time.
    Provinces are grouped by their current (2025) province. See docs/compare.md.
    """
    from ..admin import load_mapping
    from ..compare import compare as run_compare
    from ..compare import load_table

    names = [p.name for p in sources]
    items = []
    for p in sources:
        label = p.name if names.count(p.name) == 1 else str(p)
        items.append((label, _read_source(app, p, framework_spec, keep_going)))
    mapping = load_mapping(mapping_path)
    result = run_compare(load_table(items), by=by, villages=list(villages), year=year, per_year=per_year,
                         min_group=min_group, top=top, lang=lang, mapping=mapping, labels=_labels(app))
    for w in result["warnings"]:
        click.echo(f"warning: {w['message']}", err=True)
    if fmt == "table":
        from .options import emit_renderables

        emit_renderables(_rich(result, lang), output)
        return
    emit_bytes(render(result, fmt, lang, table), output, binary=fmt == "xlsx")
