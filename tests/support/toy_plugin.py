"""A small plugin used by the core tests, registered directly (no entry point)."""

from villagescore import Field, Indicator, Measure, Reference, Sector, hookimpl

__version__ = "9.9.9"


@hookimpl
def register_fields():
    return [
        Field("a", {"vi": "A", "en": "A"}, minimum=0, maximum=100, unit="%"),
        Field("b", {"vi": "B", "en": "B"}, minimum=0, maximum=100, unit="%"),
        Field("c", {"vi": "C", "en": "C"}, minimum=0, unit="mg/L"),
        Field("flag", {"vi": "Cờ", "en": "Flag"}, type="boolean"),
        Field("zone", {"vi": "Vùng", "en": "Zone"}, type="category", categories=("A", "B")),
        Field("kind", {"vi": "Loại", "en": "Kind"}, type="category", categories=("x", "y", "z")),
        Field("total", {"vi": "Tổng số hộ", "en": "Households"}, type="integer", minimum=0),
        Field("craft", {"vi": "Hộ làm nghề", "en": "Craft households"}, type="integer", minimum=0,
              not_greater_than="total"),
    ]


@hookimpl
def register_sectors():
    return [
        Sector("alpha", {"vi": "Ngành alpha", "en": "Alpha craft"},
               measures=(Measure("alpha.better_b", {"vi": "Cải thiện B", "en": "Improve B"}, improves=("toy.b",)),)),
        Sector("beta", {"vi": "Ngành beta", "en": "Beta craft"}),
    ]


def _share(frame):
    return frame["craft"] / frame["total"] * 100


@hookimpl
def register_indicators():
    ref = Reference("Toy rule 1/2020", provision="art. 1", confidence="verified")
    return [
        Indicator("toy.a", {"vi": "Chỉ số A", "en": "Indicator A"}, "%", "higher", ("a",),
                  scorer={"method": "linear", "params": {"worst": 0, "best": 100}}, references=(ref,)),
        Indicator("toy.b", {"vi": "Chỉ số B", "en": "Indicator B"}, "%", "higher", ("b",), sectors=("alpha",),
                  scorer={"method": "bands", "params": {"edges": [30, 60, 80, 95],
                                                        "scores": [0, 25, 50, 75, 100], "closed": "left"}},
                  measures=("alpha.better_b",)),
        Indicator("toy.c", {"vi": "Chỉ số C", "en": "Indicator C"}, "mg/L", "lower", ("c",),
                  scorer={"method": "ratio_to_limit"}),
        Indicator("toy.flag", {"vi": "Cờ", "en": "Flag"}, "", "boolean", ("flag",), scorer={"method": "boolean"}),
        Indicator("toy.share", {"vi": "Tỷ lệ hộ", "en": "Share"}, "%", "higher", ("craft", "total"),
                  compute=_share, scorer={"method": "linear", "params": {"worst": 0, "best": 50}}),
        Indicator("toy.kind", {"vi": "Loại", "en": "Kind"}, "", "category", ("kind",),
                  scorer={"method": "categorical", "params": {"scores": {"x": 100, "y": 50, "z": 0}}}),
    ]
