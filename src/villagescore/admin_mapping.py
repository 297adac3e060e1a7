"""Provinces before and after the 2025 administrative reform (Resolution 202/2025/QH15).

Since 1 July 2025 Vietnam has 34 provincial-level units; older data names the 63
pre-reform provinces. The shipped table ``datasets/admin/provinces-2025.csv`` (one row
per pre-reform province: ``former_province``, ``province``, a ``source`` and a
``confidence``) maps each of the 63 to its current unit, and every current unit to itself.

:func:`load_mapping` reads and validates a table (cached per file);
:meth:`ProvinceMapping.current` maps one name; :meth:`ProvinceMapping.map_names` maps
many at once and returns the names that map nowhere, so callers can warn instead of
grouping them silently. Names are matched after NFC normalisation, case folding,
removal of the prefixes "Tỉnh", "Thành phố", "TP.", "T.P", "T." (with or without diacritics), with old and new tone-mark
placement ("Hoà"/"Hòa") treated alike, and English or unaccented spellings accepted when
they are unambiguous. :func:`spelling_key` is what every spelling of one province shares (no table
needed: ``compare``'s notes and the targets report tell a move by it); :func:`folded_name` folds any place
name alike, a leading unit word removed (``compare``'s district and commune keys). This module does not
import pandas at import time (reading a table does: it reuses the dataset reader's encoding and separator
checks).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .errors import AdminMappingError, DatasetError, Problem, ProblemLines, Term, os_reason, problem, said
from .i18n import N_

__all__ = [
    "ProvinceMapping",
    "AdminMappingError",
    "KEPT_AS_RECORDED",
    "mapping_record",
    "mapping_to_use",
    "load_mapping",
    "default_path",
    "name_key",
    "spelling_key",
    "folded_name",
    "FORMER_COUNT",
    "CURRENT_COUNT",
]

#: What is recorded for a run that kept the provinces as the data records them (no mapping table).
KEPT_AS_RECORDED = "as_recorded"

#: What a missing mapping table says.
_NO_TABLE = N_("province mapping table {path} does not exist")

#: What a table with problems says (one line per problem).
_INVALID = N_("invalid province mapping table:\n{problems}")

#: Provinces before the reform, and provincial-level units after it.
FORMER_COUNT = 63
CURRENT_COUNT = 34

_REQUIRED = ("former_province", "province")
# compared without diacritics ("Thanh pho", "Tinh" as well as "Thành phố", "Tỉnh"); no province's own name starts
# with one of them, and one is stripped only when a name follows it
_PREFIXES = ("thanh pho truc thuoc trung uong ", "thanh pho ", "tinh ", "tp. ", "tp.", "tp ", "t.p. ", "t.p.",
             "t.p ", "t. p. ", "t. p.", "t. p ", "t. ", "t.",  # every "T.P" form before "T.": "T.P Hà Nội" is Hà Nội
             "province of ", "city of ")
_SUFFIXES = (" province", " city")
# old-style tone placement (hoà, thuý) -> new style (hòa, thúy)
_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONES))
_DASH_RE = re.compile(r"\s*[-‐‑‒–—]\s*")
_SPACE_RE = re.compile(r"\s+")
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]")
#: spellings that are not in the table but name a pre-reform province unambiguously
_ALIASES = {"thừa thiên huế": "Huế", "thừa thiên - huế": "Huế", "hcm": "Hồ Chí Minh",
            "hồ chí minh city": "Hồ Chí Minh", "sài gòn": "Hồ Chí Minh"}


def default_path() -> Path:
    """The shipped table: ``villagescore.bundled`` ``admin/provinces-2025.csv``."""
    from . import bundled

    return bundled.path("admin/provinces-2025.csv")


def folded_name(name: Any, units: tuple[str, ...] = ()) -> str:
    """A place name folded: NFC, case-folded, single spaces, dashes alike, new-style tone marks (``hoà`` → ``hòa``).

    ``units``: folded prefixes naming a unit (``huyện ``, ``h.``), of which the first the name starts
    with is removed when a name follows it (``Huyện Kim Bảng`` and ``H. Kim Bảng`` are ``kim bảng``).
    They are matched with their diacritics: unaccented, ``quan`` would cut ``Quan Hóa``.
    """
    text = unicodedata.normalize("NFC", str(name)).strip().casefold()
    text = _DASH_RE.sub(" - ", _SPACE_RE.sub(" ", text))
    text = _TONE_RE.sub(lambda m: _TONES[m.group(0)], text)
    for unit in units:
        if len(text) > len(unit) and text.startswith(unit) and text[len(unit):].strip():
            return text[len(unit):].strip()
    return text


def name_key(name: str) -> str:
    """Return the matching key of a province name (NFC, case-folded, prefixes removed)."""
    text = folded_name(name)
    for prefix in _PREFIXES:
        if len(text) > len(prefix) and _bare(text[: len(prefix)]) == prefix:
            text = text[len(prefix):].strip()
            break
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)].strip()
            break
    return text


def spelling_key(name: Any) -> str:
    """What every spelling of one province shares: :func:`name_key` without diacritics, spaces or punctuation.

    ``Phu Tho`` and ``Phú Thọ``, ``Thanh pho Ho Chi Minh`` and ``Hồ Chí Minh``, ``Thanh Hoá`` and ``Tỉnh Thanh
    Hóa`` have one key: ``compare``'s notes and the targets report's "←" both tell a move from another spelling
    of one name by it. It needs no mapping table, so it does not resolve aliases (``HCM``).
    """
    key = name_key(str(name)).replace("đ", "d")
    key = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return _NOT_ALNUM_RE.sub("", key)


def _bare(text: str) -> str:
    """``text`` without diacritics, one character for one (it is NFC: each letter is one precomposed character)."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text.replace("đ", "d"))


