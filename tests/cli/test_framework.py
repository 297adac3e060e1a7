"""``villagescore framework show|export|diff``: the tree, docs/framework.md kept in step, what changed between two."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from villagescore.cli import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "framework.md"


def test_committed_reference_matches_the_default_framework():
    res = CliRunner().invoke(cli, ["framework", "show", "--format", "md", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.stdout == DOC.read_text(encoding="utf-8"), (
        "docs/framework.md is out of date: run `villagescore framework show --format md --lang en "
        "-o docs/framework.md`")


def test_unverified_values_are_marked():
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "UNVERIFIED" in res.output
    assert "QCVN 13-MT:2015" in res.output


def test_show_toy_table(toy_cli, support_dir):
    res = toy_cli("framework", "show", "-f", support_dir / "toy-framework.yaml", "--lang", "vi")
    assert res.exit_code == 0, res.output
    assert "Bộ tiêu chí thử" in res.output and "flag-required" in res.output


def test_export_round_trips(toy_cli, support_dir, tmp_path):
    out = tmp_path / "copy.yaml"
    assert toy_cli("framework", "export", "-f", support_dir / "toy-framework.yaml", "-o", out).exit_code == 0
    assert toy_cli("validate", out).exit_code == 0


def test_show_table_keeps_bracketed_sectors(toy_cli, support_dir):
    # rich would read "[alpha]" as a style tag and hide it; the sector is named by label, its id beside
    res = toy_cli("framework", "show", "-f", support_dir / "toy-framework.yaml", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "(toy.b)" in res.output and "[Alpha craft (alpha)]" in res.output


def test_vietnamese_tree_has_vietnamese_words_labels_with_ids_and_vietnamese_numbers():
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "vi"], env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    for english in ("(by discharge_column)", "→ in force", "UNVERIFIED", "── gates", "── tiers", "→ cap",
                    "every pillar", "w=", "e+06", "700000"):
        assert english not in res.output, english
    assert "Môi trường (environment) trọng số 0,3" in res.output
    flat = " ".join(res.output.replace("│", " ").split())
    assert "(discharge_column))" in flat and "(theo discharge_column)" not in flat and "4.680.000" in res.output
    assert ("(environment.protection_plan) giá trị ≥ 1 → xếp loại tối đa Cần cải thiện (needs_improvement)"
            in res.output)
    assert "Bền vững (sustainable): ≥ 75, mọi trụ cột ≥ 60" in res.output


def test_vietnamese_page_has_vietnamese_rationales_and_notes():
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "vi", "--format", "md"])
    assert res.exit_code == 0, res.output
    for english in ("Highest pillar weight", "Weights are expert judgements", "The 2021 criteria set built by",
                    "Lowest weight because governance is a means"):
        assert english not in res.stdout, english
    assert "*Lý do:* Trụ cột có trọng số cao nhất (0,30 so với 0,25/0,25/0,20)" in res.stdout
    assert "> Trọng số là đánh giá của chuyên gia" in res.stdout
    # the regulations' notes are in Vietnamese too: the column no longer says they are in English
    assert "| độ tin cậy | ghi chú |" in res.stdout and "bằng tiếng Anh" not in res.stdout
    assert "| Đã đọc khoản 1 Điều 56 [V]; các khoản 2–7 mới chỉ biết nội dung khái quát. |" in res.stdout
    assert "Art. 56(1) read [V]" not in res.stdout
    en = CliRunner().invoke(cli, ["framework", "show", "--lang", "en", "--format", "md"])
    assert "| confidence | note |" in en.stdout
    assert "| Art. 56(1) read [V]; clauses 2–7 known in outline only. |" in en.stdout


def test_a_framework_s_own_regulation_with_a_plain_string_note_shows_it_as_written(tmp_path):
    """A framework may declare its regulation itself with a note as one string (as a third party may write it)."""
    from tests.conftest import REPO

    doc = yaml.safe_load((REPO / "docs/examples/frameworks/ocop.yaml").read_text(encoding="utf-8"))
    doc["regulations"][0]["note"] = "100 points, parts A 40 / B 25 / C 35 [S]."
    path = tmp_path / "ocop-plain-note.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for lang in ("vi", "en"):
        res = CliRunner().invoke(cli, ["framework", "show", "--framework", str(path), "--lang", lang, "--format", "md"])
        assert res.exit_code == 0, res.output
        assert "| 100 points, parts A 40 / B 25 / C 35 [S]. |" in res.stdout


def test_the_ocop_example_shows_its_note_and_rationales_in_the_reader_s_language():
    """The OCOP example's regulation note and part rationales were English only, in a Vietnamese page too."""
    from tests.conftest import REPO

    path = str(REPO / "docs/examples/frameworks/ocop.yaml")
    shown = {lang: CliRunner().invoke(cli, ["framework", "show", "--framework", path, "--lang", lang, "--format", "md"])
             for lang in ("vi", "en")}
    assert all(res.exit_code == 0 for res in shown.values())
    assert "| 100 điểm, phần A 40 / B 25 / C 35: được gắn [V] trong domain.md §A" in shown["vi"].stdout
    assert "Phần A chiếm 40 trên 100 điểm (Quyết định 148/QĐ-TTg) [S]." in shown["vi"].stdout
    assert "100 points" not in shown["vi"].stdout and "Part A carries" not in shown["vi"].stdout
    assert "| 100 points, parts A 40 / B 25 / C 35: tagged [V] in domain.md §A" in shown["en"].stdout
    assert "Part A carries 40 of the 100 points (Decision 148/QĐ-TTg) [S]." in shown["en"].stdout


