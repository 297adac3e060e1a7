"""What a person reads about a column: allowed values, guidance with its source, the header comment."""

from __future__ import annotations

from ..i18n import label
from ..i18n.legal import provision_text
from .columns import TemplateColumn, bound_text, unit_text, used_by_text
from .text import _head, _ui


def _allowed(col: TemplateColumn, lang: str) -> str:
    if col.type == "boolean":
        return _ui("yes_no", lang)
    if col.type == "category":
        return _ui("one_of", lang, values=", ".join(col.choice(c, lang) for c in col.categories))
    if col.type in ("number", "integer"):
        kind = _ui("whole" if col.type == "integer" else "number", lang)
        unit = f" {unit_text(col, lang)}" if col.unit else ""
        if col.minimum is not None and col.maximum is not None:
            rng = _ui("from_to", lang, lo=bound_text(col, col.minimum, lang), hi=bound_text(col, col.maximum, lang))
        elif col.minimum is not None:
            rng = _ui("at_least", lang, lo=bound_text(col, col.minimum, lang))
        elif col.maximum is not None:
            rng = _ui("at_most", lang, hi=bound_text(col, col.maximum, lang))
        else:
            return kind + unit
        text = f"{kind}, {rng}{unit}"
        if col.not_greater_than:
            text += "; " + _ui("not_greater", lang, other=col.not_greater_than)
        return text
    return _ui("any_text", lang)


#: How the words of a method's source read in Vietnamese (document numbers stay as they are); the names of
#: laws, kinds of act and articles are then said by :func:`villagescore.i18n.legal.provision_text`.
_SOURCE_VI = (
    ("Regional minimum wage decrees (Decree 74/2024/NĐ-CP, 293/2025/NĐ-CP) as the benchmark",
     "các nghị định lương tối thiểu vùng (Nghị định 74/2024/NĐ-CP, 293/2025/NĐ-CP) làm mốc so sánh"),
    ("(the legal duty sits in the LEP 2020 waste chapter; article not checked)",
     "(nghĩa vụ pháp lý thuộc chương chất thải của Luật BVMT 2020; chưa đối chiếu điều khoản)"),
    ("(methods listed in the regulation)", "(phương pháp nêu trong quy chuẩn)"),
    ("(transitional provisions)", "(quy định chuyển tiếp)"), ("(methods: §3)", "(phương pháp: mục 3)"),
    ("(denominator of the 20 % rule)", "(mẫu số của quy định 20 %)"),
    ("(targets for marks)", "(mục tiêu về nhãn hiệu)"),
    ("(target about 10 %/yr)", "(mục tiêu khoảng 10 %/năm)"), ("(1.5× by 2025)", "(gấp 1,5 lần vào năm 2025)"),
    ("(7–10 % by 2030)", "(7–10 % vào năm 2030)"), ("(literature range 100–300 m³/t)", "(tài liệu: 100–300 m³/tấn)"),
    ("(facilities in residential areas)", "(cơ sở trong khu dân cư)"),
    ("(public information)", "(công khai thông tin)"),
    ("(waste collection price)", "(giá dịch vụ thu gom)"), ("(85 dBA limit)", "(giới hạn 85 dBA)"),
    ("(silica dust)", "(bụi silic)"), ("(wood dust)", "(bụi gỗ)"), ("(solvent exposure)", "(tiếp xúc dung môi)"),
    ("(colour: TCVN 6185)", "(độ màu: TCVN 6185)"), ("(minors)", "(lao động chưa thành niên)"),
    ("(annex)", "(phụ lục)"),
    ("share [E]", "tỷ lệ [E]"), ("levels [E]", "các mức [E]"),
    ("count [E]", "số đếm [E]"), ("§", "mục "),
)


def _source_text(source: str, lang: str) -> str:
    """A method's source for people: ``[E]`` spelt out, and in Vietnamese the words of the citation translated."""
    text = source
    if lang == "vi":
        for en, vi in _SOURCE_VI:
            text = text.replace(en, vi)
        text = provision_text(text, lang)
    return text.replace("[E]", f"[E] {_ui('project_advice', lang)}", 1) if text.startswith("[E]") else text


def _comment_text(col: TemplateColumn, lang: str) -> str:
    other = "en" if lang == "vi" else "vi"
    lines = [label(col.label, lang, col.id), label(col.label, other, col.id), f"[{col.id}]"]
    if col.unit:
        lines.append(f"{_head('unit', lang)}: {unit_text(col, lang)}")
    lines.append(f"{_head('allowed', lang)}: {_allowed(col, lang)}")
    lines.append(_ui("required" if col.required else "optional", lang))
    if col.guidance:
        lines.append(f"{_ui('guidance', lang)}: {col.guidance.get(lang, '')}")
        lines.append(f"{_ui('source', lang)}: {_source_text(col.guidance.get('source', ''), lang)}")
    desc = label(col.description, lang) if col.description else ""
    if desc:
        lines.append(desc)
    if col.used_by:
        lines.append(f"{_ui('used_by', lang)}: {used_by_text(col, lang, 6)}")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    """``text`` for a workbook's attribute (a data validation's title, prompt or error), at most ``limit`` characters.

    The characters XML refuses (control characters) are left out, as in cells
    (:func:`villagescore.reports.xlsx.cells.cell_value`): the files refuse them, but one left
    in would make the workbook unreadable.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
