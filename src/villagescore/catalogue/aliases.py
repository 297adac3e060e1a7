"""The words people write for codes: category labels and sector names accepted as values.

A survey shows ``thông thường`` where the catalogue's code is ``common``, and ``Gốm sứ``
where it is ``ceramics``. These functions turn the catalogues' labels into lookup tables
that a reader calls to map what was typed back to the code, and that give a did-you-mean
for a near miss. They are data only: nothing here reads a file or changes a score.

Matching is exact after normalising case, Unicode form (NFC), spaces and the old and new
placement of tone marks (``hoà``/``hòa``); a spelling without diacritics (``dac biet``) is
never taken silently, it is offered as a suggestion instead.

Besides its code and labels, a category is written as:

- the short form its field's label lists for it, when the label ends with one short form per
  category in the categories' order (``… (chưa đạt / NTM / nâng cao / kiểu mẫu / hiện đại)``:
  ``nâng cao`` is ``advanced``);
- a label's Roman numeral I–IV written as a digit (``Vùng 2`` is ``Vùng II``; ``2`` is the code ``II``).

A spelling two categories could claim is taken for neither. A suggestion never changes, adds or drops a
number, a Roman numeral read as one (``0 sao`` is not offered as ``5 sao``, ``Vùng 5`` or ``Vùng VI`` not
as ``Vùng I``, ``sao`` not as ``5 sao``; ``IIII`` is no numeral and is offered as nothing), and never adds or drops
a negation (``chưa``, ``không``, ``ko``, ``kô``, ``k0``, ``khg``, ``kg``, ``hok``, ``not``, ``no``, ``none``, ``non``;
``k``, ``kh``, ``hông`` only directly before a word of the labels, so ``gốm sứ k`` has none; ``không`` not before
another word, as in ``không khí``, air; and ``un``/``non`` before a word of the labels or a near spelling of one:
``unpolluted``, ``unpoluted``): ``đạt chuẩn`` is not offered as ``chưa đạt chuẩn``, and a value is not offered
when its opposite is the closer spelling (``notpolluted`` is not offered as ``polluted``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["alias_key", "ascii_key", "field_aliases", "sector_aliases", "value_aliases", "resolve", "suggest",
           "display"]

_SPACE = re.compile(r"\s+")
# old-style tone placement (hoà, thuý) -> new style (hòa, thúy), as villagescore.admin_mapping does for provinces
_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe",
          "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("|".join(_TONES))
#: What separates the parts of a label ("Cói, chiếu cói", "Dệt, nhuộm (khăn bông, lụa)").
_PARTS = re.compile(r"[,;()/]")
#: The words that turn a value into its opposite, as typed (with or without diacritics, abbreviated).
_NEGATIONS = frozenset({"chưa", "chua", "không", "khong", "ko", "kô", "k0", "khg", "kg", "hok", "not", "no", "none",
                        "non"})
#: Negations that also start compounds ("không khí" is air, "không gian" space): not a negation before a word
#: that is no word of the labels ("không khí ô nhiễm" is "the air is polluted").
_NEGATIONS_NOT_BEFORE_OTHER_WORDS = frozenset({"không", "khong"})
#: Short forms that are also other words ("hông" is a hip, "k" a note): a negation only directly before a word
#: of the labels ("k ô nhiễm"), never at the end or before a bracket ("gốm sứ k", "mây tre đan (k)").
_NEGATIONS_ONLY_BEFORE_A_WORD = frozenset({"kh", "k", "hông", "hong"})
#: How every negation is written when spellings are compared ("ko ô nhiễm" is "không ô nhiễm").
_NOT = "not"
#: Prefixes that negate the word they are glued to when the rest is a word of the labels (unpolluted).
_NEGATING_PREFIXES = ("non-", "non", "un-", "un")
#: The first characters of a text a spreadsheet reads as a formula (:data:`villagescore.outputs.FORMULA_PREFIXES`).
_FORMULA_STARTS = frozenset("=+-@\t\r")
#: A word: letters and digits (not "_", so the code not_polluted is two words).
_WORD = re.compile(r"[^\W_]+(?:-(?=[^\W_]))?")
#: A Roman numeral I–IV standing as a word of a label, and its digit.
_ROMAN = re.compile(r"(?<![\w])(IV|III|II|I)(?![\w])")
_DIGITS = {"I": "1", "II": "2", "III": "3", "IV": "4"}
#: A word of I, V and X in a key, whatever its case (keys are case-folded: "vùng ii", "vùng vi", "vung iiii").
_ROMAN_WORD = re.compile(r"(?<![\w])[ivx]+(?![\w])", re.IGNORECASE)
#: A well-formed Roman numeral 1–39 (case-folded): "iiii" and "vx" are Roman-looking, yet no numeral.
_ROMAN_NUMERAL = re.compile(r"x{0,3}(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
#: The number of a Roman-looking word that is no numeral: it matches no label's number.
_NO_NUMERAL = -1
#: The short forms a field's label ends with, one per category: "(chưa đạt / NTM / nâng cao)".
_SHORT_FORMS = re.compile(r"\(([^()]*/[^()]*)\)\s*$")


def alias_key(text: Any) -> str:
    """The matching key of a typed value: NFC, case-folded, single spaces, new-style tone marks.

    A ``'`` before a character that starts a formula (``'- Không``) is a spreadsheet's mark of a text,
    not part of it (villagescore's own CSV and workbooks write it, and so did its surveys' dropdowns
    before 0.1.0): the key is that of ``- Không``.
    """
    key = unicodedata.normalize("NFC", str(text)).casefold().strip()
    if key[:1] == "'" and key[1:2] in _FORMULA_STARTS:
        key = key[1:].strip()
    key = _SPACE.sub(" ", key)
    return _TONE_RE.sub(lambda m: _TONES[m.group(0)], key)


def ascii_key(text: Any) -> str:
    """The key without diacritics, spaces or punctuation (``Đặc biệt`` → ``dacbiet``): for suggestions only."""
    key = alias_key(text).replace("đ", "d")
    key = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", key)


def _table(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key → code; a key that two codes claim is left out (it could mean either)."""
    table: dict[str, str] = {}
    clash: set[str] = set()
    for text, code in pairs:
        if not text:
            continue
        key = alias_key(text)
        if key in table and table[key] != code:
            clash.add(key)
        table.setdefault(key, code)
    return {k: v for k, v in table.items() if k not in clash}


