"""The Phùng Xá pilot on the default framework: the main job of villagescore (issue 4 acceptance).

One village-year's overall score is recomputed here without the engine: the framework file is read
with PyYAML, the data with the csv module, every scorer and the aggregation are written out below in
plain Python, and the result must match the engine. One criterion's arithmetic is also written out in
full with the numbers of the bundled data.
"""

import csv
import json
import math

import pytest
import yaml
from click.testing import CliRunner

from villagescore import bundled, schemas
from villagescore.cli import cli
from villagescore.datasets import read_dataset
from villagescore.engine import Engine
from villagescore.framework import load_framework
from villagescore.i18n.legal import text_in
from villagescore.registry import Registry
from villagescore.resultdoc import expand

PILOT = bundled.path(bundled.PILOT)


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.fixture(scope="module")
def framework(registry):
    return load_framework(None, registry)


@pytest.fixture(scope="module")
def result(registry, framework):
    return Engine(registry).evaluate(framework, read_dataset(PILOT, registry))


@pytest.fixture(scope="module")
def pilot_json():
    res = CliRunner().invoke(cli, ["pilot", "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_pilot_json_follows_the_pinned_shape(pilot_json):
    data = json.loads(pilot_json)
    schemas.validator("result").validate(data)
    assert data["provenance"]["framework"]["id"] == "vn-ttcn-sustainable"
    assert len(data["provenance"]["dataset"]["sha256"]) == 64
    assert {p["name"] for p in data["provenance"]["plugins"]} >= {"environment", "economy", "society", "governance",
                                                                   "weaving"}
    years = [v["year"] for v in data["villages"]]
    assert years == sorted(years) and len(years) >= 2
    for record in data["villages"]:
        village = expand(data, record)
        assert village["village_id"] == "phung-xa-my-duc"
        assert "weaving" in village["sectors"]
        for pillar in ("environment", "economy", "society", "governance"):
            score = village["pillars"][pillar]["score"]
            assert score is not None and 0 <= score <= 100, (village["year"], pillar)
        assert village["overall"]["rating"] is not None


def test_pilot_output_is_byte_identical_across_runs(pilot_json):
    again = CliRunner().invoke(cli, ["pilot", "--format", "json", "--lang", "en"])
    assert again.stdout == pilot_json


def test_framework_has_forty_indicators_and_cites_every_legal_threshold(framework, pilot_json):
    assert len(framework.indicators) >= 40
    doc = json.loads(pilot_json)
    village = expand(doc, doc["villages"][-1])
    rows = {i["id"]: i for i in village["indicators"]}
    cited = 0
    for node in framework.indicators:
        if node.threshold is None:
            continue
        refs = rows[node.id]["references"]
        docs = [text_in(r["document"], "en") for r in refs]  # a project's own words may be {vi, en}
        assert node.threshold.regulation.document in docs, node.id
        assert all(r.get("confidence") for r, d in zip(refs, docs, strict=True)
                   if d == node.threshold.regulation.document)
        cited += 1
    assert cited >= 10


def test_validate_passes_on_the_pilot_and_the_default_framework():
    from importlib.resources import files

    framework_file = files("villagescore_vn_ttcn") / "vn-ttcn-sustainable.yaml"
    res = CliRunner().invoke(cli, ["validate", str(PILOT), str(PILOT.with_name("phung-xa.meta.json")),
                                   str(framework_file)], env={"VILLAGESCORE_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert res.output.count("OK") == 3


def test_one_criterion_written_out(result):
    # Phùng Xá 2025, effluent and receiving-water quality (QCVN 40:2011/BTNMT column B, as the village discharges
    # under column B; the receiving river against QCVN 08:2023/BTNMT class B, in force on 31/12/2025):
    #   COD  190 / 150 = 1.267 → band (1.0, 1.5] → 25   weight 0.30
    #   BOD5  70 /  50 = 1.4   → band (1.0, 1.5] → 25   weight 0.20
    #   TSS  110 / 100 = 1.1   → band (1.0, 1.5] → 25   weight 0.15
    #   NH4+   9 /  10 = 0.9   → band (0.8, 1.0] → 50   weight 0.15
    #   river BOD5 12 / 6 = 2.0 → above 1.5      →  0   weight 0.20
    #   criterion = (0.30·25 + 0.20·25 + 0.15·25 + 0.15·50 + 0.20·0) / 1.00 = 7.5 + 5 + 3.75 + 7.5 + 0 = 23.75
    i = result.row("phung-xa-my-duc", 2025)
    k = [c.id for c in result.framework.criteria].index("effluent_quality")
    assert result.tree.criterion_score[i, k] == pytest.approx(23.75)


# ---- an independent recomputation of the overall score ----


def _score(method, params, value, limit):
    """The scorers of docs/scoring.md §3, written out plainly for one value."""
    if value is None:
        return None
    if method == "linear":
        worst, best = params["worst"], params["best"]
        return min(max((value - worst) / (best - worst), 0.0), 1.0) * 100
    if method in ("bands", "ratio_to_limit"):
        if method == "ratio_to_limit":
            value = value / limit
            edges = params.get("edges", [0.5, 0.8, 1.0, 1.5])
            scores = params.get("scores", [100, 75, 50, 25, 0])
            closed = params.get("closed", "right")
        else:
            edges, scores, closed = params["edges"], params["scores"], params.get("closed", "right")
        band = 0
        for edge in edges:
            if value > edge or (closed == "left" and value == edge):
                band += 1
        return float(scores[band])
    if method == "boolean":
        return float(params.get("true_score", 100) if value else params.get("false_score", 0))
    if method == "categorical":
        return params["scores"].get(value)
    if method == "target":
        if params["low"] <= value <= params["high"]:
            return 100.0
        if value < params["low"]:
            zb = params.get("zero_below")
            return 0.0 if zb is None else min(max((value - zb) / (params["low"] - zb), 0), 1) * 100
        za = params.get("zero_above")
        return 0.0 if za is None else min(max((za - value) / (za - params["high"]), 0), 1) * 100
    raise AssertionError(method)


def _in_force(regulation, day, row=None):
    """True when ``regulation`` applies on ``day`` (ISO dates compare as text), its transitional rule included."""
    if (regulation.valid_from or "") <= day <= (regulation.valid_to or "9999-12-31"):
        return True
    rule = regulation.transition
    return bool(rule and row and regulation.valid_to < day <= rule["until"] and row.get(rule["field"]) == "1")


def _mean(pairs, policy):
    """Weighted arithmetic mean over present children with the exclude policy and its coverage rule."""
    applicable = [(w, s) for w, s in pairs if s != "n/a"]
    if not applicable or sum(w for w, _ in applicable) == 0:
        return "n/a"
    present = [(w, s) for w, s in applicable if s is not None]
    coverage = sum(w for w, _ in present) / sum(w for w, _ in applicable)
    if coverage + 1e-12 < policy["min_coverage"]:
        return None
    return sum(w * s for w, s in present) / sum(w for w, _ in present)


def test_overall_score_recomputed_without_the_engine(registry, result):
    from importlib.resources import files

    doc = yaml.safe_load((files("villagescore_vn_ttcn") / "vn-ttcn-sustainable.yaml").read_text(encoding="utf-8"))
    assert doc["defaults"]["aggregator"] == "weighted_arithmetic"
    policy = doc["defaults"]["missing_data"]
    assert policy["policy"] == "exclude"
    row = next(r for r in csv.DictReader(PILOT.open(encoding="utf-8")) if r["year"] == "2025")
    sectors = set(row["sectors"].split(";"))
    i = result.row("phung-xa-my-duc", 2025)
    engine_values = {n.id: result.matrix.values[j][i] for j, n in enumerate(result.framework.indicators)}

    def value_of(ind):
        if ind.compute is not None:  # derived indicators are unit-tested in tests/plugins/
            v = engine_values[ind.id]
            return None if isinstance(v, float) and math.isnan(v) else v
        raw = row.get(ind.requires[0], "")
        if raw == "":
            return None
        field = registry.fields[ind.requires[0]]
        if field.type == "category":
            return raw
        if field.type == "boolean":
            return 1.0 if raw.strip().lower() in ("1", "true", "yes", "có") else 0.0
        return float(raw)

    excluding = (doc.get("defaults") or {}).get("unverified_limits") == "exclude"

    def criterion_score(entries):
        """(weight, indicator, scorer spec, threshold citation) entries -> the criterion's score."""
        pairs = []
        for weight, ind, scorer, th in entries:
            if ind.sectors and not sectors & set(ind.sectors):
                pairs.append((weight, "n/a"))
                continue
            limit = None
            th = th or ind.threshold
            unsure = False  # by date, after the version's in_force_verified_to: its limit counts as unverified
            if th is not None and "versions" in th:  # the version in force on 31 December 2025
                th = next(v for v in th["versions"]
                          if _in_force(registry.regulations[v["regulation"]], "2025-12-31", row))
                last = registry.regulations[th["regulation"]].in_force_verified_to
                unsure = bool(last) and "2025-12-31" > last
            if th is not None:  # a limit cited by id: {regulation, limit}
                lim = registry.regulations[th["regulation"]].limit(th["limit"])
                limit = lim.value if lim.by_field is None else lim.values[row[lim.by_field]]["value"]
                chosen = {} if lim.by_field is None else lim.values[row[lim.by_field]]
                if excluding and (unsure or chosen.get("confidence", lim.confidence) == "unverified"):
                    pairs.append((weight, "n/a"))  # an unverified limit is not scored against: left out
                    continue
            pairs.append((weight, _score(scorer["method"], scorer.get("params", {}), value_of(ind), limit)))
        return _mean(pairs, policy)

    pillar_pairs = []
    for p in doc["pillars"]:
        criterion_pairs = []
        for c in p["criteria"]:
            assert c.get("aggregator", "weighted_arithmetic") == "weighted_arithmetic"
            entries = []
            for spec in c["indicators"]:
                ind = registry.indicators[spec["id"]]
                assert not ind.sectors  # sector indicators join through sector_criteria (below)
                entries.append((spec["weight"], ind, spec.get("scorer") or ind.scorer, spec.get("threshold")))
            criterion_pairs.append((c["weight"], criterion_score(entries)))
        if "sector_criteria" in p:
            # sector indicators placed in this pillar by their catalogues, grouped by criterion; the block
            # weight is split equally between the village's sectors that bring a criterion here
            groups = {}
            for ind in registry.indicators.values():
                if ind.sectors and ind.pillar == p["id"]:
                    groups.setdefault((ind.sectors, ind.criterion), []).append(ind)
            n_own = len({key[0] for key in groups if sectors & set(key[0])})  # the village's sectors here
            for members in groups.values():
                entries = [(ind.weight, ind, ind.scorer, ind.threshold) for ind in members]
                criterion_pairs.append((p["sector_criteria"]["weight"] / max(n_own, 1), criterion_score(entries)))
        pillar_pairs.append((p["weight"], _mean(criterion_pairs, policy)))
    overall = _mean(pillar_pairs, policy)
    assert overall == pytest.approx(result.tree.overall_score[i], abs=1e-9)
