"""Generate synthetic craft villages: deterministic, seeded and vectorised.

:func:`generate` returns ``(frame, metadata)``: one row per village with the identity
columns (``village_id`` ``syn-000001`` …, ``name``, ``commune`` — ``Xã mẫu 0001`` … ``Xã mẫu 3321``,
the commune-level units in force since 1 July 2025 shared out between the provinces, several
villages to a commune as in a national sample —, ``province`` — one of the 34
provincial-level units in force since 1 July 2025 —, ``former_district``, ``former_province``
— the pre-reform province, filled for about 40 % of the rows —, ``sectors``, ``year``) and one
column per registered field. Sector fields are filled only for villages of that sector; the
other fields for every village. Values follow the ranges suggested by the village fact
sheets (``domain.md`` §B, all [E]), written per field id in the data file
``datasets/synthetic/field-specs.yaml`` (a field it does not list, e.g. a third-party
plugin's, gets a spec from its type and range); a latent per-village factor correlates the good and bad
practices of one village so that rankings are not pure noise. Every value respects its
field's ``minimum``/``maximum``, ``categories`` and ``not_greater_than``; floats are rounded
to :data:`DECIMALS` decimals, so :func:`write` gives byte-identical files for the same seed.

Nothing here is a fact: the metadata marks every column ``estimated`` and the dataset
``kind: synthetic``. The whole table is built column by column with
``numpy.random.default_rng(seed)``; 100,000 villages × ~100 fields take well under a
second on the reference machine.

The core learns about fields, sectors and indicators only through the plugin hooks
(:class:`villagescore.registry.Registry`); it never imports a plugin by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .objects import Field
from .outputs import atomic_write, to_csv_text
from .synthetic_draws import (
    DECIMALS,
    broken_checks,
    by_province,
    default_spec,
    not_applicable,
    plausible,
    values_of,
)
from .synthetic_plugins import PluginMetadata, plugin_metadata, record
from .synthetic_specs import FIELD_SPECS_FILE, load_field_specs, load_generator_rules, merged_specs

__all__ = [
    "GENERATOR_VERSION",
    "DECIMALS",
    "PROVINCES_2025",
    "COMMUNES_2025",
    "commune_counts",
    "FIELD_SPECS_FILE",
    "load_field_specs",
    "load_generator_rules",
    "default_spec",
    "generate",
    "write",
]

#: Bumped whenever the same seed would give different values.
GENERATOR_VERSION = "5"

#: The 34 provincial-level units since 1 July 2025 (Resolution 202/2025/QH15), each with
#: the pre-reform provinces merged into it. ``datasets/admin/provinces-2025.csv`` is the
#: shipped, sourced version of this table; a test keeps the two in step.
PROVINCES_2025: dict[str, tuple[str, ...]] = {
    "An Giang": ("An Giang", "Kiên Giang"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "Cao Bằng": ("Cao Bằng",),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Điện Biên": ("Điện Biên",),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Hà Nội": ("Hà Nội",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Huế": ("Huế",),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lai Châu": ("Lai Châu",),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Lạng Sơn": ("Lạng Sơn",),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Nghệ An": ("Nghệ An",),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Quảng Ninh": ("Quảng Ninh",),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Sơn La": ("Sơn La",),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Thanh Hóa": ("Thanh Hóa",),
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
}

#: Relative weight of each province: the Red River delta holds most craft villages [E].
_PROVINCE_WEIGHT = {"Hà Nội": 8.0, "Bắc Ninh": 3.0, "Hưng Yên": 2.0, "Ninh Bình": 2.5, "Hải Phòng": 2.0,
                    "Phú Thọ": 2.0, "Thanh Hóa": 2.0, "Nghệ An": 1.5}

#: Commune-level units (communes, wards, special zones) in force since 1 July 2025 [S: domain.md, the
#: ``vietnam-provinces`` package]; shared out between the provinces in proportion to their weight [E].
COMMUNES_2025 = 3321

#: Share of villages with a second craft sector [E].
SECOND_SECTOR_SHARE = 0.15
#: Share of rows that also name the pre-reform province [E].
FORMER_PROVINCE_SHARE = 0.4
YEARS = (2022, 2023, 2024, 2025)

def commune_counts(weights: np.ndarray, total: int = COMMUNES_2025) -> np.ndarray:
    """The communes of each province: ``total`` shared out in proportion to ``weights`` (largest remainders).

    Every province gets at least one; the counts sum to ``total`` (for at most ``total`` provinces).
    """
    share = weights / weights.sum() * (total - len(weights))
    counts = 1 + np.floor(share).astype(np.int64)
    left = total - int(counts.sum())
    counts[np.argsort(-(share - np.floor(share)), kind="stable")[:left]] += 1
    return counts


def _communes(pidx: np.ndarray, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each village's commune name, drawn among its province's (:func:`commune_counts`), numbered nationally.

    Drawn from a random stream of its own, spawned from ``rng``'s seed sequence (spawning takes
    nothing from ``rng``), so that every other column is what the same seed gave before communes
    were shared; any seed ``numpy.random.default_rng`` takes works.
    """
    counts = commune_counts(weights)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    draw = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0]).random(len(pidx))
    number = first[pidx] + np.minimum(np.floor(draw * counts[pidx]).astype(np.int64), counts[pidx] - 1) + 1
    return ("Xã mẫu " + pd.Series(number, dtype=np.int64).astype(str).str.zfill(4)).to_numpy(dtype=object)


