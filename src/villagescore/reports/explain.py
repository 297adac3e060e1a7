"""An explanation for people: a terminal view and a Markdown document.

Both render the JSON-ready mapping of :meth:`villagescore.explain.Explanation.to_dict`
(``villagescore explain`` computes it and hands it over); nothing here computes. Ids are shown
beside their labels (the mapping's ``labels``), numbers in the language's format.
"""

from __future__ import annotations

from typing import Any

from ..i18n import estimates_text, format_gain, format_integer, format_number, format_value, format_weight, labelled, t
from ..places import place_lines
from ..published import format_decisive, format_value_against
from ..unscored_texts import unscored_head, unscored_lines
from .framework_line import framework_line
from .gate_rules import NOT_SHOWN, limit_rule_text, op_text
from .notices import gate_why, report_words

__all__ = ["render_table", "render_markdown"]


def _w(key: str, lang: str, **fields: Any) -> str:
    """A word of this command (``explain.<key>`` in the catalogues), or a shared one."""
    text = t(f"explain.{key}", lang, **fields)
    return t(key, lang, **fields) if text.startswith("explain.") else text


def _named(data: dict[str, Any], ident: str | None, lang: str) -> str:
    """``label (id)`` from the explanation's labels (the id alone when it has none)."""
    if not ident:
        return "—"
    label = (data.get("labels") or {}).get(ident)
    return labelled(ident, {lang: label} if label else None, lang)


def _shown(data: dict[str, Any], indicator: str, value: Any, lang: str, number: str | None = None) -> str:
    """A value as the other reports show it (:func:`~.view.value_and_unit`): ``label (code)``, có/không, number unit."""
    from types import SimpleNamespace

    from .view import value_and_unit

    codes = (data.get("value_labels") or {}).get(indicator) or {}
    shim = SimpleNamespace(value_labels={indicator: {code: {lang: text} for code, text in codes.items()}})
    units = {x["id"]: x.get("unit") for p in data["pillars"] for c in p["criteria"] for x in c["indicators"]}
    text, unit = value_and_unit(shim, indicator, value, units.get(indicator), lang)
    text = number or text
    return f"{text} {unit}".strip() if unit and text != "—" else text


def _notices(data: dict[str, Any]) -> list[tuple[str, bool]]:
    """The report's notices as ``(text, warning)``, each in its brief form: the explanation names its own details.

    An explanation saved before it carried notices has none.
    """
    return [(n["brief"], n["warning"]) for n in data.get("notices") or [] if n.get("brief")]


def _drivers(data: dict[str, Any], top: int) -> list[dict[str, Any]]:
    inds = [dict(x, pillar=p["id"]) for p in data["pillars"] for c in p["criteria"] for x in c["indicators"]
            if x["status"] == "scored"]
    for x in inds:
        x["lost"] = (x["weight"] or 0.0) * (100.0 - (x["score"] or 0.0))
    return sorted(inds, key=lambda x: (-x["lost"], x["id"]))[:top]


def _blocker_lines(data: dict[str, Any], lang: str) -> list[str]:
    out = []
    for b in data["blockers"]:
        required = b.get("required")
        score = format_decisive(b.get("score"), [required], lang)  # 79.96 < 80, never 80.0 < 80.0
        required = format_number(required, _own_digits(required), lang)
        if "missing" in b and not b["missing"] and b.get("unscored"):  # values given, none to collect
            out.append(unscored_head(b["kind"], lang, pillar=_named(data, b.get("pillar"), lang), required=required))
        elif "missing" in b:  # no score: the data to collect, each by its label with the id
            names = ", ".join(_named(data, x, lang) for x in b["missing"]) or "—"
            if b["kind"] == "overall":
                out.append(_w("overall_missing", lang, indicators=names))
            else:
                out.append(_w("pillar_missing", lang, pillar=_named(data, b["pillar"], lang), required=required,
                              indicators=names))
        elif b["kind"] == "overall":
            out.append(_w("overall_low", lang, score=score, required=required))
        elif b["kind"] == "pillar":
            out.append(_w("pillar_low", lang, pillar=_named(data, b["pillar"], lang), score=score, required=required))
        elif b.get("status") == "missing":  # not failed: not judged, its value is to be recorded
            out.append(_w("gate_not_judged", lang, gate=_named(data, b["gate"], lang),
                          indicator=_named(data, b["indicator"], lang), cap=_named(data, b.get("cap"), lang)))
        else:
            out.append(_w("gate_caps", lang, gate=_named(data, b["gate"], lang), rule=_rule(b, lang),
                          cap=_named(data, b.get("cap"), lang)))
        if b.get("unscored"):  # values given but not scored: the field to fill, never "collect"
            out += ["  " + line for line in unscored_lines(b["unscored"], lang, lambda x: _named(data, x, lang))]
    return out


