"""``villagescore store``: keep evaluations over the years in an embedded SQLite store.

``store add DATASET`` scores a dataset and records every village-year with its scores at
every level, rating, gates, improvement plan (when computed) and provenance; adding the
same inputs twice changes nothing. ``store list`` shows the evaluations, ``store history
--village ID|NAME`` one village over the years with provenance, ``store remove`` deletes an
evaluation. The store is ``--store PATH``, else ``VILLAGESCORE_STORE``, else a per-user
file (see ``docs/store.md``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .options import (
    FORMAT_HELP,
    check_output,
    emit_bytes,
    emit_renderables,
    framework_option,
    lang_option,
    output_option,
    pick_format,
)
from .policy import unverified_limits_option

__all__ = ["store", "store_option", "open_store", "user_errors"]

#: The formats ``store list`` and ``store history`` write; the first is the default.
READ_FORMATS = ["table", "json"]

store_option = click.option(
    "--store", "store_path", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
    help="The store file [default: VILLAGESCORE_STORE, else the per-user data folder].")


@contextmanager
def user_errors(lang: str) -> Iterator[None]:
    """Turn a store error into a user error worded in ``lang`` (exit 1, no traceback)."""
    from ..errors import VillageScoreError
    from ..store.errors import StoreError

    try:
        yield
    except StoreError as exc:
        raise VillageScoreError(exc.text(lang)) from None


def open_store(path: Path | None, *, create: bool = False, write: bool = False) -> Any:
    """Open the store (``--store``, ``VILLAGESCORE_STORE`` or the default); the caller closes it.

    ``write``: a store that cannot be written to (read-only) is refused when it is opened.

    The store is an input of the command wherever it comes from: ``-o`` never overwrites it.
    """
    from ..store import Store, resolve_path
    from . import _app

    _app(click.get_current_context(silent=True)).inputs.append(resolve_path(path))
    return Store(path, create=create, write=write)


def _fmt(x: Any, lang: str, digits: int = 1) -> str:
    from ..reports.view import fmt_num

    return fmt_num(x, digits, lang)


@click.group()
def store() -> None:
    """Keep evaluations over the years in a store (SQLite).

    Start with `villagescore store add DATASET`; see docs/store.md.
    """


@store.command("add")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@framework_option
@store_option
@click.option("--plans", "plans_mode", type=click.Choice(["auto", "all", "none"]), default="auto", show_default=True,
              help="Store improvement plans: auto = when the dataset has at most 20 village-years; all = every "
                   "village-year (about 0.5 s each); none.")
@click.option("--keep-going", is_flag=True, help="Skip invalid rows instead of stopping (recorded in provenance).")
@unverified_limits_option
@lang_option
@click.pass_obj
def add(app, dataset, framework_spec, store_path, plans_mode, keep_going, lang) -> None:
    """Score DATASET and record every village-year in the store.

    Records scores at every level (overall, pillars, criteria, indicators), ratings, gates
    fired, improvement plans and provenance (framework, dataset, plugin and regulation
    versions). Adding the same inputs again changes nothing; a failed add leaves the
    store as it was.
    """
    from ..i18n import N_, format_integer
    from ..progress import phase
    from ..store.plans import compute_plans, plans_wanted
    from ..store.text import tr
    from ..store.writer import STAGES
    from .evaluate import run_evaluation

    with user_errors(lang):
        from ..store import resolve_path

        target = resolve_path(store_path)
        # a foreign, newer or read-only file fails before scoring, not after; an empty file becomes the store
        if target.exists() and (not target.is_file() or target.stat().st_size):
            open_store(store_path, write=True).close()
        result = run_evaluation(app, dataset, framework_spec, keep_going=keep_going,
                                options={"command": "store add"})
        plans = None
        n = len(result)
        if plans_wanted(plans_mode, n):
            with phase(N_("improvement plans"), total=n) as advance:
                plans = compute_plans(result, app.registry, progress=lambda done: advance(done, n))
        elif plans_mode == "auto":
            from ..explain import MAX_REPORT_PLANS

            click.echo(tr("plans_skipped", lang, n=format_integer(n, lang), max=MAX_REPORT_PLANS), err=True)
        with open_store(store_path, create=True) as st:
            begun = itertools.count()  # stages begun so far: a progress display never fails an add
            with phase(N_("writing {file}"), file=st.path.name, total=len(STAGES)) as advance:
                outcome = st.add(result, plans=plans, on_stage=lambda _stage: advance(next(begun), len(STAGES)))
            path = st.path
    if outcome.created:
        click.echo(tr("added", lang, id=outcome.evaluation, n=format_integer(outcome.village_years, lang),
                      years=", ".join(str(y) for y in outcome.years) or "-", path=path))
        if outcome.plans:
            click.echo(tr("plans_done", lang, n=format_integer(outcome.plans, lang)))
    else:
        click.echo(tr("unchanged", lang, id=outcome.evaluation))
        if outcome.minimums_recorded:
            click.echo(tr("minimums_recorded", lang, n=format_integer(outcome.minimums_recorded, lang)))


@store.command("list")
@store_option
@click.option("--format", "fmt", type=click.Choice(READ_FORMATS), default=None,
              show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
def list_(store_path, fmt, output, lang) -> None:
    """List the evaluations in the store."""
    from ..compare.common import framework_text
    from ..i18n import format_datetime, format_integer
    from ..reports.terminal import plain_table
    from ..store.text import option_flags, tr

    fmt = pick_format(fmt, output, READ_FORMATS)
    check_output(output)
    with user_errors(lang), open_store(store_path) as st:
        evaluations = st.evaluations()
        counts = st.counts()
        path = st.path
    if fmt == "json":
        doc = {"store": str(path), "evaluations": evaluations, "rows": counts}
        emit_bytes((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
        return
    if not evaluations:
        emit_renderables([tr("empty_store", lang, path=path)], output)
        return
    header = ["#", tr("framework", lang), tr("dataset", lang), tr("dataset_sha256", lang), tr("scoring_options", lang),
              tr("years", lang), tr("village_years", lang), tr("plans", lang), tr("added_at", lang)]
    # the framework file's hash beside its id and version: two files of one id and version (a weight edited) differ
    rows = [[e["id"], framework_text({**e["framework"], "sha256": e["framework"]["sha256"] or "—",
                                      "bases": [dict(x) for x in e["framework"]["lineage"][:-1]]}, lang),
             e["dataset"]["file"] or "",
             (e["dataset"]["sha256"] or "")[:12], option_flags(e["options_not_default"]) or "—",
             ", ".join(str(y) for y in e["years"]),
             format_integer(e["village_years"], lang), format_integer(e["plans"], lang),
             format_datetime(e["added_at"], lang)]
            for e in evaluations]
    emit_renderables([plain_table(header, rows, title=f"{tr('stores', lang)} — {path}")], output)


def _kind(kind: str, lang: str) -> str:
    """A dataset's kind in ``lang`` as reports say it (``unknown`` → ``chưa khai báo``).

    A kind no catalogue knows is shown as written.
    """
    from ..reports.view import kind_text

    return kind_text(kind, lang)


def _history_tables(doc: dict[str, Any], lang: str) -> list[Any]:
    from ..i18n import format_datetime, labelled
    from ..reports.terminal import plain_table
    from ..store.text import plugin_versions, regulation_names, tr

    pillar_ids: list[str] = []
    labels: dict[str, str] = {}
    named: list[str] = []  # each pillar's id beside its label, under the table: a header that wide crowds it out
    for y in doc["years"]:
        for pid, p in y["pillars"].items():
            if pid not in labels:
                pillar_ids.append(pid)
                labels[pid] = p["label"].get(lang) or pid
                named.append(labelled(pid, p["label"], lang))
    header = [tr("year", lang), tr("evaluation", lang), tr("overall", lang), tr("rating", lang),
              *[labels[p] for p in pillar_ids], tr("gates_failed_or_not_judged", lang), tr("plan", lang)]
    rows = [[y["year"], f"#{y['evaluation']}", _fmt(y["overall_score"], lang), y["rating_label"].get(lang) or "",
             *[_fmt((y["pillars"].get(p) or {}).get("score"), lang) for p in pillar_ids],
             ", ".join(labelled(g, (y.get("gate_labels") or {}).get(g), lang) for g in y["gates_fired"])
             or tr("none", lang), "✓" if y["plan"] else ""] for y in doc["years"]]
    out = [plain_table(header, rows, title=f"{tr('history_title', lang)} — {doc['name']} ({doc['village_id']})",
                       caption=f"{tr('pillars', lang)}: {', '.join(named)}" if named else None,
                       overflow="fold")]  # a long gate id wraps rather than being cut
    for e in doc["evaluations"]:
        regs = regulation_names([r for y in doc["years"] if y["evaluation"] == e["id"] for r in y["regulations"]],
                                lang)
        chain = e["framework"]["lineage"]  # each base with its short hash: an overlay over a changed base differs
        lineage = " → ".join(f"{x.get('id')} {x.get('version')}"
                             + (f" ({str(x.get('sha256'))[:12]})" if k < len(chain) - 1 else "")
                             for k, x in enumerate(chain))
        prov = [
            [tr("framework", lang), f"{e['framework']['id']} {e['framework']['version']} "
                                    f"(sha256 {(e['framework']['sha256'] or '')[:12]}; {tr('resolved_hash', lang)} "
                                    f"{(e['framework']['resolved_sha256'] or '')[:12]}; {tr('lineage', lang)}: "
                                    f"{lineage or '-'})"],
            [tr("dataset", lang), f"{e['dataset']['file'] or ''} (sha256 {(e['dataset']['sha256'] or '')[:12]}"
                                  f"{'; ' + _kind(e['dataset']['kind'], lang) if e['dataset']['kind'] else ''})"],
            [tr("engine", lang), e["engine_version"] or ""],
            [tr("plugins", lang), plugin_versions(e["plugins"], e["plugin_files"])],
            [tr("regulations", lang), ", ".join(regs) or tr("none", lang)],
            [tr("added_at", lang), format_datetime(e["added_at"], lang)],
        ]
        out.append(plain_table(["", ""], prov, title=f"{tr('provenance', lang)} #{e['id']}", overflow="fold"))
    return out


@store.command("history")
@click.option("--village", required=True, metavar="ID|NAME",
              help="Village id, or name (diacritics and case ignored; part of the name is enough).")
@click.option("--framework", "framework_id", metavar="ID|ID@VERSION|PATH",
              help="Only evaluations of this framework: an id (every version), ID@VERSION, or a framework file "
                   "(matched by its sha256).")
@store_option
@click.option("--format", "fmt", type=click.Choice(READ_FORMATS), default=None,
              show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@click.pass_obj
def history(app, village, framework_id, store_path, fmt, output, lang) -> None:
    """One village over the years, with provenance."""
    fmt = pick_format(fmt, output, READ_FORMATS)
    check_output(output)
    with user_errors(lang), open_store(store_path) as st:
        doc = st.history(village, framework=framework_id, registry=app.registry)
    if fmt == "json":
        emit_bytes((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
        return
    emit_renderables(_history_tables(doc, lang), output)


@store.command("remove")
@click.argument("evaluations", nargs=-1, required=True, metavar="EVALUATION…")
@store_option
@lang_option
def remove(evaluations, store_path, lang) -> None:
    """Delete evaluations (by number such as 3, or by key prefix) and all their rows."""
    from ..i18n import format_integer
    from ..store.text import tr

    with user_errors(lang), open_store(store_path, write=True) as st:
        removed = st.remove_all(evaluations)
    for info in removed:
        click.echo(tr("removed", lang, id=info["id"], n=format_integer(info["village_years"], lang)))
