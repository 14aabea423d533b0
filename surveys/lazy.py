"""A package's public names, imported on first use (PEP 562 module ``__getattr__``).

A package lists each name it exports with the submodule it lives in; importing the package
imports none of them, so a command line's ``--help`` or a caller of one submodule does not
wait for pandas, scipy or SQLAlchemy. The first use imports the submodule and keeps the value
in the package, so later uses cost nothing.
"""
from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable, Mapping


def exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package`` for the names of ``homes`` (name → submodule)."""
    def __getattr__(name: str) -> Any:
        if name in homes:
            value = getattr(import_module(f"{package}.{homes[name]}"), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return __getattr__
