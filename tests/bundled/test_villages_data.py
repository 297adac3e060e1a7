"""The real-shaped villages dataset: columns, provenance, metadata, sectors."""

import csv
import importlib
import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from tests.support import DATASET_IDENTITY

from .provenance import check_dataset_provenance

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "datasets" / "villages" / "villages.csv"
META = CSV.with_name("villages.meta.json")
SCHEMA = json.loads((ROOT / "schemas" / "dataset-metadata.schema.json").read_text(encoding="utf-8"))
IDENTITY = set(DATASET_IDENTITY)
PLUGINS = [
    "environment",
    "economy",
    "society",
    "governance",
    "weaving",
    "rattan_bamboo",
    "lacquer",
    "sericulture",
    "seagrass",
    "handmade_paper",
    "ceramics",
    "food_processing",
    "wood",
]
EXPECTED = {
    "van-phuc-ha-dong",
    "bat-trang-gia-lam",
    "phu-vinh-chuong-my",
    "ha-thai-thuong-tin",
    "dong-ky-tu-son",
    "duong-o-phong-khe",
    "nga-son-thanh-hoa",
    "duong-lieu-hoai-duc",
}


def _hooks(name):
    mod = importlib.import_module(f"villagescore_{name}")
    get = lambda hook: getattr(mod, hook)() if hasattr(mod, hook) else []  # noqa: E731
    return get("register_fields"), get("register_indicators"), get("register_sectors")


FIELDS, INDICATORS, SECTORS = {}, [], set()
for _p in PLUGINS:
    _f, _i, _s = _hooks(_p)
    FIELDS.update({f.id: f for f in _f})
    INDICATORS.extend(_i)
    SECTORS.update(s.id for s in _s)
GENERIC_PILLAR_FIELDS = {f for i in INDICATORS if not i.sectors for f in i.requires}


@pytest.fixture(scope="module")
def rows():
    with CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_column_is_identity_or_registered_field(rows):
    header = list(rows[0])
    unknown = [c for c in header if c not in IDENTITY and c not in FIELDS]
    assert not unknown
    assert IDENTITY <= set(header)


def test_villages_present_and_ids_are_ascii_slugs(rows):
    ids = [r["village_id"] for r in rows]
    assert set(ids) == EXPECTED and len(ids) == len(set(ids))
    for r in rows:
        assert r["village_id"].isascii()
        for col in ("name", "commune", "province", "former_district", "former_province"):
            assert unicodedata.normalize("NFC", r[col]) == r[col]


def test_provinces_are_current_units(rows):
    mapping = ROOT / "datasets" / "admin" / "provinces-2025.csv"
    with mapping.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    current = {r["province"] for r in table}
    former_to_current = {r["former_province"]: r["province"] for r in table}
    for r in rows:
        assert r["province"] in current
        assert former_to_current[r["former_province"]] == r["province"]


def test_every_village_has_all_four_pillars_and_its_sector_fields(rows):
    for r in rows:
        # a ward has no new-rural status: the criteria do not apply to it (issue 16, M6)
        exempt = {"ntm_status"} if r["locality_type"] == "ward" else set()
        # no source counts accidents or complaints: left empty rather than invented (domain audit D2)
        exempt |= {"occupational_accidents_count", "pollution_complaints_per_year"}
        missing = [f for f in GENERIC_PILLAR_FIELDS - exempt if r.get(f, "") == ""]
        assert not missing, (r["village_id"], missing)
        sectors = set(r["sectors"].split(";"))
        assert sectors <= SECTORS
        for ind in INDICATORS:
            applicable = bool(set(ind.sectors) & sectors)
            for f in ind.requires:
                if ind.sectors and applicable:
                    assert r[f] != "", (r["village_id"], f)
                elif (
                    ind.sectors
                    and not applicable
                    and not any(f in j.requires and set(j.sectors) & sectors for j in INDICATORS)
                ):
                    assert r[f] == "", (r["village_id"], f)


def test_values_within_field_ranges(rows):
    for r in rows:
        for fid, fld in FIELDS.items():
            v = r.get(fid, "")
            if v == "":
                continue
            if fld.type in ("number", "integer", "boolean"):
                x = float(v)
                assert fld.minimum is None or x >= fld.minimum, (r["village_id"], fid)
                assert fld.maximum is None or x <= fld.maximum, (r["village_id"], fid)
                if fld.not_greater_than and r.get(fld.not_greater_than):
                    assert x <= float(r[fld.not_greater_than]), (r["village_id"], fid)
            elif fld.type == "category":
                assert v in fld.categories, (r["village_id"], fid, v)


def test_every_value_has_a_source_or_estimate_mark():
    assert check_dataset_provenance(CSV, META) == []


def test_metadata_validates_and_sources_resolve():
    meta = json.loads(META.read_text(encoding="utf-8"))
    jsonschema.validate(meta, SCHEMA)
    assert meta["dataset"]["kind"] == "real-shaped"
    ids = {s["id"] for s in meta["dataset"]["sources"]}
    for entry in [*meta["columns"].values(), *meta["values"]]:
        if "source" in entry:
            assert entry["source"] in ids
    assert any("not verified" in c.get("note", "").lower() for c in meta["columns"].values())


def test_multi_sector_village():
    van_phuc = next(
        r for r in csv.DictReader(CSV.open(encoding="utf-8")) if r["village_id"] == "van-phuc-ha-dong"
    )
    assert van_phuc["sectors"].split(";") == ["weaving", "sericulture"]