def _plan_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    rows = []
    minimums = _minimums(data, "overall")  # a step short of the tier is not shown on its minimum
    for n, s in enumerate(data["plan"]["steps"], 1):
        what = _named(data, s["indicator"], lang)
        ind = s["indicator"]
        if s["reason"] == "record":  # no value: recording it is the step, not changing it
            what += " — " + _record_text(data, s, lang)
        elif s["reason"] == "gate":
            what += f" — {_w('gate_fix', lang)}: {_named(data, s['gate'], lang)}"
        change = (f"{_named(data, s['field'], lang)}: {_shown(data, ind, s['from'], lang)} → "
                  f"{_shown(data, ind, s['to'], lang)}")
        score = " → ".join(format_decisive(s[key], minimums, lang) for key in ("score_before", "score_after"))
        measures = "; ".join(m["label"] for m in s["measures"]) or f"— ({_w('no_measure', lang)})"
        rows.append([str(n), what, change, score, format_gain(s["overall_gain"], lang), measures])
    return rows


def _record_text(data: dict[str, Any], step: dict[str, Any], lang: str) -> str:
    """What a step on a missing value asks: record it (the rule is not judged, the indicator not scored, without it)."""
    value = _shown(data, step["indicator"], step["to"], lang)
    if step.get("gate"):
        return _w("record_gate", lang, gate=_named(data, step["gate"], lang), value=value)
    return _w("record_score", lang, value=value, score=format_number(step["score_after"], 1, lang))


def _plan_headers(lang: str) -> list[str]:
    return [_w("step", lang), t("indicator", lang), _w("change", lang), t("score", lang), _w("gain", lang),
            _w("measures", lang)]


def _head(data: dict[str, Any], lang: str) -> list[str]:
    v, o, p = data["village"], data["overall"], data["plan"]
    place, former = place_lines(v, lang)
    lines = [f"{v['name']} ({v['village_id']})" + (f" — {place}" if place else "") + f"; {t('year', lang)} {v['year']}",
             *former,
             f"{t('overall', lang)}: {format_decisive(o['score'], _minimums(data, 'overall'), lang)} / 100; "
             f"{t('rating', lang)}: "
             f"{_named(data, o['rating'], lang)}"]
    framework = framework_line((data.get("provenance") or {}).get("framework"), lang)  # what the numbers come from
    if framework:
        lines.append(framework)
    if p["target_tier"]:
        reached = _named(data, p["reached_tier"], lang)
        lines.append(f"{_w('target', lang)}: {_named(data, p['target_tier'], lang)}; {_w('reached', lang)}: "
                     f"{'✔' if p['reached'] else '✘'}; {_w('reached_tier', lang)}: {reached}")
    if p["note"]:
        lines.append(p["note"])
    caveat = estimates_text(data.get("estimates"), lang)
    if caveat:
        lines.append(caveat)
    return lines


def _pillar_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    return [[_named(data, p["id"], lang), format_decisive(p["score"], _minimums(data, "pillar", p["id"]), lang)
             + _left_out_mark(data, p, lang), format_weight(p["weight"], lang),
             format_number(p["contribution"], 2, lang)] for p in data["pillars"]]


def _left_out_mark(data: dict[str, Any], pillar: dict[str, Any], lang: str) -> str:
    """`` ⚠ 4 left out (limit unverified)`` when the pillar's score leaves out indicators for an unverified limit."""
    left = {x["indicator"] for x in (data.get("plan") or {}).get("limits_to_verify") or []}
    n = sum(1 for c in pillar.get("criteria") or [] for x in c.get("indicators") or [] if x["id"] in left)
    return f" ⚠ {t('unverified_left_out_mark', lang, n=format_integer(n, lang))}" if n else ""


def _pillar_headers(lang: str) -> list[str]:
    return [t("pillar", lang), t("score", lang), t("weight", lang), _w("contribution", lang)]


def _driver_headers(lang: str) -> list[str]:
    return [t("indicator", lang), t("pillar", lang), t("value", lang), t("score", lang), t("weight", lang),
            _w("contribution", lang), _w("lost", lang)]


