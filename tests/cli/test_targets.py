"""``villagescore targets``: the acceptance check on the bundled national sample, and the store as a source."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
NATIONAL_SAMPLE = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"

#: The Decision 801 targets the bundled sample can measure (its fields), and those it cannot.
MEASURABLE = {"d801-effective-2025", "d801-effective-2030", "d801-workers-trained-2025", "d801-workers-trained-2030",
              "d801-ocop-2025", "d801-ip-2025", "d801-ip-2030", "d801-environment-2025", "d801-environment-2030",
              "d801-growth-2025", "d801-growth-2030", "d801-income-2025", "d801-income-2030",
              "d801-tourism-2025", "d801-tourism-2030"}
NOT_MEASURABLE = {"d801-restored-crafts-2025", "d801-restored-crafts-2030",
                  "d801-restored-villages-2025", "d801-restored-villages-2030", "d801-new-traditional-villages-2025",
                  "d801-new-traditional-villages-2030", "d801-exports-2025", "d801-exports-2030"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample_json():
    res = run("targets", NATIONAL_SAMPLE, "--by", "province", "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # standard error carries the plausibility warnings line


def test_lists_each_decision_801_target_it_can_measure_and_the_missing_data_of_the_others(sample_json):
    targets = {t["id"]: t for t in sample_json["targets"]}
    assert set(targets) == MEASURABLE | NOT_MEASURABLE
    assert {i for i, t in targets.items() if t["measurable"]} == MEASURABLE
    for ident in MEASURABLE:
        t = targets[ident]
        groups = {r["group"] for r in t["rows"]}
        assert "*" in groups and len(groups) > 10  # the country and the provinces of the sample
        assert {r["year"] for r in t["rows"]} == {2022, 2023, 2024, 2025}
        assert all(r["measured"] <= r["villages"] for r in t["rows"])
        # a national count over villages the data do not say are all of them: 'partial_total' (the tourism targets)
        assert t["trend"]["*"]["verdict"] in ("met", "missed", "on_track", "off_track", "unknown", "partial_total")
    for ident in NOT_MEASURABLE:
        t = targets[ident]
        assert t["rows"] == [] and t["missing_data"] and t["missing_data"][0]["en"] and t["missing_data"][0]["vi"]


def test_table_output_names_the_missing_data(tmp_path):
    res = run("targets", NATIONAL_SAMPLE, "--by", "province", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Craft villages operating effectively" in res.output
    assert "Targets that cannot be measured" in res.output and "register of endangered crafts" in res.output
    assert "linked to tourism (e.g." not in res.output  # audit G F9: the field tourism_link exists and is counted
    res = run("targets", NATIONAL_SAMPLE, "--lang", "vi")
    assert "Cả nước" in res.output and "Dữ liệu còn thiếu" in res.output


def test_store_and_dataset_give_the_same_figures(tmp_path, sample_json):
    store = tmp_path / "s.sqlite"
    assert run("store", "add", NATIONAL_SAMPLE, "--store", store, "--plans", "none").exit_code == 0
    res = run("targets", "--store", store, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    from_store = json.loads(res.stdout)
    assert [t["rows"] for t in from_store["targets"]] == [t["rows"] for t in sample_json["targets"]]
    assert [t["trend"] for t in from_store["targets"]] == [t["trend"] for t in sample_json["targets"]]


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_every_output_format_is_written_atomically(tmp_path, fmt):
    out = tmp_path / f"targets.{fmt}"
    res = run("targets", NATIONAL_SAMPLE, "--targets", "decision-1058", "--format", fmt, "-o", out, "--lang", "vi")
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert len(data) > 500
    if fmt == "html":
        assert data.count(b'class="target-chart"') == 4  # the four measurable targets of Decision 1058


def test_user_errors(tmp_path):
    res = run("targets", "--store", tmp_path / "missing.sqlite", "--lang", "en")
    assert res.exit_code == 1 and "no store at" in res.output and "Traceback" not in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: something-else\n", encoding="utf-8")
    res = run("targets", NATIONAL_SAMPLE, "--targets", bad)
    assert res.exit_code == 1 and "tệp mục tiêu không hợp lệ: 5 lỗi" in res.output and "Traceback" not in res.output
    res = run("targets", NATIONAL_SAMPLE, "--store", tmp_path / "x.sqlite")
    assert res.exit_code == 2


def test_an_unmapped_province_is_warned_about_on_standard_error(tmp_path):
    lines = (REPO / "datasets" / "villages" / "villages.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    k = header.index("province")
    first = lines[1].split(",")
    first[k] = "Hà Tây"
    path = tmp_path / "hatay.csv"
    path.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    res = run("targets", path, "--format", "json", "--lang", "vi")
    assert res.exit_code == 0, res.output
    assert "không có trong bảng chuyển đổi năm 2025 (provinces-2025.csv): Hà Tây" in res.stderr
    doc = json.loads(res.stdout)
    assert [w["code"] for w in doc["warnings"]] == ["unknown_province"]
    rows = [r for t in doc["targets"] for r in t["rows"] if r["group"] == "Hà Tây"]
    assert rows and not any(r["mapped"] for r in rows)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A store holding the Phùng Xá dataset."""
    store = tmp_path_factory.mktemp("targets-store") / "s.sqlite"
    res = run("store", "add", REPO / "datasets" / "phung-xa" / "phung-xa.csv", "--store", store, "--plans", "none")
    assert res.exit_code == 0, res.output
    return store


