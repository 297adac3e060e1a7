"""``villagescore compare``: sources, formats, warnings and the national sample end to end."""

import csv
import io
import json
from pathlib import Path

import pytest

from villagescore import schemas

TESTS = Path(__file__).resolve().parents[1]
SUPPORT = TESTS / "support"
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
TOY = SUPPORT / "toy.csv"
TOY_FW = SUPPORT / "toy-framework.yaml"


def _valid(doc):
    """``doc`` (a written comparison, or the dict a renderer gets, as it is written) holds to the schema."""
    from villagescore.reports.comparison_json import comparison_json

    plain = json.loads(comparison_json(doc)) if "rankings" in doc else doc
    errors = sorted(schemas.validator("compare").iter_errors(plain), key=str)
    assert not errors, errors[0]
    return doc


@pytest.fixture
def saved(toy_cli, tmp_path):
    """Evaluate a CSV with the toy plugin and save the result JSON; return its path."""

    def run(csv_path, name, framework=TOY_FW):
        out = tmp_path / name
        res = toy_cli("evaluate", csv_path, "-f", framework, "--format", "json", "-o", out)
        assert res.exit_code == 0, res.output
        return out

    return run


def test_json_from_a_dataset_validates(toy_cli, tmp_path):
    out = tmp_path / "cmp.json"
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--by", "sector", "--min-group", "1", "--format", "json", "-o", out,
                  "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = _valid(json.loads(out.read_text(encoding="utf-8")))
    assert [(r["village_id"], r["rank"]) for r in doc["rankings"]["rows"]] == [("v1", 1), ("v3", 2), ("v2", 3)]
    assert {g["key"]: g["count"] for g in doc["groups"]["rows"]} == {"alpha": 2, "beta": 2}
    assert doc["groups"]["rows"][0]["label"] == "Alpha craft"  # sector label from the registry
    assert not list(tmp_path.glob(".cmp.json.*"))  # atomic write left no temp file


def test_saved_results_compare_like_the_dataset(toy_cli, saved, tmp_path):
    first = toy_cli("compare", TOY, "-f", TOY_FW, "--villages", "v1", "v2", "--format", "json", "--lang", "vi")
    second = toy_cli("compare", saved(TOY, "toy.csv.json"), "--villages", "v1", "v2", "--format", "json",
                     "--lang", "vi", "-f", TOY_FW)  # -f: where the criteria's labels come from
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    # each run records the command that scored it: compare scored the dataset, evaluate the saved result
    assert [d["runs"][0]["provenance"]["options"]["command"] for d in (a, b)] == ["compare", "evaluate"]
    for doc in (a, b):  # the run labels are the file names, the commands differ; everything else is identical
        doc["runs"][0]["label"] = "x"
        doc["runs"][0]["provenance"]["options"]["command"] = "x"
        for part in (doc["rankings"]["rows"], doc["side_by_side"]["villages"]):
            for r in part:
                r["run"] = "x"
        doc["side_by_side"]["reference"]["run"] = "x"
        for g in doc["side_by_side"]["gaps"]:
            g["a"]["run"] = g["b"]["run"] = "x"
    assert a == b
    assert a["side_by_side"]["gaps"][0]["overall_gap"] == -58.75  # 29.5833 - 88.3333
    assert a["tiers"][0]["label"] == "Cao"  # --lang vi


