"""docs/reference/*.md are generated from the schemas and kept in step with them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from villagescore import cli

NAMES = ["framework", "catalogue", "dataset-metadata", "result"]


@pytest.mark.parametrize("name", NAMES)
def test_reference_page_matches_the_schema(name):
    page = REPO / "docs" / "reference" / f"{name}.md"
    out = CliRunner().invoke(cli.cli, ["schema", name, "--format", "md", "--lang", "en"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert out.stdout == page.read_text(encoding="utf-8"), (
        f"docs/reference/{name}.md is out of date: run `villagescore schema {name} --format md --lang en "
        f"-o docs/reference/{name}.md`")


def test_every_catalogue_field_and_indicator_key_is_described():
    from villagescore import schemas

    defs = schemas.load("definitions")["$defs"]
    for name in ("field", "indicator_definition", "regulation", "limit", "sector", "sector_criterion", "measure"):
        missing = [k for k, v in defs[name]["properties"].items() if not v.get("description")]
        assert not missing, f"{name}: keys without a description: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_the_vietnamese_reference_translates_its_scaffolding(name):
    out = CliRunner().invoke(cli.cli, ["schema", name, "--format", "md", "--lang", "vi"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert text.startswith(f"# Tài liệu tham chiếu `{name}`\n")
    assert "được giữ nguyên bằng tiếng Anh" in text and "## Cấp ngoài cùng" in text
    assert "| khoá | kiểu | bắt buộc | ý nghĩa |" in text and "| key | type |" not in text
    assert "reference" not in text.splitlines()[0] and " | yes | " not in text and "list of " not in text
    if name == "framework":
        assert "| `id` | [id](#id) | có |" in text and "danh sách chuỗi" in text