def _ascii_key(key: str) -> str:
    text = key.replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace(" - ", " ").replace("-", " ").replace(" ", "")


@dataclass(frozen=True)
class ProvinceMapping:
    """Former province → current province, with the source and confidence of each row."""

    path: str
    rows: tuple[dict[str, str], ...]
    _index: dict[str, str] = field(repr=False, compare=False)
    #: the SHA-256 of the file's bytes
    sha256: str = ""

    def record(self) -> dict[str, Any]:
        """What a comparison or a targets report records of the table: enough to tell it and to find it again.

        ``file`` (its name, never where it is installed), ``sha256`` (of its bytes), ``shipped``
        (whether it is the table villagescore ships) and ``confidence``: how many rows have each
        confidence the table gives (``{}`` when it has no such column).
        """
        confidence: dict[str, int] = {}
        for r in self.rows:
            if r.get("confidence"):
                confidence[r["confidence"]] = confidence.get(r["confidence"], 0) + 1
        return {"file": Path(self.path).name, "sha256": self.sha256, "shipped": _is_shipped(self.path),
                "confidence": dict(sorted(confidence.items()))}

    @property
    def former(self) -> list[str]:
        """The pre-reform province names, as the table spells them."""
        return [r["former_province"] for r in self.rows]

    @property
    def provinces(self) -> list[str]:
        """The current provincial-level units, sorted."""
        return sorted({r["province"] for r in self.rows})

    @cached_property
    def province_keys(self) -> frozenset[str]:
        """The matching keys (:func:`name_key`) of :attr:`provinces`, made once per table."""
        return frozenset(name_key(n) for n in self.provinces)

    @cached_property
    def former_keys(self) -> frozenset[str]:
        """The matching keys (:func:`name_key`) of :attr:`former`, made once per table."""
        return frozenset(name_key(n) for n in self.former)

    def current(self, name: str | None) -> str | None:
        """Return the current province of ``name`` (former or current), or ``None`` if unknown."""
        if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
            return None
        key = name_key(name)
        hit = self._index.get(key)
        if hit is None:
            hit = self._index.get("ascii:" + _ascii_key(key))
        return hit

    @cached_property
    def _former_spellings(self) -> dict[str, str]:
        """``name_key`` (and ``ascii:`` key, where unambiguous) of each former province → the table's spelling."""
        index = {name_key(n): n for n in self.former}
        for alias, target in _ALIASES.items():
            if name_key(target) in index:
                index.setdefault(name_key(alias), index[name_key(target)])
        loose: dict[str, set[str]] = {}
        for r in self.rows:
            for s in (r["former_province"], r.get("former_province_en", "")):
                if s:
                    loose.setdefault("ascii:" + _ascii_key(name_key(s)), set()).add(r["former_province"])
        for key, found in loose.items():
            if len(found) == 1:
                index.setdefault(key, next(iter(found)))
        return index

    def former_name(self, name: str | None) -> str | None:
        """Return ``name`` as the table spells that pre-reform province (``Tỉnh Hà Nam`` → ``Hà Nam``), or ``None``."""
        if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
            return None
        key = name_key(name)
        return self._former_spellings.get(key) or self._former_spellings.get("ascii:" + _ascii_key(key))

    def sole_former(self, name: str | None) -> str | None:
        """The one pre-reform province the current province ``name`` was made of (``Hà Nội``), else ``None``.

        ``None`` for a unit several provinces merged into (``Ninh Bình``: Hà Nam, Nam Định, Ninh Bình), whose
        former province its name alone does not tell, and for a name that is no current unit.
        """
        current = self.current(name)
        made_of = [r["former_province"] for r in self.rows if r["province"] == current]
        return made_of[0] if current is not None and len(made_of) == 1 else None

    def row(self, name: str) -> dict[str, str] | None:
        """Return the table row of the pre-reform province ``name`` (source, confidence …)."""
        key = name_key(name)
        for r in self.rows:
            if name_key(r["former_province"]) == key:
                return dict(r)
        return None

    def map_names(self, names: Iterable[str | None]) -> tuple[list[str | None], list[str]]:
        """Map many names; return (current names, sorted distinct names that map nowhere).

        Missing names (``None``, empty, NaN) map to ``None`` and are not reported as unknown.
        Each distinct name is looked up once.
        """
        names = list(names)
        cache: dict[object, str | None] = {}
        unknown: set[str] = set()
        out: list[str | None] = []
        for name in names:
            if name not in cache:
                hit = self.current(name)
                cache[name] = hit
                if hit is None and isinstance(name, str) and name.strip():
                    unknown.add(unicodedata.normalize("NFC", name.strip()))
            out.append(cache[name])
        return out, sorted(unknown)


