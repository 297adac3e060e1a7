"""villagescore.reports.framework_line: which framework a view's numbers come from, in one line."""

import pytest

from villagescore.reports.framework_line import framework_line, framework_named

BASE = {"id": "vn-ttcn-sustainable", "version": "1.4.1", "sha256": "c62c7daa6b7c57a4616f"}
OVERLAY = {"id": "vn-ttcn-sustainable-v2", "version": "2.0.0", "sha256": "9a55dc0f08479f9e684b",
           "lineage": [BASE, {"id": "vn-ttcn-sustainable-v2", "version": "2.0.0", "sha256": "9a55dc0f08479f9e684b"}]}


def test_a_framework_of_its_own_is_named_by_id_version_and_short_hash():
    assert framework_named(dict(BASE, lineage=[BASE]), "en") == "vn-ttcn-sustainable 1.4.1 (sha256 c62c7daa6b7c)"


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Criteria framework: vn-ttcn-sustainable-v2 2.0.0 (sha256 9a55dc0f0847; lineage: vn-ttcn-sustainable "
           "1.4.1 → vn-ttcn-sustainable-v2 2.0.0)"),
    ("vi", "Bộ tiêu chí: vn-ttcn-sustainable-v2 2.0.0 (sha256 9a55dc0f0847; chuỗi kế thừa (lineage): "
           "vn-ttcn-sustainable 1.4.1 → vn-ttcn-sustainable-v2 2.0.0)"),
])
def test_an_overlay_names_its_lineage_base_first(lang, line):
    assert framework_line(OVERLAY, lang) == line


def test_nothing_recorded_gives_no_line():
    assert framework_line(None, "vi") == "" and framework_line({}, "en") == ""
