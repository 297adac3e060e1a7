"""villagescore.memo: a frame's derivations kept while it is scored, and when they are not."""

from pathlib import Path

import pandas as pd
import pytest

from villagescore import memo, model

ROOT = Path(__file__).resolve().parents[1]


def _counting_codes(monkeypatch):
    calls = []
    real = memo._codes
    monkeypatch.setattr(memo, "_codes", lambda column: calls.append(1) or real(column))
    return calls


def test_a_block_inside_a_shared_block_joins_its_memo(monkeypatch):
    calls = _counting_codes(monkeypatch)
    frame = pd.DataFrame({"zone": ["A", None, "B"]})
    with model.frame_memo(shared=True):
        with model.frame_memo():  # the warnings before scoring
            first = model.column_codes(frame, "zone")
        with model.frame_memo():  # the scoring
            assert model.column_codes(frame, "zone") is first and len(calls) == 1
    assert model.column_codes(frame, "zone") is not first and len(calls) == 2  # outside: worked out again
    assert first[0].tolist() == [0, -1, 1] and first[1] == ("A", "B")


def test_a_block_inside_a_plain_block_starts_its_own(monkeypatch):
    """A notebook's own block around two scorings of an edited frame must not score it with the first codes."""
    calls = _counting_codes(monkeypatch)
    frame = pd.DataFrame({"zone": ["A", None, "B"]})
    with model.frame_memo():
        with model.frame_memo():
            first = model.column_codes(frame, "zone")
        frame.loc[:, "zone"] = "B"
        with model.frame_memo():
            again = model.column_codes(frame, "zone")
    assert len(calls) == 2 and again[0].tolist() == [0, 0, 0] and again[1] == ("B",)
    assert first[1] == ("A", "B")


def test_codes_handed_out_cannot_be_changed_by_a_reader():
    frame = pd.DataFrame({"zone": ["A", "B"]})
    with model.frame_memo():
        codes, uniques = model.column_codes(frame, "zone")
        with pytest.raises(ValueError):
            codes[0] = 1
        assert isinstance(uniques, tuple)


def test_forget_frame_drops_only_that_frame_s_derivations(monkeypatch):
    calls = _counting_codes(monkeypatch)
    one, other = pd.DataFrame({"zone": ["A"]}), pd.DataFrame({"zone": ["B"]})
    memo.forget_frame(one)  # outside a block: nothing to forget, no error
    with model.frame_memo():
        model.column_codes(one, "zone"), model.column_codes(other, "zone")
        memo.forget_frame(one)
        model.column_codes(one, "zone"), model.column_codes(other, "zone")
    assert len(calls) == 3


def test_shallow_copies_write_through_as_pandas_does():
    frame = pd.DataFrame({"zone": ["A", "B"]})
    copy = frame.copy(deep=False)
    copy.loc[:, "zone"] = "C"
    assert memo.shallow_copies_write_through() == (frame["zone"].tolist() == ["C", "C"])


@pytest.mark.skipif(not memo.shallow_copies_write_through(),
                    reason="pandas 3 (copy-on-write): a plugin's compute never edits the frame scored; "
                           "the tox env 'oldest' (pandas 2) runs this")
def test_a_compute_that_edits_its_frame_in_place_is_scored_as_edited(monkeypatch):
    """Reviewed 2026-12-07: on pandas 2 a plugin's in-place edit reached the frame the memo had read.

    The warnings before scoring derive the codes of the context column ``zone`` in the shared memo; a
    plugin's ``compute`` then edits ``zone`` through its shallow copy; the limits by zone must read the edit.
    """
    from tests.support import toy_plugin
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    share = toy_plugin._share

    def share_and_edit_zone(frame):
        frame.loc[:, "zone"] = "B"
        return share(frame)

    monkeypatch.setattr(toy_plugin, "_share", share_and_edit_zone)
    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin),)))
    framework = load_framework(ROOT / "tests" / "support" / "toy-framework.yaml", registry)
    frame = read_dataset(ROOT / "tests" / "support" / "toy.csv", registry).frame
    with model.frame_memo(shared=True):
        assert model.column_codes(frame, "zone")[1] == ("A", "B")  # the warnings' read, before the edit
        scored = Engine(registry).indicator_matrix(framework, frame)
    assert frame["zone"].tolist() == ["B", "B", "B"]  # the edit reached the frame (pandas 2)
    fresh = Engine(registry).indicator_matrix(framework, frame)
    c = [n.indicator.id for n in framework.indicators].index("toy.c")
    assert scored.scores[:, c].tolist() == fresh.scores[:, c].tolist()


@pytest.mark.parametrize("write_through", [True, False])
def test_the_engine_forgets_the_frame_after_a_compute_only_where_shallow_copies_write_through(monkeypatch,
                                                                                            write_through):
    """The engine forgets the frame after ``compute`` where an edit may have reached it, and only there
    (copy-on-write keeps the memo, read once for the warnings and the scoring), on any pandas."""
    import villagescore as vs
    from villagescore import engine as engine_module
    from villagescore.engine import Engine
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = vs.load_framework(None, registry)
    assert any(n.indicator.compute for n in framework.indicators)
    dataset = vs.read_dataset(ROOT / "datasets" / "synthetic" / "national-sample-synthetic.csv", registry)
    forgotten = []
    monkeypatch.setattr(engine_module, "shallow_copies_write_through", lambda: write_through)
    monkeypatch.setattr(engine_module, "forget_frame", lambda frame: forgotten.append(frame))
    with model.frame_memo(shared=True):
        Engine(registry).indicator_matrix(framework, dataset.frame)
    assert [f is dataset.frame for f in forgotten] == ([True] if write_through else [])


def test_the_warnings_and_the_scoring_share_one_memo_unless_villages_are_chosen(monkeypatch):
    calls = _counting_codes(monkeypatch)
    frame = pd.DataFrame({"zone": ["A", "B"]})
    for chosen, expected in ((None, 1), (["v-1"], 2)):
        calls.clear()
        with memo.warnings_and_scoring(chosen):
            with model.frame_memo():  # the warnings'
                model.column_codes(frame, "zone")
            with model.frame_memo():  # the engine's
                model.column_codes(frame, "zone")
        assert len(calls) == expected
