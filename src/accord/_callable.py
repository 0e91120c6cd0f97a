"""Packages that are also entry points: ``accord.forecast(...)``, ``accord.tournament(...)``, ``accord.extract(...)``.

Those three names are both a package of computations and the function users
call (:mod:`accord._api`). A function bound to the name would be replaced by
the package as soon as anything imported it (Python binds a submodule to its
parent's attribute), so the package itself is made callable: its class
becomes :class:`CallablePackage`, a module type whose ``__call__`` calls the
entry point of the same name (the documented way to customise a module,
Python Language Reference 3.3.2.1, "Customizing module attribute access").
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


class CallablePackage(ModuleType):
    """A package whose call is the entry point of its name in :mod:`accord._api`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from . import _api

        return getattr(_api, self.__name__.rsplit(".", 1)[-1])(*args, **kwargs)


def make_callable(name: str) -> None:
    """Make the loaded package ``name`` callable (see the module's docstring)."""
    sys.modules[name].__class__ = CallablePackage


__all__ = ["CallablePackage", "make_callable"]
