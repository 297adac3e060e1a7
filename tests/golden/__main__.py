"""Rewrite the golden files: ``python -m tests.golden`` (say in the commit which change moved them)."""

from tests.golden import HERE, produce

for name, data in produce().items():
    (HERE / "files" / name).write_bytes(data)
    print(f"wrote tests/golden/files/{name} ({len(data):,} bytes)")