def test_export_keeps_both_languages_and_validates(tmp_path):
    out = tmp_path / "default.yaml"
    res = CliRunner().invoke(cli, ["framework", "export", "--format", "yaml", "-o", str(out)])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["pillars"][0]["rationale"]["vi"].startswith("Trụ cột có trọng số cao nhất")
    assert doc["pillars"][0]["rationale"]["en"].startswith("Highest pillar weight")
    assert all(set(note) == {"vi", "en"} for note in doc["notes"])
    assert CliRunner().invoke(cli, ["validate", str(out)]).exit_code == 0


OCOP = Path(__file__).resolve().parents[2] / "docs" / "examples" / "frameworks" / "ocop.yaml"


@pytest.mark.parametrize(("lang", "part_c"), [("en", "Part C: Product quality (c_quality) ≥ 20"),
                                                ("vi", "Phần C: Chất lượng sản phẩm (c_quality) ≥ 20")])
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_each_tier_shows_the_minimums_of_the_pillars_it_names(lang, part_c, fmt):
    """Audit 2026-12 #5: every OCOP star requires c_quality ≥ 20; the table and the page said only '≥ 0'."""
    res = CliRunner().invoke(cli, ["framework", "show", "-f", str(OCOP), "--format", fmt, "--lang", lang])
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.replace("│", " ").split())
    assert text.count(part_c) == 5, text[-800:]
    every = "every pillar ≥ 60" if lang == "en" else "mọi trụ cột ≥ 60"
    default = CliRunner().invoke(cli, ["framework", "show", "--format", fmt, "--lang", lang]).stdout
    assert every in default  # the minimum of every pillar, as before


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_tree_gives_the_effective_weights_the_page_gives(lang):
    """Audit 2026-12 #17: the tree showed raw weights (30, 30, 30) where the page says 33 %."""
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.framework_doc import criterion_share, pillar_share, weight_text

    registry = Registry.default()
    fw = load_framework(None, registry)
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", lang], env={"COLUMNS": "300"})
    text = " ".join(res.stdout.replace("│", " ").split())
    for p in fw.pillars:
        assert f"{weight_text(p.weight, lang)} ({pillar_share(fw, p, lang)})" in text
        for c in (p.criteria[0], p.criteria[-1]):  # an own criterion, and a sector's named by label (id)
            assert f"({c.id}) {weight_text(c.weight, lang)} ({criterion_share(p, c, lang, registry.sectors)})" in text


def test_diff_writes_the_changes_in_the_format_of_its_output_file(tmp_path):
    from tests.conftest import REPO

    hanoi = str(REPO / "docs/examples/frameworks/hanoi-variant.yaml")
    out = tmp_path / "changes.json"
    res = CliRunner().invoke(cli, ["framework", "diff", "vn-ttcn-sustainable", hanoi, "-o", str(out)])
    assert res.exit_code == 0, res.output
    doc = __import__("json").loads(out.read_text(encoding="utf-8"))
    assert [c["id"] for c in doc["changes"] if c["kind"] == "pillar"] == ["environment", "governance"]
    page = CliRunner().invoke(cli, ["framework", "diff", hanoi, "vn-ttcn-sustainable", "--format", "md",
                                    "--lang", "vi"])
    assert page.exit_code == 0
    assert "| trụ cột | Môi trường (environment) | thay đổi | trọng số (weight) | 0,35 | 0,3 |" in page.stdout