def field_aliases(field: Any) -> dict[str, str]:
    """The words accepted for each category of a category field: its codes and their vi/en labels.

    Empty for a field that is not a category field.
    """
    if getattr(field, "type", None) != "category":
        return {}
    labels = getattr(field, "category_labels", None) or {}
    pairs = [(code, code) for code in field.categories]
    for code in field.categories:
        text = labels.get(code) or {}
        pairs += [(text.get("vi", ""), code), (text.get("en", ""), code)]
    pairs += _short_forms(field)
    pairs += [(_ROMAN.sub(lambda m: _DIGITS[m.group(1)], text), code) for text, code in pairs
              if text and _ROMAN.search(text)]
    return _table(pairs)


def _short_forms(field: Any) -> list[tuple[str, str]]:
    """(short form, code) of the list a field's label ends with, when it names each category in order."""
    pairs = []
    for text in (getattr(field, "label", None) or {}).values():
        found = _SHORT_FORMS.search(str(text or ""))
        forms = [f.strip() for f in found.group(1).split("/")] if found else []
        if len(forms) == len(field.categories) and all(forms):
            pairs += list(zip(forms, field.categories, strict=True))
    return pairs


def _without_negation(text: str, vocabulary: frozenset[str]) -> tuple[str, bool]:
    """``text`` (an alias key) with each negation written ``not``, and whether it had one.

    ``ko ô nhiễm`` and ``không ô nhiễm`` → (``not ô nhiễm``, True); ``unpolluted`` (or the typo ``unpoluted``)
    → (``not polluted``, True) when ``polluted`` is in ``vocabulary``; ``nông thôn`` → (``nông thôn``, False);
    ``không khí ô nhiễm`` → unchanged, False (``không khí`` is air: ``khí`` is no word of the labels).
    """
    negated = False
    matches = list(_WORD.finditer(text))
    folded = {ascii_key(w) for w in vocabulary}
    pieces, at = [], 0
    for i, match in enumerate(matches):
        word, replacement = match.group(0), None
        bare = word.rstrip("-")
        following = matches[i + 1] if i + 1 < len(matches) else None
        # the next word, when only spaces or a hyphen stand between ("k ô nhiễm", not "mây tre đan (k)")
        next_word = following.group(0) if following and not text[match.end():following.start()].strip(" -") else None
        before_a_label_word = next_word is not None and ascii_key(next_word) in folded
        if bare in _NEGATIONS_NOT_BEFORE_OTHER_WORDS:
            if following is None or before_a_label_word:
                replacement = _NOT
        elif bare in _NEGATIONS_ONLY_BEFORE_A_WORD:
            if before_a_label_word:
                replacement = _NOT
        elif bare in _NEGATIONS or word == "un-":  # "un-" is a word's only before another ("un-polluted")
            replacement = _NOT
        elif bare not in vocabulary:
            rest = _prefixed_word(word, vocabulary)
            if rest:
                replacement = f"{_NOT} {rest}"
        negated = negated or replacement is not None
        pieces += [text[at:match.start()], word if replacement is None else replacement]
        at = match.end()
    core = _SPACE.sub(" ", "".join(pieces) + text[at:]).strip(" -")
    return core, negated


