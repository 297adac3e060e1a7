"""An example sector plugin: pottery kilns. Quoted by docs/plugins/*.md, run by tests/docs."""

from __future__ import annotations

from pathlib import Path

from villagescore import Field, FrameworkSource, Indicator, Limit, Measure, Reference, Regulation, Sector, hookimpl

__version__ = "0.1.0"


# [start sectors]
@hookimpl
def register_sectors():
    """The pottery sector and the cleaner-production measures it knows."""
    return [
        Sector(
            "pottery",
            {"vi": "Gốm sứ (lò nung)", "en": "Pottery (kilns)"},
            measures=(
                Measure(
                    "pottery.gas_kiln_conversion",
                    {"vi": "Chuyển lò than sang lò ga", "en": "Convert coal kilns to gas kilns"},
                    improves=("pottery.clean_kiln_share",),
                ),
            ),
        )
    ]
# [end sectors]


# [start fields]
@hookimpl
def register_fields():
    """Two dataset columns: all kilns, and kilns fired with gas or electricity."""
    return [
        Field("pottery_kilns", {"vi": "Tổng số lò nung", "en": "Kilns"},
              type="integer", minimum=0, maximum=10_000),
        Field("pottery_clean_kilns", {"vi": "Số lò nung bằng ga hoặc điện", "en": "Gas or electric kilns"},
              type="integer", minimum=0, maximum=10_000, not_greater_than="pottery_kilns"),
    ]
# [end fields]


# [start indicators]
def clean_kiln_share(frame):
    """Share of kilns fired with gas or electricity, in %; missing where there is no kiln."""
    kilns = frame["pottery_kilns"]
    return frame["pottery_clean_kilns"] / kilns.where(kilns > 0) * 100


@hookimpl
def register_indicators():
    """One indicator, computed on whole columns, scored by bands by default."""
    return [
        Indicator(
            "pottery.clean_kiln_share",
            {"vi": "Tỷ lệ lò nung sạch (ga, điện)", "en": "Share of clean (gas, electric) kilns"},
            unit="%",
            direction="higher",
            requires=("pottery_kilns", "pottery_clean_kilns"),
            compute=clean_kiln_share,
            sectors=("pottery",),
            pillar="environment",          # also joins frameworks that accept sector criteria (step 7)
            criterion="pottery_kilns",
            scorer={"method": "bands",
                    "params": {"edges": [25, 50, 75], "scores": [0, 40, 70, 100], "closed": "left"}},
            measures=("pottery.gas_kiln_conversion",),
            references=(Reference("Example only: cite the programme or regulation you rely on",
                                  confidence="estimate"),),
        )
    ]
# [end indicators]


# [start regulations]
@hookimpl
def register_regulations():
    """A (made-up) provincial rule on kiln stack dust, declared once and cited by id."""
    return [
        Regulation(
            "example-kiln-rule-2024",
            "Example provincial decision on kiln emissions (illustration only)",
            confidence="estimate",
            valid_from="2024-01-01",
            limits=(Limit("stack_dust", parameter="dust", unit="mg/Nm³", value=200, confidence="estimate"),),
        )
    ]
# [end regulations]


# [start frameworks]
@hookimpl
def register_frameworks():
    """The framework file next to this module (in a package: files(__name__) / "frameworks" / ...)."""
    return [FrameworkSource(Path(__file__).with_name("pottery.yaml"))]
# [end frameworks]
