"""An option put on the wrong side of the command's name, or misspelt there, is said with where it goes
(``villagescore.cli.option_place``)."""

import pytest

from villagescore.cli import main


def _run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    return stop.value.code, " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(("args", "said"), [
    (("evaluate", "data.csv", "--catalogue", "bronze.yaml"),
     "--catalogue is an option of villagescore itself: put it before the command's name: "
     "villagescore --catalogue PATH evaluate …"),
    (("validate", "--strict-plugins", "data.csv"),
     "--strict-plugins is an option of villagescore itself: put it before the command's name: "
     "villagescore --strict-plugins validate …"),
    (("--format", "json", "evaluate", "data.csv"),
     "--format is an option of the command: put it after the command's name: villagescore evaluate --format …"),
    (("store", "add", "--store", "s.db", "data.csv", "--catalogue", "b.yaml"),  # a group's command: its whole name
     "put it before the command's name: villagescore --catalogue PATH store add …"),
    (("-o", "pilot", "evaluate", "data.csv"),  # 'pilot' is the value of -o, not the command
     "-o is an option of the command: put it after the command's name: villagescore evaluate -o …"),
    (("--no-data", "sensitivity", "r.json"),  # a flag's other name
     "--no-data is an option of the command: put it after the command's name: villagescore sensitivity --no-data …"),
])
def test_an_option_on_the_wrong_side_says_where_it_goes(capsys, monkeypatch, args, said):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, err = _run(capsys, *args)
    assert code == 2
    assert "No such option" in err and said in err


def test_the_hint_is_said_in_vietnamese(capsys, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    code, err = _run(capsys, "evaluate", "data.csv", "--catalogue", "x.yaml")
    assert code == 2
    assert "--catalogue là tuỳ chọn của chính villagescore: hãy đặt nó trước tên lệnh" in err


@pytest.mark.parametrize("args", [("evaluate", "--nosuch", "x"), ("--nosuch", "evaluate"), ("--lang", "en"),
                                  ("evaluate", "--version")])
def test_an_option_nobody_has_gets_no_hint(capsys, monkeypatch, args):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, err = _run(capsys, *args)
    assert code == 2
    assert "No such option" in err and "put it" not in err


def test_the_hint_loads_no_plugin(capsys, monkeypatch):
    """Reviewed 2026-12-07: a hint loaded every plugin's commands (a broken one's warning, Ctrl-C unhandled)."""
    from villagescore.cli import LazyGroup

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    monkeypatch.setattr(LazyGroup, "_load_plugin_commands", lambda self: pytest.fail("plugins loaded for a hint"))
    code, err = _run(capsys, "--format", "json", "evaluate", "data.csv")
    assert code == 2 and "villagescore evaluate --format …" in err



@pytest.mark.parametrize(("args", "said"), [
    (("store", "add", "--store", "s.db", "data.csv", "--catalog", "b.yaml"),
     "--catalog'. Did you mean --catalogue? It is an option of villagescore itself: put it before "
     "the command's name: villagescore --catalogue PATH store add …"),
    (("evaluate", "data.csv", "--strict-plugin"),
     "--strict-plugin'. Did you mean --strict-plugins? It is an option of villagescore itself: put "
     "it before the command's name: villagescore --strict-plugins evaluate …"),
    (("--formt", "json", "evaluate", "data.csv"),  # a command's option misspelt before the command
     "--formt'. Did you mean --format? It is an option of the command: put it after the command's "
     "name: villagescore evaluate --format …"),
    (("--no-dat", "sensitivity", "r.json"),
     "Did you mean --no-data? It is an option of the command: put it after the command's name: "
     "villagescore sensitivity --no-data …"),
    (("--outpt", "template", "evaluate", "data.csv"),  # 'template' is the misspelt --output's value
     "Did you mean --output? It is an option of the command: put it after the command's name: "
     "villagescore evaluate --output …"),
    (("--stor", "s.db", "store", "add", "data.csv"),  # a group's command's option, before the group
     "Did you mean --store? It is an option of the command: put it after the command's name: "
     "villagescore store add --store …"),
    (("--store", "s.db", "store", "add", "data.csv"),
     "--store is an option of the command: put it after the command's name: villagescore store add --store …"),
    (("--format", "json", "store", "list"),
     "--format is an option of the command: put it after the command's name: villagescore store list --format …"),
])
def test_a_misspelt_option_on_the_wrong_side_says_the_one_meant_and_where_it_goes(capsys, monkeypatch, args, said):
    """Reviewed 2026-12-07: ``store add --catalog`` got click's bare "No such option"."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, err = _run(capsys, *args)
    # click's own words before the hint: "No such option '--x'." (8.2 on), "No such option: --x" (8.1)
    assert code == 2 and "No such option" in err and said.replace("'. ", " ", 1) in err.replace("'. ", " ", 1)


def test_the_misspelling_hint_is_said_in_vietnamese(capsys, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    code, err = _run(capsys, "evaluate", "data.csv", "--catalog", "x.yaml")
    assert code == 2
    assert ("Có phải ý bạn là --catalogue? Đó là tuỳ chọn của chính villagescore: hãy đặt nó trước tên lệnh: "
            "villagescore --catalogue ĐƯỜNG_DẪN evaluate …") in err
    code, err = _run(capsys, "--formt", "json", "evaluate", "data.csv")
    assert code == 2
    assert ("Có phải ý bạn là --format? Đó là tuỳ chọn của lệnh: hãy đặt nó sau tên lệnh: "
            "villagescore evaluate --format …") in err


@pytest.mark.parametrize(("args", "said"), [
    (("evaluate", "data.csv", "--formt", "json"), ["--compact", "--format", "--input-format"]),
    (("evaluate", "data.csv", "--zzzz"), []),
])
def test_click_s_own_suggestions_stand_and_a_name_close_to_nothing_gets_no_hint(capsys, monkeypatch, args, said):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, err = _run(capsys, *args)
    assert code == 2
    # click's suggestion in its own words ("Did you mean one of: …" from 8.2, "Possible options: …" in 8.1)
    assert "No such option" in err and "put it" not in err
    assert err.split(args[2], 1)[1].count("--") == len(said) and all(name in err for name in said)


def test_the_misspelling_hint_loads_no_plugin(capsys, monkeypatch):
    from villagescore.cli import LazyGroup

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    monkeypatch.setattr(LazyGroup, "_load_plugin_commands", lambda self: pytest.fail("plugins loaded for a hint"))
    code, err = _run(capsys, "--formt", "json", "evaluate", "data.csv")
    assert code == 2 and "villagescore evaluate --format …" in err
    code, err = _run(capsys, "evaluate", "data.csv", "--catalog", "x.yaml")
    assert code == 2 and "villagescore --catalogue PATH evaluate …" in err
