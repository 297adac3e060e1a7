"""The workbook of a Result: a printable report below the long limit, wide sheets from it on."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ...errors import Count, OutputError, said
from ...i18n import N_, gettext, label, labelled, t, unit_label
from ...numbers import round_like_python
from ...published import tier_minimums
from ...report_heads import RESULT_IDENTITY, summary_head, village_year_head
from ...unverified import scored_unverified

# the limits are read from the package at call time: villagescore.reports.xlsx.MAX_ROWS set by a
# caller (or a test) is the one that counts
from .. import xlsx as _limits
from ..gate_rules import rule_text
from ..notices import report_notices, report_words, unscored_in_rows, unscored_status
from ..provenance_rows import plugin_file_rows
from ..unverified_why import unverified_reasons
from ..view import provenance_rows, tr
from .book import _sheet, new_workbook, write_workbook
from .cells import code_later
from .decisive import SHOWN_DECIMALS
from .gate_cells import VALUE_DECIMALS, gated_decimals, row_decimals


def preflight(rows: int, framework: Any) -> None:
    """Refuse, before any reading or scoring, more village-years or columns than a worksheet holds.

    ``rows``: an upper bound of the village-years to write (a dataset's data lines).
    """
    columns = 3 + max(len(framework.indicators), 2 * len(framework.criteria), len(framework.gates),
                      11 + 2 * len(framework.pillars))
    max_rows, max_columns = _limits.MAX_ROWS, _limits.MAX_COLUMNS
    if rows + 1 > max_rows:
        raise said(OutputError, N_("an XLSX workbook holds at most {most} village-years (Excel's limit of {limit} "
                                   "rows per sheet) and the dataset has up to {rows}: use --format csv (one row per "
                                   "village-year), jsonl or json instead, or choose villages with --village"),
                   most=Count(max_rows - 1), limit=Count(max_rows), rows=Count(rows))
    if columns > max_columns:
        raise said(OutputError, N_("the framework's widest sheet needs {columns} columns, more than Excel's {limit}: "
                                   "use --format csv, jsonl or json instead"),
                   columns=Count(columns), limit=Count(max_columns))


def render(result: Any, lang: str) -> bytes:
    """Return the workbook of ``result``: a report below :data:`LONG_LIMIT` village-years, else wide sheets."""
    out = io.BytesIO()
    write(result, lang, out)
    return out.getvalue()


def write(result: Any, lang: str, handle: BinaryIO) -> None:
    """Write the workbook of ``result`` to ``handle`` (a national one without holding its sheets whole)."""
    fw = result.framework
    n = len(result)
    preflight(n, fw)
    frame = result.summary_frame(lang=lang)
    ids = frame["village_id"].astype(str).to_numpy(dtype=object)
    names = frame["name"].to_numpy(dtype=object)
    years = frame["year"].to_numpy()
    with new_workbook() as wb:  # its temporary files removed if it fails
        bodies: dict[Any, str] = {}
        cache: dict[tuple[int, str], Any] = {}  # the identity columns repeat on every sheet
        later: list[Any] = []  # every sheet's columns serialised in one round of forked copies, before writing

        def sheet(*args: Any, **kwargs: Any) -> None:
            ws, xml = _sheet(wb, *args, cache=cache, later=later, **kwargs)
            bodies[ws] = xml

        sectors = getattr(result, "sector_labels", None) or {}
        ident = list(RESULT_IDENTITY)  # the columns summary_head names, in its order
        header = summary_head(lang)
        header += [labelled(p.id, p.label, lang) for p in fw.pillars]
        header += [f"{labelled(p.id, p.label, lang)} — {t('coverage', lang)}" for p in fw.pillars]
        gate_heads, gate_columns = _gate_lists(result, frame, lang)
        header += [tr("xlsx.estimated_share", lang), *gate_heads]
        columns = [ids, names, *(frame[c].to_numpy() for c in ident[2:-2]),
                   _labelled_lists(frame["sectors"], sectors, lang), years,
                   *(frame[c].to_numpy() for c in ("overall_score", "overall_coverage")), _rating_cells(frame)]
        columns += [frame[f"{p.id}_score"].to_numpy() for p in fw.pillars]
        columns += [frame[f"{p.id}_coverage"].to_numpy() for p in fw.pillars]
        columns += [frame["estimated_share"].to_numpy(), *gate_columns]
        k = len(fw.pillars)
        widths = [22, 28, 18, 16, 18, 16, 16, 18, 8, 12, 12, 22] + [12] * 2 * k + [14] + [30] * len(gate_columns)
        plugins = result.provenance.get("plugins") or []
        prov = [*provenance_rows(result.provenance, lang, fw.missing), *plugin_file_rows(plugins, lang)]
        head = village_year_head(lang)
        long_rows = n * max(len(fw.indicators), len(fw.criteria), len(fw.gates), 1)  # the longest sheet of a report
        report = n < _limits.LONG_LIMIT and long_rows < _limits.MAX_ROWS
        # a printed report: the provenance and the gates' rules below the summary (one page for a
        # pilot); a wide workbook keeps them on sheets of their own, away from 100,000 rows
        notes = _notes_block(result, lang)
        blocks = [*notes, _provenance_block(prov, lang), _gates_block(result, lang)] if report else []
        # a score whose one decimal would reach a tier's minimum it misses is shown with the decimals it needs
        bounds = {10: tier_minimums(fw), **{13 + j: tier_minimums(fw, p.id) for j, p in enumerate(fw.pillars)}}
        sheet(_title("summary", lang), header, None, widths=widths, score_cols=[10, *range(13, 13 + k)],
              pct_cols=[11, *range(13 + k, 13 + 2 * k + 1)], columns=columns, blocks=blocks, score_bounds=bounds)

        (_long_sheets if report else _wide_sheets)(result, lang, sheet, head, ids, names, years)
        if not report:
            sheet(_title("provenance", lang), [tr("provenance", lang), t("value", lang)],
                  [*([note[0], None] for header, rows in notes for note in [header, *rows, [None]]), *prov],
                  widths=[34, 80])  # what the scores rest on first, as the summary of a report gives it
        code_later(later, cache)
        write_workbook(wb, bodies, handle)


def _rating_cells(frame: Any) -> Any:
    """Each village-year's rating as ``label (id)`` (empty where it has no rating)."""
    import pandas as pd

    rating = frame["rating"].astype(object)
    shown = frame["rating_label"].astype(object) + " (" + rating + ")"
    return shown.where(rating.notna() & pd.Series(rating != "", index=frame.index), frame["rating_label"]).to_numpy()


def _labelled_lists(column: Any, labels: dict[str, Any], lang: str) -> Any:
    """A column of ``a;b`` id lists as people read it: ``label a (a), label b (b)``, each distinct value once."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=True)
    shown = [", ".join(labelled(x, labels.get(x), lang) for x in str(v).split(";") if x) for v in uniques.tolist()]
    return np.asarray([*shown, None], dtype=object)[codes]


def _gate_lists(result: Any, frame: Any, lang: str) -> tuple[list[str], list[Any]]:
    """The summary's gate columns: the gates failed, then (when some capped a rating unjudged) those not judged.

    A gate whose limit is unknown, or that has no data, caps the rating without failing: it is
    listed apart, as every report lists it (:func:`~villagescore.reports.notices.gate_counts`).
    """
    import numpy as np

    from ...results import fired_lists

    fw = result.framework
    gates = {g.id: g.label for g in fw.gates}
    fired = np.asarray(result.fired, dtype=bool)
    failed = fired & (result.gate_states() == "failed") if fired.size else fired
    if not (fired & ~failed).any():
        return [t("gates_fired", lang)], [_labelled_lists(frame["gates_fired"], gates, lang)]
    ids = [g.id for g in fw.gates]
    words = report_words(lang)
    return ([t("gates_fired", lang), words["gates_not_judged_count"]],
            [_labelled_lists(fired_lists(failed, ids), gates, lang),
             _labelled_lists(fired_lists(fired & ~failed, ids), gates, lang)])


def _title(key: str, lang: str) -> str:
    """The name of sheet ``key`` in ``lang`` (a report word ``xlsx.sheet.KEY``)."""
    return tr(f"xlsx.sheet.{key}", lang)


def _notes_block(result: Any, lang: str) -> list[tuple[list[str], list[list[Any]]]]:
    """What the scores rest on, as the other reports say it at their head: one note a row (none: no block)."""
    notes = [line for notice in report_notices(result, lang) for line in notice.lines()]
    return [([gettext(N_("Notes: what these scores rest on"), lang)], [[note] for note in notes])] if notes else []


def _provenance_block(prov: list[tuple[str, str]], lang: str) -> tuple[list[str], list[list[Any]]]:
    """The provenance as a block below the summary: the label in A (spilling into B), the value in C."""
    return [tr("provenance", lang), "", t("value", lang)], [[key, None, value] for key, value in prov]


def _gates_block(result: Any, lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per gate: its id, label, rule, cap and how many village-years it failed for, then its indicator.

    Where some gate capped a rating without being judged (limit unknown, no data), how many
    village-years it did so for is a column of its own. The summary's last columns name them.
    """
    import numpy as np

    fw = result.framework
    n = len(result)
    fired = np.asarray(result.fired, dtype=bool)
    failed = fired & (result.gate_states() == "failed") if n else fired
    apart = (fired & ~failed).sum(axis=0).tolist() if n else [0] * len(fw.gates)
    failed = failed.sum(axis=0).tolist() if n else [0] * len(fw.gates)
    shown = any(apart)  # gates that capped a rating unjudged: counted apart from the failed
    header = [tr("gate_id", lang), t("gate", lang), tr("rule", lang), t("cap", lang), tr("xlsx.fired_count", lang),
              *([report_words(lang)["gates_not_judged_count"]] if shown else []), tr("indicator_id", lang)]
    rows = [[g.id, label(g.label, lang, g.id), rule_text(g, lang), label(fw.tier(g.cap).label, lang, g.cap),
             f"{failed[k]} / {n}", *([f"{apart[k]} / {n}"] if shown else []), g.indicator]
            for k, g in enumerate(fw.gates)]
    return header, rows


def _status_array(score: Any, na: Any) -> Any:
    """``scored``, ``missing`` or ``na`` per cell of a node score matrix."""
    import numpy as np

    return np.where(na, "na", np.where(np.isnan(score), "missing", "scored"))


def _long_sheets(result: Any, lang: str, sheet: Any, head: list[str], ids: Any, names: Any, years: Any) -> None:
    """Criteria and indicators: one row per village-year and node, to read and print.

    The pillars' scores and coverage are columns of the summary, the gates a block below it.
    """
    import numpy as np

    fw, tree = result.framework, result.tree
    ids, names, years = ids.tolist(), [None if _missing(x) else x for x in names.tolist()], years.tolist()

    def node_rows(nodes: Sequence[Any], score: Any, coverage: Any, na: Any, extra: Any) -> Iterable[list[Any]]:
        status = _status_array(score, na)
        score, coverage = round_like_python(score, 4), round_like_python(coverage, 4)
        labels = [label(node.label, lang, node.id) for node in nodes]
        for i, j in np.argwhere(~na):  # row by row; nodes that do not apply are left out
            node = nodes[j]
            yield [ids[i], names[i], years[i], *extra(node), node.id, labels[j], score[i, j], coverage[i, j],
                   tr(status[i, j], lang)]

    pillar_labels = {p.id: labelled(p.id, p.label, lang) for p in fw.pillars}
    sheet(_title("criteria", lang), head + [t("pillar", lang), tr("criterion_id", lang), t("criterion", lang),
                                            t("score", lang), t("coverage", lang), t("status", lang)],
          node_rows(fw.criteria, tree.criterion_score, tree.criterion_coverage, tree.criterion_na,
                    lambda node: [pillar_labels.get(node.pillar, node.pillar)]),
          widths=[22, 28, 8, 16, 30, 40, 10, 12, 16], score_cols=[7], pct_cols=[8])

    nodes = fw.indicators
    scores = round_like_python(result.matrix.scores, 4)
    status = result.indicator_status()
    weights = round_like_python(result.overall_weights(), 6)
    contrib = round_like_python(result.contributions(), 4)
    ind_labels = [label(x.indicator.label, lang, x.id) for x in nodes]
    units = [unit_label(x.indicator.unit or "", lang) for x in nodes]
    value_labels = getattr(result, "value_labels", None) or {}
    words = {True: tr("yes", lang), False: tr("no", lang)}

    def shown(j: int, value: Any) -> tuple[Any, str]:
        """A category as ``label (code)`` and yes/no as the word, both without a unit; numbers stay numbers."""
        labels = value_labels.get(nodes[j].id) or {}
        if isinstance(value, str) and value in labels:
            return labelled(value, labels[value], lang), ""
        if nodes[j].indicator.unit == "bool" and value in (0, 1):
            return words[bool(value)], ""
        return value, units[j]

    listed = np.array(result.matrix.applicable, dtype=bool)
    left_out = getattr(result.matrix, "limit_unverified", {})
    for j, mask in left_out.items():
        listed[:, j] |= mask  # not scored because the limit is unverified: listed, and said so

    # a gated value (or score) with the decimals that keep it on its side of its row's limit: 150.0004, never 150.0
    shown_decimals = {8: (gated_decimals(result, "value", VALUE_DECIMALS), VALUE_DECIMALS),
                      10: (gated_decimals(result, "score", SHOWN_DECIMALS), SHOWN_DECIMALS)}
    decimals = {c: row_decimals(needs, listed, shown) for c, (needs, shown) in shown_decimals.items() if needs}
    applied = _applied_regulations(result, lang)  # per indicator: each row's version applied, "label (id)"
    unscored = unscored_in_rows(result, slice(0, len(result)))  # given, not scored: the limit is unknown there
    unchecked = scored_unverified(result)  # scored against a limit nobody has checked (--unverified-limits score)
    why = {j: unverified_reasons(nodes[j].threshold.versions, result.applied_versions(j), result.frame, lang)
           for j in sorted({*left_out, *unchecked})}  # per row: a candidate value, or in force unverified after …

    def indicator_rows() -> Iterable[list[Any]]:
        for i, j in np.argwhere(listed):  # row by row; indicators that do not apply are left out
            node = nodes[j]
            state = tr(status[i, j], lang) if j not in left_out or not left_out[j][i] else _unverified_text(
                result, i, j, why[j][i], lang)
            if node.id in unscored.get(i, ()):
                state = unscored_status(*unscored[i][node.id], lang)
            elif j in unchecked and unchecked[j][i]:
                state = _scored_unverified_text(result, i, j, state, why[j][i], lang)
            yield [ids[i], names[i], years[i], pillar_labels.get(node.pillar, node.pillar), node.criterion,
                   node.id, ind_labels[j], *shown(j, result.matrix.values[j][i]), scores[i, j],
                   state, weights[i, j], contrib[i, j], applied[j][i] if j in applied else None]

    sheet(_title("indicators", lang), head + [t("pillar", lang), tr("criterion_id", lang), tr("indicator_id", lang),
                                              t("indicator", lang), t("value", lang), t("unit", lang), t("score", lang),
                                              t("status", lang), t("weight", lang), tr("contribution", lang),
                                              tr("regulation_applied", lang)],
          indicator_rows(), widths=[22, 28, 8, 14, 26, 34, 44, 12, 10, 10, 16, 10, 12, 44],
          score_cols=[10], share_cols=[12], number_cols=[8, 13], row_count=int(listed.sum()), row_decimals=decimals)


def _applied_regulations(result: Any, lang: str) -> dict[int, Any]:
    """Per regulated indicator (its column), each village-year's version applied as ``label (id)``.

    A version kept by its transitional rule says so, a pinned version past its validity too; none in force says
    that. A version that scored
    nothing (no data, limit unknown, left out as unverified: not
    :func:`~villagescore.reports.regulations.scored_against`) was not applied: its cell is empty, the
    status column says why. Each version's text is written once and taken for every row (an array
    of the texts, indexed by the versions applied).
    """
    import numpy as np

    from ...versions_applied import kept_by_transition, pinned_past_validity
    from ..framework_doc import transition_text
    from ..regulations import pinned_text, regulation_text, transition_fields

    none, fields = t("regulation_none_in_force", lang), transition_fields(result)
    out = {}
    for j, node in enumerate(result.framework.indicators):
        versions = result.applied_versions(j) if node.threshold is not None else None
        if versions is None:
            continue
        regs = [v.regulation for v in node.threshold.versions]
        kept_texts = [f"{regulation_text(r, lang)} — {transition_text(r, lang, fields)}" for r in regs]
        pinned = pinned_past_validity(result, j)
        # the one version pinned: its text with the validity it is applied past, its own entry (not a kept one's)
        pinned_texts = [] if pinned is None else [f"{regulation_text(regs[0], lang)} — {pinned_text(regs[0], lang)}"]
        texts = np.asarray([regulation_text(r, lang) for r in regs] + [none] + kept_texts + pinned_texts + [None],
                           dtype=object)
        k = np.asarray(versions, dtype=np.int64)
        at = np.where(k < 0, len(regs), k)
        kept = kept_by_transition(result, j)
        if kept is not None:
            at = np.where(kept, len(regs) + 1 + k, at)
        if pinned is not None:
            at = np.where(pinned, len(texts) - 2, at)
        unscored = np.isnan(np.asarray(result.matrix.scores[:, j], dtype=float)) & (k >= 0)
        out[j] = texts[np.where(unscored, len(texts) - 1, at)]
    return out


def _unverified_text(result: Any, i: int, j: int, why: str, lang: str) -> str:
    """The status of an indicator left out because its limit is unverified, with the regulation and ``why`` there."""
    from ..regulations import regulation_text

    node = result.framework.indicators[j]
    reg = node.threshold.versions[int(result.applied_versions(j)[i])].regulation
    return f"{tr('limit_unverified', lang)}; {regulation_text(reg, lang)}" + (f": {why}" if why else "")


def _scored_unverified_text(result: Any, i: int, j: int, status: str, why: str, lang: str) -> str:
    """The status of an indicator scored against an unverified limit: marked, with ``why`` there and the regulation.

    ``why``: a candidate value, or the version's being in force after a date unverified, with its successor
    (:func:`~..unverified_why.unverified_reasons`).
    """
    from ..regulations import regulation_text

    node = result.framework.indicators[j]
    reg = node.threshold.versions[int(result.applied_versions(j)[i])].regulation
    return gettext(N_("{status}; ⚠ scored against an unverified limit ({why}): {regulation}"), lang).format(
        status=status, why=why, regulation=regulation_text(reg, lang))


def _wide_sheets(result: Any, lang: str, sheet: Any, head: list[str], ids: Any, names: Any, years: Any) -> None:
    """Criteria, indicators and gates: one wide row per village-year; the indicator list says what each column is."""
    import numpy as np
    import pandas as pd

    from ..regulations import transition_fields

    fw, tree, fields = result.framework, result.tree, transition_fields(result)
    crits = fw.criteria
    c = len(crits)
    # scores and coverages to 4 decimals, rounded a column at a time by the sheet (no rounded copy of the matrices)
    sheet(_title("criteria", lang), head + [labelled(x.id, x.label, lang) for x in crits]
          + [f"{labelled(x.id, x.label, lang)} — {t('coverage', lang)}" for x in crits], None,
          widths=[22, 28, 8] + [14] * 2 * c, score_cols=list(range(4, 4 + c)), pct_cols=list(range(4 + c, 4 + 2 * c)),
          columns=[ids, names, years, *tree.criterion_score.T, *tree.criterion_coverage.T], decimals=4)

    inds = fw.indicators
    m = len(inds)
    sheet(_title("indicators", lang), head + [x.id for x in inds], None, widths=[22, 28, 8] + [12] * m,
          score_cols=list(range(4, 4 + m)), columns=[ids, names, years, *result.matrix.scores.T], decimals=4)

    # each cell the gate's status in words (failed: the rule is not met), each header the gate's label and id
    states = result.gate_states()
    inverse, codes = pd.factorize(states.ravel())
    words = np.asarray([tr(f"gate_status.{c}", lang) for c in codes.tolist()], dtype=object)
    shown = words[inverse.reshape(states.shape)] if codes.size else result.fired.astype(object)
    states = [shown[:, g] for g in range(len(fw.gates))]
    # beside them, the legal limit each gate that compares with one held the village-year to (empty: unknown)
    limited = [g for g in range(len(fw.gates)) if g in result.matrix.gate_limits]
    limit_heads = [f"{labelled(fw.gates[g].id, fw.gates[g].label, lang)} — {tr('gate_rule.applied_limit', lang)}"
                   for g in limited]
    sheet(_title("gates", lang), head + [labelled(g.id, g.label, lang) for g in fw.gates] + limit_heads, None,
          widths=[22, 28, 8] + [24] * (len(fw.gates) + len(limited)),
          number_cols=list(range(4 + len(fw.gates), 4 + len(fw.gates) + len(limited))),
          columns=[ids, names, years, *states, *(result.matrix.gate_limits[g] for g in limited)])

    pillar_labels = {p.id: labelled(p.id, p.label, lang) for p in fw.pillars}
    crit_labels = {x.id: label(x.label, lang, x.id) for x in crits}
    sheet(_title("indicator_list", lang), [tr("indicator_id", lang), t("indicator", lang), t("pillar", lang),
                                           t("criterion", lang), t("unit", lang), tr("regulation_versions", lang)],
          ([x.id, label(x.indicator.label, lang, x.id), pillar_labels.get(x.pillar, x.pillar),
            crit_labels.get(x.criterion, x.criterion), unit_label(x.indicator.unit or "", lang),
            _versions_text(x, lang, fields)]
           for x in inds),
          widths=[34, 60, 16, 40, 10, 60])


def _versions_text(node: Any, lang: str, fields: dict[str, Any]) -> str | None:
    """Every regulation version of an indicator's limit, ``label (id)``, when each is in force and its transition.

    ``fields``: the fields transitional rules name (:func:`~..regulations.transition_fields`).
    """
    from ..framework_doc import transition_text, validity_text
    from ..regulations import regulation_text

    if node.threshold is None:
        return None
    parts = []
    for v in node.threshold.versions:
        reg = v.regulation
        rule = f"; {transition_text(reg, lang, fields)}" if reg.transition else ""
        parts.append(f"{regulation_text(reg, lang)}: {validity_text(reg.valid_from, reg.valid_to, lang)}{rule}")
    return "\n".join(parts)


def _missing(x: Any) -> bool:
    return x is None or type(x).__name__ == "NAType" or (isinstance(x, float) and math.isnan(x))
