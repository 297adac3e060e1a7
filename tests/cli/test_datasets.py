"""``villagescore datasets``: an installed user finds the bundled datasets and copies them, never overwriting."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from villagescore import bundled
from villagescore.cli import cli
from villagescore.cli.datasets import bundled_files


def run(*args):
    return CliRunner().invoke(cli, ["datasets", *args])


def test_lists_every_bundled_dataset_with_a_path_that_exists():
    res = run("--lang", "en")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "Bundled datasets (relative name, then path):"
    listed = dict(line.split("\t") for line in lines[1:])
    assert {bundled.PILOT, "phung-xa/phung-xa.meta.json", "synthetic/national-sample-synthetic.csv"} <= set(listed)
    assert all(Path(path).is_file() for path in listed.values())
    assert listed[bundled.PILOT] == str(bundled.path(bundled.PILOT))
    assert not any(name.endswith(".py") for name in listed)


def test_the_listing_is_said_in_vietnamese_by_default():
    assert run("--lang", "vi").output.splitlines()[0] == "Các bộ dữ liệu kèm theo (tên tương đối, rồi đường dẫn):"


def test_copy_copies_every_file_and_keeps_a_file_already_there(tmp_path):
    target = tmp_path / "dữ liệu"
    (target / "phung-xa").mkdir(parents=True)
    mine = target / "phung-xa" / "phung-xa.csv"
    mine.write_bytes(b"my own edits\n")
    res = run("--copy", str(target), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert mine.read_bytes() == b"my own edits\n"  # never overwritten
    assert f"{mine} exists: kept, not overwritten" in res.output
    for name in bundled_files():
        if name != bundled.PILOT:
            assert (target / name).read_bytes() == bundled.path(name).read_bytes(), name
    assert f"files copied to {target}: {len(bundled_files()) - 1}" in res.output
    assert not [p for p in target.rglob("*.tmp")]  # no temporary file left


def test_copy_into_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    res = run("--copy", str(blocker / "sub"), "--lang", "en")
    assert res.exit_code == 1, res.output
    assert "cannot copy" in res.output and "Traceback" not in res.output
