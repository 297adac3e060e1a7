"""A long output made on several processors (``villagescore.chunks``): the same bytes, in order, whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

import numpy as np
import pytest

from villagescore import chunks
from villagescore.chunks import MIN_CHUNKS, chunks_in_order, worker_count

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not chunks.sys.platform.startswith("linux"),
                                reason="chunks are shared only on Linux, with fork")

DATA = np.random.default_rng(7).random(10_000)
PARENT = os.getpid()


def _make(start: int, stop: int) -> bytes:
    """A chunk that depends on shared data, and says which process made it."""
    return f"{start}-{stop}:{DATA[start:stop].sum()!r}@{os.getpid()}\n".encode()


def _serial(n: int, size: int) -> list[str]:
    return [f"{s}-{min(s + size, n)}:{DATA[s:min(s + size, n)].sum()!r}" for s in range(0, n, size)]


def _texts(parts: list[bytes]) -> list[str]:
    return [p.decode().split("@")[0] for p in parts]


def _makers(parts: list[bytes]) -> set[int]:
    return {int(p.decode().split("@")[1]) for p in parts}


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("n", "size", "workers"), [(10_000, 100, 2), (10_000, 333, 3), (999, 100, 4)])
def test_the_chunks_come_in_order_made_by_several_processes(n, size, workers):
    parts = list(chunks_in_order(_make, n, size, workers))
    assert _texts(parts) == _serial(n, size)
    assert len(_makers(parts)) == min(workers, len(parts))
    assert _no_children_left()


@pytest.mark.parametrize(("n", "size", "workers"), [(10_000, 100, 1), (100 * (MIN_CHUNKS - 1), 100, 2), (0, 100, 2)])
def test_one_worker_or_few_chunks_are_made_here(n, size, workers):
    parts = list(chunks_in_order(_make, n, size, workers))
    assert _texts(parts) == _serial(n, size)
    assert _makers(parts) <= {os.getpid()}


def _failing_in_copies(start: int, stop: int) -> bytes:
    if os.getpid() != PARENT and start >= 3000:
        raise RuntimeError("a copy breaks")
    return _make(start, stop)


def _killed_in_copies(start: int, stop: int) -> bytes:
    if os.getpid() != PARENT and start >= 5000:
        os.kill(os.getpid(), signal.SIGKILL)
    return _make(start, stop)


@pytest.mark.parametrize("make", [_failing_in_copies, _killed_in_copies])
def test_the_chunks_of_a_copy_that_stops_are_made_here(make):
    parts = list(chunks_in_order(make, 10_000, 100, 3))
    assert _texts(parts) == _serial(10_000, 100)
    assert _no_children_left()


@pytest.mark.parametrize("failing", ["fork", "pipe"])
def test_when_no_copy_can_be_started_every_chunk_is_made_here(monkeypatch, failing):
    def refuse(*args):
        raise OSError(11, "Resource temporarily unavailable")

    forks = []
    real_fork = os.fork
    if failing == "fork":  # the second fork fails: the first copy is stopped and reaped
        monkeypatch.setattr(os, "fork", lambda: refuse() if forks else forks.append(1) or real_fork())
    else:
        monkeypatch.setattr(os, "pipe", refuse)
    parts = list(chunks_in_order(_make, 10_000, 100, 3))
    assert _texts(parts) == _serial(10_000, 100)
    assert _makers(parts) == {os.getpid()}
    assert _no_children_left()


def _broken(start: int, stop: int) -> bytes:
    if start >= 4000:
        raise ValueError(f"cannot encode row {start}")
    return _make(start, stop)


def test_an_error_in_make_is_raised_here_and_the_copies_are_reaped():
    with pytest.raises(ValueError, match="cannot encode row 4000"):
        list(chunks_in_order(_broken, 10_000, 100, 2))
    assert _no_children_left()


def test_a_consumer_that_stops_early_leaves_no_process_behind():
    parts = chunks_in_order(_make, 10_000, 100, 3)
    first = [next(parts) for _ in range(4)]
    parts.close()
    assert _texts(first) == _serial(10_000, 100)[:4]
    assert _no_children_left()


def test_a_copy_leaves_no_trace_in_this_process_s_outputs(capfd):
    print("before", end="")  # waiting in the buffer when the copies are forked: written once
    list(chunks_in_order(_make, 2_000, 100, 2))
    print()
    assert capfd.readouterr().out == "before\n"


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3)])
def test_the_worker_count_follows_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("VILLAGESCORE_WORKERS", value)
    assert worker_count() == expected


def test_the_command_line_shares_the_usable_processors_up_to_four_a_program_only_when_it_asks(monkeypatch):
    monkeypatch.delenv("VILLAGESCORE_WORKERS", raising=False)
    monkeypatch.setattr(chunks, "_sharing", False)
    assert worker_count() == 1  # the Python API: this process alone
    parts = list(chunks_in_order(_make, 10_000, 100))
    assert _makers(parts) == {os.getpid()}
    chunks.share_processors()
    assert worker_count() == max(1, min(len(os.sched_getaffinity(0)), chunks.DEFAULT_MOST))
    chunks.share_processors(False)
    assert worker_count() == 1


def test_the_command_line_turns_sharing_on(monkeypatch, toy_cli, support_dir):
    monkeypatch.delenv("VILLAGESCORE_WORKERS", raising=False)
    monkeypatch.setattr(chunks, "_sharing", False)
    from villagescore.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert chunks._sharing


def test_a_count_asked_for_forks_nothing_where_copies_are_not_forked(monkeypatch):
    """Reviewed 2026-12-07: ``workers=2`` forked on macOS, where ``VILLAGESCORE_WORKERS=2`` did not."""
    monkeypatch.setattr(chunks.sys, "platform", "darwin")
    monkeypatch.setattr(chunks.os, "fork", lambda: pytest.fail("forked"))
    parts = list(chunks_in_order(_make, 1_000, 10, workers=2))
    assert _texts(parts) == _serial(1_000, 10) and _makers(parts) == {PARENT}


#: The signal :func:`_signal_in_fork` sends this process while os.fork() runs its at-fork callbacks (None: none).
_AT_FORK: list[signal.Signals | None] = [None]


def _signal_in_fork() -> None:
    if _AT_FORK[0] is not None:
        os.kill(os.getpid(), _AT_FORK[0])


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_parent=_signal_in_fork)  # for good (it cannot be taken back): off by default


class _Stopped(BaseException):
    """What the stop handler raises (the command line's raises :class:`~villagescore.errors.Terminated`)."""


@contextlib.contextmanager
def _idle_thread(alive: bool):
    """Another thread alive meanwhile (as the xlsx writeback is), when ``alive``: the kernel may hand it a signal
    this thread blocks."""
    done = threading.Event()
    thread = threading.Thread(target=done.wait, daemon=True)
    if alive:
        thread.start()
    try:
        yield
    finally:
        done.set()
        if alive:
            thread.join()


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("thread_alive", [False, True], ids=["alone", "with-a-thread"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_that_arrives_while_a_copy_is_forked_is_raised_and_the_copies_reaped(signum, thread_alive):
    """Audit (fourteenth walk): a SIGTERM during os.fork() was swallowed in an at-fork callback; the output was
    written anyway, exit 0. Review: blocking it in this thread was not enough while another thread lived (always,
    for xlsx): the kernel handed it to that thread and the handler ran here inside the at-fork callbacks (caught
    1 of 20). Every time now: raised once the fork returns, the copies reaped, the handlers and mask as before."""
    def stop(received, frame):
        raise _Stopped

    previous = signal.signal(signum, stop)
    fds = _open_fds()
    try:
        with _idle_thread(thread_alive):
            for _ in range(10):
                _AT_FORK[0] = signum
                with pytest.raises(_Stopped):
                    list(chunks_in_order(_make, 10_000, 100, 2))
                assert _no_children_left()
    finally:
        _AT_FORK[0] = None
        assert signal.getsignal(signum) is stop  # the handler is the run's own again
        signal.signal(signum, previous)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()  # nothing left blocked
    assert _open_fds() == fds  # no pipe left open


@pytest.mark.parametrize("thread_alive", [False, True], ids=["alone", "with-a-thread"])
def test_a_stop_raised_after_the_fork_restores_the_signals_closes_the_pipe_and_reaps_the_copy(monkeypatch,
                                                                                                thread_alive):
    """Review (fourteenth walk): a stop raised between the fork and the unblocking (at ``os.close(write_end)``,
    ``os.fdopen``) escaped with SIGINT and SIGTERM still blocked, the pipe open and the copy never reaped: every
    later fork lost its signal, Ctrl-C no longer worked in a notebook."""
    real_fdopen = os.fdopen

    def fdopen_stopped(fd, *args, **kwargs):
        if os.getpid() == PARENT:  # the copy opens its own end as usual
            raise _Stopped
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(chunks.os, "fdopen", fdopen_stopped)
    fds = _open_fds()
    # as the run found them (a job started in the background of a shell has SIGINT ignored, not the default)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with _idle_thread(thread_alive), pytest.raises(_Stopped):
        list(chunks_in_order(_make, 10_000, 100, 2))
    monkeypatch.undo()
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()
    assert {s: signal.getsignal(s) for s in handlers} == handlers
    assert _no_children_left()
    assert _open_fds() == fds


def test_a_thread_that_is_not_the_main_one_still_shares_the_work():
    """Handlers can be swapped in the main thread only: elsewhere a copy is forked with the stops blocked alone
    (the main thread, not the forking one, runs a handler: nothing is swallowed by the fork)."""
    result: list[list[bytes]] = []
    thread = threading.Thread(target=lambda: result.append(list(chunks_in_order(_make, 10_000, 100, 2))))
    thread.start()
    thread.join()
    assert _texts(result[0]) == _serial(10_000, 100) and len(_makers(result[0])) == 2
    assert _no_children_left()


def test_a_copy_is_listed_before_a_stop_can_be_raised():
    """A stop raised as ``_fork`` returns would have left a copy nobody knew of: it is listed first (stopped)."""
    def stop(received, frame):
        raise _Stopped

    previous = signal.signal(signal.SIGTERM, stop)
    copies: list = []
    _AT_FORK[0] = signal.SIGTERM
    try:
        with pytest.raises(_Stopped):
            chunks._fork(_make, [(0, 10)], copies)
    finally:
        _AT_FORK[0] = None
        signal.signal(signal.SIGTERM, previous)
    assert len(copies) == 1 and copies[0].pipe.closed
    assert _no_children_left()
