"""One ``test_hook_<name>`` per hook in villagescore.hookspecs, each through a real plugin manager.

Each test registers a small plugin next to the toy plugin (tests/support/toy_plugin.py)
with :func:`villagescore.plugins.get_plugin_manager` and checks that what the hook
returns is used where it should be: a field validates dataset columns, an indicator is
computed, a scorer scores, and so on. ``tests/test_hookspecs.py`` checks that every
hook has such a test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from tests.support import toy_plugin
from villagescore import (
    Aggregator,
    Check,
    Field,
    FrameworkSource,
    Indicator,
    Limit,
    Measure,
    Reader,
    Regulation,
    Reporter,
    Scorer,
    Sector,
    hookimpl,
)
from villagescore.errors import DatasetError, FrameworkError
from villagescore.framework import available_frameworks, load_framework
from villagescore.plugins import get_plugin_manager, plugin_infos
from villagescore.registry import Registry
from villagescore.testing import evaluate_rows, make_dataset, run_indicator

LABEL = {"vi": "Nhãn", "en": "Label"}


def _registry(plugin: object) -> Registry:
    pm = get_plugin_manager(entrypoints=False, strict=True, plugins=(("toy", toy_plugin), ("demo", plugin)))
    return Registry.from_plugin_manager(pm, strict=True)


def _framework(tmp_path: Path, indicators: list[str], *, aggregator: str | None = None,
               scorer: dict | None = None, ident: str = "demo-fw") -> Path:
    """Write a one-pillar, one-criterion framework over ``indicators`` (equal weights)."""
    lines = [f"id: {ident}", 'version: "1.0"', "title: {vi: Thử, en: Demo}",
             "defaults: {missing_data: {policy: exclude, min_coverage: 0.5}}", "pillars:",
             "  - id: p", "    label: {vi: P, en: P}", "    weight: 1", "    criteria:",
             "      - id: p.c", "        label: {vi: C, en: C}", "        weight: 1"]
    if aggregator:
        lines.append(f"        aggregator: {aggregator}")
    lines.append("        indicators:")
    for ind in indicators:
        lines.append(f"          - id: {ind}")
        lines.append("            weight: 1")
        if scorer:
            lines.append(f"            scorer: {scorer}".replace("'", '"'))
    lines += ["rating:", "  tiers:", "    - {id: all, label: {vi: Tất cả, en: All}, min_score: 0}"]
    path = tmp_path / f"{ident}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hook_register_fields():
    class Demo:
        @hookimpl
        def register_fields(self):
            return [Field("demo_kilns", {"vi": "Số lò", "en": "Kilns"}, type="integer", minimum=0, maximum=10)]

    registry = _registry(Demo())
    assert registry.fields["demo_kilns"].plugin == "demo"
    dataset = make_dataset([{"demo_kilns": 3}, {"demo_kilns": None}], registry)
    assert dataset.frame["demo_kilns"].tolist()[0] == 3.0
    with pytest.raises(DatasetError) as info:
        make_dataset([{"demo_kilns": 11}, {"demo_kilns": 2.5}], registry)
    problems = sorted((p.where, p.column, p.value, p.rule) for p in info.value.problems)
    assert problems == [("row 2", "demo_kilns", 11, "range"), ("row 3", "demo_kilns", 2.5, "integer")]


def test_hook_register_sectors(tmp_path):
    class Demo:
        @hookimpl
        def register_sectors(self):
            return [Sector("gamma", {"vi": "Nghề gamma", "en": "Gamma craft"},
                           measures=(Measure("gamma.cover", LABEL, ("demo.a_gamma",)),))]

        @hookimpl
        def register_indicators(self):
            return [Indicator("demo.a_gamma", LABEL, "%", "higher", ("a",), sectors=("gamma",),
                              scorer={"method": "linear", "params": {"worst": 0, "best": 100}})]

    registry = _registry(Demo())
    assert list(registry.sectors) == ["alpha", "beta", "gamma"]
    assert registry.measures()["gamma.cover"].improves == ("demo.a_gamma",)
    with pytest.raises(DatasetError, match="unknown sector"):
        make_dataset([{"sectors": "delta"}], registry)
    # the indicator applies only to villages of the sector: v2 (beta) is 'not applicable'
    rows = [{"sectors": "gamma", "a": 40}, {"sectors": "beta", "a": 40}, {"sectors": "alpha;gamma", "a": 90}]
    result = evaluate_rows(_framework(tmp_path, ["demo.a_gamma"]), rows, registry)
    assert result.matrix.applicable[:, 0].tolist() == [True, False, True]
    assert [result.village_dict(i)["indicators"][0]["status"] for i in range(3)] == [
        "scored", "not_applicable", "scored"]


def test_hook_register_regulations(tmp_path):
    class Demo:
        @hookimpl
        def register_regulations(self):
            return [Regulation("demo-rule-2020", "Demo rule", "verified", valid_to="2022-12-31",
                               limits=(Limit("a_max", "A", "%", "verified", value=50),)),
                    Regulation("demo-rule-2023", "Demo rule (new)", "verified", valid_from="2023-01-01",
                               limits=(Limit("a_max", "A", "%", "verified", value=25),))]

        @hookimpl
        def register_indicators(self):
            return [Indicator("demo.a_limited", LABEL, "%", "lower", ("a",), scorer={"method": "ratio_to_limit"},
                              threshold={"versions": [{"regulation": "demo-rule-2020", "limit": "a_max"},
                                                      {"regulation": "demo-rule-2023", "limit": "a_max"}]})]

    registry = _registry(Demo())
    assert registry.regulations["demo-rule-2023"].plugin == "demo"
    # the version in force on 31 December of the village-year's year applies (ratio 40/50 → 75, 40/25 → 0)
    rows = [{"a": 40, "year": 2021}, {"a": 40, "year": 2024}]
    result = evaluate_rows(_framework(tmp_path, ["demo.a_limited"]), rows, registry)
    assert result.matrix.scores[:, 0].tolist() == [75.0, 0.0]
    cited = [r["regulation"] for r in result.village_dict(0)["indicators"][0]["references"]]
    assert cited == ["demo-rule-2020", "demo-rule-2023"]


def test_hook_register_checks():
    """A third party's check compares another plugin's fields; a broken row is a warning, not an error."""
    class Demo:
        @hookimpl
        def register_checks(self):
            return [Check("demo.craft_workers", left="c", op="<=", factor=2, right="craft",
                          message={"vi": "Quá nhiều", "en": "Too many"}, source="[E] demo")]

    registry = _registry(Demo())
    assert registry.checks["demo.craft_workers"].plugin == "demo"
    dataset = make_dataset([{"c": 10, "craft": 5, "total": 9}, {"c": 11, "craft": 5, "total": 9},
                            {"c": 11, "craft": None, "total": 9}], registry)
    assert len(dataset.frame) == 3 and not dataset.problems
    (warning,) = dataset.warnings
    assert (warning.where, warning.village_id, warning.columns, warning.values) == (
        "row 3", "v2", ("c", "craft"), (11, 5))
    assert warning.limit == 10 and "Too many" in warning.format("en")


def test_hook_register_indicators(tmp_path):
    def per_household(frame):
        return frame["craft"] / frame["total"] * 1000  # craft households per 1000 households

    class Demo:
        @hookimpl
        def register_indicators(self):
            return [Indicator("demo.per_mille", LABEL, "‰", "higher", ("craft", "total"), compute=per_household,
                              scorer={"method": "linear", "params": {"worst": 0, "best": 500}})]

    registry = _registry(Demo())
    indicator = registry.indicators["demo.per_mille"]
    assert indicator.plugin == "demo"
    rows = [{"craft": 50, "total": 100}, {"craft": 10, "total": 40}, {"craft": None, "total": 40}]
    # 50/100*1000 = 500; 10/40*1000 = 250; missing craft: missing
    assert run_indicator(indicator, rows) == [500.0, 250.0, None]
    result = evaluate_rows(_framework(tmp_path, ["demo.per_mille"]), rows, registry)
    # linear 0..500: 500 -> 100, 250 -> 50
    assert result.matrix.scores[:, 0].tolist()[:2] == [100.0, 50.0]
    assert np.isnan(result.matrix.scores[2, 0])


def step(values, params):
    """100 at or above ``at``, else 0; NaN stays NaN."""
    out = np.where(values >= params["at"], 100.0, 0.0)
    out[np.isnan(values)] = np.nan
    return out


STEP_SCHEMA = {"type": "object", "required": ["at"], "additionalProperties": False,
               "properties": {"at": {"type": "number"}}}


def test_hook_register_scorers(tmp_path):
    class Demo:
        @hookimpl
        def register_scorers(self):
            return [Scorer("step", step, STEP_SCHEMA, "All or nothing at a threshold.")]

    registry = _registry(Demo())
    assert registry.scorers["step"].plugin == "demo"
    fw = _framework(tmp_path, ["toy.a"], scorer={"method": "step", "params": {"at": 50}})
    result = evaluate_rows(fw, [{"a": 49.9}, {"a": 50}, {"a": 80}], registry)
    assert result.matrix.scores[:, 0].tolist() == [0.0, 100.0, 100.0]
    bad = _framework(tmp_path, ["toy.a"], scorer={"method": "step", "params": {"at": "half"}}, ident="bad")
    with pytest.raises(FrameworkError) as info:
        load_framework(bad, registry)
    (problem,) = info.value.problems
    assert problem.where == "$.pillars[0].criteria[0].indicators[0].scorer.params.at"
    assert problem.message == "scorer 'step': 'half' is not a number"


def test_hook_register_scorers_limit_is_a_number_or_one_per_value(tmp_path):
    """What hooks.md says a scorer's ``limit`` is: a number, or an array of the shape of ``values`` (one per value)."""
    seen = []

    def under_limit(values, params):
        seen.append((np.ndim(params["limit"]), np.shape(values), np.asarray(params["limit"]).tolist()))
        return np.where(values <= params["limit"], 100.0, 0.0)

    class Demo:
        @hookimpl
        def register_fields(self):
            return [Field("demo_zone", {"vi": "Vùng", "en": "Zone"}, type="category", categories=("A", "B")),
                    Field("demo_cod", {"vi": "COD", "en": "COD"}, minimum=0)]

        @hookimpl
        def register_regulations(self):
            return [Regulation("demo-rule", "Demo rule", "estimate", limits=(
                Limit("cod_by_zone", "COD", "mg/L", "estimate", by_field="demo_zone",
                      values={"A": {"value": 10}, "B": {"value": 20}}),
                Limit("cod", "COD", "mg/L", "estimate", value=15)))]

        @hookimpl
        def register_scorers(self):
            return [Scorer("under_limit", under_limit, {"type": "object", "required": ["limit"], "properties": {
                "limit": {"type": "number", "exclusiveMinimum": 0}}})]

        @hookimpl
        def register_indicators(self):
            scorer = {"method": "under_limit"}
            return [Indicator("demo.cod_by_zone", {"vi": "COD", "en": "COD"}, "mg/L", "lower", ("demo_cod",),
                              scorer=scorer, threshold={"regulation": "demo-rule", "limit": "cod_by_zone"}),
                    Indicator("demo.cod", {"vi": "COD", "en": "COD"}, "mg/L", "lower", ("demo_cod",),
                              scorer=scorer, threshold={"regulation": "demo-rule", "limit": "cod"})]

    registry = _registry(Demo())
    rows = [{"demo_cod": 12, "demo_zone": "A"}, {"demo_cod": 12, "demo_zone": "B"}, {"demo_cod": 18, "demo_zone": "B"}]
    fw = _framework(tmp_path, ["demo.cod_by_zone"])
    assert evaluate_rows(fw, rows, registry).matrix.scores[:, 0].tolist() == [0.0, 100.0, 100.0]
    assert seen == [(1, (3,), [10.0, 20.0, 20.0])]  # by the village's zone: one limit per value
    seen.clear()
    fw = _framework(tmp_path, ["demo.cod"], ident="flat")
    assert evaluate_rows(fw, rows, registry).matrix.scores[:, 0].tolist() == [100.0, 100.0, 0.0]
    assert seen == [(0, (3,), 15)]  # one value for every village: a number


