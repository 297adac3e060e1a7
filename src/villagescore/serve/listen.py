"""The socket ``serve`` listens on, bound before anything is announced: a port in use is a user's error.

uvicorn binding the address itself would stop the process with its own exit code (3, the code
of a bug in villagescore) and an English message, after ``serve`` had announced its address.
"""

from __future__ import annotations

import errno
import socket

from ..errors import Term, VillageScoreError, os_reason, said
from ..i18n import N_

__all__ = ["listening_socket"]


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` and ``port`` (``0``: a free port), ready to be handed to uvicorn.

    Raises :class:`~villagescore.errors.VillageScoreError` (exit 1) for a port already in use,
    an address this computer does not have or may not use, and a host name that does not resolve.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        # the system's words (English, "Name or service not known") only as a technical detail after ours
        reason = (Term(N_("the host name cannot be resolved")) if isinstance(exc, socket.gaierror)
                  else Term(N_("not a valid host name")))
        raise said(VillageScoreError, N_("cannot serve on {host}: {reason} (technical detail: {detail}); give "
                                         "--host an address of this computer, such as 127.0.0.1"),
                   host=host, reason=reason, detail=getattr(exc, "strerror", None) or str(exc)) from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a server stopped a moment ago leaves no wait
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise said(VillageScoreError, N_("port {port} is in use on {host}: choose another --port"),
                       port=port, host=host) from None
        reason = Term(N_("not an address of this computer")) if exc.errno == errno.EADDRNOTAVAIL else os_reason(exc)
        raise said(VillageScoreError, N_("cannot serve on {host} port {port}: {reason}; choose another --host (an "
                                         "address of this computer, 127.0.0.1 by default) or --port"),
                   host=host, port=port, reason=reason) from None
    return sock
