"""Run every case of the bad-input corpus (``tests/corpus/cases.yaml``) through the command line.

Each case asserts the documented exit code (1 = invalid input, ``villagescore.errors.EXIT_INVALID``;
2 = a usage error), the message substrings that locate the problem (file, row/column or JSON path),
that the offending file is named, and that no traceback is printed. Good cases (BOM, NFD names, XLSX,
JSON frameworks) must give byte-identical CSV reports to their plain counterparts. ``run`` cases give
the whole command line (any command, with placeholders for the case's files), may set environment
variables and extra plugins, and may require files to be left byte-identical (``unchanged``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.corpus.generate import GENERATORS, derive
from tests.corpus.harness import CORPUS, REPO, TOY_CSV, TOY_FRAMEWORK, CliRun, load_plugin, run_cli, toy_registry
from tests.support.pandas2 import otherwise_on_pandas_2
from villagescore.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE

MANIFEST = CORPUS / "cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["cases"]
REAL_FILES = ("datasets/phung-xa/phung-xa.csv", "plugins/villagescore_vn_ttcn/vn-ttcn-sustainable.yaml")


@pytest.fixture(scope="module")
def registries():
    """Registries built once per module: toy (built-ins + toy plugin) and real (lazily)."""
    cache: dict[str, Any] = {"toy": toy_registry()}

    def get(setup: str):
        if setup not in cache:
            from villagescore.registry import Registry

            cache[setup] = Registry.default()
        return cache[setup]

    return get


def materialise(spec: Any, folder: Path) -> Path:
    """Turn a case's file spec into a path (see the header of cases.yaml)."""
    if isinstance(spec, str):
        return CORPUS / spec
    if "generate" in spec:
        return GENERATORS[spec["generate"]](folder)
    if "repo" in spec:
        return REPO / spec["repo"]
    return derive(REPO / spec["derive"], folder, spec["name"], spec.get("replace"), spec.get("bom", False))


def command_line(case: dict[str, Any], folder: Path) -> tuple[list[str], Path | None, dict[str, str]]:
    """Return ``(argv, subject, placeholders)``; the subject is the file the case is about (``None``: no file)."""
    toy = case.get("setup", "toy") == "toy"
    if case["command"] == "run":
        return run_line(case, folder)
    if case["command"] == "validate":
        subject = materialise(case["file"], folder)
        return ["validate", str(subject), *case.get("args", [])], subject, {}
    dataset = materialise(case["dataset"], folder) if "dataset" in case else TOY_CSV
    framework = materialise(case["framework"], folder) if "framework" in case else (TOY_FRAMEWORK if toy else None)
    argv = ["evaluate", str(dataset)]
    if framework is not None:
        argv += ["-f", str(framework)]
    subject = framework if "framework" in case else dataset
    return argv + [str(a) for a in case.get("args", [])], subject, {}


def run_line(case: dict[str, Any], folder: Path) -> tuple[list[str], Path | None, dict[str, str]]:
    """The argv of a ``run`` case: placeholders {dataset}, {framework}, {file}, {tmp}, {toy_csv},
    {toy_framework} and {repo} are replaced; the subject is the key named by ``subject``."""
    files = {key: materialise(case[key], folder) for key in ("dataset", "framework", "file") if key in case}
    values = {**{k: str(v) for k, v in files.items()}, "tmp": str(folder), "toy_csv": str(TOY_CSV),
              "toy_framework": str(TOY_FRAMEWORK), "repo": str(REPO)}
    argv = [str(a).format(**values) for a in case["argv"]]
    subject = case.get("subject", next(iter(files), "none"))
    return argv, None if subject == "none" else files[subject], values


def assert_clean(run: CliRun) -> None:
    """No traceback and no internal error, whatever the outcome."""
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output


#: The cases pandas 2 reads otherwise (its C parser, ``DataFrame.from_records``): marked, see tests/support/pandas2.py.
PANDAS_2_READS: dict[str, str] = {}


@pytest.mark.parametrize("case", [pytest.param(c, marks=otherwise_on_pandas_2(PANDAS_2_READS[c["id"]]))
                                  if c["id"] in PANDAS_2_READS else c for c in CASES], ids=[c["id"] for c in CASES])
def test_case(case, registries, tmp_path, monkeypatch):
    setup = case.get("setup", "toy")
    if setup in ("real", "fresh") and not all((REPO / f).is_file() for f in REAL_FILES):
        pytest.skip("the first-party framework or pilot data is not there yet")
    registry = None if setup == "fresh" else registries(setup)  # fresh: built in the run, under its env
    if "plugin" in case:  # an extra plugin next to the toy one (a file under tests/corpus/plugins/)
        registry = toy_registry((Path(case["plugin"]).stem, load_plugin(CORPUS / case["plugin"])))
    argv, subject, values = command_line(case, tmp_path)
    watched = [Path(p.format(**values)) for p in case.get("unchanged", [])]  # e.g. "{dataset}"
    kept = {path: path.read_bytes() if path.exists() else None for path in watched}
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the cases expect English messages unless they set it
    monkeypatch.setenv("COLUMNS", "1000")  # and look for phrases a narrower terminal would wrap
    for name, value in (case.get("env") or {}).items():
        monkeypatch.setenv(name, value)

    run = run_cli(argv, registry)

    assert_clean(run)
    assert run.exit_code == case["exit"], run.output
    for text in case.get("expect", []):
        assert text in run.output, f"{text!r} not in:\n{run.output}"
    for text in case.get("absent", []):
        assert text not in run.output, f"{text!r} in:\n{run.output}"
    for path, before in kept.items():
        assert (path.read_bytes() if path.exists() else None) == before, f"{path} was changed"
    if case["exit"] == EXIT_INVALID and subject is not None:
        assert subject.name in run.output, "the message must name the offending file"
    if "same_as" in case:
        reference = [str(REPO / case["same_as"]) if a == str(subject) else a for a in argv]
        assert reference != argv
        expected = run_cli(reference, registry)
        assert expected.exit_code == EXIT_OK, expected.output
        assert run.stdout == expected.stdout


def test_corpus_is_large_and_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids), "case ids must be unique"
    for case in CASES:
        assert case["command"] in ("validate", "evaluate", "run"), case["id"]
        assert case["exit"] in (EXIT_OK, EXIT_INVALID, EXIT_USAGE), case["id"]
        if case["exit"] == EXIT_INVALID:
            assert case.get("expect"), f"{case['id']}: a failing case must say what the message contains"
        else:
            assert "same_as" in case or case.get("expect"), f"{case['id']}: a good case must check its output"


def test_every_corpus_file_and_generator_is_used():
    used: set[str] = {c["plugin"] for c in CASES if "plugin" in c}
    generators: set[str] = set()
    for case in CASES:
        for key in ("file", "dataset", "framework"):
            spec = case.get(key)
            if isinstance(spec, str):
                used.add(spec)
            elif isinstance(spec, dict) and "generate" in spec:
                generators.add(spec["generate"])
    files = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.is_file() and "__pycache__" not in p.parts}
    sidecars = {f for f in files if f.endswith(".meta.json") and f.replace(".meta.json", ".csv") in used}
    files = {f for f in files if not f.endswith(".pyc")}
    assert files - sidecars == used, "every corpus file is a case, every case file exists"
    assert generators == set(GENERATORS)
