"""The datasets package: one job per module, each with its test module, none over 400 lines."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "villagescore" / "datasets"
TESTS = Path(__file__).resolve().parent


def test_every_module_has_its_test_module_and_stays_small():
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert [m for m in modules if not (TESTS / f"test_{m}.py").is_file()] == []
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
