"""The web workbench (``accord serve``): a JSON API over accord and a page that drives it.

Needs the optional dependencies (``pip install 'accord[web]'``: FastAPI and
uvicorn); importing this package does not, building or running the app does:

    from accord.web import create_app, run
    app = create_app()                 # an ASGI app; nothing is bound
    run(host="127.0.0.1", port=8000)   # serve it (blocks)

See docs/web.md for the endpoints and limits.
"""

from typing import Any


def create_app(**options: Any):
    """Build the FastAPI app (see :func:`accord.web.app.create_app`)."""
    from .app import create_app as build

    return build(**options)


def run(host: str = "127.0.0.1", port: int = 8000, **options: Any) -> None:
    """Serve the workbench with uvicorn (see :func:`accord.web.app.run`)."""
    from .app import run as serve

    serve(host, port, **options)


__all__ = ["create_app", "run"]
