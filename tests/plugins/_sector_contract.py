"""Shared checks for the sector-plugin tests (the contract every sector plugin keeps)."""

from __future__ import annotations

import ast
import inspect
import unicodedata

import numpy as np

from villagescore import scoring

#: Legal limits used by the sector criteria of the default framework (the framework
#: file is the source of truth; tests/plugins/test_*.py restate them to check scoring).
QCVN40_B = {"cod": 150.0, "bod5": 50.0, "tss": 100.0}  # QCVN 40:2011/BTNMT column B, mg/L [S ×2]
QCVN19_B = {"dust": 200.0, "so2": 500.0}  # QCVN 19:2009/BTNMT column B, mg/Nm³ [S ×3]


def check_contract(module, sector: str, prefix: str, code: str, n_min: int = 5, n_max: int = 8) -> None:
    """Check ids, codes, labels, sectors, measures and the no-pandas-at-import rule."""
    assert module.__version__ == "0.1.0"
    assert module.__doc__
    source = inspect.getsource(module)
    top_imports = [n for n in ast.parse(source).body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {a.name.split(".")[0] for n in top_imports for a in n.names}
    names |= {n.module.split(".")[0] for n in top_imports if isinstance(n, ast.ImportFrom) and n.module}
    assert not names & {"pandas", "numpy"}, "no pandas/numpy import at module top level"
    (sec,) = module.register_sectors()
    assert sec.id == sector
    fields = {f.id: f for f in module.register_fields()}
    inds = module.register_indicators()
    assert n_min <= len(inds) <= n_max
    measure_ids = {m.id for m in sec.measures}
    ind_ids = {i.id for i in inds}
    codes = [i.code for i in inds]
    assert codes == [f"{code}-{k:02d}" for k in range(1, len(inds) + 1)]
    for f in fields.values():
        assert f.id.startswith(prefix), f.id
        if f.type in ("number", "integer"):
            assert f.minimum is not None and f.maximum is not None and f.minimum < f.maximum
    for ind in inds:
        assert ind.id.startswith(sector + "."), ind.id
        assert ind.sectors == (sector,)
        assert ind.pillar in {"environment", "economy", "society", "governance"}
        # cited: by references, or by the threshold whose regulation limit it is scored against
        assert ind.criterion and ind.scorer and (ind.references or ind.threshold)
        # a yes/no indicator's unit is bool, so that reports print có/không (yes/no), never 0/1
        assert (ind.direction == "boolean") == (ind.unit == "bool"), f"{ind.id}: unit {ind.unit!r}"
        for text in (*ind.label.values(), ind.unit):
            assert unicodedata.normalize("NFC", text) == text
        assert set(ind.requires) <= set(fields)
        assert set(ind.measures) <= measure_ids
        for ref in ind.references:
            if ref.confidence == "unverified":
                assert ref.note, f"{ind.id}: an unverified reference needs a note"
    for m in sec.measures:
        assert m.references
        own = [t for t in m.improves if t.startswith(sector + ".")]
        assert set(own) <= ind_ids
        assert all(t in ind_ids or t.startswith("environment.") for t in m.improves)


def single_field(ind, frame):
    """The indicator's value the engine computes: the field itself when compute is None."""
    if ind.compute is None:
        assert len(ind.requires) == 1
        return frame[ind.requires[0]]
    return ind.compute(frame)


def assert_compliant_at_limit(limit: float) -> None:
    """A value exactly at the legal limit scores as compliant (50), just above it does not."""
    at = scoring.ratio_to_limit(np.array([limit]), {"limit": limit})
    above = scoring.ratio_to_limit(np.array([limit * 1.01]), {"limit": limit})
    assert at[0] == 50.0
    assert above[0] < 50.0
