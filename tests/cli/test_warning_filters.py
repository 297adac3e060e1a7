"""villagescore.cli.warning_filters: the user's ``error`` filter makes no warning of villagescore's a crash."""

import os
import subprocess
import sys
import warnings

import pytest

from villagescore.cli.warning_filters import never_errors, without_errors
from villagescore.errors import DataWarning, SaidWarning, said
from villagescore.framework.percent import FrameworkWarning

#: A framework file whose gate compares a % indicator with 0.2: resolving it warns (FrameworkWarning).
FRACTION_GATE = """\
id: own-pct
version: "0.1.0"
title: {vi: "Riêng", en: "Own"}
fields:
  - {id: f_share, label: {vi: "Tỷ lệ", en: "Share"}, unit: "%", minimum: 0, maximum: 100}
indicators:
  - {id: own.share, label: {vi: "Tỷ lệ", en: "Share"}, unit: "%", direction: higher, requires: [f_share],
     scorer: {method: linear, params: {worst: 0, best: 100}}}
pillars:
  - {id: p, label: {vi: P, en: P}, weight: 1, criteria: [
      {id: c, label: {vi: C, en: C}, weight: 1, indicators: [{id: own.share, weight: 1}]}]}
gates:
  - {id: g, label: {vi: G, en: G}, indicator: own.share, condition: {on: value, op: ">=", value: 0.2}, cap: rest}
rating:
  tiers:
    - {id: top, label: {vi: Cao, en: Top}, min_score: 50}
    - {id: rest, label: {vi: Thấp, en: Rest}, min_score: 0}
"""


def test_a_default_filter_goes_before_each_error_filter_that_would_match():
    filters = [("ignore", None, DeprecationWarning, None, 0), ("error", None, Warning, None, 0),
               ("error", None, FrameworkWarning, None, 0), ("error", None, RuntimeWarning, None, 0)]
    assert without_errors(filters, SaidWarning) == [
        filters[0], ("default", None, SaidWarning, None, 0), filters[1],
        ("default", None, FrameworkWarning, None, 0), filters[2], filters[3]]


def test_in_the_block_a_said_warning_is_shown_and_any_other_still_an_error():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error")
        with never_errors():
            warnings.warn(said(DataWarning, "a slip in the data"), stacklevel=1)
            with pytest.raises(RuntimeWarning):
                warnings.warn("not ours", RuntimeWarning, stacklevel=1)
        assert [str(w.message) for w in caught] == ["a slip in the data"]
        with pytest.raises(DataWarning):  # outside the block, the filters as they were
            warnings.warn(said(DataWarning, "again"), stacklevel=1)


@pytest.mark.parametrize("how", ["PYTHONWARNINGS", "-W"])
def test_a_framework_warning_under_an_error_filter_is_a_warning_line_not_an_internal_error(tmp_path, how):
    """Sixteenth walk: ``PYTHONWARNINGS=error villagescore evaluate …`` ended in an internal-error traceback."""
    (tmp_path / "pct.yaml").write_text(FRACTION_GATE, encoding="utf-8")
    (tmp_path / "pct.csv").write_text("village_id,name,commune,province,year,f_share\n"
                                      "v1,Làng 1,Xã 1,Hà Nội,2025,30\n", encoding="utf-8")
    # an error filter, but for the DeprecationWarning pandas 2.2 gives at its own import (any pandas program's fate)
    env = {**os.environ, "PYTHONWARNINGS": "error,ignore::DeprecationWarning"} if how == "PYTHONWARNINGS" \
        else dict(os.environ)
    options = ["-W", "error", "-W", "ignore::DeprecationWarning"] if how == "-W" else []
    res = subprocess.run([sys.executable, *options, "-m", "villagescore", "evaluate", "pct.csv", "-f", "pct.yaml",
                          "-o", "out.json", "--lang", "en"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "warning: pct.yaml: gate 'g' compares indicator" in res.stderr
    assert (tmp_path / "out.json").stat().st_size > 0
