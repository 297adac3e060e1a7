"""Tests of the synthetic generator: determinism, spread, validity."""

import json
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

from tests.support import DATASET_IDENTITY
from villagescore.registry import Registry
from villagescore.synthetic import COMMUNES_2025, PROVINCES_2025, commune_counts, generate, write

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "dataset-metadata.schema.json").read_text(encoding="utf-8"))
IDENTITY = list(DATASET_IDENTITY)


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.fixture(scope="module")
def sample():
    return generate(500, 2026)


def test_same_seed_gives_identical_files_other_seed_differs(tmp_path):
    a, meta_a = generate(200, 7)
    b, meta_b = generate(200, 7)
    c, _ = generate(200, 8)
    pa, ma = write(a, meta_a, tmp_path / "a" / "x-synthetic.csv")
    pb, mb = write(b, meta_b, tmp_path / "b" / "x-synthetic.csv")
    pc, _ = write(c, meta_b, tmp_path / "c" / "x-synthetic.csv")
    assert pa.read_bytes() == pb.read_bytes()
    assert ma.read_bytes() == mb.read_bytes()
    assert pa.read_bytes() != pc.read_bytes()


FIRST_PARTY = ("environment,economy,society,governance,weaving,rattan_bamboo,lacquer,sericulture,seagrass,"
               "handmade_paper,ceramics,food_processing,wood,vn_ttcn")


def test_shipped_national_sample_is_reproducible(tmp_path, monkeypatch):
    # the sample was generated with the first-party plugins; another installed plugin adds fields
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", FIRST_PARTY)
    shipped = ROOT / "datasets" / "synthetic" / "national-sample-synthetic.csv"
    frame, meta = generate(500, 2026)
    path, meta_path = write(frame, meta, tmp_path / shipped.name)
    assert path.read_bytes() == shipped.read_bytes()
    assert meta_path.read_bytes() == shipped.with_name(shipped.stem + ".meta.json").read_bytes()


def test_spread_ids_years_and_sectors(sample, registry):
    frame, _ = sample
    assert len(frame) == 500
    assert frame["province"].nunique() >= 30
    assert set(frame["province"]) <= set(PROVINCES_2025)
    assert frame["village_id"].iloc[0] == "syn-000001" and frame["village_id"].is_unique
    former = frame["former_province"].dropna()
    assert 0 < len(former) < len(frame)
    assert all(
        f in PROVINCES_2025[p] for f, p in zip(former, frame.loc[former.index, "province"], strict=True)
    )
    sectors = frame["sectors"].str.split(";").explode()
    assert set(sectors) <= set(registry.sectors)
    assert frame["sectors"].str.contains(";").any()
    assert frame["year"].between(2022, 2025).all()


def test_every_value_is_valid(sample, registry):
    frame, _ = sample
    fields = registry.fields
    assert set(frame.columns) == set(IDENTITY) | set(fields)
    for fid, fld in fields.items():
        col = frame[fid]
        present = col.dropna()
        if fld.type in ("number", "integer", "boolean"):
            values = present.astype(float)
            if fld.minimum is not None:
                assert (values >= fld.minimum).all(), fid
            if fld.maximum is not None:
                assert (values <= fld.maximum).all(), fid
            if fld.type in ("integer", "boolean"):
                assert (values % 1 == 0).all(), fid
            if fld.type == "boolean":
                assert set(values) <= {0.0, 1.0}, fid
        if fld.type == "category":
            assert set(present) <= set(fld.categories), fid
        if fld.not_greater_than:
            a = col.astype(float)
            b = frame[fld.not_greater_than].astype(float)
            assert not (a > b).any(), fid


def test_sector_fields_only_for_their_sector(sample, registry):
    frame, _ = sample
    field_sectors = {}
    for ind in registry.indicators.values():
        for f in ind.requires:
            if ind.sectors:
                field_sectors.setdefault(f, set()).update(ind.sectors)
    split = frame["sectors"].str.split(";")
    for fid, secs in field_sectors.items():
        has = split.map(lambda parts, s=secs: bool(s & set(parts)))
        assert frame.loc[~has, fid].isna().all(), fid
        assert frame.loc[has, fid].notna().all(), fid


