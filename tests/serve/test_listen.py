"""``serve`` binds its address before saying it serves: a port in use is exit 1 in the user's language.

Audit (thirteenth walk): a port in use, or an address the computer does not have, printed the
serving line, then uvicorn's English error, exit 3 (the code of a bug).
"""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from villagescore.cli import cli
from villagescore.errors import VillageScoreError
from villagescore.serve.listen import listening_socket

from .conftest import require_datasette


@pytest.fixture
def taken_port():
    """A port another program listens on (this test's socket, on this computer only)."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_a_port_in_use_is_said_with_the_option_to_change(taken_port):
    with pytest.raises(VillageScoreError) as exc:
        listening_socket("127.0.0.1", taken_port)
    assert exc.value.text("en") == f"port {taken_port} is in use on 127.0.0.1: choose another --port"
    assert exc.value.text("vi").startswith(f"cổng {taken_port} đang được dùng")


def test_an_address_this_computer_does_not_have_is_said():
    with pytest.raises(VillageScoreError) as exc:
        listening_socket("203.0.113.5", 0)  # TEST-NET-3: no computer has it; refused without a network
    assert "not an address of this computer" in exc.value.text("en") and "--host" in exc.value.text("en")


def test_a_free_port_is_bound_and_handed_over():
    with listening_socket("127.0.0.1", 0) as sock:
        assert sock.getsockname()[1] > 0


def test_serve_on_a_port_in_use_exits_1_without_saying_it_serves(tmp_path, taken_port):
    require_datasette()
    from villagescore.store import Store

    path = tmp_path / "st.sqlite"
    Store(path, create=True).close()
    res = CliRunner().invoke(cli, ["serve", "--store", str(path), "--port", str(taken_port), "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert f"port {taken_port} is in use" in res.output and "http://" not in res.output


def test_a_host_name_that_does_not_resolve_is_said_so_in_the_users_language(monkeypatch):
    """Review of the thirteenth walk: ``--host nosuch.invalid`` said, in Vietnamese, "is not an address of this
    computer (Name or service not known)": the wrong reason, and the system's English inside the sentence."""
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(VillageScoreError) as exc:
        listening_socket("nosuch.invalid", 0)
    vi, en = exc.value.text("vi"), exc.value.text("en")
    assert vi.startswith("không thể phục vụ trên nosuch.invalid: tên máy không tra được (chi tiết kỹ thuật: ")
    assert "địa chỉ của máy tính này" not in vi.split("(")[0]  # not said to be an address it is not
    assert en.startswith("cannot serve on nosuch.invalid: the host name cannot be resolved (technical detail: ")
    assert "--host" in vi and "--host" in en


def test_a_host_name_that_is_not_a_name_is_said_so():
    with pytest.raises(VillageScoreError) as exc:
        listening_socket("a..b", 0)  # an empty label: IDNA refuses it before any lookup
    assert "not a valid host name" in exc.value.text("en")