def _prefixed_word(word: str, vocabulary: frozenset[str]) -> str | None:
    """The word of ``vocabulary`` that ``word`` negates with ``un``/``non`` (``unpoluted`` → ``polluted``), or None."""
    for prefix in _NEGATING_PREFIXES:
        rest = word[len(prefix):].rstrip("-")
        if not word.startswith(prefix) or len(rest) < 3:
            continue
        if rest in vocabulary:
            return rest
        close = difflib.get_close_matches(rest, sorted(vocabulary), n=1, cutoff=0.85) if len(rest) >= 5 else []
        if close:
            return close[0]
    return None


def _numbers_of(text: str) -> tuple[int, ...]:
    """The numbers ``text`` holds, sorted, a Roman numeral as its number (``Vùng VI`` → ``(6,)``).

    A Roman-looking word that is no numeral (``IIII``) counts as a number no label holds.
    """
    romans = [_roman_value(m.group(0).casefold()) for m in _ROMAN_WORD.finditer(text)]
    return tuple(sorted(romans + [int(run) for run in re.findall(r"[0-9]+", text)]))


def _roman_value(word: str) -> int:
    """The number of a Roman-looking word of I, V, X (``vi`` → 6), or ``_NO_NUMERAL``."""
    if not _ROMAN_NUMERAL.fullmatch(word):
        return _NO_NUMERAL
    values = [_ROMAN_VALUES[c] for c in word]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0], strict=True))


def _vocabulary(table: Mapping[str, str]) -> frozenset[str]:
    """The words of a table's keys (for the prefixes ``un``/``non``)."""
    return frozenset(w.rstrip("-") for key in table for w in _WORD.findall(key))


