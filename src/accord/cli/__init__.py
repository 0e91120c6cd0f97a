"""The command-line edge: ``accord`` (typer + rich)."""

from ._app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
