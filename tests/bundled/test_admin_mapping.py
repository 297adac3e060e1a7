"""The 63 → 34 province mapping (Resolution 202/2025/QH15)."""

import csv
import json
from pathlib import Path

import jsonschema

from villagescore.synthetic import PROVINCES_2025

ROOT = Path(__file__).resolve().parents[2]
ADMIN = ROOT / "datasets" / "admin"
UNCHANGED = [
    "Cao Bằng",
    "Điện Biên",
    "Hà Tĩnh",
    "Lai Châu",
    "Lạng Sơn",
    "Nghệ An",
    "Quảng Ninh",
    "Thanh Hóa",
    "Sơn La",
    "Hà Nội",
    "Huế",
]
EXAMPLES = {
    "Hà Giang": "Tuyên Quang",
    "Tuyên Quang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Lào Cai": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Thái Nguyên": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Phú Thọ": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Bắc Ninh": "Bắc Ninh",
    "Hưng Yên": "Hưng Yên",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hải Phòng": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Ninh Bình": "Ninh Bình",
    "Nam Định": "Ninh Bình",
}


def _rows(name):
    with (ADMIN / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_63_former_and_34_current():
    rows = _rows("provinces-2025.csv")
    assert len(rows) == 63
    assert len({r["former_province"] for r in rows}) == 63
    assert len({r["province"] for r in rows}) == 34
    # issue 16 (L11): every row is at least secondary since the 34 formerly unverified ones were checked against
    # the complete merger lists (Vietnam News Service, Resolution 60-NQ/TW)
    assert {r["confidence"] for r in rows} == {"secondary"}
    assert all(r["source"].startswith("Resolution 202/2025/QH15") for r in rows)


def test_unchanged_units_map_to_themselves():
    mapping = {r["former_province"]: r["province"] for r in _rows("provinces-2025.csv")}
    for name in UNCHANGED:
        assert mapping[name] == name
        assert sum(1 for v in mapping.values() if v == name) == 1


def test_domain_examples_hold_and_are_marked_secondary():
    rows = {r["former_province"]: r for r in _rows("provinces-2025.csv")}
    for former, current in EXAMPLES.items():
        assert rows[former]["province"] == current
        assert rows[former]["confidence"] == "secondary"
    others = set(rows) - set(EXAMPLES) - set(UNCHANGED)
    assert len(others) == 34
    assert all(rows[f]["confidence"] == "secondary" and "vietnamnews-1720781" in rows[f]["note"] for f in others)


def test_units_list_and_generator_table_agree():
    units = _rows("provinces-2025-units.csv")
    assert len(units) == 34
    assert sum(u["province_type"] == "city" for u in units) == 6
    mapping = {}
    for r in _rows("provinces-2025.csv"):
        mapping.setdefault(r["province"], set()).add(r["former_province"])
    assert {k: set(v) for k, v in PROVINCES_2025.items()} == mapping
    for u in units:
        assert set(u["merged_from"].split(";")) == mapping[u["province"]]


def test_metadata_validates():
    meta = json.loads((ADMIN / "provinces-2025.meta.json").read_text(encoding="utf-8"))
    jsonschema.validate(meta, json.loads((ROOT / "schemas" / "dataset-metadata.schema.json").read_text()))


def test_a_unit_is_as_sure_as_the_rows_it_merges():
    """Domain audit D16: the units list says no more and no less than the mapping rows it summarises."""
    order = ["unverified", "estimate", "secondary", "verified"]
    mapping = {r["former_province"]: r["confidence"] for r in _rows("provinces-2025.csv")}
    for u in _rows("provinces-2025-units.csv"):
        assert u["confidence"] == min((mapping[f] for f in u["merged_from"].split(";")), key=order.index), u["province"]
