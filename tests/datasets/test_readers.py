"""The registered reader for a suffix: options for any reader that takes them, failures named alike."""

import pytest

from villagescore import Reader, hookimpl
from villagescore.datasets import ReadOptions, read_dataset, read_raw
from villagescore.errors import DatasetError

from .helpers import write_csv


class _TsvPlugin:
    """A third-party plugin reading ``.tsv`` files with the function it is given."""

    def __init__(self, read):
        self.read = read

    @hookimpl
    def register_readers(self):
        return [Reader("tsv", (".tsv",), self.read, "tab-separated")]


def _registry_with(read):
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("third", _TsvPlugin(read))))
    return Registry.from_plugin_manager(pm)


def _read_tsv(path):
    import pandas as pd

    from villagescore.datasets import RawDataset

    return RawDataset(pd.read_csv(path, sep="\t", dtype=str), str(path), "0" * 64)


def test_a_third_party_reader_that_takes_options_gets_them_as_the_built_in_ones_do(tmp_path):
    seen = []

    def read(path, options=None):
        seen.append(options)
        return _read_tsv(path)

    path = tmp_path / "d.tsv"
    path.write_text("village_id\tyear\nv1\t2024\n", encoding="utf-8")
    options = ReadOptions(csv_locale="vi", percent_scale="fraction")

    raw = read_raw(path, _registry_with(read), options)

    assert seen == [options] and raw.options == options


def test_a_reader_that_takes_the_path_only_is_called_with_the_path_only(tmp_path):
    path = tmp_path / "d.tsv"
    path.write_text("village_id\tyear\nv1\t2024\n", encoding="utf-8")

    raw = read_raw(path, _registry_with(_read_tsv), ReadOptions(csv_locale="vi"))

    assert raw.frame["village_id"].tolist() == ["v1"] and raw.options.csv_locale == "vi"


def _broken(path, *, options=None):
    raise RuntimeError("boom")


@pytest.mark.parametrize(("suffix", "plugin"), [(".csv", "villagescore"), (".tsv", "third")])
def test_a_reader_failing_unexpectedly_names_the_file_the_reader_and_its_plugin(tmp_path, monkeypatch, suffix,
                                                                                  plugin):
    from villagescore import datasets

    monkeypatch.setattr(datasets, "read_csv", lambda path, *, locale="default": _broken(path))
    registry = _registry_with(_broken)
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n", name=f"d{suffix}")

    with pytest.raises(DatasetError) as caught:
        read_dataset(path, registry)

    name = suffix[1:]
    assert caught.value.problems[0].format() == (
        f"{path}: cannot read the file with reader {name!r} (plugin {plugin!r}): RuntimeError: boom; check that "
        f"it is a valid {name.upper()} file, and if it is, please report this message to the plugin's authors")
    assert f"không đọc được tệp bằng bộ đọc {name!r} (plugin {plugin!r}): RuntimeError: boom" in \
        caught.value.problems[0].format("vi")
