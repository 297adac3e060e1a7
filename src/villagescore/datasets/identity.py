"""The identity columns: village ids (slugs, unique per year), names, years and sectors.

Each check runs on whole columns; the text checks scan the joined column once with one
regular expression and look at single cells only when that scan finds something.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Texts
from ..i18n import N_
from .collector import Collector, is_blank
from .date_times import moments
from .encoding import refuse_wrongly_encoded
from .model import IDENTITY_COLUMNS, MAX_IDENTITY_CHARS
from .numbers import DOT_GROUPS, has_text, numeric
from .scan import all_slugs, scan_text
from .spaces import PLAIN_SPACED, plain_spaces
from .text import factorize, few_distinct, joined_cells

_VILLAGE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]"  # and direction overrides
_YEAR_RANGE = (1900, 2100)
#: A required identity cell left empty, named by its label, the id beside (``ô tên làng nghề (name) bị bỏ trống``).
_EMPTY = N_("the {label} ({column}) cell is empty")


def split_sectors(series: pd.Series) -> pd.Series:
    """Split the ``sectors`` column (``weaving;sericulture``) into lists of ids (a new list per row).

    Each distinct cell is split once.
    """
    text = series.fillna("").astype(str)
    codes, uniques = pd.factorize(text)
    parts = [_sector_ids(str(u)) for u in uniques]
    return pd.Series([list(parts[c]) for c in codes.tolist()], index=text.index, name=text.name, dtype=object)


def named_sectors(series: pd.Series) -> set[str]:
    """Every sector id the ``sectors`` column names (each distinct cell split once, as :func:`split_sectors`)."""
    return sectors_in(pd.unique(series.dropna().astype(str)))


def sectors_in(cells: Any) -> set[str]:
    """Every sector id the distinct ``sectors`` texts ``cells`` name."""
    return {s for u in cells for s in _sector_ids(u)}


def _sector_ids(cell: str) -> list[str]:
    """The sector ids of one ``sectors`` cell: split at ``;``, stripped, empty parts dropped."""
    return [p.strip() for p in cell.split(";") if p.strip()]


def validate_identity(frame: pd.DataFrame, out: dict[str, Any], col: Collector, registry: Any, *,
                      needs_sectors: bool = True) -> None:
    """Check the identity columns of ``frame`` into ``col``; put their clean values into ``out``.

    ``village_id`` is a slug, unique per year; ``name``, ``province`` and ``sectors`` are not
    empty (``province`` may be, when ``former_province`` is given: the current province is the
    2025 mapping of the former one); no identity cell holds a control character, the replacement
    character U+FFFD (a lossy re-encoding) or a pasted block of text; ``year`` is a whole year;
    every sector is registered; no text is in the wrong encoding (:mod:`~villagescore.datasets.encoding`).
    Without ``needs_sectors`` (a framework that scores no sector) a
    ``sectors`` cell may be empty: the craft is recorded when given, never required.
    """
    present = [c for c in IDENTITY_COLUMNS if c in frame.columns]
    blanks = {c: _blank(frame[c]) for c in present}  # one look for empty cells per column
    for c in present:
        out[c] = _objects(frame[c], blanks[c])
        if c in PLAIN_SPACED:
            out[c] = plain_spaces(frame[c], out[c])
    ids = frame["village_id"].astype(object)
    blank = _check_ids(ids, blanks["village_id"], col)
    _check_texts(frame, col, blanks, ("name", "province", "sectors") if needs_sectors else ("name", "province"))
    years, ok = _check_years(frame["year"], blanks["year"], out, col)
    dup = _repeated(frame["village_id"], ids, years) & ~blank & ok
    if dup.any():
        _report_duplicates(dup, ids, years, col)
    if "survey_date" in frame.columns:
        out["survey_date"] = _check_survey_dates(frame["survey_date"], col)
    if "sectors" not in frame.columns:  # optional when the framework scores no sector (checked by the caller)
        out["sectors"] = pd.Series("", index=frame.index, dtype=object)
        return
    out["sectors"] = _check_sectors(frame["sectors"], col, set(registry.sectors), required=needs_sectors)


def _repeated(column: pd.Series, ids: pd.Series, years: np.ndarray) -> np.ndarray:
    """Rows whose (village id, year) an earlier row holds; none when every id given is given once."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "python":
        _, cells, _ = joined_cells(column)  # the ids given, as the text checks joined them
        if len(set(cells.tolist())) == len(cells):
            return np.zeros(len(column), dtype=bool)
    return pd.DataFrame({"v": ids, "y": years}).duplicated(keep="first").to_numpy()


