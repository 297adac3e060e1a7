"""How a catalogue's sectors join the framework, checked by ``validate`` with the loader's own checks."""

import yaml

from tests.conftest import REPO
from villagescore.catalogue.joins import join_problems
from villagescore.registry import Registry

BRONZE = REPO / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"


def _slipped(tmp_path):
    """The bronze-casting example with one indicator naming the ceramics sector's criterion, one misspelt."""
    text = BRONZE.read_text(encoding="utf-8")
    text = text.replace("criterion: bronze_casting_economy", "criterion: bronze_casting_econmy")
    text = text.replace("    criterion: bronze_casting_environment", "    criterion: ceramics_environment", 1)
    path = tmp_path / "bronze.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_another_sector_s_criterion_and_a_misspelt_one_are_problems_of_the_catalogue_file(tmp_path):
    """Audit (thirteenth walk): ``validate`` said OK where ``--catalogue`` refused the file."""
    path = _slipped(tmp_path)
    found = join_problems(yaml.safe_load(path.read_text(encoding="utf-8")), path, Registry.default())
    assert [(p.file, p.where) for p in found] == [(str(path), "$.indicators[0].criterion"),
                                                  (str(path), "$.indicators[2].criterion")]
    assert "declared by sector 'ceramics'" in found[0].message
    assert "did you mean 'bronze_casting_economy'" in found[1].message


def test_a_catalogue_that_joins_has_no_problem_and_an_installed_one_is_checked_as_installed():
    assert join_problems(yaml.safe_load(BRONZE.read_text(encoding="utf-8")), BRONZE, Registry.default()) == []
    weaving = REPO / "plugins" / "villagescore_weaving" / "catalogue.yaml"
    doc = yaml.safe_load(weaving.read_text(encoding="utf-8"))
    assert join_problems(doc, weaving, Registry.default(), installed={"weaving"}) == []
