"""Shared helpers (not fixtures) for the first-party plugin tests: plugin modules, default framework."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import villagescore_economy
import villagescore_environment
import villagescore_governance
import villagescore_society
import villagescore_weaving
import yaml

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_PATH = ROOT / "plugins" / "villagescore_vn_ttcn" / "vn-ttcn-sustainable.yaml"
REGULATIONS_PATH = FRAMEWORK_PATH.with_name("regulations.yaml")
PILLAR_MODULES = {
    "environment": villagescore_environment,
    "economy": villagescore_economy,
    "society": villagescore_society,
    "governance": villagescore_governance,
}
ALL_MODULES = [*PILLAR_MODULES.values(), villagescore_weaving]


def all_fields() -> dict:
    return {f.id: f for m in ALL_MODULES for f in m.register_fields()}


def all_indicators() -> dict:
    return {i.id: i for m in ALL_MODULES for i in m.register_indicators()}


def load_framework_doc() -> dict:
    return yaml.safe_load(FRAMEWORK_PATH.read_text(encoding="utf-8"))


def framework_entries(doc: dict) -> dict:
    """Indicator id -> its framework entry."""
    return {i["id"]: i for p in doc["pillars"] for c in p["criteria"] for i in c["indicators"]}


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


def threshold_limit(threshold: dict) -> dict:
    """The limit a threshold cites (``{regulation, limit}``), from the regulations catalogue.

    Returned as the limit's mapping plus the ``regulation`` id, so tests read ``value`` or
    ``values`` (by category), ``confidence`` and ``note`` the way the framework used to write them.
    For a threshold with ``versions`` (applied by date), the latest version's limit.
    """
    if "versions" in threshold:
        threshold = threshold["versions"][-1]
    regulations = yaml.safe_load(REGULATIONS_PATH.read_text(encoding="utf-8"))["regulations"]
    (reg,) = [r for r in regulations if r["id"] == threshold["regulation"]]
    (limit,) = [lim for lim in reg.get("limits", []) if lim["id"] == threshold["limit"]]
    return {"regulation": reg["id"], **limit}
