"""The side-by-side view says when two village-years were scored against different regulation versions.

The pilot village's income against the poverty line scored 100 in 2021 and 60 in 2025 though the
income rose: 2021 is scored against Decision 59/2015/QĐ-TTg, 2025 against Decree 07/2021/NĐ-CP
(a higher poverty line). The comparison said nothing. Now each such indicator is flagged with the
two versions named, and the comparison warns, in every format and both languages.

The pilot is scored with ``unverified_limits="score"`` here: the default framework leaves the 2021
poverty line (a value not checked against its text) out of the score since 1.4.0, so that side
would have no score to compare.
"""

import csv
import io
import json

import pytest

from tests.conftest import REPO
from villagescore import schemas
from villagescore.compare import compare, load_table, table_from_file

PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
PAIR = ["phung-xa-my-duc@2021", "phung-xa-my-duc@2025"]
POVERTY = "society.income_to_poverty_line"


@pytest.fixture(scope="module")
def pilot():
    import villagescore as vs

    return vs.evaluate(PILOT, unverified_limits="score")


def _valid(c):
    from villagescore.reports.comparison_json import comparison_json

    errors = sorted(schemas.validator("compare").iter_errors(json.loads(comparison_json(c))), key=str)
    assert not errors, errors[0]
    return c


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_changed_regulation_is_flagged_with_both_versions_and_warned(pilot, lang):
    c = _valid(compare(load_table([("pilot", pilot)]), villages=PAIR, lang=lang))
    s = c["side_by_side"]
    node = next(n for n in s["nodes"] if n["id"] == POVERTY)
    assert node["regulations"] == ["decision-59-2015", "decree-07-2021"] and node["regulation_changed"] is True
    change = next(x for x in s["regulation_changes"] if x["id"] == POVERTY)
    assert [v["regulation"] for v in change["versions"]] == ["decision-59-2015", "decree-07-2021"]
    assert change["versions"][0]["document"].startswith("Decision 59/2015/QĐ-TTg" if lang == "en" else
                                                        "Quyết định 59/2015/QĐ-TTg")
    unchanged = next(n for n in s["nodes"] if n["id"] == "environment.effluent_cod")
    assert unchanged["regulation_changed"] is False and "regulations" not in s["nodes"][0]  # overall: not regulated
    warning = next(w for w in c["warnings"] if w["code"] == "regulation_differs")
    assert POVERTY in warning["indicators"] and f"{POVERTY}: decision-59-2015 → decree-07-2021" in warning["message"]
    assert ("phiên bản văn bản quy định" if lang == "vi" else "regulation versions") in warning["message"]


def test_the_versions_documents_are_in_the_language_of_the_comparison(pilot):
    """--lang vi: every document a JSON comparison names is Vietnamese, not the English description (audit 13)."""
    c = compare(load_table([("pilot", pilot)]), villages=PAIR, lang="vi")
    documents = [v["document"] for x in c["side_by_side"]["regulation_changes"] for v in x["versions"] if v]
    assert documents and not [d for d in documents if d and ("Decision" in d or "Decree" in d or ": " in d)]
    assert "Nghị định 07/2021/NĐ-CP" in documents


def test_a_saved_result_flags_the_same_indicators(pilot, tmp_path):
    path = tmp_path / "pilot.json"
    path.write_bytes(pilot.to_json())
    fresh = compare(load_table([("pilot", pilot)]), villages=PAIR)
    read = compare(load_table([("pilot.json", table_from_file(path))]), villages=PAIR)
    assert read["side_by_side"]["regulation_changes"] == fresh["side_by_side"]["regulation_changes"]
    assert [w for w in read["warnings"] if w["code"] == "regulation_differs"] == [
        w for w in fresh["warnings"] if w["code"] == "regulation_differs"]


def test_the_same_regulation_on_both_sides_is_not_flagged():
    import villagescore as vs

    villages = vs.evaluate(REPO / "datasets" / "villages" / "villages.csv")
    c = _valid(compare(load_table([("villages", villages)]), villages=["Bát Tràng", "Vạn Phúc"]))
    assert len({v["year"] for v in c["side_by_side"]["villages"]}) == 1  # one year: the same versions in force
    assert c["side_by_side"]["regulation_changes"] == []
    assert not [w for w in c["warnings"] if w["code"] == "regulation_differs"]


