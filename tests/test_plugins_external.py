"""A third-party plugin installed with pip into a fresh virtual environment is found and used.

``tests/external_plugin`` is a separate distribution (``villagescore-external-demo``) that
adds a field, an indicator, a new scoring method (``half_life``, with its own parameter
schema) and a framework using them, all through the entry-point group ``villagescore``.
The virtual environment sees the installed villagescore and its dependencies (a ``.pth`` file names
the site directories of the environment running the tests); the plugin is installed without dependencies or build
isolation, so no network is needed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from villagescore.resultdoc import expand

EXTERNAL = REPO / "tests" / "external_plugin"

# Runs the villagescore command line with the virtual environment's interpreter.
_CLI = "import sys; from villagescore.cli import main; sys.argv[0] = 'villagescore'; main()"


class Venv:
    """A virtual environment layered on the current one.

    A ``.pth`` file adds every site directory of the current environment (tox's virtualenv; their own
    ``.pth`` files, e.g. editable installs, are processed too). Not ``--system-site-packages``: that
    would also expose the *base* interpreter's packages (tox's own, e.g. a newer platformdirs whose
    pytest plugin the scaffolded plugin's pytest would then try to load beside the env's older release).
    """

    def __init__(self, path: Path) -> None:
        import site
        import sysconfig

        self.path = path
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)],
                       check=True, capture_output=True, timeout=120)
        self.python = str(path / "bin" / "python")
        purelib = Path(sysconfig.get_path("purelib", vars={"base": str(path), "platbase": str(path)}))
        parents = [*site.getsitepackages(), site.getusersitepackages()]
        lines = [f"import site; site.addsitedir({d!r})" for d in parents if os.path.isdir(d)]
        (purelib / "_villagescore_parent_env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VILLAGESCORE_", "PYTHONPATH"))}
        env["VILLAGESCORE_LANG"] = "en"
        return env

    def run(self, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([self.python, *args], capture_output=True, text=True, cwd=cwd, env=self.env(),
                              timeout=300)
        if check and proc.returncode != 0:
            pytest.fail(f"{' '.join(args[:4])} … failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def pip_install(self, project: Path) -> None:
        """Install ``project`` (a copy, so no build files land in the source tree) without dependencies."""
        isolation = [] if _can_build_wheels_offline() else ["--use-pep517"]
        flags = ["--no-build-isolation"] if not isolation else []
        self.run("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", *flags,
                 str(project))

    def villagescore(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return self.run("-c", _CLI, *args, cwd=cwd)


def _can_build_wheels_offline() -> bool:
    """setuptools builds wheels itself from 70.1 on; before that it needs the ``wheel`` package."""
    import setuptools

    major, minor = (int(p) for p in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def copy_project(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    return target


@pytest.mark.slow
def test_external_plugin_is_discovered_and_its_scorer_used(tmp_path):
    venv = Venv(tmp_path / "venv")
    venv.pip_install(copy_project(EXTERNAL, tmp_path))

    listed = json.loads(venv.villagescore("plugins", "--json").stdout)
    demo = [p for p in listed if p["name"] == "external_demo"]
    assert demo == [{
        "name": "external_demo", "version": "0.3.0", "module": "villagescore_external_demo",
        "distribution": "villagescore-external-demo",
        "hooks": ["register_fields", "register_frameworks", "register_indicators", "register_scorers",
                  "register_sectors"],
    }]

    data = tmp_path / "smoke.csv"
    data.write_text("village_id,name,commune,province,sectors,year,external_demo_smoke_hours\n"
                    "a,Làng A,Xã A,Hà Nội,external_demo,2024,0\n"
                    "b,Làng B,Xã B,Hà Nội,external_demo,2024,2\n"
                    "c,Làng C,Xã C,Hà Nội,external_demo,2024,4\n"
                    "d,Làng D,Xã D,Hà Nội,external_demo,2024,\n", encoding="utf-8")
    out = venv.villagescore("evaluate", str(data), "--framework", "external-demo", "--format", "json")
    result = json.loads(out.stdout)
    indicators = {v["village_id"]: expand(result, v)["indicators"][0] for v in result["villages"]}
    assert {v: i["id"] for v, i in indicators.items()} == dict.fromkeys("abcd", "external_demo.kiln_smoke")
    # half_life 2 (the framework's params, not the indicator's default 4): 100 * 0.5 ** (x / 2)
    # x = 0 -> 100, x = 2 -> 50, x = 4 -> 25, missing -> no score
    assert [indicators[v]["score"] for v in "abcd"] == [100.0, 50.0, 25.0, None]
    assert [v["overall"]["rating"] for v in result["villages"]] == ["good", "poor", "poor", None]
    provenance = result["provenance"]
    assert {"name": "external_demo", "version": "0.3.0"} in provenance["plugins"]
    assert provenance["plugins_used"] == ["external_demo"]


@pytest.mark.slow
def test_external_plugin_framework_rejects_bad_scorer_params(tmp_path):
    venv = Venv(tmp_path / "venv")
    venv.pip_install(copy_project(EXTERNAL, tmp_path))
    framework = tmp_path / "bad.yaml"
    text = (EXTERNAL / "src" / "villagescore_external_demo" / "frameworks" / "external-demo.yaml").read_text(
        encoding="utf-8")
    framework.write_text(text.replace("half_life: 2}", "half_life: 0}"), encoding="utf-8")
    proc = venv.run("-c", _CLI, "validate", str(framework), check=False)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"INVALID {framework} (framework): 1 problem(s)")
    assert ("$.pillars[0].criteria[0].indicators[0].scorer.params.half_life: scorer 'half_life': 0 must be "
            "greater than 0") in proc.stdout + proc.stderr
