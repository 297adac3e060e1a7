"""glibc's thresholds set by the command line (``villagescore.allocator``), never against the user's own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from villagescore import allocator

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or allocator._glibc_mallopt() is None,
                                reason="the thresholds are glibc's")

# a fresh interpreter: mallopt changes the process it runs in
PROBE = """
import ctypes, json, sys
from villagescore.allocator import keep_freed_memory
done = keep_freed_memory()
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):  # glibc's struct mallinfo2: size_t fields
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]
libc.mallinfo2.restype = Info
import numpy as np
blocks = [np.ones(100_000) for _ in range(20)]  # 800 kB each: from the heap once the threshold is 32 MiB
mapped = libc.mallinfo2().hblks
print(json.dumps({"done": done, "mapped": mapped}))
"""


def _probe(env=None):
    import os

    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})})
    return json.loads(out.stdout)


def test_column_sized_blocks_come_from_the_heap_once_the_thresholds_are_set():
    probed = _probe()
    assert probed["done"] is True
    assert probed["mapped"] < 20  # without the setting, each 800 kB block has its own mmap at first


def test_a_threshold_set_in_the_environment_is_left_alone():
    assert _probe({"MALLOC_MMAP_THRESHOLD_": "131072"})["done"] is False
    assert _probe({"MALLOC_TRIM_THRESHOLD_": "131072"})["done"] is False
    # reviewed 2026-12-07: the same thresholds set as glibc's tunables were overridden
    assert _probe({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"})["done"] is False
    assert _probe({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536"})["done"] is False
    assert _probe({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"})["done"] is True


def test_the_command_line_sets_them(monkeypatch):
    called = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: called.append(True) or True)
    from villagescore.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert called == [True]


RETURN_PROBE = """
import json
from villagescore.allocator import hand_back_freed_memory, keep_freed_memory
before = hand_back_freed_memory()  # glibc trims by itself until the thresholds are set
keep_freed_memory()
import numpy as np
def rss():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
blocks = [np.ones(100_000) for _ in range(300)]  # 240 MB in column-sized blocks, from the heap
blocks.pop()  # the heap's top stays in use: only the memory freed below it can go back
held = rss()
del blocks[:]
kept = rss()
after = hand_back_freed_memory()
print(json.dumps({"before": before, "after": after, "held": held, "kept": kept, "handed_back": rss()}))
"""


def test_freed_memory_kept_by_the_thresholds_is_handed_back_on_request():
    out = json.loads(subprocess.run([sys.executable, "-c", RETURN_PROBE], capture_output=True, text=True,
                                    check=True).stdout)
    assert out["before"] is False and out["after"] is True
    assert out["kept"] > out["held"] - 50_000  # kB: freed, still in the process
    assert out["handed_back"] < out["kept"] - 150_000


def test_the_command_line_hands_memory_back_once_the_data_is_read(monkeypatch, tmp_path):
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "datasets" / "phung-xa" / "phung-xa.csv"
    calls = []
    monkeypatch.setattr(allocator, "hand_back_freed_memory", lambda: calls.append("trim") or True)
    from villagescore.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["evaluate", str(data), "--format", "json", "-o", str(tmp_path / "r.json")])
    assert exited.value.code == 0
    assert calls == ["trim"]


RESERVE_PROBE = """
import ctypes, json
from villagescore import allocator
before = allocator.reserve_heap(8 * 1024 * 1024)
allocator.keep_freed_memory()
libc = ctypes.CDLL(None)
libc.sbrk.restype = ctypes.c_void_p
libc.sbrk.argtypes = (ctypes.c_ssize_t,)
libc.malloc_trim(0)  # the free space at the heap's top handed back: what the imports left there varies
start = libc.sbrk(0)
done = allocator.reserve_heap(8 * 1024 * 1024)
grown = libc.sbrk(0) - start
import numpy as np
column = np.ones(500_000)  # 4 MB: from the space reserved, the heap does not grow again
print(json.dumps({"before": before, "done": done, "grown": grown, "again": libc.sbrk(0) - start - grown}))
"""


def test_reserve_heap_grows_the_heap_once_for_the_allocations_that_follow():
    out = json.loads(subprocess.run([sys.executable, "-c", RESERVE_PROBE], capture_output=True, text=True,
                                    check=True).stdout)
    assert out["before"] is False  # only once keep_freed_memory set the thresholds: else free would trim it back
    assert out["done"] is True and out["grown"] >= 8 * 1024 * 1024 and out["again"] == 0


@pytest.mark.parametrize(("name", "value"), [("MALLOC_PERTURB_", "165"),
                                             ("GLIBC_TUNABLES", "glibc.malloc.perturb=165")])
def test_no_heap_is_reserved_when_glibc_fills_what_it_allocates(monkeypatch, name, value):
    """Reviewed 2026-12-07: with perturb on, the reserve's pages were written (≈ 9.5 MB more resident)."""
    monkeypatch.setattr(allocator, "_keeping", True)
    monkeypatch.setenv(name, value)
    assert allocator.reserve_heap(8 * 1024 * 1024) is False