def mapping_to_use(mapping: Any) -> ProvinceMapping | None:
    """The table a ``mapping=`` argument of the Python API means: the shipped one for ``None``, none for ``False``.

    ``False`` is ``villagescore.compare.AS_RECORDED`` (provinces as the data records them); a
    :class:`ProvinceMapping` is itself. ``compare()`` and the targets' data read it alike.
    """
    if mapping is None:
        return load_mapping()
    return None if mapping is False else mapping


def mapping_record(mapping: ProvinceMapping | None) -> dict[str, Any] | str:
    """What is recorded of the mapping a run used: :meth:`ProvinceMapping.record`; :data:`KEPT_AS_RECORDED` for none."""
    return KEPT_AS_RECORDED if mapping is None else mapping.record()


def _is_shipped(path: str) -> bool:
    """Whether ``path`` is the shipped table (the same file, wherever it is installed)."""
    try:
        return Path(path).resolve() == default_path().resolve()
    except OSError:  # pragma: no cover - the shipped table is part of the package
        return False


def _read(path: Path, expect_counts: bool) -> ProvinceMapping:
    if not path.is_file():
        raise said(AdminMappingError, _NO_TABLE, path=path)
    try:
        text, sep, digest = _text_and_separator(path)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
        header = [unicodedata.normalize("NFC", h or "").strip() for h in (reader.fieldnames or [])]
        raw_rows = list(reader)
    except (OSError, csv.Error) as exc:
        raise said(AdminMappingError, N_("cannot read province mapping table {path}: {error}"), path=path,
                   error=os_reason(exc) if isinstance(exc, OSError) else exc) from None
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise said(AdminMappingError, N_("province mapping table {path}: missing column(s) {missing} (required: "
                                         "{required}; found: {found})"), path=path, missing=", ".join(missing),
                   required=", ".join(_REQUIRED), found=", ".join(header) or Term("none"))
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_rows, start=2):
        row = {unicodedata.normalize("NFC", (k or "").strip()): unicodedata.normalize("NFC", (v or "").strip())
               for k, v in raw.items() if k is not None}
        for col in _REQUIRED:
            if not row.get(col):
                problems.append(problem(str(path), f"row {n}", N_("column {column!r} is empty"),
                                        params={"column": col}))
        former = row.get("former_province", "")
        if former:
            key = name_key(former)
            if key in seen:
                problems.append(problem(str(path), f"row {n}", N_("former_province {name!r} repeats row {first}"),
                                        params={"name": former, "first": seen[key]}))
            seen[key] = n
        rows.append(row)
    if not problems and expect_counts:
        n_former = len(rows)
        n_current = len({r["province"] for r in rows})
        if (n_former, n_current) != (FORMER_COUNT, CURRENT_COUNT):
            problems.append(problem(str(path), "", N_(
                "the table maps {former} former provinces to {current} current ones; expected {expected_former} → "
                "{expected_current} (Resolution 202/2025/QH15)"), params={
                "former": n_former, "current": n_current, "expected_former": FORMER_COUNT,
                "expected_current": CURRENT_COUNT}))
    if not problems:
        formers = {name_key(r["former_province"]) for r in rows}
        strays = sorted({r["province"] for r in rows if name_key(r["province"]) not in formers})
        if strays and expect_counts:
            problems.append(problem(str(path), "", N_(
                "the table lists current province(s) that are not also listed as a former province mapping to "
                "itself: {names}"), params={"names": ", ".join(strays)}))
    if problems:
        raise said(AdminMappingError, _INVALID, problems=ProblemLines.of(problems))
    return ProvinceMapping(str(path), tuple(rows), _build_index(rows), digest)


