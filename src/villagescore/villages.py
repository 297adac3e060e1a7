"""Choosing villages and years of a dataset as a person names them (``--village``, ``--year``).

A village is named by its id (``phung-xa-my-duc``) or by its name (``Làng dệt Phùng Xá``),
the name matched without regard to case or diacritics (``phung xa``, ``PHÙNG XÁ``): both
sides are put in Unicode NFC, ``đ`` is read as ``d`` and the accents are dropped. A name
that is a whole run of words of one village's name (``Phùng Xá``) chooses that village. A
name that fits several villages is refused with their ids; an unknown one is refused with
the closest ids and names (:mod:`difflib`). Every command with ``--village`` goes through
:func:`choose_villages`, so they all accept the same names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import SaidText, VillageChoiceError, said
from .i18n import N_

__all__ = ["fold", "fold_each", "choose_villages", "choose_village", "choose_years", "check_village_years",
           "VillageChoiceError"]


def fold(text: Any) -> str:
    """``text`` for matching: NFC, ``đ`` → ``d``, accents dropped, case-folded, spaces collapsed."""
    s = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.casefold()).strip()


def fold_each(texts: Sequence[str]) -> list[str]:
    """:func:`fold` of every text, worked out over all of them at once (a national file's 100,000 names).

    The texts are joined with a character none of them holds, which stops every normalisation
    and the collapsing of spaces at their edges; then NFC, NFD and the case-folding run once over
    the joined text, and the accents found in it are dropped by one ``str.translate``. Exactly
    :func:`fold` of each (tested); per text it cost 15 µs.
    """
    texts = [str(t) for t in texts]
    joined = "".join(texts)
    sep = next((c for c in map(chr, range(0xE000, 0xF900)) if c not in joined), None)
    if sep is None or len(texts) < 2:
        return [fold(t) for t in texts]
    s = unicodedata.normalize("NFC", sep.join(texts)).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = s.translate({ord(c): None for c in set(s) if unicodedata.combining(c)})
    return [piece.strip() for piece in re.sub(r"\s+", " ", s.casefold()).split(sep)]


def _villages(frame: Any) -> dict[str, str]:
    """Village id → name (the first name given), in the order of the dataset."""
    ids = [str(v) for v in frame["village_id"].tolist()]
    names = [str(v) if isinstance(v, str) else "" for v in frame["name"].tolist()] if "name" in frame.columns \
        else [""] * len(ids)
    out: dict[str, str] = {}
    for vid, name in zip(ids, names, strict=True):
        if vid not in out or not out[vid]:
            out[vid] = name
    return out


def _where(source: Any) -> Any:
    """``source: `` before a message (a :class:`~villagescore.errors.Said` source said in the message's language)."""
    return said(SaidText, "{source}: ", source=source) if str(source) else ""


def _shown(vid: str, name: str) -> str:
    return f"{name} ({vid})" if name else vid


def _match(value: str, villages: dict[str, str]) -> list[str]:
    """The ids ``value`` names: its id, else villages of that name, else of a name holding it as whole words."""
    if value in villages:
        return [value]
    key = fold(value)
    if not key:
        return []
    for pick in (lambda vid, name: fold(vid) == key,
                 lambda vid, name: fold(name) == key,
                 lambda vid, name: re.search(rf"(?<!\w){re.escape(key)}(?!\w)", fold(name)) is not None):
        found = [vid for vid, name in villages.items() if pick(vid, name)]
        if found:
            return found
    return []


def _closest(value: str, villages: dict[str, str], n: int = 5) -> list[str]:
    keys: dict[str, str] = {}
    for vid, name in villages.items():
        keys.setdefault(fold(vid), vid)
        if name:
            keys.setdefault(fold(name), vid)
    near = difflib.get_close_matches(fold(value), list(keys), n=n * 2, cutoff=0.5)
    return list(dict.fromkeys(keys[k] for k in near))[:n]


def choose_villages(frame: Any, values: Iterable[str], *, source: Any = "") -> list[str]:
    """The village ids that ``values`` (ids or names) choose in ``frame``, each once, in the order given.

    Raises :class:`VillageChoiceError` naming the matching ids of an ambiguous name, or the
    closest villages of an unknown one.
    """
    villages = _villages(frame)
    where = _where(source)
    chosen: list[str] = []
    for value in values:
        found = _match(str(value), villages)
        if len(found) > 1:
            listed = "; ".join(_shown(v, villages[v]) for v in found)
            raise said(VillageChoiceError, N_("{where}{value!r} names {n} villages; give one of their ids: {ids}"),
                       where=where, value=str(value), n=len(found), ids=listed)
        if not found:
            near = _closest(str(value), villages)
            if near:
                listed = "; ".join(_shown(v, villages[v]) for v in near)
                raise said(VillageChoiceError, N_("{where}no village {value!r}; the closest: {ids}"),
                           where=where, value=str(value), ids=listed)
            listed = ", ".join(list(villages)[:10])
            raise said(VillageChoiceError, N_("{where}no village {value!r}; known villages include: {ids}"),
                       where=where, value=str(value), ids=listed or "—")
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def choose_village(frame: Any, value: str, *, source: Any = "") -> str:
    """The one village id ``value`` (an id or a name) chooses in ``frame``."""
    return choose_villages(frame, [value], source=source)[0]


def choose_years(frame: Any, years: Sequence[int], *, source: Any = "") -> Any:
    """``frame``'s rows of ``years`` (all rows when none is given); an absent year lists the years present."""
    if not years:
        return frame
    present = sorted({int(y) for y in frame["year"].tolist()})
    missing = [int(y) for y in years if int(y) not in present]
    if missing:
        raise said(VillageChoiceError, N_("{where}no village-year in {years}; the years present: {present}"),
                   where=_where(source), years=", ".join(map(str, missing)),
                   present=", ".join(map(str, present)) or "—")
    return frame[frame["year"].astype(int).isin([int(y) for y in years])]


def check_village_years(frame: Any, village_ids: Sequence[str], years: Sequence[int], *, source: Any = "") -> None:
    """Refuse a chosen village with no row in any of ``years``, listing the years it has (as ``explain`` does).

    Run on the whole frame, before it is cut to ``years``: resolving the ids again on the cut frame
    would name another village as the closest.
    """
    if not years or not village_ids:
        return
    wanted = {int(y) for y in years}
    rows = frame[frame["village_id"].astype(str).isin([str(v) for v in village_ids])]
    held: dict[str, set[int]] = {}
    for vid, year in zip(rows["village_id"].astype(str).tolist(), rows["year"].tolist(), strict=True):
        held.setdefault(vid, set()).add(int(year))
    for vid in village_ids:
        present = held.get(str(vid), set())
        if not present & wanted:
            raise said(VillageChoiceError, N_("{where}no village-year in {years}; the years present: {present}"),
                       where=_where(f"{source} ({vid})" if str(source) else vid),
                       years=", ".join(map(str, sorted(wanted))),
                       present=", ".join(map(str, sorted(present))) or "—")
