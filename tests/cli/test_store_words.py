"""``store list`` and ``store history`` in both languages: dates, regulation names beside ids, plugin versions."""

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], terminal_width=400)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "s.sqlite"
    assert run("store", "add", PHUNG_XA, "--store", path, "--plans", "none").exit_code == 0
    return path


@pytest.mark.parametrize(("lang", "date"), [("vi", r"\d\d/\d\d/\d{4} \d\d:\d\d \(UTC\)"),
                                            ("en", r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)")])
def test_the_time_stored_is_a_readable_date_and_time(store, lang, date):
    for command in (["store", "list"], ["store", "history", "--village", "phung-xa-my-duc"]):
        res = run(*command, "--store", store, "--lang", lang)
        assert res.exit_code == 0, res.output
        assert re.search(date, res.output) and not ISO.search(res.output)


@pytest.mark.parametrize(("lang", "said", "name"), [
    ("vi", "Văn bản quy định áp dụng", "Nghị định 52/2018/NĐ-CP (decree-52-2018)"),
    ("en", "Regulations applied", "Decree 52/2018/NĐ-CP on rural trades (decree-52-2018)"),
])
def test_history_names_each_regulation_beside_its_id_and_plugins_by_version(store, lang, said, name):
    res = run("store", "history", "--village", "phung-xa-my-duc", "--store", store, "--lang", lang)
    assert res.exit_code == 0, res.output
    text = re.sub(r"\s+", " ", res.output)
    assert said in text and name in text and "QCVN 40:2011/BTNMT (qcvn-40-2011)" in text
    assert "ceramics 0.1.0" in text and "==" not in text
    digest = hashlib.sha256((REPO / "plugins" / "villagescore_ceramics" / "catalogue.yaml").read_bytes()).hexdigest()
    assert f"ceramics 0.1.0 (catalogue.yaml {digest[:12]})" in text  # the catalogue it was scored with
    assert "Quy chuẩn áp dụng" not in text


def test_format_datetime():
    from villagescore.i18n import format_datetime

    assert format_datetime("2026-12-06T07:19:28+00:00", "vi") == "06/12/2026 07:19 (UTC)"
    assert format_datetime("2026-12-06T14:19:28+07:00", "en") == "2026-12-06 07:19 (UTC)"
    assert format_datetime("not a time", "vi") == "not a time" and format_datetime(None, "en") == ""


@pytest.mark.parametrize(("kind", "vi", "en"), [
    ("unknown", "chưa khai báo", "unknown"), ("real", "thực", "real"), ("illustrative", "minh hoạ", "illustrative"),
    ("real-shaped", "số liệu thực kèm ước tính có đánh dấu", "real-shaped (published facts plus marked estimates)"),
    ("synthetic", "tổng hợp (sinh tự động)", "synthetic (generated)"), ("own-kind", "own-kind", "own-kind")])
def test_every_dataset_kind_is_said_in_the_language_of_the_run(kind, vi, en):
    from villagescore.cli.store import _kind

    assert (_kind(kind, "vi"), _kind(kind, "en")) == (vi, en)


def test_history_of_a_dataset_without_metadata_says_its_kind_is_not_declared(tmp_path):
    import shutil

    dataset = tmp_path / "bare.csv"  # no bare.meta.json beside it: the kind is "unknown"
    shutil.copy(PHUNG_XA, dataset)
    path = tmp_path / "s.sqlite"
    assert run("store", "add", dataset, "--store", path, "--plans", "none").exit_code == 0
    vi = run("store", "history", "--village", "phung-xa-my-duc", "--store", path, "--lang", "vi")
    assert vi.exit_code == 0, vi.output
    assert "chưa khai báo" in vi.output and "unknown" not in vi.output
    en = run("store", "history", "--village", "phung-xa-my-duc", "--store", path, "--lang", "en")
    assert "chưa khai báo" not in en.output
