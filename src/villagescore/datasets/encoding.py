r"""Text in the wrong encoding: UTF-8 read as Latin-1 and saved again, or typed in a TCVN3 (ABC) or VNI font.

Both read as Unicode without an error, so nothing else catches them: ``Làng`` saved through a
Latin-1 (or Windows-1252) reading becomes ``LÃ\xa0ng``, and ``Hà Nội`` typed in a TCVN3 font
is ``Hµ Néi`` (in a VNI font ``Haø Noäi``). One regular expression scans a column's joined
text; only when it finds something are the column's distinct texts looked at one by one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..i18n import N_
from .collector import Collector
from .double_encoding import CP1252_EXTRA, recovered
from .legacy_fonts import VIETNAMESE_LATIN1, reads_as_font_text
from .text import factorize, few_distinct, joined_cells

#: The signs written after a letter in units (m³, 30°, ±2): with the Latin-1 letters Vietnamese writes, every
#: other non-ASCII Latin-1 character is foreign to Vietnamese.
_UNIT_SIGNS = "°±²³¹"
_FOREIGN_LATIN1 = "".join(c for c in map(chr, range(0xA1, 0x100)) if c not in VIETNAMESE_LATIN1 + _UNIT_SIGNS)
#: A character that either kind holds: a UTF-8 continuation byte read as one character, or a foreign Latin-1 one.
_SUSPECT_CHAR = re.compile(f"[\u0080-\u00bf{CP1252_EXTRA}{re.escape(_FOREIGN_LATIN1)}]")
#: A letter followed by a Latin-1 character Vietnamese does not write (``Hµ``, ``dÖt``, ``Haø``): a legacy font
#: (without one, as in ``Baéc Ninh``, every word of the text must read as a syllable).
_LEGACY_AT = re.compile(f"[A-Za-z][{re.escape(_FOREIGN_LATIN1)}]")
#: A text of one-byte characters holding a Latin-1 letter Vietnamese writes: font text may hold only those
#: (VNI ``Baéc Ninh``, TCVN3 ``V¹n Phóc``); Unicode Vietnamese mostly holds a character beyond (``Hà Nội``).
_FONT_CANDIDATE = re.compile(f"^[\u0000-\u00ff{CP1252_EXTRA}]*[{VIETNAMESE_LATIN1}][\u0000-\u00ff{CP1252_EXTRA}]*$")
#: The same for a line of a column's joined text, between line breaks (a literal first character: searched
#: three times faster than a pattern anchored with ``^`` and ``$``).
_ONE_BYTE_IN_LINE = f"\u0000-\u0009\u000b-\u00ff{CP1252_EXTRA}"
_FONT_CANDIDATE_LINE = re.compile(f"\n[{_ONE_BYTE_IN_LINE}]*[{VIETNAMESE_LATIN1}][{_ONE_BYTE_IN_LINE}]*\n")
#: Every character a legacy-font text read as Latin-1 or Windows-1252 may hold.
_ONE_BYTE = re.compile(f"[\u0000-\u00ff{CP1252_EXTRA}]*")

_DOUBLE_MESSAGE = N_("the text looks like UTF-8 read as Latin-1 (Windows-1252) and saved again: it probably is "
                     "{fixed}; open the original file as UTF-8 and save it as 'CSV UTF-8' (or convert the text "
                     "to Unicode with Unikey's converter)")
_LEGACY_MESSAGE = N_("the text looks typed in a TCVN3 (ABC) or VNI font, not in Unicode: convert the file to Unicode "
                     "with Unikey's converter (source TCVN3 (ABC) or VNI Windows, destination Unicode), then save it "
                     "as 'CSV UTF-8'")
_ALLOWED = N_("Vietnamese text in Unicode (UTF-8)")


def wrongly_encoded(text: str) -> tuple[str, str | None] | None:
    r"""``("double", what the text probably is)``, ``("legacy", None)``, or ``None`` for text that looks right.

    ``double``: the text's characters are one byte each in Latin-1 (or Windows-1252) and those
    bytes are UTF-8 for something else, which is what the text was (recovered exactly), on enough
    evidence that it is Vietnamese (:func:`~villagescore.datasets.double_encoding.recovered`:
    ``Â\xa0A`` is legal text, though it reads ``\xa0A`` as UTF-8). ``legacy``:
    every character is one byte, some are not ASCII, the words read as written are no Vietnamese
    syllables and read through a TCVN3 (ABC) or VNI font they are
    (:func:`~villagescore.datasets.legacy_fonts.reads_as_font_text`: ``Nestlé Müller`` is a foreign
    name and ``Tô`` Vietnamese, not font text).
    """
    fixed = recovered(text)
    if fixed is not None:
        return "double", fixed
    if not text.isascii() and _ONE_BYTE.fullmatch(text) and reads_as_font_text(text,
                                                                              every_word=not _LEGACY_AT.search(text)):
        return "legacy", None
    return None


def refuse_wrongly_encoded(series: pd.Series, column: str, col: Collector) -> np.ndarray:
    """Refuse the cells of ``series`` whose text is in the wrong encoding (one problem per cell); their mask.

    The column's text (its distinct texts, when it has few) is scanned once for a character that
    either kind of wrong text holds; only when one is found are the cells holding one looked at
    (or holding a Latin-1 letter Vietnamese writes and no character beyond one byte, as VNI
    ``Baéc Ninh``), each distinct text once.
    """
    refused = np.zeros(len(series), dtype=bool)
    if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == object) or not _may_hold(series):
        return refused
    suspect = _suspect_cells(series)
    cells = series.to_numpy(dtype=object)[suspect]
    found = {t: wrongly_encoded(t) for t in pd.unique(cells).tolist()}
    for kind, message in (("double", _DOUBLE_MESSAGE), ("legacy", _LEGACY_MESSAGE)):
        picked = [k for k, t in enumerate(cells.tolist()) if found[t] is not None and found[t][0] == kind]
        if not picked:
            continue
        mask = np.zeros(len(series), dtype=bool)
        mask[suspect[picked]] = True
        fixed = [{"fixed": repr(found[t][1])} for t in cells[picked].tolist()] if kind == "double" else None
        col.cells(mask, column, series, "encoding", message, _ALLOWED, each=fixed)
        refused |= mask
    return refused


def _suspect_cells(series: pd.Series) -> np.ndarray:
    """The positions of the cells holding a suspect character, or one-byte text with a Vietnamese Latin-1 letter."""
    if few_distinct(series):
        codes, uniques = factorize(series)
        flags = [isinstance(t, str) and bool(_SUSPECT_CHAR.search(t) or _FONT_CANDIDATE.match(t))
                 for t in uniques.tolist()]
        return np.flatnonzero(np.array([*flags, False], dtype=bool)[codes])  # code -1 (empty): the last, False
    found = [series.str.contains(p, regex=True, na=False).to_numpy(dtype=bool)
             for p in (_SUSPECT_CHAR.pattern, _FONT_CANDIDATE.pattern)]
    return np.flatnonzero(found[0] | found[1])


def _may_hold(series: pd.Series) -> bool:
    """Whether a text of ``series`` holds a suspect character or a Latin-1 letter (one scan of the joined text)."""
    if few_distinct(series) or not isinstance(series.dtype, pd.StringDtype):
        joined = "\n".join(map(str, factorize(series)[1].tolist()))  # the distinct texts
    else:
        joined = joined_cells(series)[2]  # every cell's text, joined once for the column's other text checks
    return _SUSPECT_CHAR.search(joined) is not None or _FONT_CANDIDATE_LINE.search(f"\n{joined}\n") is not None
