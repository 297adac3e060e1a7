"""villagescore.reprs: every public object shows one short line in a notebook, never the tree under it."""

from __future__ import annotations

import dataclasses

import pytest

import villagescore as vs
from villagescore.reprs import MAX_REPR, short_repr

DATA = "datasets/villages/villages.csv"


@pytest.fixture(scope="module")
def objects():
    from villagescore import sensitivity as sa
    from villagescore.compare import load_table
    from villagescore.targets import load_targets

    registry = vs.Registry.default()
    fw = vs.load_framework(None, registry)
    ds = vs.read_dataset(DATA, registry, framework=fw)
    result = vs.evaluate(DATA)
    targets = load_targets(None)
    node = fw.indicators[0]
    return {
        "pillar": fw.pillars[0], "criterion": fw.criteria[0], "indicator node": node, "indicator": node.indicator,
        "scorer": node.scorer, "aggregator": fw.aggregator, "gate": fw.gates[0],
        "regulation": next(iter(fw.regulations.values())), "field": next(iter(registry.fields.values())),
        "dataset": dataclasses.replace(ds, frame=ds.frame.head(2)), "targets": targets, "target": targets.targets[0],
        "table": load_table([("2024", result)]), "engine": vs.Engine(registry),
        "sensitivity": sa.run(vs.Engine(registry), fw, ds, sa.Settings(samples=16, sa_samples=4)),
        "framework": fw, "result": result, "registry": registry,
        **_registered(registry),
    }


def _registered(registry):
    """One of each object a plugin registers that a framework does not hold (a sector, its measures …)."""
    from villagescore.catalogue import load_catalogue

    weaving = registry.sectors["weaving"]
    return {
        "sector": weaving, "measure": weaving.measures[0], "sector criterion": weaving.criteria[0],
        "check": next(iter(registry.checks.values())), "reader": registry.readers["csv"],
        "reporter": registry.reporters["csv"], "framework source": registry.frameworks[0],
        "limit": registry.regulations["qcvn-40-2011"].limits[0],
        "reference": registry.indicators["environment.wastewater_treated"].references[0],
        "quasi mean": registry.aggregators["weighted_geometric"].mean,
        "catalogue": load_catalogue("docs/examples/catalogues/bronze-casting.yaml"),
    }


#: The classes ``villagescore`` exports, but for its warnings and errors.
_EXPORTED = {n for n in vs.__all__
             if isinstance(getattr(vs, n), type) and not issubclass(getattr(vs, n), BaseException)}

#: Objects others hold (a sector its measures, a regulation its limits …): counted in a repr, never written out.
_HELD = ("Field", "Indicator", "Measure", "SectorCriterion", "Limit", "Reference", "Regulation", "Check")

SHOWN = ["pillar", "criterion", "indicator node", "indicator", "scorer", "aggregator", "gate", "regulation", "field",
         "dataset", "targets", "target", "table", "engine", "sensitivity", "framework", "result", "registry", "sector",
         "measure", "sector criterion", "check", "reader", "reporter", "framework source", "limit", "reference",
         "quasi mean", "catalogue"]


@pytest.mark.parametrize("name", SHOWN)
def test_every_public_object_shows_one_short_line(objects, name):
    text = repr(objects[name])
    assert len(text) <= MAX_REPR and "\n" not in text, text
    assert " object at 0x" not in text and text.startswith(type(objects[name]).__name__ + "(")
    inner = text[len(type(objects[name]).__name__) + 1:]
    assert not [n for n in _HELD if f"{n}(" in inner], text  # the objects it holds are counted, not written out


def test_every_class_villagescore_exports_is_among_those_checked(objects):
    """A class added to ``villagescore.__all__`` needs a sample above (Sector's repr ran to 4,735 characters)."""
    assert _EXPORTED <= {type(objects[name]).__name__ for name in SHOWN}


def test_a_sector_counts_its_measures_and_criteria(objects):
    sector = objects["sector"]
    assert repr(sector) == (f"Sector('weaving', label={sector.label['en']!r}, {len(sector.measures)} measures, "
                            f"{len(sector.criteria)} criteria, plugin='weaving')")
    assert f"{len(objects['measure'].improves)} indicators improved" in repr(objects["measure"])


def test_a_node_shows_its_id_label_weight_and_what_is_under_it(objects):
    pillar, criterion, node = objects["pillar"], objects["criterion"], objects["indicator node"]
    assert repr(pillar).startswith(f"PillarNode({pillar.id!r}, label={pillar.label['en']!r}, weight={pillar.weight!r}, "
                                   f"{len(pillar.criteria)} criteria")
    assert f"{len(criterion.indicators)} indicator" in repr(criterion)
    assert f"pillar={criterion.pillar!r}" in repr(criterion)
    assert f"scorer={node.scorer.name!r}" in repr(node) and f"criterion={node.criterion!r}" in repr(node)
    assert len(repr(objects["framework"].pillars)) < 4 * MAX_REPR  # the documented example: no longer the tree


def test_a_dataset_shows_its_path_size_and_counts(objects):
    assert repr(objects["dataset"]) == (f"Dataset({DATA!r}, 2 rows × {len(objects['dataset'].frame.columns)} columns, "
                                        "2 villages, 0 problems, 0 warnings)")


def test_tables_targets_and_engine_name_what_identifies_them(objects):
    assert repr(objects["table"]).startswith("ScoreTable(1 run ('2024'), 8 observations, frameworks=")
    assert repr(objects["targets"]).startswith(f"TargetSet({objects['targets'].id!r}, label=")
    assert f"{len(objects['targets'].targets)} targets" in repr(objects["targets"])
    assert repr(objects["engine"]) == f"Engine({objects['registry']!r})"
    assert "8 villages, 16 samples" in repr(objects["sensitivity"])


def test_equality_stays_the_dataclass_s(objects):
    pillar = objects["pillar"]
    assert dataclasses.replace(pillar) == pillar and dataclasses.replace(pillar, weight=0.0) != pillar


def test_a_long_repr_is_cut():
    text = short_repr("Thing", "x", {"en": "L" * 500}, *["part"] * 100)
    assert len(text) == MAX_REPR and text.endswith("…)") and "label='LLL" in text


def test_a_field_of_zero_is_shown_and_an_empty_one_left_out(objects):
    fw = objects["framework"]
    zero = next(g for g in fw.gates if g.value == 0)
    assert "value=0" in repr(zero)  # a threshold of 0 is a threshold, not nothing
    limit = next(g for g in fw.gates if g.value is None)
    assert "value=" not in repr(limit)

