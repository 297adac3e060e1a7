"""``villagescore evaluate`` with a plugin whose compute, scorer or aggregator returns the wrong thing.

The engine's :class:`~villagescore.errors.PluginError` (and its warning about NaN scores)
reaches the command line as one line in the run's language, never a traceback.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from villagescore import Aggregator, Indicator, Scorer, hookimpl
from villagescore.cli import main


class Slips:
    """A plugin with one slip of each kind: chosen by the framework that uses them."""

    @hookimpl
    def register_scorers(self):
        def halfnan(values, params):  # forgets the first village
            out = np.clip(values, 0, 100)
            out[:1] = np.nan
            return out

        return [Scorer("halfnan", halfnan)]

    @hookimpl
    def register_aggregators(self):
        return [Aggregator("widest", lambda scores, weights: scores)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("slip.none", {"vi": "Quên", "en": "Forgot"}, "%", "higher", ("a",),
                          compute=lambda frame: None, scorer={"method": "linear", "params": {"worst": 0, "best": 100}})]


@pytest.fixture
def slips(monkeypatch):
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    def default(cls, strict=None, catalogues=()):
        pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("slips", Slips())))
        return Registry.from_plugin_manager(pm, strict=strict)

    monkeypatch.setattr(Registry, "default", classmethod(default))


def _framework(support_dir, tmp_path, change) -> str:
    doc = yaml.safe_load((support_dir / "toy-framework.yaml").read_text(encoding="utf-8"))
    doc.pop("gates")
    for reg in doc["regulations"]:
        reg["valid_from"] = str(reg["valid_from"])
    change(doc)
    path = tmp_path / "slips.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


def _nan_scorer(doc):
    doc["pillars"][0]["criteria"][0]["indicators"][0] = {"id": "toy.a", "weight": 1, "scorer": {"method": "halfnan"}}


def _wide_rule(doc):
    doc["pillars"][1]["aggregator"] = "widest"


def _no_return(doc):
    doc["pillars"][0]["criteria"][0]["indicators"].append({"id": "slip.none", "weight": 1})


def _run(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return info.value.code, " ".join(err.split())


@pytest.mark.parametrize(("change", "lang", "said"), [
    (_wide_rule, "en", "error: aggregator 'widest' (plugin 'slips') returned shape (3, 2) for 3 villages on node "
                       "'soc'; expected (3,)"),
    (_wide_rule, "vi", "lỗi: quy tắc tổng hợp 'widest' (plugin 'slips') trả về mảng kích thước (3, 2) cho 3 làng ở "
                       "nút 'soc' của cây tiêu chí; cần (3,)"),
    (_no_return, "en", "error: indicator 'slip.none' of plugin 'slips' returned None (a missing 'return'?)"),
    (_no_return, "vi", "lỗi: chỉ số 'slip.none' của plugin 'slips' trả về None (thiếu lệnh 'return'?)"),
], ids=["aggregator-en", "aggregator-vi", "compute-en", "compute-vi"])
def test_a_plugin_s_wrong_output_is_one_line_in_the_run_s_language(capsys, slips, support_dir, tmp_path, change,
                                                                   lang, said):
    # before: numpy's "could not broadcast …" (exit 3), and "returned 0 values for 3 villages"
    code, err = _run(capsys, "evaluate", support_dir / "toy.csv", "-f", _framework(support_dir, tmp_path, change),
                     "--lang", lang)
    assert code == 1 and said in err, err


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "warning: scorer 'halfnan' (plugin 'slips') returned NaN for 1 villages whose value of indicator 'toy.a' "
           "is present"),
    ("vi", "cảnh báo: phương pháp chấm điểm 'halfnan' (plugin 'slips') trả về NaN cho 1 làng có giá trị của "
           "chỉ số 'toy.a'"),
])
def test_a_scorer_s_nan_for_a_present_value_is_a_warning_or_with_strict_plugins_an_error(capsys, slips, support_dir,
                                                                                        tmp_path, lang, said):
    fw = _framework(support_dir, tmp_path, _nan_scorer)
    code, err = _run(capsys, "evaluate", support_dir / "toy.csv", "-f", fw, "--lang", lang)
    assert code == 0 and said in err, err
    code, err = _run(capsys, "--strict-plugins", "evaluate", support_dir / "toy.csv", "-f", fw, "--lang", lang)
    error = said.replace("warning:", "error:").replace("cảnh báo:", "lỗi:")
    assert code == 1 and error in err and "VILLAGESCORE_DISABLE_PLUGINS=slips" in err, err
