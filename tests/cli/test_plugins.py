"""``villagescore plugins``, and the foundation's promise that listing commands never import pandas or numpy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_plugins import BROKEN_SOURCE, ENV_VARS, FakeSite
from villagescore.cli import main

# Runs the CLI in a fresh interpreter, then reports which heavy modules it imported.
_PROBE = """
import json, sys
from villagescore.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"exit": code, "pandas": "pandas" in sys.modules, "numpy": "numpy" in sys.modules}), file=sys.stderr)
"""


def _probe(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("--help",), ("plugins",), ("plugins", "--json"), ("new-plugin", "--help"),
                                  ("schema", "framework")])
def test_listing_commands_do_not_import_pandas(args):
    probe = _probe(*args)
    assert probe["exit"] == 0 and probe["pandas"] is False
    if args[-1] == "--help" or args[0] == "plugins":  # start-up only: not numpy either (DESIGN's 0.35 s)
        assert probe["numpy"] is False


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def site(tmp_path, monkeypatch):
    fake = FakeSite(tmp_path / "site", monkeypatch)
    yield fake
    for module in fake.modules:
        sys.modules.pop(module, None)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_plugins_json_lists_name_version_hooks(capsys, site, monkeypatch):
    site.good("alpha", version="3.1.0")
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "alpha")
    code, out, err = _run(capsys, "plugins", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [p["name"] for p in data] == ["alpha", "villagescore"]
    assert data[0] == {"name": "alpha", "version": "1.2.3", "module": "vsfake_alpha",
                       "distribution": "vsfake-alpha",
                       "hooks": ["register_fields", "register_indicators", "register_sectors"]}
    assert data[1]["hooks"] == ["register_aggregators", "register_readers", "register_reporters",
                                "register_scorers"]


def test_plugins_with_no_plugins_loaded_lists_the_builtins(capsys, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    code, out, _err = _run(capsys, "plugins")
    assert code == 0
    assert out.splitlines() == [
        "villagescore  0.1.0     register_aggregators, register_readers, register_reporters, register_scorers"
    ]


def test_plugins_shows_a_broken_plugin_as_failed_and_warns(capsys, site, monkeypatch):
    site.good("alpha")
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "alpha,broken")
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English words of the listing
    code, out, err = _run(capsys, "plugins")
    assert code == 1  # a failed plugin is listed, and the exit code says so
    lines = out.splitlines()
    assert lines[0].startswith("alpha ")
    assert lines[-1].startswith("broken        FAILED    plugin 'broken' (vsfake-broken) failed to load: ImportError")
    assert err.startswith("warning: plugin 'broken' (vsfake-broken) failed to load")


def test_plugins_lists_a_plugin_that_calls_sys_exit_and_exits_1(capsys, site, monkeypatch):
    site.good("alpha")
    site.install("vsfake-exits", {"exits": "vsfake_exits"}, {"vsfake_exits": "import sys\nsys.exit(0)\n"})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "alpha,exits")
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, out, _err = _run(capsys, "plugins")
    assert code == 1
    assert out.splitlines()[0].startswith("alpha ")
    assert "exits         FAILED    plugin 'exits' (vsfake-exits) failed to load: SystemExit: 0" in out
    code, out, _err = _run(capsys, "plugins", "--json")
    assert code == 1
    assert json.loads(out)[-1] == {"name": "exits",
                                   "failed": "plugin 'exits' (vsfake-exits) failed to load: SystemExit: 0"}


def test_strict_plugins_turns_a_broken_plugin_into_an_error(capsys, site, monkeypatch):
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "broken")
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, out, err = _run(capsys, "--strict-plugins", "plugins")
    assert code == 1
    assert out == ""
    assert err == ("error: plugin 'broken' (vsfake-broken) failed to load: ImportError: needs the 'kilnlib' "
                   "package\n")



@pytest.mark.parametrize(("error", "shown"), [(RuntimeError("boom"), "RuntimeError: boom"),
                                             (SystemExit(4), "SystemExit: 4")])
def test_a_plugin_whose_commands_fail_warns_or_stops_in_strict_mode(monkeypatch, error, shown):
    from click.testing import CliRunner

    from villagescore import hookimpl
    from villagescore import plugins as plugins_module
    from villagescore.cli import LazyGroup
    from villagescore.errors import PluginError

    class Broken:
        @hookimpl
        def register_commands(self, cli):
            raise error

    real = plugins_module.get_plugin_manager
    monkeypatch.setattr(plugins_module, "get_plugin_manager",
                        lambda **kw: real(entrypoints=False, plugins=(("broken_cmds", Broken()),)))
    monkeypatch.delenv("VILLAGESCORE_STRICT_PLUGINS", raising=False)
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    result = CliRunner().invoke(LazyGroup(name="t"), ["--help"])
    assert result.exit_code == 0
    assert f"plugin 'broken_cmds' failed to add its commands: {shown}" in result.output
    monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="plugin 'broken_cmds' failed to add its commands"):
        LazyGroup(name="t").list_commands(None)


_HOOK_FAILS = """
from villagescore import hookimpl


