"""The registry the first-party plugins give equals the snapshot taken before they became catalogues.

``registry-snapshot.json`` was written by ``python -m tests.plugins.registry_dump`` from the
Python declarations, before any of them moved to a catalogue file. Every field, indicator,
sector and measure must still be there, field for field. The only differences allowed are
listed below, each with its reason: :func:`_documented` applies them to the snapshot, and what
it gives must equal today's registry exactly; anything else fails with the path of the difference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.registry_dump import dump_registry, first_party_registry

SNAPSHOT = Path(__file__).with_name("registry-snapshot.json")

#: Legal documents that references named in a string and now cite by the id of the regulation
#: version, declared once in plugins/villagescore_vn_ttcn/regulations.yaml (issue 14: every
#: regulation is declared once and cited by id). The reference's own provision, column,
#: parameter, value, unit, confidence and note are kept; its validity and url may be left to the
#: declaration (compared below through the declaration).
CITED_BY_ID = {
    "Circular 09/2020/TT-BLĐTBXH": "circular-09-2020-bldtbxh",
    "Circular 31/2016/TT-BTNMT": "circular-31-2016-btnmt",
    "Decision 1058/QĐ-TTg (14/09/2023)": "decision-1058-2023",
    "Decision 148/QĐ-TTg (24/02/2023)": "decision-148-2023",
    "Decision 318/QĐ-TTg (08/03/2022)": "decision-318-2022",
    "Decision 59/2015/QĐ-TTg": "decision-59-2015",
    "Decision 801/QĐ-TTg (07/07/2022)": "decision-801-2022",
    "Decision 889/QĐ-TTg (24/06/2020)": "decision-889-2020",
    "Decree 07/2021/NĐ-CP (amended by Decree 30/2025/NĐ-CP)": "decree-07-2021",
    "Decree 08/2022/NĐ-CP (amended by Decree 05/2025/NĐ-CP)": "decree-08-2022",
    "Decree 08/2022/NĐ-CP, Annex II item 3": "decree-08-2022",
    "Decree 293/2025/NĐ-CP": "decree-293-2025",
    "Decree 293/2025/NĐ-CP (regional minimum wage from 01/01/2026)": "decree-293-2025",
    "Decree 351/2025/NĐ-CP": "decree-351-2025",
    "Decree 38/2022/NĐ-CP": "decree-38-2022",
    "Decree 52/2018/NĐ-CP": "decree-52-2018",
    "Decree 74/2024/NĐ-CP": "decree-74-2024",
    "Decree 90/2019/NĐ-CP": "decree-90-2019",
    "Law on Environmental Protection 2020": "lep-2020",
    "Law on Environmental Protection 2020 (Law 72/2020/QH14)": "lep-2020",
    "Law on Social Insurance": "law-social-insurance",
    "QCVN 02:2019/BYT (workplace dust)": "qcvn-02-2019-byt",
    "QCVN 03:2019/BYT (workplace exposure limits for 50 chemicals)": "qcvn-03-2019-byt",
    "QCVN 05:2023/BTNMT": "qcvn-05-2023",
    "QCVN 12-MT:2015/BTNMT (pulp and paper effluent)": "qcvn-12-mt-2015",
    "QCVN 13-MT:2015/BTNMT (Circular 13/2015/TT-BTNMT)": "qcvn-13-mt-2015",
    "QCVN 19:2009/BTNMT (industrial emissions: dust and inorganics)": "qcvn-19-2009",
    "QCVN 24:2016/BYT": "qcvn-24-2016-byt",
    "QCVN 24:2016/BYT (Circular 24/2016/TT-BYT)": "qcvn-24-2016-byt",
    "QCVN 26:2010/BTNMT": "qcvn-26-2010",
    "QCVN 40:2011/BTNMT": "qcvn-40-2011",
    "QCVN 40:2011/BTNMT (industrial wastewater)": "qcvn-40-2011",
    "QCVN 40:2025/BTNMT (Circular 06/2025/TT-BTNMT)": "qcvn-40-2025",
    "Vietnam Timber Legality Assurance System (VNTLAS) / VPA-FLEGT": "vntlas",
}
#: Fifteenth walk: the project's own words, said in Vietnamese by a table of the core, are given by the
#: catalogues in both languages (``{vi, en}``: no built-in text in the core); the English is the old string.
PROJECT_WORDS_VI = {
    "villagescore project estimate": "ước tính của dự án villagescore",
    "villagescore project scoring levels": "mức chấm điểm của dự án villagescore",
    "project scoring levels": "mức chấm điểm của dự án",
    "project benchmark": "mốc so sánh của dự án",
}
#: A provision that was part of the document's name is now the reference's provision.
PROVISION_FROM_DOCUMENT = {"Decree 08/2022/NĐ-CP, Annex II item 3": "Annex II item 3"}
#: Facts on which a reference disagreed with the framework's declaration of the same regulation;
#: the one declaration now holds, chosen from limits-verified.md. QCVN 40:2011 is replaced by
#: QCVN 40:2025 from 01/09/2025 ([V] replacement, date [S] x3): 31/12/2031 is the transitional
#: end for existing facilities ([S], code repositories only), kept in the regulation's note.
CORRECTED = {("qcvn-40-2011", "valid_to", "2031-12-31"): "2025-08-31"}
#: After the migration: a reference that restated a limit's value now cites the limit by id
#: (``{regulation, limit}``); the value, unit and column are declared once, in the regulation's
#: ``limits`` (issue 14: no regulation stated in two places). :func:`_limit_facts` checks that
#: the cited limit holds every value the old reference stated.
CITES_LIMIT = "value restated → limit cited"
#: After the migration: two ratios computed in Python against tables of legal values (regional
#: minimum wage by decree, rural poverty line by year) became single-field indicators scored
#: ``ratio_to_limit`` against threshold versions of those limits, applied by date: the value is
#: now the wage (income), the decree or standard in force on the reference date gives the
#: denominator, and the tables left the plugin code. Same scores (the golden files hold them).
#: Added after the migration, each with its issue: the flag that drives the transitional rules of the effluent
#: and emission QCVNs (issue 16: thresholds in time).
ADDED_AFTER = {"fields": {"facilities_existing_before_new_qcvn"}}
#: Issue 16, items 3 and 4 (domain corrections and the missing topics of domain-review-2026-12.md §3.2): new
#: fields and indicators, each documented in its catalogue with its citation.
ADDED_16 = {
    "fields": {
        "locality_type",  # M7: a ward takes the urban poverty line (and is not graded on the new-rural criteria)
        # §3.2, the missing topics: environment
        "receiving_water_bod5_mg_l", "households_waste_separating_pct", "energy_saving_pct",
        "pollution_classification",
        # economy
        "ocop_top_star", "tourism_link",
        # society
        "workers_women", "workers_written_contract", "workers_non_local_contract", "households_ethnic_minority",
        "households_ethnic_minority_craft", "workers_health_checked_pct", "facilities_fire_safe_pct",
    },
    "indicators": {
        "environment.pollution_class",  # Circular 31/2016 art. 13 classification (ENV-15)
        "environment.waste_separation",  # LEP 2020 art. 75 [M], Decree 08/2022 art. 34
        "environment.receiving_water_bod5",  # QCVN 08:2023 (08-MT:2015 before 12/09/2023)
        "environment.energy_saving",  # Decision 280/2019
        "economy.ocop_top_star",  # Decision 148/2023 star bands
        "economy.tourism_link",  # Decision 801 (~301 tourism-linked villages by 2030), Law on Tourism art. 23
        "society.health_checks",  # Law 84/2015 art. 21 [M]
        "society.fire_safety",  # Law on Fire Prevention [M]
        "society.labour_contracts",  # Labour Code 2019 art. 14 [M]
        "society.migrant_contracts",  # uses the collected workers_non_local (SOC-09)
        "society.women_workforce",  # MDG-F ~70 % women [V], Đồng Kỵ 49 % [S]
        "society.ethnic_minority_participation",  # MDG-F ~30 % ethnic-minority households [V]
    },
}
#: Issue 19 (a field-ready survey): every field gained ``guidance`` (how to collect it, with its
#: source or [E]) and the category fields ``category_labels`` (the words the survey's dropdowns show);
#: the noise-area label names its categories in the order of the codes (common / special). The
#: Vietnamese noise labels write their hours in words (``21 giờ – 6 giờ``, a Vietnamese-mode audit).
SURVEY_TEXT = ("guidance", "category_labels")
#: Sixteenth walk (audit G): a field's row rules, ``category_dates`` (the days a category exists) and
#: ``not_applicable_when`` (where the field does not apply); set on ``ntm_status`` only, None elsewhere.
ROW_RULES = ("category_dates", "not_applicable_when")
RELABELLED = {"noise_area_type", "noise_day_dba", "noise_night_dba"}
#: Issue 16 (thresholds in time; the right standard per sector): these indicators cite their sector's
#: standard (QCVN 13-MT:2015 for silk degumming, QCVN 63:2017 for cassava starch, QCVN 12-MT:2015 for
#: paper pulping; QCVN 19:2009 and QCVN 40:2011 with their transitional rules) as threshold versions,
#: and the prose references that restated "Column B: COD 150 …" went: the threshold cites the limit.
SECTOR_STANDARDS = {"ceramics.stack_dust", "ceramics.stack_so2", "food_processing.effluent_bod5",
                    "food_processing.effluent_cod", "food_processing.effluent_tss", "handmade_paper.pulping_cod",
                    "handmade_paper.pulping_tss", "lacquer.sanding_water_bod5", "lacquer.sanding_water_cod",
                    "lacquer.sanding_water_tss", "sericulture.degumming_bod5", "sericulture.degumming_cod"}
#: Issue 16, items 3 and 4 (domain corrections of the expert review, domain-review-2026-12.md): entries whose
#: listed keys changed, each with its reason. The test takes those keys from today's registry; every other
#: key must still equal the snapshot.
CORRECTIONS_16: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("fields", "ntm_status"): (
        ("label", "categories", "description"),
        "M3/M6: Decision 51/2025/QĐ-TTg (in force 15/02/2026) replaced Decision 318/2022's grades: the status is "
        "recorded under the criteria in force, with the new pilot grade 'modern'; empty for urban wards."),
    # L6: the measures' references said "Column B: COD 150 …" and cited QCVN 40:2011, while the indicators they
    # improve cite the sector standard with column A or B by discharge_column (M1); they now cite that standard.
    ("measures", "food_processing.anaerobic_treatment_biogas"): (
        ("references",), "L6: cites QCVN 63:2017 with column A or B by discharge_column, restating no value"),
    ("measures", "sericulture.centralised_degumming_treatment"): (
        ("references",), "L6: cites QCVN 13-MT:2015 with column A or B by discharge_column, restating no value"),
    ("measures", "handmade_paper.pulping_wastewater_treatment"): (
        ("references",), "L6: cites QCVN 12-MT:2015 with column A or B by discharge_column, restating no value"),
    # L9: the dust fields were labelled µg/m³ while the QCVN 05:2023 limits said µg/Nm³. L9 made everything
    # µg/Nm³; the thirteenth walk made it µg/m³ again (QCVN 05:2013's unit, and the one limits-verified.md, which
    # wins over domain.md, gives for 05:2023): a 2021 value judged under 05:2013 was shown in µg/Nm³. The
    # 05:2023 declaration's note names domain.md's µg/Nm³.
    ("fields", "tsp_24h_ug_m3"): (("unit", "description"), "L9, 13th walk: unit µg/m³, basis described"),
    ("fields", "pm10_24h_ug_m3"): (("unit", "description"), "L9, 13th walk: unit µg/m³, basis described"),
    ("indicators", "environment.dust_tsp"): (
        ("unit", "label"), "L9: unit as its field; the label names the standard in force (QCVN 05), not "
        "QCVN 05:2023, which a row before 12/09/2023 is not judged under (audit of 2026-12-06)"),
    ("indicators", "environment.dust_pm10"): (
        ("unit", "label"), "L9: unit as its field; the label names the standard in force (QCVN 05), not "
        "QCVN 05:2023, which a row before 12/09/2023 is not judged under (audit of 2026-12-06)"),
    ("indicators", "rattan_bamboo.weaver_pay"): (
        ("label", "description", "unit", "compute", "rationale", "scorer", "threshold", "references"),
        "L7: the goalpost was a fixed 180,000 VND/day (Region II) though Phú Vinh is in Region I; the daily pay "
        "(× 26 days, compute weaver_pay_month) is now scored against the regional minimum wage of the village's "
        "wage region and of the decree in force (threshold versions, as economy.wage_to_minimum)."),
    ("indicators", "society.women_in_leadership"): (
        ("criterion",), "§3.2 item 8: joins the new inclusion criterion with the women's share of the workforce"),
    ("indicators", "society.income_to_poverty_line"): (
        ("label", "description", "threshold"),
        "M7: the poverty line depends on the village's unit (limit poverty_line by locality_type: rural line for a "
        "commune, urban line for a ward) instead of always the rural line."),
    ("indicators", "governance.rural_development"): (
        ("description", "scorer", "references"),
        "M3: cites the three national criteria sets with their dates (Decisions 1980/2016, 318/2022, 51/2025) and "
        "scores the new grade 'modern' (Decision 51/2025 Annex II) like the top grade; the levels are cited as [E]."),
    # fix-reportsx: two yes/no indicators had unit "" and printed as 0/1 in reports
    ("indicators", "lacquer.improved_refining"): (("unit",), "unit bool, as every yes/no indicator: có/không"),
    ("indicators", "lacquer.full_process"): (("unit",), "unit bool, as every yes/no indicator: có/không"),
    # domain audit D18: Decision 148/2023's 100 points are [V] in domain.md but [S] in published-criteria.md
    ("indicators", "economy.ocop_products"): (
        ("references",), "D18: the OCOP-criteria reference is secondary, as decision-148-2023 and the OCOP example"),
}
THRESHOLD_RATIOS = {"economy.wage_to_minimum": ("compute", "requires", "unit", "scorer", "threshold", "description"),
                    "society.income_to_poverty_line": ("compute", "unit", "scorer", "threshold", "description")}


def _effective(ref: dict[str, Any], regulations: dict[str, Any]) -> dict[str, Any]:
    """A reference as a report shows it: a cited regulation gives validity and url when the reference has none."""
    out = dict(ref)
    out.setdefault("limit", "")  # Reference.limit came after the snapshot: empty for a reference citing no limit
    reg = regulations.get(ref["regulation"]) if ref["regulation"] else None
    if reg is not None:
        for key in ("valid_from", "valid_to"):
            if out[key] is None:
                out[key] = getattr(reg, key)
        if not out["url"] and reg.sources:
            out["url"] = reg.sources[0]
    return out


def _expected_reference(old: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's reference with the documented changes: cited by id, provision out of the name, corrections."""
    if old["document"] in PROJECT_WORDS_VI:
        return dict(old, document={"vi": PROJECT_WORDS_VI[old["document"]], "en": old["document"]})
    rid = CITED_BY_ID.get(old["document"])
    if rid is None:
        return old
    new = dict(old, document="", regulation=rid)
    if not old["provision"] and old["document"] in PROVISION_FROM_DOCUMENT:
        new["provision"] = PROVISION_FROM_DOCUMENT[old["document"]]
    for key in ("valid_from", "valid_to"):
        new[key] = CORRECTED.get((rid, key, old[key]), old[key])
    return new


