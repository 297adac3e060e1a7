"""The villagescore Datasette plugin: a village page (radar chart, history, gates, improvement plan, provenance).

Registered by ``villagescore serve`` only (it is not an entry point of the ``datasette``
group, so other Datasette instances never load it). Everything it shows was computed when
the evaluation was added to the store; the page only reads and draws. Links from the
``village_id`` cells of the store's tables lead to ``/-/village/<id>``.
"""

from __future__ import annotations

import json
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from .metadata import PLUGIN, store_title
from .notices import gate_lists, year_notices

__all__ = ["register_routes", "render_cell", "village_page", "asgi_wrapper", "handle_exception", "forbidden"]

#: The words of the village page: the page's name for each → its key in the report catalogues
#: (:func:`villagescore.i18n.t`), where every word exists in Vietnamese and English.
_W = {
    "village": "village", "history": "serve.history", "year": "year", "overall": "overall", "rating": "rating",
    "gates": "gates_failed_or_not_judged", "none": "none", "plan": "plan", "no_plan": "serve.no_plan",
    "indicator": "indicator",
    "from": "serve.from", "to": "plan_target", "gain": "serve.gain", "measures": "explain.measures",
    "target": "serve.towards", "provenance": "provenance", "framework": "framework", "dataset": "dataset",
    "plugins": "plugins", "regulations": "store.regulations", "radar": "serve.radar", "province": "province",
    "sectors": "sectors", "not_found": "serve.not_found", "other_lang": "serve.other_lang",
    "hash": "serve.hash", "resolved": "store.resolved_hash", "gates_failed": "gates_fired",
}


def _w(key: str, lang: str) -> str:
    from ..i18n import t

    return t(_W[key], lang)


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN) or {}


def _fmt(x: Any, lang: str, digits: int = 1) -> str:
    from ..reports.view import fmt_num

    return fmt_num(x, digits, lang)


def _plan_step(step: dict[str, Any], node: dict[str, Any], lang: str, gates: dict[str, str] | None = None) -> None:
    """A stored plan step for reading: the indicator ``label (id)``, values with their unit in ``lang``, the gain.

    ``gates``: the framework's rules as ``label (id)`` by id, naming the rule a value is to be recorded for.
    """
    from ..i18n import format_gain, labelled
    from ..reports.view import value_and_unit

    ind = str(step.get("indicator") or "")
    step["label"] = labelled(ind, {lang: node.get(f"label_{lang}") or ""}, lang)
    for key in ("from", "to"):
        value, unit = value_and_unit(None, ind, step.get(key), node.get("unit"), lang)
        step[f"{key}_text"] = f"{value} {unit}" if unit and value != "—" else value
    step["gain_text"] = format_gain(step.get("overall_gain"), lang)  # as the reports and explain show it
    step["measure_text"] = "; ".join(m.get("label") or m.get("id") for m in step.get("measures") or [])
    if step.get("reason") == "record":  # a missing value: to record (the rule is not judged without it), not to fix
        from ..i18n import t

        rule = (gates or {}).get(step.get("gate") or "", step.get("gate"))
        record = f"{t('plan_record', lang)}: {rule}" if step.get("gate") else t("plan_record_score", lang)
        step["measure_text"] = "; ".join(x for x in (record, step["measure_text"]) if x)


