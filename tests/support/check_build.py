"""Build the sdist and wheel and fail on any build warning (run by tox's ``build`` env).

Usage: ``python tests/support/check_build.py OUTDIR``. The build's output is printed as it
is; the exit status is 1 when a line says ``warning`` (setuptools' configuration warnings,
deprecations), so a packaging mistake cannot slip in as one more line of noise. It also fails
when the sdist lacks what its own tests and docs need (``MANIFEST.in``) or the wheel gains them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

_WARNING = re.compile(r"warning", re.IGNORECASE)
#: A line of the build's file list: a file's name may hold the word (``cli/framework_warnings.py``).
_FILE_LIST = re.compile(r"(copying|adding) ")
#: MANIFEST.in's exclusion of compiled files found none to exclude (a clean checkout): nothing wrong.
_NOTHING_TO_EXCLUDE = re.compile(r"warning: no previously-included files matching .* found anywhere in distribution")

#: What the sdist must hold for its tests to run and its docs to be read (paths under its top folder).
SDIST_NEEDS = ("docs/", "tox.ini", "CHANGELOG.md", "README.md", "LICENSE", "tests/conftest.py", "tests/support/",
               "benchmarks/")
#: Top-level folders of the checkout that must stay out of the wheel.
WHEEL_REFUSES = ("tests/", "docs/", "benchmarks/")


def sdist_problems(sdist: Path) -> list[str]:
    """What :data:`SDIST_NEEDS` names and the sdist ``sdist`` (a .tar.gz) lacks."""
    with tarfile.open(sdist) as tar:
        names = [name.split("/", 1)[1] for name in tar.getnames() if "/" in name]
    return [f"the sdist lacks {need}" for need in SDIST_NEEDS
            if not any(name == need.rstrip("/") or name.startswith(need) for name in names)]


def wheel_problems(wheel: Path) -> list[str]:
    """The folders of :data:`WHEEL_REFUSES` that the wheel ``wheel`` holds."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    return [f"the wheel holds {folder}" for folder in WHEEL_REFUSES if any(n.startswith(folder) for n in names)]


def main(argv: list[str]) -> int:
    outdir = argv[1] if len(argv) > 1 else "dist"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # else distutils warns that byte-compiling is disabled
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", outdir], env=env, capture_output=True,
                          text=True, check=False)
    output = proc.stdout + proc.stderr
    sys.stdout.write(output)
    warnings = [line for line in output.splitlines()
                if _WARNING.search(line) and not _FILE_LIST.match(line)
                and not _NOTHING_TO_EXCLUDE.fullmatch(line.strip())]
    if proc.returncode != 0:
        return proc.returncode
    if warnings:
        sys.stdout.write("\nthe build printed warnings:\n" + "\n".join(warnings) + "\n")
        return 1
    problems = [problem for sdist in Path(outdir).glob("*.tar.gz") for problem in sdist_problems(sdist)]
    problems += [problem for wheel in Path(outdir).glob("*.whl") for problem in wheel_problems(wheel)]
    if problems:
        sys.stdout.write("\n" + "\n".join(problems) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