def _unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key → code, a key that two codes share left out (it could mean either)."""
    codes: dict[str, set[str]] = {}
    for key, code in pairs:
        if key:
            codes.setdefault(key, set()).add(code)
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}


def sector_aliases(sectors: Mapping[str, Any]) -> dict[str, str]:
    """The words accepted for each sector: its id and its vi/en labels (``Gốm sứ`` → ``ceramics``)."""
    pairs = [(sid, sid) for sid in sectors]
    for sid, sector in sectors.items():
        text = getattr(sector, "label", None) or {}
        pairs += [(text.get("vi", ""), sid), (text.get("en", ""), sid)]
    return _table(pairs)


def value_aliases(registry: Any) -> dict[str, dict[str, str]]:
    """Every alias table a reader needs: ``{"sectors": {...}, <category field id>: {...}}``."""
    out = {"sectors": sector_aliases(getattr(registry, "sectors", {}) or {})}
    for fid, field in (getattr(registry, "fields", {}) or {}).items():
        table = field_aliases(field)
        if table:
            out[fid] = table
    return out


def resolve(text: Any, table: Mapping[str, str]) -> str | None:
    """The code ``text`` stands for in ``table`` (from :func:`field_aliases` …), or ``None``."""
    if text is None:
        return None
    return table.get(alias_key(text))


def suggest(text: Any, table: Mapping[str, str]) -> str | None:
    """The code a near miss most likely means (``dac biet`` → ``special``; ``Gom su`` → ``ceramics``), or ``None``.

    Compares without diacritics first (a keyboard without a Vietnamese input method), with
    each part of a label too (``coi`` → ``Cói, chiếu cói`` → ``seagrass``), then by similarity of
    the spelling; returns nothing when no word is close enough, and never a value that adds or
    drops a negation word.
    """
    if text is None or not str(text).strip():
        return None
    # "đạt chuẩn" is never offered as "chưa đạt chuẩn", nor the other way: the negation is set aside and
    # only candidates with the same (any negation word, or none) are compared, by what remains
    vocabulary = _vocabulary(table)
    typed_core, typed_negated = _without_negation(alias_key(text), vocabulary)
    split = {key: _without_negation(key, vocabulary) for key in table}
    same = {key: code for key, code in table.items() if split[key][1] == typed_negated}
    if set(typed_core.split()) <= {_NOT}:  # only a negation ("ko", "non"): the one category written with one
        codes = set(same.values()) if typed_negated else set()
        return next(iter(codes)) if len(codes) == 1 else None
    found = _closest(typed_core, _unambiguous((split[key][0], code) for key, code in same.items()))
    if found is None or typed_negated:
        return found
    # typed without a negation: not offered when a negated spelling is closer ("notpolluted", not "polluted")
    typed = ascii_key(text)
    mine = max(_ratio(typed, key) for key, code in same.items() if code == found)
    opposite = max((_ratio(typed, key) for key in table if key not in same), default=0.0)
    return None if opposite > mine else found


def _ratio(typed: str, key: str) -> float:
    """How alike ``typed`` (an ASCII key) is to ``key``, without diacritics."""
    return difflib.SequenceMatcher(None, typed, ascii_key(key)).ratio()


def _closest(text: str, table: Mapping[str, str]) -> str | None:
    """The code of the key of ``table`` nearest to ``text`` (both without their negations), or ``None``."""
    folded: dict[str, set[str]] = {}
    for key, code in table.items():
        folded.setdefault(ascii_key(key), set()).add(code)
    typed = ascii_key(text)
    if typed in folded and len(folded[typed]) == 1:
        return next(iter(folded[typed]))
    parts: dict[str, set[str]] = {}  # the parts of a label ("cói", "chiếu cói"), for a suggestion only
    for key, code in table.items():
        for part in _PARTS.split(key):
            if ascii_key(part):
                parts.setdefault(ascii_key(part), set()).add(code)
    if typed in parts and len(parts[typed]) == 1:
        return next(iter(parts[typed]))
    if typed.isdigit():  # "3" for "3 sao": the one label holding that number as a word
        holding = {code for key, code in table.items() if typed in re.split(r"[^0-9]+", key)}
        return next(iter(holding)) if len(holding) == 1 else None
    # "0 sao" is not "5 sao", "Vùng V" not "Vùng IV", "sao" not "5 sao": a near spelling never changes,
    # adds or drops a number
    numbers = _numbers_of(text)
    table = {key: code for key, code in table.items() if _numbers_of(key) == numbers}
    folded = {}
    for key, code in table.items():
        folded.setdefault(ascii_key(key), set()).add(code)
    close = difflib.get_close_matches(alias_key(text), list(table), n=1, cutoff=0.75)
    if close:
        return table[close[0]]
    close = difflib.get_close_matches(typed, [k for k in folded if len(folded[k]) == 1], n=1, cutoff=0.8)
    return next(iter(folded[close[0]])) if close else None


def display(code: str, label: Mapping[str, str] | None, lang: str) -> str:
    """How a suggestion is shown: the label a person reads with its code (``đặc biệt (special)``)."""
    text = (label or {}).get(lang) or ""
    return f"{text} ({code})" if text and alias_key(text) != alias_key(code) else code