async def village_page(request: Any, datasette: Any) -> Response:
    """``/-/village/<village_id>``: the village over the years, drawn from the store (nothing is computed)."""
    from ..i18n import labelled
    from ..reports.notices import report_words
    from ..reports.regulations import scored_against
    from ..reports.svg import radar_svg
    from ..store.text import plugin_versions, regulation_names, regulation_titles

    cfg = _config(datasette)
    lang = request.args.get("lang") or cfg.get("lang") or "vi"
    lang = lang if lang in ("vi", "en") else "vi"
    village_id = request.url_vars["village_id"]
    db = datasette.get_database(cfg.get("database"))
    rows = [dict(r) for r in (await db.execute(
        "SELECT vy.*, e.framework AS fw, e.provenance, e.plugins, e.dataset_file, e.dataset_sha256 "
        "FROM village_years vy JOIN evaluations e ON e.id = vy.evaluation "
        "WHERE vy.id IN (SELECT max(id) FROM village_years WHERE village_id = ? GROUP BY year) ORDER BY vy.year",
        [village_id])).rows]
    if not rows:  # the plain page of every page not found, in both languages, whatever the page's language
        from .guard import error_page

        body, kind = error_page(request.path, 404, " · ".join(f"{_w('not_found', other)}: {village_id}"
                                                             for other in ("vi", "en")))
        return Response(body, status=404, content_type=kind)
    years = []
    previous = None
    for r in rows:
        pillars = [dict(p) for p in (await db.execute(
            "SELECT n.node_id, n.label_vi, n.label_en, s.score FROM nodes n "
            "LEFT JOIN node_scores s ON s.node = n.id AND s.village_year = ? "
            "WHERE n.framework = ? AND n.level = 'pillar' ORDER BY n.position", [r["id"], r["fw"]])).rows]
        labels = {g["gate_id"]: labelled(g["gate_id"], {lang: g[f"label_{lang}"]}, lang) for g in (await db.execute(
            "SELECT gate_id, label_vi, label_en FROM gates WHERE framework = ?", [r["fw"]])).rows}
        plan_row = (await db.execute(f"SELECT plan_{lang} AS plan FROM plans WHERE village_year = ?",  # noqa: S608
                                     [r["id"]])).first()
        plan = json.loads(plan_row["plan"]) if plan_row and plan_row["plan"] else None
        if plan:
            nodes = {n["node_id"]: dict(n) for n in (await db.execute(
                "SELECT node_id, label_vi, label_en, unit FROM nodes WHERE framework = ? AND level = 'indicator'",
                [r["fw"]])).rows}
            for step in plan.get("steps") or []:
                _plan_step(step, nodes.get(step.get("indicator")) or {}, lang, labels)
        evaluation = dict((await db.execute("SELECT * FROM evaluations WHERE id = ?", [r["evaluation"]])).first())
        titles = regulation_titles(evaluation.get("regulations"))  # none in a store older than schema 5
        # applied as the reports say it: a version cited for an indicator with no data scored nothing
        regulations = [{"regulation": g["regulation_id"], "document": g["document"],
                        "title": titles.get(g["regulation_id"])} for g in (await db.execute(
            "SELECT DISTINCT g.regulation_id, g.document, i.status FROM nodes n JOIN indicator_scores i "
            "ON i.node = n.id AND i.village_year = ? JOIN regulations g ON g.id = i.regulation WHERE n.framework = ? "
            "AND n.level = 'indicator' ORDER BY g.regulation_id", [r["id"], r["fw"]])).rows
            if scored_against({"status": g["status"], "regulation": g["regulation_id"]})]
        left_out = {n["node_id"]: {"vi": n["label_vi"], "en": n["label_en"]} for n in (await db.execute(
            "SELECT n.node_id, n.label_vi, n.label_en FROM unverified_left_out u JOIN nodes n ON n.id = u.node "
            "WHERE u.village_year = ? ORDER BY n.position", [r["id"]])).rows} \
            if await db.table_exists("unverified_left_out") else {}
        axes = [(p[f"label_{lang}"] or p["node_id"], p["score"], _fmt(p["score"], lang)) for p in pillars]
        prev_scores = previous["scores"] if previous else None
        title = f"{_w('radar', lang)} — {r['name'] or village_id} {r['year']}"
        radar = radar_svg(axes, previous=prev_scores, title=title,
                          legend=(str(r["year"]), str(previous["year"]) if previous else ""),
                          ident=f"radar-{village_id}-{r['year']}")
        prov = json.loads(r["provenance"] or "{}")
        pfw = prov.get("framework") or {}
        years.append({
            "year": r["year"], "score": _fmt(r["overall_score"], lang), "rating": r[f"rating_label_{lang}"] or "—",
            "rating_text": labelled(r["rating"], {lang: r[f"rating_label_{lang}"]}, lang) if r["rating"] else "—",
            "pillars": [(labelled(p["node_id"], {lang: p[f"label_{lang}"]}, lang), a[2])  # the id beside its label
                        for p, a in zip(pillars, axes, strict=True)], "radar": Markup(radar),
            **gate_lists(json.loads(r["gates_fired"] or "[]"), r.get("gates_status"), labels, lang),
            "notices": year_notices(prov, r.get("estimated_share"), left_out, lang),
            "plan": plan, "evaluation": r["evaluation"],
            "provenance": [
                (_w("framework", lang), f"{pfw.get('id')} {pfw.get('version')} · {_w('hash', lang)} "
                                        f"{(pfw.get('sha256') or '')[:12]} · {_w('resolved', lang)} "
                                        f"{(pfw.get('resolved_sha256') or '')[:12]}"),
                (_w("dataset", lang), f"{r['dataset_file'] or ''} · {_w('hash', lang)} "
                                      f"{(r['dataset_sha256'] or '')[:12]}"),
                (_w("plugins", lang), plugin_versions(json.loads(r["plugins"] or "[]"), {
                    p["name"]: p.get("files") for p in prov.get("plugins") or [] if isinstance(p, dict) and "name" in p
                })),
                (_w("regulations", lang), ", ".join(regulation_names(regulations, lang)) or _w("none", lang)),
            ],
        })
        previous = {"year": r["year"], "scores": [a[1] for a in axes]}
    latest = rows[-1]
    context = {
        "w": {**{k: _w(k, lang) for k in _W}, "not_judged": report_words(lang)["gates_not_judged"]},
        "lang": lang, "other": "en" if lang == "vi" else "vi",
        "village_id": village_id, "name": latest["name"] or village_id, "province": latest["province_current"] or "",
        "sectors": _sectors_text(json.loads(latest["sectors"] or "[]"), lang), "years": list(reversed(years)),
        "database": cfg.get("database"),  # the crumbs: each title beside its id (Datasette names its own "crumbs")
        "vs_crumbs": {"database": labelled(cfg.get("database") or "", {lang: store_title(None, lang)}, lang),
                   "table": labelled("village_years", {lang: store_title("village_years", lang)}, lang)},
    }
    html = await datasette.render_template("villagescore_village.html", context, request=request)
    return Response.html(html)


