"""The canonical order of the runs: a comparison is the same whatever order its sources are given in."""

import copy
import json
import shutil
from pathlib import Path

import pytest

from villagescore.compare import compare, load_table
from villagescore.compare.run_order import natural_key, run_order
from villagescore.compare.table import Run

TESTS = Path(__file__).parents[1]
TOY = TESTS / "support" / "toy.csv"
TOY_2025 = TESTS / "fixtures" / "compare_toy_2025.csv"
TOY_FW = TESTS / "support" / "toy-framework.yaml"
#: An overlay of the toy framework: other weights, and the tier ``mid`` renamed.
OVERLAY = ("id: toy-v2\nversion: '2.0'\ntitle: {vi: Thử 2, en: Toy 2}\nextends: {framework: toy-framework.yaml}\n"
           "change:\n  pillars: {env: {weight: 0.7}}\n  tiers: {mid: {label: {vi: Khá (v2), en: Fair (v2)}}}\n")


def _run(label, fw="toy", version="1.0", sha="s"):
    return Run(label=label, framework_id=fw, framework_version=version, framework_sha256=sha, tiers=(), pillars=(),
               criteria=(), indicators=())


def test_natural_key_counts_as_people_do():
    assert sorted(["1.10", "1.9", "2.0", "1.9.1"], key=natural_key) == ["1.9", "1.9.1", "1.10", "2.0"]
    assert natural_key("evaluation #9") < natural_key("evaluation #10")
    assert natural_key(None) < natural_key("")


def test_runs_are_ordered_by_framework_then_label():
    runs = [_run("b.json", version="1.10"), _run("z.json", version="1.9"), _run("c.json", fw="other"),
            _run("results store, evaluation #10 (x.csv)"), _run("results store, evaluation #9 (y.csv)"),
            _run("a.json"), _run("a.json", sha="r")]
    order = run_order(runs)
    assert [(runs[k].label, runs[k].framework_sha256) for k in order] == [
        ("c.json", "s"), ("a.json", "r"), ("a.json", "s"), ("results store, evaluation #9 (y.csv)", "s"),
        ("results store, evaluation #10 (x.csv)", "s"), ("z.json", "s"), ("b.json", "s")]
    back = runs[::-1]
    assert [back[k] for k in run_order(back)] == [runs[k] for k in order]


@pytest.fixture
def results(toy_cli, tmp_path):
    """The toy data of 2024 and 2025 scored with the toy framework and with an overlay: four result files."""
    shutil.copy(TOY_FW, tmp_path / "toy-framework.yaml")
    (tmp_path / "toy-v2.yaml").write_text(OVERLAY, encoding="utf-8")
    paths = []
    for name, data, framework in (("a-2024.json", TOY, "toy-framework.yaml"), ("b-2025.json", TOY_2025,
                                                                               "toy-framework.yaml"),
                                  ("c-2024.json", TOY, "toy-v2.yaml"), ("d-2025.json", TOY_2025, "toy-v2.yaml")):
        res = toy_cli("evaluate", data, "-f", tmp_path / framework, "--format", "json", "-o", tmp_path / name)
        assert res.exit_code == 0, res.output
        paths.append(tmp_path / name)
    return paths


@pytest.mark.parametrize("options", [(), ("--villages", "v1", "v2"), ("--by", "province")])
def test_every_format_is_byte_identical_whatever_the_order_of_the_sources(toy_cli, results, tmp_path, options):
    """Audit 15 (g4 #1): the top-level framework, ``shared`` and ``runs`` followed the order of the arguments."""
    tables = {"--villages": ("side-by-side", "gaps", "node-changes"), "--by": ("groups", "changes")}
    sections = ("rankings", "changes", *tables.get(options[0] if options else "", ()))
    formats = [("json", ()), ("md", ()), ("html", ()), ("xlsx", ()), ("table", ()),
               *(("csv", ("--table", t)) for t in sections)]
    for fmt, more in formats:
        written = []
        for k, given in enumerate((results, results[::-1], results[1:] + results[:1])):
            out = tmp_path / f"out-{k}.{fmt}"
            res = toy_cli("compare", *given, *options, "--format", fmt, *more, "--lang", "vi", "-o", out)
            assert res.exit_code == 0, res.output
            written.append(out.read_bytes())
        assert written[0] == written[1] == written[2], (fmt, more)
    res = toy_cli("compare", *results[::-1], *options, "--format", "json", "-o", tmp_path / "c.json")
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [r["label"] for r in doc["runs"]] == ["a-2024.json", "b-2025.json", "c-2024.json", "d-2025.json"]
    assert doc["framework"]["id"] == "toy"  # the first run's in that order, not the first argument's


