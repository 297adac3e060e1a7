"""The Vietnamese pilot reports hold no English words (ids beside their labels aside).

An analyst's audit of ``villagescore pilot --lang vi`` in every document format found option
names (``command=pilot, keep_going=không``), a column none of these reports has
(``cột estimated_share``), codes in parentheses nobody types (``bản tái dựng (reconstruction)``,
``chưa kiểm chứng (unverified)``), English headings (``Plugin``) and a command line on the
printed fact sheet. Each output is searched for those words, in parentheses or not.
"""

import io
import re

import pytest

#: Words (whole, case as written) a Vietnamese pilot report must not hold.
FORBIDDEN = ("reconstruction", "unverified", "estimate", "estimated_share", "command", "keep_going", "framework",
             "Plugin", "Plugins", "Options", "Details", "evaluate", "WARNING", "Change", "Rating", "Overall",
             "Summary", "Provenance", "coverage", "Village", "Province", "Year")
_FORBIDDEN = re.compile(r"(?<![\w.-])(" + "|".join(FORBIDDEN) + r")(?![\w-])")


def _pilot(tmp_path, *args, suffix):
    from click.testing import CliRunner

    from villagescore.cli import cli

    out = tmp_path / f"pilot{suffix}"
    res = CliRunner().invoke(cli, ["pilot", "--lang", "vi", "-o", str(out), *args])
    assert res.exit_code == 0, res.output
    return out


def _html_text(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)  # an id beside its label
    return re.sub(r"<[^>]+>", " ", text)


def _found(text):
    text = re.sub(r"`[^`]*`", " ", text)  # Markdown: an id in backticks beside its label
    text = text.replace("vn-ttcn-sustainable", " ")  # the framework's id
    return sorted(set(_FORBIDDEN.findall(text)))


def test_markdown(tmp_path):
    assert _found(_pilot(tmp_path, suffix=".md").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_html(tmp_path, layout):
    assert _found(_html_text(_pilot(tmp_path, "--layout", layout, suffix=".html"))) == []


def test_terminal_table():
    from click.testing import CliRunner

    from villagescore.cli import cli

    res = CliRunner().invoke(cli, ["pilot", "--lang", "vi"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert _found(res.output) == []


def test_xlsx(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(_pilot(tmp_path, suffix=".xlsx"), read_only=True)
    ids = re.compile(r"^[a-z0-9_.-]+$")  # id columns hold ids alone
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
             if isinstance(v, str) and not ids.match(v)]
    assert _found("\n".join(cells)) == []


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_pdf(tmp_path, layout):
    pytest.importorskip("weasyprint", reason="the 'pdf' extra (WeasyPrint) is not installed")
    pypdf = pytest.importorskip("pypdf")
    data = _pilot(tmp_path, "--layout", layout, suffix=".pdf").read_bytes()
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    # ids are printed beside their labels (and broken across lines in narrow columns): only words of sentences
    assert not {w for w in _found(text) if w in ("reconstruction", "unverified", "estimated_share", "command",
                                                 "keep_going", "Plugin", "evaluate")}


def test_the_detector_sees_each_word():
    assert _found("bản tái dựng (reconstruction); Plugin; `environment` (cột estimated_share)") == [
        "Plugin", "estimated_share", "reconstruction"]