def _sectors_text(sectors: list[str], lang: str) -> str:
    """``Dệt, nhuộm (khăn bông, lụa) (weaving), …``: each sector's label with its id, from the installed plugins."""
    from ..api import default_registry
    from ..i18n import labelled

    known = default_registry().sectors
    return ", ".join(labelled(s, dict(known[s].label) if s in known and known[s].label else None, lang)
                     for s in sectors)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The village page."""
    return [(r"^/-/village/(?P<village_id>[^/]+)$", village_page)]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """``village_id`` cells of the store's tables link to the village page."""
    cfg = _config(datasette)
    if column != "village_id" or database != cfg.get("database") or not isinstance(value, str):
        return None
    href = datasette.urls.path(f"/-/village/{value}")
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Safety headers, neutralised CSV cells and a table page's parameters checked before Datasette reads them.

    See :mod:`villagescore.serve.guard` and :mod:`villagescore.serve.parameters`.
    """
    from .guard import guarded
    from .parameters import checked

    return lambda app: guarded(checked(app, datasette))


@hookimpl(hookwrapper=True)
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """A user's error (not found, bad request, forbidden) as a plain page in both languages, without a traceback.

    A sort or a parameter value Datasette cannot follow, which it raises as a server error, is a bad
    request (:func:`~villagescore.serve.guard.bad_parameter`). Datasette's English reasons are said in
    both languages (:func:`~villagescore.serve.reasons.datasette_reason`).

    A wrapper, not a plain implementation: Datasette runs every implementation's answer, and its own
    prints a traceback for each, failing outside an ``except`` block (a plain 404) with a 500. Anything
    else is left to Datasette's own handler (a fault in the server, logged with its traceback).
    """
    import inspect

    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    from .guard import bad_parameter, error_page, refusal_reason
    from .reasons import datasette_reason

    outcome = yield
    if isinstance(exception, Base400):
        status, reason = exception.status, str(exception.args[0]) if exception.args else ""
    elif isinstance(exception, DatasetteError) and exception.status < 500:  # a table's _where: as the forbidden hook
        status, reason = exception.status, refusal_reason(str(exception.message))
    elif (bad := bad_parameter(exception, request.args.keys())) is not None:  # Datasette's 500 for a visitor's slip
        status, reason = 400, bad
    else:
        return
    for answer in outcome.get_result() or []:
        if inspect.iscoroutine(answer):
            answer.close()  # never awaited: closed, so Python does not warn of it
    if reason and reason != str(status) and reason != refusal_reason("execute-sql") and " · " not in reason:
        reason = datasette_reason(reason, request.args, int(datasette.setting("max_returned_rows")))
    body, kind = error_page(request.path, status, "" if reason == str(status) else reason)
    outcome.force_result([Response(body, status=status, content_type=kind)])


@hookimpl(hookwrapper=True)
def forbidden(datasette: Any, request: Any, message: str) -> Any:
    """A refused request (SQL of a visitor's own without ``--allow-sql``) as the same plain page, in both languages."""
    import inspect

    from .guard import error_page, refusal_reason

    outcome = yield
    for answer in outcome.get_result() or []:
        if inspect.iscoroutine(answer):
            answer.close()  # Datasette's own page, replaced: closed, so Python does not warn of it
    body, kind = error_page(request.path, 403, refusal_reason(str(message)))
    outcome.force_result([Response(body, status=403, content_type=kind)])