def _documented(kind: str, ident: str, old: dict[str, Any], snapshot: dict[str, Any], registry: Any,
                now: dict[str, Any]) -> dict[str, Any]:
    """The snapshot entry with every documented change applied.

    A reference that now cites a regulation shows the declaration's validity and url where it
    gave none (both sides are compared as a report shows them, see :func:`_effective`).
    """
    new = dict(old)
    if "references" in old:
        citing = [r for r in now.get("references", ()) if r.get("limit")]
        new["references"] = []
        for ref in map(_expected_reference, old["references"]):
            if not _restates_limit(ref, registry):
                new["references"].append(_effective(ref, registry.regulations))
                continue
            # the references restating one regulation's values became one citation of its limit, in place
            match = next((c for c in citing if c["regulation"] == ref["regulation"]), None)
            if match is not None and match not in new["references"]:
                new["references"].append(match)
    if kind == "indicators" and ident in SECTOR_STANDARDS:
        kept = [r for r in new["references"] if "Column B" not in (r.get("note") or "")]
        assert len(kept) == len(now.get("references", ())), ident  # only the restating references went
        new["references"] = kept
    if (kind, ident) in CORRECTIONS_16:
        for key in CORRECTIONS_16[(kind, ident)][0]:
            new[key] = _now(kind, now, registry)[key] if key == "references" else now[key]
    if kind == "indicators" and ident in THRESHOLD_RATIOS:
        for key in THRESHOLD_RATIOS[ident]:
            new[key] = now[key]
    if kind == "indicators" and old["sectors"]:
        # sector criteria join the default framework from the catalogues (framework 1.1.0): each sector
        # indicator carries its placement, moved in from the framework file: the criterion id the
        # framework used (``<sector>_<pillar>``; weaving's already were), the weight and rationale
        # inside it and the threshold it cites. The golden files check the weights give the same
        # criterion scores; here the placement must be complete.
        (sector,) = old["sectors"]
        if old["criterion"] == sector:
            new["criterion"] = f"{sector}_{old['pillar']}"
        for key in ("weight", "rationale", "threshold"):
            new[key] = now[key]
    if kind == "fields":
        for key in SURVEY_TEXT + ROW_RULES:
            new[key] = now[key]
        if ident in RELABELLED:
            new["label"] = now["label"]
    if kind == "sectors":
        # a sector declares the criteria its indicators name (label, rationale), moved in from the framework
        new["criteria"] = now["criteria"]
    if kind == "measures" and not old["sectors"]:
        # measures declare the sectors they apply to (catalogue schema): the sector that carried them
        new["sectors"] = [s for s, data in snapshot["sectors"].items() if ident in data["measures"]]
    return new


