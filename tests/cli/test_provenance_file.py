"""villagescore.cli.provenance_file: a CSV result's provenance beside it, never half of the pair, or where it is."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from villagescore.cli.provenance_file import provenance_beside


def _args(support_dir, *more):
    return ("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "csv", *more)


def test_a_csv_result_has_its_provenance_beside_it_the_same_bytes_each_run(toy_cli, support_dir, tmp_path):
    """Audit (thirteenth walk): three CSV results of one village, 32.94, 37.05 and 31.57, said nothing of why."""
    out = tmp_path / "r.csv"
    res = toy_cli(*_args(support_dir, "-o", out, "--lang", "en"))
    assert res.exit_code == 0, res.output
    beside = tmp_path / "r.provenance.json"
    assert f"the provenance of r.csv (framework, hashes, plugins, options, regulation versions) is in {beside}" in (
        res.stderr)
    first = beside.read_bytes()
    doc = json.loads(first)
    assert doc["provenance_of"] == "r.csv" and doc["schema_version"] == 2
    prov = doc["provenance"]
    assert prov["framework"]["id"] == "toy" and len(prov["framework"]["resolved_sha256"]) == 64
    assert prov["dataset"]["file"] == "toy.csv" and prov["plugins"]
    assert doc["regulations"] and all("limits" in r for r in doc["regulations"].values())
    assert out.read_bytes().decode("utf-8-sig").startswith("village_id,")  # the table stays a plain table
    assert toy_cli(*_args(support_dir, "-o", out, "--lang", "en")).exit_code == 0
    assert beside.read_bytes() == first
    assert toy_cli(*_args(support_dir, "-o", out, "--unverified-limits", "exclude")).exit_code == 0
    assert json.loads(beside.read_bytes())["provenance"]["options"]["unverified_limits"] == "exclude"


def test_on_standard_output_the_table_goes_alone_and_a_note_says_where_provenance_is(toy_cli, support_dir, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = toy_cli(*_args(support_dir, "--lang", "vi"))
    assert res.exit_code == 0, res.output
    assert res.stdout.lstrip("\ufeff").startswith("village_id,")
    assert "TỆP.provenance.json" in res.stderr and "--format json" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_provenance_file_that_cannot_be_replaced_stops_the_run_before_the_table_is_written(
        toy_cli, support_dir, tmp_path):
    beside = tmp_path / "r.provenance.json"
    beside.write_text("{}", encoding="utf-8")
    beside.chmod(0o444)
    res = toy_cli(*_args(support_dir, "-o", tmp_path / "r.csv", "--lang", "en"))
    assert res.exit_code == 1 and "r.provenance.json: the file is read-only" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.provenance.json"]
    assert beside.read_text(encoding="utf-8") == "{}"


def test_a_table_that_fails_leaves_no_provenance_file(tmp_path, toy_result):
    from villagescore.objects import Reporter

    reporter = Reporter("t", ".csv", lambda r, lang: b"", provenance_file=True)
    try:
        with provenance_beside(reporter, toy_result, tmp_path / "r.csv", "vi"):
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_format_with_room_for_provenance_writes_nothing_beside(tmp_path, toy_result):
    from villagescore.objects import Reporter

    with provenance_beside(Reporter("t", ".json", lambda r, lang: b""), toy_result, tmp_path / "r.json", "vi"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_csv_result_under_dev_shm_has_its_provenance_beside_it(toy_cli, support_dir):
    """Audit (fourteenth walk): under /dev/shm no provenance file was written, and the note spoke of standard output."""
    if not Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm here")
    folder = Path(tempfile.mkdtemp(dir="/dev/shm", prefix="villagescore-test-"))
    try:
        res = toy_cli(*_args(support_dir, "-o", folder / "r.csv", "--lang", "en"))
        assert res.exit_code == 0, res.output
        assert "standard output gets the table alone" not in res.stderr
        assert json.loads((folder / "r.provenance.json").read_bytes())["provenance_of"] == "r.csv"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
def test_the_provenance_file_records_the_language_of_the_table_s_labels(toy_cli, support_dir, tmp_path):
    """Audit 14 #4: a CSV with English ``rating_label`` had a provenance file byte-identical to the Vietnamese one."""
    out = tmp_path / "r.csv"
    beside = tmp_path / "r.provenance.json"
    langs = {}
    for lang in ("vi", "en"):
        assert toy_cli(*_args(support_dir, "-o", out, "--lang", lang)).exit_code == 0
        langs[lang] = json.loads(beside.read_bytes())["lang"]
    assert langs == {"vi": "vi", "en": "en"}


def test_the_provenance_file_records_the_number_format_and_a_missing_byte_order_mark(toy_cli, support_dir, tmp_path):
    """Audit 16 #3: ``--output-locale vi`` and ``--no-bom`` changed the CSV, not a byte of its provenance file."""
    docs = {}
    for name, more in (("def", ()), ("vi", ("--output-locale", "vi")), ("nobom", ("--no-bom",))):
        assert toy_cli(*_args(support_dir, "-o", tmp_path / f"{name}.csv", *more)).exit_code == 0
        docs[name] = json.loads((tmp_path / f"{name}.provenance.json").read_bytes())
    assert "output_locale" not in docs["def"] and "bom" not in docs["def"]
    assert docs["vi"]["output_locale"] == "vi" and "bom" not in docs["vi"]
    assert docs["nobom"]["bom"] is False and "output_locale" not in docs["nobom"]


def test_a_stop_while_the_provenance_file_is_synced_leaves_the_old_table_and_provenance(
        toy_cli, support_dir, tmp_path, monkeypatch):
    """Seventeenth walk: SIGTERM at the provenance file's fsync left the new table beside the old provenance."""
    import os

    from villagescore.errors import Terminated

    real_fsync = os.fsync

    def fsync(fd):
        if "provenance" in os.readlink(f"/proc/self/fd/{fd}"):
            raise Terminated
        real_fsync(fd)

    table, beside = tmp_path / "r.csv", tmp_path / "r.provenance.json"
    table.write_text("OLD-TABLE\n", encoding="utf-8")
    beside.write_text('{"old": 1}', encoding="utf-8")
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(Terminated):  # a BaseException: main() turns it into "Terminated." and exit 143
        toy_cli(*_args(support_dir, "-o", table, "--lang", "en"))
    assert table.read_text(encoding="utf-8") == "OLD-TABLE\n" and beside.read_text(encoding="utf-8") == '{"old": 1}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.provenance.json"]  # no temporary file left
