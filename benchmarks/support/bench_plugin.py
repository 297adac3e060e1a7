"""A benchmark-only plugin: 100 single-field indicators with mixed scorers.

The real framework has ~60 indicators; DESIGN §8 sets its targets at ~100. This plugin
gives the engine exactly :data:`N_INDICATORS` indicators (fields ``bench_f000`` …), spread
over 4 pillars × 5 criteria by :func:`framework_document`, with every built-in scorer,
three aggregation rules, the three missing-data policies that do not raise, sector-specific
indicators, gates and tiers. It is registered directly (no entry point) and is never
installed: the target is the engine, not the content.
"""

from __future__ import annotations

from villagescore import Field, Indicator, Sector, hookimpl

__version__ = "0.0.0"

N_INDICATORS = 100
PILLARS = ("env", "eco", "soc", "gov")
CRITERIA_PER_PILLAR = 5
SECTORS = ("bench_a", "bench_b", "bench_c")
#: Scorer of indicator ``i`` is ``_SCORERS[i % len(_SCORERS)]`` (linear dominates, as in the real set).
_SCORERS = ("linear", "bands", "linear", "ratio_to_limit", "linear", "target", "boolean", "linear",
            "bands", "categorical")
_CATEGORIES = ("none", "partial", "full")


def field_id(i: int) -> str:
    return f"bench_f{i:03d}"


def indicator_id(i: int) -> str:
    return f"bench.i{i:03d}"


def scorer_of(i: int) -> str:
    return _SCORERS[i % len(_SCORERS)]


def sectors_of(i: int) -> tuple[str, ...]:
    """Every seventh indicator applies to one sector only (not applicable elsewhere)."""
    return (SECTORS[(i // 7) % len(SECTORS)],) if i % 7 == 3 else ()


def _field(i: int) -> Field:
    label = {"vi": f"Trường {i}", "en": f"Field {i}"}
    kind = scorer_of(i)
    if kind == "boolean":
        return Field(field_id(i), label, type="boolean")
    if kind == "categorical":
        return Field(field_id(i), label, type="category", categories=_CATEGORIES)
    if kind == "ratio_to_limit":
        return Field(field_id(i), label, unit="mg/L", minimum=0, maximum=10_000)
    return Field(field_id(i), label, unit="%", minimum=0, maximum=100)


def _scorer(i: int) -> dict:
    kind = scorer_of(i)
    if kind == "linear":
        return {"method": "linear", "params": {"worst": 0, "best": 100} if i % 2 else {"worst": 90, "best": 10}}
    if kind == "bands":
        return {"method": "bands", "params": {"edges": [20, 40, 60, 80], "scores": [0, 25, 50, 75, 100]}}
    if kind == "ratio_to_limit":
        return {"method": "ratio_to_limit", "params": {"limit": 150}}
    if kind == "target":
        return {"method": "target", "params": {"low": 40, "high": 60, "zero_below": 0, "zero_above": 100}}
    if kind == "boolean":
        return {"method": "boolean"}
    return {"method": "categorical", "params": {"scores": {"none": 0, "partial": 50, "full": 100}}}


def _direction(i: int) -> str:
    kind = scorer_of(i)
    if kind == "boolean":
        return "boolean"
    if kind == "categorical":
        return "category"
    if kind == "ratio_to_limit" or (kind == "linear" and not i % 2):
        return "lower"
    if kind == "target":
        return "range"
    return "higher"


@hookimpl
def register_fields():
    return [_field(i) for i in range(N_INDICATORS)]


@hookimpl
def register_sectors():
    return [Sector(s, {"vi": f"Ngành {s}", "en": f"Sector {s}"}) for s in SECTORS]


@hookimpl
def register_indicators():
    return [
        Indicator(indicator_id(i), {"vi": f"Chỉ số {i}", "en": f"Indicator {i}"},
                  _field(i).unit, _direction(i), (field_id(i),), sectors=sectors_of(i), scorer=_scorer(i))
        for i in range(N_INDICATORS)
    ]


def field_sectors() -> dict[str, tuple[str, ...]]:
    """Field id → sectors, for :func:`villagescore.synthetic.generate`."""
    return {field_id(i): sectors_of(i) for i in range(N_INDICATORS) if sectors_of(i)}


def field_directions() -> dict[str, int]:
    """Field id → +1/−1 (good direction), for :func:`villagescore.synthetic.generate`."""
    sign = {"higher": 1, "boolean": 1, "lower": -1}
    return {field_id(i): sign[_direction(i)] for i in range(N_INDICATORS) if _direction(i) in sign}


def framework_document(n_indicators: int = N_INDICATORS) -> dict:
    """The benchmark framework: 4 pillars × 5 criteria, mixed aggregators and policies, gates, tiers."""
    per_crit = max(1, n_indicators // (len(PILLARS) * CRITERIA_PER_PILLAR))
    pillars = []
    i = 0
    for p, pid in enumerate(PILLARS):
        criteria = []
        for c in range(CRITERIA_PER_PILLAR):
            count = per_crit if (p, c) != (len(PILLARS) - 1, CRITERIA_PER_PILLAR - 1) else n_indicators - i
            crit = {
                "id": f"{pid}.c{c}",
                "label": {"vi": f"Tiêu chí {pid} {c}", "en": f"Criterion {pid} {c}"},
                "weight": 1 + (c % 3),
                "indicators": [{"id": indicator_id(k), "weight": 1 + (k % 4)} for k in range(i, i + count)],
            }
            i += count
            if c == 1:
                crit["missing_data"] = {"policy": "zero"}
            if c == 2:
                crit["aggregator"] = "minimum"
            criteria.append(crit)
        pillar = {"id": pid, "label": {"vi": f"Trụ cột {pid}", "en": f"Pillar {pid}"}, "weight": 1 + p % 2,
                  "criteria": criteria}
        if p == 1:
            pillar["aggregator"] = "weighted_geometric"
        pillars.append(pillar)
    gates = [
        {"id": "gate.bool", "label": {"vi": "Cổng 1", "en": "Gate 1"}, "indicator": indicator_id(6),
         "condition": {"on": "value", "op": "==", "value": 1}, "cap": "mid", "on_missing": "fire"},
        {"id": "gate.limit", "label": {"vi": "Cổng 2", "en": "Gate 2"}, "indicator": indicator_id(3),
         "condition": {"on": "value", "op": "<=", "value": 300}, "cap": "low", "on_missing": "ignore"},
        {"id": "gate.score", "label": {"vi": "Cổng 3", "en": "Gate 3"}, "indicator": indicator_id(0),
         "condition": {"on": "score", "op": ">=", "value": 10}, "cap": "mid", "on_missing": "ignore"},
    ]
    tiers = [
        {"id": "high", "label": {"vi": "Cao", "en": "High"}, "min_score": 70, "min_pillar_score": 50},
        {"id": "mid", "label": {"vi": "Vừa", "en": "Middle"}, "min_score": 45, "min_pillar_score": 30},
        {"id": "low", "label": {"vi": "Thấp", "en": "Low"}, "min_score": 0},
    ]
    return {
        "id": "bench-100", "version": "1.0", "status": "example",
        "title": {"vi": "Bộ tiêu chí đo hiệu năng", "en": "Benchmark framework"},
        "defaults": {"aggregator": "weighted_arithmetic", "missing_data": {"policy": "exclude", "min_coverage": 0.5}},
        "pillars": pillars, "gates": gates, "rating": {"tiers": tiers},
    }