@pytest.mark.parametrize(("name", "start"), [("t.html", b"<!"), ("t.csv", None), ("t.json", b"{"), ("t.md", None)])
def test_the_output_suffix_chooses_the_format(tmp_path, small_store, name, start):
    out = tmp_path / name
    res = run("targets", "--store", small_store, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    same = run("targets", "--store", small_store, "--format", Path(name).suffix[1:], "--lang", "en")
    assert out.read_bytes() == same.stdout_bytes
    if start:
        assert out.read_bytes().lstrip(b"\xef\xbb\xbf").startswith(start)


def test_a_suffix_without_a_format_or_against_format_is_a_usage_error(tmp_path, small_store):
    res = run("targets", "--store", small_store, "-o", tmp_path / "t.xlsx", "--lang", "en")
    assert res.exit_code == 2 and "does not write" in res.output and not (tmp_path / "t.xlsx").exists()
    res = run("targets", "--store", small_store, "--format", "csv", "-o", tmp_path / "t2.html", "--lang", "en")
    assert res.exit_code == 2 and "does not match" in res.output and not (tmp_path / "t2.html").exists()


def test_a_mistyped_framework_id_is_an_error_naming_the_stored_ones(small_store):
    res = run("targets", "--store", small_store, "--framework", "vn-ttcn-sustanable", "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "did you mean 'vn-ttcn-sustainable'?" in res.output and "its frameworks: vn-ttcn-sustainable" in res.output
    res = run("store", "history", "--village", "Phùng Xá", "--framework", "typo", "--store", small_store)
    assert res.exit_code == 1 and "các bộ tiêu chí trong kho: vn-ttcn-sustainable" in res.output


@pytest.mark.parametrize(("lang", "said"), [("en", "nothing to measure: the store holds no evaluation yet"),
                                            ("vi", "không có gì để đo: kho chưa có lần đánh giá nào")])
@pytest.mark.parametrize("framework", [(), ("--framework", "other")])
def test_an_emptied_store_is_said_empty_not_every_target_unmeasurable(tmp_path, lang, said, framework):
    """Audit 2026-12-07: after removing the only evaluation, exit 0 with "the framework has no such indicator"."""
    path = tmp_path / "e.sqlite"
    assert run("store", "add", REPO / "datasets" / "phung-xa" / "phung-xa.csv", "--store", path, "--plans",
               "none").exit_code == 0
    assert run("store", "remove", "1", "--store", path).exit_code == 0
    res = run("targets", "--store", path, *framework, "--lang", lang)
    assert res.exit_code == 1 and said in res.output and "Traceback" not in res.output
    assert "store add" in res.output


def _tourism_targets(tmp_path, *values):
    """A targets file with one share target of ``tourism_link == value`` per value."""
    import yaml

    targets = [{"id": f"t{k}", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "p"},
                "confidence": "estimate", "year": 2025, "unit": "share_of_villages", "op": ">=", "value": 10,
                "measure": {"statistic": "share", "condition": {"field": "tourism_link", "op": "==", "value": v}},
                "measure_confidence": "estimate"} for k, v in enumerate(values)]
    path = tmp_path / "tourism.yaml"
    path.write_text(yaml.safe_dump({"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"},
                                    "source": {"document": "d"}, "targets": targets}, allow_unicode=True),
                    encoding="utf-8")
    return path


