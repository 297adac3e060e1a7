"""Large arrays mapped in at once (``villagescore.prefault``): ordinary arrays; numpy's own below the threshold."""

from __future__ import annotations

import mmap
import pickle

import numpy as np
import pytest

from villagescore import prefault

LARGE = prefault.MIN_BYTES // 8 + 1  # float64 elements: just over the threshold


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [float, bool])
def test_empty_is_an_ordinary_writable_array_of_the_shape_and_order_asked(order, dtype):
    rows = LARGE // 3 + 1
    out = prefault.empty((rows, 3), dtype=dtype, order=order)
    assert out.shape == (rows, 3) and out.dtype == np.dtype(dtype)
    assert out.flags.writeable
    assert out.flags.f_contiguous if order == "F" else out.flags.c_contiguous
    out[:, 1] = 1
    assert out[:, 1].all() and out[:, 1].sum() == rows


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_a_large_block_is_mapped_and_a_small_one_is_numpy_s():
    large = prefault.empty(LARGE)
    small = prefault.empty(10)
    assert _mapped(large)
    assert not _mapped(small) and small.base is None


def _mapped(array: np.ndarray) -> bool:
    """Whether ``array``'s memory is an anonymous mapping (its bases end in a view of an ``mmap``)."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base, memoryview) and isinstance(base.obj, mmap.mmap)


def test_ones_fills_every_element():
    out = prefault.ones((LARGE // 2 + 1, 2), dtype=bool, order="F")
    assert out.all()
    assert prefault.ones(5).tolist() == [1.0] * 5


def test_without_map_populate_or_memory_for_a_mapping_numpy_allocates(monkeypatch):
    monkeypatch.setattr(prefault, "_AVAILABLE", False)
    assert prefault.empty(LARGE).base is None

    def refused(*args, **kwargs):
        raise OSError("no memory")

    monkeypatch.setattr(prefault, "_AVAILABLE", True)
    monkeypatch.setattr(prefault.mmap, "mmap", refused)
    out = prefault.empty((LARGE, 2), order="F")
    assert out.base is None and out.flags.f_contiguous


def test_arrays_pickle_as_their_values():
    out = prefault.empty(LARGE)
    out[:] = np.arange(LARGE)
    back = pickle.loads(pickle.dumps(out))
    assert np.array_equal(back, out)


@pytest.mark.parametrize("rows", [LARGE // 4 + 1, 3])
def test_empty_soon_gives_an_ordinary_writable_block_of_the_shape_asked(rows):
    out = prefault.empty_soon((rows, 4))()
    assert out.shape == (rows, 4) and out.dtype == np.float64 and out.flags.c_contiguous and out.flags.writeable
    out[1] = 2.5
    assert out[1].tolist() == [2.5] * 4
    assert _mapped(out) == (prefault._AVAILABLE and rows > 3)


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_a_kernel_that_refuses_the_advice_gets_a_block_made_when_it_is_needed(monkeypatch):
    monkeypatch.setattr(prefault, "_madvise", lambda: lambda address, size, advice: -1)
    made = []
    monkeypatch.setattr(prefault, "empty", lambda shape: made.append(shape) or np.zeros(shape))
    out = prefault.empty_soon((LARGE, 2))()
    assert made == [(LARGE, 2)] and out.shape == (LARGE, 2)


def test_empty_soon_without_a_mapping_or_madvise_makes_the_block_when_asked(monkeypatch):
    monkeypatch.setattr(prefault, "_madvise", lambda: None)
    assert prefault.empty_soon((LARGE, 2))().shape == (LARGE, 2)

    def refused(*args, **kwargs):
        raise OSError("no memory")

    monkeypatch.setattr(prefault, "_madvise", lambda: lambda address, size, advice: 0)
    monkeypatch.setattr(prefault.mmap, "mmap", refused)
    out = prefault.empty_soon((LARGE, 2))()
    assert out.shape == (LARGE, 2) and out.base is None


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_a_reserved_block_is_taken_by_empty_of_its_size_then_mapped_afresh():
    size = LARGE * 8
    with prefault.reserved([size, size // 8]):
        assert [b.nbytes for b in prefault._RESERVED] == [size]  # below the threshold: numpy's
        first = prefault.empty((LARGE // 2 + 1, 2), order="F")  # another size: mapped here
        taken = prefault.empty((8, LARGE), dtype=bool, order="F")
        assert not prefault._RESERVED
        again = prefault.empty((8, LARGE), dtype=bool)
    for out, shape in ((first, (LARGE // 2 + 1, 2)), (taken, (8, LARGE)), (again, (8, LARGE))):
        assert _mapped(out) and out.shape == shape and out.flags.writeable
    assert taken.flags.f_contiguous and again.flags.c_contiguous
    assert not np.shares_memory(taken, again)
    taken[...] = True
    assert taken.all()


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_reserved_blocks_of_one_size_are_taken_in_turn_and_those_left_are_dropped():
    with prefault.reserved([LARGE * 8] * 3):
        one, two = prefault.empty(LARGE), prefault.ones(LARGE)
        assert len(prefault._RESERVED) == 1
    assert not prefault._RESERVED
    assert not np.shares_memory(one, two) and two.all()
    one[:] = 3.0
    assert (one == 3.0).all() and two.all()


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_a_refused_advice_leaves_the_reserved_size_to_be_mapped_when_asked(monkeypatch):
    monkeypatch.setattr(prefault, "_madvise", lambda: lambda address, size, advice: -1)
    with prefault.reserved([LARGE * 8]):
        out = prefault.empty(LARGE)
        assert not prefault._RESERVED
    assert _mapped(out) and out.shape == (LARGE,)
    out[:] = 1.5
    assert (out == 1.5).all()


def test_without_madvise_or_address_space_nothing_is_reserved(monkeypatch):
    monkeypatch.setattr(prefault, "_madvise", lambda: None)
    with prefault.reserved([LARGE * 8]):
        assert not prefault._RESERVED
        assert prefault.empty(LARGE).shape == (LARGE,)

    def refused(*args, **kwargs):
        raise OSError("no memory")

    monkeypatch.setattr(prefault, "_madvise", lambda: lambda address, size, advice: 0)
    monkeypatch.setattr(prefault.mmap, "mmap", refused)
    with prefault.reserved([LARGE * 8]):
        assert not prefault._RESERVED
        assert prefault.empty(LARGE).base is None


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_empty_soon_grows_the_heap_by_what_the_caller_reserves_before_the_thread_starts(monkeypatch):
    from villagescore import allocator

    asked = []
    monkeypatch.setattr(allocator, "reserve_heap", lambda nbytes: asked.append(nbytes) or True)
    out = prefault.empty_soon((LARGE, 2), reserve=12345)()
    assert asked == [12345] and out.shape == (LARGE, 2)
    prefault.empty_soon((LARGE, 2))()
    assert asked == [12345]  # nothing reserved unless asked


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_a_thread_that_cannot_start_leaves_nothing_reserved_to_wait_for(monkeypatch):
    """Reviewed 2026-12-07: the blocks stayed registered, and the next empty() of their size waited forever."""
    import threading

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(prefault, "_madvise", lambda: lambda address, size, advice: 0)
    with monkeypatch.context() as m:
        m.setattr(threading.Thread, "start", refused)
        with prefault.reserved([LARGE * 8]):
            assert not prefault._RESERVED
            out = prefault.empty(LARGE)
    assert not prefault._RESERVED and out.shape == (LARGE,)


@pytest.mark.skipif(not prefault._AVAILABLE or not hasattr(__import__("os"), "fork"), reason="Linux's")
def test_a_forked_child_waits_for_no_block_its_parent_reserved():
    import os

    with prefault.reserved([LARGE * 8]):
        assert len(prefault._RESERVED) == 1
        pid = os.fork()
        if pid == 0:  # the child: nothing reserved, an empty() of that size maps its own
            code = 0 if not prefault._RESERVED and prefault.empty(LARGE).shape == (LARGE,) else 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