def _driver_rows(data: dict[str, Any], top: int, lang: str) -> list[list[str]]:
    unchecked = {x["indicator"] for x in data.get("limits_unverified") or []}  # scored against an unverified limit
    return [[("⚠ " if x["id"] in unchecked else "") + _named(data, x["id"], lang),
             (data.get("labels") or {}).get(x["pillar"], x["pillar"]),
             _shown(data, x["id"], x["value"], lang), format_number(x["score"], 1, lang),
             format_weight(x["weight"], lang),
             format_number(x["contribution"], 2, lang), format_number(x["lost"], 2, lang)]
            for x in _drivers(data, top)]


def _gate_groups(data: dict[str, Any], lang: str) -> list[tuple[str, list[dict[str, Any]], bool]]:
    """The gates that fired as ``(heading, gates, not_judged)``: those that failed, then those not judged.

    A gate not judged (no data, or its limit unknown there) caps the rating all the same but did not
    fail; the reports list it apart in the same words. An explanation saved before gates carried
    their ``status`` holds only gates that failed.
    """
    fired = data["gates_fired"]
    failed = [g for g in fired if g.get("status", "failed") == "failed"]
    not_judged = [g for g in fired if g.get("status", "failed") != "failed"]
    return [*([(t("gates_fired", lang), failed, False)] if failed else []),
            *([(report_words(lang)["gates_not_judged"], not_judged, True)] if not_judged else [])]


def _gate_headers(lang: str, not_judged: bool = False) -> list[str]:
    return [t("gate", lang), t("indicator", lang), t("value", lang), t("threshold", lang),
            *([t("status", lang)] if not_judged else []), t("cap", lang), t("reference", lang)]


def _gate_rows(data: dict[str, Any], lang: str, gates: list[dict[str, Any]] | None = None) -> list[list[str]]:
    """One row per gate of ``gates`` (all that fired when ``None``); one not judged says why in a column of its own."""
    rows = []
    for g in data["gates_fired"] if gates is None else gates:
        status = g.get("status", "failed")
        why = [gate_why(status, lang, g.get("unverified_why", ""))] if status != "failed" else []
        rows.append([_named(data, g["id"], lang), _named(data, g["indicator"], lang),
                     _shown(data, g["indicator"], g["value"], lang, _against_rule(g, lang)), _rule(g, lang), *why,
                     _named(data, g["cap"], lang), _gate_references(g)])
    return rows


def _gate_references(gate: dict[str, Any]) -> str:
    """A gate's legal references as the explanation holds them (in force on its date): document, provision, id."""
    texts = []
    for ref in gate.get("references") or []:
        text = ", ".join(str(ref[k]) for k in ("document", "provision") if ref.get(k))
        text += f" ({ref['regulation']})" if ref.get("regulation") else ""
        if text and text not in texts:  # one per provision: the columns A and B of a limit are one citation
            texts.append(text)
    return "; ".join(texts) or "—"


def _against_rule(gate: dict[str, Any], lang: str) -> str | None:
    """The value of a fired gate with the decimals that show it breaks its rule (``150.004`` against ``≤ 150``)."""
    condition = gate.get("condition") or {}
    bound = (gate.get("limit") or {}).get("applied", condition.get("value"))
    return format_value_against(gate.get("value"), condition.get("op", ""), bound, lang)


def _minimums(data: dict[str, Any], kind: str, pillar: str | None = None) -> list[float]:
    """The minimums the explanation's blockers hold a score to (the next tier's): the bounds it is shown against."""
    return [b["required"] for b in data.get("blockers") or [] if b.get("kind") == kind
            and b.get("pillar") == pillar and b.get("required") is not None]


def _own_digits(number: Any) -> int:
    """One decimal, or as many as a minimum has (59.95 is not shown 60.0), up to the published four."""
    if not isinstance(number, (int, float)):
        return 1
    return next((d for d in range(1, 4) if round(number, d) == number), 4)


def _rule(gate: dict[str, Any], lang: str) -> str:
    """A gate's rule in words of ``lang`` (``giá trị ≤ 150``), from its ``condition``; its ``limit`` when it has one.

    An explanation saved before gates carried their ``condition`` is read from its ``rule`` text.
    """
    condition = gate.get("condition")
    if condition is not None:
        on, op, number = condition["on"], condition["op"], str(condition.get("value"))
    else:
        on, _, rest = gate["rule"].partition(" ")
        op, _, number = rest.partition(" ")
    if gate.get("limit"):
        limit = gate["limit"]
        # limit unknown there: the framework's rule (its versions, when each is in force), as the reports show it
        applied = NOT_SHOWN if gate.get("status") == "unknown" else limit.get("applied", NOT_SHOWN)
        return limit_rule_text(on, op, limit, lang, applied, limit.get("applied_regulation"))
    try:
        number = format_value(float(number), lang)
    except ValueError:
        pass
    return f"{t('gate_on.' + on, lang)} {op_text(op)} {number}"