def test_a_condition_written_with_a_label_measures_as_its_code_and_a_typo_is_refused(tmp_path, small_store):
    path = _tourism_targets(tmp_path, "tourist_site", "điểm du lịch được công nhận", "visitors",
                            "Đón khách tham quan, trải nghiệm")
    res = run("targets", "--store", small_store, "--targets", path, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    rows = [[r["value"] for r in t["rows"]] for t in json.loads(res.stdout)["targets"]]
    assert rows[0] == rows[1] and rows[2] == rows[3]  # the labels measured 0 % ("missed") before
    assert [t["measure"]["condition"]["value"] for t in json.loads(res.stdout)["targets"]] == [
        "tourist_site", "tourist_site", "visitors", "visitors"]
    typo = _tourism_targets(tmp_path, "tourist-site")
    for source in (["--store", small_store], [REPO / "datasets" / "phung-xa" / "phung-xa.csv"]):
        res = run("targets", *source, "--targets", typo, "--lang", "en")
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert ("$.targets[0].measure.condition.value (target t0): 'tourist-site' is not one of the allowed values "
                "of 'tourism_link'") in res.output
        assert "did you mean recognised tourist site (tourist_site)?" in res.output


def test_the_data_label_of_a_dataset_is_its_name_in_nfc(tmp_path):
    """Audit 14 fix f1 #3: a dataset named on macOS (NFD) was recorded as ``data.source`` in NFD."""
    import shutil
    import unicodedata

    nfd = tmp_path / unicodedata.normalize("NFD", "Làng dệt.csv")
    shutil.copyfile(REPO / "datasets" / "phung-xa" / "phung-xa.csv", nfd)
    res = run("targets", nfd, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["data"]["source"] == unicodedata.normalize("NFC", "Làng dệt.csv")


#: A framework file that declares a category field of its own, ``f_kind`` (codes a, b; labels Loại A, Loại B).
OWN_KIND_FRAMEWORK = """\
id: own-kind
version: "0.1.0"
title: {vi: "Riêng", en: "Own"}
fields:
  - {id: f_kind, label: {vi: "Loại", en: "Kind"}, type: category, categories: [a, b],
     category_labels: {a: {vi: "Loại A", en: "Kind A"}, b: {vi: "Loại B", en: "Kind B"}}}
indicators:
  - {id: own.kind, label: {vi: "Loại", en: "Kind"}, unit: "", direction: category, requires: [f_kind],
     scorer: {method: categorical, params: {scores: {a: 100, b: 0}}}}
pillars:
  - {id: p, label: {vi: P, en: P}, weight: 1, criteria: [
      {id: c, label: {vi: C, en: C}, weight: 1, indicators: [{id: own.kind, weight: 1}]}]}
rating:
  tiers:
    - {id: top, label: {vi: Cao, en: Top}, min_score: 50}
    - {id: rest, label: {vi: Thấp, en: Rest}, min_score: 0}
"""


def _own_kind_files(tmp_path, *conditions):
    """A framework file declaring the category field ``f_kind``, two villages of it, a target per condition."""
    import yaml

    fw = tmp_path / "own.yaml"
    fw.write_text(OWN_KIND_FRAMEWORK, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("village_id,name,commune,province,year,f_kind\nv1,Làng 1,Xã 1,Hà Nội,2025,a\n"
                    "v2,Làng 2,Xã 2,Hà Nội,2025,b\n", encoding="utf-8")
    targets = tmp_path / "own-targets.yaml"
    listed = [{"id": f"t{k}", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "p"},
               "confidence": "estimate", "year": 2025, "unit": "share_of_villages", "op": ">=", "value": 50,
               "measure": {"statistic": "share", "condition": c}, "measure_confidence": "estimate"}
              for k, c in enumerate(conditions)]
    targets.write_text(yaml.safe_dump({"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"},
                                       "source": {"document": "d"}, "targets": listed}, allow_unicode=True),
                       encoding="utf-8")
    return fw, data, targets


def test_a_condition_on_a_field_the_framework_file_declares_measures_as_its_code(tmp_path):
    """Walk 15: ``Loại A`` on a framework file's own category field measured 0 % (left as written), not 50 %."""
    fw, data, targets = _own_kind_files(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"})
    res = run("targets", data, "-f", fw, "--targets", targets, "--by", "national", "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)["targets"][0]
    assert doc["measure"]["condition"]["value"] == "a"
    assert [r["value"] for r in doc["rows"]] == [50.0]


def test_a_bad_targets_file_is_reported_in_one_round_before_scoring(tmp_path, monkeypatch):
    """Fifteenth walk: a plugin field's typo was said first, the framework file's own field's only after scoring."""
    import villagescore.cli.evaluate

    def never(*args, **kwargs):
        raise AssertionError("scored before the targets file was read")

    monkeypatch.setattr(villagescore.cli.evaluate, "run_evaluation", never)
    fw, data, targets = _own_kind_files(tmp_path, {"field": "tourism_link", "op": "==", "value": "xyz"},
                                        {"field": "f_kind", "op": "==", "value": "Loại C"})
    res = run("targets", data, "-f", fw, "--targets", targets, "--lang", "en")
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "'xyz'" in res.stderr and "'Loại C' is not one of the allowed values of 'f_kind'" in res.stderr



def test_a_condition_on_a_framework_files_own_field_is_read_with_the_file_from_the_store(tmp_path):
    """Sixteenth walk: ``targets --store S -f FILE`` read ``Loại A`` on the file's own field as written (0 %)."""
    fw, data, targets = _own_kind_files(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"})
    store = tmp_path / "s.db"
    assert run("store", "add", data, "-f", fw, "--store", store, "--plans", "none").exit_code == 0
    res = run("targets", "--store", store, "-f", fw, "--targets", targets, "--by", "national", "--format", "json",
              "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)["targets"][0]
    assert doc["measure"]["condition"]["value"] == "a"
    assert [r["value"] for r in doc["rows"]] == [50.0]


def test_a_condition_on_a_field_no_plugin_declares_is_said_compared_as_written_from_the_store(tmp_path):
    """Without the framework file the store cannot read ``Loại A``: a warning names the field and -f FILE."""
    fw, data, targets = _own_kind_files(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"})
    store = tmp_path / "s.db"
    assert run("store", "add", data, "-f", fw, "--store", store, "--plans", "none").exit_code == 0
    res = run("targets", "--store", store, "--targets", targets, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    warned = [w for w in json.loads(res.stdout)["warnings"] if w["code"] == "field_not_declared"]
    assert [w["field"] for w in warned] == ["f_kind"] and "-f FILE" in warned[0]["message"]


def test_a_framework_file_that_no_longer_resolves_still_selects_from_the_store_and_says_why_not_read(
        tmp_path, monkeypatch):
    """A file stored with a plugin's indicator, that plugin now disabled: matched by its bytes, with a warning."""
    fw, data, targets = _own_kind_files(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"})
    fw.write_text(OWN_KIND_FRAMEWORK.replace("{id: own.kind, weight: 1}",
                                             "{id: own.kind, weight: 1}, {id: economy.collective_mark, weight: 1}"),
                  encoding="utf-8")
    data.write_text("village_id,name,commune,province,year,f_kind,collective_mark\nv1,Làng 1,Xã 1,Hà Nội,2025,a,1\n"
                    "v2,Làng 2,Xã 2,Hà Nội,2025,b,0\n", encoding="utf-8")
    store = tmp_path / "s.db"
    assert run("store", "add", data, "-f", fw, "--store", store, "--plans", "none").exit_code == 0
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "economy")
    res = run("targets", "--store", store, "-f", fw, "--targets", targets, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    (warned,) = [w for w in json.loads(res.stdout)["warnings"] if w["code"] == "field_not_declared"]
    assert f"{fw} does not resolve with the installed plugins" in warned["message"]


def test_a_csv_has_its_provenance_beside_it(tmp_path, small_store):
    """Audit 16 #2: ``targets -o tg.csv`` wrote no ``tg.provenance.json``, as evaluate and compare CSVs have."""
    out = tmp_path / "tg.csv"
    res = run("targets", "--store", small_store, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "tg.provenance.json").read_bytes())
    assert doc["provenance_of"] == "tg.csv" and doc["targets_file"]["id"] == "decision-801"
    assert doc["provenance"]["evaluations"][0]["dataset"]["file"] == "phung-xa.csv"


def test_the_tourism_targets_count_the_villages_that_receive_visitors_or_are_tourist_sites(sample_json):
    """Audit G F9: Decision 801's 181 / 301 villages linked to tourism, counted from the field tourism_link."""
    import csv

    with open(NATIONAL_SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    linked = {}
    for r in rows:
        linked[int(r["year"])] = linked.get(int(r["year"]), 0) + (r["tourism_link"] in ("visitors", "tourist_site"))
    targets = {t["id"]: t for t in sample_json["targets"]}
    for ident, value in (("d801-tourism-2025", 181), ("d801-tourism-2030", 301)):
        country = {r["year"]: r["value"] for r in targets[ident]["rows"] if r["group"] == "*"}
        assert targets[ident]["value"] == value and country == linked


def test_the_command_recorded_names_the_dataset_and_the_options_given_so_it_re_runs(tmp_path):
    """Seventeenth walk: the recorded command was ``villagescore targets --framework …`` alone."""
    import shlex
    import shutil

    from villagescore.reports.command_line import options_text

    data = tmp_path / "mẫu quốc gia.csv"
    shutil.copy(NATIONAL_SAMPLE, data)
    shutil.copy(NATIONAL_SAMPLE.with_suffix(".meta.json"), tmp_path / "mẫu quốc gia.meta.json")

    def recorded(*args):
        res = run("targets", data, *args, "--format", "json", "--lang", "en")
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)["provenance"]["options"]

    options = recorded("--by", "national", "--targets", "decision-1058")
    command = options_text(options)
    assert command == ("villagescore targets --by national --framework vn-ttcn-sustainable --targets decision-1058 "
                       "'mẫu quốc gia.csv'")
    words = shlex.split(command)[1:]
    words[-1] = str(data)  # the dataset as the user's folder has it
    again = run(*words, "--format", "json", "--lang", "en")
    assert json.loads(again.stdout)["provenance"]["options"] == options
    assert options_text(recorded()) == "villagescore targets --framework vn-ttcn-sustainable 'mẫu quốc gia.csv'"


def test_mapping_groups_by_the_table_given_and_every_format_records_it(tmp_path, small_store):
    import hashlib

    shipped = (REPO / "datasets" / "admin" / "provinces-2025.csv").read_text(encoding="utf-8")
    alt = tmp_path / "alt-map.csv"  # Hà Nam into Hà Nội instead of Ninh Bình
    alt.write_text(shipped.replace("Hà Nam,Ninh Bình,", "Hà Nam,Hà Nội,"), encoding="utf-8")
    lines = (REPO / "datasets" / "villages" / "villages.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    first[header.index("province")], first[header.index("former_province")] = "Hà Nam", ""
    data = tmp_path / "hanam.csv"
    data.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    res = run("targets", data, "--mapping", alt, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["mapping"] == {"file": "alt-map.csv", "sha256": hashlib.sha256(alt.read_bytes()).hexdigest(),
                              "shipped": False, "confidence": {"secondary": 63}}
    assert doc["provenance"]["options"]["mapping"] == "alt-map.csv"
    rows = [r for t in doc["targets"] for r in t["rows"] if r["group"] == "Hà Nội"]
    assert rows and all("Hà Nam" in r["recorded_names"] for r in rows)
    assert not [r for t in doc["targets"] for r in t["rows"] if r["group"] == "Ninh Bình"]
    md = run("targets", data, "--mapping", alt, "--format", "md", "--lang", "en").stdout
    assert "| Hà Nội ← Hà Nam |" in md
    assert "| Province mapping table (2025 reform) | alt-map.csv (given with --mapping), SHA-256 " in md
    assert "villagescore targets --framework vn-ttcn-sustainable --mapping alt-map.csv" in md
    assert run("targets", data, "--mapping", alt, "-o", tmp_path / "t.csv").exit_code == 0
    assert json.loads((tmp_path / "t.provenance.json").read_text(encoding="utf-8"))["mapping"] == doc["mapping"]
    stored = json.loads(run("targets", "--store", small_store, "--format", "json").stdout)
    assert stored["mapping"]["file"] == "provinces-2025.csv" and stored["mapping"]["shipped"] is True


def test_mapping_is_refused_as_compare_refuses_it(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"former_province,province\nH\xe0 Nam,Ninh B\xecnh\n")
    data = REPO / "datasets" / "villages" / "villages.csv"
    for command in ("targets", "compare"):
        extra = ["--by", "province"] if command == "compare" else []
        res = run(command, data, *extra, "--mapping", latin, "--lang", "vi")
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert "tệp không phải UTF-8 (byte 0xe0 ở dòng 2); hãy lưu dưới dạng 'CSV UTF-8'" in res.output
        missing = run(command, data, *extra, "--mapping", tmp_path / "nope.csv", "--lang", "en")
        assert missing.exit_code == 2 and "'--mapping'" in missing.output and "nope.csv" in missing.output