@hookimpl
def register_fields():
    raise RuntimeError("kiln table missing")
"""


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "warning: plugin 'hooked' failed in hook register_fields: RuntimeError: kiln table missing"),
    ("vi", "cảnh báo: plugin 'hooked' bị lỗi trong hook register_fields: RuntimeError: kiln table missing")])
def test_a_plugin_left_out_is_a_warning_line_in_the_run_s_language(capsys, site, monkeypatch, tmp_path, lang, said):
    site.install("vsfake-hooked", {"hooked": "vsfake_hooked"}, {"vsfake_hooked": _HOOK_FAILS})  # beside the others
    monkeypatch.setenv("VILLAGESCORE_LANG", lang)
    pilot = Path(__file__).resolve().parents[2] / "datasets" / "phung-xa" / "phung-xa.csv"
    code, _out, err = _run(capsys, "evaluate", str(pilot), "--format", "csv", "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    assert said in err.splitlines()
    assert "PluginLoadWarning" not in err and "registry.py" not in err  # not Python's own display of a warning


def test_a_plugin_that_fails_to_load_is_said_in_vietnamese(capsys, site, monkeypatch):
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "broken")
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    _code, out, err = _run(capsys, "plugins")
    assert err.startswith("cảnh báo: không nạp được plugin 'broken' (vsfake-broken): ImportError")
    assert "không nạp được plugin 'broken' (vsfake-broken): ImportError" in out.splitlines()[-1]  # its FAILED line
    code, out, err = _run(capsys, "--strict-plugins", "plugins")
    assert (code, out) == (1, "")
    assert err.startswith("lỗi: không nạp được plugin 'broken' (vsfake-broken): ImportError")


# A third-party sector with one slip: a categorical key its field does not have ('chrom' for 'chrome').
_SECTOR_SLIP = """
from villagescore import Field, Indicator, Sector, SectorCriterion, estimate, hookimpl

LABEL = {"vi": "Nhuộm", "en": "Dyeing"}


@hookimpl
def register_sectors():
    return [Sector("dye", LABEL, criteria=(SectorCriterion("dye_environment", "environment", LABEL),))]


@hookimpl
def register_fields():
    return [Field("dye_method", LABEL, type="category", categories=("chrome", "vegetable"))]


@hookimpl
def register_indicators():
    return [Indicator("dye.method", LABEL, "", "category", ("dye_method",), sectors=("dye",), pillar="environment",
                      criterion="dye_environment", references=(estimate("x"),),
                      scorer={"method": "categorical", "params": {"scores": {"chrom": 0, "vegetable": 100}}})]
"""
_LEFT_OUT = ("plugin 'dye': sector 'dye' cannot join framework 'vn-ttcn-sustainable' through sector_criteria:",
             "  dye.method: $.scorer.params.scores.chrom: categorical: 'chrom' is not a category of field 'dye_method' "
             "(allowed: chrome, vegetable)")


def test_a_sector_slip_leaves_the_sector_out_and_the_pilot_still_runs(capsys, site, monkeypatch):
    """The audit's repro: Phùng Xá has no 'dye' sector, yet one slip in that plugin made the pilot exit 1."""
    site.install("vsfake-dye", {"dye": "vsfake_dye"}, {"vsfake_dye": _SECTOR_SLIP})  # beside the others
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, out, err = _run(capsys, "pilot")
    assert code == 0, err
    lines = err.splitlines()
    assert lines[:2] == ["warning: " + _LEFT_OUT[0], _LEFT_OUT[1]]
    assert "VILLAGESCORE_DISABLE_PLUGINS=dye; --strict-plugins makes this an error." in " ".join(err.split())
    assert "Phùng Xá" in out
    code, out, err = _run(capsys, "--strict-plugins", "pilot")
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == ["error: " + _LEFT_OUT[0], _LEFT_OUT[1]]


