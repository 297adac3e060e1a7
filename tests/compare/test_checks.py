"""villagescore.compare.checks: a result file cut short or edited by hand is refused, naming the record and field."""

import io
import json

import pytest

from villagescore.compare import table_from_file
from villagescore.compare.table import ResultFileError
from villagescore.resultdoc import write_json, write_jsonl


@pytest.fixture
def lines(toy_result):
    buf = io.BytesIO()
    write_jsonl(toy_result, buf)
    return buf.getvalue().decode("utf-8").splitlines()


def _edited(tmp_path, lines, line, change):
    """The JSON Lines result with line ``line`` (0-based) parsed, changed by ``change`` and written back."""
    out = list(lines)
    obj = json.loads(out[line])
    change(obj)
    out[line] = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    path = tmp_path / "edited.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_jsonl_result_cut_after_a_whole_line_is_refused(lines, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # `head -n 2`: the header and one village
    with pytest.raises(ResultFileError, match=r"t\.jsonl: truncated: no end record after 1 village-years"):
        table_from_file(path)


def test_an_end_record_that_counts_otherwise_is_refused(lines, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")  # one village removed
    with pytest.raises(ResultFileError, match="the end record counts 3 village-years, the file holds 2"):
        table_from_file(path)


def test_a_compact_json_result_cut_short_is_refused(toy_result, tmp_path):
    buf = io.BytesIO()
    write_json(toy_result, buf, pretty=False)
    path = tmp_path / "t.json"
    path.write_text("\n".join(buf.getvalue().decode("utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    with pytest.raises(ResultFileError, match=r"t\.json: truncated: the JSON result ends before its closing '\]\}'"):
        table_from_file(path)


@pytest.mark.parametrize(("line", "change", "said"), [
    (1, lambda r: r["overall"].__setitem__("score", 500), "line 2: overall.score = 500.0: a score is a number"),
    (2, lambda r: r["criteria"]["score"].__setitem__(0, -3), "line 3: criteria.score[0] = -3.0: a score"),
    (3, lambda r: r["pillars"].__setitem__("status", "zz"), 'line 4: pillars.status = "zz": not 2 status codes'),
    (1, lambda r: r.__setitem__("year", "2025"), 'line 2: year = "2025": a year is a whole number'),
    (2, lambda r: r["pillars"]["score"].pop(), "line 3: pillars.score holds [" ),
    # reviewed 2026-12-07: a number as province reached the province look-ups (an internal error)
    (2, lambda r: r.__setitem__("province", 12), "line 3: province = 12: it is a text or null"),
    (1, lambda r: r.__setitem__("name", 5.5), "line 2: name = 5.5: it is a text or null"),
])
def test_edited_values_are_refused_with_their_record_and_field(lines, tmp_path, line, change, said):
    path = _edited(tmp_path, lines, line, change)
    with pytest.raises(ResultFileError) as caught:
        table_from_file(path, indicators=True)
    assert f"edited.jsonl: {said}" in str(caught.value)


def test_status_letters_are_those_of_the_documents_own_table(lines, tmp_path):
    def renamed(head):
        head["status_codes"] = {"S": "scored", "m": "missing", "n": "not_applicable"}

    path = _edited(tmp_path, lines, 0, renamed)
    with pytest.raises(ResultFileError, match=r"not 2 status codes of the document's status_codes \(S, m, n\)"):
        table_from_file(path)


@pytest.mark.parametrize("drop", ["framework", "status_codes"])
def test_a_header_without_its_tables_is_not_a_result_never_a_numpy_error(lines, tmp_path, drop):
    def broken(head):
        if drop == "framework":
            head.pop("framework")
        else:
            head["status_codes"] = ["s", "m", "n"]

    path = _edited(tmp_path, lines, 0, broken)
    with pytest.raises(ResultFileError, match=r"edited\.jsonl: not a villagescore result: ") as caught:
        table_from_file(path)
    assert "reshape" not in str(caught.value) and "array" not in str(caught.value)


def test_a_result_with_a_village_id_that_is_not_a_slug_or_a_control_character_in_a_name_is_refused():
    from villagescore.compare.checks import check_texts, check_village_ids
    from villagescore.compare.table import ResultFileError

    check_village_ids(["phung-xa", "a.b_c"], "r.json", False)
    check_texts(["Hà Nội", None], "province", "r.json", False)
    with pytest.raises(ResultFileError) as info:
        check_village_ids(["ok", "x\x1b[31m"], "r.json", False)
    assert "\x1b" not in str(info.value) and "villages[1]: village_id" in str(info.value)
    assert "không phải mã làng" in info.value.text("vi") and "không do villagescore ghi" in info.value.text("vi")
    with pytest.raises(ResultFileError) as info:
        check_texts(["Hà Nội", "Làng\u202eA"], "name", "r.json", True)
    assert "U+202E" in str(info.value) and "\u202e" not in str(info.value)
    assert "chứa ký tự điều khiển U+202E" in info.value.text("vi")


def test_an_edited_result_with_an_escape_in_a_village_id_or_a_header_label_is_refused(lines, tmp_path):
    def village(obj):
        obj["village_id"] = "x\x1b[31m"

    with pytest.raises(ResultFileError) as info:
        table_from_file(_edited(tmp_path, lines, 1, village))
    assert "line 2: village_id" in str(info.value) and "\x1b" not in str(info.value)

    def header(obj):
        obj["framework"]["pillars"][0]["label"] = {"vi": "Phần \x1b]0;pwned", "en": "Part"}

    with pytest.raises(ResultFileError) as info:
        table_from_file(_edited(tmp_path, lines, 0, header))
    assert "$.framework.pillars[0].label.vi holds the control character U+001B" in str(info.value)
    assert "chứa ký tự điều khiển U+001B" in info.value.text("vi")