def _text_and_separator(path: Path) -> tuple[str, str, str]:
    """The table's text, its column separator and its bytes' SHA-256; refused as the dataset reader refuses a file.

    A byte that is not UTF-8 (the table saved as 'CSV' in a legacy code page) is named with its
    line and the advice to save as 'CSV UTF-8'; a header separated by tabs is refused with the
    dataset reader's words. A header separated by ';' (Excel with Vietnamese regional settings)
    is read as such: the table holds names only, so no number can be misread.
    """
    name = str(path)
    data = path.read_bytes()
    plain = _plain_comma_text(data)
    if plain is not None:
        return plain, ",", hashlib.sha256(data).hexdigest()
    from .datasets.csv import utf8_text  # the dataset reader imports pandas: only for a table out of the ordinary
    from .datasets.csv_separator import first_record, separator

    try:
        text = utf8_text(data, name)
        header = first_record(text, True) or ""
        try:
            sep = separator(header, name, "default")
        except DatasetError:
            if ";" not in header:
                raise
            sep = ";"
    except DatasetError as exc:
        raise said(AdminMappingError, _INVALID, problems=ProblemLines.of(exc.problems)) from None
    return text, sep, hashlib.sha256(data).hexdigest()


def _plain_comma_text(data: bytes) -> str | None:
    """The text of a UTF-8 table whose plain header (no quote, tab or ';') is separated by commas, else ``None``.

    The shipped table and most tables are such: they are read without the dataset reader (which
    imports pandas; building a survey template reads the table and must not). Anything else
    goes through the dataset reader's checks and messages.
    """
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = text.split("\n", 1)[0]
    return text if "," in header and not any(c in header for c in '";\t') else None


def _build_index(rows: list[dict[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for r in rows:  # current names map to themselves (a unit may be absent as a former name)
        index.setdefault(name_key(r["province"]), r["province"])
    for r in rows:
        index[name_key(r["former_province"])] = r["province"]
    for alias, target in _ALIASES.items():
        current = index.get(name_key(target))
        if current is not None:
            index.setdefault(name_key(alias), current)
    # English and unaccented spellings, only where they are unambiguous
    loose: dict[str, set[str]] = {}
    for r in rows:
        spellings = (r["former_province"], r.get("former_province_en", ""), r["province"], r.get("province_en", ""))
        for s in spellings:
            if s:
                loose.setdefault("ascii:" + _ascii_key(name_key(s)), set()).add(r["province"])
    for alias, target in _ALIASES.items():  # "Thua Thien Hue" as well as "Thừa Thiên Huế"
        current = index.get(name_key(target))
        if current is not None:
            loose.setdefault("ascii:" + _ascii_key(name_key(alias)), set()).add(current)
    for key, targets in loose.items():
        if len(targets) == 1:
            index.setdefault(key, next(iter(targets)))
    return index


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int, expect_counts: bool) -> ProvinceMapping:
    return _read(Path(path), expect_counts)


def load_mapping(path: str | Path | None = None, *, expect_counts: bool | None = None) -> ProvinceMapping:
    """Load and validate a province mapping table (cached until the file changes).

    Parameters
    ----------
    path : the CSV file; default the shipped ``admin/provinces-2025.csv``.
    expect_counts : check that the table maps exactly 63 former provinces to 34 current ones
        (and that each current one maps to itself); default: only for the shipped table.

    Raises
    ------
    AdminMappingError
        The file is missing, unreadable, lacks ``former_province``/``province``, has empty
        cells or repeated former provinces, or (when checked) the wrong counts.
    """
    target = Path(path) if path is not None else default_path()
    if expect_counts is None:
        expect_counts = path is None
    try:
        stat = target.stat()
    except OSError:
        raise said(AdminMappingError, _NO_TABLE, path=target) from None
    return _cached(str(target.resolve()), stat.st_mtime_ns, stat.st_size, bool(expect_counts))
