"""Terminal views of a Result (rich tables): a ranked summary of many villages, a profile of one.

Made to be read at 80 columns in either language: text columns wrap between words and never
narrower than their longest word, so an id or a number is never split; numbers are formatted
for the language (:mod:`villagescore.i18n.numbers`); every id is shown beside its label.

Text that comes from data, framework or plugin files is never read as rich markup: a
village named ``Làng [cũ]`` or ``[/x]`` is shown as written (rich would hide the first and
fail on the second). :func:`plain_table` builds such tables; :func:`esc` escapes a piece
of text placed inside markup.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np

from ..i18n import (
    estimates_text,
    format_change,
    format_integer,
    format_number,
    format_percent,
    format_weight,
    label,
    labelled,
    t,
)
from ..places import place_lines
from ..published import decisive_digits, published, tier_minimums
from ..unsafe_text import Visible
from ..unverified import scored_unverified
from .gate_rules import NOT_SHOWN
from .notices import gate_counts, gate_why, report_notices, report_words
from .regulations import change_note, gate_unverified_why, left_out_mark, unverified_rows
from .view import rule_text, sectors_text, value_and_unit

__all__ = ["summary", "village_profile", "render_text", "plain_table", "esc", "short_headers", "competition_ranks",
           "rule_text", "print_all", "notice_lines"]

_NUMBER = re.compile(r"^[-+−]?[\d.,]+(\u00a0%)?$|^—$")
_PERCENT = re.compile(r"(\d) %")
#: the widest a column is kept from wrapping (a longer word wraps)
_LONGEST_WORD = 32


def esc(text: Any) -> str:
    """Escape ``text`` for rich markup (``[`` … ``]`` shown as written)."""
    from rich.markup import escape

    return escape(str(text))


def _cell(x: Any) -> str:
    """A cell's text: a number and its per-cent sign joined by a no-break space, so they never part."""
    return "" if x is None else _PERCENT.sub("\\1\u00a0%", str(x))


class _FittedTable:
    """A table laid out for the console it is printed on: every column at least as wide as its longest word.

    rich shrinks the widest columns first and can end wider than the console when that undoes
    a column's minimum; here the widths are decided once the console's width is known: each
    column gets its longest word (a number, an id) and the rest of the width goes to the columns
    that wrap, in proportion to what they would need on one line.
    """

    def __init__(self, header: list[str], rows: list[list[str]], title: str | None, caption: str | None,
                 columns: dict[str, Any]) -> None:
        self.header, self.rows, self.title, self.caption, self.columns = header, rows, title, caption, columns

    def _widths(self, available: int) -> list[int]:
        cells = [[row[k] if k < len(row) else "" for row in self.rows] for k in range(len(self.header))]
        natural = [max(len(line) for x in [h, *col] for line in x.split("\n")) for h, col in
                   zip(self.header, cells, strict=True)]
        minimum = [min(max((len(w) for x in [h, *col] for w in _words(x)), default=1), _LONGEST_WORD)
                   for h, col in zip(self.header, cells, strict=True)]
        available -= 2 * (len(self.header) - 1)  # two spaces between columns, none at the edges
        if sum(minimum) > available:  # the longest words do not all fit: the longest ones (ids) give way first
            cap = max(minimum)
            while cap > _SHORTEST_CAP and sum(min(m, cap) for m in minimum) > available:
                cap -= 1
            minimum = [min(m, cap) for m in minimum]
        if sum(natural) <= available:
            return natural
        # water-filling: every column gets min(its one-line width, a common level), never less than its minimum
        low, high = 0, max(natural)
        while low < high:
            level = (low + high + 1) // 2
            if sum(max(m, min(n, level)) for n, m in zip(natural, minimum, strict=True)) <= available:
                low = level
            else:
                high = level - 1
        return [max(m, min(n, low)) for n, m in zip(natural, minimum, strict=True)]

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        widths = self._widths(options.max_width)
        table = Table(title=None if self.title is None else Text(self.title), box=box.SIMPLE_HEAD, padding=(0, 1),
                      collapse_padding=True, show_edge=False, pad_edge=False,
                      caption=Text(self.caption) if self.caption else None, caption_justify="left",
                      title_justify="left")
        for k, head in enumerate(self.header):
            column = [row[k] for row in self.rows if k < len(row)]
            numeric = bool(column) and all(_NUMBER.match(c) or not c for c in column)
            settings: dict[str, Any] = {"width": widths[k], "justify": "right" if numeric else "left"}
            settings.update(self.columns)
            table.add_column(Text(_wrap(head, widths[k])), **settings)
        for row in self.rows:
            table.add_row(*[Text(_wrap(c, widths[k])) for k, c in enumerate(row)])
        yield table


