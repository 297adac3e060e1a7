r"""Text that is UTF-8 read as Latin-1 (or Windows-1252) and saved again, recovered only on evidence.

``Làng nghề`` saved through a Latin-1 reading becomes ``LÃ\xa0ng nghá»\x81``: each character
beyond ASCII becomes two or three one-byte characters, which read as UTF-8 give it back. Legal
text may hold such a pair too: ``Â`` before a no-break space is the UTF-8 of the no-break space
alone, so ``Â\xa0A`` would read ``\xa0A``. A text is taken for double-encoded only when reading
it as UTF-8 gives Vietnamese on enough evidence (at least :data:`ENOUGH` pieces): each letter it
gives is one piece per byte beyond the first (``é`` one, ``ề`` two: three one-byte characters that
happen to spell one letter are hardly chance), and each word holding one that is a Vietnamese
syllable is one more. A no-break space that became a space on the way (``LÃ ng``) is read as the
no-break space it was, but is no evidence: ``XÃ NAM`` is Vietnamese in capitals, not ``Xà NAM``.
"""

from __future__ import annotations

import re
import unicodedata

from .legacy_fonts import is_syllable

__all__ = ["CP1252_EXTRA", "ENOUGH", "recovered"]

#: Windows-1252's characters for the bytes 0x80–0x9F, each mapped back to the Latin-1 character of its byte.
_CP1252_TO_LATIN1 = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_TO_LATIN1[ord(bytes([_byte]).decode("cp1252"))] = _byte
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined is read as its Latin-1 control character
        pass
#: The characters Windows-1252 writes for those bytes (``‡``, ``™``, ``€`` …).
CP1252_EXTRA = "".join(map(chr, _CP1252_TO_LATIN1))
#: Pieces of evidence that reading a text as UTF-8 gives what it was.
ENOUGH = 2
#: The start of a UTF-8 sequence followed by a space where a no-break space (byte 0xA0) would end it.
_LOST_NO_BREAK_SPACE = re.compile(rb"(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]) ")
_WORD = re.compile(r"[^\W\d_]+")


def recovered(text: str) -> str | None:
    """What ``text`` was (NFC) if it is UTF-8 read as Latin-1 or Windows-1252 and saved again, else ``None``."""
    try:
        raw = text.translate(_CP1252_TO_LATIN1).encode("latin-1")
    except UnicodeEncodeError:  # a character neither writes in one byte
        return None
    try:
        fixed = evidence_in = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            fixed = _LOST_NO_BREAK_SPACE.sub(lambda m: m.group()[:-1] + b"\xa0", raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
        evidence_in = raw.decode("utf-8", errors="replace")  # the no-break spaces guessed give no evidence
    if fixed == text or _evidence(evidence_in) < ENOUGH:
        return None
    return unicodedata.normalize("NFC", fixed)


def _evidence(decoded: str) -> int:
    """The pieces of evidence that ``decoded`` (a text read as UTF-8) is what the text was: see the module."""
    pieces = sum(len(c.encode("utf-8")) - 1 for c in decoded
                 if not c.isascii() and (c.isalpha() or unicodedata.category(c).startswith("M")))
    if not pieces:
        return 0
    words = _WORD.findall(unicodedata.normalize("NFC", decoded))
    return pieces + sum(1 for w in words if not w.isascii() and is_syllable(w))