def test_metadata_valid_and_all_estimated(sample):
    frame, meta = sample
    jsonschema.validate(meta, SCHEMA)
    assert "synthetic" in meta["dataset"]["id"] and meta["dataset"]["kind"] == "synthetic"
    gen = meta["dataset"]["generator"]
    assert gen["seed"] == 2026 and gen["n"] == 500 and gen["module"] == "villagescore.synthetic"
    assert set(meta["columns"]) == set(frame.columns)
    assert all(c["quality"] == "estimated" and c["note"] for c in meta["columns"].values())


def test_given_fields_only():
    from villagescore import Field

    fields = [
        Field("a_pct", {"vi": "a", "en": "a"}, unit="%", minimum=0, maximum=100),
        Field(
            "b_count",
            {"vi": "b", "en": "b"},
            type="integer",
            minimum=0,
            maximum=10,
            not_greater_than="c_count",
        ),
        Field("c_count", {"vi": "c", "en": "c"}, type="integer", minimum=0, maximum=10),
    ]
    frame, _ = generate(1000, 3, fields, field_sectors={}, field_directions={}, sectors=["x"])
    assert frame["a_pct"].between(0, 100).all()
    assert (frame["b_count"] <= frame["c_count"]).all()
    assert (frame["sectors"] == "x").all()


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="synthetic"):
        generate(1, 1, dataset_id="real")
    with pytest.raises(ValueError, match="n must be"):
        generate(-1, 1)


@pytest.mark.slow
def test_national_scale_generation():
    """100,000 villages are generated whole (how fast is measured by benchmarks/bench_commands.py)."""
    frame, _ = generate(100_000, 1)
    assert frame.shape[0] == 100_000 and frame.shape[1] >= 100
    assert isinstance(frame["year"].to_numpy(), np.ndarray) and not isinstance(frame, pd.Series)
    # several villages to a commune, as in a national sample: compare --by commune has ~3,321 groups, not 100,000
    communes = frame.groupby("commune")["province"].nunique()
    assert COMMUNES_2025 * 0.95 <= len(communes) <= COMMUNES_2025
    assert (communes == 1).all()  # a commune lies in one province


@pytest.mark.parametrize("weights", [[1.0] * 34, [8.0, 3.0, 2.0, 2.5] + [1.0] * 30, [100.0, 1.0, 1.0]])
def test_the_communes_are_shared_out_by_weight_each_province_with_one_at_least(weights):
    counts = commune_counts(np.array(weights))
    assert counts.sum() == COMMUNES_2025 and (counts >= 1).all()
    share = np.array(weights) / sum(weights) * COMMUNES_2025
    assert (np.abs(counts - share) <= len(weights)).all()


def test_communes_are_drawn_from_a_stream_of_their_own(monkeypatch):
    """Drawing the communes takes nothing from the values' random stream: every other column is the same without."""
    import villagescore.synthetic as synthetic

    frame, _ = generate(300, 11)
    assert frame["commune"].str.fullmatch(r"Xã mẫu \d{4}").all()
    monkeypatch.setattr(synthetic, "_communes", lambda pidx, weights, rng: np.full(len(pidx), "x", dtype=object))
    without, _ = generate(300, 11)
    assert frame.drop(columns="commune").equals(without.drop(columns="commune"))


def test_specs_are_data_shipped_with_the_datasets(registry):
    # the value specs of every first-party field live in datasets/synthetic/field-specs.yaml, not in src/
    from villagescore import bundled
    from villagescore.synthetic import FIELD_SPECS_FILE, load_field_specs

    shipped = bundled.path(FIELD_SPECS_FILE)
    assert shipped.is_file()
    specs, weights = load_field_specs()
    assert set(specs) <= set(registry.fields)
    # every first-party field has a spec (issue 16 added locality_type and the fields of the new indicators)
    from tests.plugins.registry_dump import first_party_registry

    assert set(specs) == set(first_party_registry().fields)
    assert set(weights) <= set(registry.sectors) and weights["rattan_bamboo"] == 4.0
    assert "[E]" in shipped.read_text(encoding="utf-8")  # every spec is an estimate, and says so
    assert specs["discharge_column"] == ["cat", {"A": 0.2, "B": 0.8}]


