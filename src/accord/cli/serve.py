"""``accord serve``: the web workbench on this machine."""

from __future__ import annotations

from typing import Optional

import typer

from .common import Commands, UsageProblem, console, errors, say

commands = Commands()


@commands.command("serve", epilog="Examples:\n\n  accord serve\n\n  accord serve --port 8765\n\n  accord serve --db accord.db")
def serve_command(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
                  port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
                  db: Optional[str] = typer.Option(None, "--db", help="Also serve the timelines of this store "
                                                                      "(a file written by accord track, or a URL).")
                  ) -> None:
    """The web workbench: analyse, compose proposals, simulate and download the briefing in a browser."""
    from ..web import run

    if db is not None:
        from ..store import StoreError

        try:
            from ..web.service import open_track_store

            open_track_store(db).close()  # refuse a missing or foreign store before serving anything
        except ImportError:
            raise UsageProblem("the web workbench needs FastAPI and uvicorn: pip install 'accord[web]'") from None
        except StoreError as exc:
            say(f"error: {exc}")
            raise typer.Exit(1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        errors.print(f"warning: serving on {host}: the workbench has no authentication", markup=False)
    console.print(f"accord workbench on http://{host}:{port}/ (Ctrl-C to stop)"
                  + (f"; timelines of {db}" if db else ""), highlight=False)
    try:
        run(host=host, port=port, **({"store": db} if db is not None else {}))
    except RuntimeError as exc:  # the web extra is not installed
        raise UsageProblem(str(exc)) from None