def test_two_framework_versions_warn_and_share_indicators(toy_cli, saved, tmp_path):
    text = TOY_FW.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"').replace("          - {id: toy.a, weight: 1}\n", "")
    fw11 = tmp_path / "toy-1.1.yaml"
    fw11.write_text(text, encoding="utf-8")
    old = saved(TOY, "results-2024.json")
    new = saved(FIXTURES / "compare_toy_2025.csv", "results-2025.json", framework=fw11)
    out = tmp_path / "cmp.json"
    res = toy_cli("compare", old, new, "--villages", "v1@2024", "v1@2025", "--format", "json", "-o", out,
                  "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "warning: results come from different frameworks" in res.stderr
    assert "toy 1.0" in res.stderr and "toy 1.1" in res.stderr
    assert "only in results-2024.json: indicators toy.a" in res.stderr
    doc = _valid(json.loads(out.read_text(encoding="utf-8")))
    assert "toy.a" not in doc["shared"]["indicators"]
    assert "toy.a" not in {n["id"] for n in doc["side_by_side"]["nodes"]}
    # 2024 under toy 1.0 and 2025 under toy 1.1: a change of framework, no change over time (left out, said once)
    assert doc["over_time"]["changes"] == [] and doc["over_time"]["node_changes"] == []
    across = doc["over_time"]["across_frameworks"]
    assert across["village_ids"] == ["v1"] and across["villages"] == 1
    assert [w["count"] for w in doc["warnings"] if w["code"] == "changes_across_frameworks"] == [1]
    assert "1 village(s) (v1" in res.stderr and "have years scored only with different frameworks" in res.stderr


def test_reform_province_and_unknown_name_in_the_table(toy_cli):
    res = toy_cli("compare", FIXTURES / "compare_toy_reform.csv", "-f", TOY_FW, "--by", "province",
                  "--min-group", "1", "--lang", "en", "--format", "md")
    assert res.exit_code == 0, res.output
    assert "warning: province name(s) not in the 2025 mapping table" in res.stderr and "Hà Tây" in res.stderr
    rows = {line.split(" | ")[1]: line for line in res.stdout.splitlines() if line.startswith("| ")}
    assert "← Bắc Giang" in rows["Bắc Ninh"]  # v3 recorded in Bắc Giang, grouped with Bắc Ninh
    assert "not in the 2025 mapping table" in rows["Hà Tây"]


def test_a_village_recorded_only_under_its_former_province_is_evaluated_and_compared(toy_cli, tmp_path):
    data = tmp_path / "noprov.csv"
    data.write_text("village_id,name,commune,province,former_province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"
                    "v1,Làng Một,Xã Một,,Bắc Giang,alpha,2024,80,90,25,1,A,x,100,50\n"
                    "v2,Làng Hai,Xã Hai,Hà Nội,,beta,2024,40,,150,0,B,y,200,20\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = toy_cli("evaluate", data, "-f", TOY_FW, "--format", "json", "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    v1 = json.loads(out.read_text(encoding="utf-8"))["villages"][0]
    assert (v1["province"], v1["former_province"]) == (None, "Bắc Giang")  # kept as recorded
    for source in (data, out):  # the dataset and its saved result
        res = toy_cli("compare", source, "-f", TOY_FW, "--by", "province", "--min-group", "1", "--lang", "vi",
                      "--format", "md")
        assert res.exit_code == 0, res.output
        rows = {line.split(" | ")[1]: line for line in res.stdout.splitlines() if line.startswith("| ")}
        assert set(rows) >= {"Bắc Ninh", "Hà Nội"} and "← Bắc Giang" in rows["Bắc Ninh"]
        assert "(không ghi nhận)" not in res.stdout


def test_csv_sections_and_markdown(toy_cli):
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--villages", "v1", "v2", "--format", "csv", "--lang", "en")
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    assert rows[0][2] == "Indicator" and rows[1][2] == "toy.b"  # gaps, largest difference first
    assert float(rows[1][7]) == -25.0
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--format", "csv", "--table", "rankings")
    rows = list(csv.reader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    assert [r[1] for r in rows[1:]] == ["v1", "v3", "v2"]
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--format", "csv", "--table", "groups", "--lang", "en")
    assert res.exit_code == 1 and "no such section" in res.output
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--villages", "v1", "v3", "--format", "md", "--lang", "vi",
                  "--top", "2")
    assert res.exit_code == 0, res.output
    assert "## Bảng xếp hạng" in res.stdout and "## Chỉ số giải thích chênh lệch" in res.stdout
    # v3 - v1: toy.c 16.6667 - 16.6667 = 0, toy.b 16.6667 - 25 = -8.3333, toy.a 0 - 13.3333 = -13.3333,
    # toy.share 3.75 - 18.75 = -15, toy.kind 0 - 8.3333 = -8.3333; gap 43.3333 - 88.3333 = -45;
    # top 2 (share, a) = 28.3333 / 45 = 63.0 %
    assert "2 chỉ số đứng đầu giải thích 63,0 %" in res.stdout


def test_table_output_and_file(toy_cli, tmp_path):
    out = tmp_path / "cmp.txt"
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--lang", "en", "-o", out)
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "Rankings" in text and "Làng Một" in text and "88.33" in text


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_html_and_xlsx_call_the_report_modules(toy_cli, tmp_path, monkeypatch, fmt):
    import importlib

    module = importlib.import_module(f"villagescore.reports.{fmt}")
    seen = {}

    def fake(comparison, lang):
        seen.update(comparison=comparison, lang=lang)
        return b"report"

    monkeypatch.setattr(module, "render_comparison", fake, raising=False)
    out = tmp_path / f"cmp.{fmt}"
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--by", "province", "--format", fmt, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == b"report"
    assert seen["lang"] == "en"
    _valid(seen["comparison"])  # the renderer gets the documented comparison dict
    monkeypatch.delattr(module, "render_comparison")
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--format", fmt, "-o", out, "--lang", "en")
    assert res.exit_code == 1
    assert f"no {fmt.upper()} comparison report" in res.output
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--format", fmt, "-o", out, "--lang", "vi")
    assert f"không có báo cáo so sánh dạng {fmt.upper()}" in res.output


def test_user_errors(toy_cli, tmp_path):
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--villages", "v1", "nope", "--lang", "en")
    assert res.exit_code == 1 and "no village 'nope'" in res.output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    res = toy_cli("compare", bad)
    assert res.exit_code == 1 and "bad.json: không phải JSON hợp lệ (dòng 1" in res.output  # Vietnamese by default
    res = toy_cli("compare", bad, "--lang", "en")
    assert res.exit_code == 1 and "bad.json: not valid JSON (line 1" in res.output
    assert "; technical detail: Expecting property name" in res.output  # the parser's own words, labelled
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--min-group", "0")
    assert res.exit_code == 2


def test_national_sample_by_province_lists_every_province():
    from click.testing import CliRunner

    from villagescore.admin_mapping import load_mapping
    from villagescore.cli import cli

    data = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"
    with data.open(encoding="utf-8-sig") as handle:
        recorded = {row["province"] for row in csv.DictReader(handle)}
    mapping = load_mapping()
    expected = {mapping.current(p) for p in recorded}
    res = CliRunner().invoke(cli, ["compare", str(data), "--by", "province", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = _valid(json.loads(res.stdout))
    assert {g["key"] for g in doc["groups"]["rows"]} == expected
    assert sum(g["count"] for g in doc["groups"]["rows"]) == len(doc["rankings"]["rows"])
    assert all(g["mapped"] for g in doc["groups"]["rows"])


def test_name_with_brackets_and_html_in_table_and_markdown(toy_cli, odd_name_csv):
    res = toy_cli("compare", odd_name_csv, "-f", TOY_FW, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "[cũ]" in res.output and "[/x]" in res.output
    res = toy_cli("compare", odd_name_csv, "-f", TOY_FW, "--lang", "en", "--format", "md")
    assert res.exit_code == 0, res.output
    assert "| Làng \\[cũ\\] \\[/x\\] &lt;b&gt;\\*một\\*&lt;/b&gt; (v1) |" in res.stdout and "<b>" not in res.stdout


def test_per_year_periods_are_listed_in_order(toy_cli, tmp_path):
    rows = list(csv.reader(io.StringIO(TOY.read_text(encoding="utf-8"))))
    rows[1][5], rows[2][5] = "2025", "2023"  # v1 in 2025, v2 in 2023, v3 stays in 2024
    path = tmp_path / "years.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    res = toy_cli("compare", path, "-f", TOY_FW, "--per-year", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [p["period"] for p in doc["rankings"]["periods"]] == ["2023", "2024", "2025"]
    assert [r["period"] for r in doc["rankings"]["rows"]] == ["2023", "2024", "2025"]


def test_villages_by_name(toy_cli):
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--villages", "làng một", "LANG HAI", "--format", "json")
    assert res.exit_code == 0, res.output
    assert [v["village_id"] for v in json.loads(res.stdout)["side_by_side"]["villages"]] == ["v1", "v2"]


def test_a_result_csv_is_refused_in_one_message_naming_json_and_jsonl(toy_cli, tmp_path):
    out = tmp_path / "r2024.csv"
    res = toy_cli("evaluate", TOY, "-f", TOY_FW, "--format", "csv", "-o", out)
    assert res.exit_code == 0, res.output
    for lang, words in (("en", "r2024.csv is a result table written with --format csv"),
                        ("vi", "r2024.csv là bảng kết quả ghi bằng --format csv")):
        res = toy_cli("compare", out, out, "-f", TOY_FW, "--by", "province", "--lang", lang)
        assert res.exit_code == 1, res.output
        assert words in res.output and "--format json" in res.output and "jsonl" in res.output
        assert res.output.count("\n") <= 2 and "overall_score" not in res.output  # one message, not one per column
    assert toy_cli("compare", TOY, "-f", TOY_FW, "--lang", "en").exit_code == 0  # a dataset is still read


def test_a_comparison_written_again_replaces_its_own_output(tmp_path):
    """A national comparison's JSON is an output, never mistaken for a dataset (its options name "villages")."""
    from click.testing import CliRunner

    from villagescore.cli import cli

    data = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"
    out = tmp_path / "by-province.json"
    for _ in range(2):
        res = CliRunner().invoke(cli, ["compare", str(data), "--by", "province", "--format", "json", "-o", str(out)])
        assert res.exit_code == 0, res.output
    assert out.stat().st_size > 256 * 1024  # beyond what the output check reads of a file


def test_the_min_group_help_says_what_the_output_says(toy_cli):
    """Audit 2026-12: the help said 'too small to summarise'; the output says 'read with caution'."""
    from villagescore.i18n import t

    for lang, said in (("en", "read with caution"), ("vi", "cần thận trọng khi đọc")):
        res = toy_cli("compare", "--help", "--lang", lang)
        assert res.exit_code == 0, res.output
        assert said in t("compare.small_group", lang, mark="†", n=3)
        assert said in " ".join(res.output.split()) and "too small" not in res.output


@pytest.mark.parametrize("source", ["dataset", "result", "two datasets"])
def test_compare_loads_the_framework_once(toy_cli, saved, tmp_path, monkeypatch, source):
    """Review 2026-12 #4: the labels reuse the framework loaded for scoring (its warnings are said once)."""
    import villagescore.framework as framework

    paths = {"dataset": [TOY], "result": [saved(TOY, "toy.json")],
             "two datasets": [TOY, FIXTURES / "compare_toy_reform.csv"]}[source]
    loads = []
    real = framework.load_framework
    monkeypatch.setattr(framework, "load_framework", lambda *a, **k: loads.append(a) or real(*a, **k))
    res = toy_cli("compare", *paths, "-f", TOY_FW, "--format", "json", "-o", tmp_path / "c.json")
    assert res.exit_code == 0, res.output
    assert len(loads) == 1


@pytest.mark.parametrize(("lang", "said"), [("en", "nothing to compare: the store holds no evaluation yet"),
                                            ("vi", "không có gì để so sánh: kho chưa có lần đánh giá nào")])
def test_an_empty_store_is_said_empty_not_a_missing_source(tmp_path, lang, said):
    """Audit 2026-12-07: an emptied store said "give a dataset or at least one result file"."""
    from click.testing import CliRunner

    from villagescore.cli import cli
    from villagescore.store import Store

    path = tmp_path / "e.sqlite"
    Store(path, create=True).close()
    res = CliRunner().invoke(cli, ["compare", "--store", str(path), "--lang", lang])
    assert res.exit_code == 1 and said in res.output and "give a dataset" not in res.output


@pytest.mark.parametrize(("sort_keys", "separators"), [(False, None), (True, None), (True, (",", ":"))])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_json_lines_result_spaced_by_json_dumps_compares_as_written(toy_cli, tmp_path, suffix, sort_keys,
                                                                      separators):
    """Compact and key-sorted (``jq -S -c``) was refused: "villages[0] lacks village_id, year, overall, pillars"."""
    written = tmp_path / "r.jsonl"
    assert toy_cli("evaluate", TOY, "-f", TOY_FW, "--format", "jsonl", "-o", written).exit_code == 0
    spaced = tmp_path / f"spaced{suffix}"  # sort_keys: the header line no longer starts with "record"
    spaced.write_text("".join(json.dumps(json.loads(line), sort_keys=sort_keys, separators=separators) + "\n"
                              for line in written.read_text("utf-8").splitlines()), encoding="utf-8")
    a = toy_cli("compare", written, "-f", TOY_FW, "--format", "json")
    b = toy_cli("compare", spaced, "-f", TOY_FW, "--format", "json")
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    rows = [[{k: v for k, v in r.items() if k != "run"} for r in json.loads(res.stdout)["rankings"]["rows"]]
            for res in (a, b)]  # the run is named by its file
    assert rows[0] == rows[1] and len(rows[0]) == 3


def test_a_key_sorted_json_lines_result_saved_as_json_is_streamed_not_read_whole(toy_cli, tmp_path, monkeypatch):
    """Its whole text was read and parsed first (then kept alive by the error): 879 MB-1.27 GB at 100,000 rows."""
    written = tmp_path / "r.jsonl"
    assert toy_cli("evaluate", TOY, "-f", TOY_FW, "--format", "jsonl", "-o", written).exit_code == 0
    sorted_lines = tmp_path / "sorted.json"
    sorted_lines.write_text("".join(json.dumps(json.loads(line), sort_keys=True) + "\n"
                                    for line in written.read_text("utf-8").splitlines()), encoding="utf-8")
    read_text = Path.read_text

    def not_whole(path, *args, **kwargs):
        assert Path(path) != sorted_lines, "the whole file was read before its first line was looked at"
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", not_whole)
    res = toy_cli("compare", sorted_lines, "-f", TOY_FW, "--format", "json")
    assert res.exit_code == 0, res.output


def test_a_cut_json_lines_result_says_which_words_are_the_parser_s(toy_cli, tmp_path):
    cut = tmp_path / "cut.jsonl"
    assert toy_cli("evaluate", TOY, "-f", TOY_FW, "--format", "jsonl", "-o", cut).exit_code == 0
    cut.write_bytes(cut.read_bytes()[:300])  # inside the header line
    res = toy_cli("compare", cut)
    assert res.exit_code == 1
    assert "cut.jsonl: không phải JSON hợp lệ (dòng 1, cột" in res.output and "; chi tiết kỹ thuật: " in res.output


def test_an_empty_store_says_it_holds_no_evaluation_yet(toy_cli, tmp_path):
    from villagescore.store import Store

    path = tmp_path / "e.sqlite"
    Store(path, create=True).close()
    res = toy_cli("compare", "--store", path, "--lang", "en")
    assert res.exit_code == 1 and "the store holds no evaluation yet: " in res.output, res.output
    assert "villagescore store add DATASET --store" in res.output and "give a dataset or at least" not in res.output
    res = toy_cli("compare", "--store", path)
    assert res.exit_code == 1 and "kho chưa có lần đánh giá nào: " in res.output, res.output


def test_every_format_records_the_options_that_changed_the_scores(toy_cli, tmp_path):
    """--as-of and --unverified-limits change the scores: each run says so, with the provenance a result records."""
    runs = {}
    for name, extra in (("default", ()), ("as_of", ("--as-of", "2015-01-01")),
                        ("unverified", ("--unverified-limits", "score"))):
        out = tmp_path / f"{name}.json"
        res = toy_cli("compare", TOY, "-f", TOY_FW, *extra, "--format", "json", "-o", out, "--lang", "en")
        assert res.exit_code == 0, res.output
        (runs[name],) = _valid(json.loads(out.read_text(encoding="utf-8")))["runs"]
    assert runs["default"]["scoring"] == {"unverified_limits": "score"}
    assert runs["as_of"]["scoring"] == {"unverified_limits": "score", "as_of": "2015-01-01"}
    assert runs["unverified"]["provenance"]["options"]["unverified_limits"] == "score"
    assert runs["as_of"]["provenance"]["options"]["as_of"] == "2015-01-01"
    prov = runs["as_of"]["provenance"]
    assert prov["framework"]["resolved_sha256"] and prov["framework"]["lineage"] and prov["dataset"]["sha256"]
    assert "toy" in [p["name"] for p in prov["plugins"]] and "toy" in prov["plugins_used"]
    for fmt in ("md", "html"):
        res = toy_cli("compare", TOY, "-f", TOY_FW, "--as-of", "2015-01-01", "--format", fmt, "--lang", "en")
        assert res.exit_code == 0, res.output
        assert "--as-of 2015-01-01" in res.stdout and prov["framework"]["resolved_sha256"] in res.stdout, fmt
    table = tmp_path / "ranks.csv"
    res = toy_cli("compare", TOY, "-f", TOY_FW, "--as-of", "2015-01-01", "--format", "csv", "-o", table)
    assert res.exit_code == 0, res.output
    beside = json.loads((tmp_path / "ranks.provenance.json").read_text(encoding="utf-8"))
    assert beside["provenance_of"] == "ranks.csv" and beside["runs"][0]["scoring"]["as_of"] == "2015-01-01"
    assert beside["runs"][0]["provenance"] == prov


def test_run_labels_are_nfc_whatever_form_the_file_names_are_in(saved, toy_cli, tmp_path):
    """Audit 14 fix f1 #3: 'Làng dệt v1.json' named in NFD (macOS) gave other labels than in NFC."""
    import shutil
    import unicodedata

    v1 = saved(TOY, "v1.json")
    v2 = saved(FIXTURES / "compare_toy_2025.csv", "v2.json")
    written = {}
    for form in ("NFC", "NFD"):
        folder = tmp_path / form
        folder.mkdir()
        copies = [folder / unicodedata.normalize(form, f"Làng dệt {p.stem}.json") for p in (v1, v2)]
        for source, copy in zip((v1, v2), copies, strict=True):
            shutil.copyfile(source, copy)
        out = tmp_path / f"{form}.out.json"
        res = toy_cli("compare", *copies, "--format", "json", "-o", out, "--lang", "en")
        assert res.exit_code == 0, res.output
        written[form] = out.read_bytes()
    assert written["NFC"] == written["NFD"]
    labels = [r["label"] for r in json.loads(written["NFD"])["runs"]]
    assert labels == [unicodedata.normalize("NFC", f"Làng dệt {v}.json") for v in ("v1", "v2")]


def test_a_dataset_beside_a_store_is_scored_with_the_installed_version_named_by_id_at_version(monkeypatch):
    """Review (fourteenth walk): ``--framework ID@VERSION`` with a dataset said the id given was no known framework."""
    from types import SimpleNamespace

    from villagescore.cli import compare as cli_compare
    from villagescore.errors import VillageScoreError

    monkeypatch.setattr(cli_compare, "_framework", lambda app, spec: SimpleNamespace(id=spec, version="1.4.1"))
    assert cli_compare._scoring_spec(None, "vn-ttcn-sustainable@1.4.1") == "vn-ttcn-sustainable"
    assert cli_compare._scoring_spec(None, "vn-ttcn-sustainable") == "vn-ttcn-sustainable"
    with pytest.raises(VillageScoreError) as info:
        cli_compare._scoring_spec(None, "vn-ttcn-sustainable@1.3")
    said = info.value.format("en") if hasattr(info.value, "format") else str(info.value)
    assert "a dataset is scored with an installed framework (vn-ttcn-sustainable 1.4.1)" in said
    assert "give --framework vn-ttcn-sustainable, or the file of version 1.3" in said


def test_a_json_file_nested_thousands_deep_is_a_user_error_not_a_traceback(toy_cli, tmp_path):
    """Sixteenth walk: `compare deep.json` ({"x": [[[… 50,000 levels) was a RecursionError, exit 3."""
    deep = tmp_path / "deep.json"
    deep.write_text('{"x": ' + "[" * 50000 + "]" * 50000 + "}", encoding="utf-8")
    res = toy_cli("compare", deep, "--lang", "en")
    assert res.exit_code == 1 and "deep.json: the JSON is nested more than 1,024 levels deep" in res.output, res.output


def test_every_output_records_the_province_mapping_table_it_grouped_by(toy_cli, tmp_path):
    shipped = (REPO / "datasets" / "admin" / "provinces-2025.csv").read_text(encoding="utf-8")
    alt = tmp_path / "alt-map.csv"  # Bắc Giang into Hà Nội: the groups differ, and so must what the files record
    alt.write_text(shipped.replace("Bắc Giang,Bắc Ninh,", "Bắc Giang,Hà Nội,"), encoding="utf-8")
    data = FIXTURES / "compare_toy_reform.csv"
    base = ["compare", data, "-f", TOY_FW, "--by", "province", "--min-group", "1", "--lang", "en"]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert toy_cli(*base, "--format", "json", "-o", a).exit_code == 0
    assert toy_cli(*base, "--mapping", alt, "--format", "json", "-o", b).exit_code == 0
    a_doc = _valid(json.loads(a.read_text(encoding="utf-8")))
    b_doc = _valid(json.loads(b.read_text(encoding="utf-8")))
    import hashlib

    assert a_doc["options"]["mapping"]["file"] == "provinces-2025.csv" and a_doc["options"]["mapping"]["shipped"]
    digest = hashlib.sha256(alt.read_bytes()).hexdigest()
    assert b_doc["options"]["mapping"] == {"file": "alt-map.csv", "sha256": digest, "shipped": False,
                                           "confidence": {"secondary": 63}}
    # the command each run prints names the table too
    assert b_doc["runs"][0]["provenance"]["options"]["mapping"] == "alt-map.csv"
    assert "mapping" not in a_doc["runs"][0]["provenance"]["options"]
    res = toy_cli(*base, "--mapping", alt, "-o", tmp_path / "b.csv")
    assert res.exit_code == 0, res.output
    sidecar = json.loads((tmp_path / "b.provenance.json").read_text(encoding="utf-8"))
    assert sidecar["options"]["mapping"] == b_doc["options"]["mapping"]
    md = toy_cli(*base, "--mapping", alt, "--format", "md").stdout
    assert "| Province mapping table (2025 reform) | alt-map.csv (given with --mapping), SHA-256 " in md
    assert "rows by confidence: secondary source (secondary): 63 |" in md
    assert "villagescore compare --framework toy-framework.yaml --mapping alt-map.csv" in md
    vi = toy_cli(*base[:-2], "--lang", "vi", "--format", "md").stdout
    assert "| Bảng chuyển đổi tỉnh/thành (sắp xếp năm 2025) | provinces-2025.csv (bảng kèm theo villagescore)" in vi