def _not_movable(data: dict[str, Any], lang: str) -> str:
    return f"{_w('not_movable', lang)}: " + ", ".join(_named(data, i, lang) for i in data["plan"]["not_movable"])


def render_table(data: dict[str, Any], lang: str, top: int = 8) -> list[Any]:
    """Rich renderables: headline, pillars, drivers, gates, blockers, plan (no text is read as markup)."""
    from rich.panel import Panel
    from rich.text import Text

    from .terminal import plain_table

    out: list[Any] = [Panel(Text("\n".join(_head(data, lang))), title=_w("title", lang), title_align="left")]
    out += [Text(text, style="bold red" if warning else "bold") for text, warning in _notices(data)]
    out.append(plain_table(_pillar_headers(lang), _pillar_rows(data, lang), title=t("pillars", lang)))
    # the pillar column is left out: an indicator's id starts with its pillar's (environment.…)
    drivers = [row[:1] + row[2:] for row in _driver_rows(data, top, lang)]
    headers = _driver_headers(lang)
    out.append(plain_table(headers[:1] + headers[2:], drivers, title=_w("drivers", lang)))
    for title, gates, not_judged in _gate_groups(data, lang):  # one block per rule, as the plan
        head = _gate_headers(lang, not_judged)
        blocks = [["\n".join([row[0], f"{head[1]}: {row[1]}", f"{head[2]}: {row[2]} · {head[3]}: {row[3]}",
                               *[f"{h}: {cell}" for h, cell in zip(head[4:], row[4:], strict=True)]])]
                  for row in _gate_rows(data, lang, gates)]
        out.append(plain_table([head[0]], blocks, title=title))
    if data["blockers"]:
        out.append(Panel(Text("\n".join(_blocker_lines(data, lang))), title=_w("blockers", lang), title_align="left"))
    if data["plan"]["steps"]:  # one block per step: the table of the Markdown view is too wide for a terminal
        head = _plan_headers(lang)
        blocks = [[row[0], "\n".join([row[1], f"{head[2]}: {row[2]}", f"{head[3]}: {row[3]} ({head[4]} {row[4]})",
                                       f"{head[5]}: {row[5]}"])] for row in _plan_rows(data, lang)]
        out.append(plain_table([head[0], _w("plan_step", lang)], blocks, title=_w("plan", lang)))
    if data["plan"]["not_movable"]:
        out.append(Text(_not_movable(data, lang)))
    for item in [*(data["plan"].get("limits_to_verify") or []), *(data.get("limits_unverified") or [])]:
        out.append(Text(f"⚠ {item['advice']}"))  # not scored, or scored: a limit to check, not data to collect
    return out


def render_markdown(data: dict[str, Any], lang: str, top: int = 8) -> bytes:
    """The explanation as a Markdown document (UTF-8); text from data files is escaped."""
    from .markdown import md_escape, md_table

    notices = [line for text, warning in _notices(data)
               for line in (f"> **{md_escape(text)}**" if warning else f"> {md_escape(text)}", "")]
    parts = [f"# {_w('title', lang)}", "", *[f"- {md_escape(line)}" for line in _head(data, lang)], "", *notices,
             f"## {t('pillars', lang)}", "", md_table(_pillar_headers(lang), _pillar_rows(data, lang)), "",
             f"## {_w('drivers', lang)}", "", md_table(_driver_headers(lang), _driver_rows(data, top, lang)), ""]
    for title, gates, not_judged in _gate_groups(data, lang):
        parts += [f"## {title}", "", md_table(_gate_headers(lang, not_judged), _gate_rows(data, lang, gates)), ""]
    if data["blockers"]:
        parts += [f"## {_w('blockers', lang)}", "", *[f"- {md_escape(line)}" for line in _blocker_lines(data, lang)],
                  ""]
    parts += [f"## {_w('plan', lang)}", ""]
    if data["plan"]["steps"]:
        parts += [md_table(_plan_headers(lang), _plan_rows(data, lang)), ""]
    else:
        parts += [md_escape(_w("no_plan", lang) + (f": {data['plan']['note']}" if data["plan"]["note"] else "")), ""]
    if data["plan"]["not_movable"]:
        parts += [md_escape(_not_movable(data, lang)), ""]
    for item in [*(data["plan"].get("limits_to_verify") or []), *(data.get("limits_unverified") or [])]:
        parts += [f"> ⚠ {md_escape(item['advice'])}", ""]
    return "\n".join(parts).encode("utf-8")
