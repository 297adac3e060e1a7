"""The bundled datasets' corrections of the expert review (issue 16; domain-review-2026-12.md §5), one test each.

Each test names the finding it holds and the source the corrected value rests on; the source ids are
entries of the dataset's ``.meta.json``, so a value cannot lose its citation silently.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VILLAGES = ROOT / "datasets" / "villages" / "villages.csv"
PILOT = ROOT / "datasets" / "phung-xa" / "phung-xa.csv"


def _rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["village_id"], r["year"]): r for r in csv.DictReader(fh)}


def _meta(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))


def _value_meta(path: Path, village: str, column: str) -> dict:
    (entry,) = [v for v in _meta(path).get("values", []) if v["village_id"] == village and v["column"] == column]
    return entry


@pytest.fixture(scope="module")
def villages():
    return {vid: r for (vid, _), r in _rows(VILLAGES).items()}


def test_m6_m7_urban_wards(villages):
    """Vạn Phúc, Đồng Kỵ and Phong Khê (Dương Ổ) are urban wards: no new-rural status, the urban poverty line."""
    wards = {vid for vid, r in villages.items() if r["locality_type"] == "ward"}
    assert wards == {"van-phuc-ha-dong", "dong-ky-tu-son", "duong-o-phong-khe"}
    for vid in wards:
        assert villages[vid]["ntm_status"] == "", vid
        meta = _value_meta(VILLAGES, vid, "locality_type")
        assert meta["quality"] == "reported" and meta["source"], vid
    assert {r["locality_type"] for vid, r in villages.items() if vid not in wards} == {"commune"}
    sources = {s["id"]: s for s in _meta(VILLAGES)["dataset"]["sources"]}
    assert "bacninh.gov.vn" in sources["bacninh-dong-ky-ward"]["url"]  # a ward since 24/9/2008


def test_m6_bat_trang_advanced_since_2020(villages):
    assert villages["bat-trang-gia-lam"]["ntm_status"] == "advanced"
    meta = _value_meta(VILLAGES, "bat-trang-gia-lam", "ntm_status")
    assert meta["source"] == "baovemoitruong-bat-trang-ntm" and "1721" in meta["note"]


def test_m6_duong_lieu_ntm_since_2016(villages):
    assert villages["duong-lieu-hoai-duc"]["ntm_status"] == "ntm"
    assert _value_meta(VILLAGES, "duong-lieu-hoai-duc", "ntm_status")["source"] == "phano-hoai-duc-ntm"


def test_pilot_is_a_rural_commune():
    assert {r["locality_type"] for r in _rows(PILOT).values()} == {"commune"}


BUNDLED = sorted(p for p in (ROOT / "datasets").glob("*/*.csv") if "village_id" in p.read_text(encoding="utf-8")[:200])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_m3_ntm_grades_exist_under_the_criteria_in_force(path):
    """Advanced and model grades belong to the criteria up to 14/02/2026; the pilot 'modern' grade to
    Decision 51/2025/QĐ-TTg from 15/02/2026. A bundled row never records a grade its date does not have."""
    for (vid, year), r in _rows(path).items():
        day = r.get("survey_date") or f"{year}-12-31"
        status = r.get("ntm_status", "")
        if day >= "2026-02-15":
            assert status not in ("advanced", "model"), (path.name, vid, year, status)
        else:
            assert status != "modern", (path.name, vid, year, status)