def test_fields_the_specs_file_does_not_list_get_a_default_from_type_and_range(tmp_path):
    # a third-party plugin's fields are generated too: the default follows each field's type and range
    from villagescore import Field
    from villagescore.synthetic import default_spec

    fields = [
        Field("nonla_hats_per_day", {"vi": "a", "en": "a"}, minimum=5, maximum=505),
        Field("nonla_leaf_pct", {"vi": "b", "en": "b"}, unit="%", minimum=0, maximum=100),
        Field("nonla_workers", {"vi": "c", "en": "c"}, type="integer", minimum=1, maximum=11),
        Field("nonla_certified", {"vi": "d", "en": "d"}, type="boolean"),
        Field("nonla_leaf", {"vi": "e", "en": "e"}, type="category", categories=("palm", "bamboo")),
    ]
    assert [default_spec(f)[0] for f in fields] == ["u", "u", "int", "bool", "cat"]
    assert default_spec(fields[0])[1:] == (5.0, 55.0)  # the lower tenth of a wide range
    specs = tmp_path / "specs.yaml"
    specs.write_text("specs:\n  nonla_hats_per_day: [u, 40, 50]\n", encoding="utf-8")
    frame, _ = generate(2000, 5, fields, field_sectors={}, field_directions={}, sectors=["nonla"], specs=specs)
    assert frame["nonla_hats_per_day"].between(40, 50).all()  # a listed spec wins over the default
    frame, _ = generate(2000, 5, fields, field_sectors={}, field_directions={}, sectors=["nonla"])
    assert frame["nonla_hats_per_day"].between(5, 55).all() and frame["nonla_hats_per_day"].nunique() > 100
    assert frame["nonla_leaf_pct"].between(0, 100).all() and frame["nonla_leaf_pct"].max() > 90
    assert frame["nonla_workers"].between(1, 2).all() and set(frame["nonla_workers"]) == {1, 2}
    assert set(frame["nonla_certified"]) == {0, 1}
    assert set(frame["nonla_leaf"]) == {"palm", "bamboo"}


@pytest.mark.parametrize(("n", "seed"), [(0, 1), (1, 2), (40, 3), (3000, 7)])
def test_the_csv_is_what_pandas_writes(n, seed):
    from villagescore.outputs import to_csv_text

    frame, _ = generate(n, seed)
    assert to_csv_text(frame) == frame.to_csv(index=False, lineterminator="\n")



def test_generated_villages_break_no_plausibility_check(tmp_path):
    """Synthetic data is estimates, but plausible ones: the catalogues' checks find nothing to warn about."""
    from villagescore.datasets import read_dataset
    from villagescore.registry import Registry

    registry = Registry.default()
    frame, meta = generate(3000, 11)
    path, _ = write(frame, meta, tmp_path / "plausible-synthetic.csv")
    dataset = read_dataset(path, registry)
    assert len(dataset.warnings) == 0, dataset.warnings.counts()


def test_the_workforce_follows_the_craft_households(sample):
    """Domain audit D12: 1.5–3.5 local workers per craft household plus 0–2 non-local ones (≤ 5.5, inside the
    plausibility check of 6), not a workforce drawn independently of the households."""
    frame, _ = sample
    local = (frame["workers_total"] - frame["workers_non_local"]) / frame["households_craft"]
    total = frame["workers_total"] / frame["households_craft"]
    assert local.between(1.5 - 1e-9, 3.5 + 1e-3).all() and total.max() <= 5.5 + 1e-3
    assert (frame["workers_non_local"] <= frame["workers_total"]).all()


def test_wards_have_no_new_rural_status_and_the_wage_region_follows_the_province(sample):
    """Domain audit D12: the new-rural criteria do not apply to a ward; Hà Nội and Hồ Chí Minh City are Regions I–II."""
    frame, _ = sample
    wards = frame["locality_type"] == "ward"
    assert wards.any() and frame.loc[wards, "ntm_status"].isna().all()
    assert frame.loc[~wards, "ntm_status"].notna().all()
    big = frame["province"].isin(["Hà Nội", "Hồ Chí Minh"])
    assert set(frame.loc[big, "wage_region"]) <= {"I", "II"}
    assert (frame.loc[big, "wage_region"] == "I").mean() > 0.5
    assert (frame.loc[~big, "wage_region"] == "I").mean() < 0.25


@pytest.mark.parametrize("seed", [None, np.random.SeedSequence(4), np.random.default_rng(4)])
def test_any_seed_numpy_takes_generates_communes(seed):
    frame, _ = generate(20, seed)
    assert frame["commune"].str.fullmatch(r"Xã mẫu \d{4}").all()



