"""``villagescore serve``: the store in Datasette, for people without a command line.

Needs the optional extra ``serve`` (``pip install 'villagescore[serve]'``: Datasette).
:func:`build` returns a configured :class:`datasette.app.Datasette` — the store opened
read-only, bilingual metadata, facets and canned queries
(:mod:`villagescore.serve.metadata`) and this project's plugin with the village page
(:mod:`villagescore.serve.plugin`); :func:`serve` runs it with uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import SaidText, VillageScoreError, said
from ..i18n import N_
from .snapshot import snapshot

__all__ = ["build", "serve", "database_name", "require_datasette", "SETTINGS"]

#: Datasette settings: national stores need more than the default 1 s per query, but a query holds a
#: core while it runs, so no more than 5 s; SQL typed by a visitor only with ``allow_sql`` (:func:`build`).
SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 3000, "default_page_size": 50,
            "default_allow_sql": False}


def require_datasette() -> None:
    """Raise a user error when Datasette (the ``serve`` extra) is not installed."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise said(VillageScoreError, N_("villagescore serve needs Datasette: pip install 'villagescore[serve]'")) \
            from None


def database_name(path: Path) -> str:
    """The name Datasette gives the store's database (the file name without its suffix)."""
    return Path(path).stem


def build(path: Path, *, lang: str = "vi", allow_sql: bool = False) -> Any:
    """A Datasette instance serving the store at ``path`` (startup hooks already run).

    ``allow_sql``: visitors may run SQL of their own (``?sql=``, the table pages' ``_where``); by
    default only the tables, their facets and filters, and the canned queries answer.
    """
    require_datasette()
    import asyncio

    from datasette.app import Datasette
    from datasette.plugins import pm

    from ..store import Store
    from ..store.connection import on_read_only_file_system
    from . import plugin
    from .metadata import PLUGIN, metadata, store_columns

    # on a read-only mount SQLite cannot create the -shm file Datasette's read-only mode needs; and the
    # mount may be written through another path, so Datasette reads a private snapshot, not the live file
    frozen = on_read_only_file_system(path)
    with Store(path) as store:  # a missing, foreign or newer store is a clear error, before Datasette opens it
        columns = store_columns(store.con)
        served = snapshot(store.con, Path(path).name) if frozen else Path(path)
    if frozen:
        sys.stderr.write(said(SaidText, N_(
            "the store is on a read-only file system: serving a snapshot of it taken at {time}; restart "
            "villagescore serve to see evaluations added since"), time=time.strftime("%Y-%m-%d %H:%M:%S")
        ).text(lang) + "\n")
    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN)
    ds = Datasette([] if frozen else [str(served)], immutables=[str(served)] if frozen else [],
                   metadata=metadata(database_name(path), lang=lang, columns=columns),
                   template_dir=str(files(__name__) / "templates"),
                   settings={**SETTINGS, "default_allow_sql": allow_sql})
    asyncio.run(ds.invoke_startup())
    return ds


def serve(path: Path, *, host: str = "127.0.0.1", port: int = 8001, lang: str = "vi",
          on_ready: Callable[[int], None] | None = None, allow_sql: bool = False) -> None:
    """Serve the store until interrupted.

    The address is bound first (:func:`~villagescore.serve.listen.listening_socket`: a port in
    use is a :class:`~villagescore.errors.VillageScoreError`), and the bound socket is handed to
    uvicorn, so no other program can take the port in between. ``on_ready`` is called with the
    port (the one chosen when ``port`` is 0) once the address is bound and the store opened.
    ``allow_sql``: as for :func:`build`.
    """
    import uvicorn

    from .listen import listening_socket

    sock = listening_socket(host, port)
    try:
        ds = build(path, lang=lang, allow_sql=allow_sql)
        if on_ready is not None:
            on_ready(sock.getsockname()[1])
        uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning")).run(sockets=[sock])
    finally:
        sock.close()
