"""Frameworks, targets files, catalogues and province mappings are never replaced by an output.

Audit (thirteenth walk): ``compare --format json -o official.json`` replaced an analyst's edited
framework, and ``framework export -o my-targets.yaml`` a programme targets file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli
from villagescore.protected import input_kind
from villagescore.protected_documents import document_kind, top_level_keys

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "datasets" / "examples" / "example-small.csv"
TARGETS = REPO / "src" / "villagescore" / "targets" / "programmes" / "decision-801.yaml"

KINDS = {
    "framework.yaml": ("id: mine\nversion: '1.0'\ntitle: {vi: x, en: x}\npillars:\n- id: p\n", "framework"),
    "overlay.yaml": ("# my overlay\n---\nid: mine\nversion: 1.0.1\nextends: vn-ttcn-sustainable\n", "framework"),
    "framework.json": (json.dumps({"id": "m", "version": "1", "title": {"vi": "x"}, "pillars": []}), "framework"),
    "targets.yaml": ("kind: 'villagescore-targets'  # a programme\nid: t\ntargets:\n- id: a\n", "targets file"),
    "targets.json": (json.dumps({"id": "t", "kind": "villagescore-targets", "targets": []}), "targets file"),
    "catalogue.yaml": ("catalogue: bronze\nversion: 0.1.0\nindicators: []\n", "catalogue"),
    "mapping.csv": ("\ufeffformer_province,province\nHà Tây,Hà Nội\n", "province mapping"),
    # review of the thirteenth walk: a YAML directive before "---", and a null kind, hid valid frameworks
    "directive.yaml": ("%YAML 1.2\n# mine\n---\nid: mine\nversion: '1.0'\npillars:\n- id: p\n", "framework"),
    "null-kind.json": (json.dumps({"id": "m", "version": "1", "kind": None, "pillars": []}), "framework"),
    "null-kind.yaml": ("id: mine\nkind: ~\nversion: '1.0'\nextends: vn-ttcn-sustainable\n", "framework"),
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_document_villagescore_reads_is_an_input(tmp_path, name):
    text, kind = KINDS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert kind in str(input_kind(path))


@pytest.mark.parametrize("text", [
    json.dumps({"kind": "villagescore-explanation", "id": "x", "version": "1", "pillars": []}),  # explain's output
    json.dumps({"kind": "villagescore-targets-report", "targets": []}),  # the targets command's output
    json.dumps({"schema_version": "1", "framework": {"id": "x", "version": "1", "pillars": []}}),  # nested: a result
    "# Framework\n\nThe text of a report.\n\n```yaml\nid: x\nversion: 1\npillars:\n```\n",  # Markdown quoting YAML
    "village_id,former_province,province\nv1,Hà Tây,Hà Nội\n",  # a table with a province column
    "%YAML 1.2\n---\nkind: villagescore-comparison\nid: x\nversion: 1\npillars: []\n",  # a directive, a kind
    "---\nid: x\n%not a directive\nversion: 1\npillars:\n",  # '%' inside the document: not YAML keys
])
def test_what_only_looks_like_one_is_no_document(text):
    assert document_kind(text) is None


def test_only_the_top_level_and_the_first_bytes_are_read():
    text = '{"notes": {"kind": "x", "pillars": 1}, "id": "a", "version": "1", "pillars": [{"id": "p"'
    assert set(top_level_keys(text, whole=False)) == {"notes", "id", "version", "pillars"}
    assert top_level_keys("id: a\nversion: 1\npill", whole=False) == {"id": "a", "version": "1"}


def test_an_output_never_replaces_a_framework_or_a_targets_file(tmp_path):
    runner = CliRunner()
    official = tmp_path / "official.json"
    assert runner.invoke(cli, ["framework", "export", "--format", "json", "-o", str(official)]).exit_code == 0
    kept = official.read_bytes()
    res = runner.invoke(cli, ["compare", str(EXAMPLE), "--format", "json", "-o", str(official), "--lang", "en"])
    assert res.exit_code == 1 and "it is a framework" in res.output
    assert official.read_bytes() == kept
    mine = tmp_path / "my-targets.yaml"
    shutil.copy(TARGETS, mine)
    res = runner.invoke(cli, ["framework", "export", "-o", str(mine)])
    assert res.exit_code == 1 and "tệp mục tiêu" in res.output
    assert mine.read_bytes() == TARGETS.read_bytes()


def test_export_replaces_its_own_framework_unchanged_and_keeps_an_edited_one(tmp_path):
    runner = CliRunner()
    out = tmp_path / "fw.yaml"
    assert runner.invoke(cli, ["framework", "export", "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["framework", "export", "-o", str(out)]).exit_code == 0  # the same bytes: replaced
    edited = out.read_text(encoding="utf-8") + "# the ministry's note\n"  # an edit, whatever the framework's version
    out.write_text(edited, encoding="utf-8")
    res = runner.invoke(cli, ["framework", "export", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 1 and "refusing to replace" in res.output
    assert out.read_text(encoding="utf-8") == edited
