"""``villagescore serve``: browse the store in Datasette (optional extra ``serve``)."""

from __future__ import annotations

from pathlib import Path

import click

from .messages import message
from .options import lang_option
from .store import open_store, store_option, user_errors

__all__ = ["serve"]


@click.command()
@store_option
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers only on this computer.")
@click.option("--allow-sql", is_flag=True,
              help="Let visitors run SQL of their own (up to 5 s a query); off, the tables, facets and canned "
                   "queries still answer.")
@lang_option
@click.pass_obj
def serve(app, store_path: Path | None, port: int, host: str, lang: str, allow_sql: bool) -> None:
    """Browse the store in a web browser (Datasette).

    Tables with facets (province, sector, tier, year, framework version), canned queries
    (province ranking, year-over-year change, mandatory rules failed, villages closest to
    the next tier) and a page per village (/-/village/ID) with its pillar polygon and
    improvement plan. Needs `pip install 'villagescore[serve]'`. See docs/store.md.
    """
    from ..serve import require_datasette
    from ..serve import serve as run

    require_datasette()
    if getattr(app, "catalogues", ()):  # the server's pages build their registry as the Python API does
        import os

        os.environ["VILLAGESCORE_CATALOGUES"] = os.pathsep.join(
            [*filter(None, os.environ.get("VILLAGESCORE_CATALOGUES", "").split(os.pathsep)), *app.catalogues])
    with user_errors(lang), open_store(store_path) as st:  # a clear error for a missing or foreign store
        path = st.path

    def announce(bound: int) -> None:  # once the address is bound: never before a port in use is said
        click.echo(message("villagescore serve: http://{host}:{port}/ ({path}) — Ctrl+C to stop", host=host,
                           port=bound, path=path), err=True)

    with user_errors(lang):
        run(path, host=host, port=port, lang=lang, on_ready=announce, allow_sql=allow_sql)