def _restates_limit(ref: dict[str, Any], registry: Any) -> bool:
    """An old reference that stated a value of a regulation that now declares limits (cited instead)."""
    reg = registry.regulations.get(ref.get("regulation") or "")
    return reg is not None and ref.get("value") not in (None, "") and bool(reg.limits)


def _numbers(value: Any) -> set[float]:
    """The numbers a reference stated: ``75``, ``"50 / 150"``, ``"4,420,000 / 3,920,000"``."""
    import re

    return {float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", str(value))}


def _limit_values(limit: Any) -> set[float]:
    if limit.by_field is None:
        return {float(limit.value)}
    return {float(v["value"]) for v in limit.values.values()}


def _limit_facts(old: dict[str, Any], registry: Any) -> list[str]:
    """Every value an old reference stated is a value of a limit the entry now cites (or of its threshold)."""
    problems = []
    for ref in old.get("references", ()):
        ref = _expected_reference(ref)
        if not _restates_limit(ref, registry):
            continue
        reg = registry.regulations[ref["regulation"]]
        stated = _numbers(ref["value"])
        if not any(stated <= _limit_values(limit) for limit in reg.limits):
            problems.append(f"{ref['regulation']}: no declared limit holds {sorted(stated)}")
    return problems


def _now(kind: str, data: dict[str, Any], registry: Any) -> dict[str, Any]:
    if "references" not in data:
        return data
    return dict(data, references=[_effective(r, registry.regulations) if not r.get("limit") else r
                                  for r in data["references"]])


@pytest.fixture(scope="module")
def registry():
    return first_party_registry()


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


#: Keys of a reference whose text the fifteenth walk gave in both languages (``{vi, en}``), the English as it was;
#: the sixteenth gave a reference's column and parameter so ("by area type and period", "NH4+ (as N)").
CITED_TEXTS = (".note", ".provision", ".document", ".column", ".parameter")


def _differences(old: Any, new: Any, path: str = "$") -> list[str]:
    if (path.endswith(CITED_TEXTS) and isinstance(old, str) and isinstance(new, dict) and set(new) == {"vi", "en"}
            and new["en"] == old and new["vi"]):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            if key not in new:
                out.append(f"{path}.{key}: missing now")
            elif key not in old:
                out.append(f"{path}.{key}: new")
            else:
                out += _differences(old[key], new[key], f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"]


@pytest.mark.parametrize("kind", ["fields", "indicators", "sectors", "measures"])
def test_same_ids(registry, snapshot, kind):
    now = dump_registry(registry)[kind]
    assert sorted(set(now) - ADDED_AFTER.get(kind, set()) - ADDED_16.get(kind, set())) == sorted(snapshot[kind])


@pytest.mark.parametrize("kind", ["fields", "indicators", "sectors", "measures"])
def test_registry_equals_snapshot_field_for_field(registry, snapshot, kind):
    now = dump_registry(registry)[kind]
    problems = [d for ident in sorted(snapshot[kind]) if ident in now
                for d in _differences(_documented(kind, ident, snapshot[kind][ident], snapshot, registry, now[ident]),
                                      _now(kind, now[ident], registry), f"{kind}[{ident!r}]")]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("kind", ["indicators", "measures"])
def test_restated_values_are_declared_limits(registry, snapshot, kind):
    """Where a reference used to state a legal value, that value is now a limit of the regulation it cites."""
    problems = [f"{kind}[{ident!r}]: {p}" for ident, old in sorted(snapshot[kind].items())
                for p in _limit_facts(old, registry)]
    assert not problems, "\n".join(problems)


def test_every_cited_regulation_is_declared(registry):
    cited = {r.regulation for ind in registry.indicators.values() for r in ind.references if r.regulation}
    cited |= {r.regulation for m in registry.measures().values() for r in m.references if r.regulation}
    for ind in registry.indicators.values():  # thresholds cite regulations too (one limit, or versions)
        th = ind.threshold or {}
        cited |= {v["regulation"] for v in th.get("versions", [th] if "regulation" in th else [])}
    assert cited <= set(registry.regulations)
    assert set(CITED_BY_ID.values()) <= cited


def test_no_reference_names_a_declared_regulation_as_a_document(registry):
    """A legal document declared in the regulations catalogue is cited by id, never restated by name."""
    def english(document: Any) -> str:
        return document if isinstance(document, str) else document["en"]

    named = {english(r.document) for ind in registry.indicators.values() for r in ind.references}
    named |= {english(r.document) for m in registry.measures().values() for r in m.references}
    assert not named & set(CITED_BY_ID)
    assert not named & {reg.document for reg in registry.regulations.values()}


def test_compute_functions_kept(registry, snapshot):
    """The indicators that had a compute function still have one, of the same name; the others still have none."""
    had = {k: (None if k in THRESHOLD_RATIOS else v["compute"]) for k, v in snapshot["indicators"].items()}
    # issue 16: corrections that gave an indicator a compute function (weaver pay as a month's pay), and the
    # new indicators computed from counts (ADDED_16)
    had |= {ident: registry.indicators[ident].compute.__name__ for (kind, ident), (keys, _) in CORRECTIONS_16.items()
            if kind == "indicators" and "compute" in keys}
    had |= {ident: (None if registry.indicators[ident].compute is None else registry.indicators[ident].compute.__name__)
            for ident in ADDED_16.get("indicators", ())}
    now = {k: (None if ind.compute is None else ind.compute.__name__) for k, ind in registry.indicators.items()}
    assert now == had
    assert sum(v is not None for k, v in had.items() if k in snapshot["indicators"]) == 6  # 5, and the weaver pay


def test_sector_placement_is_complete(registry):
    """Every sector indicator names a criterion its sector declares in its pillar, with a weight and a rationale."""
    for ind in registry.indicators.values():
        if not ind.sectors:
            continue
        (sector,) = ind.sectors
        declared = {(c.id, c.pillar) for c in registry.sectors[sector].criteria}
        assert (ind.criterion, ind.pillar) in declared, ind.id
        assert ind.weight > 0 and ind.rationale, ind.id
    for sector in registry.sectors.values():
        used = {(i.criterion, i.pillar) for i in registry.indicators.values() if sector.id in i.sectors}
        assert {(c.id, c.pillar) for c in sector.criteria} == used, sector.id