#: Village-years given more than once beyond which each repeat no longer names the row it repeats.
_NAMED_DUPLICATES = 100


def _report_duplicates(dup: np.ndarray, ids: pd.Series, years: np.ndarray, col: Collector) -> None:
    """Each repeated village-year, naming the row that holds it first (a file pasted twice: counted only)."""
    pairs = pd.DataFrame({"v": ids.to_numpy(dtype=object), "y": years})
    codes = pairs.groupby(["v", "y"], dropna=False, sort=False).ngroup().to_numpy()
    first = np.full(codes.max() + 1, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # the first position of each village-year
    repeated = np.unique(codes[dup])
    if len(repeated) > _NAMED_DUPLICATES:
        col.cells(dup, "village_id", ids, "duplicate", N_("duplicate village_id for the same year"))
        return
    for code in repeated.tolist():
        col.cells(dup & (codes == code), "village_id", ids, "duplicate",
                  N_("duplicate village_id for the same year: row {first} holds it already"),
                  params={"first": int(col.rows[first[code]])})


def _blank(series: pd.Series) -> np.ndarray:
    """Mask of the empty cells of an identity column (from its shared factorisation or joined cells, if text)."""
    if few_distinct(series):
        codes, _ = factorize(series)
        return codes < 0
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        present, _, _ = joined_cells(series)  # the cells' text, joined once for the checks of _check_texts
        blank = np.zeros(len(series), dtype=bool)
        if present is not None:
            blank[:] = True
            blank[present] = False
        return blank
    return is_blank(series)


def _objects(series: pd.Series, blank: np.ndarray) -> pd.Series:
    """The column as objects, an empty cell as ``None``."""
    if len(blank) and blank.all():  # an optional column left empty: no cell to turn into an object first
        return pd.Series(np.full(len(series), None, dtype=object), index=series.index, name=series.name, copy=False)
    values = series.astype(object)
    return values.where(~blank, None) if blank.any() else values


def _check_ids(ids: pd.Series, blank: np.ndarray, col: Collector) -> np.ndarray:
    """Empty and non-slug village ids (``blank``: the empty ones, returned)."""
    col.cells(blank, "village_id", ids, "required", _EMPTY, "", _named("village_id"))
    if not blank.any() and all_slugs(ids.to_numpy(dtype=object)):
        bad_slug = np.zeros(len(ids), dtype=bool)
    else:
        bad_slug = ~blank & ~ids.fillna("").astype(str).str.match(_VILLAGE_ID).to_numpy()
    allowed = N_("lower-case a-z, 0-9, '-', '_', '.' (e.g. 'phung-xa-my-duc')")
    if bad_slug.any():
        bad_slug = _say_slug_to_write(ids, bad_slug, col, allowed)
    col.cells(bad_slug, "village_id", ids, "slug", N_("village_id must be an ASCII slug"), allowed)
    return blank


_IN_CAPITALS = N_("village_id must be an ASCII slug in lower case: write {slug}")
_WITH_DIACRITICS = N_("village_id must be an ASCII slug, without diacritics, spaces or capitals: write {slug}, for "
                      "instance")


def _say_slug_to_write(ids: pd.Series, bad: np.ndarray, col: Collector, allowed: str) -> np.ndarray:
    """Refuse the bad ids that read as a slug once lower-cased (``Van-Phuc``) or folded (``vạn phúc``), naming it.

    Only the refused cells are looked at; returns the bad cells left for the plain message.
    """
    positions = np.flatnonzero(bad)
    said = {"capitals": ([], []), "folded": ([], [])}
    for pos, cell in zip(positions.tolist(), ids.to_numpy(dtype=object)[positions], strict=True):
        text = str(cell).strip()
        folded = _folded_slug(text)
        if text != text.lower() and _VILLAGE_ID.match(text.lower()):
            said["capitals"][0].append(pos)
            said["capitals"][1].append({"slug": repr(text.lower())})
        elif folded is not None:
            said["folded"][0].append(pos)
            said["folded"][1].append({"slug": repr(folded)})
    left = bad.copy()
    for kind, template in (("capitals", _IN_CAPITALS), ("folded", _WITH_DIACRITICS)):
        where, each = said[kind]
        if where:
            mask = np.zeros(len(bad), dtype=bool)
            mask[where] = True
            col.cells(mask, "village_id", ids, "slug", template, allowed, each=each)
            left[where] = False
    return left


def _folded_slug(text: str) -> str | None:
    """``text`` without diacritics, lower-cased, its spaces made '-' (``vạn phúc`` → ``van-phuc``), if a slug."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = "-".join(plain.split())
    return plain if plain.isascii() and _VILLAGE_ID.match(plain) else None


def _check_texts(frame: pd.DataFrame, col: Collector, blanks: dict[str, np.ndarray], required: tuple[str, ...]
                 ) -> None:
    """Required names, then control characters and pasted blocks of text in every identity column but year.

    ``blanks``: the empty cells of each identity column; ``required``: the columns that may have
    none. Each column's text is scanned once
    (:func:`~villagescore.datasets.scan.scan_text`); cells are looked at one by one only in a
    column where the scan found something.
    """
    for c in required:
        if c in frame.columns:
            blank = blanks[c]
            if c == "province" and "former_province" in frame.columns:
                # a village recorded only under its pre-2025 province: the current one is its mapping (compare)
                blank = blank & blanks["former_province"]
            col.cells(blank, c, frame[c], "required", _EMPTY, "", _named(c))
    texts = [c for c in IDENTITY_COLUMNS if c in frame.columns and c != "year"]
    scans = {c: scan_text(frame[c]) for c in texts}
    for c in texts:
        # NUL and other control characters break reports (XLSX refuses them) and hide from the eye
        if not scans[c].control:
            continue  # one scan of the whole column finds nothing: no cell to report
        control = frame[c].astype(object).fillna("").astype(str).str.contains(_CONTROL, regex=True).to_numpy()
        col.cells(control, c, frame[c], "control_character", N_("contains a control character; retype the cell"))
    for c in (c for c in texts if c not in ("village_id", "sectors")):  # those must be ASCII ids already
        # U+FFFD: what a lossy re-encoding leaves of each letter it could not read ('H� N�i')
        if not scans[c].replacement:
            continue  # one scan of the whole column
        lost = frame[c].astype(object).fillna("").astype(str).str.contains("\ufffd", regex=False).to_numpy()
        col.cells(lost, c, frame[c], "replacement_character",
                  N_("contains U+FFFD: the file was re-encoded with a loss; re-export as UTF-8"))
    for c in (c for c in texts if c not in ("village_id", "sectors")):
        refuse_wrongly_encoded(frame[c], c, col)  # 'HÃ\xa0 Ná»\x99i', 'Hµ Néi': read without an error, still wrong
    for c in (c for c in texts if _has_text(frame[c], blanks[c])):
        if scans[c].all_text and scans[c].longest <= MAX_IDENTITY_CHARS:
            continue  # every cell is text and none is too long
        lengths = frame[c].str.len().to_numpy(dtype=float, na_value=0.0)
        long = lengths > MAX_IDENTITY_CHARS
        if long.any():
            shown = frame[c].where(~long, frame[c].str.slice(0, 40) + "…")
            col.cells(long, c, shown, "too_long", N_("is longer than {n} characters: a pasted block of text? Keep "
                                                     "only the name"), "", {"n": f"{MAX_IDENTITY_CHARS:,}"})


def _named(column: str) -> dict[str, Any]:
    """The params of :data:`_EMPTY` for an identity ``column``: its label in each language, lower-cased mid-sentence."""
    from ..template import identity_labels

    label = identity_labels()[column]
    return {"label": Texts({lang: text[:1].lower() + text[1:] for lang, text in label.items()}), "column": column}


def _has_text(series: pd.Series, blank: np.ndarray) -> bool:
    """:func:`~villagescore.datasets.numbers.has_text`, without a second look for the empty cells of a text column."""
    if isinstance(series.dtype, pd.StringDtype):
        return not blank.all()
    return has_text(series)


def _check_survey_dates(column: pd.Series, col: Collector) -> pd.Series:
    """``survey_date`` cells as ``YYYY-MM-DD`` (a workbook's date cell is read so); anything else is a problem.

    A datetime with a time zone or a time of day is refused, as its text is in a CSV: its day is not cut
    or taken in its own zone silently.
    """
    text = column.astype(object).where(column.notna(), None)
    allowed = N_("a date such as 2024-06-15, or nothing (31 December of the year)")
    zoned, timed = moments(column)
    if zoned.any() or timed.any():
        col.cells(zoned, "survey_date", column, "date", _SURVEY_DATE_ZONED, allowed)
        col.cells(timed, "survey_date", column, "date", _SURVEY_DATE_TIMED, allowed)
        text = text.where(~(zoned | timed), None)  # said: not parsed (zones mixed would stop the parse)
    present = text.notna().to_numpy()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = present & parsed.isna().to_numpy()
    unsaid = _day_month_dates(text, bad, col, allowed) if bad.any() else bad
    col.cells(unsaid, "survey_date", column, "date", _SURVEY_DATE, allowed)
    return pd.Series(np.where(present & ~bad, parsed.dt.strftime("%Y-%m-%d"), None), index=column.index,
                     dtype=object)


def _day_month_dates(text: pd.Series, bad: np.ndarray, col: Collector, allowed: str) -> np.ndarray:
    """The refused ``survey_date`` cells written day and month first (``15/06/2021``), said with the date to write.

    Read day first, as Vietnam writes dates, and month first (``-`` and ``.`` read as ``/``): a cell
    one reading fits is told that date, one both fit (``05/06/2025``) both. Returns the refused
    cells left to say. Only the refused cells are read.
    """
    positions = np.flatnonzero(bad)
    slashed = text.iloc[positions].astype(str).str.strip().str.replace(r"[-.]", "/", regex=True)
    day_first = pd.to_datetime(slashed, format="%d/%m/%Y", errors="coerce").to_numpy()
    month_first = pd.to_datetime(slashed, format="%m/%d/%Y", errors="coerce").to_numpy()
    has_day, has_month = ~np.isnat(day_first), ~np.isnat(month_first)
    two = has_day & has_month & (day_first != month_first)
    one = (has_day | has_month) & ~two
    told = np.where(has_day, day_first, month_first)[one]  # 06/15/2021 reads month first only
    days, months = day_first[two], month_first[two]
    for which, template, each in (
            (one, _SURVEY_DATE_AS, [{"date": d} for d in np.datetime_as_string(told, unit="D").tolist()]),
            (two, _SURVEY_DATE_EITHER, [{"day_first": d, "month_first": m} for d, m in zip(
                np.datetime_as_string(days, unit="D").tolist(), np.datetime_as_string(months, unit="D").tolist(),
                strict=True)])):
        mask = np.zeros(len(bad), dtype=bool)
        mask[positions[which]] = True
        col.cells(mask, "survey_date", text, "date", template, allowed, each=each)
    unsaid = bad.copy()
    unsaid[positions[one | two]] = False
    return unsaid


_SURVEY_DATE = N_("survey_date (survey date) is not a date written YYYY-MM-DD")
_SURVEY_DATE_ZONED = N_("survey_date (survey date) has a time zone, which decides its day: give the day in Vietnam "
                        "only, e.g. df['survey_date'] = df['survey_date'].dt.tz_convert('Asia/Ho_Chi_Minh').dt.date")
_SURVEY_DATE_TIMED = N_("survey_date (survey date) has a time of day: give the date only, e.g. df['survey_date'] = "
                        "df['survey_date'].dt.date (in a workbook, the date without its time)")
_SURVEY_DATE_AS = N_("survey_date (survey date) is not written YYYY-MM-DD: write {date}")
_SURVEY_DATE_EITHER = N_("survey_date (survey date) is not written YYYY-MM-DD: write {day_first} if the day comes "
                         "first (as dates are written in Vietnam), {month_first} if the month does")


def _thousands_dotted(column: pd.Series, mask: np.ndarray) -> np.ndarray:
    """The cells of ``mask`` that are texts with a thousands dot (``2.024``, typed with Vietnamese settings).

    Only the cells of ``mask`` (years read as fractions: few) are looked at.
    """
    grouped = np.zeros(len(mask), dtype=bool)
    picked = np.flatnonzero(mask)
    if picked.size:
        cells = column.to_numpy(dtype=object)[picked]
        grouped[picked] = [isinstance(v, str) and DOT_GROUPS.fullmatch(v.strip()) is not None for v in cells]
    return grouped


def _years_as_written(column: pd.Series, mask: np.ndarray) -> Any:
    """``column`` with the cells of ``mask`` as text (``1800``, a workbook's ``2024.5``): a year as written.

    A year is never grouped as a number is (``1.800``); the copy is made only when a cell is refused.
    """
    if not mask.any():
        return column
    cells = column.to_numpy(dtype=object).copy()
    picked = np.flatnonzero(mask)
    cells[picked] = [str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in cells[picked]]
    return cells


def _check_years(column: pd.Series, blank_year: np.ndarray, out: dict[str, Any], col: Collector
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Years that are not numbers, empty (``blank_year``) or not whole years in range; returns (years, readable)."""
    years, bad = numeric(column)
    col.cells(bad, "year", column, "type", N_("year is not a number: write the year of the data as four digits "
                                              "(2024); a date is not a year"), N_("{lo} to {hi}"),
              {"lo": _YEAR_RANGE[0], "hi": _YEAR_RANGE[1]})
    col.cells(blank_year, "year", column, "required", _EMPTY, "", _named("year"))
    ok = ~bad & ~blank_year
    with np.errstate(invalid="ignore"):  # inf % 1 is NaN; an infinite year is already reported above
        fraction = ok & (years % 1 != 0)
        outside = ok & ~fraction & ((years < _YEAR_RANGE[0]) | (years > _YEAR_RANGE[1]))
    wrong = fraction | outside
    shown = _years_as_written(column, wrong)
    span = {"lo": _YEAR_RANGE[0], "hi": _YEAR_RANGE[1]}
    grouped = _thousands_dotted(column, fraction)
    col.cells(grouped, "year", shown, "range", N_("year is not a whole year: '.' separates thousands; write {whole} "
                                                  "without a thousands separator"), N_("{lo} to {hi}"), span,
              each=[{"whole": v.strip().replace(".", "")} for v in column.to_numpy(dtype=object)[grouped]])
    col.cells(fraction & ~grouped, "year", shown, "range", N_("year is not a whole year"), N_("{lo} to {hi}"), span)
    col.cells(outside, "year", shown, "range", N_("year is out of range: write the year the data describe, as "
                                                  "four digits"), N_("{lo} to {hi}"), span)
    out["year"] = pd.array(np.where(ok & ~wrong, years, np.nan)).astype("Int64") if len(years) else years
    return years, ok


def _check_sectors(sectors: pd.Series, col: Collector, known: set[str], *, required: bool = True) -> pd.Series:
    """Cells naming no sector (when ``required``) or an unknown one; returns each cell's ids joined by ';'.

    Without ``required`` (a framework that scores no sector) a cell naming none, such as ``;``,
    counts as empty, as a blank cell does.
    """
    # factorised: each distinct sector combination is split once, not once per village
    codes, uniques = factorize(sectors)
    parts = [[p.strip() for p in str(u).split(";") if p.strip()] for u in uniques]
    rows = np.array([any(p not in known for p in ps) for ps in parts] + [False])[codes]
    nothing = np.array([not ps for ps in parts] + [False])[codes]  # e.g. ";": not blank, but no sector
    allowed, params = ("{sectors}", {"sectors": ", ".join(sorted(known))}) if known else (N_("none registered"), {})
    if required:
        col.cells(nothing, "sectors", sectors, "required", N_("sectors names no sector"), allowed, params)
    if rows.any():
        col.cells(rows, "sectors", sectors, "unknown_sector", N_("unknown sector"), allowed, params)
    joined = np.array([";".join(ps) for ps in parts] + [""], dtype=object)  # an empty cell gives ""
    return pd.Series(joined[codes], index=sectors.index, dtype=object, copy=False)  # a new array: not copied again
