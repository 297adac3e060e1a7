"""villagescore.replaced_together: files written in one block replace their targets together, or none does."""

import pytest

from villagescore import stops
from villagescore.outputs import atomic_stream
from villagescore.replaced_together import after, replaced_together


def _old(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "a.provenance.json"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    return a, b


def test_both_files_are_renamed_when_the_block_ends_then_what_waited_is_done(tmp_path):
    a, b = _old(tmp_path)
    said = []
    with replaced_together():
        with atomic_stream(a) as handle:
            handle.write(b"new a")
        after(lambda: said.append(a.read_bytes()))
        assert a.read_bytes() == b"old a" and not said  # held until the group ends
        with atomic_stream(b) as handle:
            handle.write(b"new b")
    assert (a.read_bytes(), b.read_bytes(), said) == (b"new a", b"new b", [b"new a"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.provenance.json"]


def test_a_failure_after_one_file_is_whole_replaces_neither(tmp_path):
    a, b = _old(tmp_path)
    said = []
    with pytest.raises(KeyboardInterrupt), replaced_together():
        with atomic_stream(a) as handle:
            handle.write(b"new a")
        after(lambda: said.append("wrote"))
        with atomic_stream(b) as handle:
            handle.write(b"new")
            raise KeyboardInterrupt
    assert (a.read_bytes(), b.read_bytes(), said) == (b"old a", b"old b", [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.provenance.json"]


def test_a_stop_swallowed_in_the_block_replaces_neither(tmp_path):
    import signal

    a, b = _old(tmp_path)
    try:
        with pytest.raises(KeyboardInterrupt), replaced_together():
            with atomic_stream(a) as handle:
                handle.write(b"new a")
            stops.note(signal.SIGINT)  # its exception lost in a finalizer
    finally:
        stops.forget()
    assert (a.read_bytes(), b.read_bytes()) == (b"old a", b"old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.provenance.json"]


def test_outside_a_group_a_file_is_renamed_at_once_and_an_action_done_at_once(tmp_path):
    a, _ = _old(tmp_path)
    said = []
    with atomic_stream(a) as handle:
        handle.write(b"new a")
    after(lambda: said.append(a.read_bytes()))
    assert said == [b"new a"]
