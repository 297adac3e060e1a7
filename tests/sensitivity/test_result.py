"""villagescore.sensitivity.result: outcomes as the engine rates them (named pillar minimums, the unrated outcome)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from villagescore import cli
from villagescore.errors import OptionError

EXAMPLES = REPO / "docs" / "examples" / "frameworks"
FIRST_PARTY = ("environment", "economy", "society", "governance", "weaving", "rattan_bamboo", "lacquer", "sericulture",
               "seagrass", "handmade_paper", "ceramics", "food_processing", "wood", "vn_ttcn")


def _sensitivity(*extra):
    env = {"VILLAGESCORE_DISABLE_PLUGINS": ",".join(FIRST_PARTY)}
    args = ["sensitivity", EXAMPLES / "ocop-products.csv", "--framework", EXAMPLES / "ocop.yaml", "--format", "json",
            "-n", "40", "--no-indices", *extra]
    result = CliRunner().invoke(cli.cli, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {v["village_id"]: v for v in json.loads(result.stdout)["villages"]}


def test_the_unrated_outcome_is_the_nominal_rating_and_counts_as_no_rating():
    # the lacquer box scores 56 but part C (6 of 35 points) is below its 20 % minimum: not rated
    off = _sensitivity("--weights", "off", "--no-aggregation", "--threshold-spread", "0", "--no-missing", "--no-data")
    box = off["ocop-lacquer-box"]
    assert box["nominal"]["rating"] == "not_rated"
    assert box["tier_probabilities"]["none"] == 1.0 and box["probability_nominal_tier"] == 1.0
    basket = off["ocop-rattan-basket"]  # exactly 70 points: 4 stars, part C above its minimum
    assert basket["nominal"]["rating"] == "star_4" and basket["tier_probabilities"]["star_4"] == 1.0


def test_probabilities_sum_to_one_when_everything_varies():
    for village in _sensitivity("--seed", "3").values():
        assert abs(sum(village["tier_probabilities"].values()) - 1) < 1e-5


def test_to_dict_says_every_word_in_the_language_asked(toy_registry, toy_framework, toy_dataset):
    """Warnings and the note on the indices follow ``to_dict(lang=…)``, not the language the run happened in."""
    from villagescore import sensitivity as sa
    from villagescore.engine import Engine
    from villagescore.i18n import use_language

    previous = use_language("vi")
    try:
        res = sa.run(Engine(toy_registry), toy_framework, toy_dataset, sa.Settings(samples=20, sa_samples=8))
    finally:
        use_language(previous)
    en, vi = res.to_dict(lang="en"), res.to_dict(lang="vi")
    assert en["warnings"][0].startswith("only 20 Monte Carlo samples (Settings(samples=N)): the rank intervals")
    assert vi["warnings"][0].startswith("chỉ có 20 mẫu Monte Carlo (Settings(samples=N)): khoảng thứ hạng")
    assert str(res.warnings[0]) == en["warnings"][0]  # the Python API names its own setting
    cli = res.to_dict(lang="vi", options={"samples": "-n", "no_aggregation": "--no-aggregation"})
    assert cli["warnings"][0].startswith("chỉ có 20 mẫu Monte Carlo (-n): khoảng thứ hạng")  # the command line's
    assert en["indices_note"].startswith("output: mean absolute rank shift; estimators: Saltelli 2010")
    assert vi["indices_note"].startswith("đại lượng đầu ra: mức dịch chuyển thứ hạng tuyệt đối trung bình")
    assert json.dumps(en) == json.dumps(res.to_dict())  # English by default
    with pytest.raises(OptionError, match="unknown language 'fr'"):  # as every lang= of the API
        res.to_dict(lang="fr")