def test_hook_register_aggregators(tmp_path):
    def maximum(scores, weights):
        masked = np.where(weights > 0, scores, -np.inf)
        best = masked.max(axis=1)
        return np.where(np.isfinite(best), best, np.nan)

    class Demo:
        @hookimpl
        def register_aggregators(self):
            return [Aggregator("maximum", maximum, "The best child score.")]

    registry = _registry(Demo())
    assert registry.aggregators["maximum"].plugin == "demo"
    fw = _framework(tmp_path, ["toy.a", "toy.c"], aggregator="maximum",
                    scorer={"method": "linear", "params": {"worst": 0, "best": 100}})
    result = evaluate_rows(fw, [{"a": 20, "c": 70}, {"a": 90, "c": None}], registry)
    # criterion = max(child scores): max(20, 70) = 70; max(90, missing) = 90
    assert result.tree.criterion_score[:, 0].tolist() == [70.0, 90.0]


def test_hook_register_frameworks(tmp_path):
    path = _framework(tmp_path, ["toy.a"], ident="shipped-by-demo")

    class Demo:
        @hookimpl
        def register_frameworks(self):
            return [FrameworkSource(path)]

    registry = _registry(Demo())
    assert [(s.path, s.plugin) for s in registry.frameworks] == [(path, "demo")]
    assert available_frameworks(registry) == {"shipped-by-demo": path}
    framework = load_framework("shipped-by-demo", registry)  # by id, not by path
    assert [n.id for n in framework.indicators] == ["toy.a"]


