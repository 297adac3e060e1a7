"""Whether a text is Vietnamese typed in a TCVN3 (ABC) or VNI font: read through the font, it gives syllables.

A TCVN3 or VNI font draws Vietnamese letters over Latin-1 codes (``Hà Nội`` is ``Hµ Néi`` in
TCVN3, ``Haø Noäi`` in VNI). A foreign name written in Unicode (``Nestlé``, ``Müller``,
``Peña``) holds the same codes, but read through either font its words are no Vietnamese
syllables (``Nestlộ``, ``Mỹller``, ``Peđa``). Only a text whose every word with such a code
reads as a Vietnamese syllable in one of the fonts, its tone mark where Vietnamese spelling puts it
(``Haß`` reads ``haò``: the tone belongs on the ``a``), is taken for font text, and only on enough
evidence: one foreign letter such as the ``ü`` of ``Lü`` (``Lỹ`` in TCVN3) is too little. A text
whose words, read as written, are Vietnamese syllables (``Tô``, ``Hà``, ``Lê``) is Unicode, even
when a font would read it as Vietnamese too (``Tô`` is ``Tơ`` in VNI).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["VIETNAMESE_LATIN1", "is_syllable", "reads_as_font_text"]

#: The Latin-1 letters Vietnamese writes with (in Unicode; both fonts draw other letters at some of them).
VIETNAMESE_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"

#: TCVN3 (ABC): one code per letter (the capitals font draws capitals at the same codes).
_TCVN3 = dict(zip(
    map(chr, [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
              *range(0xB5, 0xBA), *range(0xBB, 0xBF), *range(0xC6, 0xCD), *range(0xCE, 0xD9),
              *range(0xDC, 0xE0), *range(0xE1, 0xF0), *range(0xF1, 0xFF)]),
    "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạ" "ằẳẵắ" "ặầẩẫấậè" "ẻẽéẹềểễếệìỉ" "ĩíịò" "ỏõóọồổỗốộờởỡớợù" "ủũúụừửữứựỳỷỹýỵ",
    strict=True))

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
#: VNI Windows: the marks typed after a vowel, and the letters of their own (ơ, ư, đ and the i's).
_VNI_MARKS = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT, "â": _CIRCUMFLEX,
              "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
              "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT, "ê": _BREVE, "é": _BREVE + _ACUTE,
              "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT}
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
_VNI = {**_VNI_MARKS, **{k.upper(): v for k, v in _VNI_MARKS.items()},
        **_VNI_LETTERS, **{k.upper(): v.upper() for k, v in _VNI_LETTERS.items()}}

#: A run of letters as either font writes it (ASCII letters and the Latin-1 codes the fonts draw letters at).
_WORD = re.compile("[A-Za-z\u00a1-\u00ff]+")
_RHYMES = ("a ă â e ê i y o ô ơ u ư ai ao au ay âu ây eo êu ia iu iê oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi "
           "ươ ưu yê iêu yêu oai oay oao oeo uây uôi uya uyê ươi ươu uyu").split()
#: A Vietnamese syllable, its tone marks taken off: an initial consonant, a rhyme's vowels, a final consonant.
_SYLLABLE = re.compile("(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                       f"(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})(?:ng|nh|ch|[cmnpt])?")
_TONES = dict.fromkeys(map(ord, _ACUTE + _GRAVE + _HOOK + _TILDE + _DOT))
_INITIALS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_FINALS = "ng nh ch c m n p t".split()
#: The vowels whose own mark (circumflex, breve, horn) draws the tone onto them.
_MARKED_VOWELS = "ăâêôơư"
#: Two vowels without a final consonant whose tone the new spelling puts on the second (hoà, hoè, thuỷ).
_NEW_STYLE_PAIRS = ("oa", "oe", "uy")
#: Codes that are letters in a foreign alphabet yet no alphabet writes inside a word (µ, ª, º).
_NO_WORD_LETTERS = "µªº"


def reads_as_font_text(text: str, *, every_word: bool = False) -> bool:
    """Whether every word of ``text`` holding a non-ASCII character reads as a Vietnamese syllable in TCVN3 or VNI.

    One font for the whole text; ``False`` for a text without such a word, or whose every such
    word is a Vietnamese syllable as written. ``every_word``: its ASCII words must be syllables
    too (for a text whose codes alone say little, as the ``§`` of ``domain.md §E``).
    """
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    read_words = _WORD.findall(text) if every_word else words
    return (bool(words) and not all(map(is_syllable, words)) and _enough_evidence(words)
            and any(all(is_syllable(read(w)) for w in read_words) for read in (_read_tcvn3, _read_vni)))


def _enough_evidence(words: list[str]) -> bool:
    """Whether the non-ASCII codes of ``words`` are too many or too odd to be a foreign name's letters.

    One code that no alphabet writes inside a word (``µ``, ``¸``, ``§``, the ``Ö`` after a small
    letter of ``dÖt``) is enough, and so is a letter Vietnamese writes in a word that, read as
    written, is no Vietnamese syllable (the ``é`` of VNI ``Baéc``); foreign letters (``ü``, ``ß``,
    ``ø``) must be at least two.
    """
    letters = 0
    for word in words:
        misspelt = not is_syllable(word)
        for before, code in zip(" " + word[:-1], word, strict=True):
            if code.isascii():
                continue
            if (not code.isalpha() or code in _NO_WORD_LETTERS or (code.isupper() and before.islower())
                    or (misspelt and code in VIETNAMESE_LATIN1)):
                return True
            letters += 1
    return letters >= 2


def _read_tcvn3(word: str) -> str | None:
    """``word`` read through a TCVN3 font, or ``None`` when it holds a code the font draws no letter at."""
    if any(c not in _TCVN3 for c in word if not c.isascii()):
        return None
    return "".join(_TCVN3.get(c, c) for c in word)


def _read_vni(word: str) -> str | None:
    """``word`` read through a VNI font (its marks on the letter before), or ``None`` when that cannot be."""
    out: list[str] = []
    for c in word:
        if c.isascii():
            out.append(c)
        elif c in _VNI_LETTERS or c.lower() in _VNI_LETTERS:
            out.append(_VNI[c])
        elif c in _VNI and out and out[-1][-1:].isalpha():
            out[-1] += _VNI[c]
        else:
            return None
    return "".join(out)


def is_syllable(word: str | None) -> bool:
    """Whether ``word`` (as a font gave it) is a Vietnamese syllable, any case, its tone where spelling puts it."""
    if word is None:
        return False
    letters = [unicodedata.normalize("NFD", c) for c in unicodedata.normalize("NFC", word.lower())]
    toned = [k for k, c in enumerate(letters) if c != c.translate(_TONES)]
    bare = "".join(unicodedata.normalize("NFC", c.translate(_TONES)) for c in letters)
    if len(bare) != len(letters) or len(toned) > 1 or _SYLLABLE.fullmatch(bare) is None:
        return False
    return not toned or any(toned[0] in positions for positions in _tone_positions(bare))


def _tone_positions(bare: str):
    """For each way to split ``bare`` into initial, rhyme's vowels and final: where its tone may sit."""
    for initial in ("", *(i for i in _INITIALS if bare.startswith(i))):
        rest = bare[len(initial):]
        final = next((f for f in _FINALS if rest.endswith(f) and len(rest) > len(f)), "")
        vowels = rest[:len(rest) - len(final)]
        if vowels not in _RHYMES:
            continue
        start = len(initial)
        marked = [k for k, v in enumerate(vowels) if v in _MARKED_VOWELS]
        if marked:
            yield {start + marked[-1]}
        elif final or len(vowels) == 1:
            yield {start + len(vowels) - 1}
        elif len(vowels) == 2:
            yield {start, start + 1} if vowels in _NEW_STYLE_PAIRS else {start}
        else:
            yield {start + 1}
