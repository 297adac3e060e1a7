"""Datasets read from standard input ('-') and the UTF-8 BOM of CSV output (villagescore.cli.stdin, options)."""

import io
import json

import pytest
from click.testing import CliRunner

from tests.conftest import SUPPORT

TOY = SUPPORT / "toy.csv"
TOY_FW = SUPPORT / "toy-framework.yaml"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def invoke(monkeypatch, toy_registry):
    from villagescore import cli as cli_module
    from villagescore.registry import Registry

    monkeypatch.setattr(Registry, "default", classmethod(lambda cls, strict=None, catalogues=(): toy_registry))

    def run(*args, stdin: bytes = b""):
        return CliRunner().invoke(cli_module.cli, [str(a) for a in args], input=stdin, catch_exceptions=False)

    return run


def test_evaluate_reads_standard_input_and_scores_as_the_file(invoke):
    from_file = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "csv")
    from_stdin = invoke("evaluate", "-", "-f", TOY_FW, "--format", "csv", stdin=TOY.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout_bytes == from_file.stdout_bytes


def test_standard_input_is_named_stdin_in_provenance_so_reports_are_reproducible(invoke):
    runs = [invoke("evaluate", "-", "-f", TOY_FW, "--format", "json", stdin=TOY.read_bytes()) for _ in range(2)]
    assert runs[0].stdout_bytes == runs[1].stdout_bytes
    doc = json.loads(runs[0].stdout)
    assert doc["provenance"]["dataset"]["file"] == "<stdin>"


def test_input_format_says_what_standard_input_holds(invoke, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    import csv

    for row in csv.reader(io.StringIO(TOY.read_text(encoding="utf-8"))):
        ws.append([float(x) if x.replace(".", "", 1).isdigit() and i >= 6 else x for i, x in enumerate(row)])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = invoke("evaluate", "-", "--input-format", "xlsx", "-f", TOY_FW, "--format", "csv", stdin=buf.getvalue())
    plain = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "csv")
    assert xlsx.exit_code == 0, xlsx.output
    assert xlsx.stdout_bytes == plain.stdout_bytes
    as_csv = invoke("evaluate", "-", "-f", TOY_FW, stdin=buf.getvalue())  # default csv: not a CSV file
    assert as_csv.exit_code == 1
    # the result records how standard input was read, and the report prints it as the command that gave it
    doc = json.loads(invoke("evaluate", "-", "--input-format", "xlsx", "-f", TOY_FW, "--format", "json",
                            stdin=buf.getvalue()).stdout)
    assert doc["provenance"]["options"]["input_format"] == "xlsx"
    md = invoke("evaluate", "-", "--input-format", "xlsx", "-f", TOY_FW, "--format", "md", "--lang", "en",
                stdin=buf.getvalue()).stdout
    assert "--input-format xlsx" in next(x for x in md.splitlines() if "Command and options" in x)
    as_default = json.loads(invoke("evaluate", "-", "--input-format", "csv", "-f", TOY_FW, "--format", "json",
                                   stdin=TOY.read_bytes()).stdout)
    assert "input_format" not in as_default["provenance"]["options"]  # csv, the default: as before
    named = json.loads(invoke("evaluate", TOY, "--input-format", "xlsx", "-f", TOY_FW, "--format", "json").stdout)
    assert "input_format" not in named["provenance"]["options"]  # a named file's suffix says its format


def test_validate_names_standard_input_in_its_messages(invoke, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    ok = invoke("validate", "-", stdin=TOY.read_bytes())
    assert ok.exit_code == 0 and "OK      - (dataset)" in ok.stdout
    bad = invoke("validate", "-", stdin=b"village_id,name\nv1,x\n")
    assert bad.exit_code == 1
    assert "<stdin>: row 1: missing identity column(s)" in bad.stdout
    assert "villagescore-stdin-" not in bad.output  # never the temporary file's name


def test_empty_standard_input_is_a_clear_error(invoke):
    run = invoke("evaluate", "-", "-f", TOY_FW, "--lang", "en")
    assert run.exit_code == 1
    assert "standard input is empty" in run.stderr
    run = invoke("evaluate", "-", "-f", TOY_FW, "--lang", "vi")
    assert "đầu vào chuẩn trống" in run.stderr


def test_compare_reads_a_dataset_or_a_result_from_standard_input(invoke):
    run = invoke("compare", "-", "-f", TOY_FW, "--format", "csv", "--lang", "en", stdin=TOY.read_bytes())
    assert run.exit_code == 0, run.output
    assert "v1" in run.stdout
    result = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "json").stdout_bytes
    again = invoke("compare", "-", "--input-format", "json", "--format", "csv", "--lang", "en", stdin=result)
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == run.stdout_bytes


def test_csv_keeps_its_bom_on_standard_output_and_no_bom_drops_it(invoke, tmp_path):
    piped = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "csv")
    assert piped.stdout_bytes.startswith(BOM + b"village_id,")
    bare = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "csv", "--no-bom")
    assert bare.stdout_bytes == piped.stdout_bytes[len(BOM):]
    out = tmp_path / "scores.csv"
    invoke("evaluate", TOY, "-f", TOY_FW, "-o", out, "--no-bom")
    assert out.read_bytes() == bare.stdout_bytes
    compare = invoke("compare", TOY, "-f", TOY_FW, "--format", "csv", "--no-bom")
    assert compare.exit_code == 0, compare.output
    assert not compare.stdout_bytes.startswith(BOM)
    assert invoke("compare", TOY, "-f", TOY_FW, "--format", "csv").stdout_bytes.startswith(BOM)