#: The narrowest a column's longest word is squeezed to when a console is too narrow for them all.
_SHORTEST_CAP = 12


def _words(text: str) -> list[str]:
    """The words of a cell: split at spaces and line breaks only (a no-break space joins a number to its sign)."""
    return [w for line in text.split("\n") for w in line.split(" ") if w]


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` between words (rich would also break at a no-break space).

    A word longer than the column is folded (:func:`_fold`), never cut short: an id stays whole.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
            while len(line) > width > 0:
                head, line = _fold(line, width)
                lines.append(head)
        lines.append(line)
    return "\n".join(lines)


#: Where a word too long for its column is best folded: after one of these.
_FOLD_AFTER = re.compile(r"[-._/]")


def _fold(word: str, width: int) -> tuple[str, str]:
    """``word`` folded at ``width``: its first line (ending after a ``-`` ``.`` ``_`` ``/`` if one fits), the rest."""
    breaks = [m.end() for m in _FOLD_AFTER.finditer(word, 0, width)]
    at = breaks[-1] if breaks and breaks[-1] > width // 2 else width
    return word[:at], word[at:]


def plain_table(header: list[Any], rows: list[list[Any]], *, title: Any = None, caption: Any = None,
                **columns: Any) -> Any:
    """A table whose title, caption, headers and cells are plain text (never rich markup).

    Every column wraps between words only and is kept at least as wide as its longest word (up
    to 32 characters), so ids and numbers are not split at any console width the longest words
    fit in; columns of numbers are right-aligned. ``columns`` are passed to every
    ``add_column``; ``None`` cells are empty.
    """
    return _FittedTable([_cell(h) for h in header], [[_cell(x) for x in row] for row in rows],
                        None if title is None else str(title), str(caption) if caption else None, columns)


def short_headers(labels: list[str]) -> list[str]:
    """Short, distinct column headers for long labels: initials of several words, else the first letters.

    ``["Môi trường", "Kinh tế", "Xã hội", "Quản trị"]`` → ``["MT", "KT", "XH", "QT"]``;
    ``["Environment", "Economy"]`` → ``["Env", "Eco"]``.
    """
    out: list[str] = []
    for text in labels:
        words = [w for w in re.split(r"[\s/-]+", text) if w]
        short = "".join(w[0] for w in words).upper() if len(words) > 1 else text[:3].capitalize()
        candidate, n = short, 2
        while candidate in out:
            candidate, n = f"{short}{n}", n + 1
        out.append(candidate)
    return out


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks "1, 2, 2, 4" by score, highest first, on scores as published (4 decimals); 0 where the score is missing.

    The tiers are decided on the same published scores, so village-years tie exactly when their ratings
    treat their scores as equal.
    """
    rounded = published(scores)
    ranks = np.zeros(len(rounded), dtype=int)
    valid = ~np.isnan(rounded)
    values = rounded[valid]
    ranks[valid] = 1 + (values[None, :] > values[:, None]).sum(axis=1) if len(values) < 2000 else \
        1 + len(values) - np.searchsorted(np.sort(values), values, side="right")
    return ranks


def _shown_scores(result: Any) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """The published overall scores, the decimals to show each with, and ``(scores, decimals)`` per pillar.

    One decimal, or as many as a score needs not to be shown on a tier minimum it misses
    (:func:`~villagescore.published.decisive_digits`): 79.96 beside a tier of 80 is not shown 80.0.
    """
    fw = result.framework
    overall = published(result.tree.overall_score)
    digits = decisive_digits(overall, tier_minimums(fw)).tolist()
    pillars = []
    for k, p in enumerate(fw.pillars):
        scores = published(result.tree.pillar_score[:, k])
        pillars.append((scores, decisive_digits(scores, tier_minimums(fw, p.id)).tolist()))
    return overall, digits, pillars


def _rank_by_year(result: Any) -> np.ndarray:
    years = result.frame["year"].to_numpy()
    ranks = np.zeros(len(years), dtype=int)
    for year in np.unique(years):
        rows = np.flatnonzero(years == year)
        ranks[rows] = competition_ranks(result.tree.overall_score[rows])
    return ranks


def _tier_counts(result: Any, rows: np.ndarray, lang: str) -> str:
    fw = result.framework
    outcomes = [*fw.tiers, *([fw.unrated] if fw.unrated else [])]
    counts = np.bincount(np.asarray(result.rating)[rows].clip(-1) + 1, minlength=len(outcomes) + 1)
    parts = [f"{label(o.label, lang)} ({o.id}) {format_integer(counts[k + 1], lang)}"
             for k, o in enumerate(outcomes) if counts[k + 1]]
    if counts[0]:
        parts.append(f"{t('no_score', lang)} {format_integer(counts[0], lang)}")
    return " · ".join(parts)


def _estimated_percents(result: Any, lang: str) -> list[str]:
    """Each village-year's percentage of estimated scoring inputs, whole ("—" when unknown)."""
    if getattr(result, "estimated", None) is None:
        return ["—"] * len(result)
    return ["—" if np.isnan(s) else format_number(100 * s, 0, lang) for s in result.estimated_share.tolist()]


def summary(result: Any, lang: str) -> list[Any]:
    """A ranked table of every village-year (rank within its year), with tier counts and a legend.

    From :data:`~villagescore.reports.national.SUMMARY_LIMIT` village-years on, the national
    summary instead (:mod:`villagescore.reports.national_text`), with the same notices.
    """
    from .national import SUMMARY_LIMIT

    notices = notice_lines(result, lang)
    if len(result) >= SUMMARY_LIMIT:
        from .national_text import national_renderables

        return [*national_renderables(result, lang), *notices]
    fw = result.framework
    pillar_labels = [label(p.label, lang) for p in fw.pillars]
    shorts = short_headers(pillar_labels)
    gates_short, estimated_short = t("gates_short", lang), t("estimated_short", lang)
    n_failed, n_not_judged = gate_counts(result)
    apart = any(n_not_judged)  # gates that capped a rating without failing: a column of their own
    not_judged_short = t("gates_not_judged_short", lang)
    header = ["#", t("village", lang), t("year", lang), t("score", lang), t("rating", lang), *shorts, gates_short,
              *([not_judged_short] if apart else []), estimated_short]
    shares = _estimated_percents(result, lang)
    frame = result.frame
    ranks = _rank_by_year(result)
    overall, digits, pillar_digits = _shown_scores(result)
    order = np.lexsort((frame["village_id"].to_numpy(dtype=str), np.where(ranks == 0, 1 << 30, ranks),
                        -frame["year"].to_numpy()))
    rows = []
    for i in order:
        ident = frame.iloc[i]
        place = ", ".join(str(x) for x in (ident.get("commune"), ident.get("province")) if isinstance(x, str) and x)
        name = f"{ident['name']} ({ident['village_id']})" + (f" — {place}" if place else "")
        tier = result.rating_id(i)
        rows.append([
            format_integer(ranks[i], lang) if ranks[i] else "—", name, str(int(ident["year"])),
            format_number(overall[i], digits[i], lang),
            "—" if tier is None else label(fw.tier(tier).label, lang),
            *[format_number(pillars[i], pd[i], lang) for pillars, pd in pillar_digits],
            str(n_failed[i]), *([str(n_not_judged[i])] if apart else []), shares[i]])
    legend = f"{t('score', lang)} = {t('overall', lang)} · " + " · ".join(
        f"{s} = {labelled(p.id, p.label, lang)}" for s, p in zip(shorts, fw.pillars, strict=True))
    legend += f" · {gates_short} = {t('gates_fired', lang)}"
    legend += f" · {not_judged_short} = {report_words(lang)['gates_not_judged']}" if apart else ""
    legend += f" · {estimated_short} = {t('estimated_legend', lang)}"
    years = frame["year"].to_numpy()
    counts = [f"{t('ratings', lang)} {year}: {_tier_counts(result, np.flatnonzero(years == year), lang)}"
              for year in sorted(np.unique(years), reverse=True)]
    title = f"{label(fw.title, lang)} ({fw.id} {fw.version})"
    return [plain_table(header, rows, title=title, caption="\n".join([legend, *counts])), *notices]


def notice_lines(result: Any, lang: str, *, brief: bool = False) -> list[Any]:
    """The report's notices (:func:`~villagescore.reports.notices.report_notices`) as red lines, items indented.

    ``brief``: each notice's brief form (:class:`~villagescore.reports.notices.Notice`) without its items,
    for a profile that shows its village's own.
    """
    from rich.text import Text

    out = []
    for notice in report_notices(result, lang):
        text = notice.to_dict()["brief"] if brief else notice.text
        if text:
            out.append(Text(text, style="bold red" if notice.warning else "bold"))
        out += [] if brief else [Text(f"  • {item}", style="red") for item in notice.items]
    return out


def _gate_lines(fw: Any, nodes: dict[str, Any], g: dict[str, Any], lang: str) -> list[tuple[str, int]]:
    """A gate that fired, as the lines of a profile (with their indent): its label, then indicator, rule and cap.

    One not judged says why (limit unknown, or no data); for an unknown limit, the rule is the
    framework's (its versions and when each is in force) rather than the reason twice.
    """
    gate = next(x for x in fw.gates if x.id == g["id"])
    node = nodes.get(g["indicator"])
    indicator = labelled(g["indicator"], node.indicator.label if node else None, lang)
    why = gate_why(g["status"], lang, g.get("unverified", ""))
    rule = rule_text(gate, lang, NOT_SHOWN if g["status"] == "unknown" else g.get("limit", NOT_SHOWN),
                     g.get("limit_regulation"))
    details = (f"{t('indicator', lang)}: {indicator}; {t('rule', lang).lower()}: {rule}; "
               + (f"{t('status', lang).lower()}: {why}; " if why else "")
               + f"{t('cap', lang).lower()}: {labelled(g['cap'], fw.tier(g['cap']).label, lang)}")
    return [(f"• {labelled(g['id'], gate.label, lang)}", 0), (details, 2)]


def village_profile(result: Any, i: int, lang: str, *, weakest: int = 5, previous: int | None = None) -> list:
    """Renderables describing one village-year: scores, pillars, gates fired, weakest indicators."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    fw = result.framework
    v = result.village_dict(i, lang=lang)
    prev = result.village_dict(previous, lang=lang) if previous is not None else None

    def num(x: Any, digits: int = 1) -> str:
        return format_number(x, digits, lang)

    rating = v["overall"]["rating"]
    rating_text = labelled(rating, fw.tier(rating).label, lang) if rating else "—"
    place, former = place_lines(v, lang)  # the former units on a line of their own: two Phùng Xá told apart
    head = Text()
    # the framework on a line of its own: a panel title longer than the terminal would be cut
    head.append(f"{t('framework', lang)}: {label(fw.title, lang)} ({fw.id} {fw.version})\n")
    head.append(f"{v['name']} ({v['village_id']})", style="bold")
    head.append((f" — {place}\n" if place else "\n") + "".join(f"{line}\n" for line in former))
    head.append(f"{t('sectors', lang)}: {sectors_text(result, v['sectors'], lang)}\n{t('year', lang)}: {v['year']}\n")
    head.append(f"{t('overall', lang)}: ")
    head.append(f"{num(v['overall']['score'])} / 100", style="bold")
    head.append(f"   {t('rating', lang)}: ")
    head.append(rating_text, style="bold")
    head.append(f"\n{t('coverage', lang)}: {format_percent(v['overall']['coverage'], lang)}".replace(" %", "\u00a0%"))
    if prev is not None:
        delta = format_change(v["overall"]["score"], prev["overall"]["score"], 1, lang)  # as the scores show
        before = prev["overall"]["rating_label"] or "—"
        head.append(f"\n{t('change', lang)} {prev['year']} → {v['year']}: {num(prev['overall']['score'])} → "
                    f"{num(v['overall']['score'])} ({delta}), {before} → {v['overall']['rating_label'] or '—'}")
        note = change_note(result, v["indicators"], prev["indicators"], lang)
        if note:
            head.append("\n" + _cell(note["text"]), style="yellow")
    caveat = estimates_text(v.get("estimates"), lang)
    if caveat:
        head.append("\n" + _cell(caveat), style="bold red" if v["estimates"]["warning"] else "")
    title = Text(t("pilot_title", lang))
    out: list = [Panel(head, title=title, title_align="left"), *notice_lines(result, lang, brief=True)]

    header = [t("pillar", lang), t("score", lang)] + ([str(prev["year"])] if prev else []) + [t("coverage", lang)]
    rows = []
    for p in fw.pillars:
        cell = v["pillars"][p.id]
        rows.append([labelled(p.id, p.label, lang), num(cell["score"])]
                    + ([num(prev["pillars"][p.id]["score"])] if prev else [])
                    + [format_percent(cell["coverage"] or 0, lang) + left_out_mark(result, i, p.id, lang)])
    out.append(plain_table(header, rows, title=t("pillars", lang)))

    nodes = {n.id: n for n in fw.indicators}
    failed = [g for g in v["gates"] if g["fired"] and g["status"] == "failed"]
    not_judged = [dict(g, unverified=gate_unverified_why(result, i, k, lang))  # capped the rating, not failed
                  for k, g in enumerate(v["gates"]) if g["fired"] and g["status"] != "failed"]
    heads = [(t("gates_fired", lang), failed)] if failed or not not_judged else []
    heads += [(report_words(lang)["gates_not_judged"], not_judged)] if not_judged else []
    for head_text, gates in heads:
        out.append(Text(""))
        out.append(Text(head_text + (":" if gates else f": {t('none', lang)}"), style="bold"))
        out += [Padding(Text(line), (0, 0, 0, pad)) for g in gates for line, pad in _gate_lines(fw, nodes, g, lang)]

    left_out = unverified_rows(result, i, lang)
    if left_out:  # not scored: their limit is unverified (the policy of the framework or of the run)
        out.append(Text(""))
        out.append(Text(t("limit_unverified_heading", lang) + ":", style="bold"))
        for r in left_out:
            out.append(Text(f"• {r['label']} ({r['id']}): {r['regulation_text']}"))  # the heading says why
    out += _unscored_lines(result, i, lang)
    scored = [ind for ind in v["indicators"] if ind["status"] == "scored"]
    scored.sort(key=lambda ind: (ind["score"], -(ind["weight"] or 0), ind["id"]))
    rows = []
    unchecked = {fw.indicators[j].id for j in scored_unverified(result, slice(i, i + 1))}  # --unverified-limits score
    for ind in scored[:weakest]:
        node = nodes[ind["id"]]
        shown, unit = value_and_unit(result, ind["id"], ind["value"], ind["unit"], lang)
        mark = "⚠ " if ind["id"] in unchecked else ""
        rows.append([mark + labelled(ind["id"], node.indicator.label, lang), shown, unit,
                     num(ind["score"]), format_weight(ind["weight"] or 0, lang)])
    out.append(plain_table([t(h, lang) for h in ("indicator", "value", "unit", "score", "weight")], rows,
                           title=t("weakest", lang)))
    return out


def _unscored_lines(result: Any, i: int, lang: str) -> list[Any]:
    """The values of row ``i`` given but not scored for an unknown limit, each with what to fill (none: ``[]``)."""
    from rich.text import Text

    from .notices import report_words, unscored_in_rows, unscored_text

    found = unscored_in_rows(result, slice(i, i + 1)).get(i)
    if not found:
        return []
    nodes = {n.id: n for n in result.framework.indicators}
    return [Text(""), Text(report_words(lang)["unscored_heading"] + ":", style="bold"),
            *(Text(f"• {labelled(ident, nodes[ident].indicator.label, lang)}: {unscored_text(*fix, lang)}")
              for ident, fix in found.items())]


def render_text(renderables: list, *, width: int = 120) -> str:
    """Render rich objects to plain text (for ``-o report.txt`` and for pipes)."""
    from rich.console import Console

    buf = io.StringIO()
    print_all(Console(file=buf, width=width, color_system=None, force_terminal=False), renderables)
    return buf.getvalue()


def print_all(console: Any, renderables: list) -> None:
    """Print ``renderables`` on ``console``, a blank line before each table, control characters as escapes."""
    for k, item in enumerate(renderables):
        if k and isinstance(item, _FittedTable):
            console.line()
        console.print(Visible(item))
