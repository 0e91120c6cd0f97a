"""``accord serve``: the web workbench on this machine."""

from __future__ import annotations

import typer

from ..errors import require
from .common import Commands, console, errors

commands = Commands()


@commands.command("serve", epilog="Examples:\n\n  accord serve\n\n  accord serve --port 8765\n\n  accord serve --db accord.db")
def serve_command(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
                  port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
                  db: str | None = typer.Option(None, "--db", help="Also serve the timelines of this store "
                                                                      "(a file written by accord track, or a URL).")
                  ) -> None:
    """The web workbench: analyse, compose proposals, simulate and download the briefing in a browser."""
    for module in ("fastapi", "uvicorn"):  # the web extra, before anything is imported from accord.web
        require(module, "web", "the web workbench")
    from ..web import run

    if db is not None:
        from ..web.service import open_track_store

        open_track_store(db).close()  # refuse a missing or foreign store before serving anything
    if host not in ("127.0.0.1", "localhost", "::1"):
        errors.print(f"warning: serving on {host}: the workbench has no authentication", markup=False)
    console.print(f"accord workbench on http://{host}:{port}/ (Ctrl-C to stop)"
                  + (f"; timelines of {db}" if db else ""), highlight=False)
    run(host=host, port=port, **({"store": db} if db is not None else {}))