def test_no_bom_with_a_format_that_has_none_is_a_usage_error(invoke):
    json_out = invoke("evaluate", TOY, "-f", TOY_FW, "--format", "json", "--no-bom")
    assert json_out.exit_code == 2 and json_out.stdout_bytes == b""


def test_a_plugin_reader_reads_standard_input_by_the_suffix_it_declares(monkeypatch):
    from tests.datasets.test_readers import _read_tsv, _registry_with
    from villagescore import cli as cli_module
    from villagescore.registry import Registry

    registry = _registry_with(_read_tsv)
    monkeypatch.setattr(Registry, "default", classmethod(lambda cls, strict=None, catalogues=(): registry))
    tsv = TOY.read_text(encoding="utf-8").replace(",", "\t").encode("utf-8")

    def run(*args):
        return CliRunner().invoke(cli_module.cli, [str(a) for a in args], input=tsv, catch_exceptions=False)

    got = run("evaluate", "-", "--input-format", "TSV", "-f", TOY_FW, "--format", "csv")
    assert got.exit_code == 0, got.output
    assert got.stdout_bytes == run("evaluate", TOY, "-f", TOY_FW, "--format", "csv").stdout_bytes
    unknown = run("evaluate", "-", "--input-format", "docx", "-f", TOY_FW, "--lang", "en")
    assert unknown.exit_code == 1 and "no reader for files ending in '.docx'" in unknown.output
    assert ".tsv" in unknown.output and "Traceback" not in unknown.output


def test_renamed_problems_stay_said_in_any_language():
    from villagescore.cli.stdin import renamed_problems
    from villagescore.datasets.metadata import metadata_file
    from villagescore.errors import Problem, SaidText, said
    from villagescore.i18n import N_

    message = said(SaidText, N_("{file} (metadata)"), file="/tmp/x/stdin.json")
    (found,) = renamed_problems([Problem(metadata_file("/tmp/x/stdin.json"), "$", message)], "/tmp/x/stdin.json", "-")
    assert found.format("en") == "- (metadata): $: - (metadata)"
    assert found.format("vi") == "- (siêu dữ liệu): $: - (siêu dữ liệu)"


@pytest.mark.parametrize("lang, said", [
    ("en", "<stdin>: the input is a ZIP archive such as an Excel workbook, not CSV text: for a workbook on standard "
           "input add --input-format xlsx"),
    ("vi", "với sổ tính đưa qua đầu vào chuẩn, hãy thêm --input-format xlsx"),
])
def test_a_workbook_piped_in_as_csv_is_told_to_add_input_format_xlsx(invoke, tmp_path, lang, said):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["village_id"])
    path = tmp_path / "w.xlsx"
    book.save(path)
    result = invoke("evaluate", "-", "-f", TOY_FW, "--lang", lang, stdin=path.read_bytes())
    assert result.exit_code == 1
    assert said in " ".join(result.output.split()) and "UTF-8 (byte" not in result.output


def test_compare_streams_a_key_sorted_json_lines_result_from_standard_input_as_from_its_file(invoke, tmp_path,
                                                                                              monkeypatch):
    """``jq -S -c`` output piped into ``compare -`` was read whole and refused as "JSON Lines, not a JSON dataset"."""
    from villagescore.cli import stdin as stdin_module

    written = tmp_path / "r.jsonl"
    assert invoke("evaluate", TOY, "-f", TOY_FW, "--format", "jsonl", "-o", written).exit_code == 0
    sorted_lines = "".join(json.dumps(json.loads(line), sort_keys=True, separators=(",", ":")) + "\n"
                           for line in written.read_text("utf-8").splitlines()).encode()
    as_file = tmp_path / "sorted.jsonl"
    as_file.write_bytes(sorted_lines)
    from_file = invoke("compare", as_file, "--format", "csv", "--lang", "en")
    assert from_file.exit_code == 0, from_file.output

    def whole(app):
        raise AssertionError("standard input was read whole before its first line was looked at")

    monkeypatch.setattr(stdin_module, "stdin_bytes", whole)
    for data in (sorted_lines, written.read_bytes()):
        piped = invoke("compare", "-", "--input-format", "json", "--format", "csv", "--lang", "en", stdin=data)
        assert piped.exit_code == 0, piped.output
        assert piped.stdout_bytes == from_file.stdout_bytes


def test_a_cut_json_lines_result_on_standard_input_is_said_naming_stdin(invoke, tmp_path):
    written = tmp_path / "r.jsonl"
    assert invoke("evaluate", TOY, "-f", TOY_FW, "--format", "jsonl", "-o", written).exit_code == 0
    cut = b"".join(written.read_bytes().splitlines(keepends=True)[:-1])  # its end record gone
    run = invoke("compare", "-", "--input-format", "json", "--lang", "en", stdin=cut)
    assert run.exit_code == 1
    assert "<stdin>: truncated: no end record" in run.stderr


@pytest.mark.parametrize("command", ["evaluate", "compare"])
@pytest.mark.parametrize("lang, said", [
    ("en", "<stdin>: the input looks like JSON (it starts with '{'), not CSV text: for JSON on standard input (a "
           "dataset or a saved result) add --input-format json"),
    ("vi", "hãy thêm --input-format json"),
])
def test_json_piped_in_as_csv_is_told_in_one_line_to_add_input_format_json(invoke, command, lang, said):
    """Review (thirteenth walk): ``pilot --format json | compare -`` gave ~200 "stray comma" lines and no hint."""
    document = (b'\xef\xbb\xbf \n{\n  "schema_version": 2,\n  "villages": [\n'
                b'    {"village_id": "A", "year": 2024}\n  ]\n}\n')
    result = invoke(command, "-", "-f", TOY_FW, "--lang", lang, stdin=document)
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(problems) == 1 and said in problems[0]
