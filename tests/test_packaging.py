"""What the installed package ships (tox runs the suite against the built wheel)."""

from importlib.metadata import entry_points
from importlib.resources import files
from pathlib import Path

from villagescore import bundled, schemas


def test_schemas_ship_inside_the_package():
    assert {"framework", "dataset-metadata", "result"} <= set(schemas.names())
    from jsonschema import Draft202012Validator

    for name in schemas.names():
        Draft202012Validator.check_schema(schemas.load(name))  # each is a valid Draft 2020-12 schema


def test_pilot_data_and_metadata_ship_inside_the_package():
    pilot = bundled.path(bundled.PILOT)
    assert pilot.is_file()
    assert pilot.with_name("phung-xa.meta.json").is_file()


def test_first_party_plugins_are_entry_points():
    names = {ep.name for ep in entry_points(group="villagescore")}
    assert {"environment", "economy", "society", "governance", "weaving", "vn_ttcn"} <= names
    assert {"rattan_bamboo", "lacquer", "sericulture", "seagrass", "handmade_paper", "ceramics",
            "food_processing", "wood"} <= names


def test_default_framework_ships_with_its_plugin():
    assert (files("villagescore_vn_ttcn") / "vn-ttcn-sustainable.yaml").is_file()


def test_catalogues_ship_with_their_plugins():
    # the first-party plugins are catalogues plus compute functions: a wheel without them registers nothing
    assert (files("villagescore_vn_ttcn") / "regulations.yaml").is_file()
    first_party = {"environment", "economy", "society", "governance", "weaving", "rattan_bamboo", "lacquer",
                   "sericulture", "seagrass", "handmade_paper", "ceramics", "food_processing", "wood"}
    for name in first_party:
        assert (files(f"villagescore_{name}") / "catalogue.yaml").is_file(), name


def test_every_package_of_the_source_tree_is_listed_for_the_wheel():
    """pyproject lists packages explicitly: a new subpackage missing there would be left out of the wheel."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    inits = (root / "src" / "villagescore").rglob("__init__.py")
    found = {".".join(p.parent.relative_to(root / "src").parts) for p in inits
             if "__pycache__" not in p.parts and "templates" not in p.parts}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_every_data_folder_of_a_listed_package_is_listed_too():
    """A folder of package data that Python could import is a package to setuptools.

    Left out of ``packages`` it makes the build warn ("Package … is absent from the
    `packages` configuration"); tests/support/check_build.py fails the tox build on it.
    """
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    dirs = config["package-dir"]

    def folder(package: str) -> Path:
        parts = package.split(".")
        for k in range(len(parts), 0, -1):
            prefix = ".".join(parts[:k])
            if prefix in dirs:
                return root / dirs[prefix] / Path(*parts[k:])
        return root / dirs[""] / Path(*parts)

    missing = []
    for package in listed:
        for sub in folder(package).rglob("*"):
            if not sub.is_dir() or "__pycache__" in sub.parts or not any(p.is_file() for p in sub.iterdir()):
                continue
            rel = sub.relative_to(folder(package)).parts
            if all(part.isidentifier() for part in rel):
                name = ".".join((package, *rel))
                if name not in listed:
                    missing.append(name)
    assert not missing, f"add to [tool.setuptools] packages: {sorted(set(missing))}"


def test_the_licence_file_ships():
    root = Path(__file__).resolve().parents[1]
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_sdist_holds_what_its_tests_and_docs_need_and_the_wheel_does_not(tmp_path, monkeypatch):
    """The sdist's own tests run (conftest, support, docs, tox.ini: MANIFEST.in); the wheel stays the packages."""
    import shutil
    import subprocess

    import pytest

    from tests.support.check_build import sdist_problems, wheel_problems

    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs a git checkout (the tracked files are what an sdist is built from)")
    build_meta = pytest.importorskip("setuptools.build_meta")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    source = tmp_path / "source"
    for name in filter(None, tracked.decode("utf-8").split("\0")):
        if (root / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, source / name)
    dist = tmp_path / "dist"
    dist.mkdir()
    monkeypatch.chdir(source)  # setuptools builds from the current folder
    sdist = dist / build_meta.build_sdist(str(dist))
    wheel = dist / build_meta.build_wheel(str(dist))
    assert sdist_problems(sdist) == []
    assert wheel_problems(wheel) == []