def test_a_village_named_without_a_year_is_its_latest_year_in_the_run_order(toy_registry, toy_framework):
    """Audit 15 (g4 #2): ``--villages ID`` took the village-year of the run given last."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    later = json.loads(Engine(toy_registry).evaluate(toy_framework, read_dataset(TOY_2025, toy_registry)).to_json())
    corrected = copy.deepcopy(later)  # the same year's data corrected, saved under another name
    corrected["villages"][0]["overall"]["score"] = round(corrected["villages"][0]["overall"]["score"] - 1.5, 4)
    named = corrected["villages"][0]["village_id"]
    other = next(v["village_id"] for v in later["villages"] if v["village_id"] != named)
    runs = [("r2025.json", later), ("r2025-corrected.json", corrected)]
    chosen = set()
    for given in (runs, runs[::-1]):
        c = compare(load_table(given), villages=[named, other])
        chosen.add(c["side_by_side"]["reference"]["run"])
    assert chosen == {"r2025.json"}  # the same year twice: the later run in the canonical order (by label)


def test_a_store_evaluation_is_ordered_by_its_number_whatever_the_language_of_its_label():
    """Reviewer's case: a store's label is said in the comparison's language, so a file named between the two
    spellings ("kho kết quả…" < "m.json" < "results store…") came before it in one language and after it in the
    other, and the village-year found in both took another run's score by language."""
    import dataclasses

    for label in ("kho kết quả, lần đánh giá #2 (x.csv)", "results store, evaluation #2 (x.csv)"):
        runs = [dataclasses.replace(_run(label), order_label="store #2"), _run("m.json"), _run("a.json"),
                dataclasses.replace(_run(label.replace("#2", "#10")), order_label="store #10")]
        assert [runs[k].label[:1] for k in run_order(runs)] == ["a", "m", label[0], label[0]]
        assert [runs[k].order_label for k in run_order(runs)][2:] == ["store #2", "store #10"]


def test_labels_alike_but_for_leading_zeros_keep_one_order():
    """Reviewer's case: ``r01.json`` and ``r1.json`` counted alike and kept the order they were given in."""
    runs = [_run("r1.json"), _run("r01.json")]
    back = runs[::-1]
    assert [runs[k].label for k in run_order(runs)] == [back[k].label for k in run_order(back)] == ["r01.json",
                                                                                                     "r1.json"]


def test_the_tiers_follow_the_framework_the_comparison_names_first():
    """Reviewer's case: versions 1.9 and 1.10 of one framework: the top-level framework was 1.9's, the tiers'
    labels 1.10's (sorted as text)."""
    from villagescore.compare.tiers import compared_tiers

    def versioned(version):
        tier = {"id": "low", "label": {"vi": f"Thấp {version}", "en": f"Low {version}"}, "min_score": 0.0}
        return Run(label=f"x{version}.json", framework_id="toy", framework_version=version, framework_sha256=version,
                   tiers=(tier,), pillars=(), criteria=(), indicators=())

    runs = [versioned("1.10"), versioned("1.9")]
    first = runs[run_order(runs)[0]]
    assert first.framework_version == "1.9"
    assert compared_tiers(runs, "en")[0]["by_framework"][0]["framework"]["version"] == "1.9"