def __getattr__(name: str) -> Any:
    # FIELD_SPECS and SECTOR_WEIGHTS used to be literals here; they are read from the data file on first use
    if name == "FIELD_SPECS":
        return load_field_specs()[0]
    if name == "SECTOR_WEIGHTS":
        return load_field_specs()[1]
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def village_numbers(n: int) -> Any:
    """``000001`` … the numbers of ``n`` synthetic villages, all of one width (6 digits, more from a million on).

    One width keeps the ids (``syn-…``) in the order of their numbers when sorted as text, as the
    engine orders village-years: ``syn-1000000`` would sort before ``syn-999999``.
    """
    return pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(max(6, len(str(n))))


def generate(
    n: int,
    seed: int = 2026,
    registry_fields: Iterable[Field] | None = None,
    *,
    field_sectors: Mapping[str, Iterable[str]] | None = None,
    field_directions: Mapping[str, int] | None = None,
    sectors: Iterable[str] | None = None,
    dataset_id: str = "national-sample-synthetic",
    specs: str | Path | None = None,
    checks: Iterable[Any] | None = None,
    extra_specs: Iterable[str | Path] = (),
    plugins: Iterable[str] | None = None,
    catalogues: Iterable[str | Path] = (),
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Generate ``n`` synthetic villages.

    Parameters
    ----------
    n : int
        Number of villages (rows), ``n >= 0``.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    registry_fields : iterable of Field, optional
        The fields to generate (one column each). Default: every field of the installed
        plugins. Fields without a spec in the specs file get one from their type and range
        (:func:`default_spec`).
    field_sectors : mapping, optional
        Field id → sectors it belongs to (filled only for villages of those sectors).
        Default: derived from the installed plugins' indicators (``Indicator.sectors`` of
        the indicators that require the field); fields not listed are generic.
    field_directions : mapping, optional
        Field id → +1 (higher is better) or −1; default from single-field indicators.
    sectors : iterable of str, optional
        Sector ids to draw from; default: the installed sectors (or those of ``field_sectors``).
    dataset_id : str
        ``dataset.id`` of the metadata; must contain ``synthetic``.
    specs : path, optional
        A field-specs file (same format as the bundled ``datasets/synthetic/field-specs.yaml``,
        the default): value specs by field id and sector weights.
    extra_specs : iterable of paths, optional
        Field-specs files merged over ``specs``, in order (``generate.py --specs FILE``): how a
        third-party plugin's fields get plausible ranges (:func:`villagescore.synthetic_specs.merged_specs`).
    checks : iterable of Check, optional
        Plausibility checks between fields (:class:`villagescore.Check`) the villages must pass:
        a value drawn outside ``left op factor × right`` is drawn again inside it. Default: the
        installed plugins' checks when the fields are theirs too, else none.
    plugins : iterable of str, optional
        Exactly the entry-point plugins to read the fields, sectors and checks from, whatever
        else is installed or ``VILLAGESCORE_LOAD_PLUGINS``/``VILLAGESCORE_DISABLE_PLUGINS`` say
        (``generate.py --plugins``); each must load. The plugins read are recorded in the
        metadata (``dataset.generator.plugins``, name → version) and named in its ``command``,
        so that the command gives the same file wherever other plugins are installed. With
        ``plugins``, ``VILLAGESCORE_CATALOGUES`` is not read: only ``catalogues`` are.
    catalogues : iterable of paths, optional
        Catalogue files to read as plugins too (``generate.py --catalogue FILE``); every
        catalogue file read is named in the ``command`` (``--catalogue FILE``).

    Returns
    -------
    (pandas.DataFrame, dict)
        The villages, and metadata valid against ``dataset-metadata.schema.json``.
    """
    if n < 0:
        msg = f"n must be >= 0, got {n}"
        raise ValueError(msg)
    if "synthetic" not in dataset_id:
        msg = f"a synthetic dataset id must contain 'synthetic', got {dataset_id!r}"
        raise ValueError(msg)
    extra_specs = [str(p) for p in extra_specs]
    if registry_fields is None or field_sectors is None or field_directions is None or sectors is None:
        try:
            found = plugin_metadata(None if plugins is None else list(plugins), catalogues=list(catalogues))
        except Exception:  # no engine or broken plugins: generate what we were given
            if registry_fields is None:
                raise
            found = PluginMetadata()
        if checks is None and registry_fields is None:
            checks = found.checks
        registry_fields = found.fields if registry_fields is None else registry_fields
        field_sectors = found.field_sectors if field_sectors is None else field_sectors
        field_directions = found.directions if field_directions is None else field_directions
        if sectors is None:
            sectors = found.sectors or sorted({s for v in field_sectors.values() for s in v})
    else:
        found = None
    fields = sorted(registry_fields, key=lambda f: f.id)
    fmap = {f.id: f for f in fields}
    sector_ids = sorted(sectors) or ["generic"]
    field_specs, sector_weights, rules = merged_specs(specs, extra_specs, fields=fmap, sectors=sector_ids)
    fs = {k: tuple(v) for k, v in field_sectors.items()}

    rng = np.random.default_rng(seed)
    # ---- identity ----
    provinces = sorted(PROVINCES_2025)
    pw = np.array([_PROVINCE_WEIGHT.get(p, 1.0) for p in provinces])
    pidx = np.searchsorted(np.cumsum(pw / pw.sum()), rng.random(n) * (1 - 1e-12), side="right")
    province = np.asarray(provinces, dtype=object)[pidx]
    # former province: one of the units merged into the current one
    max_parts = max(len(v) for v in PROVINCES_2025.values())
    former_table = np.array([[PROVINCES_2025[p][i % len(PROVINCES_2025[p])] for i in range(max_parts)]
                             for p in provinces], dtype=object)
    nparts = np.array([len(PROVINCES_2025[p]) for p in provinces])
    fpart = np.floor(rng.random(n) * nparts[pidx]).astype(int)
    former = former_table[pidx, fpart]
    former = np.where(rng.random(n) < FORMER_PROVINCE_SHARE, former, None)

    sw = np.array([sector_weights.get(s, 1.0) for s in sector_ids])
    cum = np.cumsum(sw / sw.sum())
    s1 = np.minimum(np.searchsorted(cum, rng.random(n) * (1 - 1e-12), side="right"), len(sector_ids) - 1)
    s2 = np.minimum(np.searchsorted(cum, rng.random(n) * (1 - 1e-12), side="right"), len(sector_ids) - 1)
    two = (rng.random(n) < SECOND_SECTOR_SHARE) & (s1 != s2)
    k = len(sector_ids)
    pair = np.array([[a if i == j else f"{a};{b}" for j, b in enumerate(sector_ids)]
                     for i, a in enumerate(sector_ids)], dtype=object)
    sector_text = pair[s1, np.where(two, s2, s1)]
    year = np.asarray(YEARS)[np.floor(rng.random(n) * len(YEARS)).astype(int)]
    latent = rng.random(n)

    commune = _communes(pidx, pw, rng)
    num = village_numbers(n)
    data: dict[str, Any] = {
        "village_id": ("syn-" + num).to_numpy(dtype=object),
        "name": ("Làng nghề mẫu " + num).to_numpy(dtype=object),
        "commune": commune,
        "province": province,
        "former_district": np.full(n, None, dtype=object),
        "former_province": former,
        "sectors": sector_text,
        "year": year.astype(np.int64),
    }
    # ---- fields in id order; those bounded by another field (share, not_greater_than) last ----
    has_sector = {s: (s1 == i) | (two & (s2 == i)) for i, s in enumerate(sector_ids)}
    del k
    columns: dict[str, np.ndarray] = {}
    def dependent(f: Field) -> bool:
        return field_specs.get(f.id, ("",))[0] in ("share", "per") or bool(f.not_greater_than)

    checks = list(checks or ())
    # the fields other fields are bounded by first, made plausible, then the bounded ones (and again)
    for group in ([f for f in fields if not dependent(f)], [f for f in fields if dependent(f)]):
        for fld in group:
            spec = field_specs.get(fld.id) or default_spec(fld)
            if fld.id in rules["by_province"] and spec[0] == "cat":
                vals = by_province(spec, rules["by_province"][fld.id], province, n, rng, fld)
            else:
                vals = values_of(spec, fld, n, rng, latent, field_directions.get(fld.id), columns)
            if fld.not_greater_than and fld.not_greater_than in columns and spec[0] != "share":
                vals = np.minimum(vals, columns[fld.not_greater_than])
            columns[fld.id] = vals
        plausible(columns, fmap, checks, rng)
    for fld in fields:  # a redrawn value never passes the field it may not exceed
        if fld.not_greater_than and fld.not_greater_than in columns and columns[fld.id].dtype != object:
            columns[fld.id] = np.minimum(columns[fld.id], columns[fld.not_greater_than])
    not_applicable(columns, rules["not_applicable"])
    masked: dict[str, np.ndarray] = {}  # the values as written, for the checks still broken
    for fld in fields:
        vals = columns[fld.id]
        owners = fs.get(fld.id, ())
        if owners:
            mask = np.zeros(n, dtype=bool)
            for s in owners:
                mask |= has_sector.get(s, np.zeros(n, dtype=bool))
            vals = np.where(mask, vals, np.nan if vals.dtype != object else None)
        if fld.type in ("integer", "boolean"):
            data[fld.id] = pd.array(np.where(pd.isna(vals), np.nan, vals).astype(float)).astype("Int64")
        elif fld.type in ("category", "text"):
            data[fld.id] = vals.astype(object)
        else:
            data[fld.id] = np.round(vals.astype(float), DECIMALS)
        masked[fld.id] = data[fld.id] if fld.type not in ("integer", "boolean") else vals
    frame = pd.DataFrame(data)
    meta = _metadata(frame, n, seed, dataset_id, fmap)
    if found is not None and found.versions:
        record(meta["dataset"]["generator"], found)
    _said_unmet(meta["dataset"]["generator"], extra_specs, broken_checks(masked, checks))
    return frame, meta


def _said_unmet(generator: dict[str, Any], extra_specs: list[str], unmet: Mapping[str, int]) -> None:
    """Record the extra spec files and the checks still broken in the metadata; warn of the broken ones.

    Checks still broken after every round of redraws contradict each other or the fields' specs
    (a third-party field drawn over its whole range): a spec file that fits them is the cure.
    """
    if extra_specs:
        generator["specs"] = extra_specs
        generator["command"] += "".join(f" --specs {p}" for p in extra_specs)
    if not unmet:
        return
    import warnings

    from .errors import DataWarning, said
    from .i18n import N_

    generator["checks_still_broken"] = dict(unmet)
    warnings.warn(said(DataWarning, N_("synthetic data: {rows} row(s) still break plausibility checks after the "
                                       "redraws: {checks}; give the fields they compare specs that fit them "
                                       "(generate.py --specs FILE, docs/datasets.md)"),
                       rows=sum(unmet.values()), checks=", ".join(f"{k} ({v})" for k, v in unmet.items())),
                  stacklevel=3)


def _metadata(frame: pd.DataFrame, n: int, seed: int, dataset_id: str,
              fmap: Mapping[str, Field]) -> dict[str, Any]:
    note = (f"Synthetic: generated by villagescore.synthetic (seed {seed}) from the ranges suggested by "
            "the village fact sheets (domain.md §B, all [E]). Not a fact about any village.")
    columns: dict[str, Any] = {}
    for col in frame.columns:
        entry = {"quality": "estimated", "note": note}
        if col == "province":
            entry["note"] = ("Synthetic: one of the 34 provincial-level units since 1 July 2025 "
                             "(Resolution 202/2025/QH15).")
        elif col == "commune":
            entry["note"] = ("Synthetic: one of 3,321 invented commune names (Xã mẫu 0001 … 3321) shared out between "
                             "the provinces by their weight; not a real commune.")
        elif col == "former_province":
            entry["note"] = ("Synthetic: a pre-reform province merged into `province` "
                             "(datasets/admin/provinces-2025.csv); empty for about 60 % of rows.")
        columns[col] = entry
    return {
        "dataset": {
            "id": dataset_id,
            "title": {"vi": "Mẫu làng nghề tổng hợp toàn quốc (dữ liệu giả lập)",
                      "en": "National sample of synthetic craft villages"},
            "kind": "synthetic",
            "description": (f"{n} synthetic craft villages spread over the 34 provincial-level units, "
                            "with sector mixes and value ranges following the village fact sheets. "
                            "For tests, benchmarks and demonstrations only."),
            "license": "CC0-1.0",
            "generator": {"module": "villagescore.synthetic", "function": "generate", "seed": seed,
                          "n": n, "version": __version__, "generator_version": GENERATOR_VERSION,
                          "decimals": DECIMALS,
                          "command": f"python datasets/synthetic/generate.py --n {n} --seed {seed}"},
            "notes": ["Every value is estimated; none describes a real village.",
                      "Sector fields are empty for villages outside that sector (not applicable)."],
        },
        "columns": columns,
    }


def write(frame: pd.DataFrame, metadata: Mapping[str, Any], path: str | Path) -> tuple[Path, Path]:
    """Write ``frame`` as UTF-8 CSV and ``metadata`` as ``NAME.meta.json`` beside it.

    Deterministic: LF line ends, fixed decimals, keys in a fixed order. Returns both paths.
    Synthetic data says so in its file name too: a ``path`` whose name lacks ``synthetic``
    is refused (``ValueError``) when ``metadata`` marks the data synthetic.
    """
    from .datasets.metadata import is_synthetic, names_synthetic, synthetic_name_for

    path = Path(path)
    if is_synthetic(metadata) and not names_synthetic(path):
        msg = (f"a synthetic dataset's file name must contain 'synthetic', got {path.name!r}: "
               f"e.g. {synthetic_name_for(path)!r}")
        raise ValueError(msg)
    meta_path = path.with_name(path.stem + ".meta.json")
    csv_text = to_csv_text(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, csv_text.encode("utf-8"), keep_inputs=False)  # a dataset replaces the one it regenerates
    meta_text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    atomic_write(meta_path, meta_text.encode("utf-8"), keep_inputs=False)
    return path, meta_path

