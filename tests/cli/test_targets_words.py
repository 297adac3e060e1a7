"""``villagescore targets`` in both languages: the store named as such, bilingual sources, a non-mapping file."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
VILLAGES = REPO / "datasets" / "villages" / "villages.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(("lang", "word"), [("vi", "kho kết quả"), ("en", "results store")])
def test_the_store_is_named_in_the_language_of_the_run(tmp_path, lang, word):
    store = tmp_path / "s.sqlite"
    assert run("store", "add", VILLAGES, "--store", store, "--plans", "none").exit_code == 0
    res = run("targets", "--store", store, "--lang", lang)
    assert res.exit_code == 0, res.output
    assert f"{word} {store}"[:40] in res.output.replace("\n", "")
    assert f"store {store}" not in res.output or lang == "en"


@pytest.mark.parametrize(("lang", "source", "unit"), [("vi", "Dự án mây tre SWITCH-Asia", "doanh nghiệp"),
                                                      ("en", "SWITCH-Asia rattan project", "SMEs")])
def test_the_rattan_programme_cites_its_source_in_the_language_of_the_run(lang, source, unit):
    res = run("targets", VILLAGES, "--targets", "switch-asia-rattan", "--lang", lang, "--format", "md")
    assert res.exit_code == 0, res.output
    assert source in res.output and unit in res.output
    if lang == "vi":
        assert "SWITCH-Asia rattan project" not in res.output


@pytest.mark.parametrize(("lang", "said"), [("vi", "phải là một ánh xạ YAML hoặc JSON"),
                                            ("en", "must be a YAML or JSON mapping")])
def test_a_dataset_given_as_targets_is_refused_without_echoing_it(lang, said):
    res = run("targets", VILLAGES, "--targets", VILLAGES, "--lang", lang)
    assert res.exit_code == 1 and said in res.output
    assert "village_id" not in res.output and "Traceback" not in res.output