def test_strict_plugins_lists_the_plugins_then_says_the_sector_that_cannot_join(capsys, site, monkeypatch):
    site.install("vsfake-dye", {"dye": "vsfake_dye"}, {"vsfake_dye": _SECTOR_SLIP})
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, out, err = _run(capsys, "--strict-plugins", "plugins")
    assert code == 1
    assert "dye " in out and "register_indicators" in out
    assert err.splitlines()[:2] == ["error: " + _LEFT_OUT[0], _LEFT_OUT[1]]
    code, _out, err = _run(capsys, "plugins")  # listing alone calls no hook (and imports no numpy)
    assert (code, err) == (0, "")


# A plugin whose field is built with a type no field has: the object refuses it when the module is imported.
_BAD_FIELD = """
from villagescore import Field

FIELD = Field("kiln_temperature", {"vi": "Nhiệt độ lò", "en": "Kiln temperature"}, type="date")
"""
# A plugin whose field is built with a bad type inside a hook.
_BAD_FIELD_IN_HOOK = """
from villagescore import Field, hookimpl


@hookimpl
def register_fields():
    return [Field("kiln_minimum", {"vi": "Lò", "en": "Kiln"}, minimum=10, maximum=1)]
"""


@pytest.mark.parametrize(("lang", "said"), [
    ("vi", "không nạp được plugin 'badfield' (vsfake-badfield): ValueError: trường số liệu 'kiln_temperature': "
           "kiểu 'date' không thuộc number, integer, boolean, category, text"),
    ("en", "plugin 'badfield' (vsfake-badfield) failed to load: ValueError: field 'kiln_temperature': type 'date' is "
           "not one of number, integer, boolean, category, text"),
])
def test_an_object_a_plugin_builds_wrong_is_said_in_the_run_s_language(capsys, site, monkeypatch, lang, said):
    site.install("vsfake-badfield", {"badfield": "vsfake_badfield"}, {"vsfake_badfield": _BAD_FIELD})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "badfield")
    monkeypatch.setenv("VILLAGESCORE_LANG", lang)
    code, out, err = _run(capsys, "plugins")
    assert code == 1 and "Traceback" not in out + err
    assert said in out.splitlines()[-1]


_BAD_SCHEMA = """
from villagescore import Scorer, hookimpl


@hookimpl
def register_scorers():
    return [Scorer("logistic2", lambda values, params: values, {"type": "objekt"})]
"""


@pytest.mark.parametrize(("plugin", "source", "lang", "said"), [
    ("hookfield", _BAD_FIELD_IN_HOOK, "vi",
     "lỗi: plugin 'hookfield' bị lỗi trong hook register_fields: ValueError: trường số liệu 'kiln_minimum': "
     "giá trị tối thiểu 10 lớn hơn giá trị tối đa 1"),
    ("hookfield", _BAD_FIELD_IN_HOOK, "en",
     "error: plugin 'hookfield' failed in hook register_fields: ValueError: field 'kiln_minimum': minimum 10 is "
     "greater than maximum 1"),
    # before: listed as fine, then validate and evaluate failed with jsonschema's UnknownType (exit 3)
    ("badschema", _BAD_SCHEMA, "vi",
     "lỗi: plugin 'badschema' bị lỗi trong hook register_scorers: ValueError: phương pháp chấm 'logistic2': "
     "params_schema không phải là một JSON Schema hợp lệ: tại $.type: 'objekt' không khớp với dạng nào được phép"),
    ("badschema", _BAD_SCHEMA, "en",
     "error: plugin 'badschema' failed in hook register_scorers: ValueError: scorer 'logistic2': params_schema "
     "is not a valid JSON Schema: at $.type: 'objekt' matches none of the allowed forms"),
])
def test_an_object_a_hook_builds_wrong_is_refused_in_the_run_s_language(capsys, site, monkeypatch, plugin, source,
                                                                        lang, said):
    site.install(f"vsfake-{plugin}", {plugin: f"vsfake_{plugin}"}, {f"vsfake_{plugin}": source})
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", plugin)
    monkeypatch.setenv("VILLAGESCORE_LANG", lang)
    code, out, err = _run(capsys, "--strict-plugins", "plugins")
    assert code == 1 and "Traceback" not in out + err
    assert said in " ".join(err.split()), err
