"""An option put on the wrong side of the command's name is said with where it goes (``villagescore.cli``)."""

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
    assert "--catalogue là tùy chọn của chính villagescore: hãy đặt nó trước tên lệnh" in err


@pytest.mark.parametrize("args", [("evaluate", "--nosuch", "x"), ("--nosuch", "evaluate"), ("--lang", "en")])
def test_an_option_nobody_has_gets_no_hint(capsys, monkeypatch, args):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    code, err = _run(capsys, *args)
    assert code == 2
    assert "No such option" in err and "put it" not in err