def test_village_numbers_keep_one_width_so_ids_sort_in_their_order():
    """At a million, ``syn-1000000`` sorted before ``syn-999999``: the benchmark's file was out of order."""
    from villagescore.synthetic import village_numbers

    assert village_numbers(3).tolist() == ["000001", "000002", "000003"]
    assert village_numbers(999_999).str.len().unique().tolist() == [6]
    numbers = village_numbers(1_000_000)
    assert numbers.iloc[-1] == "1000000" and numbers.iloc[0] == "0000001"
    ids = ("syn-" + numbers).to_numpy(dtype=object)
    assert bool((ids[1:] > ids[:-1]).all())


def _incense_like():
    """A third-party field bounded by a first-party-like workforce: drawn over its range, it breaks the checks."""
    from villagescore import Check, Field

    label = {"vi": "x", "en": "x"}
    fields = [Field("craft_households", label, type="integer", minimum=0, maximum=10_000),
              Field("incense_households", label, type="integer", minimum=0, maximum=100_000),
              Field("workers", label, type="integer", minimum=0, maximum=1_000_000)]
    checks = [Check("t.workers_per_household", left="workers", op="<=", factor=5.5, right="craft_households",
                    message=label, source="[E]"),
              Check("t.workers_per_incense_household", left="workers", op=">=", factor=1,
                    right="incense_households", message=label, source="[E]")]
    return fields, checks


def test_checks_still_broken_after_the_redraws_are_said_and_recorded_and_a_spec_file_cures_them(tmp_path, english_run):
    """Audit 13 #5: a third party's field drawn over 0–10,000 broke its check and, by the redraws, a first-party one."""
    import warnings

    from villagescore.errors import DataWarning

    fields, checks = _incense_like()
    specs = tmp_path / "base.yaml"
    specs.write_text("specs:\n  craft_households: [int, 50, 400]\n  workers: [per, craft_households, 1.5, 3.5]\n",
                     encoding="utf-8")
    args = {"field_sectors": {}, "field_directions": {}, "sectors": ["x"], "specs": specs, "checks": checks}
    with pytest.warns(DataWarning, match=r"still break plausibility checks after the redraws: t\.workers") as record:
        _, meta = generate(300, 7, fields, **args)
    assert "dữ liệu giả lập" in record[0].message.text("vi")
    broken = meta["dataset"]["generator"]["checks_still_broken"]
    assert set(broken) <= {"t.workers_per_household", "t.workers_per_incense_household"} and broken
    extra = tmp_path / "incense-specs.yaml"
    extra.write_text("specs:\n  incense_households: [share, craft_households, 0.3, 0.9]\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame, meta = generate(300, 7, fields, extra_specs=[extra], **args)
    generator = meta["dataset"]["generator"]
    assert "checks_still_broken" not in generator and generator["specs"] == [str(extra)]
    assert generator["command"].endswith(f"--specs {extra}")
    assert (frame["workers"] >= frame["incense_households"]).all()
    assert (frame["workers"] <= 5.5 * frame["craft_households"]).all()


def _generate_script():
    """``datasets/synthetic/generate.py`` as a module (it is a script, not a package's)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("vs_generate_script", ROOT / "datasets" / "synthetic" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_data_is_written_only_under_a_file_name_that_says_so(tmp_path, capsys, monkeypatch):
    """Audit 13 (B) #2: ``generate.py --n 20 -o mydata.csv`` wrote synthetic data under a name that passed for real."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    assert _generate_script().main(["--n", "5", "-o", str(tmp_path / "mydata.csv")]) == 2
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    assert "does not say the data is synthetic" in err and "mydata-synthetic.csv" in err
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    assert _generate_script().main(["--n", "5", "-o", str(tmp_path / "mydata.csv")]) == 2
    assert "không cho biết dữ liệu là giả lập" in capsys.readouterr().err
    frame, meta = generate(5, 1)
    with pytest.raises(ValueError, match="mydata-synthetic.csv"):
        write(frame, meta, tmp_path / "mydata.csv")
    assert list(tmp_path.iterdir()) == []
    assert write(frame, meta, tmp_path / "My-Synthetic.csv")[0].exists()
