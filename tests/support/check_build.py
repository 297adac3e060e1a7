"""Build the sdist and wheel and fail on any build warning (run by tox's ``build`` env).

Usage: ``python tests/support/check_build.py OUTDIR``. The build's output is printed as it
is; the exit status is 1 when a line says ``warning`` (setuptools' configuration warnings,
deprecations), so a packaging mistake cannot slip in as one more line of noise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

_WARNING = re.compile(r"warning", re.IGNORECASE)


def main(argv: list[str]) -> int:
    outdir = argv[1] if len(argv) > 1 else "dist"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # else distutils warns that byte-compiling is disabled
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", outdir], env=env, capture_output=True,
                          text=True, check=False)
    output = proc.stdout + proc.stderr
    sys.stdout.write(output)
    warnings = [line for line in output.splitlines() if _WARNING.search(line)]
    if proc.returncode != 0:
        return proc.returncode
    if warnings:
        sys.stdout.write("\nthe build printed warnings:\n" + "\n".join(warnings) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
