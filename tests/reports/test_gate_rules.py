"""villagescore.reports.gate_rules: a gate's rule says its legal limit in the run's language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.support import gate_limits as gl
from villagescore import cli
from villagescore.framework import resolve_framework
from villagescore.gate import Gate
from villagescore.reports.gate_rules import limit_rule_text, rule_text


@pytest.fixture
def gates(toy_registry):
    return resolve_framework(gl.document(), gl.registry(toy_registry), name="gated.yaml").gates


def test_the_framework_s_rule_names_the_column_and_each_version_with_its_validity(gates):
    assert rule_text(gates[0], "en") == ("value ≤ the limit, column B (Rule 40:2011, … → 2025-08-31; Rule 40:2025, "
                                         "2025-09-01 → 2029-12-31)")
    assert rule_text(gates[0], "vi") == ("giá trị ≤ giới hạn cột B (Rule 40:2011, … → 31/08/2025; Rule 40:2025, "
                                         "01/09/2025 → 31/12/2029)")
    assert rule_text(gates[1], "en").startswith("value ≤ the limit (Rule 40:2011")
    assert rule_text(gates[1], "vi").startswith("giá trị ≤ giới hạn (Rule 40:2011")


def test_a_third_party_regulation_is_named_with_its_vietnamese_title(toy_registry):
    """Walk 15: a gate's rule named a regulation by its declared document alone, its Vietnamese title left out."""
    (gate, *_) = resolve_framework(gl.document(), gl.titled_registry(toy_registry), name="gated.yaml").gates
    assert rule_text(gate, "vi", 150.0, "rule-2011") == (
        "giá trị ≤ giới hạn cột B (Rule 40:2011 về nước thải của làng nghề) = 150 mg/L")
    assert rule_text(gate, "en", 150.0, "rule-2011") == "value ≤ the limit, column B (Rule 40:2011) = 150 mg/L"


def test_a_village_year_s_rule_names_the_version_applied_and_its_value(gates):
    assert rule_text(gates[0], "en", 150.0, "rule-2011") == "value ≤ the limit, column B (Rule 40:2011) = 150 mg/L"
    assert rule_text(gates[0], "vi", 1500.5, "rule-2011") == \
        "giá trị ≤ giới hạn cột B (Rule 40:2011) = 1.500,5 mg/L"
    assert rule_text(gates[0], "vi", None, "rule-2025") == \
        "giá trị ≤ giới hạn cột B (Rule 40:2025): chưa rõ giới hạn cho lượt làng-năm này"
    # no version in force: every version is named
    assert rule_text(gates[0], "en", None) == ("value ≤ the limit, column B (Rule 40:2011; Rule 40:2025): limit "
                                               "unknown for this village-year")


def test_a_written_number_is_said_as_before():
    gate = Gate("g", "x", "value", "<=", 1500.0, "low")
    assert rule_text(gate, "vi") == "giá trị ≤ 1.500" and rule_text(gate, "en") == "value ≤ 1,500"
    assert rule_text(gate, "en", 3.0) == "value ≤ 1,500"  # a written number has no applied limit


def test_the_plain_form_is_enough():
    """The explain report has only the result's plain data."""
    limit = {"column": "B", "versions": [{"regulation": "r", "document": "QCVN 40:2011/BTNMT: effluent",
                                          "unit": "mg/L"}]}
    assert limit_rule_text("value", "<", limit, "en", 150) == \
        "value < the limit, column B (QCVN 40:2011/BTNMT) = 150 mg/L"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "value ≤ the limit, column B (QCVN 40:2011/BTNMT, … → 2025-08-31)"),
    ("vi", "giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT, … → 31/08/2025)"),
])
def test_framework_show_says_the_cod_gate_s_limit(lang, words):
    out = CliRunner().invoke(cli.cli, ["framework", "show", "--format", "md", "--lang", lang], catch_exceptions=False)
    assert out.exit_code == 0 and words in out.stdout
    assert "<= 150 |" not in out.stdout
