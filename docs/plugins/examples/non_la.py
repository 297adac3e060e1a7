"""An example sector plugin that joins the national framework: conical hats (nón lá).

Quoted by docs/plugins/tutorial.md ("Add your sector to the national framework"), run by
tests/docs/test_plugin_docs.py. It has no framework file of its own: its indicators are
placed by pillar and criterion, and the national framework takes them in for villages whose
``sectors`` name ``non_la``. Values and scoring levels are illustrative estimates.
"""

from __future__ import annotations

from villagescore import Check, Field, Indicator, Measure, Sector, SectorCriterion, estimate, hookimpl

__version__ = "0.1.0"


# [start sectors]
@hookimpl
def register_sectors():
    """The sector, the criterion it brings to the environment pillar, and one measure."""
    return [
        Sector(
            "non_la",
            {"vi": "Nón lá", "en": "Conical hats (nón lá)"},
            criteria=(
                SectorCriterion("non_la_environment", "environment",
                                 {"vi": "Nón lá: môi trường", "en": "Conical hats: environment"},
                                 rationale={"vi": "Xông lưu huỳnh cho lá là áp lực môi trường chính của nghề.",
                                            "en": "Sulphur fumigation of leaves is the craft's main pressure."}),
            ),
            measures=(
                Measure("non_la.sun_drying", {"vi": "Phơi nắng thay xông lưu huỳnh",
                                              "en": "Sun-drying instead of sulphur fumigation"},
                        improves=("non_la.sulphur_free_share",)),
            ),
        )
    ]
# [end sectors]


# [start fields]
@hookimpl
def register_fields():
    """Two counts the commune collects: hat-making households, and those that never fumigate."""
    return [
        Field("non_la_households", {"vi": "Số hộ làm nón lá", "en": "Conical-hat households"},
              type="integer", minimum=0, maximum=100_000),
        Field("non_la_sulphur_free_households",
              {"vi": "Số hộ làm nón không xông lưu huỳnh", "en": "Hat households not fumigating with sulphur"},
              type="integer", minimum=0, maximum=100_000, not_greater_than="non_la_households"),
    ]
# [end fields]


# [start indicators]
def sulphur_free_share(frame):
    """Share of hat-making households that do not fumigate leaves with sulphur, in %."""
    households = frame["non_la_households"]
    return frame["non_la_sulphur_free_households"] / households.where(households > 0) * 100


@hookimpl
def register_indicators():
    """One indicator, placed in the environment pillar's sector criteria."""
    return [
        Indicator(
            "non_la.sulphur_free_share",
            {"vi": "Tỷ lệ hộ không xông lưu huỳnh", "en": "Households not fumigating with sulphur"},
            unit="%",
            direction="higher",
            requires=("non_la_households", "non_la_sulphur_free_households"),
            compute=sulphur_free_share,
            sectors=("non_la",),
            pillar="environment",            # the pillar it joins
            criterion="non_la_environment",  # the sector criterion declared above
            weight=1,                        # within that criterion
            scorer={"method": "linear", "params": {"worst": 0, "best": 100}},
            measures=("non_la.sun_drying",),
            references=(estimate("Goalposts 0 → 100 % are a project judgement."),),
        )
    ]
# [end indicators]


# [start checks]
@hookimpl
def register_checks():
    """A plausibility check against another plugin's field: reported as a warning, never an error."""
    return [
        Check(
            "non_la.workers_per_hat_household",
            left="workers_total",            # a field of the society plugin
            op=">=",
            factor=1,
            right="non_la_households",
            message={"vi": "Ít lao động nghề hơn số hộ làm nón",
                     "en": "Fewer craft workers than hat-making households"},
            advice={"vi": "Đếm mọi người làm nón, kể cả lao động gia đình.",
                    "en": "Count everyone making hats, family members included."},
            source="[E] every hat-making household has at least one member making hats",
        )
    ]
# [end checks]
