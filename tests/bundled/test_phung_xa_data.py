"""Bundled datasets: columns are registered fields, every value has provenance, metadata validates."""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from villagescore.schemas import validator

from tests.support import DATASET_IDENTITY

from .provenance import check_dataset_provenance

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
IDENTITY = set(DATASET_IDENTITY)
PX_CSV = DATASETS / "phung-xa" / "phung-xa.csv"
PX_META = DATASETS / "phung-xa" / "phung-xa.meta.json"


def _fields_and_sectors():
    """Fields and sectors of every installed plugin (falls back to the first-party pillar/weaving modules)."""
    try:
        from villagescore.registry import Registry

        reg = Registry.default(strict=False)
        return dict(reg.fields), set(reg.sectors)
    except ImportError:  # pragma: no cover - before the core registry exists
        sys.path.insert(0, str(ROOT / "tests" / "plugins"))
        from plugin_helpers import ALL_MODULES, all_fields

        sectors = {s.id for m in ALL_MODULES if hasattr(m, "register_sectors") for s in m.register_sectors()}
        return all_fields(), sectors


def _pairs():
    out = []
    for csv_path in sorted(DATASETS.rglob("*.csv")):
        meta = csv_path.with_suffix(".meta.json")
        if meta.exists():
            out.append((csv_path, meta))
    return out


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_pilot_and_example_are_present():
    names = {p.name for p, _ in _pairs()}
    assert {"phung-xa.csv", "example-small.csv"} <= names


@pytest.mark.parametrize(("csv_path", "meta_path"), _pairs(), ids=lambda p: p.name)
def test_every_value_has_provenance(csv_path, meta_path):
    assert check_dataset_provenance(csv_path, meta_path) == []


@pytest.mark.parametrize(("csv_path", "meta_path"), _pairs(), ids=lambda p: p.name)
def test_metadata_validates(csv_path, meta_path):
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    errors = list(validator("dataset-metadata").iter_errors(meta))
    assert not errors, [e.message for e in errors]
    with csv_path.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert set(meta["columns"]) <= set(header)
    ids = {s["id"] for s in meta["dataset"].get("sources", [])}
    for col in meta["columns"].values():
        src = col.get("source")
        if src and src.split(" (")[0] not in ids and not src.startswith("http"):
            pytest.fail(f"column source {src!r} is not a dataset.sources id")


def _village_pairs():
    """Village datasets only (a header with village_id); mapping tables are skipped."""
    return [(c, m) for c, m in _pairs() if "village_id" in _rows(c)[0]]


@pytest.mark.parametrize(("csv_path", "meta_path"), _village_pairs(), ids=lambda p: p.name)
def test_columns_are_identity_or_registered_fields(csv_path, meta_path):
    fields, sectors = _fields_and_sectors()
    rows = _rows(csv_path)
    header = list(rows[0])
    assert header[:2] == ["village_id", "name"]
    for col in header:
        assert col in IDENTITY or col in fields, f"{csv_path.name}: unknown column {col}"
    for row in rows:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", row["village_id"])
        for key, value in row.items():
            assert unicodedata.normalize("NFC", value) == value, (key, value)
        for sector in filter(None, row["sectors"].split(";")):
            assert sector in sectors
        for col, value in row.items():
            if col in IDENTITY or value == "":
                continue
            f = fields[col]
            if f.type in ("number", "integer"):
                x = float(value)
                assert f.minimum <= x <= f.maximum, (col, value)
                if f.type == "integer":
                    assert x == int(x), (col, value)
            elif f.type == "category":
                assert value in f.categories, (col, value)
            elif f.type == "boolean":
                assert value in ("0", "1"), (col, value)
            if f.not_greater_than and row.get(f.not_greater_than):
                assert float(value) <= float(row[f.not_greater_than]), col


def test_phung_xa_shape():
    rows = _rows(PX_CSV)
    meta = json.loads(PX_META.read_text(encoding="utf-8"))
    assert meta["dataset"]["id"] == "phung-xa" and meta["dataset"]["kind"] == "real-shaped"
    assert sorted(int(r["year"]) for r in rows) == [2021, 2025]
    for r in rows:
        assert r["village_id"] == "phung-xa-my-duc" and r["name"] == "Làng dệt Phùng Xá"
        assert r["province"] == "Hà Nội" and r["former_district"] == "Mỹ Đức"
        assert r["sectors"] == "weaving;sericulture"
    # the 2025 row names the commune after the 01/07/2025 merger (xã Hồng Sơn [S], issue 16 L3)
    assert "Hồng Sơn" in meta["columns"]["commune"]["note"]
    # the published facts keep their sources
    by_year = {int(r["year"]): r for r in rows}
    assert by_year[2021]["households_craft"] == "1500" and by_year[2021]["households_total"] == "1900"
    assert by_year[2025]["ocop_products_count"] == "34"
    # measurements with no source are estimates
    for col in ("noise_day_dba", "effluent_cod_mg_l", "weaving_weaver_laeq_8h_dba"):
        assert meta["columns"][col]["quality"] == "estimated"


def test_example_is_illustrative():
    meta = json.loads((DATASETS / "examples" / "example-small.meta.json").read_text(encoding="utf-8"))
    assert meta["dataset"]["kind"] == "illustrative" and "example" in meta["dataset"]["id"]
    assert len(_rows(DATASETS / "examples" / "example-small.csv")) == 3


def test_provenance_check_reports_unsourced_values(tmp_path):
    (tmp_path / "d.csv").write_text("village_id,year,noise_day_dba\nv,2025,70\nw,2025,\n", encoding="utf-8")
    (tmp_path / "d.meta.json").write_text(
        json.dumps(
            {
                "dataset": {},
                "columns": {
                    "village_id": {"source": "x"},
                    "year": {"source": "x"},
                    "noise_day_dba": {"note": "no source"},
                },
            }
        ),
        encoding="utf-8",
    )
    problems = check_dataset_provenance(tmp_path / "d.csv", tmp_path / "d.meta.json")
    assert len(problems) == 1 and "noise_day_dba" in problems[0]
    # a per-value override fixes it
    (tmp_path / "d.meta.json").write_text(
        json.dumps(
            {
                "dataset": {},
                "columns": {
                    "village_id": {"source": "x"},
                    "year": {"source": "x"},
                    "noise_day_dba": {"note": "no source"},
                },
                "values": [
                    {"village_id": "v", "year": 2025, "column": "noise_day_dba", "quality": "estimated"}
                ],
            }
        ),
        encoding="utf-8",
    )
    assert check_dataset_provenance(tmp_path / "d.csv", tmp_path / "d.meta.json") == []