def test_an_overlay_and_its_export_have_no_difference(tmp_path):
    from tests.conftest import REPO

    hanoi = str(REPO / "docs/examples/frameworks/hanoi-variant.yaml")
    exported = tmp_path / "hanoi-resolved.yaml"
    assert CliRunner().invoke(cli, ["framework", "export", "-f", hanoi, "-o", str(exported)]).exit_code == 0
    res = CliRunner().invoke(cli, ["framework", "diff", hanoi, str(exported), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert __import__("json").loads(res.stdout)["changes"] == []


def test_diff_of_an_unknown_framework_is_an_error_without_a_traceback():
    res = CliRunner().invoke(cli, ["framework", "diff", "vn-ttcn-sustainable", "no-such-framework", "--lang", "en"])
    assert res.exit_code != 0 and "no-such-framework" in res.output and "Traceback" not in res.output


def test_show_writes_a_page_to_print_from_the_output_suffix(tmp_path):
    page = tmp_path / "framework.html"
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "vi", "-o", str(page)])
    assert res.exit_code == 0, res.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="vi">' in text and "environment.dust_tsp" in text


def test_show_prints_the_reference_as_a_pdf(tmp_path):
    pytest.importorskip("weasyprint", reason="the 'pdf' extra (WeasyPrint) is not installed")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "framework.pdf"
    res = CliRunner().invoke(cli, ["framework", "show", "--format", "pdf", "--lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) > 10 and "vn-ttcn-sustainable" in reader.pages[0].extract_text()


def test_export_writes_a_sector_indicator_s_rationale_in_both_languages(tmp_path):
    """The sector catalogues' indicator rationales, joined into the framework, were exported in English only."""
    out = tmp_path / "default.yaml"
    assert CliRunner().invoke(cli, ["framework", "export", "--format", "yaml", "-o", str(out)]).exit_code == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    nodes = [i for p in doc["pillars"] for c in p.get("criteria", []) + p.get("sector_criteria", {}).get("criteria", [])
             for i in c.get("indicators", [])]
    (solvent,) = [i for i in nodes if i["id"] == "lacquer.solvent_intensity"]
    assert solvent["rationale"] == {"vi": "LAC-01. Lượng dung môi dùng cho mỗi sản phẩm [E].",
                                    "en": "LAC-01. Solvent use per item [E]."}


def test_the_tree_says_the_missing_data_policy_and_its_minimum_coverage_unrounded():
    """Audit (thirteenth walk): two thirds must read 66,67 %, not 0.67, wherever framework show gives it."""
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "vi"], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert "(độ phủ tối thiểu 66,67\u00a0%)" in res.output


def test_the_tree_tags_an_indicator_s_sectors_by_label_with_the_id():
    """Audit (thirteenth walk): the tree's tags read ``[weaving]``; ids are shown beside their labels."""
    from villagescore.registry import Registry

    weaving = Registry.default().sectors["weaving"].label["vi"]
    res = CliRunner().invoke(cli, ["framework", "show", "--lang", "vi"], terminal_width=300)
    assert res.exit_code == 0, res.output
    assert f"[{weaving} (weaving)]" in res.output and "[weaving]" not in res.output


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_the_annex_carries_the_provenance_a_result_of_it_records(fmt):
    """Audit 14 #2: the annex of an overlay named its own file's hash only: no base, no resolved hash, no plugins."""
    from tests.conftest import REPO
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    hanoi = str(REPO / "docs/examples/frameworks/hanoi-variant.yaml")
    registry = Registry.default()
    prov = Engine(registry).framework_provenance(load_framework(hanoi, registry))
    res = CliRunner().invoke(cli, ["framework", "show", "-f", hanoi, "--format", fmt, "--lang", "en"],
                             env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    page = res.stdout
    base, own = prov["framework"]["lineage"]
    assert base["id"] == "vn-ttcn-sustainable" and page.index(base["sha256"]) < page.rindex(own["sha256"])
    assert prov["framework"]["resolved_sha256"] in page
    regulations = next(p for p in prov["plugins"] if p["name"] == "vn_ttcn")["files"][0]
    assert regulations["file"] == "regulations.yaml" and regulations["sha256"][:12] in page