def test_hook_register_readers(tmp_path):
    def read_tsv(path):
        import hashlib

        import pandas as pd

        from villagescore.datasets import RawDataset

        data = Path(path).read_bytes()
        frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""])
        return RawDataset(frame, str(path), hashlib.sha256(data).hexdigest())

    class Demo:
        @hookimpl
        def register_readers(self):
            return [Reader("tsv", (".tsv",), read_tsv, "Tab-separated values")]

    registry = _registry(Demo())
    assert registry.reader_for(".tsv").plugin == "demo"
    data = tmp_path / "villages.tsv"
    data.write_text(textwrap.dedent("""\
        village_id\tname\tcommune\tprovince\tsectors\tyear\ta
        v1\tLàng Một\tXã Một\tHà Nội\talpha\t2024\t75
    """), encoding="utf-8")
    from villagescore.datasets import read_dataset

    dataset = read_dataset(data, registry)
    assert dataset.frame["a"].tolist() == [75.0]
    assert dataset.frame["name"].tolist() == ["Làng Một"]


def test_hook_register_reporters(tmp_path):
    def render_lines(result, lang):
        return "".join(f"{v}\t{s:.1f}\n" for v, s in zip(result.frame["village_id"], result.tree.overall_score,
                                                         strict=True)).encode()

    class Demo:
        @hookimpl
        def register_reporters(self):
            return [Reporter("lines", ".txt", render_lines, "village id and overall score")]

    registry = _registry(Demo())
    reporter = registry.reporter("lines")
    assert reporter.plugin == "demo"
    result = evaluate_rows(_framework(tmp_path, ["toy.a"]), [{"a": 10}, {"a": 100}], registry)
    # toy.a's default scorer is linear 0..100, so the score is the value
    assert reporter.render(result, "en") == b"v1\t10.0\nv2\t100.0\n"


def test_hook_register_commands(monkeypatch):
    class Demo:
        @hookimpl
        def register_commands(self, cli):
            @cli.command()
            @click.argument("who")
            def greet(who):
                """Say hello (a command added by a plugin)."""
                click.echo(f"xin chào, {who}")

    demo = Demo()
    pm = get_plugin_manager(entrypoints=False, plugins=(("demo", demo),))
    assert [i.hooks for i in plugin_infos(pm) if i.name == "demo"] == [["register_commands"]]

    # the command group asks a plugin manager for commands when one it does not know is used
    from villagescore import plugins as plugins_module
    from villagescore.cli import LazyGroup

    monkeypatch.setattr(plugins_module, "get_plugin_manager", lambda **kw: pm)
    group = LazyGroup(name="villagescore")
    result = CliRunner().invoke(group, ["greet", "Phùng Xá"])
    assert result.exit_code == 0, result.output
    assert result.output == "xin chào, Phùng Xá\n"
    assert "greet" in group.list_commands(click.Context(group))