@pytest.mark.parametrize(("lang", "named"), [
    ("vi", "A: Quyết định 59/2015/QĐ-TTg (decision-59-2015), B: Nghị định 07/2021/NĐ-CP (decree-07-2021)"),
    ("en", "A: Decision 59/2015/QĐ-TTg (decision-59-2015), B: Decree 07/2021/NĐ-CP (decree-07-2021)"),
])
def test_every_format_marks_the_indicator_and_names_the_versions(pilot, lang, named):
    from villagescore.reports.comparison import render, sections
    from villagescore.reports.comparison_gaps import REGULATION_MARK

    c = compare(load_table([("pilot", pilot)]), villages=PAIR, lang=lang)
    for narrow in (False, True):
        side = next(x for x in sections(c, lang, narrow=narrow) if x["key"] == "side-by-side")
        row = next(r for r in side["rows"] if any(POVERTY in str(cell) for cell in r))
        assert any(str(cell).endswith(REGULATION_MARK) for cell in row)
        assert any(named in note and POVERTY in note for note in side["notes"])
    md = render(c, "md", lang).decode("utf-8")
    assert named in md and c["warnings"][-1]["message"].split(" (")[0] in md
    page = render(c, "html", lang).decode("utf-8")
    assert named in page and REGULATION_MARK in page
    data = list(csv.reader(io.StringIO(render(c, "csv", lang, table="side-by-side").decode("utf-8-sig"))))
    row = next(r for r in data if POVERTY in r)
    assert row[-2:] == ["decision-59-2015 → decree-07-2021", "có" if lang == "vi" else "yes"]
    assert json.loads(render(c, "json", lang))["side_by_side"]["regulation_changes"]


def test_the_workbook_carries_the_warning_and_the_versions(pilot):
    openpyxl = pytest.importorskip("openpyxl")
    from villagescore.reports.comparison import render

    c = compare(load_table([("pilot", pilot)]), villages=PAIR, lang="vi")
    book = openpyxl.load_workbook(io.BytesIO(render(c, "xlsx", "vi")), read_only=True)
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert "regulation_differs" in cells and "decision-59-2015 → decree-07-2021" in cells


def test_a_saved_result_and_its_dataset_agree_where_indicators_were_left_out(tmp_path):
    """Under the default framework's ``exclude`` policy a left-out indicator keeps its version applied, in both."""
    import villagescore as vs

    national = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    assert national.matrix.limit_unverified  # the case this test is about
    path = tmp_path / "national.json"
    path.write_bytes(national.to_json())
    pair = ["syn-000001@2022", "syn-000005@2024"]
    fresh = compare(load_table([("national", national)]), villages=pair)
    read = compare(load_table([("national.json", table_from_file(path))]), villages=pair)
    assert fresh["side_by_side"]["regulation_changes"] == read["side_by_side"]["regulation_changes"]
    assert len(fresh["side_by_side"]["regulation_changes"]) > 2  # left-out indicators too, not only the scored


@pytest.mark.parametrize(("lang", "named"), [
    ("vi", ["Rule 40:2011 về nước thải của làng nghề", "Rule 40:2025 về nước thải của làng nghề (2025)"]),
    ("en", ["Rule 40:2011", "Rule 40:2025"])])
def test_a_third_party_regulation_is_named_with_its_declared_title(toy_registry, lang, named):
    """Walk 15: the versions of a plugin's regulation were named without the Vietnamese title it declares."""
    from tests.support import gate_limits as gl
    from villagescore.engine import Engine
    from villagescore.framework import resolve_framework
    from villagescore.testing import make_dataset

    registry = gl.titled_registry(toy_registry)
    fw = resolve_framework(gl.document(), registry, name="gated.yaml")
    result = Engine(registry).evaluate(fw, make_dataset(gl.rows(), registry))
    c = compare(load_table([("third", result)]), villages=["v1", "v2"], lang=lang)
    (change,) = c["side_by_side"]["regulation_changes"]
    assert [v["document"].split(": ")[0] for v in change["versions"]] == named
