"""glibc's thresholds set by the command line (``villagescore.allocator``), never against the user's own."""

from __future__ import annotations

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
    import json
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


def test_the_command_line_sets_them(monkeypatch):
    called = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: called.append(True) or True)
    from villagescore.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert called == [True]
